//! The end of the job: connected, or why it failed in words.

use crate::core::progress::failure_message;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FinishedProps {
    pub succeeded: bool,
    pub last_step: Option<String>,
    pub last_status: Option<String>,
}

#[function_component]
pub fn Finished(props: &FinishedProps) -> Html {
    if props.succeeded {
        html! {
            <div class="mfa-outcome mfa-success" part="outcome">
                <h2 class="mfa-heading" tabindex="-1">{ "Your account is connected" }</h2>
                <p>{ "Your bank accepted the verification. You can close this window." }</p>
            </div>
        }
    } else {
        let message = failure_message(props.last_step.as_deref(), props.last_status.as_deref());
        html! {
            <div class="mfa-outcome mfa-failure" part="outcome" role="alert">
                <h2 class="mfa-heading" tabindex="-1">{ "Connection failed" }</h2>
                <p>{ message }</p>
            </div>
        }
    }
}
