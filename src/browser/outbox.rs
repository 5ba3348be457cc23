//! Delivery of Kount events, at least once: the browser side of the page's outbox
//! ([`Dispatcher`], a sans-IO state machine in the core, which decides everything: which
//! widget's headers each event goes with, what is due, merging, give-ups). This adapter only
//! posts (`fetch`, `keepalive: true`, so one sent while the page unloads still arrives),
//! mirrors the queue to `sessionStorage` (a reload or a failed POST loses nothing), keeps the
//! one timer, and tells widgets what the dispatcher says to tell them.

use super::clock::{jitter, random_bytes, wall_ms, Wake};
use super::http;
use super::wire;
use crate::core::hex::uuid_v4;
use crate::core::kount::delivery::PendingEvent;
use crate::core::kount::dispatcher::{Dispatcher, Output, Sender, SenderId};
use crate::core::pairs::Pairs;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

const STORAGE_KEY: &str = "mfa-widget:outbox";

/// Whom a widget's give-ups are told to.
pub type GaveUpListener = Rc<dyn Fn(String)>;

#[derive(Default)]
struct Adapter {
    dispatcher: Dispatcher,
    /// Whom to tell when an event of a widget is given up, until the dispatcher forgets it.
    listeners: Vec<(SenderId, GaveUpListener)>,
    wake: Option<Wake>,
    /// The last back-forward cache restore acted on (its `pageshow` time).
    last_restore: Option<f64>,
}

thread_local! {
    static OUTBOX: RefCell<Adapter> = RefCell::new(Adapter::default());
}

fn with<T>(f: impl FnOnce(&mut Adapter) -> T) -> T {
    OUTBOX.with(|adapter| f(&mut adapter.borrow_mut()))
}

/// A widget's registration; dropping it (the widget is gone) leaves its unsent events to go
/// out with its headers.
pub struct Registration(SenderId);

impl Drop for Registration {
    fn drop(&mut self) {
        let id = self.0;
        with(|a| a.dispatcher.unregister(id, wall_ms()));
        drive();
    }
}

impl Registration {
    /// This widget's new headers (a renewed token): its events go with them from now on.
    pub fn renew_headers(&self, headers: Pairs) {
        let id = self.0;
        with(|a| a.dispatcher.renew_headers(id, headers));
    }

    /// Queues an event body of this widget and sends it at once.
    pub fn enqueue(&self, body: String) {
        let id = self.0;
        with(|a| a.dispatcher.enqueue(id, new_uuid(), body, wall_ms()));
        drive();
    }
}

/// A widget posting its events as `sender` says starts. Whatever an earlier page of the same
/// sender left in `sessionStorage` is sent.
pub fn register(sender: Sender, on_gave_up: GaveUpListener) -> Registration {
    let stored = load();
    let id = with(|a| {
        let id = a.dispatcher.register(sender, stored, wall_ms());
        a.listeners.push((id, on_gave_up));
        id
    });
    drive();
    Registration(id)
}

/// The page is back from the back-forward cache (the restore `at`, the `pageshow` event's
/// time): what was under way is sent again now. Each widget tells it; one restore counts once.
pub fn resume_all(at: f64) {
    let again = with(|a| a.last_restore.replace(at) == Some(at));
    if !again {
        with(|a| a.dispatcher.resumed(wall_ms()));
        drive();
    }
}

/// Sends everything now, backoff or not (the page is going away).
pub fn flush_all() {
    with(|a| a.dispatcher.tick(wall_ms(), true));
    drive();
}

/// The number of events not yet settled (tests and diagnostics).
pub fn pending_count() -> usize {
    with(|a| a.dispatcher.pending())
}

/// Does what the dispatcher asks, until it asks nothing more. Host code (a give-up listener)
/// runs outside the borrow; storage is brought up to date once per round.
fn drive() {
    loop {
        let outputs = with(|a| a.dispatcher.take_outputs());
        if outputs.is_empty() {
            return;
        }
        let mut store = false;
        for output in outputs {
            match output {
                Output::Post { key, request } => spawn_local(async move {
                    let reply = http::send(request).await;
                    with(|a| a.dispatcher.posted(&key, reply, wall_ms(), jitter()));
                    drive();
                }),
                Output::Store => store = true,
                Output::WakeAt(at) => with(|a| {
                    a.wake = at.map(|at| {
                        Wake::after((at - wall_ms()).max(0.0), || {
                            with(|a| a.dispatcher.tick(wall_ms(), false));
                            drive();
                        })
                    });
                }),
                Output::GaveUp { sender, message } => {
                    let listener = with(|a| {
                        a.listeners
                            .iter()
                            .find(|(id, _)| *id == sender)
                            .map(|(_, listener)| listener.clone())
                    });
                    if let Some(listener) = listener {
                        listener(message);
                    }
                }
                Output::Forgotten(sender) => {
                    with(|a| a.listeners.retain(|(id, _)| *id != sender));
                }
            }
        }
        if store {
            save();
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The events stored in `sessionStorage`, as far as they decode. Storage is writable by any
/// script on the origin: the dispatcher posts a stored event only with a live widget whose
/// URL (checked by `Settings`) and fingerprint are the event's, so what another script wrote
/// there goes nowhere else.
fn load() -> Vec<PendingEvent> {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| wire::parse(&text));
    let Some(items) = stored.and_then(|v| v.dyn_into::<js_sys::Array>().ok()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| wire::from_js::<PendingEvent>(item).ok())
        .collect()
}

/// Writes the queue back, merged (by the dispatcher) with what another widget script on this
/// tab stored meanwhile (same-origin frames share `sessionStorage`).
fn save() {
    let Some(storage) = storage() else { return };
    let all = with(|a| a.dispatcher.to_store(load(), wall_ms()));
    if all.is_empty() {
        let _ = storage.remove_item(STORAGE_KEY);
        return;
    }
    // A full storage only loses persistence, not the in-memory queue.
    let _ = storage.set_item(STORAGE_KEY, &wire::to_json_text(&all));
}

/// A version-4 UUID (the idempotency key), from [`random_bytes`]: `crypto.randomUUID` is
/// missing in older Safari and on plain-http pages.
pub fn new_uuid() -> String {
    uuid_v4(random_bytes::<16>())
}
