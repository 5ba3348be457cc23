//! The one module that does HTTP: POSTs of JSON text (built by gloo-net, sent by the browser's
//! `fetch` the moment they are asked for), every request with a timeout (an `AbortController`
//! fired by a `clock::Wake`, the one timer every delay goes through). What goes out is encoded
//! and what comes back decoded by the caller (`browser::wire` and the core).

use super::clock::Wake;
use super::wire;
use crate::core::config::Credentials;
use crate::core::pairs::Pairs;
use gloo_net::http::{Request, Response};
use js_sys::{Array, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, RequestCredentials};

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
    /// POSTs like [`post`], cancellable by [`InFlight::abort_all`]. The request leaves now,
    /// not when the returned future is first polled: a read asked for while the widget is
    /// being built is on its way while Yew renders.
    pub fn post(
        &self,
        request: Post<'_>,
    ) -> impl Future<Output = Result<String, HttpError>> + 'static {
        let started = if self.closed.get() {
            Err(HttpError::Network("cancelled".into()))
        } else {
            AbortController::new().map_err(network).map(|controller| {
                let id = self.next_id.get();
                self.next_id.set(id.wrapping_add(1));
                self.controllers.borrow_mut().push((id, controller.clone()));
                (id, send(request, &controller))
            })
        };
        let controllers = self.controllers.clone();
        async move {
            let (id, reply) = started?;
            let result = reply.await;
            controllers.borrow_mut().retain(|(i, _)| *i != id);
            result
        }
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
    send(request, &controller).await
}

/// Builds the request (gloo-net's builder) and hands it to the browser's `fetch` at once; the
/// returned future waits for the reply, within the request's timeout.
fn send(
    request: Post<'_>,
    abort: &AbortController,
) -> impl Future<Output = Result<String, HttpError>> + 'static {
    let max_body = request.max_body;
    let timeout_ms = request.timeout_ms;
    let fetched = build(request, abort).and_then(|outgoing| {
        let window = web_sys::window().ok_or(HttpError::Network("no window".into()))?;
        Ok(window.fetch_with_request(&web_sys::Request::from(outgoing)))
    });
    let deadline = {
        let abort = abort.clone();
        Wake::after(f64::from(timeout_ms), move || abort.abort())
    };
    async move {
        let response = JsFuture::from(fetched?).await.map_err(network)?;
        let response = Response::from(response.unchecked_into::<web_sys::Response>());
        if !response.ok() {
            let retry_after = response.headers().get("Retry-After");
            return Err(HttpError::Status(response.status(), retry_after));
        }
        let text = bounded_text(&response, max_body).await;
        drop(deadline);
        text
    }
}

/// The request as `fetch` takes it: JSON body, the caller's headers and credentials mode, the
/// abort signal, and `keepalive` when asked.
fn build(request: Post<'_>, abort: &AbortController) -> Result<Request, HttpError> {
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
    let outgoing = builder.body(request.body).map_err(gloo_error)?;
    if !request.keepalive {
        return Ok(outgoing);
    }
    // gloo-net's builder (like web-sys's RequestInit) has no `keepalive`: the same request
    // again, with it set (`new Request(request, {keepalive: true})`).
    let init = web_sys::RequestInit::new();
    let _ = Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    let raw = web_sys::Request::from(outgoing);
    Ok(Request::from(
        web_sys::Request::new_with_request_and_init(&raw, &init).map_err(network)?,
    ))
}

/// The body as text, refused when it is longer than `max` bytes: at once when
/// `Content-Length` says so, otherwise as soon as the bytes that arrived pass it (a chunked or
/// compressed body has no length to trust). The stream is then cancelled: the rest is never
/// read, into JS or into the wasm.
async fn bounded_text(response: &Response, max: usize) -> Result<String, HttpError> {
    let declared = response
        .headers()
        .get("Content-Length")
        .and_then(|n| n.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(HttpError::TooLarge);
    }
    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    // The chunks stay in JS until the whole body is known to fit; then it enters the wasm in
    // one allocation of its exact size (a growing buffer would leave the wasm's memory, which
    // never shrinks, several times larger).
    let chunks = Array::new();
    let mut total = 0usize;
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(network)?;
        if Reflect::get(&step, &JsValue::from_str("done")).map_or(true, |done| done.is_truthy()) {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&step, &JsValue::from_str("value"))
            .ok()
            .and_then(|value| value.dyn_into().ok())
            .ok_or_else(|| HttpError::Network("a body chunk that is not bytes".into()))?;
        total += chunk.length() as usize;
        if total > max {
            let _ = reader.cancel();
            return Err(HttpError::TooLarge);
        }
        chunks.push(&chunk);
    }
    let mut bytes = vec![0u8; total];
    let mut at = 0;
    for chunk in chunks.iter() {
        let chunk: Uint8Array = chunk.unchecked_into();
        let end = at + chunk.length() as usize;
        chunk.copy_to(&mut bytes[at..end]);
        at = end;
    }
    // As `Response.text()` decodes: UTF-8, a leading byte-order mark dropped, bad bytes
    // replaced.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
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
