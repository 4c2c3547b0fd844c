//! `advisor recommend`: one reporter per `--format`.

mod json;
mod table;

pub(crate) use json::Document as JsonDocument;

use crate::engine::Recommendation;
use crate::questions::Question;
use crate::rules::LoadedRuleSet;
use crate::whynot::WhyNot;
use crate::workload::Workload;

/// How `recommend` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people, with reasons and open questions.
    Table,
    /// One JSON document for scripts (format_version 1).
    Json,
}

/// Everything a reporter needs to render one recommendation.
pub struct Context<'a> {
    pub rule_set: &'a LoadedRuleSet,
    pub workload: &'a Workload,
    pub recommendation: &'a Recommendation,
    /// The open questions shown, by evaluation, to change something.
    pub questions: &'a [Question],
    pub explain: bool,
    /// The answer to `--why-not SERVICE`, when asked.
    pub why_not: Option<&'a WhyNot>,
    pub color: bool,
}

/// Renders the recommendation in `format`, ending with a newline.
pub fn render(format: Format, context: &Context) -> String {
    match format {
        Format::Table => table::render(context),
        Format::Json => json::render(context),
    }
}
