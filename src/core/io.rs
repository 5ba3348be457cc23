//! IO as data: the requests the core asks for, complete (URL, headers, body, byte limit,
//! timeout, `keepalive`, idempotency key), and the replies the shell hands back raw (a status,
//! its `Retry-After`, the body text; or "too large", "timed out", "network"). The shell only
//! carries them: what a reply means (a job, a back-off, a give-up, a message) is decided by
//! whoever asked, [`crate::core::flow`] or [`crate::core::kount::dispatcher`].

use crate::core::pairs::Pairs;

/// `fetch`'s credentials mode for Job API and event requests (the config's `credentials`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    Omit,
    /// The browser's default.
    #[default]
    SameOrigin,
    /// Cookies to a cross-origin backend.
    Include,
}

impl Credentials {
    /// `fetch`'s own spelling, which the config takes too.
    pub fn as_str(self) -> &'static str {
        match self {
            Credentials::Omit => "omit",
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
        }
    }
}

/// The wait before retry number `attempt` (1-based) of a request that failed: exponential
/// from `base_ms`, capped at `cap_ms`, with full jitter (`jitter` in `[0, 1)`, from the
/// shell) but never under `floor_ms`, so failures never make a tight loop. Job reads and
/// event posts both back off this way, each with its own numbers.
pub fn backoff_ms(attempt: u32, base_ms: f64, cap_ms: f64, floor_ms: f64, jitter: f64) -> f64 {
    let exponent = attempt.saturating_sub(1).min(16) as i32;
    let ceiling = (base_ms * 2f64.powi(exponent)).min(cap_ms);
    (ceiling * jitter.clamp(0.0, 1.0)).max(floor_ms)
}

/// Which of a widget's requests a reply answers: at most one of each is under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    ReadJob,
    Answer,
}

/// A POST of JSON, complete: the shell encodes `body` (a typed value, or text already) and
/// sends it as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Request<B> {
    pub url: String,
    pub headers: Pairs,
    pub credentials: Credentials,
    /// `Idempotency-Key`, the same on every retry of one event.
    pub idempotency_key: Option<String>,
    pub body: B,
    /// The longest body read back; a longer one is cancelled as it streams.
    pub max_bytes: usize,
    /// Past this, the request is aborted and replies [`Reply::TimedOut`].
    pub timeout_ms: f64,
    /// Outlives the page (events sent while it unloads).
    pub keepalive: bool,
    /// The host's `headers` provider is asked first; what it gives is added over `headers`.
    pub ask_headers: bool,
}

impl<B> Request<B> {
    /// The same request with its body encoded.
    pub fn map_body<C>(self, encode: impl FnOnce(B) -> C) -> Request<C> {
        Request {
            url: self.url,
            headers: self.headers,
            credentials: self.credentials,
            idempotency_key: self.idempotency_key,
            body: encode(self.body),
            max_bytes: self.max_bytes,
            timeout_ms: self.timeout_ms,
            keepalive: self.keepalive,
            ask_headers: self.ask_headers,
        }
    }
}

/// How a request ended, as it happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// A response within the byte limit, whatever its status.
    Response {
        status: u16,
        retry_after: Option<RetryAfter>,
        body: String,
    },
    /// A response whose body passed the limit (the rest was not read).
    TooLarge { status: u16 },
    /// No response before the request's timeout.
    TimedOut,
    /// No response at all (offline, DNS, CORS, a dropped connection), with the browser's words.
    Network(String),
    /// A redirect, not followed: it would take the body and the host's headers to an address
    /// the config never named (the browser hides where it pointed).
    Redirected,
}

impl Reply {
    /// The HTTP status, when a response came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Reply::Response { status, .. } | Reply::TooLarge { status } => Some(*status),
            Reply::TimedOut | Reply::Network(_) | Reply::Redirected => None,
        }
    }

    /// A response with a 2xx status.
    pub fn is_success(&self) -> bool {
        match self {
            Reply::Response { status, .. } | Reply::TooLarge { status } => is_success(*status),
            Reply::TimedOut | Reply::Network(_) | Reply::Redirected => false,
        }
    }
}

/// A 2xx status.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// A `Retry-After` header as it came, with what the browser's `Date.parse` made of it (the
/// core has no date parser: every engine reads RFC 9110's three forms) and the wall-clock
/// time it arrived.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryAfter {
    pub value: String,
    pub date_ms: Option<f64>,
    pub received_wall_ms: f64,
}

impl RetryAfter {
    /// The wait asked for, in milliseconds; `None` if unreadable.
    pub fn wait_ms(&self) -> Option<f64> {
        parse_retry_after(&self.value, |_| self.date_ms, self.received_wall_ms)
    }
}

/// The wait a `Retry-After` header asks for, in milliseconds: delta-seconds (`120`), or else
/// an HTTP date, which `date_ms` reads, relative to `now_wall_ms`. `None` if unreadable.
pub fn parse_retry_after(
    value: &str,
    date_ms: impl FnOnce(&str) -> Option<f64>,
    now_wall_ms: f64,
) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Any number of digits: past u32 it is "very long", never an overflow.
        let seconds = value.parse::<u32>().unwrap_or(u32::MAX);
        return Some(f64::from(seconds) * 1000.0);
    }
    let at = date_ms(value).filter(|ms| ms.is_finite())?;
    Some((at - now_wall_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        // 2015-10-21T07:28:00Z is 1445412480000 ms; the date reader stands in for the
        // browser's (tested in each engine: `clock::http_date_ms`).
        let now = 1_445_412_480_000.0 - 90_000.0;
        let read = |text: &str| match text {
            "Wed, 21 Oct 2015 07:28:00 GMT" => Some(1_445_412_480_000.0),
            "Wed, 21 Oct 2015 07:26:00 GMT" => Some(1_445_412_360_000.0),
            "NaN" => Some(f64::NAN),
            _ => None,
        };
        let rows = [
            ("120", Some(120_000.0)),
            (" 0 ", Some(0.0)),
            ("Wed, 21 Oct 2015 07:28:00 GMT", Some(90_000.0)),
            (" Wed, 21 Oct 2015 07:28:00 GMT ", Some(90_000.0)),
            ("Wed, 21 Oct 2015 07:26:00 GMT", Some(0.0)),
            // Any number of digits: never an overflow.
            (
                "99999999999999999999999",
                Some(f64::from(u32::MAX) * 1000.0),
            ),
            ("NaN", None),
            ("-5", None),
            ("soon", None),
            ("", None),
        ];
        for (value, expected) in rows {
            assert_eq!(parse_retry_after(value, read, now), expected, "{value:?}");
        }
    }

    #[test]
    fn success_is_a_2xx_status_whatever_the_body() {
        let response = |status| Reply::Response {
            status,
            retry_after: None,
            body: String::new(),
        };
        for (reply, success) in [
            (response(200), true),
            (response(204), true),
            (response(299), true),
            (response(300), false),
            (response(404), false),
            (Reply::TooLarge { status: 200 }, true),
            (Reply::TooLarge { status: 500 }, false),
            (Reply::TimedOut, false),
            (Reply::Network("offline".into()), false),
            (Reply::Redirected, false),
        ] {
            assert_eq!(reply.is_success(), success, "{reply:?}");
        }
    }
}
