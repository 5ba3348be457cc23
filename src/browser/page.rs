//! What the widget asks of the page it is on: "the frame after this was rendered" (for
//! `sentTimestamp`), listeners for `pagehide`, `visibilitychange` and `online` that are
//! removed when dropped (an unmounted widget leaves nothing on `window` or `document`),
//! whether the tab is hidden, performance marks, and [`PageUrls`]: the page's URL parser and
//! its reader's languages, which the core's settings are decided with.

use crate::core::config::Config;
use crate::core::config::ConfigError;
use crate::core::settings::{PageInfo, ResolvedUrl, Settings};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// Calls `callback` once the next frame has been painted: a `requestAnimationFrame` callback
/// runs just before the paint, and a zero timeout queued from it runs just after.
pub fn after_next_paint(callback: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let frame = Closure::once_into_js(move || {
        // A one-shot closure is freed once called (gloo's Timeout::forget would leak it).
        let after = Closure::once_into_js(callback);
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(after.unchecked_ref(), 0);
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// An event listener, removed when dropped.
pub struct Listener {
    target: EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    fn on(
        target: EventTarget,
        name: &'static str,
        callback: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<Listener> {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(callback);
        target
            .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target,
            name,
            closure,
        })
    }

    /// `pagehide` on `window`: the page is being left (or put in the back-forward cache).
    /// Only the browser's own: a `pagehide` that page script dispatched ends nothing.
    pub fn page_hide(mut callback: impl FnMut() + 'static) -> Option<Listener> {
        Listener::on(web_sys::window()?.into(), "pagehide", move |event| {
            if event.is_trusted() {
                callback();
            }
        })
    }

    /// `pageshow` with `persisted`: the page came back from the back-forward cache, with
    /// everything as it was when it was left (a first load is not reported). The browser's
    /// own only, like `pagehide`. The callback gets the event's time: one restore, one time.
    pub fn page_restored(mut callback: impl FnMut(f64) + 'static) -> Option<Listener> {
        Listener::on(web_sys::window()?.into(), "pageshow", move |event| {
            if !event.is_trusted() {
                return;
            }
            let persisted = js_sys::Reflect::get(&event, &"persisted".into())
                .ok()
                .and_then(|v| v.as_bool());
            if persisted == Some(true) {
                callback(event.time_stamp());
            }
        })
    }

    /// `online` on `window`.
    pub fn online(mut callback: impl FnMut() + 'static) -> Option<Listener> {
        Listener::on(web_sys::window()?.into(), "online", move |_| callback())
    }

    /// `visibilitychange` on `document`; the callback gets whether the page is now hidden.
    pub fn visibility(mut callback: impl FnMut(bool) + 'static) -> Option<Listener> {
        let document = web_sys::window()?.document()?;
        let target: EventTarget = document.clone().into();
        Listener::on(target, "visibilitychange", move |_| {
            callback(document.hidden())
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
    }
}

/// Whether the page is hidden right now.
pub fn is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// A `performance.mark` (visible in devtools and to real-user monitoring). Only the latest
/// mark of each name is kept, so a long-lived page does not collect them without end.
pub fn mark_performance(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        performance.clear_marks_with_mark_name(name);
        let _ = performance.mark(name);
    }
}

/// The page, as `Settings` asks it: its own URL parser (`new URL(url, location.href)`), which
/// every endpoint is resolved and checked with, and its reader's languages
/// (`navigator.languages`, `<html lang>`) for `locale: "auto"`. Against the page's address, not `document.baseURI`: a
/// `<base href>` (a CDN's, or one an HTML injection adds) must not move the Job API, the
/// answers and the `Authorization` header to another host.
pub struct PageUrls;

impl PageInfo for PageUrls {
    fn resolve(&self, url: &str) -> Option<ResolvedUrl> {
        let base = web_sys::window()?.location().href().ok()?;
        let parsed = web_sys::Url::new_with_base(url, &base).ok()?;
        Some(ResolvedUrl {
            href: parsed.href(),
            scheme: parsed.protocol().trim_end_matches(':').to_string(),
            host: parsed.hostname(),
            has_userinfo: !parsed.username().is_empty() || !parsed.password().is_empty(),
        })
    }

    fn browser_languages(&self) -> Vec<String> {
        web_sys::window()
            .map(|w| w.navigator().languages())
            .map(|list| list.iter().filter_map(|l| l.as_string()).collect())
            .unwrap_or_default()
    }

    fn page_language(&self) -> Option<String> {
        let root = web_sys::window()?.document()?.document_element()?;
        root.get_attribute("lang")
    }
}

/// For Rust/Yew apps: the validation `mount` does, against this page
/// (`Settings::try_from(config)?`).
impl TryFrom<Config> for Settings {
    type Error = ConfigError;

    fn try_from(config: Config) -> Result<Settings, ConfigError> {
        Settings::new(config, &PageUrls)
    }
}
