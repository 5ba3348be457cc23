//! The reducer as a table: each case is a config and a list of steps, each step an input at a
//! moment, the effects it must produce and the view it must leave, written out in short (see
//! `describe` and `show`), so that a case reads as the story it tells.

use super::*;
use crate::core::io::RetryAfter;
use crate::core::job::answer::Answer;
use crate::core::job::step::LastStatus;
use crate::core::kount::event::OutcomeEvent;
use crate::core::settings::tests::settings;

mod cases;
use cases::cases;

const QUESTIONS: &str = r#"{"SecurityQuestion": "['color?', 'fruit?']"}"#;
const ANSWERED: &str = r#"{"SecurityQuestion": "['color?', 'fruit?']", "SecurityAnswer": "x", "LastStep": "SecurityQuestionPanel"}"#;
const METHODS: &str = r#"{"SecurityQuestion": "['color?', 'fruit?']", "SecurityAnswer": "x", "TokenMethod": "['Email me', 'Text me']"}"#;
const OTHER_QUESTIONS: &str = r#"{"SecurityQuestion": "['pet?', 'street?']"}"#;
const FAILED_AT_QUESTIONS: &str =
    r#"{"SuccessFlag": "False", "LastStep": "SecurityQuestionPanel", "LastStatus": "Failed"}"#;
const AT_LOGIN: &str = r#"{"LastStep": "LogInPanel"}"#;
const SUCCESS: &str = r#"{"SuccessFlag": "True"}"#;
const ACCOUNTS_READY: &str = r#"{"SuccessFlag": null, "LastStep": "AccountList", "LastStatus": "AccountsReady", "SecurityQuestion": "['color?', 'fruit?']", "SecurityAnswer": "x"}"#;
const SUCCEEDED_AT_ACCOUNTS: &str = r#"{"SuccessFlag": "True", "LastStep": "AccountList"}"#;
const REFUSED: &str = r#"{"SuccessFlag": false, "LastStep": "LogInPanel", "LastStatus": "Failed"}"#;
const TIMED_OUT: &str =
    r#"{"SuccessFlag": "False", "LastStep": "TokenInput", "LastStatus": "Timeout"}"#;

/// The native decoder (the wasm's is the browser's `JSON.parse` and serde-wasm-bindgen).
fn decode(text: &str) -> Result<Job, DecodeError> {
    serde_json::from_str::<serde_json::Value>(text)
        .map_err(|_| DecodeError::NotJson)
        .and_then(Job::decode)
}

/// A flow under `config` on a plain page (also the bank simulation's).
pub(super) fn flow(config: &str) -> Flow {
    let page = Page {
        user_agent: "Mozilla/5.0 (test)".into(),
        ..Page::default()
    };
    Flow::new(Rc::new(settings(config).unwrap()), page, decode)
}

pub(super) fn response(status: u16, body: &str) -> Reply {
    Reply::Response {
        status,
        retry_after: None,
        body: body.into(),
    }
}

/// A job read answered with this job.
fn job(json: &str) -> Input {
    Input::Replied(Purpose::ReadJob, response(200, json))
}

fn read_failed(status: u16) -> Input {
    Input::Replied(Purpose::ReadJob, response(status, "busy"))
}

/// A job read answered `status` with `Retry-After: value`, received at wall-clock `wall`,
/// `value` reading as the date `date` (the browser's `Date.parse`).
fn read_told_to_wait(status: u16, value: &str, date: Option<f64>, wall: f64) -> Input {
    let retry_after = Some(RetryAfter {
        value: value.into(),
        date_ms: date,
        received_wall_ms: wall,
    });
    let reply = Reply::Response {
        status,
        retry_after,
        body: String::new(),
    };
    Input::Replied(Purpose::ReadJob, reply)
}

fn read_offline() -> Input {
    Input::Replied(Purpose::ReadJob, Reply::Network("down".into()))
}

fn verdict(body: &str) -> Input {
    Input::Replied(Purpose::Answer, response(200, body))
}

fn answer_lost() -> Input {
    Input::Replied(Purpose::Answer, Reply::Network("offline".into()))
}

fn submit(answers: &[&str]) -> Input {
    Input::Submit(Answer::SecurityAnswers(
        answers.iter().map(|a| a.to_string()).collect(),
    ))
}

/// One row: at `at` ms, `input` gives these effects (`; `-separated) and leaves this view.
struct Step(f64, Input, &'static str, &'static str);

struct Case {
    name: &'static str,
    config: &'static str,
    steps: Vec<Step>,
}

const DEFAULT: &str = r#"{"jobId": "job-1"}"#;

/// An event's time back in monotonic ms (the default page's clock anchor is the epoch).
fn ms(iso: &str) -> f64 {
    let time = &iso[11..iso.len() - 1];
    let parts: Vec<f64> = time.split(':').map(|p| p.parse().unwrap()).collect();
    ((parts[0] * 60.0 + parts[1]) * 60.0 + parts[2]) * 1000.0
}

/// An effect in short.
/// An effect in short; a wake-up as how long after `at`, the step's time.
fn describe(effect: &Effect, at: f64) -> String {
    match effect {
        Effect::Request(Purpose::ReadJob, request) => {
            assert_eq!(request.body, JobRequest::new("job-1"));
            "read".into()
        }
        Effect::Request(Purpose::Answer, request) => {
            let body = serde_json::to_value(&request.body).unwrap();
            let fields: Vec<String> = body
                .as_object()
                .unwrap()
                .iter()
                .filter(|(name, _)| *name != "JobID")
                .map(|(name, value)| match value.as_str() {
                    Some(text) => format!("{name}={text}"),
                    None => format!("{name}={value}"),
                })
                .collect();
            format!("answer {}", fields.join(" "))
        }
        Effect::WakeAt(Some(time)) => format!("wake {}", time - at),
        Effect::WakeAt(None) => "no wake".into(),
        Effect::Emit(event) => match event {
            HostEvent::Challenge { kind } => format!("challenge {kind}"),
            HostEvent::Submit { kind } => format!("submit {kind}"),
            HostEvent::Success { last_step } => match last_step {
                Some(step) => format!("success at {}", step.name()),
                None => "success".into(),
            },
            HostEvent::Failure {
                message,
                last_status,
                at,
            } => format!(
                "failure {} {}: {message}",
                at.last_step.map_or("-", LastStep::name),
                LastStatus::reason(*last_status)
            ),
            HostEvent::Ready { .. } => "ready".into(),
            // Where the user was: the challenge they had open.
            HostEvent::Cancel { at } => format!("cancel at {}", at.challenge.unwrap_or("-")),
            HostEvent::Error { code, message, .. } => format!("{}: {message}", code.as_str()),
            HostEvent::Event(_) => "event".into(),
        },
        Effect::PostEvent(event) => match &**event {
            KountEvent::FailedAttempt { failed_attempt } => {
                format!("failedAttempt {}", failed_attempt.user_agent)
            }
            KountEvent::Outcome(OutcomeEvent::LoginEvent {
                challenge_outcome: o,
            }) => format!(
                "outcome {} {}{} {}..{}",
                o.challenge_type,
                o.challenge_status,
                o.failure_type.map(|f| format!(" {f}")).unwrap_or_default(),
                ms(&o.sent_timestamp),
                ms(&o.completed_timestamp),
            ),
            KountEvent::Outcome(OutcomeEvent::Standalone(_)) => "standalone outcome".into(),
        },
    }
}

/// A view in short: what is shown, the form generation, then what else is on screen.
fn show(view: &View) -> String {
    let mut shown = match (&view.challenge, view.loading) {
        (_, true) => "loading".to_string(),
        (Some(challenge), false) => challenge.kind().name().to_string(),
        (None, false) => "nothing".to_string(),
    };
    shown += &format!(" g{}", view.generation);
    if view.sending {
        shown += " sending";
    }
    match view.notice {
        Some(Notice::Alert(alert)) => shown += &format!(" {alert:?}"),
        Some(notice) => shown += &format!(" {notice:?}"),
        None => {}
    }
    if let Some(countdown) = view.countdown {
        shown += &format!(" {}s", countdown.seconds);
    }
    if view.cancel {
        shown += " cancel";
    }
    shown
}

#[test]
fn flows() {
    let mut failures = Vec::new();
    for case in cases() {
        let mut flow = flow(case.config);
        for (i, Step(at, input, effects, view)) in case.steps.into_iter().enumerate() {
            let label = format!("{input:?}");
            let got: Vec<String> = flow
                .step(input, at, 0.5)
                .iter()
                .map(|effect| describe(effect, at))
                .collect();
            let got = got.join("; ");
            let shown = show(&flow.view(at));
            if got != effects || shown != view {
                failures.push(format!(
                    "{}, step {i} ({label} at {at}):\n  effects {got:?}\n  wanted  {effects:?}\n  view    {shown:?}\n  wanted  {view:?}",
                    case.name
                ));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every request is complete: the endpoint, the host's headers and credentials mode, the
/// bound and the timeout come from the settings.
#[test]
fn requests_are_complete() {
    let config = r#"{"jobId": "job-1", "apiBase": "https://api.example/v1", "headers": {"Authorization": "Bearer t"}, "credentials": "include", "poll": {"requestTimeoutMs": 4000}, "securityAnswerFormat": "python"}"#;
    let mut flow = flow(config);
    let read = flow.step(Input::Start, 0.0, 0.5);
    let [Effect::Request(Purpose::ReadJob, request)] = read.as_slice() else {
        panic!("{read:?}")
    };
    assert_eq!(
        request.url,
        "https://api.example/v1/api/Job/GetJobInformationByID"
    );
    assert_eq!(
        request.headers,
        Pairs::from([("Authorization", "Bearer t")])
    );
    assert_eq!(request.credentials, crate::core::io::Credentials::Include);
    assert_eq!(
        (request.max_bytes, request.timeout_ms),
        (MAX_JOB_BYTES, 4_000.0)
    );
    assert!(!request.keepalive && request.idempotency_key.is_none());
    flow.step(job(QUESTIONS), 10.0, 0.5);
    let sent = flow.step(submit(&["it's", "b"]), 20.0, 0.5);
    let Some(Effect::Request(Purpose::Answer, request)) = sent.last() else {
        panic!("{sent:?}")
    };
    assert_eq!(
        request.url,
        "https://api.example/v1/api/Job/UpdateJobSecurityAnswer"
    );
    assert_eq!(
        request.body.security_answer.as_deref(),
        Some(r#"["it's", 'b']"#)
    );
    assert_eq!(request.max_bytes, MAX_VERDICT_BYTES);
}

use crate::core::pairs::Pairs;

/// Renewed headers (a new token) go with the next request and restart nothing; with a
/// `headers` provider every request asks it first.
#[test]
fn renewed_headers_go_with_the_next_request() {
    let config = r#"{"jobId": "job-1", "headers": {"Authorization": "Bearer old"}}"#;
    let mut flow = flow(config);
    flow.step(Input::Start, 0.0, 0.5);
    flow.step(job(QUESTIONS), 10.0, 0.5);
    flow.step(Input::Painted, 20.0, 0.5);
    let renewed = Pairs::from([("Authorization", "Bearer new")]);
    assert_eq!(flow.step(Input::Headers(renewed.clone()), 30.0, 0.5), []);
    assert_eq!(show(&flow.view(30.0)), "securityQuestions g1");
    let sent = flow.step(submit(&["a", "b"]), 40.0, 0.5);
    let Some(Effect::Request(Purpose::Answer, request)) = sent.last() else {
        panic!("{sent:?}")
    };
    assert_eq!(request.headers, renewed);
    assert!(!request.ask_headers, "no provider was given");
}

/// A token provider's token may expire between two requests: a 401 (or 403) asks it once
/// more (the read goes again at once); a second one in a row is the end of the session.
#[test]
fn a_401_asks_the_headers_provider_once_more() {
    let mut settings = settings(DEFAULT).unwrap();
    settings.headers_provided = true;
    let page = Page::default();
    let mut flow = Flow::new(Rc::new(settings), page, decode);
    let steps = |flow: &mut Flow, input, at| {
        let effects = flow.step(input, at, 0.5);
        if let Some(Effect::Request(_, request)) = effects.first() {
            assert!(request.ask_headers, "every request asks the provider");
        }
        effects
            .iter()
            .map(|effect| describe(effect, at))
            .collect::<Vec<_>>()
            .join("; ")
    };
    assert_eq!(steps(&mut flow, Input::Start, 0.0), "read");
    assert_eq!(steps(&mut flow, Input::FirstPainted, 0.0), "ready");
    // Asked again at once; the host is told nothing yet.
    assert_eq!(steps(&mut flow, read_failed(401), 10.0), "read; wake 1000");
    assert_eq!(
        steps(&mut flow, job(QUESTIONS), 20.0),
        "challenge securityQuestions; wake 3000"
    );
    assert_eq!(steps(&mut flow, Input::Painted, 20.0), "");
    // A job read in between: the next 401 is again asked about once.
    assert_eq!(steps(&mut flow, Input::Wake, 3_000.0), "read");
    assert_eq!(
        steps(&mut flow, read_failed(403), 3_010.0),
        "read; wake 3000"
    );
    assert_eq!(
        steps(&mut flow, read_failed(401), 3_020.0),
        "outcome SecretQuestion Failed ExpiredSession 20..3020; unauthorized: session expired: the job service answered 401/403; no wake"
    );
    assert_eq!(show(&flow.view(3_020.0)), "nothing g1 SessionExpired");
}

/// The end events say where the widget was: the job's last step and status as written, the
/// challenge open, and the HTTP status at fault; `mfa:ready` the language shown.
#[test]
fn end_events_say_where_the_widget_was() {
    let mut flow = flow(r#"{"jobId": "job-1", "locale": "es"}"#);
    flow.step(Input::Start, 0.0, 0.5);
    let ready = flow.step(Input::FirstPainted, 1.0, 0.5);
    assert!(
        ready.contains(&Effect::Emit(HostEvent::Ready { locale: "es" })),
        "{ready:?}"
    );
    flow.step(
        job(r#"{"SecurityQuestion": "['q?']", "LastStep": "SecurityQuestionPanel", "LastStatus": " Waiting for user "}"#),
        10.0,
        0.5,
    );
    let ended = flow.step(read_failed(404), 20.0, 0.5);
    let error = ended.iter().find_map(|effect| match effect {
        Effect::Emit(HostEvent::Error { status, at, .. }) => Some((*status, at.clone())),
        _ => None,
    });
    assert_eq!(
        error,
        Some((
            Some(404),
            Whereabouts {
                last_step: Some(LastStep::SecurityQuestionPanel),
                last_status: Some("Waiting for user".into()),
                challenge: Some("securityQuestions"),
            }
        )),
        "{ended:?}"
    );
}

#[test]
fn each_host_event_goes_to_a_callback_the_config_takes() {
    use crate::core::config::keys::{Shape, KEYS};
    let samples = [
        HostEvent::Challenge { kind: "pin" },
        HostEvent::Submit { kind: "pin" },
        HostEvent::Success { last_step: None },
        HostEvent::Failure {
            message: String::new(),
            last_status: None,
            at: Whereabouts::default(),
        },
        HostEvent::Ready { locale: "en" },
        HostEvent::Cancel {
            at: Whereabouts::default(),
        },
        HostEvent::Error {
            code: ErrorCode::Network,
            message: String::new(),
            status: None,
            at: Whereabouts::default(),
        },
    ];
    let mut heard: Vec<&str> = samples.iter().map(|event| event.names().1).collect();
    // A Kount event's body takes a whole flow to write: `HostEvent::names` is one match.
    heard.push("onEvent");
    heard.sort();
    let mut rows: Vec<&str> = KEYS
        .iter()
        .filter(|key| matches!(key.shape, Shape::Callback))
        .map(|key| key.name)
        .collect();
    rows.sort();
    assert_eq!(heard, rows);
}
