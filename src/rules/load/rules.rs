//! The `rules` list: each entry's id, texts and `replace` flag, with its condition and effects
//! loaded by their own modules.

use std::collections::HashMap;

use super::layer::LayerRule;
use super::{Loader, Sub};
use crate::date::Date;
use crate::diagnostic::Position;
use crate::rules::{Rule, Text};
use crate::validate::{Expected, Mapping};
use crate::yaml::{Node, NodeValue};

const RULE_KEYS: &[&str] = &[
    "id",
    "summary",
    "rationale",
    "source",
    "reviewed",
    "when",
    "exclude",
    "score",
    "pair",
    "cost_points",
    "reason",
    "replace",
];

impl Loader<'_> {
    pub(super) fn rules(&mut self, node: &Node) -> Vec<LayerRule> {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!("rules: expected a list of rules, found {}", node.describe()),
            );
            return Vec::new();
        };
        let mut first_seen: HashMap<String, Position> = HashMap::new();
        let mut rules = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            rules.extend(self.rule_entry(item, &format!("rules[{i}]"), &mut first_seen));
        }
        rules
    }

    /// One rule entry; `None` when it cannot be a rule at all (no id, or a repeated one).
    fn rule_entry(
        &mut self,
        item: &Node,
        index_path: &str,
        first_seen: &mut HashMap<String, Position>,
    ) -> Option<LayerRule> {
        let label = match declared_id(item) {
            Some(id) => format!("rules.{id}"),
            None => index_path.to_string(),
        };
        let entries = self.mapping(item, RULE_KEYS, "a rule", &label)?;
        let (id, id_pos) = self.id(&entries, index_path, "lambda-max-duration")?;
        // A valid id is the one `declared_id` found, so the label is already `rules.{id}`.
        let path = label;
        if let Some(first) = first_seen.get(&id) {
            self.errors.error(
                id_pos,
                format!(
                    "{index_path}.id: duplicate rule id `{id}`, first declared at line {}",
                    first.line
                ),
            );
            return None;
        }
        first_seen.insert(id.clone(), id_pos);
        let replace = self.replace(&entries, &path);
        let rule = self.rule(&entries, id, id_pos, &path);
        self.require_effect(&entries, id_pos, &path);
        Some(LayerRule { rule, replace })
    }

    /// Where `replace: true` is written, if it is.
    fn replace(&mut self, entries: &Mapping, path: &str) -> Option<Position> {
        let node = entries.get("replace")?;
        match node.value {
            NodeValue::Bool(true) => Some(node.pos),
            NodeValue::Bool(false) => None,
            _ => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}.replace: expected true or false, found {}",
                        node.describe()
                    ),
                );
                None
            }
        }
    }

    fn rule(&mut self, entries: &Mapping, id: String, id_pos: Position, path: &str) -> Rule {
        let scores = entries
            .get("score")
            .map(|n| self.score(n, &path))
            .unwrap_or_default();
        Rule {
            summary: self.optional_text(entries, "summary", path).map(Text::from),
            rationale: self
                .optional_text(entries, "rationale", path)
                .map(Text::from),
            source: self.optional_text(entries, "source", path).map(Text::from),
            reviewed: self.reviewed(entries, path),
            when: entries
                .get("when")
                .and_then(|n| self.condition(n, &Sub(&path, "when"))),
            exclude: entries
                .get("exclude")
                .map(|n| self.exclude(n, &path))
                .unwrap_or_default(),
            score: scores.points,
            pair: entries
                .get("pair")
                .map(|n| self.pair(n, &path))
                .unwrap_or_default(),
            reason: entries.get("reason").and_then(|n| self.template(n, &path)),
            service_reasons: scores.reasons,
            versus: scores.versus,
            cost_points: entries
                .get("cost_points")
                .map(|n| self.cost_points(n, &path))
                .unwrap_or_default(),
            id,
            origin: self.origin(id_pos),
        }
    }

    /// The `reviewed` date, a real day written `YYYY-MM-DD`.
    fn reviewed(&mut self, entries: &Mapping, path: &str) -> Option<Date> {
        let label = format_args!("{path}.reviewed");
        let expected = Expected::Described("a date as YYYY-MM-DD");
        let (text, pos) = entries.optional_text("reviewed", &label, expected, &mut self.errors)?;
        Date::parse(text)
            .map_err(|problem| {
                self.errors
                    .error(pos, format!("{path}.reviewed: {problem}"))
            })
            .ok()
    }

    /// A rule must change the ranking; unknown keys are reported already and may be a
    /// misspelt effect, so they excuse the rule from this check.
    fn require_effect(&mut self, entries: &Mapping, id_pos: Position, path: &str) {
        let has_effect = ["exclude", "score", "pair", "cost_points"]
            .iter()
            .filter_map(|key| entries.get(key))
            .any(|node| !is_empty_collection(node));
        let has_unknown_keys = entries.unknown_keys(RULE_KEYS).next().is_some();
        if !has_effect && !has_unknown_keys {
            self.errors.error(
                id_pos,
                format!("{path}: the rule has no effect; give it a non-empty `exclude`, `score`, `pair` or `cost_points`"),
            );
        }
    }
}

/// The `id` of a rule mapping, for labelling messages before it is validated.
fn declared_id(node: &Node) -> Option<&str> {
    match &Mapping::of(node)?.get("id")?.value {
        NodeValue::Str(id) => Some(id),
        _ => None,
    }
}

fn is_empty_collection(node: &Node) -> bool {
    match &node.value {
        NodeValue::Seq(items) => items.is_empty(),
        NodeValue::Map(entries) => entries.is_empty(),
        _ => false,
    }
}
