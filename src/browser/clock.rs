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

/// A wake-up timer; dropping it cancels it, so holding one at a time means one pending wake.
pub struct Wake(#[allow(dead_code)] Timeout);

impl Wake {
    pub fn after(ms: f64, callback: impl FnOnce() + 'static) -> Wake {
        // setTimeout takes a signed 32-bit delay: anything longer would fire at once.
        let ms = ms.clamp(0.0, f64::from(i32::MAX)) as u32;
        Wake(Timeout::new(ms, callback))
    }
}

/// The browser's clocks, for [`crate::core::timeline::Timeline`].
pub struct BrowserClock;

impl crate::core::timeline::Clock for BrowserClock {
    fn monotonic_ms(&self) -> f64 {
        now_ms()
    }
    fn wall_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}
