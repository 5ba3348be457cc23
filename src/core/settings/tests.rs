//! What a config means, row by row, on a page parsed as browsers do (the WHATWG URL parser).

use super::*;
use crate::core::kount::event::InvalidField;

/// The WHATWG URL parser (what browsers implement) on a page at `PAGE`.
pub struct Page;

pub const PAGE: &str = "https://bank.example/connect/start?x=1";

/// The same parser on a page at this address.
pub struct PageAt(pub &'static str);

impl PageInfo for PageAt {
    fn resolve(&self, url: &str) -> Option<ResolvedUrl> {
        let resolved = url::Url::parse(self.0).ok()?.join(url).ok()?;
        Some(ResolvedUrl {
            scheme: resolved.scheme().to_string(),
            host: match resolved.host() {
                Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
                Some(host) => host.to_string(),
                None => String::new(),
            },
            has_userinfo: !resolved.username().is_empty() || resolved.password().is_some(),
            href: resolved.into(),
        })
    }
}

impl PageInfo for Page {
    fn resolve(&self, url: &str) -> Option<ResolvedUrl> {
        PageAt(PAGE).resolve(url)
    }
}

/// Settings from a config's JSON, on [`Page`].
pub fn settings(json: &str) -> Result<Settings, ConfigError> {
    settings_on(&Page, json)
}

/// Settings from a config's JSON, on `page`.
pub fn settings_on(page: &impl PageInfo, json: &str) -> Result<Settings, ConfigError> {
    let config = Config::read(serde_json::from_str(json).expect("JSON"))?;
    Settings::new(config, page)
}

#[test]
fn defaults_and_overrides() {
    let s = settings(
        r#"{"jobId": "j1", "poll": {"userTurnMs": 5000}, "securityAnswerFormat": "python",
            "paths": {"getJob": "/proxy/job"}, "headers": {"Authorization": "Bearer x"}}"#,
    )
    .unwrap();
    assert_eq!(s.job_id, "j1");
    assert_eq!(
        s.endpoint(Endpoint::GetJob),
        "https://bank.example/proxy/job"
    );
    assert_eq!(
        s.endpoint(Endpoint::TokenInput),
        "https://bank.example/api/Job/UpdateJobTokenInput"
    );
    assert_eq!(s.intervals.user_turn_ms, 5000.0);
    assert_eq!(s.intervals.waiting_ms, PollIntervals::default().waiting_ms);
    assert_eq!(s.list_style, ListStyle::Python);
    assert_eq!(s.credentials, Credentials::SameOrigin);
    assert_eq!(s.theme, Theme::Auto);
    assert_eq!(s.headers, Pairs::from([("Authorization", "Bearer x")]));
    assert_eq!(s.events_url, None);
}

#[test]
fn every_url_is_resolved_and_checked() {
    let rows: &[(&str, Result<&str, ConfigError>)] = &[
        (
            r#""apiBase": "https://api.example/v2/""#,
            Ok("https://api.example/v2/api/Job/GetJobInformationByID"),
        ),
        (
            r#""apiBase": "/proxy""#,
            Ok("https://bank.example/proxy/api/Job/GetJobInformationByID"),
        ),
        // Loopback http: only from an http page (below); from this https one it is mixed
        // content.
        (
            r#""apiBase": "http://127.0.0.1:8787""#,
            Err(ConfigError::MixedContent("apiBase")),
        ),
        (
            r#""eventsUrl": "http://localhost:8787/e", "kount": {"clientId": "1"}"#,
            Err(ConfigError::MixedContent("eventsUrl")),
        ),
        // A user name or password: `fetch` refuses such a URL.
        (
            r#""apiBase": "https://user:pass@api.example""#,
            Err(ConfigError::UserInfo("apiBase")),
        ),
        (
            r#""paths": {"getJob": "https://token@api.example/j"}"#,
            Err(ConfigError::UserInfo("paths.getJob")),
        ),
        // A query or fragment in the base would swallow every path.
        (
            r#""apiBase": "https://api.example/v2?key=1""#,
            Err(ConfigError::Invalid {
                key: "apiBase".into(),
                reason: "a query (`?`) or fragment (`#`) would swallow every endpoint's path"
                    .into(),
            }),
        ),
        (
            r#""apiBase": "https://api.example/#x""#,
            Err(ConfigError::Invalid {
                key: "apiBase".into(),
                reason: "a query (`?`) or fragment (`#`) would swallow every endpoint's path"
                    .into(),
            }),
        ),
        (
            r#""apiBase": "http://aggregator.example""#,
            Err(ConfigError::ClearText("apiBase")),
        ),
        (
            r#""apiBase": "http://127.0.0.1.evil.example""#,
            Err(ConfigError::ClearText("apiBase")),
        ),
        (
            r#""apiBase": "http://user@evil.example/""#,
            Err(ConfigError::UserInfo("apiBase")),
        ),
        (
            r#""paths": {"getJob": "http://evil.example/?127.0.0.1"}"#,
            Err(ConfigError::ClearText("paths.getJob")),
        ),
        (
            r#""apiBase": "ftp://127.0.0.1""#,
            Err(ConfigError::ClearText("apiBase")),
        ),
        (
            r#""paths": {"getJob": "javascript:alert(1)"}"#,
            Err(ConfigError::ClearText("paths.getJob")),
        ),
        (
            r#""paths": {"getJob": "http://elsewhere.example/j"}"#,
            Err(ConfigError::ClearText("paths.getJob")),
        ),
        (
            r#""paths": {"securityAnswer": "http://elsewhere.example/a"}"#,
            Err(ConfigError::ClearText("paths.securityAnswer")),
        ),
        (
            r#""paths": {"tokenInput": "http://elsewhere.example/t"}"#,
            Err(ConfigError::ClearText("paths.tokenInput")),
        ),
        (
            r#""paths": {"captchaInput": "http://elsewhere.example/c"}"#,
            Err(ConfigError::ClearText("paths.captchaInput")),
        ),
        (
            r#""eventsUrl": "http://elsewhere.example/e", "kount": {"clientId": "1"}"#,
            Err(ConfigError::ClearText("eventsUrl")),
        ),
        (
            r#""apiBase": "https://[bad""#,
            Err(ConfigError::BadUrl("apiBase")),
        ),
    ];
    for (fields, expected) in rows {
        let result =
            settings(&format!(r#"{{"jobId": "j", {fields}}}"#)).map(|s| s.endpoints.get_job);
        assert_eq!(
            result.as_deref().map_err(Clone::clone),
            expected.clone(),
            "{fields}"
        );
    }
    let s = settings(
        r#"{"jobId": "j", "eventsUrl": "/kount/events", "kount": {"clientId": "900900"},
            "paths": {"captchaInput": "https://captcha.example/in"}}"#,
    )
    .unwrap();
    assert_eq!(
        s.events_url.as_deref(),
        Some("https://bank.example/kount/events")
    );
    assert_eq!(s.endpoints.captcha_input, "https://captcha.example/in");
}

#[test]
fn loopback_http_from_an_http_page_only() {
    let local = PageAt("http://127.0.0.1:8787/demo");
    let rows: &[(&str, Result<&str, ConfigError>)] = &[
        (
            r#""apiBase": "http://127.0.0.1:8787""#,
            Ok("http://127.0.0.1:8787/api/Job/GetJobInformationByID"),
        ),
        (
            r#""apiBase": "http://localhost:8787/""#,
            Ok("http://localhost:8787/api/Job/GetJobInformationByID"),
        ),
        (
            r#""apiBase": "http://[::1]:9000""#,
            Ok("http://[::1]:9000/api/Job/GetJobInformationByID"),
        ),
        (
            r#""apiBase": "https://api.example""#,
            Ok("https://api.example/api/Job/GetJobInformationByID"),
        ),
        (
            r#""apiBase": "http://aggregator.example""#,
            Err(ConfigError::ClearText("apiBase")),
        ),
    ];
    for (fields, expected) in rows {
        let result = settings_on(&local, &format!(r#"{{"jobId": "j", {fields}}}"#))
            .map(|s| s.endpoints.get_job);
        assert_eq!(
            result.as_deref().map_err(Clone::clone),
            expected.clone(),
            "{fields}"
        );
    }
}

#[test]
fn what_cannot_start() {
    let rows = [
        (r#"{}"#, ConfigError::MissingJobId),
        (r#"{"jobId": "  "}"#, ConfigError::MissingJobId),
        (
            r#"{"jobId": "j", "poll": {"waitingMs": 0}}"#,
            ConfigError::BadInterval("poll.waitingMs"),
        ),
        (
            r#"{"jobId": "j", "poll": {"burstMs": 10}}"#,
            ConfigError::BadInterval("poll.burstMs"),
        ),
        (
            r#"{"jobId": "j", "challengeDeadlineMs": 1}"#,
            ConfigError::BadInterval("challengeDeadlineMs"),
        ),
        (
            r#"{"jobId": "j", "strings": {"nope": "x"}}"#,
            ConfigError::UnknownString("nope".into()),
        ),
        (
            r#"{"jobId": "j", "eventsUrl": "/e"}"#,
            ConfigError::Event(InvalidField {
                field: "kount.clientId",
                rule: "set when eventsUrl is (1 to 64 letters or digits)",
            }),
        ),
    ];
    for (json, expected) in rows {
        assert_eq!(settings(json), Err(expected), "{json}");
    }
}

#[test]
fn every_poll_interval_is_configurable() {
    let p = settings(
        r#"{"jobId": "j", "poll": {"afterSubmitMs": 101, "burstMs": 109, "waitingMs": 102,
            "userTurnMs": 103, "errorBaseMs": 104, "errorCapMs": 105, "requestTimeoutMs": 106,
            "hiddenMs": 107, "reconnectNoticeMs": 108, "waitingMaxMs": 110}}"#,
    )
    .unwrap()
    .intervals;
    let PollIntervals {
        after_submit_ms,
        burst_ms,
        waiting_ms,
        user_turn_ms,
        error_base_ms,
        error_cap_ms,
        hidden_ms,
        request_timeout_ms,
        reconnect_notice_ms,
        waiting_max_ms,
    } = p;
    assert_eq!(
        [
            after_submit_ms,
            waiting_ms,
            user_turn_ms,
            error_base_ms,
            error_cap_ms,
            request_timeout_ms,
            hidden_ms,
            reconnect_notice_ms,
            burst_ms,
            waiting_max_ms
        ],
        [101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0]
    );
}

#[test]
fn the_look_and_the_headers_keep_the_session_and_nothing_else_does() {
    let base = settings(r#"{"jobId": "j"}"#).unwrap();
    let keeps = [
        r#"{"jobId": "j", "theme": "dark"}"#,
        r#"{"jobId": "j", "locale": "fr-CA", "strings": {"continue": "Next"}}"#,
        r#"{"jobId": "j", "headers": {"Authorization": "Bearer new"}}"#,
    ];
    for json in keeps {
        assert!(base.same_session(&settings(json).unwrap()), "{json}");
    }
    let restarts = [
        r#"{"jobId": "k"}"#,
        r#"{"jobId": "j", "apiBase": "https://other.example/"}"#,
        r#"{"jobId": "j", "cancelable": true}"#,
        r#"{"jobId": "j", "poll": {"waitingMs": 2000}}"#,
        r#"{"jobId": "j", "credentials": "include"}"#,
    ];
    for json in restarts {
        assert!(!base.same_session(&settings(json).unwrap()), "{json}");
    }
}
