//! [`Given`]: a config value as the host gave it, read by one serde visitor
//! (`deserialize_any`: from the browser's object through serde-wasm-bindgen, natively from
//! serde_json), so each key is then read by plain Rust and an error names its key.

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::fmt;

/// A config value as the host gave it: the shapes a JS object of settings holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// `null`, `undefined` or left out.
    Absent,
    Flag(bool),
    Number(f64),
    Text(String),
    /// An object's entries, in order.
    Object(Vec<(String, Given)>),
    /// A function (the shell's to keep: callbacks).
    Function,
    /// An array, or anything else no key takes (a function inside an object).
    Other,
}

impl<'de> Deserialize<'de> for Given {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(GivenVisitor { depth: 0 })
    }
}

/// Objects inside the config go no deeper than `kount.person` (the config itself is at 0):
/// anything nested deeper is not walked, so no page can make the reader recurse until the
/// wasm's stack runs out.
const TOO_DEEP: u8 = 3;

impl Given {
    /// A value of one of the config's own keys (the shell reads the config object's keys
    /// itself, to keep its callbacks).
    pub fn of_key<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(GivenVisitor { depth: 1 })
    }
}

/// `depth`: how many objects this value is inside.
struct GivenVisitor {
    depth: u8,
}

impl<'de> DeserializeSeed<'de> for GivenVisitor {
    type Value = Given;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GivenVisitor {
    type Value = Given;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a config value")
    }

    fn visit_unit<E>(self) -> Result<Given, E> {
        Ok(Given::Absent)
    }

    fn visit_none<E>(self) -> Result<Given, E> {
        Ok(Given::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Given, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Given, E> {
        Ok(Given::Flag(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Given, E> {
        Ok(Given::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Given, E> {
        Ok(Given::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Given, E> {
        Ok(Given::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Given, E> {
        Ok(Given::Text(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Given, E> {
        Ok(Given::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Given, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Given::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Given, A::Error> {
        if self.depth >= TOO_DEEP {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Given::Other);
        }
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let inner = GivenVisitor {
                depth: self.depth + 1,
            };
            entries.push((key, map.next_value_seed(inner)?));
        }
        Ok(Given::Object(entries))
    }
}

impl Given {
    /// What was given instead, for an error message (no number formatting: a float
    /// formatter would ship for this alone).
    pub(super) fn described(&self) -> String {
        match self {
            Given::Absent => "nothing".into(),
            Given::Flag(b) => b.to_string(),
            Given::Number(_) => "a number".into(),
            Given::Text(text) => format!("\"{text}\""),
            Given::Object(_) => "an object".into(),
            Given::Function => "a function".into(),
            Given::Other => "a value of another kind".into(),
        }
    }
}
