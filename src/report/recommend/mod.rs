//! `advisor recommend`: one reporter per `--format`.

mod json;
mod markdown;
pub mod portfolio;
mod table;

pub(crate) use json::Document as JsonDocument;

use crate::cost::{Estimate, NoEstimate, Pricing};
use crate::date::Date;
use crate::engine::Recommendation;
use crate::questions::Question;
use crate::rules::{LoadedRuleSet, ServiceIndex};
use crate::whynot::WhyNot;
use crate::workload::Workload;

/// How `recommend` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people: a table with the main reasons, then the ruled-out services and the
    /// open questions.
    #[value(alias = "table", alias = "human")]
    Text,
    /// One JSON document for scripts (format_version 1).
    Json,
    /// Markdown with the answer as a heading, the ranking as a table, the counts and the
    /// reasons folded, for a pull-request comment or GitHub's job summary.
    Markdown,
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
    /// The estimate (or why there is none) of every service that is not ruled out.
    pub estimates: &'a [(ServiceIndex, Result<Estimate, NoEstimate>)],
    pub pricing: &'a Pricing,
    /// The day price ages are measured from.
    pub today: Date,
}

impl Context<'_> {
    /// The estimate of `service`, if it has one.
    pub fn estimate(&self, service: ServiceIndex) -> Option<&Estimate> {
        self.estimates
            .iter()
            .find(|(s, _)| *s == service)
            .and_then(|(_, estimate)| estimate.as_ref().ok())
    }

    /// The service not ruled out with the lowest typical estimate; the first ranked wins a
    /// tie.
    pub fn cheapest(&self) -> Option<(ServiceIndex, &Estimate)> {
        self.recommendation
            .standings
            .iter()
            .filter_map(|s| Some((s.service, self.estimate(s.service)?)))
            .min_by_key(|(_, estimate)| estimate.typical)
    }
}

/// Renders the recommendation in `format`, ending with a newline.
pub fn render(format: Format, context: &Context) -> String {
    match format {
        Format::Text => table::render(context),
        Format::Json => json::render(context),
        Format::Markdown => markdown::render(context),
    }
}
