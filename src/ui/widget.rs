//! The root component: owns the core's [`Flow`], feeds it inputs, performs its effects
//! (HTTP through `browser::http`, wake-ups through `browser::clock`) and renders its state.

use super::captcha::unreadable_captcha;
use super::countdown::Countdown;
use super::finished::finished;
use super::form::ChallengeForm;
use super::notice::notice;
use super::progress::progress;
use super::verify_phone::verify_phone;
use crate::browser::clock::{http_date_ms, jitter, now_ms, wall_ms, BrowserClock, Wake};
use crate::browser::http::{HttpError, InFlight, Post};
use crate::browser::page::{after_next_paint, is_hidden, mark_performance, Listener};
use crate::browser::{outbox, wire};
use crate::core::flow::poll::parse_retry_after;
use crate::core::flow::{Effect, EventContext, Flow, HostEvent, Input, JobError};
use crate::core::job::answer::{parse_reply, Answer, Endpoint, JobRequest};
use crate::core::job::challenge::Challenge;
use crate::core::job::{DecodeError, Job};
use crate::core::kount::timeline::Timeline;
use crate::core::settings::Settings;
use crate::core::strings::{Strings, Text};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    /// Validated once (`Settings::try_from(config)` or `mount`): the component cannot be built
    /// from an unchecked config.
    pub settings: Rc<Settings>,
    /// Everything the host should hear about (DOM events and callbacks in `browser::embed`).
    #[prop_or_default]
    pub on_host_event: Callback<HostEvent>,
}

/// The MFA widget for one job.
pub struct Widget {
    flow: Flow,
    wake: Option<Wake>,
    /// The form generation whose paint was last reported.
    painted_generation: u32,
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
    /// This widget's place in the page's event queue (its headers), when `eventsUrl` is set.
    events: Option<outbox::Registration>,
}

/// A job body is at most a captcha image (about 1.5 MB of base64) and some fields.
const MAX_JOB_BYTES: usize = 2 << 20;
/// An answer endpoint replies `0` or `-1`.
const MAX_REPLY_BYTES: usize = 4 << 10;

/// Sends now (see [`InFlight::post`]); the future waits for the reply.
fn post_json(
    in_flight: &InFlight,
    url: &str,
    settings: &Settings,
    body: &str,
    max_body: usize,
) -> impl std::future::Future<Output = Result<String, HttpError>> + 'static {
    let request = Post {
        url,
        headers: &settings.headers,
        idempotency_key: None,
        body,
        keepalive: false,
        timeout_ms: settings.intervals.request_timeout_ms as u32,
        credentials: settings.credentials,
        max_body,
    };
    in_flight.post(request)
}

/// What the reducer needs to write events: the settings, one clock anchor (taken now), and
/// what the page says of itself (origin and path only: sign-in pages carry tokens in their
/// query and fragment).
fn event_context(settings: &Settings) -> EventContext {
    let window = web_sys::window();
    let page_url = window
        .as_ref()
        .map(|w| w.location())
        .and_then(|l| Some(l.origin().ok()? + &l.pathname().ok()?))
        .unwrap_or_default();
    let user_agent = window
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    EventContext {
        settings: settings.events.clone(),
        timeline: Timeline::anchored(&BrowserClock),
        page_url,
        user_agent,
    }
}

/// A job read's response text: parsed by the browser, decoded by the core.
fn decode_job(text: &str) -> Result<Job, DecodeError> {
    let value = wire::parse(text).ok_or(DecodeError::NotJson)?;
    Job::decode(serde_wasm_bindgen::Deserializer::from(value))
}

impl Component for Widget {
    type Message = Input;
    type Properties = WidgetProps;

    fn create(ctx: &Context<Self>) -> Self {
        let settings = &ctx.props().settings;
        let events = settings.events_url.as_ref().map(|url| {
            let host = ctx.props().on_host_event.clone();
            let on_gave_up = Rc::new(move |message| host.emit(HostEvent::Error { message }));
            let identity = settings.events.ids.identity();
            outbox::register(
                url,
                &settings.headers,
                settings.credentials,
                identity,
                on_gave_up,
            )
        });
        let link = ctx.link();
        let (leave, back, visible, online) =
            (link.clone(), link.clone(), link.clone(), link.clone());
        let listeners = [
            // Leaving the page with a challenge open closes it as ExpiredSession (keepalive POST).
            Listener::page_hide(move || {
                leave.send_message(Input::Leave);
                outbox::flush_all();
            }),
            // Back from the back-forward cache: the widget goes on, reading the job at once.
            Listener::page_restored(move || back.send_message(Input::Return)),
            Listener::visibility(move |hidden| visible.send_message(Input::Hidden(hidden))),
            Listener::online(move || online.send_message(Input::Online)),
        ];
        let mut widget = Widget {
            flow: Flow::new(settings.intervals.clone(), settings.deadline_ms)
                .reporting(event_context(settings))
                .cancelable(settings.cancelable),
            wake: None,
            painted_generation: 0,
            in_flight: InFlight::default(),
            notice_id: AttrValue::from(super::unique_id("notice")),
            card: NodeRef::default(),
            strings: Rc::new(settings.strings.clone()),
            _listeners: listeners.into_iter().flatten().collect(),
            events,
        };
        // The first job read leaves now, before the first render: the request is on its way
        // while Yew builds the card and the browser compiles the code it runs.
        Component::update(&mut widget, ctx, Input::Start);
        if is_hidden() {
            Component::update(&mut widget, ctx, Input::Hidden(true));
        }
        widget
    }

    fn update(&mut self, ctx: &Context<Self>, input: Input) -> bool {
        for effect in self.flow.step(input, now_ms(), jitter()) {
            self.perform(ctx, effect);
        }
        true
    }

    /// New settings for the same job (the embedding gives them only when the look changed:
    /// theme, locale, strings): the words are redrawn in place; the flow, what the user typed
    /// and the open challenge stay.
    fn changed(&mut self, ctx: &Context<Self>, _old: &WidgetProps) -> bool {
        self.strings = Rc::new(ctx.props().settings.strings.clone());
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let flow = &self.flow;
        let strings: &Strings = &self.strings;
        let on_answer = ctx.link().callback(Input::Submit);
        let error_id = flow.answer_failed().then(|| self.notice_id.clone());
        let sending = flow.sending;
        let key = flow.generation.to_string();
        let body = match flow.body() {
            None => html! {},
            Some(None) => progress(strings, None),
            Some(Some(challenge)) => match challenge {
                Challenge::SecurityQuestions(_)
                | Challenge::TokenMethods(_)
                | Challenge::TokenCode(_)
                | Challenge::Captcha(Ok(_)) => html! {
                    <ChallengeForm {key} challenge={challenge.clone()} strings={self.strings.clone()} {sending} {on_answer} {error_id} />
                },
                Challenge::ReadCode(code) => verify_phone(strings, code, sending, &on_answer),
                Challenge::Captcha(Err(_)) => unreadable_captcha(strings),
                Challenge::Waiting { last_step } => progress(strings, *last_step),
                Challenge::Succeeded => finished(strings, None),
                Challenge::Failed {
                    last_step,
                    last_status,
                } => finished(strings, Some((*last_step, *last_status))),
            },
        };
        let on_retry = ctx.link().callback(|()| Input::Retry);
        let id = self.notice_id.clone();
        let notice = flow
            .notice
            .map(|kind| notice(strings, kind, &id, &on_retry));
        let label = self.strings.get(Text::CardLabel).to_string();
        let countdown = flow.countdown_until().map(|deadline_ms| {
            let template = AttrValue::from(strings.get(Text::TimeLeft).to_string());
            html! { <Countdown {deadline_ms} {template} /> }
        });
        let cancel = flow.offers_cancel().then(|| {
            let onclick = ctx.link().callback(|_: MouseEvent| Input::Cancel);
            html! {
                <button type="button" class="mfa-cancel" part="cancel" {onclick}>
                    { self.strings.get(Text::Cancel).to_string() }
                </button>
            }
        });
        html! {
            <section class="mfa-card" part="card" aria-label={label} ref={self.card.clone()}
                data-state={flow.state_name()}>
                { for notice }
                { for countdown }
                { body }
                { for cancel }
            </section>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            let link = ctx.link().clone();
            after_next_paint(move || link.send_message(Input::FirstPainted));
        }
        if self.painted_generation == self.flow.generation {
            return;
        }
        self.painted_generation = self.flow.generation;
        let shows_challenge = self.flow.awaits_user();
        if shows_challenge {
            // A new challenge: its heading takes the focus, so screen readers announce it
            // and keyboard users start from it.
            let heading = self
                .card
                .cast::<web_sys::Element>()
                .and_then(|card| card.query_selector(".mfa-heading").ok().flatten());
            if let Some(heading) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = heading.focus();
            }
        }
        let link = ctx.link().clone();
        // A performance mark per state painted, for the benchmark and for hosts' RUM.
        let mark = format!("mfa:painted:{}", self.flow.state_name());
        after_next_paint(move || {
            mark_performance(&mark);
            if shows_challenge {
                link.send_message(Input::Painted);
            }
        });
    }

    fn destroy(&mut self, ctx: &Context<Self>) {
        for effect in self.flow.step(Input::Destroy, now_ms(), 0.0) {
            if let Effect::PostEvent(event) = effect {
                self.post_event(ctx, event);
            }
        }
        self.wake = None;
        self.in_flight.abort_all();
    }
}

impl Widget {
    /// Queues a Kount event for `eventsUrl` (when set) and tells the host.
    fn post_event(&self, ctx: &Context<Self>, event: Box<crate::core::kount::event::KountEvent>) {
        if let Some(events) = &self.events {
            events.enqueue(wire::to_json_text(&event));
        }
        ctx.props().on_host_event.emit(HostEvent::Event(event));
    }

    fn perform(&mut self, ctx: &Context<Self>, effect: Effect) {
        let settings = &ctx.props().settings;
        match effect {
            Effect::FetchJob => {
                let body = wire::to_json_text(&JobRequest::new(&settings.job_id));
                let url = settings.endpoint(Endpoint::GetJob);
                let reply = post_json(&self.in_flight, url, settings, &body, MAX_JOB_BYTES);
                let link = ctx.link().clone();
                spawn_local(async move {
                    let reply = reply.await;
                    let result = match reply {
                        Ok(text) => decode_job(&text).map_err(JobError::Decode),
                        Err(HttpError::Status(status, retry_after)) => {
                            let wait = retry_after
                                .and_then(|v| parse_retry_after(&v, http_date_ms, wall_ms()));
                            Err(JobError::Status(status, wait))
                        }
                        Err(HttpError::TooLarge) => Err(JobError::Decode(DecodeError::TooLarge)),
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
            Effect::PostEvent(event) => self.post_event(ctx, event),
        }
    }

    /// Sends an answer. The answer itself is consumed here: only its JSON text lives on, until
    /// the request is done.
    fn send(&self, ctx: &Context<Self>, answer: Answer) {
        let settings = ctx.props().settings.clone();
        let endpoint = answer.endpoint();
        let body = wire::to_json_text(&answer.into_body(&settings.job_id, settings.list_style));
        let in_flight = self.in_flight.clone();
        let link = ctx.link().clone();
        spawn_local(async move {
            let url = settings.endpoint(endpoint);
            let reply = post_json(&in_flight, url, &settings, &body, MAX_REPLY_BYTES).await;
            let result = match reply {
                Ok(text) => Ok(parse_reply(&text)),
                Err(HttpError::Status(status, _)) => {
                    Err(format!("the answer service answered HTTP {status}"))
                }
                Err(HttpError::TooLarge) => Err("the answer service sent too much".into()),
                Err(HttpError::Network(reason)) => {
                    Err(format!("cannot reach the answer service: {reason}"))
                }
            };
            link.send_message(Input::SubmitDone(result));
        });
    }
}
