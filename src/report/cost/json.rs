//! `--format json`: the costs as one document (`format_version` 1). Fields may be added in
//! later releases; none is renamed or removed without a new format version.
//!
//! Money and volumes are decimal strings, never JSON numbers, so no reader rounds them
//! through a float: totals and monthly costs in cents (two places, rounded half-up), unit
//! prices and quantities exact, volumes as whole numbers.

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::Serialize;

use super::Context;
use crate::cost::Volume;
use crate::cost::breakeven::Change;
use crate::cost::compare::{Outcome, SEARCHED};
use crate::report::estimate::{CostDoc, PricesDoc, money};
use crate::report::{RuleSetRef, WorkloadRef};

/// The result of `advisor cost --format json`: an estimate for every viable service of the
/// rule set, the volumes at which the cheapest changes and, with `--volumes`, the costs at
/// chosen volumes. Money is a decimal string in `prices.currency`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "advisor cost estimates (format version 1)")]
pub struct Document<'a> {
    /// The version of this document's format.
    #[schemars(extend("const" = 1))]
    format_version: u32,
    /// The version of advisor that wrote the document.
    advisor_version: &'static str,
    /// The workload that was priced.
    workload: WorkloadRef<'a>,
    /// The rule set that decided which services are viable.
    rule_set: RuleSetRef<'a>,
    /// The price file the estimates use.
    prices: PricesDoc<'a>,
    /// The volume the estimates are for.
    volume: VolumeDoc,
    /// Every candidate service: the ranked ones in rank order, then the ruled-out ones.
    estimates: Vec<Entry<'a>>,
    /// The id of the service with the lowest typical estimate; `null` when none has one.
    cheapest: Option<&'a str>,
    /// The volumes the break-even search covers.
    break_even_range: Range,
    /// The volumes at which the cheapest service (by typical cost) changes, lowest first;
    /// empty when it stays the same over `break_even_range`.
    break_even: Vec<BreakEvenDoc<'a>>,
    /// The costs at the volumes `--volumes` asks for, in its order; present only with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    volumes: Option<Vec<RowDoc<'a>>>,
    /// The SVG file `--plot` wrote; `null` without `--plot`.
    plot: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
struct VolumeDoc {
    /// The units of work a month the workload states (`demand.requests_per_month`); `null`
    /// when it states none.
    #[schemars(regex(pattern = r"^[0-9]+$"))]
    units_per_month: Option<String>,
    /// `stated`: the estimates are at the workload's volume; `per-million`: it states none,
    /// so they are per 1,000,000 units of work a month.
    #[schemars(extend("enum" = ["stated", "per-million", "always-on"]))]
    basis: &'static str,
}

#[derive(Serialize, JsonSchema)]
struct Entry<'a> {
    /// The service's id.
    service: &'a str,
    /// The service's name.
    name: &'a str,
    /// Whether the rules leave the service viable; a ruled-out service is not priced.
    viable: bool,
    /// The rules that rule the service out; empty when it is viable.
    ruled_out_by: Vec<&'a str>,
    /// The estimate; `null` for a ruled-out service and one with no estimate.
    cost: Option<CostDoc<'a>>,
    /// Why a viable service has no estimate; `null` otherwise.
    no_estimate: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
struct Range {
    /// Units of work a month.
    #[schemars(regex(pattern = r"^[0-9]+$"))]
    from: String,
    /// Units of work a month.
    #[schemars(regex(pattern = r"^[0-9]+$"))]
    to: String,
}

/// A volume at which the cheapest service changes.
#[derive(Serialize, JsonSchema)]
struct BreakEvenDoc<'a> {
    /// The first volume, in units of work a month, at which `to` is the cheapest.
    #[schemars(regex(pattern = r"^[0-9]+$"))]
    units_per_month: String,
    /// The same volume as an average rate in units a second (6 decimal places at most).
    #[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)?$"))]
    per_second: String,
    /// The service that was the cheapest below the volume.
    from: &'a str,
    /// The service that is the cheapest from the volume on.
    to: &'a str,
    /// `from`'s typical monthly cost at the volume, in cents.
    #[schemars(regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    from_cost: String,
    /// `to`'s typical monthly cost at the volume, in cents.
    #[schemars(regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    to_cost: String,
    /// `crossing`: the two costs meet (within 1%) at the volume; `step`: the cheaper service
    /// adds a task or an instance there and its cost jumps past the other's.
    #[schemars(extend("enum" = ["crossing", "step"]))]
    change: &'static str,
}

/// One volume of `--volumes`.
#[derive(Serialize, JsonSchema)]
struct RowDoc<'a> {
    /// Units of work a month.
    #[schemars(regex(pattern = r"^[0-9]+$"))]
    units_per_month: String,
    /// The same volume as an average rate in units a second (6 decimal places at most).
    #[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)?$"))]
    per_second: String,
    /// The id of the service with the lowest typical cost at this volume.
    cheapest: Option<&'a str>,
    /// Each service that has an estimate, in the order of `estimates`.
    costs: Vec<RowCost<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct RowCost<'a> {
    service: &'a str,
    /// `null` when the cost model cannot price the service at this volume (a fleet too
    /// large to count).
    cost: Option<Totals>,
}

#[derive(Serialize, JsonSchema)]
struct Totals {
    /// In cents.
    #[schemars(regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    low: String,
    /// In cents.
    #[schemars(regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    typical: String,
    /// In cents.
    #[schemars(regex(pattern = r"^-?[0-9]+\.[0-9]{2}$"))]
    high: String,
}

pub fn render(context: &Context) -> String {
    let comparison = context.comparison;
    let id = |candidate: usize| context.id(candidate);
    let document = Document {
        format_version: 1,
        advisor_version: env!("CARGO_PKG_VERSION"),
        workload: WorkloadRef::from(context.workload),
        rule_set: RuleSetRef::from(context.rule_set),
        prices: PricesDoc::of(
            context.book,
            context.prices_file,
            context.free_tier,
            context.today,
        ),
        volume: match comparison.volume {
            Volume::Stated(units) => VolumeDoc {
                units_per_month: Some(units.to_string()),
                basis: "stated",
            },
            Volume::PerMillion => VolumeDoc {
                units_per_month: None,
                basis: "per-million",
            },
            Volume::AlwaysOn => VolumeDoc {
                units_per_month: None,
                basis: "always-on",
            },
        },
        estimates: comparison
            .outcomes
            .iter()
            .enumerate()
            .map(|(candidate, outcome)| Entry {
                service: id(candidate),
                name: context.name(candidate),
                viable: !matches!(outcome, Outcome::RuledOut),
                ruled_out_by: context.ruled_out_by(candidate),
                cost: outcome
                    .estimate()
                    .map(|e| CostDoc::new(e, &context.book.currency)),
                no_estimate: match outcome {
                    Outcome::NoEstimate(why) => Some(why.0.as_str()),
                    _ => None,
                },
            })
            .collect(),
        cheapest: comparison.cheapest.map(id),
        break_even_range: Range {
            from: SEARCHED.0.to_string(),
            to: SEARCHED.1.to_string(),
        },
        break_even: comparison
            .break_evens
            .iter()
            .map(|b| BreakEvenDoc {
                units_per_month: b.units.to_string(),
                per_second: per_second(context.per_second(b.units)),
                from: id(b.from),
                to: id(b.to),
                from_cost: money(b.from_cost),
                to_cost: money(b.to_cost),
                change: match b.change {
                    Change::Crossing => "crossing",
                    Change::Step => "step",
                },
            })
            .collect(),
        volumes: comparison.rows.as_ref().map(|rows| {
            rows.iter()
                .map(|row| RowDoc {
                    units_per_month: row.units.to_string(),
                    per_second: per_second(context.per_second(row.units)),
                    cheapest: row.cheapest.map(id),
                    costs: comparison
                        .priced
                        .iter()
                        .zip(&row.costs)
                        .map(|(&candidate, cost)| RowCost {
                            service: id(candidate),
                            cost: cost.map(|[low, typical, high]| Totals {
                                low: money(low),
                                typical: money(typical),
                                high: money(high),
                            }),
                        })
                        .collect(),
                })
                .collect()
        }),
        plot: context.plot,
    };
    let mut text = serde_json::to_string_pretty(&document).expect("the document serialises");
    text.push('\n');
    text
}

/// A rate to at most 6 decimal places, trailing zeros dropped.
fn per_second(rate: Decimal) -> String {
    rate.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}
