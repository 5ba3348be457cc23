//! Which challenges the user saw and how each ended (DESIGN §3): the pure tracker behind the
//! Kount `challengeOutcome` events. It is told what the widget shows, when it was painted,
//! when the user submitted and what the Job API replied, and it closes challenges with a
//! status, a failure type and monotonic times.

use super::answer::Answer;
use super::challenge::{Challenge, TokenKind};

/// Kount's `challengeType` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeType {
    Captcha,
    SecretQuestion,
    EmailPin,
    TextPin,
    MfaAppGoogle,
    MfaAppDuo,
    MfaAppIos,
    MfaAppAuthy,
    MfaAppMicrosoft,
    MfaAppLastPass,
    MfaAppOther,
}

/// Every `challengeType` the seed's enum allows (hosts may map to any of them).
pub const KOUNT_CHALLENGE_TYPES: [&str; 15] = [
    "Captcha",
    "Captcha2",
    "Puzzle",
    "SecretQuestion",
    "EmailLink",
    "EmailPIN",
    "TextPIN",
    "TextLink",
    "MFAAppGoogle",
    "MFAAppDuo",
    "MFAAppiOS",
    "MFAAppAuthy",
    "MFAAppMicrosoft",
    "MFAAppLastPass",
    "MFAAppOther",
];

impl ChallengeType {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeType::Captcha => "Captcha",
            ChallengeType::SecretQuestion => "SecretQuestion",
            ChallengeType::EmailPin => "EmailPIN",
            ChallengeType::TextPin => "TextPIN",
            ChallengeType::MfaAppGoogle => "MFAAppGoogle",
            ChallengeType::MfaAppDuo => "MFAAppDuo",
            ChallengeType::MfaAppIos => "MFAAppiOS",
            ChallengeType::MfaAppAuthy => "MFAAppAuthy",
            ChallengeType::MfaAppMicrosoft => "MFAAppMicrosoft",
            ChallengeType::MfaAppLastPass => "MFAAppLastPass",
            ChallengeType::MfaAppOther => "MFAAppOther",
        }
    }
}

/// The type of a token challenge from the delivery method's text (or, without a method list,
/// the `TokenInputName`): email → EmailPIN, text/SMS → TextPIN, a named app → its MFAApp*,
/// anything else (voice call, read-the-code) → MFAAppOther.
pub fn token_challenge_type(method: &str) -> ChallengeType {
    let m = method.to_ascii_lowercase();
    let has_word = |w: &str| {
        m.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|token| token == w)
    };
    if m.contains("email") || m.contains("e-mail") || has_word("mail") {
        ChallengeType::EmailPin
    } else if has_word("sms")
        || has_word("text")
        || has_word("texted")
        || m.contains("text message")
    {
        ChallengeType::TextPin
    } else if m.contains("google") {
        ChallengeType::MfaAppGoogle
    } else if has_word("duo") {
        ChallengeType::MfaAppDuo
    } else if m.contains("authy") {
        ChallengeType::MfaAppAuthy
    } else if m.contains("microsoft") {
        ChallengeType::MfaAppMicrosoft
    } else if m.contains("lastpass") {
        ChallengeType::MfaAppLastPass
    } else if has_word("ios") || m.contains("iphone") || m.contains("apple") {
        ChallengeType::MfaAppIos
    } else {
        ChallengeType::MfaAppOther
    }
}

/// Kount's `failureType` values the widget can observe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureType {
    TimedOut,
    IncorrectResponse,
    ExpiredSession,
    InvalidData,
    MissingData,
}

impl FailureType {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureType::TimedOut => "TimedOut",
            FailureType::IncorrectResponse => "IncorrectResponse",
            FailureType::ExpiredSession => "ExpiredSession",
            FailureType::InvalidData => "InvalidData",
            FailureType::MissingData => "MissingData",
        }
    }
}

/// One closed challenge, times on the monotonic clock.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub challenge_type: ChallengeType,
    /// `None` is Success.
    pub failure: Option<FailureType>,
    pub sent_ms: f64,
    pub completed_ms: f64,
}

/// The kind of the challenge that is open.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Questions(Vec<String>),
    /// One token flow: the method choice (if any), then the code or the read-the-code step.
    Token {
        methods: Vec<String>,
        chosen: Option<String>,
        /// `TokenInputName` (code) or `None` for read-the-code, once that step is shown.
        code_step: Option<CodeStep>,
    },
    Captcha(String),
}

#[derive(Clone, Debug, PartialEq)]
enum CodeStep {
    Code(TokenKind),
    Read(String),
}

#[derive(Clone, Debug)]
struct Open {
    kind: Kind,
    /// When it was first painted; for a token flow, when its first step was painted.
    first_painted_ms: Option<f64>,
    /// For a token flow: when the code input (or the code to read) was painted.
    code_painted_ms: Option<f64>,
    /// When it was first shown (a snapshot derived it), for the deadline and fallbacks.
    shown_ms: f64,
    submitted_ms: Option<f64>,
    /// An answer was accepted for the current step (the bank is checking it).
    answered: bool,
    /// The last answer got `-1`.
    rejected: bool,
    /// An accepted answer for the whole challenge (any step), for "moved past" decisions.
    ever_answered: bool,
}

/// The `LastStep` values in the order a login walks through them.
fn step_rank(step: &str) -> Option<u8> {
    Some(match step {
        "LogInPanel" => 0,
        "SecurityQuestionPanel" => 1,
        "TokenMethods" => 2,
        "TokenInput" => 3,
        "AccountList" => 4,
        "AccountSummary" => 5,
        "TransactionTable" => 6,
        "DownloadDialog" => 7,
        _ => return None,
    })
}

impl Kind {
    fn step_rank(&self) -> u8 {
        match self {
            Kind::Captcha(_) => 0,
            Kind::Questions(_) => 1,
            // A token flow is not past until the bank is past checking the code.
            Kind::Token { .. } => 3,
        }
    }

    fn challenge_type(&self) -> ChallengeType {
        match self {
            Kind::Questions(_) => ChallengeType::SecretQuestion,
            Kind::Captcha(_) => ChallengeType::Captcha,
            Kind::Token {
                chosen: Some(method),
                ..
            } => token_challenge_type(method),
            Kind::Token {
                code_step: Some(CodeStep::Read(_)),
                ..
            } => ChallengeType::MfaAppOther,
            Kind::Token {
                code_step: Some(CodeStep::Code(TokenKind::Named(name))),
                ..
            } => token_challenge_type(name),
            Kind::Token { .. } => ChallengeType::MfaAppOther,
        }
    }
}

/// Tracks the open challenge and closes it into [`Outcome`]s.
#[derive(Clone, Debug, Default)]
pub struct OutcomeTracker {
    open: Option<Open>,
    /// Client-side deadline for an unanswered challenge, from when it was painted.
    deadline_ms: Option<f64>,
}

impl OutcomeTracker {
    pub fn new(deadline_ms: Option<f64>) -> OutcomeTracker {
        OutcomeTracker {
            open: None,
            deadline_ms,
        }
    }

    pub fn has_open(&self) -> bool {
        self.open.is_some()
    }

    /// The widget now shows `next` (a snapshot changed what is shown).
    pub fn shown(&mut self, next: &Challenge, now: f64) -> Vec<Outcome> {
        let mut closed = Vec::new();
        match next {
            Challenge::SecurityQuestions(questions) => {
                let kind = Kind::Questions(questions.clone());
                if self.continues(&kind) {
                    return closed;
                }
                self.close_for_new(&mut closed, &kind, now);
                self.open_new(kind, now);
            }
            Challenge::TokenMethods(methods) => {
                let kind = Kind::Token {
                    methods: methods.clone(),
                    chosen: None,
                    code_step: None,
                };
                if self.continues(&kind) {
                    return closed;
                }
                self.close_for_new(&mut closed, &kind, now);
                self.open_new(kind, now);
            }
            Challenge::TokenCode(token) => {
                self.code_step(CodeStep::Code(token.clone()), now, &mut closed)
            }
            Challenge::ReadCode(code) => {
                self.code_step(CodeStep::Read(code.clone()), now, &mut closed)
            }
            Challenge::Captcha(Ok(image)) => {
                let kind = Kind::Captcha(image.data_url.clone());
                if self.continues(&kind) {
                    return closed;
                }
                self.close_for_new(&mut closed, &kind, now);
                self.open_new(kind, now);
            }
            Challenge::Captcha(Err(_)) => {
                self.close_moved_on(&mut closed, now);
                // It could not be shown at all: one Failed/MissingData, sent when detected.
                closed.push(Outcome {
                    challenge_type: ChallengeType::Captcha,
                    failure: Some(FailureType::MissingData),
                    sent_ms: now,
                    completed_ms: now,
                });
            }
            Challenge::Waiting { last_step } => {
                let past = |open: &Open| {
                    let rank = last_step.as_deref().and_then(step_rank);
                    open.ever_answered && rank.is_some_and(|r| r > open.kind.step_rank())
                };
                if self.open.as_ref().is_some_and(past) {
                    self.close(&mut closed, None, now);
                }
            }
            Challenge::Succeeded => self.close(&mut closed, None, now),
            Challenge::Failed {
                last_step,
                last_status,
            } => {
                let Some(open) = &self.open else {
                    return closed;
                };
                let status = last_status.as_deref().unwrap_or("").to_ascii_lowercase();
                let rank = last_step.as_deref().and_then(step_rank);
                let failure = if status.contains("timeout") || status.contains("timedout") {
                    Some(FailureType::TimedOut)
                } else if open.ever_answered && rank.is_some_and(|r| r > open.kind.step_rank()) {
                    None // it passed; the job failed later
                } else if open.answered || open.rejected {
                    Some(FailureType::IncorrectResponse)
                } else {
                    Some(FailureType::TimedOut)
                };
                self.close(&mut closed, failure, now);
            }
        }
        closed
    }

    /// The challenge became visible (the frame after it was rendered).
    pub fn painted(&mut self, now: f64) {
        if let Some(open) = &mut self.open {
            open.first_painted_ms.get_or_insert(now);
            if matches!(
                open.kind,
                Kind::Token {
                    code_step: Some(_),
                    ..
                }
            ) {
                open.code_painted_ms.get_or_insert(now);
            }
        }
    }

    /// The user submitted an answer.
    pub fn submitted(&mut self, answer: &Answer, now: f64) {
        if let Some(open) = &mut self.open {
            open.submitted_ms = Some(now);
            if let (Answer::TokenChoice(method), Kind::Token { chosen, .. }) =
                (answer, &mut open.kind)
            {
                *chosen = Some(method.clone());
            }
        }
    }

    /// The Job API accepted (`true`) or rejected with `-1` (`false`) the last answer.
    pub fn replied(&mut self, accepted: bool) {
        if let Some(open) = &mut self.open {
            open.answered = accepted;
            open.rejected = !accepted;
            open.ever_answered |= accepted;
        }
    }

    /// When the client-side deadline of the open challenge passes, if one is set and it has
    /// not been answered.
    pub fn deadline_at(&self) -> Option<f64> {
        let open = self.open.as_ref()?;
        if open.ever_answered {
            return None;
        }
        Some(open.first_painted_ms.unwrap_or(open.shown_ms) + self.deadline_ms?)
    }

    /// Closes the open challenge as TimedOut if its deadline has passed.
    pub fn tick(&mut self, now: f64) -> Vec<Outcome> {
        let mut closed = Vec::new();
        if self.deadline_at().is_some_and(|at| now >= at) {
            self.close(&mut closed, Some(FailureType::TimedOut), now);
        }
        closed
    }

    /// The widget is going away (destroyed, element removed, page left) with a challenge
    /// open: ExpiredSession, or InvalidData if the Job API had rejected the answer.
    pub fn abandoned(&mut self, now: f64) -> Vec<Outcome> {
        let mut closed = Vec::new();
        let failure = match &self.open {
            Some(open) if open.rejected => FailureType::InvalidData,
            _ => FailureType::ExpiredSession,
        };
        self.close(&mut closed, Some(failure), now);
        closed
    }

    /// Whether `kind` is the open challenge still (or again) waiting for its answer.
    fn continues(&self, kind: &Kind) -> bool {
        match &self.open {
            Some(open) if !open.answered => match (&open.kind, kind) {
                // A token flow is identified by its method list, whatever was chosen.
                (
                    Kind::Token {
                        methods: a,
                        code_step: None,
                        ..
                    },
                    Kind::Token { methods: b, .. },
                ) => a == b,
                (a, b) => a == b,
            },
            _ => false,
        }
    }

    /// A new challenge of `kind` replaces the open one: the same kind coming back after an
    /// answer means the answer was wrong; anything else means the job moved past it.
    fn close_for_new(&mut self, closed: &mut Vec<Outcome>, kind: &Kind, now: f64) {
        let Some(open) = &self.open else { return };
        let same_kind = std::mem::discriminant(&open.kind) == std::mem::discriminant(kind);
        if same_kind && open.answered {
            self.close(closed, Some(FailureType::IncorrectResponse), now);
        } else if same_kind {
            // Replaced before any answer (the bank refreshed it): the user ran out of time.
            self.close(closed, Some(FailureType::TimedOut), now);
        } else {
            self.close_moved_on(closed, now);
        }
    }

    /// The job went on to something else: success if it was answered, else timed out.
    fn close_moved_on(&mut self, closed: &mut Vec<Outcome>, now: f64) {
        if let Some(open) = &self.open {
            let failure = (!open.ever_answered).then_some(FailureType::TimedOut);
            self.close(closed, failure, now);
        }
    }

    fn code_step(&mut self, step: CodeStep, now: f64, closed: &mut Vec<Outcome>) {
        if let Some(open) = &mut self.open {
            if let Kind::Token { code_step, .. } = &mut open.kind {
                match code_step {
                    // The method was chosen and accepted: the same flow goes on.
                    None if open.answered => {
                        *code_step = Some(step);
                        open.answered = false;
                        open.rejected = false;
                        // The flow completes when the code is submitted, not the choice.
                        open.submitted_ms = None;
                        return;
                    }
                    Some(current) if *current == step && !open.answered => return,
                    _ => {}
                }
            }
        }
        let kind = Kind::Token {
            methods: Vec::new(),
            chosen: None,
            code_step: Some(step),
        };
        self.close_for_new(closed, &kind, now);
        self.open_new(kind, now);
    }

    fn open_new(&mut self, kind: Kind, now: f64) {
        self.open = Some(Open {
            kind,
            first_painted_ms: None,
            code_painted_ms: None,
            shown_ms: now,
            submitted_ms: None,
            answered: false,
            rejected: false,
            ever_answered: false,
        });
    }

    fn close(&mut self, closed: &mut Vec<Outcome>, failure: Option<FailureType>, now: f64) {
        let Some(open) = self.open.take() else { return };
        let sent_ms = open
            .code_painted_ms
            .or(open.first_painted_ms)
            .unwrap_or(open.shown_ms);
        // Completed when the user submitted (an answer the Job API took or refused); if they
        // never did, when the end was detected.
        let completed_ms = match open.submitted_ms {
            Some(submitted) if open.answered || open.rejected || failure.is_none() => submitted,
            _ => now,
        };
        closed.push(Outcome {
            challenge_type: open.kind.challenge_type(),
            failure,
            sent_ms,
            completed_ms: completed_ms.max(sent_ms),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::captcha::{check_captcha, CaptchaError};
    use ChallengeType::*;
    use FailureType::*;

    /// What happens, in order; each at a monotonic time.
    #[derive(Clone)]
    enum Step {
        Show(Challenge),
        Paint,
        Submit(Answer),
        Accept,
        Reject,
        Tick,
        Abandon,
    }
    use Step::*;

    fn questions(q: &[&str]) -> Challenge {
        Challenge::SecurityQuestions(q.iter().map(|s| s.to_string()).collect())
    }
    fn methods() -> Challenge {
        Challenge::TokenMethods(vec![
            "Email me at s*****@gmail.com".into(),
            "Send verification code by voice call to ***-***-3800".into(),
        ])
    }
    fn waiting(step: &str) -> Challenge {
        Challenge::Waiting {
            last_step: Some(step.into()),
        }
    }
    fn failed(step: &str, status: &str) -> Challenge {
        Challenge::Failed {
            last_step: Some(step.into()),
            last_status: Some(status.into()),
        }
    }
    fn captcha(png: &str) -> Challenge {
        Challenge::Captcha(check_captcha(png))
    }
    fn answers() -> Answer {
        Answer::SecurityAnswers(vec!["a".into()])
    }
    fn choose(method: &str) -> Answer {
        Answer::TokenChoice(method.into())
    }
    const PNG_A: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const PNG_B: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg";

    fn outcome(
        t: ChallengeType,
        failure: Option<FailureType>,
        sent: f64,
        completed: f64,
    ) -> Outcome {
        Outcome {
            challenge_type: t,
            failure,
            sent_ms: sent,
            completed_ms: completed,
        }
    }

    fn run(deadline: Option<f64>, steps: &[(f64, Step)]) -> Vec<Outcome> {
        let mut tracker = OutcomeTracker::new(deadline);
        let mut out = Vec::new();
        for (now, step) in steps.iter().cloned() {
            match step {
                Show(c) => out.extend(tracker.shown(&c, now)),
                Paint => tracker.painted(now),
                Submit(a) => tracker.submitted(&a, now),
                Accept => tracker.replied(true),
                Reject => tracker.replied(false),
                Tick => out.extend(tracker.tick(now)),
                Abandon => out.extend(tracker.abandoned(now)),
            }
        }
        out
    }

    #[test]
    fn determination_table() {
        let q1 = || questions(&["color?", "fruit?"]);
        let q2 = || questions(&["city?", "pet?"]);
        let email = "Email me at s*****@gmail.com";
        let voice = "Send verification code by voice call to ***-***-3800";
        let code = || Challenge::TokenCode(TokenKind::OneTimeCode);
        // (what happens, deadline, steps, expected outcomes)
        type Row = (&'static str, Option<f64>, Vec<(f64, Step)>, Vec<Outcome>);
        let rows: Vec<Row> = vec![
            (
                "questions answered, job moves to another challenge: success",
                None,
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (100.0, Submit(answers())),
                    (120.0, Accept),
                    (130.0, Show(waiting("SecurityQuestionPanel"))),
                    (500.0, Show(methods())),
                ],
                vec![outcome(SecretQuestion, None, 10.0, 100.0)],
            ),
            (
                "a new, different question set after an answer: the first failed",
                None,
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (100.0, Submit(answers())),
                    (120.0, Accept),
                    (400.0, Show(q2())),
                    (410.0, Paint),
                    (600.0, Submit(answers())),
                    (610.0, Accept),
                    (900.0, Show(Challenge::Succeeded)),
                ],
                vec![
                    outcome(SecretQuestion, Some(IncorrectResponse), 10.0, 100.0),
                    outcome(SecretQuestion, None, 410.0, 600.0),
                ],
            ),
            (
                "the same question set back after an answer: incorrect",
                None,
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (100.0, Submit(answers())),
                    (120.0, Accept),
                    (130.0, Show(waiting("SecurityQuestionPanel"))),
                    (400.0, Show(q1())),
                ],
                vec![outcome(
                    SecretQuestion,
                    Some(IncorrectResponse),
                    10.0,
                    100.0,
                )],
            ),
            (
                "the same snapshot again before any answer: still one challenge",
                None,
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (50.0, Show(waiting("LogInPanel"))),
                    (60.0, Show(q1())),
                    (70.0, Paint),
                    (100.0, Submit(answers())),
                    (120.0, Accept),
                    (300.0, Show(Challenge::Succeeded)),
                ],
                vec![outcome(SecretQuestion, None, 10.0, 100.0)],
            ),
            (
                "token flow by email: one EmailPIN challenge, sent when the code input appeared",
                None,
                vec![
                    (0.0, Show(methods())),
                    (5.0, Paint),
                    (50.0, Submit(choose(email))),
                    (60.0, Accept),
                    (70.0, Show(waiting("TokenMethods"))),
                    (300.0, Show(code())),
                    (310.0, Paint),
                    (400.0, Submit(Answer::TokenCode("1".into()))),
                    (410.0, Accept),
                    (420.0, Show(waiting("TokenInput"))),
                    (700.0, Show(Challenge::Succeeded)),
                ],
                vec![outcome(EmailPin, None, 310.0, 400.0)],
            ),
            (
                "token flow by voice call: MFAAppOther",
                None,
                vec![
                    (0.0, Show(methods())),
                    (5.0, Paint),
                    (50.0, Submit(choose(voice))),
                    (60.0, Accept),
                    (300.0, Show(code())),
                    (310.0, Paint),
                    (400.0, Submit(Answer::TokenCode("1".into()))),
                    (410.0, Accept),
                    (700.0, Show(waiting("AccountList"))),
                ],
                vec![outcome(MfaAppOther, None, 310.0, 400.0)],
            ),
            (
                "wrong code: the code input comes back, incorrect, and a new token challenge",
                None,
                vec![
                    (0.0, Show(code())),
                    (5.0, Paint),
                    (50.0, Submit(Answer::TokenCode("1".into()))),
                    (60.0, Accept),
                    (300.0, Show(code())),
                    (310.0, Paint),
                    (350.0, Abandon),
                ],
                vec![
                    outcome(MfaAppOther, Some(IncorrectResponse), 5.0, 50.0),
                    outcome(MfaAppOther, Some(ExpiredSession), 310.0, 350.0),
                ],
            ),
            (
                "a named token without a method list is typed by its name",
                None,
                vec![
                    (
                        0.0,
                        Show(Challenge::TokenCode(TokenKind::Named("SMS code".into()))),
                    ),
                    (5.0, Paint),
                    (50.0, Submit(Answer::TokenCode("1".into()))),
                    (60.0, Accept),
                    (90.0, Show(Challenge::Succeeded)),
                ],
                vec![outcome(TextPin, None, 5.0, 50.0)],
            ),
            (
                "read the code to the caller, then verify phone",
                None,
                vec![
                    (0.0, Show(Challenge::ReadCode("123456".into()))),
                    (8.0, Paint),
                    (900.0, Submit(Answer::VerifyPhone)),
                    (905.0, Accept),
                    (1000.0, Show(waiting("AccountList"))),
                ],
                vec![outcome(MfaAppOther, None, 8.0, 900.0)],
            ),
            (
                "one captcha per image: an answered image replaced by another is incorrect",
                None,
                vec![
                    (0.0, Show(captcha(PNG_A))),
                    (3.0, Paint),
                    (30.0, Submit(Answer::Captcha("x".into()))),
                    (31.0, Accept),
                    (200.0, Show(captcha(PNG_B))),
                    (203.0, Paint),
                    (230.0, Submit(Answer::Captcha("y".into()))),
                    (231.0, Accept),
                    (400.0, Show(q1())),
                ],
                vec![
                    outcome(Captcha, Some(IncorrectResponse), 3.0, 30.0),
                    outcome(Captcha, None, 203.0, 230.0),
                ],
            ),
            (
                "an unreadable captcha: MissingData at once",
                None,
                vec![(0.0, Show(Challenge::Captcha(Err(CaptchaError::NotAnImage))))],
                vec![outcome(Captcha, Some(MissingData), 0.0, 0.0)],
            ),
            (
                "the job times out at the step after the answer",
                None,
                vec![
                    (0.0, Show(code())),
                    (5.0, Paint),
                    (50.0, Submit(Answer::TokenCode("1".into()))),
                    (60.0, Accept),
                    (900.0, Show(failed("TokenInput", "Timeout"))),
                ],
                vec![outcome(MfaAppOther, Some(TimedOut), 5.0, 50.0)],
            ),
            (
                "the job times out with nothing submitted: completed when detected",
                None,
                vec![
                    (0.0, Show(q1())),
                    (5.0, Paint),
                    (900.0, Show(failed("SecurityQuestionPanel", "Timeout"))),
                ],
                vec![outcome(SecretQuestion, Some(TimedOut), 5.0, 900.0)],
            ),
            (
                "the job fails at the step for a wrong answer",
                None,
                vec![
                    (0.0, Show(q1())),
                    (5.0, Paint),
                    (50.0, Submit(answers())),
                    (60.0, Accept),
                    (300.0, Show(failed("SecurityQuestionPanel", "Failed"))),
                ],
                vec![outcome(SecretQuestion, Some(IncorrectResponse), 5.0, 50.0)],
            ),
            (
                "the job fails before the code step: sent when the method choice appeared",
                None,
                vec![
                    (0.0, Show(methods())),
                    (5.0, Paint),
                    (50.0, Submit(choose(email))),
                    (60.0, Accept),
                    (300.0, Show(failed("TokenMethods", "Failed"))),
                ],
                vec![outcome(EmailPin, Some(IncorrectResponse), 5.0, 50.0)],
            ),
            (
                "the job fails later, at AccountList: the challenge itself passed",
                None,
                vec![
                    (0.0, Show(q1())),
                    (5.0, Paint),
                    (50.0, Submit(answers())),
                    (60.0, Accept),
                    (300.0, Show(failed("AccountList", "Failed"))),
                ],
                vec![outcome(SecretQuestion, None, 5.0, 50.0)],
            ),
            (
                "progress beyond the step is success",
                None,
                vec![
                    (0.0, Show(q1())),
                    (5.0, Paint),
                    (50.0, Submit(answers())),
                    (60.0, Accept),
                    (100.0, Show(waiting("SecurityQuestionPanel"))),
                    (300.0, Show(waiting("AccountList"))),
                ],
                vec![outcome(SecretQuestion, None, 5.0, 50.0)],
            ),
            (
                "the client-side deadline passes with no answer",
                Some(1_000.0),
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (900.0, Tick),
                    (1_010.0, Tick),
                    (1_500.0, Abandon),
                ],
                vec![outcome(SecretQuestion, Some(TimedOut), 10.0, 1_010.0)],
            ),
            (
                "no deadline once answered",
                Some(1_000.0),
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (500.0, Submit(answers())),
                    (510.0, Accept),
                    (2_000.0, Tick),
                    (2_100.0, Show(Challenge::Succeeded)),
                ],
                vec![outcome(SecretQuestion, None, 10.0, 500.0)],
            ),
            (
                "destroyed with a challenge open: ExpiredSession, once",
                None,
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (700.0, Abandon),
                    (800.0, Abandon),
                ],
                vec![outcome(SecretQuestion, Some(ExpiredSession), 10.0, 700.0)],
            ),
            (
                "the Job API said -1 and the user gave up: InvalidData",
                None,
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (100.0, Submit(answers())),
                    (110.0, Reject),
                    (700.0, Abandon),
                ],
                vec![outcome(SecretQuestion, Some(InvalidData), 10.0, 100.0)],
            ),
            (
                "a -1, then an accepted retry: one Success",
                None,
                vec![
                    (0.0, Show(q1())),
                    (10.0, Paint),
                    (100.0, Submit(answers())),
                    (110.0, Reject),
                    (200.0, Submit(answers())),
                    (210.0, Accept),
                    (500.0, Show(Challenge::Succeeded)),
                ],
                vec![outcome(SecretQuestion, None, 10.0, 200.0)],
            ),
            (
                "nothing shown, nothing reported",
                None,
                vec![
                    (0.0, Show(waiting("LogInPanel"))),
                    (10.0, Show(Challenge::Succeeded)),
                    (20.0, Abandon),
                ],
                vec![],
            ),
        ];
        for (name, deadline, steps, expected) in rows {
            assert_eq!(run(deadline, &steps), expected, "{name}");
        }
    }

    #[test]
    fn type_map_by_method_text() {
        let rows = [
            ("Email me at s*****@gmail.com", EmailPin),
            ("Send a code to my e-mail", EmailPin),
            ("Text me at ***-***-3800", TextPin),
            ("SMS to (***) ***-1234", TextPin),
            (
                "Send verification code by voice call to ***-***-3800",
                MfaAppOther,
            ),
            ("Google Authenticator", MfaAppGoogle),
            ("Duo Mobile push", MfaAppDuo),
            ("Authy", MfaAppAuthy),
            ("Microsoft Authenticator", MfaAppMicrosoft),
            ("LastPass Authenticator", MfaAppLastPass),
            ("Apple device (iOS)", MfaAppIos),
            ("Call me", MfaAppOther),
            ("", MfaAppOther),
            ("Context-sensitive code", MfaAppOther),
        ];
        for (method, expected) in rows {
            assert_eq!(token_challenge_type(method), expected, "{method}");
        }
    }
}
