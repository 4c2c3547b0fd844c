//! `--format json`: the stable contract of SPEC 3.2 (`format_version` 1). Fields may be
//! added in later releases; none is renamed or removed without a new format version.

use schemars::JsonSchema;
use serde::Serialize;

use super::Context;
use crate::engine::{Effect, Standing};
use crate::fields;
use crate::report::RuleSetRef;
use crate::rules::RuleSet;

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
    /// The top-ranked service with its companions; `null` when every service is ruled out.
    recommendation: Option<Pick<'a>>,
    /// Every candidate service: the ranked ones by score, highest first, then the ruled-out
    /// ones.
    ranking: Vec<Entry<'a>>,
    /// Fields the workload leaves out that rules depend on: answering them could change the
    /// ranking.
    open_questions: Vec<Question<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct WorkloadRef<'a> {
    /// The workload's `name`.
    name: &'a str,
    /// The workload file as given, `-` for standard input.
    path: &'a str,
}

#[derive(Serialize, JsonSchema)]
struct Pick<'a> {
    /// The recommended service's id.
    service: &'a str,
    /// The recommended service's name.
    name: &'a str,
    /// Ids of the companion services to use with it.
    pair_with: Vec<&'a str>,
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
    #[schemars(extend("enum" = ["recommended", "viable", "ruled out"]))]
    verdict: &'static str,
    /// Ids of the companion services to use with it.
    pair_with: Vec<&'a str>,
    /// Every rule that fired for the service, in rule-set order.
    reasons: Vec<Reason<'a>>,
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
}

pub fn render(context: &Context) -> String {
    let rules = &context.rule_set.rules;
    let recommendation = context.recommendation;
    let document = Document {
        format_version: 1,
        advisor_version: env!("CARGO_PKG_VERSION"),
        workload: WorkloadRef {
            name: &context.workload.name,
            path: &context.workload.path,
        },
        rule_set: RuleSetRef::from(context.rule_set),
        recommendation: recommendation.top().map(|top| Pick {
            service: &rules.services[top.service].id,
            name: &rules.services[top.service].name,
            pair_with: companion_ids(rules, top),
        }),
        ranking: recommendation
            .standings
            .iter()
            .map(|standing| entry(rules, standing))
            .collect(),
        open_questions: recommendation
            .open_questions
            .iter()
            .map(|question| Question {
                field: &question.field,
                question: fields::lookup(&question.field).map_or("", |f| f.field.question),
                rules: question
                    .rules
                    .iter()
                    .map(|&r| rules.rules[r].id.as_str())
                    .collect(),
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn companion_ids<'a>(rules: &'a RuleSet, standing: &Standing) -> Vec<&'a str> {
    standing
        .pair_with
        .iter()
        .map(|&c| rules.services[c].id.as_str())
        .collect()
}

fn entry<'a>(rules: &'a RuleSet, standing: &'a Standing) -> Entry<'a> {
    let service = &rules.services[standing.service];
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
    }
}
