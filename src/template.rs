//! The workload template `advisor init` writes, generated from the workload format itself, so
//! every field, its allowed values and its meaning are there and can never drift from
//! validation.
//! Required fields are filled in; optional ones are commented out, because an absent field
//! is unknown, which is better than a guess.

use std::fmt::Write;

use crate::fields::{FIELDS, Field, FieldKind};

/// Column at which the allowed values start, after `key: example`.
const COMMENT_COLUMN: usize = 36;

/// The workload template: valid as written, and valid with every field uncommented.
pub fn workload() -> String {
    let mut out = String::from(
        "# A workload for `advisor recommend` (workload format version 1).\n\
         # Only `name` and `runtime.max_duration` are required. Uncomment what you know and\n\
         # leave out what you do not: an absent field is unknown, never false, and advisor lists\n\
         # the unknown fields that could change the ranking as open questions.\n\n",
    );
    let mut section: Option<&str> = None;
    for field in FIELDS {
        let (parent, key) = match field.path.split_once('.') {
            Some((parent, key)) => (Some(parent), key),
            None => (None, field.path),
        };
        if parent != section {
            out.push('\n');
            if let Some(parent) = parent {
                let needed = FIELDS
                    .iter()
                    .any(|f| f.required && f.path.starts_with(&format!("{parent}.")));
                let _ = writeln!(out, "{}{parent}:", if needed { "" } else { "# " });
            }
            section = parent;
        }
        let indent = if parent.is_some() { "  " } else { "" };
        let _ = writeln!(out, "{indent}# {}", field.question);
        for line in notes(field.path) {
            let _ = writeln!(out, "{indent}# {line}");
        }
        let assignment = format!(
            "{indent}{}{key}: {}",
            if field.required { "" } else { "# " },
            example(field)
        );
        let _ = writeln!(
            out,
            "{assignment:<COMMENT_COLUMN$}  # {}{}",
            allowed(field.kind),
            if field.required { " (required)" } else { "" }
        );
    }
    out
}

/// What a field's question leaves open and a wrong answer would get wrong, as further
/// comment lines.
fn notes(path: &str) -> &'static [&'static str] {
    match path {
        "runtime.max_duration" => &[
            "A unit is one request, message, event, job or websocket connection: an HTTP",
            "server's unit is a request, not the life of the process. `unbounded` is for work",
            "not split into units at all (a stream processor or daemon doing continuous work).",
        ],
        "runtime.avg_duration" => &["Never above max_duration, and never unbounded."],
        _ => &[],
    }
}

/// A plausible value for the field, in its own notation.
fn example(field: &Field) -> String {
    match (field.path, field.kind) {
        ("name", _) => "my-workload".into(),
        (_, FieldKind::Text) => "\"What the workload does, in a sentence\"".into(),
        ("runtime.avg_duration", _) => "2s".into(),
        (_, FieldKind::Duration { .. }) => "30s".into(),
        (_, FieldKind::Bool) => "false".into(),
        (_, FieldKind::Integer { min: 0 }) => "1000000".into(),
        (_, FieldKind::Integer { .. }) => "1024".into(),
        (_, FieldKind::PositiveNumber) => "1".into(),
        (_, FieldKind::Enum(spec)) => spec.members[0].into(),
        (_, FieldKind::EnumList(spec)) => format!("[{}]", spec.members[0]),
        (_, FieldKind::Labels) => "{team: payments}".into(),
    }
}

/// The allowed values, in the SPEC's notation (`low | medium | high`).
fn allowed(kind: FieldKind) -> String {
    match kind {
        FieldKind::Enum(spec) => spec.members.join(" | "),
        FieldKind::EnumList(spec) => format!("any of: {}", spec.members.join(" | ")),
        FieldKind::Duration { unbounded: true } => {
            "500ms, 30s, 14m, 1h30m, seconds, or unbounded".into()
        }
        FieldKind::Duration { unbounded: false } => "500ms, 30s, 14m, 1h30m, or seconds".into(),
        other => other.expectation(),
    }
}
