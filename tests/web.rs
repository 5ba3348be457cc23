//! Browser tests (wasm-bindgen-test in headless Chromium and Firefox): for each challenge kind
//! the widget renders from a Job JSON, the test fills and submits it like a user (input events,
//! clicks, Enter), and the right request is made; notices, lifecycle and limits. `window.fetch` is
//! replaced by a recorder that answers from a route table, so the real HTTP module and the real
//! DOM are exercised. The event queue's tests are in `web_events.rs`.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::*;
use js_sys::{Array, Function, Reflect};
use mfa_widget::browser::embed::mount;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// What a user does to a form, in order.
enum Act {
    Type(&'static str, &'static str),
    Click(&'static str),
    /// Presses Enter in the form (`requestSubmit` is what the browser does for Enter).
    Enter,
}

/// What the form must show before the user acts: (selector, attribute or `None` for the
/// text, expected value); a selector matching several elements is checked on each, in order.
type Shown = (&'static str, Option<&'static str>, Vec<String>);

/// One challenge kind: the job fields that ask it, what it shows, what the user does, and the
/// one request that must follow.
struct Kind {
    name: &'static str,
    fields: String,
    shown: Vec<Shown>,
    acts: Vec<Act>,
    endpoint: &'static str,
    body: &'static str,
}

fn texts(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[wasm_bindgen_test]
async fn each_challenge_kind_is_shown_and_answered_like_a_user_would() {
    let kinds = [
        Kind {
            name: "security questions, answers in order, quotes escaped",
            fields: r#""SecurityQuestion": "['what is your favorite color?', \"what's your first pet?\"]""#.into(),
            shown: vec![(
                ".mfa-label",
                None,
                texts(&["what is your favorite color?", "what's your first pet?"]),
            )],
            acts: vec![
                Act::Type("input[name=answer-0]", "blue"),
                Act::Type("input[name=answer-1]", "Rex \"the dog\""),
                Act::Click(".mfa-submit"),
            ],
            endpoint: "UpdateJobSecurityAnswer",
            body: r#"{"JobID":"job-1","SecurityAnswer":"[\"blue\",\"Rex \\\"the dog\\\"\"]"}"#,
        },
        Kind {
            name: "twelve questions: at most ten asked, ten answers sent",
            fields: r#""SecurityQuestion": "['q1?', 'q2?', 'q3?', 'q4?', 'q5?', 'q6?', 'q7?', 'q8?', 'q9?', 'q10?', 'q11?', 'q12?']""#.into(),
            shown: vec![(".mfa-label", None, texts(&["q1?", "q2?", "q3?", "q4?", "q5?", "q6?", "q7?", "q8?", "q9?", "q10?"]))],
            acts: vec![
                Act::Type("input[name=answer-0]", "a0"),
                Act::Type("input[name=answer-1]", "a1"),
                Act::Type("input[name=answer-2]", "a2"),
                Act::Type("input[name=answer-3]", "a3"),
                Act::Type("input[name=answer-4]", "a4"),
                Act::Type("input[name=answer-5]", "a5"),
                Act::Type("input[name=answer-6]", "a6"),
                Act::Type("input[name=answer-7]", "a7"),
                Act::Type("input[name=answer-8]", "a8"),
                Act::Type("input[name=answer-9]", "a9"),
                Act::Click(".mfa-submit"),
            ],
            endpoint: "UpdateJobSecurityAnswer",
            body: r#"{"JobID":"job-1","SecurityAnswer":"[\"a0\",\"a1\",\"a2\",\"a3\",\"a4\",\"a5\",\"a6\",\"a7\",\"a8\",\"a9\"]"}"#,
        },
        Kind {
            name: "token methods: each radio labelled by its method, the exact text sent",
            fields: r#""TokenMethod": "[\"Email me at s*****@gmail.com\", \"Send verification code by voice call to ***-***-3800\"]""#.into(),
            shown: vec![(
                "label.mfa-choice",
                None,
                texts(&[
                    "Email me at s*****@gmail.com",
                    "Send verification code by voice call to ***-***-3800",
                ]),
            )],
            acts: vec![
                Act::Click("label.mfa-choice:nth-of-type(2) input[type=radio]"),
                Act::Click(".mfa-submit"),
            ],
            endpoint: "UpdateJobTokenInput",
            body: r#"{"JobID":"job-1","TokenChoice":"Send verification code by voice call to ***-***-3800"}"#,
        },
        Kind {
            name: "a PIN: labelled, one-time-code autocomplete, trimmed, sent on Enter",
            fields: r#""TokenSentFlag": "True", "TokenInputName": "PIN""#.into(),
            shown: vec![
                (".mfa-label", None, texts(&["Personal PIN"])),
                ("input[name=token]", Some("autocomplete"), texts(&["one-time-code"])),
            ],
            acts: vec![Act::Type("input[name=token]", " 4321 "), Act::Enter],
            endpoint: "UpdateJobTokenInput",
            body: r#"{"JobID":"job-1","TokenInput":"4321"}"#,
        },
        Kind {
            name: "verify phone: the code to read, then Verify phone",
            fields: r#""TokenRead": 123456"#.into(),
            shown: vec![
                (".mfa-code", None, texts(&["123456"])),
                (".mfa-submit", None, texts(&["Verify phone"])),
            ],
            acts: vec![Act::Click(".mfa-submit")],
            endpoint: "UpdateJobTokenInput",
            body: r#"{"JobID":"job-1","VerifyPhoneFlag":true}"#,
        },
        Kind {
            name: "captcha: the checked image, the typed text sent",
            fields: format!(r#""CaptchaImage": "{PNG}""#),
            shown: vec![(
                "img.mfa-captcha",
                Some("src"),
                vec![format!("data:image/png;base64,{PNG}")],
            )],
            acts: vec![
                Act::Type("input[name=captcha]", "x7Kp"),
                Act::Click(".mfa-submit"),
            ],
            endpoint: "UpdateJobCaptchaInput",
            body: r#"{"JobID":"job-1","CaptchaInput":"x7Kp"}"#,
        },
    ];
    for kind in kinds {
        let name = kind.name;
        fake_fetch(&format!(
            r#"[["GetJobInformationByID", {}], ["{}", [[200, "0"]]]]"#,
            job(&kind.fields),
            kind.endpoint
        ));
        let host = host();
        let mut handle = start(&host, "");
        // `start` reuses the last widget's app root, which Yew empties in a task of its own
        // (before the page paints; `MfaWidget.mount` resolves after it): look after that.
        next_task().await;
        for (css, attribute, expected) in &kind.shown {
            find(&host, css).await;
            let all = host.query_selector_all(css).unwrap();
            let found: Vec<String> = (0..all.length())
                .filter_map(|i| all.item(i))
                .map(|node| {
                    let element: Element = node.unchecked_into();
                    match attribute {
                        Some(name) => element.get_attribute(name),
                        None => element.text_content(),
                    }
                    .unwrap_or_default()
                })
                .collect();
            assert_eq!(&found, expected, "{name}: {css}");
        }
        for act in &kind.acts {
            match act {
                Act::Type(css, text) => type_text(&find(&host, css).await, text),
                Act::Click(css) => click(&find(&host, css).await),
                Act::Enter => find(&host, "form")
                    .await
                    .unchecked_into::<web_sys::HtmlFormElement>()
                    .request_submit()
                    .unwrap(),
            }
        }
        until(name, || !answer_requests().is_empty()).await;
        let sent = answer_requests();
        assert_eq!(sent.len(), 1, "{name}: one request");
        assert_eq!(
            sent[0],
            (
                format!("https://bank.test/api/Job/{}", kind.endpoint),
                kind.body.to_string()
            ),
            "{name}"
        );
        handle.destroy();
        assert_eq!(
            host.inner_html(),
            "",
            "{name}: destroy leaves nothing behind"
        );
        host.remove();
    }
}

#[wasm_bindgen_test]
async fn a_job_the_browser_parses_is_never_refused() {
    // A lone high surrogate before another escape, and a number with an exponent: JSON.parse
    // takes both, so the widget must too (its old hand-written reader refused this job and
    // stayed on "Reconnecting…"). Lone surrogates reach Rust as U+FFFD.
    let body = r#"{"JobID": "job-1", "SecurityQuestion": "Pet \ud800\u0041?", "Extra": 1e3}"#;
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", [[200, {}]]]]"#,
        serde_json_string(body)
    ));
    let host = host();
    let mut handle = start(&host, "");
    find(&host, "input[name=answer-0]").await;
    let label = find(&host, ".mfa-label").await.text_content().unwrap();
    assert_eq!(label, "Pet \u{fffd}A?");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn rejected_answer_is_shown_and_typed_text_kept() {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}], ["UpdateJobTokenInput", [[200, "-1"], null, [200, "0"]]]]"#,
        job(r#""TokenSentFlag": 1, "TokenInputName": "Token""#)
    ));
    let host = host();
    let mut handle = start(&host, "");
    let input = find(&host, "input[name=token]").await;
    type_text(&input, "999999");
    click(&find(&host, ".mfa-submit").await);
    let notice = find(&host, ".mfa-notice").await;
    assert!(notice.text_content().unwrap().contains("did not accept"));
    let input: HtmlInputElement = find(&host, "input[name=token]").await.unchecked_into();
    assert_eq!(input.value(), "999999", "the typed code is kept");
    // A network error next: also shown, also kept.
    click(&find(&host, ".mfa-submit").await);
    until("the second attempt", || answer_requests().len() == 2).await;
    until("the network notice", || {
        host.query_selector(".mfa-notice")
            .ok()
            .flatten()
            .and_then(|n| n.text_content())
            .is_some_and(|t| t.contains("could not be sent"))
    })
    .await;
    let input: HtmlInputElement = find(&host, "input[name=token]").await.unchecked_into();
    assert_eq!(input.value(), "999999");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn waiting_success_and_host_events() {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", [[200, {}]]]]"#,
        serde_json_string(r#"{"SuccessFlag": null, "LastStep": "AccountList"}"#),
    ));
    let host = host();
    let seen = Array::new();
    let window = web_sys::window().unwrap();
    Reflect::set(&window, &"__seen".into(), &seen).unwrap();
    let record = Function::new_with_args("e", "window.__seen.push(e.type)");
    for name in ["mfa:success", "mfa:failure", "mfa:challenge"] {
        host.add_event_listener_with_callback(name, &record)
            .unwrap();
    }
    let mut handle = start(&host, "");
    until("the progress named from LastStep", || {
        host.query_selector(".mfa-progress-text")
            .ok()
            .flatten()
            .and_then(|p| p.text_content())
            .is_some_and(|t| t == "Finding your accounts…")
    })
    .await;
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", [[200, {}]]]]"#,
        serde_json_string(r#"{"SuccessFlag": "True", "LastStep": "AccountList"}"#),
    ));
    find(&host, ".mfa-success").await;
    until("mfa:success", || seen.length() == 1).await;
    assert_eq!(seen.get(0).as_string().as_deref(), Some("mfa:success"));
    handle.destroy();
}

#[wasm_bindgen_test]
async fn mount_destroy_cycles_leave_nothing_behind() {
    // Each widget's job read hangs, so every destroy has a request in flight to cancel.
    fake_fetch(r#"[["GetJobInformationByID", ["hang"]]]"#);
    // Yew finishes a destroy in a queued task: let the previous test's widget go first.
    next_task().await;
    instrument_page();
    let host = host();
    let roots_before = mfa_widget::browser::embed::app_roots();
    let mut memory_after_first = 0.0;
    let mut held_after_first = 0;
    for cycle in 0..200 {
        let mut handle = start(&host, "");
        until("this cycle's job read", || requests().len() > cycle).await;
        handle.destroy();
        if cycle == 0 {
            next_task().await;
            memory_after_first = wasm_memory_bytes();
            held_after_first = mfa_widget::browser::embed::js_values_held();
        }
    }
    next_task().await;
    // A JS value kept by the wasm keeps its object alive in the JS heap: none may pile up.
    let held = mfa_widget::browser::embed::js_values_held();
    assert!(
        held <= held_after_first + 5,
        "the wasm holds {held} JS values after 200 cycles, {held_after_first} after the first"
    );
    assert_eq!(
        page_count("return window.__inflight || 0"),
        0.0,
        "no request left pending"
    );
    assert_eq!(
        page_count("return window.__life.timers.size"),
        0.0,
        "no timer left running"
    );
    assert_eq!(
        page_count("return window.__life.listeners"),
        0.0,
        "no listener left on window/document"
    );
    assert_eq!(host.inner_html(), "");
    // Yew never frees an app root's event closures: one root is reused for every widget.
    assert!(
        mfa_widget::browser::embed::app_roots() <= roots_before + 1,
        "{} app roots for 200 widgets one after another",
        mfa_widget::browser::embed::app_roots() - roots_before
    );
    let growth = wasm_memory_bytes() - memory_after_first;
    assert!(
        growth <= 1_048_576.0,
        "wasm memory grew by {growth} bytes over 199 cycles"
    );
    assert!(
        requests().len() >= 200,
        "every cycle really started (made its job read)"
    );
}

#[wasm_bindgen_test]
fn clear_text_endpoints_off_loopback_are_refused() {
    let host = host();
    for (config, field) in [
        (
            r#"{"jobId": "j", "apiBase": "http://aggregator.example"}"#,
            "apiBase",
        ),
        (
            r#"{"jobId": "j", "apiBase": "https://a.example", "eventsUrl": "http://a.example/e", "kount": {"clientId": "1"}}"#,
            "eventsUrl",
        ),
    ] {
        let error = mount(host.clone(), js_sys::JSON::parse(config).unwrap(), None)
            .err()
            .expect("refused");
        let message = error.unchecked_into::<js_sys::Error>().message();
        assert_eq!(
            String::from(message),
            format!("mfa-widget: `{field}` must be https: (or http: on localhost)")
        );
    }
    assert_eq!(host.inner_html(), "", "nothing mounted");
}

#[wasm_bindgen_test]
async fn a_wake_past_24_days_waits_instead_of_firing_at_once() {
    use mfa_widget::browser::clock::Wake;
    use std::cell::Cell;
    use std::rc::Rc;
    // setTimeout takes a signed 32-bit delay: 30 days used to wrap and fire at once, so a
    // large `poll.hiddenMs` polled back to back. Timers of equal delay fire in order, so by
    // the time a 0 ms timer set after it has fired, a wrapped one would have too.
    let far = Rc::new(Cell::new(false));
    let near = Rc::new(Cell::new(false));
    let (far_flag, near_flag) = (far.clone(), near.clone());
    let _far = Wake::after(30.0 * 86_400_000.0, move || far_flag.set(true));
    let _near = Wake::after(0.0, move || near_flag.set(true));
    until("the 0 ms timer", || near.get()).await;
    assert!(!far.get(), "a 30-day wake-up fired at once");
}

#[wasm_bindgen_test]
async fn an_oversized_job_body_is_refused_not_read_into_memory() {
    // 10 MiB of body with no length: more than any job holds (2 MiB, the captcha bound plus
    // room), made only as fast as the widget reads it.
    fake_fetch(r#"[["GetJobInformationByID", ["stream:160"]]]"#);
    let host = host();
    let errors = record_errors(&host);
    let mut handle = start(
        &host,
        r#", "poll": {"reconnectNoticeMs": 50, "errorBaseMs": 50}"#,
    );
    until("mfa:error", || errors.length() > 0).await;
    assert_eq!(
        errors.get(0).as_string().as_deref(),
        Some("bad_response: the job service sent more than any job holds")
    );
    assert!(
        host.query_selector(".mfa-label").unwrap().is_none(),
        "nothing from the refused body is shown"
    );
    // Not read: the reader stopped just past 2 MiB (32 chunks) and cancelled the stream.
    let stream = Reflect::get(&web_sys::window().unwrap(), &"__stream".into()).unwrap();
    let pulled = Reflect::get(&stream, &"pulled".into())
        .unwrap()
        .as_f64()
        .unwrap_or(f64::MAX);
    let cancelled = Reflect::get(&stream, &"cancelled".into()).unwrap();
    assert!(pulled <= 36.0, "{pulled} chunks of 64 KiB read");
    assert_eq!(cancelled.as_bool(), Some(true), "the rest is cancelled");
    handle.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn the_default_job_api_is_the_pages_origin_whatever_base_href_says() {
    fake_fetch(&format!(
        r#"[["GetJobInformationByID", {}]]"#,
        job(r#""SecurityQuestion": "['q?']""#)
    ));
    // A CDN's `<base href>` (or one an HTML injection adds) moves relative links, not the Job
    // API: the job reads, the answers and their headers stay with the page's origin.
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let base = document.create_element("base").unwrap();
    base.set_attribute("href", "https://cdn.example/assets/")
        .unwrap();
    let head = document.query_selector("head").unwrap().unwrap();
    head.append_child(&base).unwrap();
    let host = host();
    let config = js_sys::JSON::parse(r#"{"jobId": "job-1"}"#).unwrap();
    let mounted = mount(host.clone(), config, None);
    if mounted.is_ok() {
        until("a job read", || !requests().is_empty()).await;
    }
    base.remove();
    let mut handle = mounted.unwrap();
    let origin = window.location().origin().unwrap();
    assert_eq!(
        requests()[0].0,
        format!("{origin}/api/Job/GetJobInformationByID")
    );
    handle.destroy();
    host.remove();
}

/// The Yew component in another Yew app: the outer app's state sets its props.
mod component {
    use super::*;
    use mfa_widget::core::config::{Config, JobId, Theme};
    use mfa_widget::core::flow::HostEvent;
    use mfa_widget::core::settings::Settings;
    use mfa_widget::MfaWidget;
    use std::cell::RefCell;
    use std::rc::Rc;
    use yew::prelude::*;

    /// The outer app's setters: its widget's settings, and whether it shows the widget.
    type Setters = (UseStateSetter<Rc<Settings>>, UseStateSetter<bool>);

    thread_local! {
        /// The outer app's setters, for the test to change its state as the app would.
        static SET: RefCell<Option<Setters>> = RefCell::default();
        /// The DOM events' names of what the component's `on_event` heard, in order.
        static HEARD: RefCell<Vec<String>> = RefCell::default();
    }

    fn settings(job: &str, theme: Theme) -> Rc<Settings> {
        let config = Config {
            job_id: Some(JobId(job.into())),
            api_base: Some("https://bank.test/".into()),
            theme: Some(theme),
            ..Config::default()
        };
        Rc::new(Settings::try_from(config).unwrap())
    }

    #[function_component]
    fn Outer() -> Html {
        let settings = use_state(|| settings("job-1", Theme::Light));
        let shown = use_state(|| true);
        SET.with(|set| *set.borrow_mut() = Some((settings.setter(), shown.setter())));
        let on_event = Callback::from(|event: HostEvent| {
            HEARD.with(|heard| heard.borrow_mut().push(event.names().0.to_string()))
        });
        let on_ready =
            Callback::from(|()| HEARD.with(|heard| heard.borrow_mut().push("on_ready".into())));
        html! {
            <section class="outer">
                <h1>{ "Connect your bank" }</h1>
                if *shown {
                    <MfaWidget settings={(*settings).clone()} {on_event} {on_ready} />
                }
            </section>
        }
    }

    fn set_settings(settings: Rc<Settings>) {
        SET.with(|set| set.borrow().as_ref().unwrap().0.set(settings));
    }

    fn heard() -> Vec<String> {
        HEARD.with(|heard| heard.borrow().clone())
    }

    fn reads_of(job: &str) -> usize {
        requests()
            .iter()
            .filter(|(url, body)| url.ends_with("GetJobInformationByID") && body.contains(job))
            .count()
    }

    #[wasm_bindgen_test]
    async fn the_yew_component_runs_inside_another_yew_app() {
        fake_fetch(&format!(
            r#"[["GetJobInformationByID", {}], ["UpdateJobSecurityAnswer", [[200, "0"]]]]"#,
            job(r#""SecurityQuestion": "['color?']""#)
        ));
        let root = host();
        yew::Renderer::<Outer>::with_root(root.clone()).render();
        let input = find(&root, ".outer .mfa-widget input[name=answer-0]").await;
        type_text(&input, "blue");
        until("ready, then the challenge", || {
            heard().starts_with(&[
                "on_ready".into(),
                "mfa:ready".into(),
                "mfa:challenge".into(),
            ])
        })
        .await;

        // A new look is the same session: applied in place, what the user typed stays.
        let reads = reads_of("job-1");
        set_settings(settings("job-1", Theme::Dark));
        find(&root, ".mfa-widget.mfa-theme-dark").await;
        let input = find(&root, "input[name=answer-0]").await;
        assert_eq!(input.unchecked_ref::<HtmlInputElement>().value(), "blue");
        assert_eq!(reads_of("job-1"), reads, "a new theme read the job again");
        assert_eq!(root.query_selector_all(".mfa-widget").unwrap().length(), 1);

        // Another job is another session: the widget starts again, blank, for it.
        set_settings(settings("job-2", Theme::Dark));
        until("a read of job-2", || reads_of("job-2") > 0).await;
        let input = find(&root, "input[name=answer-0]").await;
        assert_eq!(input.unchecked_ref::<HtmlInputElement>().value(), "");
        assert_eq!(root.query_selector_all(".mfa-widget").unwrap().length(), 1);

        // The outer app's callbacks hear the new session, and it takes answers.
        until("the new session ready", || {
            heard().iter().filter(|name| *name == "on_ready").count() == 2
        })
        .await;
        type_text(&input, "green");
        click(&find(&root, ".mfa-submit").await);
        until("the answer", || !answer_requests().is_empty()).await;
        assert!(answer_requests()[0].1.contains("job-2"));

        // Taken out of the app: the widget ends and leaves nothing behind.
        SET.with(|set| set.borrow().as_ref().unwrap().1.set(false));
        until("the widget gone", || {
            root.query_selector(".mfa-widget").unwrap().is_none()
        })
        .await;
        let after = requests().len();
        sleep(400).await;
        assert_eq!(requests().len(), after, "a removed component still reads");
        assert!(root.query_selector(".outer h1").unwrap().is_some());
    }
}
