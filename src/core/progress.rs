//! The job's `LastStep` / `LastStatus` values in words (as [`Text`] keys, so they are
//! translated), so a waiting or failed job says what the bank is doing. Unknown values are
//! shown generically.

use super::strings::{Strings, Text};

/// What the bank is doing while the job is at `step`.
pub fn step_activity(step: Option<&str>) -> Text {
    match step.map(str::trim).unwrap_or("") {
        "LogInPanel" => Text::StepLogIn,
        "SecurityQuestionPanel" => Text::StepQuestions,
        "TokenMethods" => Text::StepMethods,
        "TokenInput" => Text::StepCode,
        "AccountList" => Text::StepAccounts,
        "AccountSummary" => Text::StepSummary,
        "TransactionTable" => Text::StepTransactions,
        "DownloadDialog" => Text::StepDownload,
        _ => Text::StepOther,
    }
}

/// Where a failed job stopped.
pub fn step_name(step: Option<&str>) -> Text {
    match step.map(str::trim).unwrap_or("") {
        "LogInPanel" => Text::WhereLogIn,
        "SecurityQuestionPanel" => Text::WhereQuestions,
        "TokenMethods" => Text::WhereMethods,
        "TokenInput" => Text::WhereCode,
        "AccountList" => Text::WhereAccounts,
        "AccountSummary" => Text::WhereSummary,
        "TransactionTable" => Text::WhereTransactions,
        "DownloadDialog" => Text::WhereDownload,
        _ => Text::WhereOther,
    }
}

/// Why a job failed, from `LastStatus`.
pub fn status_reason(status: Option<&str>) -> Text {
    let status = status.map(str::trim).unwrap_or("").to_ascii_lowercase();
    match status.as_str() {
        "timeout" | "timedout" => Text::ReasonTimeout,
        "incorrect" | "wronganswer" | "invalidcredentials" | "incorrectresponse" => {
            Text::ReasonIncorrect
        }
        "locked" | "accountlocked" => Text::ReasonLocked,
        "" => Text::ReasonNone,
        _ => Text::ReasonOther,
    }
}

/// The sentence for a failed job in English (for the host's `mfa:failure` message).
pub fn failure_message(step: Option<&str>, status: Option<&str>) -> String {
    Strings::default().failure(step, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_steps() {
        assert_eq!(step_activity(Some("AccountList")), Text::StepAccounts);
        assert_eq!(step_activity(Some("<script>")), Text::StepOther);
        assert_eq!(step_activity(None), Text::StepOther);
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
