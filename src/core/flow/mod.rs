//! The widget's reducer: `(Flow, Input, now) → Vec<Effect>`. It decides what to show, when to
//! read the job, which request to send (complete, as data), what each raw reply means, and
//! what to tell the host; the runtime (`browser::runtime`) performs the effects and feeds
//! what happened back as inputs. No IO, no clock, no randomness in here.
//!
//! The state is a handful of enums, so that it cannot say two things at once: the lifecycle
//! (running, frozen in the back-forward cache, stopped and why), the job read (none, under
//! way, under way but stale), the answer under way (for which form generation), and the
//! notice about the last trouble. `step` hands each input to its own handler.

mod answering;
mod host_event;
mod messages;
pub mod outcome;
pub mod poll;
mod reply;
pub mod view;

use crate::core::errors::ErrorCode;
use crate::core::io::{Purpose, Reply, Request};
use crate::core::job::answer::{JobRequest, Verdict};
use crate::core::job::challenge::{derive_challenge, Challenge};
use crate::core::job::step::LastStep;
use crate::core::job::{DecodeError, Job};
use crate::core::kount::event::KountEvent;
use crate::core::kount::timeline::Timeline;
use crate::core::kount::Outcome;
use crate::core::settings::Settings;
use crate::core::strings::Strings;
pub use host_event::{HostEvent, Whereabouts};
pub use messages::{Effect, Input};
use outcome::OutcomeTracker;
use poll::ReadSchedule;
use reply::JobError;
use std::rc::Rc;
pub use view::{Alert, Countdown, Notice, View};

/// How the platform turns a job read's body text into a [`Job`]: the browser's `JSON.parse`
/// and serde-wasm-bindgen in the wasm (no JSON parser ships), serde_json natively. Handed in,
/// like quinn-proto's crypto session: the flow decides what the result means.
pub type DecodeJob = fn(&str) -> Result<Job, DecodeError>;

/// A job body is at most a captcha image (about 1.5 MB of base64) and some fields.
pub const MAX_JOB_BYTES: usize = 2 << 20;
/// An answer endpoint replies `0` or `-1`.
pub const MAX_VERDICT_BYTES: usize = 4 << 10;

/// What the page says of itself, for the events the flow writes: one wall-clock anchor, the
/// page's address (origin and path only: sign-in pages carry tokens in their query and
/// fragment) and `navigator.userAgent`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub timeline: Timeline,
    pub url: String,
    pub user_agent: String,
}

/// Whether the flow goes on.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Lifecycle {
    Running,
    /// Left for the back-forward cache: nothing happens until it comes back.
    Suspended,
    /// Destroyed with an answer on its way (a host closing its modal on `mfa:submit`): the
    /// answer is delivered, and only its verdict is awaited, to say how the challenge ended.
    Closing,
    Stopped(Stop),
}

/// Why the flow stopped for good.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stop {
    /// The job succeeded or failed (the challenge says which).
    JobEnded,
    /// The Job API answered 401/403: the host's session is over.
    SessionExpired,
    /// The Job API does not know the job (404).
    JobNotFound,
    Cancelled,
    Destroyed,
}

/// The job read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Read {
    Idle,
    InFlight,
    /// Under way since before an answer was accepted (or the page came back): what it shows
    /// may be the answered challenge again, so it is dropped and the job read anew.
    Stale,
}

/// The widget's whole state, apart from what the user is typing.
#[derive(Clone, Debug)]
pub struct Flow {
    settings: Rc<Settings>,
    page: Page,
    decode: DecodeJob,
    lifecycle: Lifecycle,
    /// `None` until the first snapshot arrives.
    challenge: Option<Rc<Challenge>>,
    /// Changes whenever a form must start empty (a new challenge, an accepted answer), so the
    /// view re-creates it and typed answers do not linger.
    generation: u32,
    read: Read,
    /// The generation an answer under way was given for: its reply only counts if the screen
    /// still shows that challenge (a job read may have moved on first).
    answering: Option<u32>,
    alert: Option<Alert>,
    schedule: ReadSchedule,
    /// The last time the Job API answered at all (or the start).
    last_contact_ms: f64,
    /// When the next job read is due, when one waits on time (none while one is under way).
    read_at: Option<f64>,
    /// The wake-up last asked for ([`Effect::WakeAt`]), until it fires.
    wake_at: Option<f64>,
    outcomes: OutcomeTracker,
    /// `Ready` is told once, before anything else: a challenge read before the first frame
    /// was painted is told after it (the kind last shown).
    ready_told: bool,
    held_challenge: Option<&'static str>,
    /// A 401/403 made the host's `headers` provider be asked again, and no job has been read
    /// since: the next one is final.
    reauthorizing: bool,
    /// The last job's `LastStep` and `LastStatus` text, for the host's end events.
    last_step: Option<LastStep>,
    last_status: Option<String>,
}

impl Flow {
    pub fn new(settings: Rc<Settings>, page: Page, decode: DecodeJob) -> Flow {
        Flow {
            schedule: ReadSchedule::new(settings.intervals.clone()),
            outcomes: OutcomeTracker::new(settings.deadline_ms),
            settings,
            page,
            decode,
            lifecycle: Lifecycle::Running,
            challenge: None,
            generation: 0,
            read: Read::Idle,
            answering: None,
            alert: None,
            last_contact_ms: 0.0,
            read_at: None,
            wake_at: None,
            ready_told: false,
            held_challenge: None,
            reauthorizing: false,
            last_step: None,
            last_status: None,
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.lifecycle, Lifecycle::Stopped(_))
    }

    /// Advances the flow. `jitter` is a random number in `[0, 1)` for error backoff.
    ///
    /// Time enters one way: after each input the flow works out, from its state, when it must
    /// next be woken (the next job read that waits on time, the countdown's next second) and
    /// says so with [`Effect::WakeAt`] when that changed; the runtime keeps one timer.
    pub fn step(&mut self, input: Input, now_ms: f64, jitter: f64) -> Vec<Effect> {
        let mut out = Vec::new();
        let woken = input == Input::Wake;
        self.handle(input, now_ms, jitter, &mut out);
        if woken {
            // The wake-up asked for has fired: none is pending now.
            self.wake_at = None;
        }
        let wake = self.next_wake(now_ms);
        if wake != self.wake_at {
            self.wake_at = wake;
            out.push(Effect::WakeAt(wake));
        }
        out
    }

    /// When the flow must next be woken: the job read that waits on time, or the countdown's
    /// next second; never once stopped, closing or frozen in the back-forward cache.
    fn next_wake(&self, now: f64) -> Option<f64> {
        if self.lifecycle != Lifecycle::Running {
            return None;
        }
        let tick = self.countdown(now).and_then(|(_, next)| next);
        [self.read_at, tick].into_iter().flatten().reduce(f64::min)
    }

    fn handle(&mut self, input: Input, now_ms: f64, jitter: f64, out: &mut Vec<Effect>) {
        match self.lifecycle {
            Lifecycle::Stopped(_) => return,
            Lifecycle::Closing => {
                if let Input::Replied(Purpose::Answer, reply) = input {
                    self.on_closing_verdict(reply, now_ms, out);
                }
                return;
            }
            // Frozen in the back-forward cache; whatever was under way is seen again on return.
            Lifecycle::Suspended if !matches!(input, Input::Return | Input::Destroy) => return,
            _ => {}
        }
        let now = now_ms;
        match input {
            Input::Start => self.on_start(now, out),
            Input::Replied(Purpose::ReadJob, reply) => self.on_job_read(reply, now, jitter, out),
            Input::Replied(Purpose::Answer, reply) => self.on_verdict(reply, now, jitter, out),
            Input::Wake => self.on_wake(now, out),
            Input::Submit(answer) => self.on_submit(answer, now, out),
            Input::Painted => self.on_painted(now),
            Input::PaintedHidden => self.outcomes.painted_hidden(),
            Input::FirstPainted => self.on_first_painted(out),
            Input::Cancel => self.on_cancel(now, out),
            Input::Hidden(hidden) => self.on_hidden(hidden, now, out),
            Input::Online | Input::Retry => self.read_job(now, out),
            Input::Leave => self.on_leave(now, out),
            Input::Return => self.on_return(now, out),
            Input::Destroy => self.on_destroy(now, out),
            Input::Headers(headers) => Rc::make_mut(&mut self.settings).headers = headers,
        }
    }

    fn on_start(&mut self, now: f64, out: &mut Vec<Effect>) {
        self.last_contact_ms = now;
        self.schedule.started(now);
        self.read_job(now, out);
    }

    fn on_wake(&mut self, now: f64, out: &mut Vec<Effect>) {
        let ended = self.outcomes.tick(now);
        self.report(out, ended);
        // The read's wake-up (a timer fires late, never early; a coarse clock may make it look
        // early, so it is not timed again), or the countdown's with the read due as well.
        let woke_for_read = self.wake_at.is_some() && self.wake_at == self.read_at;
        if woke_for_read || self.read_at.is_some_and(|at| at <= now) {
            self.read_job(now, out);
        }
    }

    fn on_hidden(&mut self, hidden: bool, now: f64, out: &mut Vec<Effect>) {
        self.schedule.set_hidden(hidden);
        // Back in view: look at once instead of after the slow hidden interval.
        if !hidden {
            self.read_job(now, out);
        }
    }

    fn on_first_painted(&mut self, out: &mut Vec<Effect>) {
        if !std::mem::replace(&mut self.ready_told, true) {
            out.push(Effect::Emit(HostEvent::Ready {
                locale: self.settings.strings.lang(),
            }));
            if let Some(kind) = self.held_challenge.take() {
                out.push(Effect::Emit(HostEvent::Challenge { kind }));
            }
        }
    }

    fn on_painted(&mut self, now: f64) {
        if self.awaits_user() {
            self.outcomes.painted(now);
        }
    }

    fn on_cancel(&mut self, now: f64, out: &mut Vec<Effect>) {
        // The open challenge ends as the user leaving it; the widget stops.
        let at = self.whereabouts();
        self.stop(Stop::Cancelled, now, out);
        out.push(Effect::Emit(HostEvent::Cancel { at }));
    }

    /// Gone for good; but an answer the user gave is delivered first, and the challenge ends
    /// as its verdict says (not as expired while the bank's word is on its way).
    fn on_destroy(&mut self, now: f64, out: &mut Vec<Effect>) {
        if self.answering.is_some() && self.answering == Some(self.generation) {
            self.lifecycle = Lifecycle::Closing;
        } else {
            self.stop(Stop::Destroyed, now, out);
        }
    }

    fn on_closing_verdict(&mut self, reply: Reply, now: f64, out: &mut Vec<Effect>) {
        let ended = match reply::verdict(reply) {
            Ok(Verdict::Accepted) => self.outcomes.closed_by_verdict(true, now),
            Ok(Verdict::Rejected) => self.outcomes.closed_by_verdict(false, now),
            // Nothing the bank said: the session ended with the answer undelivered.
            _ => self.outcomes.abandoned(now),
        };
        self.report(out, ended);
        self.lifecycle = Lifecycle::Stopped(Stop::Destroyed);
    }

    fn on_leave(&mut self, now: f64, out: &mut Vec<Effect>) {
        let ended = self.outcomes.abandoned(now);
        self.report(out, ended);
        self.lifecycle = Lifecycle::Suspended;
    }

    /// Back from the cache: the challenge was reported ended on leaving, so what the job shows
    /// now is a new one; look at once. An answer still on its way stays the one under way: its
    /// reply, about a screen that is gone (the generation moved on), is ignored when it comes,
    /// and only then may the new challenge be answered (never two answers at once).
    fn on_return(&mut self, now: f64, out: &mut Vec<Effect>) {
        self.lifecycle = Lifecycle::Running;
        self.challenge = None;
        self.generation += 1;
        self.alert = None;
        if self.read == Read::Idle {
            self.read_job(now, out);
        } else {
            self.read = Read::Stale;
        }
    }

    fn on_job_read(&mut self, reply: Reply, now: f64, jitter: f64, out: &mut Vec<Effect>) {
        let stale = self.read == Read::Stale;
        self.read = Read::Idle;
        if stale {
            self.read_job(now, out);
            return;
        }
        match reply::job(reply, self.decode) {
            Ok(job) => self.on_job(&job, now, out),
            Err(error) => self.on_job_error(error, now, out),
        }
        if !self.is_finished() {
            let mut delay = self.poll_delay(now, jitter);
            if let Some(deadline) = self.outcomes.deadline_at() {
                delay = delay.min((deadline - now).max(0.0));
            }
            self.read_at = Some(now + delay.max(self.schedule.hold_ms(now)));
        }
    }

    fn on_job(&mut self, job: &Job, now: f64, out: &mut Vec<Effect>) {
        self.last_contact_ms = now;
        self.last_step = job.last_step;
        self.last_status = job.last_status_text.clone();
        self.reauthorizing = false;
        if self.alert == Some(Alert::Reconnecting) {
            self.alert = None;
        }
        let next = derive_challenge(job, self.settings.success_when);
        let bank_done = next.awaits_user() || next.is_terminal();
        self.schedule.job_read(bank_done, now);
        if self.challenge.as_deref() == Some(&next) {
            return;
        }
        let kind_changed = self.challenge.as_deref().map(Challenge::kind) != Some(next.kind());
        // Waiting → waiting at another step only changes the progress text.
        if kind_changed || next.awaits_user() {
            self.generation += 1;
        }
        let ended = self.outcomes.shown(&next, now);
        self.report(out, ended);
        if next.awaits_user() || next.is_terminal() {
            // What the notice said was about the screen before.
            self.alert = None;
        }
        if next.awaits_user() {
            let kind = next.kind().name();
            if self.ready_told {
                out.push(Effect::Emit(HostEvent::Challenge { kind }));
            } else {
                self.held_challenge = Some(kind);
            }
        }
        match &next {
            Challenge::Succeeded => {
                self.lifecycle = Lifecycle::Stopped(Stop::JobEnded);
                out.push(Effect::Emit(HostEvent::Success {
                    last_step: job.last_step,
                }));
            }
            Challenge::Failed {
                last_step,
                last_status,
            } => {
                let at = self.whereabouts();
                self.lifecycle = Lifecycle::Stopped(Stop::JobEnded);
                // The bank refused the sign-in itself: Kount's other login event (once: the
                // flow has stopped).
                if *last_step == Some(LastStep::LogInPanel) {
                    let event = self.settings.events.failed_attempt(&self.page.user_agent);
                    out.extend(event.map(|e| Effect::PostEvent(Box::new(e))));
                }
                out.push(Effect::Emit(HostEvent::Failure {
                    // The host's message is in English whatever the locale shown.
                    message: Strings::default().failure(*last_step, *last_status),
                    last_status: *last_status,
                    at,
                }));
            }
            // The job goes on.
            Challenge::SecurityQuestions(_)
            | Challenge::TokenMethods(_)
            | Challenge::TokenCode(_)
            | Challenge::ReadCode(_)
            | Challenge::Captcha(_)
            | Challenge::Waiting { .. } => {}
        }
        self.challenge = Some(Rc::new(next));
    }

    fn on_job_error(&mut self, error: JobError, now: f64, out: &mut Vec<Effect>) {
        // A token that expired between two renewals: the host's provider is asked once more
        // (every request asks it) before the session counts as over.
        if matches!(error, JobError::Status(401 | 403, _))
            && self.settings.headers_provided
            && !self.reauthorizing
        {
            self.reauthorizing = true;
            self.read_job(now, out);
            return;
        }
        // The host's session is over, or the job does not exist: polling cannot help.
        let stop = match error {
            JobError::Status(401 | 403, _) => Some(Stop::SessionExpired),
            JobError::Status(404, _) => Some(Stop::JobNotFound),
            _ => None,
        };
        let status = match error {
            JobError::Status(status, _) => Some(status),
            _ => None,
        };
        if let Some(stop) = stop {
            let at = self.whereabouts();
            self.stop(stop, now, out);
            out.push(Effect::Emit(HostEvent::Error {
                code: error.code(),
                message: error.message(),
                status,
                at,
            }));
            return;
        }
        let retry_after = match error {
            JobError::Status(_, wait) => wait,
            _ => None,
        };
        self.schedule.read_failed(retry_after, now);
        let silent_for = now - self.last_contact_ms;
        if self.alert != Some(Alert::Reconnecting)
            && silent_for >= self.schedule.intervals().reconnect_notice_ms
        {
            self.alert = Some(Alert::Reconnecting);
            self.emit_error(error.code(), error.message(), status, out);
        }
    }

    /// Where the widget is now: the job's last step and status, the challenge the user has open.
    fn whereabouts(&self) -> Whereabouts {
        let open = self.challenge.as_deref().filter(|c| c.awaits_user());
        Whereabouts {
            last_step: self.last_step,
            last_status: self.last_status.clone(),
            challenge: open.map(|c| c.kind().name()),
        }
    }

    /// `mfa:error`, with where the widget is.
    fn emit_error(
        &self,
        code: ErrorCode,
        message: String,
        status: Option<u16>,
        out: &mut Vec<Effect>,
    ) {
        out.push(Effect::Emit(HostEvent::Error {
            code,
            message,
            status,
            at: self.whereabouts(),
        }));
    }

    /// Stops for good; the open challenge ends as abandoned.
    fn stop(&mut self, stop: Stop, now: f64, out: &mut Vec<Effect>) {
        let ended = self.outcomes.abandoned(now);
        self.report(out, ended);
        self.lifecycle = Lifecycle::Stopped(stop);
    }

    /// Reads the job now, unless a read is under way or the server asked to wait.
    fn read_job(&mut self, now: f64, out: &mut Vec<Effect>) {
        if self.read != Read::Idle {
            return;
        }
        let hold = self.schedule.hold_ms(now);
        if hold > 0.0 {
            self.read_at = Some(now + hold);
            return;
        }
        self.read = Read::InFlight;
        // Its reply says when the next one is due.
        self.read_at = None;
        let url = self.settings.endpoints.get_job.clone();
        let body = JobRequest::new(&self.settings.job_id);
        out.push(Effect::Request(
            Purpose::ReadJob,
            self.request(url, body, MAX_JOB_BYTES),
        ));
    }

    /// A Job API request with the host's headers, credentials mode and timeout.
    fn request(&self, url: String, body: JobRequest, max_bytes: usize) -> Request<JobRequest> {
        Request {
            url,
            headers: self.settings.headers.clone(),
            credentials: self.settings.credentials,
            idempotency_key: None,
            body,
            max_bytes,
            timeout_ms: self.settings.intervals.request_timeout_ms,
            keepalive: false,
            ask_headers: self.settings.headers_provided,
        }
    }

    /// Turns challenges that ended into the events to post.
    fn report(&self, out: &mut Vec<Effect>, outcomes: Vec<Outcome>) {
        out.extend(outcomes.iter().map(|o| self.outcome_event(o)));
    }

    /// The posted event for a challenge that ended.
    fn outcome_event(&self, outcome: &Outcome) -> Effect {
        let page = &self.page;
        let body = self
            .settings
            .events
            .body(outcome, &page.timeline, &page.url);
        Effect::PostEvent(Box::new(KountEvent::Outcome(body)))
    }

    /// Whether the user is the one to act on what is shown.
    fn awaits_user(&self) -> bool {
        self.challenge
            .as_deref()
            .is_some_and(Challenge::awaits_user)
    }

    fn poll_delay(&self, now: f64, jitter: f64) -> f64 {
        self.schedule.delay(self.awaits_user(), now, jitter)
    }
}

#[cfg(test)]
mod bank_sim;
#[cfg(test)]
mod tests;
