//! The one module that does HTTP: POSTs of JSON text through gloo-net, every request with a
//! timeout (an `AbortController` fired by a gloo-timers timeout). What goes out is encoded and
//! what comes back decoded by the caller (`browser::wire` and the core).

use super::wire;
use crate::core::config::Credentials;
use crate::core::pairs::Pairs;
use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use js_sys::Reflect;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, RequestCredentials};

/// Why a request produced no usable body.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpError {
    /// No response at all (offline, DNS, CORS, connection dropped, timed out).
    Network(String),
    /// A response with a non-2xx status, and its `Retry-After` header if any.
    Status(u16, Option<String>),
    /// A body longer than the caller's bound (the rest is not read).
    TooLarge,
}

/// Options of one request.
pub struct Post<'a> {
    pub url: &'a str,
    pub headers: &'a Pairs,
    /// The event's `Idempotency-Key`, the same on every retry.
    pub idempotency_key: Option<&'a str>,
    /// JSON text.
    pub body: &'a str,
    /// Survive page unload (outcome events).
    pub keepalive: bool,
    pub timeout_ms: u32,
    pub credentials: Credentials,
    /// The longest body accepted back, in bytes.
    pub max_body: usize,
}

/// The requests one widget has in flight, so that destroying it cancels them all.
#[derive(Clone, Default)]
pub struct InFlight {
    next_id: Rc<Cell<u32>>,
    controllers: Rc<RefCell<Vec<(u32, AbortController)>>>,
    /// Set by `abort_all`: a request queued before the widget went away never starts.
    closed: Rc<Cell<bool>>,
}

impl InFlight {
    /// POSTs like [`post`], cancellable by [`InFlight::abort_all`].
    pub async fn post(&self, request: Post<'_>) -> Result<String, HttpError> {
        if self.closed.get() {
            return Err(HttpError::Network("cancelled".into()));
        }
        let controller = AbortController::new().map_err(network)?;
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        self.controllers.borrow_mut().push((id, controller.clone()));
        let result = post_with(request, &controller).await;
        self.controllers.borrow_mut().retain(|(i, _)| *i != id);
        result
    }

    pub fn abort_all(&self) {
        self.closed.set(true);
        let controllers: Vec<_> = self.controllers.borrow_mut().drain(..).collect();
        for (_, controller) in controllers {
            controller.abort();
        }
    }
}

/// POSTs JSON text and returns the response text of a 2xx reply.
pub async fn post(request: Post<'_>) -> Result<String, HttpError> {
    let controller = AbortController::new().map_err(network)?;
    post_with(request, &controller).await
}

async fn post_with(request: Post<'_>, abort: &AbortController) -> Result<String, HttpError> {
    let mut builder = Request::post(request.url)
        .header("Content-Type", "application/json")
        .credentials(match request.credentials {
            Credentials::Omit => RequestCredentials::Omit,
            Credentials::SameOrigin => RequestCredentials::SameOrigin,
            Credentials::Include => RequestCredentials::Include,
        })
        .abort_signal(Some(&abort.signal()));
    for (name, value) in request.headers {
        builder = builder.header(name, value);
    }
    if let Some(key) = request.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    let mut outgoing = builder.body(request.body).map_err(gloo_error)?;
    if request.keepalive {
        // gloo-net's builder (like web-sys's RequestInit) has no `keepalive`: the same request
        // again, with it set (`new Request(request, {keepalive: true})`).
        let init = web_sys::RequestInit::new();
        let _ = Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
        let raw = web_sys::Request::from(outgoing);
        outgoing = Request::from(
            web_sys::Request::new_with_request_and_init(&raw, &init).map_err(network)?,
        );
    }
    let deadline = {
        let abort = abort.clone();
        Timeout::new(request.timeout_ms, move || abort.abort())
    };
    let response = outgoing.send().await.map_err(gloo_error)?;
    if !response.ok() {
        let retry_after = response.headers().get("Retry-After");
        return Err(HttpError::Status(response.status(), retry_after));
    }
    let text = bounded_text(&response, request.max_body).await;
    drop(deadline);
    text
}

/// The body as text, refused when it is longer than `max`: at once when `Content-Length`
/// says so, otherwise once read.
async fn bounded_text(response: &Response, max: usize) -> Result<String, HttpError> {
    let declared = response
        .headers()
        .get("Content-Length")
        .and_then(|n| n.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(HttpError::TooLarge);
    }
    let text = response.text().await.map_err(gloo_error)?;
    if text.len() > max {
        return Err(HttpError::TooLarge);
    }
    Ok(text)
}

fn network(error: JsValue) -> HttpError {
    HttpError::Network(wire::error_message(&error).unwrap_or_else(|| "request failed".into()))
}

fn gloo_error(error: gloo_net::Error) -> HttpError {
    HttpError::Network(match error {
        gloo_net::Error::JsError(e) => e.message,
        _ => "request failed".into(),
    })
}
