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
