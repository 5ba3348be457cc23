//! `cargo xtask <command>`: every project command, in Rust instead of shell scripts.
//!
//! - `demo`  installs what is missing, builds the widget, starts the sandbox, prints the URL
//! - `test`  installs what is missing, then fmt, clippy (native + wasm32), native tests,
//!   wasm tests in headless Chromium and Firefox, the release bundle and the webdriver suites
//!   in Chromium, Firefox and WebKit
//! - `dist`  the release bundle in `dist/`, with its raw, gzip and brotli sizes, and its npm
//!   tarball in `target/npm/`
//! - `snippets`  type-checks README's TypeScript blocks as a consumer of the tarball
//! - `apps`  `dist`, then Are The Types Wrong and publint on the tarball, which is installed
//!   into a Node import/require check, React 19 and 18 apps (Vite 8 and 7) and Vue apps (Vite,
//!   webpack 5), each from a README recipe, built for production
//! - `size`  where the wasm's bytes go: shipped bytes by owning crate and module
//! - `screenshots`  renders the demo (light, dark, phone) into docs/screenshots/
//! - `bench` sizes, time to first challenge, polling reaction and cost against a fixed 3 s
//!   poller, memory over 200 mount/destroy cycles, hidden-tab requests
//! - `support [--write]`  the browser-support table: the features `dist/` uses and the first
//!   browser versions with each (MDN's browser-compat-data); `--write` puts it in README
//! - `tools [wasm-pack|trunk]`  installs the pinned tools (and optionally wasm-pack or Trunk)
//! - `trunk <serve|build>`  runs Trunk with the project's wasm-opt on PATH

mod apps;
mod bench;
mod dist;
mod heap_diff;
mod package;
mod size;
mod snippets;
mod support;
mod tools;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("dist") => tools::ensure_build_tools().and_then(|t| dist::build(&t).map(|_| ())),
        Some("tools") => tools::install(&args[1..]),
        Some("apps") => tools::ensure_build_tools().and_then(|t| {
            dist::build(&t)?;
            dist::esm_app(&t)?;
            apps::build(&dist::widget_version()?)
        }),
        Some("snippets") => tools::ensure_build_tools().and_then(|t| snippets::check(&t)),
        Some("support") => tools::ensure_build_tools().and_then(|_| support::support(&args[1..])),
        Some("trunk") => trunk(&args[1..]),
        Some("screenshots") => screenshots(),
        Some("size") => tools::ensure_build_tools().and_then(|t| size::size(&t)),
        Some("bench") => tools::ensure_build_tools()
            .and_then(|t| tools::ensure_browser().and_then(|b| bench::bench(&t, &b))),
        Some("chaos") => chaos(&args[1..]),
        Some("heap-diff") => tools::ensure_build_tools().and_then(|t| {
            tools::ensure_browser().and_then(|b| heap_diff::heap_diff(&t, &b, &args[1..]))
        }),
        _ => {
            eprintln!(
                "usage: cargo xtask <demo [--port N] | test | dist | apps | snippets | size | support [--write] | bench | chaos [--seed N | --seeds A..B] [--steps K] [--engine E] | heap-diff [WARM CYCLES] | screenshots | tools [wasm-pack|trunk] | trunk <serve|build>>"
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
    let engines = tools::ensure_other_engines()?;
    let wasm_pack = tools::ensure_wasm_pack()?;
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
    let mut results = Results::default();
    // The wasm-bindgen browser tests, through the design card's runner: wasm-pack builds them
    // for wasm32 and runs them headless in Chromium (Debian's chromedriver) and in Firefox
    // (geckodriver) with the pinned wasm-bindgen-test-runner (it downloads nothing when the
    // driver is given). WebKit has no such runner on Linux (wasm-pack's --safari is macOS's
    // safaridriver): the webdriver suites below cover it.
    for (engine, flag, driver_flag, driver) in [
        (
            "chromium",
            "--chrome",
            "--chromedriver",
            &browser.chromedriver,
        ),
        (
            "firefox",
            "--firefox",
            "--geckodriver",
            &engines.geckodriver,
        ),
    ] {
        results.record(
            engine,
            "wasm-bindgen (web, web_events)",
            Command::new(&wasm_pack)
                .args(["test", "--headless", flag, driver_flag])
                .arg(driver)
                .arg(root())
                .args(["--test", "web", "--test", "web_events"])
                .env("CHROMEDRIVER", &browser.chromedriver)
                .env("GECKODRIVER", &engines.geckodriver)
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
        );
    }
    dist::build(&tools)?;
    snippets::check(&tools)?;
    support::check_readme()?;
    dist::esm_app(&tools)?;
    apps::build(&dist::widget_version()?)?;
    // The webdriver suites, the same tests once per engine (`MFA_BROWSER`), built once first.
    let suites = [
        "end_to_end",
        "embedding",
        "lifecycle",
        "loading",
        "traps",
        "packages",
        "faults",
        "hosts",
        "requests",
        "accessibility",
    ];
    let mut build = cargo();
    build.args(["test", "-p", "mfa-widget", "--no-run"]);
    for suite in suites.iter().chain(&["chaos"]) {
        build.args(["--test", suite]);
    }
    run(&mut build)?;
    for engine in ["chromium", "firefox", "webkit"] {
        let mut command = in_engine(
            browser_tests_command(&browser, &suites, &["--test-threads=1"]),
            engine,
            &engines,
        );
        let label = format!("webdriver ({})", suites.join(", "));
        results.record(engine, &label, &mut command);
    }
    // Host chaos (tests/chaos.rs): a fixed budget of seeded random host sequences in Chromium;
    // `cargo xtask chaos` runs more, in any engine.
    let mut chaos = browser_tests_command(&browser, &["chaos"], &["--nocapture"]);
    chaos
        .env("MFA_BROWSER", "chromium")
        .env("MFA_CHAOS_SEEDS", "1,2,3,4")
        .env("MFA_CHAOS_STEPS", "60");
    results.record("chromium", "webdriver (chaos, seeds 1-4)", &mut chaos);
    results.print(&engine_versions(&browser, &engines));
    if results.failed() {
        return Err("some browser tests failed (see the table above)".into());
    }
    println!("\nxtask test: all checks passed");
    Ok(())
}

/// Each browser run's engine, suite, outcome and time, printed as one table at the end.
#[derive(Default)]
struct Results {
    rows: Vec<(String, String, Result<(), String>, std::time::Duration)>,
}

impl Results {
    /// Runs `command`, timed; a failure is recorded, and the next run goes ahead.
    fn record(&mut self, engine: &str, suite: &str, command: &mut Command) {
        let started = std::time::Instant::now();
        let outcome = run(command);
        if let Err(message) = &outcome {
            eprintln!("xtask: {engine}: {suite}: {message}");
        }
        self.rows
            .push((engine.into(), suite.into(), outcome, started.elapsed()));
    }

    fn failed(&self) -> bool {
        self.rows.iter().any(|row| row.2.is_err())
    }

    fn print(&self, versions: &[(&str, String)]) {
        println!("\nbrowser tests, per engine:");
        for (engine, suite, outcome, took) in &self.rows {
            let version = versions
                .iter()
                .find(|(name, _)| name == engine)
                .map(|(_, v)| v.as_str())
                .unwrap_or("?");
            println!(
                "  {engine:<9} {version:<24} {suite:<60} {:<6} {:>5.0} s",
                if outcome.is_ok() { "passed" } else { "FAILED" },
                took.as_secs_f64()
            );
        }
    }
}

/// What each engine says its version is.
fn engine_versions(
    browser: &tools::Browser,
    engines: &tools::OtherEngines,
) -> Vec<(&'static str, String)> {
    let read = |command: &mut Command| {
        command
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let chromium = read(Command::new(&browser.chromium).arg("--version"));
    let firefox = read(Command::new(&engines.firefox).arg("--version"));
    let webkit =
        read(Command::new("dpkg-query").args(["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"]));
    let word = |text: &str, n: usize| {
        text.split_whitespace()
            .nth(n)
            .unwrap_or_default()
            .to_string()
    };
    vec![
        ("chromium", format!("Chromium {}", word(&chromium, 1))),
        ("firefox", format!("Firefox {}", word(&firefox, 2))),
        (
            "webkit",
            format!("WebKitGTK {}", webkit.split('-').next().unwrap_or_default()),
        ),
    ]
}

/// Runs the `#[ignore]`d test targets that drive a browser through WebDriver (they need
/// `dist/`), in Chromium, with `extra` arguments for the test harness.
pub fn browser_tests(
    browser: &tools::Browser,
    targets: &[&str],
    extra: &[&str],
) -> Result<(), String> {
    run(&mut browser_tests_command(browser, targets, extra))
}

/// The `cargo test` command of [`browser_tests`] (Chromium unless `MFA_BROWSER` says else).
fn browser_tests_command(browser: &tools::Browser, targets: &[&str], extra: &[&str]) -> Command {
    let mut command = cargo();
    command.args(["test", "-p", "mfa-widget", "--no-fail-fast"]);
    for target in targets {
        command.args(["--test", target]);
    }
    command.args(["--", "--ignored"]).args(extra);
    command
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("CHROME", &browser.chromium);
    command
}

/// Host chaos (`tests/chaos.rs`) beyond `cargo xtask test`'s budget, or one seed again:
/// `cargo xtask chaos [--seed N | --seeds FIRST..LAST] [--steps K] [--engine chromium|firefox|webkit]`.
fn chaos(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask chaos [--seed N | --seeds FIRST..LAST] [--steps K] [--engine chromium|firefox|webkit]";
    let (mut seeds, mut steps, mut engine) = (
        "1,2,3,4,5,6,7,8,9,10".to_string(),
        "60".to_string(),
        "chromium".to_string(),
    );
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(usage)?.clone();
        match flag.as_str() {
            "--seed" => seeds = value,
            "--seeds" => {
                let (first, last) = value.split_once("..").ok_or(usage)?;
                let (first, last): (u64, u64) = (
                    first.parse().map_err(|_| usage)?,
                    last.parse().map_err(|_| usage)?,
                );
                seeds = (first..=last)
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(",");
            }
            "--steps" => steps = value,
            "--engine" => engine = value,
            _ => return Err(usage.into()),
        }
    }
    let tools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    let engines = tools::ensure_other_engines()?;
    dist::build(&tools)?;
    let mut command = browser_tests_command(&browser, &["chaos"], &["--nocapture"]);
    command
        .env("MFA_CHAOS_SEEDS", &seeds)
        .env("MFA_CHAOS_STEPS", &steps);
    run(&mut in_engine(command, &engine, &engines))
}

/// A webdriver test command run in `engine` (`MFA_BROWSER`), with the other engines' drivers
/// and browsers named; WebKit's under `xvfb-run`: MiniBrowser has no headless mode, so the
/// whole run gets a virtual X display.
fn in_engine(mut command: Command, engine: &str, engines: &tools::OtherEngines) -> Command {
    command
        .env("MFA_BROWSER", engine)
        .env("GECKODRIVER", &engines.geckodriver)
        .env("FIREFOX", &engines.firefox)
        .env("WEBKITDRIVER", &engines.webkit_driver)
        .env("MINIBROWSER", &engines.minibrowser);
    if engine != "webkit" {
        return command;
    }
    let mut under_xvfb = Command::new(&engines.xvfb_run);
    under_xvfb
        .args(["-a", "--server-args=-screen 0 1280x1024x24"])
        .arg(command.get_program())
        .args(command.get_args())
        .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))));
    under_xvfb
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
