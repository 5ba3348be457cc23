//! The npm package in the apps front-end teams build: `cargo xtask apps` (part of `cargo xtask
//! test`) installs the tarball into a React app built by Vite and a Vue app built by webpack 5,
//! each made of README's recipe, for production (`target/apps/`). Here each build is served by
//! the sandbox, under the strict CSP, and a user completes a PIN flow in it. Real browsers
//! through WebDriver (`MFA_BROWSER`), against the real sandbox over HTTP on 127.0.0.1.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::*;

/// Serves the production build of `app` at `/`, opens it on a new `pin` job, enters the PIN
/// in the widget under `host` and waits for success and for the app to have heard it.
async fn pin_flow_in(app: &str, host: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = root.join("target/apps").join(app).join("dist");
    assert!(
        build.join("index.html").is_file(),
        "{} is missing: run `cargo xtask apps` (or `cargo xtask test`)",
        build.display()
    );
    let s = open_browser_serving(build, root.join("dist"), &[]).await;
    let job = s.create_job("pin", 0).await;
    s.client
        .goto(&format!("{}/index.html?job={job}", s.sandbox))
        .await
        .unwrap();
    let input = s.wait_for(&format!("{host} >> input[name=token]")).await;
    input.send_keys("2468\u{E007}").await.unwrap();
    s.wait_for(&format!("{host} >> .mfa-success")).await;
    // The recipe's own callback told the app.
    s.wait_for_script("return document.body.getAttribute('data-done') === 'true'")
        .await;
    let answers = s.answers(&job).await;
    assert_eq!(answers.len(), 1, "{answers:?}");
    s.close().await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_react_recipe_built_by_vite_completes_a_pin_flow() {
    pin_flow_in("vite-react", "mfa-widget").await;
}

#[tokio::test]
#[ignore = "needs `cargo xtask apps` and a browser (MFA_BROWSER): run `cargo xtask test`"]
async fn readmes_vue_recipe_built_by_webpack_completes_a_pin_flow() {
    pin_flow_in("webpack-vue", "#app").await;
}
