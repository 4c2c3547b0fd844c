//! A rule's `when`: condition trees, field tests and operators with typed operands.

use std::fmt;

use super::{Loader, Sub};
use crate::fields::{self, FieldKind};
use crate::rules::{Condition, Op};
use crate::value::{self, Value};
use crate::yaml::{Key, Node, NodeValue};

const OPERATORS: &[&str] = &[
    "eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "exists",
];

impl Loader<'_> {
    pub(super) fn condition(&mut self, node: &Node, path: &dyn fmt::Display) -> Option<Condition> {
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a condition (a mapping of field paths to tests, or all/any/not), found {}",
                    node.describe()
                ),
            );
            return None;
        };
        if entries.is_empty() {
            self.errors.error(
                node.pos,
                format!("{path}: the condition is empty; leave `when` out for a rule that always applies"),
            );
            return None;
        }
        let mut parts = Vec::new();
        for (key, value) in entries {
            let part = match key.name.as_str() {
                "all" | "any" => self
                    .condition_list(value, &format!("{path}.{}", key.name))
                    .map(|list| {
                        if key.name == "all" {
                            Condition::All(list)
                        } else {
                            Condition::Any(list)
                        }
                    }),
                "not" => self
                    .condition(value, &Sub(path, "not"))
                    .map(|c| Condition::Not(Box::new(c))),
                field => self.test(key, field, value, path),
            };
            parts.extend(part);
        }
        if parts.len() == 1 {
            parts.pop()
        } else {
            Some(Condition::All(parts))
        }
    }

    fn condition_list(&mut self, node: &Node, path: &dyn fmt::Display) -> Option<Vec<Condition>> {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a list of conditions, found {}",
                    node.describe()
                ),
            );
            return None;
        };
        if items.is_empty() {
            self.errors.error(
                node.pos,
                format!("{path}: the list is empty; give at least one condition"),
            );
            return None;
        }
        let list: Vec<Condition> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.condition(item, &format!("{path}[{i}]")))
            .collect();
        (list.len() == items.len()).then_some(list)
    }

    fn test(
        &mut self,
        key: &Key,
        field: &str,
        node: &Node,
        path: &dyn fmt::Display,
    ) -> Option<Condition> {
        let Some(field_ref) = fields::lookup(field) else {
            self.errors.error(
                key.pos,
                format!(
                    "{path}: unknown field `{field}`{} (a condition names workload fields such as runtime.max_duration, or combines conditions with all, any, not)",
                    fields::did_you_mean(field, fields::all_paths().chain(["all", "any", "not"]))
                ),
            );
            return None;
        };
        let kind = field_ref.kind;
        let test_path = Sub(path, field);
        let op = match &node.value {
            NodeValue::Map(ops) => return self.operator_tests(ops, node, field, kind, &test_path),
            NodeValue::Seq(_) => {
                self.errors.error(
                    node.pos,
                    format!("{test_path}: a list is not a test; write `{{in: [...]}}` to match any of several values"),
                );
                return None;
            }
            _ => match kind {
                FieldKind::EnumList(_) => {
                    self.errors.error(
                        node.pos,
                        format!("{test_path}: {field} is a list; write `{{contains: {}}}` to test for a member", node.text()),
                    );
                    return None;
                }
                _ => Op::Eq(self.operand(node, kind, &test_path)?),
            },
        };
        Some(Condition::Test {
            field: field.to_string().into(),
            kind,
            op,
        })
    }

    /// A test written as operators (`{gte: 1, lt: 5}`): all of them must hold.
    fn operator_tests(
        &mut self,
        ops: &[(Key, Node)],
        node: &Node,
        field: &str,
        kind: FieldKind,
        path: &dyn fmt::Display,
    ) -> Option<Condition> {
        let mut tests = Vec::new();
        for (op_key, operand) in ops {
            if let Some(op) = self.operator(op_key, operand, kind, path) {
                tests.push(Condition::Test {
                    field: field.to_string().into(),
                    kind,
                    op,
                });
            }
        }
        if ops.is_empty() {
            self.errors.error(
                node.pos,
                format!("{path}: the test is empty; give a value or an operator such as eq"),
            );
        }
        if tests.len() != ops.len() || tests.is_empty() {
            return None;
        }
        Some(if tests.len() == 1 {
            tests.remove(0)
        } else {
            Condition::All(tests)
        })
    }

    fn operator(
        &mut self,
        key: &Key,
        operand: &Node,
        kind: FieldKind,
        path: &dyn fmt::Display,
    ) -> Option<Op> {
        let name = key.name.as_str();
        if !OPERATORS.contains(&name) {
            self.errors.error(
                key.pos,
                format!(
                    "{path}: unknown operator `{name}`{} (operators: {})",
                    fields::did_you_mean(name, OPERATORS.iter().copied()),
                    OPERATORS.join(", ")
                ),
            );
            return None;
        }
        if !kind.operators().contains(&name) {
            self.errors.error(
                key.pos,
                format!(
                    "{path}: operator `{name}` does not apply to a field that holds {}; use one of {}",
                    kind.expectation(),
                    kind.operators().join(", ")
                ),
            );
            return None;
        }
        let op_path = Sub(path, name);
        Some(match name {
            "eq" => Op::Eq(self.operand(operand, kind, &op_path)?),
            "ne" => Op::Ne(self.operand(operand, kind, &op_path)?),
            "gt" => Op::Gt(self.operand(operand, kind, &op_path)?),
            "gte" => Op::Gte(self.operand(operand, kind, &op_path)?),
            "lt" => Op::Lt(self.operand(operand, kind, &op_path)?),
            "lte" => Op::Lte(self.operand(operand, kind, &op_path)?),
            "in" => Op::In(self.operand_list(operand, kind, &op_path)?),
            "not_in" => Op::NotIn(self.operand_list(operand, kind, &op_path)?),
            "contains" => Op::Contains(self.member(operand, kind, &op_path)?),
            _ => Op::Exists(self.exists(operand, &op_path)?),
        })
    }

    /// The operand of `contains`: one member of the list field's enum.
    fn member(
        &mut self,
        operand: &Node,
        kind: FieldKind,
        path: &dyn fmt::Display,
    ) -> Option<&'static str> {
        let FieldKind::EnumList(spec) = kind else {
            return None;
        };
        let member = match &operand.value {
            NodeValue::Str(s) => value::parse_member(spec, s),
            _ => Err(value::Invalid(format!(
                "expected one of {}, found {}",
                spec.listing(),
                operand.describe()
            ))),
        };
        member
            .map_err(|invalid| {
                self.errors
                    .error(operand.pos, format!("{path}: {}", invalid.0))
            })
            .ok()
    }

    fn exists(&mut self, operand: &Node, path: &dyn fmt::Display) -> Option<bool> {
        match operand.value {
            NodeValue::Bool(b) => Some(b),
            _ => {
                self.errors.error(
                    operand.pos,
                    format!(
                        "{path}: expected true or false, found {}",
                        operand.describe()
                    ),
                );
                None
            }
        }
    }

    fn operand(&mut self, node: &Node, kind: FieldKind, path: &dyn fmt::Display) -> Option<Value> {
        match value::parse(node, kind) {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.errors
                    .error(node.pos, format!("{path}: {}", invalid.0));
                None
            }
        }
    }

    fn operand_list(
        &mut self,
        node: &Node,
        kind: FieldKind,
        path: &dyn fmt::Display,
    ) -> Option<Vec<Value>> {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a list of values, each {}, found {}",
                    kind.expectation(),
                    node.describe()
                ),
            );
            return None;
        };
        let values: Vec<Value> = items
            .iter()
            .filter_map(|item| self.operand(item, kind, path))
            .collect();
        (values.len() == items.len()).then_some(values)
    }
}
