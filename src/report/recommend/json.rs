//! `--format json`: the stable contract of SPEC 3.2 (`format_version` 1). Fields may be
//! added in later releases; none is renamed or removed without a new format version.

use serde::Serialize;

use super::Context;
use crate::engine::{Effect, Standing};
use crate::fields;
use crate::report::RuleSetRef;
use crate::rules::RuleSet;

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    advisor_version: &'static str,
    workload: WorkloadRef<'a>,
    rule_set: RuleSetRef<'a>,
    recommendation: Option<Pick<'a>>,
    ranking: Vec<Entry<'a>>,
    open_questions: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct WorkloadRef<'a> {
    name: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct Pick<'a> {
    service: &'a str,
    name: &'a str,
    pair_with: Vec<&'a str>,
}

#[derive(Serialize)]
struct Entry<'a> {
    rank: Option<usize>,
    service: &'a str,
    name: &'a str,
    score: i64,
    verdict: &'static str,
    pair_with: Vec<&'a str>,
    reasons: Vec<Reason<'a>>,
}

#[derive(Serialize)]
struct Reason<'a> {
    rule: &'a str,
    effect: &'static str,
    points: Option<i64>,
    message: &'a str,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct Question<'a> {
    field: &'a str,
    question: &'static str,
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
