//! `advisor rules diff`: the workloads a rule-set change affects, with the rules behind each
//! difference, as text for a reviewer or JSON for a pipeline.

use std::fmt::Write;

use serde::Serialize;

use super::{RuleSetRef, sanitize};
use crate::diff::{Choice, Outcome, RuleDifference, WorkloadDiff};
use crate::rules::LoadedRuleSet;
use crate::text::count;

/// How `rules diff` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people: each changed workload with what changed and the rules behind it,
    /// then a summary.
    #[value(alias = "table", alias = "human")]
    Text,
    /// One JSON document for scripts (format_version 1).
    Json,
}

/// Everything a reporter needs: both rule sets, every evaluated workload (sorted by path)
/// and the files a directory walk skipped.
pub struct Context<'a> {
    pub old: &'a LoadedRuleSet,
    pub new: &'a LoadedRuleSet,
    pub diffs: &'a [WorkloadDiff],
    pub skipped: &'a [String],
}

pub fn render(format: Format, context: &Context) -> String {
    match format {
        Format::Text => table(context),
        Format::Json => json(context),
    }
}

/// How many workloads changed in each way; a workload may count under several.
#[derive(Serialize)]
struct Summary {
    workloads: usize,
    changed_recommendation: usize,
    changed_ruled_out: usize,
    changed_margin: usize,
    unchanged: usize,
    skipped: usize,
}

impl Summary {
    fn of(context: &Context) -> Summary {
        let count =
            |test: fn(&WorkloadDiff) -> bool| context.diffs.iter().filter(|d| test(d)).count();
        Summary {
            workloads: context.diffs.len(),
            changed_recommendation: count(WorkloadDiff::recommendation_changed),
            changed_ruled_out: count(WorkloadDiff::ruled_out_changed),
            changed_margin: count(WorkloadDiff::margin_changed),
            unchanged: count(|d| !d.changed()),
            skipped: context.skipped.len(),
        }
    }
}

fn table(context: &Context) -> String {
    let mut out = format!(
        "comparing {} with {}\n",
        described(context.old),
        described(context.new)
    );
    for diff in context.diffs.iter().filter(|d| d.changed()) {
        let _ = writeln!(out, "\n{} ({})", diff.path, diff.name);
        if diff.recommendation_changed() {
            let _ = writeln!(
                out,
                "  recommendation: {} -> {}",
                choice(&diff.old.choice),
                choice(&diff.new.choice)
            );
        }
        if diff.ruled_out_changed() {
            let _ = writeln!(
                out,
                "  ruled out: {} -> {}",
                services(&diff.old.ruled_out),
                services(&diff.new.ruled_out)
            );
        }
        if diff.margin_changed() {
            let _ = writeln!(
                out,
                "  margin: {} -> {}",
                margin(&diff.old),
                margin(&diff.new)
            );
        }
        if !diff.rules.is_empty() {
            out.push_str("  rules:\n");
        }
        for difference in &diff.rules {
            let _ = writeln!(
                out,
                "    {:<8}{} ({})",
                difference.change.id(),
                difference.rule,
                firing(difference)
            );
        }
    }
    let summary = Summary::of(context);
    let _ = writeln!(
        out,
        "\n{}: {} changed recommendation, {} changed ruled-out set, {} changed margin, {} unchanged, {} skipped",
        count(summary.workloads, "workload", "workloads"),
        summary.changed_recommendation,
        summary.changed_ruled_out,
        summary.changed_margin,
        summary.unchanged,
        summary.skipped
    );
    sanitize(&out)
}

/// `aws-compute (builtin, 43 rules)`.
fn described(loaded: &LoadedRuleSet) -> String {
    format!(
        "{} ({}, {} rules)",
        loaded.rules.name,
        loaded.path.as_deref().unwrap_or("builtin"),
        loaded.rules.rules.len()
    )
}

fn choice(choice: &Choice) -> String {
    match (&choice.service, choice.status) {
        (Some(service), _) => service.clone(),
        (None, "no-viable-service") => "no viable service".to_owned(),
        (None, status) => format!("{status} between {}", choice.tied.join(", ")),
    }
}

fn services(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}

fn margin(outcome: &Outcome) -> String {
    outcome
        .margin
        .map_or_else(|| "none".to_owned(), |points| format!("{points:+}"))
}

fn firing(difference: &RuleDifference) -> &'static str {
    if difference.fired_old && difference.fired_new {
        "fires under both, with different effects"
    } else if difference.fired_old {
        "fired under OLD only"
    } else {
        "fires under NEW only"
    }
}

/// The result of `advisor rules diff --format json`. Fields may be added in later releases;
/// none is renamed or removed without a new `format_version`.
#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    advisor_version: &'static str,
    old: RuleSetRef<'a>,
    new: RuleSetRef<'a>,
    summary: Summary,
    /// Every evaluated workload, sorted by path, changed or not.
    workloads: Vec<WorkloadEntry<'a>>,
    /// Files met in a directory walk that are not workloads (no top-level `runtime`).
    skipped: &'a [String],
}

#[derive(Serialize)]
struct WorkloadEntry<'a> {
    path: &'a str,
    name: &'a str,
    /// Any of `recommendation`, `ruled-out`, `margin`; empty when nothing changed.
    changes: Vec<&'static str>,
    old: OutcomeEntry<'a>,
    new: OutcomeEntry<'a>,
    rules: Vec<RuleEntry<'a>>,
}

#[derive(Serialize)]
struct OutcomeEntry<'a> {
    /// `recommended`, `tie`, `undecided` or `no-viable-service`.
    status: &'static str,
    /// The pick; `null` unless `status` is `recommended`.
    recommendation: Option<&'a str>,
    tied: &'a [String],
    /// How far the pick leads the runner-up; `null` without a pick or a runner-up.
    margin: Option<i64>,
    ruled_out: &'a [String],
}

#[derive(Serialize)]
struct RuleEntry<'a> {
    rule: &'a str,
    /// `added`, `removed` or `changed`.
    change: &'static str,
    fired_old: bool,
    fired_new: bool,
}

fn outcome_entry(outcome: &Outcome) -> OutcomeEntry<'_> {
    OutcomeEntry {
        status: outcome.choice.status,
        recommendation: outcome.choice.service.as_deref(),
        tied: &outcome.choice.tied,
        margin: outcome.margin,
        ruled_out: &outcome.ruled_out,
    }
}

fn json(context: &Context) -> String {
    let workloads = context
        .diffs
        .iter()
        .map(|diff| WorkloadEntry {
            path: &diff.path,
            name: &diff.name,
            changes: [
                ("recommendation", diff.recommendation_changed()),
                ("ruled-out", diff.ruled_out_changed()),
                ("margin", diff.margin_changed()),
            ]
            .into_iter()
            .filter_map(|(name, changed)| changed.then_some(name))
            .collect(),
            old: outcome_entry(&diff.old),
            new: outcome_entry(&diff.new),
            rules: diff
                .rules
                .iter()
                .map(|d| RuleEntry {
                    rule: &d.rule,
                    change: d.change.id(),
                    fired_old: d.fired_old,
                    fired_new: d.fired_new,
                })
                .collect(),
        })
        .collect();
    let document = Document {
        format_version: 1,
        advisor_version: env!("CARGO_PKG_VERSION"),
        old: RuleSetRef::from(context.old),
        new: RuleSetRef::from(context.new),
        summary: Summary::of(context),
        workloads,
        skipped: context.skipped,
    };
    serde_json::to_string_pretty(&document).expect("a rule-set diff serialises") + "\n"
}
