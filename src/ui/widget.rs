//! The root component: draws the frame the flow gives ([`View`]) and sends what the user does
//! back as [`Input`]s. It holds no policy and does no IO (`browser::runtime` runs the flow);
//! its own state is only the view's: the notice's id and where focus goes.

use super::captcha::unreadable_captcha;
use super::countdown::countdown;
use super::finished::finished;
use super::form::ChallengeForm;
use super::notice::notice;
use super::progress::progress;
use super::verify_phone::verify_phone;
use crate::core::flow::{Input, View};
use crate::core::job::challenge::Challenge;
use crate::core::strings::{Strings, Text};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct WidgetProps {
    /// What the flow says the screen shows now.
    pub view: View,
    /// Every word shown, in the configured locale with the host's overrides.
    pub strings: Rc<Strings>,
    /// What the user does, to the runtime.
    pub on_input: Callback<Input>,
}

/// The MFA widget's card.
pub struct Widget {
    /// The notice's element id, for the inputs' `aria-describedby`.
    notice_id: AttrValue,
    /// The card, to move focus to a new challenge's heading.
    card: NodeRef,
    /// The form generation whose heading took the focus.
    focused_generation: Option<u32>,
    /// The form generation whose heading was last asked to take it.
    tried_generation: Option<u32>,
}

impl Component for Widget {
    type Message = ();
    type Properties = WidgetProps;

    fn create(_ctx: &Context<Self>) -> Self {
        Widget {
            notice_id: AttrValue::from(super::unique_id("notice")),
            card: NodeRef::default(),
            focused_generation: None,
            tried_generation: None,
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let WidgetProps {
            view,
            strings,
            on_input,
        } = ctx.props();
        let on_answer = on_input.reform(Input::Submit);
        let error_id = view.answer_failed().then(|| self.notice_id.clone());
        let sending = view.sending;
        let key = view.generation.to_string();
        let body = match (&view.challenge, view.loading) {
            (_, true) => progress(strings, None),
            (None, false) => html! {},
            (Some(challenge), false) => match &**challenge {
                Challenge::SecurityQuestions(_)
                | Challenge::TokenMethods(_)
                | Challenge::TokenCode(_)
                | Challenge::Captcha(Ok(_)) => html! {
                    <ChallengeForm {key} challenge={challenge.clone()} strings={strings.clone()} {sending} {on_answer} {error_id} />
                },
                Challenge::ReadCode(code) => verify_phone(strings, code, sending, &on_answer),
                Challenge::Captcha(Err(_)) => unreadable_captcha(strings),
                Challenge::Waiting { last_step } => progress(strings, *last_step),
                Challenge::Succeeded => finished(strings, None),
                Challenge::Failed {
                    last_step,
                    last_status,
                } => finished(strings, Some((*last_step, *last_status))),
            },
        };
        let on_retry = on_input.reform(|()| Input::Retry);
        let notice = view
            .notice
            .map(|kind| notice(strings, kind, &self.notice_id, &on_retry));
        let countdown = view
            .countdown
            .map(|c| countdown(strings.get(Text::TimeLeft), c.seconds));
        let cancel = view.cancel.then(|| {
            let onclick = on_input.reform(|_: MouseEvent| Input::Cancel);
            html! {
                <button type="button" class="mfa-cancel" part="cancel" {onclick}>
                    { strings.get(Text::Cancel).to_string() }
                </button>
            }
        });
        html! {
            <section class="mfa-card" part="card" aria-label={strings.get(Text::CardLabel).to_string()}
                lang={strings.lang()} ref={self.card.clone()} data-state={view.state_name}>
                { for notice }
                { for countdown }
                { body }
                { for cancel }
            </section>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first_render: bool) {
        let view = &ctx.props().view;
        if self.focused_generation == Some(view.generation) || !view.awaits_user() {
            return;
        }
        // A new challenge: its heading takes the focus, so screen readers announce it and
        // keyboard users start from it. Should the browser refuse it now, the next frame (the
        // runtime redraws after each paint) tries again, unless the user has gone into the
        // card meanwhile.
        let Some(card) = self.card.cast::<web_sys::Element>() else {
            return;
        };
        if card.matches(":focus-within").unwrap_or(false) {
            self.focused_generation = Some(view.generation);
            return;
        }
        let heading = card.query_selector(".mfa-heading").ok().flatten();
        if let Some(heading) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
            // Laid out first: WebKit does not focus an element it has not laid out yet.
            let _ = heading.offset_width();
            // The first try may scroll the new challenge into view; a later one never
            // scrolls: the page must not move under a pointer aiming at an option.
            let retry = self.tried_generation.replace(view.generation) == Some(view.generation);
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(retry);
            let _ = heading.focus_with_options(&options);
            if heading.matches(":focus").unwrap_or(false) {
                self.focused_generation = Some(view.generation);
            }
        }
    }
}
