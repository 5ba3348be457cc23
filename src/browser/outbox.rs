//! Delivery of outcome events, at least once: one queue per page (shared by every widget on
//! it), mirrored to `sessionStorage` so a reload or a failed POST loses nothing, retried with
//! backoff, each event with its own `Idempotency-Key`. Every POST uses `keepalive: true`, so
//! one sent while the page unloads still arrives.

use super::clock::{jitter, random_bytes, wall_ms, Wake};
use super::http::{self, Post};
use super::wire;
use crate::core::config::Credentials;
use crate::core::kount::delivery::{Outbox, PendingEvent};
use crate::core::pairs::Pairs;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

const STORAGE_KEY: &str = "mfa-widget:outbox";

#[derive(Default)]
struct Delivery {
    outbox: Outbox,
    in_flight: Vec<String>,
    wake: Option<Wake>,
    /// Request headers and credentials mode per events URL, registered by the widgets (never
    /// stored).
    options: Vec<(String, Pairs, Credentials)>,
}

thread_local! {
    static DELIVERY: RefCell<Delivery> = RefCell::new(Delivery::default());
}

/// A widget posting to `url` starts: remember its headers, and send whatever an earlier page
/// (or another widget) left unsent in `sessionStorage`.
pub fn register(url: &str, headers: &Pairs, credentials: Credentials) {
    DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        d.options.retain(|(u, ..)| u != url);
        d.options
            .push((url.to_string(), headers.clone(), credentials));
        d.outbox.merge(load());
    });
    flush(false);
}

/// Queues an event body for `url` and sends it at once.
pub fn enqueue(url: &str, body: String) {
    DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        d.outbox.push(new_uuid(), url.to_string(), body, wall_ms());
        save(&d.outbox);
    });
    flush(false);
}

/// Sends everything now, backoff or not (the page is going away).
pub fn flush_all() {
    flush(true);
}

/// The number of events not yet accepted by their endpoint (tests and diagnostics).
pub fn pending_count() -> usize {
    DELIVERY.with(|d| d.borrow().outbox.pending.len())
}

fn flush(force: bool) {
    type Due = (String, String, String, Pairs, Credentials);
    let due: Vec<Due> = DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        let keys = d.outbox.due(wall_ms(), force);
        let mut due = Vec::new();
        for key in keys {
            if d.in_flight.contains(&key) {
                continue;
            }
            if let Some(event) = d.outbox.get(&key).cloned() {
                let (headers, credentials) = d
                    .options
                    .iter()
                    .find(|(u, ..)| *u == event.url)
                    .map(|(_, h, c)| (h.clone(), *c))
                    .unwrap_or_default();
                d.in_flight.push(key.clone());
                due.push((key, event.url, event.body, headers, credentials));
            }
        }
        due
    });
    for (key, url, body, headers, credentials) in due {
        spawn_local(async move {
            let delivered = post(&url, &key, &body, &headers, credentials).await;
            DELIVERY.with(|d| {
                let mut d = d.borrow_mut();
                d.in_flight.retain(|k| *k != key);
                if delivered {
                    d.outbox.delivered(&key);
                } else {
                    d.outbox.failed(&key, wall_ms(), jitter());
                }
                save(&d.outbox);
            });
            schedule();
        });
    }
    schedule();
}

/// One wake-up for the earliest retry.
fn schedule() {
    DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        let next = d.outbox.next_due_ms();
        d.wake = next.map(|at| Wake::after((at - wall_ms()).max(0.0), || flush(false)));
    });
}

async fn post(url: &str, key: &str, body: &str, headers: &Pairs, credentials: Credentials) -> bool {
    let request = Post {
        url,
        headers,
        idempotency_key: Some(key),
        body,
        keepalive: true,
        timeout_ms: 15_000,
        credentials,
        max_body: 64 << 10,
    };
    http::post(request).await.is_ok()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The events stored in `sessionStorage`; an item that does not read as one is skipped.
fn load() -> Vec<PendingEvent> {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| wire::parse(&text));
    let Some(items) = stored.and_then(|v| v.dyn_into::<js_sys::Array>().ok()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| wire::from_js(item).ok())
        .collect()
}

fn save(outbox: &Outbox) {
    let Some(storage) = storage() else { return };
    if outbox.pending.is_empty() {
        let _ = storage.remove_item(STORAGE_KEY);
        return;
    }
    // A full storage only loses persistence, not the in-memory queue.
    let _ = storage.set_item(STORAGE_KEY, &wire::to_json_text(&outbox.pending));
}

/// A version-4 UUID (the idempotency key), from [`random_bytes`]: `crypto.randomUUID` is
/// missing in older Safari and on plain-http pages.
pub fn new_uuid() -> String {
    let mut bytes = random_bytes::<16>();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut uuid = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            uuid.push('-');
        }
        uuid.push(char::from(HEX[usize::from(byte >> 4)]));
        uuid.push(char::from(HEX[usize::from(byte & 15)]));
    }
    uuid
}
