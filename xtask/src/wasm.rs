//! The release wasm: compiled (nightly with `std` rebuilt for size when this machine carries
//! the expected one, else stable), optimised by wasm-opt and given short import and export
//! names.

use crate::tools::BuildTools;
use crate::{root, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The nightly toolchain this machine carries (no other can be fetched), used only for the
/// release wasm: it rebuilds `std` for size. Anything else and the stable bundle is built.
const NIGHTLY: (&str, &str) = ("1.97.0-nightly", "2026-05-19");

/// Builds the release wasm: with the nightly toolchain when it is the expected one (std rebuilt
/// with `optimize_for_size`; panics trap at once; no panic locations, no `Debug` output: about
/// 25 KB gzip less),
/// else with stable, saying why. `MFA_STABLE_BUNDLE=1` forces stable. Returns the wasm's path.
pub fn build_release_wasm() -> Result<PathBuf, String> {
    let root = root();
    let args = [
        "build",
        "--release",
        "--lib",
        "-p",
        "mfa-widget",
        "--target",
        "wasm32-unknown-unknown",
    ];
    match nightly_unusable() {
        None => {
            let target_dir = root.join("target/nightly");
            // The flags drop what a shipped build never prints: panic machinery (a panic traps
            // at once; the script's trap net turns any trap into an error in every widget),
            // panic locations, and `Debug` output (the one place it showed, a config error
            // quoting a wrong string, quotes it with the browser's `JSON.stringify`:
            // `embed::quote_value`).
            run(Command::new("rustup")
                .args(["run", NIGHTLY_TOOLCHAIN, "cargo"])
                .args(args)
                .args([
                    "-Zbuild-std=std,panic_abort",
                    "-Zbuild-std-features=optimize_for_size",
                ])
                .env("CARGO_TARGET_DIR", &target_dir)
                .env(
                    "RUSTFLAGS",
                    "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none \
                     -Zfmt-debug=none",
                )
                .env_remove("RUSTUP_TOOLCHAIN")
                .env_remove("RUSTC")
                .env_remove("CARGO"))?;
            Ok(target_dir.join("wasm32-unknown-unknown/release/mfa_widget.wasm"))
        }
        Some(why) => {
            println!("xtask dist: building the stable bundle ({why})");
            run(
                Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())).args(args),
            )?;
            Ok(root.join("target/wasm32-unknown-unknown/release/mfa_widget.wasm"))
        }
    }
}

const NIGHTLY_TOOLCHAIN: &str = "nightly";

/// Why the nightly release build cannot be used here, if it cannot; adds `rust-src` and the
/// wasm32 target to the nightly toolchain when they are missing.
fn nightly_unusable() -> Option<String> {
    if std::env::var("MFA_STABLE_BUNDLE").is_ok_and(|v| v == "1") {
        return Some("MFA_STABLE_BUNDLE=1".into());
    }
    let version = Command::new("rustup")
        .args(["run", NIGHTLY_TOOLCHAIN, "rustc", "--version"])
        .env_remove("RUSTUP_TOOLCHAIN")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let Some(version) = version else {
        return Some("no nightly toolchain on this machine".into());
    };
    if !(version.contains(NIGHTLY.0) && version.contains(NIGHTLY.1)) {
        return Some(format!(
            "the nightly toolchain is `{version}`, not the {} of {} this build is proven with",
            NIGHTLY.0, NIGHTLY.1
        ));
    }
    for args in [
        [
            "component",
            "add",
            "rust-src",
            "--toolchain",
            NIGHTLY_TOOLCHAIN,
        ],
        [
            "target",
            "add",
            "wasm32-unknown-unknown",
            "--toolchain",
            NIGHTLY_TOOLCHAIN,
        ],
    ] {
        let added = Command::new("rustup")
            .args(args)
            .env_remove("RUSTUP_TOOLCHAIN")
            .status()
            .is_ok_and(|s| s.success());
        if !added {
            return Some(format!("`rustup {}` failed", args.join(" ")));
        }
    }
    None
}

/// The wasm's import and export names as wasm-bindgen wrote them (`__wbg_addEventListener_`
/// and a 16-digit hash, closure shims named by their full Rust types) and the one- or two-letter
/// names binaryen gave them, for rewriting the glue. Both files carry every name once, and the
/// hashes do not compress: short names save about 3 KB gzip of wasm and 2.5 KB of script.
pub struct ShortNames {
    module: (String, String),
    imports: Vec<(String, String)>,
    exports: Vec<(String, String)>,
}

/// `wasm-opt --minify-imports-and-exports-and-modules` from `optimised` into `out`, and its map.
pub fn short_names(tools: &BuildTools, optimised: &Path, out: &Path) -> Result<ShortNames, String> {
    let mut command = Command::new(&tools.wasm_opt);
    command
        .args(WASM_FEATURES)
        .arg("--minify-imports-and-exports-and-modules")
        .arg(optimised)
        .arg("-o")
        .arg(out);
    println!("$ {}", format!("{command:?}").replace('"', ""));
    let printed = command
        .output()
        .map_err(|e| format!("cannot start wasm-opt: {e}"))?;
    if !printed.status.success() {
        return Err(format!(
            "wasm-opt could not shorten the wasm's names: {}",
            String::from_utf8_lossy(&printed.stderr)
        ));
    }
    let map: serde_json::Value = serde_json::from_slice(&printed.stdout)
        .map_err(|e| format!("wasm-opt's name map is not JSON: {e}"))?;
    let rows = |key: &str| -> Vec<Vec<String>> {
        map[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|row| {
                row.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .collect()
    };
    let imports = rows("imports");
    let exports = rows("exports");
    let old_modules: std::collections::BTreeSet<&String> =
        imports.iter().filter_map(|row| row.first()).collect();
    let new_modules = import_modules(&std::fs::read(out).map_err(|e| e.to_string())?)?;
    let (Some(old_module), Some(new_module), 1, 1) = (
        old_modules.first(),
        new_modules.first(),
        old_modules.len(),
        new_modules.len(),
    ) else {
        return Err(format!(
            "expected the wasm to import from one module, before ({old_modules:?}) and after \
             ({new_modules:?}) its names were shortened"
        ));
    };
    let pair = |row: &[String]| match row {
        [old, new] => Some((old.clone(), new.clone())),
        _ => None,
    };
    Ok(ShortNames {
        module: ((*old_module).clone(), new_module.clone()),
        imports: imports.iter().filter_map(|row| pair(&row[1..])).collect(),
        exports: exports.iter().filter_map(|row| pair(row)).collect(),
    })
}

/// The module names a wasm imports from.
fn import_modules(wasm: &[u8]) -> Result<std::collections::BTreeSet<String>, String> {
    let mut modules = std::collections::BTreeSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(section) = payload.map_err(|e| e.to_string())? {
            for import in section.into_imports() {
                modules.insert(import.map_err(|e| e.to_string())?.module.to_string());
            }
        }
    }
    Ok(modules)
}

impl ShortNames {
    /// The glue, calling the wasm by its short names: the import object's keys
    /// (`name: function`), its module key, and every `wasm.name`. Fails if any long name is
    /// left, so a wasm-bindgen that writes its glue another way stops the build here.
    pub fn apply(&self, glue: &str) -> Result<String, String> {
        let mut glue = glue.replace(
            &format!("\"{}\": import0", self.module.0),
            &format!("\"{}\": import0", self.module.1),
        );
        for (old, new) in &self.imports {
            glue = glue.replace(&format!("{old}: function"), &format!("\"{new}\": function"));
        }
        let exports: std::collections::HashMap<&str, &str> = self
            .exports
            .iter()
            .map(|(old, new)| (old.as_str(), new.as_str()))
            .collect();
        let mut out = String::with_capacity(glue.len());
        let mut rest = glue.as_str();
        while let Some(at) = rest.find("wasm.") {
            let (before, after) = rest.split_at(at + "wasm.".len());
            out.push_str(before);
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                .unwrap_or(after.len());
            let name = &after[..end];
            out.push_str(exports.get(name).copied().unwrap_or(name));
            rest = &after[end..];
        }
        out.push_str(rest);
        let left: Vec<&str> = self
            .imports
            .iter()
            .map(|(old, _)| old.as_str())
            .chain(self.exports.iter().map(|(old, _)| old.as_str()))
            .filter(|old| {
                out.contains(&format!("wasm.{old}(")) || out.contains(&format!("{old}: function"))
            })
            .chain(
                out.contains(&self.module.0)
                    .then_some(self.module.0.as_str()),
            )
            .collect();
        if left.is_empty() {
            Ok(out)
        } else {
            Err(format!(
                "the glue still calls the wasm by long names after shortening: {left:?}"
            ))
        }
    }
}

/// The wasm features wasm-opt may use (what Rust's wasm32 target emits).
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-reference-types",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-multivalue",
    "--enable-mutable-globals",
];

/// wasm-opt's optimisation for the shipped wasm (also `cargo xtask size`'s, which keeps names).
pub fn size_flags() -> Vec<&'static str> {
    let mut flags = vec!["-Oz"];
    flags.extend(WASM_FEATURES);
    // Run the passes until they stop finding anything (−0.6 KB gzip, measured), then once
    // more on flattened, re-structured control flow (−0.7 KB gzip more, measured).
    flags.extend(["--converge", "--flatten", "--rereloop", "-Oz"]);
    flags
}
