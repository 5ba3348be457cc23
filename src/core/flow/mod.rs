//! The widget's reducer: `(Flow, Input, now) → Vec<Effect>`. It decides what to show, when to
//! read the job, which answer to send, and what to tell the host; the browser shell performs
//! the effects and feeds results back as inputs. No IO, no clock, no randomness in here.

pub mod outcome;
pub mod poll;

use crate::core::job::answer::{Answer, Reply};
use crate::core::job::challenge::{derive_challenge, Challenge};
use crate::core::job::step::LastStep;
use crate::core::job::{DecodeError, Job};
use crate::core::kount::event::{EventSettings, KountEvent};
use crate::core::kount::timeline::Timeline;
use crate::core::kount::Outcome;
use crate::core::strings::Strings;
use outcome::OutcomeTracker;
use poll::{PollIntervals, ReadSchedule};

/// Why a job read failed.
#[derive(Clone, Debug, PartialEq)]
pub enum JobError {
    Network(String),
    /// A non-2xx status, with the delay its `Retry-After` asked for, if any.
    Status(u16, Option<f64>),
    Decode(DecodeError),
}

/// Something that happened, fed to [`Flow::step`].
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Start,
    JobArrived(Result<Job, JobError>),
    /// The wake-up the flow asked for with [`Effect::WakeIn`].
    Wake,
    /// The user submitted an answer.
    Submit(Answer),
    /// An answer endpoint replied, or the request failed (`Err` with a reason).
    SubmitDone(Result<Reply, String>),
    /// The challenge on screen was painted (the frame after it was rendered).
    Painted,
    /// The widget's first frame was painted (whatever it shows).
    FirstPainted,
    /// The user pressed Cancel (offered when the host set `cancelable`).
    Cancel,
    /// The tab was hidden (`true`) or shown again (`false`).
    Hidden(bool),
    /// The browser came back online.
    Online,
    /// The user pressed "Try again" on the reconnecting notice.
    Retry,
    /// The page is being left (`pagehide`): the open challenge ends as the session's end, but
    /// the page may come back from the back-forward cache.
    Leave,
    /// The page came back from the back-forward cache (`pageshow` with `persisted`).
    Return,
    /// The widget is going away for good (destroyed, element removed).
    Destroy,
}

/// Something the shell must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    FetchJob,
    Send(Answer),
    /// Feed [`Input::Wake`] after this many milliseconds (replacing any earlier wake-up).
    WakeIn(f64),
    Emit(HostEvent),
    /// Post this Kount event to `eventsUrl` (when set) and hand it to the host.
    PostEvent(Box<KountEvent>),
}

/// What the host page hears about (DOM events and callbacks).
#[derive(Clone, Debug, PartialEq)]
pub enum HostEvent {
    Challenge {
        kind: &'static str,
    },
    Submit {
        kind: &'static str,
    },
    Success,
    Failure {
        message: String,
    },
    /// The first state was painted (`onReady`), once.
    Ready,
    /// The user cancelled (`onCancel`), once; the widget has stopped.
    Cancel,
    Error {
        message: String,
    },
    /// A Kount event: the body posted to `eventsUrl`.
    Event(Box<KountEvent>),
}

/// A message shown above the current challenge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Notice {
    /// The answer endpoint replied `-1`.
    Rejected,
    /// The answer could not be delivered.
    SendFailed,
    /// Job reads have failed for a while; retrying (with a "Try again" button).
    Reconnecting,
    /// The Job API answered 401/403: the host's session is over. The widget stops.
    SessionExpired,
    /// The Job API does not know the job (404). The widget stops.
    JobNotFound,
    /// The user cancelled. The widget stops.
    Cancelled,
}

impl Notice {
    /// Notices after which the widget has stopped for good.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Notice::SessionExpired | Notice::JobNotFound | Notice::Cancelled
        )
    }
}

/// The widget's whole state, apart from what the user is typing.
#[derive(Clone, Debug)]
pub struct Flow {
    /// `None` until the first snapshot arrives.
    pub challenge: Option<Challenge>,
    /// Changes whenever a form must start empty (a new challenge, an accepted answer), so the
    /// UI re-creates it and typed answers do not linger.
    pub generation: u32,
    pub sending: bool,
    pub notice: Option<Notice>,
    schedule: ReadSchedule,
    poll_in_flight: bool,
    /// A read that started before an answer was accepted may show the answered challenge again.
    discard_in_flight: bool,
    finished: bool,
    /// The last time the Job API answered at all (or the start).
    last_contact_ms: f64,
    outcomes: OutcomeTracker,
    events: EventContext,
    /// A refused sign-in is reported once.
    failed_attempt_sent: bool,
    /// Left for the back-forward cache: nothing happens until it comes back.
    suspended: bool,
    /// The host asked for a Cancel action.
    cancelable: bool,
    /// `Ready` is told once.
    ready_told: bool,
    /// The `generation` an answer on its way was given for: its reply only counts if the
    /// screen still shows that challenge (a job read may have moved on first).
    answered_generation: Option<u32>,
}

/// What the reducer needs to write Kount events itself: the validated event settings, the
/// one wall-clock anchor, and what the page says of itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventContext {
    pub settings: EventSettings,
    pub timeline: Timeline,
    /// The page the user is on (the standalone shape's `url`).
    pub page_url: String,
    /// `navigator.userAgent` (the `failedAttempt` event's `userAgent`).
    pub user_agent: String,
}

impl EventContext {
    /// The posted event for a challenge that ended.
    pub fn outcome(&self, outcome: &Outcome) -> Effect {
        let body = self.settings.body(outcome, &self.timeline, &self.page_url);
        Effect::PostEvent(Box::new(KountEvent::Outcome(body)))
    }
}

impl Flow {
    /// `deadline_ms`: the optional client-side time limit for answering a challenge.
    pub fn new(intervals: PollIntervals, deadline_ms: Option<f64>) -> Flow {
        Flow {
            challenge: None,
            generation: 0,
            sending: false,
            notice: None,
            schedule: ReadSchedule::new(intervals),
            poll_in_flight: false,
            discard_in_flight: false,
            finished: false,
            last_contact_ms: 0.0,
            outcomes: OutcomeTracker::new(deadline_ms),
            events: EventContext::default(),
            failed_attempt_sent: false,
            answered_generation: None,
            suspended: false,
            cancelable: false,
            ready_told: false,
        }
    }

    /// The flow with the host's event settings (the default: no ids, the epoch anchor).
    pub fn reporting(mut self, events: EventContext) -> Flow {
        self.events = events;
        self
    }

    /// The flow with a Cancel action for the user (`cancelable` in the config).
    pub fn cancelable(mut self, cancelable: bool) -> Flow {
        self.cancelable = cancelable;
        self
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Whether to show the Cancel action now.
    pub fn offers_cancel(&self) -> bool {
        self.cancelable && !self.finished
    }

    /// When the client-side deadline of the challenge on screen passes (monotonic ms), if one
    /// is configured and it is still unanswered.
    pub fn deadline_at(&self) -> Option<f64> {
        self.outcomes.deadline_at()
    }

    /// The deadline the countdown shows: only while the user is the one to act.
    pub fn countdown_until(&self) -> Option<f64> {
        self.deadline_at().filter(|_| self.awaits_user())
    }

    /// Whether the user is the one to act on what is shown.
    pub fn awaits_user(&self) -> bool {
        self.challenge.as_ref().is_some_and(Challenge::awaits_user)
    }

    /// What to show under the notice: `None` once the widget stopped for good (the notice
    /// alone says why), else the challenge (`Some(None)` before the first snapshot).
    pub fn body(&self) -> Option<Option<&Challenge>> {
        let stopped = self.notice.is_some_and(Notice::is_final);
        (!stopped).then_some(self.challenge.as_ref())
    }

    /// Whether the notice is about the answer just sent (the form points at it).
    pub fn answer_failed(&self) -> bool {
        matches!(self.notice, Some(Notice::Rejected | Notice::SendFailed))
    }

    /// The state's name (`data-state`, performance marks): a challenge kind, or "loading".
    pub fn state_name(&self) -> &'static str {
        self.challenge
            .as_ref()
            .map_or("loading", Challenge::kind_name)
    }

    /// Advances the flow. `jitter` is a random number in `[0, 1)` for error backoff.
    pub fn step(&mut self, input: Input, now_ms: f64, jitter: f64) -> Vec<Effect> {
        if self.finished {
            return Vec::new();
        }
        let mut effects = Vec::new();
        if self.suspended && !matches!(input, Input::Return | Input::Destroy) {
            // Frozen in the back-forward cache; whatever was under way is seen again on return.
            return effects;
        }
        match input {
            Input::Start => {
                self.last_contact_ms = now_ms;
                self.schedule.started(now_ms);
                self.fetch(now_ms, &mut effects);
            }
            Input::Wake => {
                let ended = self.outcomes.tick(now_ms);
                self.report(&mut effects, ended);
                self.fetch(now_ms, &mut effects);
            }
            Input::Hidden(hidden) => {
                self.schedule.set_hidden(hidden);
                // Back in view: look at once instead of after the slow hidden interval.
                if !hidden {
                    self.fetch(now_ms, &mut effects);
                }
            }
            Input::Online | Input::Retry => self.fetch(now_ms, &mut effects),
            Input::FirstPainted => {
                if !std::mem::replace(&mut self.ready_told, true) {
                    effects.push(Effect::Emit(HostEvent::Ready));
                }
            }
            Input::Cancel => {
                // The open challenge ends as the user leaving it; the widget stops.
                let ended = self.outcomes.abandoned(now_ms);
                self.report(&mut effects, ended);
                self.finished = true;
                self.notice = Some(Notice::Cancelled);
                effects.push(Effect::Emit(HostEvent::Cancel));
            }
            Input::Painted => {
                if self.awaits_user() {
                    self.outcomes.painted(now_ms);
                }
            }
            Input::JobArrived(result) => {
                self.poll_in_flight = false;
                if std::mem::take(&mut self.discard_in_flight) {
                    self.fetch(now_ms, &mut effects);
                    return effects;
                }
                match result {
                    Ok(job) => self.on_job(&job, now_ms, &mut effects),
                    Err(error) => self.on_job_error(error, now_ms, &mut effects),
                }
                if !self.finished {
                    let mut delay = self.poll_delay(now_ms, jitter);
                    if let Some(deadline) = self.outcomes.deadline_at() {
                        delay = delay.min((deadline - now_ms).max(0.0));
                    }
                    effects.push(Effect::WakeIn(delay.max(self.schedule.hold_ms(now_ms))));
                }
            }
            Input::Submit(answer) => {
                let can_answer = self.awaits_user();
                if self.sending || !can_answer {
                    return effects;
                }
                self.sending = true;
                if self.notice != Some(Notice::Reconnecting) {
                    self.notice = None;
                }
                self.outcomes.submitted(&answer, now_ms);
                self.answered_generation = Some(self.generation);
                effects.push(Effect::Emit(HostEvent::Submit {
                    kind: answer.kind_name(),
                }));
                effects.push(Effect::Send(answer));
            }
            Input::SubmitDone(result) => {
                self.sending = false;
                if self.answered_generation.take() != Some(self.generation) {
                    // A read showed the bank past that challenge while the answer was on its
                    // way, and closed it then: this reply is about a screen that is gone.
                    return effects;
                }
                match result {
                    Ok(Reply::Accepted) => {
                        self.outcomes.replied(true);
                        self.schedule.answer_accepted(now_ms);
                        self.generation += 1;
                        let last_step = self.challenge.as_ref().and_then(Challenge::answered_step);
                        self.challenge = Some(Challenge::Waiting { last_step });
                        let first_look = self.poll_delay(now_ms, jitter);
                        if self.poll_in_flight {
                            self.discard_in_flight = true;
                        } else if first_look > self.schedule.intervals().after_submit_ms {
                            // No use asking before the bank usually answers.
                            effects.push(Effect::WakeIn(first_look));
                        } else {
                            self.fetch(now_ms, &mut effects);
                        }
                    }
                    Ok(reply) => {
                        if reply == Reply::Rejected {
                            self.outcomes.replied(false);
                        }
                        self.notice = Some(if reply == Reply::Rejected {
                            Notice::Rejected
                        } else {
                            Notice::SendFailed
                        });
                        effects.push(Effect::Emit(HostEvent::Error {
                            message: "the answer was not accepted".into(),
                        }));
                    }
                    Err(reason) => {
                        self.notice = Some(Notice::SendFailed);
                        effects.push(Effect::Emit(HostEvent::Error { message: reason }));
                    }
                }
            }
            Input::Destroy => {
                let ended = self.outcomes.abandoned(now_ms);
                self.report(&mut effects, ended);
                self.finished = true;
            }
            Input::Leave => {
                let ended = self.outcomes.abandoned(now_ms);
                self.report(&mut effects, ended);
                self.suspended = true;
            }
            Input::Return => {
                // Back from the cache: the challenge was reported ended on leaving, so what
                // the job shows now is a new one; look at once.
                // An answer still on its way stays the one in flight: its reply, about a
                // screen that is gone (the generation moved on), is ignored when it comes, and
                // only then may the new challenge be answered (never two answers at once).
                self.suspended = false;
                self.challenge = None;
                self.generation += 1;
                self.notice = None;
                if self.poll_in_flight {
                    self.discard_in_flight = true;
                } else {
                    self.fetch(now_ms, &mut effects);
                }
            }
        }
        effects
    }

    /// Reads the job now, unless a read is in flight or the server asked to wait.
    fn fetch(&mut self, now_ms: f64, effects: &mut Vec<Effect>) {
        if self.poll_in_flight {
            return;
        }
        let hold = self.schedule.hold_ms(now_ms);
        if hold > 0.0 {
            effects.push(Effect::WakeIn(hold));
            return;
        }
        self.poll_in_flight = true;
        effects.push(Effect::FetchJob);
    }

    fn on_job(&mut self, job: &Job, now_ms: f64, effects: &mut Vec<Effect>) {
        self.last_contact_ms = now_ms;
        if self.notice == Some(Notice::Reconnecting) {
            self.notice = None;
        }
        let next = derive_challenge(job);
        let bank_done = next.awaits_user() || next.is_terminal();
        self.schedule.job_read(bank_done, now_ms);
        if self.challenge.as_ref() == Some(&next) {
            return;
        }
        let kind_changed =
            self.challenge.as_ref().map(Challenge::kind_name) != Some(next.kind_name());
        // Waiting → waiting at another step only changes the progress text.
        if kind_changed || next.awaits_user() {
            self.generation += 1;
        }
        let ended = self.outcomes.shown(&next, now_ms);
        self.report(effects, ended);
        if next.awaits_user() {
            self.notice = None;
            effects.push(Effect::Emit(HostEvent::Challenge {
                kind: next.kind_name(),
            }));
        }
        match &next {
            Challenge::Succeeded => {
                self.finished = true;
                effects.push(Effect::Emit(HostEvent::Success));
            }
            Challenge::Failed {
                last_step,
                last_status,
            } => {
                self.finished = true;
                // The bank refused the sign-in itself: Kount's other login event, once.
                let at_login = *last_step == Some(LastStep::LogInPanel);
                if at_login && !std::mem::replace(&mut self.failed_attempt_sent, true) {
                    let event = self.events.settings.failed_attempt(&self.events.user_agent);
                    effects.extend(event.map(|e| Effect::PostEvent(Box::new(e))));
                }
                effects.push(Effect::Emit(HostEvent::Failure {
                    // The host's message is in English whatever the locale shown.
                    message: Strings::default().failure(*last_step, *last_status),
                }));
            }
            _ => {}
        }
        self.challenge = Some(next);
    }

    fn on_job_error(&mut self, error: JobError, now_ms: f64, effects: &mut Vec<Effect>) {
        // The host's session is over, or the job does not exist: polling cannot help.
        let final_notice = match error {
            JobError::Status(401 | 403, _) => Some(Notice::SessionExpired),
            JobError::Status(404, _) => Some(Notice::JobNotFound),
            _ => None,
        };
        if let Some(notice) = final_notice {
            self.notice = Some(notice);
            self.finished = true;
            let ended = self.outcomes.abandoned(now_ms);
            self.report(effects, ended);
            let message = match notice {
                Notice::SessionExpired => "session expired: the job service answered 401/403",
                _ => "job not found: the job service answered 404",
            };
            effects.push(Effect::Emit(HostEvent::Error {
                message: message.into(),
            }));
            return;
        }
        let retry_after = match error {
            JobError::Status(_, wait) => wait,
            _ => None,
        };
        self.schedule.read_failed(retry_after, now_ms);
        let silent_for = now_ms - self.last_contact_ms;
        if self.notice != Some(Notice::Reconnecting)
            && silent_for >= self.schedule.intervals().reconnect_notice_ms
        {
            self.notice = Some(Notice::Reconnecting);
            let message = match error {
                JobError::Network(reason) => format!("cannot reach the job service: {reason}"),
                JobError::Status(code, _) => format!("the job service answered HTTP {code}"),
                JobError::Decode(e) => e.to_string(),
            };
            effects.push(Effect::Emit(HostEvent::Error { message }));
        }
    }

    /// Turns challenges that ended into the events to post.
    fn report(&self, effects: &mut Vec<Effect>, outcomes: Vec<Outcome>) {
        effects.extend(outcomes.iter().map(|o| self.events.outcome(o)));
    }

    fn poll_delay(&self, now_ms: f64, jitter: f64) -> f64 {
        let user_turn = self.awaits_user();
        self.schedule.delay(user_turn, now_ms, jitter)
    }
}

#[cfg(test)]
mod tests;
