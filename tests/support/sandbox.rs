//! What the sandbox received and holds (jobs, answers, Kount events, the job log), and the
//! API host page (`www/host.html`) that mounts a widget with `MfaWidget.mount`.

use super::*;

impl Session {
    /// POSTs JSON to the sandbox and parses the reply.
    pub async fn post_json(&self, path: &str, body: &Value) -> Value {
        self.exchange("POST", path, &body.to_string()).await
    }

    /// Creates a sandbox job; returns its id.
    pub async fn create_job(&self, scenario: &str, bank_delay_ms: u64) -> String {
        let reply = self
            .post_json(
                "/sandbox/jobs",
                &json!({"scenario": scenario, "bankDelayMs": bank_delay_ms}),
            )
            .await;
        reply["JobID"].as_str().unwrap().to_string()
    }

    /// What the sandbox recorded for the job, over HTTP like any client.
    pub async fn job_log(&self, id: &str) -> Value {
        self.get_json(&format!("/sandbox/jobs/{id}")).await
    }

    /// The answer bodies the sandbox received, without the JobID, in order.
    pub async fn answers(&self, id: &str) -> Vec<(String, Value, bool)> {
        let log = self.job_log(id).await;
        log["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                assert_eq!(a["body"]["JobID"], id, "every answer names the job");
                let mut body = a["body"].clone();
                body.as_object_mut().unwrap().remove("JobID");
                (
                    a["endpoint"].as_str().unwrap().to_string(),
                    body,
                    a["accepted"] == true,
                )
            })
            .collect()
    }

    /// GETs a sandbox path and parses the JSON reply.
    pub async fn get_json(&self, path: &str) -> Value {
        self.exchange("GET", path, "").await
    }

    /// One HTTP/1.0 request to the sandbox over a plain TCP connection; the JSON reply.
    async fn exchange(&self, method: &str, path: &str, body: &str) -> Value {
        let url = format!("{}{path}", self.sandbox);
        let (response, reply) = http_exchange(&url, method, body).await;
        serde_json::from_str(&reply).unwrap_or_else(|e| panic!("{method} {path}: {e}: {response}"))
    }

    /// The events the sandbox accepted once at least `count` arrived and the page's event queue
    /// (`sessionStorage`) is empty: nothing the widget produced is still on its way, so a
    /// duplicate or an extra event would be in the list.
    pub async fn settled_events(&self, count: usize) -> Vec<Value> {
        for _ in 0..150 {
            let queued = self
                .execute(
                    "return JSON.parse(sessionStorage.getItem('mfa-widget:outbox') || '[]').length;",
                    vec![],
                )
                .await
                .unwrap();
            let events = self
                .get_json("/sandbox/events")
                .await
                .as_array()
                .cloned()
                .unwrap_or_default();
            if events.len() >= count && queued == 0 {
                return events;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the events never settled: {count} expected");
    }

    /// Waits until the sandbox has accepted `expected.len()` outcome events, checks each one's
    /// fields against the seed, and compares (challengeType, challengeStatus, failureType).
    pub async fn assert_events(&self, expected: &[(&str, &str, Option<&str>)]) -> Vec<Value> {
        let events = self.settled_events(expected.len()).await;
        let mut keys = std::collections::HashSet::new();
        let seen: Vec<(String, String, Option<String>)> = events
            .iter()
            .map(|e| {
                assert!(
                    keys.insert(e["idempotencyKey"].as_str().unwrap().to_string()),
                    "one key per event"
                );
                let o = &e["body"]["challengeOutcome"];
                assert_eq!(o["clientId"], "900900");
                assert_eq!(o["sessionId"], "d121ea2210434ffc8a90daff9cc97e76");
                assert_eq!(o["userId"], "demo-user");
                let sent = o["sentTimestamp"].as_str().unwrap();
                let completed = o["completedTimestamp"].as_str().unwrap();
                for t in [sent, completed] {
                    assert!(is_iso_millis(t), "{t}");
                }
                assert!(completed >= sent, "{sent} .. {completed}");
                let failure = o["failureType"].as_str().map(str::to_string);
                assert_eq!(failure.is_some(), o["challengeStatus"] == "Failed", "{o}");
                (
                    o["challengeType"].as_str().unwrap().into(),
                    o["challengeStatus"].as_str().unwrap().into(),
                    failure,
                )
            })
            .collect();
        let expected: Vec<(String, String, Option<String>)> = expected
            .iter()
            .map(|(t, s, f)| (t.to_string(), s.to_string(), f.map(str::to_string)))
            .collect();
        assert_eq!(seen, expected);
        events
    }

    /// Creates a job of `scenario` with injected `faults`, and mounts a widget on it through
    /// `MfaWidget.mount` into `#api-host` with `config` added. `window.__errors` collects each
    /// `onError` detail as `[code, fatal, message]`. Returns the job id.
    pub async fn mount_api(&self, scenario: &str, faults: Value, config: Value) -> String {
        self.mount_api_on("/", scenario, faults, config).await
    }

    /// [`Session::mount_api`] on another page of the sandbox (`/privacy.html`, …).
    pub async fn mount_api_on(
        &self,
        page: &str,
        scenario: &str,
        faults: Value,
        config: Value,
    ) -> String {
        self.client
            .goto(&format!("{}{page}", self.sandbox))
            .await
            .unwrap();
        let job = json!({"scenario": scenario, "bankDelayMs": BANK_DELAY_MS, "faults": faults});
        let id = self
            .client
            .execute_async(
                r#"const [job, config, done] = arguments;
                (async () => {
                  await customElements.whenDefined('mfa-widget');
                  const r = await fetch('/sandbox/jobs', {method: 'POST', body: JSON.stringify(job)});
                  const {JobID} = await r.json();
                  const el = document.createElement('div');
                  el.id = 'api-host';
                  document.body.append(el);
                  window.__errors = [];
                  window.__callbacks = [];
                  window.__handle = await MfaWidget.mount(el, Object.assign({
                    jobId: JobID, eventsUrl: '/kount/events',
                    kount: {clientId: '900900', sessionId: 'd121ea2210434ffc8a90daff9cc97e76', userId: 'demo-user'},
                    onError: d => window.__errors.push([d.code, d.fatal, d.message]),
                    onSubmit: d => window.__callbacks.push(['submit', d]),
                    onCancel: d => window.__callbacks.push(['cancel', d]),
                    onSuccess: d => window.__callbacks.push(['success', d]),
                    onFailure: d => window.__callbacks.push(['failure', d]),
                  }, config));
                  done(JobID);
                })().catch(e => done('error: ' + e));"#,
                vec![job, config],
            )
            .await
            .unwrap();
        let id = id.as_str().unwrap_or_default().to_string();
        assert_eq!(id.len(), 36, "{id}");
        id
    }

    /// Job reads the page's widgets start when the browser says it is online again and the tab is
    /// shown, counted until the next task (a widget reacts to both at once, within that task).
    pub async fn reads_on_wake_up(&self) -> u64 {
        self.execute_async(
            "const done = arguments[arguments.length - 1];
             const real = window.fetch;
             let reads = 0;
             window.fetch = (input, init) => {
               if (String((input && input.url) || input).includes('GetJobInformationByID')) reads += 1;
               return real(input, init);
             };
             window.dispatchEvent(new Event('online'));
             document.dispatchEvent(new Event('visibilitychange'));
             setTimeout(() => { window.fetch = real; done(reads); }, 0);",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(u64::MAX)
    }
}

/// The Kount ids the API host page mounts with.
pub const KOUNT: &str =
    "{clientId: '900900', sessionId: 'd121ea2210434ffc8a90daff9cc97e76', userId: 'demo-user'}";

/// On `www/host.html` (no CSP, the script tag only): creates a job of `scenario` with `faults`,
/// runs `before` (JS), and mounts a widget into a new `#api-host` with the usual config and
/// `extra` (a JS object expression, which may hold functions and getters) over it. The handle
/// is kept in `window.__handle` only when `keep`; `window.__errors` collects each `onError`
/// as `[code, fatal, message]`. Returns the job id.
pub async fn mount_js(
    s: &Session,
    scenario: &str,
    faults: Value,
    before: &str,
    extra: &str,
    keep: bool,
) -> String {
    s.client
        .goto(&format!("{}/host.html", s.sandbox))
        .await
        .unwrap();
    let job = json!({"scenario": scenario, "bankDelayMs": BANK_DELAY_MS, "faults": faults});
    let script = format!(
        r#"const [job, keep, done] = arguments;
        (async () => {{
          await customElements.whenDefined('mfa-widget');
          const r = await fetch('/sandbox/jobs', {{method: 'POST', body: JSON.stringify(job)}});
          const {{JobID}} = await r.json();
          const el = document.createElement('div');
          el.id = 'api-host';
          document.getElementById('main').append(el);
          window.__errors = [];
          {before}
          const config = Object.assign({{
            jobId: JobID, eventsUrl: '/kount/events', kount: {KOUNT},
            onError: d => window.__errors.push([d.code, d.fatal, d.message]),
          }}, {extra});
          const handle = await MfaWidget.mount(el, config);
          if (keep) window.__handle = handle;
          done(JobID);
        }})().catch(e => done('error: ' + e));"#
    );
    let id = s
        .execute_async(&script, vec![job, json!(keep)])
        .await
        .unwrap();
    let id = id.as_str().unwrap_or_default().to_string();
    assert_eq!(id.len(), 36, "{id}");
    id
}

pub async fn answer_questions_in_api_host(s: &Session, answers: &[&str]) {
    s.wait_for("#api-host >> input[name=\"answer-1\"]").await;
    for (i, text) in answers.iter().enumerate() {
        s.type_into(&format!("#api-host >> input[name=\"answer-{i}\"]"), text)
            .await;
    }
    s.click("#api-host >> .mfa-submit").await;
}

/// Answers the seed's two questions in `#api-host`'s widget and waits for its success card.
pub async fn complete_questions_in_api_host(s: &Session) {
    answer_questions_in_api_host(s, &["blue", "apple"]).await;
    s.wait_for("#api-host >> .mfa-success").await;
}

pub async fn errors(s: &Session) -> Vec<(String, bool, String)> {
    let errors = s.execute("return window.__errors;", vec![]).await.unwrap();
    serde_json::from_value(errors).unwrap_or_default()
}

/// One HTTP/1.0 request to `url` (`http://host:port/path`) over a plain TCP connection, a JSON
/// `body` with it; the whole response, and its body.
pub async fn http_exchange(url: &str, method: &str, body: &str) -> (String, String) {
    let rest = url.trim_start_matches("http://");
    let (addr, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let reply = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (response, reply)
}
