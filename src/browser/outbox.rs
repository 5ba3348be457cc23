//! Delivery of Kount events, at least once: one queue per page (shared by every widget on it),
//! mirrored to `sessionStorage` so a reload or a failed POST loses nothing, retried with
//! backoff within the core's bounds, each event with its own `Idempotency-Key`. Every POST
//! uses `keepalive: true`, so one sent while the page unloads still arrives.
//!
//! An event goes out with the headers of the widget that produced it (kept in memory only,
//! also after that widget is gone, until its events are settled); an event an earlier page
//! left in storage waits for a live widget posting to the same URL.

use super::clock::{jitter, random_bytes, wall_ms, Wake};
use super::http::{self, HttpError, Post};
use super::page::PageUrls;
use super::wire;
use crate::core::config::Credentials;
use crate::core::flow::poll::parse_retry_after;
use crate::core::kount::delivery::{GaveUp, Outbox, PendingEvent, Posted};
use crate::core::pairs::Pairs;
use crate::core::settings::{is_allowed_endpoint, ResolveUrl};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

const STORAGE_KEY: &str = "mfa-widget:outbox";
/// Keys this script settled, so a save does not bring them back from another script's copy.
const MAX_SETTLED: usize = 400;

/// A widget's way of posting: its URL, headers and credentials, and whom to tell when one of
/// its events is given up.
struct Sender {
    id: u32,
    url: String,
    headers: Pairs,
    credentials: Credentials,
    live: bool,
    on_gave_up: Rc<dyn Fn(String)>,
}

#[derive(Default)]
struct Delivery {
    outbox: Outbox,
    /// Which sender queued each event (events read back from storage have none).
    owners: Vec<(String, u32)>,
    senders: Vec<Sender>,
    next_sender: u32,
    in_flight: Vec<String>,
    settled: Vec<String>,
    wake: Option<Wake>,
}

thread_local! {
    static DELIVERY: RefCell<Delivery> = RefCell::new(Delivery::default());
}

/// A widget's registration; dropping it (the widget is gone) keeps its headers only as long as
/// events it queued are still unsent.
pub struct Registration(u32);

impl Drop for Registration {
    fn drop(&mut self) {
        let id = self.0;
        DELIVERY.with(|d| {
            let mut d = d.borrow_mut();
            if let Some(sender) = d.senders.iter_mut().find(|s| s.id == id) {
                sender.live = false;
            }
            prune(&mut d);
        });
    }
}

impl Registration {
    /// Queues an event body for this widget's events URL and sends it at once.
    pub fn enqueue(&self, body: String) {
        let id = self.0;
        DELIVERY.with(|d| {
            let mut d = d.borrow_mut();
            let Some(url) = d.senders.iter().find(|s| s.id == id).map(|s| s.url.clone()) else {
                return;
            };
            let key = new_uuid();
            d.owners.push((key.clone(), id));
            d.outbox.push(key, url, body, wall_ms());
            save(&mut d);
        });
        flush(false);
    }
}

/// A widget posting to `url` starts: remember its headers (never stored), and send whatever an
/// earlier page (or another widget script) left unsent in `sessionStorage`.
pub fn register(
    url: &str,
    headers: &Pairs,
    credentials: Credentials,
    on_gave_up: Rc<dyn Fn(String)>,
) -> Registration {
    let id = DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        let id = d.next_sender;
        d.next_sender += 1;
        d.senders.push(Sender {
            id,
            url: url.to_string(),
            headers: headers.clone(),
            credentials,
            live: true,
            on_gave_up,
        });
        let stored = load();
        d.outbox.merge(stored, wall_ms());
        id
    });
    flush(false);
    Registration(id)
}

/// Sends everything now, backoff or not (the page is going away).
pub fn flush_all() {
    flush(true);
}

/// The number of events not yet settled (tests and diagnostics).
pub fn pending_count() -> usize {
    DELIVERY.with(|d| d.borrow().outbox.pending.len())
}

/// The sender an event goes out with: the widget that queued it, else (an earlier page's
/// event) a live widget posting to the same URL.
fn sender_for<'a>(d: &'a Delivery, event: &PendingEvent) -> Option<&'a Sender> {
    let owner = d
        .owners
        .iter()
        .find(|(k, _)| *k == event.key)
        .map(|(_, id)| *id);
    match owner {
        Some(id) => d.senders.iter().find(|s| s.id == id),
        None => d.senders.iter().find(|s| s.live && s.url == event.url),
    }
}

/// Forgets senders that are gone and own no unsent event, and owners of settled events.
fn prune(d: &mut Delivery) {
    let Delivery {
        outbox,
        owners,
        senders,
        ..
    } = d;
    owners.retain(|(key, _)| outbox.get(key).is_some());
    senders.retain(|s| s.live || owners.iter().any(|(_, id)| *id == s.id));
}

fn flush(force: bool) {
    type Due = (String, String, String, Pairs, Credentials);
    let mut gave_up = Vec::new();
    let due: Vec<Due> = DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        let now = wall_ms();
        for event in d.outbox.expire(now) {
            gave_up.push((event.key, GaveUp::TooOld));
        }
        let mut due = Vec::new();
        for key in d.outbox.due(now, force) {
            if d.in_flight.contains(&key) {
                continue;
            }
            let Some(event) = d.outbox.get(&key) else {
                continue;
            };
            let Some(sender) = sender_for(&d, event) else {
                continue;
            };
            let item = (
                key.clone(),
                event.url.clone(),
                event.body.clone(),
                sender.headers.clone(),
                sender.credentials,
            );
            d.in_flight.push(key);
            due.push(item);
        }
        due
    });
    if !gave_up.is_empty() {
        tell_gave_up(gave_up);
        DELIVERY.with(|d| save(&mut d.borrow_mut()));
    }
    for (key, url, body, headers, credentials) in due {
        spawn_local(async move {
            let posted = post(&url, &key, &body, &headers, credentials).await;
            let gave_up = DELIVERY.with(|d| {
                let mut d = d.borrow_mut();
                d.in_flight.retain(|k| *k != key);
                let ended = d.outbox.settle(&key, posted, wall_ms(), jitter());
                if posted == Posted::Delivered {
                    d.settled.push(key.clone());
                }
                ended.map(|(event, why)| (event.key, why))
            });
            tell_gave_up(gave_up.into_iter().collect());
            DELIVERY.with(|d| save(&mut d.borrow_mut()));
            schedule();
        });
    }
    schedule();
}

/// Tells the widget that queued each given-up event (`mfa:error`), once, and marks it settled.
/// The caller saves afterwards: saving prunes the owners this looks up, so it must not happen
/// between two events of one batch.
fn tell_gave_up(events: Vec<(String, GaveUp)>) {
    let told: Vec<_> = DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        events
            .into_iter()
            .map(|(key, why)| {
                let listener = d
                    .owners
                    .iter()
                    .find(|(k, _)| *k == key)
                    .and_then(|(_, id)| d.senders.iter().find(|s| s.id == *id))
                    .map(|s| s.on_gave_up.clone());
                d.settled.push(key);
                (listener, why)
            })
            .collect()
    });
    // Called outside the borrow: the host's handler may run anything.
    for (listener, why) in told {
        if let Some(listener) = listener {
            listener(why.message());
        }
    }
}

/// One wake-up for the earliest retry.
fn schedule() {
    DELIVERY.with(|d| {
        let mut d = d.borrow_mut();
        let next = d.outbox.next_due_ms();
        d.wake = next.map(|at| Wake::after((at - wall_ms()).max(0.0), || flush(false)));
    });
}

async fn post(
    url: &str,
    key: &str,
    body: &str,
    headers: &Pairs,
    credentials: Credentials,
) -> Posted {
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
    match http::post(request).await {
        Ok(_) | Err(HttpError::TooLarge) => Posted::Delivered,
        Err(HttpError::Status(status, retry_after)) => Posted::Status(
            status,
            retry_after.and_then(|value| parse_retry_after(&value, wall_ms())),
        ),
        Err(HttpError::Network(_)) => Posted::Unreachable,
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The events stored in `sessionStorage` whose URL the widget may post to (the same rule as
/// `eventsUrl`: storage is writable by any script on the origin); anything else is skipped.
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
        .filter(|event| {
            PageUrls
                .resolve(&event.url)
                .is_some_and(|url| is_allowed_endpoint(&url) && url.href == event.url)
        })
        .collect()
}

/// Writes the queue back, merged with what another widget script on this tab stored meanwhile
/// (same-origin frames share `sessionStorage`): theirs is kept, unless this script settled it.
fn save(d: &mut Delivery) {
    prune(d);
    let excess = d.settled.len().saturating_sub(MAX_SETTLED);
    d.settled.drain(..excess);
    let Some(storage) = storage() else { return };
    let mut all = d.outbox.clone();
    let theirs: Vec<PendingEvent> = load()
        .into_iter()
        .filter(|e| !d.settled.contains(&e.key))
        .collect();
    all.merge(theirs, wall_ms());
    if all.pending.is_empty() {
        let _ = storage.remove_item(STORAGE_KEY);
        return;
    }
    // A full storage only loses persistence, not the in-memory queue.
    let _ = storage.set_item(STORAGE_KEY, &wire::to_json_text(&all.pending));
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
