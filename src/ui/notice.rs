//! A message above the challenge: an answer that was not accepted, or a connection problem.

use crate::core::flow::Notice as NoticeKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: NoticeKind,
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
        NoticeKind::Reconnecting => "Reconnecting…",
    };
    html! { <p class="mfa-notice" part="notice" role="alert">{ text }</p> }
}
