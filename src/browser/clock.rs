//! Time and randomness from the browser, handed to the core as plain numbers.

use gloo_timers::callback::Timeout;

/// Milliseconds on the monotonic clock (`performance.now()`), immune to wall-clock changes.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// A random number in `[0, 1)` for backoff jitter.
pub fn jitter() -> f64 {
    js_sys::Math::random()
}

/// Milliseconds since the epoch (`Date.now()`): for wall-clock deadlines and HTTP dates.
pub fn wall_ms() -> f64 {
    js_sys::Date::now()
}

/// An HTTP date (`Retry-After`) in wall-clock milliseconds, read by the browser's
/// `Date.parse`, which reads all three of RFC 9110's forms in Chromium, Firefox and WebKit
/// (tested end to end in each). HTTP dates are GMT; the asctime form does not say so, and
/// `Date.parse` would take it as local time, so it is told.
pub fn http_date_ms(value: &str) -> Option<f64> {
    let ms = if value.contains("GMT") {
        js_sys::Date::parse(value)
    } else {
        js_sys::Date::parse(&format!("{value} GMT"))
    };
    ms.is_finite().then_some(ms)
}

/// Random bytes from `crypto.getRandomValues` (everywhere, with or without https), or from
/// `Math.random` where even that fails.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let from_crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !from_crypto {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// A wake-up timer; dropping it cancels it, so holding one at a time means one pending wake.
pub struct Wake(#[allow(dead_code)] Timeout);

impl Wake {
    pub fn after(ms: f64, callback: impl FnOnce() + 'static) -> Wake {
        // setTimeout takes a signed 32-bit delay: anything longer would fire at once.
        let ms = ms.clamp(0.0, f64::from(i32::MAX)) as u32;
        Wake(Timeout::new(ms, callback))
    }
}

/// The browser's clocks, for [`crate::core::kount::timeline::Timeline`].
pub struct BrowserClock;

impl crate::core::kount::timeline::Clock for BrowserClock {
    fn monotonic_ms(&self) -> f64 {
        now_ms()
    }
    fn wall_ms(&self) -> f64 {
        wall_ms()
    }
}
