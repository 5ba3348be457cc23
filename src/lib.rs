//! mfa-widget: a drop-in multi-factor challenge widget for account-aggregation jobs.
//!
//! `core` is the pure, natively tested heart (decoding, derivation, polling policy, the
//! reducer). `browser` performs its effects (HTTP, timers, embedding) and `ui` renders it with
//! Yew; both exist only on `wasm32`. See ARCHITECTURE.md.

// A panic kills the widget: shipped code has no `unwrap`/`expect` (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The widget as a Yew component, for a Rust app: `html! { <MfaWidget settings={..} /> }`.
#[cfg(target_arch = "wasm32")]
pub use browser::component::{MfaWidget, MfaWidgetProps};

/// talc, single-threaded, growing the wasm memory as needed (see Cargo.toml for why not
/// std's dlmalloc).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
