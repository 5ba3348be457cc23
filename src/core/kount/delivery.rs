//! At-least-once delivery of outcome events: a queue of unsent events with retry times. The
//! browser keeps it in `sessionStorage` so a reload does not lose it; this is only the policy.

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
}

/// More than this many unsent events and the oldest are dropped (a broken endpoint must not
/// fill the storage of a long session).
pub const MAX_PENDING: usize = 200;

/// Delay before retry number `attempts` (1-based): exponential from 1 s, capped at 60 s, full
/// jitter but never under 250 ms.
pub fn retry_delay_ms(attempts: u32, jitter: f64) -> f64 {
    let ceiling = (1_000.0 * 2f64.powi(attempts.saturating_sub(1).min(16) as i32)).min(60_000.0);
    (ceiling * jitter.clamp(0.0, 1.0)).max(250.0)
}

/// The queue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outbox {
    pub pending: Vec<PendingEvent>,
}

impl Outbox {
    /// Adds an event, due now.
    pub fn push(&mut self, key: String, url: String, body: String, now_ms: f64) {
        self.pending.push(PendingEvent {
            key,
            url,
            body,
            attempts: 0,
            next_attempt_ms: now_ms,
        });
        if self.pending.len() > MAX_PENDING {
            let excess = self.pending.len() - MAX_PENDING;
            self.pending.drain(..excess);
        }
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

    /// The endpoint accepted the event.
    pub fn delivered(&mut self, key: &str) {
        self.pending.retain(|e| e.key != key);
    }

    /// The post failed: retry later with backoff.
    pub fn failed(&mut self, key: &str, now_ms: f64, jitter: f64) {
        if let Some(event) = self.pending.iter_mut().find(|e| e.key == key) {
            event.attempts += 1;
            event.next_attempt_ms = now_ms + retry_delay_ms(event.attempts, jitter);
        }
    }

    /// Takes in events read back from storage (an earlier page's, or another widget
    /// script's on this tab) that the queue does not hold yet, up to the bound.
    pub fn merge(&mut self, stored: Vec<PendingEvent>) {
        for event in stored {
            if self.get(&event.key).is_none() && self.pending.len() < MAX_PENDING {
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

    #[test]
    fn retries_with_backoff_until_delivered() {
        let mut outbox = Outbox::default();
        outbox.push("k1".into(), "/e".into(), "{}".into(), 1_000.0);
        outbox.push("k2".into(), "/e".into(), "{}".into(), 1_000.0);
        assert_eq!(outbox.due(1_000.0, false), ["k1", "k2"]);
        outbox.failed("k1", 1_000.0, 1.0);
        outbox.delivered("k2");
        assert_eq!(outbox.due(1_500.0, false), Vec::<String>::new());
        assert_eq!(
            outbox.due(1_500.0, true),
            ["k1"],
            "page hide sends everything"
        );
        assert_eq!(outbox.next_due_ms(), Some(2_000.0));
        outbox.failed("k1", 2_000.0, 1.0);
        assert_eq!(outbox.next_due_ms(), Some(4_000.0));
        assert_eq!(outbox.get("k1").map(|e| e.attempts), Some(2));
        outbox.delivered("k1");
        assert!(outbox.pending.is_empty());
        assert_eq!(outbox.next_due_ms(), None);
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
            "k\"1".into(),
            "/e".into(),
            r#"{"challengeOutcome":{}}"#.into(),
            1_700_000_000_123.0,
        );
        outbox.failed("k\"1", 1_700_000_000_123.0, 1.0);
        let stored = serde_json::to_string(&outbox.pending).unwrap();
        assert!(stored.contains(r#""next":1700000001123"#), "{stored}");
        let mut restored = Outbox::default();
        restored.merge(serde_json::from_str(&stored).unwrap());
        assert_eq!(restored, outbox);
        restored.merge(serde_json::from_str(&stored).unwrap());
        assert_eq!(
            restored, outbox,
            "an event already queued is not taken twice"
        );
    }

    #[test]
    fn bounded() {
        let mut outbox = Outbox::default();
        for i in 0..(MAX_PENDING + 5) {
            outbox.push(format!("k{i}"), "/e".into(), "{}".into(), 0.0);
        }
        assert_eq!(outbox.pending.len(), MAX_PENDING);
        assert_eq!(outbox.pending[0].key, "k5", "the oldest go first");
    }
}
