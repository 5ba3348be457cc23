use super::*;
use crate::core::job::captcha::{check_captcha, CaptchaError};
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
        last_step: LastStep::parse(step),
    }
}
fn failed(step: &str, status: &str) -> Challenge {
    Challenge::Failed {
        last_step: LastStep::parse(step),
        last_status: LastStatus::parse(status),
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

fn ok(t: ChallengeType, sent: f64, completed: f64) -> Outcome {
    Outcome {
        challenge_type: t,
        failure: None,
        sent_ms: sent,
        completed_ms: completed,
    }
}
fn failed_as(t: ChallengeType, f: FailureType, sent: f64, completed: f64) -> Outcome {
    Outcome {
        failure: Some(f),
        ..ok(t, sent, completed)
    }
}

type Steps = Vec<(f64, Step)>;

/// The usual start: `challenge` shown at 0 ms and painted at 10.
fn shown(challenge: Challenge) -> Steps {
    vec![(0.0, Show(challenge)), (10.0, Paint)]
}
/// ... then `answer` submitted at 100 and accepted at 110.
fn answered(challenge: Challenge, answer: Answer) -> Steps {
    let mut steps = shown(challenge);
    steps.extend([(100.0, Submit(answer)), (110.0, Accept)]);
    steps
}
/// `start`, then what happens next.
fn then<const N: usize>(mut start: Steps, next: [(f64, Step); N]) -> Steps {
    start.extend(next);
    start
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
    let typed = || Answer::TokenCode("1".into());
    let by_method = |method| {
        then(
            answered(methods(), choose(method)),
            [
                (120.0, Show(waiting("TokenMethods"))),
                (300.0, Show(code())),
                (310.0, Paint),
                (400.0, Submit(typed())),
                (410.0, Accept),
                (420.0, Show(waiting("TokenInput"))),
                (700.0, Show(Challenge::Succeeded)),
            ],
        )
    };
    // (what happens, client-side deadline, steps, expected outcomes)
    let rows: Vec<(&str, Option<f64>, Steps, Vec<Outcome>)> = vec![
        (
            "questions answered, job moves to another challenge: success",
            None,
            then(
                answered(q1(), answers()),
                [
                    (130.0, Show(waiting("SecurityQuestionPanel"))),
                    (500.0, Show(methods())),
                ],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
        ),
        (
            "a new, different question set after an answer: the first failed",
            None,
            then(
                answered(q1(), answers()),
                [
                    (400.0, Show(q2())),
                    (410.0, Paint),
                    (600.0, Submit(answers())),
                    (610.0, Accept),
                    (900.0, Show(Challenge::Succeeded)),
                ],
            ),
            vec![
                failed_as(SecretQuestion, IncorrectResponse, 10.0, 100.0),
                ok(SecretQuestion, 410.0, 600.0),
            ],
        ),
        (
            "the same question set back after an answer: incorrect",
            None,
            then(
                answered(q1(), answers()),
                [
                    (130.0, Show(waiting("SecurityQuestionPanel"))),
                    (400.0, Show(q1())),
                ],
            ),
            vec![failed_as(SecretQuestion, IncorrectResponse, 10.0, 100.0)],
        ),
        (
            "the same snapshot again before any answer: still one challenge",
            None,
            then(
                shown(q1()),
                [
                    (50.0, Show(waiting("LogInPanel"))),
                    (60.0, Show(q1())),
                    (70.0, Paint),
                    (100.0, Submit(answers())),
                    (120.0, Accept),
                    (300.0, Show(Challenge::Succeeded)),
                ],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
        ),
        (
            "token flow by email: one EmailPIN challenge, sent when the code input appeared",
            None,
            by_method(email),
            vec![ok(EmailPin, 310.0, 400.0)],
        ),
        (
            "token flow by voice call: MFAAppOther",
            None,
            by_method(voice),
            vec![ok(MfaAppOther, 310.0, 400.0)],
        ),
        (
            "wrong code: the code input comes back, incorrect, and a new token challenge",
            None,
            then(
                answered(code(), typed()),
                [(300.0, Show(code())), (310.0, Paint), (350.0, Abandon)],
            ),
            vec![
                failed_as(MfaAppOther, IncorrectResponse, 10.0, 100.0),
                failed_as(MfaAppOther, ExpiredSession, 310.0, 350.0),
            ],
        ),
        (
            "a named token without a method list is typed by its name",
            None,
            then(
                answered(
                    Challenge::TokenCode(TokenKind::Named("SMS code".into())),
                    typed(),
                ),
                [(190.0, Show(Challenge::Succeeded))],
            ),
            vec![ok(TextPin, 10.0, 100.0)],
        ),
        (
            "read the code to the caller, then verify phone",
            None,
            then(
                answered(Challenge::ReadCode("123456".into()), Answer::VerifyPhone),
                [(1000.0, Show(waiting("AccountList")))],
            ),
            vec![ok(MfaAppOther, 10.0, 100.0)],
        ),
        (
            "one captcha per image: an answered image replaced by another is incorrect",
            None,
            then(
                answered(captcha(PNG_A), Answer::Captcha("x".into())),
                [
                    (200.0, Show(captcha(PNG_B))),
                    (203.0, Paint),
                    (230.0, Submit(Answer::Captcha("y".into()))),
                    (231.0, Accept),
                    (400.0, Show(q1())),
                ],
            ),
            vec![
                failed_as(Captcha, IncorrectResponse, 10.0, 100.0),
                ok(Captcha, 203.0, 230.0),
            ],
        ),
        (
            "an unreadable captcha: MissingData at once",
            None,
            vec![(0.0, Show(Challenge::Captcha(Err(CaptchaError::NotAnImage))))],
            vec![failed_as(Captcha, MissingData, 0.0, 0.0)],
        ),
        (
            "the job times out at the step after the answer",
            None,
            then(
                answered(code(), typed()),
                [(900.0, Show(failed("TokenInput", "Timeout")))],
            ),
            vec![failed_as(MfaAppOther, TimedOut, 10.0, 100.0)],
        ),
        (
            "the job times out with nothing submitted: completed when detected",
            None,
            then(
                shown(q1()),
                [(900.0, Show(failed("SecurityQuestionPanel", "Timeout")))],
            ),
            vec![failed_as(SecretQuestion, TimedOut, 10.0, 900.0)],
        ),
        (
            "the job fails at the step for a wrong answer",
            None,
            then(
                answered(q1(), answers()),
                [(300.0, Show(failed("SecurityQuestionPanel", "Failed")))],
            ),
            vec![failed_as(SecretQuestion, IncorrectResponse, 10.0, 100.0)],
        ),
        (
            "the job fails before the code step: sent when the method choice appeared",
            None,
            then(
                answered(methods(), choose(email)),
                [(300.0, Show(failed("TokenMethods", "Failed")))],
            ),
            vec![failed_as(EmailPin, IncorrectResponse, 10.0, 100.0)],
        ),
        (
            "the job fails later, at AccountList: the challenge itself passed",
            None,
            then(
                answered(q1(), answers()),
                [(300.0, Show(failed("AccountList", "Failed")))],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
        ),
        (
            "the job times out later, at AccountList: the challenge itself passed",
            None,
            then(
                answered(q1(), answers()),
                [(300.0, Show(failed("AccountList", "Timeout")))],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
        ),
        (
            "the job fails at a step the widget does not know: not counted as passed",
            None,
            then(
                answered(q1(), answers()),
                [(300.0, Show(failed("SomethingNew", "Failed")))],
            ),
            vec![failed_as(SecretQuestion, IncorrectResponse, 10.0, 100.0)],
        ),
        (
            "progress beyond the step is success",
            None,
            then(
                answered(q1(), answers()),
                [
                    (120.0, Show(waiting("SecurityQuestionPanel"))),
                    (300.0, Show(waiting("AccountList"))),
                ],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
        ),
        (
            "the client-side deadline passes with no answer",
            Some(1_000.0),
            then(
                shown(q1()),
                [(900.0, Tick), (1_010.0, Tick), (1_500.0, Abandon)],
            ),
            vec![failed_as(SecretQuestion, TimedOut, 10.0, 1_010.0)],
        ),
        (
            "no deadline once answered",
            Some(1_000.0),
            then(
                answered(q1(), answers()),
                [(2_000.0, Tick), (2_100.0, Show(Challenge::Succeeded))],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
        ),
        (
            "destroyed with a challenge open: ExpiredSession, once",
            None,
            then(shown(q1()), [(700.0, Abandon), (800.0, Abandon)]),
            vec![failed_as(SecretQuestion, ExpiredSession, 10.0, 700.0)],
        ),
        (
            "the Job API said -1 and the user gave up: InvalidData",
            None,
            then(
                shown(q1()),
                [
                    (100.0, Submit(answers())),
                    (110.0, Reject),
                    (700.0, Abandon),
                ],
            ),
            vec![failed_as(SecretQuestion, InvalidData, 10.0, 100.0)],
        ),
        (
            "a -1, then an accepted retry: one Success",
            None,
            then(
                shown(q1()),
                [
                    (100.0, Submit(answers())),
                    (110.0, Reject),
                    (200.0, Submit(answers())),
                    (210.0, Accept),
                    (500.0, Show(Challenge::Succeeded)),
                ],
            ),
            vec![ok(SecretQuestion, 10.0, 200.0)],
        ),
        (
            "the job moves on while the answer is still on its way: the bank took it",
            None,
            then(
                shown(q1()),
                [(100.0, Submit(answers())), (150.0, Show(methods()))],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
        ),
        (
            "the same questions again while the answer is on its way: still one challenge",
            None,
            then(
                shown(q1()),
                [
                    (100.0, Submit(answers())),
                    (150.0, Show(q1())),
                    (160.0, Accept),
                    (400.0, Show(Challenge::Succeeded)),
                ],
            ),
            vec![ok(SecretQuestion, 10.0, 100.0)],
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
