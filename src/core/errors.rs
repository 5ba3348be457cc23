//! What went wrong, as the host hears it (`mfa:error`'s and `onError`'s `code`): a closed set,
//! so that a host can tell "sign in again" from "wait" from "fix your config" without reading
//! words. README's table of codes, the declarations' union and the script's own codes are
//! checked against [`ErrorCode::ALL`] (`tests/surface.rs`).

/// One kind of trouble.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The config cannot start a widget (the detail names the `key`).
    ConfigInvalid,
    /// The Job API answered 401 or 403: the host's session is over.
    Unauthorized,
    /// The Job API answered 404 for this job.
    JobNotFound,
    /// The Job API has not been reached for a while (offline, DNS, CORS, timed out).
    Network,
    /// The Job API has answered with an error status for a while.
    ServerError,
    /// The Job API has sent what is not a job for a while (not JSON, too large).
    BadResponse,
    /// The bank refused the answer (`-1`); the user can try again.
    AnswerRejected,
    /// The answer could not be delivered, or its reply was unreadable; the user can try again.
    AnswerFailed,
    /// The Job API answered with a redirect, which the widget never follows (an answer and
    /// the host's headers go only where the config says); it keeps trying.
    RedirectRefused,
    /// A Kount event was given up (refused by the events endpoint, or too old).
    EventDropped,
    /// The wasm could not be fetched or was not the one the script was built with.
    WasmLoadFailed,
    /// The browser lacks what the widget needs (WebAssembly switched off, as in iOS Lockdown
    /// Mode; no shadow DOM or constructable stylesheets): the element says so.
    UnsupportedBrowser,
    /// A bug in the widget: every widget on the page has stopped.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::ConfigInvalid,
        ErrorCode::Unauthorized,
        ErrorCode::JobNotFound,
        ErrorCode::Network,
        ErrorCode::ServerError,
        ErrorCode::BadResponse,
        ErrorCode::AnswerRejected,
        ErrorCode::AnswerFailed,
        ErrorCode::RedirectRefused,
        ErrorCode::EventDropped,
        ErrorCode::WasmLoadFailed,
        ErrorCode::UnsupportedBrowser,
        ErrorCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ConfigInvalid => "config_invalid",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::JobNotFound => "job_not_found",
            ErrorCode::Network => "network",
            ErrorCode::ServerError => "server_error",
            ErrorCode::BadResponse => "bad_response",
            ErrorCode::AnswerRejected => "answer_rejected",
            ErrorCode::AnswerFailed => "answer_failed",
            ErrorCode::RedirectRefused => "redirect_refused",
            ErrorCode::EventDropped => "event_dropped",
            ErrorCode::WasmLoadFailed => "wasm_load_failed",
            ErrorCode::UnsupportedBrowser => "unsupported_browser",
            ErrorCode::Internal => "internal",
        }
    }

    /// Whether the widget has stopped for good (`fatal` in the detail): the host should
    /// remove it or start another; otherwise the widget goes on by itself.
    pub fn is_fatal(self) -> bool {
        matches!(
            self,
            ErrorCode::ConfigInvalid
                | ErrorCode::Unauthorized
                | ErrorCode::JobNotFound
                | ErrorCode::WasmLoadFailed
                | ErrorCode::UnsupportedBrowser
                | ErrorCode::Internal
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case_names() {
        let names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    }
}
