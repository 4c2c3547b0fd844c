//! What the three validators (rule sets, workloads, decision files) share when they read a
//! YAML mapping: looking up a key, reading text and reporting unknown keys, so the same
//! mistake reads the same in every file advisor takes.

use std::fmt;

use crate::diagnostic::{Collector, Position};
use crate::fields;
use crate::yaml::{Key, Node, NodeValue};

/// Where a validator puts the problems it finds: a file's collector, or a plain list for a
/// caller that decides later what they mean.
pub trait Problems {
    fn report(&mut self, pos: Position, message: String);
}

impl Problems for Collector<'_> {
    fn report(&mut self, pos: Position, message: String) {
        self.error(pos, message);
    }
}

impl Problems for Vec<(Position, String)> {
    fn report(&mut self, pos: Position, message: String) {
        self.push((pos, message));
    }
}

/// What a text key must hold, as messages say it.
#[derive(Debug, Clone, Copy)]
pub enum Expected<'a> {
    /// Any string; a blank one gets its own "must not be empty".
    String,
    /// A string the caller describes; a blank one is as wrong as a number.
    Described(&'a str),
}

impl fmt::Display for Expected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::String => f.write_str("a string"),
            Expected::Described(what) => f.write_str(what),
        }
    }
}

/// A mapping's entries, with the mapping's position, which is where a missing key is reported.
#[derive(Debug, Clone, Copy)]
pub struct Mapping<'n> {
    pub entries: &'n [(Key, Node)],
    pub pos: Position,
}

impl<'n> Mapping<'n> {
    pub fn of(node: &'n Node) -> Option<Self> {
        match &node.value {
            NodeValue::Map(entries) => Some(Mapping {
                entries,
                pos: node.pos,
            }),
            _ => None,
        }
    }

    pub fn entry(&self, key: &str) -> Option<&'n (Key, Node)> {
        self.entries.iter().find(|(k, _)| k.name == key)
    }

    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entry(key).map(|(_, value)| value)
    }

    /// The non-blank string under `key` and where it is, if the key is there; `label` names
    /// the key in messages.
    pub fn optional_text(
        &self,
        key: &str,
        label: &dyn fmt::Display,
        expected: Expected,
        problems: &mut impl Problems,
    ) -> Option<(&'n str, Position)> {
        let node = self.get(key)?;
        match (&node.value, expected) {
            (NodeValue::Str(text), _) if !text.trim().is_empty() => Some((text, node.pos)),
            (NodeValue::Str(_), Expected::String) => {
                problems.report(node.pos, format!("{label}: must not be empty"));
                None
            }
            _ => {
                problems.report(
                    node.pos,
                    format!("{label}: expected {expected}, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// Like [`Mapping::optional_text`], and a missing key is a problem too.
    pub fn required_text(
        &self,
        key: &str,
        label: &dyn fmt::Display,
        expected: Expected,
        problems: &mut impl Problems,
    ) -> Option<(&'n str, Position)> {
        if self.get(key).is_none() {
            problems.report(
                self.pos,
                format!("{label}: required key is missing; expected {expected}"),
            );
            return None;
        }
        self.optional_text(key, label, expected, problems)
    }

    pub fn unknown_keys<'a>(
        &self,
        allowed: &'a [&'a str],
    ) -> impl Iterator<Item = UnknownKey<'n, 'a>> + use<'n, 'a> {
        self.entries
            .iter()
            .filter_map(move |(key, _)| UnknownKey::new(key, allowed))
    }

    /// Reports every key not in `allowed`; see [`UnknownKey::message`] for `at` and `within`.
    pub fn report_unknown_keys(
        &self,
        allowed: &[&str],
        at: &dyn fmt::Display,
        within: &dyn fmt::Display,
        problems: &mut impl Problems,
    ) {
        for unknown in self.unknown_keys(allowed) {
            problems.report(unknown.key.pos, unknown.message(at, within, &""));
        }
    }
}

/// A key a mapping may not hold.
pub struct UnknownKey<'n, 'a> {
    pub key: &'n Key,
    allowed: &'a [&'a str],
}

impl<'n, 'a> UnknownKey<'n, 'a> {
    /// `Some` when `key` is not one of `allowed`.
    pub fn new(key: &'n Key, allowed: &'a [&'a str]) -> Option<Self> {
        (!allowed.contains(&key.name.as_str())).then_some(UnknownKey { key, allowed })
    }

    /// The allowed key this one most likely misspells.
    pub fn suggestion(&self) -> Option<&'a str> {
        fields::suggest(&self.key.name, self.allowed.iter().copied())
    }

    /// `{at}unknown key `name`{within}; did you mean `x`? (valid keys{place}: a, b)`:
    /// `at` says where the mapping is, `within` what it is and `place` where its keys belong.
    pub fn message(
        &self,
        at: &dyn fmt::Display,
        within: &dyn fmt::Display,
        place: &dyn fmt::Display,
    ) -> String {
        format!(
            "{at}unknown key `{}`{within}{} (valid keys{place}: {})",
            self.key.name,
            fields::did_you_mean(&self.key.name, self.allowed.iter().copied()),
            self.allowed.join(", ")
        )
    }
}
