//! JSON Schemas (draft 2020-12) for advisor's file formats and its JSON output, so editors can
//! complete and check workload, rule-set and decision files as they are typed, and scripts know
//! the shape of `recommend --format json`, `cost --format json`, `prices show --format json`
//! and `rules lint --format json`.
//!
//! The loaders read YAML node by node to report every problem with its position, so they have
//! no serde types to derive a schema from. The types in the `workload`, `rules` and `decision`
//! modules describe the file formats instead; they are never built, only turned into schemas,
//! and unit tests hold them to the field table the loaders read. The output schemas are
//! derived from the very structs that `recommend`, `cost`, `prices show` and `rules lint`
//! serialise; the portfolio schema from the structs its pieces are written with.

#[expect(
    dead_code,
    reason = "the description types are never built, only turned into schemas"
)]
mod decision;
#[expect(
    dead_code,
    reason = "the description types are never built, only turned into schemas"
)]
mod portfolio;
#[expect(
    dead_code,
    reason = "the description types are never built, only turned into schemas"
)]
mod rules;
#[expect(
    dead_code,
    reason = "the description types are never built, only turned into schemas"
)]
mod workload;

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::report::cost::JsonDocument as CostDocument;
use crate::report::lint::JsonDocument as LintDocument;
use crate::report::prices::Document as PriceBookDocument;
use crate::report::recommend::JsonDocument;

/// What `schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A workload file, as `recommend` reads it.
    Workload,
    /// A rule-set file, as `--rules` reads it.
    Rules,
    /// A decision file (plain YAML, or Markdown front matter), as `check` reads it.
    Decision,
    /// The output of `recommend --format json`.
    Recommendation,
    /// The output of `recommend --format json` for several workloads (files or directories).
    Portfolio,
    /// The output of `prices show --format json`: the prices, limits and assumptions in use.
    PriceBook,
    /// The output of `cost --format json`.
    Cost,
    /// The output of `rules lint --format json`.
    Lint,
}

/// The schema of one file format or output.
pub fn generate(kind: Kind) -> Schema {
    let settings = SchemaSettings::draft2020_12().with_transform(RecursiveTransform(unwrap_lines));
    match kind {
        Kind::Workload => root::<workload::Workload>(settings),
        Kind::Rules => root::<rules::RuleSet>(settings),
        Kind::Decision => root::<decision::Decision>(settings),
        // What advisor writes rather than reads: an `Option` field is always there, maybe null.
        Kind::Recommendation => root::<JsonDocument>(settings.for_serialize()),
        Kind::Portfolio => root::<portfolio::Portfolio>(settings.for_serialize()),
        Kind::PriceBook => root::<PriceBookDocument>(settings.for_serialize()),
        Kind::Cost => root::<CostDocument>(settings.for_serialize()),
        Kind::Lint => root::<LintDocument>(settings.for_serialize()),
    }
}

fn root<T: JsonSchema>(settings: SchemaSettings) -> Schema {
    settings.into_generator().into_root_schema_for::<T>()
}

/// Joins the lines of each paragraph of a description: doc comments are wrapped for the
/// source, and editors wrap descriptions for themselves.
fn unwrap_lines(schema: &mut Schema) {
    if let Some(Value::String(text)) = schema.get_mut("description") {
        let paragraphs: Vec<String> = text.split("\n\n").map(|p| p.replace('\n', " ")).collect();
        *text = paragraphs.join("\n\n");
    }
}

/// Takes `null` out of the properties of an object schema. `Option` marks a key that may be
/// left out; the workload loader also reads `key: null` as "unknown", but the rule-set loader
/// and the `advisor` block of a decision reject it, so their types apply this transform.
fn reject_null(schema: &mut Schema) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for property in properties.values_mut() {
        let Value::Object(property) = property else {
            continue;
        };
        if let Some(Value::Array(types)) = property.get_mut("type") {
            types.retain(|t| t != "null");
            if let [only] = types.as_slice() {
                let only = only.clone();
                property.insert("type".into(), only);
            }
        }
        if let Some(Value::Array(alternatives)) = property.get_mut("anyOf") {
            alternatives.retain(|a| a.get("type").is_none_or(|t| t != "null"));
            if let [Value::Object(only)] = alternatives.as_slice() {
                let only = only.clone();
                property.remove("anyOf");
                for (key, value) in only {
                    property.entry(key).or_insert(value);
                }
            }
        }
    }
}
