//! Reading one key's value by its rule: text, a number, a flag, one of a few names, an object
//! of strings, an object of keys (each by its own row), a callback. Every error names the key
//! by its whole path.

use super::error::ConfigError;
use super::given::Given;
use super::Named;
use crate::core::pairs::Pairs;

/// `path.name`, or `name` at the top.
pub(super) fn joined(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// One key being read: each error names it by its whole path.
pub struct Reading {
    key: String,
}

impl Reading {
    pub(super) fn at(key: &str) -> Reading {
        Reading { key: key.into() }
    }

    pub(super) fn wrong(&self, expected: &str, given: &Given) -> ConfigError {
        ConfigError::Invalid {
            key: self.key.clone(),
            reason: format!("expected {expected}, got {}", given.described()),
        }
    }

    pub(super) fn text(&self, given: Given) -> Result<Option<String>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Text(text) => Ok(Some(text)),
            other => Err(self.wrong("text", &other)),
        }
    }

    pub(super) fn number(&self, given: Given) -> Result<Option<f64>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Number(n) => Ok(Some(n)),
            other => Err(self.wrong("a number", &other)),
        }
    }

    pub(super) fn flag(&self, given: Given) -> Result<Option<bool>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Flag(b) => Ok(Some(b)),
            other => Err(self.wrong("true or false", &other)),
        }
    }

    pub(super) fn choice<T: Named>(&self, given: Given) -> Result<Option<T>, ConfigError> {
        if let Given::Text(text) = &given {
            if let Some(value) = T::ALL.iter().find(|value| value.name() == text) {
                return Ok(Some(*value));
            }
        }
        if given == Given::Absent {
            return Ok(None);
        }
        let names: Vec<String> = T::ALL.iter().map(|v| format!("`{}`", v.name())).collect();
        Err(self.wrong(&format!("one of {}", names.join(", ")), &given))
    }

    /// An object of strings (`headers`, `strings`, `challengeTypeMap`), in order.
    pub(super) fn pairs(&self, given: Given) -> Result<Option<Pairs>, ConfigError> {
        let entries = match given {
            Given::Absent => return Ok(None),
            Given::Object(entries) => entries,
            other => return Err(self.wrong("an object", &other)),
        };
        let mut pairs = Vec::new();
        for (name, value) in entries {
            match value {
                Given::Text(text) => pairs.push((name, text)),
                other => return Err(Reading::at(&joined(&self.key, &name)).wrong("text", &other)),
            }
        }
        Ok(Some(Pairs(pairs)))
    }

    /// An object: `make` puts it in the config, then each entry is read by its row.
    pub(super) fn object(&self, given: Given) -> Result<Option<Vec<(String, Given)>>, ConfigError> {
        match given {
            Given::Absent => Ok(None),
            Given::Object(entries) => Ok(Some(entries)),
            other => Err(self.wrong("an object", &other)),
        }
    }

    /// The key's whole path.
    pub(super) fn key(&self) -> &str {
        &self.key
    }

    /// A callback: a function or nothing (the shell keeps the function itself).
    pub(super) fn callback(&self, given: Given) -> Result<(), ConfigError> {
        match given {
            Given::Absent | Given::Function => Ok(()),
            other => Err(self.wrong("a function", &other)),
        }
    }
}
