//! `advisor rules diff`: what a change to a rule set does to real workloads. Each workload is
//! evaluated under the old and the new rule set; the answers are compared by service id
//! (the two sets may declare different services, so their indices mean nothing to each
//! other), and the rules behind a difference are found by id.

use crate::cost::Pricing;
use std::collections::BTreeMap;

use crate::engine::{self, Recommendation};
use crate::rules::{CostBand, Rule, RuleSet};
use crate::workload::Workload;

/// What the ranking chose, by service id: an [`engine::Answer`] without its margin, so that
/// equal choices are what [`engine::Answer::same_choice`] calls the same, across rule sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// `recommended`, `tie`, `undecided` or `no-viable-service`, as `recommend` says.
    pub status: &'static str,
    pub service: Option<String>,
    pub tied: Vec<String>,
}

/// One workload's result under one rule set, as far as `rules diff` compares it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub choice: Choice,
    /// How far the pick leads the runner-up.
    pub margin: Option<i64>,
    /// Ids of the ruled-out services, in the rule set's order.
    pub ruled_out: Vec<String>,
}

/// How a rule differs between the two rule sets for one workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleChange {
    /// Only the new rule set has the rule, and it fired.
    Added,
    /// Only the old rule set has the rule, and it fired.
    Removed,
    /// Both have the rule; it fired under only one of them, or did different things.
    Changed,
}

impl RuleChange {
    pub fn id(self) -> &'static str {
        match self {
            RuleChange::Added => "added",
            RuleChange::Removed => "removed",
            RuleChange::Changed => "changed",
        }
    }
}

/// A rule responsible for a difference, and whether it fired under each rule set.
#[derive(Debug, Clone)]
pub struct RuleDifference {
    pub rule: String,
    pub change: RuleChange,
    pub fired_old: bool,
    pub fired_new: bool,
}

/// One workload under both rule sets.
#[derive(Debug, Clone)]
pub struct WorkloadDiff {
    pub path: String,
    pub name: String,
    pub old: Outcome,
    pub new: Outcome,
    /// Rules that fired under one set only, or with different effects, in the new set's
    /// order, then the removed ones in the old set's order.
    pub rules: Vec<RuleDifference>,
}

impl WorkloadDiff {
    /// Whether the two answers choose differently (a pick, a tie or nothing viable).
    pub fn recommendation_changed(&self) -> bool {
        self.old.choice != self.new.choice
    }

    pub fn ruled_out_changed(&self) -> bool {
        self.old.ruled_out != self.new.ruled_out
    }

    /// The lead changed while the choice did not; a new choice has a new margin anyway.
    pub fn margin_changed(&self) -> bool {
        !self.recommendation_changed() && self.old.margin != self.new.margin
    }

    pub fn changed(&self) -> bool {
        self.recommendation_changed() || self.ruled_out_changed() || self.margin_changed()
    }
}

/// Evaluates `workload` under both rule sets and compares the results.
pub fn compare(
    old: &RuleSet,
    new: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
) -> WorkloadDiff {
    let before = engine::recommend(old, pricing, workload);
    let after = engine::recommend(new, pricing, workload);
    WorkloadDiff {
        path: workload.path.clone(),
        name: workload.name.clone(),
        old: outcome(old, &before),
        new: outcome(new, &after),
        rules: rule_differences(old, &before, new, &after),
    }
}

fn outcome(rule_set: &RuleSet, recommendation: &Recommendation) -> Outcome {
    let id = |service: usize| rule_set.services[service].id.clone();
    let answer = &recommendation.answer;
    Outcome {
        choice: Choice {
            status: answer.status(),
            service: answer.pick().map(id),
            tied: answer.tied().iter().map(|&s| id(s)).collect(),
        },
        margin: answer.margin(),
        ruled_out: recommendation
            .standings
            .iter()
            .filter(|s| s.rank.is_none())
            .map(|s| id(s.service))
            .collect(),
    }
}

/// The rules that fired under one rule set and not the other, or fired under both with
/// different effects.
fn rule_differences(
    old: &RuleSet,
    before: &Recommendation,
    new: &RuleSet,
    after: &Recommendation,
) -> Vec<RuleDifference> {
    let fired = |rule_set: &RuleSet, recommendation: &Recommendation, id: &str| {
        recommendation
            .fired
            .iter()
            .any(|&r| rule_set.rules[r].id == id)
    };
    let mut differences = Vec::new();
    for rule in &new.rules {
        let fired_new = fired(new, after, &rule.id);
        let counterpart = old.rules.iter().find(|r| r.id == rule.id);
        let fired_old = counterpart.is_some() && fired(old, before, &rule.id);
        let change = match counterpart {
            None if fired_new => RuleChange::Added,
            None => continue,
            Some(_) if fired_old != fired_new => RuleChange::Changed,
            Some(earlier) if fired_new && effects(old, earlier) != effects(new, rule) => {
                RuleChange::Changed
            }
            Some(_) => continue,
        };
        differences.push(RuleDifference {
            rule: rule.id.clone(),
            change,
            fired_old,
            fired_new,
        });
    }
    for rule in &old.rules {
        if !new.rules.iter().any(|r| r.id == rule.id) && fired(old, before, &rule.id) {
            differences.push(RuleDifference {
                rule: rule.id.clone(),
                change: RuleChange::Removed,
                fired_old: true,
                fired_new: false,
            });
        }
    }
    differences
}

/// What a rule does when it fires, by service id, comparable across rule sets.
#[derive(Debug, PartialEq, Eq)]
struct Effects<'a> {
    exclude: Vec<&'a str>,
    score: BTreeMap<&'a str, i64>,
    pair: BTreeMap<&'a str, Vec<&'a str>>,
    cost_points: &'a [CostBand],
}

fn effects<'a>(rule_set: &'a RuleSet, rule: &'a Rule) -> Effects<'a> {
    let id = |service: usize| rule_set.services[service].id.as_str();
    let mut exclude: Vec<&str> = rule.exclude.iter().map(|&s| id(s)).collect();
    exclude.sort_unstable();
    Effects {
        exclude,
        score: rule
            .score
            .iter()
            .map(|&(s, points)| (id(s), points))
            .collect(),
        pair: rule
            .pair
            .iter()
            .map(|(s, companions)| {
                let mut companions: Vec<&str> = companions.iter().map(|&c| id(c)).collect();
                companions.sort_unstable();
                (id(*s), companions)
            })
            .collect(),
        cost_points: &rule.cost_points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_set(text: &str) -> RuleSet {
        crate::rules::parse(text, "test.yaml").expect("a valid rule set")
    }

    fn workload(text: &str) -> Workload {
        crate::workload::parse(text, "w.yaml", "w.yaml").expect("a valid workload")
    }

    const SERVICES: &str =
        "version: 1\nname: t\nservices:\n  - {id: a, name: A}\n  - {id: b, name: B}\nrules:\n";

    #[test]
    fn a_rule_set_against_itself_changes_nothing() {
        let rules = rule_set(&format!(
            "{SERVICES}  - {{id: r, when: {{demand.spikiness: high}}, score: {{a: 2}}}}\n"
        ));
        let diff = compare(
            &rules,
            &rules,
            &Pricing::builtin(),
            &workload("name: w\nruntime: {max_duration: 1m}\ndemand: {spikiness: high}\n"),
        );
        assert!(!diff.changed(), "{diff:?}");
        assert!(diff.rules.is_empty());
        assert_eq!(diff.old.margin, Some(2));
    }

    #[test]
    fn finds_added_removed_and_changed_rules() {
        let old = rule_set(&format!(
            "{SERVICES}  - {{id: kept, score: {{a: 1}}}}\n  - {{id: gone, score: {{b: 1}}}}\n  - {{id: reweighed, score: {{a: 1}}}}\n"
        ));
        let new = rule_set(&format!(
            "{SERVICES}  - {{id: kept, score: {{a: 1}}}}\n  - {{id: reweighed, score: {{a: 3}}}}\n  - {{id: fresh, exclude: [b]}}\n"
        ));
        let diff = compare(
            &old,
            &new,
            &Pricing::builtin(),
            &workload("name: w\nruntime: {max_duration: 1m}\n"),
        );
        let found: Vec<(&str, RuleChange)> = diff
            .rules
            .iter()
            .map(|d| (d.rule.as_str(), d.change))
            .collect();
        assert_eq!(
            found,
            [
                ("reweighed", RuleChange::Changed),
                ("fresh", RuleChange::Added),
                ("gone", RuleChange::Removed)
            ]
        );
        assert!(diff.ruled_out_changed());
        assert_eq!(diff.new.ruled_out, ["b"]);
        // Old: a 2, b 1, a leads by 1. New: a 4, b ruled out, no runner-up.
        assert!(!diff.recommendation_changed());
        assert!(diff.margin_changed());
    }

    #[test]
    fn rules_diff_lists_a_rule_whose_cost_points_changed() {
        let old = rule_set(&format!(
            "{SERVICES}  - {{id: cheap, cost_points: [{{within: 0%, points: 2}}]}}\n"
        ));
        let new = rule_set(&format!(
            "{SERVICES}  - {{id: cheap, cost_points: [{{within: 0%, points: 2}}, {{within: 25%, points: 1}}]}}\n"
        ));
        let workload = workload("name: w\nruntime: {max_duration: 1m}\n");
        let changed = |old, new| -> Vec<(String, RuleChange)> {
            compare(old, new, &Pricing::builtin(), &workload)
                .rules
                .into_iter()
                .map(|d| (d.rule, d.change))
                .collect()
        };
        assert_eq!(changed(&old, &new), [("cheap".into(), RuleChange::Changed)]);
        assert_eq!(changed(&old, &old), []);
    }
}
