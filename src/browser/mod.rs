//! The imperative shell: one module per browser concern, each thin. Nothing here decides
//! anything; decisions live in `crate::core`.

pub mod clock;
pub mod embed;
pub mod http;
pub mod outbox;
pub mod page;
pub mod runtime;
pub mod wire;
