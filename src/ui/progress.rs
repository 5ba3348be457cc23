//! Waiting while the bank works, saying what it is doing (from `LastStep`).

use crate::core::progress::step_activity;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub last_step: Option<String>,
}

#[function_component]
pub fn Progress(props: &ProgressProps) -> Html {
    let strings = super::use_strings();
    html! {
        <div class="mfa-progress" part="progress" role="status">
            <span class="mfa-spinner" aria-hidden="true"></span>
            <p class="mfa-progress-text">{ strings.get(step_activity(props.last_step.as_deref())).to_string() }</p>
        </div>
    }
}
