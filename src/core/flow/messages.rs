//! What the flow is fed ([`Input`]: what happened) and what it asks the runtime to do
//! ([`Effect`]: requests, its one wake-up, what the host and Kount are told).

use super::HostEvent;
use crate::core::io::{Purpose, Reply, Request};
use crate::core::job::answer::{Answer, JobRequest};
use crate::core::kount::event::KountEvent;
use crate::core::pairs::Pairs;

/// Something that happened, fed to [`Flow::step`](super::Flow::step).
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Start,
    /// A request of [`Effect::Request`] ended, as it happened.
    Replied(Purpose, Reply),
    /// The time [`Effect::WakeAt`] asked for has come.
    Wake,
    /// The user submitted an answer.
    Submit(Answer),
    /// The challenge on screen was painted (the frame after it was rendered) where the user
    /// can see it.
    Painted,
    /// It was painted, but its box takes no room on the page (`display: none`): a copy the
    /// user cannot see (a responsive page's hidden block) shows nothing.
    PaintedHidden,
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
    /// The host renewed its headers (a new token): the next request carries them; nothing
    /// restarts.
    Headers(Pairs),
}

/// Something the runtime must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Send this request; feed its reply back as [`Input::Replied`] with this purpose.
    Request(Purpose, Request<JobRequest>),
    /// Feed [`Input::Wake`] at this monotonic time (replacing any earlier wake-up); `None`:
    /// no wake-up. Said whenever the flow's next deadline changes (see [`Flow::step`](super::Flow::step)).
    WakeAt(Option<f64>),
    Emit(HostEvent),
    /// Post this Kount event to `eventsUrl` (when set) and hand it to the host.
    PostEvent(Box<KountEvent>),
}
