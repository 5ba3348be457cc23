use super::*;
use crate::core::kount::{ChallengeType, FailureType};

/// The event a flow without host settings posts for `outcome`.
fn posted(outcome: &Outcome) -> Effect {
    EventContext::default().outcome(outcome)
}

fn job(json: &str) -> Job {
    serde_json::from_str::<Job>(json).unwrap()
}

fn arrive(json: &str) -> Input {
    Input::JobArrived(Ok(job(json)))
}

const QUESTIONS: &str = r#"{"SecurityQuestion": "['color?', 'fruit?']"}"#;

#[test]
fn questions_answered_then_success() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    assert_eq!(flow.step(Input::Start, 0.0, 0.5), vec![Effect::FetchJob]);
    let effects = flow.step(arrive(QUESTIONS), 10.0, 0.5);
    assert_eq!(
        effects,
        vec![
            Effect::Emit(HostEvent::Challenge {
                kind: "securityQuestions"
            }),
            Effect::WakeIn(3_000.0)
        ]
    );
    let answer = Answer::SecurityAnswers(vec!["blue".into(), "apple".into()]);
    let effects = flow.step(Input::Submit(answer.clone()), 20.0, 0.5);
    assert_eq!(
        effects,
        vec![
            Effect::Emit(HostEvent::Submit {
                kind: "securityAnswer"
            }),
            Effect::Send(answer.clone())
        ]
    );
    assert!(flow.sending);
    // A second click or Enter while sending sends nothing.
    assert!(flow.step(Input::Submit(answer), 21.0, 0.5).is_empty());
    let generation = flow.generation;
    let effects = flow.step(Input::SubmitDone(Ok(Reply::Accepted)), 30.0, 0.5);
    assert_eq!(effects, vec![Effect::FetchJob]);
    assert!(flow.generation > generation, "typed answers are cleared");
    assert_eq!(
        flow.challenge,
        Some(Challenge::Waiting {
            last_step: Some(LastStep::SecurityQuestionPanel)
        })
    );
    let effects = flow.step(arrive(r#"{"SecurityQuestion": "['color?', 'fruit?']", "SecurityAnswer": "x", "LastStep": "SecurityQuestionPanel"}"#), 40.0, 0.5);
    assert_eq!(
        effects,
        vec![Effect::WakeIn(300.0)],
        "fast polling after an answer"
    );
    let effects = flow.step(arrive(r#"{"SuccessFlag": "True"}"#), 50.0, 0.5);
    let outcome = Outcome {
        challenge_type: ChallengeType::SecretQuestion,
        failure: None,
        sent_ms: 10.0, // never painted: when it was shown
        completed_ms: 20.0,
    };
    assert_eq!(
        effects,
        vec![posted(&outcome), Effect::Emit(HostEvent::Success)]
    );
    assert!(flow.is_finished());
    assert!(
        flow.step(Input::Wake, 60.0, 0.5).is_empty(),
        "nothing after the end"
    );
}

#[test]
fn rejected_answer_keeps_the_form() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(QUESTIONS), 1.0, 0.5);
    flow.step(
        Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "b".into()])),
        2.0,
        0.5,
    );
    let generation = flow.generation;
    let effects = flow.step(Input::SubmitDone(Ok(Reply::Rejected)), 3.0, 0.5);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Emit(HostEvent::Error { .. })]
    ));
    assert_eq!(flow.notice, Some(Notice::Rejected));
    assert_eq!(flow.generation, generation, "the form is not re-created");
    assert!(!flow.sending);
    assert!(matches!(
        flow.challenge,
        Some(Challenge::SecurityQuestions(_))
    ));
    flow.step(
        Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "c".into()])),
        3.5,
        0.5,
    );
    let effects = flow.step(Input::SubmitDone(Err("offline".into())), 4.0, 0.5);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Emit(HostEvent::Error { .. })]
    ));
    assert_eq!(flow.notice, Some(Notice::SendFailed));
}

#[test]
fn one_read_in_flight_and_stale_reads_dropped() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    assert!(
        flow.step(Input::Wake, 1.0, 0.5).is_empty(),
        "a read is already in flight"
    );
    flow.step(arrive(QUESTIONS), 2.0, 0.5);
    flow.step(Input::Wake, 3.0, 0.5);
    flow.step(
        Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "b".into()])),
        4.0,
        0.5,
    );
    // The read in flight started before the answer was accepted: its snapshot is stale.
    assert!(flow
        .step(Input::SubmitDone(Ok(Reply::Accepted)), 5.0, 0.5)
        .is_empty());
    let effects = flow.step(arrive(QUESTIONS), 6.0, 0.5);
    assert_eq!(effects, vec![Effect::FetchJob]);
    assert!(matches!(flow.challenge, Some(Challenge::Waiting { .. })));
}

#[test]
fn errors_back_off_and_say_reconnecting_after_a_while() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    let effects = flow.step(
        Input::JobArrived(Err(JobError::Status(503, None))),
        1.0,
        0.5,
    );
    assert_eq!(effects, vec![Effect::WakeIn(500.0)]);
    assert_eq!(flow.notice, None, "one blip is not worth alarming anyone");
    flow.step(Input::Wake, 600.0, 0.5);
    let effects = flow.step(
        Input::JobArrived(Err(JobError::Network("down".into()))),
        700.0,
        0.5,
    );
    assert_eq!(effects, vec![Effect::WakeIn(1_000.0)]);
    flow.step(Input::Wake, 4_000.0, 0.5);
    let effects = flow.step(
        Input::JobArrived(Err(JobError::Network("down".into()))),
        4_100.0,
        0.5,
    );
    assert_eq!(
        effects,
        vec![
            Effect::Emit(HostEvent::Error {
                message: "cannot reach the job service: down".into()
            }),
            Effect::WakeIn(2_000.0)
        ]
    );
    assert_eq!(flow.notice, Some(Notice::Reconnecting));
    // "Try again" reads at once; the typed answers live in the UI, untouched.
    assert_eq!(
        flow.step(Input::Retry, 4_200.0, 0.5),
        vec![Effect::FetchJob]
    );
    flow.step(arrive(QUESTIONS), 4_300.0, 0.5);
    assert_eq!(flow.notice, None, "contact again clears the notice");
}

#[test]
fn learns_how_long_the_bank_takes() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(r#"{"LastStep": "LogInPanel"}"#), 10.0, 0.5);
    flow.step(Input::Wake, 1_000.0, 0.5);
    flow.step(arrive(r#"{"LastStep": "LogInPanel"}"#), 1_010.0, 0.5);
    flow.step(Input::Wake, 2_000.0, 0.5);
    // Seen between 1010 and 2010: the login took about 1.5 s.
    flow.step(arrive(QUESTIONS), 2_010.0, 0.5);
    flow.step(
        Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "b".into()])),
        3_000.0,
        0.5,
    );
    // So the first look after the answer is one quick look (300 ms) before 2010 ms (the
    // login's late end), which is later than 0.85 × 2010 ms.
    let effects = flow.step(Input::SubmitDone(Ok(Reply::Accepted)), 3_010.0, 0.5);
    assert_eq!(effects, vec![Effect::WakeIn(1_710.0)]);
}

#[test]
fn retry_after_is_honoured() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    let effects = flow.step(
        Input::JobArrived(Err(JobError::Status(429, Some(7_000.0)))),
        100.0,
        0.5,
    );
    assert_eq!(effects, vec![Effect::WakeIn(7_000.0)]);
    // Coming online or back into view does not jump the queue the server asked for.
    assert_eq!(
        flow.step(Input::Online, 1_000.0, 0.5),
        vec![Effect::WakeIn(6_100.0)]
    );
    assert_eq!(flow.step(Input::Wake, 7_100.0, 0.5), vec![Effect::FetchJob]);
}

#[test]
fn unauthorised_or_unknown_job_stops_for_good() {
    for (status, notice) in [
        (401, Notice::SessionExpired),
        (403, Notice::SessionExpired),
        (404, Notice::JobNotFound),
    ] {
        let mut flow = Flow::new(PollIntervals::default(), None);
        flow.step(Input::Start, 0.0, 0.5);
        flow.step(arrive(QUESTIONS), 10.0, 0.5);
        flow.step(Input::Painted, 20.0, 0.5);
        flow.step(Input::Wake, 3_000.0, 0.5);
        let effects = flow.step(
            Input::JobArrived(Err(JobError::Status(status, None))),
            3_010.0,
            0.5,
        );
        let expired = Outcome {
            challenge_type: ChallengeType::SecretQuestion,
            failure: Some(FailureType::ExpiredSession),
            sent_ms: 20.0,
            completed_ms: 3_010.0,
        };
        assert!(
            matches!(effects.as_slice(), [e, Effect::Emit(HostEvent::Error { .. })] if *e == posted(&expired)),
            "{status}: {effects:?}"
        );
        assert_eq!(flow.notice, Some(notice));
        assert!(flow.is_finished());
        assert!(
            flow.step(Input::Retry, 3_100.0, 0.5).is_empty(),
            "no more requests"
        );
    }
}

#[test]
fn hidden_tabs_poll_slowly_and_look_at_once_when_shown() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(QUESTIONS), 10.0, 0.5);
    assert!(flow.step(Input::Hidden(true), 20.0, 0.5).is_empty());
    flow.step(Input::Wake, 3_000.0, 0.5);
    assert_eq!(
        flow.step(arrive(QUESTIONS), 3_010.0, 0.5),
        vec![Effect::WakeIn(30_000.0)]
    );
    assert_eq!(
        flow.step(Input::Hidden(false), 9_000.0, 0.5),
        vec![Effect::FetchJob]
    );
    assert_eq!(
        flow.step(arrive(QUESTIONS), 9_010.0, 0.5),
        vec![Effect::WakeIn(3_000.0)]
    );
    assert!(flow
        .step(Input::Online, 9_020.0, 0.5)
        .contains(&Effect::FetchJob));
}

#[test]
fn a_refused_sign_in_is_one_failed_attempt_and_no_outcome() {
    use crate::core::kount::event::KountEvent;
    let refused = r#"{"SuccessFlag": false, "LastStep": "LogInPanel", "LastStatus": "Failed"}"#;
    let later = r#"{"SuccessFlag": false, "LastStep": "TokenInput", "LastStatus": "Timeout"}"#;
    // (job, failedAttempt switched on, failedAttempt events expected)
    let rows = [(refused, true, 1), (refused, false, 0), (later, true, 0)];
    for (json, enabled, expected) in rows {
        let mut events = EventContext {
            user_agent: "Mozilla/5.0 (test)".into(),
            ..EventContext::default()
        };
        events.settings.failed_attempts = enabled;
        let mut flow = Flow::new(PollIntervals::default(), None).reporting(events);
        flow.step(Input::Start, 0.0, 0.5);
        let effects = flow.step(arrive(json), 10.0, 0.5);
        let posted: Vec<&KountEvent> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::PostEvent(event) => Some(&**event),
                _ => None,
            })
            .collect();
        assert_eq!(posted.len(), expected, "{json} {enabled}: {effects:?}");
        assert!(
            posted
                .iter()
                .all(|e| matches!(e, KountEvent::FailedAttempt { failed_attempt }
                if failed_attempt.user_agent == "Mozilla/5.0 (test)")),
            "no challengeOutcome for a login that never reached a challenge: {effects:?}"
        );
        assert!(flow.step(arrive(json), 20.0, 0.5).is_empty(), "once");
    }
}

#[test]
fn failure_is_terminal_and_explained() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    let effects = flow.step(
        arrive(r#"{"SuccessFlag": "False", "LastStep": "TokenInput", "LastStatus": "Timeout"}"#),
        1.0,
        0.5,
    );
    assert_eq!(
        effects,
        vec![Effect::Emit(HostEvent::Failure {
            message: "We could not connect your account: the bank took too long to answer while checking the code.".into()
        })]
    );
    assert!(flow.is_finished());
}

#[test]
fn deadline_wakes_and_destroy_reports_once() {
    let mut flow = Flow::new(PollIntervals::default(), Some(1_000.0));
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(QUESTIONS), 100.0, 0.5);
    flow.step(Input::Painted, 120.0, 0.5);
    // The user-turn poll would wait 3 s; the deadline comes first.
    let effects = flow.step(Input::Wake, 400.0, 0.5);
    assert_eq!(effects, vec![Effect::FetchJob]);
    let effects = flow.step(arrive(QUESTIONS), 450.0, 0.5);
    assert_eq!(effects, vec![Effect::WakeIn(670.0)]);
    let effects = flow.step(Input::Wake, 1_120.0, 0.5);
    let timed_out = Outcome {
        challenge_type: ChallengeType::SecretQuestion,
        failure: Some(FailureType::TimedOut),
        sent_ms: 120.0,
        completed_ms: 1_120.0,
    };
    assert_eq!(effects, vec![posted(&timed_out), Effect::FetchJob]);

    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(QUESTIONS), 100.0, 0.5);
    flow.step(Input::Painted, 116.0, 0.5);
    let effects = flow.step(Input::Destroy, 900.0, 0.5);
    let expired = Outcome {
        challenge_type: ChallengeType::SecretQuestion,
        failure: Some(FailureType::ExpiredSession),
        sent_ms: 116.0,
        completed_ms: 900.0,
    };
    assert_eq!(effects, vec![posted(&expired)]);
    assert!(flow.step(Input::Destroy, 950.0, 0.5).is_empty(), "once");
}

#[test]
fn submit_without_a_challenge_is_ignored() {
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    assert!(flow
        .step(Input::Submit(Answer::VerifyPhone), 1.0, 0.5)
        .is_empty());
    flow.step(arrive(r#"{"LastStep": "LogInPanel"}"#), 2.0, 0.5);
    assert!(flow
        .step(Input::Submit(Answer::VerifyPhone), 3.0, 0.5)
        .is_empty());
    flow.step(Input::Destroy, 4.0, 0.5);
    assert!(flow.step(Input::Wake, 5.0, 0.5).is_empty());
}

#[test]
fn a_read_showing_the_next_challenge_before_the_accept_arrives() {
    // The bank took the answer and moved on, and the job read saying so came back before the
    // answer request's own reply. Before the fix: the questions went to Kount as TimedOut, the
    // accept then hid the methods behind "waiting" and counted them answered, and their next
    // read made them IncorrectResponse.
    let methods = r#"{"SecurityQuestion": "['color?', 'fruit?']", "SecurityAnswer": "x", "TokenMethod": "['Email me', 'Text me']"}"#;
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(QUESTIONS), 10.0, 0.5);
    flow.step(Input::Painted, 20.0, 0.5);
    let answer = Answer::SecurityAnswers(vec!["blue".into(), "apple".into()]);
    flow.step(Input::Submit(answer), 100.0, 0.5);
    assert_eq!(flow.step(Input::Wake, 150.0, 0.5), vec![Effect::FetchJob]);
    let mut effects = flow.step(arrive(methods), 200.0, 0.5);
    effects.extend(flow.step(Input::SubmitDone(Ok(Reply::Accepted)), 250.0, 0.5));
    assert_eq!(
        flow.challenge,
        Some(Challenge::TokenMethods(vec![
            "Email me".into(),
            "Text me".into()
        ])),
        "the accept of the earlier answer does not hide the new challenge"
    );
    assert!(!flow.sending);
    let events: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::PostEvent(_)))
        .collect();
    let questions_passed = posted(&Outcome {
        challenge_type: ChallengeType::SecretQuestion,
        failure: None,
        sent_ms: 20.0,
        completed_ms: 100.0,
    });
    assert_eq!(events, vec![&questions_passed]);
    // The methods are still open and unanswered: the same read again changes nothing, and
    // leaving now expires them (not a wrong answer).
    flow.step(Input::Painted, 260.0, 0.5);
    flow.step(Input::Wake, 3_000.0, 0.5);
    let again = flow.step(arrive(methods), 3_010.0, 0.5);
    assert!(
        !again.iter().any(|e| matches!(e, Effect::PostEvent(_))),
        "{again:?}"
    );
    let left = flow.step(Input::Destroy, 4_000.0, 0.5);
    assert_eq!(
        left,
        vec![posted(&Outcome {
            challenge_type: ChallengeType::MfaAppOther,
            failure: Some(FailureType::ExpiredSession),
            sent_ms: 260.0,
            completed_ms: 4_000.0,
        })]
    );
}

#[test]
fn back_forward_cache_leave_and_return() {
    // pagehide reports the open challenge as the session's end (the page may never come
    // back); pageshow from the cache reads at once and shows what the job asks as new.
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(QUESTIONS), 10.0, 0.5);
    flow.step(Input::Painted, 20.0, 0.5);
    let left = flow.step(Input::Leave, 500.0, 0.5);
    assert_eq!(
        left,
        vec![posted(&Outcome {
            challenge_type: ChallengeType::SecretQuestion,
            failure: Some(FailureType::ExpiredSession),
            sent_ms: 20.0,
            completed_ms: 500.0,
        })]
    );
    assert!(!flow.is_finished(), "the page may come back");
    assert!(
        flow.step(Input::Wake, 600.0, 0.5).is_empty(),
        "frozen while away"
    );
    let generation = flow.generation;
    assert_eq!(
        flow.step(Input::Return, 60_000.0, 0.5),
        vec![Effect::FetchJob]
    );
    assert!(flow.generation > generation, "the form starts afresh");
    let shown = flow.step(arrive(QUESTIONS), 60_010.0, 0.5);
    assert!(
        shown.contains(&Effect::Emit(HostEvent::Challenge {
            kind: "securityQuestions"
        })),
        "{shown:?}"
    );
    flow.step(Input::Painted, 60_020.0, 0.5);
    flow.step(
        Input::Submit(Answer::SecurityAnswers(vec!["a".into(), "b".into()])),
        60_100.0,
        0.5,
    );
    flow.step(Input::SubmitDone(Ok(Reply::Accepted)), 60_110.0, 0.5);
    let done = flow.step(arrive(r#"{"SuccessFlag": true}"#), 61_000.0, 0.5);
    assert!(done.contains(&posted(&Outcome {
        challenge_type: ChallengeType::SecretQuestion,
        failure: None,
        sent_ms: 60_020.0,
        completed_ms: 60_100.0,
    })));
}

#[test]
fn ready_once_and_cancel_ends_the_open_challenge() {
    let mut flow = Flow::new(PollIntervals::default(), None).cancelable(true);
    flow.step(Input::Start, 0.0, 0.5);
    assert_eq!(
        flow.step(Input::FirstPainted, 5.0, 0.5),
        vec![Effect::Emit(HostEvent::Ready)]
    );
    assert!(flow.step(Input::FirstPainted, 6.0, 0.5).is_empty(), "once");
    flow.step(arrive(QUESTIONS), 10.0, 0.5);
    flow.step(Input::Painted, 20.0, 0.5);
    assert!(flow.offers_cancel());
    let cancelled = flow.step(Input::Cancel, 900.0, 0.5);
    assert_eq!(
        cancelled,
        vec![
            posted(&Outcome {
                challenge_type: ChallengeType::SecretQuestion,
                failure: Some(FailureType::ExpiredSession),
                sent_ms: 20.0,
                completed_ms: 900.0,
            }),
            Effect::Emit(HostEvent::Cancel),
        ]
    );
    assert!(flow.is_finished() && !flow.offers_cancel());
    assert_eq!(flow.body(), None, "only the notice says why");
    assert_eq!(flow.notice, Some(Notice::Cancelled));
    assert!(flow.step(Input::Cancel, 901.0, 0.5).is_empty(), "once");
    assert!(
        !Flow::new(PollIntervals::default(), None).offers_cancel(),
        "off by default"
    );
}

#[test]
fn an_answer_under_way_across_the_back_forward_cache_stays_the_only_one() {
    // Found by the reducer's property test: coming back from the back-forward cache used to
    // forget the answer on its way, so the new screen could send a second one, and the first
    // one's reply was then taken for the second's.
    let sends = |effects: &[Effect]| {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Send(_)))
            .count()
    };
    let answer = || Input::Submit(Answer::SecurityAnswers(vec!["blue".into(), "fig".into()]));
    let mut flow = Flow::new(PollIntervals::default(), None);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(arrive(QUESTIONS), 10.0, 0.5);
    flow.step(Input::Painted, 20.0, 0.5);
    assert_eq!(sends(&flow.step(answer(), 30.0, 0.5)), 1);
    flow.step(Input::Leave, 40.0, 0.5);
    let back = flow.step(Input::Return, 50.0, 0.5);
    assert!(back.contains(&Effect::FetchJob), "{back:?}");
    flow.step(arrive(QUESTIONS), 60.0, 0.5);
    assert_eq!(
        sends(&flow.step(answer(), 70.0, 0.5)),
        0,
        "one answer at a time"
    );
    // The first answer's reply is about a screen that is gone: ignored, and only then can
    // the new challenge be answered.
    let reply = flow.step(Input::SubmitDone(Ok(Reply::Accepted)), 80.0, 0.5);
    assert!(!reply.contains(&Effect::FetchJob), "{reply:?}");
    assert!(flow.awaits_user());
    assert_eq!(sends(&flow.step(answer(), 90.0, 0.5)), 1);
}
