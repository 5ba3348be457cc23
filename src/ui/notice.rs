//! A message above the challenge: an answer that was not accepted, a connection problem (with
//! a "Try again" button), or why the widget stopped.

use crate::core::flow::Notice as NoticeKind;
use crate::core::strings::Text;
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
    let strings = super::use_strings();
    let text = strings.get(match props.notice {
        NoticeKind::Rejected => Text::Rejected,
        NoticeKind::SendFailed => Text::SendFailed,
        NoticeKind::Reconnecting => Text::Reconnecting,
        NoticeKind::SessionExpired => Text::SessionExpired,
        NoticeKind::JobNotFound => Text::JobNotFound,
        NoticeKind::Cancelled => Text::Cancelled,
    });
    let retry = (props.notice == NoticeKind::Reconnecting).then(|| {
        let on_retry = props.on_retry.clone();
        html! {
            <button type="button" class="mfa-retry" part="retry" onclick={move |_| on_retry.emit(())}>
                { strings.get(Text::TryAgain).to_string() }
            </button>
        }
    });
    html! {
        <div class="mfa-notice" part="notice" role="alert" id={props.id.clone()}>
            <p>{ text.to_string() }</p>
            { for retry }
        </div>
    }
}
