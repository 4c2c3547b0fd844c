//! Rule sets (SPEC section 2): YAML in, a validated [`RuleSet`] out. Everything SPEC 2.2
//! lists is checked here, before any workload is evaluated, so the engine never meets an
//! unknown field, an operator that does not fit, or an undeclared service.

use std::fmt;
use std::sync::Arc;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::fields::FieldKind;
use crate::value::Value;
use crate::yaml::{self, Node};

mod load;

/// Text of a rule set: borrowed from the binary for the built-in set (which `build.rs`
/// writes out as string literals, so start-up allocates none of it), owned for a file.
pub type Text = std::borrow::Cow<'static, str>;

pub use load::{Base, Extends, extends};

/// A validated rule set and the file it came from, which reports name.
pub struct LoadedRuleSet {
    pub rules: Rules,
    /// `None` for the built-in rule set, else the path as given.
    pub path: Option<String>,
}

/// The built-in rule set, built once and kept for the whole process, or one loaded from
/// files. Either reads as a [`RuleSet`].
pub enum Rules {
    Builtin(&'static RuleSet),
    Loaded(RuleSet),
}

impl std::ops::Deref for Rules {
    type Target = RuleSet;

    fn deref(&self) -> &RuleSet {
        match self {
            Rules::Builtin(rules) => rules,
            Rules::Loaded(rules) => rules,
        }
    }
}

#[derive(Debug)]
pub struct RuleSet {
    pub name: String,
    pub title: Option<String>,
    pub services: Vec<Service>,
    pub rules: Vec<Rule>,
    /// Rules switched off by a layer's `disable`, so a reader asking for one learns why.
    pub disabled: Vec<Disabled>,
}

impl RuleSet {
    /// Ids of the services that are ranked (not companions), in tie-break order.
    pub fn candidate_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.services
            .iter()
            .filter(|s| s.role == Role::Candidate)
            .map(|s| s.id.as_str())
    }

    /// The ranked service a user named (`advisor.service`, `--why-not`).
    pub fn candidate(&self, id: &str) -> Result<ServiceIndex, NotACandidate> {
        match self.services.iter().position(|s| s.id == id) {
            Some(index) => match self.services[index].role {
                Role::Candidate => Ok(index),
                Role::Companion => Err(NotACandidate::Companion),
                Role::Closed => Err(NotACandidate::Closed(index)),
            },
            None => Err(NotACandidate::Unknown),
        }
    }
}

/// Why a service id cannot be ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotACandidate {
    Unknown,
    /// A companion, which only accompanies a ranked service.
    Companion,
    /// Known, but closed to new customers: never ranked.
    Closed(ServiceIndex),
}

/// A rule id named in `disable`, with where it was named.
#[derive(Debug)]
pub struct Disabled {
    pub id: String,
    pub origin: Origin,
}

/// Whether a service competes in the ranking or only accompanies a ranked one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Candidate,
    Companion,
    /// Closed to new customers (`closed_to_new_customers`): known so that decisions naming
    /// it get a finding that says so, never ranked or recommended.
    Closed,
}

/// Where a rule or service is declared, so layered rule sets can name both places of a
/// clash and `rules show` can point at the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    pub pos: Position,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.pos.line, self.pos.column)
    }
}

#[derive(Debug)]
pub struct Service {
    pub id: String,
    pub name: Text,
    pub summary: Option<Text>,
    pub docs: Option<Text>,
    pub role: Role,
    /// Set exactly when `role` is [`Role::Closed`].
    pub closure: Option<Closure>,
    pub origin: Origin,
}

/// Since when a service is closed to new customers, where AWS says so, and what to do instead.
#[derive(Debug, Clone)]
pub struct Closure {
    /// `YYYY-MM-DD`.
    pub since: Text,
    pub source: Text,
    /// What the provider recommends instead, as a sentence.
    pub advice: Text,
}

/// Index of a service in [`RuleSet::services`], which is also its tie-break order.
pub type ServiceIndex = usize;

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub summary: Option<Text>,
    pub rationale: Option<Text>,
    pub source: Option<Text>,
    /// When someone last checked the rule against its source; `rules lint` flags old ones.
    pub reviewed: Option<Date>,
    pub when: Option<Condition>,
    pub exclude: Vec<ServiceIndex>,
    pub score: Vec<(ServiceIndex, i64)>,
    pub pair: Vec<(ServiceIndex, Vec<ServiceIndex>)>,
    /// The reason shown on every service the rule affects that has none of its own.
    pub reason: Option<Template>,
    /// Reasons of scored services' own (`score: {id: {points, reason}}`), for rules whose
    /// services fare differently for different reasons: one shared reason would be about
    /// some other service on most of their rows.
    pub service_reasons: Vec<(ServiceIndex, Template)>,
    /// The services a scored service's points are measured against (`versus`): when every
    /// one of them is ruled out, the comparison is moot and the service gets no points.
    pub versus: Vec<(ServiceIndex, Vec<ServiceIndex>)>,
    /// Points by estimated cost (`cost_points`): each viable service with an estimate gets
    /// the points of the first band its typical monthly cost falls in.
    pub cost_points: Vec<CostBand>,
    pub origin: Origin,
}

/// Services whose typical estimate is at most `within_percent` above the cheapest viable
/// service's get `points`; 0% is the cheapest itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostBand {
    pub within_percent: u32,
    pub points: i64,
}

impl Rule {
    /// The reason shown on `service`: its own, else the rule's.
    pub fn reason_for(&self, service: ServiceIndex) -> Option<&Template> {
        self.service_reasons
            .iter()
            .find(|(s, _)| *s == service)
            .map(|(_, template)| template)
            .or(self.reason.as_ref())
    }

    /// The services `service`'s points are measured against; empty when they stand alone.
    pub fn versus(&self, service: ServiceIndex) -> &[ServiceIndex] {
        self.versus
            .iter()
            .find(|(s, _)| *s == service)
            .map_or(&[], |(_, against)| against)
    }

    /// The services the rule shows a reason on: those it excludes, scores or pairs with
    /// companions, in that order, each once.
    pub fn affected(&self) -> Vec<ServiceIndex> {
        let mut services: Vec<ServiceIndex> = Vec::new();
        let all = self
            .exclude
            .iter()
            .copied()
            .chain(self.score.iter().map(|&(s, _)| s))
            .chain(self.pair.iter().map(|&(s, _)| s));
        for service in all {
            if !services.contains(&service) {
                services.push(service);
            }
        }
        services
    }
}

/// A condition tree (SPEC 2.1), evaluated with three-valued logic by the engine.
#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test {
        field: Text,
        kind: FieldKind,
        op: Op,
    },
}

impl Condition {
    /// Calls `visit` with the field and operator of every test in the condition.
    pub fn visit_tests<'c>(&'c self, visit: &mut impl FnMut(&'c str, &'c Op)) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                for part in parts {
                    part.visit_tests(visit);
                }
            }
            Condition::Not(inner) => inner.visit_tests(visit),
            Condition::Test { field, op, .. } => visit(field, op),
        }
    }
}

/// One operator applied to a field, with operands already typed by that field.
#[derive(Debug, Clone)]
pub enum Op {
    Eq(Value),
    Ne(Value),
    In(Vec<Value>),
    NotIn(Vec<Value>),
    Gt(Value),
    Gte(Value),
    Lt(Value),
    Lte(Value),
    Contains(&'static str),
    Exists(bool),
}

impl Op {
    /// The values an operator compares with; none for `contains` and `exists`.
    pub fn operands(&self) -> Vec<&Value> {
        match self {
            Op::Eq(v) | Op::Ne(v) | Op::Gt(v) | Op::Gte(v) | Op::Lt(v) | Op::Lte(v) => vec![v],
            Op::In(vs) | Op::NotIn(vs) => vs.iter().collect(),
            Op::Contains(_) | Op::Exists(_) => Vec::new(),
        }
    }
}

/// A reason with `{field.path}` placeholders, checked against the workload format at load.
#[derive(Debug, Clone)]
pub struct Template {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone)]
pub enum Part {
    Text(Text),
    Field(Text),
}

/// Parses and validates a rule set that extends nothing; `label` names it in messages.
pub fn parse(text: &str, label: &str) -> Result<RuleSet, Diagnostics> {
    let root = yaml::parse(text, label)?;
    if let Some(extends) = extends(&root, label)? {
        return Err(Diagnostic::new(
            label,
            extends.pos,
            "extends: this rule set extends another, so it can only be loaded from a file (`--rules FILE`)",
        )
        .into());
    }
    load(&root, label, None)
}

/// Validates a parsed rule set, laid over `base` when it extends one: its services are added,
/// its rules added or (with `replace: true`) put in place of the base rule with the same id,
/// and the rules named in `disable` are dropped.
pub fn load(root: &Node, label: &str, base: Option<RuleSet>) -> Result<RuleSet, Diagnostics> {
    load::Loader::new(label).load(root, base)
}
