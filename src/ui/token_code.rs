//! The one-time code or PIN the bank sent, in one input the phone can autofill.

use crate::core::job::answer::Answer;
use crate::core::job::challenge::TokenKind;
use crate::core::strings::Text;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TokenCodeProps {
    pub kind: TokenKind,
    pub sending: bool,
    /// The id of the message explaining why the last answer failed, if one is shown.
    #[prop_or_default]
    pub error_id: Option<AttrValue>,
    pub on_answer: Callback<Answer>,
}

#[function_component]
pub fn TokenCode(props: &TokenCodeProps) -> Html {
    let code = use_state(String::new);
    let strings = super::use_strings();
    let (heading, label) = match &props.kind {
        TokenKind::OneTimeCode => (Text::CodeHeading, strings.get(Text::CodeLabel).to_string()),
        TokenKind::Pin => (Text::PinHeading, strings.get(Text::PinLabel).to_string()),
        TokenKind::Named(name) => (Text::CodeHeading, name.clone()),
    };
    let heading = strings.get(heading).to_string();
    let onsubmit = {
        let code = code.clone();
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !code.trim().is_empty() {
                on_answer.emit(Answer::TokenCode(code.trim().to_string()));
            }
        })
    };
    let oninput = {
        let code = code.clone();
        Callback::from(move |e: InputEvent| {
            code.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let input_type = if props.kind == TokenKind::Pin {
        "password"
    } else {
        "text"
    };
    html! {
        <form class="mfa-form" {onsubmit}>
            <h2 class="mfa-heading" tabindex="-1">{ heading }</h2>
            <label class="mfa-field">
                <span class="mfa-label">{ super::server_text(&label) }</span>
                <input aria-invalid={props.error_id.is_some().then_some("true")} aria-describedby={props.error_id.clone()} type={input_type} name="token" required=true autocomplete="one-time-code"
                    spellcheck="false" value={(*code).clone()} {oninput} />
            </label>
            { super::submit_button(&strings, Text::Verify, props.sending) }
        </form>
    }
}
