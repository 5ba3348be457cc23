//! The one module that does HTTP: `fetch` through web-sys, JSON bodies out, text back. Every
//! request has a timeout (AbortController). Decoding is the core's job.

use crate::core::config::Pairs;
use js_sys::{Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, Response};

/// Why a request produced no usable body.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpError {
    /// No response at all (offline, DNS, CORS, connection dropped, timed out).
    Network(String),
    /// A response with a non-2xx status, and its `Retry-After` header if any.
    Status(u16, Option<String>),
}

/// Options of one request.
pub struct Post<'a> {
    pub url: &'a str,
    pub headers: &'a Pairs,
    /// Extra headers for this request only (e.g. `Idempotency-Key`).
    pub extra_headers: &'a [(&'a str, &'a str)],
    pub body: &'a str,
    /// Survive page unload (outcome events).
    pub keepalive: bool,
    pub timeout_ms: u32,
    /// `fetch`'s credentials mode (`None`: the browser's default, same-origin).
    pub credentials: Option<&'a str>,
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
        let controller = AbortController::new().map_err(|e| HttpError::Network(describe(&e)))?;
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

/// POSTs JSON and returns the response text of a 2xx reply.
pub async fn post(request: Post<'_>) -> Result<String, HttpError> {
    let controller = AbortController::new().map_err(|e| HttpError::Network(describe(&e)))?;
    post_with(request, &controller).await
}

async fn post_with(request: Post<'_>, abort: &AbortController) -> Result<String, HttpError> {
    let network = |e: JsValue| HttpError::Network(describe(&e));
    let window = web_sys::window().ok_or_else(|| HttpError::Network("no window".into()))?;
    let headers = Headers::new().map_err(network)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(network)?;
    for (name, value) in request.headers {
        headers.set(name, value).map_err(network)?;
    }
    for (name, value) in request.extra_headers {
        headers.set(name, value).map_err(network)?;
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(request.body));
    let credentials = match request.credentials {
        Some("omit") => Some(RequestCredentials::Omit),
        Some("include") => Some(RequestCredentials::Include),
        Some("same-origin") => Some(RequestCredentials::SameOrigin),
        _ => None,
    };
    if let Some(mode) = credentials {
        init.set_credentials(mode);
    }
    if request.keepalive {
        // web-sys has no setter for keepalive (see TOOLCHAIN.md).
        let _ = Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    }
    init.set_signal(Some(&abort.signal()));
    let deadline = {
        let abort = abort.clone();
        gloo_timers::callback::Timeout::new(request.timeout_ms, move || abort.abort())
    };
    let promise: Promise = window.fetch_with_str_and_init(request.url, &init);
    let response: Response = JsFuture::from(promise)
        .await
        .map_err(network)?
        .unchecked_into();
    if !response.ok() {
        let retry_after = response.headers().get("Retry-After").ok().flatten();
        return Err(HttpError::Status(response.status(), retry_after));
    }
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?;
    drop(deadline);
    Ok(text.as_string().unwrap_or_default())
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "request failed".into())
}

/// Joins the API base and an endpoint path, resolved against the page's URL.
pub fn endpoint_url(api_base: Option<&str>, path: &str) -> String {
    let absolute_path = path.starts_with("http://") || path.starts_with("https://");
    let joined = match api_base.map(str::trim).filter(|b| !b.is_empty()) {
        Some(base) if !absolute_path => {
            format!(
                "{}/{}",
                base.trim_end_matches('/'),
                path.trim_start_matches('/')
            )
        }
        _ => path.to_string(),
    };
    resolve_url(&joined)
}

/// Resolves a possibly relative URL against the document's base URL.
pub fn resolve_url(url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    match base {
        Some(base) => web_sys::Url::new_with_base(url, &base)
            .map(|u| u.href())
            .unwrap_or_else(|_| url.to_string()),
        None => url.to_string(),
    }
}
