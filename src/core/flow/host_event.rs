//! What the host hears: each event the flow emits for the page (a DOM event and a config
//! callback), with its detail.

use crate::core::errors::ErrorCode;
use crate::core::job::step::{LastStatus, LastStep};
use crate::core::kount::event::KountEvent;

/// What the host page hears about (DOM events and callbacks).
#[derive(Clone, Debug, PartialEq)]
pub enum HostEvent {
    Challenge {
        kind: &'static str,
    },
    Submit {
        kind: &'static str,
    },
    /// The job logged in; `last_step` is where the bank got to (`AccountList`, …).
    Success {
        last_step: Option<LastStep>,
    },
    Failure {
        message: String,
        last_step: Option<LastStep>,
        last_status: Option<LastStatus>,
    },
    /// The first state was painted (`onReady`), once.
    Ready,
    /// The user cancelled (`onCancel`), once; the widget has stopped.
    Cancel,
    Error {
        code: ErrorCode,
        message: String,
    },
    /// A Kount event: the body posted to `eventsUrl`.
    Event(Box<KountEvent>),
}

impl HostEvent {
    /// The DOM event the host hears it as, and the config callback it is given to (a
    /// callback row of [`crate::core::config::keys::KEYS`]).
    pub fn names(&self) -> (&'static str, &'static str) {
        match self {
            HostEvent::Challenge { .. } => ("mfa:challenge", "onChallenge"),
            HostEvent::Submit { .. } => ("mfa:submit", "onSubmit"),
            HostEvent::Success { .. } => ("mfa:success", "onSuccess"),
            HostEvent::Failure { .. } => ("mfa:failure", "onFailure"),
            HostEvent::Ready => ("mfa:ready", "onReady"),
            HostEvent::Cancel => ("mfa:cancel", "onCancel"),
            HostEvent::Error { .. } => ("mfa:error", "onError"),
            HostEvent::Event(_) => ("mfa:outcome", "onEvent"),
        }
    }
}
