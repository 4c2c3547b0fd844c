//! `advisor rules list|show`: rules in words, so a reader can audit a rule set without
//! reading its YAML, the way `ruff rule` explains a lint.

use std::collections::BTreeMap;
use std::fmt::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};
use serde::Serialize;

use super::{PIPE_WIDTH, RuleSetRef, sanitize};
use crate::rules::LoadedRuleSet;
use crate::rules::{Condition, CostBand, Op, Part, Rule, RuleSet, Template};

/// `rules list` as a table: id, summary and effects of every rule.
pub fn list_table(rule_set: &RuleSet) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Rule", "Summary", "Effects"]);
    if table.width().is_none() {
        table.set_width(PIPE_WIDTH);
    }
    if let Some(ids) = table.column_mut(0) {
        ids.set_constraint(ColumnConstraint::ContentWidth);
    }
    for rule in &rule_set.rules {
        table.add_row([
            rule.id.clone(),
            rule.summary.as_deref().unwrap_or_default().to_string(),
            effects(rule_set, rule).join("\n"),
        ]);
    }
    sanitize(&format!(
        "{}\n{} rules in {}\n",
        table,
        rule_set.rules.len(),
        rule_set.name
    ))
}

#[derive(Serialize)]
struct List<'a> {
    format_version: u32,
    rule_set: RuleSetRef<'a>,
    rules: Vec<Entry<'a>>,
}

/// One rule for scripts; `when` and `reason` in the readable form `rules show` prints.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    summary: Option<&'a str>,
    rationale: Option<&'a str>,
    source: Option<&'a str>,
    /// When the rule was last checked against its source, `YYYY-MM-DD`.
    reviewed: Option<String>,
    /// `file:line:column` of the rule's id.
    origin: String,
    when: Option<String>,
    exclude: Vec<&'a str>,
    score: BTreeMap<&'a str, i64>,
    pair: BTreeMap<&'a str, Vec<&'a str>>,
    /// Points by estimated cost, the tightest band first.
    cost_points: Vec<CostBandEntry>,
    reason: Option<String>,
    /// Reasons that scored services have of their own, instead of `reason`.
    service_reasons: BTreeMap<&'a str, String>,
    /// The services each scored service's points are measured against.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    versus: BTreeMap<&'a str, Vec<&'a str>>,
}

/// One band of `cost_points`: services whose typical estimate is at most `within` above the
/// cheapest's get `points`.
#[derive(Serialize)]
struct CostBandEntry {
    /// A percentage, `25%`; `0%` is the cheapest itself.
    within: String,
    points: i64,
}

fn entry<'a>(rule_set: &'a RuleSet, rule: &'a Rule) -> Entry<'a> {
    let id = |service: usize| rule_set.services[service].id.as_str();
    Entry {
        id: &rule.id,
        summary: rule.summary.as_deref(),
        rationale: rule.rationale.as_deref().map(str::trim),
        source: rule.source.as_deref(),
        reviewed: rule.reviewed.map(|date| date.to_string()),
        origin: rule.origin.to_string(),
        when: rule.when.as_ref().map(|c| condition_lines(c).join("\n")),
        exclude: rule.exclude.iter().map(|&s| id(s)).collect(),
        score: rule
            .score
            .iter()
            .map(|&(s, points)| (id(s), points))
            .collect(),
        pair: rule
            .pair
            .iter()
            .map(|(s, companions)| (id(*s), companions.iter().map(|&c| id(c)).collect()))
            .collect(),
        cost_points: rule
            .cost_points
            .iter()
            .map(|band| CostBandEntry {
                within: format!("{}%", band.within_percent),
                points: band.points,
            })
            .collect(),
        reason: rule.reason.as_ref().map(template_text),
        service_reasons: rule
            .service_reasons
            .iter()
            .map(|(s, template)| (id(*s), template_text(template)))
            .collect(),
        versus: rule
            .versus
            .iter()
            .map(|(s, against)| (id(*s), against.iter().map(|&a| id(a)).collect()))
            .collect(),
    }
}

/// `rules list --format json`.
pub fn list_json(loaded: &LoadedRuleSet) -> String {
    let rule_set = &loaded.rules;
    let list = List {
        format_version: 1,
        rule_set: RuleSetRef::from(loaded),
        rules: rule_set.rules.iter().map(|r| entry(rule_set, r)).collect(),
    };
    serde_json::to_string_pretty(&list).expect("a rule list serialises") + "\n"
}

/// `rules show ID`: the rule explained, Markdown-like.
pub fn show_text(rule_set: &RuleSet, rule: &Rule) -> String {
    let mut out = format!("# {}\n\n", rule.id);
    if let Some(summary) = &rule.summary {
        let _ = writeln!(out, "{summary}\n");
    }
    if let Some(rationale) = &rule.rationale {
        let _ = writeln!(out, "{}\n", rationale.trim());
    }
    let _ = writeln!(
        out,
        "Source: {}",
        rule.source.as_deref().unwrap_or("(none given)")
    );
    match rule.reviewed {
        Some(date) => {
            let _ = writeln!(out, "Reviewed: {date}");
        }
        None => out.push_str("Reviewed: never\n"),
    }
    let _ = writeln!(out, "Defined at: {}\n", rule.origin);
    out.push_str("When:\n");
    match &rule.when {
        Some(condition) => {
            for line in condition_lines(condition) {
                let _ = writeln!(out, "  {line}");
            }
        }
        None => out.push_str("  always\n"),
    }
    out.push_str("\nEffects:\n");
    for effect in effects(rule_set, rule) {
        let _ = writeln!(out, "  {effect}");
    }
    if let Some(reason) = &rule.reason {
        let _ = writeln!(out, "\nReason:\n  {}", template_text(reason));
    }
    if !rule.service_reasons.is_empty() {
        out.push_str("\nPer-service reasons:\n");
        for (service, reason) in &rule.service_reasons {
            let id = &rule_set.services[*service].id;
            let _ = writeln!(out, "  {id}: {}", template_text(reason));
        }
    }
    if !rule.versus.is_empty() {
        out.push_str("\nPoints measured against (dropped when all of these are ruled out):\n");
        for (service, against) in &rule.versus {
            let against: Vec<&str> = against
                .iter()
                .map(|&a| rule_set.services[a].id.as_str())
                .collect();
            let _ = writeln!(
                out,
                "  {}: {}",
                rule_set.services[*service].id,
                against.join(", ")
            );
        }
    }
    sanitize(&out)
}

/// `rules show ID --format json`: the entry `rules list --format json` gives for the rule.
pub fn show_json(rule_set: &RuleSet, rule: &Rule) -> String {
    serde_json::to_string_pretty(&entry(rule_set, rule)).expect("a rule serialises") + "\n"
}

/// What a rule does, one line per kind of effect.
pub fn effects(rule_set: &RuleSet, rule: &Rule) -> Vec<String> {
    let id = |service: usize| rule_set.services[service].id.as_str();
    let mut lines = Vec::new();
    if !rule.exclude.is_empty() {
        let ids: Vec<&str> = rule.exclude.iter().map(|&s| id(s)).collect();
        lines.push(format!("exclude {}", ids.join(", ")));
    }
    if !rule.score.is_empty() {
        let scores: Vec<String> = rule
            .score
            .iter()
            .map(|&(s, points)| format!("{} {points:+}", id(s)))
            .collect();
        lines.push(format!("score {}", scores.join(", ")));
    }
    for (service, companions) in &rule.pair {
        let companions: Vec<&str> = companions.iter().map(|&c| id(c)).collect();
        lines.push(format!(
            "pair {} with {}",
            id(*service),
            companions.join(", ")
        ));
    }
    if !rule.cost_points.is_empty() {
        let bands: Vec<String> = rule.cost_points.iter().map(cost_band).collect();
        lines.push(format!("cost points: {}", bands.join(", ")));
    }
    lines
}

/// `cheapest +2`, `within 25% +1`.
fn cost_band(band: &CostBand) -> String {
    match band.within_percent {
        0 => format!("cheapest {:+}", band.points),
        within => format!("within {within}% {:+}", band.points),
    }
}

/// A condition as indented lines: `runtime.max_duration > 15m`, `all of:` with its parts.
pub fn condition_lines(condition: &Condition) -> Vec<String> {
    let nested = |label: &str, parts: &[Condition]| {
        let mut lines = vec![label.to_string()];
        for part in parts {
            let mut part_lines = condition_lines(part).into_iter();
            if let Some(first) = part_lines.next() {
                lines.push(format!("- {first}"));
            }
            lines.extend(part_lines.map(|line| format!("  {line}")));
        }
        lines
    };
    match condition {
        Condition::All(parts) => nested("all of:", parts),
        Condition::Any(parts) => nested("any of:", parts),
        Condition::Not(inner) => nested("not:", std::slice::from_ref(inner)),
        Condition::Test { field, op, .. } => vec![test_text(field, op)],
    }
}

fn test_text(field: &str, op: &Op) -> String {
    let list = |values: &[crate::value::Value]| {
        let items: Vec<String> = values.iter().map(ToString::to_string).collect();
        format!("[{}]", items.join(", "))
    };
    match op {
        Op::Eq(v) => format!("{field} = {v}"),
        Op::Ne(v) => format!("{field} != {v}"),
        Op::In(vs) => format!("{field} in {}", list(vs)),
        Op::NotIn(vs) => format!("{field} not in {}", list(vs)),
        Op::Gt(v) => format!("{field} > {v}"),
        Op::Gte(v) => format!("{field} >= {v}"),
        Op::Lt(v) => format!("{field} < {v}"),
        Op::Lte(v) => format!("{field} <= {v}"),
        Op::Contains(member) => format!("{field} contains {member}"),
        Op::Exists(true) => format!("{field} is given"),
        Op::Exists(false) => format!("{field} is not given"),
    }
}

/// A reason template as written, `{field.path}` placeholders included.
pub fn template_text(template: &Template) -> String {
    template
        .parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.to_string(),
            Part::Field(path) => format!("{{{path}}}"),
        })
        .collect()
}
