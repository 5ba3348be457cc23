//! The functional core: pure Rust, no `web_sys`, `gloo` or `yew`, no clock and no IO.
//! Everything here is tested natively with `cargo test`.

pub mod answer;
pub mod captcha;
pub mod challenge;
pub mod config;
pub mod delivery;
pub mod event;
pub mod flow;
pub mod job;
pub mod lenient;
pub mod list;
pub mod outcome;
pub mod pairs;
pub mod poll;
pub mod progress;
pub mod settings;
pub mod strings;
pub mod timeline;
