//! Scripted bank scenarios: each is a list of stages the job walks through, one per answer.

use serde::Serialize;

/// How a scenario writes its fields: as the seed documents them (`"True"`, Python-literal
/// lists, `"1"` flags) or as tidy JSON (`true`, JSON-array strings).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldFormat {
    Seed,
    Json,
}

/// One step of a scenario, shown to the widget until it is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    Questions(Vec<String>),
    Methods(Vec<String>),
    /// `TokenSentFlag` true with this `TokenInputName`.
    Code(String),
    /// `TokenRead`: a code to read to the bank's caller.
    ReadCode(String),
    /// `CaptchaImage` (base64) and the text it shows.
    Captcha {
        image_base64: String,
        answer: String,
    },
    Succeed,
    Fail {
        last_step: String,
        last_status: String,
    },
}

impl Stage {
    /// Terminal stages take no answers.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Stage::Succeed | Stage::Fail { .. })
    }

    /// The `LastStep` the bank reports while this stage is shown or being checked.
    pub fn last_step(&self) -> &str {
        match self {
            Stage::Questions(_) => "SecurityQuestionPanel",
            Stage::Methods(_) => "TokenMethods",
            Stage::Code(_) | Stage::ReadCode(_) => "TokenInput",
            Stage::Captcha { .. } => "LogInPanel",
            Stage::Succeed => "AccountList",
            Stage::Fail { last_step, .. } => last_step,
        }
    }
}

/// A named script.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: &'static str,
    pub description: &'static str,
    pub format: FieldFormat,
    pub stages: Vec<Stage>,
}

/// What `/sandbox/scenarios` lists.
#[derive(Serialize)]
pub struct ScenarioInfo {
    pub name: &'static str,
    pub description: &'static str,
}

pub const SEED_QUESTIONS: &str = "['what is your favorite color?', 'what is your favorite fruit?']";
pub const SEED_METHODS: &str =
    r#"["Email me at s*****@gmail.com", "Send verification code by voice call to ***-***-3800"]"#;
/// The digits the captcha image shows.
pub const CAPTCHA_TEXT: &str = "4821";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn captcha_stage() -> Stage {
    Stage::Captcha {
        image_base64: mfa_widget::core::job::captcha::encode_base64(&crate::png::digits_png(
            CAPTCHA_TEXT,
            6,
        )),
        answer: CAPTCHA_TEXT.to_string(),
    }
}

fn methods() -> Stage {
    Stage::Methods(mfa_widget::core::job::list::parse_list(SEED_METHODS))
}

fn questions() -> Stage {
    Stage::Questions(mfa_widget::core::job::list::parse_list(SEED_QUESTIONS))
}

/// Every scenario the sandbox knows.
pub fn all() -> Vec<Scenario> {
    use FieldFormat::*;
    vec![
        Scenario {
            name: "escaped-text",
            description: "Text that keeps the bank page's character references (mother&#39;s), \
                          as the vendor's sample job does",
            format: Json,
            stages: vec![
                Stage::Questions(strings(&[
                    "What is your mother&#39;s middle name",
                    "&lt;b&gt;City&lt;/b&gt; of birth &amp; year",
                ])),
                Stage::Methods(strings(&[
                    "Email me at s&#42;&#42;&#42;@gmail.com",
                    "Call &quot;Home&quot; &ndash; ***-3800",
                ])),
                Stage::Code("Code from your bank&#x27;s app".into()),
                Stage::Succeed,
            ],
        },
        Scenario {
            name: "security-questions",
            description: "Two security questions, then connected",
            format: Json,
            stages: vec![questions(), Stage::Succeed],
        },
        Scenario {
            name: "token",
            description: "Choose where to send a code, enter it, connected",
            format: Json,
            stages: vec![methods(), Stage::Code("Token".into()), Stage::Succeed],
        },
        Scenario {
            name: "pin",
            description: "The bank asks for a personal PIN",
            format: Json,
            stages: vec![Stage::Code("PIN".into()), Stage::Succeed],
        },
        Scenario {
            name: "verify-phone",
            description: "The bank calls; read the code to the caller and press Verify phone",
            format: Json,
            stages: vec![Stage::ReadCode("482913".into()), Stage::Succeed],
        },
        Scenario {
            name: "captcha",
            description: "Type the digits in a picture",
            format: Json,
            stages: vec![captcha_stage(), Stage::Succeed],
        },
        Scenario {
            name: "multi-step",
            description: "Captcha, security questions, then a code by email",
            format: Json,
            stages: vec![captcha_stage(), questions(), methods(), Stage::Code("Token".into()), Stage::Succeed],
        },
        Scenario {
            name: "wrong-answer",
            description: "The bank rejects the first answers and asks new questions",
            format: Json,
            stages: vec![
                questions(),
                Stage::Questions(strings(&["In what city were you born?", "What's the name of your first pet?"])),
                Stage::Succeed,
            ],
        },
        Scenario {
            name: "standard",
            description: "The benchmark's run: security questions, a code by email, connected",
            format: Json,
            stages: vec![questions(), methods(), Stage::Code("Token".into()), Stage::Succeed],
        },
        Scenario {
            name: "job-fails",
            description: "The bank times out while checking the code",
            format: Json,
            stages: vec![
                Stage::Code("Token".into()),
                Stage::Fail { last_step: "TokenInput".into(), last_status: "Timeout".into() },
            ],
        },
        Scenario {
            name: "login-refused",
            description: "The bank refuses the sign-in itself: no challenge, a failedAttempt event",
            format: Json,
            stages: vec![Stage::Fail {
                last_step: "LogInPanel".into(),
                last_status: "InvalidCredentials".into(),
            }],
        },
        Scenario {
            name: "seed-format",
            description: "Every field exactly as the seed documents it (Python lists, \"True\", \"1\")",
            format: Seed,
            stages: vec![
                Stage::Questions(strings(&["what's your first pet?", "what is your favorite fruit?"])),
                methods(),
                Stage::Code("Token".into()),
                Stage::Succeed,
            ],
        },
        Scenario {
            name: "bad-captcha",
            description: "The bank sends an SVG with script as its captcha: never shown",
            format: Json,
            stages: vec![
                Stage::Captcha {
                    image_base64: mfa_widget::core::job::captcha::encode_base64(
                        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(2)</script></svg>",
                    ),
                    answer: String::new(),
                },
                Stage::Succeed,
            ],
        },
    ]
}

/// Server text a bank website could carry: markup, script, bidi controls, a huge string.
pub fn hostile_questions() -> Vec<String> {
    strings(&[
        "<img src=x onerror=alert(1)> What is your <b>pet</b>?",
        "<script>alert('x')</script>",
        "\u{202E}?eman nedriam s'rehtom ruoy si tahW",
    ])
    .into_iter()
    .chain(std::iter::once(format!("Long {}?", "x".repeat(10_000))))
    .collect()
}

fn bad_captcha(name: &'static str, description: &'static str, bytes: Vec<u8>) -> Scenario {
    Scenario {
        name,
        description,
        format: FieldFormat::Json,
        stages: vec![
            Stage::Captcha {
                image_base64: mfa_widget::core::job::captcha::encode_base64(&bytes),
                answer: String::new(),
            },
            Stage::Succeed,
        ],
    }
}

/// Scenarios that attack the widget with what it renders.
fn hostile() -> Vec<Scenario> {
    let png = crate::png::digits_png("1234", 2);
    let random: Vec<u8> = (0u32..600)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    vec![
        Scenario {
            name: "hostile-text",
            description:
                "Questions with HTML, script, bidi controls and 10,000 characters; 300 methods",
            format: FieldFormat::Json,
            stages: vec![
                Stage::Questions(hostile_questions()),
                Stage::Methods((0..300).map(|i| format!("<i>Method</i> {i}")).collect()),
                Stage::Succeed,
            ],
        },
        bad_captcha(
            "captcha-html",
            "A captcha that is an HTML page",
            b"<!doctype html><script>alert(1)</script>".to_vec(),
        ),
        bad_captcha(
            "captcha-truncated",
            "A captcha PNG cut after its signature",
            png[..16].to_vec(),
        ),
        bad_captcha("captcha-random", "A captcha of random bytes", random),
        bad_captcha(
            "captcha-empty",
            "A captcha that is an empty string",
            Vec::new(),
        ),
    ]
}

pub fn find(name: &str) -> Option<Scenario> {
    all().into_iter().chain(hostile()).find(|s| s.name == name)
}
