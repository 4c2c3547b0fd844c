//! `recommend --why-not SERVICE`: which rules hold a service back, and for each the smallest
//! change to the workload that stops the rule from firing. Every change is checked by
//! evaluating the changed workload again, and reported with the rank the service then gets.

use crate::cost::Pricing;
use std::cmp::Ordering;

use crate::engine::{self, Effect, Recommendation, Truth, Verdict};
use crate::fields::FieldKind;
use crate::rules::{Condition, Op, RuleSet, ServiceIndex};
use crate::value::{Duration, Value};
use crate::workload::Workload;

/// Changes combined when a condition needs several (an `any` whose branches all hold).
const MAX_COMBINATIONS: usize = 64;

/// The answer to "why not SERVICE?".
#[derive(Debug)]
pub struct WhyNot {
    pub service: ServiceIndex,
    /// Where the service stands now.
    pub now: Outcome,
    pub holds: Vec<Hold>,
    /// What stopping every hold at once takes, when more than one rule holds it back.
    pub together: Option<Together>,
}

/// The combined answer for several holds: one change that stops them all, or why there is
/// none.
#[derive(Debug)]
pub enum Together {
    Change(Change),
    /// No change to the workload's fields stops these rules (they always apply, or test
    /// nothing a field can change).
    Unstoppable(Vec<usize>),
    /// Each rule can be stopped alone, but stopping some makes these fire again.
    Conflicting(Vec<usize>),
}

/// A rule that holds the service back.
#[derive(Debug)]
pub struct Hold {
    pub rule: usize,
    /// What the rule does to the service, or to the service ranked first.
    pub effect: Effect,
    /// How many points the rule puts between the service and the first (ranked services).
    pub gap: i64,
    pub message: String,
    /// The smallest verified change that stops the rule, if one exists.
    pub change: Option<Change>,
}

/// Edits to the workload, and where the service stands with them.
#[derive(Debug, Clone)]
pub struct Change {
    pub edits: Vec<Edit>,
    pub outcome: Outcome,
}

/// One field set to a new value.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub field: String,
    pub value: Value,
    /// The value the workload has now, as written.
    pub from: Option<String>,
}

/// A service's place in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub rank: Option<usize>,
    pub verdict: Verdict,
    pub score: i64,
    /// Rules that still rule the service out.
    pub ruled_out_by: Vec<usize>,
}

impl Outcome {
    fn of(recommendation: &Recommendation, service: ServiceIndex) -> Outcome {
        let standing = recommendation.standing(service);
        Outcome {
            rank: standing.rank,
            verdict: standing.verdict,
            score: standing.score,
            ruled_out_by: standing
                .reasons
                .iter()
                .filter(|r| r.effect == Effect::Exclude)
                .map(|r| r.rule)
                .collect(),
        }
    }
}

/// Explains what holds `service` (a candidate) back in `recommendation`.
pub fn why_not(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    recommendation: &Recommendation,
    service: ServiceIndex,
) -> WhyNot {
    let now = Outcome::of(recommendation, service);
    let standing = recommendation.standing(service);
    let mut holds: Vec<Hold> = if now.rank.is_none() {
        standing
            .reasons
            .iter()
            .filter(|r| r.effect == Effect::Exclude)
            .map(|r| Hold {
                rule: r.rule,
                effect: Effect::Exclude,
                gap: 0,
                message: r.message.clone(),
                change: None,
            })
            .collect()
    } else {
        match recommendation
            .first()
            .filter(|first| first.service != service)
        {
            Some(first) => engine::score_gaps(first, standing)
                .into_iter()
                .filter(|gap| gap.points() > 0)
                .map(|gap| Hold {
                    rule: gap.rule,
                    effect: Effect::Score(gap.points()),
                    gap: gap.points(),
                    message: gap.message.to_string(),
                    change: None,
                })
                .collect(),
            None => Vec::new(),
        }
    };
    for hold in &mut holds {
        hold.change = smallest_change(rule_set, pricing, workload, hold.rule, service);
    }
    let together = combined(rule_set, pricing, workload, &holds, service);
    WhyNot {
        service,
        now,
        holds,
        together,
    }
}

/// The smallest change that stops `rule` from firing: fewest fields, then the nearest value.
/// Only verified changes are returned.
fn smallest_change(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    rule: usize,
    service: ServiceIndex,
) -> Option<Change> {
    let condition = rule_set.rules[rule].when.as_ref()?;
    let mut best: Option<Change> = None;
    for edits in candidates(condition, workload, false) {
        let changed = apply(workload, &edits);
        if engine::settle(&rule_set.rules[rule], &changed) == Truth::True {
            continue;
        }
        // Candidates come nearest first, so only fewer fields beat an earlier one.
        if best.as_ref().is_none_or(|b| edits.len() < b.edits.len()) {
            let outcome = Outcome::of(&engine::rank_only(rule_set, pricing, &changed), service);
            best = Some(Change { edits, outcome });
        }
    }
    best
}

/// Every hold stopped at once: each rule's smallest change, found on the workload as the
/// earlier changes left it (so two rules on one list field combine), then checked as a whole.
fn combined(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    holds: &[Hold],
    service: ServiceIndex,
) -> Option<Together> {
    if holds.len() < 2 {
        return None;
    }
    let unstoppable: Vec<usize> = holds
        .iter()
        .filter(|h| h.change.is_none())
        .map(|h| h.rule)
        .collect();
    if !unstoppable.is_empty() {
        return Some(Together::Unstoppable(unstoppable));
    }
    let mut edits: Vec<Edit> = Vec::new();
    for hold in holds {
        let changed = apply(workload, &edits);
        let Some(change) = smallest_change(rule_set, pricing, &changed, hold.rule, service) else {
            continue;
        };
        for edit in change.edits {
            let from = workload.fact(&edit.field).map(|f| f.written().into_owned());
            edits.retain(|e| e.field != edit.field);
            edits.push(Edit { from, ..edit });
        }
    }
    let changed = apply(workload, &edits);
    let still_firing: Vec<usize> = holds
        .iter()
        .map(|h| h.rule)
        .filter(|&rule| engine::settle(&rule_set.rules[rule], &changed) == Truth::True)
        .collect();
    if !still_firing.is_empty() {
        return Some(Together::Conflicting(still_firing));
    }
    let outcome = Outcome::of(&engine::rank_only(rule_set, pricing, &changed), service);
    Some(Together::Change(Change { edits, outcome }))
}

fn apply(workload: &Workload, edits: &[Edit]) -> Workload {
    edits.iter().fold(workload.clone(), |w, edit| {
        w.with_fact(&edit.field, edit.value.clone())
    })
}

/// Sets of edits that could make `condition` evaluate to `want`.
fn candidates(condition: &Condition, workload: &Workload, want: bool) -> Vec<Vec<Edit>> {
    let truth = engine::evaluate(condition, workload, &mut Vec::new());
    if truth == Truth::from(want) {
        return vec![Vec::new()];
    }
    match condition {
        Condition::Test { field, kind, op } => {
            let from = workload.fact(field).map(|f| f.written().into_owned());
            let current = workload.fact(field).map(|f| &f.value);
            test_values(op, *kind, current, want)
                .into_iter()
                .map(|value| {
                    // A field that moves another with it (the longest duration lowered
                    // below the typical one) changes both, so the workload stays valid.
                    let companions =
                        workload
                            .companions(field, &value)
                            .into_iter()
                            .map(|(other, value)| Edit {
                                field: other.to_string(),
                                value,
                                from: workload.fact(other).map(|f| f.written().into_owned()),
                            });
                    std::iter::once(Edit {
                        field: field.to_string(),
                        value,
                        from: from.clone(),
                    })
                    .chain(companions)
                    .collect()
                })
                .collect()
        }
        Condition::Not(inner) => candidates(inner, workload, !want),
        // All false / any true: one part is enough.
        Condition::All(parts) if !want => one_of(parts, workload, want),
        Condition::Any(parts) if want => one_of(parts, workload, want),
        // All true / any false: every part that is not yet so must change.
        Condition::All(parts) | Condition::Any(parts) => every_one(parts, workload, want),
    }
}

fn one_of(parts: &[Condition], workload: &Workload, want: bool) -> Vec<Vec<Edit>> {
    parts
        .iter()
        .flat_map(|part| candidates(part, workload, want))
        .collect()
}

fn every_one(parts: &[Condition], workload: &Workload, want: bool) -> Vec<Vec<Edit>> {
    let mut combinations: Vec<Vec<Edit>> = vec![Vec::new()];
    for part in parts {
        let options = candidates(part, workload, want);
        if options.is_empty() {
            return Vec::new();
        }
        combinations = combinations
            .iter()
            .flat_map(|base| {
                options.iter().map(move |option| {
                    let mut edits = base.clone();
                    edits.extend(option.iter().cloned());
                    edits
                })
            })
            .take(MAX_COMBINATIONS)
            .collect();
    }
    combinations
}

/// Values of a field that make `op` evaluate to `want`, nearest first.
fn test_values(op: &Op, kind: FieldKind, current: Option<&Value>, want: bool) -> Vec<Value> {
    let holds = |value: &Value| engine::holds(op, value, kind) == want;
    let mut values: Vec<Value> = match kind {
        FieldKind::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FieldKind::Enum(spec) => spec.members.iter().map(|m| Value::Enum(m)).collect(),
        FieldKind::EnumList(_) => match (op, current) {
            (Op::Contains(member), Some(Value::EnumList(list))) if !want => {
                vec![Value::EnumList(
                    list.iter().copied().filter(|m| m != member).collect(),
                )]
            }
            (Op::Contains(member), Some(Value::EnumList(list))) => {
                let mut list = list.clone();
                list.push(member);
                vec![Value::EnumList(list)]
            }
            _ => Vec::new(),
        },
        FieldKind::Duration { .. } | FieldKind::Integer { .. } | FieldKind::PositiveNumber => op
            .operands()
            .into_iter()
            .flat_map(|v| v.boundary(kind))
            .collect(),
        FieldKind::Text | FieldKind::Labels => Vec::new(),
    };
    values.retain(|v| holds(v) && Some(v) != current);
    // Nearest to the current value first, so the change is as small as it can be.
    if let Some(current) = current {
        values.sort_by(|a, b| distance(a, current, kind).total_cmp(&distance(b, current, kind)));
    }
    values.dedup();
    values
}

/// How far a candidate is from the current value, to prefer the nearest change.
fn distance(candidate: &Value, current: &Value, kind: FieldKind) -> f64 {
    match (candidate, current) {
        (Value::Duration(Duration::Millis(a)), Value::Duration(Duration::Millis(b))) => {
            a.abs_diff(*b) as f64
        }
        (Value::Integer(a), Value::Integer(b)) => a.abs_diff(*b) as f64,
        (Value::Number(a), Value::Number(b)) => (a - b).abs(),
        (Value::Enum(a), Value::Enum(b)) => match kind {
            FieldKind::Enum(spec) => {
                let index = |m| spec.index_of(m).unwrap_or(0) as f64;
                (index(a) - index(b)).abs()
            }
            _ => 0.0,
        },
        _ => match candidate.compare(current, kind) {
            Some(Ordering::Equal) => 0.0,
            _ => 1.0,
        },
    }
}
