//! The sandbox: a real HTTP server implementing the Job API (DESIGN §2) over scripted bank
//! scenarios, recording every answer and outcome event it receives, and serving the demo page
//! (`www/`) and the built widget (`dist/`). It binds to loopback only.

mod faults;
mod files;
mod jobs;
mod png;
pub mod scenarios;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use faults::{Fault, FaultPlan};
use jobs::{AnswerEndpoint, Job};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub use scenarios::CAPTCHA_TEXT;

/// Where the sandbox finds the files it serves.
#[derive(Clone, Debug)]
pub struct Options {
    pub www_dir: PathBuf,
    pub dist_dir: PathBuf,
    /// How long the "bank" takes after each answer (and to log in) unless a job says otherwise.
    pub bank_delay: Duration,
}

impl Default for Options {
    fn default() -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        Options {
            www_dir: root.join("www"),
            dist_dir: root.join("dist"),
            bank_delay: Duration::from_millis(1_500),
        }
    }
}

#[derive(Default)]
struct Sandbox {
    jobs: HashMap<String, Job>,
    /// Accepted outcome events, one per idempotency key, in arrival order.
    events: Vec<Value>,
    /// Delivery attempts per idempotency key (including refused and duplicate ones).
    event_attempts: HashMap<String, u32>,
    /// Requests for each file of `/dist/` (a preload the browser reused is one).
    served: HashMap<String, u32>,
}

#[derive(Clone)]
struct AppState {
    sandbox: Arc<Mutex<Sandbox>>,
    bank_delay: Duration,
}

/// A running sandbox; dropping it does not stop the server (it stops with the runtime).
pub struct Running {
    pub addr: SocketAddr,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Binds `127.0.0.1:port` (0 for any free port) and serves in the background of the current
/// Tokio runtime.
pub async fn start(port: u16, options: Options) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    let addr = listener.local_addr()?;
    let app = router(options);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("sandbox stopped: {e}");
        }
    });
    Ok(Running { addr })
}

/// The whole HTTP surface.
pub fn router(options: Options) -> Router {
    let state = AppState {
        sandbox: Arc::default(),
        bank_delay: options.bank_delay,
    };
    Router::new()
        .route("/api/Job/GetJobInformationByID", post(get_job))
        .route(
            "/api/Job/UpdateJobSecurityAnswer",
            post(|s, b| answer(s, b, AnswerEndpoint::SecurityAnswer)),
        )
        .route(
            "/api/Job/UpdateJobTokenInput",
            post(|s, b| answer(s, b, AnswerEndpoint::TokenInput)),
        )
        .route(
            "/api/Job/UpdateJobCaptchaInput",
            post(|s, b| answer(s, b, AnswerEndpoint::CaptchaInput)),
        )
        .route("/sandbox/scenarios", get(list_scenarios))
        .route("/sandbox/jobs", post(create_job))
        .route("/sandbox/jobs/{id}", get(job_log))
        .route("/sandbox/events", get(list_events))
        .route("/kount/events", post(receive_event))
        .route("/sandbox/served", get(files::list_served))
        // A file's `.gz` beside it is sent to a browser that takes gzip, as a CDN would (the
        // bench's copy of dist/ has them; dist/ itself does not).
        .nest_service(
            "/dist",
            ServeDir::new(options.dist_dir).precompressed_gzip(),
        )
        .fallback_service(ServeDir::new(options.www_dir))
        .layer(
            // Pages on this machine only (the demo, the tests, a host app on another port):
            // any other site could otherwise read and create jobs on a developer's machine.
            CorsLayer::new()
                .allow_origin(AllowOrigin::predicate(|origin, _| {
                    is_loopback_origin(origin)
                }))
                .allow_credentials(true)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers(AllowHeaders::mirror_request()),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            files::count_served,
        ))
        .layer(middleware::from_fn(loopback_host_only))
        .with_state(state)
}

/// Whether `host` (a `Host` header or an origin's host, with or without a port) names this
/// machine: the widget's own rule for clear-text endpoints, after the port is cut off.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.split_once(']') {
        Some((ipv6, _)) => &host[..=ipv6.len()],
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    mfa_widget::core::settings::is_loopback_host(name)
}

fn is_loopback_origin(origin: &HeaderValue) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Some((scheme, host)) = origin.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https") && is_loopback_host(host)
}

/// Refuses requests whose `Host` is not this machine: a DNS-rebinding page reaches the port
/// under its own domain name, which a loopback address check alone would let through.
async fn loopback_host_only(request: Request<axum::body::Body>, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if is_loopback_host(host) {
        next.run(request).await
    } else {
        (
            StatusCode::FORBIDDEN,
            "the sandbox answers pages on this machine only",
        )
            .into_response()
    }
}

fn job_id_of(body: &Value) -> String {
    body.get("JobID")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn parse_body(bytes: &Bytes) -> Value {
    serde_json::from_slice(bytes).unwrap_or(Value::Null)
}

async fn get_job(State(state): State<AppState>, body: Bytes) -> Response {
    let body = parse_body(&body);
    let id = job_id_of(&body);
    let (fault, streamed) = {
        let mut sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
        match sandbox.jobs.get_mut(&id) {
            Some(job) => {
                job.attempted(Instant::now());
                (job.faults.reads.pop_front(), job.streamed_bytes.clone())
            }
            None => {
                let message = Json(json!({"Message": "No job with that JobID"}));
                return (StatusCode::NOT_FOUND, message).into_response();
            }
        }
    };
    // Sleep outside the lock: a hanging job must not hang the others.
    match &fault {
        // Never answers: only the client's timeout ends it (the future is dropped with it).
        Some(Fault::Hang) => std::future::pending::<()>().await,
        Some(Fault::Slow(wait)) => tokio::time::sleep(*wait).await,
        Some(other) => {
            if let Some(response) = fault_response(other, &streamed) {
                return response;
            }
        }
        None => {}
    }
    let mut sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
    let Some(job) = sandbox.jobs.get_mut(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let snapshot = job.snapshot(Instant::now());
    match fault {
        Some(Fault::WrongTypes) => Json(faults::with_wrong_types(snapshot)).into_response(),
        Some(Fault::Flip) => Json(faults::flipped(snapshot)).into_response(),
        _ => Json(snapshot).into_response(),
    }
}

/// The response a fault replaces the real one with, if it does.
/// The response a fault gives instead of the real one; a `huge` body counts into `streamed`
/// the bytes the client really took (chunks are made only as the connection takes them).
fn fault_response(fault: &Fault, streamed: &Arc<AtomicU64>) -> Option<Response> {
    let json = [(header::CONTENT_TYPE, "application/json")];
    Some(match fault {
        Fault::Status(code) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, json, r#"{"Message": "injected fault"}"#).into_response()
        }
        Fault::TooMany { retry_after_s } => {
            let headers = [(header::RETRY_AFTER, retry_after_s.to_string())];
            (StatusCode::TOO_MANY_REQUESTS, headers, "slow down").into_response()
        }
        Fault::TooManyUntil { form, seconds } => {
            let at = std::time::SystemTime::now() + Duration::from_secs(*seconds);
            let headers = [(header::RETRY_AFTER, faults::http_date(at, *form))];
            (StatusCode::TOO_MANY_REQUESTS, headers, "slow down").into_response()
        }
        // Promises more bytes than it sends: the connection ends mid-body. (Streamed: a body
        // of known length would make hyper check it against the header, and panic in debug.)
        Fault::Drop => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, "4096")
            .body(axum::body::Body::from_stream(futures_util::stream::iter([
                Ok::<_, std::convert::Infallible>(Bytes::from_static(br#"{"SuccessFlag": nu"#)),
            ])))
            .ok()?,
        Fault::Malformed => (StatusCode::OK, json, r#"{"SuccessFlag": nu"#).into_response(),
        Fault::WrongShape => (StatusCode::OK, json, "[1, 2, 3]").into_response(),
        Fault::Huge { megabytes } => {
            static SPACES: [u8; 1 << 16] = [b' '; 1 << 16];
            // 64 KiB a millisecond at most (a fast network, far faster than a phone's), so
            // that a client stopping the download is seen stopping it.
            let streamed = streamed.clone();
            let chunks = futures_util::stream::unfold(*megabytes * 16, move |left| {
                let streamed = streamed.clone();
                async move {
                    if left == 0 {
                        return None;
                    }
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    streamed.fetch_add(SPACES.len() as u64, Ordering::Relaxed);
                    let chunk = Ok::<_, std::convert::Infallible>(Bytes::from_static(&SPACES));
                    Some((chunk, left - 1))
                }
            });
            let body = axum::body::Body::from_stream(chunks);
            (StatusCode::OK, json, body).into_response()
        }
        Fault::Reply(text) => (StatusCode::OK, json, text.clone()).into_response(),
        Fault::Redirect(to) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, to.as_str())],
            "",
        )
            .into_response(),
        Fault::Hang | Fault::Slow(_) | Fault::WrongTypes | Fault::None | Fault::Flip => {
            return None
        }
    })
}

async fn answer(State(state): State<AppState>, body: Bytes, endpoint: AnswerEndpoint) -> Response {
    let body = parse_body(&body);
    let id = job_id_of(&body);
    let (fault, streamed) = {
        let mut sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
        match sandbox.jobs.get_mut(&id) {
            Some(job) => (job.faults.answers.pop_front(), job.streamed_bytes.clone()),
            None => (None, Default::default()),
        }
    };
    match &fault {
        Some(Fault::Hang) => std::future::pending::<()>().await,
        Some(Fault::Slow(wait)) => tokio::time::sleep(*wait).await,
        Some(Fault::Reply(text)) => {
            let mut sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(job) = sandbox.jobs.get_mut(&id) {
                job.record_refused(endpoint, body);
            }
            return ([(header::CONTENT_TYPE, "application/json")], text.clone()).into_response();
        }
        Some(other) => {
            if let Some(response) = fault_response(other, &streamed) {
                return response;
            }
        }
        None => {}
    }
    let mut sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
    let accepted = match sandbox.jobs.get_mut(&id) {
        Some(job) => job.answer(endpoint, body, Instant::now()),
        None => false,
    };
    let reply = if accepted { "0" } else { "-1" };
    ([(header::CONTENT_TYPE, "application/json")], reply).into_response()
}

async fn list_scenarios() -> Json<Vec<scenarios::ScenarioInfo>> {
    Json(
        scenarios::all()
            .into_iter()
            .map(|s| scenarios::ScenarioInfo {
                name: s.name,
                description: s.description,
            })
            .collect(),
    )
}

/// `{"scenario": "token", "bankDelayMs": 200}` → `{"JobID": "…"}`.
async fn create_job(State(state): State<AppState>, body: Bytes) -> Response {
    let body = parse_body(&body);
    let name = body
        .get("scenario")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(scenario) = scenarios::find(name) else {
        let known: Vec<&str> = scenarios::all().iter().map(|s| s.name).collect();
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unknown scenario", "known": known})),
        )
            .into_response();
    };
    let delay = body
        .get("bankDelayMs")
        .and_then(Value::as_u64)
        .map(Duration::from_millis)
        .unwrap_or(state.bank_delay);
    let faults = match FaultPlan::from_json(body.get("faults")) {
        Ok(plan) => plan,
        Err(e) => return (StatusCode::BAD_REQUEST, Json(json!({"error": e}))).into_response(),
    };
    let id = new_job_id();
    let mut job = Job::new(id.clone(), scenario, delay, Instant::now());
    job.faults = faults;
    state
        .sandbox
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .jobs
        .insert(id.clone(), job);
    (StatusCode::CREATED, Json(json!({"JobID": id}))).into_response()
}

/// What a job received: for tests to assert on, and for the demo's live panel.
async fn job_log(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let mut sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
    match sandbox.jobs.get_mut(&id) {
        Some(job) => {
            let stage = job.stage_index(Instant::now());
            Json(json!({
                "JobID": job.id,
                "scenario": job.scenario.name,
                "stage": stage,
                "stages": job.scenario.stages.len(),
                "finished": job.scenario.stages[stage].is_terminal(),
                "reads": job.reads,
                "readAttempts": job.read_attempts,
                "attemptTimesMs": job.attempt_times_ms,
                "streamedBytes": job.streamed_bytes.load(Ordering::Relaxed),
                "readTimesMs": job.read_times_ms,
                "stageShownAtMs": job.stage_shown_at_ms,
                "answers": job.answers,
            }))
            .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The host backend's events endpoint. `?failures=N` refuses (503) the first N attempts of
/// each event, to test retries; a repeated `Idempotency-Key` is acknowledged but not recorded
/// twice, as a real backend de-duplicates.
async fn receive_event(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let failures: u32 = query
        .get("failures")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
    let attempts = sandbox.event_attempts.entry(key.clone()).or_insert(0);
    *attempts += 1;
    if *attempts <= failures {
        return (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response();
    }
    let duplicate = sandbox
        .events
        .iter()
        .any(|e| e["idempotencyKey"] == key.as_str());
    if !duplicate {
        let event = json!({"idempotencyKey": key, "body": parse_body(&body)});
        sandbox.events.push(event);
    }
    (StatusCode::OK, Json(json!({}))).into_response()
}

/// Accepted events, each with how many attempts its key took.
async fn list_events(State(state): State<AppState>) -> Json<Vec<Value>> {
    let sandbox = state.sandbox.lock().unwrap_or_else(|e| e.into_inner());
    let events = sandbox
        .events
        .iter()
        .map(|e| {
            let key = e["idempotencyKey"].as_str().unwrap_or_default();
            let attempts = sandbox.event_attempts.get(key).copied().unwrap_or(0);
            json!({"idempotencyKey": key, "attempts": attempts, "body": e["body"]})
        })
        .collect();
    Json(events)
}

/// A random-looking version-4 GUID from the clock and a counter (no randomness crate needed
/// for a sandbox).
fn new_job_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0) as u64;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mix = |x: u64| x.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29) ^ x;
    let (a, b) = (
        mix(nanos ^ n),
        mix(n.wrapping_add(0xA5A5) ^ nanos.rotate_left(17)),
    );
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    async fn call(host: &str, origin: Option<&str>) -> (StatusCode, Option<String>) {
        let mut request = Request::builder()
            .method(Method::GET)
            .uri("/sandbox/scenarios")
            .header(header::HOST, host);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        let response = router(Options::default())
            .oneshot(request.body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        let allowed = response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.to_str().unwrap().to_string());
        (response.status(), allowed)
    }

    #[tokio::test]
    async fn answers_pages_on_this_machine_only() {
        let rows = [
            (
                "127.0.0.1:8787",
                Some("http://127.0.0.1:8787"),
                StatusCode::OK,
                true,
            ),
            (
                "127.0.0.1:8787",
                Some("http://localhost:5173"),
                StatusCode::OK,
                true,
            ),
            (
                "localhost:8787",
                Some("http://[::1]:3000"),
                StatusCode::OK,
                true,
            ),
            ("[::1]:8787", None, StatusCode::OK, false),
            // Another site's page: the request may run, but it cannot read the answer.
            (
                "127.0.0.1:8787",
                Some("https://evil.example"),
                StatusCode::OK,
                false,
            ),
            (
                "127.0.0.1:8787",
                Some("http://127.0.0.1.evil.example"),
                StatusCode::OK,
                false,
            ),
            // DNS rebinding: the attacker's name resolves to 127.0.0.1.
            (
                "rebind.evil.example:8787",
                Some("http://rebind.evil.example:8787"),
                StatusCode::FORBIDDEN,
                false,
            ),
            ("", None, StatusCode::FORBIDDEN, false),
        ];
        for (host, origin, status, readable) in rows {
            let (got, allowed) = call(host, origin).await;
            assert_eq!(got, status, "{host} from {origin:?}");
            assert_eq!(
                allowed.is_some(),
                readable,
                "{host} from {origin:?}: {allowed:?}"
            );
        }
    }
}
