//! The outbox's policy as tables: who posts what with which headers, what storage holds, when
//! the timer is set.

use super::*;

const URL: &str = "https://bank.example/kount/events";

fn sender(token: Option<&str>, identity: &str) -> Sender {
    Sender {
        url: URL.into(),
        headers: match token {
            Some(token) => Pairs::from([("Authorization", token)]),
            None => Pairs::default(),
        },
        credentials: Credentials::SameOrigin,
        identity: identity.into(),
    }
}

fn drain(d: &mut Dispatcher) -> Vec<Output> {
    d.take_outputs()
}

/// The posts among `outputs`: (key, the Authorization header sent with it).
fn posts(outputs: &[Output]) -> Vec<(String, Option<String>)> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Post { key, request } => Some((
                key.clone(),
                request
                    .headers
                    .iter()
                    .find(|(n, _)| n == "Authorization")
                    .map(|(_, v)| v.clone()),
            )),
            _ => None,
        })
        .collect()
}

fn status(status: u16) -> Reply {
    Reply::Response {
        status,
        retry_after: None,
        body: String::new(),
    }
}

fn wakes(outputs: &[Output]) -> Vec<Option<f64>> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::WakeAt(at) => Some(*at),
            _ => None,
        })
        .collect()
}

/// The give-up notices among `outputs`.
fn gave_ups(outputs: Vec<Output>) -> Vec<Output> {
    outputs
        .into_iter()
        .filter(|o| matches!(o, Output::GaveUp { .. }))
        .collect()
}

fn stored(key: &str, fingerprint: Option<String>) -> PendingEvent {
    PendingEvent {
        key: key.into(),
        url: URL.into(),
        body: "{}".into(),
        attempts: 1,
        next_attempt_ms: 0.0,
        created_ms: Some(0.0),
        sender: fingerprint,
    }
}

fn some(token: &str) -> Option<String> {
    Some(token.to_string())
}

#[test]
fn each_event_goes_with_its_own_senders_headers() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(Some("Bearer A"), "user-a"), vec![], 0.0);
    let b = d.register(sender(Some("Bearer B"), "user-b"), vec![], 0.0);
    drain(&mut d);
    d.enqueue(a, "a1".into(), "{}".into(), 10.0);
    d.enqueue(b, "b1".into(), "{}".into(), 10.0);
    assert_eq!(
        posts(&drain(&mut d)),
        [
            ("a1".into(), some("Bearer A")),
            ("b1".into(), some("Bearer B"))
        ]
    );
    // A's widget goes; its event, refused for now, is retried with A's headers, not B's.
    d.posted("a1", Reply::Network("offline".into()), 20.0, 1.0);
    d.unregister(a, 20.0);
    let outputs = drain(&mut d);
    assert_eq!(wakes(&outputs).last(), Some(&Some(1_020.0)));
    d.tick(1_020.0, false);
    assert_eq!(posts(&drain(&mut d)), [("a1".into(), some("Bearer A"))]);
    // Once settled, A is forgotten: a later event of B still carries B's.
    d.posted("a1", status(200), 1_030.0, 1.0);
    d.posted("b1", status(200), 1_030.0, 1.0);
    d.enqueue(b, "b2".into(), "{}".into(), 1_040.0);
    assert_eq!(posts(&drain(&mut d)), [("b2".into(), some("Bearer B"))]);
    assert_eq!(d.senders.len(), 1);
}

#[test]
fn a_stored_event_goes_only_with_a_live_widget_of_its_sender() {
    let theirs = sender(Some("Bearer old"), "user-a").fingerprint();
    // (what storage holds, the widget that registers, what it posts)
    type Row = (
        &'static str,
        Option<String>,
        Sender,
        Vec<(String, Option<String>)>,
    );
    let rows: [Row; 6] = [
        (
            "the same sender, its token rotated since",
            Some(theirs.clone()),
            sender(Some("Bearer new"), "user-a"),
            vec![("k".into(), some("Bearer new"))],
        ),
        (
            "another user's widget",
            Some(theirs.clone()),
            sender(Some("Bearer new"), "user-b"),
            vec![],
        ),
        (
            "other header names",
            Some(theirs.clone()),
            sender(None, "user-a"),
            vec![],
        ),
        (
            "another URL",
            Some(theirs.clone()),
            Sender {
                url: "https://other.example/events".into(),
                ..sender(Some("Bearer new"), "user-a")
            },
            vec![],
        ),
        (
            "an older version's event, a widget without headers",
            None,
            sender(None, "user-a"),
            vec![("k".into(), None)],
        ),
        (
            "an older version's event, a widget with credentials",
            None,
            sender(Some("Bearer new"), "user-a"),
            vec![],
        ),
    ];
    for (name, fingerprint, widget, expected) in rows {
        let mut d = Dispatcher::default();
        d.register(widget, vec![stored("k", fingerprint.clone())], 100.0);
        let outputs = drain(&mut d);
        assert_eq!(posts(&outputs), expected, "{name}");
        if expected.is_empty() {
            // Nobody here may send it: no timer for it; it stays in storage for its sender.
            assert!(
                wakes(&outputs).iter().all(Option::is_none),
                "{name}: {outputs:?}"
            );
            assert_eq!(d.pending(), 0, "{name}");
            let kept = d.to_store(vec![stored("k", fingerprint)], 200.0);
            assert_eq!(kept.len(), 1, "{name}: still stored");
        }
    }
}

#[test]
fn an_event_in_flight_is_not_due_again_before_its_reply_or_its_limit() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(None, "u"), vec![], 0.0);
    drain(&mut d);
    d.enqueue(a, "k".into(), "{}".into(), 1_000.0);
    let outputs = drain(&mut d);
    assert_eq!(posts(&outputs).len(), 1);
    // The one timer is for the post's limit, not for "due now" again and again.
    assert_eq!(wakes(&outputs), [Some(1_000.0 + IN_FLIGHT_LIMIT_MS)]);
    for now in [1_001.0, 5_000.0, 20_999.0] {
        d.tick(now, false);
        let outputs = drain(&mut d);
        assert_eq!(posts(&outputs), [], "at {now}");
        assert_eq!(
            wakes(&outputs),
            [Some(1_000.0 + IN_FLIGHT_LIMIT_MS)],
            "at {now}"
        );
    }
    // Its reply never came: at the limit it goes again, with the same key.
    d.tick(1_000.0 + IN_FLIGHT_LIMIT_MS, false);
    assert_eq!(posts(&drain(&mut d)), [("k".into(), None)]);
    // The page is leaving: a post under way is not sent twice either.
    d.tick(1_000.0 + IN_FLIGHT_LIMIT_MS + 1.0, true);
    assert_eq!(posts(&drain(&mut d)), []);
    // Its reply: delivered; nothing left, no timer.
    d.posted("k", status(200), 22_000.0, 1.0);
    let outputs = drain(&mut d);
    assert_eq!(wakes(&outputs), [None]);
    assert!(outputs.contains(&Output::Store));
    assert_eq!(d.pending(), 0);
}

#[test]
fn give_ups_go_to_the_widget_whose_event_it_was() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(Some("Bearer A"), "a"), vec![], 0.0);
    let b = d.register(sender(Some("Bearer B"), "b"), vec![], 0.0);
    d.enqueue(a, "a1".into(), "{}".into(), 0.0);
    d.enqueue(b, "b1".into(), "{}".into(), 0.0);
    drain(&mut d);
    d.posted("a1", status(401), 10.0, 1.0);
    d.posted("b1", status(503), 10.0, 1.0);
    let told = gave_ups(drain(&mut d));
    assert_eq!(
        told,
        [Output::GaveUp {
            sender: a,
            message: GaveUp::Refused(401).message()
        }]
    );
    // B's waits for its retry; a day later it is given up as too old, and B hears of it.
    d.tick(super::super::delivery::MAX_AGE_MS + 1.0, false);
    let told = gave_ups(drain(&mut d));
    assert_eq!(
        told,
        [Output::GaveUp {
            sender: b,
            message: GaveUp::TooOld.message()
        }]
    );
    assert_eq!(d.pending(), 0);
}

#[test]
fn storage_is_merged_with_what_another_script_stored() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(None, "a"), vec![], 0.0);
    d.enqueue(a, "ours".into(), "{}".into(), 0.0);
    d.enqueue(a, "done".into(), "{}".into(), 0.0);
    drain(&mut d);
    d.posted("done", status(200), 5.0, 1.0);
    // Storage still holds our settled event (another script saved it back) and theirs.
    let theirs = stored("theirs", Some("fp".into()));
    let written: Vec<String> = d
        .to_store(vec![stored("done", None), theirs], 5.0)
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert_eq!(
        written,
        ["ours", "theirs"],
        "theirs kept, ours settled not revived"
    );
}

/// A post's reply as it came, read by the dispatcher: a 2xx is delivered whatever its body
/// (one too long for the bound too), a final 4xx is given up, anything else is tried again
/// (after `Retry-After` when there is one).
#[test]
fn raw_replies_read_as_delivered_refused_or_tried_again() {
    use crate::core::io::RetryAfter;
    let later = |value: &str| Reply::Response {
        status: 503,
        retry_after: Some(RetryAfter {
            value: value.into(),
            date_ms: Some(1_000.0 + 90_000.0),
            received_wall_ms: 1_000.0,
        }),
        body: String::new(),
    };
    // (reply, given up, next post at)
    let rows: Vec<(Reply, bool, Option<f64>)> = vec![
        (status(200), false, None),
        (Reply::TooLarge { status: 204 }, false, None),
        (status(400), true, None),
        (Reply::TooLarge { status: 422 }, true, None),
        (later("7"), false, Some(8_000.0)),
        (
            later("Wed, 21 Oct 2015 07:28:00 GMT"),
            false,
            Some(91_000.0),
        ),
        (Reply::TimedOut, false, Some(1_000.0 + 1_000.0)),
    ];
    for (reply, given_up, next_at) in rows {
        let mut d = Dispatcher::default();
        let a = d.register(sender(Some("Bearer A"), "a"), Vec::new(), 0.0);
        d.enqueue(a, "k".into(), "{}".into(), 0.0);
        let request = drain(&mut d).into_iter().find_map(|o| match o {
            Output::Post { request, .. } => Some(request),
            _ => None,
        });
        let request = request.expect("posted at once");
        assert!(request.keepalive, "an event outlives the page");
        assert_eq!(request.idempotency_key.as_deref(), Some("k"));
        assert_eq!(request.timeout_ms, POST_TIMEOUT_MS);
        d.posted("k", reply.clone(), 1_000.0, 1.0);
        let outputs = drain(&mut d);
        let gave_up = outputs.iter().any(|o| matches!(o, Output::GaveUp { .. }));
        assert_eq!(gave_up, given_up, "{reply:?}");
        let settled = d.pending() == 0;
        assert_eq!(settled, next_at.is_none(), "{reply:?}");
        if let Some(at) = next_at {
            assert_eq!(
                wakes(&outputs).last().copied().flatten(),
                Some(at),
                "{reply:?}"
            );
        }
    }
}

#[test]
fn events_dropped_past_the_bound_are_told_to_their_widget() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(Some("Bearer A"), "a"), vec![], 0.0);
    let b = d.register(sender(Some("Bearer B"), "b"), vec![], 0.0);
    // A's first event, then a flood from B, none delivered (the endpoint is down).
    d.enqueue(a, "a1".into(), "{}".into(), 0.0);
    for i in 0..super::super::delivery::MAX_PENDING {
        d.enqueue(b, format!("b{i}"), "{}".into(), 0.0);
    }
    let told = gave_ups(drain(&mut d));
    assert_eq!(
        told,
        [Output::GaveUp {
            sender: a,
            message: GaveUp::Evicted.message()
        }]
    );
}

#[test]
fn renewed_headers_go_with_the_next_post() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(Some("Bearer old"), "a"), vec![], 0.0);
    d.enqueue(a, "a1".into(), "{}".into(), 0.0);
    assert_eq!(posts(&drain(&mut d)), [("a1".into(), some("Bearer old"))]);
    d.posted("a1", status(503), 10.0, 1.0);
    d.renew_headers(a, Pairs::from([("Authorization", "Bearer new")]));
    d.tick(10_000.0, false);
    assert_eq!(posts(&drain(&mut d)), [("a1".into(), some("Bearer new"))]);
}

#[test]
fn back_from_the_cache_what_was_under_way_goes_again() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(Some("Bearer A"), "a"), vec![], 0.0);
    d.enqueue(a, "a1".into(), "{}".into(), 0.0);
    assert_eq!(posts(&drain(&mut d)), [("a1".into(), some("Bearer A"))]);
    // Frozen with the post under way; its reply never comes. Back a second later, it goes
    // again at once (not only past the in-flight limit).
    d.tick(1_000.0, false);
    assert_eq!(posts(&drain(&mut d)), []);
    d.resumed(1_000.0);
    assert_eq!(posts(&drain(&mut d)), [("a1".into(), some("Bearer A"))]);
}

#[test]
fn a_gone_widget_is_forgotten_once_its_last_event_settles() {
    let mut d = Dispatcher::default();
    let forgotten = |outputs: &[Output]| {
        outputs
            .iter()
            .filter(|o| matches!(o, Output::Forgotten(_)))
            .cloned()
            .collect::<Vec<_>>()
    };
    // Gone with nothing queued: forgotten at once.
    let idle = d.register(sender(Some("Bearer I"), "user-i"), vec![], 0.0);
    d.unregister(idle, 1.0);
    assert_eq!(forgotten(&drain(&mut d)), [Output::Forgotten(idle)]);
    // Gone with an event still to deliver: kept (its headers go with it) until it settles.
    let a = d.register(sender(Some("Bearer A"), "user-a"), vec![], 0.0);
    d.enqueue(a, "a1".into(), "{}".into(), 10.0);
    d.posted("a1", Reply::Network("offline".into()), 20.0, 0.0);
    d.unregister(a, 30.0);
    assert_eq!(forgotten(&drain(&mut d)), []);
    d.tick(2_000.0, false);
    assert_eq!(posts(&drain(&mut d)), [("a1".into(), some("Bearer A"))]);
    d.posted("a1", status(204), 2_010.0, 0.0);
    assert_eq!(forgotten(&drain(&mut d)), [Output::Forgotten(a)]);
    // Once only, and nothing of it is left.
    d.tick(3_000.0, false);
    assert_eq!(forgotten(&drain(&mut d)), []);
    assert!(d.senders.is_empty() && d.owners.is_empty());
}

#[test]
fn the_keys_remembered_as_settled_are_the_newest_400() {
    let mut d = Dispatcher::default();
    let a = d.register(sender(None, "user-a"), vec![], 0.0);
    for i in 0..450 {
        let key = format!("k{i}");
        d.enqueue(a, key.clone(), "{}".into(), f64::from(i));
        d.posted(&key, status(200), f64::from(i), 0.0);
    }
    // Another script's storage still holds copies of the first and the last.
    let theirs = vec![stored("k0", None), stored("k449", None)];
    let kept: Vec<String> = d
        .to_store(theirs, 500.0)
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert_eq!(d.settled.len(), MAX_SETTLED);
    assert_eq!(d.settled.first().map(String::as_str), Some("k50"));
    // The last is known settled and not revived; the first is past the bound: kept, for its
    // own sender (an old copy goes again; the Idempotency-Key makes that harmless).
    assert_eq!(kept, ["k0"]);
}

#[test]
fn a_senders_fingerprint_names_where_how_and_for_whom_never_a_secret() {
    let base = sender(Some("Bearer A"), "user-a");
    let with = |change: &dyn Fn(&mut Sender)| {
        let mut s = base.clone();
        change(&mut s);
        s.fingerprint()
    };
    let same = [
        (
            "a rotated token",
            with(&|s| s.headers = Pairs::from([("Authorization", "Bearer B")])),
        ),
        (
            "the header name's case",
            with(&|s| s.headers = Pairs::from([("authorization", "Bearer A")])),
        ),
    ];
    for (what, fingerprint) in same {
        assert_eq!(fingerprint, base.fingerprint(), "{what}: the same sender");
    }
    let two_headers =
        with(&|s| s.headers = Pairs::from([("Authorization", "Bearer A"), ("X-Tenant", "t1")]));
    let swapped =
        with(&|s| s.headers = Pairs::from([("X-Tenant", "t1"), ("Authorization", "Bearer A")]));
    assert_eq!(two_headers, swapped, "header order does not matter");
    let other = [
        ("another header name", two_headers),
        (
            "credentials included",
            with(&|s| s.credentials = Credentials::Include),
        ),
        (
            "credentials omitted",
            with(&|s| s.credentials = Credentials::Omit),
        ),
        (
            "another URL",
            with(&|s| s.url = "https://bank.example/other".into()),
        ),
        ("another user", with(&|s| s.identity = "user-b".into())),
    ];
    for (what, fingerprint) in other {
        assert_ne!(fingerprint, base.fingerprint(), "{what}: another sender");
    }
    let fingerprint = base.fingerprint();
    assert!(
        fingerprint.len() == 16 && !fingerprint.contains("Bearer"),
        "{fingerprint}"
    );
}
