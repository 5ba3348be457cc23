//! The one module that does HTTP: the core's complete requests (`core::io::Request`, bodies
//! as JSON text) built by gloo-net and sent by the browser's `fetch` the moment they are asked
//! for, each aborted at its timeout (a `clock::Wake`, the one timer every delay goes through),
//! and the replies handed back as they came (`core::io::Reply`): status, `Retry-After`, body
//! text within the request's bound. What any of it means is the core's to say.

use super::clock::{http_date_ms, wall_ms, Wake};
use super::wire;
use crate::core::io::Credentials;
use crate::core::io::{Reply, Request, RetryAfter};
use gloo_net::http::{Request as Outgoing, Response};
use js_sys::{Array, Promise, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCredentials, RequestRedirect, ResponseType,
};

#[wasm_bindgen]
extern "C" {
    /// The page's `fetch` as it is when called: a host's wrapper (an auth interceptor, a
    /// monitoring library) included. One that throws instead of rejecting is a failed request
    /// like any other, never an exception through the widget.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn page_fetch(request: &web_sys::Request) -> Result<JsValue, JsValue>;
}

/// Why a body could not be read.
enum BodyError {
    TooLarge,
    Failed(JsValue),
}

/// The requests one widget has in flight, so that destroying it cancels them (all but those
/// meant to outlive it: `keepalive`, an answer the user gave).
#[derive(Clone, Default)]
pub struct InFlight {
    next_id: Rc<Cell<u32>>,
    controllers: Rc<RefCell<Vec<(u32, AbortController, bool)>>>,
    /// Set by `abort_all`: a request queued before the widget went away never starts.
    closed: Rc<Cell<bool>>,
}

impl InFlight {
    /// Sends like [`send`], cancellable by [`InFlight::abort_all`]. The request leaves now,
    /// not when the returned future is first polled: a read asked for while the widget is
    /// being built is on its way while Yew renders.
    pub fn send(&self, request: Request<String>) -> impl Future<Output = Reply> + 'static {
        let started = if self.closed.get() {
            Err(Reply::Network("cancelled".into()))
        } else {
            AbortController::new()
                .map_err(|error| network(&error))
                .map(|controller| {
                    let id = self.next_id.get();
                    self.next_id.set(id.wrapping_add(1));
                    let outlives = request.keepalive;
                    self.controllers
                        .borrow_mut()
                        .push((id, controller.clone(), outlives));
                    (id, start(request, &controller))
                })
        };
        let controllers = self.controllers.clone();
        async move {
            let (id, reply) = match started {
                Ok(started) => started,
                Err(reply) => return reply,
            };
            let reply = reply.await;
            controllers.borrow_mut().retain(|(i, _, _)| *i != id);
            reply
        }
    }

    /// Aborts every request but the `keepalive` ones (they still end at their timeout), and
    /// starts no new one.
    pub fn abort_all(&self) {
        self.closed.set(true);
        let controllers: Vec<_> = self.controllers.borrow_mut().drain(..).collect();
        for (_, controller, outlives) in controllers {
            if !outlives {
                controller.abort();
            }
        }
    }
}

/// Sends a request on its own (the event outbox's posts, which outlive any widget).
pub async fn send(request: Request<String>) -> Reply {
    match AbortController::new() {
        Ok(controller) => start(request, &controller).await,
        Err(error) => network(&error),
    }
}

/// Builds the request (gloo-net's builder) and hands it to the browser's `fetch` at once; the
/// returned future waits for the reply, within the request's timeout, and reports it as it
/// came: status, `Retry-After`, body text (bounded), or no response.
fn start(
    request: Request<String>,
    abort: &AbortController,
) -> impl Future<Output = Reply> + 'static {
    let max_bytes = request.max_bytes;
    let timeout_ms = request.timeout_ms;
    // A wrapper may also return what is not a promise: taken as `await` would take it.
    let fetched = build(request, abort)
        .and_then(|outgoing| page_fetch(&web_sys::Request::from(outgoing)))
        .map(|returned| Promise::resolve(&returned));
    let timed_out = Rc::new(Cell::new(false));
    // Rejected at the deadline: what the request waits on (the response, each chunk of the
    // body) is raced against it, so a page's `fetch` wrapper that ignores the abort signal
    // (or a body that never ends) cannot hold the widget past its timeout.
    let reject = Rc::new(Cell::new(None::<js_sys::Function>));
    let expired = Promise::new(&mut |_, rejecter| reject.set(Some(rejecter)));
    let deadline = {
        let (abort, timed_out, reject) = (abort.clone(), timed_out.clone(), reject.take());
        Wake::after(timeout_ms, move || {
            timed_out.set(true);
            abort.abort();
            if let Some(reject) = reject {
                let _ = reject.call1(&JsValue::UNDEFINED, &JsValue::from_str("timed out"));
            }
        })
    };
    async move {
        let failed = |error: JsValue| {
            if timed_out.get() {
                Reply::TimedOut
            } else {
                network(&error)
            }
        };
        let response = match fetched {
            Ok(promise) => before(&expired, promise).await,
            Err(error) => Err(error),
        };
        let response = match response.and_then(|value| {
            value
                .dyn_into::<web_sys::Response>()
                .map_err(|_| JsValue::from_str("fetch gave something that is not a Response"))
        }) {
            Ok(response) if response.type_() == ResponseType::Opaqueredirect => {
                return Reply::Redirected
            }
            Ok(response) => Response::from(response),
            Err(error) => return failed(error),
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get("Retry-After")
            .map(|value| RetryAfter {
                date_ms: http_date_ms(&value),
                value,
                received_wall_ms: wall_ms(),
            });
        let reply = match bounded_text(&response, max_bytes, &expired).await {
            Ok(body) => Reply::Response {
                status,
                retry_after,
                body,
            },
            Err(BodyError::TooLarge) => Reply::TooLarge { status },
            Err(BodyError::Failed(error)) => failed(error),
        };
        drop(deadline);
        reply
    }
}

/// The request as `fetch` takes it: JSON body, the caller's headers and credentials mode, the
/// abort signal, and `keepalive` when asked.
fn build(request: Request<String>, abort: &AbortController) -> Result<Outgoing, JsValue> {
    let mut builder = Outgoing::post(&request.url)
        .header("Content-Type", "application/json")
        .credentials(match request.credentials {
            Credentials::Omit => RequestCredentials::Omit,
            Credentials::SameOrigin => RequestCredentials::SameOrigin,
            Credentials::Include => RequestCredentials::Include,
        })
        .abort_signal(Some(&abort.signal()));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if let Some(key) = &request.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    let outgoing = builder.body(request.body).map_err(gloo_error)?;
    // The same request again with what gloo-net's builder does not set
    // (`new Request(request, init)`): a redirect is never followed (it would take the body and
    // the host's headers to an address the config never named; it comes back as an
    // `opaqueredirect`), and `keepalive` when asked.
    let init = web_sys::RequestInit::new();
    init.set_redirect(RequestRedirect::Manual);
    if request.keepalive {
        let _ = Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    }
    let raw = web_sys::Request::from(outgoing);
    Ok(Outgoing::from(web_sys::Request::new_with_request_and_init(
        &raw, &init,
    )?))
}

/// The body as text, refused when it is longer than `max` bytes: at once when
/// `Content-Length` says so, otherwise as soon as the bytes that arrived pass it (a chunked or
/// compressed body has no length to trust). The stream is then cancelled: the rest is never
/// read, into JS or into the wasm.
async fn bounded_text(
    response: &Response,
    max: usize,
    expired: &Promise,
) -> Result<String, BodyError> {
    let declared = response
        .headers()
        .get("Content-Length")
        .and_then(|n| n.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(BodyError::TooLarge);
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
        let step = before(expired, reader.read())
            .await
            .map_err(BodyError::Failed)?;
        if Reflect::get(&step, &JsValue::from_str("done")).map_or(true, |done| done.is_truthy()) {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&step, &JsValue::from_str("value"))
            .ok()
            .and_then(|value| value.dyn_into().ok())
            .ok_or_else(|| {
                BodyError::Failed(JsValue::from_str("a body chunk that is not bytes"))
            })?;
        total += chunk.length() as usize;
        if total > max {
            let _ = reader.cancel();
            return Err(BodyError::TooLarge);
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

/// `promise`, unless `expired` rejects first.
fn before(expired: &Promise, promise: Promise) -> JsFuture {
    JsFuture::from(Promise::race(&Array::of2(&promise, expired)))
}

fn network(error: &JsValue) -> Reply {
    Reply::Network(wire::error_message(error).unwrap_or_else(|| "request failed".into()))
}

fn gloo_error(error: gloo_net::Error) -> JsValue {
    match error {
        gloo_net::Error::JsError(e) => JsValue::from_str(&e.message),
        _ => JsValue::from_str("request failed"),
    }
}
