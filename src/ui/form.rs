//! The challenge form: one component for every kind the user answers by typing or choosing
//! (security questions, delivery method, code or PIN, captcha). It keeps what the user typed
//! (the widget keys it by challenge, so a new challenge starts blank) and on submit asks the
//! core for the answer those fields make (`Challenge::answer`). Each kind draws its fields
//! from its own file. One component type instead of four keeps Yew's per-component code in the
//! wasm once.

use super::fields::Fields;
use super::{captcha, security_questions, token_code, token_methods};
use crate::core::job::answer::Answer;
use crate::core::job::challenge::Challenge;
use crate::core::strings::{Strings, Text};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChallengeFormProps {
    pub challenge: Rc<Challenge>,
    pub strings: Rc<Strings>,
    pub sending: bool,
    /// The id of the message explaining why the last answer failed, if one is shown.
    #[prop_or_default]
    pub error_id: Option<AttrValue>,
    pub on_answer: Callback<Answer>,
}

#[function_component]
pub fn ChallengeForm(props: &ChallengeFormProps) -> Html {
    let typed = use_state(|| props.challenge.blank_answers());
    let group = use_memo((), |_| super::unique_id("method"));
    let onsubmit = {
        let typed = typed.clone();
        let challenge = props.challenge.clone();
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(answer) = challenge.answer(&typed) {
                on_answer.emit(answer);
            }
        })
    };
    let fields = Fields::new(&props.strings, &typed, &props.error_id);
    let (body, submit) = match &*props.challenge {
        Challenge::SecurityQuestions(questions) => (
            security_questions::fields(&fields, questions),
            Text::Continue,
        ),
        Challenge::TokenMethods(methods) => (
            token_methods::fields(&fields, methods, &group),
            Text::SendCode,
        ),
        Challenge::TokenCode(kind) => (token_code::fields(&fields, kind), Text::Verify),
        Challenge::Captcha(Ok(image)) => (captcha::fields(&fields, image), Text::Continue),
        // Drawn by the widget without a form (a button, a notice, a card).
        Challenge::ReadCode(_)
        | Challenge::Captcha(Err(_))
        | Challenge::Succeeded
        | Challenge::Failed { .. }
        | Challenge::Waiting { .. } => return html! {},
    };
    html! {
        <form class="mfa-form" {onsubmit}>
            { body }
            { super::submit_button(&props.strings, submit, props.sending) }
        </form>
    }
}
