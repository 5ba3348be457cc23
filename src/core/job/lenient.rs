//! A JSON value as backends really send it (DESIGN §2), read through serde from whatever
//! parsed it (the browser's `JSON.parse` via serde-wasm-bindgen, or serde_json in tests).
//! Scalars keep what the widget needs of them; arrays keep their scalars; nothing nested is
//! walked, so no input is deep enough to matter and none can fail to decode.

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One JSON value, loosely.
#[derive(Clone, Debug, PartialEq)]
pub enum Loose {
    Null,
    Bool(bool),
    /// An integer, as its digits (a `TokenRead` of `123456`, a flag of `1`).
    Integer(String),
    /// Any other number: present, but neither text nor a flag.
    Fraction,
    Text(String),
    /// An array's scalars (nested arrays and objects inside are [`Loose::Object`]).
    Array(Vec<Loose>),
    Object,
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose, D::Error> {
        deserializer.deserialize_any(LooseVisitor { nested: false })
    }
}

/// `nested`: an array element, whose own arrays are not walked.
struct LooseVisitor {
    nested: bool,
}

/// An array element: a scalar, or an array or object that is not looked into.
struct Element(Loose);

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Element, D::Error> {
        deserializer
            .deserialize_any(LooseVisitor { nested: true })
            .map(Element)
    }
}

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }

    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Integer(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Integer(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        // Integral values JS keeps exactly read as their digits; formatting other floats would
        // ship a float formatter for a case no bank sends.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        Ok(if v.fract() == 0.0 && v.abs() <= EXACT {
            Loose::Integer((v as i64).to_string())
        } else {
            Loose::Fraction
        })
    }

    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        if self.nested {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Loose::Object);
        }
        let mut items = Vec::new();
        while let Some(Element(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Loose::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Object)
    }
}

impl Loose {
    /// A flag in any of its spellings (`true`, `"True"`, `"1"`, `1`, `"yes"`); `None` for
    /// `null`, `""` and anything unrecognised.
    pub fn flag(&self) -> Option<bool> {
        let spelled = match self {
            Loose::Bool(b) => return Some(*b),
            Loose::Integer(n) => n.as_str(),
            Loose::Text(s) => s.trim(),
            _ => return None,
        };
        match spelled.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" => Some(true),
            "false" | "0" | "no" | "n" => Some(false),
            _ => None,
        }
    }

    /// Non-blank text (trimmed); a number counts as its digits, an array as its items.
    pub fn text(&self) -> Option<String> {
        match self {
            Loose::Text(s) if !s.trim().is_empty() && s.trim() != "None" => Some(s.trim().into()),
            Loose::Integer(n) => Some(n.clone()),
            Loose::Array(_) => Some(self.list().join(", ")).filter(|t| !t.is_empty()),
            _ => None,
        }
    }

    /// A list field: a string holding a list (`super::list`), or (wrong shape, but seen) a
    /// real array of scalars. Blank items are dropped.
    pub fn list(&self) -> Vec<String> {
        match self {
            Loose::Text(s) => super::list::parse_list(s),
            Loose::Array(items) => items
                .iter()
                .filter_map(|item| match item {
                    Loose::Text(s) | Loose::Integer(s) => Some(s.clone()),
                    Loose::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .filter(|i| !i.trim().is_empty())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether an answer field holds anything (the answer was already given).
    pub fn is_present(&self) -> bool {
        match self {
            Loose::Bool(b) => *b,
            Loose::Integer(_) | Loose::Fraction => true,
            Loose::Text(s) => {
                let t = s.trim();
                !t.is_empty() && t != "[]" && !t.eq_ignore_ascii_case("none")
            }
            Loose::Array(items) => !items.is_empty(),
            Loose::Null | Loose::Object => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose(json: &str) -> Loose {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn values_as_they_arrive() {
        let rows: &[(&str, Loose)] = &[
            ("null", Loose::Null),
            ("true", Loose::Bool(true)),
            ("123456", Loose::Integer("123456".into())),
            ("-1", Loose::Integer("-1".into())),
            ("1.0", Loose::Integer("1".into())),
            ("2.5", Loose::Fraction),
            ("1e300", Loose::Fraction),
            ("\"x\"", Loose::Text("x".into())),
            (
                "[\"a\", 3, [1], {\"b\": 2}, null]",
                Loose::Array(vec![
                    Loose::Text("a".into()),
                    Loose::Integer("3".into()),
                    Loose::Object,
                    Loose::Object,
                    Loose::Null,
                ]),
            ),
            ("{\"a\": [1, {\"b\": []}]}", Loose::Object),
        ];
        for (json, expected) in rows {
            assert_eq!(&loose(json), expected, "{json}");
        }
    }
}
