//! Embedding: the `mount` entry point behind `MfaWidget.mount` and `<mfa-widget>`, and the
//! host-facing side of the widget (DOM `CustomEvent`s and config callbacks).

use crate::browser::clock::random_bytes;
use crate::browser::page::PageUrls;
use crate::browser::runtime::{Outlets, Placement, Runtime};
use crate::browser::wire;
use crate::core::config::ConfigError;
use crate::core::config::{Config, Given, Theme};
use crate::core::errors::ErrorCode;
use crate::core::flow::HostEvent;
use crate::core::hex::uuid_v4;
use crate::core::settings::Settings;
use crate::ui::host::{Host, HostLink, HostProps};
use js_sys::{Function, Object, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::AppHandle;

/// A mounted widget; `destroy()` stops it and removes everything it added to the page.
#[wasm_bindgen]
pub struct WidgetHandle {
    slot: Option<(Slot, Runtime)>,
    container: Element,
    /// The host's callbacks, as the config last given has them.
    callbacks: Rc<RefCell<HostFunctions>>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Applies what `config` changes that needs no new session, without restarting: the look
    /// (theme, locale, strings; what the user typed and the open challenge stay), the headers
    /// (a renewed token, or a provider: the next request and event carry them) and the
    /// callbacks. The script calls it when only those changed (`element.config`,
    /// `handle.update`); the rest of `config` must be what the widget was mounted with.
    pub fn update(&mut self, config: JsValue) -> Result<(), JsValue> {
        let (settings, functions) = read_settings(&config).map_err(|e| config_error(&e))?;
        if self.slot.is_some() {
            self.apply(settings, functions.headers_provider());
            self.callbacks.replace(functions);
        }
        Ok(())
    }

    /// Stops polling, drops timers and removes the widget's DOM. Safe to call twice.
    pub fn destroy(&mut self) {
        if let Some((slot, runtime)) = self.slot.take() {
            // The widget ends (its final events sent, its requests, timers and listeners
            // dropped); the app root waits, detached, for the next widget.
            runtime.destroy();
            slot.link.show(None);
            slot.root.remove();
            self.container.remove();
            POOL.with(|pool| pool.borrow_mut().push(slot));
        }
    }
}

impl WidgetHandle {
    /// Takes settings of the same session ([`Settings::same_session`]) without restarting:
    /// the look and the headers, applied in place (the Rust surface's `update`).
    pub fn update_settings(&mut self, settings: Settings) {
        self.apply(settings, None);
    }

    /// The look and the headers of `settings`, applied to the running widget in place.
    fn apply(&self, settings: Settings, headers_provider: Option<Function>) {
        if let Some((_, runtime)) = &self.slot {
            self.container.set_class_name(theme_class(settings.theme));
            runtime.update(settings, headers_provider);
        }
    }
}

/// A Yew app root ([`Host`]) with its element, kept for reuse (see `ui::host`).
struct Slot {
    root: Element,
    link: HostLink,
    _app: AppHandle<Host>,
}

impl Slot {
    /// One the page used before, or a new one.
    fn take(document: &web_sys::Document) -> Result<Slot, JsValue> {
        if let Some(slot) = POOL.with(|pool| pool.borrow_mut().pop()) {
            return Ok(slot);
        }
        let root = document.create_element("div")?;
        APP_ROOTS.with(|n| n.set(n.get() + 1));
        let link = HostLink::default();
        let props = HostProps { link: link.clone() };
        let app = yew::Renderer::<Host>::with_root_and_props(root.clone(), props).render();
        Ok(Slot {
            root,
            link,
            _app: app,
        })
    }
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    /// App roots free for the next widget.
    static POOL: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    static APP_ROOTS: Cell<u32> = const { Cell::new(0) };
}

/// A panic is a bug, never input (the decoders are fuzzed). The release bundle aborts at once
/// (`-Cpanic=immediate-abort`: no hook runs, 7 KB less); a build that still runs hooks says
/// what panicked in the console. Either way the abort is a wasm trap, which the script's trap
/// net (`element.js`) turns into an error in every widget of the page and one `mfa:error`
/// each: one net for every kind of trap, in every build.
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "mfa-widget: internal error: {info}"
        )));
    }));
}

/// How many Yew app roots the page has made: at most as many as widgets were ever alive at
/// once, however many came and went (`MfaWidget.diagnostics()`).
#[wasm_bindgen]
pub fn app_roots() -> u32 {
    APP_ROOTS.with(Cell::get)
}

/// How many JS values the wasm holds (its externref table's live slots): flat over any number
/// of mount/destroy cycles unless something leaks (`MfaWidget.diagnostics()`).
#[wasm_bindgen]
pub fn js_values_held() -> u32 {
    wasm_bindgen::externref_heap_live_count()
}

/// Bytes of wasm memory in use by the page's widgets (`MfaWidget.diagnostics()`).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Mounts a widget that renders into `container` (the script's loader makes it inside a shadow
/// root) with a JS config object (see README "Configuration"). DOM events go to `host`, the
/// element the page gave (the container itself when absent).
#[wasm_bindgen]
pub fn mount(
    container: Element,
    config: JsValue,
    host: Option<Element>,
) -> Result<WidgetHandle, JsValue> {
    let host = host.unwrap_or_else(|| container.clone());
    let (settings, functions) = read_settings(&config).map_err(|e| config_error(&e))?;
    let headers_provider = functions.headers_provider();
    let callbacks = Rc::new(RefCell::new(functions));
    let job_id = settings.job_id.clone();
    // One per widget started: the host's support can find this widget's events in its logs.
    let widget_session_id = uuid_v4(random_bytes::<16>());
    let heard = callbacks.clone();
    let mut handle = start(container, settings, headers_provider, move |event| {
        // Cloned out first: a callback may update the widget (and these) as it runs.
        let current = heard.borrow().clone();
        current.deliver(&host, &job_id, &widget_session_id, &event)
    })?;
    handle.callbacks = callbacks;
    Ok(handle)
}

/// Mounts a widget with settings already checked (the Rust surface: a Yew or other Rust app
/// calls this with `Settings::try_from(config)`); `on_host_event` hears what the host would.
pub fn mount_settings(
    container: Element,
    settings: Settings,
    on_host_event: impl Fn(HostEvent) + 'static,
) -> Result<WidgetHandle, JsValue> {
    start(container, settings, None, on_host_event)
}

fn start(
    container: Element,
    settings: Settings,
    headers_provider: Option<Function>,
    on_host_event: impl Fn(HostEvent) + 'static,
) -> Result<WidgetHandle, JsValue> {
    container.set_class_name(theme_class(settings.theme));
    let key = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    if key == 0 {
        install_panic_hook();
    }
    let document = container.owner_document().ok_or_else(|| {
        JsValue::from(js_sys::Error::new(
            "mfa-widget: the container is not in a document",
        ))
    })?;
    let slot = Slot::take(&document)?;
    container.append_child(&slot.root)?;
    let link = slot.link.clone();
    let shown_in = container.clone();
    let outlets = Outlets {
        show: Box::new(move |props| link.show(Some((key, props)))),
        host: Rc::new(on_host_event),
        placement: Box::new(move || match shown_in.dyn_ref::<web_sys::HtmlElement>() {
            _ if !shown_in.is_connected() => Placement::Detached,
            Some(box_) if box_.offset_height() > 0 => Placement::Seen,
            _ => Placement::Hidden,
        }),
    };
    let runtime = Runtime::start(Rc::new(settings), headers_provider, outlets);
    Ok(WidgetHandle {
        slot: Some((slot, runtime)),
        container,
        callbacks: Rc::default(),
    })
}

/// The container's classes: the theme picks the colours (`Auto`: the system's).
fn theme_class(theme: Theme) -> &'static str {
    match theme {
        Theme::Dark => "mfa-widget mfa-theme-dark",
        Theme::Light => "mfa-widget mfa-theme-light",
        Theme::Auto => "mfa-widget",
    }
}

/// The config object, read (serde-wasm-bindgen, one visitor) and decided once ([`Settings`]),
/// with the functions it holds.
fn read_settings(config: &JsValue) -> Result<(Settings, HostFunctions), ConfigError> {
    let (given, functions) = given(config);
    Ok((Settings::new(Config::read(given)?, &PageUrls)?, functions))
}

/// The config object as the core reads it (its own keys, each value through
/// serde-wasm-bindgen, a function only marked: serde cannot take one), and its functions,
/// taken in the same pass, which the core's reading has checked once it accepts the config.
fn given(config: &JsValue) -> (Given, HostFunctions) {
    let mut functions = HostFunctions::default();
    if !config.is_object() || js_sys::Array::is_array(config) {
        return (Given::Other, functions);
    }
    let object: &Object = config.unchecked_ref();
    let entries = Object::keys(object)
        .iter()
        .map(|key| {
            let key = key.as_string().unwrap_or_default();
            let value = get(object, &key);
            let given = match value.dyn_into::<Function>() {
                Ok(function) => {
                    functions.0.push((key.clone(), function));
                    Given::Function
                }
                Err(value) => wire::config_value(value),
            };
            (key, given)
        })
        .collect();
    (Given::Object(entries), functions)
}

/// `object[key]`, or `undefined` when `object` is not an object. Never asks `Reflect.get` to
/// throw: wasm-bindgen 0.2.130 leaks a table slot for each JS exception caught this way
/// (measured: one per mount, until this).
fn get(object: &JsValue, key: &str) -> JsValue {
    if object.is_object() {
        Reflect::get(object, &JsValue::from_str(key)).unwrap_or_default()
    } else {
        JsValue::UNDEFINED
    }
}

/// Reports a configuration the widget cannot start with in the console; the returned error
/// (`code: "config_invalid"`, and the `key` at fault when there is one) rejects the `mount`
/// promise, and the loader turns it into an `mfa:error` DOM event.
fn config_error(error: &ConfigError) -> JsValue {
    let message = error.to_string();
    web_sys::console::error_1(&JsValue::from_str(&message));
    let thrown = js_sys::Error::new(&message);
    set(
        &thrown,
        "code",
        &JsValue::from_str(ErrorCode::ConfigInvalid.as_str()),
    );
    if let Some(key) = error.key() {
        set(&thrown, "key", &JsValue::from_str(&key));
    }
    thrown.into()
}

/// The functions the config holds, by key: its callbacks, and `headers` when a provider.
#[derive(Clone, Default)]
struct HostFunctions(Vec<(String, Function)>);

impl HostFunctions {
    fn get(&self, key: &str) -> Option<&Function> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, f)| f)
    }

    /// The host's `headers` when it gave a function (a token provider).
    fn headers_provider(&self) -> Option<Function> {
        self.get("headers").cloned()
    }

    /// Dispatches `event` on the host element and calls its callback, with one `detail` (the
    /// core's words: [`HostEvent::detail`]).
    fn deliver(&self, host: &Element, job_id: &str, widget_session_id: &str, event: &HostEvent) {
        let (name, callback) = event.names();
        let detail = wire::to_js(&event.detail(job_id, widget_session_id));
        dispatch(host, name, &detail);
        if let Some(callback) = self.get(callback) {
            call(callback, &detail);
        }
    }
}

/// Calls a host callback; one that throws must not take the widget down with it.
fn call(callback: &Function, detail: &JsValue) {
    if let Err(error) = callback.call1(&JsValue::NULL, detail) {
        web_sys::console::error_2(
            &JsValue::from_str("mfa-widget: host callback threw"),
            &error,
        );
    }
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Dispatches a bubbling, composed `CustomEvent` on the host element.
fn dispatch(host: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
