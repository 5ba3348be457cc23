//! Accessibility: axe-core (WCAG 2.1 A/AA rules) in each engine (`MFA_BROWSER`) against every state of
//! the widget, inside its shadow root, with zero violations; and a keyboard-only pass through a
//! whole token flow. Run through `cargo xtask test` (axe-core comes from tools/, pinned).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use serde_json::{json, Value};
use std::time::Duration;
use support::*;

/// Runs axe-core on the widget in `host` and returns its violations (id and nodes).
async fn axe_violations(s: &Session, host: &str) -> Value {
    let axe_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tools/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask tools`)", axe_path.display()));
    // WebDriver scripts are not subject to the page's CSP, so axe can be injected as is.
    s.execute(&format!("if (!window.axe) {{ {axe} }}"), vec![])
        .await
        .unwrap();
    s.execute_async(
        "const [host, done] = arguments;
         axe.run(document.querySelector(host), { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
           .then(r => done(r.violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.html) }))))
           .catch(e => done([{ id: 'axe-error', nodes: [String(e)] }]));",
        vec![json!(host)],
    )
    .await
    .unwrap()
}

async fn assert_accessible(s: &Session, host: &str, state: &str) {
    let violations = axe_violations(s, host).await;
    assert_eq!(violations, json!([]), "axe violations in state {state}");
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn every_state_passes_axe_in_both_themes() {
    let s = open_browser().await;
    for theme in ["light", "dark"] {
        every_state_passes_axe(&s, theme).await;
    }
    s.close().await;
}

/// Every state of the widget in `theme`, audited (a page the theme is set on, so the audit
/// does not depend on the system's colour scheme). Each audit checks the state it names is on
/// screen before and after it: a state that passed by during the audit fails the test.
async fn every_state_passes_axe(s: &Session, theme: &str) {
    let start = |scenario: &str| format!("scenario={scenario}&delay={BANK_DELAY_MS}&theme={theme}");
    let audit = |host: &'static str, state: &'static str, shown: String| async move {
        let on_screen = || async { !s.find_all(&shown).await.is_empty() };
        s.wait_for(&shown).await;
        assert_accessible(s, host, &format!("{state} ({theme})")).await;
        assert!(
            on_screen().await,
            "{state} ({theme}) ended during its audit"
        );
    };
    let card = |host: &str, state: &str| format!("{host} >> .mfa-card[data-state=\"{state}\"]");
    // The bank logs in for 4 s: the waiting card stays that long.
    s.start_query(&format!("scenario=multi-step&delay=4000&theme={theme}"))
        .await;
    audit("mfa-widget", "waiting", card("mfa-widget", "waiting")).await;
    // The multi-step scenario visits captcha, questions, methods, code, success.
    s.start_query(&start("multi-step")).await;
    s.wait_state("captcha").await;
    audit("mfa-widget", "captcha", card("mfa-widget", "captcha")).await;
    s.type_into("mfa-widget >> input[name=captcha]", "4821")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
    let questions = card("mfa-widget", "securityQuestions");
    audit("mfa-widget", "securityQuestions", questions).await;
    s.type_into("mfa-widget >> input[name=\"answer-0\"]", "a")
        .await;
    s.type_into("mfa-widget >> input[name=\"answer-1\"]", "b")
        .await;
    s.click("mfa-widget >> .mfa-submit").await;
    let methods = card("mfa-widget", "tokenMethods");
    audit("mfa-widget", "tokenMethods", methods).await;
    s.click("mfa-widget >> input[type=radio]").await;
    s.click("mfa-widget >> .mfa-submit").await;
    audit("mfa-widget", "tokenCode", card("mfa-widget", "tokenCode")).await;
    s.type_into("mfa-widget >> input[name=token]", "123456\u{E007}")
        .await;
    audit("mfa-widget", "success", card("mfa-widget", "success")).await;

    for (scenario, state) in [
        ("verify-phone", "verifyPhone"),
        ("bad-captcha", "captcha"),
        ("job-fails", "tokenCode"),
    ] {
        s.start_query(&start(scenario)).await;
        audit("mfa-widget", state, card("mfa-widget", state)).await;
    }
    s.type_into("mfa-widget >> input[name=token]", "1\u{E007}")
        .await;
    audit("mfa-widget", "failure", card("mfa-widget", "failure")).await;

    // Notices: a refused answer (with aria-invalid inputs), reconnecting, session expired.
    s.mount_api("pin", json!({"answers": ["-1"]}), json!({"theme": theme}))
        .await;
    s.type_into("#api-host >> input[name=token]", "1\u{E007}")
        .await;
    let rejected = "#api-host >> input[aria-invalid=true]".to_string();
    audit("#api-host", "rejected", rejected).await;
    // One 503 once the code is asked for, then a backoff of 5 to 20 s (full jitter): the
    // reconnecting notice stays through the audit.
    let config = json!({"poll": {"waitingMs": 100, "userTurnMs": 100, "errorBaseMs": 20000,
        "errorCapMs": 20000, "reconnectNoticeMs": 50}, "theme": theme});
    s.mount_api("pin", json!({"reads": ["ok", "ok", "ok", "503"]}), config)
        .await;
    audit(
        "#api-host",
        "reconnecting",
        "#api-host >> .mfa-retry".into(),
    )
    .await;
    s.mount_api("pin", json!({"reads": ["401"]}), json!({"theme": theme}))
        .await;
    let expired = "#api-host >> .mfa-notice".to_string();
    audit("#api-host", "sessionExpired", expired).await;
}

/// Presses and releases each key in turn on WebDriver's keyboard, which types into whatever
/// has the focus, as a keyboard does (not into an element the test picks).
async fn press(s: &Session, keys: &str) {
    let mut keyboard = KeyActions::new("keyboard".into());
    for key in keys.chars() {
        keyboard = keyboard
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
    }
    s.client.perform_actions(keyboard).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn keyboard_alone_completes_a_token_flow() {
    let s = open_browser().await;
    let id = s.start("token").await;
    s.wait_state("tokenMethods").await;
    s.wait_heading_focused("mfa-widget").await;
    // Focus is on the heading of the new challenge; Tab reaches the first method, the arrow
    // key the second, Space selects it, Tab the button, Enter sends.
    press(&s, TAB).await;
    press(&s, "\u{E015}").await; // ArrowDown
    press(&s, " ").await;
    press(&s, TAB).await;
    press(&s, ENTER).await;
    s.wait_state("tokenCode").await;
    s.wait_heading_focused("mfa-widget").await;
    press(&s, TAB).await;
    press(&s, "246810").await;
    press(&s, ENTER).await;
    s.wait_state("success").await;
    let answers = s.answers(&id).await;
    assert_eq!(
        answers[0].1,
        json!({"TokenChoice": "Send verification code by voice call to ***-***-3800"})
    );
    assert_eq!(answers[1].1, json!({"TokenInput": "246810"}));
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn the_axe_harness_does_report_violations() {
    // Guard against a harness that cannot fail: an unlabelled input must be reported.
    let s = open_browser().await;
    s.client.goto(&format!("{}/", s.sandbox)).await.unwrap();
    s.execute("const d = document.createElement('div'); d.id = 'bad'; d.innerHTML = '<input type=text>'; document.body.append(d);", vec![])
        .await
        .unwrap();
    let violations = axe_violations(&s, "#bad").await;
    let ids: Vec<&str> = violations
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert!(ids.contains(&"label"), "{violations}");
    s.close().await;
}

/// Mounts a widget with `config` on security questions and waits for them; the card's `lang`.
async fn questions_card_lang(s: &Session, config: Value) -> Value {
    s.mount_api("security-questions", json!({}), config).await;
    s.wait_for("#api-host >> input[name=\"answer-0\"]").await;
    s.execute(
        "return $('#api-host >> .mfa-card').getAttribute('lang')",
        vec![],
    )
    .await
    .unwrap()
}

/// WCAG 3.1.2: the widget says which language it speaks (`lang` on its root), and speaks only
/// that one: every line of the card is the locale's own words or the bank's.
#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn every_locale_shows_only_its_own_words_and_says_which() {
    use mfa_widget::core::pairs::Pairs;
    use mfa_widget::core::strings::{Locale, Strings, Text};
    let english = Strings::default();
    let s = open_browser().await;
    // (the config's locale, what is shown): no locale is `auto`, and these browsers read English.
    for (wanted, locale) in [
        (None, Locale::English),
        (Some("es-MX"), Locale::Spanish),
        (Some("fr-CA"), Locale::French),
        (Some("fr-FR"), Locale::French),
    ] {
        let strings = Strings::new(locale, &Pairs::default()).unwrap();
        let config = match wanted {
            Some(tag) => json!({"locale": tag, "cancelable": true}),
            None => json!({"cancelable": true}),
        };
        let lang = questions_card_lang(&s, config).await;
        assert_eq!(lang, json!(locale.tag()), "{wanted:?}");
        assert_eq!(
            s.text("#api-host >> .mfa-heading").await,
            strings.get(Text::QuestionsHeading)
        );
        // Every line of the card is the bank's (its questions) or this locale's.
        let card = s.text("#api-host >> .mfa-card").await;
        for line in card.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let ours = Text::ALL.iter().any(|t| strings.get(*t) == line);
            let bank = SEED_QUESTIONS.iter().any(|q| line.contains(q));
            assert!(ours || bank, "{wanted:?}: {line:?} is not the locale's");
            if locale != Locale::English {
                assert!(
                    !Text::ALL.iter().any(|t| english.get(*t) == line),
                    "{wanted:?}: {line:?} is left in English"
                );
            }
        }
    }
    s.close().await;
}

/// `locale: "auto"` (the default) speaks the browser's language: a user whose browser reads
/// Canadian French first gets French without the host saying so (the browser's setting, not
/// the config: a switch in Chromium, a preference in Firefox, the environment in WebKitGTK).
#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn auto_locale_follows_the_browser_language() {
    use mfa_widget::core::pairs::Pairs;
    use mfa_widget::core::strings::{Locale, Strings, Text};
    let s = open_browser_speaking("fr-CA").await;
    let languages = s
        .execute("return navigator.languages", vec![])
        .await
        .unwrap();
    assert_eq!(languages[0], json!("fr-CA"), "{languages}");
    let lang = questions_card_lang(&s, json!({})).await;
    assert_eq!(lang, json!("fr-CA"));
    let french = Strings::new(Locale::French, &Pairs::default()).unwrap();
    assert_eq!(
        s.text("#api-host >> .mfa-heading").await,
        french.get(Text::QuestionsHeading)
    );
    s.close().await;
}
