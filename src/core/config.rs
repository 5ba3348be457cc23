//! The host's configuration as it arrives (`MfaWidget.mount(el, config)` or the element's
//! attributes): camelCase keys, every one optional here (`null`/`undefined` mean absent), an
//! unknown key or a value of the wrong type an error naming it. It is only read; what it
//! means is decided once, by [`super::settings::Settings`].

use super::job::answer::ListStyle;
use super::job::lenient::Loose;
use super::kount::event::{EventShape, KountIds, Person};
use super::pairs::Pairs;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// Widget configuration as the host gives it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

impl<'de> Deserialize<'de> for JobId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JobId, D::Error> {
        match Loose::deserialize(deserializer)? {
            Loose::Text(text) | Loose::Integer(text) => Ok(JobId(text)),
            _ => Err(de::Error::custom("must be a string")),
        }
    }
}

/// A callback's place in the config: its value is the shell's business (a JS function).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HostCallback;

impl<'de> Deserialize<'de> for HostCallback {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<HostCallback, D::Error> {
        de::IgnoredAny::deserialize(deserializer).map(|_| HostCallback)
    }
}

/// `theme`: follow `prefers-color-scheme` (`auto`, the default) or force one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

/// `credentials`: `fetch`'s credentials mode for Job API and event requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointPaths {
    pub get_job: Option<String>,
    pub security_answer: Option<String>,
    pub token_input: Option<String>,
    pub captcha_input: Option<String>,
}

/// Poll interval overrides in milliseconds.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

/// The keys each object of the config may hold, by its path (`""` is the config itself).
/// Read off the serde derives, so there is one list: the browser's decoder reads only the
/// fields it knows, and the shell uses this to refuse a misspelt key by name.
pub fn known_keys() -> [(&'static str, &'static [&'static str]); 5] {
    [
        ("", fields_of::<Config>()),
        ("kount", fields_of::<KountIds>()),
        ("kount.person", fields_of::<Person>()),
        ("paths", fields_of::<EndpointPaths>()),
        ("poll", fields_of::<PollOverrides>()),
    ]
}

/// The field names a derived `Deserialize` struct asks for.
fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    #[derive(Debug)]
    struct Fields(&'static [&'static str]);
    impl fmt::Display for Fields {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("fields")
        }
    }
    impl std::error::Error for Fields {}
    impl de::Error for Fields {
        fn custom<M: fmt::Display>(_: M) -> Fields {
            Fields(&[])
        }
    }
    struct Introspect;
    impl<'de> Deserializer<'de> for Introspect {
        type Error = Fields;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
            Err(Fields(&[]))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Fields> {
            Err(Fields(fields))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    match T::deserialize(Introspect) {
        Err(Fields(fields)) => fields,
        Ok(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<Config, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
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
        assert_eq!(
            decode(r#"{"jobId": 42}"#).unwrap().job_id,
            Some(JobId("42".into()))
        );
    }

    #[test]
    fn wrong_keys_and_values_are_errors_naming_them() {
        let rows = [
            (r#"{"jobid": "j"}"#, "jobid"),
            (r#"{"poll": {"waitingMS": 5}}"#, "waitingMS"),
            (r#"{"kount": {"client_id": "1"}}"#, "client_id"),
            (r#"{"credentials": "always"}"#, "always"),
            (r#"{"theme": "blue"}"#, "blue"),
            (r#"{"securityAnswerFormat": "xml"}"#, "xml"),
            (r#"{"eventShape": "xml"}"#, "xml"),
            (r#"{"headers": {"X": 1}}"#, "string"),
            (r#"{"kount": "900900"}"#, "KountIds"),
            (r#"{"poll": {"waitingMs": "fast"}}"#, "f64"),
            (r#"{"jobId": {"id": 1}}"#, "string"),
        ];
        for (json, named) in rows {
            let error = decode(json).unwrap_err();
            assert!(error.contains(named), "{json}: {error}");
        }
    }

    #[test]
    fn known_keys_are_the_derives_fields() {
        let keys = known_keys();
        assert!(keys[0].1.contains(&"jobId") && keys[0].1.contains(&"onEvent"));
        assert_eq!(keys[2].1, ["emailAddress", "phoneNumber"]);
        // Every key listed decodes (none is refused as unknown), for every object.
        for (path, fields) in keys {
            for field in fields {
                let json = format!("{{\"{field}\": null}}");
                let result = match path {
                    "" => decode(&json).map(|_| ()),
                    "kount" => serde_json::from_str::<KountIds>(&json)
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    "kount.person" => serde_json::from_str::<Person>(&json)
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    "paths" => serde_json::from_str::<EndpointPaths>(&json)
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    _ => serde_json::from_str::<PollOverrides>(&json)
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                };
                assert_eq!(result, Ok(()), "{path}.{field}");
            }
        }
        // And the poll list is every interval there is (none forgotten by hand).
        assert_eq!(keys[4].1.len(), 9);
    }
}
