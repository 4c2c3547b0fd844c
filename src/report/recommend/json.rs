//! `--format json`: the stable contract of SPEC 3.2 (`format_version` 1). Fields may be
//! added in later releases; none is renamed or removed without a new format version.

use schemars::JsonSchema;
use serde::Serialize;

use super::Context;
use crate::engine::{Answer, Effect, Standing};
use crate::fields;
use crate::report::estimate::{CostDoc, PricesDoc};
use crate::report::pretty_json;
use crate::report::{RuleSetRef, WorkloadRef};
use crate::rules::RuleSet;
use crate::value::Value;
use crate::whynot::{Change, Together, WhyNot};

/// The result of `advisor recommend --format json`: every service ranked, with the reasons,
/// and the questions left open. Fields may be added in later releases; none is renamed or
/// removed without a new `format_version`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "advisor recommendation (format version 1)")]
pub struct Document<'a> {
    /// The version of this document's format.
    #[schemars(extend("const" = 1))]
    format_version: u32,
    /// The version of advisor that wrote the document.
    advisor_version: &'static str,
    /// The workload that was evaluated.
    workload: WorkloadRef<'a>,
    /// The rule set that ranked the services.
    rule_set: RuleSetRef<'a>,
    /// The price file behind every `cost`.
    prices: PricesDoc<'a>,
    /// Whether there is a single pick: `recommended`; `tie` when some services share the top
    /// score; `undecided` when nothing the workload says separates the viable services;
    /// `no-viable-service` when every service is ruled out.
    #[schemars(extend("enum" = ["recommended", "tie", "undecided", "no-viable-service"]))]
    status: &'static str,
    /// The service that leads alone, with its companions; `null` unless `status` is
    /// `recommended`.
    recommendation: Option<Pick<'a>>,
    /// The ids of the services that share the top score when `status` is `tie` or
    /// `undecided`; empty otherwise.
    tied: Vec<&'a str>,
    /// Every candidate service: the ranked ones by score, highest first, then the ruled-out
    /// ones.
    ranking: Vec<Entry<'a>>,
    /// Fields the workload leaves out whose answer, tried value by value, changes the
    /// recommendation or the ranking; those that change the recommendation first. Fields
    /// whose answer changes nothing are not listed.
    open_questions: Vec<Question<'a>>,
    /// Present with `--why-not SERVICE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    why_not: Option<WhyNotDoc<'a>>,
}

/// The answer to `--why-not SERVICE`.
#[derive(Serialize, JsonSchema)]
struct WhyNotDoc<'a> {
    /// The service asked about.
    service: &'a str,
    /// Its rank now; `null` when it is ruled out.
    #[schemars(range(min = 1))]
    rank: Option<usize>,
    /// Its standing now.
    #[schemars(extend("enum" = ["recommended", "tied", "viable", "ruled out"]))]
    verdict: &'static str,
    /// Its score now.
    score: i64,
    /// The rules that rule the service out, or that put points between it and the first.
    holding_back: Vec<HoldDoc<'a>>,
    /// One verified change that stops every rule in `holding_back` at once, when two or
    /// more hold it back; `null` when there is none (`together_unavailable` says why) or
    /// only one rule holds it back.
    together: Option<ChangeDoc<'a>>,
    /// Why no combined change exists, when two or more rules hold the service back and
    /// `together` is `null`: `unstoppable` (no field change stops some rule) or
    /// `conflicting` (stopping some makes others fire again), with the rules concerned.
    together_unavailable: Option<Unavailable<'a>>,
}

/// Why no single change stops every rule that holds a service back.
#[derive(Serialize, JsonSchema)]
struct Unavailable<'a> {
    #[schemars(extend("enum" = ["unstoppable", "conflicting"]))]
    reason: &'static str,
    /// The ids of the rules that cannot be stopped, or that fire again.
    rules: Vec<&'a str>,
}

/// One rule that holds the service back.
#[derive(Serialize, JsonSchema)]
struct HoldDoc<'a> {
    /// The rule's id.
    rule: &'a str,
    /// `exclude`, or `score` for a rule that widens the gap to the first service.
    #[schemars(extend("enum" = ["exclude", "score"]))]
    effect: &'static str,
    /// The points the rule puts between the first service and this one; `null` for exclude.
    gap: Option<i64>,
    /// The rule's reason, with the workload's values filled in.
    message: &'a str,
    /// The smallest change that stops the rule, verified; `null` if there is none.
    change: Option<ChangeDoc<'a>>,
}

/// A change to the workload and where the service stands with it.
#[derive(Serialize, JsonSchema)]
struct ChangeDoc<'a> {
    /// Field values to set, usable as `--set FIELD=VALUE`.
    set: Vec<EditDoc<'a>>,
    /// The service's rank with the change; `null` when it is still ruled out.
    #[schemars(range(min = 1))]
    rank: Option<usize>,
    /// The service's standing with the change.
    #[schemars(extend("enum" = ["recommended", "tied", "viable", "ruled out"]))]
    verdict: &'static str,
    /// The service's score with the change.
    score: i64,
    /// Rules that would still rule the service out.
    still_ruled_out_by: Vec<&'a str>,
}

/// One field set to a new value.
#[derive(Serialize, JsonSchema)]
struct EditDoc<'a> {
    /// The dotted field path.
    field: &'a str,
    /// The new value, as it would be written in the workload.
    value: String,
    /// The value the workload has now, as written; `null` when it leaves the field out.
    from: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
struct Pick<'a> {
    /// The recommended service's id.
    service: &'a str,
    /// The recommended service's name.
    name: &'a str,
    /// Ids of the companion services to use with it.
    pair_with: Vec<&'a str>,
    /// Points ahead of the runner-up; `null` when no other service is viable.
    margin: Option<i64>,
    /// The runner-up's id; `null` when no other service is viable.
    runner_up: Option<&'a str>,
    /// Services tied with it. A tie is never a recommendation (see `status`), so this is
    /// always empty; it is kept so that scripts can read it unconditionally.
    tied_with: Vec<&'a str>,
}

#[derive(Serialize, JsonSchema)]
struct Entry<'a> {
    /// 1 for the top service; `null` for a ruled-out one.
    #[schemars(range(min = 1))]
    rank: Option<usize>,
    /// The service's id.
    service: &'a str,
    /// The service's name.
    name: &'a str,
    /// The sum of the points of the rules that fired.
    score: i64,
    /// The service's standing.
    #[schemars(extend("enum" = ["recommended", "tied", "viable", "ruled out"]))]
    verdict: &'static str,
    /// Ids of the companion services to use with it.
    pair_with: Vec<&'a str>,
    /// Every rule that fired for the service, in rule-set order.
    reasons: Vec<Reason<'a>>,
    /// The monthly estimate; `null` for a ruled-out service, and for one the price file
    /// cannot price (`no_estimate` says why).
    cost: Option<CostDoc<'a>>,
    /// Why a service that is not ruled out has no estimate; `null` otherwise.
    no_estimate: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
struct Reason<'a> {
    /// The id of the rule that fired.
    rule: &'a str,
    /// What the rule did to the service.
    #[schemars(extend("enum" = ["exclude", "score", "pair"]))]
    effect: &'static str,
    /// The points added or taken away; `null` unless `effect` is `score`.
    points: Option<i64>,
    /// The rule's reason, with the workload's values filled in.
    message: &'a str,
    /// Where the rule's trade-off comes from; `null` if the rule does not say.
    source: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
struct Question<'a> {
    /// The dotted path of the field left out, like `runtime.interruptible`.
    field: &'a str,
    /// The question that the field answers.
    question: &'static str,
    /// Ids of the rules whose condition depends on the field.
    rules: Vec<&'a str>,
    /// `recommendation` when some answer gives another recommendation (or ends a tie);
    /// `ranking` when answers only move services below the top.
    #[schemars(extend("enum" = ["recommendation", "ranking"]))]
    changes: &'static str,
    /// The answers that make that change, each verified by evaluating the workload with it.
    alternatives: Vec<AlternativeDoc<'a>>,
}

/// One answer to an open question and what the rules then answer.
#[derive(Serialize, JsonSchema)]
struct AlternativeDoc<'a> {
    /// The field and its value, usable as `--set FIELD=VALUE`.
    set: std::collections::BTreeMap<&'a str, String>,
    /// The `status` the ranking then has.
    #[schemars(extend("enum" = ["recommended", "tie", "undecided", "no-viable-service"]))]
    status: &'static str,
    /// The service then recommended; `null` unless `status` is `recommended`.
    recommendation: Option<&'a str>,
    /// The services then tied at the top, for `tie` and `undecided`.
    tied: Vec<&'a str>,
}

pub fn render(context: &Context) -> String {
    let mut out = Vec::new();
    // Serialising plain structs of strings and numbers into memory cannot fail, and the
    // writer writes UTF-8.
    let _ = pretty_json::write(&mut out, &document(context), 0);
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// The document `render` writes.
pub(super) fn document<'a>(context: &'a Context) -> Document<'a> {
    let rules = &context.rule_set.rules;
    let recommendation = context.recommendation;
    Document {
        format_version: 1,
        advisor_version: env!("CARGO_PKG_VERSION"),
        workload: WorkloadRef::from(context.workload),
        rule_set: RuleSetRef::from(context.rule_set),
        prices: PricesDoc::new(context.pricing, context.today),
        status: recommendation.answer.status(),
        recommendation: recommendation.pick().map(|pick| Pick {
            service: &rules.services[pick.service].id,
            name: &rules.services[pick.service].name,
            pair_with: companion_ids(rules, pick),
            margin: recommendation.answer.margin(),
            runner_up: match recommendation.answer {
                Answer::Pick {
                    runner_up: Some((service, _)),
                    ..
                } => Some(&rules.services[service].id),
                _ => None,
            },
            tied_with: Vec::new(),
        }),
        tied: ids(rules, recommendation.answer.tied()),
        ranking: recommendation
            .standings
            .iter()
            .map(|standing| entry(context, standing))
            .collect(),
        open_questions: context
            .questions
            .iter()
            .map(|question| Question {
                field: &question.field,
                question: fields::lookup(&question.field).map_or("", |f| f.field.question),
                rules: question
                    .rules
                    .iter()
                    .map(|&r| rules.rules[r].id.as_str())
                    .collect(),
                changes: question.changes.label(),
                alternatives: question
                    .alternatives
                    .iter()
                    .map(|alternative| AlternativeDoc {
                        set: [(question.field.as_str(), alternative.value.to_string())].into(),
                        status: alternative.answer.status(),
                        recommendation: alternative
                            .answer
                            .pick()
                            .map(|s| rules.services[s].id.as_str()),
                        tied: ids(rules, alternative.answer.tied()),
                    })
                    .collect(),
            })
            .collect(),
        why_not: context.why_not.map(|why| why_not(rules, why)),
    }
}

fn why_not<'a>(rules: &'a RuleSet, why: &'a WhyNot) -> WhyNotDoc<'a> {
    WhyNotDoc {
        service: &rules.services[why.service].id,
        rank: why.now.rank,
        verdict: why.now.verdict.label(),
        score: why.now.score,
        holding_back: why
            .holds
            .iter()
            .map(|hold| HoldDoc {
                rule: &rules.rules[hold.rule].id,
                effect: match hold.effect {
                    Effect::Exclude => "exclude",
                    _ => "score",
                },
                gap: (hold.effect != Effect::Exclude).then_some(hold.gap),
                message: &hold.message,
                change: hold.change.as_ref().map(|c| change(rules, c)),
            })
            .collect(),
        together: match &why.together {
            Some(Together::Change(c)) => Some(change(rules, c)),
            _ => None,
        },
        together_unavailable: match &why.together {
            Some(Together::Unstoppable(stuck)) => Some(Unavailable {
                reason: "unstoppable",
                rules: rule_ids(rules, stuck),
            }),
            Some(Together::Conflicting(stuck)) => Some(Unavailable {
                reason: "conflicting",
                rules: rule_ids(rules, stuck),
            }),
            _ => None,
        },
    }
}

fn change<'a>(rules: &'a RuleSet, change: &'a Change) -> ChangeDoc<'a> {
    ChangeDoc {
        set: change
            .edits
            .iter()
            .map(|edit| EditDoc {
                field: &edit.field,
                value: match &edit.value {
                    Value::EnumList(members) => format!("[{}]", members.join(", ")),
                    other => other.to_string(),
                },
                from: edit.from.as_deref(),
            })
            .collect(),
        rank: change.outcome.rank,
        verdict: change.outcome.verdict.label(),
        score: change.outcome.score,
        still_ruled_out_by: change
            .outcome
            .ruled_out_by
            .iter()
            .map(|&r| rules.rules[r].id.as_str())
            .collect(),
    }
}

fn rule_ids<'a>(rules: &'a RuleSet, indices: &[usize]) -> Vec<&'a str> {
    indices
        .iter()
        .map(|&r| rules.rules[r].id.as_str())
        .collect()
}

fn ids<'a>(rules: &'a RuleSet, services: &[usize]) -> Vec<&'a str> {
    services
        .iter()
        .map(|&s| rules.services[s].id.as_str())
        .collect()
}

fn companion_ids<'a>(rules: &'a RuleSet, standing: &Standing) -> Vec<&'a str> {
    standing
        .pair_with
        .iter()
        .map(|&c| rules.services[c].id.as_str())
        .collect()
}

fn entry<'a>(context: &'a Context, standing: &'a Standing) -> Entry<'a> {
    let rules = &context.rule_set.rules;
    let service = &rules.services[standing.service];
    let estimate = context
        .estimates
        .iter()
        .find(|(s, _)| *s == standing.service)
        .map(|(_, estimate)| estimate);
    Entry {
        rank: standing.rank,
        service: &service.id,
        name: &service.name,
        score: standing.score,
        verdict: standing.verdict.label(),
        pair_with: companion_ids(rules, standing),
        reasons: standing
            .reasons
            .iter()
            .map(|reason| {
                let rule = &rules.rules[reason.rule];
                let (effect, points) = match reason.effect {
                    Effect::Exclude => ("exclude", None),
                    Effect::Score(points) => ("score", Some(points)),
                    Effect::Pair => ("pair", None),
                };
                Reason {
                    rule: &rule.id,
                    effect,
                    points,
                    message: &reason.message,
                    source: rule.source.as_deref(),
                }
            })
            .collect(),
        cost: estimate
            .and_then(|e| e.as_ref().ok())
            .map(|e| CostDoc::new(e, &context.pricing.book.currency)),
        no_estimate: estimate
            .and_then(|e| e.as_ref().err())
            .map(|e| e.0.as_str()),
    }
}
