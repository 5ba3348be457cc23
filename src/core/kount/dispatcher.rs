//! The page's event outbox as a sans-IO state machine, in the manner of quinn-proto: the
//! browser adapter (`browser::outbox`) tells it what happened (a widget registered or left, an
//! event was queued, a post was answered, the timer fired) and performs what it asks, in
//! order, from [`Dispatcher::take_outputs`]: post this event with these headers, bring storage
//! up to date, set the one timer, tell this widget an event was given up. Every decision is
//! here, tested natively: which widget's credentials an event goes with, which stored events
//! a widget may send, when an event is due again (never while its post is under way), merging
//! with another script's stored queue, give-ups. [`delivery`](super::delivery) is the queue's
//! retry policy underneath.

use super::delivery::{GaveUp, Outbox, PendingEvent, Posted};
use crate::core::hex::push_hex;
use crate::core::io::{Credentials, Reply, Request};
use crate::core::pairs::Pairs;

/// The time limit of one post; a post not answered by then is unreachable.
pub const POST_TIMEOUT_MS: f64 = 15_000.0;
/// The longest reply read back (the body is not used: the status says it all).
const MAX_REPLY_BYTES: usize = 64 << 10;
/// An event under way this long without a reply (the adapter lost it) is due again.
const IN_FLIGHT_LIMIT_MS: f64 = POST_TIMEOUT_MS + 5_000.0;
/// Keys settled here, remembered so that bringing storage up to date does not revive them
/// from another script's copy.
const MAX_SETTLED: usize = 400;

/// A registered widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SenderId(u32);

/// How a widget posts its events.
#[derive(Clone, Debug, PartialEq)]
pub struct Sender {
    pub url: String,
    pub headers: Pairs,
    pub credentials: Credentials,
    /// Whom its events are about (Kount `clientId`, `sessionId`, `userId`).
    pub identity: String,
}

impl Sender {
    /// A non-secret name for this sender, stored with each of its events so that after a
    /// reload only a widget of the same sender posts them: the URL, the credentials mode, the
    /// header names (never their values: a rotated token is the same sender) and whom the
    /// events are about, hashed (FNV-1a, stable across builds; the header names' hashes are
    /// summed, so their order does not matter), as 16 hex digits.
    pub fn fingerprint(&self) -> String {
        let credentials = self.credentials.as_str();
        let names = self.headers.iter().fold(0u64, |sum, (name, _)| {
            sum.wrapping_add(fnv1a(name.to_ascii_lowercase().as_bytes()))
        });
        let mut bytes = Vec::new();
        for part in [
            self.url.as_bytes(),
            credentials.as_bytes(),
            &names.to_le_bytes(),
            self.identity.as_bytes(),
        ] {
            bytes.extend_from_slice(part);
            bytes.push(0);
        }
        let hash = fnv1a(&bytes);
        let mut hex = String::with_capacity(16);
        push_hex(&mut hex, hash, 16);
        hex
    }
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the adapter is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// Send this request (the event's body, to its URL, with its sender's headers and
    /// credentials, `keepalive`, `Idempotency-Key: key`); report the reply with
    /// [`Dispatcher::posted`].
    Post {
        key: String,
        request: Request<String>,
    },
    /// Storage is out of date: read it, and write what [`Dispatcher::to_store`] makes of it.
    Store,
    /// The one timer: call [`Dispatcher::tick`] at this wall-clock time (replacing any timer
    /// set before), or at no time.
    WakeAt(Option<f64>),
    /// Tell this widget (`mfa:error`) that one of its events was given up.
    GaveUp { sender: SenderId, message: String },
    /// This widget is gone and none of its events is left: drop what was kept for it.
    Forgotten(SenderId),
}

struct Registered {
    id: SenderId,
    sender: Sender,
    fingerprint: String,
    /// False once its widget is gone: kept only while events it queued are unsettled.
    live: bool,
}

/// The outbox of one page.
#[derive(Default)]
pub struct Dispatcher {
    outbox: Outbox,
    senders: Vec<Registered>,
    next_id: u32,
    /// The sender each event goes with: the one that queued it, or the one that first posted
    /// an event read back from storage.
    owners: Vec<(String, SenderId)>,
    /// Events posted and not answered yet, with when they may go again without a reply.
    in_flight: Vec<(String, f64)>,
    settled: Vec<String>,
    wake_at: Option<f64>,
    /// In order, until [`Dispatcher::take_outputs`].
    outputs: Vec<Output>,
}

impl Dispatcher {
    /// A widget posting to `sender.url` starts; `stored` is what storage holds now (an earlier
    /// page's events, another script's). The ones a live widget here may send are taken in;
    /// the others stay in storage only (see [`Dispatcher::to_store`]) for their own sender.
    pub fn register(&mut self, sender: Sender, stored: Vec<PendingEvent>, now_ms: f64) -> SenderId {
        let id = SenderId(self.next_id);
        self.next_id += 1;
        let fingerprint = sender.fingerprint();
        self.senders.push(Registered {
            id,
            sender,
            fingerprint,
            live: true,
        });
        let sendable = stored
            .into_iter()
            .filter(|event| self.sender_for(event).is_some())
            .collect();
        self.outbox.merge(sendable, now_ms);
        self.flush(now_ms, false);
        id
    }

    /// A widget's new headers (a renewed token): its events from now on go with them. The
    /// sender stays the same (its fingerprint names the headers it was registered with).
    pub fn renew_headers(&mut self, id: SenderId, headers: Pairs) {
        if let Some(registered) = self.senders.iter_mut().find(|r| r.id == id) {
            registered.sender.headers = headers;
        }
    }

    /// The widget is gone: its unsettled events still go out with its headers.
    pub fn unregister(&mut self, id: SenderId, now_ms: f64) {
        if let Some(registered) = self.senders.iter_mut().find(|r| r.id == id) {
            registered.live = false;
        }
        self.prune();
        self.schedule(now_ms);
    }

    /// Queues an event body of this widget under `key` (its `Idempotency-Key`) and posts it.
    pub fn enqueue(&mut self, id: SenderId, key: String, body: String, now_ms: f64) {
        let Some(registered) = self.senders.iter().find(|r| r.id == id && r.live) else {
            return;
        };
        let (url, fingerprint) = (
            registered.sender.url.clone(),
            registered.fingerprint.clone(),
        );
        let evicted = self
            .outbox
            .push(key.clone(), url, body, &fingerprint, now_ms);
        // Each dropped to make room is told to its widget, like any give-up.
        for event in evicted {
            let owner = self.owner_of(&event.key);
            self.give_up(owner, GaveUp::Evicted);
        }
        self.owners.push((key, id));
        self.outputs.push(Output::Store);
        self.flush(now_ms, false);
    }

    /// How the post of `key` ended, as it happened: a 2xx status is delivered whatever the
    /// body; another status is the server's word (with its `Retry-After`); no response at
    /// all is unreachable.
    pub fn posted(&mut self, key: &str, reply: Reply, now_ms: f64, jitter: f64) {
        let posted = match reply {
            _ if reply.is_success() => Posted::Delivered,
            Reply::Response {
                status,
                retry_after,
                ..
            } => Posted::Status(status, retry_after.and_then(|r| r.wait_ms())),
            Reply::TooLarge { status } => Posted::Status(status, None),
            Reply::TimedOut | Reply::Network(_) => Posted::Unreachable,
            Reply::Redirected => Posted::Redirected,
        };
        self.in_flight.retain(|(k, _)| k != key);
        let owner = self.owner_of(key);
        let ended = self.outbox.settle(key, posted, now_ms, jitter);
        if posted == Posted::Delivered || ended.is_some() {
            self.settled.push(key.to_string());
        }
        if let Some((_, why)) = ended {
            self.give_up(owner, why);
        }
        self.prune();
        self.outputs.push(Output::Store);
        self.flush(now_ms, false);
    }

    /// The timer fired (`force`: the page is going away; everything goes now, backoff or not).
    pub fn tick(&mut self, now_ms: f64, force: bool) {
        self.wake_at = None;
        self.flush(now_ms, force);
    }

    /// What to do, in order, since it was last asked.
    pub fn take_outputs(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.outputs)
    }

    /// What to write to storage, given what it holds now (`theirs`: another script on this tab
    /// may have stored events meanwhile): this queue, plus theirs unless settled here.
    pub fn to_store(&mut self, theirs: Vec<PendingEvent>, now_ms: f64) -> Vec<PendingEvent> {
        self.prune();
        let excess = self.settled.len().saturating_sub(MAX_SETTLED);
        self.settled.drain(..excess);
        let mut all = self.outbox.clone();
        let theirs = theirs
            .into_iter()
            .filter(|e| !self.settled.contains(&e.key))
            .collect();
        all.merge(theirs, now_ms);
        all.pending
    }

    /// The page is back from the back-forward cache: a post under way when it was frozen may
    /// never hear its reply (Firefox drops it), so none is taken as under way any more, and
    /// everything goes now (the `Idempotency-Key` makes a second delivery harmless).
    pub fn resumed(&mut self, now_ms: f64) {
        self.in_flight.clear();
        self.flush(now_ms, true);
    }

    /// Events not settled yet (diagnostics and tests).
    pub fn pending(&self) -> usize {
        self.outbox.pending.len()
    }

    /// Posts what is due, gives up what is too old, and sets the timer.
    fn flush(&mut self, now_ms: f64, force: bool) {
        for event in self.outbox.expire(now_ms) {
            let owner = self.owner_of(&event.key);
            self.settled.push(event.key);
            self.give_up(owner, GaveUp::TooOld);
            self.outputs.push(Output::Store);
        }
        for key in self.outbox.due(now_ms, force) {
            if self
                .in_flight
                .iter()
                .any(|(k, until)| *k == key && *until > now_ms)
            {
                continue;
            }
            let Some(event) = self.outbox.get(&key) else {
                continue;
            };
            let Some(registered) = self.sender_for(event) else {
                continue;
            };
            let (id, sender) = (registered.id, registered.sender.clone());
            let request = Request {
                url: event.url.clone(),
                headers: sender.headers,
                credentials: sender.credentials,
                idempotency_key: Some(key.clone()),
                body: event.body.clone(),
                max_bytes: MAX_REPLY_BYTES,
                timeout_ms: POST_TIMEOUT_MS,
                keepalive: true,
                ask_headers: false,
            };
            self.outputs.push(Output::Post {
                key: key.clone(),
                request,
            });
            if self.owner_of(&key).is_none() {
                self.owners.push((key.clone(), id));
            }
            self.in_flight.retain(|(k, _)| *k != key);
            self.in_flight.push((key, now_ms + IN_FLIGHT_LIMIT_MS));
        }
        self.schedule(now_ms);
    }

    /// One timer, for the earliest moment something can be done: an event's retry (if a
    /// widget can send it) or the limit of a post under way. Said only when it changes.
    fn schedule(&mut self, now_ms: f64) {
        let next = self
            .outbox
            .pending
            .iter()
            .filter_map(
                |event| match self.in_flight.iter().find(|(k, _)| *k == event.key) {
                    Some((_, until)) => Some(*until),
                    None => self
                        .sender_for(event)
                        .map(|_| event.next_attempt_ms.max(now_ms)),
                },
            )
            .reduce(f64::min);
        if next != self.wake_at {
            self.wake_at = next;
            self.outputs.push(Output::WakeAt(next));
        }
    }

    /// The sender an event goes with: its owner (live or not); else, for an event read back
    /// from storage, a live widget with the fingerprint stored with it; an event stored by an
    /// older version without one goes only with a live widget of the same URL sending no
    /// headers, so nobody's credentials go with an event that is not theirs.
    fn sender_for(&self, event: &PendingEvent) -> Option<&Registered> {
        if let Some(id) = self.owner_of(&event.key) {
            return self.senders.iter().find(|r| r.id == id);
        }
        self.senders.iter().find(|r| {
            r.live
                && r.sender.url == event.url
                && match &event.sender {
                    Some(fingerprint) => *fingerprint == r.fingerprint,
                    None => r.sender.headers.is_empty(),
                }
        })
    }

    fn owner_of(&self, key: &str) -> Option<SenderId> {
        self.owners
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, id)| *id)
    }

    fn give_up(&mut self, owner: Option<SenderId>, why: GaveUp) {
        if let Some(sender) = owner {
            self.outputs.push(Output::GaveUp {
                sender,
                message: why.message(),
            });
        }
    }

    /// Forgets senders that are gone and own no unsent event, and owners of settled events.
    fn prune(&mut self) {
        let outbox = &self.outbox;
        self.owners.retain(|(key, _)| outbox.get(key).is_some());
        let owners = &self.owners;
        let outputs = &mut self.outputs;
        self.senders.retain(|r| {
            let kept = r.live || owners.iter().any(|(_, id)| *id == r.id);
            if !kept {
                outputs.push(Output::Forgotten(r.id));
            }
            kept
        });
    }
}

#[cfg(test)]
mod tests;
