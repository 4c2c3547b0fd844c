//! `--format json`: the stable contract of SPEC 3.2 (`format_version` 1). Fields may be
//! added in later releases; none is renamed or removed without a new format version.

use serde::Serialize;

use super::Context;
use crate::engine::{Effect, Standing};
use crate::fields;
use crate::report::RuleSetRef;
use crate::rules::RuleSet;
use crate::value::Value;
use crate::whynot::{Change, WhyNot};

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    advisor_version: &'static str,
    workload: WorkloadRef<'a>,
    rule_set: RuleSetRef<'a>,
    recommendation: Option<Pick<'a>>,
    ranking: Vec<Entry<'a>>,
    open_questions: Vec<Question<'a>>,
    /// Present with `--why-not SERVICE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    why_not: Option<WhyNotDoc<'a>>,
}

#[derive(Serialize)]
struct WhyNotDoc<'a> {
    service: &'a str,
    rank: Option<usize>,
    verdict: &'static str,
    score: i64,
    /// The rules that rule the service out, or that put points between it and the first.
    holding_back: Vec<HoldDoc<'a>>,
    /// Every change applied at once, when there are several.
    together: Option<ChangeDoc<'a>>,
}

#[derive(Serialize)]
struct HoldDoc<'a> {
    rule: &'a str,
    /// `exclude`, or `score` for a rule that widens the gap to the first service.
    effect: &'static str,
    /// The points the rule puts between the first service and this one; `null` for exclude.
    gap: Option<i64>,
    message: &'a str,
    /// The smallest change that stops the rule, verified; `null` if there is none.
    change: Option<ChangeDoc<'a>>,
}

#[derive(Serialize)]
struct ChangeDoc<'a> {
    /// Field values to set, usable as `--set FIELD=VALUE`.
    set: Vec<EditDoc<'a>>,
    /// Where the service stands with the change.
    rank: Option<usize>,
    verdict: &'static str,
    score: i64,
    still_ruled_out_by: Vec<&'a str>,
}

#[derive(Serialize)]
struct EditDoc<'a> {
    field: &'a str,
    value: String,
    from: Option<&'a str>,
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
        why_not: context.why_not.map(|why| why_not(rules, why)),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
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
        together: why.together.as_ref().map(|c| change(rules, c)),
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
