//! A widget's life on the page, end to end: moved (not closed), removed as its challenge is
//! painted, left for the back-forward cache and back, cancelled, restarted by each attribute
//! that changes its session, redrawn in place by a new look. Real browsers through WebDriver (`MFA_BROWSER`), against the real
//! sandbox over HTTP on 127.0.0.1; run through `cargo xtask test`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use std::time::Duration;
use support::*;

/// Opens the demo on a security-questions job and types the first answer; the job's id.
async fn questions_with_first_answer_typed(s: &Session) -> String {
    let id = s.start("security-questions").await;
    wait_questions(s, &SEED_QUESTIONS).await;
    s.type_into("mfa-widget >> input[name=\"answer-0\"]", "blue")
        .await;
    id
}

/// Types the second answer and sends both: the job receives them once, and Kount hears of one
/// challenge, passed (nothing before ended it).
async fn finish_questions_as_one_success(s: &Session, id: &str) {
    s.type_into("mfa-widget >> input[name=\"answer-1\"]", "apple")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
    s.wait_state("success").await;
    assert_eq!(
        s.answers(id).await,
        [answer(
            "UpdateJobSecurityAnswer",
            json!({"SecurityAnswer": "[\"blue\",\"apple\"]"})
        )]
    );
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn moving_the_element_is_not_closing_it() {
    let s = open_browser().await;
    let id = questions_with_first_answer_typed(&s).await;
    // A modal opening or a layout change re-parents the element within one task.
    s.execute(
        "const box = document.createElement('div');
         document.body.append(box);
         box.append(document.querySelector('mfa-widget'));",
        vec![],
    )
    .await
    .unwrap();
    s.wait_for_script(
        "return document.querySelector('mfa-widget').parentElement !== document.body \
           && $('mfa-widget >> input[name=\"answer-0\"]')?.value === 'blue'",
    )
    .await;
    // One challenge, passed: no ExpiredSession for the move.
    finish_questions_as_one_success(&s, &id).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn removed_in_the_frame_that_paints_its_challenge_it_still_ends_it() {
    let s = open_browser().await;
    // The host takes the widget out of the page in the very frame that paints its first
    // challenge, after the widget's own frame callback: when the widget then looks at where
    // that frame went, it is out of the document, neither seen nor hidden. The host was told
    // of the challenge, so Kount hears how it ended (a copy in a hidden block would not).
    mount_js(
        &s,
        "security-questions",
        json!({}),
        "const frame = window.requestAnimationFrame.bind(window);
         window.__told = 0;
         window.requestAnimationFrame = (callback) => frame((time) => {
           callback(time);
           const box = el.querySelector('mfa-widget-box');
           if (box && box.shadowRoot && box.shadowRoot.querySelector('input[name=\"answer-0\"]')) el.remove();
         });",
        "{ onChallenge: () => { window.__told += 1; } }",
        false,
    )
    .await;
    s.wait_for_script("return !document.getElementById('api-host') && window.__told === 1")
        .await;
    s.assert_events(&[("SecretQuestion", FAILED, Some("ExpiredSession"))])
        .await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn leaving_the_page_closes_the_challenge_and_coming_back_goes_on() {
    let s = open_browser().await;
    let id = s.create_job("security-questions", BANK_DELAY_MS).await;
    // The page shows this job each time it loads (a load without the back-forward cache
    // starts a new widget on the same job).
    s.show_job(&id).await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    s.wait_for_script(
        "return performance.getEntriesByName('mfa:painted:securityQuestions').length > 0",
    )
    .await;
    s.execute("window.__stayed = true;", vec![]).await.unwrap();
    // Away to another page and back, as a user goes: the browser's own pagehide and pageshow
    // (page script cannot dispatch them: `a_pagehide_from_page_script_ends_nothing`).
    s.client
        .goto(&format!("{}/sandbox/scenarios", s.sandbox))
        .await
        .unwrap();
    s.client.back().await.unwrap();
    s.wait_for("mfa-widget >> .mfa-card").await;
    let cached = s
        .execute("return window.__stayed === true;", vec![])
        .await
        .unwrap();
    println!("back from the back-forward cache: {cached}");
    // Leaving ended the challenge for Kount; back (from the cache, or loaded again), the same
    // questions are a new challenge the user can answer.
    s.settled_events(1).await;
    answer_questions(&s, &SEED_QUESTIONS, &["blue", "apple"]).await;
    s.wait_state("success").await;
    assert_eq!(s.answers(&id).await.len(), 1);
    s.assert_events(&[
        ("SecretQuestion", FAILED, Some("ExpiredSession")),
        ("SecretQuestion", SUCCESS, None),
    ])
    .await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn cancel_ends_the_challenge_and_tells_the_host_once() {
    let s = open_browser().await;
    let id = s
        .mount_api("security-questions", json!({}), json!({"cancelable": true}))
        .await;
    s.execute(
        "const seen = window.__seen = [];
         const details = window.__details = {};
         const host = document.getElementById('api-host');
         for (const name of ['mfa:ready', 'mfa:cancel', 'mfa:outcome'])
           host.addEventListener(name, (e) => { seen.push(name); details[name] = e.detail; });",
        vec![],
    )
    .await
    .unwrap();
    s.wait_for("#api-host >> input[name=\"answer-0\"]").await;
    s.click("#api-host >> .mfa-cancel").await;
    let notice = s.wait_for("#api-host >> .mfa-notice").await;
    assert_eq!(
        notice.text().await.unwrap(),
        "You cancelled the verification."
    );
    assert!(s
        .find_all("#api-host >> form, .mfa-cancel")
        .await
        .is_empty());
    s.assert_events(&[("SecretQuestion", FAILED, Some("ExpiredSession"))])
        .await;
    // mfa:ready may have fired before the listeners were added (at the first paint).
    let seen = s
        .execute(
            "return window.__seen.filter(n => n !== 'mfa:ready');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(seen, json!(["mfa:outcome", "mfa:cancel"]), "each once");
    // Where the user left, and which widget: what a host's support asks for.
    let cancel = s
        .execute("return window.__details['mfa:cancel'];", vec![])
        .await
        .unwrap();
    assert_eq!(cancel["jobId"], id.as_str(), "{cancel}");
    assert_eq!(cancel["challenge"], "securityQuestions", "{cancel}");
    let session = cancel["widgetSessionId"].as_str().unwrap_or_default();
    assert!(
        session.len() == 36 && session.chars().nth(14) == Some('4'),
        "a UUID v4: {cancel}"
    );
    assert!(
        cancel.get("lastStep").is_some() && cancel.get("lastStatus").is_some(),
        "{cancel}"
    );
    // onCancel once, and nothing after it: the widget stopped reading the job.
    let callbacks = s
        .execute("return window.__callbacks.map(([name]) => name);", vec![])
        .await
        .unwrap();
    assert_eq!(callbacks, json!(["cancel"]));
    let reads = s.job_log(&id).await["readAttempts"].clone();
    assert_eq!(s.reads_on_wake_up().await, 0, "no read after Cancel");
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    assert_eq!(
        s.job_log(&id).await["readAttempts"],
        reads,
        "no read after Cancel"
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn each_attribute_that_changes_the_session_restarts_it() {
    // README: only what changes the session (job-id, the URLs, the Kount ids) restarts the
    // widget; theme and locale redraw in place (the test below).
    for (attribute, value) in [
        ("events-url", "/kount/events?failures=0"),
        ("kount-client-id", "900901"),
        ("session-id", "e232fb3321545ed9db0e9bbfddaa8f87"),
        ("user-id", "another-user"),
        ("user-type", "business"),
    ] {
        let s = open_browser().await;
        questions_with_first_answer_typed(&s).await;
        s.execute(
            "document.querySelector('mfa-widget').setAttribute(arguments[0], arguments[1]);",
            vec![json!(attribute), json!(value)],
        )
        .await
        .unwrap();
        // A new session: the form starts empty, and the open challenge ended for the old one
        // (with the old ids) as the widget's end.
        s.wait_for_script(
            "const input = $('mfa-widget >> input[name=\"answer-0\"]');
             return input !== null && input.value === '';",
        )
        .await;
        s.assert_events(&[("SecretQuestion", FAILED, Some("ExpiredSession"))])
            .await;
        s.close().await;
    }
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_new_theme_or_locale_redraws_in_place() {
    let s = open_browser().await;
    let id = questions_with_first_answer_typed(&s).await;
    // A dark-mode toggle and a language picker on the host page.
    s.execute(
        "const w = document.querySelector('mfa-widget');
         w.setAttribute('theme', 'dark');
         w.setAttribute('locale', 'es');",
        vec![],
    )
    .await
    .unwrap();
    s.wait_for_script(
        "return $('mfa-widget >> .mfa-heading')?.textContent === 'Responda sus preguntas de seguridad'",
    )
    .await;
    let kept = s
        .execute(
            "return [$('mfa-widget >> input[name=\"answer-0\"]').value,
                     getComputedStyle($('mfa-widget >> .mfa-card')).backgroundColor];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        kept,
        json!(["blue", "rgb(22, 27, 34)"]),
        "typed text kept, dark theme"
    );
    // One challenge, answered: the redraw told Kount nothing.
    finish_questions_as_one_success(&s, &id).await;
    s.close().await;
}
