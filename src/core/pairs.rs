//! Name → value pairs in the host's order (`headers`, `strings`, `challengeTypeMap`): read from
//! a JS object of strings. A `Vec` rather than a map type, which would cost the browser
//! kilobytes for a handful of entries.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;

/// An object of strings, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    pub fn iter(&self) -> std::slice::Iter<'_, (String, String)> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Pairs {
    type Item = &'a (String, String);
    type IntoIter = std::slice::Iter<'a, (String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<const N: usize> From<[(&str, &str); N]> for Pairs {
    fn from(pairs: [(&str, &str); N]) -> Pairs {
        Pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }
}

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pairs, D::Error> {
        deserializer.deserialize_map(PairsVisitor)
    }
}

struct PairsVisitor;

impl<'de> Visitor<'de> for PairsVisitor {
    type Value = Pairs;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
        let mut pairs = Vec::new();
        while let Some(pair) = map.next_entry::<String, String>()? {
            pairs.push(pair);
        }
        Ok(Pairs(pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_of_strings_in_order() {
        let pairs: Pairs = serde_json::from_str(r#"{"b": "1", "a": "2"}"#).unwrap();
        assert_eq!(pairs, Pairs::from([("b", "1"), ("a", "2")]));
        assert!(serde_json::from_str::<Pairs>(r#"{"b": 1}"#).is_err());
        assert!(serde_json::from_str::<Pairs>(r#"["b"]"#).is_err());
    }
}
