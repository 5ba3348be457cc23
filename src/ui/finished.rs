//! The end of the job: connected, or why it failed in words.

use crate::core::job::step::{LastStatus, LastStep};
use crate::core::strings::Text;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FinishedProps {
    pub succeeded: bool,
    pub last_step: Option<LastStep>,
    pub last_status: Option<LastStatus>,
}

#[function_component]
pub fn Finished(props: &FinishedProps) -> Html {
    let strings = super::use_strings();
    if props.succeeded {
        html! {
            <div class="mfa-outcome mfa-success" part="outcome" role="status">
                <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::SuccessHeading).to_string() }</h2>
                <p>{ strings.get(Text::SuccessText).to_string() }</p>
            </div>
        }
    } else {
        let message = strings.failure(props.last_step, props.last_status);
        html! {
            <div class="mfa-outcome mfa-failure" part="outcome" role="alert">
                <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::FailureHeading).to_string() }</h2>
                <p>{ message }</p>
            </div>
        }
    }
}
