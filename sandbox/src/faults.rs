//! Faults a job can be told to inject, for real, over HTTP: what a flaky phone network and a
//! misbehaving backend do to the widget. Given at job creation as
//! `"faults": {"reads": ["503", "429:2", "hang", "huge:50", "redirect:URL", ...], "answers": ["-1", "reply:OK", "slow:1500"]}`; each
//! entry is used once, in order, by the next request of that kind.

use serde_json::Value;
use std::collections::VecDeque;
use std::time::Duration;

/// One injected misbehaviour.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// An error status (`500`, `502`, `503`, `401`, `404`, …) with a JSON body.
    Status(u16),
    /// `429` with `Retry-After: <seconds>`.
    TooMany { retry_after_s: u32 },
    /// `429` with `Retry-After:` the time this many seconds ahead, as an HTTP date in one of
    /// RFC 9110's three forms.
    TooManyUntil { form: DateForm, seconds: u64 },
    /// No response, ever: only the client's own timeout ends the request (`slow:MS` answers
    /// late instead).
    Hang,
    /// The connection breaks in the middle of the body.
    Drop,
    /// A 200 whose body is cut-off JSON.
    Malformed,
    /// A 200 whose body is JSON but not a job (an array).
    WrongShape,
    /// A 200 of this many megabytes (JSON whitespace), streamed chunked, without a
    /// `Content-Length`: only counting what arrives can bound it.
    Huge { megabytes: usize },
    /// The real job, but with fields of the wrong types (real arrays for list strings, numbers
    /// for flags, a number for `TokenRead`): it must still be answerable.
    WrongTypes,
    /// An answer endpoint replies `200` with this body without looking at the answer: `-1`
    /// (the fault `-1`, a refusal), or anything else (`reply:TEXT`: a gateway's page, a changed
    /// API).
    Reply(String),
    /// Wait this long, then behave normally.
    Slow(Duration),
    /// Behave normally (to place faults after some good requests).
    None,
    /// `307 Temporary Redirect` to this URL (a gateway sending the request elsewhere; a
    /// client that follows it re-posts the body there).
    Redirect(String),
    /// For this read only, the job shows a different challenge (a code to read to a caller):
    /// a job that flips between challenges quickly.
    Flip,
}

/// The faults still to inject for one job.
#[derive(Clone, Debug, Default)]
pub struct FaultPlan {
    pub reads: VecDeque<Fault>,
    pub answers: VecDeque<Fault>,
}

impl FaultPlan {
    /// Reads `{"reads": [...], "answers": [...]}`; an unknown entry is an error naming it.
    pub fn from_json(spec: Option<&Value>) -> Result<FaultPlan, String> {
        let Some(spec) = spec else {
            return Ok(FaultPlan::default());
        };
        let list = |key: &str| -> Result<VecDeque<Fault>, String> {
            spec.get(key)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .map(|i| parse(i.as_str().unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_else(|| Ok(VecDeque::new()))
        };
        Ok(FaultPlan {
            reads: list("reads")?,
            answers: list("answers")?,
        })
    }
}

fn parse(text: &str) -> Result<Fault, String> {
    let (name, arg) = text.split_once(':').unwrap_or((text, ""));
    let ms = |default: u64| Duration::from_millis(arg.parse().unwrap_or(default));
    Ok(match name {
        "429" => Fault::TooMany {
            retry_after_s: arg.parse().unwrap_or(1),
        },
        "429date" => {
            let (form, seconds) = arg.split_once(':').unwrap_or((arg, "2"));
            Fault::TooManyUntil {
                form: match form {
                    "imf" => DateForm::Imf,
                    "rfc850" => DateForm::Rfc850,
                    "asctime" => DateForm::Asctime,
                    _ => return Err(format!("unknown date form in {text:?}")),
                },
                seconds: seconds.parse().unwrap_or(2),
            }
        }
        "hang" if arg.is_empty() => Fault::Hang,
        "drop" => Fault::Drop,
        "malformed" => Fault::Malformed,
        "wrong-shape" => Fault::WrongShape,
        "huge" => Fault::Huge {
            megabytes: arg.parse().unwrap_or(50),
        },
        "wrong-types" => Fault::WrongTypes,
        "-1" => Fault::Reply("-1".into()),
        "slow" => Fault::Slow(ms(2_000)),
        "ok" => Fault::None,
        "flip" => Fault::Flip,
        "redirect" if !arg.is_empty() => Fault::Redirect(arg.to_string()),
        "reply" if !arg.is_empty() => Fault::Reply(arg.to_string()),
        code => match code.parse::<u16>() {
            Ok(status) if (400..600).contains(&status) => Fault::Status(status),
            _ => return Err(format!("unknown fault {text:?}")),
        },
    })
}

/// The job showing a code to read instead of whatever it showed.
pub fn flipped(mut job: Value) -> Value {
    if let Some(fields) = job.as_object_mut() {
        for key in [
            "SecurityQuestion",
            "TokenMethod",
            "TokenSentFlag",
            "CaptchaImage",
        ] {
            fields.insert(key.into(), Value::Null);
        }
        fields.insert("TokenRead".into(), Value::from("000000"));
    }
    job
}

/// The job with its fields in the wrong (but seen in the wild) types.
pub fn with_wrong_types(mut job: Value) -> Value {
    let Some(fields) = job.as_object_mut() else {
        return job;
    };
    for key in ["SecurityQuestion", "TokenMethod"] {
        if let Some(Value::String(list)) = fields.get(key) {
            let items = mfa_widget::core::job::list::parse_list(list);
            fields.insert(key.into(), Value::from(items));
        }
    }
    for key in ["SuccessFlag", "TokenSentFlag", "VerifyPhoneFlag"] {
        let flag = match fields.get(key) {
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::String(s)) => Some(s == "True" || s == "1"),
            _ => None,
        };
        if let Some(flag) = flag {
            fields.insert(key.into(), Value::from(u8::from(flag)));
        }
    }
    if let Some(code) = fields
        .get("TokenRead")
        .and_then(Value::as_str)
        .and_then(|c| c.parse::<u64>().ok())
    {
        fields.insert("TokenRead".into(), Value::from(code));
    }
    fields.insert(
        "Extra".into(),
        serde_json::json!({"nested": [1, {"deep": null}]}),
    );
    job
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_plans() {
        let plan = FaultPlan::from_json(Some(
            &json!({"reads": ["503", "429:2", "hang", "drop"], "answers": ["-1", "slow", "redirect:http://127.0.0.1:9/x", "reply:OK"]}),
        ))
        .unwrap();
        assert_eq!(
            plan.reads,
            [
                Fault::Status(503),
                Fault::TooMany { retry_after_s: 2 },
                Fault::Hang,
                Fault::Drop
            ]
        );
        assert_eq!(
            plan.answers,
            [
                Fault::Reply("-1".into()),
                Fault::Slow(Duration::from_millis(2_000)),
                Fault::Redirect("http://127.0.0.1:9/x".into()),
                Fault::Reply("OK".into())
            ]
        );
        assert!(FaultPlan::from_json(Some(&json!({"reads": ["teapot"]}))).is_err());
        assert!(FaultPlan::from_json(Some(&json!({"reads": ["200"]}))).is_err());
    }

    #[test]
    fn wrong_types_keep_the_meaning() {
        let job = with_wrong_types(
            json!({"SecurityQuestion": "['a?', 'b?']", "SuccessFlag": null, "TokenSentFlag": "True", "TokenRead": "123456"}),
        );
        assert_eq!(job["SecurityQuestion"], json!(["a?", "b?"]));
        assert_eq!(job["TokenSentFlag"], json!(1));
        assert_eq!(job["TokenRead"], json!(123456));
        assert_eq!(job["SuccessFlag"], Value::Null);
    }
}

/// RFC 9110's three forms of an HTTP date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DateForm {
    /// `Wed, 21 Oct 2015 07:28:00 GMT`
    Imf,
    /// `Wednesday, 21-Oct-15 07:28:00 GMT`
    Rfc850,
    /// `Wed Oct 21 07:28:00 2015`
    Asctime,
}

/// `at` as an HTTP date in `form`.
pub fn http_date(at: std::time::SystemTime, form: DateForm) -> String {
    let imf = httpdate::fmt_http_date(at);
    // "Wed, 21 Oct 2015 07:28:00 GMT"
    let parts: Vec<&str> = imf.split(' ').collect();
    let [weekday, day, month, year, time, _] = parts[..] else {
        return imf;
    };
    let weekday = weekday.trim_end_matches(',');
    match form {
        DateForm::Imf => imf.clone(),
        DateForm::Rfc850 => {
            let long = match weekday {
                "Mon" => "Monday",
                "Tue" => "Tuesday",
                "Wed" => "Wednesday",
                "Thu" => "Thursday",
                "Fri" => "Friday",
                "Sat" => "Saturday",
                _ => "Sunday",
            };
            format!("{long}, {day}-{month}-{} {time} GMT", &year[2..])
        }
        DateForm::Asctime => {
            let day = day.trim_start_matches('0');
            format!("{weekday} {month} {day:>2} {time} {year}")
        }
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn http_dates_in_each_form() {
        // 2015-10-21T07:28:00Z, and the first of a month (asctime pads the day with a space).
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_445_412_480);
        let first = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_443_684_480);
        assert_eq!(
            http_date(at, DateForm::Imf),
            "Wed, 21 Oct 2015 07:28:00 GMT"
        );
        assert_eq!(
            http_date(at, DateForm::Rfc850),
            "Wednesday, 21-Oct-15 07:28:00 GMT"
        );
        assert_eq!(http_date(at, DateForm::Asctime), "Wed Oct 21 07:28:00 2015");
        assert_eq!(
            http_date(first, DateForm::Asctime),
            "Thu Oct  1 07:28:00 2015"
        );
    }
}
