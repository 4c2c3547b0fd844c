//! `advisor prices show`: the price file in use, every figure with its unit, status, the date
//! it was checked and its source, so that a reader can audit what cost estimates rest on.
//! Decimals are printed exactly as the file writes them (`0.20`, `0.0000166667`), never
//! through a float: in the table as text, in JSON as strings.

use std::fmt::{Display, Write};

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use super::{PIPE_WIDTH, cell, sanitize, terminal_width, wrap};
use crate::prices::{
    Assumption, Assumptions, Instance, Limit, LoadedPrices, Price, PriceBook, Provenance, TaskSize,
};

/// How `prices show` prints the price file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people: tables of the prices, limits and instance types, then the
    /// assumptions and the sources.
    #[value(alias = "table", alias = "human")]
    Text,
    /// One JSON document for scripts (format_version 1; decimals as strings).
    Json,
}

pub fn render(format: Format, loaded: &LoadedPrices) -> String {
    match format {
        Format::Text => table(loaded),
        Format::Json => json(loaded),
    }
}

/// The built-in price file, as the header names it.
const BUILTIN: &str = "built-in (rules/prices/aws-us-east-1.yaml)";

fn table(loaded: &LoadedPrices) -> String {
    let book = &loaded.book;
    // The tables take the terminal's width and wrap to it; into a pipe they keep their
    // natural width, so that no price, tier or name is broken across lines. Prose (notes,
    // assumptions) wraps to the terminal or to PIPE_WIDTH.
    let width = usize::from(terminal_width().unwrap_or(PIPE_WIDTH));
    let mut sources = Sources::default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Price file: {}",
        loaded.path.as_deref().unwrap_or(BUILTIN)
    );
    let _ = writeln!(
        out,
        "Region {}, currency {}, as of {} (the oldest date any figure was checked)",
        book.region, book.currency, book.as_of
    );

    out.push_str("\nPrices\n");
    let mut prices = new_table(["Name", "Price", "Unit", "Status", "Checked", "Source"]);
    for price in &book.prices {
        let provenance = &price.provenance;
        prices.add_row(vec![
            cell(price.id.key()),
            cell(&price_text(price)),
            cell(price.id.unit()),
            cell(provenance.status.name()),
            cell(&provenance.checked.to_string()),
            cell(&sources.cite(&provenance.source)),
        ]);
    }
    let _ = writeln!(out, "{prices}");
    notes(
        &mut out,
        book.prices
            .iter()
            .map(|price| (price.id.key(), price.note.as_deref())),
        width,
    );

    out.push_str("\nLimits\n");
    let limits = &book.limits;
    let mut table = new_table(["Name", "Value", "Status", "Checked", "Source"]);
    let mut limit = |name: &str, value: String, provenance: &Provenance| {
        table.add_row(vec![
            cell(name),
            cell(&value),
            cell(provenance.status.name()),
            cell(&provenance.checked.to_string()),
            cell(&sources.cite(&provenance.source)),
        ]);
    };
    let sizes = &limits.fargate_task_sizes;
    for (name, value) in [
        ("lambda_mb_per_vcpu", &limits.lambda_mb_per_vcpu),
        ("lambda_max_memory_mb", &limits.lambda_max_memory_mb),
    ] {
        limit(name, value.value.to_string(), &value.provenance);
    }
    let size_lines: Vec<String> = sizes.value.iter().map(task_size).collect();
    limit(
        "fargate_task_sizes",
        size_lines.join("\n"),
        &sizes.provenance,
    );
    let _ = writeln!(out, "{table}");
    notes(
        &mut out,
        [
            (
                "lambda_mb_per_vcpu",
                limits.lambda_mb_per_vcpu.note.as_deref(),
            ),
            (
                "lambda_max_memory_mb",
                limits.lambda_max_memory_mb.note.as_deref(),
            ),
            ("fargate_task_sizes", sizes.note.as_deref()),
        ],
        width,
    );

    let provenance = &book.instances_provenance;
    let _ = writeln!(
        out,
        "\nEC2 instance types (on-demand Linux, {} an hour; {}, checked {}, source {})",
        book.currency,
        provenance.status.name(),
        provenance.checked,
        sources.cite(&provenance.source)
    );
    let mut instances = new_table([
        "Type",
        "Architecture",
        "vCPUs",
        "Memory (GiB)",
        "GPUs",
        "Baseline",
        "Hourly",
    ]);
    for instance in &book.instances {
        instances.add_row(instance_row(instance));
    }
    let _ = writeln!(out, "{instances}");

    out.push_str("\nAssumptions\n");
    for (name, values, why) in assumption_lines(&book.assumptions) {
        let _ = writeln!(out, "  {name}: {values}");
        indented(&mut out, why, "    ", width);
    }

    out.push_str("\nSources\n");
    for (i, source) in sources.0.iter().enumerate() {
        let _ = writeln!(out, "  [{}] {source}", i + 1);
    }
    sanitize(&out)
}

fn new_table<const N: usize>(header: [&str; N]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    table
}

/// A flat price, or one line per tier: `up to 6000000000: 0.0000166667`, ..., `above
/// 15000000000: 0.0000133334`.
fn price_text(price: &Price) -> String {
    let mut below = None;
    let lines: Vec<String> = price
        .tiers
        .iter()
        .map(|tier| match (tier.up_to, below) {
            (Some(up_to), _) => {
                below = Some(up_to);
                format!("up to {up_to}: {}", tier.price)
            }
            (None, Some(below)) => format!("above {below}: {}", tier.price),
            (None, None) => tier.price.to_string(),
        })
        .collect();
    lines.join("\n")
}

/// `0.25 vCPU: 0.5, 1, 2 GB`, or `1 vCPU: 2 to 8 GB, by 1` for sizes in even steps.
fn task_size(size: &TaskSize) -> String {
    let sizes = &size.memory_gb;
    let step = match sizes.as_slice() {
        [first, second, _, _, ..] => Some(*second - *first)
            .filter(|step| sizes.windows(2).all(|pair| pair[1] - pair[0] == *step)),
        _ => None,
    };
    match (step, sizes.first(), sizes.last()) {
        (Some(step), Some(first), Some(last)) => {
            format!("{} vCPU: {first} to {last} GB, by {step}", size.vcpu)
        }
        _ => {
            let sizes: Vec<String> = sizes.iter().map(Decimal::to_string).collect();
            format!("{} vCPU: {} GB", size.vcpu, sizes.join(", "))
        }
    }
}

fn instance_row(instance: &Instance) -> Vec<Cell> {
    let right = |text: String| cell(&text).set_alignment(CellAlignment::Right);
    vec![
        cell(&instance.name),
        cell(instance.architecture.name()),
        right(instance.vcpus.to_string()),
        right(instance.memory_gib.to_string()),
        right(instance.gpus.to_string()),
        right(instance.baseline.map_or("-".to_string(), |b| b.to_string())),
        right(instance.hourly.to_string()),
    ]
}

/// `Notes:` and each `name: note`, wrapped, when any figure has a note.
fn notes<'a>(
    out: &mut String,
    notes: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    width: usize,
) {
    let mut heading = true;
    for (name, note) in notes {
        let Some(note) = note else { continue };
        if std::mem::take(&mut heading) {
            out.push_str("Notes:\n");
        }
        indented(out, &format!("{name}: {note}"), "  ", width);
    }
}

/// `text` wrapped to `width`, every line after `indent`.
fn indented(out: &mut String, text: &str, indent: &str, width: usize) {
    let room = width.saturating_sub(indent.len()).max(20);
    for line in wrap(&sanitize(text), room).lines() {
        let _ = writeln!(out, "{indent}{line}");
    }
}

/// Each assumption's name, its values in words (`low 1.5, medium 3, high 10`) and why.
fn assumption_lines(a: &Assumptions) -> Vec<(&'static str, String, &str)> {
    /// An assumption of one value.
    fn one<'a, T: Display>(
        name: &'static str,
        assumption: &'a Assumption<T>,
    ) -> (&'static str, String, &'a str) {
        (name, assumption.value.to_string(), &assumption.why)
    }
    /// An assumption of several named values.
    fn named<'a, T>(
        name: &'static str,
        assumption: &'a Assumption<T>,
        values: &[(&str, &dyn Display)],
    ) -> (&'static str, String, &'a str) {
        let parts: Vec<String> = values
            .iter()
            .map(|(label, value)| format!("{label} {value}"))
            .collect();
        (name, parts.join(", "), &assumption.why)
    }
    let peak = &a.peak_factor.value;
    let fleet = &a.minimum_fleet.value;
    let spot = &a.fargate_spot_saving.value;
    let share = &a.avg_duration_fraction.value;
    let unit = &a.default_unit.value;
    vec![
        one("hours_per_month", &a.hours_per_month),
        named(
            "peak_factor",
            &a.peak_factor,
            &[
                ("low", &peak.low),
                ("medium", &peak.medium),
                ("high", &peak.high),
            ],
        ),
        one("target_utilisation", &a.target_utilisation),
        named(
            "minimum_fleet",
            &a.minimum_fleet,
            &[
                ("request_response", &fleet.request_response),
                ("other", &fleet.other),
            ],
        ),
        named(
            "fargate_spot_saving",
            &a.fargate_spot_saving,
            &[
                ("low", &spot.low),
                ("typical", &spot.typical),
                ("high", &spot.high),
            ],
        ),
        one("fargate_minimum_seconds", &a.fargate_minimum_seconds),
        named(
            "avg_duration_fraction",
            &a.avg_duration_fraction,
            &[("low", &share.low), ("typical", &share.typical)],
        ),
        named(
            "default_unit",
            &a.default_unit,
            &[("vcpus", &unit.vcpus), ("memory_mb", &unit.memory_mb)],
        ),
        one("connections_per_request", &a.connections_per_request),
        one("managed_instances_fee", &a.managed_instances_fee),
        one("root_volume_gb", &a.root_volume_gb),
    ]
}

/// The sources cited so far, each once, numbered in the order of their first citation.
#[derive(Default)]
struct Sources(Vec<String>);

impl Sources {
    /// `[n]` for `source`.
    fn cite(&mut self, source: &str) -> String {
        let n = match self.0.iter().position(|s| s == source) {
            Some(i) => i + 1,
            None => {
                self.0.push(source.to_string());
                self.0.len()
            }
        };
        format!("[{n}]")
    }
}

/// The result of `advisor prices show --format json`: the price file in use, with every
/// figure's unit, source, status and the date it was checked. Decimals (prices, tier bounds,
/// sizes, factors) are strings holding the number exactly as the file writes it, so that no
/// digit is lost to binary floating point; counts (vCPUs, GPUs, minimum fleet sizes) are
/// integers. Fields may be added in later releases; none is renamed or removed without a new
/// `format_version`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "advisor price book (format version 1)")]
pub struct Document<'a> {
    /// The version of this document's format.
    #[schemars(extend("const" = 1))]
    format_version: u32,
    /// The price file as given with `--prices`; `null` for the built-in one.
    path: Option<&'a str>,
    /// The AWS region the prices are for, such as `us-east-1`.
    region: &'a str,
    /// The currency of every price, `USD`.
    currency: &'a str,
    /// The oldest date any figure was checked.
    as_of: Day,
    /// Every price, in the order advisor reads them.
    prices: Vec<PriceDoc<'a>>,
    /// Service limits that decide what is billed.
    limits: LimitsDoc<'a>,
    /// The EC2 instance types estimates choose from, with their on-demand Linux prices.
    instances: InstancesDoc<'a>,
    /// The modelling assumptions, each with its values and why it holds.
    assumptions: AssumptionsDoc<'a>,
}

/// A decimal number exactly as the price file writes it, such as `"0.0000166667"`: a string,
/// so that no digit is lost to binary floating point.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Decimal")]
struct Amount(#[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)?$"))] String);

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Amount(value.to_string())
    }
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Serialize, JsonSchema)]
#[schemars(inline)]
struct Day(#[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))] String);

/// One price.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Price")]
struct PriceDoc<'a> {
    /// The price's key in the price file, such as `lambda_requests`.
    id: &'static str,
    /// The unit the price is per, such as `1M requests` or `GB-second`.
    unit: &'static str,
    /// The price's tiers, cheapest volume first; a flat price is one tier with `up_to` null.
    #[schemars(length(min = 1))]
    tiers: Vec<TierDoc>,
    /// Where the price was read: a URL.
    source: &'a str,
    /// When the price was last checked against its source.
    checked: Day,
    /// How sure the figure is.
    #[schemars(extend("enum" = ["confirmed", "cross-checked", "assumption"]))]
    status: &'static str,
    /// A remark on the figure; `null` when there is none.
    note: Option<&'a str>,
}

/// One tier of a price: `price` per unit up to `up_to` units a month, counted from the first
/// unit; the last tier's `up_to` is null, for every unit above the tier before it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Tier")]
struct TierDoc {
    up_to: Option<Amount>,
    price: Amount,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Limits")]
struct LimitsDoc<'a> {
    /// The memory (MB) at which a Lambda function has the equivalent of one vCPU.
    lambda_mb_per_vcpu: LimitDoc<'a>,
    /// The most memory (MB) a Lambda function can have.
    lambda_max_memory_mb: LimitDoc<'a>,
    /// The vCPU and memory combinations a Fargate task can have.
    fargate_task_sizes: TaskSizesDoc<'a>,
}

/// A limit with one value.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Limit")]
struct LimitDoc<'a> {
    value: Amount,
    /// Where the limit was read: a URL.
    source: &'a str,
    /// When the limit was last checked against its source.
    checked: Day,
    /// How sure the figure is.
    #[schemars(extend("enum" = ["confirmed", "cross-checked", "assumption"]))]
    status: &'static str,
    /// A remark on the figure; `null` when there is none.
    note: Option<&'a str>,
}

/// Fargate's valid task sizes.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "TaskSizes")]
struct TaskSizesDoc<'a> {
    /// Each vCPU size with the memory sizes valid with it, smallest first.
    sizes: Vec<TaskSizeDoc>,
    /// Where the sizes were read: a URL.
    source: &'a str,
    /// When the sizes were last checked against their source.
    checked: Day,
    /// How sure the figures are.
    #[schemars(extend("enum" = ["confirmed", "cross-checked", "assumption"]))]
    status: &'static str,
    /// A remark on the figures; `null` when there is none.
    note: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "TaskSize")]
struct TaskSizeDoc {
    vcpu: Amount,
    /// Every memory size (GB) valid with `vcpu`, smallest first; a range in the file is
    /// listed in full.
    memory_gb: Vec<Amount>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Instances")]
struct InstancesDoc<'a> {
    /// The instance types, as the file lists them.
    types: Vec<InstanceDoc<'a>>,
    /// Where the prices were read: a URL.
    source: &'a str,
    /// When the prices were last checked against their source.
    checked: Day,
    /// How sure the figures are.
    #[schemars(extend("enum" = ["confirmed", "cross-checked", "assumption"]))]
    status: &'static str,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Instance")]
struct InstanceDoc<'a> {
    /// The instance type, such as `t4g.micro`.
    #[serde(rename = "type")]
    name: &'a str,
    #[schemars(extend("enum" = ["x86_64", "arm64"]))]
    architecture: &'static str,
    vcpus: u32,
    memory_gib: Amount,
    gpus: u32,
    /// The share of each vCPU a burstable type sustains; `null` for a fixed-performance type.
    baseline: Option<Amount>,
    /// The on-demand Linux price an hour.
    hourly: Amount,
}

/// Each assumption as the price file writes it: its values and `why`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Assumptions")]
struct AssumptionsDoc<'a> {
    hours_per_month: ValueDoc<'a>,
    peak_factor: PeakFactorDoc<'a>,
    target_utilisation: ValueDoc<'a>,
    minimum_fleet: MinimumFleetDoc<'a>,
    fargate_spot_saving: SpreadDoc<'a>,
    fargate_minimum_seconds: ValueDoc<'a>,
    avg_duration_fraction: DurationShareDoc<'a>,
    default_unit: UnitSizeDoc<'a>,
    connections_per_request: ValueDoc<'a>,
    managed_instances_fee: ValueDoc<'a>,
    root_volume_gb: ValueDoc<'a>,
}

/// An assumption with one value.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Assumption")]
struct ValueDoc<'a> {
    value: Amount,
    /// Why the assumption holds.
    why: &'a str,
}

/// The peak-to-average load factor for each level of `demand.spikiness`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "PeakFactor")]
struct PeakFactorDoc<'a> {
    low: Amount,
    medium: Amount,
    high: Amount,
    /// Why the assumption holds.
    why: &'a str,
}

/// The smallest fleet for services clients wait on, and for the rest.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "MinimumFleet")]
struct MinimumFleetDoc<'a> {
    request_response: u32,
    other: u32,
    /// Why the assumption holds.
    why: &'a str,
}

/// A low, typical and high figure.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Spread")]
struct SpreadDoc<'a> {
    low: Amount,
    typical: Amount,
    high: Amount,
    /// Why the assumption holds.
    why: &'a str,
}

/// Where the low and typical durations of a unit of work fall, as shares of `max_duration`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "DurationShare")]
struct DurationShareDoc<'a> {
    low: Amount,
    typical: Amount,
    /// Why the assumption holds.
    why: &'a str,
}

/// A unit of work's size when the workload does not give it.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "UnitSize")]
struct UnitSizeDoc<'a> {
    vcpus: Amount,
    memory_mb: Amount,
    /// Why the assumption holds.
    why: &'a str,
}

fn json(loaded: &LoadedPrices) -> String {
    let document = document(loaded);
    serde_json::to_string_pretty(&document).expect("a price book serialises") + "\n"
}

fn document(loaded: &LoadedPrices) -> Document<'_> {
    let book: &PriceBook = &loaded.book;
    let limits = &book.limits;
    let sizes = &limits.fargate_task_sizes;
    Document {
        format_version: 1,
        path: loaded.path.as_deref(),
        region: &book.region,
        currency: &book.currency,
        as_of: Day(book.as_of.to_string()),
        prices: book.prices.iter().map(price_doc).collect(),
        limits: LimitsDoc {
            lambda_mb_per_vcpu: limit_doc(&limits.lambda_mb_per_vcpu),
            lambda_max_memory_mb: limit_doc(&limits.lambda_max_memory_mb),
            fargate_task_sizes: TaskSizesDoc {
                sizes: sizes
                    .value
                    .iter()
                    .map(|size| TaskSizeDoc {
                        vcpu: size.vcpu.into(),
                        memory_gb: size.memory_gb.iter().map(|&gb| gb.into()).collect(),
                    })
                    .collect(),
                source: &sizes.provenance.source,
                checked: Day(sizes.provenance.checked.to_string()),
                status: sizes.provenance.status.name(),
                note: sizes.note.as_deref(),
            },
        },
        instances: InstancesDoc {
            types: book
                .instances
                .iter()
                .map(|instance| InstanceDoc {
                    name: &instance.name,
                    architecture: instance.architecture.name(),
                    vcpus: instance.vcpus,
                    memory_gib: instance.memory_gib.into(),
                    gpus: instance.gpus,
                    baseline: instance.baseline.map(Amount::from),
                    hourly: instance.hourly.into(),
                })
                .collect(),
            source: &book.instances_provenance.source,
            checked: Day(book.instances_provenance.checked.to_string()),
            status: book.instances_provenance.status.name(),
        },
        assumptions: assumptions_doc(&book.assumptions),
    }
}

fn price_doc(price: &Price) -> PriceDoc<'_> {
    PriceDoc {
        id: price.id.key(),
        unit: price.id.unit(),
        tiers: price
            .tiers
            .iter()
            .map(|tier| TierDoc {
                up_to: tier.up_to.map(Amount::from),
                price: tier.price.into(),
            })
            .collect(),
        source: &price.provenance.source,
        checked: Day(price.provenance.checked.to_string()),
        status: price.provenance.status.name(),
        note: price.note.as_deref(),
    }
}

fn one(assumption: &Assumption<Decimal>) -> ValueDoc<'_> {
    ValueDoc {
        value: assumption.value.into(),
        why: &assumption.why,
    }
}

fn limit_doc(limit: &Limit<Decimal>) -> LimitDoc<'_> {
    LimitDoc {
        value: limit.value.into(),
        source: &limit.provenance.source,
        checked: Day(limit.provenance.checked.to_string()),
        status: limit.provenance.status.name(),
        note: limit.note.as_deref(),
    }
}

fn assumptions_doc(a: &Assumptions) -> AssumptionsDoc<'_> {
    AssumptionsDoc {
        hours_per_month: one(&a.hours_per_month),
        peak_factor: PeakFactorDoc {
            low: a.peak_factor.value.low.into(),
            medium: a.peak_factor.value.medium.into(),
            high: a.peak_factor.value.high.into(),
            why: &a.peak_factor.why,
        },
        target_utilisation: one(&a.target_utilisation),
        minimum_fleet: MinimumFleetDoc {
            request_response: a.minimum_fleet.value.request_response,
            other: a.minimum_fleet.value.other,
            why: &a.minimum_fleet.why,
        },
        fargate_spot_saving: SpreadDoc {
            low: a.fargate_spot_saving.value.low.into(),
            typical: a.fargate_spot_saving.value.typical.into(),
            high: a.fargate_spot_saving.value.high.into(),
            why: &a.fargate_spot_saving.why,
        },
        fargate_minimum_seconds: one(&a.fargate_minimum_seconds),
        avg_duration_fraction: DurationShareDoc {
            low: a.avg_duration_fraction.value.low.into(),
            typical: a.avg_duration_fraction.value.typical.into(),
            why: &a.avg_duration_fraction.why,
        },
        default_unit: UnitSizeDoc {
            vcpus: a.default_unit.value.vcpus.into(),
            memory_mb: a.default_unit.value.memory_mb.into(),
            why: &a.default_unit.why,
        },
        connections_per_request: one(&a.connections_per_request),
        managed_instances_fee: one(&a.managed_instances_fee),
        root_volume_gb: one(&a.root_volume_gb),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prices::{self, PriceId};

    fn builtin() -> LoadedPrices {
        LoadedPrices {
            book: prices::builtin(),
            path: None,
        }
    }

    #[test]
    fn decimals_are_printed_as_the_file_writes_them() {
        let loaded = builtin();
        let (table, json) = (table(&loaded), json(&loaded));
        let mut checked = 0;
        for price in &loaded.book.prices {
            for tier in &price.tiers {
                let written = tier.price.to_string();
                assert!(
                    prices::YAML.contains(&format!("price: {written}")),
                    "{}: {written} is not as the file writes it",
                    price.id.key()
                );
                assert!(table.contains(&written), "{written} not in the table");
                assert!(
                    json.contains(&format!("\"{written}\"")),
                    "{written} not in JSON"
                );
                checked += 1;
            }
        }
        assert!(checked > PriceId::ALL.len(), "tiers were checked too");
        // Trailing zeros are the file's, not lost in a float.
        assert!(table.contains("0.20") && json.contains("\"price\": \"0.20\""));
    }

    #[test]
    fn tiers_read_from_the_smallest_volume_up() {
        let book = prices::builtin();
        assert_eq!(
            price_text(book.price(PriceId::ApiGatewayHttp)),
            "up to 300: 1.00\nabove 300: 0.90"
        );
        assert_eq!(price_text(book.price(PriceId::LambdaRequests)), "0.20");
    }

    #[test]
    fn task_sizes_in_even_steps_read_as_a_range() {
        let size = |memory: &[i64]| TaskSize {
            vcpu: Decimal::ONE,
            memory_gb: memory.iter().map(|&gb| Decimal::from(gb)).collect(),
        };
        assert_eq!(task_size(&size(&[2, 3, 4, 5])), "1 vCPU: 2 to 5 GB, by 1");
        assert_eq!(task_size(&size(&[2, 4, 5, 6])), "1 vCPU: 2, 4, 5, 6 GB");
        assert_eq!(task_size(&size(&[2, 3, 4])), "1 vCPU: 2, 3, 4 GB");
    }

    #[test]
    fn each_source_is_listed_once_and_cited_by_its_number() {
        let mut sources = Sources::default();
        assert_eq!(sources.cite("a"), "[1]");
        assert_eq!(sources.cite("b"), "[2]");
        assert_eq!(sources.cite("a"), "[1]");
        assert_eq!(sources.0, ["a", "b"]);
    }
}
