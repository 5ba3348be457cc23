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
