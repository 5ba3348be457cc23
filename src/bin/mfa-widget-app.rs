//! A Rust app that mounts the widget with checked settings (the Rust surface:
//! `embed::mount_settings`), built by Trunk
//! from `index.html`. Open it with `?job=<JobID>&api=<Job API base>`, or with
//! `?scenario=<name>` to create a job on the sandbox at `http://127.0.0.1:8787` first.

#[cfg(target_arch = "wasm32")]
fn main() {
    use mfa_widget::browser::{embed, http, wire};
    use mfa_widget::core::config::{Config, JobId};
    use mfa_widget::core::io::{Reply, Request};
    use mfa_widget::core::settings::Settings;

    let location = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&location).ok();
    let param = move |name: &str| params.as_ref().and_then(|p| p.get(name));
    let api_base = param("api").unwrap_or_else(|| "http://127.0.0.1:8787".to_string());
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        web_sys::console::error_1(&"mfa-widget-app: index.html has no #app element".into());
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let job_id = match param("job") {
            Some(id) => id,
            None => {
                /// The sandbox's "create a job" request and reply.
                #[derive(serde::Serialize)]
                struct NewJob {
                    scenario: String,
                }
                #[derive(serde::Deserialize)]
                struct Created {
                    #[serde(rename = "JobID")]
                    job_id: String,
                }
                let scenario = param("scenario").unwrap_or_else(|| "token".to_string());
                let url = format!("{api_base}/sandbox/jobs");
                let body = wire::to_json_text(&NewJob { scenario });
                let request = Request {
                    url,
                    headers: Default::default(),
                    credentials: Default::default(),
                    idempotency_key: None,
                    body,
                    max_bytes: 4 << 10,
                    timeout_ms: 10_000.0,
                    keepalive: false,
                    ask_headers: false,
                };
                let created = match http::send(request).await {
                    Reply::Response {
                        status: 201 | 200,
                        body,
                        ..
                    } => Some(body),
                    _ => None,
                };
                let created = created
                    .and_then(|text| wire::parse(&text))
                    .and_then(|value| wire::from_js::<Created>(value).ok());
                match created {
                    Some(created) => created.job_id,
                    None => {
                        let message = format!(
                            "Cannot create a job on the sandbox at {api_base}. Run `cargo xtask demo` first."
                        );
                        root.set_text_content(Some(&message));
                        return;
                    }
                }
            }
        };
        let config = Config {
            job_id: Some(JobId(job_id)),
            api_base: Some(api_base),
            ..Config::default()
        };
        // The same validation `mount` does: the component takes only checked settings.
        let settings = match Settings::try_from(config) {
            Ok(settings) => settings,
            Err(error) => {
                root.set_text_content(Some(&error.to_string()));
                return;
            }
        };
        let on_host_event = |event| web_sys::console::log_1(&format!("{event:?}").into());
        match embed::mount_settings(root.clone(), settings, on_host_event) {
            // The widget lives as long as the page.
            Ok(handle) => std::mem::forget(handle),
            Err(error) => root.set_text_content(error.as_string().as_deref()),
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mfa-widget-app is a browser app: build it with `trunk build` (see README)");
}
