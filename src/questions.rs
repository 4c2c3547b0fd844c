//! Verified open questions (SPEC 3.3): a field the workload leaves out is only worth asking
//! about if answering it can change the outcome. Each candidate answer is evaluated, and a
//! field is kept only when some answer changes the recommendation, or at least the ranking.

use std::cell::OnceCell;
use std::cmp::Reverse;

use crate::cost::{self, Pricing};
use crate::engine::{self, Answer, OpenQuestion, Placing, Recommendation, Truth, Typicals};
use crate::fields::{self, FieldKind};
use crate::rules::{Op, RuleSet, ServiceIndex};
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
///
/// An answer to one field can only change the rules whose condition tests that field, so
/// only those are judged again; an answer under which the same rules fire as for the
/// workload itself (and the estimates that `cost_points` rules compare stay the same)
/// changes nothing, and answers under which the same rules fire rank alike.
pub fn verify(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    recommendation: &Recommendation,
) -> Vec<Question> {
    verify_to(
        rule_set,
        pricing,
        workload,
        recommendation,
        Depth::EveryAnswer,
    )
}

/// How far [`verify_to`] tries the answers to each question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every answer, for the questions as [`verify`] gives them.
    EveryAnswer,
    /// Until an answer changes the recommendation: only the questions that can change it,
    /// each with that first answer, for a count of them.
    FirstChange,
}

/// [`verify`], trying the answers to `depth`.
pub fn verify_to(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    recommendation: &Recommendation,
    depth: Depth,
) -> Vec<Question> {
    // The rules that test a field with `exists`, which answering it can turn either way.
    let mut existence_tests: Vec<(usize, &str)> = Vec::new();
    for (index, rule) in rule_set.rules.iter().enumerate() {
        if let Some(condition) = &rule.when {
            condition.visit_tests(&mut |field, op| {
                if matches!(op, Op::Exists(_)) {
                    existence_tests.push((index, field));
                }
            });
        }
    }
    let typicals = OnceCell::new();
    // Rankings by the rules that fire (each keeps its `fired`), for answers under which
    // nothing else counts.
    let mut ranked: Vec<Placing> = Vec::new();
    let placing = Placing::of(recommendation);
    // The workload with one answer set, and the rules that fire with it: made once, reused
    // for every answer.
    let mut answered = workload.clone();
    let mut fired = Vec::new();
    let mut questions: Vec<Question> = recommendation
        .open_questions
        .iter()
        .filter_map(|open| {
            let kind = fields::lookup(&open.field)?.kind;
            // An answer settles what the field left unknown and nothing else: a rule that
            // fires (or not) without the field does the same with any answer (three-valued
            // logic is monotone), except through `exists`. So only the rules the field left
            // unknown, and those that ask whether it exists, are judged again.
            let judged_again = judged_again(open, &existence_tests);
            let still_fired: Vec<usize> = recommendation
                .fired
                .iter()
                .copied()
                .filter(|index| judged_again.binary_search(index).is_err())
                .collect();
            let cost_input = cost::INPUTS.contains(&open.field.as_str());
            answered.undo_changes();
            let mut by_pick = Vec::new();
            let mut by_order = Vec::new();
            for value in candidates(rule_set, open, kind) {
                answered.set_fact(&open.field, value.clone());
                // Not a possible answer: a typical duration above the longest.
                if answered.conflict().is_some() {
                    continue;
                }
                merge_in_order(
                    &mut fired,
                    &still_fired,
                    judged_again.iter().copied().filter(|&index| {
                        engine::settle(&rule_set.rules[index], &answered) == Truth::True
                    }),
                );
                let costed = fired
                    .iter()
                    .any(|&index| !rule_set.rules[index].cost_points.is_empty());
                // Whether the ranking depends on the fired rules alone.
                let by_rules = !(costed && cost_input);
                if by_rules && fired == recommendation.fired {
                    continue;
                }
                let known = by_rules
                    .then(|| ranked.iter().find(|changed| changed.fired == fired))
                    .flatten();
                let mut fresh = None;
                let changed = match known {
                    Some(changed) => changed,
                    None => {
                        let typicals = (costed && !cost_input).then(|| {
                            typicals.get_or_init(|| Typicals::of(rule_set, pricing, workload))
                        });
                        fresh.insert(engine::rank_fired(
                            rule_set,
                            pricing,
                            &answered,
                            fired.clone(),
                            typicals,
                        ))
                    }
                };
                let alternative = || Alternative {
                    value,
                    answer: changed.answer.clone(),
                };
                let changes_pick = !recommends_alike(changed, &placing);
                if changes_pick {
                    by_pick.push(alternative());
                } else if depth == Depth::EveryAnswer && !ranks_alike(changed, &placing) {
                    by_order.push(alternative());
                }
                if let (true, Some(changed)) = (by_rules, fresh) {
                    ranked.push(changed);
                }
                if changes_pick && depth == Depth::FirstChange {
                    break;
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

/// The rules to judge again for an answer to `open`, in rule-set order: those its field left
/// unknown, and those that test the field with `exists` (`existence_tests`, as
/// `(rule, field)`).
fn judged_again(open: &OpenQuestion, existence_tests: &[(usize, &str)]) -> Vec<usize> {
    let mut rules = open.rules.clone();
    rules.extend(
        existence_tests
            .iter()
            .filter(|(_, field)| *field == open.field)
            .map(|&(index, _)| index),
    );
    rules.sort_unstable();
    rules.dedup();
    rules
}

/// Sets `fired` to the rules in `still` and in `now`, merged in rule-set order: both are in
/// it and they share no rule, so no sort is needed, and the list compares equal to the
/// recommendation's own when the same rules fire.
fn merge_in_order(fired: &mut Vec<usize>, still: &[usize], now: impl Iterator<Item = usize>) {
    fired.clear();
    let mut still = still.iter().copied().peekable();
    for index in now {
        while let Some(earlier) = still.next_if(|&kept| kept < index) {
            fired.push(earlier);
        }
        fired.push(index);
    }
    fired.extend(still);
}

/// Whether two rankings recommend the same as a reader sees it: the same pick with the same
/// companions, or the same tied services; a different lead over the runner-up is the same
/// recommendation.
fn recommends_alike(a: &Placing, b: &Placing) -> bool {
    a.answer.status() == b.answer.status() && recommended(a).eq(recommended(b))
}

/// The pick and its companions, or the tied services.
fn recommended(placing: &Placing) -> impl Iterator<Item = ServiceIndex> + '_ {
    let first: &[ServiceIndex] = match &placing.answer {
        Answer::Pick { service, .. } => std::slice::from_ref(service),
        other => other.tied(),
    };
    first.iter().chain(&placing.companions).copied()
}

/// Whether two rankings have the ranked services in the same order, then the same ruled-out
/// ones: what "the ranking" means to a reader.
fn ranks_alike(a: &Placing, b: &Placing) -> bool {
    a.viable == b.viable && a.order == b.order
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
            condition.visit_tests(&mut |field, op| {
                if field == open.field && !matches!(op, Op::Exists(_)) {
                    values.extend(op.operands().into_iter().cloned());
                }
            });
        }
    }
    values
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
    fn rules_judged_again_are_the_unknown_ones_and_those_asking_if_the_field_exists() {
        let open = OpenQuestion {
            field: "resources.gpu".to_string(),
            rules: vec![7, 2],
        };
        let existence_tests = [
            (5, "resources.gpu"),
            (3, "resources.vcpus"),
            (2, "resources.gpu"),
        ];
        assert_eq!(judged_again(&open, &existence_tests), vec![2, 5, 7]);
    }

    #[test]
    fn fired_rules_are_merged_in_rule_set_order() {
        let mut fired = vec![99];
        merge_in_order(&mut fired, &[1, 4, 6, 9], [0, 5, 7, 10].into_iter());
        assert_eq!(fired, vec![0, 1, 4, 5, 6, 7, 9, 10]);
        merge_in_order(&mut fired, &[2, 3], std::iter::empty());
        assert_eq!(fired, vec![2, 3]);
    }

    #[test]
    fn an_answer_above_the_longest_duration_is_never_tried() {
        // Every answer that changes anything is above the longest unit of work (1m).
        assert!(questions("name: w\nruntime: {max_duration: 1m}\n").is_empty());
        let asked = questions("name: w\nruntime: {max_duration: 1h}\n");
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].field, "runtime.avg_duration");
    }

    /// The recommendation as a reader sees it, for the oracle: the pick with its
    /// companions, or the tied services.
    fn what_is_recommended(recommendation: &Recommendation) -> (&'static str, Vec<ServiceIndex>) {
        let services = match recommendation.pick() {
            Some(pick) => std::iter::once(pick.service)
                .chain(pick.pair_with.iter().copied())
                .collect(),
            None => recommendation.answer.tied().to_vec(),
        };
        (recommendation.answer.status(), services)
    }

    /// Ranked services in order, then the ruled-out ones, for the oracle.
    fn ranking_order(recommendation: &Recommendation) -> Vec<(ServiceIndex, Option<usize>)> {
        recommendation
            .standings
            .iter()
            .map(|s| (s.service, s.rank))
            .collect()
    }

    /// The verification as it reads in SPEC 3.3, every answer ranked in full: what
    /// [`verify`] must give, however it saves work.
    fn verify_in_full(
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

    /// Workloads that leave different fields open: each line of `CHOICES` is left out or
    /// set to one of its values, picked by a fixed pseudo-random sequence.
    fn varied_workloads(count: usize) -> Vec<String> {
        const CHOICES: &[(&str, &[&str])] = &[
            (
                "runtime.trigger",
                &["http", "queue", "event", "stream", "schedule", "websocket"],
            ),
            ("runtime.avg_duration", &["100ms", "2s"]),
            ("runtime.interruptible", &["true", "false"]),
            ("runtime.os", &["linux", "windows"]),
            ("runtime.architecture", &["x86_64", "arm64", "any"]),
            ("demand.spikiness", &["low", "medium", "high"]),
            (
                "demand.requests_per_month",
                &["0", "200000", "3000000", "90000000"],
            ),
            ("resources.memory_mb", &["256", "4096", "20000"]),
            ("resources.vcpus", &["0.25", "2", "16"]),
            ("resources.gpu", &["true", "false"]),
            ("resources.ephemeral_storage_gb", &["1", "12", "300"]),
            ("control.os_access", &["true", "false"]),
            ("control.portability", &["none", "hybrid", "multi-cloud"]),
            (
                "containers.preference",
                &["avoid", "neutral", "prefer", "require"],
            ),
            ("containers.orchestrator", &["none", "ecs", "kubernetes"]),
            ("containers.privileged", &["true", "false"]),
            ("team.ops_capacity", &["low", "medium", "high"]),
            ("team.willing_to_rewrite", &["true", "false"]),
            (
                "priorities",
                &[
                    "[cost]",
                    "[cost, control]",
                    "[performance, portability]",
                    "[]",
                ],
            ),
        ];
        let durations = ["5s", "10m", "14m", "16m", "2h"];
        let mut state: u64 = 14;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        (0..count)
            .map(|i| {
                let mut text = format!(
                    "name: w{i}\nruntime.max_duration: {}\n",
                    durations[next(durations.len())]
                );
                for (field, values) in CHOICES {
                    // Each field is left open a third of the time.
                    let choice = next(values.len() + values.len().div_ceil(2));
                    if let Some(value) = values.get(choice) {
                        text.push_str(&format!("{field}: {value}\n"));
                    }
                }
                // Nest the dotted keys, as a workload file writes them.
                let mut sections: Vec<(String, Vec<String>)> = Vec::new();
                for line in text.lines() {
                    let (key, value) = line.split_once(": ").expect("key: value");
                    match key.split_once('.') {
                        Some((section, field)) => {
                            let entry = format!("  {field}: {value}");
                            match sections.iter_mut().find(|(s, _)| s == section) {
                                Some((_, entries)) => entries.push(entry),
                                None => sections.push((section.to_string(), vec![entry])),
                            }
                        }
                        None => sections.push((format!("{key}: {value}"), Vec::new())),
                    }
                }
                let mut yaml = String::new();
                for (head, entries) in sections {
                    if entries.is_empty() {
                        yaml.push_str(&head);
                    } else {
                        yaml.push_str(&format!("{head}:\n{}", entries.join("\n")));
                    }
                    yaml.push('\n');
                }
                yaml
            })
            .collect()
    }

    #[test]
    fn ranking_from_the_fired_rules_places_the_services_as_the_full_ranking_does() {
        let rule_set = crate::builtin::rule_set();
        let pricing = Pricing::builtin();
        for text in varied_workloads(150) {
            let workload = crate::workload::parse(&text, "w.yaml", "w.yaml")
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            for full in [
                engine::recommend(&rule_set, &pricing, &workload),
                engine::rank_bare(&rule_set, &pricing, &workload),
            ] {
                let placed =
                    engine::rank_fired(&rule_set, &pricing, &workload, full.fired.clone(), None);
                assert_eq!(placed, Placing::of(&full), "{text}");
            }
        }
    }

    #[test]
    fn verification_that_saves_work_gives_what_ranking_every_answer_gives() {
        let rule_set = crate::builtin::rule_set();
        let mut workloads: Vec<String> = std::fs::read_dir("examples")
            .expect("the examples")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .map(|path| std::fs::read_to_string(path).expect("an example"))
            .collect();
        workloads.extend(varied_workloads(150));
        for pricing in [Pricing::builtin(), {
            let mut free = Pricing::builtin();
            free.options.free_tier = true;
            free
        }] {
            for text in &workloads {
                let workload = crate::workload::parse(text, "w.yaml", "w.yaml")
                    .unwrap_or_else(|e| panic!("{e}\n{text}"));
                let recommendation = engine::recommend(&rule_set, &pricing, &workload);
                let fast = verify(&rule_set, &pricing, &workload, &recommendation);
                let full = verify_in_full(&rule_set, &pricing, &workload, &recommendation);
                assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{text}");
                // Stopping at the first answer that changes the pick keeps the questions
                // that can change it, each with that answer.
                let first = verify_to(
                    &rule_set,
                    &pricing,
                    &workload,
                    &recommendation,
                    Depth::FirstChange,
                );
                let mut changing: Vec<(String, String)> = full
                    .iter()
                    .filter(|q| q.changes == Changes::Recommendation)
                    .map(|q| (q.field.clone(), format!("{:?}", q.alternatives[0])))
                    .collect();
                let mut found: Vec<(String, String)> = first
                    .iter()
                    .map(|q| {
                        assert_eq!(q.changes, Changes::Recommendation, "{text}");
                        assert_eq!(q.alternatives.len(), 1, "{text}");
                        (q.field.clone(), format!("{:?}", q.alternatives[0]))
                    })
                    .collect();
                changing.sort();
                found.sort();
                assert_eq!(found, changing, "{text}");
            }
        }
    }
}
