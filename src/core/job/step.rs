//! The job's `LastStep` and `LastStatus`, decoded once into types: where the bank is in a
//! login, and how its last step ended. Both arrive as free text in any case and spacing;
//! values the widget does not know are kept as "other", never refused.

/// The steps of a login, in the order the bank walks through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastStep {
    LogInPanel,
    SecurityQuestionPanel,
    TokenMethods,
    TokenInput,
    AccountList,
    AccountSummary,
    TransactionTable,
    DownloadDialog,
    /// A step this widget does not know (shown generically, never ranked).
    Other,
}

impl LastStep {
    /// The known steps, in login order (the order [`LastStep::rank`] follows).
    pub const IN_ORDER: [LastStep; 8] = [
        LastStep::LogInPanel,
        LastStep::SecurityQuestionPanel,
        LastStep::TokenMethods,
        LastStep::TokenInput,
        LastStep::AccountList,
        LastStep::AccountSummary,
        LastStep::TransactionTable,
        LastStep::DownloadDialog,
    ];

    /// The seed's spelling.
    pub fn name(self) -> &'static str {
        match self {
            LastStep::LogInPanel => "LogInPanel",
            LastStep::SecurityQuestionPanel => "SecurityQuestionPanel",
            LastStep::TokenMethods => "TokenMethods",
            LastStep::TokenInput => "TokenInput",
            LastStep::AccountList => "AccountList",
            LastStep::AccountSummary => "AccountSummary",
            LastStep::TransactionTable => "TransactionTable",
            LastStep::DownloadDialog => "DownloadDialog",
            LastStep::Other => "",
        }
    }

    /// Reads a `LastStep` value: trimmed, any letter case; blank text is no step at all.
    pub fn parse(text: &str) -> Option<LastStep> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let known = LastStep::IN_ORDER
            .into_iter()
            .find(|step| step.name().eq_ignore_ascii_case(text));
        Some(known.unwrap_or(LastStep::Other))
    }

    /// Position in a login (0 = signing in); `None` for a step the widget does not know, which
    /// therefore never counts as "past" anything.
    pub fn rank(self) -> Option<usize> {
        LastStep::IN_ORDER.iter().position(|step| *step == self)
    }

    /// Whether the bank has gone on past `earlier` (both known, this one later).
    pub fn is_past(self, earlier: LastStep) -> bool {
        matches!((self.rank(), earlier.rank()), (Some(a), Some(b)) if a > b)
    }
}

/// How the last step ended, as far as the widget needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastStatus {
    /// The bank (or the user) ran out of time: `Timeout`, `TimedOut`, `Session timeout`, ….
    TimedOut,
    /// The bank refused what was typed: `Incorrect`, `WrongAnswer`, `InvalidCredentials`, ….
    Incorrect,
    /// The account is locked.
    Locked,
    /// `AccountsReady`: the login is done and the accounts can be read; the job may go on
    /// gathering transactions (a success for a host that asks `successWhen: "accountsReady"`).
    AccountsReady,
    /// Any other status (`Failed`, `Completed`, …).
    Other,
}

impl LastStatus {
    /// Why a job failed, as a host acts on it (`mfa:failure`'s `reason`): `timed_out` (ask
    /// again later), `incorrect` (what was typed was wrong), `locked` (the user must call the
    /// bank), or `other`.
    pub fn reason(status: Option<LastStatus>) -> &'static str {
        match status {
            Some(LastStatus::TimedOut) => "timed_out",
            Some(LastStatus::Incorrect) => "incorrect",
            Some(LastStatus::Locked) => "locked",
            Some(LastStatus::AccountsReady | LastStatus::Other) | None => "other",
        }
    }

    /// Reads a `LastStatus` value. One rule for every reader: letters and digits only, any
    /// case; a status that mentions a time-out is one. Blank text is no status at all.
    pub fn parse(text: &str) -> Option<LastStatus> {
        let word: String = text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if word.is_empty() {
            return None;
        }
        Some(if word.contains("timeout") || word.contains("timedout") {
            LastStatus::TimedOut
        } else if word.contains("locked") {
            LastStatus::Locked
        } else if word == "accountsready" {
            LastStatus::AccountsReady
        } else if matches!(
            word.as_str(),
            "incorrect" | "wronganswer" | "invalidcredentials" | "incorrectresponse"
        ) {
            LastStatus::Incorrect
        } else {
            LastStatus::Other
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_in_any_case_and_spacing() {
        let rows = [
            ("LogInPanel", Some(LastStep::LogInPanel)),
            ("  loginpanel ", Some(LastStep::LogInPanel)),
            ("TOKENINPUT", Some(LastStep::TokenInput)),
            ("DownloadDialog", Some(LastStep::DownloadDialog)),
            ("<script>", Some(LastStep::Other)),
            ("Log In Panel", Some(LastStep::Other)),
            ("", None),
            ("   ", None),
        ];
        for (text, expected) in rows {
            assert_eq!(LastStep::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn every_known_step_reads_back_and_ranks_in_login_order() {
        for (rank, step) in LastStep::IN_ORDER.into_iter().enumerate() {
            assert_eq!(LastStep::parse(step.name()), Some(step));
            assert_eq!(step.rank(), Some(rank));
        }
        assert_eq!(LastStep::Other.rank(), None);
        assert!(LastStep::AccountList.is_past(LastStep::TokenInput));
        assert!(!LastStep::TokenInput.is_past(LastStep::TokenInput));
        assert!(!LastStep::Other.is_past(LastStep::LogInPanel));
        assert!(!LastStep::AccountList.is_past(LastStep::Other));
    }

    #[test]
    fn statuses_by_one_rule() {
        let rows = [
            ("Timeout", Some(LastStatus::TimedOut)),
            ("timedout", Some(LastStatus::TimedOut)),
            ("Session timeout", Some(LastStatus::TimedOut)),
            ("TIMED_OUT", Some(LastStatus::TimedOut)),
            ("Incorrect", Some(LastStatus::Incorrect)),
            ("wrong answer", Some(LastStatus::Incorrect)),
            ("InvalidCredentials", Some(LastStatus::Incorrect)),
            ("Account locked", Some(LastStatus::Locked)),
            ("Failed", Some(LastStatus::Other)),
            ("Completed", Some(LastStatus::Other)),
            (" - ", None),
            ("", None),
        ];
        for (text, expected) in rows {
            assert_eq!(LastStatus::parse(text), expected, "{text:?}");
        }
    }
}
