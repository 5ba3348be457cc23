//! [`ConfigError`]: why a configuration cannot start a widget, naming the key at fault.

use crate::core::kount::event::InvalidField;
use std::fmt;

/// A configuration the widget cannot start with; each names the key at fault.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    NotAnObject,
    /// A key no version of the widget knows (a typo), with its path.
    UnknownKey(String),
    /// A value of the wrong type or spelling: the key's path and what was wrong.
    Invalid {
        key: String,
        reason: String,
    },
    MissingJobId,
    BadInterval(&'static str),
    /// A URL the page cannot resolve.
    BadUrl(&'static str),
    /// A URL that would carry answers or events in clear text over the network.
    ClearText(&'static str),
    /// A URL with a user name or password in it: `fetch` refuses every request to it.
    UserInfo(&'static str),
    /// `http:` (loopback) from an `https:` page: mixed content, which browsers block.
    MixedContent(&'static str),
    UnknownString(String),
    Event(InvalidField),
}

impl ConfigError {
    /// The config key at fault (`poll.waitingMs`, `strings.cancel`), when one is.
    pub fn key(&self) -> Option<String> {
        match self {
            ConfigError::NotAnObject => None,
            ConfigError::UnknownKey(key) | ConfigError::Invalid { key, .. } => Some(key.clone()),
            ConfigError::MissingJobId => Some("jobId".into()),
            ConfigError::BadInterval(key)
            | ConfigError::BadUrl(key)
            | ConfigError::ClearText(key)
            | ConfigError::UserInfo(key)
            | ConfigError::MixedContent(key) => Some((*key).into()),
            ConfigError::UnknownString(key) => Some(format!("strings.{key}")),
            ConfigError::Event(invalid) => Some(invalid.field.into()),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NotAnObject => f.write_str("mfa-widget: the config must be an object"),
            ConfigError::UnknownKey(key) => write!(f, "mfa-widget: unknown config key `{key}`"),
            ConfigError::Invalid { key, reason } => {
                write!(f, "mfa-widget: `{key}` is invalid: {reason}")
            }
            ConfigError::MissingJobId => {
                f.write_str("mfa-widget: `jobId` (attribute `job-id`) is required")
            }
            ConfigError::BadInterval(name) => {
                write!(
                    f,
                    "mfa-widget: `{name}` must be a number of milliseconds ≥ 50"
                )
            }
            ConfigError::BadUrl(key) => write!(f, "mfa-widget: `{key}` is not a URL"),
            ConfigError::ClearText(key) => write!(
                f,
                "mfa-widget: `{key}` must be https: (or http: on localhost)"
            ),
            ConfigError::UserInfo(key) => write!(
                f,
                "mfa-widget: `{key}` must not carry a user name or password (the browser refuses \
                 such a URL): send credentials in `headers`"
            ),
            ConfigError::MixedContent(key) => write!(
                f,
                "mfa-widget: `{key}` is http: on an https: page, which the browser blocks as \
                 mixed content: use https:"
            ),
            ConfigError::UnknownString(key) => write!(
                f,
                "mfa-widget: `strings.{key}` is not one of the documented string names"
            ),
            ConfigError::Event(invalid) => invalid.fmt(f),
        }
    }
}
