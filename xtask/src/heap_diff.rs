//! `cargo xtask heap-diff [WARM CYCLES]`: which objects the JS heap keeps after mount/destroy
//! cycles (the bench's memory section says how much; this says what). Builds `dist/`, starts
//! the sandbox, and runs `xtask/heap-diff.mjs` (Node, over Chromium's DevTools protocol).

use crate::tools::{Browser, BuildTools};
use crate::{cargo, root, run};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn heap_diff(tools: &BuildTools, browser: &Browser, args: &[String]) -> Result<(), String> {
    let (warm, cycles) = match args {
        [] => ("100".to_string(), "400".to_string()),
        [warm, cycles] if warm.parse::<u32>().is_ok() && cycles.parse::<u32>().is_ok() => {
            (warm.clone(), cycles.clone())
        }
        _ => return Err("usage: cargo xtask heap-diff [WARM CYCLES]".into()),
    };
    crate::dist::build(tools)?;
    run(cargo().args(["build", "--quiet", "--release", "-p", "mfa-sandbox"]))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))?;
    let mut sandbox = Command::new(root().join("target/release/mfa-sandbox"))
        .args(["--port", &port.to_string()])
        .current_dir(root())
        .spawn()
        .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(10) {
            let _ = sandbox.kill();
            return Err("the sandbox did not start listening".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let result = run(Command::new("node")
        .arg("--experimental-websocket")
        .arg(root().join("xtask/heap-diff.mjs"))
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(&browser.chromium)
        .args([&warm, &cycles]));
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    result
}
