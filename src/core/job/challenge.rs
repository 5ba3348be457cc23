//! What to ask the user, derived from one Job snapshot by DESIGN §2's order (first match wins,
//! as the reference adapters do). An answered challenge whose job has not moved on yet is
//! "waiting", never asked twice.

use super::answer::Answer;
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

/// Which kind of screen a challenge is: what "the same kind" means (a new one of another
/// kind starts a new form), and its name in host events (`mfa:challenge`'s `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeKind {
    Success,
    Failure,
    SecurityQuestions,
    TokenMethods,
    TokenCode,
    VerifyPhone,
    Captcha,
    Waiting,
}

impl ChallengeKind {
    /// The stable name host events carry.
    pub fn name(self) -> &'static str {
        match self {
            ChallengeKind::Success => "success",
            ChallengeKind::Failure => "failure",
            ChallengeKind::SecurityQuestions => "securityQuestions",
            ChallengeKind::TokenMethods => "tokenMethods",
            ChallengeKind::TokenCode => "tokenCode",
            ChallengeKind::VerifyPhone => "verifyPhone",
            ChallengeKind::Captcha => "captcha",
            ChallengeKind::Waiting => "waiting",
        }
    }
}

/// What the user has put in a challenge's form so far: one text per field, and the chosen
/// delivery method's place in the bank's list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub texts: Vec<String>,
    pub chosen: Option<usize>,
}

impl Challenge {
    pub fn kind(&self) -> ChallengeKind {
        match self {
            Challenge::Succeeded => ChallengeKind::Success,
            Challenge::Failed { .. } => ChallengeKind::Failure,
            Challenge::SecurityQuestions(_) => ChallengeKind::SecurityQuestions,
            Challenge::TokenMethods(_) => ChallengeKind::TokenMethods,
            Challenge::TokenCode(_) => ChallengeKind::TokenCode,
            Challenge::ReadCode(_) => ChallengeKind::VerifyPhone,
            Challenge::Captcha(_) => ChallengeKind::Captcha,
            Challenge::Waiting { .. } => ChallengeKind::Waiting,
        }
    }

    /// Whether the user is the one who must act (as opposed to the bank or nobody).
    pub fn awaits_user(&self) -> bool {
        match self {
            Challenge::SecurityQuestions(_)
            | Challenge::TokenMethods(_)
            | Challenge::TokenCode(_)
            | Challenge::ReadCode(_)
            | Challenge::Captcha(Ok(_)) => true,
            // An unreadable captcha cannot be answered: the bank is asked for another.
            Challenge::Captcha(Err(_))
            | Challenge::Succeeded
            | Challenge::Failed { .. }
            | Challenge::Waiting { .. } => false,
        }
    }

    pub fn is_terminal(&self) -> bool {
        match self {
            Challenge::Succeeded | Challenge::Failed { .. } => true,
            Challenge::SecurityQuestions(_)
            | Challenge::TokenMethods(_)
            | Challenge::TokenCode(_)
            | Challenge::ReadCode(_)
            | Challenge::Captcha(_)
            | Challenge::Waiting { .. } => false,
        }
    }

    /// The step the bank is at while it checks an answer to this challenge.
    pub fn answered_step(&self) -> Option<LastStep> {
        match self {
            Challenge::SecurityQuestions(_) => Some(LastStep::SecurityQuestionPanel),
            Challenge::TokenMethods(_) => Some(LastStep::TokenMethods),
            Challenge::TokenCode(_) | Challenge::ReadCode(_) => Some(LastStep::TokenInput),
            Challenge::Captcha(_) => Some(LastStep::LogInPanel),
            Challenge::Succeeded | Challenge::Failed { .. } | Challenge::Waiting { .. } => None,
        }
    }

    /// What the form starts with: an empty text per field, and for delivery methods the only
    /// one already chosen when there is just one.
    pub fn blank_answers(&self) -> Draft {
        let texts = |n| vec![String::new(); n];
        match self {
            Challenge::SecurityQuestions(questions) => Draft {
                texts: texts(questions.len()),
                chosen: None,
            },
            Challenge::TokenMethods(methods) => Draft {
                texts: Vec::new(),
                chosen: (methods.len() == 1).then_some(0),
            },
            Challenge::TokenCode(_) | Challenge::Captcha(Ok(_)) => Draft {
                texts: texts(1),
                chosen: None,
            },
            // Answered by a button alone, or not by the user.
            Challenge::ReadCode(_)
            | Challenge::Captcha(Err(_))
            | Challenge::Succeeded
            | Challenge::Failed { .. }
            | Challenge::Waiting { .. } => Draft::default(),
        }
    }

    /// The answer the user's draft makes, trimmed; none while a field is still empty (or no
    /// method is chosen). Only what the bank offered can be chosen.
    pub fn answer(&self, draft: &Draft) -> Option<Answer> {
        let typed = &draft.texts;
        let first = || Some(typed.first()?.trim()).filter(|t| !t.is_empty());
        match self {
            Challenge::SecurityQuestions(questions) => {
                let answers: Vec<String> = typed.iter().map(|t| t.trim().to_string()).collect();
                (answers.len() == questions.len() && answers.iter().all(|a| !a.is_empty()))
                    .then_some(Answer::SecurityAnswers(answers))
            }
            Challenge::TokenMethods(methods) => {
                let chosen = methods.get(draft.chosen?)?;
                Some(Answer::TokenChoice(chosen.clone()))
            }
            Challenge::TokenCode(_) => Some(Answer::TokenCode(first()?.to_string())),
            Challenge::Captcha(Ok(_)) => Some(Answer::Captcha(first()?.to_string())),
            // "Verify phone" is a button, not a form.
            Challenge::ReadCode(_)
            | Challenge::Captcha(Err(_))
            | Challenge::Succeeded
            | Challenge::Failed { .. }
            | Challenge::Waiting { .. } => None,
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

/// When the job counts as a success (`successWhen`): when it says `SuccessFlag: true`
/// (`done`, the default), or as soon as its `LastStatus` is `AccountsReady` (the login is done,
/// the accounts can be read; the job may go on gathering transactions), as the vendor's own
/// widget can.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SuccessWhen {
    #[default]
    Done,
    AccountsReady,
}

/// DESIGN §2 "What to ask", rule by rule.
pub fn derive_challenge(job: &Job, success_when: SuccessWhen) -> Challenge {
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
    if success_when == SuccessWhen::AccountsReady
        && job.last_status == Some(LastStatus::AccountsReady)
    {
        return Challenge::Succeeded;
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

    /// `successWhen: "accountsReady"` ends at `AccountsReady`, before `SuccessFlag`, ahead of
    /// any challenge field still set, but never over a `SuccessFlag: false`; `done` waits.
    #[test]
    fn accounts_ready_is_a_success_only_when_asked() {
        let rows = [
            (
                r#"{"LastStatus": "AccountsReady", "LastStep": "AccountList"}"#,
                true,
            ),
            (
                r#"{"LastStatus": " accountsready ", "TokenSentFlag": true}"#,
                true,
            ),
            (
                r#"{"SuccessFlag": null, "LastStatus": "AccountsReady"}"#,
                true,
            ),
            (
                r#"{"SuccessFlag": "False", "LastStatus": "AccountsReady"}"#,
                false,
            ),
            (
                r#"{"LastStatus": "Completed", "LastStep": "AccountList"}"#,
                false,
            ),
            (r#"{"LastStatus": "Accounts Ready Soon"}"#, false),
        ];
        for (json, ready) in rows {
            let asked = derive_challenge(&job(json), SuccessWhen::AccountsReady);
            assert_eq!(asked == Challenge::Succeeded, ready, "{json}: {asked:?}");
            let done = derive_challenge(&job(json), SuccessWhen::Done);
            assert_ne!(
                done,
                Challenge::Succeeded,
                "{json}: `done` waits for SuccessFlag"
            );
        }
    }

    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    #[test]
    fn typed_fields_make_an_answer_once_complete() {
        let questions = Challenge::SecurityQuestions(vec!["q1?".into(), "q2?".into()]);
        let methods = Challenge::TokenMethods(vec!["Email".into(), "SMS".into()]);
        let one_method = Challenge::TokenMethods(vec!["SMS".into()]);
        let code = Challenge::TokenCode(TokenKind::Pin);
        let typed = |t: &[&str]| Draft {
            texts: t.iter().map(|s| s.to_string()).collect(),
            chosen: None,
        };
        let chose = |i| Draft {
            texts: Vec::new(),
            chosen: Some(i),
        };
        assert_eq!(questions.blank_answers(), typed(&["", ""]));
        assert_eq!(methods.blank_answers(), typed(&[]));
        assert_eq!(one_method.blank_answers(), chose(0));
        assert_eq!(code.blank_answers(), typed(&[""]));
        assert_eq!(Challenge::Succeeded.blank_answers(), Draft::default());
        for (challenge, fields, expected) in [
            (
                &questions,
                typed(&[" Rex ", "Paris"]),
                Some(Answer::SecurityAnswers(vec!["Rex".into(), "Paris".into()])),
            ),
            (&questions, typed(&["Rex", "  "]), None),
            (&questions, typed(&["Rex"]), None),
            (&methods, chose(1), Some(Answer::TokenChoice("SMS".into()))),
            (&methods, typed(&["1"]), None),
            (&methods, chose(2), None),
            (
                &one_method,
                one_method.blank_answers(),
                Some(Answer::TokenChoice("SMS".into())),
            ),
            (
                &code,
                typed(&[" 1234 "]),
                Some(Answer::TokenCode("1234".into())),
            ),
            (&code, typed(&[" "]), None),
            (&code, typed(&[]), None),
            (&Challenge::ReadCode("12".into()), typed(&["x"]), None),
        ] {
            assert_eq!(
                challenge.answer(&fields),
                expected,
                "{challenge:?} {fields:?}"
            );
        }
        let captcha = derive_challenge(
            &job(&format!(r#"{{"CaptchaImage": "{PNG}"}}"#)),
            SuccessWhen::Done,
        );
        assert_eq!(
            captcha.answer(&typed(&["x7f "])),
            Some(Answer::Captcha("x7f".into()))
        );
    }

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
            assert_eq!(
                derive_challenge(&job(&json), SuccessWhen::Done),
                expected,
                "{json}"
            );
        }
    }

    #[test]
    fn long_lists_are_capped() {
        let many: Vec<String> = (0..300).map(|i| format!("Method {i}")).collect();
        let body = format!(
            r#"{{"TokenMethod": {:?}}}"#,
            crate::core::job::list::render_json_list(&many)
        );
        match derive_challenge(&job(&body), SuccessWhen::Done) {
            Challenge::TokenMethods(methods) => assert_eq!(methods, many[..MAX_METHODS]),
            other => panic!("{other:?}"),
        }
    }
}
