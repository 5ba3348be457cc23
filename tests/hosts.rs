//! Real hosts cannot break it: what integrators' pages, gateways and browsers do that our own
//! pages never did (issue 29): a host that drops the handle `mount` gave it and lets the
//! garbage collector run, a `fetch` wrapper that throws, config getters and callbacks that
//! throw, a gateway that redirects, a `pagehide` dispatched by page script. Each engine
//! (`MFA_BROWSER`), against the sandbox over HTTP; run through `cargo xtask test`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use std::time::Duration;
use support::*;

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
    complete_questions_in_api_host(&s).await;
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
    complete_questions_in_api_host(&s).await;
    assert_eq!(s.answers(&id).await.len(), 1);
    s.assert_events(&[("SecretQuestion", SUCCESS, None)]).await;
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
    complete_questions_in_api_host(&s).await;
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
