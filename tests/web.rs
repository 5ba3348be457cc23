//! Browser tests (wasm-bindgen-test in headless Chromium): for each challenge kind the widget
//! renders from a Job JSON, the test fills and submits it like a user (input events, clicks,
//! Enter), and the right request is made. `window.fetch` is replaced by a recorder that answers
//! from a route table, so the real HTTP module and the real DOM are exercised.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect};
use mfa_widget::browser::embed::{mount, WidgetHandle};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// Replaces `window.fetch`: each route is `[pathSuffix, [responses...]]`, consumed in order
/// (the last one repeats); a response is `[status, body]`, `null` for a network error, or
/// `"hang"` for a request that never answers (until aborted; `window.__inflight` counts them).
fn fake_fetch(routes: &str) {
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
           if (reply === 'hang') {
             // Like a real fetch: a signal aborted already (while the body was read) rejects.
             if (request.signal.aborted) throw new DOMException('aborted', 'AbortError');
             window.__inflight = (window.__inflight || 0) + 1;
             return new Promise((_, reject) => request.signal.addEventListener('abort', () => {
               window.__inflight -= 1;
               reject(new DOMException('aborted', 'AbortError'));
             }));
           }
           return new Response(reply[1], { status: reply[0], headers: { 'Content-Type': 'application/json' } });
         };",
    );
    install
        .call1(&JsValue::NULL, &JsValue::from_str(routes))
        .unwrap();
}

/// Header `name` of request number `index`.
fn request_header(index: u32, name: &str) -> Option<String> {
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
fn requests() -> Vec<(String, String)> {
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

fn answer_requests() -> Vec<(String, String)> {
    requests()
        .into_iter()
        .filter(|(url, _)| !url.ends_with("GetJobInformationByID"))
        .collect()
}

fn host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Mounts into a container inside `host`, as the script's loader does (minus the shadow root).
fn start(host: &Element, extra: &str) -> WidgetHandle {
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
async fn next_task() {
    sleep(0).await;
}

async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// Waits (up to 5 s) for `css` to match inside `host`.
async fn find(host: &Element, css: &str) -> Element {
    for _ in 0..250 {
        if let Ok(Some(element)) = host.query_selector(css) {
            return element;
        }
        sleep(20).await;
    }
    panic!("{css} never appeared; DOM: {}", host.inner_html());
}

async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..250 {
        if condition() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// Types like a user: sets the value and fires the `input` event the component listens to.
fn type_text(input: &Element, text: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
}

fn job(fields: &str) -> String {
    format!(
        r#"[[200, {}]]"#,
        serde_json_string(&format!("{{\"JobID\": \"job-1\", {fields}}}"))
    )
}

/// A JSON string literal of `text` (the route table holds bodies as strings).
fn serde_json_string(text: &str) -> String {
    js_sys::JSON::stringify(&JsValue::from_str(text))
        .unwrap()
        .as_string()
        .unwrap()
}

/// What a user does to a form, in order.
enum Act {
    Type(&'static str, &'static str),
    Click(&'static str),
    /// Presses Enter in the form (`requestSubmit` is what the browser does for Enter).
    Enter,
}

/// What the form must show before the user acts: (selector, attribute or `None` for the
/// text, expected value); a selector matching several elements is checked on each, in order.
type Shown = (&'static str, Option<&'static str>, Vec<String>);

/// One challenge kind: the job fields that ask it, what it shows, what the user does, and the
/// one request that must follow.
struct Kind {
    name: &'static str,
    fields: String,
    shown: Vec<Shown>,
    acts: Vec<Act>,
    endpoint: &'static str,
    body: &'static str,
}

fn texts(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[wasm_bindgen_test]
async fn each_challenge_kind_is_shown_and_answered_like_a_user_would() {
    let kinds = [
        Kind {
            name: "security questions, answers in order, quotes escaped",
            fields: r#""SecurityQuestion": "['what is your favorite color?', \"what's your first pet?\"]""#.into(),
            shown: vec![(
                ".mfa-label",
                None,
                texts(&["what is your favorite color?", "what's your first pet?"]),
            )],
            acts: vec![
                Act::Type("input[name=answer-0]", "blue"),
                Act::Type("input[name=answer-1]", "Rex \"the dog\""),
                Act::Click(".mfa-submit"),
            ],
            endpoint: "UpdateJobSecurityAnswer",
            body: r#"{"JobID":"job-1","SecurityAnswer":"[\"blue\",\"Rex \\\"the dog\\\"\"]"}"#,
        },
        Kind {
            name: "token methods: each radio labelled by its method, the exact text sent",
            fields: r#""TokenMethod": "[\"Email me at s*****@gmail.com\", \"Send verification code by voice call to ***-***-3800\"]""#.into(),
            shown: vec![(
                "label.mfa-choice",
                None,
                texts(&[
                    "Email me at s*****@gmail.com",
                    "Send verification code by voice call to ***-***-3800",
                ]),
            )],
            acts: vec![
                Act::Click("label.mfa-choice:nth-of-type(2) input[type=radio]"),
                Act::Click(".mfa-submit"),
            ],
            endpoint: "UpdateJobTokenInput",
            body: r#"{"JobID":"job-1","TokenChoice":"Send verification code by voice call to ***-***-3800"}"#,
        },
        Kind {
            name: "a PIN: labelled, one-time-code autocomplete, trimmed, sent on Enter",
            fields: r#""TokenSentFlag": "True", "TokenInputName": "PIN""#.into(),
            shown: vec![
                (".mfa-label", None, texts(&["Personal PIN"])),
                ("input[name=token]", Some("autocomplete"), texts(&["one-time-code"])),
            ],
            acts: vec![Act::Type("input[name=token]", " 4321 "), Act::Enter],
            endpoint: "UpdateJobTokenInput",
            body: r#"{"JobID":"job-1","TokenInput":"4321"}"#,
        },
        Kind {
            name: "verify phone: the code to read, then Verify phone",
            fields: r#""TokenRead": 123456"#.into(),
            shown: vec![
                (".mfa-code", None, texts(&["123456"])),
                (".mfa-submit", None, texts(&["Verify phone"])),
            ],
            acts: vec![Act::Click(".mfa-submit")],
            endpoint: "UpdateJobTokenInput",
            body: r#"{"JobID":"job-1","VerifyPhoneFlag":true}"#,
        },
        Kind {
            name: "captcha: the checked image, the typed text sent",
            fields: format!(r#""CaptchaImage": "{PNG}""#),
            shown: vec![(
                "img.mfa-captcha",
                Some("src"),
                vec![format!("data:image/png;base64,{PNG}")],
            )],
            acts: vec![
                Act::Type("input[name=captcha]", "x7Kp"),
                Act::Click(".mfa-submit"),
            ],
            endpoint: "UpdateJobCaptchaInput",
            body: r#"{"JobID":"job-1","CaptchaInput":"x7Kp"}"#,
        },
    ];
    for kind in kinds {
        let name = kind.name;
        fake_fetch(&format!(
            r#"[["GetJobInformationByID", {}], ["{}", [[200, "0"]]]]"#,
            job(&kind.fields),
            kind.endpoint
        ));
        let host = host();
        let mut handle = start(&host, "");
        for (css, attribute, expected) in &kind.shown {
            find(&host, css).await;
            let all = host.query_selector_all(css).unwrap();
            let found: Vec<String> = (0..all.length())
                .filter_map(|i| all.item(i))
                .map(|node| {
                    let element: Element = node.unchecked_into();
                    match attribute {
                        Some(name) => element.get_attribute(name),
                        None => element.text_content(),
                    }
                    .unwrap_or_default()
                })
                .collect();
            assert_eq!(&found, expected, "{name}: {css}");
        }
        for act in &kind.acts {
            match act {
                Act::Type(css, text) => type_text(&find(&host, css).await, text),
                Act::Click(css) => click(&find(&host, css).await),
                Act::Enter => find(&host, "form")
                    .await
                    .unchecked_into::<web_sys::HtmlFormElement>()
                    .request_submit()
                    .unwrap(),
            }
        }
        until(name, || !answer_requests().is_empty()).await;
        let sent = answer_requests();
        assert_eq!(sent.len(), 1, "{name}: one request");
        assert_eq!(
            sent[0],
            (
                format!("https://bank.test/api/Job/{}", kind.endpoint),
                kind.body.to_string()
            ),
            "{name}"
        );
        handle.destroy();
        assert_eq!(
            host.inner_html(),
            "",
            "{name}: destroy leaves nothing behind"
        );
        host.remove();
    }
}

#[wasm_bindgen_test]
async fn a_job_the_browser_parses_is_never_refused() {
    // A lone high surrogate before another escape, and a number with an exponent: JSON.parse
    // takes both, so the widget must too (its old hand-written reader refused this job and
    // stayed on "Reconnecting…"). Lone surrogates reach Rust as U+FFFD.
    let body = r#"{"JobID": "job-1", "SecurityQuestion": "Pet \ud800\u0041?", "Extra": 1e3}"#;
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", [[200, {}]]]]"#,
        serde_json_string(body)
    ));
    let host = host();
    let mut handle = start(&host, "");
    find(&host, "input[name=answer-0]").await;
    let label = find(&host, ".mfa-label").await.text_content().unwrap();
    assert_eq!(label, "Pet \u{fffd}A?");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn rejected_answer_is_shown_and_typed_text_kept() {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["UpdateJobTokenInput", [[200, "-1"], null, [200, "0"]]]]"#,
        job(r#""TokenSentFlag": 1, "TokenInputName": "Token""#)
    ));
    let host = host();
    let mut handle = start(&host, "");
    let input = find(&host, "input[name=token]").await;
    type_text(&input, "999999");
    click(&find(&host, ".mfa-submit").await);
    let notice = find(&host, ".mfa-notice").await;
    assert!(notice.text_content().unwrap().contains("did not accept"));
    let input: HtmlInputElement = find(&host, "input[name=token]").await.unchecked_into();
    assert_eq!(input.value(), "999999", "the typed code is kept");
    // A network error next: also shown, also kept.
    click(&find(&host, ".mfa-submit").await);
    until("the second attempt", || answer_requests().len() == 2).await;
    until("the network notice", || {
        host.query_selector(".mfa-notice")
            .ok()
            .flatten()
            .and_then(|n| n.text_content())
            .is_some_and(|t| t.contains("could not be sent"))
    })
    .await;
    let input: HtmlInputElement = find(&host, "input[name=token]").await.unchecked_into();
    assert_eq!(input.value(), "999999");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn waiting_success_and_host_events() {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", [[200, {}]]]]"#,
        serde_json_string(r#"{"SuccessFlag": null, "LastStep": "AccountList"}"#),
    ));
    let host = host();
    let seen = Array::new();
    let window = web_sys::window().unwrap();
    Reflect::set(&window, &"__seen".into(), &seen).unwrap();
    let record = Function::new_with_args("e", "window.__seen.push(e.type)");
    for name in ["mfa:success", "mfa:failure", "mfa:challenge"] {
        host.add_event_listener_with_callback(name, &record)
            .unwrap();
    }
    let mut handle = start(&host, "");
    until("the progress named from LastStep", || {
        host.query_selector(".mfa-progress-text")
            .ok()
            .flatten()
            .and_then(|p| p.text_content())
            .is_some_and(|t| t == "Finding your accounts…")
    })
    .await;
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", [[200, {}]]]]"#,
        serde_json_string(r#"{"SuccessFlag": "True", "LastStep": "AccountList"}"#),
    ));
    find(&host, ".mfa-success").await;
    until("mfa:success", || seen.length() == 1).await;
    assert_eq!(seen.get(0).as_string().as_deref(), Some("mfa:success"));
    handle.destroy();
}

fn events_posted() -> Vec<(usize, String)> {
    requests()
        .into_iter()
        .enumerate()
        .filter(|(_, (url, _))| url.ends_with("/events"))
        .map(|(i, (_, body))| (i, body))
        .collect()
}

/// Records `mfa:outcome` details on `host` into `window.__outcomes`.
fn record_outcomes(host: &Element) -> Array {
    let outcomes = Array::new();
    Reflect::set(&web_sys::window().unwrap(), &"__outcomes".into(), &outcomes).unwrap();
    let record = Function::new_with_args("e", "window.__outcomes.push(e.detail)");
    host.add_event_listener_with_callback("mfa:outcome", &record)
        .unwrap();
    outcomes
}

fn timestamp_ms(outcome: &JsValue, field: &str) -> f64 {
    let inner = Reflect::get(outcome, &"challengeOutcome".into()).unwrap();
    let text = Reflect::get(&inner, &field.into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(text.len(), 24, "{text}");
    assert!(text.ends_with('Z'));
    js_sys::Date::parse(&text)
}

#[wasm_bindgen_test]
async fn outcome_timing_is_measured_in_the_browser() {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["UpdateJobSecurityAnswer", [[200, "0"]]], ["/events", [[200, "{{}}"]]]]"#,
        job(r#""SecurityQuestion": "['color?']""#)
    ));
    let host = host();
    let outcomes = record_outcomes(&host);
    let mut handle = start(
        &host,
        r#", "eventsUrl": "https://bank.test/events", "kount": {"clientId": "900900", "sessionId": "s1", "userId": "u1"}"#,
    );
    let input = find(&host, "input[name=answer-0]").await;
    // The challenge is "sent" when it is painted: the widget sets a performance mark then.
    let painted = || {
        let entries = web_sys::window()
            .unwrap()
            .performance()
            .unwrap()
            .get_entries_by_name("mfa:painted:securityQuestions");
        let first = entries.get(0);
        Reflect::get(&first, &"startTime".into()).ok()?.as_f64()
    };
    until("the paint", || painted().is_some()).await;
    // The user thinks a while (any while: the times are measured, not assumed), then answers.
    sleep(300).await;
    type_text(&input, "blue");
    // From the answer on, the job reads as logged in.
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["UpdateJobSecurityAnswer", [[200, "0"]]], ["/events", [[200, "{{}}"]]]]"#,
        job(r#""SuccessFlag": true"#)
    ));
    let submit = find(&host, ".mfa-submit").await;
    let clicked = mfa_widget::browser::clock::now_ms();
    click(&submit);
    let clicked_after = mfa_widget::browser::clock::now_ms();
    until("the answer", || !answer_requests().is_empty()).await;
    until("the outcome event", || outcomes.length() == 1).await;
    let outcome = outcomes.get(0);
    let sent = timestamp_ms(&outcome, "sentTimestamp");
    let completed = timestamp_ms(&outcome, "completedTimestamp");
    let measured = completed - sent;
    // sent = the paint mark, completed = the click (handled synchronously inside `click`);
    // each ISO timestamp is cut to the millisecond.
    let painted_at = painted().unwrap();
    let (low, high) = (clicked - painted_at - 2.0, clicked_after - painted_at + 2.0);
    assert!(
        measured >= 300.0 && (low..=high).contains(&measured),
        "completed - sent = {measured} ms; paint to click was {low}..{high} ms"
    );
    let inner = Reflect::get(&outcome, &"challengeOutcome".into()).unwrap();
    assert_eq!(
        Reflect::get(&inner, &"challengeStatus".into()).unwrap(),
        "Success"
    );
    until("the POST", || events_posted().len() == 1).await;
    let (index, body) = events_posted().remove(0);
    assert!(js_sys::JSON::parse(&body).unwrap().is_object());
    assert!(
        body.contains(r#""challengeType":"SecretQuestion""#),
        "{body}"
    );
    assert!(!body.contains("blue"), "answers never go to the events URL");
    let key = request_header(index as u32, "idempotency-key").unwrap_or_default();
    assert_eq!(key.len(), 36, "a UUID idempotency key: {key:?}");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn failed_event_posts_are_retried_with_the_same_key() {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["/events", [[503, "busy"], null, [200, "{{}}"]]]]"#,
        job(r#""SecurityQuestion": "['color?']""#)
    ));
    let host = host();
    let mut handle = start(
        &host,
        r#", "eventsUrl": "https://bank.test/events", "kount": {"clientId": "900900"}"#,
    );
    find(&host, "input[name=answer-0]").await;
    // Destroying with the question open closes it as ExpiredSession and posts at once.
    handle.destroy();
    until("three attempts (503, network error, 200)", || {
        events_posted().len() == 3
    })
    .await;
    let posted = events_posted();
    let keys: Vec<Option<String>> = posted
        .iter()
        .map(|(i, _)| request_header(*i as u32, "idempotency-key"))
        .collect();
    assert!(
        keys[0].is_some() && keys.iter().all(|k| *k == keys[0]),
        "{keys:?}"
    );
    assert!(posted[0].1.contains("ExpiredSession"));
    until("the queue to empty", || {
        mfa_widget::browser::outbox::pending_count() == 0
    })
    .await;
    let stored = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("mfa-widget:outbox")
        .unwrap();
    assert_eq!(stored, None, "nothing left in sessionStorage");
}

#[wasm_bindgen_test]
async fn events_left_by_an_earlier_page_are_sent() {
    // What a page that was reloaded before its event got through left behind.
    let left = r#"[{"key":"6f9619ff-8b86-4011-b42d-00c04fc964ff","url":"https://bank.test/events",
        "body":"{\"challengeOutcome\":{\"challengeType\":\"Captcha\"}}","attempts":2,"next":0}]"#;
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.set_item("mfa-widget:outbox", left).unwrap();
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["/events", [[200, "{{}}"]]]]"#,
        job(r#""LastStep": "LogInPanel""#)
    ));
    let host = host();
    let mut handle = start(
        &host,
        r#", "eventsUrl": "https://bank.test/events", "kount": {"clientId": "900900"}"#,
    );
    until("the earlier event", || !events_posted().is_empty()).await;
    let (index, body) = events_posted().remove(0);
    assert_eq!(body, r#"{"challengeOutcome":{"challengeType":"Captcha"}}"#);
    assert_eq!(
        request_header(index as u32, "idempotency-key").as_deref(),
        Some("6f9619ff-8b86-4011-b42d-00c04fc964ff")
    );
    until("the queue to empty", || {
        storage.get_item("mfa-widget:outbox").unwrap().is_none()
    })
    .await;
    handle.destroy();
}

/// Counts, from JS, what the page holds: pending timeouts, listeners on window and document.
fn instrument_page() {
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

fn page_count(script: &str) -> f64 {
    Function::new_no_args(script)
        .call0(&JsValue::NULL)
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN)
}

fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

#[wasm_bindgen_test]
async fn mount_destroy_cycles_leave_nothing_behind() {
    // Each widget's job read hangs, so every destroy has a request in flight to cancel.
    fake_fetch(r#"[["GetJobInformationByID", ["hang"]]]"#);
    // Yew finishes a destroy in a queued task: let the previous test's widget go first.
    next_task().await;
    instrument_page();
    let host = host();
    let mut memory_after_first = 0.0;
    for cycle in 0..200 {
        let mut handle = start(&host, "");
        until("this cycle's job read", || requests().len() > cycle).await;
        handle.destroy();
        if cycle == 0 {
            memory_after_first = wasm_memory_bytes();
        }
    }
    next_task().await;
    assert_eq!(
        page_count("return window.__inflight || 0"),
        0.0,
        "no request left pending"
    );
    assert_eq!(
        page_count("return window.__life.timers.size"),
        0.0,
        "no timer left running"
    );
    assert_eq!(
        page_count("return window.__life.listeners"),
        0.0,
        "no listener left on window/document"
    );
    assert_eq!(host.inner_html(), "");
    let growth = wasm_memory_bytes() - memory_after_first;
    assert!(
        growth <= 1_048_576.0,
        "wasm memory grew by {growth} bytes over 199 cycles"
    );
    assert!(
        requests().len() >= 200,
        "every cycle really started (made its job read)"
    );
}

#[wasm_bindgen_test]
fn clear_text_endpoints_off_loopback_are_refused() {
    let host = host();
    for (config, field) in [
        (
            r#"{"jobId": "j", "apiBase": "http://aggregator.example"}"#,
            "apiBase",
        ),
        (
            r#"{"jobId": "j", "apiBase": "https://a.example", "eventsUrl": "http://a.example/e", "kount": {"clientId": "1"}}"#,
            "eventsUrl",
        ),
    ] {
        let error = mount(host.clone(), js_sys::JSON::parse(config).unwrap(), None)
            .err()
            .expect("refused");
        let message = error.unchecked_into::<js_sys::Error>().message();
        assert_eq!(
            String::from(message),
            format!("mfa-widget: `{field}` must be https: (or http: on localhost)")
        );
    }
    assert_eq!(host.inner_html(), "", "nothing mounted");
}

#[wasm_bindgen_test]
async fn a_wake_past_24_days_waits_instead_of_firing_at_once() {
    use mfa_widget::browser::clock::Wake;
    use std::cell::Cell;
    use std::rc::Rc;
    // setTimeout takes a signed 32-bit delay: 30 days used to wrap and fire at once, so a
    // large `poll.hiddenMs` polled back to back. Timers of equal delay fire in order, so by
    // the time a 0 ms timer set after it has fired, a wrapped one would have too.
    let far = Rc::new(Cell::new(false));
    let near = Rc::new(Cell::new(false));
    let (far_flag, near_flag) = (far.clone(), near.clone());
    let _far = Wake::after(30.0 * 86_400_000.0, move || far_flag.set(true));
    let _near = Wake::after(0.0, move || near_flag.set(true));
    until("the 0 ms timer", || near.get()).await;
    assert!(!far.get(), "a 30-day wake-up fired at once");
}

#[wasm_bindgen_test]
async fn an_oversized_job_body_is_refused_not_read_into_memory() {
    // 3 MB of job: more than any job holds (the captcha bound plus room).
    let padding = "x".repeat(3 << 20);
    let body =
        format!(r#"{{"JobID": "job-1", "SecurityQuestion": "['q?']", "Padding": "{padding}"}}"#);
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", [[200, {}]]]]"#,
        serde_json_string(&body)
    ));
    let host = host();
    let errors = Array::new();
    Reflect::set(&web_sys::window().unwrap(), &"__errors".into(), &errors).unwrap();
    let record = Function::new_with_args("e", "window.__errors.push(e.detail.message)");
    host.add_event_listener_with_callback("mfa:error", &record)
        .unwrap();
    let mut handle = start(
        &host,
        r#", "poll": {"reconnectNoticeMs": 50, "errorBaseMs": 50}"#,
    );
    until("mfa:error", || errors.length() > 0).await;
    assert_eq!(
        errors.get(0).as_string().as_deref(),
        Some("the job service sent more than any job holds")
    );
    assert!(
        host.query_selector(".mfa-label").unwrap().is_none(),
        "nothing from the refused body is shown"
    );
    handle.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn events_name_the_page_without_its_query_or_fragment() {
    // Sign-in pages carry tokens in the query and fragment: the standalone event's `url` is
    // the page's origin and path only.
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let original = window.location().href().unwrap();
    let path = window.location().pathname().unwrap();
    history
        .replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{path}?token=s3cret#code=42")),
        )
        .unwrap();
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["UpdateJobTokenInput", [[200, "0"]]], ["/events", [[200, "{{}}"]]]]"#,
        job(r#""TokenSentFlag": "True""#)
    ));
    let host = host();
    let mut handle = start(
        &host,
        r#", "eventsUrl": "https://bank.test/events", "eventShape": "v1ChallengeOutcomeEvent", "kount": {"clientId": "900900", "sessionId": "s1", "userId": "u1"}"#,
    );
    type_text(&find(&host, "input[name=token]").await, "1234");
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["UpdateJobTokenInput", [[200, "0"]]], ["/events", [[200, "{{}}"]]]]"#,
        job(r#""SuccessFlag": true"#)
    ));
    click(&find(&host, ".mfa-submit").await);
    until("the event", || events_posted().len() == 1).await;
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&original))
        .unwrap();
    let body = js_sys::JSON::parse(&events_posted()[0].1).unwrap();
    let url = Reflect::get(&body, &"url".into()).unwrap().as_string();
    let origin = window.location().origin().unwrap();
    assert_eq!(
        url,
        Some(format!("{origin}{path}")),
        "{:?}",
        events_posted()
    );
    handle.destroy();
    host.remove();
}
