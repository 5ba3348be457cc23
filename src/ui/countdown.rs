//! The time left to answer, when the host configured `challengeDeadlineMs`.

use crate::browser::clock::now_ms;
use gloo_timers::callback::Interval;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CountdownProps {
    /// The deadline on the monotonic clock (`performance.now()` milliseconds).
    pub deadline_ms: f64,
    /// The words around the time (`Text::TimeLeft`, with `{time}` in it).
    pub template: AttrValue,
}

#[function_component]
pub fn Countdown(props: &CountdownProps) -> Html {
    let now = use_state(now_ms);
    {
        let now = now.clone();
        // Re-render every second; the interval is dropped with the component.
        use_effect_with((), move |_| {
            let ticker = Interval::new(1_000, move || now.set(now_ms()));
            move || drop(ticker)
        });
    }
    let seconds = ((props.deadline_ms - *now) / 1000.0).ceil().max(0.0) as u32;
    let time = format!("{}:{:02}", seconds / 60, seconds % 60);
    html! {
        // A timer is not announced every second (role="timer" is polite-off by default).
        <p class="mfa-countdown" part="countdown" role="timer">
            { props.template.replace("{time}", &time) }
        </p>
    }
}
