//! Layered rule sets: a file that `extends` a base adds services and rules to it, puts rules
//! in place of the base's (`replace: true`) and switches rules off (`disable`).

use std::collections::HashMap;

use super::Loader;
use crate::diagnostic::{Collector, Diagnostics, Position};
use crate::fields;
use crate::rules::{Disabled, Rule, RuleSet};
use crate::validate::{Expected, Mapping};
use crate::yaml::{Node, NodeValue};

/// The rule set a layer builds on (`extends:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The embedded default rule set.
    Builtin,
    /// A rule set file, relative to the file that extends it.
    File(String),
}

/// A layer's `extends`, with where it is written for messages about the base.
#[derive(Debug, Clone)]
pub struct Extends {
    pub base: Base,
    pub pos: Position,
}

/// Reads `extends` from a parsed rule set, so the caller can load the base first.
pub fn extends(root: &Node, label: &str) -> Result<Option<Extends>, Diagnostics> {
    let mut errors = Collector::new(label);
    let expected =
        Expected::Described("`builtin` or the path of a rule set file relative to this one");
    let written = Mapping::of(root)
        .and_then(|top| top.optional_text("extends", &"extends", expected, &mut errors));
    errors.finish(written.map(|(base, pos)| Extends {
        base: match base {
            "builtin" => Base::Builtin,
            file => Base::File(file.to_owned()),
        },
        pos,
    }))
}

/// A rule as this file declares it, with the position of `replace: true` if it has one.
pub(super) struct LayerRule {
    pub(super) rule: Rule,
    pub(super) replace: Option<Position>,
}

/// What a layer keeps of its base besides the services, which the loader adopts.
#[derive(Default)]
pub(super) struct Inherited {
    pub(super) rules: Vec<Rule>,
    pub(super) disabled: Vec<Disabled>,
}

impl Loader<'_> {
    /// Takes the base's services as this set's first ones, so the layer's effects can name
    /// them and its own services cannot reuse their ids.
    pub(super) fn adopt(&mut self, base: RuleSet) -> Inherited {
        self.extends = true;
        for service in base.services {
            self.service_ids
                .insert(service.id.clone(), self.services.len());
            self.services.push(service);
        }
        Inherited {
            rules: base.rules,
            disabled: base.disabled,
        }
    }

    /// Lays this file's rules over the base rules: new ids are added, `replace: true` takes
    /// the place of the base rule, and any other reuse of a base id is an error.
    pub(super) fn merge(&mut self, mut rules: Vec<Rule>, layer: Vec<LayerRule>) -> Vec<Rule> {
        let mut index_of: HashMap<String, usize> = rules
            .iter()
            .enumerate()
            .map(|(index, rule)| (rule.id.clone(), index))
            .collect();
        for LayerRule { rule, replace } in layer {
            match (index_of.get(&rule.id).copied(), replace) {
                (Some(index), Some(_)) => rules[index] = rule,
                (Some(index), None) => {
                    let first = self.place(&rules[index].origin);
                    self.errors.error(
                        rule.origin.pos,
                        format!(
                            "rules.{id}: duplicate rule id `{id}`, first declared at {first}; add `replace: true` to replace that rule",
                            id = rule.id
                        ),
                    );
                }
                (None, Some(pos)) if self.extends => self.errors.error(
                    pos,
                    format!(
                        "rules.{id}.replace: the base rule set has no rule `{id}` to replace{}",
                        fields::did_you_mean(&rule.id, rules.iter().map(|r| r.id.as_str())),
                        id = rule.id
                    ),
                ),
                (None, Some(pos)) => self.errors.error(
                    pos,
                    format!(
                        "rules.{}.replace: there is no base rule set to replace a rule in; add `extends: builtin` or `extends: FILE`",
                        rule.id
                    ),
                ),
                (None, None) => {
                    index_of.insert(rule.id.clone(), rules.len());
                    rules.push(rule);
                }
            }
        }
        rules
    }

    /// Drops the rules named in `disable`, each of which must exist.
    pub(super) fn disable(
        &mut self,
        node: &Node,
        rules: &mut Vec<Rule>,
        disabled: &mut Vec<Disabled>,
    ) {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "disable: expected a list of rule ids, found {}",
                    node.describe()
                ),
            );
            return;
        };
        for item in items {
            let NodeValue::Str(id) = &item.value else {
                self.errors.error(
                    item.pos,
                    format!("disable: expected a rule id, found {}", item.describe()),
                );
                continue;
            };
            match rules.iter().position(|r| &r.id == id) {
                Some(index) => {
                    rules.remove(index);
                    disabled.push(Disabled {
                        id: id.clone(),
                        origin: self.origin(item.pos),
                    });
                }
                None if disabled.iter().any(|d| &d.id == id) => {
                    let first = disabled
                        .iter()
                        .find(|d| &d.id == id)
                        .map(|d| self.place(&d.origin));
                    self.errors.error(
                        item.pos,
                        format!(
                            "disable: rule `{id}` is already disabled, at {}",
                            first.unwrap_or_default()
                        ),
                    );
                }
                None => self.errors.error(
                    item.pos,
                    format!(
                        "disable: there is no rule `{id}` to disable{}",
                        fields::did_you_mean(id, rules.iter().map(|r| r.id.as_str()))
                    ),
                ),
            }
        }
    }
}
