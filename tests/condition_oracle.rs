//! The condition language (SPEC 2.1, 3.3) against an independent oracle: a small evaluator
//! written here from the SPEC alone, compared with the engine on generated conditions
//! (`all`, `any`, `not`, every operator, both test forms) and generated workloads in which any
//! optional field may be missing. The engine must agree on the truth value and on which
//! missing fields made it unknown.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use advisor::engine::{self, Truth};
use advisor::{rules, workload};
use proptest::prelude::*;

mod common;

const TRIGGERS: &[&str] = &["http", "event", "queue", "schedule"];
const OSES: &[&str] = &["linux", "windows"];
const ARCHITECTURES: &[&str] = &["x86_64", "arm64", "any"];
const LEVELS: &[&str] = &["low", "medium", "high"];
const PRIORITIES: &[&str] = &["cost", "performance", "control"];
const TEAMS: &[&str] = &["payments", "search"];
const MILLIS: &[u64] = &[0, 1_000, 30_000, 840_000, 900_000, 901_000, 3_600_000];
const REQUESTS: &[u64] = &[0, 1, 1_000_000, 3_000_000];
const VCPUS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0];
const STORAGE_GB: &[f64] = &[0.5, 10.0, 10.24, 20.0, 200.0];

/// A value as the oracle sees it.
#[derive(Debug, Clone, PartialEq)]
enum V {
    /// Milliseconds; `None` is `unbounded`, longer than any duration.
    Duration(Option<u64>),
    /// An index into `LEVELS` (ordered) or a member of an unordered enum or a text.
    Level(usize),
    Word(&'static str),
    Count(u64),
    Number(f64),
    Flag(bool),
    List(Vec<&'static str>),
}

impl V {
    fn order(&self, other: &V) -> Option<Ordering> {
        match (self, other) {
            (V::Duration(a), V::Duration(b)) => Some(match (a, b) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => a.cmp(b),
            }),
            (V::Level(a), V::Level(b)) => Some(a.cmp(b)),
            (V::Count(a), V::Count(b)) => Some(a.cmp(b)),
            (V::Number(a), V::Number(b)) => a.partial_cmp(b),
            _ => None,
        }
    }

    /// YAML for the value, in a notation chosen by `style` so that equal durations are also
    /// written differently in the workload and in the rule (`15m`, `900`, `900s`, `900000ms`).
    fn yaml(&self, style: usize) -> String {
        match self {
            V::Duration(None) => "unbounded".into(),
            V::Duration(Some(ms)) => match style % 4 {
                0 if ms % 60_000 == 0 => format!("{}m", ms / 60_000),
                1 if ms % 1_000 == 0 => format!("{}s", ms / 1_000),
                2 if ms % 1_000 == 0 => format!("{}", ms / 1_000),
                _ => format!("{ms}ms"),
            },
            V::Level(i) => LEVELS[*i].into(),
            V::Word(w) => (*w).into(),
            V::Count(n) => n.to_string(),
            V::Number(x) => format!("{x:?}"),
            V::Flag(b) => b.to_string(),
            V::List(items) => format!("[{}]", items.join(", ")),
        }
    }
}

/// A field the generator uses, and how to make values for it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum F {
    MaxDuration,
    Trigger,
    Os,
    Architecture,
    Spikiness,
    Requests,
    Vcpus,
    Gpu,
    EphemeralStorage,
    Privileged,
    Priorities,
    Team,
}

const FIELDS: &[F] = &[
    F::MaxDuration,
    F::Trigger,
    F::Os,
    F::Architecture,
    F::Spikiness,
    F::Requests,
    F::Vcpus,
    F::Gpu,
    F::EphemeralStorage,
    F::Privileged,
    F::Priorities,
    F::Team,
];

impl F {
    fn path(self) -> &'static str {
        match self {
            F::MaxDuration => "runtime.max_duration",
            F::Trigger => "runtime.trigger",
            F::Os => "runtime.os",
            F::Architecture => "runtime.architecture",
            F::Spikiness => "demand.spikiness",
            F::Requests => "demand.requests_per_month",
            F::Vcpus => "resources.vcpus",
            F::Gpu => "resources.gpu",
            F::EphemeralStorage => "resources.ephemeral_storage_gb",
            F::Privileged => "containers.privileged",
            F::Priorities => "priorities",
            F::Team => "labels.team",
        }
    }

    fn value(self) -> BoxedStrategy<V> {
        let pick = |s: &'static [&'static str]| proptest::sample::select(s);
        match self {
            F::MaxDuration => prop_oneof![
                6 => proptest::sample::select(MILLIS).prop_map(|ms| V::Duration(Some(ms))),
                1 => Just(V::Duration(None)),
            ]
            .boxed(),
            F::Trigger => pick(TRIGGERS).prop_map(V::Word).boxed(),
            F::Os => pick(OSES).prop_map(V::Word).boxed(),
            F::Architecture => pick(ARCHITECTURES).prop_map(V::Word).boxed(),
            F::Spikiness => (0..LEVELS.len()).prop_map(V::Level).boxed(),
            F::Requests => proptest::sample::select(REQUESTS)
                .prop_map(V::Count)
                .boxed(),
            F::Vcpus => proptest::sample::select(VCPUS).prop_map(V::Number).boxed(),
            F::Gpu | F::Privileged => any::<bool>().prop_map(V::Flag).boxed(),
            F::EphemeralStorage => proptest::sample::select(STORAGE_GB)
                .prop_map(V::Number)
                .boxed(),
            F::Priorities => proptest::sample::subsequence(PRIORITIES, 0..=3)
                .prop_map(V::List)
                .boxed(),
            F::Team => pick(TEAMS).prop_map(V::Word).boxed(),
        }
    }

    fn operators(self) -> &'static [&'static str] {
        match self {
            F::MaxDuration | F::Spikiness | F::Requests | F::Vcpus | F::EphemeralStorage => &[
                "eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists",
            ],
            F::Trigger | F::Os | F::Architecture | F::Team => {
                &["eq", "ne", "in", "not_in", "exists"]
            }
            F::Gpu | F::Privileged => &["eq", "ne", "exists"],
            F::Priorities => &["contains", "exists"],
        }
    }
}

#[derive(Debug, Clone)]
enum Operand {
    One(V),
    Many(Vec<V>),
    Member(&'static str),
    Exists(bool),
}

#[derive(Debug, Clone)]
enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// `shorthand` writes `eq` as a bare scalar (`field: value`).
    Test {
        field: F,
        op: &'static str,
        operand: Operand,
        shorthand: bool,
        style: usize,
    },
}

fn test_condition() -> impl Strategy<Value = Cond> {
    proptest::sample::select(FIELDS)
        .prop_flat_map(|field| (Just(field), proptest::sample::select(field.operators())))
        .prop_flat_map(|(field, op)| {
            let operand = match op {
                "in" | "not_in" => proptest::collection::vec(field.value(), 1..=3)
                    .prop_map(Operand::Many)
                    .boxed(),
                "contains" => proptest::sample::select(PRIORITIES)
                    .prop_map(Operand::Member)
                    .boxed(),
                "exists" => any::<bool>().prop_map(Operand::Exists).boxed(),
                _ => field.value().prop_map(Operand::One).boxed(),
            };
            (operand, any::<bool>(), 0usize..4).prop_map(move |(operand, shorthand, style)| {
                Cond::Test {
                    field,
                    op,
                    operand,
                    shorthand: shorthand && op == "eq",
                    style,
                }
            })
        })
}

fn condition() -> impl Strategy<Value = Cond> {
    test_condition().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..=3).prop_map(Cond::All),
            proptest::collection::vec(inner.clone(), 1..=3).prop_map(Cond::Any),
            inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
}

/// The condition as YAML flow text, as a rule author would write it.
fn render(cond: &Cond) -> String {
    let list = |parts: &[Cond]| parts.iter().map(render).collect::<Vec<_>>().join(", ");
    match cond {
        Cond::All(parts) => format!("{{all: [{}]}}", list(parts)),
        Cond::Any(parts) => format!("{{any: [{}]}}", list(parts)),
        Cond::Not(inner) => format!("{{not: {}}}", render(inner)),
        Cond::Test {
            field,
            op,
            operand,
            shorthand,
            style,
        } => {
            let operand = match operand {
                Operand::One(v) => v.yaml(*style),
                Operand::Many(vs) => format!(
                    "[{}]",
                    vs.iter()
                        .map(|v| v.yaml(*style))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Operand::Member(m) => (*m).into(),
                Operand::Exists(b) => b.to_string(),
            };
            if *shorthand {
                format!("{{{}: {operand}}}", field.path())
            } else {
                format!("{{{}: {{{op}: {operand}}}}}", field.path())
            }
        }
    }
}

/// The oracle: Kleene's three-valued logic as SPEC 3.3 states it, with `None` for unknown.
/// Returns the truth value and adds each missing field a test depended on to `unknown`.
fn oracle(cond: &Cond, facts: &[(F, V)], unknown: &mut BTreeSet<&'static str>) -> Option<bool> {
    match cond {
        Cond::All(parts) => {
            let results: Vec<_> = parts.iter().map(|p| oracle(p, facts, unknown)).collect();
            if results.contains(&Some(false)) {
                Some(false)
            } else if results.contains(&None) {
                None
            } else {
                Some(true)
            }
        }
        Cond::Any(parts) => {
            let results: Vec<_> = parts.iter().map(|p| oracle(p, facts, unknown)).collect();
            if results.contains(&Some(true)) {
                Some(true)
            } else if results.contains(&None) {
                None
            } else {
                Some(false)
            }
        }
        Cond::Not(inner) => oracle(inner, facts, unknown).map(|b| !b),
        Cond::Test {
            field, op, operand, ..
        } => {
            let actual = facts.iter().find(|(f, _)| f == field).map(|(_, v)| v);
            let Some(actual) = actual else {
                return match operand {
                    Operand::Exists(expected) => Some(!expected),
                    _ => {
                        unknown.insert(field.path());
                        None
                    }
                };
            };
            Some(match (*op, operand) {
                ("exists", Operand::Exists(expected)) => *expected,
                ("eq", Operand::One(v)) => actual.order(v).map_or(actual == v, |o| o.is_eq()),
                ("ne", Operand::One(v)) => !actual.order(v).map_or(actual == v, |o| o.is_eq()),
                ("in", Operand::Many(vs)) => vs.iter().any(|v| same(actual, v)),
                ("not_in", Operand::Many(vs)) => !vs.iter().any(|v| same(actual, v)),
                ("gt", Operand::One(v)) => actual.order(v) == Some(Ordering::Greater),
                ("gte", Operand::One(v)) => actual.order(v).is_some_and(|o| o.is_ge()),
                ("lt", Operand::One(v)) => actual.order(v) == Some(Ordering::Less),
                ("lte", Operand::One(v)) => actual.order(v).is_some_and(|o| o.is_le()),
                ("contains", Operand::Member(m)) => {
                    matches!(actual, V::List(items) if items.contains(m))
                }
                other => panic!("the generator made an impossible test {other:?}"),
            })
        }
    }
}

fn same(a: &V, b: &V) -> bool {
    a.order(b).map_or(a == b, |o| o.is_eq())
}

/// A workload: `max_duration` always (it is required), every other field maybe.
fn facts() -> impl Strategy<Value = (Vec<(F, V)>, usize)> {
    let optional: Vec<_> = FIELDS[1..]
        .iter()
        .map(|f| proptest::option::of(f.value().prop_map(move |v| (*f, v))))
        .collect();
    (F::MaxDuration.value(), optional, 0usize..4).prop_map(|(duration, optional, style)| {
        let mut facts = vec![(F::MaxDuration, duration)];
        facts.extend(optional.into_iter().flatten());
        (facts, style)
    })
}

fn workload_yaml(facts: &[(F, V)], style: usize) -> String {
    common::workload_yaml(
        facts
            .iter()
            .map(|(field, value)| (field.path(), Some(value.yaml(style + 1)))),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn the_engine_agrees_with_the_oracle(cond in condition(), (facts, style) in facts()) {
        let rules_text = format!(
            "version: 1\nname: oracle\nservices:\n  - {{id: a, name: A}}\nrules:\n  - id: r\n    when: {}\n    score: {{a: 1}}\n",
            render(&cond)
        );
        let rule_set = rules::parse(&rules_text, "oracle.yaml")
            .unwrap_or_else(|e| panic!("the generated rule set is invalid: {e}\n{rules_text}"));
        let text = workload_yaml(&facts, style);
        let workload = workload::parse(&text, "w.yaml", "w.yaml")
            .unwrap_or_else(|e| panic!("the generated workload is invalid: {e}\n{text}"));

        let mut expected_unknown = BTreeSet::new();
        let expected = match oracle(&cond, &facts, &mut expected_unknown) {
            Some(true) => Truth::True,
            Some(false) => Truth::False,
            None => Truth::Unknown,
        };
        let mut unknown = Vec::new();
        let actual = engine::fires(&rule_set.rules[0], &workload, &mut unknown);
        prop_assert_eq!(actual, expected, "rule:\n{}\nworkload:\n{}", rules_text, text);
        let unknown: BTreeSet<&str> = unknown.into_iter().collect();
        prop_assert_eq!(unknown, expected_unknown, "rule:\n{}\nworkload:\n{}", rules_text, text);
    }
}

/// The oracle itself must be able to tell the engine apart from a wrong one: each of these
/// hand-picked cases has a known answer that a broken `any`, `not`, `exists` or `not_in`
/// would get wrong.
#[test]
fn the_oracle_answers_known_cases() {
    let spiky = [
        (F::MaxDuration, V::Duration(Some(60_000))),
        (F::Spikiness, V::Level(2)),
    ];
    let test = |field, op, operand| Cond::Test {
        field,
        op,
        operand,
        shorthand: false,
        style: 0,
    };
    let high = test(F::Spikiness, "eq", Operand::One(V::Level(2)));
    let gpu = test(F::Gpu, "eq", Operand::One(V::Flag(true)));
    let mut unknown = BTreeSet::new();
    let cases = [
        (Cond::Any(vec![gpu.clone(), high.clone()]), Some(true)),
        (Cond::All(vec![gpu.clone(), high.clone()]), None),
        (Cond::Not(Box::new(gpu.clone())), None),
        (test(F::Gpu, "exists", Operand::Exists(false)), Some(true)),
        (test(F::Gpu, "exists", Operand::Exists(true)), Some(false)),
        (
            test(F::Spikiness, "not_in", Operand::Many(vec![V::Level(0)])),
            Some(true),
        ),
        (
            test(F::MaxDuration, "lte", Operand::One(V::Duration(None))),
            Some(true),
        ),
    ];
    for (cond, expected) in cases {
        assert_eq!(oracle(&cond, &spiky, &mut unknown), expected, "{cond:?}");
    }
    assert_eq!(unknown, BTreeSet::from(["resources.gpu"]));
}

/// One generated rule: a condition (or none: always fires), the service it affects, and
/// either points or an exclusion.
#[derive(Debug, Clone)]
struct GeneratedRule {
    when: Option<Cond>,
    service: usize,
    effect: Result<i64, ()>,
}

const SERVICES: &[&str] = &["a", "b", "c"];

fn generated_rules() -> impl Strategy<Value = Vec<GeneratedRule>> {
    let rule = (
        proptest::option::weighted(0.9, condition()),
        0..SERVICES.len(),
        prop_oneof![2 => (-5i64..=-1).prop_map(Ok), 2 => (1i64..=5).prop_map(Ok), 1 => Just(Err(()))],
    )
        .prop_map(|(when, service, effect)| GeneratedRule {
            when,
            service,
            effect,
        });
    proptest::collection::vec(rule, 1..10)
}

fn rule_set_yaml(rules: &[GeneratedRule]) -> String {
    let mut text = String::from(
        "version: 1\nname: oracle\nservices:\n  - {id: a, name: A}\n  - {id: b, name: B}\n  - {id: c, name: C}\nrules:\n",
    );
    for (i, rule) in rules.iter().enumerate() {
        text.push_str(&format!("  - id: r{i}\n"));
        if let Some(when) = &rule.when {
            text.push_str(&format!("    when: {}\n", render(when)));
        }
        let service = SERVICES[rule.service];
        text.push_str(&match rule.effect {
            Ok(points) => format!("    score: {{{service}: {points}}}\n"),
            Err(()) => format!("    exclude: [{service}]\n"),
        });
    }
    text
}

/// The ranking SPEC 2.3 describes, from the oracle's verdicts: (service id, rank, score) for
/// the ranked services by score then declaration order, then the ruled-out ids in declaration
/// order.
fn oracle_ranking(
    rules: &[GeneratedRule],
    facts: &[(F, V)],
) -> (Vec<(&'static str, usize, i64)>, Vec<&'static str>) {
    let mut scores = [0i64; 3];
    let mut out = [false; 3];
    for rule in rules {
        let fires = rule
            .when
            .as_ref()
            .is_none_or(|c| oracle(c, facts, &mut BTreeSet::new()) == Some(true));
        if fires {
            match rule.effect {
                Ok(points) => scores[rule.service] += points,
                Err(()) => out[rule.service] = true,
            }
        }
    }
    let mut ranked: Vec<usize> = (0..3).filter(|&s| !out[s]).collect();
    ranked.sort_by_key(|&s| (-scores[s], s));
    let ranked = ranked
        .into_iter()
        .enumerate()
        .map(|(i, s)| (SERVICES[s], i + 1, scores[s]))
        .collect();
    let ruled_out = (0..3).filter(|&s| out[s]).map(|s| SERVICES[s]).collect();
    (ranked, ruled_out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_ranking_agrees_with_the_oracle(rules in generated_rules(), (facts, style) in facts()) {
        let rules_text = rule_set_yaml(&rules);
        let rule_set = rules::parse(&rules_text, "oracle.yaml")
            .unwrap_or_else(|e| panic!("the generated rule set is invalid: {e}\n{rules_text}"));
        let text = workload_yaml(&facts, style);
        let workload = workload::parse(&text, "w.yaml", "w.yaml")
            .unwrap_or_else(|e| panic!("the generated workload is invalid: {e}\n{text}"));
        let recommendation = engine::recommend(&rule_set, &advisor::cost::Pricing::builtin(), &workload);
        let id = |s: &engine::Standing| rule_set.services[s.service].id.as_str();
        let ranked: Vec<_> = recommendation
            .standings
            .iter()
            .filter_map(|s| s.rank.map(|rank| (id(s), rank, s.score)))
            .collect();
        let ruled_out: Vec<_> = recommendation
            .standings
            .iter()
            .filter(|s| s.rank.is_none())
            .map(id)
            .collect();
        let (expected_ranked, expected_out) = oracle_ranking(&rules, &facts);
        prop_assert_eq!(ranked, expected_ranked, "rules:\n{}\nworkload:\n{}", rules_text, text);
        prop_assert_eq!(ruled_out, expected_out, "rules:\n{}\nworkload:\n{}", rules_text, text);
    }
}
