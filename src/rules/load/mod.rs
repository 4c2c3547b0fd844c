//! The rule-set loader: one walk over the YAML tree that checks everything SPEC 2.2 lists and
//! collects every problem, split by what it loads; `layer` adds what a file that `extends`
//! another does to its base.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::{Origin, RuleSet, Service, ServiceIndex};
use crate::diagnostic::{Collector, Diagnostics, Position};
use crate::validate::{Expected, Mapping};
use crate::yaml::{Node, NodeValue};
use layer::Inherited;
pub use layer::{Base, Extends, extends};

mod conditions;
mod effects;
mod layer;
mod rules;
mod services;
mod templates;

const RULE_SET_KEYS: &[&str] = &[
    "version", "extends", "name", "title", "services", "rules", "disable",
];

pub(super) struct Loader<'a> {
    pub(super) errors: Collector<'a>,
    /// The file being loaded, shared by the origins of its rules and services.
    pub(super) file: Arc<str>,
    pub(super) service_ids: HashMap<String, ServiceIndex>,
    pub(super) services: Vec<Service>,
    /// Whether this rule set is a layer over a base (`extends`).
    pub(super) extends: bool,
}

impl<'a> Loader<'a> {
    pub(super) fn new(label: &'a str) -> Self {
        Loader {
            errors: Collector::new(label),
            file: Arc::from(label),
            service_ids: HashMap::new(),
            services: Vec::new(),
            extends: false,
        }
    }

    /// Loads `root`, laid over `base` when it extends one.
    pub(super) fn load(
        mut self,
        root: &Node,
        base: Option<RuleSet>,
    ) -> Result<RuleSet, Diagnostics> {
        let inherited = base.map(|base| self.adopt(base)).unwrap_or_default();
        let rule_set = self.rule_set(root, inherited);
        self.errors.finish(rule_set)
    }

    fn rule_set(&mut self, root: &Node, inherited: Inherited) -> RuleSet {
        let mut rule_set = RuleSet {
            name: String::new(),
            title: None,
            services: Vec::new(),
            rules: Vec::new(),
            disabled: inherited.disabled,
        };
        let Some(top) = self.mapping(root, RULE_SET_KEYS, "the rule set", "") else {
            return rule_set;
        };
        self.version(&top);
        rule_set.name = self.required_text(&top, "name", "").unwrap_or_default();
        rule_set.title = self.optional_text(&top, "title", "");
        match top.get("services") {
            Some(node) => self.services(node),
            None if self.extends => {}
            None => self.errors.error(
                top.pos,
                "services: required key is missing; expected a list of services",
            ),
        }
        let layer = top.get("rules").map(|n| self.rules(n)).unwrap_or_default();
        rule_set.rules = self.merge(inherited.rules, layer);
        if let Some(node) = top.get("disable") {
            self.disable(node, &mut rule_set.rules, &mut rule_set.disabled);
        }
        rule_set.services = std::mem::take(&mut self.services);
        rule_set
    }

    fn version(&mut self, top: &Mapping) {
        match top.get("version") {
            Some(node) if matches!(node.value, NodeValue::Int(1)) => {}
            Some(node) => self.errors.error(
                node.pos,
                format!(
                    "version: unsupported rule set version {}; this advisor reads version 1",
                    node.describe()
                ),
            ),
            None => self.errors.error(
                top.pos,
                "version: required key is missing; expected `version: 1`",
            ),
        }
    }

    /// Checks that `node` is a mapping with only `allowed` keys; `path` prefixes messages.
    fn mapping<'n>(
        &mut self,
        node: &'n Node,
        allowed: &[&str],
        what: &str,
        path: &str,
    ) -> Option<Mapping<'n>> {
        let Some(mapping) = Mapping::of(node) else {
            self.errors.error(
                node.pos,
                format!(
                    "{}expected {what} to be a mapping with keys {}, found {}",
                    Lead(path, ": "),
                    allowed.join(", "),
                    node.describe()
                ),
            );
            return None;
        };
        mapping.report_unknown_keys(
            allowed,
            &Lead(path, ": "),
            &format_args!(" in {what}"),
            &mut self.errors,
        );
        Some(mapping)
    }

    /// The text under `key`, named `path: key` in messages (`key` at the top level).
    fn optional_text(&mut self, entries: &Mapping, key: &str, path: &str) -> Option<String> {
        let label = format_args!("{}{key}", Lead(path, "."));
        entries
            .optional_text(key, &label, Expected::String, &mut self.errors)
            .map(|(text, _)| text.to_owned())
    }

    fn required_text(&mut self, entries: &Mapping, key: &str, path: &str) -> Option<String> {
        let label = format_args!("{}{key}", Lead(path, "."));
        entries
            .required_text(key, &label, Expected::String, &mut self.errors)
            .map(|(text, _)| text.to_owned())
    }

    /// A service's or rule's `id` and where it is; ids are kebab-case, like `example`.
    fn id(&mut self, entries: &Mapping, path: &str, example: &str) -> Option<(String, Position)> {
        let label = format_args!("{}id", Lead(path, "."));
        let (id, pos) = entries.required_text("id", &label, Expected::String, &mut self.errors)?;
        if !is_kebab_case(id) {
            self.errors.error(
                pos,
                format!("{path}.id: `{id}` is not a kebab-case id (lower-case letters, digits and single dashes, like `{example}`)"),
            );
        }
        Some((id.to_owned(), pos))
    }

    pub(super) fn origin(&self, pos: Position) -> Origin {
        Origin {
            file: self.file.clone(),
            pos,
        }
    }

    /// Where something was declared, as `line N` in this file or `file:line:col` in another.
    pub(super) fn place(&self, origin: &Origin) -> String {
        if origin.file == self.file {
            format!("line {}", origin.pos.line)
        } else {
            origin.to_string()
        }
    }
}

/// A dotted path (`rules.x.when`) that is only spelled out when a message needs it, so a
/// valid rule set loads without formatting a string per node.
struct Sub<'a>(&'a dyn fmt::Display, &'a str);

impl fmt::Display for Sub<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// `path` and a separator before what follows in a message, nothing at the top level:
/// `path: ` opens a message about something in `path`, `path.` joins a key inside it into
/// one dotted path (`services[0].name`).
struct Lead<'a>(&'a str, &'static str);

impl fmt::Display for Lead<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}{}", self.0, self.1)
        }
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
