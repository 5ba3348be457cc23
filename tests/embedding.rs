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
                      el.addEventListener('mfa:error', e => {{ event = e.detail; }});
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
        // The key at fault is the first one the message names.
        let key = message.split('`').nth(1);
        let mut detail = json!({"code": "config_invalid", "fatal": true, "message": message});
        if let Some(key) = key {
            detail["key"] = json!(key);
        }
        if let Some(job) = config
            .strip_prefix("{jobId: '")
            .and_then(|c| c.split('\'').next())
        {
            detail["jobId"] = json!(job);
        }
        assert_eq!(result, json!([message, detail, "", []]), "{config}");
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
        "mfa-widget: `poll.waitingMs` is invalid: expected a number, got \"fast\"",
    ),
    (
        "{jobId: 'j', credentials: 'always'}",
        "mfa-widget: `credentials` is invalid: expected one of `omit`, `same-origin`, `include`, got \"always\"",
    ),
    (
        "{jobId: 'j', onEvent: 'not a function'}",
        "mfa-widget: `onEvent` is invalid: expected a function, got \"not a function\"",
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
    // `mount()` into a host `<div>`: the widget's box is the host's child, where a page's rules
    // for generic elements would select a `<div>` or `<section>` box.
    s.mount_api("security-questions", json!({}), json!({}))
        .await;
    s.wait_for("#api-host >> input[name=\"answer-0\"]").await;
    s.execute(
        "const sheet = new CSSStyleSheet();
         sheet.replaceSync('#api-host div, #api-host section, #api-host form, #api-host input { \
           position: absolute !important; left: -9999px !important; width: 0 !important; \
           height: 0 !important; overflow: hidden !important }');
         document.adoptedStyleSheets = [sheet];",
        vec![],
    )
    .await
    .unwrap();
    let place = s
        .execute(
            "const host = $('#api-host').getBoundingClientRect();
             const box = $('#api-host > *').getBoundingClientRect();
             const input = $('#api-host >> input[name=\"answer-0\"]').getBoundingClientRect();
             return {box: [box.left - host.left, box.width], input: [input.left, input.width, input.height],
                     tag: $('#api-host > *').localName};",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(place["tag"], "mfa-widget-box", "{place}");
    assert!(
        place["box"][0].as_f64() == Some(0.0) && place["box"][1].as_f64().unwrap() > 100.0,
        "the box moved or shrank: {place}"
    );
    assert!(
        place["input"][0].as_f64().unwrap() >= 0.0,
        "moved off screen: {place}"
    );
    assert!(
        place["input"][1].as_f64().unwrap() > 100.0 && place["input"][2].as_f64().unwrap() > 10.0,
        "{place}"
    );
    s.close().await;
}
