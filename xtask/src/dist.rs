//! The release bundle: `dist/mfa-widget.js` (one classic script: wasm-bindgen's no-modules
//! glue and the custom element, inside one IIFE, minified by terser; the readable one stays in
//! `target/bindgen/`; the stylesheet is inside it, for a constructable stylesheet) and
//! `dist/mfa-widget_bg.wasm` (size-optimised by wasm-opt), plus typings and a package.json.

use crate::tools::BuildTools;
use crate::{root, run};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one file of the bundle weighs.
pub struct Size {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub type Sizes = Vec<Size>;

pub fn build(tools: &BuildTools) -> Result<Sizes, String> {
    let root = root();
    let version = widget_version()?;
    let built = build_release_wasm()?;
    // The same wasm serves both entries; only the glue differs.
    let bindgen_dir = root.join("target/bindgen");
    let web_dir = root.join("target/bindgen-web");
    for (target, dir) in [("no-modules", &bindgen_dir), ("web", &web_dir)] {
        run(Command::new(&tools.wasm_bindgen)
            .args(["--target", target, "--no-typescript", "--out-dir"])
            .arg(dir)
            .arg(&built))?;
    }
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("dist/: {e}"))?;
    remove_hashed(&dist)?;
    run(Command::new(&tools.wasm_opt)
        .args(size_flags())
        .args(["--strip-debug", "--strip-producers"])
        .arg(bindgen_dir.join("mfa_widget_bg.wasm"))
        .arg("-o")
        .arg(bindgen_dir.join("mfa_widget_bg.opt.wasm")))?;
    let names = short_names(
        tools,
        &bindgen_dir.join("mfa_widget_bg.opt.wasm"),
        &dist.join("mfa-widget_bg.wasm"),
    )?;
    let wasm = std::fs::read(dist.join("mfa-widget_bg.wasm")).map_err(|e| e.to_string())?;
    let wasm_integrity = integrity(&wasm);
    let wasm_hashed = format!("mfa-widget_bg.{}.wasm", content_hash(&wasm));
    write(&dist.join(&wasm_hashed), &wasm)?;

    let sources = Sources {
        classic_glue: names.apply(&read(&bindgen_dir.join("mfa_widget.js"))?)?,
        web_glue: names.apply(&read(&web_dir.join("mfa_widget.js"))?)?,
        trap_fuse: read(&root.join("src/browser/trap_fuse.js"))?,
        element: read(&root.join("src/browser/element.js"))?,
        css: read(&root.join("src/ui/widget.css"))?,
        version: version.clone(),
        wasm_integrity: wasm_integrity.clone(),
    };
    let mut tags = Vec::new();
    for module in [false, true] {
        let extension = if module { "mjs" } else { "js" };
        // Plain names (for npm and bundlers) load the plain wasm; cache-forever names load
        // the hashed wasm, and are named by their own content.
        let readable = bindgen_dir.join(format!("mfa-widget.{extension}"));
        write(
            &readable,
            sources.bundle("mfa-widget_bg.wasm", module)?.as_bytes(),
        )?;
        minify(
            tools,
            &readable,
            &dist.join(format!("mfa-widget.{extension}")),
            module,
        )?;
        let readable = bindgen_dir.join(format!("mfa-widget.hashed.{extension}"));
        write(&readable, sources.bundle(&wasm_hashed, module)?.as_bytes())?;
        let minified = bindgen_dir.join(format!("mfa-widget.hashed.min.{extension}"));
        minify(tools, &readable, &minified, module)?;
        let bytes = std::fs::read(&minified).map_err(|e| e.to_string())?;
        let name = format!("mfa-widget.{}.{extension}", content_hash(&bytes));
        write(&dist.join(&name), &bytes)?;
        tags.push((name, integrity(&bytes), module));
    }

    // An npm-style package: the ES module for bundlers, the classic script for the rest.
    let types = read(&root.join("src/browser/mfa-widget.d.ts"))?;
    write(&dist.join("mfa-widget.d.ts"), types.as_bytes())?;
    // Written by hand: the order of `exports` conditions matters ("types" first, "import"
    // before "default"), and serde_json sorts keys.
    let package = format!(
        r#"{{
  "name": "mfa-widget",
  "version": "{version}",
  "description": "Drop-in MFA challenge widget for account-aggregation jobs (Rust + WebAssembly)",
  "license": "MIT",
  "main": "mfa-widget.js",
  "module": "mfa-widget.mjs",
  "types": "mfa-widget.d.ts",
  "exports": {{
    ".": {{
      "types": "./mfa-widget.d.ts",
      "import": "./mfa-widget.mjs",
      "default": "./mfa-widget.js"
    }},
    "./mfa-widget_bg.wasm": "./mfa-widget_bg.wasm",
    "./package.json": "./package.json"
  }},
  "files": [
    "mfa-widget.js", "mfa-widget.mjs", "mfa-widget_bg.wasm", "mfa-widget.d.ts",
    "mfa-widget.*.js", "mfa-widget.*.mjs", "mfa-widget_bg.*.wasm", "integrity.json"
  ],
  "sideEffects": true
}}
"#
    );
    write(&dist.join("package.json"), package.as_bytes())?;
    let mut manifest = serde_json::Map::new();
    manifest.insert(wasm_hashed.clone(), wasm_integrity.clone().into());
    for (name, hash, _) in &tags {
        manifest.insert(name.clone(), hash.clone().into());
    }
    let manifest = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())? + "\n";
    write(&dist.join("integrity.json"), manifest.as_bytes())?;

    let mut sizes = Sizes::new();
    for name in ["mfa-widget.js", "mfa-widget_bg.wasm"] {
        let bytes = std::fs::read(dist.join(name)).map_err(|e| format!("{name}: {e}"))?;
        sizes.push(Size {
            name: name.to_string(),
            raw: bytes.len(),
            gzip: gzip_len(&bytes),
            brotli: brotli_len(&bytes),
        });
    }
    print_sizes(&sizes);
    println!("Cache-forever files with Subresource Integrity (dist/integrity.json); paste one:");
    for (name, hash, module) in &tags {
        let kind = if *module {
            r#" type="module""#
        } else {
            " defer"
        };
        println!(
            r#"  <script{kind} src="https://cdn.example/{name}" integrity="{hash}" crossorigin="anonymous"></script>"#
        );
    }
    println!("  (each fetches {wasm_hashed} with integrity {wasm_integrity})\n");
    Ok(sizes)
}

/// A host app that imports the ES-module entry by package name, bundled by esbuild into
/// `target/esm-app/` (page, bundle, and the wasm copied beside the bundle, as esbuild keeps
/// `new URL(…, import.meta.url)` as it is); the end-to-end tests serve and run it.
pub fn esm_app(tools: &BuildTools) -> Result<(), String> {
    let root = root();
    let out = root.join("target/esm-app");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    run(Command::new(&tools.esbuild)
        .arg(root.join("tests/esm/app.js"))
        .args(["--bundle", "--format=esm", "--platform=browser", "--minify"])
        .arg(format!(
            "--alias:mfa-widget={}",
            root.join("dist").display()
        ))
        .arg(format!("--outfile={}", out.join("app.js").display())))?;
    for (from, to) in [
        (root.join("tests/esm/index.html"), out.join("index.html")),
        (
            root.join("dist/mfa-widget_bg.wasm"),
            out.join("mfa-widget_bg.wasm"),
        ),
    ] {
        std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    Ok(())
}

/// The nightly toolchain this machine carries (no other can be fetched), used only for the
/// release wasm: it rebuilds `std` for size. Anything else and the stable bundle is built.
const NIGHTLY: (&str, &str) = ("1.97.0-nightly", "2026-05-19");

/// Builds the release wasm: with the nightly toolchain when it is the expected one (std rebuilt
/// with `optimize_for_size`; panics trap at once; no panic locations, no `Debug` output: about
/// 25 KB gzip less),
/// else with stable, saying why. `MFA_STABLE_BUNDLE=1` forces stable. Returns the wasm's path.
fn build_release_wasm() -> Result<PathBuf, String> {
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
struct ShortNames {
    module: (String, String),
    imports: Vec<(String, String)>,
    exports: Vec<(String, String)>,
}

/// `wasm-opt --minify-imports-and-exports-and-modules` from `optimised` into `out`, and its map.
fn short_names(tools: &BuildTools, optimised: &Path, out: &Path) -> Result<ShortNames, String> {
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
    fn apply(&self, glue: &str) -> Result<String, String> {
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

/// terser, keeping the version banner.
fn minify(tools: &BuildTools, source: &Path, out: &Path, module: bool) -> Result<(), String> {
    let mut terser = Command::new(&tools.terser);
    terser.arg(source).args([
        "--compress",
        "--mangle",
        "--ecma",
        "2020",
        "--comments",
        "/^ mfa-widget/",
    ]);
    if module {
        terser.arg("--module");
    }
    run(terser.arg("-o").arg(out))
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

/// What the bundles are made of.
struct Sources {
    classic_glue: String,
    web_glue: String,
    /// Put before either glue, which then takes the wasm's exports through it.
    trap_fuse: String,
    element: String,
    css: String,
    version: String,
    wasm_integrity: String,
}

impl Sources {
    /// The classic script (`module == false`: one IIFE around the element code and the
    /// no-modules glue) or the ES module (the web glue, its exports replaced by `MfaWidget`),
    /// loading the wasm named `wasm_name` beside itself.
    fn bundle(&self, wasm_name: &str, module: bool) -> Result<String, String> {
        let location = if module {
            // The one form bundlers (Vite, webpack 5, Parcel) resolve and copy.
            format!("new URL('./{wasm_name}', import.meta.url).href")
        } else {
            format!(
                "new URL('{wasm_name}', (document.currentScript && document.currentScript.src) || document.baseURI).href"
            )
        };
        let element = fill(
            &self.element,
            "/*MFA_WIDGET_CSS*/ ''",
            &json_string(&self.css)?,
        )?;
        let element = fill(
            &element,
            "/*MFA_VERSION*/ '0.0.0'",
            &json_string(&self.version)?,
        )?;
        let element = fill(&element, "/*MFA_WASM_URL*/ 'mfa-widget_bg.wasm'", &location)?;
        let element = fill(
            &element,
            "/*MFA_WASM_INTEGRITY*/ ''",
            &json_string(&self.wasm_integrity)?,
        )?;
        let banner = format!("/* mfa-widget {} */\n", self.version);
        let fuse = &self.trap_fuse;
        // Every call into the wasm passes the trap fuse.
        let guarded = "wasm = guardExports(instance.exports);";
        if !module {
            // The fuse and the glue first (they only define `guardExports` and
            // `wasm_bindgen`), then the element code, which returns `MfaWidget` (or the copy
            // an earlier include made).
            let glue = fill(&self.classic_glue, "wasm = instance.exports;", guarded)?;
            return Ok(format!(
                "{banner}(function () {{\n'use strict';\n{fuse}\n{glue}\n{element}\n}})();\n"
            ));
        }
        let glue = fill(&self.web_glue, "wasm = instance.exports;", guarded)?;
        let glue = fill(
            &glue,
            "new URL('mfa_widget_bg.wasm', import.meta.url)",
            &format!("new URL('./{wasm_name}', import.meta.url)"),
        )?;
        let glue = fill(&glue, "export { initSync, __wbg_init as default };", "")?;
        // The wasm's functions, as the no-modules glue puts them on `wasm_bindgen`: read off
        // the web glue's own exports, so both entries always offer the same ones.
        let functions: Vec<&str> = glue
            .split("\nexport function ")
            .skip(1)
            .filter_map(|rest| rest.split('(').next())
            .collect();
        let glue = glue
            .replace("\nexport class ", "\nclass ")
            .replace("\nexport function ", "\nfunction ");
        if glue.contains("\nexport ") {
            return Err(
                "wasm-bindgen's web glue exports something new: update xtask/src/dist.rs".into(),
            );
        }
        Ok(format!(
            "{banner}{fuse}\n{glue}\nconst wasm_bindgen = Object.assign((options) => __wbg_init(options), {{ {} }});\nconst MfaWidget = (function () {{\n{element}\n}})();\nexport {{ MfaWidget }};\nexport default MfaWidget;\n",
            functions.join(", ")
        ))
    }
}

/// Replaces the one occurrence of `marker` (a missing one is a build error, not a silent miss).
fn fill(text: &str, marker: &str, value: &str) -> Result<String, String> {
    match text.matches(marker).count() {
        1 => Ok(text.replacen(marker, value, 1)),
        n => Err(format!(
            "expected `{marker}` once in a bundle source, found it {n} times"
        )),
    }
}

fn json_string(text: &str) -> Result<String, String> {
    serde_json::to_string(text).map_err(|e| e.to_string())
}

/// The widget crate's version (not xtask's): one version everywhere.
pub fn widget_version() -> Result<String, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root())
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    metadata["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == "mfa-widget"))
        .and_then(|p| p["version"].as_str())
        .map(str::to_string)
        .ok_or_else(|| "cargo metadata: no mfa-widget package".into())
}

/// `sha384-<base64>`, the Subresource Integrity form.
fn integrity(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The content part of a cache-forever file name (10 hex digits of its SHA-384).
fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha384::digest(bytes)[..5]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Removes hashed files of earlier builds, so dist/ holds one build.
fn remove_hashed(dist: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("dist/: {e}"))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let parts: Vec<&str> = name.split('.').collect();
        let hashed = parts.len() == 3
            && (parts[0] == "mfa-widget" || parts[0] == "mfa-widget_bg")
            && parts[1].len() == 10
            && parts[1].bytes().all(|b| b.is_ascii_hexdigit());
        if hashed {
            std::fs::remove_file(entry.path()).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &PathBuf, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|_| encoder.finish())
        .map(|v| v.len())
        .unwrap_or(0)
}

fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => 0,
    }
}

fn print_sizes(sizes: &Sizes) {
    println!("\ndist/ (what a browser downloads)");
    let (gz, _) = print_size_rows(sizes, "");
    println!("({:.1} KB gzip)\n", gz as f64 / 1024.0);
}

/// The size table (file, raw, gzip -9, brotli, and the total); returns the gzip and brotli
/// totals.
pub fn print_size_rows(sizes: &Sizes, indent: &str) -> (usize, usize) {
    println!(
        "{indent}{:<22} {:>10} {:>10} {:>10}",
        "file", "raw bytes", "gzip -9", "brotli"
    );
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for s in sizes {
        println!(
            "{indent}{:<22} {:>10} {:>10} {:>10}",
            s.name, s.raw, s.gzip, s.brotli
        );
        raw += s.raw;
        gz += s.gzip;
        br += s.brotli;
    }
    println!("{indent}{:<22} {raw:>10} {gz:>10} {br:>10}", "total");
    (gz, br)
}
