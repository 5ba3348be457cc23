//! The challenge form: one component for every kind the user answers by typing or choosing
//! (security questions, delivery method, code or PIN, captcha). It keeps what the user typed
//! (the widget keys it by challenge, so a new challenge starts blank) and on submit asks the
//! core for the answer those fields make (`Challenge::answer`). Each kind draws its fields
//! from its own file. One component type instead of four keeps Yew's per-component code in the
//! wasm once.

use super::{captcha, security_questions, token_code, token_methods};
use crate::core::job::answer::Answer;
use crate::core::job::challenge::Challenge;
use crate::core::strings::{Strings, Text};
use std::rc::Rc;
use web_sys::HtmlInputElement;
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

/// What a kind's fields draw from: the strings, what was typed, and the error to point at.
pub struct Fields<'a> {
    pub strings: &'a Strings,
    typed: &'a UseStateHandle<Vec<String>>,
    error_id: &'a Option<AttrValue>,
}

impl Fields<'_> {
    /// What the user typed into field `index` (or, for a choice, the chosen index).
    pub fn value(&self, index: usize) -> String {
        self.typed.get(index).cloned().unwrap_or_default()
    }

    /// Keeps what the user types into field `index`.
    pub fn on_input(&self, index: usize) -> Callback<InputEvent> {
        let typed = self.typed.clone();
        Callback::from(move |e: InputEvent| {
            keep(
                &typed,
                index,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            )
        })
    }

    /// Keeps choice `index` as the answer of the form's one choice.
    pub fn on_choose(&self, index: usize) -> Callback<Event> {
        let typed = self.typed.clone();
        Callback::from(move |_: Event| keep(&typed, 0, index.to_string()))
    }

    /// `aria-invalid` for every field while the last answer's failure is shown.
    pub fn invalid(&self) -> Option<&'static str> {
        self.error_id.is_some().then_some("true")
    }

    /// `aria-describedby`: the failure message, while it is shown.
    pub fn described_by(&self) -> Option<AttrValue> {
        self.error_id.clone()
    }
}

fn keep(typed: &UseStateHandle<Vec<String>>, index: usize, value: String) {
    let mut next = (**typed).clone();
    if let Some(slot) = next.get_mut(index) {
        *slot = value;
    }
    typed.set(next);
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
    let fields = Fields {
        strings: &props.strings,
        typed: &typed,
        error_id: &props.error_id,
    };
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
        _ => return html! {},
    };
    html! {
        <form class="mfa-form" {onsubmit}>
            { body }
            { super::submit_button(&props.strings, submit, props.sending) }
        </form>
    }
}
