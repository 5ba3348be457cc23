//! Name → value pairs in the host's order (`headers`, `strings`, `challengeTypeMap`): read from
//! a JS object of strings (`config::Given`). A `Vec` rather than a map type, which would cost
//! the browser kilobytes for a handful of entries.

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

    /// These headers with `newer` added over them: a name in both (compared as HTTP compares
    /// names, ignoring case) takes `newer`'s value.
    pub fn overridden_by(&self, newer: &Pairs) -> Pairs {
        let kept = self
            .iter()
            .filter(|(name, _)| !newer.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
        Pairs(kept.chain(newer.iter()).cloned().collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_headers_win_by_name_whatever_its_case() {
        let given = Pairs::from([("Authorization", "Bearer old"), ("X-App", "bank")]);
        let newer = Pairs::from([("authorization", "Bearer new"), ("X-Trace", "1")]);
        assert_eq!(
            given.overridden_by(&newer),
            Pairs::from([
                ("X-App", "bank"),
                ("authorization", "Bearer new"),
                ("X-Trace", "1")
            ])
        );
        assert_eq!(given.overridden_by(&Pairs::default()), given);
    }
}
