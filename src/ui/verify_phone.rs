//! The bank calls the user, who reads this code to the caller, then presses "Verify phone". A
//! plain function: nothing is typed, so there is no state.

use crate::core::job::answer::Answer;
use crate::core::job::text::decode_references;
use crate::core::strings::{Strings, Text};
use yew::prelude::*;

pub fn verify_phone(
    strings: &Strings,
    code: &str,
    sending: bool,
    on_answer: &Callback<Answer>,
) -> Html {
    let onsubmit = {
        let on_answer = on_answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_answer.emit(Answer::VerifyPhone);
        })
    };
    // Spaced digits are read out one by one by screen readers, as they are over the phone.
    let spoken: String = decode_references(code)
        .chars()
        .take(32)
        .map(|c| format!("{c} "))
        .collect();
    html! {
        <form class="mfa-form" {onsubmit}>
            <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::PhoneHeading).to_string() }</h2>
            <p>{ strings.get(Text::PhoneInstructions).to_string() }</p>
            <p class="mfa-code" part="code" aria-label={spoken.trim_end().to_string()}>{ super::server_text(code) }</p>
            { super::submit_button(strings, Text::VerifyPhone, sending) }
        </form>
    }
}
