//! Where to send the code: one labelled radio per delivery method the bank offers.

use super::fields::Fields;
use crate::core::strings::Text;
use yew::prelude::*;

/// The methods as one radio group named `group` (inside the shared challenge form). A single
/// method is chosen already: the user only confirms it.
pub fn fields(form: &Fields, methods: &[String], group: &str) -> Html {
    let chosen = form.value(0);
    let options = methods.iter().enumerate().map(|(index, method)| {
        let value = index.to_string();
        html! {
            <label class="mfa-choice">
                <input aria-invalid={form.invalid()} aria-describedby={form.described_by()} type="radio" name={group.to_string()} value={value.clone()} required=true
                    checked={chosen == value} onchange={form.on_choose(index)} />
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
