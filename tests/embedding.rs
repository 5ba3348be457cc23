//! The embedding API end to end: the script tag (include-once, two widgets, a job-id change),
//! `MfaWidget.mount` and its callbacks, configs refused before anything is sent, the page's CSS
//! kept out, locale, theme and string overrides. Real browsers through WebDriver (`MFA_BROWSER`),
//! against the real sandbox over HTTP on 127.0.0.1; run through `cargo xtask test`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
                onReady: d => seen.push('ready:' + (d.jobId === JobID)),
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
    s.wait_for_script("return window.__seen.length >= 4").await;
    let seen = s.execute("return window.__seen;", vec![]).await.unwrap();
    assert_eq!(
        seen,
        json!([
            "ready:true",
            "challenge:tokenCode",
            "event:Success",
            "success"
        ])
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
    assert_eq!(after, json!(["", 4]));
    assert_eq!(
        s.answers(&job_id).await,
        [answer("UpdateJobTokenInput", json!({"TokenInput": "8642"}))]
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
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
            "return [window.__pageErrors, typeof MfaWidget.mount, [...document.querySelectorAll('mfa-widget')].filter(e => e.shadowRoot && e.shadowRoot.querySelector('.mfa-card')).length];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        page,
        json!([[], "function", 2]),
        "loaded twice without an error; one rendered widget per element"
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
    (
        "{jobId: 'j', headers: {'X-Customer-Name': 'Zoë ✓'}}",
        "mfa-widget: `headers.X-Customer-Name` is invalid: a header value must be Latin-1 text without line breaks or NUL",
    ),
    (
        "{jobId: 'j', headers: {'X-Note': 'a\\r\\nX-Injected: 1'}}",
        "mfa-widget: `headers.X-Note` is invalid: a header value must be Latin-1 text without line breaks or NUL",
    ),
    (
        "{jobId: 'j', headers: {'Bad Name': '1'}}",
        "mfa-widget: `headers` is invalid: \"Bad Name\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)",
    ),
];

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn page_rules_for_generic_elements_cannot_move_it() {
    let s = open_browser().await;
    s.start("security-questions").await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    // Rules a page may well have, aimed at whatever generic elements sit in the widget's tag.
    s.execute(
        "const sheet = new CSSStyleSheet();
         sheet.replaceSync('mfa-widget div, mfa-widget section, mfa-widget * { \
           position: absolute !important; left: -9999px !important; display: none !important }');
         document.adoptedStyleSheets = [sheet];",
        vec![],
    )
    .await
    .unwrap();
    let place = s
        .execute(
            "const r = $('mfa-widget >> input[name=\"answer-0\"]').getBoundingClientRect();
             return [r.left, r.width, r.height];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        place[0].as_f64().unwrap() >= 0.0,
        "moved off screen: {place}"
    );
    assert!(
        place[1].as_f64().unwrap() > 100.0 && place[2].as_f64().unwrap() > 10.0,
        "{place}"
    );
    s.close().await;
}

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
async fn back_forward_cache_resumes_the_widget() {
    let s = open_browser().await;
    let id = s.start("security-questions").await;
    wait_questions(&s, &SEED_QUESTIONS).await;
    s.wait_for_script(
        "return performance.getEntriesByName('mfa:painted:securityQuestions').length > 0",
    )
    .await;
    // What the browser fires when the page goes into the back-forward cache and comes back.
    s.execute(
        "window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
         window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));",
        vec![],
    )
    .await
    .unwrap();
    // Leaving ended the challenge for Kount; back, the same questions are a new challenge the
    // user can answer.
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
    s.mount_api("security-questions", json!({}), json!({"cancelable": true}))
        .await;
    s.execute(
        "const seen = window.__seen = [];
         const host = document.getElementById('api-host');
         for (const name of ['mfa:ready', 'mfa:cancel', 'mfa:outcome'])
           host.addEventListener(name, (e) => seen.push(name));",
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
    s.close().await;
}

/// Creates a `pin` job on the session's sandbox and opens `page?job=<id>` there.
async fn open_pin_job(s: &Session, page: &str) {
    let job = s.create_job("pin", 0).await;
    s.client
        .goto(&format!("{}/{page}?job={job}", s.sandbox))
        .await
        .unwrap();
}

/// Enters the PIN of a `pin` job in the widget mounted on `#widget` and waits for success.
/// A page of the test's own: `files` written into a fresh folder served at `/`, with `head`
/// (scripts after the strict CSP every page here has) and `body` in `index.html`, the release
/// bundle at `/dist`. Returns the session and the folder (to remove at the end).
async fn own_page(
    name: &str,
    head: &str,
    body: &str,
    files: &[(&str, &str)],
) -> (Session, std::path::PathBuf) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::env::temp_dir().join(format!("mfa-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&page).unwrap();
    for (file, text) in files {
        std::fs::write(page.join(file), text).unwrap();
    }
    std::fs::write(
        page.join("index.html"),
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:">
<title>{name}</title>
{head}
</head><body>{body}</body></html>"#
        ),
    )
    .unwrap();
    let s = open_browser_serving(page.clone(), root.join("dist"), &[]).await;
    (s, page)
}

/// Opens the own page's `index.html` and waits for the script to have run.
async fn open_own_page(s: &Session) {
    s.client
        .goto(&format!("{}/index.html", s.sandbox))
        .await
        .unwrap();
    s.wait_for_script("return typeof window.MfaWidget === 'object'")
        .await;
}

async fn complete_pin(s: &Session) {
    let input = s.wait_for("#widget >> input[name=token]").await;
    input.send_keys("2468\u{E007}").await.unwrap();
    s.wait_for("#widget >> .mfa-success").await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn the_es_module_works_from_a_module_script_and_from_an_esbuild_bundle() {
    // 1. `<script type="module">` importing dist/mfa-widget.mjs, no bundler.
    let s = open_browser().await;
    open_pin_job(&s, "module.html").await;
    complete_pin(&s).await;
    let module = s.execute("return window.__module;", vec![]).await.unwrap();
    assert_eq!(
        module,
        json!({"sameObject": true, "version": env!("CARGO_PKG_VERSION")})
    );
    s.close().await;

    // 2. A host app bundled by esbuild (target/esm-app, built by `cargo xtask test`), which
    // imports the package by name and finds the wasm beside the bundle.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = root.join("target/esm-app");
    assert!(
        app.join("app.js").exists(),
        "target/esm-app is built by `cargo xtask test`"
    );
    let s = open_browser_serving(app, root.join("dist"), &[]).await;
    open_pin_job(&s, "index.html").await;
    complete_pin(&s).await;
    let bundled = s
        .execute(
            "return [window.__bundled, window.__bundledSuccess];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        bundled,
        json!([{"version": env!("CARGO_PKG_VERSION")}, true])
    );
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_tampered_wasm_is_refused_with_a_clear_error() {
    // A CDN copy of dist/ whose wasm lost one byte's worth of honesty.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cdn = std::env::temp_dir().join(format!("mfa-tampered-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cdn);
    std::fs::create_dir_all(&cdn).unwrap();
    for entry in std::fs::read_dir(root.join("dist")).unwrap().flatten() {
        std::fs::copy(entry.path(), cdn.join(entry.file_name())).unwrap();
    }
    let mut wasm = std::fs::read(cdn.join("mfa-widget_bg.wasm")).unwrap();
    let middle = wasm.len() / 2;
    wasm[middle] ^= 0x01;
    std::fs::write(cdn.join("mfa-widget_bg.wasm"), &wasm).unwrap();
    let s = open_browser_serving(root.join("www"), cdn.clone(), &[]).await;
    open_pin_job(&s, "module.html").await;
    s.wait_for_script("return typeof window.__mountError === 'string'")
        .await;
    let error = s
        .execute("return window.__mountError;", vec![])
        .await
        .unwrap();
    let error = error.as_str().unwrap_or_default();
    // The widget's words, then the engine's own for the refused fetch.
    let refused = match Engine::current() {
        Engine::Chromium => "Failed to fetch",
        Engine::Firefox => "NetworkError when attempting to fetch resource.",
        Engine::WebKit => "Load failed",
    };
    assert!(
        error.contains("cannot load")
            && error.contains("integrity sha384-")
            && error.ends_with(&format!("): {refused}")),
        "{error}"
    );
    assert!(s.find_all("#widget >> .mfa-card").await.is_empty());
    // Not a CSP violation: the page is fine, the file is not.
    s.close().await;
    let _ = std::fs::remove_dir_all(&cdn);
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn one_version_everywhere() {
    let s = open_browser().await;
    s.client.goto(&format!("{}/", s.sandbox)).await.unwrap();
    s.wait_for_script("return typeof window.MfaWidget === 'object'")
        .await;
    let version = s
        .execute("return MfaWidget.version;", vec![])
        .await
        .unwrap();
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("dist/package.json")).unwrap())
            .unwrap();
    assert_eq!(package["version"], env!("CARGO_PKG_VERSION"));
    let script = std::fs::read_to_string(root.join("dist/mfa-widget.js")).unwrap();
    assert!(script.starts_with(&format!("/* mfa-widget {} */", env!("CARGO_PKG_VERSION"))));
    s.close().await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn the_cache_forever_script_loads_with_integrity_and_finds_its_hashed_wasm() {
    // The tag `cargo xtask dist` prints, on a page of its own.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("dist/integrity.json")).unwrap())
            .unwrap();
    let manifest = manifest.as_object().unwrap();
    let (script, hash) = manifest
        .iter()
        .find(|(name, _)| name.ends_with(".js"))
        .expect("a hashed classic script");
    let wasm = manifest
        .keys()
        .find(|name| name.ends_with(".wasm"))
        .expect("a hashed wasm");
    let head = format!(
        r#"<script src="/dist/{script}" integrity="{}" crossorigin="anonymous" defer></script>"#,
        hash.as_str().unwrap()
    );
    let (s, page) = own_page("hashed", &head, r#"<div id="widget"></div>"#, &[]).await;
    let job = s.create_job("pin", 0).await;
    open_own_page(&s).await;
    s.execute(
        "MfaWidget.mount(document.getElementById('widget'), { jobId: arguments[0] });",
        vec![json!(job)],
    )
    .await
    .unwrap();
    complete_pin(&s).await;
    let loaded = s
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);",
            vec![],
        )
        .await
        .unwrap();
    let loaded: Vec<&str> = loaded
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        loaded.contains(&format!("/dist/{wasm}").as_str()),
        "{loaded:?}"
    );
    assert!(!loaded.contains(&"/dist/mfa-widget_bg.wasm"), "{loaded:?}");
    s.close().await;
    let _ = std::fs::remove_dir_all(&page);
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_wasm_trap_turns_every_widget_into_an_error_and_tells_each_host_once() {
    // The release bundle aborts on a panic at once (a trap, no hook): the script's trap net is
    // what the user and the host see. A real trap of the page's instance: the test corrupts the
    // wasm's memory (captured as the script instantiates it), then types into a widget.
    let capture = "window.__errors = []; window.__heard = [];
addEventListener('error', (e) => __errors.push(e.error && e.error.constructor.name));
const keep = (result) => { window.__instance = result.instance || result; return result; };
for (const name of ['instantiateStreaming', 'instantiate']) {
  const original = WebAssembly[name];
  WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
}";
    let (s, page) = own_page(
        "trap",
        r#"<script src="/capture.js"></script>
<script src="/dist/mfa-widget.js" defer></script>"#,
        r#"<mfa-widget id="a"></mfa-widget><div id="b"></div><div id="c"></div>"#,
        &[("capture.js", capture)],
    )
    .await;
    let (job_a, job_b) = (s.create_job("pin", 0).await, s.create_job("pin", 0).await);
    open_own_page(&s).await;
    s.execute(
        "const [a, b] = [document.getElementById('a'), document.getElementById('b')];
         for (const host of [a, b]) host.addEventListener('mfa:error', (e) =>
           __heard.push(host.id + ' ' + e.detail.jobId + ' ' + e.detail.message));
         a.setAttribute('job-id', arguments[0]);
         MfaWidget.mount(b, { jobId: arguments[1],
           onError: (d) => __heard.push('onError ' + d.jobId + ' ' + d.message) });",
        vec![json!(job_a), json!(job_b)],
    )
    .await
    .unwrap();
    s.wait_for("#a >> input").await;
    s.wait_for("#b >> input").await;
    let corrupt_then_type = "
        // By its tag, not `instanceof`: Firefox runs WebDriver scripts in a realm of their own.
        const memory = Object.values(__instance.exports)
          .find((v) => Object.prototype.toString.call(v) === '[object WebAssembly.Memory]');
        new Uint8Array(memory.buffer).fill(0xff);
        const input = $('#a >> input');
        input.value = '1';
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));";
    s.execute(corrupt_then_type, vec![]).await.unwrap();
    s.wait_for_script("return __heard.length >= 3").await;
    // The broken instance is never entered again: the widgets' poll timers (due every 3 s
    // while the user types) used to call into it and trap again; nobody hears of it twice.
    tokio::time::sleep(std::time::Duration::from_millis(4_000)).await;
    let seen = s
        .execute_async(
            "const done = arguments[arguments.length - 1];
             MfaWidget.mount(document.getElementById('c'), { jobId: 'x' })
               .then(() => 'mounted', (e) => e.message)
               .then((refused) => done({ heard: __heard, errors: __errors,
                 texts: ['#a', '#b'].map((h) => { const c = $(h + ' >> [role=alert]');
                   return c && c.textContent; }),
                 refused }));",
            vec![],
        )
        .await
        .unwrap();
    let mut heard: Vec<&str> = seen["heard"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    heard.sort();
    assert_eq!(
        heard,
        [
            format!("a {job_a} internal error"),
            format!("b {job_b} internal error"),
            format!("onError {job_b} internal error"),
        ],
        "{seen}"
    );
    assert_eq!(
        seen["errors"],
        json!(["RuntimeError"]),
        "one real wasm trap, and the wasm not entered after it: {seen}"
    );
    let message = "Something went wrong in this window. Please reload the page.";
    assert_eq!(seen["texts"], json!([message, message]), "{seen}");
    assert_eq!(
        seen["refused"],
        "mfa-widget: stopped after an internal error; reload the page"
    );
    s.close().await;
    let _ = std::fs::remove_dir_all(&page);
}

/// A module that traps as soon as its one function runs (`(func (export "f") unreachable)`),
/// compiled from bytes as an inlined wasm of another library is: Chromium names it
/// `wasm://wasm/<hash>` in stacks, WebKit names no URL at all.
const FOREIGN_TRAP: &str = "const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96,
  0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
window.__foreign = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f;";

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn another_librarys_wasm_trap_leaves_every_widget_alone() {
    let (s, page) = own_page(
        "foreign-trap",
        r#"<script src="/dist/mfa-widget.js" defer></script>"#,
        r#"<div id="widget"></div><div id="later"></div>"#,
        &[],
    )
    .await;
    let (job, later) = (s.create_job("pin", 0).await, s.create_job("pin", 0).await);
    open_own_page(&s).await;
    s.execute(
        "window.__heard = [];
         const host = document.getElementById('widget');
         host.addEventListener('mfa:error', (e) => __heard.push(e.detail.message));
         MfaWidget.mount(host, { jobId: arguments[0], onError: (d) => __heard.push(d.message) })
           .then((handle) => { window.__handle = handle; });",
        vec![json!(job)],
    )
    .await
    .unwrap();
    s.wait_for("#widget >> input[name=token]").await;
    // The other library's traps reach the page from a timer and from a promise.
    s.execute_async(
        &format!(
            "{FOREIGN_TRAP}
             const done = arguments[arguments.length - 1];
             setTimeout(() => __foreign(), 0);
             Promise.resolve().then(() => __foreign());
             setTimeout(done, 300);"
        ),
        vec![],
    )
    .await
    .unwrap();
    // Still a working widget: it answers, and the page can mount another.
    complete_pin(&s).await;
    s.execute(
        "MfaWidget.mount(document.getElementById('later'), { jobId: arguments[0] })
           .then((handle) => { window.__later = handle; });",
        vec![json!(later)],
    )
    .await
    .unwrap();
    s.wait_for("#later >> input[name=token]").await;
    let heard = s.execute("return window.__heard;", vec![]).await.unwrap();
    assert_eq!(heard, json!([]), "nobody was told of an error of ours");
    // destroy() still stops a widget: a live one reads the job at once when the browser says
    // it is online again; a destroyed one reads nothing.
    let probe = "const [destroy, done] = arguments;
         const real = window.fetch;
         let reads = 0;
         window.fetch = (input, init) => { reads += 1; return real(input, init); };
         (destroy ? __later.destroy() : Promise.resolve()).then(() => {
           window.dispatchEvent(new Event('online'));
           setTimeout(() => { window.fetch = real; done(reads); }, 500);
         });";
    let mut live = 0;
    for _ in 0..5 {
        // (A read of its own may be under way; then the wake-up waits for it.)
        live = s
            .execute_async(probe, vec![json!(false)])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0);
        if live > 0 {
            break;
        }
    }
    assert!(live >= 1, "the probe sees a live widget read");
    let destroyed = s.execute_async(probe, vec![json!(true)]).await.unwrap();
    assert_eq!(destroyed, json!(0), "a destroyed widget reads nothing");
    s.close().await;
    let _ = std::fs::remove_dir_all(&page);
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn an_element_named_mfa_widget_does_not_stop_the_script() {
    // Named access: `<div id="MfaWidget">` is `window.MfaWidget` until the script defines it.
    let (s, page) = own_page(
        "named",
        r#"<script src="/dist/mfa-widget.js" defer></script>"#,
        r#"<div id="MfaWidget" hidden></div><div id="widget"></div>"#,
        &[],
    )
    .await;
    let job = s.create_job("pin", 0).await;
    open_own_page(&s).await;
    s.execute_async(
        "const done = arguments[arguments.length - 1];
         customElements.whenDefined('mfa-widget').then(() =>
           MfaWidget.mount(document.getElementById('widget'), { jobId: arguments[0] }))
           .then(() => done());",
        vec![json!(job)],
    )
    .await
    .unwrap();
    complete_pin(&s).await;
    s.close().await;
    let _ = std::fs::remove_dir_all(&page);
}

/// The page surface an entry offers: `MfaWidget`'s members with their types, and what
/// `diagnostics()` reports (or the error it rejects with).
async fn api_shape(s: &Session) -> serde_json::Value {
    s.wait_for_script("return typeof window.MfaWidget === 'object'")
        .await;
    s.execute_async(
        "const done = arguments[arguments.length - 1];
         const members = Object.keys(MfaWidget).sort().map((k) => k + ':' + typeof MfaWidget[k]);
         MfaWidget.diagnostics().then(
           (d) => done({ members, diagnostics: Object.keys(d).sort() }),
           (e) => done({ members, diagnostics: 'rejected: ' + e }));",
        vec![],
    )
    .await
    .unwrap()
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn both_entries_offer_the_same_api() {
    let s = open_browser().await;
    s.client.goto(&format!("{}/", s.sandbox)).await.unwrap();
    let script = api_shape(&s).await;
    open_pin_job(&s, "module.html").await;
    s.wait_for("#widget >> input[name=token]").await;
    let module = api_shape(&s).await;
    assert_eq!(
        script,
        json!({
            "members": ["diagnostics:function", "mount:function", "version:string"],
            "diagnostics": ["appRoots", "jsValuesHeld", "wasmMemoryBytes"]
        })
    );
    assert_eq!(module, script, "the ES module offers what the script does");
    s.close().await;
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
