//! The end of the job: connected, or why it failed in words. A plain function, not a component:
//! it has no state, and every component type costs the wasm Yew's lifecycle code again.

use crate::core::job::step::{LastStatus, LastStep};
use crate::core::strings::{Strings, Text};
use yew::prelude::*;

/// Connected (`None`), or the job failed at `step` with `status`.
pub fn finished(strings: &Strings, failed: Option<(Option<LastStep>, Option<LastStatus>)>) -> Html {
    match failed {
        None => html! {
            <div class="mfa-outcome mfa-success" part="outcome" role="status">
                <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::SuccessHeading).to_string() }</h2>
                <p>{ strings.get(Text::SuccessText).to_string() }</p>
            </div>
        },
        Some((step, status)) => html! {
            <div class="mfa-outcome mfa-failure" part="outcome" role="alert">
                <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::FailureHeading).to_string() }</h2>
                <p>{ strings.failure(step, status) }</p>
            </div>
        },
    }
}
