//! What the browser tests share: a recorder in place of `window.fetch` that answers from a
//! route table, mounting like the script's loader, and waiting on what the widget does.
#![allow(dead_code)] // each test binary uses its own part

use js_sys::{Array, Function, Reflect};
use mfa_widget::browser::embed::{mount, WidgetHandle};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// Replaces `window.fetch`: each route is `[pathSuffix, [responses...]]`, consumed in order
/// (the last one repeats); a response is `[status, body]` (or `[status, body, headers]`),
/// `null` for a network error, `"slow:<ms>"` for a `200 {}` that takes that long,
/// `"hang"` for a request that never answers (until aborted; `window.__inflight` counts them),
/// or `"stream:<n>"` for a `200` with no length whose body is `n` chunks of 64 KiB made as
/// they are read (`window.__stream` counts those `pulled` and says if the reader `cancelled`).
pub fn fake_fetch(routes: &str) {
    let install = Function::new_with_args(
        "routes",
        "window.__requests = [];
         const table = JSON.parse(routes);
         window.fetch = async (input, init) => {
           const request = new Request(input, init);
           const body = await request.clone().text();
           window.__requests.push({ url: request.url, body, headers: [...request.headers] });
           const route = table.find(([suffix]) => request.url.endsWith(suffix));
           if (!route) return new Response('no route', { status: 404 });
           const replies = route[1];
           const reply = replies.length > 1 ? replies.shift() : replies[0];
           if (reply === null) throw new TypeError('Failed to fetch');
           if (typeof reply === 'string' && reply.startsWith('slow:')) {
             await new Promise((resolve) => setTimeout(resolve, Number(reply.slice(5))));
             return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
           }
           if (reply === 'hang') {
             // Like a real fetch: a signal aborted already (while the body was read) rejects.
             if (request.signal.aborted) throw new DOMException('aborted', 'AbortError');
             window.__inflight = (window.__inflight || 0) + 1;
             return new Promise((_, reject) => request.signal.addEventListener('abort', () => {
               window.__inflight -= 1;
               reject(new DOMException('aborted', 'AbortError'));
             }));
           }
           if (typeof reply === 'string' && reply.startsWith('stream:')) {
             const chunks = Number(reply.slice(7));
             const stream = window.__stream = { pulled: 0, cancelled: false };
             const chunk = new Uint8Array(1 << 16).fill(32);
             const body = new ReadableStream({
               pull(controller) {
                 if (stream.pulled === chunks) return controller.close();
                 stream.pulled += 1;
                 controller.enqueue(chunk.slice());
               },
               cancel() { stream.cancelled = true; },
             });
             return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
           }
           const headers = Object.assign({ 'Content-Type': 'application/json' }, reply[2] || {});
           return new Response(reply[1], { status: reply[0], headers });
         };",
    );
    install
        .call1(&JsValue::NULL, &JsValue::from_str(routes))
        .unwrap();
}

/// Header `name` of request number `index`.
pub fn request_header(index: u32, name: &str) -> Option<String> {
    let window = web_sys::window().unwrap();
    let list: Array = Reflect::get(&window, &"__requests".into())
        .unwrap()
        .unchecked_into();
    let headers: Array = Reflect::get(&list.get(index), &"headers".into())
        .unwrap()
        .unchecked_into();
    headers.iter().find_map(|pair| {
        let pair: Array = pair.unchecked_into();
        (pair.get(0).as_string()? == name).then(|| pair.get(1).as_string())?
    })
}

/// The requests the widget made: (url, body).
pub fn requests() -> Vec<(String, String)> {
    let window = web_sys::window().unwrap();
    let list: Array = Reflect::get(&window, &"__requests".into())
        .unwrap()
        .unchecked_into();
    list.iter()
        .map(|r| {
            let get = |k: &str| {
                Reflect::get(&r, &k.into())
                    .unwrap()
                    .as_string()
                    .unwrap_or_default()
            };
            (get("url"), get("body"))
        })
        .collect()
}

pub fn answer_requests() -> Vec<(String, String)> {
    requests()
        .into_iter()
        .filter(|(url, _)| !url.ends_with("GetJobInformationByID"))
        .collect()
}

pub fn host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Mounts into a container inside `host`, as the script's loader does (minus the shadow root).
pub fn start(host: &Element, extra: &str) -> WidgetHandle {
    let config = js_sys::JSON::parse(&format!(
        r#"{{"jobId": "job-1", "apiBase": "https://bank.test/", "poll": {{"userTurnMs": 60000, "waitingMs": 50, "afterSubmitMs": 50}}{extra}}}"#
    ))
    .unwrap();
    let container = host
        .owner_document()
        .unwrap()
        .create_element("div")
        .unwrap();
    host.append_child(&container).unwrap();
    mount(container, config, Some(host.clone())).unwrap()
}

/// Lets the tasks and microtasks already queued run (Yew renders and destroys in them).
pub async fn next_task() {
    sleep(0).await;
}

pub async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// Waits (up to 5 s) for `css` to match inside `host`.
pub async fn find(host: &Element, css: &str) -> Element {
    for _ in 0..250 {
        if let Ok(Some(element)) = host.query_selector(css) {
            return element;
        }
        sleep(20).await;
    }
    panic!("{css} never appeared; DOM: {}", host.inner_html());
}

pub async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..250 {
        if condition() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// `performance.now()`: when something started, for [`painted`].
pub fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// Waits until the widget painted its `state` (its `mfa:painted:…` mark) after `since`: only
/// a challenge painted where the user could see it counts as shown.
pub async fn painted(state: &str, since: f64) {
    let name = JsValue::from_str(&format!("mfa:painted:{state}"));
    until(&format!("{state} painted"), || {
        let performance: JsValue = web_sys::window().unwrap().performance().unwrap().into();
        let entries = Reflect::get(&performance, &JsValue::from_str("getEntriesByName"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call1(&performance, &name).ok())
            .map(|list| Array::from(&list))
            .unwrap_or_default();
        entries.iter().any(|entry| {
            Reflect::get(&entry, &JsValue::from_str("startTime"))
                .ok()
                .and_then(|t| t.as_f64())
                .is_some_and(|t| t >= since)
        })
    })
    .await
}

/// Types like a user: sets the value and fires the `input` event the component listens to.
pub fn type_text(input: &Element, text: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

pub fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
}

pub fn job(fields: &str) -> String {
    format!(
        r#"[[200, {}]]"#,
        serde_json_string(&format!("{{\"JobID\": \"job-1\", {fields}}}"))
    )
}

/// A JSON string literal of `text` (the route table holds bodies as strings).
pub fn serde_json_string(text: &str) -> String {
    js_sys::JSON::stringify(&JsValue::from_str(text))
        .unwrap()
        .as_string()
        .unwrap()
}

pub fn events_posted() -> Vec<(usize, String)> {
    requests()
        .into_iter()
        .enumerate()
        .filter(|(_, (url, _))| url.ends_with("/events"))
        .map(|(i, (_, body))| (i, body))
        .collect()
}

/// Records `mfa:outcome` details on `host` into `window.__outcomes`.
pub fn record_outcomes(host: &Element) -> Array {
    let outcomes = Array::new();
    Reflect::set(&web_sys::window().unwrap(), &"__outcomes".into(), &outcomes).unwrap();
    let record = Function::new_with_args("e", "window.__outcomes.push(e.detail)");
    host.add_event_listener_with_callback("mfa:outcome", &record)
        .unwrap();
    outcomes
}

pub fn timestamp_ms(outcome: &JsValue, field: &str) -> f64 {
    let inner = Reflect::get(outcome, &"challengeOutcome".into()).unwrap();
    let text = Reflect::get(&inner, &field.into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(text.len(), 24, "{text}");
    assert!(text.ends_with('Z'));
    js_sys::Date::parse(&text)
}

/// Counts, from JS, what the page holds: pending timeouts, listeners on window and document.
pub fn instrument_page() {
    Function::new_no_args(
        "const w = window;
         w.__life = { timers: new Set(), listeners: 0 };
         const st = w.setTimeout.bind(w), ct = w.clearTimeout.bind(w);
         w.setTimeout = (fn, ms, ...args) => {
           const id = st(() => { w.__life.timers.delete(id); if (typeof fn === 'function') fn(...args); }, ms);
           w.__life.timers.add(id);
           return id;
         };
         w.clearTimeout = (id) => { w.__life.timers.delete(id); ct(id); };
         for (const target of [w, document]) {
           const add = target.addEventListener.bind(target), remove = target.removeEventListener.bind(target);
           target.addEventListener = (...a) => { w.__life.listeners += 1; add(...a); };
           target.removeEventListener = (...a) => { w.__life.listeners -= 1; remove(...a); };
         }",
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

pub fn page_count(script: &str) -> f64 {
    Function::new_no_args(script)
        .call0(&JsValue::NULL)
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN)
}

pub fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// The page's `sessionStorage`, where the event queue lives.
pub fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

/// The page's event queue as stored.
pub fn stored_queue() -> String {
    session_storage()
        .get_item("mfa-widget:outbox")
        .unwrap()
        .unwrap_or_default()
}

/// Records `mfa:error` details on `host` into the returned array, as `code: message` (with
/// ` (fatal)` after the code when the widget stopped).
pub fn record_errors(host: &Element) -> Array {
    let errors = Array::new();
    let record = Function::new_with_args("list", "return (e) => list.push(e.detail.code + (e.detail.fatal ? ' (fatal)' : '') + ': ' + e.detail.message)")
        .call1(&JsValue::NULL, &errors)
        .unwrap();
    host.add_event_listener_with_callback("mfa:error", record.unchecked_ref())
        .unwrap();
    errors
}
