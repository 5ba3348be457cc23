//! The npm package as front-end teams adopt it. The tarball `cargo xtask dist` packs is
//! installed as it is (no alias, no path mapping) into the hosts under `target/apps/`, each
//! put together from `tests/apps/` (its layers, copied in order) with its versions pinned by
//! its own package.json and lock: a Node script that imports it as a server-side render would
//! (run here), a React 19 and a React 18 app built by Vite 8, the React 19 app on Vite 7, a
//! Next.js App Router app (`next build`), a Vue 3 app of single-file
//! components built by Vite and one built by webpack 5, each made of a README recipe exactly as
//! README writes it, built for production. `tests/packages.rs` then serves each build, and
//! runs the Vite apps under `vite dev` as well, and completes a PIN flow in each, in the
//! browser.

use crate::{root, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A host app: its directory under `target/apps/`, the `tests/apps/` directories it is copied
/// from (later ones win), and what it takes from README: the first block of `fence` whose code
/// contains `marker`, written to `file`.
struct App {
    name: &'static str,
    layers: &'static [&'static str],
    fence: &'static str,
    marker: &'static str,
    file: &'static str,
}

const APPS: [App; 6] = [
    App {
        name: "vite-react",
        layers: &["shared", "vite-react"],
        fence: "```tsx",
        marker: "mfa-widget/react",
        file: "src/BankCheck.tsx",
    },
    App {
        name: "vite-react18",
        layers: &["shared", "vite-react", "vite-react18"],
        fence: "```tsx",
        marker: "mfa-widget/react",
        file: "src/BankCheck.tsx",
    },
    App {
        name: "vite7-react",
        layers: &["shared", "vite-react", "vite7-react"],
        fence: "```tsx",
        marker: "mfa-widget/react",
        file: "src/BankCheck.tsx",
    },
    App {
        name: "vite-vue",
        layers: &["shared", "vite-vue"],
        fence: "```vue",
        marker: "mfa-widget/vue",
        file: "src/BankCheck.vue",
    },
    App {
        name: "next-app",
        layers: &["shared", "next-app"],
        fence: "```tsx",
        marker: "mfa-widget/react",
        file: "src/BankCheck.tsx",
    },
    App {
        name: "webpack-vue",
        layers: &["shared", "webpack-vue"],
        fence: "```ts",
        marker: "mfa-widget/vue",
        file: "src/BankCheck.ts",
    },
];

pub fn build(version: &str) -> Result<(), String> {
    let root = root();
    let tarball = crate::dist::tarball(version);
    if !tarball.is_file() {
        return Err(format!(
            "{} is missing: run `cargo xtask dist`",
            tarball.display()
        ));
    }
    crate::package::check(&tarball)?;
    let node = prepare("node-import", &["node-import"])?;
    run(npm(&node).args(["ci", "--no-audit", "--no-fund"]))?;
    install_tarball(&node, &tarball)?;
    run(Command::new("node")
        .arg(node.join("check.mjs"))
        .arg(version))?;
    let readme = std::fs::read_to_string(root.join("README.md")).map_err(|e| e.to_string())?;
    for app in APPS {
        let dir = prepare(app.name, app.layers)?;
        let recipe = block(&readme, app.fence, app.marker).ok_or_else(|| {
            format!(
                "README.md has no {} block with {:?} for {}",
                app.fence, app.marker, app.name
            )
        })?;
        write(&dir.join(app.file), &recipe)?;
        run(npm(&dir).args(["ci", "--no-audit", "--no-fund"]))?;
        install_tarball(&dir, &tarball)?;
        // Next.js would report telemetry over the network: nothing leaves this machine.
        run(npm(&dir)
            .args(["run", "build"])
            .env("NEXT_TELEMETRY_DISABLED", "1"))?;
        println!("{}: built in {}", app.name, dir.display());
    }
    Ok(())
}

/// `tests/apps/<layer>` for each layer, copied in order to `target/apps/<app>` (its
/// `node_modules` kept between runs).
fn prepare(app: &str, layers: &[&str]) -> Result<PathBuf, String> {
    let to = root().join("target/apps").join(app);
    for layer in layers {
        copy_tree(&root().join("tests/apps").join(layer), &to)?;
    }
    Ok(to)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// npm, working in `dir` (`run` starts every command in the repository's root).
fn npm(dir: &Path) -> Command {
    let mut npm = Command::new("npm");
    npm.arg("--prefix").arg(dir);
    npm
}

/// The package, from its tarball, as a registry would hand it out.
pub fn install_tarball(dir: &Path, tarball: &Path) -> Result<(), String> {
    run(npm(dir)
        .args([
            "install",
            "--no-save",
            "--no-package-lock",
            "--no-audit",
            "--no-fund",
        ])
        .arg(tarball))
}

/// The code of the first block fenced by `fence` that contains `marker`.
fn block(markdown: &str, fence: &str, marker: &str) -> Option<String> {
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != fence {
            continue;
        }
        let code: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        let code = code.join("\n") + "\n";
        if code.contains(marker) {
            return Some(code);
        }
    }
    None
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
