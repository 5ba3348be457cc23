//! Decoding a Job snapshot as its fields really arrive (DESIGN §2): booleans in many spellings,
//! lists inside strings, numbers where text was expected, unknown fields. Decoding is
//! field-by-field lenient: a field of a wrong shape counts as absent, never as an error.
//! The text is parsed by whoever received it (the browser); this only decodes, through serde.

pub mod answer;
pub mod captcha;
pub mod challenge;
pub mod lenient;
pub mod list;
pub mod step;
pub mod text;

use lenient::Loose;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use step::{LastStatus, LastStep};

/// One snapshot of an aggregation job, reduced to what the widget acts on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Job {
    /// `None` while the job is in progress (SuccessFlag null/absent/empty).
    pub success: Option<bool>,
    pub security_questions: Vec<String>,
    pub security_answered: bool,
    pub token_methods: Vec<String>,
    pub token_chosen: bool,
    pub token_sent: bool,
    pub token_input_name: Option<String>,
    pub token_entered: bool,
    pub token_read: Option<String>,
    pub phone_verified: bool,
    pub captcha_image: Option<String>,
    pub captcha_answered: bool,
    pub last_step: Option<LastStep>,
    pub last_status: Option<LastStatus>,
    /// `LastStatus` as the job wrote it (trimmed, at most [`MAX_STATUS_CHARS`]), told to the
    /// host when the widget ends (support and analytics read it; the widget reads the above).
    pub last_status_text: Option<String>,
}

/// The longest `LastStatus` text passed on to the host.
pub const MAX_STATUS_CHARS: usize = 64;

/// Why a response body could not be read as a Job at all.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// The body was not JSON.
    NotJson,
    /// The body was JSON, but not an object (an array, a number, `null`).
    NotAnObject,
    /// The body was larger than any job (a broken or hostile server).
    TooLarge,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeError::NotJson => "the job service sent something that is not JSON",
            DecodeError::NotAnObject => "the job service sent JSON that is not a job",
            DecodeError::TooLarge => "the job service sent more than any job holds",
        })
    }
}

impl Job {
    /// Decodes a parsed job (whatever parsed it); only a value that is not an object is an
    /// error.
    pub fn decode<'de, D: Deserializer<'de>>(value: D) -> Result<Job, DecodeError> {
        Job::deserialize(value).map_err(|_| DecodeError::NotAnObject)
    }
}

/// Field names are matched without regard to case (backends differ in casing); a field of a
/// wrong shape counts as absent, unknown fields are ignored.
impl<'de> Deserialize<'de> for Job {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Job, D::Error> {
        deserializer.deserialize_any(JobVisitor)
    }
}

struct JobVisitor;

impl<'de> Visitor<'de> for JobVisitor {
    type Value = Job;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a job object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Job, A::Error> {
        let mut job = Job::default();
        while let Some(key) = map.next_key::<String>()? {
            let value: Loose = map.next_value()?;
            match key.to_ascii_lowercase().as_str() {
                "successflag" => job.success = value.flag(),
                "securityquestion" => job.security_questions = value.list(),
                "securityanswer" => job.security_answered = value.is_present(),
                "tokenmethod" => job.token_methods = value.list(),
                "tokenchoice" => job.token_chosen = value.is_present(),
                "tokensentflag" => job.token_sent = value.flag() == Some(true),
                "tokeninputname" => job.token_input_name = value.text(),
                "tokeninput" => job.token_entered = value.is_present(),
                "tokenread" => job.token_read = value.text(),
                "verifyphoneflag" => job.phone_verified = value.flag() == Some(true),
                "captchaimage" => job.captcha_image = value.text(),
                "captchainput" => job.captcha_answered = value.is_present(),
                "laststep" => job.last_step = value.text().and_then(|t| LastStep::parse(&t)),
                "laststatus" => {
                    let text = value.text();
                    job.last_status = text.as_deref().and_then(LastStatus::parse);
                    job.last_status_text = text
                        .map(|t| t.trim().chars().take(MAX_STATUS_CHARS).collect::<String>())
                        .filter(|t| !t.is_empty());
                }
                _ => {}
            }
        }
        Ok(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the shell does it, with serde_json standing in for the browser's `JSON.parse`.
    fn decode(json: &str) -> Result<Job, DecodeError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|_| DecodeError::NotJson)?;
        Job::decode(value)
    }

    #[test]
    fn booleans_in_every_spelling() {
        let rows: &[(&str, Option<bool>)] = &[
            ("true", Some(true)),
            ("false", Some(false)),
            ("\"True\"", Some(true)),
            ("\"False\"", Some(false)),
            ("\"true\"", Some(true)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("\"1\"", Some(true)),
            ("\"0\"", Some(false)),
            ("null", None),
            ("\"\"", None),
            ("\"maybe\"", None),
            ("[]", None),
            ("{}", None),
        ];
        for (spelling, expected) in rows {
            let job = decode(&format!(r#"{{"SuccessFlag": {spelling}}}"#)).unwrap();
            assert_eq!(job.success, *expected, "SuccessFlag {spelling}");
            let job = decode(&format!(r#"{{"TokenSentFlag": {spelling}}}"#)).unwrap();
            assert_eq!(
                job.token_sent,
                *expected == Some(true),
                "TokenSentFlag {spelling}"
            );
        }
        assert_eq!(
            decode("{}").unwrap().success,
            None,
            "absent means in progress"
        );
    }

    #[test]
    fn the_seed_examples_decode() {
        let job = decode(
            r#"{"JobID": "5b8f3f9e-0000-4000-8000-000000000001", "SuccessFlag": null,
                "SecurityQuestion": "['what is your favorite color?', 'what is your favorite fruit?']",
                "TokenMethod": "[\"Email me at s*****@gmail.com\", \"Send verification code by voice call to ***-***-3800\"]",
                "TokenRead": "123456", "TokenInputName": "PIN", "TokenSentFlag": "1",
                "LastStep": "LogInPanel", "LastStatus": "Completed", "SomethingNew": {"a": [1, 2]}}"#,
        )
        .unwrap();
        assert_eq!(
            job.security_questions,
            vec![
                "what is your favorite color?",
                "what is your favorite fruit?"
            ]
        );
        assert_eq!(
            job.token_methods,
            vec![
                "Email me at s*****@gmail.com",
                "Send verification code by voice call to ***-***-3800"
            ]
        );
        assert_eq!(job.token_read.as_deref(), Some("123456"));
        assert_eq!(job.token_input_name.as_deref(), Some("PIN"));
        assert!(job.token_sent);
        assert_eq!(job.last_step, Some(LastStep::LogInPanel));
        assert_eq!(job.last_status, Some(LastStatus::Other));
    }

    #[test]
    fn wrong_shapes_count_as_absent() {
        let job = decode(
            r#"{"SecurityQuestion": ["a real", "array", 3, null, {"x":1}], "TokenRead": 123456,
                "LastStep": {"nested": true}, "CaptchaImage": false, "TokenMethod": 7,
                "SecurityAnswer": "", "TokenChoice": null, "CaptchaInput": "[]"}"#,
        )
        .unwrap();
        assert_eq!(job.security_questions, vec!["a real", "array", "3"]);
        assert_eq!(job.token_read.as_deref(), Some("123456"));
        assert_eq!(job.last_step, None);
        assert_eq!(job.captcha_image, None);
        assert!(job.token_methods.is_empty());
        assert!(!job.security_answered && !job.token_chosen && !job.captcha_answered);
    }

    #[test]
    fn answer_fields_mark_answers_given() {
        let job = decode(
            r#"{"SecurityAnswer": "[\"blue\"]", "TokenChoice": "Email", "TokenInput": "123",
                "CaptchaInput": "x7f", "VerifyPhoneFlag": "True"}"#,
        )
        .unwrap();
        assert!(job.security_answered && job.token_chosen && job.token_entered);
        assert!(job.captcha_answered && job.phone_verified);
    }

    #[test]
    fn field_names_ignore_case() {
        let job = decode(r#"{"successflag": "True", "LASTSTEP": "AccountList"}"#).unwrap();
        assert_eq!(job.success, Some(true));
        assert_eq!(job.last_step, Some(LastStep::AccountList));
    }

    #[test]
    fn non_objects_are_errors_not_panics() {
        for body in ["[]", "[1,2]", "3", "\"job\"", "null", "true"] {
            assert_eq!(decode(body), Err(DecodeError::NotAnObject), "{body}");
        }
        for body in ["", "{", "<html>", "{\"a\":}", "\u{0}"] {
            assert_eq!(decode(body), Err(DecodeError::NotJson), "{body:?}");
        }
    }
}
