//! Waiting while the bank works, saying what it is doing (from `LastStep`).

use crate::core::job::step::LastStep;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub last_step: Option<LastStep>,
}

#[function_component]
pub fn Progress(props: &ProgressProps) -> Html {
    let strings = super::use_strings();
    html! {
        <div class="mfa-progress" part="progress" role="status">
            <span class="mfa-spinner" aria-hidden="true"></span>
            <p class="mfa-progress-text">{ strings.activity(props.last_step).to_string() }</p>
        </div>
    }
}
