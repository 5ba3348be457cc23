//! Wasm traps, end to end: one of ours turns every widget of the page into an error told to
//! each host once; another library's leaves every widget alone. Real browsers through
//! WebDriver (`MFA_BROWSER`), against the real sandbox over HTTP on 127.0.0.1; run through
//! `cargo xtask test`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::*;

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
