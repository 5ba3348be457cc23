//! The root component: owns the core's [`Flow`], feeds it inputs, performs its effects
//! (HTTP through `browser::http`, wake-ups through `browser::clock`) and renders its state.

use super::captcha::{Captcha, UnreadableCaptcha};
use super::notice::Notice;
use super::outcome::Outcome;
use super::progress::Progress;
use super::security_questions::SecurityQuestions;
use super::token_code::TokenCode;
use super::token_methods::TokenMethods;
use super::verify_phone::VerifyPhone;
use crate::browser::clock::{jitter, now_ms, Wake};
use crate::browser::http::{decode_job, endpoint_url, post_json, HttpError};
use crate::core::answer::{job_request_body, parse_reply, Answer, Endpoint};
use crate::core::challenge::Challenge;
use crate::core::config::Config;
use crate::core::flow::{Effect, Flow, HostEvent, Input, JobError};
use std::rc::Rc;
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
}

impl Component for Widget {
    type Message = Input;
    type Properties = WidgetProps;

    fn create(ctx: &Context<Self>) -> Self {
        let intervals = ctx.props().config.intervals().unwrap_or_default();
        ctx.link().send_message(Input::Start);
        Widget {
            flow: Flow::new(intervals),
            wake: None,
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
        let sending = self.flow.sending;
        let key = self.flow.generation.to_string();
        let body = match &self.flow.challenge {
            None => html! { <Progress last_step={None::<String>} /> },
            Some(Challenge::SecurityQuestions(questions)) => html! {
                <SecurityQuestions {key} questions={questions.clone()} {sending} {on_answer} />
            },
            Some(Challenge::TokenMethods(methods)) => html! {
                <TokenMethods {key} methods={methods.clone()} {sending} {on_answer} />
            },
            Some(Challenge::TokenCode(kind)) => html! {
                <TokenCode {key} kind={kind.clone()} {sending} {on_answer} />
            },
            Some(Challenge::ReadCode(code)) => html! {
                <VerifyPhone {key} code={code.clone()} {sending} {on_answer} />
            },
            Some(Challenge::Captcha(Ok(image))) => html! {
                <Captcha {key} image={image.clone()} {sending} {on_answer} />
            },
            Some(Challenge::Captcha(Err(_))) => html! { <UnreadableCaptcha /> },
            Some(Challenge::Waiting { last_step }) => {
                html! { <Progress last_step={last_step.clone()} /> }
            }
            Some(Challenge::Succeeded) => {
                html! { <Outcome succeeded=true last_step={None::<String>} last_status={None::<String>} /> }
            }
            Some(Challenge::Failed {
                last_step,
                last_status,
            }) => html! {
                <Outcome succeeded=false last_step={last_step.clone()} last_status={last_status.clone()} />
            },
        };
        let notice = self
            .flow
            .notice
            .clone()
            .map(|notice| html! { <Notice {notice} /> });
        html! {
            <section class="mfa-card" part="card" aria-label="Verify your identity with your bank"
                data-state={self.flow.challenge.as_ref().map(Challenge::kind_name).unwrap_or("loading")}>
                { for notice }
                { body }
            </section>
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.flow.step(Input::Destroy, now_ms(), 0.0);
        self.wake = None;
    }
}

impl Widget {
    fn perform(&mut self, ctx: &Context<Self>, effect: Effect) {
        let config = &ctx.props().config;
        match effect {
            Effect::FetchJob => {
                let url = endpoint_url(config.api_base.as_deref(), config.path(Endpoint::GetJob));
                let headers = config.headers.clone();
                let body = job_request_body(&config.job_id);
                let link = ctx.link().clone();
                spawn_local(async move {
                    let result = match post_json(&url, &headers, body).await {
                        Ok(text) => decode_job(&text).map_err(JobError::Decode),
                        Err(HttpError::Status(status)) => Err(JobError::Status(status)),
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
        }
    }

    /// Sends an answer. The answer itself is consumed here: only its JSON body lives on, until
    /// the request is done.
    fn send(&self, ctx: &Context<Self>, answer: Answer) {
        let config = &ctx.props().config;
        let url = endpoint_url(config.api_base.as_deref(), config.path(answer.endpoint()));
        let body = answer.body(&config.job_id, config.list_style());
        drop(answer);
        let headers = config.headers.clone();
        let link = ctx.link().clone();
        spawn_local(async move {
            let result = match post_json(&url, &headers, body).await {
                Ok(text) => Ok(parse_reply(&text)),
                Err(HttpError::Status(status)) => {
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
