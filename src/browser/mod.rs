//! The imperative shell: one module per browser concern, each thin. Nothing here decides
//! anything; decisions live in `crate::core`. `component` is the widget as a Yew component
//! for Rust apps, on the same runtime as `embed`'s `mount`.

pub mod clock;
pub mod component;
pub mod embed;
pub mod http;
pub mod outbox;
pub mod page;
pub mod runtime;
pub mod wire;
