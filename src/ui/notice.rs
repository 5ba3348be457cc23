//! A message above the challenge: an answer that was not accepted, a connection problem (with
//! a "Try again" button), or why the widget stopped. A plain function: no state.

use crate::core::flow::{Alert, Notice};
use crate::core::strings::{Strings, Text};
use yew::prelude::*;

/// `id`: inputs refer to it with `aria-describedby`.
pub fn notice(strings: &Strings, notice: Notice, id: &AttrValue, on_retry: &Callback<()>) -> Html {
    let text = strings.get(match notice {
        Notice::Alert(Alert::Rejected) => Text::Rejected,
        Notice::Alert(Alert::SendFailed) => Text::SendFailed,
        Notice::Alert(Alert::Reconnecting) => Text::Reconnecting,
        Notice::SessionExpired => Text::SessionExpired,
        Notice::JobNotFound => Text::JobNotFound,
        Notice::Cancelled => Text::Cancelled,
    });
    let retry = (notice == Notice::Alert(Alert::Reconnecting)).then(|| {
        let on_retry = on_retry.clone();
        html! {
            <button type="button" class="mfa-retry" part="retry" onclick={move |_| on_retry.emit(())}>
                { strings.get(Text::TryAgain).to_string() }
            </button>
        }
    });
    html! {
        <div class="mfa-notice" part="notice" role="alert" id={id.clone()}>
            <p>{ text.to_string() }</p>
            { for retry }
        </div>
    }
}
