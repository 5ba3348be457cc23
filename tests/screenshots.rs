//! `cargo xtask screenshots`: renders the demo in headless Chromium and writes the README's
//! pictures (light, dark, phone width) to docs/screenshots/. Regenerated, never hand-made.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use support::*;

async fn shoot(extra_args: &[&str], size: (u32, u32), scenario: &str, state: &str, file: &str) {
    let s = open_browser_with(extra_args).await;
    s.client.set_window_size(size.0, size.1).await.unwrap();
    s.client
        .goto(&format!("{}/?scenario={scenario}&delay=100", s.sandbox))
        .await
        .unwrap();
    s.wait_state(state).await;
    // Let the caret and spinner settle, and the focus ring be what a user sees.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let png = s.client.screenshot().await.unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), png).unwrap();
    eprintln!("wrote docs/screenshots/{file}");
    s.close().await;
}

#[tokio::test]
#[ignore = "writes docs/screenshots/: run `cargo xtask screenshots`"]
async fn screenshots() {
    shoot(&[], (1100, 720), "token", "tokenMethods", "light.png").await;
    shoot(
        &["--force-dark-mode"],
        (1100, 720),
        "security-questions",
        "securityQuestions",
        "dark.png",
    )
    .await;
    shoot(&[], (320, 760), "verify-phone", "verifyPhone", "phone.png").await;
}
