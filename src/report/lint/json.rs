//! `--format json`: one document with every finding and the counts (`format_version` 1).
//! Fields may be added in later releases; none is renamed or removed without a new format
//! version. `advisor schema lint` describes it.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use super::{Context, level};
use crate::lint::Code;

/// The result of `advisor rules lint --format json`: every finding about the rule sets
/// linted, and the counts. Fields may be added in later releases; none is renamed or removed
/// without a new `format_version`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "advisor rules lint (format version 1)")]
pub struct Document<'a> {
    /// The version of this document's format.
    #[schemars(extend("const" = 1))]
    format_version: u32,
    /// The version of advisor that wrote the document.
    advisor_version: &'static str,
    /// The rule-set files linted, as given on the command line.
    files: Vec<&'a str>,
    /// Every finding: the files in the order given, each one's findings by position.
    findings: Vec<FindingDoc<'a>>,
    /// The counts.
    summary: SummaryDoc,
}

/// A load error or a lint warning.
#[derive(Serialize, JsonSchema)]
struct FindingDoc<'a> {
    /// The lint code: `invalid-rule-set` for a file that cannot be loaded, else what a valid
    /// rule set probably gets wrong.
    #[schemars(schema_with = "code_schema")]
    code: &'static str,
    /// `error` (the rule set cannot be loaded) or `warning`.
    #[schemars(extend("enum" = ["error", "warning"]))]
    level: &'static str,
    /// The file the finding is in: the file linted, or a file it extends.
    file: &'a str,
    /// The line of the rule, service or key concerned, from 1.
    #[schemars(range(min = 1))]
    line: u64,
    /// The column, from 1, in Unicode code points.
    #[schemars(range(min = 1))]
    column: u64,
    /// What is wrong and what to do about it.
    message: &'a str,
}

/// How many rule sets were linted, and what was found.
#[derive(Serialize, JsonSchema)]
struct SummaryDoc {
    /// The rule-set files linted.
    rule_sets: usize,
    /// Findings at level `error`.
    errors: usize,
    /// Findings at level `warning`.
    warnings: usize,
    /// Whether the findings fail the lint (exit code 1) under `--fail-on`.
    failed: bool,
}

/// The ids of every lint code.
fn code_schema(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = Code::ALL.iter().map(|code| code.id()).collect();
    json_schema!({ "type": "string", "enum": ids })
}

pub fn render(context: &Context) -> String {
    let document = Document {
        format_version: 1,
        advisor_version: env!("CARGO_PKG_VERSION"),
        files: context.files.iter().map(String::as_str).collect(),
        findings: context
            .findings
            .iter()
            .map(|finding| FindingDoc {
                code: finding.code.id(),
                level: level(finding),
                file: &finding.file,
                line: finding.pos.line,
                column: finding.pos.column,
                message: &finding.message,
            })
            .collect(),
        summary: SummaryDoc {
            rule_sets: context.files.len(),
            errors: context.errors(),
            warnings: context.warnings(),
            failed: context.failed,
        },
    };
    serde_json::to_string_pretty(&document).expect("the lint document serialises") + "\n"
}
