//! `cargo xtask <command>`: every project command, in Rust instead of shell scripts.
//!
//! - `demo`  installs what is missing, builds the widget, starts the sandbox, prints the URL
//! - `test`  installs what is missing, then fmt, clippy (native + wasm32), native tests,
//!   wasm tests in headless Chromium, the release bundle and the end-to-end tests
//! - `dist`  the release bundle in `dist/`, with its raw, gzip and brotli sizes
//! - `size`  where the wasm's bytes go: shipped bytes by owning crate and module
//! - `screenshots`  renders the demo (light, dark, phone) into docs/screenshots/
//! - `bench` sizes, time to first challenge, polling reaction and cost against a fixed 3 s
//!   poller, memory over 200 mount/destroy cycles, hidden-tab requests
//! - `tools [wasm-pack|trunk]`  installs the pinned tools (and optionally wasm-pack or Trunk)
//! - `trunk <serve|build>`  runs Trunk with the project's wasm-opt on PATH

mod bench;
mod dist;
mod heap_diff;
mod size;
mod snippets;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("dist") => tools::ensure_build_tools().and_then(|t| dist::build(&t).map(|_| ())),
        Some("tools") => tools::install(&args[1..]),
        Some("trunk") => trunk(&args[1..]),
        Some("screenshots") => screenshots(),
        Some("size") => tools::ensure_build_tools().and_then(|t| size::size(&t)),
        Some("bench") => tools::ensure_build_tools()
            .and_then(|t| tools::ensure_browser().and_then(|b| bench::bench(&t, &b))),
        Some("heap-diff") => tools::ensure_build_tools().and_then(|t| {
            tools::ensure_browser().and_then(|b| heap_diff::heap_diff(&t, &b, &args[1..]))
        }),
        _ => {
            eprintln!(
                "usage: cargo xtask <demo [--port N] | test | dist | size | bench | heap-diff [WARM CYCLES] | screenshots | tools [wasm-pack|trunk] | trunk <serve|build>>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root, failing with its name if it fails.
pub fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    println!("$ {}", shown.replace('"', ""));
    let status = command
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed ({status}): {shown}"))
    }
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn demo(args: &[String]) -> Result<(), String> {
    let tools = tools::ensure_build_tools()?;
    dist::build(&tools)?;
    let port = match args {
        [flag, port] if flag == "--port" => port.clone(),
        [] => "8787".to_string(),
        _ => return Err("usage: cargo xtask demo [--port N]".into()),
    };
    println!("\nDemo: open http://127.0.0.1:{port}/ (Ctrl-C stops the sandbox)\n");
    run(cargo().args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "mfa-sandbox",
        "--",
        "--port",
        &port,
    ]))
}

fn test() -> Result<(), String> {
    let tools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "-p",
        "mfa-widget",
        "--all-targets",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    // The published TypeScript declarations type-check a host page's use of them.
    run(Command::new(&tools.tsc).args(["-p", "tests/typescript/tsconfig.json"]))?;
    snippets::check(&tools)?;
    // The browser tests, through the design card's runner: wasm-pack builds them for wasm32
    // and runs them in headless Chromium with Debian's chromedriver and the pinned
    // wasm-bindgen-test-runner (it downloads nothing when both are present).
    let wasm_pack = tools::ensure_wasm_pack()?;
    run(Command::new(&wasm_pack)
        .args(["test", "--headless", "--chrome", "--chromedriver"])
        .arg(&browser.chromedriver)
        .arg(root())
        .args(["--test", "web", "--test", "web_events"])
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;
    dist::build(&tools)?;
    dist::esm_app(&tools)?;
    browser_tests(
        &browser,
        &["end_to_end", "embedding", "faults", "accessibility"],
        &["--test-threads=1"],
    )?;
    println!("\nxtask test: all checks passed");
    Ok(())
}

/// Runs the `#[ignore]`d test targets that drive Chromium through chromedriver (they need
/// `dist/`), with `extra` arguments for the test harness.
pub fn browser_tests(
    browser: &tools::Browser,
    targets: &[&str],
    extra: &[&str],
) -> Result<(), String> {
    let mut command = cargo();
    command.args(["test", "-p", "mfa-widget"]);
    for target in targets {
        command.args(["--test", target]);
    }
    command.args(["--", "--ignored"]).args(extra);
    run(command
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("CHROME", &browser.chromium))
}

/// Renders the demo in headless Chromium into docs/screenshots/ (light, dark, phone width).
fn screenshots() -> Result<(), String> {
    let tools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    dist::build(&tools)?;
    browser_tests(&browser, &["screenshots"], &["--nocapture"])
}

/// Runs Trunk offline with the project's pinned wasm-bindgen and wasm-opt.
fn trunk(args: &[String]) -> Result<(), String> {
    tools::install(&["trunk".to_string()])?;
    let tools_bin = root().join("tools/node_modules/.bin");
    let path = format!(
        "{}:{}",
        tools_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    run(Command::new("trunk").args(args).env("PATH", path))
}
