//! The rule-set file (SPEC 2, format version 1), described for its schema. The loader rejects
//! `key: null`, so an `Option` field here may only be left out.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use super::reject_null;
use super::workload::{Duration, FiniteDuration, Text};
use crate::fields::{self, FieldKind};

/// Services to rank and the rules that rank them, for `advisor recommend --rules FILE` and
/// `advisor check --rules FILE`. A rule set that extends another may leave out `services`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "advisor rule set (format version 1)",
    transform = reject_null,
    extend("anyOf" = [
        {"required": ["extends"]},
        {"required": ["services"], "properties": {"services": {"minItems": 1}}}
    ])
)]
pub struct RuleSet {
    /// The rule-set format version; this advisor reads version 1.
    #[schemars(extend("const" = 1))]
    version: u32,
    /// The rule set's name, shown in reports.
    name: Text,
    /// A longer title.
    title: Option<Text>,
    /// The rule set this one builds on: `builtin` (the rule set built into advisor) or the
    /// path of a rule-set file, relative to this one. Its services and rules come first; this
    /// file adds to them.
    extends: Option<Text>,
    /// Candidate services, in tie-break order, and companions. Required, with at least one
    /// service, unless the rule set extends another.
    services: Option<Vec<Service>>,
    /// The rules, each with a condition and an effect.
    rules: Option<Vec<Rule>>,
    /// Ids of rules from the extended rule set to switch off.
    disable: Option<Vec<Id>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = reject_null)]
struct Service {
    /// The service's id, unique in the rule set; decision files and effects name it.
    id: Id,
    /// The service's name, shown in reports.
    name: Text,
    /// One line on what the service is.
    summary: Option<Text>,
    /// Where the service's documentation is.
    #[schemars(url)]
    docs: Option<Text>,
    /// `candidate` (the default) is ranked; a `companion` is never ranked, only attached to a
    /// ranked service by a rule's `pair`.
    role: Option<Role>,
    /// The provider no longer takes new customers: the service is never ranked, rules may
    /// not name it, and `check` reports a decision that chooses it (`closed-service`).
    closed_to_new_customers: Option<Closure>,
}

/// Since when a service is closed to new customers, and what to do instead.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = reject_null)]
struct Closure {
    /// The date the service closed to new customers, `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    since: String,
    /// The page where the provider says so.
    source: Text,
    /// What the provider recommends instead, as a sentence.
    advice: Text,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Role {
    Candidate,
    Companion,
}

/// One trade-off: when its condition holds, its effects apply. A rule needs a non-empty
/// `exclude`, `score`, `pair` or `cost_points`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    transform = reject_null,
    extend("anyOf" = [
        {"required": ["exclude"], "properties": {"exclude": {"minItems": 1}}},
        {"required": ["score"], "properties": {"score": {"minProperties": 1}}},
        {"required": ["pair"], "properties": {"pair": {"minProperties": 1}}},
        {"required": ["cost_points"], "properties": {"cost_points": {"minItems": 1}}}
    ])
)]
struct Rule {
    /// The rule's stable id, unique in the rule set.
    id: Id,
    /// One line on what the rule says.
    summary: Option<Text>,
    /// Why the trade-off holds.
    rationale: Option<Text>,
    /// Where the trade-off comes from.
    source: Option<Text>,
    /// When someone last checked the rule against its source, `YYYY-MM-DD`; `rules lint`
    /// warns when it is more than a year ago, or left out.
    reviewed: Option<ReviewDate>,
    /// When the rule applies; left out, it always applies.
    when: Option<Condition>,
    /// Services the rule rules out: a hard constraint.
    exclude: Option<Vec<Id>>,
    /// Points added to (or, negative, taken from) each service's score, alone or with a
    /// reason of the service's own.
    score: Option<BTreeMap<String, Score>>,
    /// Companion services shown with each ranked service.
    pair: Option<BTreeMap<String, Vec<Id>>>,
    /// Points by estimated monthly cost, the tightest band first: each viable service with an
    /// estimate gets the points of the first band its typical estimate is within, measured
    /// as a percentage above the cheapest viable service's.
    cost_points: Option<Vec<CostBand>>,
    /// Why the rule fired, for reports, shown on every service without a reason of its own;
    /// `{field.path}` is replaced by the workload's value (enum values as a sentence writes
    /// them: `HTTP`, `Kubernetes`).
    reason: Option<String>,
    /// `true` puts this rule in place of the extended rule set's rule with the same id.
    replace: Option<bool>,
}

/// Services whose estimate is at most `within` above the cheapest get `points`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = reject_null)]
struct CostBand {
    /// A whole percentage, `0%` for the cheapest itself, up to `10000%`.
    within: Percent,
    points: Points,
}

/// A whole percentage written with its sign, like `25%`.
#[derive(JsonSchema)]
#[schemars(inline)]
struct Percent(#[schemars(regex(pattern = r"^[0-9]{1,5}%$"))] String);

/// A stable kebab-case id (lower-case letters, digits and single dashes), like `ecs-fargate`.
#[derive(JsonSchema)]
#[schemars(inline)]
struct Id(#[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))] String);

/// A calendar date, `YYYY-MM-DD`; the loader also rejects days the calendar lacks.
#[derive(JsonSchema)]
#[schemars(inline)]
struct ReviewDate(#[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))] String);

/// Points a rule adds to a service's score, or takes away.
#[derive(JsonSchema)]
#[schemars(inline)]
struct Points(#[schemars(range(min = -1_000_000, max = 1_000_000))] i64);

/// A service's score: its points, or its points with a reason of its own.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Score {
    Points(Points),
    WithReason(ScoreWithReason),
}

/// Points with the reason shown on this service instead of the rule's `reason`, for a rule
/// whose services fare differently for different reasons.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = reject_null)]
struct ScoreWithReason {
    points: Points,
    /// A reason template, like the rule's `reason`.
    reason: String,
    /// The services these points are measured against ("easier than Fargate"): when every
    /// one of them is ruled out for a workload, the service gets no points from this entry.
    #[schemars(length(min = 1))]
    versus: Option<Vec<Id>>,
}

/// A condition (SPEC 2.1): `field.path: test` pairs that must all hold, and `all`, `any` and
/// `not`, which nest. Built from the workload's field table, so each field offers exactly the
/// operators and values the loader accepts for it.
struct Condition;

impl JsonSchema for Condition {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let condition = generator.subschema_for::<Condition>();
        let list = json!({"type": "array", "minItems": 1, "items": condition});
        let mut properties = Map::new();
        properties.insert(
            "all".into(),
            with_description(list.clone(), "All of these hold."),
        );
        properties.insert(
            "any".into(),
            with_description(list, "At least one of these holds."),
        );
        properties.insert(
            "not".into(),
            with_description(condition.to_value(), "This does not hold."),
        );
        for field in fields::FIELDS {
            let test = test(&format!("`{}`", field.path), field.kind, generator);
            properties.insert(field.path.into(), test);
        }
        json_schema!({
            "type": "object",
            "minProperties": 1,
            "properties": properties,
            "patternProperties": {r"^labels\..": test("a label", FieldKind::Text, generator)},
            "additionalProperties": false,
        })
    }
}

fn with_description(mut schema: Value, description: &str) -> Value {
    schema["description"] = description.into();
    schema
}

/// A test of one field: a value it must equal, or a mapping of the operators that fit it.
fn test(field: &str, kind: FieldKind, generator: &mut SchemaGenerator) -> Value {
    let operand = operand(kind, generator);
    let operators: Map<String, Value> = kind
        .operators()
        .iter()
        .map(|&op| {
            let schema = match op {
                "in" | "not_in" => json!({"type": "array", "items": operand}),
                "exists" => json!({"type": "boolean"}),
                _ => operand.clone(),
            };
            (op.to_string(), schema)
        })
        .collect();
    let operators = json!({
        "type": "object",
        "minProperties": 1,
        "properties": operators,
        "additionalProperties": false,
    });
    let description = format!("A test of {field}, which holds {}.", kind.expectation());
    match kind {
        // A list or a mapping has no scalar to equal: test it with an operator.
        FieldKind::EnumList(_) | FieldKind::Labels => with_description(operators, &description),
        _ => json!({"description": description, "anyOf": [operand, operators]}),
    }
}

/// One value of a field, as a condition writes it; for a list, one of its members.
fn operand(kind: FieldKind, generator: &mut SchemaGenerator) -> Value {
    match kind {
        FieldKind::Text | FieldKind::Labels => json!({"type": "string"}),
        FieldKind::Duration { unbounded: true } => generator.subschema_for::<Duration>().to_value(),
        FieldKind::Duration { unbounded: false } => {
            generator.subschema_for::<FiniteDuration>().to_value()
        }
        FieldKind::Bool => json!({"type": "boolean"}),
        FieldKind::Integer { min } => json!({"type": "integer", "minimum": min}),
        FieldKind::PositiveNumber => json!({"type": "number", "exclusiveMinimum": 0}),
        FieldKind::Enum(spec) | FieldKind::EnumList(spec) => {
            json!({"type": "string", "enum": spec.members})
        }
    }
}
