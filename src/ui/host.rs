//! A reusable Yew app root: it shows the widget it is given, or nothing. Yew never frees an app
//! root's event-delegation closures (nor the root element they hold), so a page that mounted
//! and destroyed widgets would grow with each one; the embedding instead keeps these roots in a
//! pool and gives each new widget one that an earlier widget left, so memory stays flat.

use super::widget::{Widget, WidgetProps};
use std::cell::RefCell;
use std::rc::Rc;
use yew::html::Scope;
use yew::prelude::*;

/// Where a host app leaves its scope, so the embedding can hand it widgets; what is handed
/// before the app has started (Yew starts it in a task of its own) waits here.
#[derive(Clone, Default)]
pub struct HostLink(Rc<RefCell<LinkState>>);

#[derive(Default)]
struct LinkState {
    scope: Option<Scope<Host>>,
    waiting: Option<Option<(u32, WidgetProps)>>,
}

impl HostLink {
    /// Shows this widget (`key`: a new component for each mount), or nothing.
    pub fn show(&self, widget: Option<(u32, WidgetProps)>) {
        let mut state = self.0.borrow_mut();
        match state.scope.clone() {
            Some(scope) => {
                drop(state);
                scope.send_message(widget);
            }
            None => state.waiting = Some(widget),
        }
    }
}

impl PartialEq for HostLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct HostProps {
    pub link: HostLink,
}

pub struct Host {
    current: Option<(u32, WidgetProps)>,
}

impl Component for Host {
    type Message = Option<(u32, WidgetProps)>;
    type Properties = HostProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut state = ctx.props().link.0.borrow_mut();
        state.scope = Some(ctx.link().clone());
        Host {
            current: state.waiting.take().flatten(),
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, widget: Self::Message) -> bool {
        self.current = widget;
        true
    }

    fn view(&self, _ctx: &Context<Self>) -> Html {
        match &self.current {
            Some((key, props)) => html! {
                <Widget key={*key} ..props.clone() />
            },
            None => html! {},
        }
    }
}
