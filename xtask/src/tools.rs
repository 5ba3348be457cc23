//! Installing the pinned tools, idempotently and only from the package registries: the wasm32
//! target (rustup), wasm-bindgen-cli at the version in Cargo.lock (crates.io), wasm-opt from
//! binaryen, terser and TypeScript (npm, pinned by tools/package-lock.json), Chromium and
//! ChromeDriver, Firefox ESR, WebKitGTK's WebKitWebDriver and MiniBrowser and Xvfb (Debian),
//! geckodriver (crates.io, pinned). A second run installs nothing.

use crate::{root, run};
use std::path::PathBuf;
use std::process::Command;

/// Paths of the tools a build needs.
pub struct BuildTools {
    pub wasm_bindgen: PathBuf,
    /// Third-party notices from Cargo.lock, for the npm package.
    pub cargo_about: PathBuf,
    pub wasm_opt: PathBuf,
    pub terser: PathBuf,
    pub tsc: PathBuf,
    pub esbuild: PathBuf,
}

/// Paths of the browser and its driver.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

const BINARYEN_VERSION: &str = "132";
const TERSER_VERSION: &str = "5.51.2";
const TYPESCRIPT_VERSION: &str = "5.9.3";
const AXE_VERSION: &str = "4.11.0";
const ESBUILD_VERSION: &str = "0.28.2";
const CARGO_ABOUT_VERSION: &str = "0.9.3";

fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    home.join("bin").join(name)
}

fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The version of `name` in Cargo.lock.
fn locked_version(name: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{name}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or(format!("{name} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').ok_or("malformed Cargo.lock")?;
    Ok(lock[start..start + end].to_string())
}

pub fn ensure_build_tools() -> Result<BuildTools, String> {
    ensure_wasm_target()?;
    // Exactly Cargo.lock's version. Not --locked: the registry snapshot may lack the newest
    // locked dependencies.
    let version = locked_version("wasm-bindgen")?;
    let wasm_bindgen = ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &version, false)?;
    let cargo_about = ensure_cargo_tool_with(
        "cargo-about",
        "cargo-about",
        CARGO_ABOUT_VERSION,
        true,
        &["cli"],
    )?;
    let wasm_opt = root().join("tools/node_modules/.bin/wasm-opt");
    let terser = root().join("tools/node_modules/.bin/terser");
    let binaryen = output(Command::new(&wasm_opt).arg("--version")).unwrap_or_default();
    let terser_version = output(Command::new(&terser).arg("--version")).unwrap_or_default();
    let tsc = root().join("tools/node_modules/.bin/tsc");
    let tsc_version = output(Command::new(&tsc).arg("--version")).unwrap_or_default();
    let axe = std::fs::read_to_string(root().join("tools/node_modules/axe-core/package.json"))
        .unwrap_or_default();
    let esbuild = root().join("tools/node_modules/.bin/esbuild");
    let esbuild_version = output(Command::new(&esbuild).arg("--version")).unwrap_or_default();
    // README's React and Vue snippets are type-checked with their own types. (And MDN's
    // browser-compat-data, for README's browser-support table; Are The Types Wrong and
    // publint, for the package.)
    let snippet_types = [
        "@types/react",
        "vue",
        "@mdn/browser-compat-data",
        "@arethetypeswrong/cli",
        "publint",
    ]
    .iter()
    .all(|package| {
        root()
            .join("tools/node_modules")
            .join(package)
            .join("package.json")
            .exists()
    });
    if !binaryen.contains(&format!("version {BINARYEN_VERSION}"))
        || !terser_version.contains(TERSER_VERSION)
        || !tsc_version.contains(TYPESCRIPT_VERSION)
        || !axe.contains(&format!("\"version\": \"{AXE_VERSION}\""))
        || esbuild_version.trim() != ESBUILD_VERSION
        || !snippet_types
    {
        println!("installing the pinned npm tools into tools/ (binaryen {BINARYEN_VERSION}, terser {TERSER_VERSION}, typescript {TYPESCRIPT_VERSION}, axe-core {AXE_VERSION}, esbuild {ESBUILD_VERSION}, React's and Vue's types, browser-compat-data, @arethetypeswrong/cli, publint)");
        run(Command::new("npm").args(["ci", "--prefix", "tools", "--no-audit", "--no-fund"]))?;
    }
    Ok(BuildTools {
        wasm_bindgen,
        cargo_about,
        wasm_opt,
        terser,
        tsc,
        esbuild,
    })
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// Debian's Chromium and ChromeDriver (same build); installed with apt when running as root.
pub fn ensure_browser() -> Result<Browser, String> {
    let browser = Browser {
        chromium: PathBuf::from("/usr/bin/chromium"),
        chromedriver: PathBuf::from("/usr/bin/chromedriver"),
    };
    ensure_debian_packages(
        &[&browser.chromium, &browser.chromedriver],
        &["chromium", "chromium-driver"],
    )?;
    Ok(browser)
}

/// Paths of the other two engines the webdriver suites run in, their drivers, and the
/// virtual display WebKitGTK's MiniBrowser needs (it has no headless mode).
pub struct OtherEngines {
    pub firefox: PathBuf,
    pub geckodriver: PathBuf,
    pub minibrowser: PathBuf,
    pub webkit_driver: PathBuf,
    pub xvfb_run: PathBuf,
}

const GECKODRIVER_VERSION: &str = "0.37.1";

/// Debian's Firefox ESR, WebKitGTK (WebKitWebDriver, MiniBrowser) and Xvfb, and geckodriver
/// from crates.io at its pinned version (with the dependencies it was released with).
pub fn ensure_other_engines() -> Result<OtherEngines, String> {
    let engines = OtherEngines {
        firefox: PathBuf::from("/usr/bin/firefox-esr"),
        geckodriver: cargo_bin("geckodriver"),
        minibrowser: PathBuf::from("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"),
        webkit_driver: PathBuf::from("/usr/bin/WebKitWebDriver"),
        xvfb_run: PathBuf::from("/usr/bin/xvfb-run"),
    };
    ensure_debian_packages(
        &[
            &engines.firefox,
            &engines.minibrowser,
            &engines.webkit_driver,
            &engines.xvfb_run,
        ],
        &["firefox-esr", "webkit2gtk-driver", "xvfb", "xauth"],
    )?;
    ensure_cargo_tool("geckodriver", "geckodriver", GECKODRIVER_VERSION, true)?;
    ensure_french_locale()?;
    Ok(engines)
}

/// The system's fr_CA.UTF-8 locale: WebKitGTK takes its user's language from the process
/// locale (`setlocale`), which exists only once compiled (the `locale: "auto"` test).
fn ensure_french_locale() -> Result<(), String> {
    let installed = output(Command::new("locale").arg("-a"))
        .is_some_and(|all| all.lines().any(|l| l.eq_ignore_ascii_case("fr_CA.utf8")));
    if installed {
        return Ok(());
    }
    ensure_debian_packages(
        &[&PathBuf::from("/usr/share/i18n/locales/fr_CA")],
        &["locales"],
    )?;
    println!("compiling the fr_CA.UTF-8 locale");
    run(Command::new("localedef").args(["-i", "fr_CA", "-c", "-f", "UTF-8", "fr_CA.UTF-8"]))
}

/// Installs Debian `packages` with apt (as root) unless every one of `paths` exists.
fn ensure_debian_packages(paths: &[&PathBuf], packages: &[&str]) -> Result<(), String> {
    if paths.iter().all(|path| path.exists()) {
        return Ok(());
    }
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let list = packages.join(" ");
    if !is_root {
        return Err(format!(
            "missing: run `sudo apt-get install -y {list}` (Debian), then try again"
        ));
    }
    println!("installing Debian's {list} (a few minutes)");
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

const WASM_PACK_VERSION: &str = "0.15.1";

/// wasm-pack, the design card's test runner, at its pinned version. Returns its path.
pub fn ensure_wasm_pack() -> Result<PathBuf, String> {
    ensure_cargo_tool("wasm-pack", "wasm-pack", WASM_PACK_VERSION, true)
}

/// The binary `bin` of crate `package` at exactly `version` (its `--version` says
/// `bin <version>`), installed by `cargo install` when missing or another version; `locked`:
/// with the dependency versions it was released with. Returns its path.
fn ensure_cargo_tool(
    bin: &str,
    package: &str,
    version: &str,
    locked: bool,
) -> Result<PathBuf, String> {
    ensure_cargo_tool_with(bin, package, version, locked, &[])
}

/// [`ensure_cargo_tool`], installed with `features`.
fn ensure_cargo_tool_with(
    bin: &str,
    package: &str,
    version: &str,
    locked: bool,
    features: &[&str],
) -> Result<PathBuf, String> {
    let path = cargo_bin(bin);
    let installed = output(Command::new(&path).arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) != Some(version) {
        println!("installing {package} {version} (a few minutes)");
        let mut install = Command::new("cargo");
        install.args(["install", package, "--version", version, "--force"]);
        if locked {
            install.arg("--locked");
        }
        if !features.is_empty() {
            install.arg("--features").arg(features.join(","));
        }
        run(&mut install)?;
    }
    Ok(path)
}

/// `cargo xtask tools [wasm-pack|trunk]`.
pub fn install(args: &[String]) -> Result<(), String> {
    ensure_build_tools()?;
    ensure_browser()?;
    ensure_other_engines()?;
    for tool in args {
        match tool.as_str() {
            "wasm-pack" => {
                ensure_wasm_pack()?;
            }
            "trunk" => {
                // --locked: a newer cssparser breaks lightningcss.
                ensure_cargo_tool("trunk", "trunk", "0.21.14", true)?;
            }
            other => return Err(format!("unknown tool {other}: choose wasm-pack or trunk")),
        }
    }
    println!(
        "tools ready; wasm-opt is {}",
        root().join("tools/node_modules/.bin/wasm-opt").display()
    );
    Ok(())
}
