//! The npm package as front-end teams adopt it. The tarball `cargo xtask dist` packs is
//! installed as it is (no alias, no path mapping) into three hosts under `target/apps/`, each
//! copied from `tests/apps/` with its versions pinned by its own package.json and lock: a Node
//! script that imports it as a server-side render would (run here), a React 19 app built by
//! Vite and a Vue 3 app built by webpack 5, both for production and both made of README's
//! React and Vue recipes exactly as README writes them. `tests/packages.rs` then serves each
//! build and completes a PIN flow in it, in the browser.

use crate::{root, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What each app takes from README: the first block of `fence` whose code contains `marker`,
/// written to `file`.
const RECIPES: [(&str, &str, &str, &str); 2] = [
    (
        "vite-react",
        "```tsx",
        "mfa-widget/react",
        "src/BankCheck.tsx",
    ),
    ("webpack-vue", "```ts", "from \"vue\"", "src/BankCheck.ts"),
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
    let node = prepare("node-import")?;
    install_tarball(&node, &tarball)?;
    run(Command::new("node")
        .arg(node.join("check.mjs"))
        .arg(version))?;
    let readme = std::fs::read_to_string(root.join("README.md")).map_err(|e| e.to_string())?;
    for (app, fence, marker, file) in RECIPES {
        let dir = prepare(app)?;
        let recipe = block(&readme, fence, marker)
            .ok_or_else(|| format!("README.md has no {fence} block with {marker:?} for {app}"))?;
        write(&dir.join(file), &recipe)?;
        run(npm(&dir).args(["ci", "--no-audit", "--no-fund"]))?;
        install_tarball(&dir, &tarball)?;
        run(npm(&dir).args(["run", "build"]))?;
        println!("{app}: built into {}", dir.join("dist").display());
    }
    Ok(())
}

/// `tests/apps/<app>` copied to `target/apps/<app>` (its `node_modules` kept between runs).
fn prepare(app: &str) -> Result<PathBuf, String> {
    let from = root().join("tests/apps").join(app);
    let to = root().join("target/apps").join(app);
    copy_tree(&from, &to)?;
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
fn install_tarball(dir: &Path, tarball: &Path) -> Result<(), String> {
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
