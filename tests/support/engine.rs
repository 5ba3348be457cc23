//! The browser engine a suite drives (`MFA_BROWSER`), and how each one is started: its
//! WebDriver server and the capabilities of a session.

use serde_json::{json, Value};
use std::process::Command;

/// The browser engine these suites drive, from `MFA_BROWSER` (`chromium`, the default,
/// `firefox` or `webkit`): one set of tests, run once per engine by `cargo xtask test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    pub fn current() -> Engine {
        match std::env::var("MFA_BROWSER").as_deref() {
            Ok("chromium") | Err(_) => Engine::Chromium,
            Ok("firefox") => Engine::Firefox,
            Ok("webkit") => Engine::WebKit,
            Ok(other) => panic!("MFA_BROWSER={other}: choose chromium, firefox or webkit"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// The driver's command line: its path (from `CHROMEDRIVER`, `GECKODRIVER` or
    /// `WEBKITDRIVER`, else where Debian and `cargo install` put it) and the port to listen on.
    pub(super) fn driver(self, port: u16) -> Command {
        let from = |variable: &str, default: String| std::env::var(variable).unwrap_or(default);
        let mut command = match self {
            Engine::Chromium => Command::new(from("CHROMEDRIVER", "/usr/bin/chromedriver".into())),
            Engine::Firefox => Command::new(from(
                "GECKODRIVER",
                format!(
                    "{}/.cargo/bin/geckodriver",
                    std::env::var("HOME").unwrap_or_default()
                ),
            )),
            Engine::WebKit => Command::new(from("WEBKITDRIVER", "/usr/bin/WebKitWebDriver".into())),
        };
        match self {
            Engine::Chromium | Engine::WebKit => command.arg(format!("--port={port}")),
            Engine::Firefox => command.args(["--host", "127.0.0.1", "--port", &port.to_string()]),
        };
        command
    }

    /// The new-session capabilities: headless where the engine has it (WebKitGTK's MiniBrowser
    /// has not: it needs a display, e.g. `xvfb-run -a`), a fresh profile, a 1024 × 900 window.
    /// `chromium_args` are extra Chromium switches (the bench's memory probes); `language`,
    /// the language the browser's user reads first (`navigator.languages`), when not English.
    pub(super) fn capabilities(
        self,
        chromium_args: &[&str],
        profile: &std::path::Path,
        language: Option<&str>,
    ) -> Value {
        match self {
            Engine::Chromium => {
                let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
                let mut args: Vec<String> = [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                    "--window-size=1024,900",
                ]
                .iter()
                .chain(chromium_args)
                .map(|a| a.to_string())
                .collect();
                args.push(format!("--user-data-dir={}", profile.display()));
                if let Some(language) = language {
                    args.push(format!("--lang={language}"));
                    args.push(format!("--accept-lang={language}"));
                }
                json!({"goog:chromeOptions": {"binary": chrome, "args": args}})
            }
            Engine::Firefox => {
                let firefox =
                    std::env::var("FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into());
                // geckodriver makes a fresh profile per session; these keep it off the network
                // this machine does not have.
                let mut capabilities = json!({"browserName": "firefox", "moz:firefoxOptions": {
                    "binary": firefox,
                    "args": ["-headless", "--width=1024", "--height=900"],
                    "prefs": {
                        "network.captive-portal-service.enabled": false,
                        "network.connectivity-service.enabled": false,
                        "app.update.disabledForTesting": true,
                        "browser.safebrowsing.update.enabled": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "toolkit.telemetry.enabled": false
                    }
                }});
                if let Some(language) = language {
                    capabilities["moz:firefoxOptions"]["prefs"]["intl.accept_languages"] =
                        json!(language);
                }
                capabilities
            }
            Engine::WebKit => {
                let browser = std::env::var("MINIBROWSER").unwrap_or_else(|_| {
                    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser".into()
                });
                json!({"browserName": "MiniBrowser", "webkitgtk:browserOptions": {
                    "binary": browser,
                    "args": ["--automation"]
                }})
            }
        }
    }
}
