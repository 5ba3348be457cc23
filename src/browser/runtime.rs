//! One widget's runtime, in plain Rust outside Yew: it owns the widget's [`Flow`], its
//! requests in flight, its one wake timer, its page listeners and its place in the event
//! outbox. It feeds the flow what happened, performs the effects the flow returns (requests,
//! the timer, events), and hands each new frame ([`View`]) to the view and each host event to
//! the embedding. The Yew components only draw the frame and send [`Input`]s back through a
//! callback; they hold no policy and do no IO.

use super::clock::{jitter, now_ms, BrowserClock, Wake};
use super::http::InFlight;
use super::page::{after_next_paint, is_hidden, mark_performance, Listener};
use super::{outbox, wire};
use crate::core::config::Config;
use crate::core::errors::ErrorCode;
use crate::core::flow::{Effect, Flow, HostEvent, Input, Page, Whereabouts};
use crate::core::io::{Purpose, Reply, Request};
use crate::core::kount::timeline::Timeline;
use crate::core::pairs::Pairs;
use crate::core::settings::Settings;
use crate::core::strings::Strings;
use crate::ui::widget::WidgetProps;
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::Callback;

/// Where a runtime's output goes: each frame to the view, each host event to the embedding.
pub struct Outlets {
    pub show: Box<dyn Fn(WidgetProps)>,
    /// Shared with the outbox: an event given up after the widget is gone is still told.
    pub host: Rc<dyn Fn(HostEvent)>,
    /// Where the frame just painted went: a copy in a hidden block of a responsive page
    /// (`display: none`) shows the user nothing.
    pub placement: Box<dyn Fn() -> Placement>,
}

/// Where a painted frame went.
#[derive(Clone, Copy, PartialEq)]
pub enum Placement {
    /// Somewhere with room on the page.
    Seen,
    /// In the document, but with no room (a hidden block).
    Hidden,
    /// Out of the document (being removed, or moved): not painted at all. Neither seen nor
    /// hidden; a widget gone this way ends its challenge as one gone before its first frame.
    Detached,
}

/// A running widget; [`Runtime::destroy`] ends it.
pub struct Runtime(Rc<Shared>);

struct Shared {
    state: RefCell<State>,
    /// Inputs waiting their turn: one fed while another is handled (a host callback calling
    /// `destroy()`, a reply) runs after it, never inside it.
    queue: RefCell<VecDeque<Input>>,
    /// Host events waiting until no state is borrowed: host code may call back in.
    told: RefCell<VecDeque<HostEvent>>,
    busy: Cell<bool>,
    /// Destroyed: nothing more is shown (the view's root may already serve another widget).
    closed: Cell<bool>,
    /// The form generation whose challenge was painted where the user could see it.
    seen: Cell<Option<u32>>,
    /// A check for that is scheduled after the next paint.
    looking: Cell<bool>,
    outlets: Outlets,
}

struct State {
    flow: Flow,
    strings: Rc<Strings>,
    on_input: Callback<Input>,
    wake: Option<Wake>,
    in_flight: InFlight,
    /// The host's `headers` given as a function (a token provider), asked before each request.
    headers_provider: Option<Function>,
    /// The headers the host gave, as the config has them now, under what a provider gives.
    headers: Pairs,
    listeners: Vec<Listener>,
    events: Option<outbox::Registration>,
    /// The form generation whose paint was last reported; `None` before the first frame.
    painted: Option<u32>,
}

/// What the page says of itself (origin and path only: sign-in pages carry tokens in their
/// query and fragment), and the one clock anchor of this widget's events.
fn page() -> Page {
    let window = web_sys::window();
    let url = window
        .as_ref()
        .map(|w| w.location())
        .and_then(|l| Some(l.origin().ok()? + &l.pathname().ok()?))
        .unwrap_or_default();
    let user_agent = window
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    Page {
        timeline: Timeline::anchored(&BrowserClock),
        url,
        user_agent,
    }
}

impl Runtime {
    /// Starts a widget: the first job read leaves at once, before the view is built.
    /// `headers_provider` is the host's `headers` when it gave a function.
    pub fn start(
        settings: Rc<Settings>,
        headers_provider: Option<Function>,
        outlets: Outlets,
    ) -> Runtime {
        let shared = Rc::new_cyclic(|weak: &Weak<Shared>| {
            let on_input = {
                let weak = weak.clone();
                Callback::from(move |input| feed(&weak, input))
            };
            let events = settings.event_sender().map(|sender| {
                let (weak, host) = (weak.clone(), outlets.host.clone());
                let on_gave_up = Rc::new(move |message| {
                    // About the outbox, not the job: no whereabouts of the flow's.
                    let event = HostEvent::Error {
                        code: ErrorCode::EventDropped,
                        message,
                        status: None,
                        at: Whereabouts::default(),
                    };
                    match weak.upgrade() {
                        // Told in turn, after the step under way.
                        Some(shared) => shared.tell(event),
                        None => host(event),
                    }
                });
                outbox::register(sender, on_gave_up)
            });
            let state = State {
                flow: Flow::new(settings.clone(), page(), wire::decode_job),
                strings: Rc::new(settings.strings.clone()),
                on_input,
                wake: None,
                in_flight: InFlight::default(),
                headers_provider,
                headers: settings.headers.clone(),
                listeners: listeners(weak),
                events,
                painted: None,
            };
            Shared {
                state: RefCell::new(state),
                queue: RefCell::default(),
                told: RefCell::default(),
                busy: Cell::new(false),
                closed: Cell::new(false),
                seen: Cell::new(None),
                looking: Cell::new(false),
                outlets,
            }
        });
        shared.feed(Input::Start);
        if is_hidden() {
            shared.feed(Input::Hidden(true));
        }
        Runtime(shared)
    }

    /// What the host may change without a new session: the words (theme, locale, strings:
    /// redrawn in place, the user's typing and the open challenge stay) and the headers (a
    /// renewed token, or a new provider): the next request and event carry them.
    pub fn update(&self, settings: Settings, headers_provider: Option<Function>) {
        let frame = {
            let Ok(mut state) = self.0.state.try_borrow_mut() else {
                return;
            };
            state.strings = Rc::new(settings.strings);
            state.headers_provider = headers_provider;
            state.headers = settings.headers.clone();
            if let Some(events) = &state.events {
                events.renew_headers(settings.headers.clone());
            }
            self.0.frame(&mut state)
        };
        self.0.show(frame);
        self.0.feed(Input::Headers(settings.headers));
    }

    /// Ends the widget: its open challenge is reported, its timers, requests and listeners
    /// go, and nothing more is shown. Safe to call twice.
    pub fn destroy(&self) {
        self.0.closed.set(true);
        self.0.feed(Input::Destroy);
    }
}

/// Feeds an input to the runtime behind `weak`, if it still exists.
fn feed(weak: &Weak<Shared>, input: Input) {
    if let Some(shared) = weak.upgrade() {
        shared.feed(input);
    }
}

/// pagehide, pageshow (back from the cache), visibilitychange, online: removed with the widget.
fn listeners(weak: &Weak<Shared>) -> Vec<Listener> {
    let (leave, back, visible, online) = (weak.clone(), weak.clone(), weak.clone(), weak.clone());
    [
        // Leaving the page with a challenge open closes it as ExpiredSession (keepalive POST).
        Listener::page_hide(move || {
            feed(&leave, Input::Leave);
            outbox::flush_all();
        }),
        // Back from the back-forward cache: the widget goes on, reading the job at once, and
        // the events that were on their way go again.
        Listener::page_restored(move |at| {
            feed(&back, Input::Return);
            outbox::resume_all(at);
        }),
        Listener::visibility(move |hidden| feed(&visible, Input::Hidden(hidden))),
        Listener::online(move || feed(&online, Input::Online)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

impl Shared {
    fn feed(self: &Rc<Self>, input: Input) {
        self.queue.borrow_mut().push_back(input);
        if self.busy.replace(true) {
            return;
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(input) = next else { break };
            let frame = self.handle(input);
            self.show(frame);
            self.flush_told();
        }
        self.busy.set(false);
    }

    /// Steps the flow and performs what it asks; the frame to show, if any.
    fn handle(self: &Rc<Self>, input: Input) -> Option<WidgetProps> {
        let destroy = input == Input::Destroy;
        let mut gone = None;
        let frame = {
            let mut state = self.state.borrow_mut();
            let effects = state.flow.step(input, now_ms(), jitter());
            for effect in effects {
                self.perform(&mut state, effect);
            }
            if destroy || self.closed.get() {
                gone = Some(teardown(&mut state));
                None
            } else {
                self.frame(&mut state)
            }
        };
        // Dropped outside the borrow: leaving the outbox may tell other widgets' hosts.
        drop(gone);
        frame
    }

    fn perform(self: &Rc<Self>, state: &mut State, effect: Effect) {
        let weak = Rc::downgrade(self);
        match effect {
            Effect::Request(purpose, request) => {
                let request = request.map_body(|body| wire::to_json_text(&body));
                // An answer's reply is heard even after the widget is destroyed: its verdict
                // says how the challenge ended (the flow waits for it, `Closing`).
                let keep = (purpose == Purpose::Answer).then(|| self.clone());
                let provider = state
                    .headers_provider
                    .clone()
                    .filter(|_| request.ask_headers);
                let Some(provider) = provider else {
                    // Leaves now, while the view is being built.
                    let reply = state.in_flight.send(request);
                    spawn_local(async move {
                        let reply = reply.await;
                        feed(&weak, Input::Replied(purpose, reply));
                        drop(keep);
                    });
                    return;
                };
                let in_flight = state.in_flight.clone();
                spawn_local(async move {
                    let reply = match provided_headers(&provider, request.timeout_ms).await {
                        Ok(provided) => {
                            let headers = request.headers.overridden_by(&provided);
                            // The widget's events go with the headers its requests have now.
                            if let Some(shared) = weak.upgrade() {
                                if let Ok(state) = shared.state.try_borrow() {
                                    if let Some(events) = &state.events {
                                        events
                                            .renew_headers(state.headers.overridden_by(&provided));
                                    }
                                }
                            }
                            in_flight.send(Request { headers, ..request }).await
                        }
                        Err(reply) => reply,
                    };
                    feed(&weak, Input::Replied(purpose, reply));
                    drop(keep);
                });
            }
            Effect::WakeAt(at) => {
                state.wake =
                    at.map(|at| Wake::after(at - now_ms(), move || feed(&weak, Input::Wake)));
            }
            Effect::Emit(event) => self.told.borrow_mut().push_back(event),
            Effect::PostEvent(event) => {
                if let Some(events) = &state.events {
                    events.enqueue(wire::to_json_text(&event));
                }
                self.told.borrow_mut().push_back(HostEvent::Event(event));
            }
        }
    }

    /// The view's props for now; after the frame of a new form generation is painted, a
    /// performance mark, and the flow hears of it (the outcome's `sentTimestamp`).
    fn frame(self: &Rc<Self>, state: &mut State) -> Option<WidgetProps> {
        if self.closed.get() {
            return None;
        }
        let view = state.flow.view(now_ms());
        let generation = view.generation;
        let new_frame = state.painted != Some(generation);
        // A challenge counts as shown once it is painted where the user can see it; a copy
        // hidden now looks again after the next frames it draws (every poll), until it is.
        let unseen = view.awaits_user() && self.seen.get() != Some(generation);
        if new_frame || (unseen && !self.looking.get()) {
            let first = state.painted.is_none();
            state.painted = Some(generation);
            let mark = new_frame.then(|| format!("mfa:painted:{}", view.state_name));
            self.looking.set(unseen);
            let weak = Rc::downgrade(self);
            after_next_paint(move || {
                if let Some(mark) = mark {
                    mark_performance(&mark);
                }
                if first {
                    feed(&weak, Input::FirstPainted);
                }
                let Some(shared) = weak.upgrade() else { return };
                shared.looking.set(false);
                if !unseen || shared.seen.get() == Some(generation) {
                    return;
                }
                match (shared.outlets.placement)() {
                    Placement::Seen => {
                        shared.seen.set(Some(generation));
                        shared.feed(Input::Painted);
                    }
                    Placement::Hidden => shared.feed(Input::PaintedHidden),
                    Placement::Detached => {}
                }
            });
        }
        Some(WidgetProps {
            view,
            strings: state.strings.clone(),
            on_input: state.on_input.clone(),
        })
    }

    fn show(&self, frame: Option<WidgetProps>) {
        if let Some(props) = frame.filter(|_| !self.closed.get()) {
            (self.outlets.show)(props);
        }
    }

    /// A host event from outside a step (an event given up): told now, or after the step
    /// under way.
    fn tell(self: &Rc<Self>, event: HostEvent) {
        self.told.borrow_mut().push_back(event);
        if !self.busy.get() {
            self.flush_told();
        }
    }

    fn flush_told(&self) {
        loop {
            let next = self.told.borrow_mut().pop_front();
            let Some(event) = next else { return };
            (self.outlets.host)(event);
        }
    }
}

/// What the host's `headers` provider gives for one request (it may return the headers or a
/// promise of them), read and checked as the config's `headers` are. A provider that throws,
/// rejects, gives what are not headers or takes longer than the request's timeout fails this
/// request like a network error (retried, told after `reconnectNoticeMs`), with its words.
async fn provided_headers(provider: &Function, timeout_ms: f64) -> Result<Pairs, Reply> {
    let failed = |why: String| Reply::Network(format!("the headers provider {why}"));
    let returned = provider
        .call0(&JsValue::UNDEFINED)
        .map_err(|e| failed(format!("threw: {}", message(&e))))?;
    // At most the request's timeout: a provider that never answers must not hold the widget.
    let late = Rc::new(std::cell::Cell::new(None::<Function>));
    let timer = Promise::new(&mut |resolve, _| late.set(Some(resolve)));
    let _deadline = late.take().map(|resolve| {
        Wake::after(timeout_ms, move || {
            let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_str("late"));
        })
    });
    let timed_out = JsValue::from_str("late");
    let race = Promise::race(&js_sys::Array::of2(&Promise::resolve(&returned), &timer));
    let value = JsFuture::from(race)
        .await
        .map_err(|e| failed(format!("failed: {}", message(&e))))?;
    if value == timed_out {
        return Err(failed("gave no headers in time".into()));
    }
    Config::read_provided_headers(wire::config_value(value))
        .map_err(|e| failed(format!("gave bad headers: {e}")))
}

fn message(error: &JsValue) -> String {
    wire::error_message(error).unwrap_or_else(|| "an error".into())
}

/// Everything a destroyed widget holds on the page: its timers and requests stop now (but an
/// answer on its way); its listeners and, once the flow has ended, its outbox registration are
/// handed back to be dropped outside the borrow (its unsent events still go out, with its
/// headers). While an answer's verdict is awaited the registration stays, for its outcome.
fn teardown(state: &mut State) -> (Vec<Listener>, Option<outbox::Registration>) {
    state.wake = None;
    state.in_flight.abort_all();
    let events = if state.flow.is_finished() {
        state.events.take()
    } else {
        None
    };
    (std::mem::take(&mut state.listeners), events)
}
