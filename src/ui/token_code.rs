//! The one-time code or PIN the bank sent, in one input the phone can autofill.

use super::fields::Fields;
use crate::core::job::challenge::TokenKind;
use crate::core::strings::Text;
use yew::prelude::*;

/// The heading and the code's input (inside the shared challenge form).
pub fn fields(form: &Fields, kind: &TokenKind) -> Html {
    let strings = form.strings;
    let (heading, label) = match kind {
        TokenKind::OneTimeCode => (Text::CodeHeading, strings.get(Text::CodeLabel).to_string()),
        TokenKind::Pin => (Text::PinHeading, strings.get(Text::PinLabel).to_string()),
        TokenKind::Named(name) => (Text::CodeHeading, name.clone()),
    };
    let input_type = if *kind == TokenKind::Pin {
        "password"
    } else {
        "text"
    };
    html! {
        <>
            <h2 class="mfa-heading" tabindex="-1">{ strings.get(heading).to_string() }</h2>
            <label class="mfa-field">
                <span class="mfa-label">{ super::server_text(&label) }</span>
                <input aria-invalid={form.invalid()} aria-describedby={form.described_by()} type={input_type} name="token" required=true autocomplete="one-time-code"
                    spellcheck="false" value={form.value(0)} oninput={form.on_input(0)} />
            </label>
        </>
    }
}
