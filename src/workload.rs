//! Workload files (SPEC section 1): raw YAML in, a validated [`Workload`] out. Every problem
//! in the file is reported at once, each with its dotted path, position and valid values.

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::diagnostic::{Collector, Diagnostics, Position};
use crate::fields::{self, FIELDS, FieldKind};
use crate::validate::{Mapping, UnknownKey};
use crate::value::{self, Value};
use crate::yaml::{self, Key, Node, NodeValue};

/// A known field of a workload: its typed value and the text the user wrote for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub value: Value,
    /// `None` for a value set by [`Workload::set_fact`], whose text is made only when asked
    /// for: trying answers sets dozens and reads none.
    written: Option<String>,
}

impl Fact {
    /// The value as the user wrote it, for reason templates: lists joined with ", ".
    pub fn written(&self) -> Cow<'_, str> {
        match (&self.written, &self.value) {
            (Some(text), _) => Cow::Borrowed(text),
            (None, Value::EnumList(members)) => Cow::Owned(members.join(", ")),
            (None, other) => Cow::Owned(other.to_string()),
        }
    }
}

/// A validated workload. Fields that were absent (or `null`) are unknown, never false.
#[derive(Debug, Clone)]
pub struct Workload {
    pub name: String,
    /// The path as the user gave it, `-` for standard input.
    pub path: String,
    /// The `--set` overrides applied, as `FIELD=VALUE`, so output can say it is a what-if.
    pub overrides: Vec<String>,
    /// Shared, so trying another value for a field (open questions, `--why-not`) does not
    /// copy every fact: a workload with 100,000 labels is tried dozens of times.
    facts: Arc<FxHashMap<Cow<'static, str>, Fact>>,
    /// Facts set by [`Workload::with_fact`], looked up before `facts`: a field or two, so
    /// a list is quicker than a map.
    changed: Vec<(String, Fact)>,
}

impl Workload {
    /// The value of a dotted field path, `None` when the workload leaves it unknown.
    pub fn fact(&self, path: &str) -> Option<&Fact> {
        self.changed
            .iter()
            .find(|(changed, _)| changed == path)
            .map(|(_, fact)| fact)
            .or_else(|| self.facts.get(path))
    }

    /// This workload with one field set to `value`, as `--why-not` tries changes.
    pub fn with_fact(&self, path: &str, value: Value) -> Workload {
        let mut changed = self.clone();
        changed.set_fact(path, value);
        changed
    }

    /// Sets one field to `value`, as trying answers to an open question one after another
    /// does.
    pub fn set_fact(&mut self, path: &str, value: Value) {
        let fact = Fact {
            value,
            written: None,
        };
        match self.changed.iter_mut().find(|(changed, _)| changed == path) {
            Some((_, changed)) => *changed = fact,
            None => self.changed.push((path.to_string(), fact)),
        }
    }

    /// Forgets every field set by [`Workload::set_fact`]: the workload as the file says.
    pub fn undo_changes(&mut self) {
        self.changed.clear();
    }

    /// Why this workload's fields cannot all hold at once (a typical duration above the
    /// longest), as a change tried for `--why-not` or an open question may make them.
    pub fn conflict(&self) -> Option<String> {
        conflict(|path| self.fact(path).map(|f| &f.value)).map(|(_, message)| message)
    }

    /// The other fields to set along with `path` = `value` so the workload stays valid:
    /// lowering `runtime.max_duration` below `runtime.avg_duration` lowers that to match,
    /// and raising `runtime.avg_duration` above `runtime.max_duration` raises that.
    pub fn companions(&self, path: &str, value: &Value) -> Vec<(&'static str, Value)> {
        let other = match path {
            MAX_DURATION => AVG_DURATION,
            AVG_DURATION => MAX_DURATION,
            _ => return Vec::new(),
        };
        let changed = self.with_fact(path, value.clone());
        match changed.conflict() {
            Some(_) => vec![(other, value.clone())],
            None => Vec::new(),
        }
    }
}

const AVG_DURATION: &str = "runtime.avg_duration";
const MAX_DURATION: &str = "runtime.max_duration";

/// The one rule between fields: a typical unit of work is never longer than the longest.
/// Gives the field to point at and the message.
fn conflict<'v>(fact: impl Fn(&str) -> Option<&'v Value>) -> Option<(&'static str, String)> {
    let (Some(Value::Duration(avg)), Some(Value::Duration(max))) =
        (fact(AVG_DURATION), fact(MAX_DURATION))
    else {
        return None;
    };
    (avg > max).then(|| {
        (
            AVG_DURATION,
            format!(
                "{AVG_DURATION}: {avg} is above {MAX_DURATION} ({max}); the typical unit of work cannot run longer than the longest"
            ),
        )
    })
}

/// Parses and validates workload text. `label` names the source in messages.
pub fn parse(text: &str, path: &str, label: &str) -> Result<Workload, Diagnostics> {
    parse_with(text, path, label, &[])
}

/// A `--set FIELD=VALUE` override, already checked against the field's type.
#[derive(Debug, Clone)]
pub struct Override {
    path: String,
    /// The value as the user typed it, for showing the override back.
    written: String,
    /// The value as YAML; `null` takes the field out (unknown).
    node: Node,
}

impl std::fmt::Display for Override {
    /// `FIELD=VALUE`, as the user typed the value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.path, self.written)
    }
}

/// Parses `FIELD=VALUE`: the field must be in the workload format and the value (YAML, as
/// in a file: `40m`, `high`, `[cost, control]`, `null`) must fit it.
pub fn parse_override(arg: &str) -> Result<Override, String> {
    let (path, text) = match arg.split_once('=') {
        Some((path, text)) if !path.trim().is_empty() => (path.trim(), text),
        _ => return Err("expected FIELD=VALUE, like runtime.max_duration=10m".into()),
    };
    let Some(field) = fields::lookup(path) else {
        return Err(format!(
            "unknown field `{path}`{}",
            fields::did_you_mean(path, fields::all_paths())
        ));
    };
    if field.kind == FieldKind::Labels {
        return Err("set one label at a time, as labels.KEY=VALUE".into());
    }
    let node = yaml::parse(text, "--set").map_err(|d| {
        d.0.first()
            .map_or_else(String::new, |first| format!("{path}: {}", first.message))
    })?;
    if !matches!(node.value, NodeValue::Null) {
        field_value(path, field.kind, &node)?;
    }
    Ok(Override {
        path: path.to_string(),
        written: text.trim().to_string(),
        node,
    })
}

/// Parses workload text with `overrides` applied before validation, so the result is
/// checked exactly as if the file said so.
pub fn parse_with(
    text: &str,
    path: &str,
    label: &str,
    overrides: &[Override],
) -> Result<Workload, Diagnostics> {
    from_node_overridden(yaml::parse(text, label)?, path, label, overrides)
}

/// Validates the workload in `root` with `overrides` applied, as [`parse_with`] does for text.
pub fn from_node_overridden(
    mut root: Node,
    path: &str,
    label: &str,
    overrides: &[Override],
) -> Result<Workload, Diagnostics> {
    for setting in overrides {
        apply(&mut root, setting);
    }
    let overridden: Vec<&str> = overrides.iter().map(|o| o.path.as_str()).collect();
    let mut workload = from_node_with(&root, path, label, &overridden)?;
    workload.overrides = overrides.iter().map(Override::to_string).collect();
    Ok(workload)
}

/// Puts an override's value at its dotted path, creating sections as needed.
fn apply(root: &mut Node, setting: &Override) {
    let mut node = root;
    let mut segments = setting.path.split('.').peekable();
    while let Some(segment) = segments.next() {
        if !matches!(node.value, NodeValue::Map(_)) {
            *node = Node::empty_map(node.pos);
        }
        let NodeValue::Map(entries) = &mut node.value else {
            return;
        };
        let index = entries.iter().position(|(key, _)| key.name == segment);
        if segments.peek().is_none() {
            let is_null = matches!(setting.node.value, NodeValue::Null);
            match (index, is_null) {
                (Some(i), true) => {
                    entries.remove(i);
                }
                (Some(i), false) => entries[i].1 = setting.node.clone(),
                (None, true) => {}
                (None, false) => entries.push((
                    Key {
                        name: segment.to_string(),
                        pos: setting.node.pos,
                    },
                    setting.node.clone(),
                )),
            }
            return;
        }
        let index = index.unwrap_or_else(|| {
            let pos = setting.node.pos;
            entries.push((
                Key {
                    name: segment.to_string(),
                    pos,
                },
                Node::empty_map(pos),
            ));
            entries.len() - 1
        });
        node = &mut entries[index].1;
    }
}

/// Validates an already parsed workload node (decision files embed workloads).
pub fn from_node(root: &Node, path: &str, label: &str) -> Result<Workload, Diagnostics> {
    from_node_with(root, path, label, &[])
}

/// Validates a workload whose fields at `overridden` came from `--set`, so a problem found
/// between fields points at the `--set` instead of a place in the file.
fn from_node_with(
    root: &Node,
    path: &str,
    label: &str,
    overridden: &[&str],
) -> Result<Workload, Diagnostics> {
    let mut validator = Validator {
        errors: Collector::new(label),
        facts: FxHashMap::with_capacity_and_hasher(FIELDS.len(), Default::default()),
        suggested: Vec::new(),
    };
    match &root.value {
        NodeValue::Map(_) => validator.walk(root, ""),
        _ => validator.errors.error(
            root.pos,
            format!(
                "a workload must be a mapping with at least `name` and `runtime.max_duration`, found {}",
                root.describe()
            ),
        ),
    }
    let Validator {
        mut errors,
        facts,
        suggested,
    } = validator;
    if matches!(root.value, NodeValue::Map(_)) {
        for field in FIELDS.iter().filter(|f| f.required) {
            let explained =
                has_error_under(&errors, field.path) || suggested.iter().any(|s| s == field.path);
            if !facts.contains_key(field.path) && !explained {
                errors.error(
                    missing_position(root, field.path),
                    format!(
                        "{}: required field is missing; expected {}",
                        field.path,
                        field.kind.expectation()
                    ),
                );
            }
        }
    }
    if let Some((field, message)) = conflict(|path| facts.get(path).map(|f| &f.value)) {
        let pos = value_node(root, field).map_or(root.pos, |node| node.pos);
        if overridden.contains(&field) {
            errors.error_in("--set", pos, message);
        } else {
            errors.error(pos, message);
        }
    }
    let name = match facts.get("name") {
        Some(Fact {
            value: Value::Text(name),
            ..
        }) => name.clone(),
        _ => String::new(),
    };
    errors.finish(Workload {
        name,
        path: path.to_string(),
        overrides: Vec::new(),
        facts: Arc::new(facts),
        changed: Vec::new(),
    })
}

/// Whether `path` or one of its parents was already reported as wrong.
fn has_error_under(errors: &Collector, path: &str) -> bool {
    let mut end = path.len();
    loop {
        if errors.mentions(&path[..end]) {
            return true;
        }
        match path[..end].rfind('.') {
            Some(dot) => end = dot,
            None => return false,
        }
    }
}

/// Where to point for a missing field: its parent mapping if present, else the document.
fn missing_position(root: &Node, path: &str) -> Position {
    let mut node = root;
    for segment in path.split('.') {
        let Some(mapping) = Mapping::of(node) else {
            return node.pos;
        };
        match mapping.entry(segment) {
            Some((_, child)) if matches!(child.value, NodeValue::Map(_)) => node = child,
            Some((key, _)) => return key.pos,
            None => return node.pos,
        }
    }
    node.pos
}

/// The value at a dotted path, if the mappings above it are there.
fn value_node<'n>(root: &'n Node, path: &str) -> Option<&'n Node> {
    path.split('.')
        .try_fold(root, |node, segment| Mapping::of(node)?.get(segment))
}

/// Walks the workload mapping, recording valid fields and every problem.
struct Validator<'a> {
    errors: Collector<'a>,
    facts: FxHashMap<Cow<'static, str>, Fact>,
    /// Paths offered as "did you mean" for unknown keys, so the field is not also reported
    /// as missing.
    suggested: Vec<String>,
}

impl Validator<'_> {
    fn walk(&mut self, node: &Node, prefix: &'static str) {
        let NodeValue::Map(entries) = &node.value else {
            return;
        };
        let allowed = fields::section_keys(prefix);
        for (key, child) in entries {
            let Some(path) = fields::child_path(prefix, &key.name) else {
                if let Some(unknown) = UnknownKey::new(key, allowed) {
                    self.unknown_key(&unknown, &join(prefix, &key.name), prefix);
                }
                continue;
            };
            if matches!(child.value, NodeValue::Null) {
                continue;
            }
            match fields::lookup(path) {
                Some(field) => self.record(path, field.kind, child),
                None => match &child.value {
                    NodeValue::Map(_) => self.walk(child, path),
                    _ => self.errors.error(
                        child.pos,
                        format!(
                            "{path}: expected a mapping with keys {}, found {}",
                            fields::keys_under(path).join(", "),
                            child.describe()
                        ),
                    ),
                },
            }
        }
    }

    fn unknown_key(&mut self, unknown: &UnknownKey, path: &str, prefix: &str) {
        if let Some(suggestion) = unknown.suggestion() {
            self.suggested.push(join(prefix, suggestion));
        }
        let place = if prefix.is_empty() {
            " at the top level".to_string()
        } else {
            format!(" in `{prefix}`")
        };
        self.errors.error(
            unknown.key.pos,
            unknown.message(&format_args!("{path}: "), &"", &place),
        );
    }

    fn record(&mut self, path: &'static str, kind: FieldKind, node: &Node) {
        if kind == FieldKind::Labels {
            return self.record_labels(path, node);
        }
        match field_value(path, kind, node) {
            Ok(value) => {
                let written = written(node);
                self.facts.insert(
                    Cow::Borrowed(path),
                    Fact {
                        value,
                        written: Some(written),
                    },
                );
            }
            Err(message) => self.errors.error(node.pos, message),
        }
    }

    fn record_labels(&mut self, path: &'static str, node: &Node) {
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected {}, found {}",
                    FieldKind::Labels.expectation(),
                    node.describe()
                ),
            );
            return;
        };
        let mut labels = Vec::new();
        for (key, value) in entries {
            let label_path = join(path, &key.name);
            match &value.value {
                NodeValue::Str(text) => {
                    labels.push((key.name.clone(), text.clone()));
                    self.facts.insert(
                        Cow::Owned(label_path),
                        Fact {
                            value: Value::Text(text.clone()),
                            written: Some(text.clone()),
                        },
                    );
                }
                _ => self.errors.error(
                    value.pos,
                    format!(
                        "{label_path}: expected a string, found {}; quote it if it is meant as text",
                        value.describe()
                    ),
                ),
            }
        }
        let mut written = String::new();
        for (i, (key, value)) in labels.iter().enumerate() {
            if i > 0 {
                written.push_str(", ");
            }
            written.push_str(key);
            written.push('=');
            written.push_str(value);
        }
        self.facts.insert(
            Cow::Borrowed(path),
            Fact {
                value: Value::Labels(labels),
                written: Some(written),
            },
        );
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        return key.to_string();
    }
    // Not `format!`, which costs several times as much: every key of every workload of a
    // portfolio comes through here.
    let mut path = String::with_capacity(prefix.len() + 1 + key.len());
    path.push_str(prefix);
    path.push('.');
    path.push_str(key);
    path
}

/// The value as the user wrote it, for reason templates: lists joined with ", ".
/// A field's value, or the message for `path` that says why it is not one; the file and
/// `--set` are checked by this one function.
fn field_value(path: &str, kind: FieldKind, node: &Node) -> Result<Value, String> {
    match value::parse(node, kind) {
        Ok(Value::Text(text)) if text.trim().is_empty() => {
            Err(format!("{path}: must not be empty"))
        }
        Ok(value) => Ok(value),
        Err(invalid) => Err(format!("{path}: {}", invalid.0)),
    }
}

fn written(node: &Node) -> String {
    match &node.value {
        NodeValue::Seq(items) => items.iter().map(Node::text).collect::<Vec<_>>().join(", "),
        _ => node.text().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(runtime: &str) -> Result<Workload, Diagnostics> {
        parse(
            &format!("name: w\nruntime: {runtime}\n"),
            "w.yaml",
            "w.yaml",
        )
    }

    #[test]
    fn labels_read_as_written_one_after_another() {
        let text = "name: w\nruntime: {max_duration: 1m}\nlabels: {team: a, tier: web}\n";
        let workload = parse(text, "w.yaml", "w.yaml").expect("a valid workload");
        assert_eq!(
            workload.fact("labels").unwrap().written(),
            "team=a, tier=web"
        );
        assert_eq!(workload.fact("labels.tier").unwrap().written(), "web");
    }

    #[test]
    fn an_answer_set_on_a_field_reads_as_written_and_replaces_the_last_one() {
        let mut workload = check("{max_duration: 1m}").expect("a valid workload");
        workload.set_fact("priorities", Value::EnumList(vec!["cost", "performance"]));
        assert_eq!(
            workload.fact("priorities").unwrap().written(),
            "cost, performance"
        );
        workload.set_fact("priorities", Value::EnumList(vec!["control"]));
        assert_eq!(workload.fact("priorities").unwrap().written(), "control");
        workload.set_fact("resources.memory_mb", Value::Integer(512));
        assert_eq!(
            workload.fact("resources.memory_mb").unwrap().written(),
            "512"
        );
        workload.undo_changes();
        assert!(workload.fact("priorities").is_none());
    }

    #[test]
    fn the_typical_duration_may_reach_the_longest_but_not_pass_it() {
        assert!(check("{max_duration: 10s, avg_duration: 10s}").is_ok());
        assert!(check("{max_duration: 10s, avg_duration: 10}").is_ok());
        assert!(check("{max_duration: unbounded, avg_duration: 30d}").is_ok());
        let errors = check("{max_duration: 10s, avg_duration: 10001ms}").expect_err("above");
        assert_eq!(
            errors.to_string(),
            "w.yaml:2:44: runtime.avg_duration: 10001ms is above runtime.max_duration (10s); \
             the typical unit of work cannot run longer than the longest"
        );
    }

    #[test]
    fn a_set_typical_duration_above_the_longest_points_at_the_set() {
        let set = parse_override("runtime.avg_duration=11s").expect("a valid override");
        let errors = parse_with("name: w\nruntime: {max_duration: 10s}\n", "w", "w", &[set])
            .expect_err("above");
        assert_eq!(errors.0[0].file, "--set");
        let lowered = parse_override("runtime.max_duration=11s").expect("a valid override");
        let text = "name: w\nruntime: {max_duration: 10s, avg_duration: 11s}\n";
        assert!(parse_with(text, "w", "w", &[lowered]).is_ok());
    }

    #[test]
    fn a_change_that_lowers_the_longest_below_the_typical_lowers_both() {
        let workload = check("{max_duration: 40m, avg_duration: 20m}").expect("valid");
        let to = |text: &str| Value::Duration(crate::value::Duration::parse(text).unwrap());
        assert_eq!(
            workload.companions(MAX_DURATION, &to("15m")),
            [(AVG_DURATION, to("15m"))]
        );
        assert!(workload.companions(MAX_DURATION, &to("30m")).is_empty());
        assert_eq!(
            workload.companions(AVG_DURATION, &to("1h")),
            [(MAX_DURATION, to("1h"))]
        );
        assert!(
            workload
                .with_fact(MAX_DURATION, to("15m"))
                .conflict()
                .is_some()
        );
    }
}
