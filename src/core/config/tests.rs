use super::*;

/// A config from JSON, as natively decoded (the browser's is serde-wasm-bindgen's).
pub fn decode(json: &str) -> Result<Config, ConfigError> {
    Config::read(serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}")))
}

#[test]
fn decodes_camel_case() {
    let config = decode(
        r#"{"jobId": "j1", "apiBase": "/", "kount": {"clientId": "900900", "person": null},
            "headers": {"Authorization": "Bearer x"}, "securityAnswerFormat": "python",
            "paths": {"getJob": "/proxy/job"}, "poll": {"userTurnMs": 5000},
            "theme": "dark", "credentials": "same-origin", "eventShape": "v1ChallengeOutcomeEvent",
            "onEvent": null, "eventsUrl": null}"#,
    )
    .unwrap();
    assert_eq!(config.job_id, Some(JobId("j1".into())));
    assert_eq!(
        config.kount.and_then(|k| k.client_id).as_deref(),
        Some("900900")
    );
    assert_eq!(config.security_answer_format, Some(ListStyle::Python));
    assert_eq!(config.theme, Some(Theme::Dark));
    assert_eq!(config.credentials, Some(Credentials::SameOrigin));
    assert_eq!(config.event_shape, Some(EventShape::Standalone));
    assert_eq!(config.events_url, None);
    assert_eq!(config.poll.unwrap().user_turn_ms, Some(5000.0));
    assert_eq!(
        config.headers,
        Some(Pairs::from([("Authorization", "Bearer x")]))
    );
    assert_eq!(
        decode(r#"{"jobId": 42}"#).unwrap().job_id,
        Some(JobId("42".into()))
    );
    // `headers` as a function: a token provider, asked before each request.
    let provided = Config::read(Given::Object(vec![("headers".into(), Given::Function)])).unwrap();
    assert_eq!((provided.headers_provider, provided.headers), (true, None));
    assert_eq!(
        Config::read_provided_headers(
            serde_json::from_str(r#"{"Authorization": "Bearer n"}"#).unwrap()
        ),
        Ok(Pairs::from([("Authorization", "Bearer n")]))
    );
    assert_eq!(
        Config::read_provided_headers(serde_json::from_str(r#"{"Cookie": "a=1"}"#).unwrap())
            .map_err(|e| e.key()),
        Err(Some("headers.Cookie".into()))
    );
    assert_eq!(
        Config::read_provided_headers(serde_json::from_str("7").unwrap()).map_err(|e| e.key()),
        Err(Some("headers".into()))
    );
    assert_eq!(
        Config::read(Given::Object(vec![("onReady".into(), Given::Function)])),
        Ok(Config::default())
    );
}

#[test]
fn objects_of_strings_keep_the_hosts_order() {
    let config = decode(r#"{"strings": {"b": "1", "a": "2"}}"#).unwrap();
    assert_eq!(config.strings, Some(Pairs::from([("b", "1"), ("a", "2")])));
    assert!(decode(r#"{"strings": {"b": 1}}"#).is_err());
    assert!(decode(r#"{"strings": ["b"]}"#).is_err());
}

#[test]
fn wrong_keys_and_values_are_errors_naming_them() {
    let invalid = |key: &str, reason: &str| ConfigError::Invalid {
        key: key.into(),
        reason: reason.into(),
    };
    let rows = [
        (r#"{"jobid": "j"}"#, ConfigError::UnknownKey("jobid".into())),
        (
            r#"{"poll": {"waitingMS": 5}}"#,
            ConfigError::UnknownKey("poll.waitingMS".into()),
        ),
        (
            r#"{"kount": {"person": {"email": "a"}}}"#,
            ConfigError::UnknownKey("kount.person.email".into()),
        ),
        (
            r#"{"credentials": "always"}"#,
            invalid(
                "credentials",
                "expected one of `omit`, `same-origin`, `include`, got \"always\"",
            ),
        ),
        (
            r#"{"theme": "blue"}"#,
            invalid(
                "theme",
                "expected one of `auto`, `light`, `dark`, got \"blue\"",
            ),
        ),
        (
            r#"{"securityAnswerFormat": 1}"#,
            invalid(
                "securityAnswerFormat",
                "expected one of `json`, `python`, got a number",
            ),
        ),
        (
            r#"{"headers": {"X": 1}}"#,
            invalid("headers.X", "expected text, got a number"),
        ),
        (
            r#"{"kount": "900900"}"#,
            invalid("kount", "expected an object, got \"900900\""),
        ),
        (
            r#"{"poll": {"waitingMs": "fast"}}"#,
            invalid("poll.waitingMs", "expected a number, got \"fast\""),
        ),
        (
            r#"{"jobId": {"id": 1}}"#,
            invalid("jobId", "expected text, got an object"),
        ),
        (
            r#"{"jobId": 1.5}"#,
            invalid("jobId", "expected text, got a number"),
        ),
        (
            r#"{"cancelable": "yes"}"#,
            invalid("cancelable", "expected true or false, got \"yes\""),
        ),
        (
            r#"{"onEvent": "not a function"}"#,
            invalid("onEvent", "expected a function, got \"not a function\""),
        ),
        (r#"["j"]"#, ConfigError::NotAnObject),
    ];
    for (json, error) in rows {
        assert_eq!(decode(json), Err(error), "{json}");
    }
}

#[test]
fn nothing_deeper_than_a_config_has_is_walked() {
    let deep = (0..100).fold("1".to_string(), |inner, _| format!("{{\"a\": {inner}}}"));
    let given: Given = serde_json::from_str(&deep).unwrap();
    let Given::Object(top) = given else {
        panic!("an object")
    };
    let inner = |given: &Given| match given {
        Given::Object(entries) => entries[0].1.clone(),
        _ => panic!("an object"),
    };
    let third = inner(&top[0].1);
    assert_eq!(
        inner(&third),
        Given::Other,
        "the fourth object is not walked"
    );
    // The deepest real key still reads.
    assert!(decode(r#"{"kount": {"person": {"emailAddress": "a@b.example"}}}"#).is_ok());
}

/// `{"kount": {"person": {"emailAddress": …}}}` for `kount.person.emailAddress`.
fn nested(key: &keys::Key, value: Given) -> Given {
    let inner = Given::Object(vec![(key.name.into(), value)]);
    key.path
        .split('.')
        .filter(|s| !s.is_empty())
        .rev()
        .fold(inner, |inner, step| {
            Given::Object(vec![(step.into(), inner)])
        })
}

/// A value of the shape a row says it takes, and one of another shape.
fn of_shape(shape: keys::Shape) -> (Given, Given) {
    use keys::Shape;
    let text = |t: &str| Given::Text(t.into());
    let object = |k: &str, v: Given| Given::Object(vec![(k.into(), v)]);
    match shape {
        Shape::Text | Shape::TextOrNumber => (text("x"), Given::Flag(true)),
        Shape::Number => (Given::Number(500.0), text("500")),
        Shape::Flag => (Given::Flag(false), text("false")),
        Shape::Choice(names) => (text(names().last().unwrap()), text("none-of-them")),
        Shape::Strings | Shape::StringsOrProvider => (object("X-A", text("b")), text("X-A: b")),
        Shape::Object => (Given::Object(vec![]), text("{}")),
        Shape::Callback => (Given::Function, text("f")),
    }
}

#[test]
fn every_row_reads_its_shape_and_refuses_another_naming_its_key() {
    for key in keys::KEYS {
        let (right, wrong) = of_shape(key.shape);
        let dotted = key.dotted();
        assert!(Config::read(nested(key, right)).is_ok(), "{dotted}");
        assert_eq!(
            Config::read(nested(key, wrong)).map_err(|e| e.key()),
            Err(Some(dotted.clone())),
            "{dotted}"
        );
        assert_eq!(
            Config::read(nested(key, Given::Absent)).map(|_| ()),
            Ok(()),
            "{dotted}"
        );
        let typo = keys::Key {
            name: format!("{}X", key.name).leak(),
            ..*key
        };
        assert_eq!(
            Config::read(nested(&typo, Given::Absent)),
            Err(ConfigError::UnknownKey(typo.dotted()))
        );
        // Every row is reachable: its object is a row too.
        if !key.path.is_empty() {
            let (path, name) = key.path.rsplit_once('.').unwrap_or(("", key.path));
            assert!(keys::keys_of(path).any(|k| k.name == name), "{dotted}");
        }
    }
}

#[test]
fn every_field_of_the_config_has_a_row() {
    // Every key given a value of its shape: no field is left unset (a field no row fills).
    let mut config = Config::default();
    for key in keys::KEYS {
        let (right, _) = of_shape(key.shape);
        let Given::Object(entries) = nested(key, right) else {
            unreachable!()
        };
        keys::read_object(&mut config, "", entries).unwrap();
    }
    let shown = format!("{config:?}");
    assert!(!shown.contains("None"), "{shown}");
}
