//! End to end: real headless Chromium, driven through chromedriver, loads the script-tag demo
//! page (`www/index.html` + `dist/mfa-widget.js`, under its strict CSP) from the real sandbox
//! over HTTP on 127.0.0.1, completes each scenario as a user would, and asserts what the
//! sandbox received. Needs `dist/` and Chromium: run through `cargo xtask test`, which builds
//! and installs them and runs these with `--ignored`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::*;

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn security_questions() {
    let s = open_browser().await;
    let id = s.start("security-questions").await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    let focused = s
        .execute(
            "const active = $('mfa-widget >> .mfa-card').getRootNode().activeElement;
             return active.className + ': ' + active.textContent",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        focused, "mfa-heading: Answer your security questions",
        "a new challenge takes the focus"
    );
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
    assert_eq!(s.texts("mfa-widget >> .mfa-code").await, ["482913"]);
    s.click("mfa-widget >> .mfa-submit").await;
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
    let image = s.wait_for("mfa-widget >> img.mfa-captcha").await;
    let src = image.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.starts_with("data:image/png;base64,iVBOR"), "{src:.40}");
    let width = s
        .execute(
            "return $('mfa-widget >> img.mfa-captcha').naturalWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        width.as_u64().unwrap_or(0) > 0,
        "the browser decoded the image: {width}"
    );
    s.type_into(
        "mfa-widget >> input[name=captcha]",
        mfa_sandbox::CAPTCHA_TEXT,
    )
    .await;
    s.click("mfa-widget >> .mfa-submit").await;
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
    s.type_into("mfa-widget >> input[name=captcha]", "4821")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
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
async fn a_refused_sign_in_posts_one_failed_attempt_and_no_outcome() {
    let s = open_browser().await;
    s.start("login-refused").await;
    s.wait_state("failure").await;
    for _ in 0..100 {
        let events = s.get_json("/sandbox/events").await;
        if events.as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // A second event (a duplicate, or a challengeOutcome) would arrive with the first.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let events = s.get_json("/sandbox/events").await;
    assert_eq!(events.as_array().map(Vec::len), Some(1), "{events}");
    let body = &events[0]["body"];
    assert!(body.get("challengeOutcome").is_none(), "{body}");
    let attempt = &body["failedAttempt"];
    assert_eq!(attempt["clientId"], "900900");
    assert_eq!(attempt["sessionId"], "d121ea2210434ffc8a90daff9cc97e76");
    assert_eq!(attempt["userId"], "demo-user");
    assert!(
        attempt["userAgent"]
            .as_str()
            .is_some_and(|ua| ua.contains("Mozilla/5.0")),
        "{attempt}"
    );
    assert!(attempt.get("userPassword").is_none() && attempt.get("userIp").is_none());
    assert!(events[0]["idempotencyKey"]
        .as_str()
        .is_some_and(|k| k.len() == 36));
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn job_fails_at_a_step() {
    let s = open_browser().await;
    let id = s.start("job-fails").await;
    enter_code(&s, "One-time code", "000000").await;
    s.wait_state("failure").await;
    let text = s.texts("mfa-widget >> .mfa-failure p").await.join(" ");
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
    let text = s.texts("mfa-widget >> .mfa-card").await.join(" ");
    assert!(text.contains("cannot show"), "{text}");
    assert!(s.find_all("mfa-widget >> img").await.is_empty());
    assert!(s.find_all("mfa-widget >> svg, script").await.is_empty());
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn double_submit_sends_once_and_answers_are_cleared() {
    let s = open_browser().await;
    let id = s.start("wrong-answer").await;
    s.wait_state("securityQuestions").await;
    s.type_into("mfa-widget >> input[name=\"answer-0\"]", "a")
        .await;
    s.type_into("mfa-widget >> input[name=\"answer-1\"]", "b")
        .await;
    // Two clicks and an Enter in the same task, faster than any re-render.
    s.execute(
        "const b = $('mfa-widget >> .mfa-submit'); b.click(); b.click(); \
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
        .execute(
            "return $$('mfa-widget >> input').map(i => i.value);",
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
    s.execute("document.querySelector('mfa-widget').remove();", vec![])
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
    let job_id = s.execute_async(
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
    let input = s.wait_for("#api-host >> input[name=token]").await;
    input.send_keys("8642\u{E007}").await.unwrap();
    s.wait_for("#api-host >> .mfa-success").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = s.execute("return window.__seen;", vec![]).await.unwrap();
    assert_eq!(
        seen,
        json!(["challenge:tokenCode", "event:Success", "success"])
    );
    // destroy() empties the element and nothing fires afterwards.
    let after = s
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

/// Configs the widget must refuse at mount, and the message naming the key at fault: the
/// promise rejects with it, `mfa:error` carries it, and no request goes anywhere (the page's
/// `fetch` is watched for the whole mount).
const REFUSED_CONFIGS: &[(&str, &str)] = &[
    (
        "{jobId: 'j', eventsUrl: '/kount/events', kount: {clientId: 'not valid!'}}",
        "mfa-widget: `kount.clientId` is invalid: it must be 1 to 64 letters or digits",
    ),
    (
        "{jobId: 'j', paths: {getJob: 'http://elsewhere.example/api/Job/GetJobInformationByID'}}",
        "mfa-widget: `paths.getJob` must be https: (or http: on localhost)",
    ),
    (
        "{jobId: 'j', paths: {securityAnswer: 'http://elsewhere.example/answers'}}",
        "mfa-widget: `paths.securityAnswer` must be https: (or http: on localhost)",
    ),
    (
        "{jobId: 'j', paths: {tokenInput: 'http://elsewhere.example/token'}}",
        "mfa-widget: `paths.tokenInput` must be https: (or http: on localhost)",
    ),
    (
        "{jobId: 'j', paths: {captchaInput: 'http://elsewhere.example/captcha'}}",
        "mfa-widget: `paths.captchaInput` must be https: (or http: on localhost)",
    ),
    (
        "{jobId: 'j', eventsUrl: 'http://elsewhere.example/events', kount: {clientId: '900900'}}",
        "mfa-widget: `eventsUrl` must be https: (or http: on localhost)",
    ),
    (
        "{jobId: 'j', apiBase: 'http://elsewhere.example'}",
        "mfa-widget: `apiBase` must be https: (or http: on localhost)",
    ),
    (
        "{jobId: 'j', pol: {waitingMs: 400}}",
        "mfa-widget: unknown config key `pol`",
    ),
    (
        "{jobId: 'j', kount: {clientID: '900900'}}",
        "mfa-widget: unknown config key `kount.clientID`",
    ),
    (
        "{jobId: 'j', poll: {waitingMs: 'fast'}}",
        "mfa-widget: `poll.waitingMs` is invalid: invalid type: string \"fast\", expected f64",
    ),
    (
        "{jobId: 'j', credentials: 'always'}",
        "mfa-widget: `credentials` is invalid: unknown variant `always`, expected one of `omit`, `same-origin`, `include`",
    ),
    (
        "{jobId: 'j', onEvent: 'not a function'}",
        "mfa-widget: `onEvent` is invalid: must be a function",
    ),
];

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn refused_configs_are_an_mfa_error_and_send_nothing() {
    let s = open_browser().await;
    s.client.goto(&format!("{}/", s.sandbox)).await.unwrap();
    for (config, message) in REFUSED_CONFIGS {
        let result = s
            .execute_async(
                &format!(
                    r#"const done = arguments[arguments.length - 1];
                    customElements.whenDefined('mfa-widget').then(() => {{
                      const el = document.createElement('div');
                      document.body.append(el);
                      const sent = [];
                      const realFetch = window.fetch;
                      window.fetch = (input, init) => {{ sent.push(String(input.url || input)); return realFetch(input, init); }};
                      let event = null;
                      el.addEventListener('mfa:error', e => {{ event = e.detail.message; }});
                      const finish = (outcome) => setTimeout(() => {{
                        window.fetch = realFetch;
                        done([outcome, event, el.innerHTML, sent]);
                      }}, 300);
                      MfaWidget.mount(el, {config}).then(() => finish('mounted'), e => finish(String(e.message)));
                    }});"#
                ),
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(result, json!([message, message, "", []]), "{config}");
    }
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn host_css_stays_out_and_the_widget_fits_a_phone() {
    let s = open_browser().await;
    let job = s.create_job("security-questions", 0).await;
    s.client.set_window_size(320, 700).await.unwrap();
    s.client
        .goto(&format!("{}/bench.html?job={job}", s.sandbox))
        .await
        .unwrap();
    // The worst a host page can do, as a constructable sheet (its CSP allows those).
    s.execute(
        "const sheet = new CSSStyleSheet();
         sheet.replaceSync('input { display: none !important } form { display: none !important } \
           * { color: red !important; font-size: 2px !important; visibility: hidden }');
         document.adoptedStyleSheets = [sheet];",
        vec![],
    )
    .await
    .unwrap();
    let input = s.wait_for("#widget >> input[name=\"answer-0\"]").await;
    let seen = s
        .execute(
            "const i = $('#widget >> input[name=\"answer-0\"]');
             const style = getComputedStyle(i);
             return [style.display, i.getBoundingClientRect().width,
                     document.documentElement.scrollWidth, window.innerWidth,
                     style.visibility, style.color, style.fontSize];",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(seen[0], "none", "host CSS hid the widget's input: {seen}");
    assert!(
        seen[1].as_f64().unwrap() > 150.0,
        "usable input width at 320 px: {seen}"
    );
    assert!(
        seen[2].as_f64().unwrap() <= seen[3].as_f64().unwrap(),
        "no sideways scrolling at 320 px: {seen}"
    );
    assert_eq!(seen[4], "visible");
    assert_ne!(seen[5], "rgb(255, 0, 0)", "host colours stay out");
    assert_eq!(seen[6], "16px", "host font sizes stay out");
    input.send_keys("blue").await.unwrap();
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn locale_theme_and_string_overrides() {
    let s = open_browser().await;
    // The element's attributes: Spanish, dark.
    let job = s.create_job("security-questions", 0).await;
    s.client.goto(&format!("{}/", s.sandbox)).await.unwrap();
    s.execute(
        "const w = document.createElement('mfa-widget');
         w.id = 'es-widget';
         w.setAttribute('job-id', arguments[0]);
         w.setAttribute('locale', 'es-MX');
         w.setAttribute('theme', 'dark');
         document.body.append(w);",
        vec![json!(job)],
    )
    .await
    .unwrap();
    s.wait_for("#es-widget >> input[name=\"answer-0\"]").await;
    assert_eq!(
        s.text("#es-widget >> .mfa-heading").await,
        "Responda sus preguntas de seguridad"
    );
    assert_eq!(s.text("#es-widget >> .mfa-submit").await, "Continuar");
    let background = s
        .execute(
            "return getComputedStyle($('#es-widget >> .mfa-card')).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(background, "rgb(22, 27, 34)", "the dark theme");
    // The JS API: per-string overrides, light theme, a custom accent from the host.
    s.mount_api(
        "pin",
        json!({}),
        json!({"locale": "en", "theme": "light", "strings": {"pinHeading": "Your card PIN", "verify": "Check"}}),
    )
    .await;
    s.execute(
        "document.getElementById('api-host').style.setProperty('--mfa-accent', 'rgb(1, 2, 3)')",
        vec![],
    )
    .await
    .unwrap();
    s.wait_for("#api-host >> input[name=token]").await;
    assert_eq!(s.text("#api-host >> .mfa-heading").await, "Your card PIN");
    assert_eq!(s.text("#api-host >> .mfa-submit").await, "Check");
    let accent = s
        .execute(
            "return getComputedStyle($('#api-host >> .mfa-submit')).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        accent, "rgb(1, 2, 3)",
        "--mfa-accent on the host themes the widget"
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn a_client_deadline_counts_down_and_times_out() {
    let s = open_browser().await;
    s.mount_api(
        "security-questions",
        json!({}),
        json!({"challengeDeadlineMs": 2500}),
    )
    .await;
    s.wait_for("#api-host >> .mfa-countdown").await;
    let shown = s.text("#api-host >> .mfa-countdown").await;
    assert!(
        ["Time left: 0:03", "Time left: 0:02"].contains(&shown.as_str()),
        "{shown}"
    );
    let events = s
        .assert_events(&[("SecretQuestion", FAILED, Some("TimedOut"))])
        .await;
    let o = &events[0]["body"]["challengeOutcome"];
    let (sent, completed) = (
        o["sentTimestamp"].as_str().unwrap(),
        o["completedTimestamp"].as_str().unwrap(),
    );
    // Both within the same minute in practice; compare the seconds-and-millis part.
    let millis =
        |t: &str| t[17..19].parse::<f64>().unwrap() * 1000.0 + t[20..23].parse::<f64>().unwrap();
    let waited = (millis(completed) - millis(sent)).rem_euclid(60_000.0);
    assert!(
        (2_400.0..3_600.0).contains(&waited),
        "timed out after {waited} ms"
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and Chromium: run `cargo xtask test`"]
async fn script_twice_two_widgets_and_a_job_id_change() {
    let s = open_browser().await;
    let (a, b, c) = (
        s.create_job("pin", 100).await,
        s.create_job("pin", 100).await,
        s.create_job("pin", 100).await,
    );
    s.client
        .goto(&format!("{}/hygiene.html?a={a}&b={b}", s.sandbox))
        .await
        .unwrap();
    s.wait_for("#a >> input[name=token]").await;
    s.wait_for("#b >> input[name=token]").await;
    // Each widget answers its own job.
    s.type_into("#b >> input[name=token]", "2222\u{E007}").await;
    s.wait_for("#b >> .mfa-success").await;
    assert_eq!(
        s.answers(&b).await,
        [answer("UpdateJobTokenInput", json!({"TokenInput": "2222"}))]
    );
    assert!(
        s.answers(&a).await.is_empty(),
        "the other widget sent nothing"
    );
    // Changing job-id restarts on the new job; the old challenge expires once.
    s.execute(
        "document.getElementById('a').setAttribute('job-id', arguments[0])",
        vec![json!(c)],
    )
    .await
    .unwrap();
    let input = s.wait_for("#a >> input[name=token]").await;
    input.send_keys("3333\u{E007}").await.unwrap();
    s.wait_for("#a >> .mfa-success").await;
    assert_eq!(
        s.answers(&c).await,
        [answer("UpdateJobTokenInput", json!({"TokenInput": "3333"}))]
    );
    assert!(s.answers(&a).await.is_empty());
    let mut outcomes: Vec<String> = s
        .get_json("/sandbox/events")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let o = &e["body"]["challengeOutcome"];
            format!(
                "{} {}",
                o["challengeStatus"].as_str().unwrap(),
                o["failureType"].as_str().unwrap_or("-")
            )
        })
        .collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        ["Failed ExpiredSession", "Success -", "Success -"]
    );
    let page = s
        .execute(
            "return [window.__pageErrors, typeof MfaWidget.mount, document.querySelectorAll('[data-mfa-widget]').length];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        page,
        json!([[], "function", 2]),
        "loaded twice without an error; one box per widget"
    );
    s.close().await;
}
