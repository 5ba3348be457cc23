//! What a raw reply means to the flow: a job, or why there is none; an answer's verdict, or
//! why it was not delivered. The words are the host's (`mfa:error`'s `message`).

use super::DecodeJob;
use crate::core::errors::ErrorCode;
use crate::core::io::{is_success, Reply};
use crate::core::job::answer::{parse_verdict, Verdict};
use crate::core::job::{DecodeError, Job};

/// Why a job read gave no job.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum JobError {
    Network(String),
    /// A non-2xx status, with the wait its `Retry-After` asked for, if any.
    Status(u16, Option<f64>),
    /// The Job API answered with a redirect, which is never followed.
    Redirected,
    Decode(DecodeError),
}

impl JobError {
    /// Its code for the host.
    pub(super) fn code(&self) -> ErrorCode {
        match self {
            JobError::Status(401 | 403, _) => ErrorCode::Unauthorized,
            JobError::Status(404, _) => ErrorCode::JobNotFound,
            JobError::Status(..) => ErrorCode::ServerError,
            JobError::Network(_) => ErrorCode::Network,
            JobError::Redirected => ErrorCode::RedirectRefused,
            JobError::Decode(_) => ErrorCode::BadResponse,
        }
    }

    /// What the host is told.
    pub(super) fn message(&self) -> String {
        match self {
            JobError::Status(401 | 403, _) => {
                "session expired: the job service answered 401/403".into()
            }
            JobError::Status(404, _) => "job not found: the job service answered 404".into(),
            JobError::Status(code, _) => format!("the job service answered HTTP {code}"),
            JobError::Network(reason) => format!("cannot reach the job service: {reason}"),
            JobError::Redirected => "the job service answered with a redirect, which the widget \
                                     does not follow: set apiBase to the address it redirects to"
                .into(),
            JobError::Decode(error) => error.to_string(),
        }
    }
}

/// A job read's reply.
pub(super) fn job(reply: Reply, decode: DecodeJob) -> Result<Job, JobError> {
    match reply {
        Reply::Response { status, body, .. } if is_success(status) => {
            decode(&body).map_err(JobError::Decode)
        }
        Reply::TooLarge { status } if is_success(status) => {
            Err(JobError::Decode(DecodeError::TooLarge))
        }
        Reply::Response {
            status,
            retry_after,
            ..
        } => Err(JobError::Status(
            status,
            retry_after.and_then(|r| r.wait_ms()),
        )),
        Reply::TooLarge { status } => Err(JobError::Status(status, None)),
        Reply::TimedOut => Err(JobError::Network("no answer in time".into())),
        Reply::Network(reason) => Err(JobError::Network(reason)),
        Reply::Redirected => Err(JobError::Redirected),
    }
}

/// An answer endpoint's reply: its verdict, or what went wrong (the host's words).
pub(super) fn verdict(reply: Reply) -> Result<Verdict, String> {
    match reply {
        Reply::Response { status, body, .. } if is_success(status) => Ok(parse_verdict(&body)),
        Reply::TooLarge { status } if is_success(status) => {
            Err("the answer service sent too much".into())
        }
        Reply::Response { status, .. } | Reply::TooLarge { status } => {
            Err(format!("the answer service answered HTTP {status}"))
        }
        Reply::TimedOut => Err("cannot reach the answer service: no answer in time".into()),
        Reply::Network(reason) => Err(format!("cannot reach the answer service: {reason}")),
        Reply::Redirected => Err("the answer service answered with a redirect, which the \
                                  widget does not follow: the answer was not sent on"
            .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::io::RetryAfter;

    fn decode(text: &str) -> Result<Job, DecodeError> {
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|_| DecodeError::NotJson)
            .and_then(Job::decode)
    }

    fn response(status: u16, body: &str) -> Reply {
        Reply::Response {
            status,
            retry_after: None,
            body: body.into(),
        }
    }

    #[test]
    fn job_reads() {
        let waited = Reply::Response {
            status: 429,
            retry_after: Some(RetryAfter {
                value: "7".into(),
                date_ms: None,
                received_wall_ms: 0.0,
            }),
            body: "slow down".into(),
        };
        let rows: Vec<(Reply, Result<(), JobError>)> = vec![
            (response(200, r#"{"JobID":"j"}"#), Ok(())),
            (response(203, r#"{"JobID":"j"}"#), Ok(())),
            (
                response(200, "<html>"),
                Err(JobError::Decode(DecodeError::NotJson)),
            ),
            (waited, Err(JobError::Status(429, Some(7_000.0)))),
            (response(503, "{}"), Err(JobError::Status(503, None))),
            (
                Reply::TooLarge { status: 200 },
                Err(JobError::Decode(DecodeError::TooLarge)),
            ),
            (
                Reply::TooLarge { status: 500 },
                Err(JobError::Status(500, None)),
            ),
            (
                Reply::TimedOut,
                Err(JobError::Network("no answer in time".into())),
            ),
            (
                Reply::Network("offline".into()),
                Err(JobError::Network("offline".into())),
            ),
            (Reply::Redirected, Err(JobError::Redirected)),
        ];
        for (reply, expected) in rows {
            let got = job(reply.clone(), decode).map(|_| ());
            assert_eq!(got, expected, "{reply:?}");
        }
    }

    #[test]
    fn verdicts() {
        let rows: Vec<(Reply, Result<Verdict, &str>)> = vec![
            (response(200, "0"), Ok(Verdict::Accepted)),
            (response(200, "\"-1\""), Ok(Verdict::Rejected)),
            (response(200, "<html>"), Ok(Verdict::Unexpected)),
            (
                response(500, "0"),
                Err("the answer service answered HTTP 500"),
            ),
            (
                Reply::TooLarge { status: 401 },
                Err("the answer service answered HTTP 401"),
            ),
            (
                Reply::TooLarge { status: 200 },
                Err("the answer service sent too much"),
            ),
            (
                Reply::TimedOut,
                Err("cannot reach the answer service: no answer in time"),
            ),
            (
                Reply::Network("offline".into()),
                Err("cannot reach the answer service: offline"),
            ),
            (
                Reply::Redirected,
                Err(
                    "the answer service answered with a redirect, which the widget does not \
                     follow: the answer was not sent on",
                ),
            ),
        ];
        for (reply, expected) in rows {
            let got = verdict(reply.clone());
            assert_eq!(got, expected.map_err(String::from), "{reply:?}");
        }
    }

    #[test]
    fn codes_and_messages_name_what_happened() {
        use ErrorCode::*;
        let rows = [
            (
                JobError::Status(401, None),
                Unauthorized,
                "session expired: the job service answered 401/403",
            ),
            (
                JobError::Status(403, None),
                Unauthorized,
                "session expired: the job service answered 401/403",
            ),
            (
                JobError::Status(404, None),
                JobNotFound,
                "job not found: the job service answered 404",
            ),
            (
                JobError::Status(502, Some(1.0)),
                ServerError,
                "the job service answered HTTP 502",
            ),
            (
                JobError::Network("offline".into()),
                Network,
                "cannot reach the job service: offline",
            ),
            (
                JobError::Redirected,
                RedirectRefused,
                "the job service answered with a redirect, which the widget does not follow: \
                 set apiBase to the address it redirects to",
            ),
            (
                JobError::Decode(DecodeError::NotJson),
                BadResponse,
                "the job service sent something that is not JSON",
            ),
        ];
        for (error, code, message) in rows {
            assert_eq!(
                (error.code(), error.message().as_str()),
                (code, message),
                "{error:?}"
            );
        }
    }
}
