//! The host's configuration as it arrives (`MfaWidget.mount(el, config)` or the element's
//! attributes): camelCase keys, every one optional here (`null`/`undefined` mean absent), an
//! unknown key or a value of the wrong type an error naming it. It is only read; what it
//! means is decided once, by [`crate::core::settings::Settings`].
//!
//! One serde visitor reads any value ([`Given`]); plain Rust then reads each key by its row of
//! [`keys::KEYS`], so an error names its key without a second decoding pass, and the page is
//! not sent a derived visitor per struct and field type (measured: README, Benchmark).

mod error;
mod given;
pub mod headers;
pub mod keys;
mod reading;

pub use error::ConfigError;
pub use given::Given;

use crate::core::io::Credentials;
use crate::core::job::answer::ListStyle;
use crate::core::job::challenge::SuccessWhen;
use crate::core::kount::event::{EventShape, KountIds, Person};
use crate::core::pairs::Pairs;

/// Widget configuration as the host gives it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The job; a number is taken as its digits.
    pub job_id: Option<JobId>,
    /// Base URL of the Job API; the page's origin when absent.
    pub api_base: Option<String>,
    /// Where outcome events go; none are posted when absent.
    pub events_url: Option<String>,
    pub kount: Option<KountIds>,
    /// Extra request headers (e.g. a short-lived bearer token) for the Job API and events.
    pub headers: Option<Pairs>,
    /// `headers` given as a function (a token provider): the shell calls it before each
    /// request and adds what it gives (see [`Config::read_provided_headers`]).
    pub headers_provider: bool,
    /// `"python"` to send `SecurityAnswer` as a Python list literal.
    pub security_answer_format: Option<ListStyle>,
    /// `"accountsReady"` to end in success at `LastStatus: AccountsReady`.
    pub success_when: Option<SuccessWhen>,
    pub paths: Option<EndpointPaths>,
    pub poll: Option<PollOverrides>,
    pub event_shape: Option<EventShape>,
    /// `false` to not report a sign-in the bank refused as a `failedAttempt` event.
    pub failed_attempt_event: Option<bool>,
    /// Overrides of the `challengeType` map: default type → type to send.
    pub challenge_type_map: Option<Pairs>,
    /// A client-side deadline for answering a challenge (TimedOut when it passes).
    pub challenge_deadline_ms: Option<f64>,
    /// `auto` (the default: the browser's languages, then the page's) or a BCP 47 tag.
    pub locale: Option<String>,
    /// Per-string overrides, by key (see `core::strings::Text::key`).
    pub strings: Option<Pairs>,
    pub theme: Option<Theme>,
    pub credentials: Option<Credentials>,
    /// `true` to offer the user a Cancel action (ends the open challenge, fires `onCancel`).
    pub cancelable: Option<bool>,
    // The callbacks are checked here and kept by the shell (functions).
}

/// The job id: text, or a number taken as its digits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobId(pub String);

/// `theme`: follow `prefers-color-scheme` (`auto`, the default) or force one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

/// Endpoint path overrides, for backends that proxy the Job API under other names; each is
/// relative to `apiBase` or an absolute URL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointPaths {
    pub get_job: Option<String>,
    pub security_answer: Option<String>,
    pub token_input: Option<String>,
    pub captcha_input: Option<String>,
}

/// Poll interval overrides in milliseconds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PollOverrides {
    pub after_submit_ms: Option<f64>,
    pub burst_ms: Option<f64>,
    pub waiting_ms: Option<f64>,
    pub waiting_max_ms: Option<f64>,
    pub user_turn_ms: Option<f64>,
    pub error_base_ms: Option<f64>,
    pub error_cap_ms: Option<f64>,
    pub request_timeout_ms: Option<f64>,
    pub hidden_ms: Option<f64>,
    pub reconnect_notice_ms: Option<f64>,
}

impl Config {
    /// What a `headers` provider gave (an object of strings), read and checked as the config's
    /// `headers` are; an error names the header at fault.
    pub fn read_provided_headers(given: Given) -> Result<Pairs, ConfigError> {
        let pairs = reading::Reading::at("headers").pairs(given)?;
        headers::checked(pairs.unwrap_or_default())
    }

    /// The config from what the host gave (an object), each key read by its row of
    /// [`keys::KEYS`].
    pub fn read(given: Given) -> Result<Config, ConfigError> {
        let Given::Object(entries) = given else {
            return Err(ConfigError::NotAnObject);
        };
        let mut config = Config::default();
        keys::read_object(&mut config, "", entries)?;
        Ok(config)
    }

    fn kount_ids(&mut self) -> &mut KountIds {
        self.kount.get_or_insert_with(Default::default)
    }

    fn person(&mut self) -> &mut Person {
        self.kount_ids().person.get_or_insert_with(Default::default)
    }

    fn poll_overrides(&mut self) -> &mut PollOverrides {
        self.poll.get_or_insert_with(Default::default)
    }

    fn endpoint_paths(&mut self) -> &mut EndpointPaths {
        self.paths.get_or_insert_with(Default::default)
    }
}

/// A setting spelled as one of a few names (`theme: "dark"`).
pub trait Named: Copy + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
}

impl Named for Theme {
    const ALL: &'static [Theme] = &[Theme::Auto, Theme::Light, Theme::Dark];
    fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl Named for Credentials {
    const ALL: &'static [Credentials] = &[
        Credentials::Omit,
        Credentials::SameOrigin,
        Credentials::Include,
    ];
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Named for ListStyle {
    const ALL: &'static [ListStyle] = &[ListStyle::Json, ListStyle::Python];
    fn name(self) -> &'static str {
        match self {
            ListStyle::Json => "json",
            ListStyle::Python => "python",
        }
    }
}

impl Named for SuccessWhen {
    const ALL: &'static [SuccessWhen] = &[SuccessWhen::Done, SuccessWhen::AccountsReady];
    fn name(self) -> &'static str {
        match self {
            SuccessWhen::Done => "done",
            SuccessWhen::AccountsReady => "accountsReady",
        }
    }
}

impl Named for EventShape {
    const ALL: &'static [EventShape] = &[EventShape::LoginEvent, EventShape::Standalone];
    fn name(self) -> &'static str {
        match self {
            EventShape::LoginEvent => "challengeOutcome",
            EventShape::Standalone => "v1ChallengeOutcomeEvent",
        }
    }
}

#[cfg(test)]
mod tests;
