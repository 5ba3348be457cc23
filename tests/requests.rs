//! What happens to the widget's requests on their way, as integrators' pages and gateways
//! make it happen (issue 29): a `fetch` wrapper that throws or never answers, a gateway that
//! redirects (never followed, told), a bearer token renewed by the host or handed out by a
//! provider before each request and again after a 401. Each engine (`MFA_BROWSER`), against
//! the sandbox over HTTP; run through `cargo xtask test`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

async fn auth_seen(s: &Session) -> Vec<(String, Option<String>)> {
    let seen = s.execute("return window.__auth;", vec![]).await.unwrap();
    serde_json::from_value(seen).unwrap()
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
    complete_questions_in_api_host(&s).await;
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
    complete_questions_in_api_host(&s).await;
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
    complete_questions_in_api_host(&s).await;
    let errors = errors(&s).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("network", false));
    assert_eq!(s.answers(&id).await.len(), 1);
    s.close().await;
}
