//! Security questions: one labelled text input per question, answered together.

use super::fields::Fields;
use crate::core::strings::Text;
use yew::prelude::*;

/// The heading and one input per question (inside the shared challenge form).
pub fn fields(form: &Fields, questions: &[String]) -> Html {
    let inputs = questions.iter().enumerate().map(|(index, question)| {
        html! {
            <label class="mfa-field">
                <span class="mfa-label">{ super::server_text(question) }</span>
                <input aria-invalid={form.invalid()} aria-describedby={form.described_by()} type="text" name={format!("answer-{index}")} required=true autocomplete="off"
                    spellcheck="false" value={form.value(index)} oninput={form.on_input(index)} />
            </label>
        }
    });
    html! {
        <>
            <h2 class="mfa-heading" tabindex="-1">{ form.strings.get(Text::QuestionsHeading).to_string() }</h2>
            { for inputs }
        </>
    }
}
