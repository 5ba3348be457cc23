//! Words for the job's `LastStep` / `LastStatus` values, so a waiting or failed job says what
//! the bank is doing in plain language. Unknown values are shown generically.

/// What the bank is doing while the job is at `step`.
pub fn step_activity(step: Option<&str>) -> &'static str {
    match step.map(str::trim).unwrap_or("") {
        "LogInPanel" => "Signing in to your bank…",
        "SecurityQuestionPanel" => "Checking your answers…",
        "TokenMethods" => "Asking your bank to send a code…",
        "TokenInput" => "Checking your code…",
        "AccountList" => "Finding your accounts…",
        "AccountSummary" => "Reading your account summary…",
        "TransactionTable" => "Reading recent transactions…",
        "DownloadDialog" => "Downloading your statements…",
        _ => "Connecting to your bank…",
    }
}

/// Where a failed job stopped, in words.
pub fn step_name(step: Option<&str>) -> &'static str {
    match step.map(str::trim).unwrap_or("") {
        "LogInPanel" => "signing in",
        "SecurityQuestionPanel" => "the security questions",
        "TokenMethods" => "choosing where to send the code",
        "TokenInput" => "checking the code",
        "AccountList" => "listing your accounts",
        "AccountSummary" => "reading the account summary",
        "TransactionTable" => "reading transactions",
        "DownloadDialog" => "downloading statements",
        _ => "an unknown step",
    }
}

/// Why a job failed, in words, from `LastStatus`.
pub fn status_reason(status: Option<&str>) -> &'static str {
    let status = status.map(str::trim).unwrap_or("").to_ascii_lowercase();
    match status.as_str() {
        "timeout" | "timedout" => "the bank took too long to answer",
        "incorrect" | "wronganswer" | "invalidcredentials" | "incorrectresponse" => {
            "the bank did not accept the answer"
        }
        "locked" | "accountlocked" => "the bank has locked the account",
        "" => "the bank gave no reason",
        _ => "the bank reported a problem",
    }
}

/// The full sentence shown when a job fails.
pub fn failure_message(step: Option<&str>, status: Option<&str>) -> String {
    format!(
        "We could not connect your account: {} while {}.",
        status_reason(status),
        step_name(step)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_steps() {
        assert_eq!(step_activity(Some("AccountList")), "Finding your accounts…");
        assert_eq!(step_activity(Some("<script>")), "Connecting to your bank…");
        assert_eq!(step_activity(None), "Connecting to your bank…");
        assert_eq!(
            failure_message(Some("TokenInput"), Some("Timeout")),
            "We could not connect your account: the bank took too long to answer while checking the code."
        );
        assert_eq!(
            failure_message(Some("Weird"), Some("Odd")),
            "We could not connect your account: the bank reported a problem while an unknown step."
        );
    }
}
