//! The release bundle: `dist/mfa-widget_bg.wasm` (size-optimised by wasm-opt, its import and
//! export names shortened), and the page surface bundled by esbuild from one entry
//! (`src/browser/js/entry.js`: the custom element, the loader, the trap fuse, wasm-bindgen's
//! ES-module glue and the stylesheet as text) in two formats: `dist/mfa-widget.js` (a classic
//! script, an IIFE) and `dist/mfa-widget.mjs` (an ES module), each minified by terser (the
//! readable ones stay in `target/bundle/`); cache-forever copies named by their content, plus
//! typings and a package.json.

use crate::tools::BuildTools;
pub use crate::wasm::size_flags;
use crate::wasm::{build_release_wasm, short_names};
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
    // One glue: wasm-bindgen's ES module (no default wasm path: the loader passes the module).
    let bindgen_dir = root.join("target/bindgen-web");
    run(Command::new(&tools.wasm_bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--omit-default-module-path",
            "--out-dir",
        ])
        .arg(&bindgen_dir)
        .arg(&built))?;
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
    // The glue calling the wasm by its short names (the one edit made to it, by name map).
    let glue = bindgen_dir.join("mfa_widget.short.js");
    write(
        &glue,
        names
            .apply(&read(&bindgen_dir.join("mfa_widget.js"))?)?
            .as_bytes(),
    )?;
    let wasm = std::fs::read(dist.join("mfa-widget_bg.wasm")).map_err(|e| e.to_string())?;
    let wasm_integrity = integrity(&wasm);
    let wasm_hashed = format!("mfa-widget_bg.{}.wasm", content_hash(&wasm));
    write(&dist.join(&wasm_hashed), &wasm)?;

    let bundle = Bundle {
        glue,
        version: version.clone(),
        wasm_integrity: wasm_integrity.clone(),
    };
    let out = root.join("target/bundle");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut tags = Vec::new();
    for module in [false, true] {
        let extension = if module { "mjs" } else { "js" };
        // Plain names (for npm and bundlers) load the plain wasm; cache-forever names load
        // the hashed wasm, and are named by their own content.
        let readable = out.join(format!("mfa-widget.{extension}"));
        bundle.build(tools, "mfa-widget_bg.wasm", module, &readable)?;
        minify(
            tools,
            &readable,
            &dist.join(format!("mfa-widget.{extension}")),
            module,
        )?;
        let readable = out.join(format!("mfa-widget.hashed.{extension}"));
        bundle.build(tools, &wasm_hashed, module, &readable)?;
        let minified = out.join(format!("mfa-widget.hashed.min.{extension}"));
        minify(tools, &readable, &minified, module)?;
        let bytes = std::fs::read(&minified).map_err(|e| e.to_string())?;
        let name = format!("mfa-widget.{}.{extension}", content_hash(&bytes));
        write(&dist.join(&name), &bytes)?;
        tags.push((name, integrity(&bytes), module));
    }

    // An npm-style package: the ES module for bundlers, the classic script for the rest.
    for (from, to) in [
        ("src/browser/mfa-widget.d.ts", "mfa-widget.d.ts"),
        ("src/browser/react.d.ts", "react.d.ts"),
        ("src/browser/vue.d.ts", "vue.d.ts"),
        // The framework components, as written: the app's bundler takes React or Vue and the
        // widget from the app's own dependencies.
        ("src/browser/js/react.js", "react.mjs"),
        ("src/browser/js/vue.js", "vue.mjs"),
        ("LICENSE", "LICENSE"),
        ("CHANGELOG.md", "CHANGELOG.md"),
    ] {
        write(&dist.join(to), read(&root.join(from))?.as_bytes())?;
    }
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
    "./react": {{ "types": "./react.d.ts", "import": "./react.mjs" }},
    "./vue": {{ "types": "./vue.d.ts", "import": "./vue.mjs" }},
    "./mfa-widget_bg.wasm": "./mfa-widget_bg.wasm",
    "./package.json": "./package.json"
  }},
  "files": [
    "mfa-widget.js", "mfa-widget.mjs", "mfa-widget_bg.wasm", "mfa-widget.d.ts",
    "react.d.ts", "react.mjs", "vue.d.ts", "vue.mjs",
    "mfa-widget.*.js", "mfa-widget.*.mjs", "mfa-widget_bg.*.wasm", "integrity.json",
    "CHANGELOG.md"
  ],
  "peerDependencies": {{ "react": ">=16.8", "vue": "^3.0.0" }},
  "peerDependenciesMeta": {{ "react": {{ "optional": true }}, "vue": {{ "optional": true }} }},
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
    pack(&dist, &version)?;

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
/// `target/esm-app/` as an ES module and as an IIFE (pages, bundles, and the wasm copied beside
/// them, as esbuild keeps `new URL(…, import.meta.url)` as it is); `tests/loading.rs` runs
/// both.
pub fn esm_app(tools: &BuildTools) -> Result<(), String> {
    let root = root();
    let out = root.join("target/esm-app");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    // As an ES module, and as esbuild's default (an IIFE, where `import.meta` is empty).
    for (format, bundle) in [("esm", "app.js"), ("iife", "app.iife.js")] {
        run(Command::new(&tools.esbuild)
            .arg(root.join("tests/esm/app.js"))
            .args([
                "--bundle",
                "--platform=browser",
                "--minify",
                "--log-level=error",
            ])
            .arg(format!("--format={format}"))
            .arg(format!(
                "--alias:mfa-widget={}",
                root.join("dist").display()
            ))
            .arg(format!("--outfile={}", out.join(bundle).display())))?;
    }
    for (from, to) in [
        (root.join("tests/esm/index.html"), out.join("index.html")),
        (root.join("tests/esm/iife.html"), out.join("iife.html")),
        (
            root.join("dist/mfa-widget_bg.wasm"),
            out.join("mfa-widget_bg.wasm"),
        ),
    ] {
        std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    Ok(())
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

/// What varies between the bundles besides their format: esbuild takes the page surface
/// (`src/browser/js/entry.js`) with the glue, the loader, the trap fuse and the stylesheet (as
/// text), and the build's values as defines.
struct Bundle {
    /// wasm-bindgen's ES-module glue, with the wasm's short names.
    glue: PathBuf,
    version: String,
    wasm_integrity: String,
}

impl Bundle {
    /// The classic script (`module == false`: an IIFE) or the ES module (exporting
    /// `MfaWidget`), loading the wasm named `wasm_name` beside itself, readable, to `out`.
    fn build(
        &self,
        tools: &BuildTools,
        wasm_name: &str,
        module: bool,
        out: &Path,
    ) -> Result<(), String> {
        let root = root();
        let (format, wasm_url, strict) = if module {
            ("esm", "src/browser/js/wasm_url.module.js", "")
        } else {
            (
                "iife",
                "src/browser/js/wasm_url.classic.js",
                "'use strict';",
            )
        };
        let define = |name: &str, value: &str| -> Result<String, String> {
            Ok(format!("--define:{name}={}", json_string(value)?))
        };
        run(Command::new(&tools.esbuild)
            .current_dir(&root)
            .arg("src/browser/js/entry.js")
            .args([
                "--bundle",
                "--platform=browser",
                "--target=es2020",
                "--charset=utf8",
            ])
            .arg(format!("--format={format}"))
            .arg(format!("--alias:mfa-widget-glue={}", self.glue.display()))
            .arg(format!("--alias:mfa-widget-wasm-url=./{wasm_url}"))
            .arg("--loader:.css=text")
            .arg(define("MFA_VERSION", &self.version)?)
            .arg(define("MFA_WASM_INTEGRITY", &self.wasm_integrity)?)
            .arg(define("MFA_WASM_FILE", &format!("./{wasm_name}"))?)
            .arg(format!(
                "--banner:js=/* mfa-widget {} */{strict}",
                self.version
            ))
            .arg(format!("--outfile={}", out.display())))
    }
}

/// `npm pack` of `dist/`: the package as a registry would hand it out, written to
/// [`tarball`] (what the Node, Vite and webpack tests install).
fn pack(dist: &Path, version: &str) -> Result<(), String> {
    let out = tarball(version);
    let folder = out.parent().ok_or("no folder for the tarball")?;
    std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    run(Command::new("npm")
        .args(["pack", "--silent", "--pack-destination"])
        .arg(folder)
        .arg(dist))?;
    if !out.is_file() {
        return Err(format!("npm pack did not write {}", out.display()));
    }
    println!("npm package: {}", out.display());
    Ok(())
}

/// Where `cargo xtask dist` leaves the npm tarball of `version`.
pub fn tarball(version: &str) -> PathBuf {
    root().join(format!("target/npm/mfa-widget-{version}.tgz"))
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
