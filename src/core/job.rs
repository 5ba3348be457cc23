//! Decoding a Job snapshot as its fields really arrive (DESIGN §2): booleans in many spellings,
//! lists inside strings, numbers where text was expected, unknown fields. Decoding is
//! field-by-field lenient: a field of a wrong shape counts as absent, never as an error.

use super::list::parse_list;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One snapshot of an aggregation job, reduced to what the widget acts on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Job {
    /// `None` while the job is in progress (SuccessFlag null/absent/empty).
    pub success: Option<bool>,
    pub security_questions: Vec<String>,
    pub security_answered: bool,
    pub token_methods: Vec<String>,
    pub token_chosen: bool,
    pub token_sent: bool,
    pub token_input_name: Option<String>,
    pub token_entered: bool,
    pub token_read: Option<String>,
    pub phone_verified: bool,
    pub captcha_image: Option<String>,
    pub captcha_answered: bool,
    pub last_step: Option<String>,
    pub last_status: Option<String>,
}

/// Why a response body could not be read as a Job at all.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// The body was not JSON.
    NotJson,
    /// The body was JSON, but not an object (an array, a number, `null`).
    NotAnObject,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeError::NotJson => "the job service sent something that is not JSON",
            DecodeError::NotAnObject => "the job service sent JSON that is not a job",
        })
    }
}

/// Any JSON value, kept only as far as a Job field can use it.
#[derive(Clone, Debug, PartialEq)]
enum Loose {
    Absent,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
    Other,
}

impl Loose {
    /// The many spellings of a boolean; anything unrecognised is "not set".
    fn flag(&self) -> Option<bool> {
        match self {
            Loose::Bool(b) => Some(*b),
            Loose::Number(n) if *n == 1.0 => Some(true),
            Loose::Number(n) if *n == 0.0 => Some(false),
            Loose::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "y" => Some(true),
                "false" | "0" | "no" | "n" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// Non-blank text; a number (a `TokenRead` of `123456`) counts as its digits.
    fn text(&self) -> Option<String> {
        match self {
            Loose::Text(s) if !s.trim().is_empty() && s.trim() != "None" => Some(s.trim().into()),
            Loose::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => {
                Some(format!("{}", *n as i64))
            }
            Loose::Number(n) if n.is_finite() => Some(format!("{n}")),
            Loose::List(items) if !items.is_empty() => Some(items.join(", ")),
            _ => None,
        }
    }

    fn list(&self) -> Vec<String> {
        match self {
            Loose::Text(s) => parse_list(s),
            Loose::List(items) => items
                .iter()
                .filter(|i| !i.trim().is_empty())
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether an answer field holds anything (the answer was already given).
    fn present(&self) -> bool {
        match self {
            Loose::Bool(b) => *b,
            Loose::Number(_) => true,
            Loose::Text(s) => {
                let t = s.trim();
                !t.is_empty() && t != "[]" && !t.eq_ignore_ascii_case("none")
            }
            Loose::List(items) => !items.is_empty(),
            Loose::Absent | Loose::Other => false,
        }
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Absent)
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Absent)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        // A real array where a list-in-a-string was expected: keep its scalar items as text.
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<ListItem>()? {
            if let ListItem(Some(text)) = item {
                items.push(text);
            }
        }
        Ok(Loose::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }
}

/// One item of a real JSON array: scalars become text, anything nested is skipped.
struct ListItem(Option<String>);

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ListItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list item")
            }
            fn visit_bool<E>(self, v: bool) -> Result<ListItem, E> {
                Ok(ListItem(Some(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<ListItem, E> {
                Ok(ListItem(Some(v.to_string())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ListItem, E> {
                Ok(ListItem(Some(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<ListItem, E> {
                Ok(ListItem(Some(v.to_string())))
            }
            fn visit_str<E>(self, v: &str) -> Result<ListItem, E> {
                Ok(ListItem(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<ListItem, E> {
                Ok(ListItem(None))
            }
            fn visit_none<E>(self) -> Result<ListItem, E> {
                Ok(ListItem(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<ListItem, D::Error> {
                ListItem::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListItem, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ListItem(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListItem, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ListItem(None))
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for Job {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JobVisitor)
    }
}

struct JobVisitor;

impl<'de> Visitor<'de> for JobVisitor {
    type Value = Job;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Job object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Job, A::Error> {
        let mut job = Job::default();
        while let Some(key) = map.next_key::<String>()? {
            // Field names are matched without regard to case: backends differ in casing.
            let value = match key.to_ascii_lowercase().as_str() {
                "successflag" | "securityquestion" | "securityanswer" | "tokenmethod"
                | "tokenchoice" | "tokensentflag" | "tokeninputname" | "tokeninput"
                | "tokenread" | "verifyphoneflag" | "captchaimage" | "captchainput"
                | "laststep" | "laststatus" => map.next_value::<Loose>()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            job.apply(&key.to_ascii_lowercase(), &value);
        }
        Ok(job)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Job, A::Error> {
        Err(de::Error::custom("not an object"))
    }
}

impl Job {
    fn apply(&mut self, key: &str, value: &Loose) {
        match key {
            "successflag" => self.success = value.flag(),
            "securityquestion" => self.security_questions = value.list(),
            "securityanswer" => self.security_answered = value.present(),
            "tokenmethod" => self.token_methods = value.list(),
            "tokenchoice" => self.token_chosen = value.present(),
            "tokensentflag" => self.token_sent = value.flag() == Some(true),
            "tokeninputname" => self.token_input_name = value.text(),
            "tokeninput" => self.token_entered = value.present(),
            "tokenread" => self.token_read = value.text(),
            "verifyphoneflag" => self.phone_verified = value.flag() == Some(true),
            "captchaimage" => self.captcha_image = value.text(),
            "captchainput" => self.captcha_answered = value.present(),
            "laststep" => self.last_step = value.text(),
            "laststatus" => self.last_status = value.text(),
            _ => {}
        }
    }

    /// Decodes a Job from any serde deserializer (serde_json natively, serde-wasm-bindgen in
    /// the browser). Only a body that is not an object at all is an error.
    pub fn from_deserializer<'de, D: Deserializer<'de>>(d: D) -> Result<Job, DecodeError> {
        Job::deserialize(d).map_err(|_| DecodeError::NotAnObject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<Job, DecodeError> {
        let mut de = serde_json::Deserializer::from_str(json);
        Job::from_deserializer(&mut de)
    }

    #[test]
    fn booleans_in_every_spelling() {
        let rows: &[(&str, Option<bool>)] = &[
            ("true", Some(true)),
            ("false", Some(false)),
            ("\"True\"", Some(true)),
            ("\"False\"", Some(false)),
            ("\"true\"", Some(true)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("\"1\"", Some(true)),
            ("\"0\"", Some(false)),
            ("null", None),
            ("\"\"", None),
            ("\"maybe\"", None),
            ("[]", None),
            ("{}", None),
        ];
        for (spelling, expected) in rows {
            let job = decode(&format!(r#"{{"SuccessFlag": {spelling}}}"#)).unwrap();
            assert_eq!(job.success, *expected, "SuccessFlag {spelling}");
            let job = decode(&format!(r#"{{"TokenSentFlag": {spelling}}}"#)).unwrap();
            assert_eq!(
                job.token_sent,
                *expected == Some(true),
                "TokenSentFlag {spelling}"
            );
        }
        assert_eq!(
            decode("{}").unwrap().success,
            None,
            "absent means in progress"
        );
    }

    #[test]
    fn the_seed_examples_decode() {
        let job = decode(
            r#"{"JobID": "5b8f3f9e-0000-4000-8000-000000000001", "SuccessFlag": null,
                "SecurityQuestion": "['what is your favorite color?', 'what is your favorite fruit?']",
                "TokenMethod": "[\"Email me at s*****@gmail.com\", \"Send verification code by voice call to ***-***-3800\"]",
                "TokenRead": "123456", "TokenInputName": "PIN", "TokenSentFlag": "1",
                "LastStep": "LogInPanel", "LastStatus": "Completed", "SomethingNew": {"a": [1, 2]}}"#,
        )
        .unwrap();
        assert_eq!(
            job.security_questions,
            vec![
                "what is your favorite color?",
                "what is your favorite fruit?"
            ]
        );
        assert_eq!(
            job.token_methods,
            vec![
                "Email me at s*****@gmail.com",
                "Send verification code by voice call to ***-***-3800"
            ]
        );
        assert_eq!(job.token_read.as_deref(), Some("123456"));
        assert_eq!(job.token_input_name.as_deref(), Some("PIN"));
        assert!(job.token_sent);
        assert_eq!(job.last_step.as_deref(), Some("LogInPanel"));
        assert_eq!(job.last_status.as_deref(), Some("Completed"));
    }

    #[test]
    fn wrong_shapes_count_as_absent() {
        let job = decode(
            r#"{"SecurityQuestion": ["a real", "array", 3, null, {"x":1}], "TokenRead": 123456,
                "LastStep": {"nested": true}, "CaptchaImage": false, "TokenMethod": 7,
                "SecurityAnswer": "", "TokenChoice": null, "CaptchaInput": "[]"}"#,
        )
        .unwrap();
        assert_eq!(job.security_questions, vec!["a real", "array", "3"]);
        assert_eq!(job.token_read.as_deref(), Some("123456"));
        assert_eq!(job.last_step, None);
        assert_eq!(job.captcha_image, None);
        assert!(job.token_methods.is_empty());
        assert!(!job.security_answered && !job.token_chosen && !job.captcha_answered);
    }

    #[test]
    fn answer_fields_mark_answers_given() {
        let job = decode(
            r#"{"SecurityAnswer": "[\"blue\"]", "TokenChoice": "Email", "TokenInput": "123",
                "CaptchaInput": "x7f", "VerifyPhoneFlag": "True"}"#,
        )
        .unwrap();
        assert!(job.security_answered && job.token_chosen && job.token_entered);
        assert!(job.captcha_answered && job.phone_verified);
    }

    #[test]
    fn field_names_ignore_case() {
        let job = decode(r#"{"successflag": "True", "LASTSTEP": "AccountList"}"#).unwrap();
        assert_eq!(job.success, Some(true));
        assert_eq!(job.last_step.as_deref(), Some("AccountList"));
    }

    #[test]
    fn non_objects_are_errors_not_panics() {
        for body in ["[]", "[1,2]", "3", "\"job\"", "null", "true"] {
            assert_eq!(decode(body), Err(DecodeError::NotAnObject), "{body}");
        }
    }
}
