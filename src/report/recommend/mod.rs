//! `advisor recommend`: one reporter per `--format`.

mod json;
mod table;

pub(crate) use json::Document as JsonDocument;

use crate::cli::RecommendFormat;
use crate::engine::Recommendation;
use crate::loaded::LoadedRuleSet;
use crate::whynot::WhyNot;
use crate::workload::Workload;

/// Everything a reporter needs to render one recommendation.
pub struct Context<'a> {
    pub rule_set: &'a LoadedRuleSet,
    pub workload: &'a Workload,
    pub recommendation: &'a Recommendation,
    pub explain: bool,
    /// The answer to `--why-not SERVICE`, when asked.
    pub why_not: Option<&'a WhyNot>,
    pub color: bool,
}

/// Renders the recommendation in `format`, ending with a newline.
pub fn render(format: RecommendFormat, context: &Context) -> String {
    match format {
        RecommendFormat::Table => table::render(context),
        RecommendFormat::Json => json::render(context),
    }
}
