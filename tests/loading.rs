//! How the widget loads into a page, end to end: the ES module (from a module script and an
//! esbuild bundle), the cache-forever script with Subresource Integrity, a tampered wasm, one
//! version everywhere, wasm traps (ours and another library's), an element named like the
//! global, and both entries' API. Real browsers through WebDriver (`MFA_BROWSER`), against the
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
    own_page_with_dist(name, head, body, files, &root.join("dist")).await
}

/// [`own_page`] with `dist` served at `/dist` in place of the release bundle.
async fn own_page_with_dist(
    name: &str,
    head: &str,
    body: &str,
    files: &[(&str, &str)],
    dist: &std::path::Path,
) -> (Session, std::path::PathBuf) {
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
    let s = open_browser_serving(page.clone(), dist.to_path_buf(), &[]).await;
    (s, page)
}

/// A fresh folder named after `name` holding the files of dist/ that `keep` accepts (by file
/// name): a CDN's copy, for a test to alter. Remove it at the end.
fn cdn_copy(name: &str, keep: impl Fn(&str) -> bool) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cdn = std::env::temp_dir().join(format!("mfa-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cdn);
    std::fs::create_dir_all(&cdn).unwrap();
    for entry in std::fs::read_dir(root.join("dist")).unwrap().flatten() {
        if keep(&entry.file_name().to_string_lossy()) {
            std::fs::copy(entry.path(), cdn.join(entry.file_name())).unwrap();
        }
    }
    cdn
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

/// Enters the PIN of a `pin` job in the widget mounted on `#widget` and waits for success.
async fn complete_pin(s: &Session) {
    let input = s.wait_for("#widget >> input[name=token]").await;
    input.send_keys("2468\u{E007}").await.unwrap();
    s.wait_for("#widget >> .mfa-success").await;
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
// The loader compiles, then instantiates with `new WebAssembly.Instance`.
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  return (window.__instance = new Instance(module, imports));
};";
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
           __heard.push([host.id, e.detail.jobId, e.detail.code, e.detail.fatal, e.detail.message].join(' ')));
         a.setAttribute('job-id', arguments[0]);
         MfaWidget.mount(b, { jobId: arguments[1],
           onError: (d) => __heard.push(['onError', d.jobId, d.code, d.fatal, d.message].join(' ')) });",
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
            format!("a {job_a} internal true internal error"),
            format!("b {job_b} internal true internal error"),
            format!("onError {job_b} internal true internal error"),
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
            "members": ["diagnostics:function", "isSupported:function", "mount:function", "version:string"],
            "diagnostics": ["appRoots", "jsValuesHeld", "wasmMemoryBytes"]
        })
    );
    assert_eq!(module, script, "the ES module offers what the script does");
    s.close().await;
}
