//! A Yew app that shows the widget component (`mfa_widget::MfaWidget`, the Rust surface)
//! with checked settings, built by Trunk
//! from `index.html`. Open it with `?job=<JobID>&api=<Job API base>`, or with
//! `?scenario=<name>` to create a job on the sandbox at `http://127.0.0.1:8787` first.

#[cfg(target_arch = "wasm32")]
mod app {
    use mfa_widget::browser::{http, wire};
    use mfa_widget::core::config::{Config, JobId};
    use mfa_widget::core::io::{Reply, Request};
    use mfa_widget::core::settings::Settings;
    use mfa_widget::MfaWidget;
    use std::rc::Rc;
    use yew::prelude::*;

    /// `?name=` from the page's address.
    fn param(name: &str) -> Option<String> {
        let search = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(name)
    }

    fn api_base() -> String {
        param("api").unwrap_or_else(|| "http://127.0.0.1:8787".to_string())
    }

    /// `?job=`, or a job the sandbox creates for `?scenario=` (default `token`).
    async fn job_id() -> Result<String, String> {
        if let Some(id) = param("job") {
            return Ok(id);
        }
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
        let request = Request {
            url: format!("{}/sandbox/jobs", api_base()),
            headers: Default::default(),
            credentials: Default::default(),
            idempotency_key: None,
            body: wire::to_json_text(&NewJob { scenario }),
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
            } => wire::parse(&body).and_then(|value| wire::from_js::<Created>(value).ok()),
            _ => None,
        };
        created.map(|created| created.job_id).ok_or_else(|| {
            format!(
                "Cannot create a job on the sandbox at {}. Run `cargo xtask demo` first.",
                api_base()
            )
        })
    }

    /// The app: finds its job, then shows the widget component for it.
    #[function_component]
    pub fn App() -> Html {
        let settings = use_state(|| None::<Result<Rc<Settings>, String>>);
        {
            let settings = settings.clone();
            use_effect_with((), move |_| {
                wasm_bindgen_futures::spawn_local(async move {
                    let checked = job_id().await.and_then(|job_id| {
                        let config = Config {
                            job_id: Some(JobId(job_id)),
                            api_base: Some(api_base()),
                            ..Config::default()
                        };
                        // The same validation `mount` does: the component takes only checked
                        // settings.
                        Settings::try_from(config)
                            .map(Rc::new)
                            .map_err(|e| e.to_string())
                    });
                    settings.set(Some(checked));
                });
            });
        }
        let on_event =
            Callback::from(|event| web_sys::console::log_1(&format!("{event:?}").into()));
        match &*settings {
            None => html! {},
            Some(Err(message)) => html! { <p>{ message.clone() }</p> },
            Some(Ok(settings)) => html! { <MfaWidget settings={settings.clone()} {on_event} /> },
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        web_sys::console::error_1(&"mfa-widget-app: index.html has no #app element".into());
        return;
    };
    yew::Renderer::<app::App>::with_root(root).render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mfa-widget-app is a browser app: build it with `trunk build` (see README)");
}
