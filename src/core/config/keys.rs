//! Every key a host may give, in one table: where it sits, what it takes, the `<mfa-widget>`
//! attribute that sets it, whether changing it starts a new session, README's words for it,
//! and how it is read into [`Config`]. The reader works from this table alone;
//! `tests/surface.rs` holds the declarations, README's table and the element's attributes
//! to it. Adding a host option is a row here, its field in [`Config`], and the code using it.

use super::error::ConfigError;
use super::given::Given;
use super::reading::{joined, Reading};
use super::{Config, JobId};

/// What a key takes, as the host sees it (the declarations type it so).
#[cfg(any(test, not(target_arch = "wasm32")))]
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    Text,
    /// Text, or a number taken as its digits.
    TextOrNumber,
    Number,
    Flag,
    /// One of these spellings.
    Choice(fn() -> Vec<&'static str>),
    /// An object of strings, kept in order.
    Strings,
    /// An object of strings, or a function giving one (`headers`).
    StringsOrProvider,
    /// An object whose keys are the rows with this key's dotted path.
    Object,
    /// A function the host's events are delivered to (the shell keeps it).
    Callback,
}

/// One key of the configuration.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    /// The object it sits in, dotted: `""` for the config itself, `"kount.person"`.
    pub path: &'static str,
    pub name: &'static str,
    // What follows but `read` is for the checks of the published surface (`tests/surface.rs`)
    // and is not compiled into the shipped wasm, which reads by `path`, `name` and `read` alone.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub shape: Shape,
    /// The `<mfa-widget>` attribute that sets it (a flag's: by its presence).
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub attribute: Option<&'static str>,
    /// Changing it starts a new session; the look, the headers and the callbacks do not.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub session: bool,
    /// Words README's configuration table says of it.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub doc: &'static str,
    pub(super) read: Read,
}

/// Stores a value into the config, read by the row's own rule.
type Read = fn(&mut Config, &Reading, Given) -> Result<(), ConfigError>;

impl Key {
    /// `kount.person.emailAddress`.
    pub fn dotted(&self) -> String {
        joined(self.path, self.name)
    }

    /// Reads `given` into `config` (an object's keys: each by its own row).
    pub(super) fn read(&self, config: &mut Config, given: Given) -> Result<(), ConfigError> {
        let at = Reading::at(&self.dotted());
        (self.read)(config, &at, given)
    }
}

/// Reads an object's entries, each by its row; a key with no row is an error naming it.
pub(super) fn read_object(
    config: &mut Config,
    path: &str,
    entries: Vec<(String, Given)>,
) -> Result<(), ConfigError> {
    for (name, value) in entries {
        let key = keys_of(path)
            .find(|key| key.name == name)
            .ok_or_else(|| ConfigError::UnknownKey(joined(path, &name)))?;
        key.read(config, value)?;
    }
    Ok(())
}

/// An object key's value: `make` puts the object in the config, then each entry is read by
/// its row.
fn nested(
    config: &mut Config,
    at: &Reading,
    given: Given,
    make: fn(&mut Config),
) -> Result<(), ConfigError> {
    match at.object(given)? {
        Some(entries) => {
            make(config);
            read_object(config, at.key(), entries)
        }
        None => Ok(()),
    }
}

/// The rows of the object at `path` (`""`: the config), in the order given here.
pub fn keys_of(path: &str) -> impl Iterator<Item = &'static Key> + '_ {
    KEYS.iter().filter(move |key| key.path == path)
}

#[cfg(any(test, not(target_arch = "wasm32")))]
fn names<T: super::Named>() -> Vec<&'static str> {
    T::ALL.iter().map(|value| value.name()).collect()
}

/// A row; natively with all its columns, in the wasm with those the reader uses.
macro_rules! key {
    {
        path: $path:expr,
        name: $name:expr,
        shape: $shape:expr,
        attribute: $attribute:expr,
        session: $session:expr,
        doc: $doc:expr,
        read: $read:expr $(,)?
    } => {
        Key {
            path: $path,
            name: $name,
            #[cfg(any(test, not(target_arch = "wasm32")))]
            shape: $shape,
            #[cfg(any(test, not(target_arch = "wasm32")))]
            attribute: $attribute,
            #[cfg(any(test, not(target_arch = "wasm32")))]
            session: $session,
            #[cfg(any(test, not(target_arch = "wasm32")))]
            doc: $doc,
            read: $read,
        }
    };
}

/// A row whose value is text, stored where `field` says.
macro_rules! text {
    ($path:expr, $name:expr, $attribute:expr, $session:expr, $doc:expr, |$c:ident| $field:expr) => {
        key! {
            path: $path,
            name: $name,
            shape: Shape::Text,
            attribute: $attribute,
            session: $session,
            doc: $doc,
            read: |$c, r, v| {
                $field = r.text(v)?;
                Ok(())
            },
        }
    };
}

/// A row of the `poll` object: milliseconds.
macro_rules! interval {
    ($name:expr, $doc:expr, $field:ident) => {
        key! {
            path: "poll",
            name: $name,
            shape: Shape::Number,
            attribute: None,
            session: true,
            doc: $doc,
            read: |c, r, v| {
                c.poll_overrides().$field = r.number(v)?;
                Ok(())
            },
        }
    };
}

/// A callback row: a function the host's events of one kind are given to.
macro_rules! callback {
    ($name:expr) => {
        key! {
            path: "",
            name: $name,
            shape: Shape::Callback,
            attribute: None,
            session: false,
            doc: "callbacks, each with the event's `detail`",
            read: |_, r, v| r.callback(v),
        }
    };
}

/// The keys a host may give, objects before their keys.
pub const KEYS: &[Key] = &[
    key! {
        path: "",
        name: "jobId",
        shape: Shape::TextOrNumber,
        attribute: Some("job-id"),
        session: true,
        doc: "the aggregation job",
        read: |c, r, v| {
            c.job_id = match v {
                Given::Absent => None,
                Given::Text(text) => Some(JobId(text)),
                // A number is taken as its digits.
                Given::Number(n) if n.fract() == 0.0 && n.abs() < 9.007e15 => {
                    Some(JobId((n as i64).to_string()))
                }
                other => return Err(r.wrong("text", &other)),
            };
            Ok(())
        },
    },
    text!(
        "",
        "apiBase",
        Some("api-base"),
        true,
        "Job API base URL",
        |c| c.api_base
    ),
    text!(
        "",
        "eventsUrl",
        Some("events-url"),
        true,
        "where outcome events are posted",
        |c| c.events_url
    ),
    key! {
        path: "",
        name: "kount",
        shape: Shape::Object,
        attribute: None,
        session: true,
        doc: "",
        read: |c, r, v| {
            nested(c, r, v, |c| {
                c.kount_ids();
            })
        },
    },
    key! {
        path: "",
        name: "headers",
        shape: Shape::StringsOrProvider,
        attribute: None,
        session: false,
        doc: "extra request headers for the Job API and events",
        read: |c, r, v| {
            match v {
                Given::Function => c.headers_provider = true,
                other => c.headers = r.pairs(other)?,
            }
            Ok(())
        },
    },
    key! {
        path: "",
        name: "securityAnswerFormat",
        shape: Shape::Choice(names::<crate::core::job::answer::ListStyle>),
        attribute: None,
        session: true,
        doc: "for `SecurityAnswer`",
        read: |c, r, v| {
            c.security_answer_format = r.choice(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "successWhen",
        shape: Shape::Choice(names::<crate::core::job::challenge::SuccessWhen>),
        attribute: None,
        session: true,
        doc: "`AccountsReady`",
        read: |c, r, v| {
            c.success_when = r.choice(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "paths",
        shape: Shape::Object,
        attribute: None,
        session: true,
        doc: "",
        read: |c, r, v| {
            nested(c, r, v, |c| {
                c.endpoint_paths();
            })
        },
    },
    key! {
        path: "",
        name: "poll",
        shape: Shape::Object,
        attribute: None,
        session: true,
        doc: "",
        read: |c, r, v| {
            nested(c, r, v, |c| {
                c.poll_overrides();
            })
        },
    },
    key! {
        path: "",
        name: "eventShape",
        shape: Shape::Choice(names::<crate::core::kount::event::EventShape>),
        attribute: None,
        session: true,
        doc: "the standalone shape",
        read: |c, r, v| {
            c.event_shape = r.choice(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "failedAttemptEvent",
        shape: Shape::Flag,
        attribute: None,
        session: true,
        doc: "to not post a `failedAttempt` event",
        read: |c, r, v| {
            c.failed_attempt_event = r.flag(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "challengeTypeMap",
        shape: Shape::Strings,
        attribute: None,
        session: true,
        doc: "override the type map",
        read: |c, r, v| {
            c.challenge_type_map = r.pairs(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "challengeDeadlineMs",
        shape: Shape::Number,
        attribute: None,
        session: true,
        doc: "a client-side time limit for answering",
        read: |c, r, v| {
            c.challenge_deadline_ms = r.number(v)?;
            Ok(())
        },
    },
    text!("", "locale", Some("locale"), false, "a BCP 47 tag", |c| c
        .locale),
    key! {
        path: "",
        name: "strings",
        shape: Shape::Strings,
        attribute: None,
        session: false,
        doc: "per-string overrides by key",
        read: |c, r, v| {
            c.strings = r.pairs(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "theme",
        shape: Shape::Choice(names::<super::Theme>),
        attribute: Some("theme"),
        session: false,
        doc: "overrides `prefers-color-scheme`",
        read: |c, r, v| {
            c.theme = r.choice(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "credentials",
        shape: Shape::Choice(names::<crate::core::io::Credentials>),
        attribute: None,
        session: true,
        doc: "`fetch` credentials mode",
        read: |c, r, v| {
            c.credentials = r.choice(v)?;
            Ok(())
        },
    },
    key! {
        path: "",
        name: "cancelable",
        shape: Shape::Flag,
        attribute: Some("cancelable"),
        session: true,
        doc: "shows a Cancel action",
        read: |c, r, v| {
            c.cancelable = r.flag(v)?;
            Ok(())
        },
    },
    callback!("onChallenge"),
    callback!("onSubmit"),
    callback!("onSuccess"),
    callback!("onFailure"),
    callback!("onError"),
    callback!("onEvent"),
    callback!("onReady"),
    callback!("onCancel"),
    text!(
        "kount",
        "clientId",
        Some("kount-client-id"),
        true,
        "identifiers for the outcome events",
        |c| c.kount_ids().client_id
    ),
    text!(
        "kount",
        "sessionId",
        Some("session-id"),
        true,
        "identifiers for the outcome events",
        |c| c.kount_ids().session_id
    ),
    text!(
        "kount",
        "userId",
        Some("user-id"),
        true,
        "identifiers for the outcome events",
        |c| c.kount_ids().user_id
    ),
    text!(
        "kount",
        "userType",
        Some("user-type"),
        true,
        "identifiers for the outcome events",
        |c| c.kount_ids().user_type
    ),
    text!(
        "kount",
        "loginDecisionCorrelationId",
        Some("login-decision-correlation-id"),
        true,
        "identifiers for the outcome events",
        |c| c.kount_ids().login_decision_correlation_id
    ),
    text!(
        "kount",
        "eventType",
        None,
        true,
        "`eventType` (default `LOGIN`)",
        |c| c.kount_ids().event_type
    ),
    key! {
        path: "kount",
        name: "person",
        shape: Shape::Object,
        attribute: None,
        session: true,
        doc: "",
        read: |c, r, v| {
            nested(c, r, v, |c| {
                c.person();
            })
        },
    },
    text!(
        "kount",
        "username",
        None,
        true,
        "`username` of the `failedAttempt` event",
        |c| c.kount_ids().username
    ),
    text!(
        "kount.person",
        "emailAddress",
        None,
        true,
        "`person` of the standalone shape",
        |c| c.person().email_address
    ),
    text!(
        "kount.person",
        "phoneNumber",
        None,
        true,
        "`person` of the standalone shape",
        |c| c.person().phone_number
    ),
    text!(
        "paths",
        "getJob",
        None,
        true,
        "endpoint path overrides",
        |c| c.endpoint_paths().get_job
    ),
    text!(
        "paths",
        "securityAnswer",
        None,
        true,
        "endpoint path overrides",
        |c| c.endpoint_paths().security_answer
    ),
    text!(
        "paths",
        "tokenInput",
        None,
        true,
        "endpoint path overrides",
        |c| c.endpoint_paths().token_input
    ),
    text!(
        "paths",
        "captchaInput",
        None,
        true,
        "endpoint path overrides",
        |c| c.endpoint_paths().captcha_input
    ),
    interval!("afterSubmitMs", "after an answer", after_submit_ms),
    interval!("burstMs", "for `burstMs`", burst_ms),
    interval!("waitingMs", "while the bank works", waiting_ms),
    interval!("waitingMaxMs", "slowing to at most 2.8 s", waiting_max_ms),
    interval!("userTurnMs", "while the user thinks", user_turn_ms),
    interval!("hiddenMs", "while the tab is hidden", hidden_ms),
    interval!("errorBaseMs", "first retry within 1 s", error_base_ms),
    interval!("errorCapMs", "doubling up to 30 s", error_cap_ms),
    interval!(
        "requestTimeoutMs",
        "a request not answered in 10 s is aborted",
        request_timeout_ms
    ),
    interval!(
        "reconnectNoticeMs",
        "\"Reconnecting…\"",
        reconnect_notice_ms
    ),
];
