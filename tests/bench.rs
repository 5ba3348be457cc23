//! The benchmark behind `cargo xtask bench` (not a pass/fail test: it measures and writes
//! `target/bench.json`; xtask prints the table). Real headless Chromium, the real sandbox over
//! HTTP on 127.0.0.1, the release bundle in `dist/`, driven through `www/bench.html`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::*;

fn median_and_p90(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let pick = |q: f64| values[((values.len() as f64 - 1.0) * q).round() as usize];
    (pick(0.5), pick(0.9))
}

/// Milliseconds from navigation start to the first challenge painted, over `loads` cold loads
/// (a new browser profile each time; the sandbox answers at once).
async fn time_to_first_challenge(loads: usize) -> Value {
    let mut times = Vec::new();
    for _ in 0..loads {
        let s = open_browser().await;
        let job = s.create_job("security-questions", 0).await;
        s.client
            .goto(&format!("{}/bench.html?job={job}", s.sandbox))
            .await
            .unwrap();
        s.wait_for("#widget >> .mfa-card[data-state=securityQuestions]")
            .await;
        let mut painted = Value::Null;
        for _ in 0..50 {
            painted = s.execute("const m = performance.getEntriesByName('mfa:painted:securityQuestions')[0]; return m ? m.startTime : null;", vec![])
                .await
                .unwrap();
            if painted.is_number() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        times.push(painted.as_f64().expect("the widget marks its first paint"));
        s.close().await;
    }
    let (median, p90) = median_and_p90(times.clone());
    json!({"loads": loads, "medianMs": median, "p90Ms": p90, "samplesMs": times})
}

/// A DevTools command, sent through chromedriver (`goog/cdp/execute`): how the bench puts
/// Chromium on a phone's network and CPU.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or("")
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.0, "params": self.1}).to_string();
        (http::Method::POST, Some(body))
    }
}

/// dist/ as a CDN serves it: a copy (`cdn_copy`) with each file's `gzip -9` beside it (the
/// sandbox sends the `.gz` to a browser that takes gzip).
fn compressed_dist() -> std::path::PathBuf {
    let copy = cdn_copy("bench-dist", |_| true);
    for entry in std::fs::read_dir(&copy).unwrap().flatten() {
        let gzip = std::process::Command::new("gzip")
            .args(["-9", "-k", "-n"])
            .arg(entry.path())
            .status()
            .expect("gzip runs");
        assert!(gzip.success(), "gzip -9 {}", entry.path().display());
    }
    copy
}

/// The chain from navigation to the first challenge, per load, in ms from navigation start:
/// the page's HTML done, the script done, the wasm requested, arrived and instantiated, the
/// first job read sent and answered, the script's loading card, the wasm's first frame and
/// the first challenge painted; and the bytes over the wire.
const CHAIN: &str = "const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const find = (re) => res.find((e) => re.test(e.name)) || {};
  const mark = (n) => (performance.getEntriesByName(n)[0] || {}).startTime ?? null;
  const script = find(/\\/dist\\/mfa-widget\\.js$/), wasm = find(/\\.wasm$/), job = find(/GetJobInformationByID/);
  return { htmlDone: nav.responseEnd, scriptDone: script.responseEnd ?? null,
    wasmRequested: wasm.startTime ?? null, wasmArrived: wasm.responseEnd ?? null,
    wasmReady: mark('mfa:wasm:ready'), jobSent: job.startTime ?? null, jobAnswered: job.responseEnd ?? null,
    cardPainted: mark('mfa:painted:card'), loadingPainted: mark('mfa:painted:loading'), challengePainted: mark('mfa:painted:securityQuestions'),
    bytes: res.reduce((total, e) => total + (e.transferSize || 0), nav.transferSize || 0) };";

/// The chain's links, in order.
const LINKS: [&str; 10] = [
    "htmlDone",
    "scriptDone",
    "wasmRequested",
    "wasmArrived",
    "wasmReady",
    "jobSent",
    "jobAnswered",
    "cardPainted",
    "loadingPainted",
    "challengePainted",
];

/// `loads` cold loads of the bench page on a security-questions job, files served gzip -9;
/// `phone`: Lighthouse's mobile profile (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
/// CPU 4x slower), set through DevTools before the page is opened; `page`: `bench.html`, or
/// `bench-preload.html` (README's preload of the wasm). Each link's median, and every load's
/// chain.
async fn first_challenge_chain(loads: usize, phone: bool, page: &str) -> Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dist = compressed_dist();
    let mut chains = Vec::new();
    for _ in 0..loads {
        let s = open_browser_serving(root.join("www"), dist.clone(), &[]).await;
        let job = s.create_job("security-questions", 0).await;
        if phone {
            for (command, params) in [
                ("Network.enable", json!({})),
                (
                    "Network.emulateNetworkConditions",
                    json!({"offline": false, "latency": 150, "downloadThroughput": 200_000,
                           "uploadThroughput": 93_750}),
                ),
                ("Emulation.setCPUThrottlingRate", json!({"rate": 4})),
            ] {
                s.client
                    .issue_cmd(Cdp(command, params))
                    .await
                    .unwrap_or_else(|e| panic!("DevTools {command}: {e}"));
            }
        }
        s.client
            .goto(&format!("{}/{page}?job={job}", s.sandbox))
            .await
            .unwrap();
        let painted =
            "return performance.getEntriesByName('mfa:painted:securityQuestions').length > 0";
        for _ in 0..300 {
            if s.execute(painted, vec![]).await.unwrap() == json!(true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        chains.push(s.execute(CHAIN, vec![]).await.unwrap());
        s.close().await;
    }
    let mut medians = serde_json::Map::new();
    for link in LINKS.iter().chain(&["bytes"]) {
        let values: Vec<f64> = chains.iter().filter_map(|c| c[*link].as_f64()).collect();
        if values.len() == chains.len() {
            medians.insert(link.to_string(), json!(median_and_p90(values).0));
        } else {
            medians.insert(link.to_string(), Value::Null);
        }
    }
    json!({"loads": loads, "phone": phone, "medianMs": medians, "chains": chains})
}

/// One run of the standard scenario (questions → method → code → success) with the bank taking
/// `bank_ms` after each answer: the time from each job change to its state painted, and the
/// job reads it took.
async fn standard_run(fixed: bool, bank_ms: u64) -> (Vec<f64>, u64) {
    let s = open_browser().await;
    let job = s.create_job("standard", bank_ms).await;
    let url = format!(
        "{}/bench.html?job={job}&answer=1&fixed={}",
        s.sandbox,
        u8::from(fixed)
    );
    s.client.goto(&url).await.unwrap();
    s.wait_for_within("#widget >> .mfa-success", Duration::from_secs(60))
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let painted = s
        .execute(
            "return ['tokenMethods', 'tokenCode', 'success'].map(k => {
               const m = performance.getEntriesByName('mfa:painted:' + k)[0];
               return m ? performance.timeOrigin + m.startTime : null; });",
            vec![],
        )
        .await
        .unwrap();
    let log = s.job_log(&job).await;
    let shown = log["stageShownAtMs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // shown[0] is the questions after login; shown[1..4] the states after each answer.
    let reactions = (0..3)
        .map(|i| painted[i].as_f64().unwrap() - shown[i + 1].as_f64().unwrap())
        .collect();
    let reads = log["readAttempts"].as_u64().unwrap_or(0);
    s.close().await;
    (reactions, reads)
}

/// A long login (#32: card issuers take 60-90 s before the first challenge): the job reads
/// until the first challenge is painted, and how long after the bank showed it, for this
/// widget and the fixed 3-s reference.
async fn long_login(login_ms: u64) -> Value {
    let mut result = json!({"loginMs": login_ms});
    for (name, fixed) in [("adaptive", false), ("fixed3s", true)] {
        let s = open_browser().await;
        let job = s.create_job("security-questions", login_ms).await;
        let url = format!(
            "{}/bench.html?job={job}&fixed={}",
            s.sandbox,
            u8::from(fixed)
        );
        s.client.goto(&url).await.unwrap();
        s.wait_for_within(
            "#widget >> .mfa-card[data-state=securityQuestions]",
            Duration::from_millis(login_ms + 15_000),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let painted = s
            .execute(
                "const m = performance.getEntriesByName('mfa:painted:securityQuestions')[0];
                 return performance.timeOrigin + m.startTime;",
                vec![],
            )
            .await
            .unwrap();
        let log = s.job_log(&job).await;
        let shown = log["stageShownAtMs"][0].as_f64().unwrap_or(f64::NAN);
        result[name] = json!({"reads": log["readAttempts"], "seenAfterMs": painted.as_f64().unwrap_or(f64::NAN) - shown});
        s.close().await;
    }
    result
}

async fn polling_comparison(runs: usize, bank_ms: u64) -> Value {
    let mut result = json!({"runs": runs, "bankDelayMs": bank_ms});
    for (name, fixed) in [("adaptive", false), ("fixed3s", true)] {
        let (mut first, mut later, mut reads) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            let (r, n) = standard_run(fixed, bank_ms).await;
            // A flow's first answer is read with nothing learnt from answers yet (only the
            // login's pace); later ones with the pace the first answers showed.
            first.push(r[0]);
            later.extend_from_slice(&r[1..]);
            reads.push(n as f64);
        }
        let all: Vec<f64> = first.iter().chain(&later).copied().collect();
        let (median, p90) = median_and_p90(all.clone());
        let (first_median, _) = median_and_p90(first.clone());
        let (later_median, _) = median_and_p90(later.clone());
        let mean_reads = reads.iter().sum::<f64>() / reads.len() as f64;
        result[name] = json!({"reactionMedianMs": median, "reactionP90Ms": p90,
            "firstAnswerMedianMs": first_median, "laterAnswersMedianMs": later_median,
            "firstAnswersMs": first, "laterAnswersMs": later,
            "jobRequestsPerRun": mean_reads});
    }
    result
}

/// Wasm memory, JS values held by the wasm, and JS heap after 1, half and all of `cycles`
/// mount/destroy cycles on one page (the first half includes the engine's warm-up).
async fn memory(cycles: u32) -> Value {
    let s = open_browser_with(&["--enable-precise-memory-info", "--js-flags=--expose-gc"]).await;
    let job = s.create_job("security-questions", 0).await;
    s.client
        .goto(&format!("{}/bench.html", s.sandbox))
        .await
        .unwrap();
    let measured = s.execute_async(
            r#"const [job, cycles, done] = arguments;
            (async () => {
              await customElements.whenDefined('mfa-widget');
              const settle = () => new Promise(r => setTimeout(r, 50));
              const sample = async () => {
                // The browser's own resource-timing entries (one per request, capped at 250) are
                // not the widget's memory.
                await settle(); performance.clearResourceTimings(); if (window.gc) window.gc();
                const d = await MfaWidget.diagnostics();
                return {wasmBytes: d.wasmMemoryBytes, jsHeapBytes: performance.memory.usedJSHeapSize,
                        appRoots: d.appRoots, jsValuesHeld: d.jsValuesHeld};
              };
              const halfway = Math.max(1, Math.floor(cycles / 2));
              await mountDestroyCycles(job, 1);
              const first = await sample();
              await mountDestroyCycles(job, halfway - 1);
              const half = await sample();
              await mountDestroyCycles(job, cycles - halfway);
              done({after1: first, afterHalf: half, afterAll: await sample()});
            })().catch(e => done({error: String(e)}));"#,
            vec![json!(job), json!(cycles)],
        )
        .await
        .unwrap();
    s.close().await;
    json!({"cycles": cycles, "after1": measured["after1"], "afterHalf": measured["afterHalf"],
        "afterAll": measured["afterAll"]})
}

/// The page's layout shift caused by the widget (Core Web Vitals' `layout-shift` entries, none
/// after input), on a bank's page with a footer below `<mfa-widget>` (`www/shift.html`, 800 ×
/// 900): from load to the first challenge painted, for each kind that can come first; and over
/// a whole flow answered at once (every change of challenge, to success). `reserve`: the page
/// reserves the widget's usual height in its own CSS before its first paint, as README advises.
async fn layout_shift(loads: usize, reserve: bool) -> Value {
    let query = if reserve { "&reserve=1" } else { "" };
    let mut first = serde_json::Map::new();
    for (kind, scenario) in [
        ("securityQuestions", "security-questions"),
        ("tokenMethods", "token"),
        ("captcha", "captcha"),
    ] {
        let mut values = Vec::new();
        for _ in 0..loads {
            values.push(shift_until(scenario, query, &format!("mfa:painted:{kind}")).await);
        }
        let (median, p90) = median_and_p90(values.clone());
        first.insert(
            kind.into(),
            json!({"medianCls": median, "p90Cls": p90, "samples": values}),
        );
    }
    let mut flows = Vec::new();
    for _ in 0..loads {
        let answered = format!("&answer=1{query}");
        flows.push(shift_until("standard", &answered, "mfa:painted:success").await);
    }
    let (median, p90) = median_and_p90(flows.clone());
    json!({"loads": loads, "toFirstChallenge": first,
           "wholeFlow": {"medianCls": median, "p90Cls": p90, "samples": flows}})
}

/// One load of `www/shift.html` (800 × 900) on a new `scenario` job with `query` added: the
/// layout shift summed until the performance mark `painted` is set.
async fn shift_until(scenario: &str, query: &str, painted: &str) -> f64 {
    let s = open_browser().await;
    s.client.set_window_size(800, 900).await.unwrap();
    let job = s.create_job(scenario, 0).await;
    s.client
        .goto(&format!("{}/shift.html?job={job}{query}", s.sandbox))
        .await
        .unwrap();
    s.wait_for_script(&format!(
        "return performance.getEntriesByName('{painted}').length > 0"
    ))
    .await;
    // Shifts are reported after the frame that made them.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sum = "return window.__shifts.reduce((total, [, value]) => total + value, 0)";
    let shift = s.execute(sum, vec![]).await.unwrap().as_f64().unwrap();
    s.close().await;
    shift
}

/// Job requests per minute while the tab is hidden, a challenge waiting for the user.
async fn hidden_tab(seconds: u64) -> Value {
    let s = open_browser().await;
    let job = s.create_job("security-questions", 0).await;
    s.client
        .goto(&format!("{}/bench.html?job={job}&hidden=1", s.sandbox))
        .await
        .unwrap();
    s.wait_for("#widget >> .mfa-card[data-state=securityQuestions]")
        .await;
    let start = s.job_log(&job).await["readAttempts"].as_u64().unwrap_or(0);
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let end = s.job_log(&job).await["readAttempts"].as_u64().unwrap_or(0);
    s.close().await;
    let per_minute = (end - start) as f64 * 60.0 / seconds as f64;
    json!({"seconds": seconds, "requests": end - start, "perMinute": per_minute})
}

#[tokio::test]
#[ignore = "the benchmark: run `cargo xtask bench`"]
async fn bench() {
    let loads = std::env::var("MFA_BENCH_LOADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    // MFA_BENCH_ONLY=polling,memory runs a subset (while working on one figure).
    let only = std::env::var("MFA_BENCH_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|o| o == name);
    let mut report = json!({});
    if wanted("first") {
        report["firstChallenge"] = time_to_first_challenge(loads).await;
        eprintln!("first challenge: {}", report["firstChallenge"]);
    }
    if wanted("chain") {
        // The chain to the first challenge on a phone (#32) and, as its reference, on this
        // machine's own network and CPU; files served gzip -9.
        let loads = std::env::var("MFA_BENCH_CHAIN_LOADS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(5);
        for (key, phone, page) in [
            ("chainPhone", true, "bench.html"),
            ("chainPhonePreload", true, "bench-preload.html"),
            ("chainDesktop", false, "bench.html"),
        ] {
            report[key] = first_challenge_chain(loads, phone, page).await;
            eprintln!("{key}: {}", report[key]["medianMs"]);
        }
    }
    if wanted("login") {
        report["longLogin"] = long_login(45_000).await;
        eprintln!("long login: {}", report["longLogin"]);
    }
    if wanted("polling") {
        report["polling"] = polling_comparison(5, 1_500).await;
        eprintln!("polling: {}", report["polling"]);
    }
    if wanted("sweep") {
        // How fast the next challenge appears, and at what cost, when the bank is quick or slow.
        let runs = std::env::var("MFA_BENCH_SWEEP_RUNS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(5);
        let mut sweep = Vec::new();
        for bank_ms in [500, 800, 1_500, 3_000, 8_000] {
            let row = polling_comparison(runs, bank_ms).await;
            eprintln!("sweep {bank_ms} ms: {row}");
            sweep.push(row);
        }
        report["sweep"] = json!(sweep);
    }
    if wanted("memory") {
        report["memory"] = memory(
            std::env::var("MFA_BENCH_CYCLES")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(200),
        )
        .await;
        eprintln!("memory: {}", report["memory"]);
    }
    if wanted("shift") {
        report["layoutShift"] = layout_shift(5, false).await;
        report["layoutShiftReserved"] = layout_shift(5, true).await;
        eprintln!("layout shift: {}", report["layoutShift"]);
        eprintln!("layout shift (reserved): {}", report["layoutShiftReserved"]);
    }
    if wanted("hidden") {
        report["hidden"] = hidden_tab(60).await;
        eprintln!("hidden: {}", report["hidden"]);
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-browser.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    eprintln!("wrote {}", path.display());
}
