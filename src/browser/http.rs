//! Requests to the Job API: JSON bodies out, text back. Decoding is the core's job.

use gloo_net::http::Request;
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// Why a request produced no usable body.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpError {
    /// No response at all (offline, DNS, CORS, connection dropped).
    Network(String),
    /// A response with a non-2xx status.
    Status(u16),
}

/// POSTs `body` as JSON to `url` and returns the response text of a 2xx reply.
pub async fn post_json(
    url: &str,
    headers: &BTreeMap<String, String>,
    body: String,
) -> Result<String, HttpError> {
    let mut request = Request::post(url).header("Content-Type", "application/json");
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request
        .body(JsValue::from(body))
        .map_err(|e| HttpError::Network(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| HttpError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(HttpError::Status(response.status()));
    }
    response
        .text()
        .await
        .map_err(|e| HttpError::Network(e.to_string()))
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
