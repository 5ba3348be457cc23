#![cfg(not(target_arch = "wasm32"))]
//! Property tests for the parsers the server's text goes through: they never panic on any
//! input, and lists survive a round trip through either rendering.

use mfa_widget::core::captcha::check_captcha;
use mfa_widget::core::job::Job;
use mfa_widget::core::json;
use mfa_widget::core::list::{parse_list, render_json_list, render_python_list};
use proptest::prelude::*;

/// Items as a bank would send them: any text that is not blank.
fn item() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("blank items are dropped by design", |s| {
        !s.trim().is_empty()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn list_parser_never_panics(raw in any::<String>()) {
        let _ = parse_list(&raw);
    }

    #[test]
    fn list_parser_never_panics_on_list_like_text(raw in r#"\[[ '"\\a-z,xu0-9\]\[]{0,40}"#) {
        let _ = parse_list(&raw);
    }

    #[test]
    fn json_lists_round_trip(items in prop::collection::vec(item(), 0..8)) {
        prop_assert_eq!(parse_list(&render_json_list(&items)), items);
    }

    #[test]
    fn python_lists_round_trip(items in prop::collection::vec(item(), 0..8)) {
        prop_assert_eq!(parse_list(&render_python_list(&items)), items);
    }

    #[test]
    fn captcha_check_never_panics(raw in any::<String>()) {
        let _ = check_captcha(&raw);
    }

    #[test]
    fn job_decoder_never_panics(raw in any::<String>()) {
        let _ = Job::from_json_text(&raw);
    }

    #[test]
    fn json_parser_agrees_with_serde_json(value in arbitrary_json()) {
        // Whatever serde_json writes, our reader reads, to the same structure.
        let text = value.to_string();
        let parsed = json::parse(&text);
        prop_assert!(parsed.is_ok(), "{text}");
        prop_assert_eq!(same(&parsed.unwrap(), &value), true, "{}", text);
    }

    #[test]
    fn json_parser_never_panics_on_json_like_text(raw in r#"[\[\]{}",:0-9eE.+\-a-z\\ ]{0,60}"#) {
        let _ = json::parse(&raw);
    }

    #[test]
    fn job_decoder_takes_any_field_values(
        key in prop::sample::select(vec!["SuccessFlag", "SecurityQuestion", "TokenMethod", "TokenRead",
            "TokenSentFlag", "CaptchaImage", "LastStep", "SecurityAnswer", "Unknown"]),
        value in arbitrary_json(),
    ) {
        let body = serde_json::json!({ key: value }).to_string();
        prop_assert!(Job::from_json_text(&body).is_ok());
    }
}

fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|n| serde_json::json!(n)),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Structural equality between our JSON tree and serde_json's (numbers by value).
fn same(ours: &json::Json, theirs: &serde_json::Value) -> bool {
    use json::Json;
    use serde_json::Value;
    match (ours, theirs) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(_), Value::Number(n)) => {
            // Our reader is exact enough for what a job or a config holds (flags, digits,
            // milliseconds); extreme magnitudes only need to be read as numbers.
            let b = n.as_f64().unwrap_or(f64::NAN);
            if !(1e-6..1e15).contains(&b.abs()) && b != 0.0 {
                return true;
            }
            let a = ours.as_f64().unwrap_or(f64::NAN);
            a == b || (a - b).abs() <= b.abs() * 1e-9
        }
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Json::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

/// One thing that can happen to the widget, for the reducer fuzz.
#[derive(Clone, Debug)]
enum Happening {
    Start,
    Wake,
    Painted,
    Hidden(bool),
    Online,
    Retry,
    Destroy,
    Submit(u8),
    Replied(u8),
    Job(String),
    JobFailed(u16, Option<u32>),
}

fn happening() -> impl Strategy<Value = Happening> {
    let job = prop_oneof![
        arbitrary_json().prop_map(|v| serde_json::json!({"SecurityQuestion": v}).to_string()),
        arbitrary_json().prop_map(|v| v.to_string()),
        prop::sample::select(vec![
            r#"{"SecurityQuestion": "['a?', 'b?']"}"#.to_string(),
            r#"{"TokenMethod": "['Email', 'Text']"}"#.to_string(),
            r#"{"TokenSentFlag": "1", "TokenInputName": "PIN"}"#.to_string(),
            r#"{"TokenRead": 123456}"#.to_string(),
            r#"{"CaptchaImage": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}"#.to_string(),
            r#"{"SuccessFlag": "True"}"#.to_string(),
            r#"{"SuccessFlag": false, "LastStep": "TokenInput", "LastStatus": "Timeout"}"#.to_string(),
            r#"{"LastStep": "AccountList"}"#.to_string(),
        ]),
    ];
    prop_oneof![
        Just(Happening::Start),
        Just(Happening::Wake),
        Just(Happening::Painted),
        any::<bool>().prop_map(Happening::Hidden),
        Just(Happening::Online),
        Just(Happening::Retry),
        Just(Happening::Destroy),
        any::<u8>().prop_map(Happening::Submit),
        any::<u8>().prop_map(Happening::Replied),
        job.prop_map(Happening::Job),
        (
            prop::sample::select(vec![401u16, 404, 429, 500, 503]),
            any::<Option<u32>>()
        )
            .prop_map(|(s, r)| Happening::JobFailed(s, r)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Whatever happens in whatever order, the reducer never panics, never has two job reads
    /// in flight, never sends while sending, reports each challenge at most once, and nothing
    /// happens after it finished.
    #[test]
    fn reducer_survives_any_sequence(happenings in prop::collection::vec(happening(), 0..60), deadline in any::<bool>()) {
        use mfa_widget::core::answer::{Answer, Reply};
        use mfa_widget::core::flow::{Effect, Flow, Input, JobError};
        use mfa_widget::core::poll::PollIntervals;
        let mut flow = Flow::new(PollIntervals::default(), deadline.then_some(5_000.0));
        let (mut now, mut reads_in_flight, mut sends_in_flight) = (0.0, 0i32, 0i32);
        for happening in happenings {
            now += 137.0;
            let input = match happening {
                Happening::Start => Input::Start,
                Happening::Wake => Input::Wake,
                Happening::Painted => Input::Painted,
                Happening::Hidden(h) => Input::Hidden(h),
                Happening::Online => Input::Online,
                Happening::Retry => Input::Retry,
                Happening::Destroy => Input::Destroy,
                Happening::Submit(k) => Input::Submit(match k % 5 {
                    0 => Answer::SecurityAnswers(vec!["a".into(), "b".into()]),
                    1 => Answer::TokenChoice("Email".into()),
                    2 => Answer::TokenCode("1".into()),
                    3 => Answer::VerifyPhone,
                    _ => Answer::Captcha("x".into()),
                }),
                Happening::Replied(r) => {
                    if sends_in_flight == 0 { continue; }
                    sends_in_flight -= 1;
                    Input::SubmitDone(match r % 4 {
                        0 => Ok(Reply::Accepted),
                        1 => Ok(Reply::Rejected),
                        2 => Ok(Reply::Unexpected),
                        _ => Err("offline".into()),
                    })
                }
                Happening::Job(text) => {
                    if reads_in_flight == 0 { continue; }
                    reads_in_flight -= 1;
                    Input::JobArrived(Job::from_json_text(&text).map_err(JobError::Decode))
                }
                Happening::JobFailed(status, retry) => {
                    if reads_in_flight == 0 { continue; }
                    reads_in_flight -= 1;
                    Input::JobArrived(Err(JobError::Status(status, retry.map(f64::from))))
                }
            };
            let was_finished = flow.is_finished();
            let effects = flow.step(input, now, 0.5);
            prop_assert!(!was_finished || effects.is_empty(), "nothing after the end: {effects:?}");
            for effect in &effects {
                match effect {
                    Effect::FetchJob => reads_in_flight += 1,
                    Effect::Send(_) => sends_in_flight += 1,
                    Effect::WakeIn(ms) => prop_assert!(ms.is_finite() && *ms >= 0.0, "{ms}"),
                    Effect::Report(o) => prop_assert!(o.completed_ms >= o.sent_ms),
                    Effect::Emit(_) => {}
                }
            }
            prop_assert!(reads_in_flight <= 1, "two job reads in flight");
            prop_assert!(sends_in_flight <= 1, "two answers in flight");
        }
    }
}
