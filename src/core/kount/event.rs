//! The Kount events the widget writes, as `#[derive(Serialize)]` types (DESIGN §3, the
//! login-events seed): `challengeOutcome` in its two shapes (the login-events body or the
//! standalone `v1ChallengeOutcomeEvent`), built from an [`Outcome`], and `failedAttempt`;
//! [`EventSettings`], the host's ids, shape and type map checked once against the seed's
//! patterns.

use super::timeline::Timeline;
use super::{ChallengeType, Outcome};
use crate::core::pairs::Pairs;
use serde::Serialize;

/// Which body shape to post (`eventShape`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum EventShape {
    /// `{"challengeOutcome": {...}}`, the login-events API (default).
    #[default]
    LoginEvent,
    /// The standalone `v1ChallengeOutcomeEvent` object.
    Standalone,
}

/// Identifiers for the outcome events (the config's `kount`).
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
    pub person: Option<Person>,
    /// `username` of the `failedAttempt` event, when the host knows it.
    pub username: Option<String>,
}

impl KountIds {
    /// Whom the events are about (client, session, user), as the outbox tells senders apart.
    pub fn identity(&self) -> String {
        [&self.client_id, &self.session_id, &self.user_id]
            .map(|id| id.as_deref().unwrap_or_default())
            .join("\u{1f}")
    }
}

/// The standalone shape's `person`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
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
    pub type_map: Vec<(ChallengeType, ChallengeType)>,
    /// Whether a sign-in the bank refused is reported as a `failedAttempt` event.
    pub failed_attempts: bool,
}

impl Default for EventSettings {
    fn default() -> EventSettings {
        EventSettings {
            ids: KountIds::default(),
            shape: EventShape::default(),
            event_type: "LOGIN".into(),
            type_map: Vec::new(),
            failed_attempts: true,
        }
    }
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

/// A login event as posted (DESIGN §3): a challenge's outcome, or the sign-in the bank refused.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum KountEvent {
    Outcome(OutcomeEvent),
    FailedAttempt {
        #[serde(rename = "failedAttempt")]
        failed_attempt: FailedAttempt,
    },
}

/// The seed's `failedAttempt`, with what a browser knows: `userPassword` and `userIp` never
/// are, the host's backend adds them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedAttempt {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    pub user_agent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
}

/// An outcome event as posted, in either shape (DESIGN §3). Absent fields are left out.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OutcomeEvent {
    LoginEvent {
        #[serde(rename = "challengeOutcome")]
        challenge_outcome: ChallengeOutcome,
    },
    Standalone(StandaloneOutcome),
}

/// The login-events API's `challengeOutcome`, fields in the seed's order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeOutcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_decision_correlation_id: Option<String>,
    pub challenge_type: &'static str,
    pub challenge_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub sent_timestamp: String,
    pub completed_timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
}

/// The standalone `v1ChallengeOutcomeEvent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StandaloneOutcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    pub event_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_correlation_id: Option<String>,
    pub url: String,
    pub challenge_type: &'static str,
    pub challenge_status: &'static str,
    pub sent_timestamp: String,
    pub completed_timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
}

/// The standalone shape's `account`: the user id and type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Account {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

impl EventSettings {
    /// Validates the event fields against the seed's patterns. `clientId` is required when
    /// events are posted (`posting`: `eventsUrl` set).
    pub fn new(
        ids: KountIds,
        posting: bool,
        shape: EventShape,
        type_map: Pairs,
        failed_attempts: bool,
    ) -> Result<EventSettings, InvalidField> {
        let invalid = |field, rule| Err(InvalidField { field, rule });
        match ids.client_id.as_deref() {
            Some(id) if !is_client_id(id) => {
                return invalid("kount.clientId", "1 to 64 letters or digits")
            }
            None if posting => {
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
        let event_type = ids.event_type.clone().unwrap_or_else(|| "LOGIN".into());
        if !EVENT_TYPES.contains(&event_type.as_str()) {
            return invalid("kount.eventType", "one of Kount's event types (LOGIN, …)");
        }
        let mut types = Vec::new();
        for (from, to) in &type_map {
            match (ChallengeType::parse(from), ChallengeType::parse(to)) {
                (Some(from), Some(to)) => types.push((from, to)),
                _ => {
                    return invalid(
                        "challengeTypeMap",
                        "a map from one Kount challengeType to another",
                    )
                }
            }
        }
        Ok(EventSettings {
            ids,
            shape,
            event_type,
            type_map: types,
            failed_attempts,
        })
    }

    fn challenge_type(&self, t: ChallengeType) -> &'static str {
        self.type_map
            .iter()
            .find(|(from, _)| *from == t)
            .map_or(t, |(_, to)| *to)
            .as_str()
    }

    /// The `failedAttempt` event for a sign-in the bank refused, unless switched off.
    pub fn failed_attempt(&self, user_agent: &str) -> Option<KountEvent> {
        let ids = &self.ids;
        self.failed_attempts.then(|| KountEvent::FailedAttempt {
            failed_attempt: FailedAttempt {
                client_id: ids.client_id.clone(),
                session_id: ids.session_id.clone(),
                user_id: ids.user_id.clone(),
                username: ids.username.clone(),
                user_agent: user_agent.to_string(),
                user_type: ids.user_type.clone(),
            },
        })
    }

    /// The event for `outcome`. `page_url` is the page the user is on (standalone shape).
    pub fn body(&self, outcome: &Outcome, timeline: &Timeline, page_url: &str) -> OutcomeEvent {
        let ids = &self.ids;
        let challenge_status = if outcome.failure.is_some() {
            "Failed"
        } else {
            "Success"
        };
        let challenge_type = self.challenge_type(outcome.challenge_type);
        let sent_timestamp = timeline.iso(outcome.sent_ms);
        let completed_timestamp = timeline.iso(outcome.completed_ms);
        let failure_type = outcome.failure.map(|f| f.as_str());
        match self.shape {
            EventShape::LoginEvent => OutcomeEvent::LoginEvent {
                challenge_outcome: ChallengeOutcome {
                    client_id: ids.client_id.clone(),
                    login_decision_correlation_id: ids.login_decision_correlation_id.clone(),
                    challenge_type,
                    challenge_status,
                    session_id: ids.session_id.clone(),
                    user_id: ids.user_id.clone(),
                    sent_timestamp,
                    completed_timestamp,
                    failure_type,
                    user_type: ids.user_type.clone(),
                },
            },
            EventShape::Standalone => OutcomeEvent::Standalone(StandaloneOutcome {
                client_id: ids.client_id.clone(),
                event_type: self.event_type.clone(),
                session_id: ids.session_id.clone(),
                decision_correlation_id: ids.login_decision_correlation_id.clone(),
                url: page_url.chars().take(256).collect(),
                challenge_type,
                challenge_status,
                sent_timestamp,
                completed_timestamp,
                failure_type,
                person: ids
                    .person
                    .clone()
                    .filter(|p| p.email_address.is_some() || p.phone_number.is_some()),
                account: (ids.user_id.is_some() || ids.user_type.is_some()).then(|| Account {
                    id: ids.user_id.clone(),
                    kind: ids.user_type.clone(),
                }),
            }),
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
    use crate::core::kount::timeline::tests::FakeClock;
    use crate::core::kount::FailureType;
    use std::cell::Cell;

    /// Event settings from a config's JSON, as `Settings` builds them.
    fn settings(json: &str) -> Result<EventSettings, InvalidField> {
        let given = serde_json::from_str(json).unwrap();
        let fields = crate::core::config::Config::read(given).unwrap();
        EventSettings::new(
            fields.kount.unwrap_or_default(),
            fields.events_url.is_some(),
            fields.event_shape.unwrap_or_default(),
            fields.challenge_type_map.unwrap_or_default(),
            true,
        )
    }

    /// The body as posted: its JSON.
    fn posted(event: OutcomeEvent) -> serde_json::Value {
        serde_json::from_str(&serde_json::to_string(&event).unwrap()).unwrap()
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
        let settings = settings(&format!(r#"{{"eventsUrl": "/e", {IDS}}}"#)).unwrap();
        let success = Outcome {
            challenge_type: ChallengeType::Captcha,
            failure: None,
            sent_ms: 1_000.0,
            completed_ms: 7_333.0,
        };
        let body = posted(settings.body(&success, &timeline(), "https://bank.example/"));
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
        let body = posted(settings.body(&failed, &timeline(), ""));
        assert_eq!(body["challengeOutcome"]["challengeStatus"], "Failed");
        assert_eq!(body["challengeOutcome"]["failureType"], "TimedOut");
    }

    #[test]
    fn failed_attempt_carries_what_the_browser_knows() {
        let mut settings = settings(&format!(r#"{{"eventsUrl": "/e", {IDS}}}"#)).unwrap();
        settings.ids.username = Some("meoyyd8za8jdmwfm".into());
        let event = settings.failed_attempt("Mozilla/5.0 (X11)").unwrap();
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::json!({"failedAttempt": {
                "clientId": "900900", "sessionId": "d121ea2210434ffc8a90daff9cc97e76",
                "userId": "meoyyd8za8jdmwfm", "username": "meoyyd8za8jdmwfm",
                "userAgent": "Mozilla/5.0 (X11)", "userType": "VIP"}})
        );
        settings.failed_attempts = false;
        assert_eq!(settings.failed_attempt("Mozilla/5.0 (X11)"), None);
    }

    #[test]
    fn optional_fields_are_left_out() {
        let settings = settings(r#"{}"#).unwrap();
        let outcome = Outcome {
            challenge_type: ChallengeType::SecretQuestion,
            failure: None,
            sent_ms: 1_000.0,
            completed_ms: 1_000.0,
        };
        let body = posted(settings.body(&outcome, &timeline(), ""));
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
        let settings = settings(
            r#"{"eventShape": "v1ChallengeOutcomeEvent", "challengeTypeMap": {"EmailPIN": "EmailLink"},
                "kount": {"clientId": "900900", "sessionId": "d121ea2210434ffc8a90daff9cc97e76",
                "userId": "meoyyd8za8jdmwfm", "userType": "VIP",
                "loginDecisionCorrelationId": "3438ac3c-37eb-4902-adef-ed16b4431030",
                "person": {"emailAddress": "john.doe@gmail.com", "phoneNumber": "+12081234567"}}}"#,
        )
        .unwrap();
        let outcome = Outcome {
            challenge_type: ChallengeType::EmailPin,
            failure: Some(FailureType::IncorrectResponse),
            sent_ms: 1_000.0,
            completed_ms: 2_000.0,
        };
        let long_url = format!("https://bank.example/{}", "x".repeat(400));
        let body = posted(settings.body(&outcome, &timeline(), &long_url));
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
        ];
        for (json, expected) in rows {
            let result = settings(json).map(|_| ()).map_err(|e| e.field);
            assert_eq!(result, *expected, "{json}");
        }
    }
}
