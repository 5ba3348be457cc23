//! A small JSON reader and writer, so the widget ships no serde and no float parser: every
//! byte of JSON the server or the page sends goes through here. Nesting is bounded, numbers
//! keep their literal text, and nothing in here can panic on any input.

use std::fmt::Write as _;

/// A parsed JSON value. Objects keep their entries in order (duplicates too).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number as written (`123456`, `-1`, `2.5e3`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Why text is not JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    Syntax,
    TooDeep,
}

/// Deeper nesting than this is refused rather than risking the stack on hostile input.
pub const MAX_DEPTH: usize = 64;

/// Parses a complete JSON text (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = parser.value(0)?;
    parser.skip_space();
    if parser.pos == parser.bytes.len() {
        Ok(value)
    } else {
        Err(JsonError::Syntax)
    }
}

impl Json {
    /// The value of `key` in an object (the first one, matched exactly).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number's value; `None` for anything else or a number out of range.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(text) => number_value(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
}

/// The value of a JSON number literal, computed without the float parser (enough precision
/// for milliseconds and flags).
fn number_value(text: &str) -> Option<f64> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut value = 0f64;
    for d in whole.bytes().chain(fraction.bytes()) {
        value = value * 10.0 + f64::from(d.checked_sub(b'0').filter(|d| *d <= 9)?);
    }
    let scale = exponent - fraction.len() as i32;
    value *= 10f64.powi(scale.clamp(-400, 400));
    Some(if negative { -value } else { value }).filter(|v| v.is_finite())
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &[u8]) -> bool {
        if self.bytes[self.pos..].starts_with(literal) {
            self.pos += literal.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        self.skip_space();
        match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ if self.eat(b"true") => Ok(Json::Bool(true)),
            _ if self.eat(b"false") => Ok(Json::Bool(false)),
            _ if self.eat(b"null") => Ok(Json::Null),
            _ => Err(JsonError::Syntax),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_space();
        if self.eat(b"}") {
            return Ok(Json::Object(entries));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(JsonError::Syntax);
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b":") {
                return Err(JsonError::Syntax);
            }
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_space();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"}") {
                return Ok(Json::Object(entries));
            }
            return Err(JsonError::Syntax);
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b"]") {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"]") {
                return Ok(Json::Array(items));
            }
            return Err(JsonError::Syntax);
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        self.eat(b"-");
        let digits = |p: &mut Self| {
            let from = p.pos;
            while let Some(b'0'..=b'9') = p.bytes.get(p.pos) {
                p.pos += 1;
            }
            p.pos > from
        };
        if !digits(self) {
            return Err(JsonError::Syntax);
        }
        if self.eat(b".") && !digits(self) {
            return Err(JsonError::Syntax);
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(JsonError::Syntax);
            }
        }
        let text =
            std::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| JsonError::Syntax)?;
        Ok(Json::Number(text.to_string()))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or(JsonError::Syntax)?;
        let mut value = 0;
        for d in digits {
            value = value * 16 + (*d as char).to_digit(16).ok_or(JsonError::Syntax)?;
        }
        self.pos += 4;
        Ok(value)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.bytes.get(self.pos) {
                if *b == b'"' || *b == b'\\' || *b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The input is a &str, and quotes and backslashes are ASCII: this is a char boundary.
            out.push_str(
                std::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| JsonError::Syntax)?,
            );
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = *self.bytes.get(self.pos).ok_or(JsonError::Syntax)?;
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) && self.eat(b"\\u") {
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(JsonError::Syntax);
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            // A lone surrogate (which JS allows) becomes U+FFFD.
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(JsonError::Syntax),
                    }
                }
                _ => return Err(JsonError::Syntax), // end of input or a raw control character
            }
        }
    }
}

/// Appends `text` as a JSON string literal (quotes and escapes included).
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object written field by field; absent (`None`) values are left out.
#[derive(Default)]
pub struct ObjectWriter(String);

impl ObjectWriter {
    pub fn string(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.key(name);
            push_string(&mut self.0, value);
        }
        self
    }

    /// A value that is already JSON text.
    pub fn raw(&mut self, name: &str, json: &str) -> &mut Self {
        self.key(name);
        self.0.push_str(json);
        self
    }

    fn key(&mut self, name: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        push_string(&mut self.0, name);
        self.0.push(':');
    }

    pub fn finish(&mut self) -> String {
        let mut out = std::mem::take(&mut self.0);
        if out.is_empty() {
            out.push('{');
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_servers_send() {
        let rows: Vec<(&str, Result<Json, JsonError>)> = vec![
            ("null", Ok(Json::Null)),
            (" true ", Ok(Json::Bool(true))),
            ("-12.5e2", Ok(Json::Number("-12.5e2".into()))),
            (
                r#""a\"b\\c\u00e9\ud83d\ude00\n""#,
                Ok(Json::String("a\"b\\cé😀\n".into())),
            ),
            (r#""\ud800""#, Ok(Json::String("\u{FFFD}".into()))),
            (
                "[1, [], {}]",
                Ok(Json::Array(vec![
                    Json::Number("1".into()),
                    Json::Array(vec![]),
                    Json::Object(vec![]),
                ])),
            ),
            (
                r#"{"a": 1, "a": 2}"#,
                Ok(Json::Object(vec![
                    ("a".into(), Json::Number("1".into())),
                    ("a".into(), Json::Number("2".into())),
                ])),
            ),
            ("", Err(JsonError::Syntax)),
            ("{", Err(JsonError::Syntax)),
            ("[1,]", Err(JsonError::Syntax)),
            ("01x", Err(JsonError::Syntax)),
            ("1.", Err(JsonError::Syntax)),
            ("\"raw\ncontrol\"", Err(JsonError::Syntax)),
            ("\"unterminated", Err(JsonError::Syntax)),
            (r#""\x41""#, Err(JsonError::Syntax)),
            ("nul", Err(JsonError::Syntax)),
            ("{} {}", Err(JsonError::Syntax)),
            ("<html>", Err(JsonError::Syntax)),
        ];
        for (text, expected) in rows {
            assert_eq!(parse(text), expected, "{text:?}");
        }
        assert_eq!(parse(&"[".repeat(100_000)), Err(JsonError::TooDeep));
        assert!(parse(&format!(
            "{}{}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        ))
        .is_ok());
    }

    #[test]
    fn numbers() {
        let rows = [
            ("0", Some(0.0)),
            ("3000", Some(3000.0)),
            ("-1", Some(-1.0)),
            ("2.5", Some(2.5)),
            ("1e3", Some(1000.0)),
            ("1e999", None),
        ];
        for (text, expected) in rows {
            assert_eq!(Json::Number(text.into()).as_f64(), expected, "{text}");
        }
    }

    #[test]
    fn writes_objects() {
        let mut w = ObjectWriter::default();
        w.string("a", Some("x\"y"))
            .string("skipped", None)
            .raw("n", "1");
        assert_eq!(w.finish(), r#"{"a":"x\"y","n":1}"#);
        assert_eq!(ObjectWriter::default().finish(), "{}");
    }
}
