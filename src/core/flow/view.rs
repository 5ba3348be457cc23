//! What the screen shows, as the flow decides it: the view renders this and nothing else.

use super::{Flow, Lifecycle, Stop};
use crate::core::job::challenge::Challenge;
use std::rc::Rc;

/// The last trouble, shown above the challenge until it passes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Alert {
    /// The answer endpoint replied `-1`.
    Rejected,
    /// The answer could not be delivered.
    SendFailed,
    /// Job reads have failed for a while; retrying (with a "Try again" button).
    Reconnecting,
}

/// A message shown above the current challenge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Notice {
    Alert(Alert),
    /// The Job API answered 401/403: the host's session is over. The widget stops.
    SessionExpired,
    /// The Job API does not know the job (404). The widget stops.
    JobNotFound,
    /// The user cancelled. The widget stops.
    Cancelled,
}

/// The time left to answer, when the host set `challengeDeadlineMs`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Countdown {
    pub seconds: u32,
}

/// One frame of the widget.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The challenge under the notice; `None` before the first snapshot, and once the widget
    /// stopped with a notice that says why on its own.
    pub challenge: Option<Rc<Challenge>>,
    /// Before the first snapshot: the loading card.
    pub loading: bool,
    pub notice: Option<Notice>,
    /// Changes whenever a form must start empty (a new challenge, an accepted answer).
    pub generation: u32,
    /// An answer is on its way: the submit button waits.
    pub sending: bool,
    pub countdown: Option<Countdown>,
    /// Offer a Cancel action.
    pub cancel: bool,
    /// The state's name (`data-state`, performance marks): a challenge kind, or "loading".
    pub state_name: &'static str,
}

impl View {
    /// Whether the notice is about the answer just sent (the form points at it).
    pub fn answer_failed(&self) -> bool {
        matches!(
            self.notice,
            Some(Notice::Alert(Alert::Rejected | Alert::SendFailed))
        )
    }

    /// Whether the user is the one to act on what is shown (a new one takes the focus).
    pub fn awaits_user(&self) -> bool {
        self.challenge
            .as_deref()
            .is_some_and(Challenge::awaits_user)
    }
}

impl Flow {
    /// The whole seconds left to answer, and when that number changes next (none at zero),
    /// while a challenge with a deadline waits for the user.
    pub(super) fn countdown(&self, now_ms: f64) -> Option<(u32, Option<f64>)> {
        let deadline = self.outcomes.deadline_at().filter(|_| self.awaits_user())?;
        let left = (deadline - now_ms).max(0.0);
        let seconds = (left / 1000.0).ceil();
        let next = (seconds > 0.0).then_some(deadline - (seconds - 1.0) * 1000.0);
        Some((seconds as u32, next))
    }

    /// What to show at `now_ms` (monotonic; the countdown depends on it).
    pub fn view(&self, now_ms: f64) -> View {
        let stopped_notice = match self.lifecycle {
            Lifecycle::Stopped(Stop::SessionExpired) => Some(Notice::SessionExpired),
            Lifecycle::Stopped(Stop::JobNotFound) => Some(Notice::JobNotFound),
            Lifecycle::Stopped(Stop::Cancelled) => Some(Notice::Cancelled),
            _ => None,
        };
        let notice = stopped_notice.or(self.alert.map(Notice::Alert));
        let shown = self.challenge.clone().filter(|_| stopped_notice.is_none());
        let countdown = self
            .countdown(now_ms)
            .map(|(seconds, _)| Countdown { seconds });
        View {
            loading: self.challenge.is_none() && stopped_notice.is_none(),
            challenge: shown,
            notice,
            generation: self.generation,
            sending: self.answering.is_some(),
            countdown,
            cancel: self.settings.cancelable && !self.is_finished(),
            state_name: self
                .challenge
                .as_deref()
                .map_or("loading", |challenge| challenge.kind().name()),
        }
    }
}
