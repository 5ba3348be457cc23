//! The page's lifecycle as the widget needs it: "the frame after this was rendered" (for
//! `sentTimestamp`) and "the page is being left" (`pagehide`, to close open challenges).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Calls `callback` once the next frame has been painted: a `requestAnimationFrame` callback
/// runs just before the paint, and a zero timeout queued from it runs just after.
pub fn after_next_paint(callback: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let frame = Closure::once_into_js(move || {
        gloo_timers::callback::Timeout::new(0, callback).forget();
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// A `pagehide` listener on `window`, removed when dropped.
pub struct PageHide {
    closure: Closure<dyn FnMut()>,
}

impl PageHide {
    pub fn listen(callback: impl FnMut() + 'static) -> Option<PageHide> {
        let window = web_sys::window()?;
        let closure = Closure::<dyn FnMut()>::new(callback);
        window
            .add_event_listener_with_callback("pagehide", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(PageHide { closure })
    }
}

impl Drop for PageHide {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "pagehide",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
