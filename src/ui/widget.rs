//! The root component: owns the core's [`Flow`], feeds it inputs, performs its effects
//! (HTTP through `browser::http`, wake-ups through `browser::clock`) and renders its state.

use super::captcha::{Captcha, UnreadableCaptcha};
use super::countdown::Countdown;
use super::finished::Finished;
use super::notice::Notice as NoticeView;
use super::progress::Progress;
use super::security_questions::SecurityQuestions;
use super::token_code::TokenCode;
use super::token_methods::TokenMethods;
use super::verify_phone::VerifyPhone;
use crate::browser::clock::{jitter, now_ms, BrowserClock, Wake};
use crate::browser::http::{endpoint_url, resolve_url, HttpError, InFlight, Post};
use crate::browser::outbox;
use crate::browser::page::{after_next_paint, is_hidden, mark_performance, Listener};
use crate::core::answer::{job_request_body, parse_reply, Answer, Endpoint};
use crate::core::challenge::Challenge;
use crate::core::config::Config;
use crate::core::event::EventSettings;
use crate::core::flow::{Effect, Flow, HostEvent, Input, JobError, Notice};
use crate::core::job::Job;
use crate::core::outcome::Outcome;
use crate::core::poll::parse_retry_after;
use crate::core::strings::{Strings, Text};
use crate::core::timeline::Timeline;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    pub config: Rc<Config>,
    /// Everything the host should hear about (DOM events and callbacks in `browser::embed`).
    #[prop_or_default]
    pub on_host_event: Callback<HostEvent>,
}

/// The MFA widget for one job.
pub struct Widget {
    flow: Flow,
    wake: Option<Wake>,
    timeline: Timeline,
    /// `None` when the config's event fields are invalid (reported at mount).
    events: Option<EventSettings>,
    events_url: Option<String>,
    /// The form generation whose paint was last reported.
    painted_generation: u32,
    request_timeout_ms: u32,
    /// The notice's element id, for the inputs' `aria-describedby`.
    notice_id: AttrValue,
    /// The card, to move focus to a new challenge's heading.
    card: NodeRef,
    /// Every word shown, in the configured locale with the host's overrides.
    strings: Rc<Strings>,
    /// Job API requests under way; aborted when the widget is destroyed.
    in_flight: InFlight,
    /// pagehide, visibilitychange, online: dropped (removed) with the widget.
    _listeners: Vec<Listener>,
}

async fn post_json(
    in_flight: &InFlight,
    url: &str,
    config: &Config,
    body: &str,
    timeout_ms: u32,
) -> Result<String, HttpError> {
    let request = Post {
        url,
        headers: &config.headers,
        extra_headers: &[],
        body,
        keepalive: false,
        timeout_ms,
        credentials: config.credentials.as_deref(),
    };
    in_flight.post(request).await
}

impl Component for Widget {
    type Message = Input;
    type Properties = WidgetProps;

    fn create(ctx: &Context<Self>) -> Self {
        let config = &ctx.props().config;
        let intervals = config.intervals().unwrap_or_default();
        let events_url = config.events_url.as_deref().map(resolve_url);
        if let Some(url) = &events_url {
            outbox::register(url, &config.headers, config.credentials.clone());
        }
        let (leave, visible, online) = (ctx.link().clone(), ctx.link().clone(), ctx.link().clone());
        let listeners = [
            // Leaving the page with a challenge open closes it as ExpiredSession (keepalive POST).
            Listener::page_hide(move || {
                leave.send_message(Input::Destroy);
                outbox::flush_all();
            }),
            Listener::visibility(move |hidden| visible.send_message(Input::Hidden(hidden))),
            Listener::online(move || online.send_message(Input::Online)),
        ];
        ctx.link().send_message(Input::Start);
        if is_hidden() {
            ctx.link().send_message(Input::Hidden(true));
        }
        Widget {
            flow: Flow::new(intervals.clone(), config.challenge_deadline_ms),
            wake: None,
            timeline: Timeline::anchored(&BrowserClock),
            events: EventSettings::from_config(config).ok(),
            events_url,
            painted_generation: 0,
            request_timeout_ms: intervals.request_timeout_ms as u32,
            in_flight: InFlight::default(),
            notice_id: AttrValue::from(super::unique_id("notice")),
            card: NodeRef::default(),
            strings: Rc::new(
                Strings::new(config.locale.as_deref(), &config.strings).unwrap_or_default(),
            ),
            _listeners: listeners.into_iter().flatten().collect(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, input: Input) -> bool {
        for effect in self.flow.step(input, now_ms(), jitter()) {
            self.perform(ctx, effect);
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let on_answer = ctx.link().callback(Input::Submit);
        let answer_failed = matches!(
            self.flow.notice,
            Some(Notice::Rejected | Notice::SendFailed)
        );
        let error_id = answer_failed.then(|| self.notice_id.clone());
        let sending = self.flow.sending;
        let key = self.flow.generation.to_string();
        let body = match &self.flow.challenge {
            None => html! { <Progress last_step={None::<String>} /> },
            Some(Challenge::SecurityQuestions(questions)) => html! {
                <SecurityQuestions {key} questions={questions.clone()} {sending} {on_answer} {error_id} />
            },
            Some(Challenge::TokenMethods(methods)) => html! {
                <TokenMethods {key} methods={methods.clone()} {sending} {on_answer} {error_id} />
            },
            Some(Challenge::TokenCode(kind)) => html! {
                <TokenCode {key} kind={kind.clone()} {sending} {on_answer} {error_id} />
            },
            Some(Challenge::ReadCode(code)) => html! {
                <VerifyPhone {key} code={code.clone()} {sending} {on_answer} />
            },
            Some(Challenge::Captcha(Ok(image))) => html! {
                <Captcha {key} image={image.clone()} {sending} {on_answer} {error_id} />
            },
            Some(Challenge::Captcha(Err(_))) => html! { <UnreadableCaptcha /> },
            Some(Challenge::Waiting { last_step }) => {
                html! { <Progress last_step={last_step.clone()} /> }
            }
            Some(Challenge::Succeeded) => {
                html! { <Finished succeeded=true last_step={None::<String>} last_status={None::<String>} /> }
            }
            Some(Challenge::Failed {
                last_step,
                last_status,
            }) => html! {
                <Finished succeeded=false last_step={last_step.clone()} last_status={last_status.clone()} />
            },
        };
        let on_retry = ctx.link().callback(|()| Input::Retry);
        let id = self.notice_id.clone();
        let notice = self
            .flow
            .notice
            .map(|notice| html! { <NoticeView {notice} {on_retry} {id} /> });
        // A widget that stopped for good shows only why.
        let body = if self.flow.notice.is_some_and(|n| n.is_final()) {
            html! {}
        } else {
            body
        };
        let label = self.strings.get(Text::CardLabel).to_string();
        let countdown = self
            .flow
            .deadline_at()
            .filter(|_| {
                self.flow
                    .challenge
                    .as_ref()
                    .is_some_and(Challenge::awaits_user)
            })
            .map(|deadline_ms| html! { <Countdown {deadline_ms} /> });
        html! {
            <ContextProvider<Rc<Strings>> context={self.strings.clone()}>
            <section class="mfa-card" part="card" aria-label={label} ref={self.card.clone()}
                data-state={self.flow.challenge.as_ref().map(Challenge::kind_name).unwrap_or("loading")}>
                { for notice }
                { for countdown }
                { body }
            </section>
            </ContextProvider<Rc<Strings>>>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first_render: bool) {
        let shows_challenge = self
            .flow
            .challenge
            .as_ref()
            .is_some_and(Challenge::awaits_user);
        if self.painted_generation != self.flow.generation {
            self.painted_generation = self.flow.generation;
            if shows_challenge {
                // A new challenge: its heading takes the focus, so screen readers announce it
                // and keyboard users start from it.
                let heading = self
                    .card
                    .cast::<web_sys::Element>()
                    .and_then(|card| card.query_selector(".mfa-heading").ok().flatten());
                if let Some(heading) =
                    heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = heading.focus();
                }
            }
            let link = ctx.link().clone();
            // A performance mark per state painted, for the benchmark and for hosts' RUM.
            let mark = format!(
                "mfa:painted:{}",
                self.flow
                    .challenge
                    .as_ref()
                    .map_or("loading", Challenge::kind_name)
            );
            after_next_paint(move || {
                mark_performance(&mark);
                if shows_challenge {
                    link.send_message(Input::Painted);
                }
            });
        }
    }

    fn destroy(&mut self, ctx: &Context<Self>) {
        for effect in self.flow.step(Input::Destroy, now_ms(), 0.0) {
            if let Effect::Report(outcome) = effect {
                self.report(ctx, &outcome);
            }
        }
        self.wake = None;
        self.in_flight.abort_all();
    }
}

impl Widget {
    fn perform(&mut self, ctx: &Context<Self>, effect: Effect) {
        let config = &ctx.props().config;
        match effect {
            Effect::FetchJob => {
                let url = endpoint_url(config.api_base.as_deref(), config.path(Endpoint::GetJob));
                let config = config.clone();
                let body = job_request_body(&config.job_id);
                let timeout_ms = self.request_timeout_ms;
                let in_flight = self.in_flight.clone();
                let link = ctx.link().clone();
                spawn_local(async move {
                    let result = match post_json(&in_flight, &url, &config, &body, timeout_ms).await
                    {
                        Ok(text) => Job::from_json_text(&text).map_err(JobError::Decode),
                        Err(HttpError::Status(status, retry_after)) => {
                            let wait = retry_after
                                .and_then(|v| parse_retry_after(&v, js_sys::Date::now()));
                            Err(JobError::Status(status, wait))
                        }
                        Err(HttpError::Network(reason)) => Err(JobError::Network(reason)),
                    };
                    link.send_message(Input::JobArrived(result));
                });
            }
            Effect::Send(answer) => self.send(ctx, answer),
            Effect::WakeIn(ms) => {
                let link = ctx.link().clone();
                self.wake = Some(Wake::after(ms, move || link.send_message(Input::Wake)));
            }
            Effect::Emit(event) => ctx.props().on_host_event.emit(event),
            Effect::Report(outcome) => self.report(ctx, &outcome),
        }
    }

    /// Builds the outcome event, tells the host, and queues it for `eventsUrl`.
    fn report(&self, ctx: &Context<Self>, outcome: &Outcome) {
        let Some(events) = &self.events else { return };
        let page_url = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let body = events.body(outcome, &self.timeline, &page_url);
        if let Some(url) = &self.events_url {
            outbox::enqueue(url, body.clone());
        }
        ctx.props().on_host_event.emit(HostEvent::Outcome { body });
    }

    /// Sends an answer. The answer itself is consumed here: only its JSON body lives on, until
    /// the request is done.
    fn send(&self, ctx: &Context<Self>, answer: Answer) {
        let config = &ctx.props().config;
        let url = endpoint_url(config.api_base.as_deref(), config.path(answer.endpoint()));
        let body = answer.body(&config.job_id, config.list_style());
        drop(answer);
        let config = config.clone();
        let timeout_ms = self.request_timeout_ms;
        let in_flight = self.in_flight.clone();
        let link = ctx.link().clone();
        spawn_local(async move {
            let result = match post_json(&in_flight, &url, &config, &body, timeout_ms).await {
                Ok(text) => Ok(parse_reply(&text)),
                Err(HttpError::Status(status, _)) => {
                    Err(format!("the answer service answered HTTP {status}"))
                }
                Err(HttpError::Network(reason)) => {
                    Err(format!("cannot reach the answer service: {reason}"))
                }
            };
            link.send_message(Input::SubmitDone(result));
        });
    }
}
