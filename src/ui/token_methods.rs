//! Where to send the code: one labelled radio per delivery method the bank offers.

use crate::core::job::answer::Answer;
use crate::core::strings::Text;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TokenMethodsProps {
    pub methods: Vec<String>,
    pub sending: bool,
    /// The id of the message explaining why the last answer failed, if one is shown.
    #[prop_or_default]
    pub error_id: Option<AttrValue>,
    pub on_answer: Callback<Answer>,
}

#[function_component]
pub fn TokenMethods(props: &TokenMethodsProps) -> Html {
    let strings = super::use_strings();
    let group = use_memo((), |_| super::unique_id("method"));
    // A single method is chosen already: the user only confirms it.
    let chosen = use_state(|| (props.methods.len() == 1).then_some(0usize));
    let onsubmit = {
        let chosen = chosen.clone();
        let methods = props.methods.clone();
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(method) = chosen.and_then(|i| methods.get(i)) {
                on_answer.emit(Answer::TokenChoice(method.clone()));
            }
        })
    };
    let options = props.methods.iter().enumerate().map(|(index, method)| {
        let onchange = {
            let chosen = chosen.clone();
            Callback::from(move |_: Event| chosen.set(Some(index)))
        };
        html! {
            <label class="mfa-choice">
                <input aria-invalid={props.error_id.is_some().then_some("true")} aria-describedby={props.error_id.clone()} type="radio" name={(*group).clone()} value={index.to_string()} required=true
                    checked={*chosen == Some(index)} {onchange} />
                <span>{ super::server_text(method) }</span>
            </label>
        }
    });
    html! {
        <form class="mfa-form" {onsubmit}>
            <fieldset class="mfa-fieldset">
                <legend><h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::MethodsHeading).to_string() }</h2></legend>
                { for options }
            </fieldset>
            { super::submit_button(&strings, Text::SendCode, props.sending) }
        </form>
    }
}
