//! The functional core: pure Rust, no `web_sys`, `gloo` or `yew`, no clock and no IO.
//! Everything here is tested natively with `cargo test`.
//!
//! Layers, each line using only those above it (`tests/layers.rs` holds the code to this
//! list, and finds no import circle anywhere in `src/`):
//! - [`pairs`]: string maps as JS objects send them; [`errors`]: host error codes; [`hex`];
//! - [`io`]: requests as data, replies as they came;
//! - [`job`]: the Job API: a snapshot decoded leniently, what it asks, the answers it takes;
//! - [`kount`]: Kount's outcome vocabulary, the events, their delivery policy and the outbox;
//! - [`strings`]: every word shown, per locale;
//! - [`config`]: the host's configuration as one table of keys, read and checked;
//! - [`settings`]: what the configuration means, decided once;
//! - [`flow`]: the reducer: which challenge is open, how it ended, when to read the job, what
//!   to send and what each reply means; on top.

pub mod config;
pub mod errors;
pub mod flow;
pub mod hex;
pub mod io;
pub mod job;
pub mod kount;
pub mod pairs;
pub mod settings;
pub mod strings;
