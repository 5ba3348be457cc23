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
    for format in Format::ALL {
        let extension = format.extension();
        // Plain names (for npm and bundlers) load the plain wasm; cache-forever names load
        // the hashed wasm, and are named by their own content.
        let readable = out.join(format!("mfa-widget.{extension}"));
        bundle.build(tools, "mfa-widget_bg.wasm", format, &readable)?;
        let published = dist.join(format!("mfa-widget.{extension}"));
        if format == Format::CommonJs {
            // For `require`, from npm only (no tag to paste): left readable, as the app's
            // bundler minifies it, and as tools that read CommonJS exports (TypeScript, Are The
            // Types Wrong) see them.
            std::fs::copy(&readable, &published).map_err(|e| e.to_string())?;
            continue;
        }
        minify(tools, &readable, &published, format)?;
        let readable = out.join(format!("mfa-widget.hashed.{extension}"));
        bundle.build(tools, &wasm_hashed, format, &readable)?;
        let minified = out.join(format!("mfa-widget.hashed.min.{extension}"));
        minify(tools, &readable, &minified, format)?;
        let bytes = std::fs::read(&minified).map_err(|e| e.to_string())?;
        let name = format!("mfa-widget.{}.{extension}", content_hash(&bytes));
        write(&dist.join(&name), &bytes)?;
        tags.push((name, integrity(&bytes), format == Format::Module));
    }
    crate::package::write(tools, &dist, &version)?;
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
/// them, as esbuild keeps `new URL(…, import.meta.url)` as it is), and the same app requiring
/// the CommonJS entry; `tests/loading.rs` runs all three.
pub fn esm_app(tools: &BuildTools) -> Result<(), String> {
    let root = root();
    let out = root.join("target/esm-app");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    // As an ES module, and as esbuild's default (an IIFE, where `import.meta` is empty); and
    // the app written as CommonJS (`require`), as an IIFE.
    for (source, format, bundle) in [
        ("app.js", "esm", "app.js"),
        ("app.js", "iife", "app.iife.js"),
        ("app.cjs", "iife", "app.require.js"),
    ] {
        run(Command::new(&tools.esbuild)
            .arg(root.join("tests/esm").join(source))
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
    // The CommonJS app's page: the IIFE page with its bundle.
    let page = read(&out.join("iife.html"))?.replace("/app.iife.js", "/app.require.js");
    write(&out.join("require.html"), page.as_bytes())
}

/// terser, keeping the version banner.
fn minify(tools: &BuildTools, source: &Path, out: &Path, format: Format) -> Result<(), String> {
    let mut terser = Command::new(&tools.terser);
    terser.arg(source).args([
        "--compress",
        "--mangle",
        "--ecma",
        "2020",
        "--comments",
        "/^ mfa-widget/",
    ]);
    if format == Format::Module {
        terser.arg("--module");
    }
    run(terser.arg("-o").arg(out))
}

/// The page surface's three forms: the classic script (an IIFE that finds its wasm beside
/// itself), the ES module (beside itself, through `import.meta.url`) and the CommonJS module
/// for `require` (which cannot tell, and needs `wasmUrl`).
#[derive(Clone, Copy, PartialEq)]
pub enum Format {
    Classic,
    Module,
    CommonJs,
}

impl Format {
    const ALL: [Format; 3] = [Format::Classic, Format::Module, Format::CommonJs];

    fn extension(self) -> &'static str {
        match self {
            Format::Classic => "js",
            Format::Module => "mjs",
            Format::CommonJs => "cjs",
        }
    }

    /// esbuild's name for it, and where the wasm's address comes from.
    fn esbuild(self) -> (&'static str, &'static str) {
        match self {
            Format::Classic => ("iife", "src/browser/js/wasm_url.classic.js"),
            Format::Module => ("esm", "src/browser/js/wasm_url.module.js"),
            Format::CommonJs => ("cjs", "src/browser/js/wasm_url.commonjs.js"),
        }
    }
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
    /// The page surface in `format`, loading the wasm named `wasm_name` beside itself (where
    /// it can tell), readable, to `out`.
    fn build(
        &self,
        tools: &BuildTools,
        wasm_name: &str,
        format: Format,
        out: &Path,
    ) -> Result<(), String> {
        let root = root();
        let (esbuild_format, wasm_url) = format.esbuild();
        let strict = if format == Format::Module {
            ""
        } else {
            "'use strict';"
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
            .arg(format!("--format={esbuild_format}"))
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
