//! Real hosts cannot break it: what integrators' pages, gateways and browsers do that our own
//! pages never did (issue 29): a host that drops the handle `mount` gave it and lets the
//! garbage collector run, a `fetch` wrapper that throws, config getters and callbacks that
//! throw, a gateway that redirects, a `pagehide` dispatched by page script. Each engine
//! (`MFA_BROWSER`), against the sandbox over HTTP; run through `cargo xtask test`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KOUNT: &str =
    "{clientId: '900900', sessionId: 'd121ea2210434ffc8a90daff9cc97e76', userId: 'demo-user'}";

/// On `www/host.html` (no CSP, the script tag only): creates a job of `scenario` with `faults`,
/// runs `before` (JS), and mounts a widget into a new `#api-host` with the usual config and
/// `extra` (a JS object expression, which may hold functions and getters) over it. The handle
/// is kept in `window.__handle` only when `keep`; `window.__errors` collects each `onError`
/// as `[code, fatal, message]`. Returns the job id.
async fn mount_js(
    s: &Session,
    scenario: &str,
    faults: Value,
    before: &str,
    extra: &str,
    keep: bool,
) -> String {
    s.client
        .goto(&format!("{}/host.html", s.sandbox))
        .await
        .unwrap();
    let job = json!({"scenario": scenario, "bankDelayMs": BANK_DELAY_MS, "faults": faults});
    let script = format!(
        r#"const [job, keep, done] = arguments;
        (async () => {{
          await customElements.whenDefined('mfa-widget');
          const r = await fetch('/sandbox/jobs', {{method: 'POST', body: JSON.stringify(job)}});
          const {{JobID}} = await r.json();
          const el = document.createElement('div');
          el.id = 'api-host';
          document.getElementById('main').append(el);
          window.__errors = [];
          {before}
          const config = Object.assign({{
            jobId: JobID, eventsUrl: '/kount/events', kount: {KOUNT},
            onError: d => window.__errors.push([d.code, d.fatal, d.message]),
          }}, {extra});
          const handle = await MfaWidget.mount(el, config);
          if (keep) window.__handle = handle;
          done(JobID);
        }})().catch(e => done('error: ' + e));"#
    );
    let id = s
        .execute_async(&script, vec![job, json!(keep)])
        .await
        .unwrap();
    let id = id.as_str().unwrap_or_default().to_string();
    assert_eq!(id.len(), 36, "{id}");
    id
}

async fn answer_questions_in_api_host(s: &Session, answers: &[&str]) {
    s.wait_for("#api-host >> input[name=\"answer-1\"]").await;
    for (i, text) in answers.iter().enumerate() {
        s.type_into(&format!("#api-host >> input[name=\"answer-{i}\"]"), text)
            .await;
    }
    s.click("#api-host >> .mfa-submit").await;
}

async fn errors(s: &Session) -> Vec<(String, bool, String)> {
    let errors = s.execute("return window.__errors;", vec![]).await.unwrap();
    serde_json::from_value(errors).unwrap_or_default()
}

/// Runs the garbage collector until objects made before the widget was mounted (and dropped
/// since, like the handle) are being collected: `gc()` where the engine exposes
/// it (Chromium with `--expose-gc`), allocation pressure elsewhere. (Many of them: WebKit's
/// collector scans the stack conservatively and may keep any one alive.)
async fn collect_garbage(s: &Session) {
    let collected = s
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               // Known two ways: a finalizer ran (Chromium, Firefox) or a `WeakRef` was cleared
               // (WebKit runs no finalizer on a page driven like this).
               let collected = false;
               const registry = new FinalizationRegistry(() => { collected = true; });
               const refs = [];
               // In a frame of its own: a suspended async function may keep its temporaries.
               (() => {
                 for (const old of window.__oldObjects) {
                   registry.register(old, 'old');
                   // (Not where `gc()` is: V8 keeps a WeakRef's target through the job.)
                   if (typeof gc !== 'function') refs.push(new WeakRef(old));
                 }
                 window.__oldObjects = null;
               })();
               let extra = 10;
               for (let round = 0; round < 400 && extra > 0; round++) {
                 if (typeof gc === 'function') {
                   gc();
                 } else {
                   let junk = [];
                   for (let i = 0; i < 300; i++) junk.push(new Array(10000).fill(i));
                   junk = null;
                 }
                 await new Promise((r) => setTimeout(r, 20));
                 collected = collected || refs.some((ref) => ref.deref() === undefined);
                 if (collected) extra -= 1;
               }
               done(collected);
             })();",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(collected, json!(true), "the engine never collected garbage");
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_host_that_drops_the_handle_keeps_a_working_widget_after_gc() {
    let s = open_browser_with(&["--js-flags=--expose-gc"]).await;
    // README's bundler recipe keeps nothing of what `mount` resolves to.
    let id = mount_js(
        &s,
        "security-questions",
        json!({}),
        "window.__oldObjects = Array.from({ length: 64 }, (_, i) => ({ i }));",
        "{}",
        false,
    )
    .await;
    s.wait_for("#api-host >> input[name=\"answer-1\"]").await;
    collect_garbage(&s).await;
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    s.wait_for("#api-host >> .mfa-success").await;
    assert_eq!(s.answers(&id).await.len(), 1);
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_mounted_widget_ends_when_its_element_leaves_the_page() {
    let s = open_browser().await;
    let id = mount_js(&s, "security-questions", json!({}), "", "{}", false).await;
    s.wait_for("#api-host >> input[name=\"answer-1\"]").await;
    // Moved within a task (a modal opening): it goes on.
    s.execute(
        "const host = document.getElementById('api-host');
         const other = document.createElement('section');
         document.body.append(other);
         other.append(host);",
        vec![],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(s.find_all("#api-host >> .mfa-card").await.len() == 1);
    // Taken off the page (the handle long dropped): the challenge ends as the session's end,
    // and nothing reads the job any more.
    s.execute("document.getElementById('api-host').remove();", vec![])
        .await
        .unwrap();
    s.assert_events(&[("SecretQuestion", FAILED, Some("ExpiredSession"))])
        .await;
    let reads = s.job_log(&id).await["readAttempts"].as_u64().unwrap();
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(
        s.job_log(&id).await["readAttempts"].as_u64().unwrap(),
        reads
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_fetch_wrapper_that_throws_is_a_failed_request_not_a_frozen_widget() {
    let s = open_browser().await;
    // An interceptor that throws (synchronously) for the widget's first eight job reads: at
    // least 0.8 s of them (each wait is at least a quarter of `errorBaseMs`).
    let before = "const real = window.fetch;
        let thrown = 0;
        window.fetch = (input, init) => {
          const url = String((input && input.url) || input);
          if (url.includes('GetJobInformationByID') && thrown < 8) {
            thrown += 1;
            throw new TypeError('interceptor: unexpected input');
          }
          return real(input, init);
        };";
    let quick = "{poll: {errorBaseMs: 400, errorCapMs: 800, reconnectNoticeMs: 300}}";
    let id = mount_js(&s, "security-questions", json!({}), before, quick, true).await;
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    s.wait_for("#api-host >> .mfa-success").await;
    // Told to the host like any outage, once, and not as the end.
    let errors = errors(&s).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("network", false));
    assert!(errors[0].2.contains("interceptor"), "{errors:?}");
    assert_eq!(s.answers(&id).await.len(), 1);
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn host_code_that_throws_is_a_config_error_or_nothing() {
    let s = open_browser().await;
    s.client
        .goto(&format!("{}/host.html", s.sandbox))
        .await
        .unwrap();
    // A getter that throws, a Proxy whose keys cannot be listed, a BigInt: each a
    // `config_invalid` that names what it can, from `mount` and as `mfa:error`.
    let refused = s
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               await customElements.whenDefined('mfa-widget');
               const heard = [];
               document.addEventListener('mfa:error', (e) => heard.push(e.detail.code));
               const configs = [
                 { jobId: 'j', get headers() { throw new Error('token store locked'); } },
                 new Proxy({}, { ownKeys() { throw new Error('revoked'); } }),
                 { jobId: 'j', poll: { waitingMs: 10n } },
               ];
               const results = [];
               for (const config of configs) {
                 const el = document.createElement('div');
                 document.body.append(el);
                 try {
                   await MfaWidget.mount(el, config);
                   results.push('mounted');
                 } catch (e) {
                   results.push([e.code, e.key || null]);
                 }
               }
               done({results, heard});
             })().catch((e) => done('threw: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        refused,
        json!({
            "results": [["config_invalid", "headers"], ["config_invalid", null], ["config_invalid", "poll.waitingMs"]],
            "heard": ["config_invalid", "config_invalid", "config_invalid"],
        })
    );
    // `<mfa-widget>` whose `config` holds a BigInt and a cycle: refused by name, never an
    // exception out of the element's callbacks.
    let element = s
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const thrown = [];
             window.addEventListener('error', (e) => thrown.push(String(e.message)));
             const el = document.createElement('mfa-widget');
             el.setAttribute('job-id', 'j');
             const cyclic = { a: 1 };
             cyclic.self = cyclic;
             el.addEventListener('mfa:error', (e) => done({key: e.detail.key, code: e.detail.code, thrown}));
             el.config = { strings: { cancel: 'Stop' }, count: 1n, cyclic };
             document.body.append(el);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(element["code"], "config_invalid", "{element}");
    assert_eq!(element["thrown"], json!([]), "{element}");
    // Callbacks that throw: logged, and the widget goes on to the end.
    let id = mount_js(
        &s,
        "security-questions",
        json!({}),
        "",
        "{onChallenge() { throw new Error('host bug'); }, onSubmit() { throw new Error('host bug'); }, onEvent() { throw new Error('host bug'); }}",
        true,
    )
    .await;
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    s.wait_for("#api-host >> .mfa-success").await;
    assert_eq!(s.answers(&id).await.len(), 1);
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}

/// A server on another loopback origin that records every request it gets (and allows any
/// cross-origin one, as a careless or hostile endpoint would): where a redirect points.
async fn elsewhere() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/collect", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 << 10];
                let n = stream.read(&mut buffer).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buffer[..n]).to_string();
                // Only what was sent to this address's path: a browser another test left
                // running may still poll a port this listener was given.
                if head
                    .lines()
                    .next()
                    .is_some_and(|line| line.contains(" /collect"))
                {
                    record.lock().unwrap().push(head);
                }
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: *\r\nAccess-Control-Allow-Methods: POST\r\nContent-Type: application/json\r\nContent-Length: 1\r\nConnection: close\r\n\r\n0",
                    )
                    .await;
            });
        }
    });
    (url, seen)
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn redirects_are_never_followed() {
    let s = open_browser().await;
    let (target, seen) = elsewhere().await;
    let redirect = format!("redirect:{target}");
    // The answer endpoint redirects once, job reads twice (a gateway's doing).
    let faults = json!({"reads": ["ok", "ok", &redirect, &redirect], "answers": [&redirect]});
    let quick = "{poll: {errorBaseMs: 200, errorCapMs: 600, reconnectNoticeMs: 300},
                  headers: {'X-Api-Key': 'secret-of-the-host'}}";
    let id = mount_js(&s, "security-questions", faults, "", quick, true).await;
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    // Not sent on: a clear error, and the form keeps what the user typed.
    s.wait_for_script("return window.__errors.some(([code]) => code === 'answer_failed');")
        .await;
    assert_eq!(
        s.texts("#api-host >> input").await.len(),
        2,
        "the form stays"
    );
    let typed = s
        .execute(
            "return $$('#api-host >> input').map((i) => i.value);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(typed, json!(["blue", "apple"]));
    s.click("#api-host >> .mfa-submit").await;
    s.wait_for("#api-host >> .mfa-success").await;
    let errors = errors(&s).await;
    let codes: Vec<(&str, bool)> = errors.iter().map(|(c, f, _)| (c.as_str(), *f)).collect();
    assert!(codes.contains(&("answer_failed", false)), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|(c, f, m)| c == "answer_failed" && !f && m.contains("redirect")),
        "{errors:?}"
    );
    assert_eq!(s.answers(&id).await.len(), 1);
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing reached the other origin: {:?}",
        seen.lock().unwrap()
    );
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn job_reads_that_redirect_are_refused_and_told() {
    let s = open_browser().await;
    let (target, seen) = elsewhere().await;
    let redirect = format!("redirect:{target}");
    // Eight redirects: at least 0.8 s of them (each wait is at least a quarter of
    // `errorBaseMs`), past the notice's 0.3 s.
    let faults = json!({"reads": vec![&redirect; 8]});
    let quick = "{poll: {errorBaseMs: 400, errorCapMs: 800, reconnectNoticeMs: 300}}";
    mount_js(&s, "security-questions", faults, "", quick, true).await;
    // The redirects end (the gateway is fixed): the questions show, and the host was told.
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    s.wait_for("#api-host >> .mfa-success").await;
    let errors = errors(&s).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1),
        ("redirect_refused", false)
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_pagehide_from_page_script_ends_nothing() {
    let s = open_browser().await;
    let id = s.start("security-questions").await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    s.wait_for_script(
        "return performance.getEntriesByName('mfa:painted:securityQuestions').length > 0",
    )
    .await;
    // Only the browser's own page lifecycle counts.
    s.execute(
        "window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
         window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));",
        vec![],
    )
    .await
    .unwrap();
    answer_questions(&s, &SEED_QUESTIONS, &["blue", "apple"]).await;
    s.wait_state("success").await;
    assert_eq!(s.answers(&id).await.len(), 1);
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn bank_text_with_character_references_is_shown_decoded_and_sent_back_as_given() {
    let s = open_browser().await;
    let id = s.start("escaped-text").await;
    s.wait_state("securityQuestions").await;
    assert_eq!(
        s.texts("mfa-widget >> label.mfa-field .mfa-label").await,
        [
            "What is your mother's middle name",
            "<b>City</b> of birth & year"
        ]
    );
    assert!(
        s.find_all("mfa-widget >> b").await.is_empty(),
        "a reference to a tag is text, never markup"
    );
    answer_questions(
        &s,
        &[
            "What is your mother's middle name",
            "<b>City</b> of birth & year",
        ],
        &["Ann", "Paris 1990"],
    )
    .await;
    s.wait_state("tokenMethods").await;
    assert_eq!(
        s.texts("mfa-widget >> label.mfa-choice").await,
        ["Email me at s***@gmail.com", "Call \"Home\" – ***-3800"]
    );
    s.click("mfa-widget >> input[type=radio][value=\"1\"]")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
    s.wait_state("tokenCode").await;
    assert_eq!(
        s.texts("mfa-widget >> .mfa-label").await,
        ["Code from your bank's app"]
    );
    s.type_into("mfa-widget >> input[name=token]", "123456\u{E007}")
        .await;
    s.wait_state("success").await;
    // What the job gave goes back byte for byte.
    assert_eq!(
        s.answers(&id).await,
        [
            answer(
                "UpdateJobSecurityAnswer",
                json!({"SecurityAnswer": "[\"Ann\",\"Paris 1990\"]"})
            ),
            answer(
                "UpdateJobTokenInput",
                json!({"TokenChoice": "Call &quot;Home&quot; &ndash; ***-3800"})
            ),
            answer("UpdateJobTokenInput", json!({"TokenInput": "123456"})),
        ]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_browser_that_cannot_run_it_says_so_in_the_box() {
    let s = open_browser().await;
    // WebAssembly switched off (iOS Lockdown Mode), then no constructable stylesheets.
    for take_away in [
        "delete window.WebAssembly;",
        "delete CSSStyleSheet.prototype.replaceSync;",
    ] {
        s.client
            .goto(&format!("{}/host.html", s.sandbox))
            .await
            .unwrap();
        let seen = s
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     (async () => {{
                       await customElements.whenDefined('mfa-widget');
                       {take_away}
                       const thrown = [];
                       window.addEventListener('error', (e) => thrown.push(String(e.message)));
                       const heard = [];
                       document.addEventListener('mfa:error', (e) => heard.push([e.detail.code, e.detail.fatal]));
                       const box = document.createElement('div');
                       document.body.append(box);
                       let rejected = null;
                       await MfaWidget.mount(box, {{ jobId: 'j' }}).catch((e) => {{ rejected = e.code; }});
                       const element = document.createElement('mfa-widget');
                       element.setAttribute('job-id', 'j');
                       document.body.append(element);
                       await new Promise((r) => setTimeout(r, 100));
                       const text = (el) => (el.shadowRoot || el).textContent;
                       done({{ supported: MfaWidget.isSupported(), rejected, heard, thrown,
                               box: text(box), element: text(element) }});
                     }})().catch((e) => done('threw: ' + e));"
                ),
                vec![],
            )
            .await
            .unwrap();
        let message =
            "This browser cannot show the verification step. Please update it, or use another browser.";
        assert_eq!(
            seen,
            json!({
                "supported": false,
                "rejected": "unsupported_browser",
                "heard": [["unsupported_browser", true], ["unsupported_browser", true]],
                "thrown": [],
                "box": message,
                "element": message,
            }),
            "{take_away}"
        );
    }
    s.close().await;
}

/// Records the `Authorization` header of each request the page sends (through its `fetch`),
/// as `[what, token]`: `read`, `answer` or `event`.
const RECORD_AUTH: &str = "const real = window.fetch;
    window.__auth = [];
    window.fetch = (input, init) => {
      const url = String((input && input.url) || input);
      const what = url.includes('GetJobInformationByID') ? 'read'
        : url.includes('/api/Job/') ? 'answer' : url.includes('/kount/') ? 'event' : null;
      if (what && input instanceof Request) window.__auth.push([what, input.headers.get('Authorization')]);
      return real(input, init);
    };";

async fn auth_seen(s: &Session) -> Vec<(String, Option<String>)> {
    let seen = s.execute("return window.__auth;", vec![]).await.unwrap();
    serde_json::from_value(seen).unwrap()
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_renewed_token_goes_with_the_next_request_and_restarts_nothing() {
    let s = open_browser().await;
    s.client
        .goto(&format!("{}/host.html", s.sandbox))
        .await
        .unwrap();
    let id = s.create_job("security-questions", BANK_DELAY_MS).await;
    s.execute(
        &format!(
            "{RECORD_AUTH}
             const el = document.createElement('mfa-widget');
             el.setAttribute('job-id', arguments[0]);
             el.setAttribute('events-url', '/kount/events');
             el.setAttribute('kount-client-id', '900900');
             el.setAttribute('session-id', 'd121ea2210434ffc8a90daff9cc97e76');
             el.setAttribute('user-id', 'demo-user');
             el.config = {{ headers: {{ Authorization: 'Bearer one' }} }};
             document.getElementById('main').append(el);"
        ),
        vec![json!(id)],
    )
    .await
    .unwrap();
    wait_questions(&s, &SEED_QUESTIONS).await;
    s.type_into("mfa-widget >> input[name=\"answer-0\"]", "blue")
        .await;
    // The host's token is renewed mid-challenge, as token-based SDKs do.
    s.execute(
        "document.querySelector('mfa-widget').config = { headers: { Authorization: 'Bearer two' } };",
        vec![],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.type_into("mfa-widget >> input[name=\"answer-1\"]", "apple")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
    s.wait_state("success").await;
    // What was typed before the renewal was sent with the rest: nothing restarted.
    assert_eq!(
        s.answers(&id).await,
        [answer(
            "UpdateJobSecurityAnswer",
            json!({"SecurityAnswer": "[\"blue\",\"apple\"]"})
        )]
    );
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    let seen = auth_seen(&s).await;
    let of = |what: &str| -> Vec<Option<String>> {
        seen.iter()
            .filter(|(w, _)| w == what)
            .map(|(_, t)| t.clone())
            .collect()
    };
    assert_eq!(of("read")[0].as_deref(), Some("Bearer one"), "{seen:?}");
    assert_eq!(of("answer"), [Some("Bearer two".to_string())], "{seen:?}");
    assert_eq!(of("event"), [Some("Bearer two".to_string())], "{seen:?}");
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_token_provider_is_asked_before_each_request_and_again_after_a_401() {
    let s = open_browser().await;
    // The first read's token has expired (401): the provider is asked again, and the widget
    // goes on without telling the host of any error.
    let provider = "{headers: async () => {
        window.__asked = (window.__asked || 0) + 1;
        return { Authorization: 'Bearer ' + window.__asked };
      }}";
    let id = mount_js(
        &s,
        "security-questions",
        json!({"reads": ["401"]}),
        RECORD_AUTH,
        provider,
        true,
    )
    .await;
    s.wait_for("#api-host >> input[name=\"answer-1\"]").await;
    s.type_into("#api-host >> input[name=\"answer-0\"]", "blue")
        .await;
    // handle.update with a new look and a plain token: no restart, the typing stays.
    s.execute(
        "window.__handle.update({ jobId: window.__auth && arguments[0], eventsUrl: '/kount/events',
           kount: {clientId: '900900', sessionId: 'd121ea2210434ffc8a90daff9cc97e76', userId: 'demo-user'},
           onError: (d) => window.__errors.push([d.code, d.fatal, d.message]),
           theme: 'dark', headers: { Authorization: 'Bearer fixed' } });",
        vec![json!(id)],
    )
    .await
    .unwrap();
    s.type_into("#api-host >> input[name=\"answer-1\"]", "apple")
        .await;
    s.click("#api-host >> .mfa-submit").await;
    s.wait_for("#api-host >> .mfa-success").await;
    assert_eq!(errors(&s).await, []);
    assert_eq!(
        s.answers(&id).await,
        [answer(
            "UpdateJobSecurityAnswer",
            json!({"SecurityAnswer": "[\"blue\",\"apple\"]"})
        )]
    );
    let seen = auth_seen(&s).await;
    // Each request asked the provider: the token differs from one read to the next.
    assert_eq!(
        seen[0],
        ("read".to_string(), Some("Bearer 1".to_string())),
        "{seen:?}"
    );
    assert_eq!(
        seen[1],
        ("read".to_string(), Some("Bearer 2".to_string())),
        "{seen:?}"
    );
    let answers: Vec<_> = seen.iter().filter(|(w, _)| w == "answer").collect();
    assert_eq!(
        answers,
        [&("answer".to_string(), Some("Bearer fixed".to_string()))]
    );
    assert!(
        s.find_all("#api-host >> .mfa-theme-dark").await.len() == 1
            || s.execute("return !!document.querySelector('#api-host mfa-widget-box').shadowRoot.querySelector('.mfa-theme-dark');", vec![]).await.unwrap() == json!(true),
        "the new look is drawn"
    );
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_host_closing_on_submit_still_delivers_the_answer() {
    let s = open_browser().await;
    // The bank takes its time with the answer; the host closes its modal as soon as the user
    // submits (a common pattern), destroying the widget.
    let id = mount_js(
        &s,
        "security-questions",
        json!({"answers": ["slow:1500"]}),
        "",
        "{onSubmit: () => window.__handle.destroy()}",
        true,
    )
    .await;
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    s.wait_for_script("return !document.querySelector('#api-host mfa-widget-box');")
        .await;
    // Delivered, and Kount hears how the bank took it, not that the session expired.
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    assert_eq!(
        s.answers(&id).await,
        [answer(
            "UpdateJobSecurityAnswer",
            json!({"SecurityAnswer": "[\"blue\",\"apple\"]"})
        )]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_refused_update_is_told_as_not_fatal_and_the_widget_goes_on() {
    let s = open_browser().await;
    let id = s.start("security-questions").await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    s.type_into("mfa-widget >> input[name=\"answer-0\"]", "blue")
        .await;
    let heard = s
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const el = document.querySelector('mfa-widget');
             el.addEventListener('mfa:error', (e) => done([e.detail.code, e.detail.fatal, e.detail.key]));
             el.config = { strings: { noSuchString: 'x' } };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        heard,
        json!(["config_invalid", false, "strings.noSuchString"])
    );
    s.type_into("mfa-widget >> input[name=\"answer-1\"]", "apple")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
    s.wait_state("success").await;
    assert_eq!(s.answers(&id).await.len(), 1);
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_fetch_wrapper_that_never_answers_is_timed_out() {
    let s = open_browser().await;
    // A wrapper whose promise never settles and which ignores the abort signal, for the
    // first three job reads: only the widget's own deadline can end those requests.
    let before = "const real = window.fetch;
        let held = 0;
        window.fetch = (input, init) => {
          const url = String((input && input.url) || input);
          if (url.includes('GetJobInformationByID') && held < 3) {
            held += 1;
            return new Promise(() => {});
          }
          return real(input, init);
        };";
    let quick = "{poll: {requestTimeoutMs: 400, errorBaseMs: 200, errorCapMs: 400, reconnectNoticeMs: 300}}";
    let id = mount_js(&s, "security-questions", json!({}), before, quick, true).await;
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    s.wait_for("#api-host >> .mfa-success").await;
    let errors = errors(&s).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("network", false));
    assert_eq!(s.answers(&id).await.len(), 1);
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn one_job_shown_twice_on_a_responsive_page_gives_one_outcome() {
    let s = open_browser().await;
    s.client
        .goto(&format!("{}/host.html", s.sandbox))
        .await
        .unwrap();
    let id = s.create_job("security-questions", BANK_DELAY_MS).await;
    // The same widget twice, as React layouts do: one for wide screens, one in a block that
    // is hidden at this width.
    s.execute_async(
        &format!(
            "const [job, done] = arguments;
             (async () => {{
               await customElements.whenDefined('mfa-widget');
               const config = {{ jobId: job, eventsUrl: '/kount/events', kount: {KOUNT} }};
               const shown = document.createElement('div');
               shown.id = 'api-host';
               const hidden = document.createElement('div');
               hidden.id = 'hidden-host';
               hidden.style.display = 'none';
               document.getElementById('main').append(shown, hidden);
               window.__copies = [await MfaWidget.mount(shown, config), await MfaWidget.mount(hidden, config)];
               done(null);
             }})();"
        ),
        vec![json!(id)],
    )
    .await
    .unwrap();
    answer_questions_in_api_host(&s, &["blue", "apple"]).await;
    s.wait_for("#api-host >> .mfa-success").await;
    s.wait_for("#hidden-host >> .mfa-success").await;
    // The hidden copy showed the user nothing: one challenge, one outcome, the one answered.
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    // Even once both are gone.
    s.execute("window.__copies.forEach((c) => c.destroy());", vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    s.close().await;
}
