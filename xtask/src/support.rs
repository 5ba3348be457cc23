//! `cargo xtask support`: the browser-support table, derived rather than remembered. Each platform
//! feature the bundle relies on is listed with the evidence that it ships (a name in the script
//! or in the wasm's bytes, or a WebAssembly proposal the wasm's code does not validate without),
//! and the first version of each browser that has it comes from MDN's browser-compat-data
//! (pinned in `tools/`). A listed feature that no longer ships, or a WebAssembly proposal the wasm
//! needs and the list lacks, stops the command: the table cannot go stale silently.
//! `cargo xtask test` checks that README carries the table as this prints it.

use crate::root;
use serde_json::Value;
use wasmparser::{Validator, WasmFeatures};

/// How much the widget depends on a feature.
#[derive(Clone, Copy, PartialEq)]
enum Need {
    /// Without it the widget does not start.
    Required,
    /// Needed on pages whose Content-Security-Policy restricts `script-src` (a bank's do).
    UnderCsp,
    /// The widget works without it, minus this.
    Degrades(&'static str),
}

/// What in the bundle shows that it uses a feature.
enum Evidence {
    /// This text occurs in the classic script or in the wasm's bytes (its data: strings the
    /// Rust code hands to the browser, such as property and event names).
    Text(&'static str),
    /// The wasm does not validate with this proposal turned off.
    Wasm(WasmFeatures),
    /// Any wasm in a page under a CSP.
    RunningWasm,
}

struct Feature {
    name: &'static str,
    /// The key in MDN's browser-compat-data.
    bcd: &'static str,
    evidence: Evidence,
    need: Need,
}

const FEATURES: &[Feature] = &[
    Feature {
        name: "WebAssembly reference types",
        bcd: "webassembly.reference-types",
        evidence: Evidence::Wasm(WasmFeatures::REFERENCE_TYPES),
        need: Need::Required,
    },
    Feature {
        name: "WebAssembly bulk memory operations",
        bcd: "webassembly.bulk-memory-operations",
        evidence: Evidence::Wasm(WasmFeatures::BULK_MEMORY),
        need: Need::Required,
    },
    Feature {
        name: "WebAssembly multi-value",
        bcd: "webassembly.multi-value",
        evidence: Evidence::Wasm(WasmFeatures::MULTI_VALUE),
        need: Need::Required,
    },
    Feature {
        name: "WebAssembly non-trapping float-to-int",
        bcd: "webassembly.non-trapping-float-to-int-conversions",
        evidence: Evidence::Wasm(WasmFeatures::SATURATING_FLOAT_TO_INT),
        need: Need::Required,
    },
    Feature {
        name: "WebAssembly sign-extension operators",
        bcd: "webassembly.sign-extension-operations",
        evidence: Evidence::Wasm(WasmFeatures::SIGN_EXTENSION),
        need: Need::Required,
    },
    Feature {
        name: "`BigInt` (64-bit values between JS and wasm)",
        bcd: "javascript.builtins.BigInt",
        evidence: Evidence::Text("BigInt"),
        need: Need::Required,
    },
    Feature {
        name: "`??` in the script",
        bcd: "javascript.operators.nullish_coalescing",
        evidence: Evidence::Text("??"),
        need: Need::Required,
    },
    Feature {
        name: "custom elements",
        bcd: "api.CustomElementRegistry.define",
        evidence: Evidence::Text("customElements"),
        need: Need::Required,
    },
    Feature {
        name: "shadow DOM",
        bcd: "api.Element.attachShadow",
        evidence: Evidence::Text("attachShadow"),
        need: Need::Required,
    },
    Feature {
        name: "constructable stylesheets",
        bcd: "api.CSSStyleSheet.CSSStyleSheet",
        evidence: Evidence::Text("replaceSync"),
        need: Need::Required,
    },
    Feature {
        name: "`adoptedStyleSheets` in shadow roots",
        bcd: "api.ShadowRoot.adoptedStyleSheets",
        evidence: Evidence::Text("adoptedStyleSheets"),
        need: Need::Required,
    },
    Feature {
        name: "`AbortController` (request time limits)",
        bcd: "api.AbortController",
        evidence: Evidence::Text("AbortController"),
        need: Need::Required,
    },
    Feature {
        name: "`fetch` with `integrity` (the wasm's hash)",
        bcd: "api.Request.integrity",
        evidence: Evidence::Text("integrity"),
        need: Need::Required,
    },
    Feature {
        name: "`Response.body` read as a stream (bounded bodies)",
        bcd: "api.Response.body",
        evidence: Evidence::Text("getReader"),
        need: Need::Required,
    },
    Feature {
        name: "CSP `'wasm-unsafe-eval'`",
        bcd: "http.headers.Content-Security-Policy.script-src.wasm-unsafe-eval",
        evidence: Evidence::RunningWasm,
        need: Need::UnderCsp,
    },
    Feature {
        name: "`fetch` `keepalive`",
        bcd: "api.Request.keepalive",
        evidence: Evidence::Text("keepalive"),
        need: Need::Degrades("an outcome event posted as the page closes can be lost"),
    },
    Feature {
        name: "`WebAssembly.compileStreaming`",
        bcd: "webassembly.api.compileStreaming_static",
        evidence: Evidence::Text("compileStreaming"),
        need: Need::Degrades("the wasm compiles after its download, not during it"),
    },
    Feature {
        name: "`prefers-color-scheme`",
        bcd: "css.at-rules.media.prefers-color-scheme",
        evidence: Evidence::Text("prefers-color-scheme"),
        need: Need::Degrades("light theme only, unless `theme` says dark"),
    },
    Feature {
        name: "`visibilitychange`",
        bcd: "api.Document.visibilitychange_event",
        evidence: Evidence::Text("visibilitychange"),
        need: Need::Degrades("a hidden tab polls at the normal pace"),
    },
];

/// The WebAssembly proposals a wasm might need, each with its browser-compat-data key: one the
/// wasm needs and the table lacks is an error.
const WASM_PROPOSALS: &[(WasmFeatures, &str)] = &[
    (WasmFeatures::REFERENCE_TYPES, "webassembly.reference-types"),
    (
        WasmFeatures::BULK_MEMORY,
        "webassembly.bulk-memory-operations",
    ),
    (WasmFeatures::MULTI_VALUE, "webassembly.multi-value"),
    (
        WasmFeatures::SATURATING_FLOAT_TO_INT,
        "webassembly.non-trapping-float-to-int-conversions",
    ),
    (
        WasmFeatures::SIGN_EXTENSION,
        "webassembly.sign-extension-operations",
    ),
    (WasmFeatures::SIMD, "webassembly.fixed-width-SIMD"),
    (WasmFeatures::RELAXED_SIMD, "webassembly.relaxed-SIMD"),
    (WasmFeatures::THREADS, "webassembly.threads-and-atomics"),
    (WasmFeatures::TAIL_CALL, "webassembly.tail-calls"),
    (WasmFeatures::EXCEPTIONS, "webassembly.exception-handling"),
    (WasmFeatures::MEMORY64, "webassembly.memory64"),
    (WasmFeatures::MULTI_MEMORY, "webassembly.multiMemory"),
    (
        WasmFeatures::EXTENDED_CONST,
        "webassembly.extended-constant-expressions",
    ),
    (WasmFeatures::GC, "webassembly.garbage-collection"),
];

/// The browsers of the table: browser-compat-data's name and the column's.
const BROWSERS: &[(&str, &str)] = &[
    ("chrome", "Chrome"),
    ("edge", "Edge"),
    ("firefox", "Firefox"),
    ("safari", "Safari"),
    ("safari_ios", "Safari on iOS"),
];

const START: &str = "<!-- browser-support: `cargo xtask support` writes this table -->";
const END: &str = "<!-- browser-support end -->";

/// `cargo xtask support [--write]`: prints the table, or writes it into README.
pub fn support(args: &[String]) -> Result<(), String> {
    let table = table()?;
    match args {
        [] => {
            print!("{table}");
            Ok(())
        }
        [flag] if flag == "--write" => {
            let path = root().join("README.md");
            let readme = std::fs::read_to_string(&path).map_err(|e| format!("README.md: {e}"))?;
            let (before, after) = split_readme(&readme)?;
            std::fs::write(&path, format!("{before}{START}\n{table}{END}{after}"))
                .map_err(|e| format!("README.md: {e}"))?;
            println!("README.md: browser-support table written");
            Ok(())
        }
        _ => Err("usage: cargo xtask support [--write]".into()),
    }
}

/// Fails unless README carries the table as [`support`] makes it.
pub fn check_readme() -> Result<(), String> {
    let table = table()?;
    let readme =
        std::fs::read_to_string(root().join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    let (before, _) = split_readme(&readme)?;
    let shown = &readme[before.len() + START.len() + 1..];
    if shown.starts_with(&table) && shown[table.len()..].starts_with(END) {
        println!("README's browser-support table matches the bundle and browser-compat-data");
        Ok(())
    } else {
        Err("README's browser-support table is not what the bundle needs: run `cargo xtask support --write`".into())
    }
}

/// README's text before the table's start marker and after its end marker.
fn split_readme(readme: &str) -> Result<(&str, &str), String> {
    let start = readme
        .find(START)
        .ok_or(format!("README.md lacks the line {START}"))?;
    let end = readme[start..]
        .find(END)
        .ok_or(format!("README.md lacks the line {END}"))?
        + start;
    Ok((&readme[..start], &readme[end + END.len()..]))
}

/// The table in markdown, from `dist/` and browser-compat-data.
fn table() -> Result<String, String> {
    let dist = root().join("dist");
    let script = std::fs::read(dist.join("mfa-widget.js"))
        .map_err(|e| format!("dist/mfa-widget.js: {e} (run `cargo xtask dist`)"))?;
    let wasm = std::fs::read(dist.join("mfa-widget_bg.wasm"))
        .map_err(|e| format!("dist/mfa-widget_bg.wasm: {e} (run `cargo xtask dist`)"))?;
    let path = root().join("tools/node_modules/@mdn/browser-compat-data/data.json");
    let data: Value = serde_json::from_slice(
        &std::fs::read(&path)
            .map_err(|e| format!("{}: {e} (run `cargo xtask tools`)", path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    let bcd_version = data["__meta"]["version"]
        .as_str()
        .unwrap_or("?")
        .to_string();

    let needs = |proposal: WasmFeatures| {
        let mut features = WasmFeatures::default();
        features.remove(proposal);
        Validator::new_with_features(features)
            .validate_all(&wasm)
            .is_err()
    };
    Validator::new_with_features(WasmFeatures::default())
        .validate_all(&wasm)
        .map_err(|e| format!("dist/mfa-widget_bg.wasm does not validate: {e}"))?;
    let mut problems = Vec::new();
    for (proposal, key) in WASM_PROPOSALS {
        let listed = FEATURES.iter().any(|f| f.bcd == *key);
        if needs(*proposal) && !listed {
            problems.push(format!(
                "the wasm needs `{key}`, which the table does not list"
            ));
        }
    }
    let contains = |haystack: &[u8], needle: &str| {
        haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    };
    let mut rows = String::new();
    let mut floor = vec![None; BROWSERS.len()];
    let mut floor_csp = vec![None; BROWSERS.len()];
    for feature in FEATURES {
        let shipped = match feature.evidence {
            Evidence::Text(text) => contains(&script, text) || contains(&wasm, text),
            Evidence::Wasm(proposal) => needs(proposal),
            Evidence::RunningWasm => true,
        };
        if !shipped {
            problems.push(format!(
                "the bundle no longer uses {} (`{}`): drop it from xtask/src/support.rs",
                feature.name, feature.bcd
            ));
            continue;
        }
        let mut cells = Vec::new();
        for (i, (browser, _)) in BROWSERS.iter().enumerate() {
            let version = first_version(&data, feature.bcd, browser)
                .map_err(|e| format!("browser-compat-data {}: {e}", feature.bcd))?;
            match feature.need {
                Need::Required => {
                    raise(&mut floor[i], &version);
                    raise(&mut floor_csp[i], &version);
                }
                Need::UnderCsp => raise(&mut floor_csp[i], &version),
                Need::Degrades(_) => {}
            }
            cells.push(shown(&version));
        }
        let need = match feature.need {
            Need::Required => "required".to_string(),
            Need::UnderCsp => "required under a CSP".to_string(),
            Need::Degrades(loss) => format!("without it, {loss}"),
        };
        rows.push_str(&format!(
            "| {} (`{}`) | {need} | {} |\n",
            feature.name,
            feature.bcd,
            cells.join(" | ")
        ));
    }
    if !problems.is_empty() {
        return Err(format!(
            "the support table is stale:\n  {}",
            problems.join("\n  ")
        ));
    }
    let header: Vec<&str> = BROWSERS.iter().map(|(_, column)| *column).collect();
    let floors = |versions: &[Option<Version>]| {
        versions
            .iter()
            .map(|v| v.as_ref().map(shown).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    Ok(format!(
        "| feature (browser-compat-data key) | the widget | {} |\n| --- | --- |{}\n{rows}| **minimum version** | every required feature | {} |\n| **minimum under a CSP** | and `'wasm-unsafe-eval'` | {} |\n\nVersions from MDN's browser-compat-data {bcd_version}; the features from what `dist/` ships.\n",
        header.join(" | "),
        " --- |".repeat(BROWSERS.len()),
        floors(&floor),
        floors(&floor_csp),
    ))
}

/// A browser version as browser-compat-data gives it: numbers (`"15.1"`), or `"≤79"` (at
/// most that one: taken as that one, the safe side for a minimum).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Version(Vec<u32>);

fn shown(version: &Version) -> String {
    version
        .0
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

fn raise(floor: &mut Option<Version>, version: &Version) {
    if floor.as_ref().is_none_or(|f| f < version) {
        *floor = Some(version.clone());
    }
}

/// The first version of `browser` that supports `key` without a flag or prefix.
fn first_version(data: &Value, key: &str, browser: &str) -> Result<Version, String> {
    let mut node = data;
    for part in key.split('.') {
        node = node.get(part).ok_or("no such key")?;
    }
    let support = &node["__compat"]["support"][browser];
    let statements: Vec<&Value> = match support {
        Value::Array(list) => list.iter().collect(),
        Value::Object(_) => vec![support],
        _ => return Err(format!("no data for {browser}")),
    };
    let plain = statements
        .into_iter()
        .find(|s| {
            s.get("flags").is_none()
                && s.get("prefix").is_none()
                && s.get("alternative_name").is_none()
                && s.get("partial_implementation").is_none()
        })
        .ok_or(format!("{browser} has it only behind a flag or prefix"))?;
    let added = plain["version_added"]
        .as_str()
        .ok_or(format!("{browser} does not support it"))?;
    let numbers: Result<Vec<u32>, _> = added
        .trim_start_matches('≤')
        .split('.')
        .map(str::parse)
        .collect();
    numbers
        .map(Version)
        .map_err(|_| format!("{browser}: version {added:?}"))
}
