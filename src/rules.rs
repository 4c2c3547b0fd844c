//! Rule sets (SPEC section 2): YAML in, a validated [`RuleSet`] out. Everything SPEC 2.2
//! lists is checked here, before any workload is evaluated, so the engine never meets an
//! unknown field, an operator that does not fit, or an undeclared service.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::diagnostic::{Collector, Diagnostic, Diagnostics, Position};
use crate::fields::{self, FieldKind};
use crate::value::{self, Value};
use crate::yaml::{self, Key, Node, NodeValue};

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
            Some(index) if self.services[index].role == Role::Candidate => Ok(index),
            Some(_) => Err(NotACandidate::Companion),
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
    pub name: String,
    pub summary: Option<String>,
    pub docs: Option<String>,
    pub role: Role,
    pub origin: Origin,
}

/// Index of a service in [`RuleSet::services`], which is also its tie-break order.
pub type ServiceIndex = usize;

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub summary: Option<String>,
    pub rationale: Option<String>,
    pub source: Option<String>,
    pub when: Option<Condition>,
    pub exclude: Vec<ServiceIndex>,
    pub score: Vec<(ServiceIndex, i64)>,
    pub pair: Vec<(ServiceIndex, Vec<ServiceIndex>)>,
    pub reason: Option<Template>,
    pub origin: Origin,
}

/// A condition tree (SPEC 2.1), evaluated with three-valued logic by the engine.
#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test {
        field: String,
        kind: FieldKind,
        op: Op,
    },
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

/// A reason with `{field.path}` placeholders, checked against the workload format at load.
#[derive(Debug, Clone)]
pub struct Template {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone)]
pub enum Part {
    Text(String),
    Field(String),
}

const OPERATORS: &[&str] = &[
    "eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "exists",
];
const RULE_SET_KEYS: &[&str] = &[
    "version", "extends", "name", "title", "services", "rules", "disable",
];
const SERVICE_KEYS: &[&str] = &["id", "name", "summary", "docs", "role"];
const RULE_KEYS: &[&str] = &[
    "id",
    "summary",
    "rationale",
    "source",
    "when",
    "exclude",
    "score",
    "pair",
    "reason",
    "replace",
];
const ROLES: &[&str] = &["candidate", "companion"];

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

/// The rule set a layer builds on (`extends:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The embedded default rule set.
    Builtin,
    /// A rule set file, relative to the file that extends it.
    File(String),
}

/// A layer's `extends`, with where it is written for messages about the base.
#[derive(Debug, Clone)]
pub struct Extends {
    pub base: Base,
    pub pos: Position,
}

/// Reads `extends` from a parsed rule set, so the caller can load the base first.
pub fn extends(root: &Node, label: &str) -> Result<Option<Extends>, Diagnostics> {
    let NodeValue::Map(entries) = &root.value else {
        return Ok(None);
    };
    let Some((_, node)) = entries.iter().find(|(key, _)| key.name == "extends") else {
        return Ok(None);
    };
    match &node.value {
        NodeValue::Str(base) if !base.trim().is_empty() => Ok(Some(Extends {
            base: if base == "builtin" {
                Base::Builtin
            } else {
                Base::File(base.clone())
            },
            pos: node.pos,
        })),
        _ => Err(Diagnostic::new(
            label,
            node.pos,
            format!(
                "extends: expected `builtin` or the path of a rule set file relative to this one, found {}",
                node.describe()
            ),
        )
        .into()),
    }
}

/// Validates a parsed rule set, laid over `base` when it extends one: its services are added,
/// its rules added or (with `replace: true`) put in place of the base rule with the same id,
/// and the rules named in `disable` are dropped.
pub fn load(root: &Node, label: &str, base: Option<RuleSet>) -> Result<RuleSet, Diagnostics> {
    let file: Arc<str> = Arc::from(label);
    let mut loader = Loader {
        errors: Collector::new(label),
        file,
        service_ids: HashMap::new(),
        services: Vec::new(),
        extends: base.is_some(),
    };
    let (base_rules, base_disabled) = match base {
        Some(base) => {
            for service in base.services {
                loader
                    .service_ids
                    .insert(service.id.clone(), loader.services.len());
                loader.services.push(service);
            }
            (base.rules, base.disabled)
        }
        None => (Vec::new(), Vec::new()),
    };
    let rule_set = loader.rule_set(root, base_rules, base_disabled);
    loader.errors.finish(rule_set)
}

struct Loader<'a> {
    errors: Collector<'a>,
    /// The file being loaded, shared by the origins of its rules and services.
    file: Arc<str>,
    service_ids: HashMap<String, ServiceIndex>,
    services: Vec<Service>,
    /// Whether this rule set is a layer over a base (`extends`).
    extends: bool,
}

/// A rule as this file declares it, with the position of `replace: true` if it has one.
struct LayerRule {
    rule: Rule,
    replace: Option<Position>,
}

/// The entries of a mapping, looked up by key.
struct Entries<'n> {
    entries: &'n [(Key, Node)],
    pos: Position,
}

impl<'n> Entries<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

impl Loader<'_> {
    fn rule_set(
        &mut self,
        root: &Node,
        base_rules: Vec<Rule>,
        base_disabled: Vec<Disabled>,
    ) -> RuleSet {
        let mut rule_set = RuleSet {
            name: String::new(),
            title: None,
            services: Vec::new(),
            rules: Vec::new(),
            disabled: base_disabled,
        };
        let Some(top) = self.mapping(root, RULE_SET_KEYS, "the rule set", "") else {
            return rule_set;
        };
        match top.get("version") {
            Some(node) if matches!(node.value, NodeValue::Int(1)) => {}
            Some(node) => self.errors.error(
                node.pos,
                format!(
                    "version: unsupported rule set version {}; this advisor reads version 1",
                    node.describe()
                ),
            ),
            None => self.errors.error(
                top.pos,
                "version: required key is missing; expected `version: 1`",
            ),
        }
        rule_set.name = self.required_text(&top, "name", "").unwrap_or_default();
        rule_set.title = self.optional_text(&top, "title", "");
        match top.get("services") {
            Some(node) => self.services(node),
            None if self.extends => {}
            None => self.errors.error(
                top.pos,
                "services: required key is missing; expected a list of services",
            ),
        }
        let layer = top.get("rules").map(|n| self.rules(n)).unwrap_or_default();
        rule_set.rules = self.merge(base_rules, layer);
        if let Some(node) = top.get("disable") {
            self.disable(node, &mut rule_set.rules, &mut rule_set.disabled);
        }
        rule_set.services = std::mem::take(&mut self.services);
        rule_set
    }

    /// Checks that `node` is a mapping with only `allowed` keys; `path` prefixes messages.
    fn mapping<'n>(
        &mut self,
        node: &'n Node,
        allowed: &[&str],
        what: &str,
        path: &str,
    ) -> Option<Entries<'n>> {
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{}expected {what} to be a mapping with keys {}, found {}",
                    prefix(path),
                    allowed.join(", "),
                    node.describe()
                ),
            );
            return None;
        };
        for (key, _) in entries {
            if !allowed.contains(&key.name.as_str()) {
                self.errors.error(
                    key.pos,
                    format!(
                        "{}unknown key `{}` in {what}{} (valid keys: {})",
                        prefix(path),
                        key.name,
                        fields::did_you_mean(&key.name, allowed.iter().copied()),
                        allowed.join(", ")
                    ),
                );
            }
        }
        Some(Entries {
            entries,
            pos: node.pos,
        })
    }

    fn optional_text(&mut self, entries: &Entries, key: &str, path: &str) -> Option<String> {
        let node = entries.get(key)?;
        match &node.value {
            NodeValue::Str(text) if !text.trim().is_empty() => Some(text.clone()),
            NodeValue::Str(_) => {
                self.errors.error(
                    node.pos,
                    format!("{}{key}: must not be empty", prefix(path)),
                );
                None
            }
            _ => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{}{key}: expected a string, found {}",
                        prefix(path),
                        node.describe()
                    ),
                );
                None
            }
        }
    }

    fn required_text(&mut self, entries: &Entries, key: &str, path: &str) -> Option<String> {
        if entries.get(key).is_none() {
            self.errors.error(
                entries.pos,
                format!(
                    "{}{key}: required key is missing; expected a string",
                    prefix(path)
                ),
            );
            return None;
        }
        self.optional_text(entries, key, path)
    }

    fn services(&mut self, node: &Node) {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "services: expected a list of services, found {}",
                    node.describe()
                ),
            );
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let path = format!("services[{i}]");
            let Some(entries) = self.mapping(item, SERVICE_KEYS, "a service", &path) else {
                continue;
            };
            let Some(id) = self.required_text(&entries, "id", &path) else {
                continue;
            };
            let id_pos = entries.get("id").map_or(item.pos, |n| n.pos);
            if !is_kebab_case(&id) {
                self.errors.error(
                    id_pos,
                    format!("{path}.id: `{id}` is not a kebab-case id (lower-case letters, digits and single dashes, like `ecs-fargate`)"),
                );
            }
            if let Some(&first) = self.service_ids.get(&id) {
                let first = self.place(&self.services[first].origin);
                self.errors.error(
                    id_pos,
                    format!("{path}.id: duplicate service id `{id}`, first declared at {first}"),
                );
                continue;
            }
            let role = match entries.get("role") {
                None => Role::Candidate,
                Some(node) => match &node.value {
                    NodeValue::Str(s) if s == "companion" => Role::Companion,
                    NodeValue::Str(s) if s == "candidate" => Role::Candidate,
                    _ => {
                        self.errors.error(
                            node.pos,
                            format!(
                                "{path}.role: unknown value {}, expected one of {}",
                                node.describe(),
                                ROLES.join(", ")
                            ),
                        );
                        Role::Candidate
                    }
                },
            };
            let service = Service {
                name: self
                    .required_text(&entries, "name", &path)
                    .unwrap_or_default(),
                summary: self.optional_text(&entries, "summary", &path),
                docs: self.optional_text(&entries, "docs", &path),
                role,
                id: id.clone(),
                origin: self.origin(id_pos),
            };
            self.service_ids.insert(id, self.services.len());
            self.services.push(service);
        }
        if items.is_empty() && !self.extends {
            self.errors.error(
                node.pos,
                "services: the list is empty; declare at least one service",
            );
        }
    }

    fn rules(&mut self, node: &Node) -> Vec<LayerRule> {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!("rules: expected a list of rules, found {}", node.describe()),
            );
            return Vec::new();
        };
        let mut first_seen: HashMap<String, Position> = HashMap::new();
        let mut rules = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let index_path = format!("rules[{i}]");
            let label = match declared_id(item) {
                Some(id) => format!("rules.{id}"),
                None => index_path.clone(),
            };
            let Some(entries) = self.mapping(item, RULE_KEYS, "a rule", &label) else {
                continue;
            };
            let Some(id) = self.required_text(&entries, "id", &index_path) else {
                continue;
            };
            let id_pos = entries.get("id").map_or(item.pos, |n| n.pos);
            // A valid id is the one `declared_id` found, so the label is already `rules.{id}`.
            let path = label;
            if !is_kebab_case(&id) {
                self.errors.error(
                    id_pos,
                    format!("{index_path}.id: `{id}` is not a kebab-case id (lower-case letters, digits and single dashes, like `lambda-max-duration`)"),
                );
            }
            if let Some(first) = first_seen.get(&id) {
                self.errors.error(
                    id_pos,
                    format!(
                        "{index_path}.id: duplicate rule id `{id}`, first declared at line {}",
                        first.line
                    ),
                );
                continue;
            }
            first_seen.insert(id.clone(), id_pos);
            let replace = entries.get("replace").and_then(|node| match node.value {
                NodeValue::Bool(true) => Some(node.pos),
                NodeValue::Bool(false) => None,
                _ => {
                    self.errors.error(
                        node.pos,
                        format!(
                            "{path}.replace: expected true or false, found {}",
                            node.describe()
                        ),
                    );
                    None
                }
            });
            let rule = Rule {
                summary: self.optional_text(&entries, "summary", &path),
                rationale: self.optional_text(&entries, "rationale", &path),
                source: self.optional_text(&entries, "source", &path),
                when: entries
                    .get("when")
                    .and_then(|n| self.condition(n, &Sub(&path, "when"))),
                exclude: entries
                    .get("exclude")
                    .map(|n| self.exclude(n, &path))
                    .unwrap_or_default(),
                score: entries
                    .get("score")
                    .map(|n| self.score(n, &path))
                    .unwrap_or_default(),
                pair: entries
                    .get("pair")
                    .map(|n| self.pair(n, &path))
                    .unwrap_or_default(),
                reason: entries.get("reason").and_then(|n| self.template(n, &path)),
                id,
                origin: self.origin(id_pos),
            };
            let has_effect = ["exclude", "score", "pair"]
                .iter()
                .filter_map(|key| entries.get(key))
                .any(|node| !is_empty_collection(node));
            let has_unknown_keys = entries
                .entries
                .iter()
                .any(|(key, _)| !RULE_KEYS.contains(&key.name.as_str()));
            if !has_effect && !has_unknown_keys {
                self.errors.error(
                    id_pos,
                    format!("{path}: the rule has no effect; give it a non-empty `exclude`, `score` or `pair`"),
                );
            }
            rules.push(LayerRule { rule, replace });
        }
        rules
    }

    /// Lays this file's rules over the base rules: new ids are added, `replace: true` takes
    /// the place of the base rule, and any other reuse of a base id is an error.
    fn merge(&mut self, mut rules: Vec<Rule>, layer: Vec<LayerRule>) -> Vec<Rule> {
        let mut index_of: HashMap<String, usize> = rules
            .iter()
            .enumerate()
            .map(|(index, rule)| (rule.id.clone(), index))
            .collect();
        for LayerRule { rule, replace } in layer {
            match (index_of.get(&rule.id).copied(), replace) {
                (Some(index), Some(_)) => rules[index] = rule,
                (Some(index), None) => {
                    let first = self.place(&rules[index].origin);
                    self.errors.error(
                        rule.origin.pos,
                        format!(
                            "rules.{id}: duplicate rule id `{id}`, first declared at {first}; add `replace: true` to replace that rule",
                            id = rule.id
                        ),
                    );
                }
                (None, Some(pos)) if self.extends => self.errors.error(
                    pos,
                    format!(
                        "rules.{id}.replace: the base rule set has no rule `{id}` to replace{}",
                        fields::did_you_mean(&rule.id, rules.iter().map(|r| r.id.as_str())),
                        id = rule.id
                    ),
                ),
                (None, Some(pos)) => self.errors.error(
                    pos,
                    format!(
                        "rules.{}.replace: there is no base rule set to replace a rule in; add `extends: builtin` or `extends: FILE`",
                        rule.id
                    ),
                ),
                (None, None) => {
                    index_of.insert(rule.id.clone(), rules.len());
                    rules.push(rule);
                }
            }
        }
        rules
    }

    /// Drops the rules named in `disable`, each of which must exist.
    fn disable(&mut self, node: &Node, rules: &mut Vec<Rule>, disabled: &mut Vec<Disabled>) {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "disable: expected a list of rule ids, found {}",
                    node.describe()
                ),
            );
            return;
        };
        for item in items {
            let NodeValue::Str(id) = &item.value else {
                self.errors.error(
                    item.pos,
                    format!("disable: expected a rule id, found {}", item.describe()),
                );
                continue;
            };
            match rules.iter().position(|r| &r.id == id) {
                Some(index) => {
                    rules.remove(index);
                    disabled.push(Disabled {
                        id: id.clone(),
                        origin: self.origin(item.pos),
                    });
                }
                None if disabled.iter().any(|d| &d.id == id) => {
                    let first = disabled
                        .iter()
                        .find(|d| &d.id == id)
                        .map(|d| self.place(&d.origin));
                    self.errors.error(
                        item.pos,
                        format!(
                            "disable: rule `{id}` is already disabled, at {}",
                            first.unwrap_or_default()
                        ),
                    );
                }
                None => self.errors.error(
                    item.pos,
                    format!(
                        "disable: there is no rule `{id}` to disable{}",
                        fields::did_you_mean(id, rules.iter().map(|r| r.id.as_str()))
                    ),
                ),
            }
        }
    }

    fn origin(&self, pos: Position) -> Origin {
        Origin {
            file: self.file.clone(),
            pos,
        }
    }

    /// Where something was declared, as `line N` in this file or `file:line:col` in another.
    fn place(&self, origin: &Origin) -> String {
        if origin.file == self.file {
            format!("line {}", origin.pos.line)
        } else {
            origin.to_string()
        }
    }

    /// Resolves a service id named by an effect; companions only where `companion` says so.
    fn service(
        &mut self,
        node: &Node,
        path: &dyn fmt::Display,
        companion: bool,
    ) -> Option<ServiceIndex> {
        let NodeValue::Str(id) = &node.value else {
            self.errors.error(
                node.pos,
                format!("{path}: expected a service id, found {}", node.describe()),
            );
            return None;
        };
        self.service_by_id(id, node.pos, path, companion)
    }

    fn service_by_id(
        &mut self,
        id: &str,
        pos: Position,
        path: &dyn fmt::Display,
        companion: bool,
    ) -> Option<ServiceIndex> {
        let Some(&index) = self.service_ids.get(id) else {
            self.errors.error(
                pos,
                format!(
                    "{path}: unknown service `{id}`{} (declared services: {})",
                    fields::did_you_mean(id, self.services.iter().map(|s| s.id.as_str())),
                    self.services
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return None;
        };
        let role = self.services[index].role;
        match (companion, role) {
            (true, Role::Candidate) => {
                self.errors.error(
                    pos,
                    format!("{path}: `{id}` is not a companion; only services with `role: companion` can be paired"),
                );
                None
            }
            (false, Role::Companion) => {
                self.errors.error(
                    pos,
                    format!("{path}: `{id}` is a companion, which is never ranked; name a ranked service, or pair `{id}` with one"),
                );
                None
            }
            _ => Some(index),
        }
    }

    fn exclude(&mut self, node: &Node, path: &dyn fmt::Display) -> Vec<ServiceIndex> {
        let path = &Sub(path, "exclude");
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a list of service ids, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.service(item, &path, false))
            .collect()
    }

    fn score(&mut self, node: &Node, path: &dyn fmt::Display) -> Vec<(ServiceIndex, i64)> {
        let path = &Sub(path, "score");
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a mapping of service ids to whole numbers of points, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        let mut scores = Vec::new();
        for (key, points) in entries {
            let service = self.service_by_id(&key.name, key.pos, &path, false);
            let points = match points.value {
                NodeValue::Int(p) if p.abs() <= 1_000_000 => Some(p as i64),
                _ => {
                    self.errors.error(
                        points.pos,
                        format!(
                            "{path}.{}: expected a whole number of points between -1000000 and 1000000, found {}",
                            key.name,
                            points.describe()
                        ),
                    );
                    None
                }
            };
            if let (Some(service), Some(points)) = (service, points) {
                scores.push((service, points));
            }
        }
        scores
    }

    fn pair(
        &mut self,
        node: &Node,
        path: &dyn fmt::Display,
    ) -> Vec<(ServiceIndex, Vec<ServiceIndex>)> {
        let path = &Sub(path, "pair");
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a mapping of service ids to lists of companion ids, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        let mut pairs = Vec::new();
        for (key, companions) in entries {
            let service = self.service_by_id(&key.name, key.pos, &path, false);
            let item_path = Sub(path, &key.name);
            let companions = match &companions.value {
                NodeValue::Seq(items) => items
                    .iter()
                    .filter_map(|item| self.service(item, &item_path, true))
                    .collect(),
                _ => {
                    self.errors.error(
                        companions.pos,
                        format!(
                            "{item_path}: expected a list of companion ids, found {}",
                            companions.describe()
                        ),
                    );
                    Vec::new()
                }
            };
            if let Some(service) = service {
                pairs.push((service, companions));
            }
        }
        pairs
    }

    fn template(&mut self, node: &Node, path: &dyn fmt::Display) -> Option<Template> {
        let path = &Sub(path, "reason");
        let NodeValue::Str(text) = &node.value else {
            self.errors.error(
                node.pos,
                format!("{path}: expected a string, found {}", node.describe()),
            );
            return None;
        };
        let mut parts = Vec::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.errors.error(
                    node.pos,
                    format!("{path}: `{{` is never closed; placeholders look like {{runtime.max_duration}}"),
                );
                return None;
            };
            let field = &rest[open + 1..open + close];
            if fields::lookup(field).is_none() {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}: unknown field `{{{field}}}` in the reason{}",
                        fields::did_you_mean(field, fields::all_paths())
                    ),
                );
                return None;
            }
            parts.push(Part::Field(field.to_string()));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Some(Template { parts })
    }

    fn condition(&mut self, node: &Node, path: &dyn fmt::Display) -> Option<Condition> {
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a condition (a mapping of field paths to tests, or all/any/not), found {}",
                    node.describe()
                ),
            );
            return None;
        };
        if entries.is_empty() {
            self.errors.error(
                node.pos,
                format!("{path}: the condition is empty; leave `when` out for a rule that always applies"),
            );
            return None;
        }
        let mut parts = Vec::new();
        for (key, value) in entries {
            let part = match key.name.as_str() {
                "all" | "any" => self
                    .condition_list(value, &format!("{path}.{}", key.name))
                    .map(|list| {
                        if key.name == "all" {
                            Condition::All(list)
                        } else {
                            Condition::Any(list)
                        }
                    }),
                "not" => self
                    .condition(value, &Sub(path, "not"))
                    .map(|c| Condition::Not(Box::new(c))),
                field => self.test(key, field, value, path),
            };
            parts.extend(part);
        }
        if parts.len() == 1 {
            parts.pop()
        } else {
            Some(Condition::All(parts))
        }
    }

    fn condition_list(&mut self, node: &Node, path: &dyn fmt::Display) -> Option<Vec<Condition>> {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a list of conditions, found {}",
                    node.describe()
                ),
            );
            return None;
        };
        if items.is_empty() {
            self.errors.error(
                node.pos,
                format!("{path}: the list is empty; give at least one condition"),
            );
            return None;
        }
        let list: Vec<Condition> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.condition(item, &format!("{path}[{i}]")))
            .collect();
        (list.len() == items.len()).then_some(list)
    }

    fn test(
        &mut self,
        key: &Key,
        field: &str,
        node: &Node,
        path: &dyn fmt::Display,
    ) -> Option<Condition> {
        let Some(field_ref) = fields::lookup(field) else {
            self.errors.error(
                key.pos,
                format!(
                    "{path}: unknown field `{field}`{} (a condition names workload fields such as runtime.max_duration, or combines conditions with all, any, not)",
                    fields::did_you_mean(field, fields::all_paths().chain(["all", "any", "not"]))
                ),
            );
            return None;
        };
        let kind = field_ref.kind;
        let test_path = Sub(path, field);
        let op = match &node.value {
            NodeValue::Map(ops) => {
                let mut tests = Vec::new();
                for (op_key, operand) in ops {
                    if let Some(op) = self.operator(op_key, operand, kind, &test_path) {
                        tests.push(Condition::Test {
                            field: field.to_string(),
                            kind,
                            op,
                        });
                    }
                }
                if ops.is_empty() {
                    self.errors.error(
                        node.pos,
                        format!(
                            "{test_path}: the test is empty; give a value or an operator such as eq"
                        ),
                    );
                }
                if tests.len() != ops.len() || tests.is_empty() {
                    return None;
                }
                return Some(if tests.len() == 1 {
                    tests.remove(0)
                } else {
                    Condition::All(tests)
                });
            }
            NodeValue::Seq(_) => {
                self.errors.error(
                    node.pos,
                    format!("{test_path}: a list is not a test; write `{{in: [...]}}` to match any of several values"),
                );
                return None;
            }
            _ => match kind {
                FieldKind::EnumList(_) => {
                    self.errors.error(
                        node.pos,
                        format!("{test_path}: {field} is a list; write `{{contains: {}}}` to test for a member", node.text()),
                    );
                    return None;
                }
                _ => Op::Eq(self.operand(node, kind, &test_path)?),
            },
        };
        Some(Condition::Test {
            field: field.to_string(),
            kind,
            op,
        })
    }

    fn operator(
        &mut self,
        key: &Key,
        operand: &Node,
        kind: FieldKind,
        path: &dyn fmt::Display,
    ) -> Option<Op> {
        let name = key.name.as_str();
        if !OPERATORS.contains(&name) {
            self.errors.error(
                key.pos,
                format!(
                    "{path}: unknown operator `{name}`{} (operators: {})",
                    fields::did_you_mean(name, OPERATORS.iter().copied()),
                    OPERATORS.join(", ")
                ),
            );
            return None;
        }
        if !kind.operators().contains(&name) {
            self.errors.error(
                key.pos,
                format!(
                    "{path}: operator `{name}` does not apply to a field that holds {}; use one of {}",
                    kind.expectation(),
                    kind.operators().join(", ")
                ),
            );
            return None;
        }
        let op_path = Sub(path, name);
        Some(match name {
            "eq" => Op::Eq(self.operand(operand, kind, &op_path)?),
            "ne" => Op::Ne(self.operand(operand, kind, &op_path)?),
            "gt" => Op::Gt(self.operand(operand, kind, &op_path)?),
            "gte" => Op::Gte(self.operand(operand, kind, &op_path)?),
            "lt" => Op::Lt(self.operand(operand, kind, &op_path)?),
            "lte" => Op::Lte(self.operand(operand, kind, &op_path)?),
            "in" => Op::In(self.operand_list(operand, kind, &op_path)?),
            "not_in" => Op::NotIn(self.operand_list(operand, kind, &op_path)?),
            "contains" => {
                let FieldKind::EnumList(spec) = kind else {
                    return None;
                };
                let member = match &operand.value {
                    NodeValue::Str(s) => value::parse_member(spec, s),
                    _ => Err(value::Invalid(format!(
                        "expected one of {}, found {}",
                        spec.listing(),
                        operand.describe()
                    ))),
                };
                match member {
                    Ok(member) => Op::Contains(member),
                    Err(invalid) => {
                        self.errors
                            .error(operand.pos, format!("{op_path}: {}", invalid.0));
                        return None;
                    }
                }
            }
            _ => match operand.value {
                NodeValue::Bool(b) => Op::Exists(b),
                _ => {
                    self.errors.error(
                        operand.pos,
                        format!(
                            "{op_path}: expected true or false, found {}",
                            operand.describe()
                        ),
                    );
                    return None;
                }
            },
        })
    }

    fn operand(&mut self, node: &Node, kind: FieldKind, path: &dyn fmt::Display) -> Option<Value> {
        match value::parse(node, kind) {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.errors
                    .error(node.pos, format!("{path}: {}", invalid.0));
                None
            }
        }
    }

    fn operand_list(
        &mut self,
        node: &Node,
        kind: FieldKind,
        path: &dyn fmt::Display,
    ) -> Option<Vec<Value>> {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a list of values, each {}, found {}",
                    kind.expectation(),
                    node.describe()
                ),
            );
            return None;
        };
        let values: Vec<Value> = items
            .iter()
            .filter_map(|item| self.operand(item, kind, path))
            .collect();
        (values.len() == items.len()).then_some(values)
    }
}

/// A dotted path (`rules.x.when`) that is only spelled out when a message needs it, so a
/// valid rule set loads without formatting a string per node.
struct Sub<'a>(&'a dyn fmt::Display, &'a str);

impl fmt::Display for Sub<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

/// The `id` of a rule or service mapping, for labelling messages before it is validated.
fn declared_id(node: &Node) -> Option<&str> {
    let NodeValue::Map(entries) = &node.value else {
        return None;
    };
    entries.iter().find_map(|(key, value)| match &value.value {
        NodeValue::Str(id) if key.name == "id" => Some(id.as_str()),
        _ => None,
    })
}

fn is_empty_collection(node: &Node) -> bool {
    match &node.value {
        NodeValue::Seq(items) => items.is_empty(),
        NodeValue::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
