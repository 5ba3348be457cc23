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
    run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())).args([
            "build",
            "--release",
            "--lib",
            "-p",
            "mfa-widget",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    )?;
    let bindgen_dir = root.join("target/bindgen");
    run(Command::new(&tools.wasm_bindgen)
        .args(["--target", "no-modules", "--no-typescript", "--out-dir"])
        .arg(&bindgen_dir)
        .arg(root.join("target/wasm32-unknown-unknown/release/mfa_widget.wasm")))?;
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("dist/: {e}"))?;
    run(Command::new(&tools.wasm_opt)
        .args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--enable-bulk-memory",
            "--enable-reference-types",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-multivalue",
            "--enable-mutable-globals",
        ])
        .arg(bindgen_dir.join("mfa_widget_bg.wasm"))
        .arg("-o")
        .arg(dist.join("mfa-widget_bg.wasm")))?;
    let glue = read(&bindgen_dir.join("mfa_widget.js"))?;
    let css = read(&root.join("src/ui/widget.css"))?;
    let css_literal = serde_json::to_string(&css).map_err(|e| e.to_string())?;
    let element = read(&root.join("src/browser/element.js"))?.replacen(
        "/*MFA_WIDGET_CSS*/ ''",
        &css_literal,
        1,
    );
    let bundle = format!(
        "/* mfa-widget {} */\n(function () {{\n'use strict';\n{element}\n{glue}\n}})();\n",
        env!("CARGO_PKG_VERSION")
    );
    // element.js's include-once guard returns before the glue runs; it uses `wasm_bindgen`
    // only later, inside functions, so declaration order is enough.
    let readable = bindgen_dir.join("mfa-widget.js");
    write(&readable, bundle.as_bytes())?;
    run(Command::new(&tools.terser)
        .arg(&readable)
        .args([
            "--compress",
            "--mangle",
            "--ecma",
            "2020",
            "--comments",
            "/^ mfa-widget/",
            "-o",
        ])
        .arg(dist.join("mfa-widget.js")))?;
    // An npm-style package: the same files, typed.
    let types = read(&root.join("src/browser/mfa-widget.d.ts"))?;
    write(&dist.join("mfa-widget.d.ts"), types.as_bytes())?;
    let package = format!(
        r#"{{
  "name": "mfa-widget",
  "version": "{}",
  "description": "Drop-in MFA challenge widget for account-aggregation jobs (Rust + WebAssembly)",
  "license": "MIT",
  "main": "mfa-widget.js",
  "types": "mfa-widget.d.ts",
  "files": ["mfa-widget.js", "mfa-widget_bg.wasm", "mfa-widget.d.ts"],
  "sideEffects": true
}}
"#,
        env!("CARGO_PKG_VERSION")
    );
    write(&dist.join("package.json"), package.as_bytes())?;

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
    Ok(sizes)
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
