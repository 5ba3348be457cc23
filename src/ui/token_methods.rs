//! Where to send the code: one labelled radio per delivery method the bank offers.

use super::fields::Fields;
use crate::core::strings::Text;
use yew::prelude::*;

/// The methods as one radio group named `group` (inside the shared challenge form). A single
/// method is chosen already: the user only confirms it.
pub fn fields(form: &Fields, methods: &[String], group: &str) -> Html {
    let chosen = form.chosen();
    let options = methods.iter().enumerate().map(|(index, method)| {
        html! {
            <label class="mfa-choice">
                <input aria-invalid={form.invalid()} aria-describedby={form.described_by()} type="radio" name={group.to_string()} value={index.to_string()} required=true
                    checked={chosen == Some(index)} onchange={form.on_choose(index)} />
                <span>{ super::server_text(method) }</span>
            </label>
        }
    });
    html! {
        <fieldset class="mfa-fieldset">
            <legend><h2 class="mfa-heading" tabindex="-1">{ form.strings.get(Text::MethodsHeading).to_string() }</h2></legend>
            { for options }
        </fieldset>
    }
}
