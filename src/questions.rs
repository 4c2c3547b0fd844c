//! Verified open questions (SPEC 3.3): a field the workload leaves out is only worth asking
//! about if answering it can change the outcome. Each candidate answer is evaluated, and a
//! field is kept only when some answer changes the recommendation, or at least the ranking.

use crate::cost::Pricing;
use std::cmp::Reverse;

use crate::engine::{self, Answer, OpenQuestion, Recommendation};
use crate::fields::{self, FieldKind};
use crate::rules::{Condition, Op, RuleSet, ServiceIndex};
use crate::value::Value;
use crate::workload::Workload;

/// What answering a question can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Changes {
    /// Some answer gives another recommendation (or turns a tie into one).
    Recommendation,
    /// Answers move services below the top, never the top itself.
    Ranking,
}

impl Changes {
    pub fn label(self) -> &'static str {
        match self {
            Changes::Recommendation => "recommendation",
            Changes::Ranking => "ranking",
        }
    }
}

/// An open question whose answer was shown, by evaluation, to matter.
#[derive(Debug, Clone)]
pub struct Question {
    pub field: String,
    /// The rules whose condition the missing field left unknown.
    pub rules: Vec<usize>,
    pub changes: Changes,
    /// The answers that make the change, each with the answer the ranking then gives.
    pub alternatives: Vec<Alternative>,
}

/// One value for the field and what the rules answer with it.
#[derive(Debug, Clone)]
pub struct Alternative {
    pub value: Value,
    pub answer: Answer,
}

/// The open questions of `recommendation` that some answer can change, those that change
/// the recommendation first, then by how many answers change it.
pub fn verify(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    recommendation: &Recommendation,
) -> Vec<Question> {
    let order = ranking_order(recommendation);
    let pick = what_is_recommended(recommendation);
    let mut questions: Vec<Question> = recommendation
        .open_questions
        .iter()
        .filter_map(|open| {
            let kind = fields::lookup(&open.field)?.kind;
            let mut by_pick = Vec::new();
            let mut by_order = Vec::new();
            for value in candidates(rule_set, open, kind) {
                let answered = workload.with_fact(&open.field, value.clone());
                // Not a possible answer: a typical duration above the longest.
                if answered.conflict().is_some() {
                    continue;
                }
                let changed = engine::rank_only(rule_set, pricing, &answered);
                let alternative = Alternative {
                    value,
                    answer: changed.answer.clone(),
                };
                if what_is_recommended(&changed) != pick {
                    by_pick.push(alternative);
                } else if ranking_order(&changed) != order {
                    by_order.push(alternative);
                }
            }
            let (changes, alternatives) = match (by_pick.is_empty(), by_order.is_empty()) {
                (false, _) => (Changes::Recommendation, by_pick),
                (true, false) => (Changes::Ranking, by_order),
                (true, true) => return None,
            };
            Some(Question {
                field: open.field.clone(),
                rules: open.rules.clone(),
                changes,
                alternatives,
            })
        })
        .collect();
    // Stable, so equals keep the field order: within a class, the questions with more
    // answers that give a single pick first, then with more answers that change anything.
    questions.sort_by_key(|q| {
        let picks = q
            .alternatives
            .iter()
            .filter(|a| a.answer.pick().is_some())
            .count();
        (q.changes, Reverse(picks), Reverse(q.alternatives.len()))
    });
    questions
}

/// The recommendation as a reader sees it: the pick with its companions, or the tied
/// services; a different lead over the runner-up is the same recommendation.
fn what_is_recommended(recommendation: &Recommendation) -> (&'static str, Vec<ServiceIndex>) {
    let services = match recommendation.pick() {
        Some(pick) => std::iter::once(pick.service)
            .chain(pick.pair_with.iter().copied())
            .collect(),
        None => recommendation.answer.tied().to_vec(),
    };
    (recommendation.answer.status(), services)
}

/// Ranked services in order, then the ruled-out ones: what "the ranking" means to a reader.
fn ranking_order(recommendation: &Recommendation) -> Vec<(ServiceIndex, Option<usize>)> {
    recommendation
        .standings
        .iter()
        .map(|s| (s.service, s.rank))
        .collect()
}

/// The answers worth trying for a field: every member of a closed set of values, and for
/// numbers and durations each boundary the rules test and the value either side of it.
fn candidates(rule_set: &RuleSet, open: &OpenQuestion, kind: FieldKind) -> Vec<Value> {
    let values: Vec<Value> = match kind {
        FieldKind::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FieldKind::Enum(spec) => spec.members.iter().map(|m| Value::Enum(m)).collect(),
        FieldKind::EnumList(spec) => std::iter::once(Value::EnumList(Vec::new()))
            .chain(spec.members.iter().map(|m| Value::EnumList(vec![m])))
            .collect(),
        FieldKind::Duration { .. } | FieldKind::Integer { .. } | FieldKind::PositiveNumber => {
            let mut values: Vec<Value> = tested_values(rule_set, open)
                .iter()
                .flat_map(|v| v.boundary(kind))
                .collect();
            values.sort_by(|a, b| a.compare(b, kind).unwrap_or(std::cmp::Ordering::Equal));
            values
        }
        FieldKind::Text | FieldKind::Labels => tested_values(rule_set, open),
    };
    let mut distinct: Vec<Value> = Vec::with_capacity(values.len());
    for value in values {
        if !distinct.contains(&value) {
            distinct.push(value);
        }
    }
    distinct
}

/// The values the open question's rules compare the field with.
fn tested_values(rule_set: &RuleSet, open: &OpenQuestion) -> Vec<Value> {
    let mut values = Vec::new();
    for &rule in &open.rules {
        if let Some(condition) = &rule_set.rules[rule].when {
            collect_operands(condition, &open.field, &mut values);
        }
    }
    values
}

fn collect_operands(condition: &Condition, field: &str, values: &mut Vec<Value>) {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => {
            for part in parts {
                collect_operands(part, field, values);
            }
        }
        Condition::Not(inner) => collect_operands(inner, field, values),
        Condition::Test { field: f, op, .. } if f == field => {
            if !matches!(op, Op::Exists(_)) {
                values.extend(op.operands().into_iter().cloned());
            }
        }
        Condition::Test { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule on the typical duration, whose answers either side of 5m are tried.
    const RULES: &str = "version: 1\nname: t\nservices:\n  - {id: a, name: A}\n  - {id: b, name: B}\nrules:\n  - {id: long-typical-work, when: {runtime.avg_duration: {gt: 5m}}, score: {b: 2}}\n";

    fn questions(workload: &str) -> Vec<Question> {
        let rules = crate::rules::parse(RULES, "t.yaml").expect("a valid rule set");
        let workload = crate::workload::parse(workload, "w.yaml", "w.yaml").expect("valid");
        let recommendation = engine::recommend(&rules, &Pricing::builtin(), &workload);
        verify(&rules, &Pricing::builtin(), &workload, &recommendation)
    }

    #[test]
    fn an_answer_above_the_longest_duration_is_never_tried() {
        // Every answer that changes anything is above the longest unit of work (1m).
        assert!(questions("name: w\nruntime: {max_duration: 1m}\n").is_empty());
        let asked = questions("name: w\nruntime: {max_duration: 1h}\n");
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].field, "runtime.avg_duration");
    }
}
