//! Kount's vocabulary for a challenge outcome (the seed's `challengeType` and `failureType`
//! enums), and the events and delivery built on it. Below the flow: nothing here knows how a
//! challenge is tracked, only what Kount is told about one.

pub mod delivery;
pub mod dispatcher;
pub mod event;
pub mod timeline;

/// Kount's `challengeType` values: every one the seed's enum allows (hosts may map to any of
/// them); the widget itself reports the ones it can tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeType {
    Captcha,
    Captcha2,
    Puzzle,
    SecretQuestion,
    EmailLink,
    EmailPin,
    TextPin,
    TextLink,
    MfaAppGoogle,
    MfaAppDuo,
    MfaAppIos,
    MfaAppAuthy,
    MfaAppMicrosoft,
    MfaAppLastPass,
    MfaAppOther,
}

impl ChallengeType {
    pub const ALL: [ChallengeType; 15] = [
        ChallengeType::Captcha,
        ChallengeType::Captcha2,
        ChallengeType::Puzzle,
        ChallengeType::SecretQuestion,
        ChallengeType::EmailLink,
        ChallengeType::EmailPin,
        ChallengeType::TextPin,
        ChallengeType::TextLink,
        ChallengeType::MfaAppGoogle,
        ChallengeType::MfaAppDuo,
        ChallengeType::MfaAppIos,
        ChallengeType::MfaAppAuthy,
        ChallengeType::MfaAppMicrosoft,
        ChallengeType::MfaAppLastPass,
        ChallengeType::MfaAppOther,
    ];

    /// The seed's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeType::Captcha => "Captcha",
            ChallengeType::Captcha2 => "Captcha2",
            ChallengeType::Puzzle => "Puzzle",
            ChallengeType::SecretQuestion => "SecretQuestion",
            ChallengeType::EmailLink => "EmailLink",
            ChallengeType::EmailPin => "EmailPIN",
            ChallengeType::TextPin => "TextPIN",
            ChallengeType::TextLink => "TextLink",
            ChallengeType::MfaAppGoogle => "MFAAppGoogle",
            ChallengeType::MfaAppDuo => "MFAAppDuo",
            ChallengeType::MfaAppIos => "MFAAppiOS",
            ChallengeType::MfaAppAuthy => "MFAAppAuthy",
            ChallengeType::MfaAppMicrosoft => "MFAAppMicrosoft",
            ChallengeType::MfaAppLastPass => "MFAAppLastPass",
            ChallengeType::MfaAppOther => "MFAAppOther",
        }
    }

    /// The type the seed spells so (exactly).
    pub fn parse(name: &str) -> Option<ChallengeType> {
        ChallengeType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The type of a token challenge from the delivery method's text (or, without a method list,
/// the `TokenInputName`): email → EmailPIN, text/SMS → TextPIN, a named app → its MFAApp*,
/// anything else (voice call, read-the-code) → MFAAppOther.
pub fn token_challenge_type(method: &str) -> ChallengeType {
    let m = method.to_ascii_lowercase();
    let has_word = |w: &str| {
        m.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|token| token == w)
    };
    if m.contains("email") || m.contains("e-mail") || has_word("mail") {
        ChallengeType::EmailPin
    } else if has_word("sms")
        || has_word("text")
        || has_word("texted")
        || m.contains("text message")
    {
        ChallengeType::TextPin
    } else if m.contains("google") {
        ChallengeType::MfaAppGoogle
    } else if has_word("duo") {
        ChallengeType::MfaAppDuo
    } else if m.contains("authy") {
        ChallengeType::MfaAppAuthy
    } else if m.contains("microsoft") {
        ChallengeType::MfaAppMicrosoft
    } else if m.contains("lastpass") {
        ChallengeType::MfaAppLastPass
    } else if has_word("ios") || m.contains("iphone") || m.contains("apple") {
        ChallengeType::MfaAppIos
    } else {
        ChallengeType::MfaAppOther
    }
}

/// Kount's `failureType` values the widget can observe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureType {
    TimedOut,
    IncorrectResponse,
    ExpiredSession,
    InvalidData,
    MissingData,
}

impl FailureType {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureType::TimedOut => "TimedOut",
            FailureType::IncorrectResponse => "IncorrectResponse",
            FailureType::ExpiredSession => "ExpiredSession",
            FailureType::InvalidData => "InvalidData",
            FailureType::MissingData => "MissingData",
        }
    }
}

/// One closed challenge, times on the monotonic clock.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub challenge_type: ChallengeType,
    /// `None` is Success.
    pub failure: Option<FailureType>,
    pub sent_ms: f64,
    pub completed_ms: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChallengeType::*;

    #[test]
    fn type_map_by_method_text() {
        let rows = [
            ("Email me at s*****@gmail.com", EmailPin),
            ("Send a code to my e-mail", EmailPin),
            ("Text me at ***-***-3800", TextPin),
            ("SMS to (***) ***-1234", TextPin),
            (
                "Send verification code by voice call to ***-***-3800",
                MfaAppOther,
            ),
            ("Google Authenticator", MfaAppGoogle),
            ("Duo Mobile push", MfaAppDuo),
            ("Authy", MfaAppAuthy),
            ("Microsoft Authenticator", MfaAppMicrosoft),
            ("LastPass Authenticator", MfaAppLastPass),
            ("Apple device (iOS)", MfaAppIos),
            ("Call me", MfaAppOther),
            ("", MfaAppOther),
            ("Context-sensitive code", MfaAppOther),
        ];
        for (method, expected) in rows {
            assert_eq!(token_challenge_type(method), expected, "{method}");
        }
    }

    #[test]
    fn every_challenge_type_the_seed_allows_and_no_other() {
        // The login-events seed: `challengeType | string Enum: …`, as it reads.
        let seed = r#""Captcha" "Captcha2" "Puzzle" "SecretQuestion" "EmailLink" "EmailPIN" "TextPIN" "TextLink" "MFAAppGoogle" "MFAAppDuo" "MFAAppiOS" "MFAAppAuthy" "MFAAppMicrosoft" "MFAAppLastPass" "MFAAppOther""#;
        let spelled: Vec<String> = ChallengeType::ALL
            .iter()
            .map(|t| format!("\"{}\"", t.as_str()))
            .collect();
        assert_eq!(spelled.join(" "), seed);
        for t in ChallengeType::ALL {
            assert_eq!(ChallengeType::parse(t.as_str()), Some(t));
        }
        assert_eq!(ChallengeType::parse("emailpin"), None);
    }
}
