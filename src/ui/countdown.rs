//! The time left to answer, when the host configured `challengeDeadlineMs`. A plain function:
//! the flow says how many seconds are left and wakes itself when that number changes; the
//! runtime draws after every step.

use yew::prelude::*;

/// `template`: the words around the time (`Text::TimeLeft`, with `{time}` in it).
pub fn countdown(template: &str, seconds: u32) -> Html {
    let time = format!("{}:{:02}", seconds / 60, seconds % 60);
    html! {
        // A timer is not announced every second (role="timer" is polite-off by default).
        <p class="mfa-countdown" part="countdown" role="timer">
            { template.replace("{time}", &time) }
        </p>
    }
}
