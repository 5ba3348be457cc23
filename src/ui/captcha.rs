//! A captcha: the checked image and one input. An image that failed the checks is never shown.

use crate::core::job::answer::Answer;
use crate::core::job::captcha::CaptchaImage;
use crate::core::strings::{Strings, Text};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CaptchaProps {
    pub image: CaptchaImage,
    pub sending: bool,
    /// The id of the message explaining why the last answer failed, if one is shown.
    #[prop_or_default]
    pub error_id: Option<AttrValue>,
    pub on_answer: Callback<Answer>,
}

#[function_component]
pub fn Captcha(props: &CaptchaProps) -> Html {
    let strings = super::use_strings();
    let text = use_state(String::new);
    let onsubmit = {
        let text = text.clone();
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !text.trim().is_empty() {
                on_answer.emit(Answer::Captcha(text.trim().to_string()));
            }
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <form class="mfa-form" {onsubmit}>
            <h2 class="mfa-heading" tabindex="-1">{ strings.get(Text::CaptchaHeading).to_string() }</h2>
            <img class="mfa-captcha" part="captcha" src={props.image.data_url.clone()}
                alt={strings.get(Text::CaptchaAlt).to_string()} />
            <label class="mfa-field">
                <span class="mfa-label">{ strings.get(Text::CaptchaLabel).to_string() }</span>
                <input aria-invalid={props.error_id.is_some().then_some("true")} aria-describedby={props.error_id.clone()} type="text" name="captcha" required=true autocomplete="off" autocapitalize="off"
                    spellcheck="false" value={(*text).clone()} {oninput} />
            </label>
            { super::submit_button(&strings, Text::Continue, props.sending) }
        </form>
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
