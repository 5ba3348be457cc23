#![cfg(not(target_arch = "wasm32"))]
//! Property tests for the parsers and decoders the server's text and the host's config go
//! through: they never panic on any input, valid jobs decode to what they say, and lists survive a round trip
//! through either rendering. serde_json stands in for the browser's `JSON.parse`.

use mfa_widget::core::job::captcha::check_captcha;
use mfa_widget::core::job::list::{parse_list, render_json_list, render_python_list};
use mfa_widget::core::job::step::LastStep;
use mfa_widget::core::job::text::decode_references;
use mfa_widget::core::job::{DecodeError, Job};
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
    fn reference_decoder_never_panics(raw in any::<String>()) {
        let _ = decode_references(&raw);
    }

    #[test]
    fn reference_decoder_never_panics_on_reference_like_text(raw in "[&#;xX0-9a-zA-Z ü]{0,40}") {
        let decoded = decode_references(&raw);
        // A reference is never longer than what it stands for.
        prop_assert!(decoded.chars().count() <= raw.chars().count());
    }

    #[test]
    fn escaped_text_decodes_to_itself(text in any::<String>()) {
        // As a bank page escapes text (named, decimal and hex references alike).
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&#62;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;");
        prop_assert_eq!(decode_references(&escaped), text);
    }

    #[test]
    fn captcha_check_never_panics(raw in any::<String>()) {
        let _ = check_captcha(&raw);
    }

    #[test]
    fn job_decoder_takes_any_json(value in arbitrary_json()) {
        // Any JSON value decodes to a job or to "not a job", never panics.
        let is_object = value.is_object();
        prop_assert_eq!(Job::decode(value).is_ok(), is_object);
    }

    #[test]
    fn job_decoder_takes_any_field_values(
        key in prop::sample::select(vec!["SuccessFlag", "SecurityQuestion", "TokenMethod", "TokenRead",
            "TokenSentFlag", "CaptchaImage", "LastStep", "SecurityAnswer", "Unknown"]),
        value in arbitrary_json(),
    ) {
        let body = serde_json::json!({ key: value });
        prop_assert!(Job::decode(body).is_ok());
    }

    #[test]
    fn job_fields_decode_as_spelled(
        success in prop::sample::select(vec![
            (serde_json::json!(true), Some(true)), (serde_json::json!("True"), Some(true)),
            (serde_json::json!("1"), Some(true)), (serde_json::json!(1), Some(true)),
            (serde_json::json!(false), Some(false)), (serde_json::json!("False"), Some(false)),
            (serde_json::json!(0), Some(false)), (serde_json::json!(null), None),
            (serde_json::json!(""), None)]),
        questions in prop::collection::vec(item(), 1..5),
        python in any::<bool>(),
        token_read in 0u32..1_000_000,
        key_case in prop::sample::select(vec!["SecurityQuestion", "securityquestion", "SECURITYQUESTION"]),
    ) {
        // A valid job, written with any of the spellings seen in the wild, decodes to what it says.
        let list = if python { render_python_list(&questions) } else { render_json_list(&questions) };
        let body = serde_json::json!({
            "SuccessFlag": success.0, key_case: list, "TokenRead": token_read,
            "LastStep": "SecurityQuestion", "Unknown": {"deep": [[[1]]]},
        });
        let job = Job::decode(body).unwrap();
        prop_assert_eq!(job.success, success.1);
        prop_assert_eq!(job.security_questions, questions);
        prop_assert_eq!(job.token_read, Some(token_read.to_string()));
        prop_assert_eq!(job.last_step, Some(LastStep::Other));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn config_reader_takes_any_json(value in arbitrary_json()) {
        // Any value reads to a config or to an error naming the key, never panics.
        use mfa_widget::core::config::{Config, Given};
        let given: Given = serde_json::from_value(value).unwrap();
        if let Err(error) = Config::read(given.clone()) {
            prop_assert!(error.key().is_some() || !matches!(given, Given::Object(_)));
        }
    }

    #[test]
    fn config_reader_takes_any_value_at_any_known_key(
        key in prop::sample::select(mfa_widget::core::config::keys::KEYS
            .iter()
            .map(|key| (key.path, key.name))
            .collect::<Vec<_>>()),
        value in arbitrary_json(),
    ) {
        // A known key with any value: read, or refused naming that very key.
        use mfa_widget::core::config::Config;
        let (path, field) = key;
        let nested = path.split('.').filter(|s| !s.is_empty()).rev()
            .fold(serde_json::json!({ field: value }), |inner, step| serde_json::json!({ step: inner }));
        if let Err(error) = Config::read(serde_json::from_value(nested).unwrap()) {
            // The key itself, or a part of its value (`headers.X-Api-Key`): never no key, and
            // never another one.
            let whole = if path.is_empty() { field.to_string() } else { format!("{path}.{field}") };
            let at = error.key();
            prop_assert!(
                at.as_deref().is_some_and(|at| at == whole
                    || at.starts_with(&format!("{whole}."))
                    || at.starts_with(&format!("{whole}["))),
                "{:?} vs {} ({:?})", at, whole, error
            );
        }
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
    Leave,
    Return,
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
        Just(Happening::Leave),
        Just(Happening::Return),
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
        use mfa_widget::core::job::answer::Answer;
        use mfa_widget::core::io::{Purpose, Reply, RetryAfter};
        use mfa_widget::core::flow::{Effect, Flow, Input, Page};
        let page = Page { user_agent: "Mozilla/5.0 (test)".into(), ..Page::default() };
        let config = if deadline {
            r#"{"jobId": "job-1", "challengeDeadlineMs": 5000}"#
        } else {
            r#"{"jobId": "job-1"}"#
        };
        let mut flow = Flow::new(std::rc::Rc::new(settings(config)), page, decode_job);
        let (mut now, mut reads_in_flight, mut sends_in_flight) = (0.0, 0i32, 0i32);
        // Each challenge is painted at its own moment (time moves on every step), which its
        // outcome carries as `sentTimestamp`: two outcomes with one would be one challenge
        // reported twice.
        let mut reported = std::collections::BTreeSet::new();
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
                Happening::Leave => Input::Leave,
                Happening::Return => Input::Return,
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
                    let response = |body: &str| Reply::Response { status: 200, retry_after: None, body: body.into() };
                    Input::Replied(Purpose::Answer, match r % 6 {
                        0 => response("0"),
                        1 => response("-1"),
                        2 => response("<html>"),
                        3 => Reply::TooLarge { status: 200 },
                        4 => Reply::TimedOut,
                        _ => Reply::Network("offline".into()),
                    })
                }
                Happening::Job(text) => {
                    if reads_in_flight == 0 { continue; }
                    reads_in_flight -= 1;
                    Input::Replied(Purpose::ReadJob, Reply::Response { status: 200, retry_after: None, body: text })
                }
                Happening::JobFailed(status, retry) => {
                    if reads_in_flight == 0 { continue; }
                    reads_in_flight -= 1;
                    let retry_after = retry.map(|seconds| RetryAfter { value: seconds.to_string(), date_ms: None, received_wall_ms: 0.0 });
                    Input::Replied(Purpose::ReadJob, Reply::Response { status, retry_after, body: String::new() })
                }
            };
            let was_finished = flow.is_finished();
            let effects = flow.step(input, now, 0.5);
            prop_assert!(!was_finished || effects.is_empty(), "nothing after the end: {effects:?}");
            for effect in &effects {
                match effect {
                    Effect::Request(Purpose::ReadJob, _) => reads_in_flight += 1,
                    Effect::Request(Purpose::Answer, _) => sends_in_flight += 1,
                    Effect::WakeAt(at) => prop_assert!(at.is_none_or(|at| at.is_finite() && at >= now), "{at:?} at {now}"),
                    Effect::PostEvent(event) => {
                        use mfa_widget::core::kount::event::{KountEvent, OutcomeEvent};
                        if let KountEvent::Outcome(OutcomeEvent::LoginEvent { challenge_outcome: o }) = &**event {
                            // ISO-8601 with fixed widths: text order is time order.
                            prop_assert!(o.completed_timestamp >= o.sent_timestamp);
                            prop_assert!(
                                reported.insert(o.sent_timestamp.clone()),
                                "one challenge reported twice: {o:?}"
                            );
                        }
                    }
                    Effect::Emit(_) => {}
                }
            }
            prop_assert!(reads_in_flight <= 1, "two job reads in flight");
            prop_assert!(sends_in_flight <= 1, "two answers in flight");
        }
    }
}

/// The native decoder the reducer is given (the wasm's is the browser's `JSON.parse`).
fn decode_job(text: &str) -> Result<Job, DecodeError> {
    serde_json::from_str::<serde_json::Value>(text)
        .map_err(|_| DecodeError::NotJson)
        .and_then(Job::decode)
}

/// Settings from a config's JSON, on a page at `https://bank.example/` (the WHATWG parser).
fn settings(json: &str) -> mfa_widget::core::settings::Settings {
    use mfa_widget::core::settings::{PageInfo, ResolvedUrl, Settings};
    struct Page;
    impl PageInfo for Page {
        fn resolve(&self, url: &str) -> Option<ResolvedUrl> {
            let resolved = url::Url::parse("https://bank.example/")
                .ok()?
                .join(url)
                .ok()?;
            Some(ResolvedUrl {
                scheme: resolved.scheme().to_string(),
                host: resolved.host_str().unwrap_or_default().to_string(),
                has_userinfo: !resolved.username().is_empty(),
                href: resolved.into(),
            })
        }
    }
    let config = mfa_widget::core::config::Config::read(serde_json::from_str(json).unwrap());
    Settings::new(config.unwrap(), &Page).unwrap()
}
