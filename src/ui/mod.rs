//! Yew components: the root `widget` owns the core's `Flow` and performs its effects through
//! `crate::browser`; every challenge kind renders from its own file and only sends answers up.

pub mod captcha;
pub mod finished;
pub mod notice;
pub mod progress;
pub mod security_questions;
pub mod token_code;
pub mod token_methods;
pub mod verify_phone;
pub mod widget;

use std::sync::atomic::{AtomicU32, Ordering};

/// A page-unique id prefix, so several widgets on one page never share radio groups or ids.
pub(crate) fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("mfa-{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The submit button every challenge form shares: disabled (and saying so) while sending.
pub(crate) fn submit_button(label: &str, sending: bool) -> yew::Html {
    yew::html! {
        <button type="submit" class="mfa-submit" part="submit" disabled={sending} aria-disabled={sending.to_string()}>
            { if sending { "Sending…" } else { label } }
        </button>
    }
}
