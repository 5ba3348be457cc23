//! The widget's reducer: `(Flow, Input, now) → Vec<Effect>`. It decides what to show, when to
//! read the job, which answer to send, and what to tell the host; the browser shell performs
//! the effects and feeds results back as inputs. No IO, no clock, no randomness in here.

use super::answer::{Answer, Reply};
use super::challenge::{derive_challenge, Challenge};
use super::event::{EventSettings, KountEvent};
use super::job::{DecodeError, Job};
use super::outcome::{Outcome, OutcomeTracker};
use super::poll::{next_poll_delay, PollIntervals, PollSituation};
use super::progress::failure_message;
use super::timeline::Timeline;

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
    /// The tab was hidden (`true`) or shown again (`false`).
    Hidden(bool),
    /// The browser came back online.
    Online,
    /// The user pressed "Try again" on the reconnecting notice.
    Retry,
    /// The widget is going away (destroyed, element removed, page left).
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
}

impl Notice {
    /// Notices after which the widget has stopped for good.
    pub fn is_final(self) -> bool {
        matches!(self, Notice::SessionExpired | Notice::JobNotFound)
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
    intervals: PollIntervals,
    poll_in_flight: bool,
    /// A read that started before an answer was accepted may show the answered challenge again.
    discard_in_flight: bool,
    finished: bool,
    hidden: bool,
    last_submit_ms: Option<f64>,
    /// When the bank started working on something (the start, or an accepted answer), and the
    /// time of the last snapshot that still showed it working: to learn how long it takes.
    bank_started_ms: Option<f64>,
    last_unchanged_read_ms: f64,
    /// Whether `bank_started_ms` is the widget's start (the login) rather than an answer.
    pace_from_login: bool,
    /// How long the bank takes to move on after an answer (smoothed), once seen.
    bank_estimate_ms: Option<f64>,
    /// The last time the Job API answered at all (or the start).
    last_contact_ms: f64,
    consecutive_errors: u32,
    /// No read before this time (the server's `Retry-After`).
    not_before_ms: f64,
    outcomes: OutcomeTracker,
    events: EventContext,
    /// A refused sign-in is reported once.
    failed_attempt_sent: bool,
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
            intervals,
            poll_in_flight: false,
            discard_in_flight: false,
            finished: false,
            hidden: false,
            last_submit_ms: None,
            bank_started_ms: None,
            last_unchanged_read_ms: 0.0,
            pace_from_login: false,
            bank_estimate_ms: None,
            last_contact_ms: 0.0,
            consecutive_errors: 0,
            not_before_ms: 0.0,
            outcomes: OutcomeTracker::new(deadline_ms),
            events: EventContext::default(),
            failed_attempt_sent: false,
        }
    }

    /// The flow with the host's event settings (the default: no ids, the epoch anchor).
    pub fn reporting(mut self, events: EventContext) -> Flow {
        self.events = events;
        self
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// When the client-side deadline of the challenge on screen passes (monotonic ms), if one
    /// is configured and it is still unanswered: for the countdown.
    pub fn deadline_at(&self) -> Option<f64> {
        self.outcomes.deadline_at()
    }

    /// Advances the flow. `jitter` is a random number in `[0, 1)` for error backoff.
    pub fn step(&mut self, input: Input, now_ms: f64, jitter: f64) -> Vec<Effect> {
        if self.finished {
            return Vec::new();
        }
        let mut effects = Vec::new();
        match input {
            Input::Start => {
                self.last_contact_ms = now_ms;
                self.bank_started_ms = Some(now_ms);
                self.last_unchanged_read_ms = now_ms;
                self.pace_from_login = true;
                self.fetch(now_ms, &mut effects);
            }
            Input::Wake => {
                let ended = self.outcomes.tick(now_ms);
                self.report(&mut effects, ended);
                self.fetch(now_ms, &mut effects);
            }
            Input::Hidden(hidden) => {
                self.hidden = hidden;
                // Back in view: look at once instead of after the slow hidden interval.
                if !hidden {
                    self.fetch(now_ms, &mut effects);
                }
            }
            Input::Online | Input::Retry => self.fetch(now_ms, &mut effects),
            Input::Painted => {
                if self.challenge.as_ref().is_some_and(Challenge::awaits_user) {
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
                    effects.push(Effect::WakeIn(delay.max(self.not_before_ms - now_ms)));
                }
            }
            Input::Submit(answer) => {
                let can_answer = self.challenge.as_ref().is_some_and(Challenge::awaits_user);
                if self.sending || !can_answer {
                    return effects;
                }
                self.sending = true;
                if self.notice != Some(Notice::Reconnecting) {
                    self.notice = None;
                }
                self.outcomes.submitted(&answer, now_ms);
                effects.push(Effect::Emit(HostEvent::Submit {
                    kind: answer.kind_name(),
                }));
                effects.push(Effect::Send(answer));
            }
            Input::SubmitDone(result) => {
                self.sending = false;
                match result {
                    Ok(Reply::Accepted) => {
                        self.outcomes.replied(true);
                        self.last_submit_ms = Some(now_ms);
                        self.bank_started_ms = Some(now_ms);
                        self.last_unchanged_read_ms = now_ms;
                        self.pace_from_login = false;
                        self.generation += 1;
                        let last_step = self.challenge.as_ref().and_then(answered_step);
                        self.challenge = Some(Challenge::Waiting { last_step });
                        let first_look = self.poll_delay(now_ms, jitter);
                        if self.poll_in_flight {
                            self.discard_in_flight = true;
                        } else if first_look > self.intervals.after_submit_ms {
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
        }
        effects
    }

    /// Reads the job now, unless a read is in flight or the server asked to wait.
    fn fetch(&mut self, now_ms: f64, effects: &mut Vec<Effect>) {
        if self.poll_in_flight {
            return;
        }
        if now_ms < self.not_before_ms {
            effects.push(Effect::WakeIn(self.not_before_ms - now_ms));
            return;
        }
        self.poll_in_flight = true;
        effects.push(Effect::FetchJob);
    }

    fn on_job(&mut self, job: &Job, now_ms: f64, effects: &mut Vec<Effect>) {
        self.consecutive_errors = 0;
        self.last_contact_ms = now_ms;
        if self.notice == Some(Notice::Reconnecting) {
            self.notice = None;
        }
        let next = derive_challenge(job);
        let bank_done = next.awaits_user() || next.is_terminal();
        match self.bank_started_ms {
            Some(started) if bank_done => {
                // It moved on between the last read that saw it working and this one. The
                // login began before the widget did, so its midpoint says little; its late
                // end is the safer guess (an early look costs a request, a late one ~0.3 s).
                let took = if self.pace_from_login {
                    now_ms - started
                } else {
                    (self.last_unchanged_read_ms + now_ms) / 2.0 - started
                };
                let smoothed = self.bank_estimate_ms.map_or(took, |e| (e + took) / 2.0);
                self.bank_estimate_ms = Some(smoothed.clamp(200.0, 10_000.0));
                self.bank_started_ms = None;
            }
            Some(_) => self.last_unchanged_read_ms = now_ms,
            None => {}
        }
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
                let at_login = last_step
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("LogInPanel"));
                if at_login && !std::mem::replace(&mut self.failed_attempt_sent, true) {
                    let event = self.events.settings.failed_attempt(&self.events.user_agent);
                    effects.extend(event.map(|e| Effect::PostEvent(Box::new(e))));
                }
                effects.push(Effect::Emit(HostEvent::Failure {
                    message: failure_message(last_step.as_deref(), last_status.as_deref()),
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
        // A server that said how long to wait gets that long (RFC 9110 Retry-After).
        if let JobError::Status(_, Some(wait_ms)) = error {
            self.not_before_ms = now_ms + wait_ms.max(0.0).min(self.intervals.error_cap_ms * 4.0);
        }
        self.consecutive_errors += 1;
        let silent_for = now_ms - self.last_contact_ms;
        if self.notice != Some(Notice::Reconnecting)
            && silent_for >= self.intervals.reconnect_notice_ms
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
        next_poll_delay(
            &self.intervals,
            &PollSituation {
                now_ms,
                last_submit_ms: self.last_submit_ms,
                user_turn: self.challenge.as_ref().is_some_and(Challenge::awaits_user),
                hidden: self.hidden,
                bank_estimate_ms: self.bank_estimate_ms,
                consecutive_errors: self.consecutive_errors,
                jitter,
            },
        )
    }
}

/// The `LastStep` the bank is at once an answer to `challenge` is in, for the progress text.
fn answered_step(challenge: &Challenge) -> Option<String> {
    let step = match challenge {
        Challenge::SecurityQuestions(_) => "SecurityQuestionPanel",
        Challenge::TokenMethods(_) => "TokenMethods",
        Challenge::TokenCode(_) | Challenge::ReadCode(_) => "TokenInput",
        Challenge::Captcha(_) => "LogInPanel",
        _ => return None,
    };
    Some(step.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::outcome::{ChallengeType, FailureType};

    /// The event a flow without host settings posts for `outcome`.
    fn posted(outcome: &Outcome) -> Effect {
        EventContext::default().outcome(outcome)
    }

    fn job(json: &str) -> Job {
        serde_json::from_str::<Job>(json).unwrap()
    }

    fn arrive(json: &str) -> Input {
        Input::JobArrived(Ok(job(json)))
    }

    const QUESTIONS: &str = r#"{"SecurityQuestion": "['color?', 'fruit?']"}"#;

    #[test]
    fn questions_answered_then_success() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        assert_eq!(flow.step(Input::Start, 0.0, 0.5), vec![Effect::FetchJob]);
        let effects = flow.step(arrive(QUESTIONS), 10.0, 0.5);
        assert_eq!(
            effects,
            vec![
                Effect::Emit(HostEvent::Challenge {
                    kind: "securityQuestions"
                }),
                Effect::WakeIn(3_000.0)
            ]
        );
        let answer = Answer::SecurityAnswers(vec!["blue".into(), "apple".into()]);
        let effects = flow.step(Input::Submit(answer.clone()), 20.0, 0.5);
        assert_eq!(
            effects,
            vec![
                Effect::Emit(HostEvent::Submit {
                    kind: "securityAnswer"
                }),
                Effect::Send(answer.clone())
            ]
        );
        assert!(flow.sending);
        // A second click or Enter while sending sends nothing.
        assert!(flow.step(Input::Submit(answer), 21.0, 0.5).is_empty());
        let generation = flow.generation;
        let effects = flow.step(Input::SubmitDone(Ok(Reply::Accepted)), 30.0, 0.5);
        assert_eq!(effects, vec![Effect::FetchJob]);
        assert!(flow.generation > generation, "typed answers are cleared");
        assert_eq!(
            flow.challenge,
            Some(Challenge::Waiting {
                last_step: Some("SecurityQuestionPanel".into())
            })
        );
        let effects = flow.step(arrive(r#"{"SecurityQuestion": "['color?', 'fruit?']", "SecurityAnswer": "x", "LastStep": "SecurityQuestionPanel"}"#), 40.0, 0.5);
        assert_eq!(
            effects,
            vec![Effect::WakeIn(300.0)],
            "fast polling after an answer"
        );
        let effects = flow.step(arrive(r#"{"SuccessFlag": "True"}"#), 50.0, 0.5);
        let outcome = Outcome {
            challenge_type: ChallengeType::SecretQuestion,
            failure: None,
            sent_ms: 10.0, // never painted: when it was shown
            completed_ms: 20.0,
        };
        assert_eq!(
            effects,
            vec![posted(&outcome), Effect::Emit(HostEvent::Success)]
        );
        assert!(flow.is_finished());
        assert!(
            flow.step(Input::Wake, 60.0, 0.5).is_empty(),
            "nothing after the end"
        );
    }

    #[test]
    fn rejected_answer_keeps_the_form() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        flow.step(arrive(QUESTIONS), 1.0, 0.5);
        flow.step(
            Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "b".into()])),
            2.0,
            0.5,
        );
        let generation = flow.generation;
        let effects = flow.step(Input::SubmitDone(Ok(Reply::Rejected)), 3.0, 0.5);
        assert!(matches!(
            effects.as_slice(),
            [Effect::Emit(HostEvent::Error { .. })]
        ));
        assert_eq!(flow.notice, Some(Notice::Rejected));
        assert_eq!(flow.generation, generation, "the form is not re-created");
        assert!(!flow.sending);
        assert!(matches!(
            flow.challenge,
            Some(Challenge::SecurityQuestions(_))
        ));
        let effects = flow.step(Input::SubmitDone(Err("offline".into())), 4.0, 0.5);
        assert!(matches!(
            effects.as_slice(),
            [Effect::Emit(HostEvent::Error { .. })]
        ));
        assert_eq!(flow.notice, Some(Notice::SendFailed));
    }

    #[test]
    fn one_read_in_flight_and_stale_reads_dropped() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        assert!(
            flow.step(Input::Wake, 1.0, 0.5).is_empty(),
            "a read is already in flight"
        );
        flow.step(arrive(QUESTIONS), 2.0, 0.5);
        flow.step(Input::Wake, 3.0, 0.5);
        flow.step(
            Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "b".into()])),
            4.0,
            0.5,
        );
        // The read in flight started before the answer was accepted: its snapshot is stale.
        assert!(flow
            .step(Input::SubmitDone(Ok(Reply::Accepted)), 5.0, 0.5)
            .is_empty());
        let effects = flow.step(arrive(QUESTIONS), 6.0, 0.5);
        assert_eq!(effects, vec![Effect::FetchJob]);
        assert!(matches!(flow.challenge, Some(Challenge::Waiting { .. })));
    }

    #[test]
    fn errors_back_off_and_say_reconnecting_after_a_while() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        let effects = flow.step(
            Input::JobArrived(Err(JobError::Status(503, None))),
            1.0,
            0.5,
        );
        assert_eq!(effects, vec![Effect::WakeIn(500.0)]);
        assert_eq!(flow.notice, None, "one blip is not worth alarming anyone");
        flow.step(Input::Wake, 600.0, 0.5);
        let effects = flow.step(
            Input::JobArrived(Err(JobError::Network("down".into()))),
            700.0,
            0.5,
        );
        assert_eq!(effects, vec![Effect::WakeIn(1_000.0)]);
        flow.step(Input::Wake, 4_000.0, 0.5);
        let effects = flow.step(
            Input::JobArrived(Err(JobError::Network("down".into()))),
            4_100.0,
            0.5,
        );
        assert_eq!(
            effects,
            vec![
                Effect::Emit(HostEvent::Error {
                    message: "cannot reach the job service: down".into()
                }),
                Effect::WakeIn(2_000.0)
            ]
        );
        assert_eq!(flow.notice, Some(Notice::Reconnecting));
        // "Try again" reads at once; the typed answers live in the UI, untouched.
        assert_eq!(
            flow.step(Input::Retry, 4_200.0, 0.5),
            vec![Effect::FetchJob]
        );
        flow.step(arrive(QUESTIONS), 4_300.0, 0.5);
        assert_eq!(flow.notice, None, "contact again clears the notice");
    }

    #[test]
    fn learns_how_long_the_bank_takes() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        flow.step(arrive(r#"{"LastStep": "LogInPanel"}"#), 10.0, 0.5);
        flow.step(Input::Wake, 1_000.0, 0.5);
        flow.step(arrive(r#"{"LastStep": "LogInPanel"}"#), 1_010.0, 0.5);
        flow.step(Input::Wake, 2_000.0, 0.5);
        // Seen between 1010 and 2010: the login took about 1.5 s.
        flow.step(arrive(QUESTIONS), 2_010.0, 0.5);
        flow.step(
            Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "b".into()])),
            3_000.0,
            0.5,
        );
        // So the first look after the answer is at 0.85 × 2010 ms (the login's late end).
        let effects = flow.step(Input::SubmitDone(Ok(Reply::Accepted)), 3_010.0, 0.5);
        assert_eq!(effects, vec![Effect::WakeIn(1_708.5)]);
    }

    #[test]
    fn retry_after_is_honoured() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        let effects = flow.step(
            Input::JobArrived(Err(JobError::Status(429, Some(7_000.0)))),
            100.0,
            0.5,
        );
        assert_eq!(effects, vec![Effect::WakeIn(7_000.0)]);
        // Coming online or back into view does not jump the queue the server asked for.
        assert_eq!(
            flow.step(Input::Online, 1_000.0, 0.5),
            vec![Effect::WakeIn(6_100.0)]
        );
        assert_eq!(flow.step(Input::Wake, 7_100.0, 0.5), vec![Effect::FetchJob]);
    }

    #[test]
    fn unauthorised_or_unknown_job_stops_for_good() {
        for (status, notice) in [
            (401, Notice::SessionExpired),
            (403, Notice::SessionExpired),
            (404, Notice::JobNotFound),
        ] {
            let mut flow = Flow::new(PollIntervals::default(), None);
            flow.step(Input::Start, 0.0, 0.5);
            flow.step(arrive(QUESTIONS), 10.0, 0.5);
            flow.step(Input::Painted, 20.0, 0.5);
            flow.step(Input::Wake, 3_000.0, 0.5);
            let effects = flow.step(
                Input::JobArrived(Err(JobError::Status(status, None))),
                3_010.0,
                0.5,
            );
            let expired = Outcome {
                challenge_type: ChallengeType::SecretQuestion,
                failure: Some(FailureType::ExpiredSession),
                sent_ms: 20.0,
                completed_ms: 3_010.0,
            };
            assert!(
                matches!(effects.as_slice(), [e, Effect::Emit(HostEvent::Error { .. })] if *e == posted(&expired)),
                "{status}: {effects:?}"
            );
            assert_eq!(flow.notice, Some(notice));
            assert!(flow.is_finished());
            assert!(
                flow.step(Input::Retry, 3_100.0, 0.5).is_empty(),
                "no more requests"
            );
        }
    }

    #[test]
    fn hidden_tabs_poll_slowly_and_look_at_once_when_shown() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        flow.step(arrive(QUESTIONS), 10.0, 0.5);
        assert!(flow.step(Input::Hidden(true), 20.0, 0.5).is_empty());
        flow.step(Input::Wake, 3_000.0, 0.5);
        assert_eq!(
            flow.step(arrive(QUESTIONS), 3_010.0, 0.5),
            vec![Effect::WakeIn(30_000.0)]
        );
        assert_eq!(
            flow.step(Input::Hidden(false), 9_000.0, 0.5),
            vec![Effect::FetchJob]
        );
        assert_eq!(
            flow.step(arrive(QUESTIONS), 9_010.0, 0.5),
            vec![Effect::WakeIn(3_000.0)]
        );
        assert!(flow
            .step(Input::Online, 9_020.0, 0.5)
            .contains(&Effect::FetchJob));
    }

    #[test]
    fn a_refused_sign_in_is_one_failed_attempt_and_no_outcome() {
        use crate::core::event::KountEvent;
        let refused = r#"{"SuccessFlag": false, "LastStep": "LogInPanel", "LastStatus": "Failed"}"#;
        let later = r#"{"SuccessFlag": false, "LastStep": "TokenInput", "LastStatus": "Timeout"}"#;
        // (job, failedAttempt switched on, failedAttempt events expected)
        let rows = [(refused, true, 1), (refused, false, 0), (later, true, 0)];
        for (json, enabled, expected) in rows {
            let mut events = EventContext {
                user_agent: "Mozilla/5.0 (test)".into(),
                ..EventContext::default()
            };
            events.settings.failed_attempts = enabled;
            let mut flow = Flow::new(PollIntervals::default(), None).reporting(events);
            flow.step(Input::Start, 0.0, 0.5);
            let effects = flow.step(arrive(json), 10.0, 0.5);
            let posted: Vec<&KountEvent> = effects
                .iter()
                .filter_map(|e| match e {
                    Effect::PostEvent(event) => Some(&**event),
                    _ => None,
                })
                .collect();
            assert_eq!(posted.len(), expected, "{json} {enabled}: {effects:?}");
            assert!(
                posted
                    .iter()
                    .all(|e| matches!(e, KountEvent::FailedAttempt { failed_attempt }
                    if failed_attempt.user_agent == "Mozilla/5.0 (test)")),
                "no challengeOutcome for a login that never reached a challenge: {effects:?}"
            );
            assert!(flow.step(arrive(json), 20.0, 0.5).is_empty(), "once");
        }
    }

    #[test]
    fn failure_is_terminal_and_explained() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        let effects = flow.step(
            arrive(
                r#"{"SuccessFlag": "False", "LastStep": "TokenInput", "LastStatus": "Timeout"}"#,
            ),
            1.0,
            0.5,
        );
        assert_eq!(
            effects,
            vec![Effect::Emit(HostEvent::Failure {
                message: "We could not connect your account: the bank took too long to answer while checking the code.".into()
            })]
        );
        assert!(flow.is_finished());
    }

    #[test]
    fn deadline_wakes_and_destroy_reports_once() {
        let mut flow = Flow::new(PollIntervals::default(), Some(1_000.0));
        flow.step(Input::Start, 0.0, 0.5);
        flow.step(arrive(QUESTIONS), 100.0, 0.5);
        flow.step(Input::Painted, 120.0, 0.5);
        // The user-turn poll would wait 3 s; the deadline comes first.
        let effects = flow.step(Input::Wake, 400.0, 0.5);
        assert_eq!(effects, vec![Effect::FetchJob]);
        let effects = flow.step(arrive(QUESTIONS), 450.0, 0.5);
        assert_eq!(effects, vec![Effect::WakeIn(670.0)]);
        let effects = flow.step(Input::Wake, 1_120.0, 0.5);
        let timed_out = Outcome {
            challenge_type: ChallengeType::SecretQuestion,
            failure: Some(FailureType::TimedOut),
            sent_ms: 120.0,
            completed_ms: 1_120.0,
        };
        assert_eq!(effects, vec![posted(&timed_out), Effect::FetchJob]);

        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        flow.step(arrive(QUESTIONS), 100.0, 0.5);
        flow.step(Input::Painted, 116.0, 0.5);
        let effects = flow.step(Input::Destroy, 900.0, 0.5);
        let expired = Outcome {
            challenge_type: ChallengeType::SecretQuestion,
            failure: Some(FailureType::ExpiredSession),
            sent_ms: 116.0,
            completed_ms: 900.0,
        };
        assert_eq!(effects, vec![posted(&expired)]);
        assert!(flow.step(Input::Destroy, 950.0, 0.5).is_empty(), "once");
    }

    #[test]
    fn submit_without_a_challenge_is_ignored() {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        assert!(flow
            .step(Input::Submit(Answer::VerifyPhone), 1.0, 0.5)
            .is_empty());
        flow.step(arrive(r#"{"LastStep": "LogInPanel"}"#), 2.0, 0.5);
        assert!(flow
            .step(Input::Submit(Answer::VerifyPhone), 3.0, 0.5)
            .is_empty());
        flow.step(Input::Destroy, 4.0, 0.5);
        assert!(flow.step(Input::Wake, 5.0, 0.5).is_empty());
    }
}
