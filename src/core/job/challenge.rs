//! What to ask the user, derived from one Job snapshot by DESIGN §2's order (first match wins,
//! as the reference adapters do). An answered challenge whose job has not moved on yet is
//! "waiting", never asked twice.

use super::captcha::{check_captcha, CaptchaError, CaptchaImage};
use super::step::{LastStatus, LastStep};
use super::Job;

/// The one thing the widget shows for a snapshot.
#[derive(Clone, Debug, PartialEq)]
pub enum Challenge {
    /// The job logged in: nothing more to ask.
    Succeeded,
    /// The job failed; `last_step`/`last_status` say where and how.
    Failed {
        last_step: Option<LastStep>,
        last_status: Option<LastStatus>,
    },
    SecurityQuestions(Vec<String>),
    TokenMethods(Vec<String>),
    TokenCode(TokenKind),
    /// A code to read to the bank's caller, then "Verify phone".
    ReadCode(String),
    Captcha(Result<CaptchaImage, CaptchaError>),
    /// The bank is working; `last_step` names what it is doing.
    Waiting {
        last_step: Option<LastStep>,
    },
}

/// What kind of code `TokenInputName` asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    OneTimeCode,
    Pin,
    /// Another name the bank used, shown as it came.
    Named(String),
}

impl Challenge {
    /// Whether the user is the one who must act (as opposed to the bank or nobody).
    pub fn awaits_user(&self) -> bool {
        matches!(
            self,
            Challenge::SecurityQuestions(_)
                | Challenge::TokenMethods(_)
                | Challenge::TokenCode(_)
                | Challenge::ReadCode(_)
                | Challenge::Captcha(Ok(_))
        )
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self, Challenge::Succeeded | Challenge::Failed { .. })
    }

    /// The step the bank is at while it checks an answer to this challenge.
    pub fn answered_step(&self) -> Option<LastStep> {
        match self {
            Challenge::SecurityQuestions(_) => Some(LastStep::SecurityQuestionPanel),
            Challenge::TokenMethods(_) => Some(LastStep::TokenMethods),
            Challenge::TokenCode(_) | Challenge::ReadCode(_) => Some(LastStep::TokenInput),
            Challenge::Captcha(_) => Some(LastStep::LogInPanel),
            _ => None,
        }
    }

    /// A stable name for the kind, used in host events (`mfa:challenge` detail `kind`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Challenge::Succeeded => "success",
            Challenge::Failed { .. } => "failure",
            Challenge::SecurityQuestions(_) => "securityQuestions",
            Challenge::TokenMethods(_) => "tokenMethods",
            Challenge::TokenCode(_) => "tokenCode",
            Challenge::ReadCode(_) => "verifyPhone",
            Challenge::Captcha(_) => "captcha",
            Challenge::Waiting { .. } => "waiting",
        }
    }
}

/// At most this many questions are asked; a longer list is hostile or broken.
pub const MAX_QUESTIONS: usize = 10;
/// At most this many delivery methods are offered.
pub const MAX_METHODS: usize = 20;

fn capped(items: &[String], max: usize) -> Vec<String> {
    items.iter().take(max).cloned().collect()
}

/// DESIGN §2 "What to ask", rule by rule.
pub fn derive_challenge(job: &Job) -> Challenge {
    match job.success {
        Some(true) => return Challenge::Succeeded,
        Some(false) => {
            return Challenge::Failed {
                last_step: job.last_step,
                last_status: job.last_status,
            }
        }
        None => {}
    }
    if !job.security_questions.is_empty() && !job.security_answered {
        return Challenge::SecurityQuestions(capped(&job.security_questions, MAX_QUESTIONS));
    }
    if !job.token_methods.is_empty() && !job.token_chosen {
        return Challenge::TokenMethods(capped(&job.token_methods, MAX_METHODS));
    }
    if job.token_sent && !job.token_entered {
        return Challenge::TokenCode(token_kind(job.token_input_name.as_deref()));
    }
    if let (Some(code), false) = (&job.token_read, job.phone_verified) {
        return Challenge::ReadCode(code.clone());
    }
    if let (Some(image), false) = (&job.captcha_image, job.captcha_answered) {
        return Challenge::Captcha(check_captcha(image));
    }
    Challenge::Waiting {
        last_step: job.last_step,
    }
}

fn token_kind(name: Option<&str>) -> TokenKind {
    match name.map(str::trim) {
        None | Some("") => TokenKind::OneTimeCode,
        Some(n) if n.eq_ignore_ascii_case("token") || n.eq_ignore_ascii_case("otp") => {
            TokenKind::OneTimeCode
        }
        Some(n) if n.eq_ignore_ascii_case("pin") => TokenKind::Pin,
        Some(n) => TokenKind::Named(n.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(json: &str) -> Job {
        serde_json::from_str::<Job>(json).unwrap()
    }

    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    #[test]
    fn first_match_wins() {
        let questions = || Challenge::SecurityQuestions(vec!["q1?".into(), "q2?".into()]);
        let waiting = |s: &str| Challenge::Waiting {
            last_step: LastStep::parse(s),
        };
        let rows: Vec<(String, Challenge)> = vec![
            (r#"{"SuccessFlag": "True", "SecurityQuestion": "['q1?']"}"#.into(), Challenge::Succeeded),
            (
                r#"{"SuccessFlag": "False", "LastStep": "TokenInput", "LastStatus": "Timeout"}"#.into(),
                Challenge::Failed { last_step: Some(LastStep::TokenInput), last_status: Some(LastStatus::TimedOut) },
            ),
            (r#"{"SecurityQuestion": "['q1?', 'q2?']", "TokenMethod": "['a']"}"#.into(), questions()),
            // Already answered: the bank is checking; do not ask again.
            (
                r#"{"SecurityQuestion": "['q1?']", "SecurityAnswer": "[\"x\"]", "LastStep": "SecurityQuestionPanel"}"#.into(),
                waiting("SecurityQuestionPanel"),
            ),
            (
                r#"{"SecurityQuestion": "['q1?']", "SecurityAnswer": "[\"x\"]", "TokenMethod": "['Email', 'Text']"}"#.into(),
                Challenge::TokenMethods(vec!["Email".into(), "Text".into()]),
            ),
            (
                r#"{"TokenMethod": "['Email']", "TokenChoice": "Email", "LastStep": "TokenMethods"}"#.into(),
                waiting("TokenMethods"),
            ),
            (
                r#"{"TokenMethod": "['Email']", "TokenChoice": "Email", "TokenSentFlag": "True", "TokenInputName": "Token"}"#.into(),
                Challenge::TokenCode(TokenKind::OneTimeCode),
            ),
            (r#"{"TokenSentFlag": 1, "TokenInputName": "PIN"}"#.into(), Challenge::TokenCode(TokenKind::Pin)),
            (
                r#"{"TokenSentFlag": "1", "TokenInputName": "Passcode"}"#.into(),
                Challenge::TokenCode(TokenKind::Named("Passcode".into())),
            ),
            (r#"{"TokenSentFlag": "True", "TokenInput": "123456", "LastStep": "TokenInput"}"#.into(), waiting("TokenInput")),
            (r#"{"TokenSentFlag": "False", "TokenInputName": "PIN", "LastStep": "TokenMethods"}"#.into(), waiting("TokenMethods")),
            (r#"{"TokenRead": "123456"}"#.into(), Challenge::ReadCode("123456".into())),
            (r#"{"TokenRead": "123456", "VerifyPhoneFlag": "True", "LastStep": "TokenInput"}"#.into(), waiting("TokenInput")),
            (format!(r#"{{"CaptchaImage": "{PNG}"}}"#), Challenge::Captcha(check_captcha(PNG))),
            (format!(r#"{{"CaptchaImage": "{PNG}", "CaptchaInput": "abc", "LastStep": "LogInPanel"}}"#), waiting("LogInPanel")),
            (r#"{"CaptchaImage": "PHN2Zz48L3N2Zz4="}"#.into(), Challenge::Captcha(Err(CaptchaError::NotAnImage))),
            (r#"{"SuccessFlag": null, "LastStep": "AccountList"}"#.into(), waiting("AccountList")),
            ("{}".into(), Challenge::Waiting { last_step: None }),
        ];
        for (json, expected) in rows {
            assert_eq!(derive_challenge(&job(&json)), expected, "{json}");
        }
    }

    #[test]
    fn long_lists_are_capped() {
        let many: Vec<String> = (0..300).map(|i| format!("Method {i}")).collect();
        let body = format!(
            r#"{{"TokenMethod": {:?}}}"#,
            crate::core::job::list::render_json_list(&many)
        );
        match derive_challenge(&job(&body)) {
            Challenge::TokenMethods(methods) => assert_eq!(methods, many[..MAX_METHODS]),
            other => panic!("{other:?}"),
        }
    }
}
