//! The user's answers and the Job API requests that carry them (DESIGN §2 table).

use super::json::push_string as push_json_string;
use super::list::{render_json_list, render_python_list};

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

    /// The JSON request body for `job_id`.
    pub fn body(&self, job_id: &str, style: ListStyle) -> String {
        let mut out = String::from("{\"JobID\":");
        push_json_string(&mut out, job_id);
        match self {
            Answer::SecurityAnswers(answers) => {
                let list = match style {
                    ListStyle::Json => render_json_list(answers),
                    ListStyle::Python => render_python_list(answers),
                };
                out.push_str(",\"SecurityAnswer\":");
                push_json_string(&mut out, &list);
            }
            Answer::TokenChoice(choice) => {
                out.push_str(",\"TokenChoice\":");
                push_json_string(&mut out, choice);
            }
            Answer::TokenCode(code) => {
                out.push_str(",\"TokenInput\":");
                push_json_string(&mut out, code.trim());
            }
            Answer::VerifyPhone => out.push_str(",\"VerifyPhoneFlag\":true"),
            Answer::Captcha(text) => {
                out.push_str(",\"CaptchaInput\":");
                push_json_string(&mut out, text.trim());
            }
        }
        out.push('}');
        out
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

/// The body of a job read.
pub fn job_request_body(job_id: &str) -> String {
    let mut out = String::from("{\"JobID\":");
    push_json_string(&mut out, job_id);
    out.push('}');
    out
}

/// What an answer endpoint replied.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Accepted,
    /// The documented `-1`.
    Rejected,
    /// Anything else: shown as an error, like a rejection.
    Unexpected,
}

/// Reads an answer endpoint's body: `0` success, `-1` failure (possibly quoted or padded).
pub fn parse_reply(body: &str) -> Reply {
    match body.trim().trim_matches('"').trim() {
        "0" | "true" => Reply::Accepted,
        "-1" | "false" => Reply::Rejected,
        _ => Reply::Unexpected,
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
            let body = answer.body(id, style);
            assert_eq!(body, expected);
            serde_json::from_str::<serde_json::Value>(&body).expect("valid JSON");
        }
        assert_eq!(job_request_body("a\"b"), r#"{"JobID":"a\"b"}"#);
    }

    #[test]
    fn replies() {
        let rows = [
            ("0", Reply::Accepted),
            (" 0\n", Reply::Accepted),
            ("\"0\"", Reply::Accepted),
            ("-1", Reply::Rejected),
            ("\"-1\"", Reply::Rejected),
            ("", Reply::Unexpected),
            ("<html>", Reply::Unexpected),
        ];
        for (body, expected) in rows {
            assert_eq!(parse_reply(body), expected, "{body:?}");
        }
    }
}
