//! What the host hears: each event the flow emits for the page (a DOM event and a config
//! callback), with its detail, written here (the shell only hands it over).

use crate::core::errors::ErrorCode;
use crate::core::job::step::{LastStatus, LastStep};
use crate::core::kount::event::KountEvent;
use serde::Serialize;

/// What the host page hears about (DOM events and callbacks).
#[derive(Clone, Debug, PartialEq)]
pub enum HostEvent {
    Challenge {
        kind: &'static str,
    },
    Submit {
        kind: &'static str,
    },
    /// The job logged in; `last_step` is where the bank got to (`AccountList`, …).
    Success {
        last_step: Option<LastStep>,
    },
    Failure {
        message: String,
        last_status: Option<LastStatus>,
        at: Whereabouts,
    },
    /// The first state was painted (`onReady`), once, in this language (`en`, `es`, `fr-CA`).
    Ready {
        locale: &'static str,
    },
    /// The user cancelled (`onCancel`), once; the widget has stopped.
    Cancel {
        at: Whereabouts,
    },
    Error {
        code: ErrorCode,
        message: String,
        /// The HTTP status of the reply at fault, when one came.
        status: Option<u16>,
        at: Whereabouts,
    },
    /// A Kount event: the body posted to `eventsUrl`.
    Event(Box<KountEvent>),
}

/// Where the widget was when it ended or went wrong, for the host's support and analytics
/// (Plaid's `onExit` metadata): the job's last `LastStep` and `LastStatus` as the job wrote it,
/// and the kind of the challenge the user had open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Whereabouts {
    pub last_step: Option<LastStep>,
    pub last_status: Option<String>,
    pub challenge: Option<&'static str>,
}

impl HostEvent {
    /// The DOM event the host hears it as, and the config callback it is given to (a
    /// callback row of [`crate::core::config::keys::KEYS`]).
    pub fn names(&self) -> (&'static str, &'static str) {
        match self {
            HostEvent::Challenge { .. } => ("mfa:challenge", "onChallenge"),
            HostEvent::Submit { .. } => ("mfa:submit", "onSubmit"),
            HostEvent::Success { .. } => ("mfa:success", "onSuccess"),
            HostEvent::Failure { .. } => ("mfa:failure", "onFailure"),
            HostEvent::Ready { .. } => ("mfa:ready", "onReady"),
            HostEvent::Cancel { .. } => ("mfa:cancel", "onCancel"),
            HostEvent::Error { .. } => ("mfa:error", "onError"),
            HostEvent::Event(_) => ("mfa:outcome", "onEvent"),
        }
    }

    /// The event's `detail` (README's event table): the outcome event's body as it is posted;
    /// for the others, the job, this widget's session id (one per widget started: for support,
    /// with the host's logs) and what the event says.
    pub fn detail<'a>(&'a self, job_id: &'a str, widget_session_id: &'a str) -> Detail<'a> {
        let mut detail = WidgetDetail {
            job_id,
            widget_session_id,
            ..WidgetDetail::default()
        };
        match self {
            HostEvent::Event(body) => return Detail::Outcome(body.as_ref()),
            HostEvent::Challenge { kind } | HostEvent::Submit { kind } => detail.kind = Some(kind),
            HostEvent::Success { last_step } => detail.last_step = Some(step_name(*last_step)),
            HostEvent::Failure {
                message,
                last_status,
                at,
            } => {
                detail.reason = Some(LastStatus::reason(*last_status));
                detail.message = Some(message);
                detail.at(at);
            }
            HostEvent::Ready { locale } => detail.locale = Some(locale),
            HostEvent::Cancel { at } => detail.at(at),
            HostEvent::Error {
                code,
                message,
                status,
                at,
            } => {
                detail.code = Some(code.as_str());
                detail.message = Some(message);
                detail.fatal = Some(code.is_fatal());
                detail.status = *status;
                detail.at(at);
            }
        }
        Detail::Widget(detail)
    }
}

/// An event's `detail`, as JSON.
#[derive(Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Detail<'a> {
    Outcome(&'a KountEvent),
    Widget(WidgetDetail<'a>),
}

/// The `detail` of every event but `mfa:outcome`: each field present only on the events that
/// carry it (`lastStep` and `challenge` may be `null` there).
#[derive(Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetDetail<'a> {
    job_id: &'a str,
    widget_session_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fatal: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_step: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_status: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    challenge: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'a str>,
}

impl<'a> WidgetDetail<'a> {
    fn at(&mut self, at: &'a Whereabouts) {
        self.last_step = Some(step_name(at.last_step));
        self.last_status = Some(at.last_status.as_deref());
        self.challenge = Some(at.challenge);
    }
}

/// `lastStep`: the job's `LastStep`, `"other"` for one the widget does not know, or `null`.
fn step_name(step: Option<LastStep>) -> Option<&'static str> {
    step.map(|step| match step.name() {
        "" => "other",
        name => name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn detail(event: &HostEvent) -> serde_json::Value {
        serde_json::to_value(event.detail("job-1", "w-1")).unwrap()
    }

    #[test]
    fn each_event_says_what_it_carries() {
        let at = Whereabouts {
            last_step: Some(LastStep::TokenInput),
            last_status: Some("Waiting".into()),
            challenge: Some("tokenCode"),
        };
        let nowhere = Whereabouts::default();
        let ids = json!({"jobId": "job-1", "widgetSessionId": "w-1"});
        let with = |more: serde_json::Value| {
            let mut all = ids.clone();
            all.as_object_mut()
                .unwrap()
                .extend(more.as_object().unwrap().clone());
            all
        };
        let rows = [
            (
                HostEvent::Ready { locale: "fr-CA" },
                with(json!({"locale": "fr-CA"})),
            ),
            (
                HostEvent::Challenge { kind: "tokenCode" },
                with(json!({"kind": "tokenCode"})),
            ),
            (
                HostEvent::Success { last_step: None },
                with(json!({"lastStep": null})),
            ),
            (
                HostEvent::Cancel { at: at.clone() },
                with(
                    json!({"lastStep": "TokenInput", "lastStatus": "Waiting", "challenge": "tokenCode"}),
                ),
            ),
            (
                HostEvent::Cancel {
                    at: nowhere.clone(),
                },
                with(json!({"lastStep": null, "lastStatus": null, "challenge": null})),
            ),
            (
                HostEvent::Failure {
                    message: "We could not connect your account.".into(),
                    last_status: Some(LastStatus::Locked),
                    at: at.clone(),
                },
                with(
                    json!({"reason": "locked", "message": "We could not connect your account.",
                    "lastStep": "TokenInput", "lastStatus": "Waiting", "challenge": "tokenCode"}),
                ),
            ),
            (
                HostEvent::Error {
                    code: ErrorCode::Unauthorized,
                    message: "session expired".into(),
                    status: Some(401),
                    at: nowhere,
                },
                with(json!({"code": "unauthorized", "fatal": true, "status": 401,
                    "message": "session expired", "lastStep": null, "lastStatus": null, "challenge": null})),
            ),
        ];
        for (event, expected) in rows {
            assert_eq!(detail(&event), expected, "{event:?}");
        }
    }
}
