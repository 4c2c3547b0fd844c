//! `advisor cost`: one reporter per `--format`, the plot, and the wording of figures they
//! share.

mod json;
mod markdown;
mod plot;
mod table;

pub(crate) use json::Document as JsonDocument;
pub use plot::plot;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::cost::compare::{Comparison, Outcome};
use crate::cost::{Estimate, Volume};
use crate::date::Date;
use crate::engine::{Effect, Recommendation};
use crate::prices::{PriceBook, STALE_AFTER_DAYS};
use crate::rules::{LoadedRuleSet, ServiceIndex};
use crate::text::thousands;
use crate::workload::Workload;

/// How `cost` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people: the estimates side by side in tables, break-even volumes,
    /// components.
    #[value(alias = "table", alias = "human")]
    Text,
    /// One JSON document for scripts (format_version 1).
    Json,
    /// Markdown with headings and tables, for a pull-request comment.
    Markdown,
}

/// Everything a reporter needs to render the costs of one workload.
pub struct Context<'a> {
    pub rule_set: &'a LoadedRuleSet,
    pub workload: &'a Workload,
    /// Which services the rules rule out, and by which rules.
    pub recommendation: &'a Recommendation,
    /// The services priced, parallel to `comparison.outcomes`: ranked first, then ruled out.
    pub services: &'a [ServiceIndex],
    pub comparison: &'a Comparison<'a>,
    pub book: &'a PriceBook,
    /// The price file as given with `--prices`; `None` for the built-in one.
    pub prices_file: Option<&'a str>,
    /// Whether Lambda's free tier was taken off (`--free-tier`).
    pub free_tier: bool,
    /// The day the prices' age is measured to.
    pub today: Date,
    /// `--volumes` as given, when given.
    pub volumes_spec: Option<&'a str>,
    /// The file the plot was written to, when `--plot` was given.
    pub plot: Option<&'a str>,
    /// `--plot` was given, but nothing was priced, so nothing was drawn.
    pub plot_skipped: bool,
    /// Show the assumptions behind each estimate.
    pub explain: bool,
    pub color: bool,
}

impl Context<'_> {
    /// Days from the prices' `as_of` to today.
    fn age_days(&self) -> i64 {
        self.book.age_days(self.today)
    }

    /// Whether the prices are older than [`STALE_AFTER_DAYS`].
    fn stale(&self) -> bool {
        self.age_days() > STALE_AFTER_DAYS
    }

    /// The workload's name, with the `--set` overrides of a what-if run.
    fn workload_title(&self) -> String {
        let mut title = self.workload.name.clone();
        if !self.workload.overrides.is_empty() {
            title.push_str(" with ");
            title.push_str(&self.workload.overrides.join(", "));
        }
        title
    }

    fn id(&self, candidate: usize) -> &str {
        &self.rule_set.rules.services[self.services[candidate]].id
    }

    fn name(&self, candidate: usize) -> &str {
        &self.rule_set.rules.services[self.services[candidate]].name
    }

    /// `AWS Lambda (lambda)`.
    fn label(&self, candidate: usize) -> String {
        format!("{} ({})", self.name(candidate), self.id(candidate))
    }

    /// The ids of the rules that rule the candidate out.
    fn ruled_out_by(&self, candidate: usize) -> Vec<&str> {
        let standing = self.recommendation.standing(self.services[candidate]);
        standing
            .reasons
            .iter()
            .filter(|r| r.effect == Effect::Exclude)
            .map(|r| self.rule_set.rules.rules[r.rule].id.as_str())
            .collect()
    }

    /// The candidates with an estimate, with it.
    fn estimates(&self) -> impl Iterator<Item = (usize, &Estimate)> {
        self.comparison
            .outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, outcome)| outcome.estimate().map(|e| (i, e)))
    }

    /// The candidates without an estimate, with why.
    fn not_estimated(&self) -> impl Iterator<Item = (usize, &str)> {
        self.comparison
            .outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, outcome)| match outcome {
                Outcome::NoEstimate(why) => Some((i, why.0.as_str())),
                _ => None,
            })
    }

    /// The ruled-out candidates.
    fn ruled_out(&self) -> impl Iterator<Item = usize> {
        self.comparison
            .outcomes
            .iter()
            .enumerate()
            .filter(|(_, outcome)| matches!(outcome, Outcome::RuledOut))
            .map(|(i, _)| i)
    }

    /// What every estimate leaves out: listed once rather than per service.
    fn excluded_everywhere(&self) -> Vec<&str> {
        self.shared(|e| &e.excluded)
    }

    /// What every estimate assumes (mostly the defaults for what the workload leaves out):
    /// listed once rather than per service.
    fn assumed_everywhere(&self) -> Vec<&str> {
        self.shared(|e| &e.assumptions)
    }

    /// The items of `list` that every estimate has, in the first estimate's order.
    fn shared(&self, list: impl Fn(&Estimate) -> &Vec<String>) -> Vec<&str> {
        let mut estimates = self.estimates().map(|(_, e)| e);
        let Some(first) = estimates.next() else {
            return Vec::new();
        };
        let others: Vec<&Estimate> = estimates.collect();
        list(first)
            .iter()
            .filter(|item| others.iter().all(|e| list(e).contains(item)))
            .map(String::as_str)
            .collect()
    }

    /// The hours in a month the price file assumes.
    fn hours(&self) -> Decimal {
        self.book.assumptions.hours_per_month.value
    }

    /// The average rate of `units` a month, in units a second.
    fn per_second(&self, units: u64) -> Decimal {
        Decimal::from(units) / (self.hours() * Decimal::from(3600))
    }

    /// The stated volume, if the workload states one.
    fn stated_units(&self) -> Option<Decimal> {
        match self.comparison.volume {
            Volume::Stated(units) => Some(units),
            Volume::PerMillion | Volume::AlwaysOn => None,
        }
    }
}

/// Renders the costs in `format`, ending with a newline.
pub fn render(format: Format, context: &Context) -> String {
    match format {
        Format::Text => table::render(context),
        Format::Json => json::render(context),
        Format::Markdown => markdown::render(context),
    }
}

/// A decimal as written, trailing zeros dropped, the whole part grouped: `1,464.84375`.
fn number(amount: Decimal) -> String {
    thousands(amount.normalize())
}

/// Units of work a month: `3,000,000`.
fn units(units: u64) -> String {
    thousands(units)
}

/// A unit price, exact, with at least cents: `$0.0000166667`, `$0.20`, `$1,500.00`.
fn unit_price(price: Decimal) -> String {
    let price = price.normalize();
    let text = if price.scale() < 2 {
        format!("{price:.2}")
    } else {
        price.to_string()
    };
    format!("${}", thousands(text))
}

/// An average rate in units a second: 3 significant digits below one, cents-like above.
fn rate(per_second: Decimal) -> String {
    if per_second >= Decimal::ONE {
        let rounded = per_second.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        thousands(format!("{rounded:.2}"))
    } else if per_second.is_zero() {
        "0".to_string()
    } else {
        per_second
            .round_sf_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
            .unwrap_or(per_second)
            .normalize()
            .to_string()
    }
}

/// A volume as people say it: `3M`, `12.3M`, `1k`.
fn short_units(units: u64) -> String {
    crate::report::cost_plot::short_number(units as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("a decimal")
    }

    #[test]
    fn figures_read_like_people_write_them() {
        assert_eq!(units(3_000_000), "3,000,000");
        assert_eq!(units(999), "999");
        assert_eq!(units(0), "0");
        assert_eq!(number(d("1464.843750")), "1,464.84375");
        assert_eq!(number(d("2190.000000")), "2,190");
        assert_eq!(unit_price(d("0.0000166667")), "$0.0000166667");
        assert_eq!(unit_price(d("0.20")), "$0.20");
        assert_eq!(unit_price(d("0.2")), "$0.20");
        assert_eq!(unit_price(d("1")), "$1.00");
        assert_eq!(unit_price(d("0.0225")), "$0.0225");
        assert_eq!(unit_price(d("1500")), "$1,500.00");
        assert_eq!(rate(d("0.000380517503805")), "0.000381");
        assert_eq!(rate(d("1.1415525")), "1.14");
        assert_eq!(rate(d("3805.17503805")), "3,805.18");
        assert_eq!(rate(Decimal::ZERO), "0");
        assert_eq!(short_units(3_000_000), "3M");
        assert_eq!(short_units(12_345_678), "12.3M");
    }
}
