//! The only module that talks to the YAML parser (see ADR 0001), so the parser can be
//! swapped without touching validation. It turns text into a [`Node`] tree in which every
//! key and value keeps its line and column; validation works on that tree alone.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Error, MessageFormatter, Spanned, UserMessageFormatter};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};

/// A parsed YAML value with its position in the source.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: NodeValue,
    pub pos: Position,
    /// A number or boolean exactly as it appears in the file (`0x10`, `1e400`), so messages
    /// and reason templates quote what the user wrote; empty for other nodes (see `text`).
    written: String,
}

#[derive(Debug, Clone)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position, for "unknown key" messages that point at the key.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub pos: Position,
}

impl Node {
    /// An empty mapping, for building the sections a `--set` override needs.
    pub fn empty_map(pos: Position) -> Node {
        Node {
            value: NodeValue::Map(Vec::new()),
            pos,
            written: String::new(),
        }
    }

    /// What kind of YAML value this is, for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a number",
            NodeValue::Str(_) => "a string",
            NodeValue::Seq(_) => "a list",
            NodeValue::Map(_) => "a mapping",
        }
    }

    /// A scalar as the user wrote it: strings as their value, numbers in their own notation.
    pub fn text(&self) -> &str {
        match &self.value {
            NodeValue::Str(s) => s,
            _ => &self.written,
        }
    }

    /// A short quote of the value for messages: scalars as written, collections by kind.
    pub fn describe(&self) -> String {
        match self.value {
            NodeValue::Seq(_) | NodeValue::Map(_) | NodeValue::Null => self.kind_name().to_string(),
            NodeValue::Str(ref s) => format!("{:?}", shorten(s)),
            _ => shorten(&self.written).into_owned(),
        }
    }
}

/// Deepest nesting of collections accepted; our formats need under ten levels.
pub const MAX_DEPTH: usize = 64;

/// Values quoted in messages are cut short, so a megabyte scalar cannot flood the terminal.
const MAX_QUOTED_CHARS: usize = 60;

fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

/// Parses one YAML document. `file` is only used to label the error.
pub fn parse(text: &str, file: &str) -> Result<Node, Diagnostics> {
    // Explicit limits (ADR 0001): files come from pull requests, so nesting, aliases and
    // sheer size are bounded before anything is built. Real workloads and rule sets are a few
    // levels deep and use few anchors; a rule set of 100,000 small rules still fits.
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: 2_000_000,
            max_events: 4_000_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
        with_snippet: false,
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    };
    let raw: Spanned<RawValue> = serde_saphyr::from_str_with_options(text, options)
        .map_err(|error| Diagnostics::from(parse_error(&error, file)))?;
    let root = convert(raw, text);
    let mut duplicates = Vec::new();
    find_duplicate_keys(&root, file, &mut duplicates);
    if duplicates.is_empty() {
        Ok(root)
    } else {
        Err(Diagnostics(duplicates))
    }
}

/// YAML forbids repeated keys in a mapping; naming both places makes the fix obvious. Keys
/// are looked up in a hash map, so a mapping of 100,000 keys costs 100,000 look-ups, not
/// five billion comparisons.
fn find_duplicate_keys(node: &Node, file: &str, found: &mut Vec<Diagnostic>) {
    match &node.value {
        NodeValue::Map(entries) => {
            let mut seen: HashMap<&str, &Key> = HashMap::with_capacity(entries.len());
            for (key, value) in entries {
                if let Some(first) = seen.get(key.name.as_str()) {
                    found.push(Diagnostic::new(
                        file,
                        key.pos,
                        format!(
                            "duplicate key `{}`, first defined at line {}",
                            key.name, first.pos.line
                        ),
                    ));
                } else {
                    seen.insert(&key.name, key);
                }
                find_duplicate_keys(value, file, found);
            }
        }
        NodeValue::Seq(items) => {
            for item in items {
                find_duplicate_keys(item, file, found);
            }
        }
        _ => {}
    }
}

fn parse_error(error: &Error, file: &str) -> Diagnostic {
    let message =
        limit_message(error).map_or_else(|| UserMessageFormatter.format_message(error), Into::into);
    let pos = error
        .location()
        .map(|loc| Position::new(loc.line(), loc.column()))
        .unwrap_or(Position::START);
    Diagnostic::new(file, pos, format!("invalid YAML: {message}"))
}

/// Budget breaches in words a user can act on; the parser's own wording names internals.
fn limit_message(error: &Error) -> Option<&'static str> {
    use serde_saphyr::budget::BudgetBreach;
    match error {
        Error::Budget { breach, .. } => Some(match breach {
            BudgetBreach::Depth { .. } => NESTING_MESSAGE,
            BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => ALIAS_MESSAGE,
            _ => "the document is too large or complex for advisor to read (too many nodes)",
        }),
        Error::AliasReplayLimitExceeded { .. } | Error::AliasReplayStackDepthExceeded { .. } => {
            Some(ALIAS_MESSAGE)
        }
        // Other limits (the scanner's flow nesting, alias replay) arrive as plain messages.
        other => {
            let message = UserMessageFormatter.format_message(other);
            if message.contains("recursion limit") {
                Some(NESTING_MESSAGE)
            } else if message.contains("replayed_events") {
                Some(ALIAS_MESSAGE)
            } else {
                None
            }
        }
    }
}

const NESTING_MESSAGE: &str =
    "collections are nested more than 64 levels deep; advisor's formats need only a few";
const ALIAS_MESSAGE: &str = "too many anchors, aliases or alias expansions (an alias bomb?); advisor's formats need none at this scale";

fn position_of<T>(spanned: &Spanned<T>) -> Position {
    Position::new(spanned.referenced.line(), spanned.referenced.column())
}

fn convert(raw: Spanned<RawValue>, text: &str) -> Node {
    let pos = position_of(&raw);
    let span = raw.referenced.span();
    let source_slice = span
        .byte_offset()
        .zip(span.byte_len())
        .and_then(|(start, len)| text.get(start as usize..(start + len) as usize));
    let (value, written) = match raw.value {
        RawValue::Null => (NodeValue::Null, "null".to_string()),
        RawValue::Bool(b) => (NodeValue::Bool(b), b.to_string()),
        RawValue::Int(i) => (NodeValue::Int(i), i.to_string()),
        // The parser hands over integers beyond u64 as floats; they are still whole numbers,
        // and messages should say they are too large rather than not whole.
        RawValue::Float(f) => match source_slice.and_then(whole_number_beyond_u64) {
            Some(whole) => (NodeValue::Int(whole), whole.to_string()),
            None => (NodeValue::Float(f), f.to_string()),
        },
        RawValue::Str(s) => (NodeValue::Str(s), String::new()),
        RawValue::Seq(items) => (
            NodeValue::Seq(items.into_iter().map(|i| convert(i, text)).collect()),
            String::new(),
        ),
        RawValue::Map(entries) => (
            NodeValue::Map(
                entries
                    .into_iter()
                    .map(|(key, value)| {
                        let key = Key {
                            pos: position_of(&key),
                            name: key.value,
                        };
                        (key, convert(value, text))
                    })
                    .collect(),
            ),
            String::new(),
        ),
    };
    let written = match (&value, source_slice) {
        (NodeValue::Bool(_) | NodeValue::Int(_) | NodeValue::Float(_), Some(slice)) => {
            slice.trim().to_string()
        }
        _ => written,
    };
    Node {
        value,
        pos,
        written,
    }
}

/// A plain decimal integer literal (`-` or `+`, then digits), as an `i128` saturated at its
/// bounds: past those it is too large for every field anyway, and messages quote the text.
fn whole_number_beyond_u64(literal: &str) -> Option<i128> {
    let literal = literal.trim();
    let (negative, digits) = match literal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal.strip_prefix('+').unwrap_or(literal)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match literal.parse::<i128>() {
        Ok(value) => value,
        Err(_) if negative => i128::MIN,
        Err(_) => i128::MAX,
    })
}

/// What the parser hands over before positions are attached to every node.
enum RawValue {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<String>, Spanned<RawValue>)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(i.into()))
    }
    fn visit_u64<E>(self, i: u64) -> Result<RawValue, E> {
        Ok(RawValue::Int(i.into()))
    }
    fn visit_i128<E>(self, i: i128) -> Result<RawValue, E> {
        Ok(RawValue::Int(i))
    }
    fn visit_u128<E: serde::de::Error>(self, i: u128) -> Result<RawValue, E> {
        i128::try_from(i)
            .map(RawValue::Int)
            .map_err(|_| E::custom("integer is too large"))
    }
    fn visit_f64<E>(self, f: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            entries.push((key, map.next_value()?));
        }
        Ok(RawValue::Map(entries))
    }
}
