//! A job walking through its scenario: what it shows at a given moment, and which answers it
//! accepts. Time is passed in so the behaviour is testable without sleeping.

use crate::faults::FaultPlan;
use crate::scenarios::{FieldFormat, Scenario, Stage};
use mfa_widget::core::job::list::{parse_list, render_json_list, render_python_list};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};

/// Where the job is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Logging in before the first stage shows.
    Starting { until: Instant },
    /// The current stage waits for an answer.
    Showing,
    /// An answer was accepted; the bank checks it until `until`. `echo` is the answer field
    /// as the job reports it back (so "already answered" can be seen in the snapshot).
    Checking { until: Instant, echo: Value },
}

/// One request the sandbox received on an answer endpoint.
#[derive(Clone, Debug, Serialize)]
pub struct RecordedAnswer {
    pub endpoint: String,
    pub body: Value,
    pub accepted: bool,
    /// The stage that was showing when the answer arrived.
    pub stage: usize,
}

/// Which answer endpoint a request came to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AnswerEndpoint {
    SecurityAnswer,
    TokenInput,
    CaptchaInput,
}

impl AnswerEndpoint {
    pub fn name(self) -> &'static str {
        match self {
            AnswerEndpoint::SecurityAnswer => "UpdateJobSecurityAnswer",
            AnswerEndpoint::TokenInput => "UpdateJobTokenInput",
            AnswerEndpoint::CaptchaInput => "UpdateJobCaptchaInput",
        }
    }
}

pub struct Job {
    pub id: String,
    pub scenario: Scenario,
    stage: usize,
    phase: Phase,
    bank_delay: Duration,
    token_choice: Option<String>,
    pub reads: u32,
    /// Every read request for this job, faulted ones included.
    pub read_attempts: u32,
    /// Milliseconds since the job was created, of each read request, faulted ones included.
    pub attempt_times_ms: Vec<u64>,
    /// Bytes of `huge` bodies the client took (shared with the body streams).
    pub streamed_bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Milliseconds since the job was created, of each job read that reached the job.
    pub read_times_ms: Vec<u64>,
    /// Unix milliseconds at which each stage became what the job shows (the bank finished).
    pub stage_shown_at_ms: Vec<u64>,
    created: Instant,
    created_wall_ms: u64,
    pub answers: Vec<RecordedAnswer>,
    pub faults: FaultPlan,
}

impl Job {
    pub fn new(id: String, scenario: Scenario, bank_delay: Duration, now: Instant) -> Job {
        Job {
            id,
            scenario,
            stage: 0,
            phase: Phase::Starting {
                until: now + bank_delay,
            },
            bank_delay,
            token_choice: None,
            reads: 0,
            read_attempts: 0,
            attempt_times_ms: Vec::new(),
            streamed_bytes: Default::default(),
            read_times_ms: Vec::new(),
            stage_shown_at_ms: Vec::new(),
            created: now,
            created_wall_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as u64)
                .unwrap_or(0),
            answers: Vec::new(),
            faults: FaultPlan::default(),
        }
    }

    /// A read request arrived at `now` (before any fault is applied to it).
    pub fn attempted(&mut self, now: Instant) {
        self.read_attempts += 1;
        self.attempt_times_ms
            .push(now.duration_since(self.created).as_millis() as u64);
    }

    /// The index of the stage showing (or being checked) now.
    pub fn stage_index(&mut self, now: Instant) -> usize {
        self.advance(now);
        self.stage
    }

    fn advance(&mut self, now: Instant) {
        let changed_at = match &self.phase {
            Phase::Starting { until } if now >= *until => *until,
            Phase::Checking { until, .. } if now >= *until => {
                self.stage = (self.stage + 1).min(self.scenario.stages.len() - 1);
                *until
            }
            _ => return,
        };
        self.phase = Phase::Showing;
        let offset = changed_at.duration_since(self.created).as_millis() as u64;
        self.stage_shown_at_ms.push(self.created_wall_ms + offset);
    }

    /// The Job object as `GetJobInformationByID` returns it at `now`.
    pub fn snapshot(&mut self, now: Instant) -> Value {
        self.advance(now);
        self.reads += 1;
        self.read_times_ms
            .push(now.duration_since(self.created).as_millis() as u64);
        let format = self.scenario.format;
        let flag = |b: bool| match format {
            FieldFormat::Seed => json!(if b { "True" } else { "False" }),
            FieldFormat::Json => json!(b),
        };
        let list = |items: &[String]| match format {
            FieldFormat::Seed => json!(render_python_list(items)),
            FieldFormat::Json => json!(render_json_list(items)),
        };
        let mut job = Map::new();
        job.insert("JobID".into(), json!(self.id));
        for field in [
            "SuccessFlag",
            "SecurityQuestion",
            "SecurityAnswer",
            "TokenMethod",
            "TokenChoice",
            "TokenSentFlag",
            "TokenInputName",
            "TokenInput",
            "TokenRead",
            "VerifyPhoneFlag",
            "CaptchaImage",
            "CaptchaInput",
        ] {
            job.insert(field.into(), Value::Null);
        }
        job.insert(
            "UserInstitutionID".into(),
            json!("00000000-0000-4000-8000-00000000beef"),
        );
        let (step, status) = match &self.phase {
            Phase::Starting { .. } => ("LogInPanel".to_string(), "InProgress"),
            Phase::Showing => (self.stage().last_step().to_string(), "InProgress"),
            Phase::Checking { .. } => (self.stage().last_step().to_string(), "Completed"),
        };
        job.insert("LastStep".into(), json!(step));
        job.insert("LastStatus".into(), json!(status));
        if matches!(self.phase, Phase::Starting { .. }) {
            return Value::Object(job);
        }
        let echo = match &self.phase {
            Phase::Checking { echo, .. } => echo.clone(),
            _ => Value::Null,
        };
        match self.stage().clone() {
            Stage::Questions(questions) => {
                job.insert("SecurityQuestion".into(), list(&questions));
                job.insert("SecurityAnswer".into(), echo);
            }
            Stage::Methods(methods) => {
                job.insert("TokenMethod".into(), list(&methods));
                job.insert("TokenChoice".into(), echo);
            }
            Stage::Code(name) => {
                if let Some(choice) = &self.token_choice {
                    job.insert("TokenChoice".into(), json!(choice));
                }
                let sent = match format {
                    FieldFormat::Seed => json!("1"),
                    FieldFormat::Json => json!(true),
                };
                job.insert("TokenSentFlag".into(), sent);
                job.insert("TokenInputName".into(), json!(name));
                job.insert("TokenInput".into(), echo);
            }
            Stage::ReadCode(code) => {
                job.insert("TokenRead".into(), json!(code));
                job.insert("VerifyPhoneFlag".into(), flag(!echo.is_null()));
            }
            Stage::Captcha { image_base64, .. } => {
                job.insert("CaptchaImage".into(), json!(image_base64));
                job.insert("CaptchaInput".into(), echo);
            }
            Stage::Succeed => {
                job.insert("SuccessFlag".into(), flag(true));
                job.insert("LastStatus".into(), json!("Completed"));
            }
            Stage::Fail { last_status, .. } => {
                job.insert("SuccessFlag".into(), flag(false));
                job.insert("LastStatus".into(), json!(last_status));
            }
        }
        Value::Object(job)
    }

    fn stage(&self) -> &Stage {
        &self.scenario.stages[self.stage]
    }

    /// Takes an answer; `true` is the API's `0`, `false` its `-1`.
    pub fn answer(&mut self, endpoint: AnswerEndpoint, body: Value, now: Instant) -> bool {
        self.advance(now);
        let echo = if self.phase == Phase::Showing {
            self.check(endpoint, &body)
        } else {
            None
        };
        let accepted = echo.is_some();
        self.answers.push(RecordedAnswer {
            endpoint: endpoint.name().to_string(),
            body,
            accepted,
            stage: self.stage,
        });
        if let Some(echo) = echo {
            self.phase = Phase::Checking {
                until: now + self.bank_delay,
                echo,
            };
        }
        accepted
    }

    /// Records an answer an injected fault refused without looking at it.
    pub fn record_refused(&mut self, endpoint: AnswerEndpoint, body: Value) {
        self.answers.push(RecordedAnswer {
            endpoint: endpoint.name().to_string(),
            body,
            accepted: false,
            stage: self.stage,
        });
    }

    /// The value the job echoes for a valid answer to the current stage, `None` if invalid.
    fn check(&mut self, endpoint: AnswerEndpoint, body: &Value) -> Option<Value> {
        let text = |field: &str| body.get(field).and_then(Value::as_str).map(str::to_string);
        match (self.stage().clone(), endpoint) {
            (Stage::Questions(questions), AnswerEndpoint::SecurityAnswer) => {
                let raw = text("SecurityAnswer")?;
                let answers = parse_list(&raw);
                let complete =
                    raw.trim_start().starts_with('[') && answers.len() == questions.len();
                complete.then(|| json!(raw))
            }
            (Stage::Methods(methods), AnswerEndpoint::TokenInput) => {
                let choice = text("TokenChoice")?;
                // The Job API requires the exact text of one listed method.
                methods.contains(&choice).then(|| {
                    self.token_choice = Some(choice.clone());
                    json!(choice)
                })
            }
            (Stage::Code(_), AnswerEndpoint::TokenInput) => {
                let code = text("TokenInput").filter(|c| !c.trim().is_empty())?;
                Some(json!(code))
            }
            (Stage::ReadCode(_), AnswerEndpoint::TokenInput) => {
                let verified = body
                    .get("VerifyPhoneFlag")
                    .is_some_and(|v| v == &json!(true));
                verified.then_some(json!(true))
            }
            (Stage::Captcha { .. }, AnswerEndpoint::CaptchaInput) => {
                let input = text("CaptchaInput").filter(|c| !c.trim().is_empty())?;
                Some(json!(input))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios::find;

    #[test]
    fn token_chain_walks_through_its_stages() {
        let t0 = Instant::now();
        let delay = Duration::from_millis(100);
        let mut job = Job::new("j".into(), find("token").unwrap(), delay, t0);
        assert_eq!(job.snapshot(t0)["LastStep"], "LogInPanel");
        let at = |ms| t0 + Duration::from_millis(ms);
        let snap = job.snapshot(at(150));
        assert!(snap["TokenMethod"]
            .as_str()
            .unwrap()
            .contains("Email me at"));
        let wrong = json!({"JobID": "j", "TokenChoice": "Email me"});
        assert!(
            !job.answer(AnswerEndpoint::TokenInput, wrong, at(160)),
            "must match exactly"
        );
        let right = json!({"JobID": "j", "TokenChoice": "Email me at s*****@gmail.com"});
        assert!(job.answer(AnswerEndpoint::TokenInput, right.clone(), at(170)));
        assert!(
            !job.answer(AnswerEndpoint::TokenInput, right, at(180)),
            "already checking"
        );
        assert_eq!(
            job.snapshot(at(200))["TokenChoice"],
            "Email me at s*****@gmail.com"
        );
        let snap = job.snapshot(at(300));
        assert_eq!(snap["TokenSentFlag"], true);
        assert_eq!(snap["TokenInputName"], "Token");
        assert!(job.answer(
            AnswerEndpoint::TokenInput,
            json!({"TokenInput": "123456"}),
            at(310)
        ));
        assert_eq!(job.snapshot(at(500))["SuccessFlag"], true);
        assert_eq!(job.answers.len(), 4);
    }

    #[test]
    fn seed_format_uses_the_seed_spellings() {
        let t0 = Instant::now();
        let mut job = Job::new("j".into(), find("seed-format").unwrap(), Duration::ZERO, t0);
        let snap = job.snapshot(t0);
        assert_eq!(
            snap["SecurityQuestion"],
            r#"["what's your first pet?", 'what is your favorite fruit?']"#
        );
        assert!(job.answer(
            AnswerEndpoint::SecurityAnswer,
            json!({"SecurityAnswer": "[\"rex\", \"fig\"]"}),
            t0
        ));
        job.snapshot(t0);
        assert!(job.answer(
            AnswerEndpoint::TokenInput,
            json!({"TokenChoice": "Send verification code by voice call to ***-***-3800"}),
            t0
        ));
        assert_eq!(job.snapshot(t0)["TokenSentFlag"], "1");
        assert!(job.answer(AnswerEndpoint::TokenInput, json!({"TokenInput": "1"}), t0));
        assert_eq!(job.snapshot(t0)["SuccessFlag"], "True");
    }

    #[test]
    fn answers_must_fit_the_stage() {
        let t0 = Instant::now();
        let mut job = Job::new(
            "j".into(),
            find("security-questions").unwrap(),
            Duration::ZERO,
            t0,
        );
        job.snapshot(t0);
        assert!(!job.answer(
            AnswerEndpoint::SecurityAnswer,
            json!({"SecurityAnswer": "[\"only one\"]"}),
            t0
        ));
        assert!(!job.answer(
            AnswerEndpoint::CaptchaInput,
            json!({"CaptchaInput": "x"}),
            t0
        ));
        assert!(job.answer(
            AnswerEndpoint::SecurityAnswer,
            json!({"SecurityAnswer": "['a', 'b']"}),
            t0
        ));
    }
}
