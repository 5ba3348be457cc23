//! The host's configuration as it arrives (`MfaWidget.mount(el, config)` or the element's
//! attributes): camelCase keys, every one optional here (`null`/`undefined` mean absent), an
//! unknown key or a value of the wrong type an error naming it. It is only read; what it
//! means is decided once, by [`super::settings::Settings`].
//!
//! One serde visitor reads any value ([`Given`]: `deserialize_any`, from the browser's object
//! through serde-wasm-bindgen, or from serde_json in tests); plain Rust then reads each key
//! from it, so an error names its key without a second decoding pass, and the page is not
//! sent a derived visitor per struct and field type (measured: README, Benchmark).

use super::job::answer::ListStyle;
use super::kount::event::{EventShape, KountIds, Person};
use super::pairs::Pairs;
use super::settings::ConfigError;
use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::fmt;

/// Widget configuration as the host gives it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The job; a number is taken as its digits.
    pub job_id: Option<JobId>,
    /// Base URL of the Job API; the page's origin when absent.
    pub api_base: Option<String>,
    /// Where outcome events go; none are posted when absent.
    pub events_url: Option<String>,
    pub kount: Option<KountIds>,
    /// Extra request headers (e.g. a short-lived bearer token) for the Job API and events.
    pub headers: Option<Pairs>,
    /// `headers` given as a function (a token provider): the shell calls it before each
    /// request and adds what it gives (see [`Config::read_provided_headers`]).
    pub headers_provider: Option<HostCallback>,
    /// `"python"` to send `SecurityAnswer` as a Python list literal.
    pub security_answer_format: Option<ListStyle>,
    pub paths: Option<EndpointPaths>,
    pub poll: Option<PollOverrides>,
    pub event_shape: Option<EventShape>,
    /// `false` to not report a sign-in the bank refused as a `failedAttempt` event.
    pub failed_attempt_event: Option<bool>,
    /// Overrides of the `challengeType` map: default type → type to send.
    pub challenge_type_map: Option<Pairs>,
    /// A client-side deadline for answering a challenge (TimedOut when it passes).
    pub challenge_deadline_ms: Option<f64>,
    /// `auto` (the default: the browser's languages, then the page's) or a BCP 47 tag.
    pub locale: Option<String>,
    /// Per-string overrides, by key (see `core::strings::Text::key`).
    pub strings: Option<Pairs>,
    pub theme: Option<Theme>,
    pub credentials: Option<Credentials>,
    /// `true` to offer the user a Cancel action (ends the open challenge, fires `onCancel`).
    pub cancelable: Option<bool>,
    // The host's callbacks: functions, which the shell takes from the JS object itself.
    pub on_challenge: Option<HostCallback>,
    pub on_submit: Option<HostCallback>,
    pub on_success: Option<HostCallback>,
    pub on_failure: Option<HostCallback>,
    pub on_error: Option<HostCallback>,
    pub on_event: Option<HostCallback>,
    pub on_ready: Option<HostCallback>,
    pub on_cancel: Option<HostCallback>,
}

/// The job id: text, or a number taken as its digits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobId(pub String);

/// A callback's place in the config: its value is the shell's business (a JS function).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HostCallback;

/// `theme`: follow `prefers-color-scheme` (`auto`, the default) or force one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

/// `credentials`: `fetch`'s credentials mode for Job API and event requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    Omit,
    /// The browser's default.
    #[default]
    SameOrigin,
    /// Cookies to a cross-origin backend.
    Include,
}

/// Endpoint path overrides, for backends that proxy the Job API under other names; each is
/// relative to `apiBase` or an absolute URL.
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
    pub burst_ms: Option<f64>,
    pub waiting_ms: Option<f64>,
    pub user_turn_ms: Option<f64>,
    pub error_base_ms: Option<f64>,
    pub error_cap_ms: Option<f64>,
    pub request_timeout_ms: Option<f64>,
    pub hidden_ms: Option<f64>,
    pub reconnect_notice_ms: Option<f64>,
}

/// Every key the config and each of its objects may hold, by the object's path (`""` is the
/// config itself): the published surface (`tests/surface.rs` holds the declarations, README
/// and the element's attributes to it), and what the decoder reads (a test holds it to that).
pub const KNOWN_KEYS: [(&str, &[&str]); 5] = [
    (
        "",
        &[
            "jobId",
            "apiBase",
            "eventsUrl",
            "kount",
            "headers",
            "securityAnswerFormat",
            "paths",
            "poll",
            "eventShape",
            "failedAttemptEvent",
            "challengeTypeMap",
            "challengeDeadlineMs",
            "locale",
            "strings",
            "theme",
            "credentials",
            "cancelable",
            "onChallenge",
            "onSubmit",
            "onSuccess",
            "onFailure",
            "onError",
            "onEvent",
            "onReady",
            "onCancel",
        ],
    ),
    (
        "kount",
        &[
            "clientId",
            "sessionId",
            "userId",
            "userType",
            "loginDecisionCorrelationId",
            "eventType",
            "person",
            "username",
        ],
    ),
    ("kount.person", &["emailAddress", "phoneNumber"]),
    (
        "paths",
        &["getJob", "securityAnswer", "tokenInput", "captchaInput"],
    ),
    (
        "poll",
        &[
            "afterSubmitMs",
            "burstMs",
            "waitingMs",
            "userTurnMs",
            "errorBaseMs",
            "errorCapMs",
            "requestTimeoutMs",
            "hiddenMs",
            "reconnectNoticeMs",
        ],
    ),
];

/// A config value as the host gave it: the shapes a JS object of settings holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// `null`, `undefined` or left out.
    Absent,
    Flag(bool),
    Number(f64),
    Text(String),
    /// An object's entries, in order.
    Object(Vec<(String, Given)>),
    /// A function (the shell's to keep: callbacks).
    Function,
    /// An array, or anything else no key takes (a function inside an object).
    Other,
}

impl<'de> Deserialize<'de> for Given {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(GivenVisitor { depth: 0 })
    }
}

/// Objects inside the config go no deeper than `kount.person` (the config itself is at 0):
/// anything nested deeper is not walked, so no page can make the reader recurse until the
/// wasm's stack runs out.
const TOO_DEEP: u8 = 3;

impl Given {
    /// A value of one of the config's own keys (the shell reads the config object's keys
    /// itself, to keep its callbacks).
    pub fn of_key<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(GivenVisitor { depth: 1 })
    }
}

/// `depth`: how many objects this value is inside.
struct GivenVisitor {
    depth: u8,
}

impl<'de> DeserializeSeed<'de> for GivenVisitor {
    type Value = Given;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GivenVisitor {
    type Value = Given;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a config value")
    }

    fn visit_unit<E>(self) -> Result<Given, E> {
        Ok(Given::Absent)
    }

    fn visit_none<E>(self) -> Result<Given, E> {
        Ok(Given::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Given, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Given, E> {
        Ok(Given::Flag(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Given, E> {
        Ok(Given::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Given, E> {
        Ok(Given::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Given, E> {
        Ok(Given::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Given, E> {
        Ok(Given::Text(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Given, E> {
        Ok(Given::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Given, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Given::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Given, A::Error> {
        if self.depth >= TOO_DEEP {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Given::Other);
        }
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let inner = GivenVisitor {
                depth: self.depth + 1,
            };
            entries.push((key, map.next_value_seed(inner)?));
        }
        Ok(Given::Object(entries))
    }
}

impl Given {
    /// What was given instead, for an error message (no number formatting: a float
    /// formatter would ship for this alone).
    fn described(&self) -> String {
        match self {
            Given::Absent => "nothing".into(),
            Given::Flag(b) => b.to_string(),
            Given::Number(_) => "a number".into(),
            Given::Text(text) => format!("\"{text}\""),
            Given::Object(_) => "an object".into(),
            Given::Function => "a function".into(),
            Given::Other => "a value of another kind".into(),
        }
    }
}

/// One object's keys, read one by one: each error names the key by its whole path.
struct Reading<'a> {
    path: &'a str,
}

impl Reading<'_> {
    fn key(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn wrong(&self, key: &str, expected: &str, given: &Given) -> ConfigError {
        ConfigError::Invalid {
            key: self.key(key),
            reason: format!("expected {expected}, got {}", given.described()),
        }
    }

    fn text(&self, key: &str, given: Given) -> Result<Option<String>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Text(text) => Ok(Some(text)),
            other => Err(self.wrong(key, "text", &other)),
        }
    }

    fn number(&self, key: &str, given: Given) -> Result<Option<f64>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Number(n) => Ok(Some(n)),
            other => Err(self.wrong(key, "a number", &other)),
        }
    }

    fn flag(&self, key: &str, given: Given) -> Result<Option<bool>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Flag(b) => Ok(Some(b)),
            other => Err(self.wrong(key, "true or false", &other)),
        }
    }

    /// One of `choices` (its spelling → its value).
    fn choice<T: Copy>(
        &self,
        key: &str,
        given: Given,
        choices: &[(&str, T)],
    ) -> Result<Option<T>, ConfigError> {
        if let Given::Text(text) = &given {
            if let Some((_, value)) = choices.iter().find(|(name, _)| name == text) {
                return Ok(Some(*value));
            }
        }
        if given == Given::Absent {
            return Ok(None);
        }
        let names: Vec<String> = choices.iter().map(|(n, _)| format!("`{n}`")).collect();
        Err(self.wrong(key, &format!("one of {}", names.join(", ")), &given))
    }

    /// An object's entries, for a reader of its own keys.
    fn object(&self, key: &str, given: Given) -> Result<Option<Vec<(String, Given)>>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Object(entries) => Ok(Some(entries)),
            other => Err(self.wrong(key, "an object", &other)),
        }
    }

    /// An object of strings (`headers`, `strings`, `challengeTypeMap`), in order.
    fn pairs(&self, key: &str, given: Given) -> Result<Option<Pairs>, ConfigError> {
        let Some(entries) = self.object(key, given)? else {
            return Ok(None);
        };
        let inner = Reading {
            path: &self.key(key),
        };
        let mut pairs = Vec::new();
        for (name, value) in entries {
            match value {
                Given::Text(text) => pairs.push((name, text)),
                other => return Err(inner.wrong(&name, "text", &other)),
            }
        }
        Ok(Some(Pairs(pairs)))
    }

    fn unknown(&self, key: &str) -> ConfigError {
        ConfigError::UnknownKey(self.key(key))
    }

    /// An object whose keys are all optional fields of one type: each value read by `read`
    /// into the field `slot` names for its key (none: an unknown key).
    fn fields<S, T>(
        &self,
        entries: Vec<(String, Given)>,
        target: &mut S,
        slot: for<'s> fn(&'s mut S, &str) -> Option<&'s mut Option<T>>,
        read: fn(&Self, &str, Given) -> Result<Option<T>, ConfigError>,
    ) -> Result<(), ConfigError> {
        for (key, value) in entries {
            let field = slot(target, &key).ok_or_else(|| self.unknown(&key))?;
            *field = read(self, &key, value)?;
        }
        Ok(())
    }
}

impl Config {
    /// What a `headers` provider gave (an object of strings), read and checked as the config's
    /// `headers` are; an error names the header at fault.
    pub fn read_provided_headers(given: Given) -> Result<Pairs, ConfigError> {
        let r = Reading { path: "" };
        let pairs = r.pairs("headers", given)?.unwrap_or_default();
        super::headers::checked(pairs)
    }

    /// The config from what the host gave (an object), each key read by its own rule.
    pub fn read(given: Given) -> Result<Config, ConfigError> {
        let Given::Object(entries) = given else {
            return Err(ConfigError::NotAnObject);
        };
        let r = Reading { path: "" };
        let mut c = Config::default();
        for (key, value) in entries {
            let k = key.as_str();
            match k {
                "jobId" => {
                    c.job_id = match value {
                        Given::Absent => None,
                        Given::Text(text) => Some(JobId(text)),
                        // A number is taken as its digits.
                        Given::Number(n) if n.fract() == 0.0 && n.abs() < 9.007e15 => {
                            Some(JobId((n as i64).to_string()))
                        }
                        other => return Err(r.wrong(k, "text", &other)),
                    }
                }
                "apiBase" => c.api_base = r.text(k, value)?,
                "eventsUrl" => c.events_url = r.text(k, value)?,
                "kount" => c.kount = r.object(k, value)?.map(kount_ids).transpose()?,
                "headers" => match value {
                    Given::Function => c.headers_provider = Some(HostCallback),
                    other => c.headers = r.pairs(k, other)?,
                },
                "securityAnswerFormat" => {
                    c.security_answer_format = r.choice(
                        k,
                        value,
                        &[("json", ListStyle::Json), ("python", ListStyle::Python)],
                    )?
                }
                "paths" => c.paths = r.object(k, value)?.map(paths).transpose()?,
                "poll" => c.poll = r.object(k, value)?.map(poll).transpose()?,
                "eventShape" => {
                    c.event_shape = r.choice(
                        k,
                        value,
                        &[
                            ("challengeOutcome", EventShape::LoginEvent),
                            ("v1ChallengeOutcomeEvent", EventShape::Standalone),
                        ],
                    )?
                }
                "failedAttemptEvent" => c.failed_attempt_event = r.flag(k, value)?,
                "challengeTypeMap" => c.challenge_type_map = r.pairs(k, value)?,
                "challengeDeadlineMs" => c.challenge_deadline_ms = r.number(k, value)?,
                "locale" => c.locale = r.text(k, value)?,
                "strings" => c.strings = r.pairs(k, value)?,
                "theme" => {
                    c.theme = r.choice(
                        k,
                        value,
                        &[
                            ("auto", Theme::Auto),
                            ("light", Theme::Light),
                            ("dark", Theme::Dark),
                        ],
                    )?
                }
                "credentials" => {
                    c.credentials = r.choice(
                        k,
                        value,
                        &[
                            ("omit", Credentials::Omit),
                            ("same-origin", Credentials::SameOrigin),
                            ("include", Credentials::Include),
                        ],
                    )?
                }
                "cancelable" => c.cancelable = r.flag(k, value)?,
                _ => {
                    let callback = match k {
                        "onChallenge" => &mut c.on_challenge,
                        "onSubmit" => &mut c.on_submit,
                        "onSuccess" => &mut c.on_success,
                        "onFailure" => &mut c.on_failure,
                        "onError" => &mut c.on_error,
                        "onEvent" => &mut c.on_event,
                        "onReady" => &mut c.on_ready,
                        "onCancel" => &mut c.on_cancel,
                        _ => return Err(r.unknown(k)),
                    };
                    *callback = match value {
                        Given::Absent => None,
                        Given::Function => Some(HostCallback),
                        other => return Err(r.wrong(k, "a function", &other)),
                    };
                }
            }
        }
        Ok(c)
    }
}

fn kount_ids(entries: Vec<(String, Given)>) -> Result<KountIds, ConfigError> {
    let r = Reading { path: "kount" };
    let (person_entry, rest): (Vec<_>, Vec<_>) =
        entries.into_iter().partition(|(key, _)| key == "person");
    let mut ids = KountIds::default();
    for (key, value) in person_entry {
        ids.person = r.object(&key, value)?.map(person).transpose()?;
    }
    r.fields(
        rest,
        &mut ids,
        |ids, key| match key {
            "clientId" => Some(&mut ids.client_id),
            "sessionId" => Some(&mut ids.session_id),
            "userId" => Some(&mut ids.user_id),
            "userType" => Some(&mut ids.user_type),
            "loginDecisionCorrelationId" => Some(&mut ids.login_decision_correlation_id),
            "eventType" => Some(&mut ids.event_type),
            "username" => Some(&mut ids.username),
            _ => None,
        },
        Reading::text,
    )?;
    Ok(ids)
}

fn person(entries: Vec<(String, Given)>) -> Result<Person, ConfigError> {
    let r = Reading {
        path: "kount.person",
    };
    let mut person = Person::default();
    r.fields(
        entries,
        &mut person,
        |person, key| match key {
            "emailAddress" => Some(&mut person.email_address),
            "phoneNumber" => Some(&mut person.phone_number),
            _ => None,
        },
        Reading::text,
    )?;
    Ok(person)
}

fn paths(entries: Vec<(String, Given)>) -> Result<EndpointPaths, ConfigError> {
    let r = Reading { path: "paths" };
    let mut paths = EndpointPaths::default();
    r.fields(
        entries,
        &mut paths,
        |paths, key| match key {
            "getJob" => Some(&mut paths.get_job),
            "securityAnswer" => Some(&mut paths.security_answer),
            "tokenInput" => Some(&mut paths.token_input),
            "captchaInput" => Some(&mut paths.captcha_input),
            _ => None,
        },
        Reading::text,
    )?;
    Ok(paths)
}

fn poll(entries: Vec<(String, Given)>) -> Result<PollOverrides, ConfigError> {
    let r = Reading { path: "poll" };
    let mut poll = PollOverrides::default();
    r.fields(
        entries,
        &mut poll,
        |poll, key| match key {
            "afterSubmitMs" => Some(&mut poll.after_submit_ms),
            "burstMs" => Some(&mut poll.burst_ms),
            "waitingMs" => Some(&mut poll.waiting_ms),
            "userTurnMs" => Some(&mut poll.user_turn_ms),
            "errorBaseMs" => Some(&mut poll.error_base_ms),
            "errorCapMs" => Some(&mut poll.error_cap_ms),
            "requestTimeoutMs" => Some(&mut poll.request_timeout_ms),
            "hiddenMs" => Some(&mut poll.hidden_ms),
            "reconnectNoticeMs" => Some(&mut poll.reconnect_notice_ms),
            _ => None,
        },
        Reading::number,
    )?;
    Ok(poll)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A config from JSON, as natively decoded (the browser's is serde-wasm-bindgen's).
    pub fn decode(json: &str) -> Result<Config, ConfigError> {
        Config::read(serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}")))
    }

    #[test]
    fn decodes_camel_case() {
        let config = decode(
            r#"{"jobId": "j1", "apiBase": "/", "kount": {"clientId": "900900", "person": null},
                "headers": {"Authorization": "Bearer x"}, "securityAnswerFormat": "python",
                "paths": {"getJob": "/proxy/job"}, "poll": {"userTurnMs": 5000},
                "theme": "dark", "credentials": "same-origin", "eventShape": "v1ChallengeOutcomeEvent",
                "onEvent": null, "eventsUrl": null}"#,
        )
        .unwrap();
        assert_eq!(config.job_id, Some(JobId("j1".into())));
        assert_eq!(
            config.kount.and_then(|k| k.client_id).as_deref(),
            Some("900900")
        );
        assert_eq!(config.security_answer_format, Some(ListStyle::Python));
        assert_eq!(config.theme, Some(Theme::Dark));
        assert_eq!(config.credentials, Some(Credentials::SameOrigin));
        assert_eq!(config.event_shape, Some(EventShape::Standalone));
        assert_eq!(config.events_url, None);
        assert_eq!(config.poll.unwrap().user_turn_ms, Some(5000.0));
        assert_eq!(
            config.headers,
            Some(Pairs::from([("Authorization", "Bearer x")]))
        );
        assert_eq!(
            decode(r#"{"jobId": 42}"#).unwrap().job_id,
            Some(JobId("42".into()))
        );
        // `headers` as a function: a token provider, asked before each request.
        let provided =
            Config::read(Given::Object(vec![("headers".into(), Given::Function)])).unwrap();
        assert_eq!(
            (provided.headers_provider, provided.headers),
            (Some(HostCallback), None)
        );
        assert_eq!(
            Config::read_provided_headers(
                serde_json::from_str(r#"{"Authorization": "Bearer n"}"#).unwrap()
            ),
            Ok(Pairs::from([("Authorization", "Bearer n")]))
        );
        assert_eq!(
            Config::read_provided_headers(serde_json::from_str(r#"{"Cookie": "a=1"}"#).unwrap())
                .map_err(|e| e.key()),
            Err(Some("headers.Cookie".into()))
        );
        assert_eq!(
            Config::read_provided_headers(serde_json::from_str("7").unwrap()).map_err(|e| e.key()),
            Err(Some("headers".into()))
        );
        assert_eq!(
            Config::read(Given::Object(vec![("onReady".into(), Given::Function)]))
                .unwrap()
                .on_ready,
            Some(HostCallback)
        );
    }

    #[test]
    fn objects_of_strings_keep_the_hosts_order() {
        let config = decode(r#"{"strings": {"b": "1", "a": "2"}}"#).unwrap();
        assert_eq!(config.strings, Some(Pairs::from([("b", "1"), ("a", "2")])));
        assert!(decode(r#"{"strings": {"b": 1}}"#).is_err());
        assert!(decode(r#"{"strings": ["b"]}"#).is_err());
    }

    #[test]
    fn wrong_keys_and_values_are_errors_naming_them() {
        let invalid = |key: &str, reason: &str| ConfigError::Invalid {
            key: key.into(),
            reason: reason.into(),
        };
        let rows = [
            (r#"{"jobid": "j"}"#, ConfigError::UnknownKey("jobid".into())),
            (
                r#"{"poll": {"waitingMS": 5}}"#,
                ConfigError::UnknownKey("poll.waitingMS".into()),
            ),
            (
                r#"{"kount": {"person": {"email": "a"}}}"#,
                ConfigError::UnknownKey("kount.person.email".into()),
            ),
            (
                r#"{"credentials": "always"}"#,
                invalid(
                    "credentials",
                    "expected one of `omit`, `same-origin`, `include`, got \"always\"",
                ),
            ),
            (
                r#"{"theme": "blue"}"#,
                invalid(
                    "theme",
                    "expected one of `auto`, `light`, `dark`, got \"blue\"",
                ),
            ),
            (
                r#"{"securityAnswerFormat": 1}"#,
                invalid(
                    "securityAnswerFormat",
                    "expected one of `json`, `python`, got a number",
                ),
            ),
            (
                r#"{"headers": {"X": 1}}"#,
                invalid("headers.X", "expected text, got a number"),
            ),
            (
                r#"{"kount": "900900"}"#,
                invalid("kount", "expected an object, got \"900900\""),
            ),
            (
                r#"{"poll": {"waitingMs": "fast"}}"#,
                invalid("poll.waitingMs", "expected a number, got \"fast\""),
            ),
            (
                r#"{"jobId": {"id": 1}}"#,
                invalid("jobId", "expected text, got an object"),
            ),
            (
                r#"{"jobId": 1.5}"#,
                invalid("jobId", "expected text, got a number"),
            ),
            (
                r#"{"cancelable": "yes"}"#,
                invalid("cancelable", "expected true or false, got \"yes\""),
            ),
            (
                r#"{"onEvent": "not a function"}"#,
                invalid("onEvent", "expected a function, got \"not a function\""),
            ),
            (r#"["j"]"#, ConfigError::NotAnObject),
        ];
        for (json, error) in rows {
            assert_eq!(decode(json), Err(error), "{json}");
        }
    }

    #[test]
    fn nothing_deeper_than_a_config_has_is_walked() {
        let deep = (0..100).fold("1".to_string(), |inner, _| format!("{{\"a\": {inner}}}"));
        let given: Given = serde_json::from_str(&deep).unwrap();
        let Given::Object(top) = given else {
            panic!("an object")
        };
        let inner = |given: &Given| match given {
            Given::Object(entries) => entries[0].1.clone(),
            _ => panic!("an object"),
        };
        let third = inner(&top[0].1);
        assert_eq!(
            inner(&third),
            Given::Other,
            "the fourth object is not walked"
        );
        // The deepest real key still reads.
        assert!(decode(r#"{"kount": {"person": {"emailAddress": "a@b.example"}}}"#).is_ok());
    }

    #[test]
    fn every_known_key_is_read_and_no_other() {
        for (path, fields) in KNOWN_KEYS {
            for field in fields {
                // `{"kount": {"person": {"emailAddress": null}}}` for `kount.person`.
                let nest = |inner: String| {
                    path.split('.')
                        .filter(|s| !s.is_empty())
                        .rev()
                        .fold(inner, |inner, step| format!("{{\"{step}\": {inner}}}"))
                };
                let json = nest(format!("{{\"{field}\": null}}"));
                assert_eq!(decode(&json).map(|_| ()), Ok(()), "{path}.{field}");
                let typo = nest(format!("{{\"{field}X\": null}}"));
                assert!(
                    matches!(decode(&typo), Err(ConfigError::UnknownKey(_))),
                    "{typo}"
                );
            }
        }
        // And the poll list is every interval there is (none forgotten by hand).
        assert_eq!(KNOWN_KEYS[4].1.len(), 9);
    }
}
