//! Decoding a Job snapshot as its fields really arrive (DESIGN §2): booleans in many spellings,
//! lists inside strings, numbers where text was expected, unknown fields. Decoding is
//! field-by-field lenient: a field of a wrong shape counts as absent, never as an error.

use super::json::{parse, Json};
use super::list::parse_list;
use std::fmt;

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
    pub last_step: Option<String>,
    pub last_status: Option<String>,
}

/// Why a response body could not be read as a Job at all.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// The body was not JSON.
    NotJson,
    /// The body was JSON, but not an object (an array, a number, `null`).
    NotAnObject,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeError::NotJson => "the job service sent something that is not JSON",
            DecodeError::NotAnObject => "the job service sent JSON that is not a job",
        })
    }
}

fn flag(value: &Json) -> Option<bool> {
    let spelled = match value {
        Json::Bool(b) => return Some(*b),
        Json::Number(n) => n.as_str(),
        Json::String(s) => s.trim(),
        _ => return None,
    };
    match spelled.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Non-blank text; a number (a `TokenRead` of `123456`) counts as its digits.
fn text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) if !s.trim().is_empty() && s.trim() != "None" => Some(s.trim().into()),
        Json::Number(n) => Some(n.clone()),
        Json::Array(_) => Some(list(value).join(", ")).filter(|t| !t.is_empty()),
        _ => None,
    }
}

/// A list field: a string holding a list, or (wrong shape, but seen) a real array of scalars.
fn list(value: &Json) -> Vec<String> {
    match value {
        Json::String(s) => parse_list(s),
        Json::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Json::String(s) => Some(s.clone()),
                Json::Number(n) => Some(n.clone()),
                Json::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .filter(|i| !i.trim().is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether an answer field holds anything (the answer was already given).
fn present(value: &Json) -> bool {
    match value {
        Json::Bool(b) => *b,
        Json::Number(_) => true,
        Json::String(s) => {
            let t = s.trim();
            !t.is_empty() && t != "[]" && !t.eq_ignore_ascii_case("none")
        }
        Json::Array(items) => !items.is_empty(),
        Json::Null | Json::Object(_) => false,
    }
}

impl Job {
    /// Decodes a job response body. Only a body that is not JSON, or not an object, is an error.
    pub fn from_json_text(body: &str) -> Result<Job, DecodeError> {
        let value = parse(body).map_err(|_| DecodeError::NotJson)?;
        Job::from_json(&value)
    }

    /// Decodes a parsed job object, field by field; field names are matched without regard to
    /// case (backends differ in casing), unknown fields are ignored.
    pub fn from_json(value: &Json) -> Result<Job, DecodeError> {
        let Json::Object(entries) = value else {
            return Err(DecodeError::NotAnObject);
        };
        let mut job = Job::default();
        for (key, value) in entries {
            match key.to_ascii_lowercase().as_str() {
                "successflag" => job.success = flag(value),
                "securityquestion" => job.security_questions = list(value),
                "securityanswer" => job.security_answered = present(value),
                "tokenmethod" => job.token_methods = list(value),
                "tokenchoice" => job.token_chosen = present(value),
                "tokensentflag" => job.token_sent = flag(value) == Some(true),
                "tokeninputname" => job.token_input_name = text(value),
                "tokeninput" => job.token_entered = present(value),
                "tokenread" => job.token_read = text(value),
                "verifyphoneflag" => job.phone_verified = flag(value) == Some(true),
                "captchaimage" => job.captcha_image = text(value),
                "captchainput" => job.captcha_answered = present(value),
                "laststep" => job.last_step = text(value),
                "laststatus" => job.last_status = text(value),
                _ => {}
            }
        }
        Ok(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<Job, DecodeError> {
        Job::from_json_text(json)
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
        assert_eq!(job.last_step.as_deref(), Some("LogInPanel"));
        assert_eq!(job.last_status.as_deref(), Some("Completed"));
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
        assert_eq!(job.last_step.as_deref(), Some("AccountList"));
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
