//! The Kount `challengeOutcome` event body (DESIGN §3, the login-events seed), built from an
//! [`Outcome`], and the validation of the identifiers it carries.

use super::config::{Config, KountIds, Pairs};
use super::json::ObjectWriter;
use super::outcome::{ChallengeType, Outcome, KOUNT_CHALLENGE_TYPES};
use super::timeline::Timeline;

/// Which body shape to post.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum EventShape {
    /// `{"challengeOutcome": {...}}`, the login-events API (default).
    #[default]
    LoginEvent,
    /// The standalone `v1ChallengeOutcomeEvent` object.
    Standalone,
}

/// `eventType` values of the standalone shape.
const EVENT_TYPES: [&str; 8] = [
    "UNKNOWN_TYPE",
    "LOGIN",
    "NEW_ACCOUNT_OPENING",
    "PAYMENTS",
    "CONDITIONAL",
    "IDENTITY_PROOFING",
    "APP_RISK",
    "CASE_QUEUE_MANAGEMENT",
];

/// Everything an event needs besides the outcome, validated once at start.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSettings {
    pub ids: KountIds,
    pub shape: EventShape,
    pub event_type: String,
    /// Host overrides: default `challengeType` → the type to send instead.
    pub type_map: Pairs,
}

/// An identifier that does not match the seed's pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct InvalidField {
    pub field: &'static str,
    pub rule: &'static str,
}

impl std::fmt::Display for InvalidField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "mfa-widget: `{}` is invalid: it must be {}",
            self.field, self.rule
        )
    }
}

impl EventSettings {
    /// Validates the config's event fields against the seed's patterns. `clientId` is
    /// required when events are posted (`eventsUrl` set).
    pub fn from_config(config: &Config) -> Result<EventSettings, InvalidField> {
        let ids = config.kount.clone();
        let invalid = |field, rule| Err(InvalidField { field, rule });
        match ids.client_id.as_deref() {
            Some(id) if !is_client_id(id) => {
                return invalid("kount.clientId", "1 to 64 letters or digits")
            }
            None if config.events_url.is_some() => {
                return invalid(
                    "kount.clientId",
                    "set when eventsUrl is (1 to 64 letters or digits)",
                )
            }
            _ => {}
        }
        if ids.session_id.as_deref().is_some_and(|s| !is_session_id(s)) {
            return invalid("kount.sessionId", "at most 32 letters, digits, _ or -");
        }
        if ids
            .login_decision_correlation_id
            .as_deref()
            .is_some_and(|s| !is_uuid_v4(s))
        {
            return invalid("kount.loginDecisionCorrelationId", "a version-4 UUID");
        }
        if ids
            .user_type
            .as_deref()
            .is_some_and(|s| s.is_empty() || s.len() > 64)
        {
            return invalid("kount.userType", "1 to 64 characters");
        }
        let event_type = config
            .kount
            .event_type
            .clone()
            .unwrap_or_else(|| "LOGIN".into());
        if !EVENT_TYPES.contains(&event_type.as_str()) {
            return invalid("kount.eventType", "one of Kount's event types (LOGIN, …)");
        }
        for (from, to) in &config.challenge_type_map {
            if !KOUNT_CHALLENGE_TYPES.contains(&from.as_str())
                || !KOUNT_CHALLENGE_TYPES.contains(&to.as_str())
            {
                return invalid(
                    "challengeTypeMap",
                    "a map from one Kount challengeType to another",
                );
            }
        }
        let shape = match config.event_shape.as_deref() {
            None | Some("challengeOutcome") => EventShape::LoginEvent,
            Some("v1ChallengeOutcomeEvent") => EventShape::Standalone,
            Some(_) => {
                return invalid(
                    "eventShape",
                    "\"challengeOutcome\" or \"v1ChallengeOutcomeEvent\"",
                )
            }
        };
        Ok(EventSettings {
            ids,
            shape,
            event_type,
            type_map: config.challenge_type_map.clone(),
        })
    }

    fn challenge_type(&self, t: ChallengeType) -> &str {
        let default = t.as_str();
        self.type_map
            .iter()
            .find(|(from, _)| from == default)
            .map_or(default, |(_, to)| to)
    }

    /// The JSON body for `outcome`. `page_url` is the page the user is on (standalone shape).
    pub fn body(&self, outcome: &Outcome, timeline: &Timeline, page_url: &str) -> String {
        let mut fields = ObjectWriter::default();
        fields.string("clientId", self.ids.client_id.as_deref());
        if self.shape == EventShape::Standalone {
            fields.string("eventType", Some(&self.event_type));
        }
        match self.shape {
            EventShape::LoginEvent => {
                fields.string(
                    "loginDecisionCorrelationId",
                    self.ids.login_decision_correlation_id.as_deref(),
                );
            }
            EventShape::Standalone => {
                fields.string("sessionId", self.ids.session_id.as_deref());
                fields.string(
                    "decisionCorrelationId",
                    self.ids.login_decision_correlation_id.as_deref(),
                );
                let url: String = page_url.chars().take(256).collect();
                fields.string("url", Some(&url));
            }
        }
        fields.string(
            "challengeType",
            Some(self.challenge_type(outcome.challenge_type)),
        );
        let status = if outcome.failure.is_some() {
            "Failed"
        } else {
            "Success"
        };
        fields.string("challengeStatus", Some(status));
        if self.shape == EventShape::LoginEvent {
            fields.string("sessionId", self.ids.session_id.as_deref());
            fields.string("userId", self.ids.user_id.as_deref());
        }
        fields.string("sentTimestamp", Some(&timeline.iso(outcome.sent_ms)));
        fields.string(
            "completedTimestamp",
            Some(&timeline.iso(outcome.completed_ms)),
        );
        fields.string("failureType", outcome.failure.map(|f| f.as_str()));
        match self.shape {
            EventShape::LoginEvent => {
                fields.string("userType", self.ids.user_type.as_deref());
                format!("{{\"challengeOutcome\":{}}}", fields.finish())
            }
            EventShape::Standalone => {
                if self.ids.person_email.is_some() || self.ids.person_phone.is_some() {
                    let mut person = ObjectWriter::default();
                    person.string("emailAddress", self.ids.person_email.as_deref());
                    person.string("phoneNumber", self.ids.person_phone.as_deref());
                    fields.raw("person", &person.finish());
                }
                if self.ids.user_id.is_some() || self.ids.user_type.is_some() {
                    let mut account = ObjectWriter::default();
                    account.string("id", self.ids.user_id.as_deref());
                    account.string("type", self.ids.user_type.as_deref());
                    fields.raw("account", &account.finish());
                }
                fields.finish()
            }
        }
    }
}

/// `^[a-zA-Z0-9]{1,64}$`
pub fn is_client_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `^[\w-]{0,32}$`
pub fn is_session_id(s: &str) -> bool {
    s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`, either case (the
/// seed's own example is lower case).
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            14 => *c == b'4',
            19 => matches!(c.to_ascii_uppercase(), b'8' | b'9' | b'A' | b'B'),
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::outcome::FailureType;
    use crate::core::timeline::tests::FakeClock;
    use std::cell::Cell;

    fn config(json: &str) -> Config {
        Config::from_json_text(json).unwrap()
    }

    fn timeline() -> Timeline {
        // Monotonic 1000 ms is 2024-02-22T01:02:03.123Z on the wall clock.
        Timeline::anchored(&FakeClock {
            monotonic: Cell::new(1_000.0),
            wall: Cell::new(1_708_563_723_123.0),
        })
    }

    const IDS: &str = r#""kount": {"clientId": "900900", "sessionId": "d121ea2210434ffc8a90daff9cc97e76",
        "userId": "meoyyd8za8jdmwfm", "userType": "VIP",
        "loginDecisionCorrelationId": "3438ac3c-37eb-4902-adef-ed16b4431030"}"#;

    #[test]
    fn login_event_body_matches_the_seed() {
        let settings = EventSettings::from_config(&config(&format!(
            r#"{{"jobId": "j", "eventsUrl": "/e", {IDS}}}"#
        )))
        .unwrap();
        let success = Outcome {
            challenge_type: ChallengeType::Captcha,
            failure: None,
            sent_ms: 1_000.0,
            completed_ms: 7_333.0,
        };
        let body: serde_json::Value =
            serde_json::from_str(&settings.body(&success, &timeline(), "https://bank.example/"))
                .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"challengeOutcome": {
                "clientId": "900900", "loginDecisionCorrelationId": "3438ac3c-37eb-4902-adef-ed16b4431030",
                "challengeType": "Captcha", "challengeStatus": "Success",
                "sessionId": "d121ea2210434ffc8a90daff9cc97e76", "userId": "meoyyd8za8jdmwfm",
                "sentTimestamp": "2024-02-22T01:02:03.123Z", "completedTimestamp": "2024-02-22T01:02:09.456Z",
                "userType": "VIP"}})
        );
        let failed = Outcome {
            failure: Some(FailureType::TimedOut),
            ..success
        };
        let body: serde_json::Value =
            serde_json::from_str(&settings.body(&failed, &timeline(), "")).unwrap();
        assert_eq!(body["challengeOutcome"]["challengeStatus"], "Failed");
        assert_eq!(body["challengeOutcome"]["failureType"], "TimedOut");
    }

    #[test]
    fn optional_fields_are_left_out() {
        let settings = EventSettings::from_config(&config(r#"{"jobId": "j"}"#)).unwrap();
        let outcome = Outcome {
            challenge_type: ChallengeType::SecretQuestion,
            failure: None,
            sent_ms: 1_000.0,
            completed_ms: 1_000.0,
        };
        let body: serde_json::Value =
            serde_json::from_str(&settings.body(&outcome, &timeline(), "")).unwrap();
        let keys: Vec<&str> = body["challengeOutcome"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "challengeStatus",
                "challengeType",
                "completedTimestamp",
                "sentTimestamp"
            ]
        );
    }

    #[test]
    fn standalone_shape_and_type_map() {
        let settings = EventSettings::from_config(&config(
            r#"{"jobId": "j", "eventShape": "v1ChallengeOutcomeEvent", "challengeTypeMap": {"EmailPIN": "EmailLink"},
                "kount": {"clientId": "900900", "sessionId": "d121ea2210434ffc8a90daff9cc97e76",
                "userId": "meoyyd8za8jdmwfm", "userType": "VIP",
                "loginDecisionCorrelationId": "3438ac3c-37eb-4902-adef-ed16b4431030",
                "person": {"emailAddress": "john.doe@gmail.com", "phoneNumber": "+12081234567"}}}"#,
        ))
        .unwrap();
        let outcome = Outcome {
            challenge_type: ChallengeType::EmailPin,
            failure: Some(FailureType::IncorrectResponse),
            sent_ms: 1_000.0,
            completed_ms: 2_000.0,
        };
        let long_url = format!("https://bank.example/{}", "x".repeat(400));
        let body: serde_json::Value =
            serde_json::from_str(&settings.body(&outcome, &timeline(), &long_url)).unwrap();
        assert_eq!(body["eventType"], "LOGIN");
        assert_eq!(
            body["decisionCorrelationId"],
            "3438ac3c-37eb-4902-adef-ed16b4431030"
        );
        assert_eq!(body["challengeType"], "EmailLink");
        assert_eq!(body["failureType"], "IncorrectResponse");
        assert_eq!(body["url"].as_str().unwrap().chars().count(), 256);
        assert_eq!(
            body["person"],
            serde_json::json!({"emailAddress": "john.doe@gmail.com", "phoneNumber": "+12081234567"})
        );
        assert_eq!(
            body["account"],
            serde_json::json!({"id": "meoyyd8za8jdmwfm", "type": "VIP"})
        );
        assert!(body.get("challengeOutcome").is_none() && body.get("userId").is_none());
    }

    #[test]
    fn validation_follows_the_seed_patterns() {
        let rows: &[(&str, Result<(), &str>)] = &[
            (r#"{"kount": {"clientId": "900900"}}"#, Ok(())),
            (r#"{"eventsUrl": "/e"}"#, Err("kount.clientId")),
            (
                r#"{"kount": {"clientId": "9009-00"}}"#,
                Err("kount.clientId"),
            ),
            (r#"{"kount": {"clientId": ""}}"#, Err("kount.clientId")),
            (
                r#"{"kount": {"sessionId": "has space"}}"#,
                Err("kount.sessionId"),
            ),
            (r#"{"kount": {"sessionId": "a_b-c"}}"#, Ok(())),
            (
                r#"{"kount": {"sessionId": "123456789012345678901234567890123"}}"#,
                Err("kount.sessionId"),
            ),
            (
                r#"{"kount": {"loginDecisionCorrelationId": "3438AC3C-37EB-4902-ADEF-ED16B4431030"}}"#,
                Ok(()),
            ),
            (
                r#"{"kount": {"loginDecisionCorrelationId": "3438ac3c-37eb-1902-adef-ed16b4431030"}}"#,
                Err("kount.loginDecisionCorrelationId"),
            ),
            (
                r#"{"kount": {"eventType": "SHOPPING"}}"#,
                Err("kount.eventType"),
            ),
            (
                r#"{"challengeTypeMap": {"EmailPIN": "Fax"}}"#,
                Err("challengeTypeMap"),
            ),
            (r#"{"eventShape": "xml"}"#, Err("eventShape")),
        ];
        for (json, expected) in rows {
            let result = EventSettings::from_config(&config(json))
                .map(|_| ())
                .map_err(|e| e.field);
            assert_eq!(result, *expected, "{json}");
        }
    }
}
