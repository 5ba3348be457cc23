//! A captcha: the checked image and one input. An image that failed the checks is never shown.

use super::fields::Fields;
use crate::core::job::captcha::CaptchaImage;
use crate::core::strings::{Strings, Text};
use yew::prelude::*;

/// The heading, the image and its input (inside the shared challenge form).
pub fn fields(form: &Fields, image: &CaptchaImage) -> Html {
    let strings = form.strings;
    html! {
        <>
            <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::CaptchaHeading).to_string() }</h2>
            <img class="mfa-captcha" part="captcha" src={image.data_url.clone()}
                alt={strings.get(Text::CaptchaAlt).to_string()} />
            <label class="mfa-field">
                <span class="mfa-label">{ strings.get(Text::CaptchaLabel).to_string() }</span>
                <input aria-invalid={form.invalid()} aria-describedby={form.described_by()} type="text" name="captcha" required=true autocomplete="off" autocapitalize="off"
                    spellcheck="false" value={form.value(0)} oninput={form.on_input(0)} />
            </label>
        </>
    }
}

/// Shown instead of the form when the bank's picture is not a real image (a plain function).
pub fn unreadable_captcha(strings: &Strings) -> Html {
    html! {
        <div class="mfa-form">
            <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::CaptchaUnreadableHeading).to_string() }</h2>
            <p role="alert">{ strings.get(Text::CaptchaUnreadable).to_string() }</p>
        </div>
    }
}
