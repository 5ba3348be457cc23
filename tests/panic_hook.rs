//! The safety net for a bug: if the wasm ever panics (the instance cannot unwind), every widget
//! on the page shows an error and its host hears `mfa:error` once, instead of freezing. Its own
//! test binary, because the panic leaves this wasm instance unusable afterwards.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect};
use mfa_widget::browser::embed::mount;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn widget_on(document: &web_sys::Document) -> (Element, Element) {
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let container = document.create_element("div").unwrap();
    host.append_child(&container).unwrap();
    let config =
        js_sys::JSON::parse(r#"{"jobId": "job-1", "apiBase": "https://bank.test/"}"#).unwrap();
    // The widget is kept alive by the page, as the script's loader keeps its handle.
    std::mem::forget(mount(container.clone(), config, Some(host.clone())).unwrap());
    (host, container)
}

#[wasm_bindgen_test]
async fn a_panic_turns_every_widget_into_an_error_and_tells_each_host_once() {
    // Job reads never answer: the widgets wait on their first read.
    Function::new_no_args("window.fetch = () => new Promise(() => {});")
        .call0(&JsValue::NULL)
        .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let widgets = [widget_on(&document), widget_on(&document)];
    let heard = Array::new();
    Reflect::set(&web_sys::window().unwrap(), &"__heard".into(), &heard).unwrap();
    for (index, (host, _)) in widgets.iter().enumerate() {
        let record = Function::new_with_args("e", &format!("window.__heard.push({index})"));
        host.add_event_listener_with_callback("mfa:error", &record)
            .unwrap();
    }
    // The test-only trigger: Rust code that panics, called from JS as page events call in.
    let boom = Closure::<dyn Fn()>::new(|| panic!("a test-only panic"));
    let thrown = Function::new_with_args(
        "f",
        "try { f(); return 'returned'; } catch (e) { return String(e); }",
    )
    .call1(&JsValue::NULL, boom.as_ref())
    .unwrap()
    .as_string()
    .unwrap_or_default();
    assert!(
        thrown.contains("unreachable"),
        "the panic aborted the call: {thrown}"
    );
    for (host, container) in &widgets {
        assert_eq!(
            container.text_content().as_deref(),
            Some("Something went wrong in this window. Please reload the page."),
            "{}",
            host.outer_html()
        );
        assert_eq!(container.get_attribute("role").as_deref(), Some("alert"));
    }
    let heard: Vec<f64> = heard.iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(heard, [0.0, 1.0], "each host hears mfa:error once");
}
