//! Which challenges the user saw and how each ended (DESIGN §3): the pure tracker behind the
//! Kount `challengeOutcome` events. It is told what the widget shows, when it was painted,
//! when the user submitted and what the Job API replied, and it closes challenges with a
//! status, a failure type and monotonic times.

use crate::core::job::answer::Answer;
use crate::core::job::challenge::{Challenge, TokenKind};
use crate::core::job::step::{LastStatus, LastStep};
use crate::core::kount::{token_challenge_type, ChallengeType, FailureType, Outcome};

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
    /// An answer is on its way and its reply has not come back. A snapshot that moves on
    /// meanwhile says the bank took it (the read can overtake the answer's own reply).
    reply_pending: bool,
    /// Painted where the user could not see it (a hidden copy).
    painted_hidden: bool,
}

impl Kind {
    /// A token flow showing its code (or the code to read).
    fn at_code_step(&self) -> bool {
        match self {
            Kind::Token { code_step, .. } => code_step.is_some(),
            Kind::Questions(_) | Kind::Captcha(_) => false,
        }
    }

    /// A token flow still at its choice of where to send the code.
    fn at_method_choice(&self) -> bool {
        match self {
            Kind::Token { code_step, .. } => code_step.is_none(),
            Kind::Questions(_) | Kind::Captcha(_) => false,
        }
    }

    /// The step the bank is at while it checks this challenge.
    fn step(&self) -> LastStep {
        match self {
            Kind::Captcha(_) => LastStep::LogInPanel,
            Kind::Questions(_) => LastStep::SecurityQuestionPanel,
            // A token flow is not past until the bank is past checking the code.
            Kind::Token { .. } => LastStep::TokenInput,
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

impl Open {
    /// Whether the bank, now at `step`, has gone past this challenge after an answer.
    fn passed(&self, step: Option<LastStep>) -> bool {
        self.ever_taken() && step.is_some_and(|step| step.is_past(self.kind.step()))
    }

    /// The bank has the answer to the current step (accepted, or sent and not yet replied).
    fn taken(&self) -> bool {
        self.answered || self.reply_pending
    }

    /// The bank has had an answer to any step of it.
    fn ever_taken(&self) -> bool {
        self.ever_answered || self.reply_pending
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
                if self
                    .open
                    .as_ref()
                    .is_some_and(|open| open.passed(*last_step))
                {
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
                let failure = if open.passed(*last_step) {
                    None // it passed; the job failed (or timed out) later
                } else if *last_status == Some(LastStatus::TimedOut) {
                    Some(FailureType::TimedOut)
                } else if open.taken() || open.rejected {
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
    /// The open challenge was painted where the user cannot see it (its box has no size).
    pub fn painted_hidden(&mut self) {
        if let Some(open) = &mut self.open {
            open.painted_hidden = true;
        }
    }

    pub fn painted(&mut self, now: f64) {
        if let Some(open) = &mut self.open {
            open.first_painted_ms.get_or_insert(now);
            if open.kind.at_code_step() {
                open.code_painted_ms.get_or_insert(now);
            }
        }
    }

    /// The user submitted an answer.
    pub fn submitted(&mut self, answer: &Answer, now: f64) {
        if let Some(open) = &mut self.open {
            open.submitted_ms = Some(now);
            open.reply_pending = true;
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
            open.reply_pending = false;
            open.ever_answered |= accepted;
        }
    }

    /// When the client-side deadline of the open challenge passes, if one is set and it has
    /// not been answered.
    pub fn deadline_at(&self) -> Option<f64> {
        let open = self.open.as_ref()?;
        if open.ever_taken() {
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

    /// The widget went away with an answer on its way, and this is its verdict: the challenge
    /// ends as that answer made it. Accepted, it passed (unless it only chose where a code
    /// goes: that flow ends at the code, which never came); refused, as when a user leaves
    /// after a `-1`.
    pub fn closed_by_verdict(&mut self, accepted: bool, now: f64) -> Vec<Outcome> {
        self.replied(accepted);
        let completes = self
            .open
            .as_ref()
            .is_some_and(|open| open.answered && !open.kind.at_method_choice());
        if !completes {
            return self.abandoned(now);
        }
        let mut closed = Vec::new();
        self.close(&mut closed, None, now);
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
    /// answer (taken, or refused with `-1`) means the answer was wrong; anything else means the
    /// job moved past it.
    fn close_for_new(&mut self, closed: &mut Vec<Outcome>, kind: &Kind, now: f64) {
        let Some(open) = &self.open else { return };
        let same_kind = std::mem::discriminant(&open.kind) == std::mem::discriminant(kind);
        if same_kind && (open.taken() || open.rejected) {
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
            let failure = (!open.ever_taken()).then_some(FailureType::TimedOut);
            self.close(closed, failure, now);
        }
    }

    fn code_step(&mut self, step: CodeStep, now: f64, closed: &mut Vec<Outcome>) {
        if let Some(open) = &mut self.open {
            let taken = open.taken();
            if let Kind::Token { code_step, .. } = &mut open.kind {
                match code_step {
                    // The method was chosen and accepted: the same flow goes on.
                    None if taken => {
                        *code_step = Some(step);
                        open.ever_answered = true;
                        open.answered = false;
                        open.rejected = false;
                        open.reply_pending = false;
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
            reply_pending: false,
            painted_hidden: false,
        });
    }

    fn close(&mut self, closed: &mut Vec<Outcome>, failure: Option<FailureType>, now: f64) {
        let Some(open) = self.open.take() else { return };
        // Painted, but never where the user could see it, and never answered: nothing was
        // shown (a second copy of the widget in a hidden block of a responsive page), so
        // nothing ended. (One never painted at all, gone within its first frame, still counts.)
        if open.painted_hidden && open.first_painted_ms.is_none() && open.submitted_ms.is_none() {
            return;
        }
        let sent_ms = open
            .code_painted_ms
            .or(open.first_painted_ms)
            .unwrap_or(open.shown_ms);
        // Completed when the user submitted (an answer the Job API took or refused); if they
        // never did, when the end was detected.
        let completed_ms = match open.submitted_ms {
            Some(submitted) if open.taken() || open.rejected || failure.is_none() => submitted,
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
mod tests;
