//! How the widget loads into a page, end to end: the ES module (from a module script and an
//! esbuild bundle), the cache-forever script with Subresource Integrity and README's preload,
//! a tampered wasm, one version everywhere, an element named like the global, and both
//! entries' API. Real browsers through WebDriver (`MFA_BROWSER`), against the
//! real sandbox over HTTP on 127.0.0.1; run through `cargo xtask test`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::*;
/// Creates a `pin` job on the session's sandbox and opens `page?job=<id>` there.
async fn open_pin_job(s: &Session, page: &str) {
    let job = s.create_job("pin", 0).await;
    s.client
        .goto(&format!("{}/{page}?job={job}", s.sandbox))
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn the_es_module_and_the_commonjs_entry_work_from_a_page_and_esbuild_bundles() {
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

    // 2. A host app bundled by esbuild as an ES module (target/esm-app, built by `cargo xtask
    // test`), which imports the package by name and finds the wasm beside the bundle.
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
    // Imported but not used: the wasm is not asked for (a bundle may not have copied it).
    let wasm_requests = "return performance.getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.wasm')).length;";
    s.client
        .goto(&format!("{}/index.html?mount=0", s.sandbox))
        .await
        .unwrap();
    s.wait_for_script("return !!window.__bundled").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(s.execute(wasm_requests, vec![]).await.unwrap(), json!(0));

    // 3. The same app as esbuild's default IIFE, where `import.meta.url` is empty, and 4. the
    // app written as CommonJS, `require("mfa-widget")` (the package's CommonJS entry): loading
    // never throws; a mount that does not say where the wasm is fails naming `wasmUrl`, and
    // asks for no wasm; one that does works.
    for page in ["iife.html", "require.html"] {
        open_pin_job(&s, page).await;
        s.wait_for_script("return typeof window.__mountError === 'string'")
            .await;
        let seen = s
            .execute("return [window.__mountError, window.__bundled];", vec![])
            .await
            .unwrap();
        assert_eq!(seen[1], json!({"version": env!("CARGO_PKG_VERSION")}));
        let error = seen[0].as_str().unwrap_or_default();
        assert!(
            error.starts_with("wasm_load_failed: ") && error.contains("`wasmUrl`"),
            "{page}: {error}"
        );
        assert_eq!(s.execute(wasm_requests, vec![]).await.unwrap(), json!(0));
        let job = s.create_job("pin", 0).await;
        let with_wasm = format!("{}/{page}?job={job}&wasm=/mfa-widget_bg.wasm", s.sandbox);
        s.client.goto(&with_wasm).await.unwrap();
        complete_pin(&s).await;
    }
    s.close().await;
}

/// A phone's slow wasm (held back 1.5 s by the page's `fetch`) and a slow first job read, on a
/// page of `body` where `start` (JS, the job id its argument) starts a widget inside `host` (a
/// selector): the script's own card is there at once, and the wasm's first card takes its
/// place without moving the paragraph `#below`; then the PIN flow completes.
async fn loading_card_then_the_wasm(name: &str, body: &str, host: &str, start: &str) {
    let slow_wasm = "const real = window.fetch;
      window.fetch = (input, init) => String(input).includes('.wasm')
        ? new Promise((resolve) => setTimeout(resolve, 1500)).then(() => real(input, init))
        : real(input, init);";
    let (s, page) = own_page(
        name,
        r#"<script src="/slow_wasm.js"></script><script src="/dist/mfa-widget.js" defer></script>"#,
        body,
        &[("slow_wasm.js", slow_wasm)],
    )
    .await;
    let job = s
        .post_json(
            "/sandbox/jobs",
            &json!({"scenario": "pin", "bankDelayMs": 0, "faults": {"reads": ["slow:1500"]}}),
        )
        .await["JobID"]
        .as_str()
        .unwrap()
        .to_string();
    open_own_page(&s).await;
    s.execute(start, vec![json!(job)]).await.unwrap();
    let layout = format!(
        "const cards = $$('{host} >> .mfa-card');
         return {{ cards: cards.length, busy: cards.filter((c) => c.getAttribute('aria-busy') === 'true').length,
           spinner: !!$('{host} >> .mfa-spinner'), state: cards[0] && cards[0].dataset.state,
           below: Math.round(document.getElementById('below').getBoundingClientRect().top) }};"
    );
    let card = s.execute(&layout, vec![]).await.unwrap();
    assert_eq!(
        (
            &card["cards"],
            &card["busy"],
            &card["spinner"],
            &card["state"]
        ),
        (&json!(1), &json!(1), &json!(true), &json!("loading")),
        "the script's card, before the wasm has come: {card}"
    );
    s.wait_for_script(&format!(
        "return $$('{host} >> .mfa-card').length === 1 && !$('{host} >> .mfa-card[aria-busy]')"
    ))
    .await;
    let drawn = s.execute(&layout, vec![]).await.unwrap();
    assert_eq!(
        (&drawn["cards"], &drawn["state"], &drawn["below"]),
        (&json!(1), &json!("loading"), &card["below"]),
        "the wasm's first card in its place, nothing below moved: {drawn}"
    );
    let input = s.wait_for(&format!("{host} >> input[name=token]")).await;
    input.send_keys("2468\u{E007}").await.unwrap();
    s.wait_for(&format!("{host} >> .mfa-success")).await;
    s.close().await;
    let _ = std::fs::remove_dir_all(&page);
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn the_element_shows_a_loading_card_until_the_wasm_draws_in_its_place() {
    loading_card_then_the_wasm(
        "loading-card-element",
        r#"<mfa-widget id="w"></mfa-widget><p id="below">Below the widget</p>"#,
        "mfa-widget",
        "document.getElementById('w').setAttribute('job-id', arguments[0]);",
    )
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_mount_shows_a_loading_card_until_the_wasm_draws_in_its_place() {
    loading_card_then_the_wasm(
        "loading-card-mount",
        r#"<div id="widget"></div><p id="below">Below the widget</p>"#,
        "#widget",
        "MfaWidget.mount(document.getElementById('widget'), { jobId: arguments[0] });",
    )
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn a_tampered_wasm_is_refused_with_a_clear_error() {
    // A CDN copy of dist/ whose wasm lost one byte's worth of honesty.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cdn = cdn_copy("tampered", |_| true);
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
    let code = s
        .execute("return window.__mountErrorCode;", vec![])
        .await
        .unwrap();
    assert_eq!(code, json!("wasm_load_failed"));
    assert!(s.find_all("#widget >> .mfa-card").await.is_empty());
    // Not a CSP violation: the page is fine, the file is not.
    s.close().await;
    let _ = std::fs::remove_dir_all(&cdn);
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn wasm_url_fetches_the_wasm_from_where_the_page_says() {
    // README: `wasmUrl` when the wasm is served elsewhere than beside the script; its
    // integrity is still checked, and a wrong one rejects the mount naming it.
    // A CDN copy of the scripts without the wasm, which the page serves from /assets.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cdn = cdn_copy("scripts-only", |file| !file.ends_with(".wasm"));
    let head = r#"<script src="/dist/mfa-widget.js" defer></script>"#;
    let body = r#"<div id="widget"></div>"#;
    let (s, page) = own_page_with_dist("wasm-url", head, body, &[], &cdn).await;
    std::fs::create_dir_all(page.join("assets")).unwrap();
    std::fs::copy(
        root.join("dist/mfa-widget_bg.wasm"),
        page.join("assets/widget.wasm"),
    )
    .unwrap();
    let mount = |wasm_url: &'static str, job: String| {
        let s = &s;
        async move {
            open_own_page(s).await;
            s.execute_async(
                "const [job, wasmUrl, done] = arguments;
                 MfaWidget.mount(document.getElementById('widget'), { jobId: job, wasmUrl })
                   .then(() => done('mounted'), (e) => done(e.code + ': ' + e.message));",
                vec![json!(job), json!(wasm_url)],
            )
            .await
            .unwrap()
        }
    };
    let mounted = mount("/assets/widget.wasm", s.create_job("pin", 0).await).await;
    assert_eq!(mounted, "mounted");
    complete_pin(&s).await;
    let loaded = s
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        loaded
            .as_array()
            .unwrap()
            .contains(&json!("/assets/widget.wasm")),
        "{loaded}"
    );
    let refused = mount("/assets/missing.wasm", s.create_job("pin", 0).await).await;
    let refused = refused.as_str().unwrap_or_default();
    assert!(
        refused.starts_with("wasm_load_failed: ") && refused.contains("/assets/missing.wasm"),
        "{refused}"
    );
    s.close().await;
    let _ = std::fs::remove_dir_all(&page);
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

/// `dist/integrity.json`: (hashed classic script, its hash), (hashed wasm, its hash).
fn hashed_files() -> ((String, String), (String, String)) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("dist/integrity.json")).unwrap())
            .unwrap();
    let manifest = manifest.as_object().unwrap();
    let find = |suffix: &str| {
        manifest
            .iter()
            .find(|(name, _)| name.ends_with(suffix))
            .map(|(name, hash)| (name.clone(), hash.as_str().unwrap().to_string()))
            .unwrap_or_else(|| panic!("a hashed {suffix} in integrity.json"))
    };
    (find(".js"), find(".wasm"))
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_preload_is_the_wasm_request_the_script_makes() {
    // README's preload tag before the cache-forever script, the hashed files served as a CDN
    // does (cached for good): how many times the wasm is downloaded, and by what.
    let ((script, script_hash), (wasm, wasm_hash)) = hashed_files();
    let head = format!(
        r#"<link rel="preload" as="fetch" crossorigin="anonymous"
      href="/dist/{wasm}" integrity="{wasm_hash}">
<script src="/dist/{script}" integrity="{script_hash}" crossorigin="anonymous" defer></script>"#
    );
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(r#"<link rel="preload" as="fetch" crossorigin="anonymous""#),
        "README shows this tag"
    );
    let (s, page) = own_page("preload", &head, r#"<div id="widget"></div>"#, &[]).await;
    let job = s.create_job("pin", 0).await;
    open_own_page(&s).await;
    s.execute(
        "MfaWidget.mount(document.getElementById('widget'), { jobId: arguments[0] });",
        vec![json!(job)],
    )
    .await
    .unwrap();
    complete_pin(&s).await;
    let served = s.get_json("/sandbox/served").await;
    let initiators = s
        .execute(
            "return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => e.initiatorType);",
            vec![],
        )
        .await
        .unwrap();
    // Chromium: the script's request takes the preload's response (one request, by the
    // `link`). Firefox: it makes its own request, which its HTTP cache answers (one
    // download). WebKitGTK under WebDriver (a session without a disk cache): neither, the
    // wasm is downloaded twice, as README says. (Without `crossorigin` on the tag, Chromium
    // and Firefox download it twice too.)
    let expected = match Engine::current() {
        Engine::Chromium => (json!(1), json!(["link"])),
        Engine::Firefox => (json!(1), json!(["link", "fetch"])),
        Engine::WebKit => (json!(2), json!(["link", "fetch"])),
    };
    assert_eq!(
        (served[format!("/dist/{wasm}")].clone(), initiators),
        expected,
        "the wasm's downloads and their initiators: {served}"
    );
    s.close().await;
    let _ = std::fs::remove_dir_all(&page);
}

#[tokio::test]
#[ignore = "needs dist/ and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn the_cache_forever_script_loads_with_integrity_and_finds_its_hashed_wasm() {
    // The tag `cargo xtask dist` prints, on a page of its own.
    let ((script, hash), (wasm, _)) = hashed_files();
    let head = format!(
        r#"<script src="/dist/{script}" integrity="{hash}" crossorigin="anonymous" defer></script>"#
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
            "members": ["diagnostics:function", "isSupported:function", "mount:function", "version:string"],
            "diagnostics": ["appRoots", "jsValuesHeld", "wasmMemoryBytes"]
        })
    );
    assert_eq!(module, script, "the ES module offers what the script does");
    s.close().await;
}
