//! The webdriver harness shared by the end-to-end, embedding, faults and accessibility suites:
//! a fresh sandbox on a free loopback port (in-process, real HTTP), a WebDriver session in the
//! engine `MFA_BROWSER` names (Chromium, Firefox or WebKitGTK, each through its own driver),
//! and helpers that act like a user and read what the sandbox received.
#![allow(dead_code)] // each test file uses its own subset

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::process::{Child, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod engine;
mod pages;
mod sandbox;
pub use engine::Engine;
#[allow(unused_imports)] // for the suites that serve pages of their own
pub use pages::*;
#[allow(unused_imports)] // the API host page's helpers, for the suites that use it
pub use sandbox::*;

pub const BANK_DELAY_MS: u64 = 150;

/// How WebDriver returns an element from a script.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Every widget renders inside an open shadow root (on `<mfa-widget>` itself, or on the
/// `<mfa-widget-box>` that `mount` adds to another host element), where CSS selectors from the
/// page cannot reach. Test selectors say `host >> inner`: `inner` is looked up in the shadow
/// root of `host`, or else of the first element inside it that has one (whatever its name, so
/// a box that is not an `<mfa-widget-box>` is still found and its test can fail on what it
/// asserts); a selector without `>>` is a plain document query.
pub const QUERY_JS: &str = "const $$ = (css) => {
  const [host, inner] = css.split(' >> ');
  if (inner === undefined) return [...document.querySelectorAll(css)];
  const element = document.querySelector(host);
  const root = element && (element.shadowRoot || [...element.querySelectorAll('*')].find((c) => c.shadowRoot)?.shadowRoot);
  return root ? [...root.querySelectorAll(inner)] : [];
};
const $ = (css) => $$(css)[0] || null;";

/// A browser session on the demo page of a fresh sandbox.
pub struct Session {
    pub client: Client,
    driver: Child,
    pub sandbox: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        // The driver and the browser it started (its process group).
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

pub async fn open_browser() -> Session {
    open_browser_with(&[]).await
}

/// A session whose Chromium gets `chromium_args` too, with a new empty profile (a cold cache).
pub async fn open_browser_with(chromium_args: &[&str]) -> Session {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    open_browser_serving(root.join("www"), root.join("dist"), chromium_args).await
}

/// A session on the demo page in a browser whose user reads `language` (a BCP 47 tag) first.
pub async fn open_browser_speaking(language: &str) -> Session {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    open(root.join("www"), root.join("dist"), &[], Some(language)).await
}

/// A session on a sandbox that serves `www_dir` at `/` and `dist_dir` at `/dist`, in the
/// engine `MFA_BROWSER` names, with `chromium_args` added to Chromium's switches.
pub async fn open_browser_serving(
    www_dir: std::path::PathBuf,
    dist_dir: std::path::PathBuf,
    chromium_args: &[&str],
) -> Session {
    open(www_dir, dist_dir, chromium_args, None).await
}

async fn open(
    www_dir: std::path::PathBuf,
    dist_dir: std::path::PathBuf,
    chromium_args: &[&str],
    language: Option<&str>,
) -> Session {
    assert!(
        dist_dir.join("mfa-widget.js").exists(),
        "dist/ is missing: run `cargo xtask dist` (or `cargo xtask test`) first"
    );
    let options = mfa_sandbox::Options {
        www_dir,
        dist_dir,
        bank_delay: Duration::from_millis(BANK_DELAY_MS),
    };
    let sandbox = mfa_sandbox::start(0, options)
        .await
        .expect("sandbox starts")
        .url();
    let engine = Engine::current();
    if engine == Engine::WebKit {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "WebKitGTK's MiniBrowser needs a display: run under `xvfb-run -a` (as `cargo xtask test` does)"
        );
    }
    let port = free_port();
    // East of UTC, so that anything read as local time that should be GMT (an HTTP date
    // without its zone) shows up as a wrong time, not as a lucky one.
    let mut driver = engine.driver(port);
    if let Some(language) = language {
        // WebKitGTK reads its user's languages from the environment (GLib's).
        let posix = language.replace('-', "_");
        driver
            .env("LANGUAGE", &posix)
            .env("LANG", format!("{posix}.UTF-8"));
    }
    // Its own process group: dropping the session ends the browser too, even when a test
    // panics before `close` (a browser left running keeps polling a port a later test may be
    // given).
    std::os::unix::process::CommandExt::process_group(&mut driver, 0);
    let driver = driver
        .env("TZ", "Asia/Tokyo")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "the {} driver does not start ({e}): run `cargo xtask tools`",
                engine.name()
            )
        });
    let profile = std::env::temp_dir().join(format!("mfa-e2e-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let capabilities = engine.capabilities(chromium_args, &profile, language);
    let mut builder = ClientBuilder::rustls().expect("rustls");
    builder.capabilities(capabilities.as_object().cloned().unwrap_or_default());
    let mut last_error = None;
    for _ in 0..100 {
        match builder.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(client) => {
                if engine != Engine::Chromium {
                    // The same viewport everywhere (Chromium takes it as a switch).
                    client
                        .set_window_size(1024, 900)
                        .await
                        .expect("the window can be sized");
                }
                return Session {
                    client,
                    driver,
                    sandbox,
                };
            }
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("cannot reach the {} driver: {last_error:?}", engine.name());
}

impl Session {
    /// Opens the demo page on a new job of `scenario`; returns the job id.
    pub async fn start(&self, scenario: &str) -> String {
        self.start_query(&format!("scenario={scenario}&delay={BANK_DELAY_MS}"))
            .await
    }

    /// Opens the demo page with this query (`scenario=…&delay=…`, and `theme=…` if wanted) on a
    /// new job; returns the job id.
    pub async fn start_query(&self, query: &str) -> String {
        let url = format!("{}/?{query}", self.sandbox);
        self.client.goto(&url).await.expect("page loads");
        self.wait_for("mfa-widget >> .mfa-card").await;
        let id = self
            .client
            .find(Locator::Id("job-id"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(id.len(), 36, "a GUID job id, got {id:?}");
        // Counted from here: see [`Session::document_scrolls`].
        self.execute(
            "window.documentScrolls = 0;
             document.addEventListener('scroll', () => window.documentScrolls++);",
            vec![],
        )
        .await
        .unwrap();
        id
    }

    /// How often the demo page's document scrolled since [`Session::start_query`]: a page that
    /// moves can move an option out from under a click between WebDriver aiming and the
    /// pointer landing (WebKitGTK delivers it over several hops), so it must stay 0.
    pub async fn document_scrolls(&self) -> u64 {
        let scrolls = self
            .execute("return window.documentScrolls ?? 0;", vec![])
            .await
            .unwrap();
        scrolls.as_u64().unwrap_or(u64::MAX)
    }

    /// Opens the demo page on an existing job (`/?job=ID`): loaded again, it shows that job.
    pub async fn show_job(&self, id: &str) {
        let url = format!("{}/?job={id}", self.sandbox);
        self.client.goto(&url).await.expect("page loads");
        self.wait_for("mfa-widget >> .mfa-card").await;
    }

    /// Runs a script with `$(selector)` and `$$(selector)` defined; see [`QUERY_JS`].
    pub async fn execute(
        &self,
        script: &str,
        args: Vec<Value>,
    ) -> Result<Value, fantoccini::error::CmdError> {
        self.client
            .execute(&format!("{QUERY_JS}\n{script}"), args)
            .await
    }

    /// [`Session::execute`] for scripts that call `arguments[arguments.length - 1]` when done.
    pub async fn execute_async(
        &self,
        script: &str,
        args: Vec<Value>,
    ) -> Result<Value, fantoccini::error::CmdError> {
        self.client
            .execute_async(&format!("{QUERY_JS}\n{script}"), args)
            .await
    }

    /// Every element matching `css` (see [`QUERY_JS`] for `host >> inner`).
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let found = match self
            .execute("return $$(arguments[0]);", vec![json!(css)])
            .await
        {
            Ok(found) => found,
            // Firefox serializes the elements after the page's microtasks have run: one taken
            // away by then (the script's loading card, replaced by the wasm's own before the
            // next paint) is not found, as if the query had come a moment later.
            Err(error) if error.is_stale_element_reference() => return Vec::new(),
            Err(error) => panic!("find_all({css}): {error}"),
        };
        found
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.get(ELEMENT_KEY).and_then(Value::as_str))
            .map(|id| Element::from_element_id(self.client.clone(), id.to_string().into()))
            .collect()
    }

    /// Waits (up to 15 s) until `script` (with `$`/`$$`) returns `true`.
    pub async fn wait_for_script(&self, script: &str) {
        for _ in 0..150 {
            if self.execute(script, vec![]).await.unwrap() == Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("never true: {script}");
    }

    /// Waits (up to 15 s) for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.wait_for_within(css, Duration::from_secs(15)).await
    }

    pub async fn wait_for_within(&self, css: &str, limit: Duration) -> Element {
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            if let Some(element) = self.find_all(css).await.into_iter().next() {
                return element;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} did not appear within {limit:?}");
    }

    /// Waits until the widget shows `state` (its `data-state`).
    pub async fn wait_state(&self, state: &str) {
        self.wait_for(&format!("mfa-widget >> .mfa-card[data-state=\"{state}\"]"))
            .await;
    }

    /// The rendered text (`innerText`, trimmed: engines differ in the line breaks around it) of
    /// every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let texts = self
            .execute(
                "return $$(arguments[0]).map(e => e.innerText.trim());",
                vec![json!(css)],
            )
            .await
            .unwrap();
        texts
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|t| t.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Types `text` into the field and checks it arrived there before any key that acts (Enter
    /// and the other WebDriver keys, U+E000–U+F8FF) is sent: a keystroke lost to a page that
    /// moved cannot pass unnoticed.
    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        let split = text
            .find(|c: char| ('\u{E000}'..='\u{F8FF}').contains(&c))
            .unwrap_or(text.len());
        let (typed, keys) = text.split_at(split);
        field.send_keys(typed).await.unwrap();
        let value = self
            .execute("return $(arguments[0])?.value ?? null;", vec![json!(css)])
            .await
            .unwrap();
        assert!(
            value.as_str().is_some_and(|v| v.ends_with(typed)),
            "{css} holds {value} after typing {typed:?}"
        );
        if !keys.is_empty() {
            field.send_keys(keys).await.unwrap();
        }
    }

    /// Clicks the element; a radio button or checkbox must then be the one checked (and no
    /// other radio of its group), so a click that landed elsewhere fails here, not later.
    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.unwrap();
        let kind = self
            .execute("return $(arguments[0])?.type ?? null;", vec![json!(css)])
            .await
            .unwrap();
        if kind == "radio" || kind == "checkbox" {
            self.wait_for_script(&format!(
                "const target = $({css:?});
                 const group = target.type === 'radio'
                   ? [...target.getRootNode().querySelectorAll('input[type=radio]')]
                       .filter((r) => r.name === target.name)
                   : [target];
                 return group.every((r) => r.checked === (r === target));"
            ))
            .await;
        }
    }

    /// Waits until the heading of the challenge in `host`'s widget has the focus: the widget
    /// gives it to each new challenge (after its frame is painted, in WebKit at times), and a
    /// keyboard user starts from there.
    pub async fn wait_heading_focused(&self, host: &str) {
        self.wait_for_script(&format!(
            "const card = $('{host} >> .mfa-card'); const active = card && card.getRootNode().activeElement;
             return !!active && active.classList.contains('mfa-heading');"
        ))
        .await;
    }

    /// Text of the first element matching `css`, or "" if none.
    pub async fn text(&self, css: &str) -> String {
        self.texts(css).await.into_iter().next().unwrap_or_default()
    }

    pub async fn close(self) {
        let violations = self
            .client
            .execute("return window.__cspViolations || [];", vec![])
            .await
            .unwrap();
        assert_eq!(
            violations,
            json!([]),
            "the page's Content-Security-Policy blocked something"
        );
        let client = self.client.clone();
        let _ = client.close().await;
    }
}

/// `YYYY-MM-DDThh:mm:ss.fffZ`
pub fn is_iso_millis(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

pub const SUCCESS: &str = "Success";
pub const FAILED: &str = "Failed";

pub fn answer(endpoint: &str, body: Value) -> (String, Value, bool) {
    (endpoint.to_string(), body, true)
}

/// Waits for exactly these questions, each labelling its own input.
pub async fn wait_questions(s: &Session, expected_questions: &[&str]) {
    s.wait_state("securityQuestions").await;
    for _ in 0..100 {
        if s.texts("mfa-widget >> label.mfa-field .mfa-label").await == expected_questions {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let labels = s.texts("mfa-widget >> label.mfa-field .mfa-label").await;
    assert_eq!(
        labels, expected_questions,
        "one labelled input per question"
    );
}

pub async fn answer_questions(s: &Session, expected_questions: &[&str], answers: &[&str]) {
    wait_questions(s, expected_questions).await;
    for (i, text) in answers.iter().enumerate() {
        s.type_into(&format!("mfa-widget >> input[name=\"answer-{i}\"]"), text)
            .await;
    }
    s.click("mfa-widget >> .mfa-submit").await;
}

pub async fn choose_method(s: &Session, method: &str) {
    s.wait_state("tokenMethods").await;
    let options = s.texts("mfa-widget >> label.mfa-choice").await;
    assert_eq!(
        options,
        [
            "Email me at s*****@gmail.com",
            "Send verification code by voice call to ***-***-3800"
        ]
    );
    let index = options
        .iter()
        .position(|o| o == method)
        .expect("method listed");
    // `click` waits until the option meant, and only it, is checked before anything is sent.
    s.click(&format!(
        "mfa-widget >> input[type=radio][value=\"{index}\"]"
    ))
    .await;
    s.click("mfa-widget >> .mfa-submit").await;
}

/// Types the code and presses Enter (not the button).
pub async fn enter_code(s: &Session, label: &str, code: &str) {
    s.wait_state("tokenCode").await;
    assert_eq!(s.texts("mfa-widget >> .mfa-label").await, [label]);
    let input = s.wait_for("mfa-widget >> input[name=token]").await;
    assert_eq!(
        input.attr("autocomplete").await.unwrap().as_deref(),
        Some("one-time-code")
    );
    input.send_keys(&format!("{code}\u{E007}")).await.unwrap();
}

pub const SEED_QUESTIONS: [&str; 2] = [
    "what is your favorite color?",
    "what is your favorite fruit?",
];
