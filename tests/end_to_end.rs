//! End to end: a real browser (Chromium, Firefox or WebKit: `MFA_BROWSER`), driven through
//! WebDriver, loads the script-tag demo page (`www/index.html` + `dist/mfa-widget.js`, under
//! its strict CSP) from the real sandbox over HTTP on 127.0.0.1, completes each scenario as a
//! user would, and asserts what the sandbox received. Needs `dist/` and the browsers: run
//! through `cargo xtask test`, which builds and installs them and runs these with `--ignored`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use support::*;

/// One thing the user does (or sees) on the demo page, in order.
enum Step {
    /// The questions shown are these; the user answers them.
    Questions(&'static [&'static str], &'static [&'static str]),
    /// The user picks this delivery method.
    Method(&'static str),
    /// A code input labelled so appears; the user types the code and presses Enter.
    Code(&'static str, &'static str),
    /// The widget reaches this state (`data-state`).
    State(&'static str),
    /// These elements' texts are shown.
    Texts(&'static str, &'static [&'static str]),
    /// The new challenge's heading has the focus (screen readers announce it).
    FocusedHeading(&'static str),
    /// The captcha is a PNG the browser really decoded.
    DecodedPng,
    Type(&'static str, &'static str),
    Click(&'static str),
}

/// A sandbox scenario, what the user does, and what the Job API and Kount must receive.
struct Row {
    scenario: &'static str,
    steps: Vec<Step>,
    answers: Vec<(String, Value, bool)>,
    /// `None`: the demo posts events but this row does not check them.
    events: Option<Vec<(&'static str, &'static str, Option<&'static str>)>>,
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn each_challenge_kind_end_to_end() {
    let voice = "Send verification code by voice call to ***-***-3800";
    let rows = [
        Row {
            scenario: "security-questions",
            steps: vec![
                Step::FocusedHeading("Answer your security questions"),
                Step::Questions(&SEED_QUESTIONS, &["blue", "apple"]),
            ],
            answers: vec![answer(
                "UpdateJobSecurityAnswer",
                json!({"SecurityAnswer": "[\"blue\",\"apple\"]"}),
            )],
            events: None,
        },
        Row {
            scenario: "token",
            steps: vec![Step::Method(voice), Step::Code("One-time code", "123456")],
            answers: vec![
                answer("UpdateJobTokenInput", json!({ "TokenChoice": voice })),
                answer("UpdateJobTokenInput", json!({"TokenInput": "123456"})),
            ],
            events: Some(vec![("MFAAppOther", SUCCESS, None)]),
        },
        Row {
            scenario: "pin",
            steps: vec![Step::Code("Personal PIN", "2468")],
            answers: vec![answer("UpdateJobTokenInput", json!({"TokenInput": "2468"}))],
            events: None,
        },
        Row {
            scenario: "verify-phone",
            steps: vec![
                Step::State("verifyPhone"),
                Step::Texts("mfa-widget >> .mfa-code", &["482913"]),
                Step::Click("mfa-widget >> .mfa-submit"),
            ],
            answers: vec![answer(
                "UpdateJobTokenInput",
                json!({"VerifyPhoneFlag": true}),
            )],
            events: None,
        },
        Row {
            scenario: "captcha",
            steps: vec![
                Step::State("captcha"),
                Step::DecodedPng,
                Step::Type(
                    "mfa-widget >> input[name=captcha]",
                    mfa_sandbox::CAPTCHA_TEXT,
                ),
                Step::Click("mfa-widget >> .mfa-submit"),
            ],
            answers: vec![answer(
                "UpdateJobCaptchaInput",
                json!({"CaptchaInput": "4821"}),
            )],
            events: None,
        },
    ];
    for row in rows {
        let s = open_browser().await;
        let id = s.start(row.scenario).await;
        for step in &row.steps {
            match step {
                Step::Questions(questions, answers) => {
                    answer_questions(&s, questions, answers).await
                }
                Step::Method(method) => choose_method(&s, method).await,
                Step::Code(label, code) => enter_code(&s, label, code).await,
                Step::State(state) => s.wait_state(state).await,
                Step::Texts(css, expected) => {
                    s.wait_for(css).await;
                    assert_eq!(s.texts(css).await, *expected, "{}", row.scenario);
                }
                Step::FocusedHeading(heading) => {
                    s.wait_heading_focused("mfa-widget").await;
                    let focused = s
                        .execute(
                            "const active = $('mfa-widget >> .mfa-card').getRootNode().activeElement;
                             return active.className + ': ' + active.textContent",
                            vec![],
                        )
                        .await
                        .unwrap();
                    assert_eq!(
                        focused,
                        format!("mfa-heading: {heading}"),
                        "{}",
                        row.scenario
                    );
                }
                Step::DecodedPng => {
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
                        "the browser decoded it: {width}"
                    );
                }
                Step::Type(css, text) => s.type_into(css, text).await,
                Step::Click(css) => s.click(css).await,
            }
        }
        s.wait_state("success").await;
        assert_eq!(s.answers(&id).await, row.answers, "{}", row.scenario);
        assert_eq!(
            s.document_scrolls().await,
            0,
            "{}: the page moved under the user",
            row.scenario
        );
        if let Some(events) = &row.events {
            s.assert_events(events).await;
        }
        s.close().await;
    }
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn multi_step_chain() {
    let s = open_browser().await;
    // A laptop-short window: by the third challenge the demo's log reaches past the fold.
    s.client.set_window_size(1024, 600).await.unwrap();
    let id = s.start("multi-step").await;
    // Every height the widget's box takes from here on (README: it never shrinks while it
    // lives, so nothing below it moves back and forth).
    s.execute(
        "const box = document.querySelector('mfa-widget');
         window.boxHeights = [box.getBoundingClientRect().height];
         new ResizeObserver(() => window.boxHeights.push(box.getBoundingClientRect().height))
           .observe(box);",
        vec![],
    )
    .await
    .unwrap();
    s.wait_state("captcha").await;
    s.type_into("mfa-widget >> input[name=captcha]", "4821")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
    answer_questions(&s, &SEED_QUESTIONS, &["green", "fig"]).await;
    choose_method(&s, "Email me at s*****@gmail.com").await;
    enter_code(&s, "One-time code", "777111").await;
    s.wait_state("success").await;
    // The demo page logged mfa:success with where the bank got to.
    let log = s.texts("#log li").await.join("\n");
    assert!(
        log.contains(r#"mfa:success {"lastStep":"AccountList"}"#),
        "{log}"
    );
    // The log grew by the third challenge; it scrolls its own box, never the page under a click.
    assert_eq!(
        s.document_scrolls().await,
        0,
        "the page moved under the user"
    );
    let heights = s
        .execute("return window.boxHeights;", vec![])
        .await
        .unwrap();
    let heights: Vec<f64> = heights
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h.as_f64())
        .collect();
    println!("the box's heights: {heights:?}");
    assert!(
        heights.windows(2).all(|pair| pair[1] >= pair[0]),
        "the box shrank: {heights:?}"
    );
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_refused_sign_in_posts_one_failed_attempt_and_no_outcome() {
    let s = open_browser().await;
    s.start("login-refused").await;
    s.wait_state("failure").await;
    // A second event (a duplicate, or a challengeOutcome) would be queued with the first.
    let events = s.settled_events(1).await;
    assert_eq!(events.len(), 1, "{events:?}");
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn job_fails_at_a_step() {
    let s = open_browser().await;
    let id = s.start("job-fails").await;
    enter_code(&s, "One-time code", "000000").await;
    s.wait_state("failure").await;
    let text = s.texts("mfa-widget >> .mfa-failure p").await.join(" ");
    assert!(
        text.contains(
            "Your bank took too long to answer. It happened while your bank checked the code."
        ),
        "{text}"
    );
    // The demo page logged the widget's mfa:failure event, with what a host acts on (the code
    // had been sent: no challenge was open when the job failed).
    let log = s.texts("#log li").await.join("\n");
    assert!(
        log.contains(r#"mfa:failure {"reason":"timed_out","#)
            && log.contains(r#""lastStep":"TokenInput""#)
            && log.contains(r#""lastStatus":"Timeout","challenge":null"#),
        "{log}"
    );
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn removing_the_widget_with_a_challenge_open_expires_it() {
    let s = open_browser().await;
    s.start("security-questions").await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    // The challenge counts from its paint (the performance mark the widget sets then).
    s.wait_for_script(
        "return performance.getEntriesByName('mfa:painted:securityQuestions').length > 0",
    )
    .await;
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
    // Redrawn as the seconds pass, with no other reason to draw (no answer, no new job).
    s.wait_for_script(
        "return $('#api-host >> .mfa-countdown')?.innerText.trim() === 'Time left: 0:01';",
    )
    .await;
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
