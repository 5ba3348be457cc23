//! The user's answers and the Job API requests that carry them (DESIGN §2 table).

use super::list::{render_json_list, render_python_list};
use serde::Serialize;

/// One answer the user gave, as the Job API expects it.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Answers in question order.
    SecurityAnswers(Vec<String>),
    /// Must equal one listed `TokenMethod` exactly.
    TokenChoice(String),
    TokenCode(String),
    VerifyPhone,
    Captcha(String),
}

/// How `SecurityAnswer` encodes its list (JSON by default; some backends want Python's form).
/// Configured as `securityAnswerFormat: "json" | "python"`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum ListStyle {
    #[default]
    Json,
    Python,
}

/// Which endpoint an answer goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    GetJob,
    SecurityAnswer,
    TokenInput,
    CaptchaInput,
}

impl Answer {
    pub fn endpoint(&self) -> Endpoint {
        match self {
            Answer::SecurityAnswers(_) => Endpoint::SecurityAnswer,
            Answer::TokenChoice(_) | Answer::TokenCode(_) | Answer::VerifyPhone => {
                Endpoint::TokenInput
            }
            Answer::Captcha(_) => Endpoint::CaptchaInput,
        }
    }

    /// The request body for `job_id`; the answer is moved into it, so nothing else keeps it.
    pub fn into_body(self, job_id: &str, style: ListStyle) -> JobRequest {
        let mut body = JobRequest::new(job_id);
        match self {
            Answer::SecurityAnswers(answers) => {
                body.security_answer = Some(match style {
                    ListStyle::Json => render_json_list(&answers),
                    ListStyle::Python => render_python_list(&answers),
                });
            }
            Answer::TokenChoice(choice) => body.token_choice = Some(choice),
            Answer::TokenCode(code) => body.token_input = Some(code.trim().to_string()),
            Answer::VerifyPhone => body.verify_phone_flag = Some(true),
            Answer::Captcha(text) => body.captcha_input = Some(text.trim().to_string()),
        }
        body
    }

    /// A name for the kind of answer (host event detail); never the answer itself.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Answer::SecurityAnswers(_) => "securityAnswer",
            Answer::TokenChoice(_) => "tokenChoice",
            Answer::TokenCode(_) => "tokenInput",
            Answer::VerifyPhone => "verifyPhone",
            Answer::Captcha(_) => "captchaInput",
        }
    }
}

/// The body of every Job API request (DESIGN §2): the job, and at most one answer field.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobRequest {
    #[serde(rename = "JobID")]
    pub job_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_answer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_choice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_input: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_phone_flag: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captcha_input: Option<String>,
}

impl JobRequest {
    /// A job read (`GetJobInformationByID`): the job id alone.
    pub fn new(job_id: &str) -> JobRequest {
        JobRequest {
            job_id: job_id.to_string(),
            ..JobRequest::default()
        }
    }
}

/// What an answer endpoint replied.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Accepted,
    /// The documented `-1`.
    Rejected,
    /// Anything else: shown as an error, like a rejection.
    Unexpected,
}

/// Reads an answer endpoint's body: `0` success, `-1` failure (possibly quoted or padded).
pub fn parse_verdict(body: &str) -> Verdict {
    match body.trim().trim_matches('"').trim() {
        "0" | "true" => Verdict::Accepted,
        "-1" | "false" => Verdict::Rejected,
        _ => Verdict::Unexpected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_match_the_job_api() {
        let id = "b7a1-guid";
        let rows: Vec<(Answer, ListStyle, &str)> = vec![
            (
                Answer::SecurityAnswers(vec!["blue".into(), "apple".into()]),
                ListStyle::Json,
                r#"{"JobID":"b7a1-guid","SecurityAnswer":"[\"blue\",\"apple\"]"}"#,
            ),
            (
                Answer::SecurityAnswers(vec!["blue".into(), "it's".into()]),
                ListStyle::Python,
                r#"{"JobID":"b7a1-guid","SecurityAnswer":"['blue', \"it's\"]"}"#,
            ),
            (
                Answer::TokenChoice("Email me at s*****@gmail.com".into()),
                ListStyle::Json,
                r#"{"JobID":"b7a1-guid","TokenChoice":"Email me at s*****@gmail.com"}"#,
            ),
            (
                Answer::TokenCode(" 123456 ".into()),
                ListStyle::Json,
                r#"{"JobID":"b7a1-guid","TokenInput":"123456"}"#,
            ),
            (
                Answer::VerifyPhone,
                ListStyle::Json,
                r#"{"JobID":"b7a1-guid","VerifyPhoneFlag":true}"#,
            ),
            (
                Answer::Captcha("x7Kp".into()),
                ListStyle::Json,
                r#"{"JobID":"b7a1-guid","CaptchaInput":"x7Kp"}"#,
            ),
        ];
        for (answer, style, expected) in rows {
            let body = serde_json::to_string(&answer.into_body(id, style)).unwrap();
            assert_eq!(body, expected);
        }
        assert_eq!(
            serde_json::to_string(&JobRequest::new("a\"b")).unwrap(),
            r#"{"JobID":"a\"b"}"#
        );
    }

    #[test]
    fn replies() {
        let rows = [
            ("0", Verdict::Accepted),
            (" 0\n", Verdict::Accepted),
            ("\"0\"", Verdict::Accepted),
            ("-1", Verdict::Rejected),
            ("\"-1\"", Verdict::Rejected),
            ("", Verdict::Unexpected),
            ("<html>", Verdict::Unexpected),
        ];
        for (body, expected) in rows {
            assert_eq!(parse_verdict(body), expected, "{body:?}");
        }
    }
}
