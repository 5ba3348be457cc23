//! The answer's way: the user submits, the request goes (delivered even if the widget goes
//! away), and the bank's verdict (accepted, refused, or no verdict at all) decides the screen.

use super::{reply, Alert, Effect, Flow, HostEvent, Read, MAX_VERDICT_BYTES};
use crate::core::errors::ErrorCode;
use crate::core::io::{Purpose, Reply, Request};
use crate::core::job::answer::{Answer, Verdict};
use crate::core::job::challenge::Challenge;
use std::rc::Rc;

impl Flow {
    pub(super) fn on_submit(&mut self, answer: Answer, now: f64, out: &mut Vec<Effect>) {
        if self.answering.is_some() || !self.awaits_user() {
            return;
        }
        self.answering = Some(self.generation);
        if self.alert != Some(Alert::Reconnecting) {
            self.alert = None;
        }
        self.outcomes.submitted(&answer, now);
        out.push(Effect::Emit(HostEvent::Submit {
            kind: answer.kind_name(),
        }));
        let url = self.settings.endpoint(answer.endpoint()).to_string();
        // The answer is moved into the body: nothing here keeps it.
        let body = answer.into_body(&self.settings.job_id, self.settings.list_style);
        // Delivered even if the widget is destroyed or the page left meanwhile.
        let request = Request {
            keepalive: true,
            ..self.request(url, body, MAX_VERDICT_BYTES)
        };
        out.push(Effect::Request(Purpose::Answer, request));
    }

    pub(super) fn on_verdict(
        &mut self,
        reply: Reply,
        now: f64,
        jitter: f64,
        out: &mut Vec<Effect>,
    ) {
        if self.answering.take() != Some(self.generation) {
            // A read showed the bank past that challenge while the answer was on its way, and
            // closed it then: this reply is about a screen that is gone.
            return;
        }
        let status = reply.status();
        let (code, message) = match reply::verdict(reply) {
            Ok(Verdict::Accepted) => return self.on_accepted(now, jitter, out),
            Ok(Verdict::Rejected) => {
                self.outcomes.replied(false);
                self.alert = Some(Alert::Rejected);
                let message = "the bank did not accept the answer";
                (ErrorCode::AnswerRejected, message.into())
            }
            Ok(Verdict::Unexpected) => {
                self.alert = Some(Alert::SendFailed);
                let message = "the answer service replied neither 0 nor -1";
                (ErrorCode::AnswerFailed, message.into())
            }
            Err(message) => {
                self.alert = Some(Alert::SendFailed);
                (ErrorCode::AnswerFailed, message)
            }
        };
        self.emit_error(code, message, status, out);
    }

    fn on_accepted(&mut self, now: f64, jitter: f64, out: &mut Vec<Effect>) {
        self.outcomes.replied(true);
        self.schedule.answer_accepted(now);
        self.generation += 1;
        let last_step = self.challenge.as_deref().and_then(Challenge::answered_step);
        self.challenge = Some(Rc::new(Challenge::Waiting { last_step }));
        let first_look = self.poll_delay(now, jitter);
        if self.read != Read::Idle {
            self.read = Read::Stale;
        } else if first_look > self.schedule.intervals().after_submit_ms {
            // No use asking before the bank usually answers.
            self.read_at = Some(now + first_look);
        } else {
            self.read_job(now, out);
        }
    }
}
