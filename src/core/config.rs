//! The host's configuration (`MfaWidget.mount(el, config)` or the element's attributes), and its
//! validation. Read from the config object's JSON (functions are the shell's business); all
//! fields optional but `jobId`, unknown fields ignored, a field of the wrong type an error.

use super::answer::{Endpoint, ListStyle};
use super::json::{parse, Json};
use super::poll::PollIntervals;

/// Name → value pairs in the host's order (a map type would cost the browser kilobytes).
pub type Pairs = Vec<(String, String)>;

/// Widget configuration as the host gives it (camelCase keys, as JS code writes them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub job_id: String,
    /// Base URL of the Job API; the page's origin when absent.
    pub api_base: Option<String>,
    /// Where outcome events go; none are posted when absent.
    pub events_url: Option<String>,
    pub kount: KountIds,
    /// Extra request headers (e.g. a short-lived bearer token) sent to the Job API.
    pub headers: Pairs,
    /// `"python"` to send `SecurityAnswer` as a Python list literal.
    pub security_answer_format: Option<String>,
    pub paths: EndpointPaths,
    pub poll: PollOverrides,
    /// `"v1ChallengeOutcomeEvent"` to post the standalone event shape.
    pub event_shape: Option<String>,
    /// Overrides of the `challengeType` map: default type → type to send.
    pub challenge_type_map: Pairs,
    /// A client-side deadline for answering a challenge (TimedOut when it passes).
    pub challenge_deadline_ms: Option<f64>,
    /// A BCP 47 language tag: `es…` is Spanish, anything else English.
    pub locale: Option<String>,
    /// Per-string overrides, by key (see `core::strings::Text::key`).
    pub strings: Pairs,
    /// `"light"` or `"dark"` to override `prefers-color-scheme`.
    pub theme: Option<String>,
    /// `fetch`'s `credentials` for Job API and event requests: `"omit"`, `"same-origin"`
    /// (the default) or `"include"` (cookies to a cross-origin backend).
    pub credentials: Option<String>,
}

/// Identifiers for the outcome events (DESIGN §3).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KountIds {
    pub client_id: Option<String>,
    pub session_id: Option<String>,
    pub user_id: Option<String>,
    pub user_type: Option<String>,
    pub login_decision_correlation_id: Option<String>,
    /// `eventType` of the standalone shape (default `LOGIN`).
    pub event_type: Option<String>,
    /// `person` of the standalone shape.
    pub person_email: Option<String>,
    pub person_phone: Option<String>,
}

/// Endpoint path overrides, for backends that proxy the Job API under other names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointPaths {
    pub get_job: Option<String>,
    pub security_answer: Option<String>,
    pub token_input: Option<String>,
    pub captcha_input: Option<String>,
}

/// Poll interval overrides in milliseconds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PollOverrides {
    pub after_submit_ms: Option<f64>,
    pub waiting_ms: Option<f64>,
    pub user_turn_ms: Option<f64>,
    pub error_base_ms: Option<f64>,
    pub error_cap_ms: Option<f64>,
    pub request_timeout_ms: Option<f64>,
    pub hidden_ms: Option<f64>,
    pub reconnect_notice_ms: Option<f64>,
}

/// A configuration the widget cannot start with.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    NotAnObject,
    /// A field of the wrong type: its name and what it must be.
    WrongType(&'static str, &'static str),
    MissingJobId,
    BadInterval(&'static str),
    Event(super::event::InvalidField),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::NotAnObject => f.write_str("mfa-widget: the config must be an object"),
            ConfigError::WrongType(field, what) => {
                write!(f, "mfa-widget: `{field}` must be {what}")
            }
            ConfigError::MissingJobId => {
                f.write_str("mfa-widget: `jobId` (attribute `job-id`) is required")
            }
            ConfigError::BadInterval(name) => {
                write!(
                    f,
                    "mfa-widget: `{name}` must be a number of milliseconds ≥ 50"
                )
            }
            ConfigError::Event(invalid) => invalid.fmt(f),
        }
    }
}

/// Reads an optional string field (numbers are accepted as their digits: a numeric job id).
fn string(object: &Json, key: &'static str) -> Result<Option<String>, ConfigError> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(Json::Number(n)) => Ok(Some(n.clone())),
        Some(_) => Err(ConfigError::WrongType(key, "a string")),
    }
}

fn number(object: &Json, key: &'static str) -> Result<Option<f64>, ConfigError> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(value) => value
            .as_f64()
            .map(Some)
            .ok_or(ConfigError::WrongType(key, "a number")),
    }
}

/// An optional nested object (absent or null reads as empty).
fn object<'a>(parent: &'a Json, key: &'static str) -> Result<&'a Json, ConfigError> {
    static EMPTY: Json = Json::Object(Vec::new());
    match parent.get(key) {
        None | Some(Json::Null) => Ok(&EMPTY),
        Some(value @ Json::Object(_)) => Ok(value),
        Some(_) => Err(ConfigError::WrongType(key, "an object")),
    }
}

fn string_map(parent: &Json, key: &'static str) -> Result<Pairs, ConfigError> {
    let Json::Object(entries) = object(parent, key)? else {
        return Ok(Vec::new());
    };
    entries
        .iter()
        .map(|(k, v)| match v {
            Json::String(s) => Ok((k.clone(), s.clone())),
            _ => Err(ConfigError::WrongType(key, "an object of strings")),
        })
        .collect()
}

/// Whether the widget may talk to `url` (already resolved against the page): `https:`, or
/// `http:` on the loopback interface (development). Anything else would send answers or
/// events in clear text over the network.
pub fn is_allowed_endpoint(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return true;
    }
    let Some(rest) = lower.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split_once(']')
            .map_or(host, |(h, _)| h)
            .trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let octets: Vec<&str> = host.split('.').collect();
    let ipv4_loopback =
        octets.len() == 4 && octets[0] == "127" && octets.iter().all(|o| o.parse::<u8>().is_ok());
    host == "localhost" || host == "::1" || ipv4_loopback
}

impl Config {
    /// Reads the config from JSON text (the shell stringifies the host's object).
    pub fn from_json_text(text: &str) -> Result<Config, ConfigError> {
        let value = parse(text).map_err(|_| ConfigError::NotAnObject)?;
        if !matches!(value, Json::Object(_)) {
            return Err(ConfigError::NotAnObject);
        }
        let kount = object(&value, "kount")?;
        let paths = object(&value, "paths")?;
        let poll = object(&value, "poll")?;
        let person = object(kount, "person")?;
        Ok(Config {
            job_id: string(&value, "jobId")?.unwrap_or_default(),
            api_base: string(&value, "apiBase")?,
            events_url: string(&value, "eventsUrl")?,
            kount: KountIds {
                client_id: string(kount, "clientId")?,
                session_id: string(kount, "sessionId")?,
                user_id: string(kount, "userId")?,
                user_type: string(kount, "userType")?,
                login_decision_correlation_id: string(kount, "loginDecisionCorrelationId")?,
                event_type: string(kount, "eventType")?,
                person_email: string(person, "emailAddress")?,
                person_phone: string(person, "phoneNumber")?,
            },
            headers: string_map(&value, "headers")?,
            security_answer_format: string(&value, "securityAnswerFormat")?,
            paths: EndpointPaths {
                get_job: string(paths, "getJob")?,
                security_answer: string(paths, "securityAnswer")?,
                token_input: string(paths, "tokenInput")?,
                captcha_input: string(paths, "captchaInput")?,
            },
            poll: PollOverrides {
                after_submit_ms: number(poll, "afterSubmitMs")?,
                waiting_ms: number(poll, "waitingMs")?,
                user_turn_ms: number(poll, "userTurnMs")?,
                error_base_ms: number(poll, "errorBaseMs")?,
                error_cap_ms: number(poll, "errorCapMs")?,
                request_timeout_ms: number(poll, "requestTimeoutMs")?,
                hidden_ms: number(poll, "hiddenMs")?,
                reconnect_notice_ms: number(poll, "reconnectNoticeMs")?,
            },
            event_shape: string(&value, "eventShape")?,
            challenge_type_map: string_map(&value, "challengeTypeMap")?,
            challenge_deadline_ms: number(&value, "challengeDeadlineMs")?,
            locale: string(&value, "locale")?,
            strings: string_map(&value, "strings")?,
            theme: string(&value, "theme")?,
            credentials: string(&value, "credentials")?,
        })
    }

    /// Checks what can be checked without a page; run when the widget starts.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.job_id.trim().is_empty() {
            return Err(ConfigError::MissingJobId);
        }
        if self
            .challenge_deadline_ms
            .is_some_and(|ms| !ms.is_finite() || ms < 50.0)
        {
            return Err(ConfigError::BadInterval("challengeDeadlineMs"));
        }
        super::event::EventSettings::from_config(self).map_err(ConfigError::Event)?;
        super::strings::Strings::new(self.locale.as_deref(), &self.strings).map_err(|_| {
            ConfigError::WrongType(
                "strings",
                "an object whose keys are the documented string names",
            )
        })?;
        if !matches!(
            self.credentials.as_deref(),
            None | Some("omit" | "same-origin" | "include")
        ) {
            return Err(ConfigError::WrongType(
                "credentials",
                "\"omit\", \"same-origin\" or \"include\"",
            ));
        }
        if !matches!(
            self.theme.as_deref(),
            None | Some("light" | "dark" | "auto")
        ) {
            return Err(ConfigError::WrongType(
                "theme",
                "\"light\", \"dark\" or \"auto\"",
            ));
        }
        self.intervals().map(|_| ())
    }

    pub fn list_style(&self) -> ListStyle {
        match self.security_answer_format.as_deref() {
            Some(f) if f.eq_ignore_ascii_case("python") => ListStyle::Python,
            _ => ListStyle::Json,
        }
    }

    /// The path of an endpoint, relative to `api_base`.
    pub fn path(&self, endpoint: Endpoint) -> &str {
        let (custom, default) = match endpoint {
            Endpoint::GetJob => (&self.paths.get_job, "/api/Job/GetJobInformationByID"),
            Endpoint::SecurityAnswer => (
                &self.paths.security_answer,
                "/api/Job/UpdateJobSecurityAnswer",
            ),
            Endpoint::TokenInput => (&self.paths.token_input, "/api/Job/UpdateJobTokenInput"),
            Endpoint::CaptchaInput => (&self.paths.captcha_input, "/api/Job/UpdateJobCaptchaInput"),
        };
        custom.as_deref().unwrap_or(default)
    }

    /// The poll intervals with the host's overrides applied.
    pub fn intervals(&self) -> Result<PollIntervals, ConfigError> {
        let mut p = PollIntervals::default();
        let o = &self.poll;
        for (value, slot, name) in [
            (o.after_submit_ms, &mut p.after_submit_ms, "afterSubmitMs"),
            (o.waiting_ms, &mut p.waiting_ms, "waitingMs"),
            (o.user_turn_ms, &mut p.user_turn_ms, "userTurnMs"),
            (o.error_base_ms, &mut p.error_base_ms, "errorBaseMs"),
            (o.error_cap_ms, &mut p.error_cap_ms, "errorCapMs"),
            (
                o.request_timeout_ms,
                &mut p.request_timeout_ms,
                "requestTimeoutMs",
            ),
            (o.hidden_ms, &mut p.hidden_ms, "hiddenMs"),
            (
                o.reconnect_notice_ms,
                &mut p.reconnect_notice_ms,
                "reconnectNoticeMs",
            ),
        ] {
            if let Some(ms) = value {
                if !ms.is_finite() || ms < 50.0 {
                    return Err(ConfigError::BadInterval(name));
                }
                *slot = ms;
            }
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_camel_case_and_validates() {
        let config = Config::from_json_text(
            r#"{"jobId": "j1", "apiBase": "/", "kount": {"clientId": "900900"},
                "headers": {"Authorization": "Bearer x"}, "securityAnswerFormat": "python",
                "paths": {"getJob": "/proxy/job"}, "poll": {"userTurnMs": 5000}, "onEvent": null}"#,
        )
        .unwrap();
        assert_eq!(config.kount.client_id.as_deref(), Some("900900"));
        assert_eq!(config.list_style(), ListStyle::Python);
        assert_eq!(config.path(Endpoint::GetJob), "/proxy/job");
        assert_eq!(
            config.path(Endpoint::TokenInput),
            "/api/Job/UpdateJobTokenInput"
        );
        assert_eq!(config.intervals().unwrap().user_turn_ms, 5000.0);
        assert_eq!(config.validate(), Ok(()));

        let rows = [
            (r#"{}"#, Err(ConfigError::MissingJobId)),
            (r#"{"jobId": "  "}"#, Err(ConfigError::MissingJobId)),
            (
                r#"{"jobId": "j", "poll": {"waitingMs": 0}}"#,
                Err(ConfigError::BadInterval("waitingMs")),
            ),
            (r#"{"jobId": "j", "poll": {"waitingMs": 400}}"#, Ok(())),
            (r#"{"jobId": "j", "credentials": "include"}"#, Ok(())),
            (
                r#"{"jobId": "j", "credentials": "always"}"#,
                Err(ConfigError::WrongType(
                    "credentials",
                    "\"omit\", \"same-origin\" or \"include\"",
                )),
            ),
        ];
        for (json, expected) in rows {
            let config = Config::from_json_text(json).unwrap();
            assert_eq!(config.validate(), expected, "{json}");
        }
    }

    #[test]
    fn only_https_or_loopback_http() {
        let rows = [
            ("https://aggregator.example/api", true),
            ("HTTPS://A.EXAMPLE", true),
            ("http://127.0.0.1:8787/kount/events", true),
            ("http://localhost/x", true),
            ("http://[::1]:9000/", true),
            ("http://aggregator.example/api", false),
            ("http://127.0.0.1.evil.example/", false),
            ("http://user@evil.example/", false),
            ("http://evil.example/?127.0.0.1", false),
            ("ftp://127.0.0.1/", false),
            ("javascript:alert(1)", false),
            ("data:text/html,x", false),
        ];
        for (url, allowed) in rows {
            assert_eq!(is_allowed_endpoint(url), allowed, "{url}");
        }
    }

    #[test]
    fn every_poll_interval_is_configurable() {
        let config = Config::from_json_text(
            r#"{"jobId": "j", "poll": {"afterSubmitMs": 101, "waitingMs": 102, "userTurnMs": 103,
                "errorBaseMs": 104, "errorCapMs": 105, "requestTimeoutMs": 106, "hiddenMs": 107,
                "reconnectNoticeMs": 108}}"#,
        )
        .unwrap();
        let p = config.intervals().unwrap();
        let got = [
            p.after_submit_ms,
            p.waiting_ms,
            p.user_turn_ms,
            p.error_base_ms,
            p.error_cap_ms,
            p.request_timeout_ms,
            p.hidden_ms,
            p.reconnect_notice_ms,
        ];
        assert_eq!(
            got,
            [101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0]
        );
    }

    #[test]
    fn wrong_types_are_clear_errors() {
        let rows = [
            ("[]", ConfigError::NotAnObject),
            ("not json", ConfigError::NotAnObject),
            (
                r#"{"jobId": {"id": 1}}"#,
                ConfigError::WrongType("jobId", "a string"),
            ),
            (
                r#"{"jobId": "j", "headers": {"X": 1}}"#,
                ConfigError::WrongType("headers", "an object of strings"),
            ),
            (
                r#"{"jobId": "j", "kount": "900900"}"#,
                ConfigError::WrongType("kount", "an object"),
            ),
            (
                r#"{"jobId": "j", "poll": {"waitingMs": "fast"}}"#,
                ConfigError::WrongType("waitingMs", "a number"),
            ),
        ];
        for (json, expected) in rows {
            assert_eq!(Config::from_json_text(json), Err(expected), "{json}");
        }
        assert_eq!(
            Config::from_json_text(r#"{"jobId": 42}"#).unwrap().job_id,
            "42"
        );
    }
}
