//! A Yew app that uses the widget component directly (the Rust/Yew surface), built by Trunk
//! from `index.html`. Open it with `?job=<JobID>&api=<Job API base>`, or with
//! `?scenario=<name>` to create a job on the sandbox at `http://127.0.0.1:8787` first.

#[cfg(target_arch = "wasm32")]
fn main() {
    use mfa_widget::core::config::Config;
    use mfa_widget::ui::widget::{Widget, WidgetProps};
    use std::rc::Rc;

    let location = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&location).ok();
    let param = move |name: &str| params.as_ref().and_then(|p| p.get(name));
    let api_base = param("api").unwrap_or_else(|| "http://127.0.0.1:8787".to_string());
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect("index.html has #app");
    wasm_bindgen_futures::spawn_local(async move {
        let job_id = match param("job") {
            Some(id) => id,
            None => {
                let scenario = param("scenario").unwrap_or_else(|| "token".to_string());
                let body = format!("{{\"scenario\":\"{scenario}\"}}");
                let url = format!("{api_base}/sandbox/jobs");
                let no_headers = Vec::new();
                let request = mfa_widget::browser::http::Post {
                    url: &url,
                    headers: &no_headers,
                    extra_headers: &[],
                    body: &body,
                    keepalive: false,
                    timeout_ms: 10_000,
                    credentials: None,
                };
                let text = match mfa_widget::browser::http::post(request).await {
                    Ok(text) => text,
                    Err(e) => {
                        let message = format!(
                            "Cannot reach the sandbox at {api_base} ({e:?}). Run `cargo xtask demo` first."
                        );
                        root.set_text_content(Some(&message));
                        return;
                    }
                };
                // {"JobID":"…"}
                text.split('"').nth(3).unwrap_or_default().to_string()
            }
        };
        let config = Config {
            job_id,
            api_base: Some(api_base),
            ..Config::default()
        };
        yew::Renderer::<Widget>::with_root_and_props(
            root,
            WidgetProps {
                config: Rc::new(config),
                on_host_event: yew::Callback::from(|event| {
                    web_sys::console::log_1(&format!("{event:?}").into())
                }),
            },
        )
        .render();
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mfa-widget-app is a browser app: build it with `trunk build` (see README)");
}
