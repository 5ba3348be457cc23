//! A message above the challenge: an answer that was not accepted, a connection problem (with
//! a "Try again" button), or why the widget stopped.

use crate::core::flow::Notice as NoticeKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: NoticeKind,
    /// Inputs refer to it with `aria-describedby`.
    pub id: AttrValue,
    pub on_retry: Callback<()>,
}

#[function_component]
pub fn Notice(props: &NoticeProps) -> Html {
    let text = match props.notice {
        NoticeKind::Rejected => {
            "Your bank's service did not accept that answer. Check it and try again."
        }
        NoticeKind::SendFailed => {
            "Your answer could not be sent. Check your connection and try again."
        }
        NoticeKind::Reconnecting => "Reconnecting… Your answers are kept.",
        NoticeKind::SessionExpired => "Your session has expired. Please start again.",
        NoticeKind::JobNotFound => "We could not find this connection request. Please start again.",
    };
    let retry = (props.notice == NoticeKind::Reconnecting).then(|| {
        let on_retry = props.on_retry.clone();
        html! {
            <button type="button" class="mfa-retry" part="retry" onclick={move |_| on_retry.emit(())}>
                { "Try again" }
            </button>
        }
    });
    html! {
        <div class="mfa-notice" part="notice" role="alert" id={props.id.clone()}>
            <p>{ text }</p>
            { for retry }
        </div>
    }
}
