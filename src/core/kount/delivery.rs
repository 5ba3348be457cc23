//! At-least-once delivery of Kount events: a queue of unsent events with retry times, and the
//! rules for when to give one up. The browser keeps it in `sessionStorage` so a reload does not
//! lose it; this is only the policy.

use crate::core::io::backoff_ms;
use serde::{Deserialize, Serialize};

/// One event waiting to be posted; stored as it is (`sessionStorage`, through serde).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingEvent {
    /// The `Idempotency-Key` header: one UUID per event, the same on every retry.
    pub key: String,
    pub url: String,
    pub body: String,
    pub attempts: u32,
    /// Wall-clock milliseconds (retries survive a reload, so not the page's monotonic clock).
    #[serde(rename = "next")]
    pub next_attempt_ms: f64,
    /// When it was first queued (wall-clock ms); absent in what older versions stored.
    #[serde(rename = "created", default, skip_serializing_if = "Option::is_none")]
    pub created_ms: Option<f64>,
    /// The fingerprint of the widget that queued it (see `dispatcher::Sender::fingerprint`):
    /// only a widget with the same one posts it after a reload. Absent in what older versions
    /// stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
}

/// More than this many unsent events and the oldest are dropped (a broken endpoint must not
/// fill the storage of a long session).
pub const MAX_PENDING: usize = 200;
/// Posts per event before it is given up (with the backoff below, about 15 minutes).
pub const MAX_ATTEMPTS: u32 = 20;
/// An event older than this is given up: a fraud analyst has no use for yesterday's login.
pub const MAX_AGE_MS: f64 = 24.0 * 3_600_000.0;
/// The longest `Retry-After` taken as it is.
pub const MAX_RETRY_AFTER_MS: f64 = 3_600_000.0;

/// Delay before retry number `attempts` (1-based): exponential from 1 s, capped at 60 s, full
/// jitter but never under 250 ms.
pub fn retry_delay_ms(attempts: u32, jitter: f64) -> f64 {
    backoff_ms(attempts, 1_000.0, 60_000.0, 250.0, jitter)
}

/// How one post of an event ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Posted {
    /// A 2xx: the endpoint has it.
    Delivered,
    /// Another status, with the wait its `Retry-After` asked for (ms), if any.
    Status(u16, Option<f64>),
    /// No response (offline, DNS, CORS, timeout).
    Unreachable,
    /// A redirect, never followed (the event and its headers go only to `eventsUrl`).
    Redirected,
}

/// Why an event was given up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GaveUp {
    /// A 4xx other than 408 and 429: sending it again would be refused again.
    Refused(u16),
    /// `eventsUrl` redirects: it would again.
    Redirected,
    /// More than [`MAX_PENDING`] events waited: the oldest made room.
    Evicted,
    TooManyAttempts,
    TooOld,
}

impl GaveUp {
    /// The `mfa:error` message for the host.
    pub fn message(self) -> String {
        match self {
            GaveUp::Refused(status) => {
                format!("the events endpoint refused an event (HTTP {status}); it was dropped")
            }
            GaveUp::Redirected => "the events endpoint answered with a redirect, which the \
                                   widget does not follow; the event was dropped"
                .into(),
            GaveUp::Evicted => format!(
                "more than {MAX_PENDING} events waited to be delivered; the oldest was dropped"
            ),
            GaveUp::TooManyAttempts => {
                format!(
                    "an event could not be delivered in {MAX_ATTEMPTS} attempts; it was dropped"
                )
            }
            GaveUp::TooOld => "an event waited more than 24 hours; it was dropped".into(),
        }
    }
}

/// A key as the widget makes them (a UUID): letters, digits and `-`, at most 64.
pub fn is_idempotency_key(key: &str) -> bool {
    (1..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The queue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outbox {
    pub pending: Vec<PendingEvent>,
}

impl Outbox {
    /// Adds an event of `sender` (its fingerprint), due now; the oldest events past the bound
    /// are dropped, and returned.
    pub fn push(
        &mut self,
        key: String,
        url: String,
        body: String,
        sender: &str,
        now_ms: f64,
    ) -> Vec<PendingEvent> {
        self.pending.push(PendingEvent {
            key,
            url,
            body,
            attempts: 0,
            next_attempt_ms: now_ms,
            created_ms: Some(now_ms),
            sender: Some(sender.to_string()),
        });
        let excess = self.pending.len().saturating_sub(MAX_PENDING);
        self.pending.drain(..excess).collect()
    }

    /// Keys of the events due at `now_ms` (all of them when `force`, e.g. on page hide).
    pub fn due(&self, now_ms: f64, force: bool) -> Vec<String> {
        self.pending
            .iter()
            .filter(|e| force || e.next_attempt_ms <= now_ms)
            .map(|e| e.key.clone())
            .collect()
    }

    pub fn get(&self, key: &str) -> Option<&PendingEvent> {
        self.pending.iter().find(|e| e.key == key)
    }

    /// Records how a post of `key` ended: delivered, retried later, or given up (returned,
    /// so the host hears about it once).
    pub fn settle(
        &mut self,
        key: &str,
        posted: Posted,
        now_ms: f64,
        jitter: f64,
    ) -> Option<(PendingEvent, GaveUp)> {
        let index = self.pending.iter().position(|e| e.key == key)?;
        let event = &mut self.pending[index];
        event.attempts += 1;
        let gave_up = match posted {
            Posted::Delivered => {
                self.pending.remove(index);
                return None;
            }
            Posted::Status(status, _)
                if (400..500).contains(&status) && !matches!(status, 408 | 429) =>
            {
                Some(GaveUp::Refused(status))
            }
            Posted::Redirected => Some(GaveUp::Redirected),
            _ if event.attempts >= MAX_ATTEMPTS => Some(GaveUp::TooManyAttempts),
            Posted::Status(_, Some(wait_ms)) => {
                event.next_attempt_ms = now_ms + wait_ms.clamp(0.0, MAX_RETRY_AFTER_MS);
                None
            }
            _ => {
                event.next_attempt_ms = now_ms + retry_delay_ms(event.attempts, jitter);
                None
            }
        };
        gave_up.map(|reason| (self.pending.remove(index), reason))
    }

    /// Gives up the events older than [`MAX_AGE_MS`].
    pub fn expire(&mut self, now_ms: f64) -> Vec<PendingEvent> {
        let (old, kept) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|e| e.created_ms.is_some_and(|t| now_ms - t > MAX_AGE_MS));
        self.pending = kept;
        old
    }

    /// Takes in events read back from storage (an earlier page's, or another widget
    /// script's on this tab) that the queue does not hold yet, up to the bound. Those stored
    /// without a creation time count from `now_ms`.
    pub fn merge(&mut self, stored: Vec<PendingEvent>, now_ms: f64) {
        for mut event in stored {
            // Storage is any script's to write: a key that is not one of ours would make
            // every post of it throw (it is sent as a header).
            if is_idempotency_key(&event.key)
                && self.get(&event.key).is_none()
                && self.pending.len() < MAX_PENDING
            {
                event.created_ms.get_or_insert(now_ms);
                self.pending.push(event);
            }
        }
    }

    /// When the next event is due, if any.
    pub fn next_due_ms(&self) -> Option<f64> {
        self.pending
            .iter()
            .map(|e| e.next_attempt_ms)
            .reduce(f64::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(keys: &[&str], now_ms: f64) -> Outbox {
        let mut outbox = Outbox::default();
        for key in keys {
            outbox.push(key.to_string(), "/e".into(), "{}".into(), "s", now_ms);
        }
        outbox
    }

    #[test]
    fn retries_with_backoff_until_delivered() {
        let mut outbox = queue(&["k1", "k2"], 1_000.0);
        assert_eq!(outbox.due(1_000.0, false), ["k1", "k2"]);
        assert_eq!(outbox.settle("k1", Posted::Unreachable, 1_000.0, 1.0), None);
        assert_eq!(outbox.settle("k2", Posted::Delivered, 1_000.0, 1.0), None);
        assert_eq!(outbox.due(1_500.0, false), Vec::<String>::new());
        assert_eq!(
            outbox.due(1_500.0, true),
            ["k1"],
            "page hide sends everything"
        );
        assert_eq!(outbox.next_due_ms(), Some(2_000.0));
        outbox.settle("k1", Posted::Status(503, None), 2_000.0, 1.0);
        assert_eq!(outbox.next_due_ms(), Some(4_000.0));
        assert_eq!(outbox.get("k1").map(|e| e.attempts), Some(2));
        outbox.settle("k1", Posted::Delivered, 4_000.0, 1.0);
        assert!(outbox.pending.is_empty());
        assert_eq!(outbox.next_due_ms(), None);
    }

    #[test]
    fn what_ends_an_event_and_what_retries_it() {
        let rows = [
            (Posted::Status(400, None), Some(GaveUp::Refused(400))),
            (Posted::Status(401, None), Some(GaveUp::Refused(401))),
            (
                Posted::Status(404, Some(5_000.0)),
                Some(GaveUp::Refused(404)),
            ),
            (Posted::Status(422, None), Some(GaveUp::Refused(422))),
            (Posted::Status(408, None), None),
            (Posted::Status(429, None), None),
            (Posted::Status(500, None), None),
            (Posted::Status(503, None), None),
            (Posted::Unreachable, None),
            (Posted::Redirected, Some(GaveUp::Redirected)),
        ];
        for (posted, expected) in rows {
            let mut outbox = queue(&["k"], 0.0);
            let gave_up = outbox.settle("k", posted, 0.0, 1.0).map(|(_, why)| why);
            assert_eq!(gave_up, expected, "{posted:?}");
            assert_eq!(outbox.pending.len(), usize::from(expected.is_none()));
        }
    }

    #[test]
    fn retry_after_is_honoured_within_reason() {
        let rows = [
            (Posted::Status(429, Some(7_000.0)), 17_000.0),
            (Posted::Status(503, Some(120_000.0)), 130_000.0),
            (
                Posted::Status(503, Some(1e12)),
                10_000.0 + MAX_RETRY_AFTER_MS,
            ),
            (Posted::Status(503, Some(-5.0)), 10_000.0),
        ];
        for (posted, next) in rows {
            let mut outbox = queue(&["k"], 0.0);
            outbox.settle("k", posted, 10_000.0, 1.0);
            assert_eq!(outbox.next_due_ms(), Some(next), "{posted:?}");
        }
    }

    #[test]
    fn retries_end() {
        let mut outbox = queue(&["k"], 0.0);
        let mut now = 0.0;
        let mut ended = None;
        for _ in 0..MAX_ATTEMPTS {
            now = outbox.next_due_ms().unwrap_or(now);
            ended = outbox.settle("k", Posted::Unreachable, now, 1.0);
        }
        assert_eq!(
            ended.map(|(e, why)| (e.attempts, why)),
            Some((MAX_ATTEMPTS, GaveUp::TooManyAttempts))
        );
        assert!(outbox.pending.is_empty());
        let mut outbox = queue(&["old"], 0.0);
        outbox.push("new".into(), "/e".into(), "{}".into(), "s", MAX_AGE_MS);
        let expired: Vec<String> = outbox
            .expire(MAX_AGE_MS + 1.0)
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(expired, ["old"]);
        assert_eq!(outbox.due(MAX_AGE_MS + 1.0, true), ["new"]);
    }

    #[test]
    fn delays() {
        let rows = [
            (1, 1.0, 1_000.0),
            (2, 1.0, 2_000.0),
            (3, 0.5, 2_000.0),
            (10, 1.0, 60_000.0),
            (1, 0.0, 250.0),
        ];
        for (attempts, jitter, expected) in rows {
            assert_eq!(retry_delay_ms(attempts, jitter), expected);
        }
    }

    #[test]
    fn survives_storage() {
        let mut outbox = Outbox::default();
        outbox.push(
            "k-1".into(),
            "/e".into(),
            r#"{"challengeOutcome":{}}"#.into(),
            "s",
            1_700_000_000_123.0,
        );
        outbox.settle("k-1", Posted::Unreachable, 1_700_000_000_123.0, 1.0);
        let stored = serde_json::to_string(&outbox.pending).unwrap();
        assert!(stored.contains(r#""next":1700000001123"#), "{stored}");
        let mut restored = Outbox::default();
        restored.merge(serde_json::from_str(&stored).unwrap(), 0.0);
        assert_eq!(restored, outbox);
        restored.merge(serde_json::from_str(&stored).unwrap(), 0.0);
        assert_eq!(
            restored, outbox,
            "an event already queued is not taken twice"
        );
        // What an older version stored (no creation time) counts from when it is read.
        let old = r#"[{"key":"k2","url":"/e","body":"{}","attempts":1,"next":5}]"#;
        restored.merge(serde_json::from_str(old).unwrap(), 42.0);
        assert_eq!(restored.get("k2").and_then(|e| e.created_ms), Some(42.0));
        // What another script wrote as a key is not one: it would throw as a header.
        let foreign = r#"[{"key":"k\n3","url":"/e","body":"{}","attempts":0,"next":5},
                          {"key":"","url":"/e","body":"{}","attempts":0,"next":5}]"#;
        restored.merge(serde_json::from_str(foreign).unwrap(), 42.0);
        assert_eq!(restored.pending.len(), 2, "{restored:?}");
    }

    #[test]
    fn bounded() {
        let mut outbox = Outbox::default();
        let mut evicted = Vec::new();
        for i in 0..(MAX_PENDING + 5) {
            evicted.extend(outbox.push(format!("k{i}"), "/e".into(), "{}".into(), "s", 0.0));
        }
        assert_eq!(outbox.pending.len(), MAX_PENDING);
        assert_eq!(outbox.pending[0].key, "k5", "the oldest go first");
        let keys: Vec<&str> = evicted.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["k0", "k1", "k2", "k3", "k4"], "and are handed back");
    }
}
