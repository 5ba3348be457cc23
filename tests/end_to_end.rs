//! End to end: real headless Chromium, driven through chromedriver, loads the script-tag demo
//! page (`www/index.html` + `dist/mfa-widget.js`, under its strict CSP) from the real sandbox
//! over HTTP on 127.0.0.1, completes each scenario as a user would, and asserts what the
//! sandbox received. Needs `dist/` and Chromium: run through `cargo xtask test`, which builds
//! and installs them and runs these with `--ignored`.
#![cfg(not(target_arch = "wasm32"))]

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BANK_DELAY_MS: u64 = 150;

/// A browser session on the demo page of a fresh sandbox.
struct Session {
    client: Client,
    driver: Child,
    sandbox: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

async fn open_browser() -> Session {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("dist/mfa-widget.js").exists(),
        "dist/ is missing: run `cargo xtask dist` (or `cargo xtask test`) first"
    );
    let options = mfa_sandbox::Options {
        www_dir: root.join("www"),
        dist_dir: root.join("dist"),
        bank_delay: Duration::from_millis(BANK_DELAY_MS),
    };
    let sandbox = mfa_sandbox::start(0, options)
        .await
        .expect("sandbox starts")
        .url();
    let port = free_port();
    let chromedriver =
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let driver = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts (install Debian's chromium-driver)");
    let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let profile = std::env::temp_dir().join(format!("mfa-e2e-{port}"));
    let capabilities = json!({"goog:chromeOptions": {"binary": chrome, "args": [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--window-size=1024,900",
        format!("--user-data-dir={}", profile.display()),
    ]}});
    let mut builder = ClientBuilder::rustls().expect("rustls");
    builder.capabilities(capabilities.as_object().cloned().unwrap_or_default());
    let mut last_error = None;
    for _ in 0..50 {
        match builder.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(client) => {
                return Session {
                    client,
                    driver,
                    sandbox,
                }
            }
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("cannot reach chromedriver: {last_error:?}");
}

impl Session {
    /// Opens the demo page on a new job of `scenario`; returns the job id.
    async fn start(&self, scenario: &str) -> String {
        let url = format!(
            "{}/?scenario={scenario}&delay={BANK_DELAY_MS}",
            self.sandbox
        );
        self.client.goto(&url).await.expect("page loads");
        self.wait_for("mfa-widget .mfa-card").await;
        let id = self
            .client
            .find(Locator::Id("job-id"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(id.len(), 36, "a GUID job id, got {id:?}");
        id
    }

    async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Waits until the widget shows `state` (its `data-state`).
    async fn wait_state(&self, state: &str) {
        self.wait_for(&format!("mfa-widget .mfa-card[data-state=\"{state}\"]"))
            .await;
    }

    async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(element.text().await.unwrap());
        }
        out
    }

    async fn type_into(&self, css: &str, text: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// What the sandbox recorded for the job, over HTTP like any client.
    async fn job_log(&self, id: &str) -> Value {
        let addr = self.sandbox.trim_start_matches("http://").to_string();
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let request = format!("GET /sandbox/jobs/{id} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or_default();
        serde_json::from_str(body).unwrap_or_else(|e| panic!("job log: {e}: {response}"))
    }

    /// The answer bodies the sandbox received, without the JobID, in order.
    async fn answers(&self, id: &str) -> Vec<(String, Value, bool)> {
        let log = self.job_log(id).await;
        log["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                assert_eq!(a["body"]["JobID"], id, "every answer names the job");
                let mut body = a["body"].clone();
                body.as_object_mut().unwrap().remove("JobID");
                (
                    a["endpoint"].as_str().unwrap().to_string(),
                    body,
                    a["accepted"] == true,
                )
            })
            .collect()
    }

    /// GETs a sandbox path and parses the JSON reply.
    async fn get_json(&self, path: &str) -> Value {
        let addr = self.sandbox.trim_start_matches("http://").to_string();
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or_default();
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}: {response}"))
    }

    /// Waits until the sandbox has accepted `expected.len()` outcome events, checks each one's
    /// fields against the seed, and compares (challengeType, challengeStatus, failureType).
    async fn assert_events(&self, expected: &[(&str, &str, Option<&str>)]) -> Vec<Value> {
        let mut events = Vec::new();
        for _ in 0..100 {
            events = self
                .get_json("/sandbox/events")
                .await
                .as_array()
                .cloned()
                .unwrap_or_default();
            if events.len() >= expected.len() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Give a stray extra event the chance to show up before counting.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let events = self
            .get_json("/sandbox/events")
            .await
            .as_array()
            .cloned()
            .unwrap_or(events);
        let mut keys = std::collections::HashSet::new();
        let seen: Vec<(String, String, Option<String>)> = events
            .iter()
            .map(|e| {
                assert!(
                    keys.insert(e["idempotencyKey"].as_str().unwrap().to_string()),
                    "one key per event"
                );
                let o = &e["body"]["challengeOutcome"];
                assert_eq!(o["clientId"], "900900");
                assert_eq!(o["sessionId"], "d121ea2210434ffc8a90daff9cc97e76");
                assert_eq!(o["userId"], "demo-user");
                let sent = o["sentTimestamp"].as_str().unwrap();
                let completed = o["completedTimestamp"].as_str().unwrap();
                for t in [sent, completed] {
                    assert!(is_iso_millis(t), "{t}");
                }
                assert!(completed >= sent, "{sent} .. {completed}");
                let failure = o["failureType"].as_str().map(str::to_string);
                assert_eq!(failure.is_some(), o["challengeStatus"] == "Failed", "{o}");
                (
                    o["challengeType"].as_str().unwrap().into(),
                    o["challengeStatus"].as_str().unwrap().into(),
                    failure,
                )
            })
            .collect();
        let expected: Vec<(String, String, Option<String>)> = expected
            .iter()
            .map(|(t, s, f)| (t.to_string(), s.to_string(), f.map(str::to_string)))
            .collect();
        assert_eq!(seen, expected);
        events
    }

    async fn close(self) {
        let client = self.client.clone();
        let _ = client.close().await;
    }
}

/// `YYYY-MM-DDThh:mm:ss.fffZ`
fn is_iso_millis(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

const SUCCESS: &str = "Success";
const FAILED: &str = "Failed";

fn answer(endpoint: &str, body: Value) -> (String, Value, bool) {
    (endpoint.to_string(), body, true)
}

/// Waits for exactly these questions, each labelling its own input.
async fn wait_questions(s: &Session, expected_questions: &[&str]) {
    s.wait_state("securityQuestions").await;
    for _ in 0..100 {
        if s.texts("mfa-widget label.mfa-field .mfa-label").await == expected_questions {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let labels = s.texts("mfa-widget label.mfa-field .mfa-label").await;
    assert_eq!(
        labels, expected_questions,
        "one labelled input per question"
    );
}

async fn answer_questions(s: &Session, expected_questions: &[&str], answers: &[&str]) {
    wait_questions(s, expected_questions).await;
    for (i, text) in answers.iter().enumerate() {
        s.type_into(&format!("mfa-widget input[name=\"answer-{i}\"]"), text)
            .await;
    }
    s.click("mfa-widget .mfa-submit").await;
}

async fn choose_method(s: &Session, method: &str) {
    s.wait_state("tokenMethods").await;
    let options = s.texts("mfa-widget label.mfa-choice").await;
    assert_eq!(
        options,
        [
            "Email me at s*****@gmail.com",
            "Send verification code by voice call to ***-***-3800"
        ]
    );
    let index = options
        .iter()
        .position(|o| o == method)
        .expect("method listed");
    s.click(&format!("mfa-widget input[type=radio][value=\"{index}\"]"))
        .await;
    s.click("mfa-widget .mfa-submit").await;
}

/// Types the code and presses Enter (not the button).
async fn enter_code(s: &Session, label: &str, code: &str) {
    s.wait_state("tokenCode").await;
    assert_eq!(s.texts("mfa-widget .mfa-label").await, [label]);
    let input = s.wait_for("mfa-widget input[name=token]").await;
    assert_eq!(
        input.attr("autocomplete").await.unwrap().as_deref(),
        Some("one-time-code")
    );
    input.send_keys(&format!("{code}\u{E007}")).await.unwrap();
}

const SEED_QUESTIONS: [&str; 2] = [
    "what is your favorite color?",
    "what is your favorite fruit?",
];

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn security_questions() {
    let s = open_browser().await;
    let id = s.start("security-questions").await;
    answer_questions(&s, &SEED_QUESTIONS, &["blue", "apple"]).await;
    s.wait_state("success").await;
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
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn token_chain() {
    let s = open_browser().await;
    let id = s.start("token").await;
    choose_method(&s, "Send verification code by voice call to ***-***-3800").await;
    enter_code(&s, "One-time code", "123456").await;
    s.wait_state("success").await;
    assert_eq!(
        s.answers(&id).await,
        [
            answer(
                "UpdateJobTokenInput",
                json!({"TokenChoice": "Send verification code by voice call to ***-***-3800"})
            ),
            answer("UpdateJobTokenInput", json!({"TokenInput": "123456"})),
        ]
    );
    s.assert_events(&[("MFAAppOther", SUCCESS, None)]).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn pin() {
    let s = open_browser().await;
    let id = s.start("pin").await;
    enter_code(&s, "Personal PIN", "2468").await;
    s.wait_state("success").await;
    assert_eq!(
        s.answers(&id).await,
        [answer("UpdateJobTokenInput", json!({"TokenInput": "2468"}))]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn verify_phone() {
    let s = open_browser().await;
    let id = s.start("verify-phone").await;
    s.wait_state("verifyPhone").await;
    assert_eq!(s.texts("mfa-widget .mfa-code").await, ["482913"]);
    s.click("mfa-widget .mfa-submit").await;
    s.wait_state("success").await;
    assert_eq!(
        s.answers(&id).await,
        [answer(
            "UpdateJobTokenInput",
            json!({"VerifyPhoneFlag": true})
        )]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn captcha() {
    let s = open_browser().await;
    let id = s.start("captcha").await;
    s.wait_state("captcha").await;
    let image = s.wait_for("mfa-widget img.mfa-captcha").await;
    let src = image.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.starts_with("data:image/png;base64,iVBOR"), "{src:.40}");
    let width = s
        .client
        .execute(
            "return document.querySelector('mfa-widget img.mfa-captcha').naturalWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        width.as_u64().unwrap_or(0) > 0,
        "the browser decoded the image: {width}"
    );
    s.type_into("mfa-widget input[name=captcha]", mfa_sandbox::CAPTCHA_TEXT)
        .await;
    s.click("mfa-widget .mfa-submit").await;
    s.wait_state("success").await;
    assert_eq!(
        s.answers(&id).await,
        [answer(
            "UpdateJobCaptchaInput",
            json!({"CaptchaInput": "4821"})
        )]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn multi_step_chain() {
    let s = open_browser().await;
    let id = s.start("multi-step").await;
    s.wait_state("captcha").await;
    s.type_into("mfa-widget input[name=captcha]", "4821").await;
    s.click("mfa-widget .mfa-submit").await;
    answer_questions(&s, &SEED_QUESTIONS, &["green", "fig"]).await;
    choose_method(&s, "Email me at s*****@gmail.com").await;
    enter_code(&s, "One-time code", "777111").await;
    s.wait_state("success").await;
    assert_eq!(
        s.answers(&id).await,
        [
            answer("UpdateJobCaptchaInput", json!({"CaptchaInput": "4821"})),
            answer(
                "UpdateJobSecurityAnswer",
                json!({"SecurityAnswer": "[\"green\",\"fig\"]"})
            ),
            answer(
                "UpdateJobTokenInput",
                json!({"TokenChoice": "Email me at s*****@gmail.com"})
            ),
            answer("UpdateJobTokenInput", json!({"TokenInput": "777111"})),
        ]
    );
    s.assert_events(&[
        ("Captcha", SUCCESS, None),
        ("SecretQuestion", SUCCESS, None),
        ("EmailPIN", SUCCESS, None),
    ])
    .await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn wrong_answer_then_new_questions() {
    let s = open_browser().await;
    let id = s.start("wrong-answer").await;
    answer_questions(&s, &SEED_QUESTIONS, &["red", "kiwi"]).await;
    // The new form starts empty: the first answers are not carried over.
    answer_questions(
        &s,
        &[
            "In what city were you born?",
            "What's the name of your first pet?",
        ],
        &["Lyon", "Rex"],
    )
    .await;
    s.wait_state("success").await;
    assert_eq!(
        s.answers(&id).await,
        [
            answer(
                "UpdateJobSecurityAnswer",
                json!({"SecurityAnswer": "[\"red\",\"kiwi\"]"})
            ),
            answer(
                "UpdateJobSecurityAnswer",
                json!({"SecurityAnswer": "[\"Lyon\",\"Rex\"]"})
            ),
        ]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn job_fails_at_a_step() {
    let s = open_browser().await;
    let id = s.start("job-fails").await;
    enter_code(&s, "One-time code", "000000").await;
    s.wait_state("failure").await;
    let text = s.texts("mfa-widget .mfa-failure p").await.join(" ");
    assert!(
        text.contains("the bank took too long to answer while checking the code"),
        "{text}"
    );
    // The demo page logged the widget's mfa:failure event.
    let log = s.texts("#log li").await.join("\n");
    assert!(log.contains("mfa:failure"), "{log}");
    assert_eq!(
        s.answers(&id).await,
        [answer(
            "UpdateJobTokenInput",
            json!({"TokenInput": "000000"})
        )]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn seed_field_formats() {
    let s = open_browser().await;
    let id = s.start("seed-format").await;
    answer_questions(
        &s,
        &["what's your first pet?", "what is your favorite fruit?"],
        &["Rex", "fig"],
    )
    .await;
    choose_method(&s, "Email me at s*****@gmail.com").await;
    enter_code(&s, "One-time code", "135790").await;
    s.wait_state("success").await;
    let answers = s.answers(&id).await;
    assert_eq!(answers.len(), 3);
    assert!(answers.iter().all(|a| a.2), "all accepted: {answers:?}");
    s.assert_events(&[
        ("SecretQuestion", SUCCESS, None),
        ("EmailPIN", SUCCESS, None),
    ])
    .await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn hostile_captcha_is_never_shown() {
    let s = open_browser().await;
    s.start("bad-captcha").await;
    s.wait_state("captcha").await;
    let text = s.texts("mfa-widget .mfa-card").await.join(" ");
    assert!(text.contains("cannot show"), "{text}");
    assert!(s
        .client
        .find_all(Locator::Css("mfa-widget img"))
        .await
        .unwrap()
        .is_empty());
    assert!(s
        .client
        .find_all(Locator::Css("mfa-widget svg, mfa-widget script"))
        .await
        .unwrap()
        .is_empty());
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn double_submit_sends_once_and_answers_are_cleared() {
    let s = open_browser().await;
    let id = s.start("wrong-answer").await;
    s.wait_state("securityQuestions").await;
    s.type_into("mfa-widget input[name=\"answer-0\"]", "a")
        .await;
    s.type_into("mfa-widget input[name=\"answer-1\"]", "b")
        .await;
    // Two clicks and an Enter in the same task, faster than any re-render.
    s.client
        .execute(
            "const b = document.querySelector('mfa-widget .mfa-submit'); b.click(); b.click(); \
             b.form.requestSubmit();",
            vec![],
        )
        .await
        .unwrap();
    wait_questions(
        &s,
        &[
            "In what city were you born?",
            "What's the name of your first pet?",
        ],
    )
    .await;
    let values: Vec<Value> = s
        .client
        .execute(
            "return [...document.querySelectorAll('mfa-widget input')].map(i => i.value);",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .cloned()
        .unwrap();
    assert_eq!(
        values,
        [json!(""), json!("")],
        "typed answers were cleared after sending"
    );
    assert_eq!(
        s.answers(&id).await.len(),
        1,
        "one request for three submits"
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn removing_the_widget_with_a_challenge_open_expires_it() {
    let s = open_browser().await;
    s.start("security-questions").await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.client
        .execute("document.querySelector('mfa-widget').remove();", vec![])
        .await
        .unwrap();
    let events = s
        .assert_events(&[("SecretQuestion", FAILED, Some("ExpiredSession"))])
        .await;
    let o = &events[0]["body"]["challengeOutcome"];
    assert!(
        o["completedTimestamp"].as_str() > o["sentTimestamp"].as_str(),
        "{o}"
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn events_endpoint_failing_twice_still_gets_each_event_once() {
    let s = open_browser().await;
    let url = format!("{}/?scenario=security-questions&delay={BANK_DELAY_MS}&events=%2Fkount%2Fevents%3Ffailures%3D2", s.sandbox);
    s.client.goto(&url).await.unwrap();
    answer_questions(&s, &SEED_QUESTIONS, &["blue", "apple"]).await;
    s.wait_state("success").await;
    let events = s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
    assert_eq!(
        events[0]["attempts"], 3,
        "two refusals, then accepted: {events:?}"
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn js_api_mount_callbacks_fire_once_in_order() {
    let s = open_browser().await;
    s.client.goto(&format!("{}/", s.sandbox)).await.unwrap();
    let job_id = s
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            (async () => {
              await customElements.whenDefined('mfa-widget');
              const r = await fetch('/sandbox/jobs', {method: 'POST', body: JSON.stringify({scenario: 'pin', bankDelayMs: 100})});
              const {JobID} = await r.json();
              const el = document.createElement('div');
              el.id = 'api-host';
              document.body.append(el);
              const seen = window.__seen = [];
              window.__handle = await MfaWidget.mount(el, {
                jobId: JobID, eventsUrl: '/kount/events', kount: {clientId: '900900'},
                onChallenge: d => seen.push('challenge:' + d.kind),
                onSuccess: () => seen.push('success'),
                onFailure: () => seen.push('failure'),
                onEvent: b => seen.push('event:' + b.challengeOutcome.challengeStatus),
              });
              done(JobID);
            })().catch(e => done('error: ' + e));"#,
            vec![],
        )
        .await
        .unwrap();
    let job_id = job_id.as_str().unwrap().to_string();
    assert_eq!(job_id.len(), 36, "{job_id}");
    let input = s.wait_for("#api-host input[name=token]").await;
    input.send_keys("8642\u{E007}").await.unwrap();
    s.wait_for("#api-host .mfa-success").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = s
        .client
        .execute("return window.__seen;", vec![])
        .await
        .unwrap();
    assert_eq!(
        seen,
        json!(["challenge:tokenCode", "event:Success", "success"])
    );
    // destroy() empties the element and nothing fires afterwards.
    let after = s
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            window.__handle.destroy().then(() => {
              const el = document.getElementById('api-host');
              setTimeout(() => done([el.innerHTML, window.__seen.length]), 500);
            });"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(after, json!(["", 3]));
    assert_eq!(
        s.answers(&job_id).await,
        [answer("UpdateJobTokenInput", json!({"TokenInput": "8642"}))]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn invalid_config_is_an_mfa_error_not_a_wrong_event() {
    let s = open_browser().await;
    s.client.goto(&format!("{}/", s.sandbox)).await.unwrap();
    let result = s
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            customElements.whenDefined('mfa-widget').then(() => {
              const el = document.createElement('div');
              document.body.append(el);
              let event = null;
              el.addEventListener('mfa:error', e => { event = e.detail.message; });
              MfaWidget.mount(el, {jobId: 'j', eventsUrl: '/kount/events', kount: {clientId: 'not valid!'}})
                .then(() => done(['mounted', event]), e => done([String(e.message), event, el.innerHTML]));
            });"#,
            vec![],
        )
        .await
        .unwrap();
    let message = "mfa-widget: `kount.clientId` is invalid: it must be 1 to 64 letters or digits";
    assert_eq!(result, json!([message, message, ""]));
    s.close().await;
}
