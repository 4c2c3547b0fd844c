//! The document of `recommend --format json` for several workloads. It is written piece by
//! piece as workloads are evaluated (`report::recommend::portfolio`), so this type is only
//! turned into a schema; its parts are the very structs those pieces serialise.

use schemars::JsonSchema;

use crate::report::recommend::JsonDocument;
use crate::report::recommend::portfolio::{InvalidDoc, SkippedDoc, SummaryDoc};

/// The result of `advisor recommend --format json` for several workload files or
/// directories: each workload's recommendation, in path order, the files skipped, and how
/// many ended each way. Fields may be added in later releases; none is renamed or removed
/// without a new `format_version`.
#[derive(JsonSchema)]
#[schemars(title = "advisor portfolio (format version 1)")]
pub struct Portfolio<'a> {
    /// The version of this document's format.
    #[schemars(extend("const" = 1))]
    format_version: u32,
    /// The version of advisor that wrote the document.
    advisor_version: &'static str,
    /// Every file read as a workload, in path order: its recommendation document, exactly as
    /// `advisor recommend FILE --format json` writes it, or the errors that kept it from
    /// being evaluated.
    workloads: Vec<WorkloadEntry<'a>>,
    /// Files in the directories given that are not workloads, in path order.
    skipped: Vec<SkippedDoc<'a>>,
    summary: SummaryDoc,
}

/// One workload: its recommendation, or why there is none.
#[derive(JsonSchema)]
#[schemars(untagged)]
enum WorkloadEntry<'a> {
    Recommendation(Box<JsonDocument<'a>>),
    Invalid(InvalidDoc<'a>),
}
