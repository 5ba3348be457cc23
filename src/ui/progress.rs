//! Waiting while the bank works, saying what it is doing (from `LastStep`). A plain function:
//! no state.

use crate::core::job::step::LastStep;
use crate::core::strings::Strings;
use yew::prelude::*;

pub fn progress(strings: &Strings, last_step: Option<LastStep>) -> Html {
    html! {
        <div class="mfa-progress" part="progress" role="status">
            <span class="mfa-spinner" aria-hidden="true"></span>
            <p class="mfa-progress-text">{ strings.activity(last_step).to_string() }</p>
        </div>
    }
}
