//! The bank calls the user, who reads this code to the caller, then presses "Verify phone".

use crate::core::job::answer::Answer;
use crate::core::strings::Text;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerifyPhoneProps {
    pub code: String,
    pub sending: bool,
    pub on_answer: Callback<Answer>,
}

#[function_component]
pub fn VerifyPhone(props: &VerifyPhoneProps) -> Html {
    let strings = super::use_strings();
    let onsubmit = {
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_answer.emit(Answer::VerifyPhone);
        })
    };
    // Spaced digits are read out one by one by screen readers, as they are over the phone.
    let spoken: String = props
        .code
        .chars()
        .take(32)
        .map(|c| format!("{c} "))
        .collect();
    html! {
        <form class="mfa-form" {onsubmit}>
            <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::PhoneHeading).to_string() }</h2>
            <p>{ strings.get(Text::PhoneInstructions).to_string() }</p>
            <p class="mfa-code" part="code" aria-label={spoken.trim_end().to_string()}>{ super::server_text(&props.code) }</p>
            { super::submit_button(&strings, Text::VerifyPhone, props.sending) }
        </form>
    }
}
