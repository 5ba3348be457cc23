//! Yew components: the root `widget` draws the frame the core's flow gives and sends inputs
//! back (it imports nothing from `crate::browser`); `form` is the one stateful form every typed
//! or chosen answer goes through, `fields` what each kind's fields share with it;
//! every challenge kind draws itself from its own file (plain functions) and only sends answers
//! up.

pub mod captcha;
pub mod countdown;
pub mod fields;
pub mod finished;
pub mod form;
pub mod host;
pub mod notice;
pub mod progress;
pub mod security_questions;
pub mod token_code;
pub mod token_methods;
pub mod verify_phone;
pub mod widget;

use crate::core::job::text::decode_references;
use crate::core::strings::{Strings, Text};
use std::sync::atomic::{AtomicU32, Ordering};

/// A page-unique id prefix, so several widgets on one page never share radio groups or ids.
pub(crate) fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("mfa-{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Server text longer than this is cut on screen; the whole of it stays available to
/// assistive technology.
pub(crate) const VISIBLE_CHARS: usize = 200;

/// Text that came from the bank's server: its character references decoded (`&#39;` is `'`,
/// `&lt;b&gt;` the text `<b>`), always a text node (never markup), isolated from the
/// surrounding text's direction (`<bdi>`, so bidi control characters cannot reorder the
/// widget's own words), and cut to a sane length.
pub(crate) fn server_text(text: &str) -> yew::Html {
    let text = &*decode_references(text);
    if text.chars().count() <= VISIBLE_CHARS {
        return yew::html! { <bdi>{ text.to_string() }</bdi> };
    }
    let cut: String = text.chars().take(VISIBLE_CHARS).collect();
    yew::html! {
        <>
            <bdi aria-hidden="true">{ format!("{cut}…") }</bdi>
            <span class="mfa-sr-only">{ text.to_string() }</span>
        </>
    }
}

/// The submit button every challenge form shares: disabled (and saying so) while sending.
pub(crate) fn submit_button(strings: &Strings, label: Text, sending: bool) -> yew::Html {
    let text = strings
        .get(if sending { Text::Sending } else { label })
        .to_string();
    yew::html! {
        <button type="submit" class="mfa-submit" part="submit" disabled={sending} aria-disabled={sending.to_string()}>
            { text }
        </button>
    }
}
