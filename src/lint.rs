//! `advisor rules lint`: what a valid rule set can still get wrong. Loading already rejects
//! everything SPEC 2.2 forbids; these checks find rules that can never fire, services no rule
//! mentions, rules that repeat another, rules without the documentation that makes a
//! recommendation explainable, reasons shown on a service they are not about, and rules no
//! one has re-read against their source for a long time.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::date::Date;
use crate::diagnostic::Position;
use crate::engine;
use crate::fields::FieldKind;
use crate::rules::{Condition, Op, Origin, Part, Role, Rule, RuleSet, ServiceIndex};
use crate::value::{Duration, Value};

/// The lint codes, for `level[code]` in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The rule set cannot be loaded (SPEC 2.2); always an error.
    InvalidRuleSet,
    NeverTrue,
    UnusedService,
    DuplicateRule,
    MissingDocs,
    ReasonNamesOtherService,
    StaleRule,
}

impl Code {
    /// Every code, in the order SARIF lists them as rules.
    pub const ALL: [Code; 7] = [
        Code::InvalidRuleSet,
        Code::NeverTrue,
        Code::UnusedService,
        Code::DuplicateRule,
        Code::MissingDocs,
        Code::ReasonNamesOtherService,
        Code::StaleRule,
    ];

    /// Whether findings of this code are errors (a rule set that cannot be loaded) rather
    /// than warnings (a valid rule set that is probably wrong).
    pub fn is_error(self) -> bool {
        self == Code::InvalidRuleSet
    }

    /// One line for rule listings (SARIF `shortDescription`).
    pub fn summary(self) -> &'static str {
        match self {
            Code::InvalidRuleSet => "The rule set cannot be loaded",
            Code::NeverTrue => "No workload can satisfy the rule's condition",
            Code::UnusedService => "No rule mentions the service",
            Code::DuplicateRule => "The rule has the same condition and effects as an earlier one",
            Code::MissingDocs => "The rule has no summary, rationale or source",
            Code::ReasonNamesOtherService => {
                "A reason shown on one service names another ranked service"
            }
            Code::StaleRule => "The rule has not been reviewed against its source for too long",
        }
    }

    /// What the finding means and how to resolve it (SARIF `fullDescription`).
    pub fn explanation(self) -> &'static str {
        match self {
            Code::InvalidRuleSet => {
                "The file fails load-time validation: an unknown key, a duplicate id, a field path that is not in the workload format, an operator or value that does not fit the field, an effect on an undeclared service, or a layering error. advisor refuses to use it until it is fixed."
            }
            Code::NeverTrue => {
                "The tests of the rule's condition contradict each other, so the rule never fires. Correct the bounds or values, or remove the rule."
            }
            Code::UnusedService => {
                "No rule excludes, scores or pairs the service, so it ranks on ties alone. Add rules about it, or remove it."
            }
            Code::DuplicateRule => {
                "Two rules test the same condition and have the same effects, so the points count twice. Remove one of them."
            }
            Code::MissingDocs => {
                "Recommendations quote a rule's summary, rationale and source to explain a rank; a rule without them cannot be audited. Add the missing keys."
            }
            Code::ReasonNamesOtherService => {
                "A reason shown on one service names another ranked service, so the reason reads as if it were about that service. Give the service a reason of its own, or reword the reason."
            }
            Code::StaleRule => {
                "The rule's `reviewed` date is older than --max-age days, or it has none. Cloud services change; check the rule against its source and update `reviewed`."
            }
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Code::InvalidRuleSet => "invalid-rule-set",
            Code::NeverTrue => "never-true",
            Code::UnusedService => "unused-service",
            Code::DuplicateRule => "duplicate-rule",
            Code::MissingDocs => "missing-docs",
            Code::ReasonNamesOtherService => "reason-names-other-service",
            Code::StaleRule => "stale-rule",
        }
    }
}

/// One warning about a rule set, at the rule or service it concerns.
#[derive(Debug, Clone)]
pub struct Warning {
    pub code: Code,
    pub origin: Origin,
    pub message: String,
}

/// How old a rule's `reviewed` date may be before it counts as stale.
#[derive(Debug, Clone, Copy)]
pub struct Staleness {
    /// The day ages are measured from: today, or a pinned day for reproducible output.
    pub today: Date,
    pub max_age_days: u32,
}

/// Every warning about the rules and services declared in `file` (a layer's base is linted
/// on its own), in declaration order.
pub fn lint(rule_set: &RuleSet, file: &str, staleness: Staleness) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let own = |origin: &Origin| &*origin.file == file;
    // The first rule with each condition and effects, so duplicates are found in one pass.
    let mut first_with: HashMap<String, &Rule> = HashMap::new();
    for rule in &rule_set.rules {
        let earlier = *first_with
            .entry(condition_and_effects(rule))
            .or_insert(rule);
        if !own(&rule.origin) {
            continue;
        }
        let warn = |code, message: String| Warning {
            code,
            origin: rule.origin.clone(),
            message,
        };
        if let Some(when) = &rule.when
            && never_true(when)
        {
            warnings.push(warn(
                Code::NeverTrue,
                format!(
                    "rule `{}` can never fire: no workload satisfies its condition",
                    rule.id
                ),
            ));
        }
        if !std::ptr::eq(earlier, rule) {
            warnings.push(warn(
                Code::DuplicateRule,
                format!(
                    "rule `{}` has the same condition and effects as `{}` ({}); remove one, or it counts twice",
                    rule.id, earlier.id, earlier.origin
                ),
            ));
        }
        let missing: Vec<&str> = [
            ("summary", rule.summary.is_none()),
            ("rationale", rule.rationale.is_none()),
            ("source", rule.source.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, absent)| absent.then_some(key))
        .collect();
        if !missing.is_empty() {
            warnings.push(warn(
                Code::MissingDocs,
                format!(
                    "rule `{}` has no {}; recommendations quote them to explain a rank",
                    rule.id,
                    missing.join(", no ")
                ),
            ));
        }
        if let Some(message) = stale(rule, staleness) {
            warnings.push(warn(Code::StaleRule, message));
        }
        for (shown, named) in reasons_naming_other_services(rule_set, rule) {
            let service = &rule_set.services[shown].id;
            let named: Vec<String> = named
                .iter()
                .map(|&other| {
                    let other = &rule_set.services[other];
                    format!("`{}` ({})", other.id, other.name)
                })
                .collect();
            let remedy = if rule.service_reasons.iter().any(|&(s, _)| s == shown) {
                format!("reword `{service}`'s own reason")
            } else if rule.score.iter().any(|&(s, _)| s == shown) {
                format!("give `{service}` a reason of its own in `score`, or reword the reason")
            } else {
                "reword the reason so it is true of every service it is shown on".to_owned()
            };
            warnings.push(warn(
                Code::ReasonNamesOtherService,
                format!(
                    "rule `{}` shows a reason on `{service}` that names {}; {remedy}",
                    rule.id,
                    named.join(", ")
                ),
            ));
        }
    }
    let mentioned: HashSet<usize> = rule_set.rules.iter().flat_map(services_of).collect();
    for (index, service) in rule_set.services.iter().enumerate() {
        // A closed service is never ranked, so rules may not mention it.
        if own(&service.origin) && !mentioned.contains(&index) && service.role != Role::Closed {
            warnings.push(Warning {
                code: Code::UnusedService,
                origin: service.origin.clone(),
                message: format!(
                    "no rule mentions service `{}`, so it ranks on ties alone",
                    service.id
                ),
            });
        }
    }
    warnings.sort_by_key(|w| w.origin.pos);
    warnings
}

/// Why `rule` is due for review, if it is: never reviewed, or longer ago than allowed.
fn stale(rule: &Rule, staleness: Staleness) -> Option<String> {
    let Some(reviewed) = rule.reviewed else {
        return Some(format!(
            "rule `{}` was never reviewed; check it against its source and add `reviewed: {}`",
            rule.id, staleness.today
        ));
    };
    let age = staleness.today.days() - reviewed.days();
    (age > i64::from(staleness.max_age_days)).then(|| {
        format!(
            "rule `{}` was last reviewed on {reviewed}, {age} days ago (more than {}); check it against its source and update `reviewed`",
            rule.id, staleness.max_age_days
        )
    })
}

/// Each service `rule` shows a reason on whose reason names other ranked services, with those
/// services. A name counts in any case and as whole words (`elastic-beanstalk` matches
/// "Elastic Beanstalk"); a name within the shown service's own id or name does not count ("EC2"
/// on `ecs-ec2`, Amazon ECS on Amazon EC2), nor does a companion, which is never a row of its
/// own and which reasons name to say what it does for the shown service.
fn reasons_naming_other_services(
    rule_set: &RuleSet,
    rule: &Rule,
) -> Vec<(ServiceIndex, Vec<ServiceIndex>)> {
    let mut found = Vec::new();
    for shown in rule.affected() {
        let Some(reason) = rule.reason_for(shown) else {
            continue;
        };
        let text: Vec<String> = reason
            .parts
            .iter()
            .filter_map(|part| match part {
                Part::Text(text) => Some(words(text)),
                Part::Field(_) => None,
            })
            .flatten()
            .collect();
        let own = &rule_set.services[shown];
        let own = [words(&own.id), words(&own.name)];
        let named: Vec<ServiceIndex> = (0..rule_set.services.len())
            .filter(|&other| other != shown && rule_set.services[other].role == Role::Candidate)
            .filter(|&other| {
                let other = &rule_set.services[other];
                [words(&other.id), words(&other.name)].iter().any(|name| {
                    !own.iter().any(|own| holds_words(own, name)) && holds_words(&text, name)
                })
            })
            .collect();
        if !named.is_empty() {
            found.push((shown, named));
        }
    }
    found
}

/// The lower-cased runs of letters and digits in `text`.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `words` holds all of `name`, consecutively.
fn holds_words(words: &[String], name: &[String]) -> bool {
    !name.is_empty() && words.windows(name.len()).any(|window| window == name)
}

fn services_of(rule: &Rule) -> Vec<usize> {
    rule.exclude
        .iter()
        .copied()
        .chain(rule.score.iter().map(|&(s, _)| s))
        .chain(
            rule.pair
                .iter()
                .flat_map(|(s, companions)| std::iter::once(*s).chain(companions.iter().copied())),
        )
        .collect()
}

/// What a rule tests and does, as one comparable key; effects in a fixed order.
fn condition_and_effects(rule: &Rule) -> String {
    let mut exclude = rule.exclude.clone();
    exclude.sort_unstable();
    let mut score = rule.score.clone();
    score.sort_unstable();
    format!("{:?}|{exclude:?}|{score:?}|{:?}", rule.when, rule.pair)
}

/// Whether no workload can make `condition` true. Conservative: `true` only when a
/// contradiction is certain (tests on one field that no value passes together, or a list
/// of alternatives that all are); negations are not analysed.
pub fn never_true(condition: &Condition) -> bool {
    match condition {
        Condition::Any(parts) => parts.iter().all(never_true),
        Condition::Not(_) => false,
        Condition::Test { .. } | Condition::All(_) => {
            let mut tests = Vec::new();
            let mut branches = Vec::new();
            conjuncts(condition, &mut tests, &mut branches);
            branches.into_iter().any(never_true) || contradictory(&tests)
        }
    }
}

/// Collects the tests joined by `All` (however nested), and the other conditions beside them.
fn conjuncts<'c>(
    condition: &'c Condition,
    tests: &mut Vec<(&'c str, FieldKind, &'c Op)>,
    branches: &mut Vec<&'c Condition>,
) {
    match condition {
        Condition::All(parts) => {
            for part in parts {
                conjuncts(part, tests, branches);
            }
        }
        Condition::Test { field, kind, op } => tests.push((field, *kind, op)),
        other => branches.push(other),
    }
}

/// Whether the tests on some field cannot all pass for one value of it.
fn contradictory(tests: &[(&str, FieldKind, &Op)]) -> bool {
    let mut fields: Vec<&str> = tests.iter().map(|(field, ..)| *field).collect();
    fields.sort_unstable();
    fields.dedup();
    fields.into_iter().any(|field| {
        let on_field: Vec<(FieldKind, &Op)> = tests
            .iter()
            .filter(|(f, ..)| *f == field)
            .map(|(_, kind, op)| (*kind, *op))
            .collect();
        field_contradicts(&on_field)
    })
}

fn field_contradicts(tests: &[(FieldKind, &Op)]) -> bool {
    let kind = tests[0].0;
    let absent = tests.iter().any(|(_, op)| matches!(op, Op::Exists(false)));
    let other = tests.iter().any(|(_, op)| !matches!(op, Op::Exists(false)));
    if absent {
        // A test on an absent field is unknown, never true.
        return other;
    }
    let value_tests: Vec<&Op> = tests
        .iter()
        .map(|(_, op)| *op)
        .filter(|op| !matches!(op, Op::Exists(_)))
        .collect();
    if value_tests.is_empty() {
        return false;
    }
    let passes_all = |value: &Value| value_tests.iter().all(|op| engine::holds(op, value, kind));
    // A finite set of candidates: the values an `eq` or `in` allows, or the whole domain.
    let named: Option<Vec<&Value>> = value_tests.iter().find_map(|op| match op {
        Op::Eq(value) => Some(vec![value]),
        Op::In(values) => Some(values.iter().collect()),
        _ => None,
    });
    if let Some(candidates) = named {
        return !candidates.into_iter().any(passes_all);
    }
    match kind {
        FieldKind::Bool => ![Value::Bool(true), Value::Bool(false)]
            .iter()
            .any(passes_all),
        FieldKind::Enum(spec) => !spec
            .members
            .iter()
            .any(|member| passes_all(&Value::Enum(member))),
        FieldKind::Duration { .. } | FieldKind::Integer { .. } | FieldKind::PositiveNumber => {
            empty_interval(&value_tests, kind)
        }
        FieldKind::Text | FieldKind::EnumList(_) | FieldKind::Labels => false,
    }
}

/// For ordered, unbounded domains: whether the bounds the tests set leave no value.
fn empty_interval(tests: &[&Op], kind: FieldKind) -> bool {
    // The domain's own lower end: no negative durations or counts, numbers above zero.
    let mut lower: Option<(Value, bool)> = match kind {
        FieldKind::Duration { .. } => Some((Value::Duration(Duration::Millis(0)), true)),
        FieldKind::Integer { min } => Some((Value::Integer(min), true)),
        FieldKind::PositiveNumber => Some((Value::Number(0.0), false)),
        _ => None,
    };
    let mut upper: Option<(Value, bool)> = None;
    let tighter = |current: &Option<(Value, bool)>, candidate: (&Value, bool), want: Ordering| {
        match current {
            None => true,
            Some((value, inclusive)) => match candidate.0.compare(value, kind) {
                Some(ordering) if ordering == want => true,
                Some(Ordering::Equal) => *inclusive && !candidate.1,
                _ => false,
            },
        }
    };
    for op in tests {
        match op {
            Op::Gt(v) | Op::Gte(v) => {
                let bound = (v, matches!(op, Op::Gte(_)));
                if tighter(&lower, bound, Ordering::Greater) {
                    lower = Some((v.clone(), bound.1));
                }
            }
            Op::Lt(v) | Op::Lte(v) => {
                let bound = (v, matches!(op, Op::Lte(_)));
                if tighter(&upper, bound, Ordering::Less) {
                    upper = Some((v.clone(), bound.1));
                }
            }
            _ => {}
        }
    }
    let (Some((low, low_inclusive)), Some((high, high_inclusive))) = (lower, upper) else {
        return false;
    };
    match low.compare(&high, kind) {
        Some(Ordering::Greater) => true,
        Some(Ordering::Equal) => {
            !(low_inclusive && high_inclusive)
                || tests.iter().any(|op| !engine::holds(op, &low, kind))
        }
        _ => false,
    }
}

/// A load error or lint warning, ready for a reporter.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub error: bool,
    pub file: String,
    pub pos: Position,
    pub message: String,
}

impl From<Warning> for Finding {
    fn from(warning: Warning) -> Self {
        Finding {
            code: warning.code,
            error: false,
            file: warning.origin.file.to_string(),
            pos: warning.origin.pos,
            message: warning.message,
        }
    }
}
