//! The widget's files (`/dist/…`) as a CDN serves them: a content-hashed copy cached for good,
//! any other revalidated each time; and how many times each was asked for (a preload the
//! browser reused is one request).

use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use std::collections::HashMap;

/// Counts each request for a file of the widget (`/dist/…`), and serves it as a CDN would:
/// a content-hashed file (`mfa-widget_bg.<hash>.wasm`) cached for good, any other
/// revalidated each time (the demo always runs the latest build).
pub(crate) async fn count_served(
    State(state): State<AppState>,
    request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/dist/") {
        return next.run(request).await;
    }
    *state
        .sandbox
        .lock()
        .unwrap()
        .served
        .entry(path.to_string())
        .or_default() += 1;
    let cache = if is_content_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Whether a file name carries its content's hash, as `cargo xtask dist` names the
/// cache-forever copies: `<name>.<10 hex digits>.<extension>`.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.rsplit('.');
    let (_extension, hash) = (parts.next(), parts.next().unwrap_or_default());
    parts.next().is_some() && hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// How many times each file of `/dist/` was asked for.
pub(crate) async fn list_served(State(state): State<AppState>) -> Json<HashMap<String, u32>> {
    Json(state.sandbox.lock().unwrap().served.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashed_names_are_the_dist_copies() {
        assert!(is_content_hashed("/dist/mfa-widget_bg.0c86bb3150.wasm"));
        assert!(is_content_hashed("/dist/mfa-widget.97ddcc716b.js"));
        assert!(!is_content_hashed("/dist/mfa-widget.js"));
        assert!(!is_content_hashed("/dist/mfa-widget_bg.wasm"));
        assert!(!is_content_hashed("/dist/0c86bb3150.wasm"));
    }
}
