//! `MfaWidget`, the widget as a Yew component for a Rust app (DESIGN §1):
//! `html! { <MfaWidget settings={settings} on_success={..} /> }`. Its props are checked
//! [`Settings`] (`Settings::try_from(config)`: the same checks `mount` makes) and callbacks.
//! It owns one widget runtime for as long as it is mounted (the runtime stays outside the
//! view, as for every embedding), starts a new one only when what makes the session changes
//! ([`Settings::same_session`]), applies the look and the headers in place, and always calls
//! the callbacks it was last given.

use crate::browser::embed::{mount_settings, WidgetHandle};
use crate::core::errors::ErrorCode;
use crate::core::flow::HostEvent;
use crate::core::settings::Settings;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, Clone, PartialEq)]
pub struct MfaWidgetProps {
    /// The widget's settings, checked (`Settings::try_from(config)`).
    pub settings: Rc<Settings>,
    /// Every event a host page hears (`mfa:*`), as the core says it.
    #[prop_or_default]
    pub on_event: Callback<HostEvent>,
    /// The first state was painted.
    #[prop_or_default]
    pub on_ready: Callback<()>,
    /// The job logged in.
    #[prop_or_default]
    pub on_success: Callback<()>,
    /// The job failed; with the message (English, whole sentences).
    #[prop_or_default]
    pub on_failure: Callback<String>,
    /// The user cancelled.
    #[prop_or_default]
    pub on_cancel: Callback<()>,
    /// Something went wrong (`fatal()` says whether the widget stopped).
    #[prop_or_default]
    pub on_error: Callback<(ErrorCode, String)>,
}

impl MfaWidgetProps {
    fn deliver(&self, event: HostEvent) {
        match &event {
            HostEvent::Ready { .. } => self.on_ready.emit(()),
            HostEvent::Success { .. } => self.on_success.emit(()),
            HostEvent::Failure { message, .. } => self.on_failure.emit(message.clone()),
            HostEvent::Cancel { .. } => self.on_cancel.emit(()),
            HostEvent::Error { code, message, .. } => self.on_error.emit((*code, message.clone())),
            HostEvent::Challenge { .. } | HostEvent::Submit { .. } | HostEvent::Event(_) => {}
        }
        self.on_event.emit(event);
    }
}

/// The settings, compared as a session: equal when only the look or the headers differ.
#[derive(Clone)]
struct Session(Rc<Settings>);

impl PartialEq for Session {
    fn eq(&self, other: &Session) -> bool {
        self.0.same_session(&other.0)
    }
}

/// The running widget and the settings it last took.
type Running = Option<(WidgetHandle, Rc<Settings>)>;

#[function_component]
pub fn MfaWidget(props: &MfaWidgetProps) -> Html {
    let host = use_node_ref();
    let running = use_mut_ref(Running::default);
    // The callbacks heard are always the latest given: a new closure restarts nothing.
    let latest = use_mut_ref(|| props.clone());
    *latest.borrow_mut() = props.clone();
    {
        let (host, running, latest) = (host.clone(), running.clone(), latest.clone());
        use_effect_with(Session(props.settings.clone()), move |session| {
            start(&host, &running, latest, &session.0);
            move || stop(&running)
        });
    }
    {
        let running = running.clone();
        use_effect_with(props.settings.clone(), move |settings| {
            if let Some((handle, taken)) = &mut *running.borrow_mut() {
                if taken != settings {
                    handle.update_settings((**settings).clone());
                    *taken = settings.clone();
                }
            }
        });
    }
    html! { <div ref={host} class="mfa-widget-host"></div> }
}

/// Mounts a widget into a box of its own inside the component's element (a widget removes
/// its box when it ends; the component's element is Yew's).
fn start(
    host: &NodeRef,
    running: &Rc<RefCell<Running>>,
    latest: Rc<RefCell<MfaWidgetProps>>,
    settings: &Rc<Settings>,
) {
    let Some(element) = host.cast::<web_sys::Element>() else {
        return;
    };
    let Some(document) = element.owner_document() else {
        return;
    };
    let Ok(container) = document.create_element("div") else {
        return;
    };
    if element.append_child(&container).is_err() {
        return;
    }
    let on_host_event = move |event: HostEvent| {
        // Cloned out first: a callback may re-render the app that holds this component.
        let props = latest.borrow().clone();
        props.deliver(event);
    };
    match mount_settings(container.clone(), (**settings).clone(), on_host_event) {
        Ok(handle) => *running.borrow_mut() = Some((handle, settings.clone())),
        Err(_) => container.remove(),
    }
}

fn stop(running: &Rc<RefCell<Running>>) {
    let taken = running.borrow_mut().take();
    if let Some((mut handle, _)) = taken {
        handle.destroy();
    }
}
