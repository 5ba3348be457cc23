//! The npm package in the apps front-end teams build: `cargo xtask apps` (part of `cargo xtask
//! test`) installs the tarball into a React 19 and a React 18 app built by Vite, a Vue app of
//! single-file components built by Vite and a Vue app built by webpack 5, each made of a README
//! recipe (`target/apps/`), and a Next.js App Router app. Here each production build is
//! served by the sandbox, under the strict CSP (the Next.js app by `next start`), and each
//! Vite app also runs under `vite dev` (a development build: React's
//! StrictMode runs every effect twice, and Vite's dependency optimizer moves the package's
//! module away from its wasm), with nothing in its config for the widget. In each, a user
//! completes a PIN flow while the app renews its token. Real browsers through WebDriver
//! (`MFA_BROWSER`), against the real sandbox over HTTP on 127.0.0.1.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::*;

/// `target/apps/<app>`, once `cargo xtask apps` has built `built` in it.
fn app_dir(app: &str, built: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/apps")
        .join(app);
    assert!(
        dir.join(built).is_file(),
        "{} is missing: run `cargo xtask apps` (or `cargo xtask test`)",
        dir.join(built).display()
    );
    dir
}

/// Starts `program` (an app's own dev or production server) in `dir` on a free port, stopped
/// when the returned child is dropped; returns it and its origin once it listens.
async fn serve(
    dir: &Path,
    program: &str,
    args: &[&str],
    sandbox: &str,
) -> (tokio::process::Child, String) {
    let port = free_port();
    let child = tokio::process::Command::new(dir.join("node_modules/.bin").join(program))
        .args(args)
        .args(["--port", &port.to_string()])
        .current_dir(dir)
        .env("MFA_SANDBOX", sandbox)
        .env("NEXT_TELEMETRY_DISABLED", "1")
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{program} starts: {e}"));
    let start = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{program} did not listen"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (child, format!("http://127.0.0.1:{port}"))
}

/// Serves the production build of `app` at `/` and completes a PIN flow in it.
async fn pin_flow_in_build(app: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = app_dir(app, "dist/index.html").join("dist");
    let s = open_browser_serving(build, root.join("dist"), &[]).await;
    let job = s.create_job("pin", 0).await;
    let page = format!("{}/index.html?job={job}", s.sandbox);
    pin_flow(&s, &page, &job).await;
    s.close().await;
}

/// Runs `app` under `vite dev` (its Job API requests proxied to the sandbox) and completes a
/// PIN flow in it.
async fn pin_flow_in_dev_server(app: &str) {
    let dir = app_dir(app, "dist/index.html");
    let s = open_browser().await;
    let (_vite, origin) = serve(
        &dir,
        "vite",
        &["--host", "127.0.0.1", "--strictPort"],
        &s.sandbox,
    )
    .await;
    let job = s.create_job("pin", 0).await;
    pin_flow(&s, &format!("{origin}/?job={job}"), &job).await;
    s.close().await;
}

/// Opens `page` on `job`, waits for the PIN challenge and for the app to have renewed its
/// token, enters the PIN and checks what the app and the sandbox saw: success, heard by the
/// recipe's callback; one widget, ready once, one outcome (no second session from doubled
/// effects or a renewed token); the first token on the first read, the renewed one on the
/// answer.
async fn pin_flow(s: &Session, page: &str, job: &str) {
    s.client.goto(page).await.unwrap();
    let input = s.wait_for("mfa-widget >> input[name=token]").await;
    s.wait_for_script("return document.body.getAttribute('data-renewed') === 'true'")
        .await;
    input.send_keys("2468\u{E007}").await.unwrap();
    s.wait_for("mfa-widget >> .mfa-success").await;
    s.wait_for_script("return document.body.getAttribute('data-done') === 'true'")
        .await;
    let answers = s.answers(job).await;
    assert_eq!(answers.len(), 1, "{answers:?}");
    let seen = s
        .execute(
            "return [document.querySelectorAll('mfa-widget').length,
                     document.body.getAttribute('data-ready'),
                     document.body.getAttribute('data-outcome'),
                     window.__auth];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(seen[0], 1, "one widget: {seen}");
    assert_eq!(seen[1], "1", "ready once, one session: {seen}");
    assert_eq!(seen[2], "1", "one outcome, the PIN's: {seen}");
    let requests = seen[3].as_array().unwrap();
    assert_eq!(
        requests[0][1], "Bearer first",
        "the first read carries the first token: {seen}"
    );
    let answer = requests
        .iter()
        .find(|r| r[0].as_str().unwrap().contains("TokenInput"))
        .unwrap_or_else(|| panic!("the answer went through the page's fetch: {seen}"));
    assert_eq!(
        answer[1], "Bearer renewed",
        "the answer carries the renewed token: {seen}"
    );
    assert!(
        requests
            .iter()
            .all(|r| r[1] == "Bearer first" || r[1] == "Bearer renewed"),
        "{seen}"
    );
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_react_component_in_react_19_built_by_vite() {
    pin_flow_in_build("vite-react").await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_react_component_in_react_18_built_by_vite() {
    pin_flow_in_build("vite-react18").await;
}

/// Next.js's App Router: `next build`, then `next start` renders the page per request on the
/// server (the component's server render is the empty box, touching no `window`), and the
/// client completes the flow against the Job API on another origin (the sandbox).
#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_react_component_in_next_app_router() {
    let dir = app_dir("next-app", ".next/BUILD_ID");
    let s = open_browser().await;
    let (_next, origin) = serve(
        &dir,
        "next",
        &["start", "--hostname", "127.0.0.1"],
        &s.sandbox,
    )
    .await;
    let job = s.create_job("pin", 0).await;
    let page = format!("{origin}/?job={job}&api={}", s.sandbox);
    let (_, html) = http_exchange(&page, "GET", "").await;
    assert!(
        html.contains("<div><mfa-widget></mfa-widget></div>"),
        "the server render holds the widget's box: {html:.2000}"
    );
    pin_flow(&s, &page, &job).await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_vue_single_file_component_built_by_vite() {
    pin_flow_in_build("vite-vue").await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_vue_component_from_code_built_by_webpack() {
    pin_flow_in_build("webpack-vue").await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn react_19_under_vite_dev_and_strict_mode() {
    pin_flow_in_dev_server("vite-react").await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn react_18_under_vite_dev_and_strict_mode() {
    pin_flow_in_dev_server("vite-react18").await;
}

/// Vite 5 to 7 pre-bundle the package into `node_modules/.vite/deps/` with esbuild, which
/// leaves `new URL("./mfa-widget_bg.wasm", import.meta.url)` pointing there (vitejs/vite#8427);
/// Vite 8's optimizer follows it.
#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn react_19_under_vite_7_dev() {
    pin_flow_in_dev_server("vite7-react").await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn vue_under_vite_dev() {
    pin_flow_in_dev_server("vite-vue").await;
}
