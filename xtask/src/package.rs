//! The npm package `dist/` is: its entries for each kind of consumer, their typings, and its
//! package.json. Each entry comes as an ES module (`import`) and a CommonJS module (`require`),
//! each with typings of its own kind (`.d.mts`, `.d.cts`), so that TypeScript under
//! `moduleResolution: node16` reads the entry it loads (Are The Types Wrong checks it, and
//! publint the package, on the packed tarball: [`check`]). `mfa-widget.d.ts` stays for
//! `types` (older resolutions, and `/// <reference types="mfa-widget" />` on a script-tag page).

use crate::tools::BuildTools;
use crate::{root, run};
use std::path::Path;
use std::process::Command;

/// The package's entries besides the page surface (which `dist` bundles itself): the
/// framework components, as written (the app's bundler takes React or Vue, and the widget,
/// from the app's own dependencies), and their typings.
const COMPONENTS: [(&str, &str); 2] = [("react", "react.js"), ("vue", "vue.js")];

pub fn write(tools: &BuildTools, dist: &Path, version: &str) -> Result<(), String> {
    let root = root();
    for (from, to) in [
        ("README.md", "README.md"),
        ("LICENSE", "LICENSE"),
        ("CHANGELOG.md", "CHANGELOG.md"),
    ] {
        copy(&root.join(from), &dist.join(to))?;
    }
    // One declaration file per entry and kind: the same declarations, read as ES-module or
    // CommonJS typings by their extension.
    for name in ["mfa-widget", "react", "vue"] {
        let typings = root.join(format!("src/browser/{name}.d.ts"));
        for extension in ["d.ts", "d.mts", "d.cts"] {
            copy(&typings, &dist.join(format!("{name}.{extension}")))?;
        }
    }
    for (name, source) in COMPONENTS {
        let source = root.join("src/browser/js").join(source);
        copy(&source, &dist.join(format!("{name}.mjs")))?;
        // The same module for `require`: esbuild turns its imports into `require` calls
        // (React, Vue and the widget stay the app's).
        run(Command::new(&tools.esbuild)
            .arg(&source)
            .args(["--format=cjs", "--log-level=warning"])
            .arg(format!(
                "--outfile={}",
                dist.join(format!("{name}.cjs")).display()
            )))?;
    }
    // The notices of the crates compiled into the wasm (MIT and Apache-2.0 ask for them),
    // from Cargo.lock and the crates' own license files, offline.
    run(Command::new(&tools.cargo_about)
        .current_dir(&root)
        .args([
            "generate",
            "--frozen",
            "--fail",
            "-c",
            "xtask/about/about.toml",
        ])
        .arg("xtask/about/notices.hbs")
        .arg("-o")
        .arg(dist.join("THIRD-PARTY-NOTICES.txt")))?;
    let package = package_json(version);
    std::fs::write(dist.join("package.json"), package).map_err(|e| format!("package.json: {e}"))
}

/// Written by hand: the order of `exports` conditions matters (`types` first in each, `import`
/// before `require`), and serde_json sorts keys. `main` and `types` are for resolvers that
/// read no `exports`; `unpkg` and `jsdelivr` point CDNs at the classic script.
fn package_json(version: &str) -> String {
    let entry = |path: &str, file: &str| {
        format!(
            r#"    "{path}": {{
      "import": {{ "types": "./{file}.d.mts", "default": "./{file}.mjs" }},
      "require": {{ "types": "./{file}.d.cts", "default": "./{file}.cjs" }}
    }},"#
        )
    };
    let entries = [
        entry(".", "mfa-widget"),
        entry("./react", "react"),
        entry("./vue", "vue"),
    ]
    .join("\n");
    format!(
        r#"{{
  "name": "mfa-widget",
  "version": "{version}",
  "description": "Drop-in MFA challenge widget for account-aggregation jobs (Rust + WebAssembly)",
  "license": "MIT",
  "type": "commonjs",
  "keywords": ["mfa", "multi-factor", "widget", "webassembly", "web-component", "react", "vue"],
  "main": "./mfa-widget.cjs",
  "module": "./mfa-widget.mjs",
  "types": "./mfa-widget.d.ts",
  "unpkg": "./mfa-widget.js",
  "jsdelivr": "./mfa-widget.js",
  "exports": {{
{entries}
    "./mfa-widget_bg.wasm": "./mfa-widget_bg.wasm",
    "./package.json": "./package.json"
  }},
  "files": [
    "mfa-widget.js", "mfa-widget.mjs", "mfa-widget.cjs", "mfa-widget_bg.wasm",
    "mfa-widget.d.ts", "mfa-widget.d.mts", "mfa-widget.d.cts",
    "react.mjs", "react.cjs", "react.d.ts", "react.d.mts", "react.d.cts",
    "vue.mjs", "vue.cjs", "vue.d.ts", "vue.d.mts", "vue.d.cts",
    "mfa-widget.*.js", "mfa-widget.*.mjs", "mfa-widget_bg.*.wasm", "integrity.json",
    "CHANGELOG.md", "THIRD-PARTY-NOTICES.txt"
  ],
  "peerDependencies": {{ "react": ">=16.8", "vue": "^3.0.0" }},
  "peerDependenciesMeta": {{ "react": {{ "optional": true }}, "vue": {{ "optional": true }} }},
  "sideEffects": true
}}
"#
    )
}

/// The packed tarball as consumers' tools see it: Are The Types Wrong (every entry's typings
/// under node10, node16 from CommonJS and from ES modules, and bundlers; the wasm and
/// package.json are not code) and publint (the package.json's fields and files).
pub fn check(tarball: &Path) -> Result<(), String> {
    let bin = root().join("tools/node_modules/.bin");
    run(Command::new(bin.join("attw")).arg(tarball).args([
        "--format",
        "table-flipped",
        "--exclude-entrypoints",
        "./mfa-widget_bg.wasm",
        "./package.json",
    ]))?;
    run(Command::new(bin.join("publint"))
        .arg("run")
        .arg(root().join("dist"))
        .arg("--strict"))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))
}
