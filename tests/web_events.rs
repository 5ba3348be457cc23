//! Browser tests of what Kount is sent: timestamps measured in the browser, the page's event
//! queue (retries with one key, what an earlier page left, each widget's own headers, stored
//! events re-checked and merged, refused events dropped, `Retry-After`), and the page URL.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::*;
use js_sys::{Function, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// Shows a question on `host` with events posted to `https://bank.test/events`, which answers
/// with `events` (a route's replies, as `fake_fetch` takes them), then destroys the widget:
/// the question ends as ExpiredSession and its event is posted at once.
async fn expire_a_question(host: &Element, events: &str) {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["/events", {events}]]"#,
        job(r#""SecurityQuestion": "['color?']""#)
    ));
    let since = now();
    let mut handle = start(
        host,
        r#", "eventsUrl": "https://bank.test/events", "kount": {"clientId": "900900"}"#,
    );
    find(host, "input[name=answer-0]").await;
    // Seen by the user (painted), then closed.
    painted("securityQuestions", since).await;
    handle.destroy();
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
    // each ISO timestamp is cut to the millisecond. The 300 ms slept in between is not a
    // floor: Firefox's timers may fire a few milliseconds early by `performance.now()`
    // (seen: 299 ms), so the measured time is checked against the paint and the click.
    let painted_at = painted().unwrap();
    let (low, high) = (clicked - painted_at - 2.0, clicked_after - painted_at + 2.0);
    assert!(
        measured >= 290.0 && (low..=high).contains(&measured),
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
    let host = host();
    // Destroying with the question open closes it as ExpiredSession and posts at once.
    expire_a_question(&host, r#"[[503, "busy"], null, [200, "{}"]]"#).await;
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
    let stored = session_storage().get_item("mfa-widget:outbox").unwrap();
    assert_eq!(stored, None, "nothing left in sessionStorage");
}

#[wasm_bindgen_test]
async fn events_left_by_an_earlier_page_are_sent() {
    // What a page that was reloaded before its event got through left behind.
    let left = r#"[{"key":"6f9619ff-8b86-4011-b42d-00c04fc964ff","url":"https://bank.test/events",
        "body":"{\"challengeOutcome\":{\"challengeType\":\"Captcha\"}}","attempts":2,"next":0}]"#;
    let storage = session_storage();
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

#[wasm_bindgen_test]
async fn each_event_goes_out_with_its_own_widgets_headers() {
    // Two widgets, one events URL, two sessions: widget A's event must not carry B's token,
    // before or after B is gone (the queue used to keep the last registered headers per URL).
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["/events", [[200, "{{}}"]]]]"#,
        job(r#""SecurityQuestion": "['color?']""#)
    ));
    let events = r#", "eventsUrl": "https://bank.test/events", "kount": {"clientId": "900900"}"#;
    let (host_a, host_b) = (host(), host());
    let mut a = start(
        &host_a,
        &format!(r#"{events}, "headers": {{"Authorization": "Bearer A"}}"#),
    );
    let mut b = start(
        &host_b,
        &format!(r#"{events}, "headers": {{"Authorization": "Bearer B"}}"#),
    );
    find(&host_a, "input[name=answer-0]").await;
    find(&host_b, "input[name=answer-0]").await;
    a.destroy();
    until("A's event", || events_posted().len() == 1).await;
    b.destroy();
    until("B's event", || events_posted().len() == 2).await;
    let tokens: Vec<Option<String>> = events_posted()
        .iter()
        .map(|(i, _)| request_header(*i as u32, "authorization"))
        .collect();
    assert_eq!(tokens, [Some("Bearer A".into()), Some("Bearer B".into())]);
    host_a.remove();
    host_b.remove();
}

#[wasm_bindgen_test]
async fn stored_events_are_checked_and_merged_not_overwritten() {
    // Storage is writable by any script on the origin: an event planted for a URL no widget
    // here posts to (a clear-text one off loopback) is never posted. And another widget script on this tab (a same-origin frame)
    // storing its own event meanwhile keeps it: this script merges instead of overwriting.
    let storage = session_storage();
    storage
        .set_item(
            "mfa-widget:outbox",
            r#"[{"key":"planted","url":"http://evil.example/steal","body":"{}","attempts":0,"next":0}]"#,
        )
        .unwrap();
    let host = host();
    expire_a_question(&host, r#"[[503, "{}"], [200, "{}"]]"#).await;
    until("the first, refused attempt", || events_posted().len() == 1).await;
    // The other script's event appears in storage while ours waits for its retry.
    let theirs = r#"{"key":"theirs","url":"https://bank.test/other-events","body":"{}","attempts":0,"next":9e15}"#;
    let mut queue = stored_queue();
    assert!(queue.ends_with(']'), "{queue}");
    queue.truncate(queue.len() - 1);
    storage
        .set_item("mfa-widget:outbox", &format!("{queue},{theirs}]"))
        .unwrap();
    until("the retry", || events_posted().len() == 2).await;
    until("ours settled", || {
        !stored_queue().contains("ExpiredSession")
    })
    .await;
    assert!(
        stored_queue().contains(r#""key":"theirs""#),
        "{}",
        stored_queue()
    );
    assert!(
        requests()
            .iter()
            .all(|(url, _)| !url.contains("evil.example")),
        "{:?}",
        requests()
    );
    storage.remove_item("mfa-widget:outbox").unwrap();
    host.remove();
}

#[wasm_bindgen_test]
async fn a_refused_event_is_dropped_once_and_the_host_told() {
    // 400 means the endpoint will never take it: no retry loop, one mfa:error.
    let host = host();
    let errors = record_errors(&host);
    expire_a_question(&host, r#"[[400, "{}"]]"#).await;
    until("the mfa:error", || errors.length() == 1).await;
    assert_eq!(
        errors.get(0).as_string().as_deref(),
        Some("event_dropped: the events endpoint refused an event (HTTP 400); it was dropped")
    );
    assert_eq!(
        mfa_widget::browser::outbox::pending_count(),
        0,
        "nothing to retry"
    );
    assert_eq!(events_posted().len(), 1);
    assert_eq!(stored_queue(), "");
    host.remove();
}

#[wasm_bindgen_test]
async fn retry_after_on_an_event_is_honoured() {
    let host = host();
    expire_a_question(
        &host,
        r#"[[429, "{}", {"Retry-After": "120"}], [200, "{}"]]"#,
    )
    .await;
    until("the 429", || events_posted().len() == 1).await;
    until("the retry time stored", || {
        stored_queue().contains(r#""attempts":1"#)
    })
    .await;
    let queue = js_sys::JSON::parse(&stored_queue()).unwrap();
    let event = Reflect::get(&queue, &0.into()).unwrap();
    let at = |key: &str| Reflect::get(&event, &key.into()).unwrap().as_f64().unwrap();
    let wait = at("next") - at("created");
    assert!(
        (119_000.0..=121_000.0).contains(&wait),
        "next retry in {wait} ms"
    );
    // Leaving the page still sends it (page hide flushes everything).
    mfa_widget::browser::outbox::flush_all();
    until("the flush", || events_posted().len() == 2).await;
    host.remove();
}

#[wasm_bindgen_test]
async fn idempotency_keys_where_crypto_get_random_values_fails() {
    // The widget's keys come from crypto.getRandomValues (it never calls randomUUID, which
    // Safari < 15.4 and plain-http pages lack). Where even getRandomValues throws (a page's
    // polyfill, a locked-down frame) the keys come from Math.random, and the widget lives on.
    Function::new_no_args(
        "window.__getRandomValues = Crypto.prototype.getRandomValues;
         Crypto.prototype.getRandomValues = () => { throw new Error('no entropy here'); };
         window.__random = Math.random;
         window.__randomCalls = 0;
         Math.random = () => { window.__randomCalls++; return window.__random(); };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let host = host();
    expire_a_question(&host, r#"[[200, "{}"]]"#).await;
    until("the event", || events_posted().len() == 1).await;
    let key = request_header(events_posted()[0].0 as u32, "idempotency-key").unwrap_or_default();
    let calls = Function::new_no_args(
        "Crypto.prototype.getRandomValues = window.__getRandomValues;
         Math.random = window.__random;
         return window.__randomCalls;",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .as_f64()
    .unwrap_or(0.0);
    let hex = key.replace('-', "");
    assert_eq!(key.len(), 36, "{key}");
    assert!(
        hex.chars().all(|c| c.is_ascii_hexdigit()) && &key[14..15] == "4",
        "{key}"
    );
    // Each of the key's 16 bytes came from Math.random, not from a zeroed buffer.
    assert!(calls >= 16.0, "Math.random called {calls} times for {key}");
    assert!(hex.chars().filter(|&c| c != '0').count() > 8, "{key}");
    host.remove();
}

#[wasm_bindgen_test]
async fn an_event_post_under_way_does_not_spin_the_page() {
    // The events endpoint takes 800 ms to answer. While the post is under way its event is
    // not due again: the queue sets one timer, it does not wake up again and again.
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["/events", ["slow:800", [200, "{{}}"]]]]"#,
        job(r#""SecurityQuestion": "['color?']""#)
    ));
    let host = host();
    let mut handle = start(
        &host,
        r#", "eventsUrl": "https://bank.test/events", "kount": {"clientId": "900900"}"#,
    );
    find(&host, "input[name=answer-0]").await;
    // Counts the page's setTimeout calls for 600 ms (the post takes 800), timing itself with
    // the original, so only the widget's calls count.
    let counted = Function::new_no_args(
        "const original = window.setTimeout;
         let calls = 0;
         window.setTimeout = function (...args) { calls += 1; return original.apply(window, args); };
         return new Promise((resolve) => original(() => {
           window.setTimeout = original;
           resolve(calls);
         }, 600));",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    handle.destroy(); // the open question expires: one event, posted at once
    let timeouts = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(counted))
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    until("the event delivered", || {
        events_posted().len() == 1 && mfa_widget::browser::outbox::pending_count() == 0
    })
    .await;
    assert!(
        timeouts < 10.0,
        "{timeouts} setTimeout calls while one post was under way"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn a_stored_event_never_goes_with_another_senders_credentials() {
    // An earlier page (or a same-origin frame) left two events: one of another sender (its
    // fingerprint stored with it), one from an older version (no fingerprint). This widget
    // sends a bearer token: it posts neither, and keeps both stored for their own senders.
    let left = r#"[{"key":"other-sender","url":"https://bank.test/events","body":"{}","attempts":0,"next":0,"sender":"0123456789abcdef"},
        {"key":"older-version","url":"https://bank.test/events","body":"{}","attempts":0,"next":0}]"#;
    let storage = session_storage();
    storage.set_item("mfa-widget:outbox", left).unwrap();
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["/events", [[200, "{{}}"]]]]"#,
        job(r#""SecurityQuestion": "['color?']""#)
    ));
    let host = host();
    let mut handle = start(
        &host,
        r#", "eventsUrl": "https://bank.test/events", "kount": {"clientId": "900900"}, "headers": {"Authorization": "Bearer mine"}"#,
    );
    find(&host, "input[name=answer-0]").await;
    sleep(300).await;
    assert_eq!(
        events_posted(),
        [],
        "nothing posted with this widget's token"
    );
    let queue = stored_queue();
    assert!(
        queue.contains("other-sender") && queue.contains("older-version"),
        "{queue}"
    );
    // Its own event goes, with its own token.
    handle.destroy();
    until("its own event", || events_posted().len() == 1).await;
    let (index, _) = events_posted()[0].clone();
    assert_eq!(
        request_header(index as u32, "authorization").as_deref(),
        Some("Bearer mine")
    );
    storage.remove_item("mfa-widget:outbox").unwrap();
    host.remove();
}
