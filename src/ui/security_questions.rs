//! Security questions: one labelled text input per question, answered together.

use crate::core::job::answer::Answer;
use crate::core::strings::Text;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SecurityQuestionsProps {
    pub questions: Vec<String>,
    pub sending: bool,
    /// The id of the message explaining why the last answer failed, if one is shown.
    #[prop_or_default]
    pub error_id: Option<AttrValue>,
    pub on_answer: Callback<Answer>,
}

#[function_component]
pub fn SecurityQuestions(props: &SecurityQuestionsProps) -> Html {
    let strings = super::use_strings();
    let answers = use_state(|| vec![String::new(); props.questions.len()]);
    let onsubmit = {
        let answers = answers.clone();
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if answers.iter().all(|a| !a.trim().is_empty()) {
                on_answer.emit(Answer::SecurityAnswers(
                    answers.iter().map(|a| a.trim().to_string()).collect(),
                ));
            }
        })
    };
    let inputs = props.questions.iter().enumerate().map(|(index, question)| {
        let oninput = {
            let answers = answers.clone();
            Callback::from(move |e: InputEvent| {
                let value = e.target_unchecked_into::<HtmlInputElement>().value();
                let mut next = (*answers).clone();
                if let Some(slot) = next.get_mut(index) {
                    *slot = value;
                }
                answers.set(next);
            })
        };
        html! {
            <label class="mfa-field">
                <span class="mfa-label">{ super::server_text(question) }</span>
                <input aria-invalid={props.error_id.is_some().then_some("true")} aria-describedby={props.error_id.clone()} type="text" name={format!("answer-{index}")} required=true autocomplete="off"
                    spellcheck="false" value={answers.get(index).cloned().unwrap_or_default()} {oninput} />
            </label>
        }
    });
    html! {
        <form class="mfa-form" {onsubmit}>
            <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::QuestionsHeading).to_string() }</h2>
            { for inputs }
            { super::submit_button(&strings, Text::Continue, props.sending) }
        </form>
    }
}
