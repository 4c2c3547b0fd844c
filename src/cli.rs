//! Command-line arguments. Parsing only: what each command does lives in `commands`. The
//! choices that belong to a stage (output formats, schema kinds) are defined there and only
//! named here.

pub mod complete;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::ColorChoice;
use crate::report::check::Format as CheckFormat;
use crate::report::cost::Format as CostFormat;
use crate::report::diff::Format as DiffFormat;
use crate::report::lint::Format as LintFormat;
use crate::report::prices::Format as PricesFormat;
use crate::report::recommend::Format as RecommendFormat;
use crate::schema::Kind as SchemaKind;

/// Ranks AWS compute services for a workload and explains every rank.
#[derive(Debug, Parser)]
#[command(name = "advisor", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Largest file (or standard input) advisor reads, in megabytes.
    #[arg(
        long,
        global = true,
        value_name = "MB",
        default_value_t = crate::input::DEFAULT_MAX_INPUT_MB,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub max_input_mb: u64,

    /// When to colour the output.
    #[arg(long, global = true, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Recommend a compute service for the workload described in WORKLOAD; with several
    /// files or a directory, for each workload, in one summary table.
    Recommend(RecommendArgs),
    /// Estimate the monthly cost of every viable service for WORKLOAD, side by side, with
    /// the volumes at which the cheapest changes.
    Cost(CostArgs),
    /// Check architecture decision records that name a service against the rules (for CI).
    Check(CheckArgs),
    /// Write the recommendation for WORKLOAD (or the service chosen with --service) as the
    /// next numbered MADR decision record, which `advisor check` then holds to the rules.
    Decide(DecideArgs),
    /// List, explain, lint and compare rule sets.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show the prices, service limits and assumptions that cost estimates use.
    #[command(subcommand)]
    Prices(PricesCommand),
    /// Write a commented workload template with every field, its allowed values and meaning.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print advisor's manual page (roff), for `man`; with `--dir`, write a page for every
    /// subcommand too.
    Man(ManArgs),
    /// Print the JSON Schema of a file format or of the JSON output, for editors and scripts.
    Schema(SchemaArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// File to write; without it the template goes to standard output.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long, requires = "file")]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `advisor.1` and a page for every subcommand (`advisor-recommend.1`,
    /// `advisor-rules-show.1`, ...) into DIR, created if missing, instead of printing
    /// `advisor.1`; existing pages there are overwritten.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule with its id, summary and effects.
    List(RulesListArgs),
    /// Explain one rule: summary, rationale, source, condition, effects and reason.
    Show(RulesShowArgs),
    /// Check rule set files: every load error, and rules that can never fire, services no
    /// rule mentions, duplicate rules, missing documentation and rules not reviewed for a
    /// year as warnings.
    Lint(RulesLintArgs),
    /// Show which workloads a rule-set change affects: each workload is evaluated under OLD
    /// and NEW, and those whose recommendation, ruled-out services or margin change are
    /// listed with the rules responsible.
    Diff(RulesDiffArgs),
}

#[derive(Debug, clap::Args)]
pub struct RulesListArgs {
    /// Rule set to list instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// How `rules list` prints the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Text for people: a table of every rule's id, summary and effects.
    #[value(alias = "table", alias = "human")]
    Text,
    /// One JSON document for scripts (format_version 1).
    Json,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("id", complete::rule_ids))]
pub struct RulesShowArgs {
    /// The rule's id, as `advisor rules list` shows it.
    #[arg(value_name = "ID")]
    pub id: String,

    /// Rule set to look in instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// How `rules show` prints a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Text for people: the rule explained, section by section.
    #[value(alias = "table", alias = "human")]
    Text,
    /// The rule as one JSON object, as `rules list --format json` lists it.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RulesLintArgs {
    /// Rule set files to lint.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// The lowest finding level that fails the lint (exit code 1).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Warn `stale-rule` when a rule's `reviewed` date is more than DAYS days ago.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub max_age: u32,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
}

#[derive(Debug, clap::Args)]
pub struct RulesDiffArgs {
    /// The rule set before the change: a file, or `builtin` for the built-in rules.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The rule set after the change: a file, or `builtin`.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Workload files, or directories to search for them (`.yaml`, `.yml`, `.json`; files
    /// there without a top-level `runtime` are skipped).
    #[arg(value_name = "WORKLOAD", required = true)]
    pub workloads: Vec<PathBuf>,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Exit with code 1 when any workload's recommendation changes (for CI).
    #[arg(long)]
    pub fail_on_change: bool,

    #[command(flatten)]
    pub pricing: PricingArgs,
}

#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Print the price file in use: every price with its unit, tiers, status, the date it was
    /// checked and its source; the service limits; the EC2 instance types; and the modelling
    /// assumptions with why each holds. Warns when the prices are more than 180 days old.
    Show(PricesShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct PricesShowArgs {
    /// Price file to show instead of the built-in AWS us-east-1 prices.
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = PricesFormat::Text)]
    pub format: PricesFormat,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("why_not", complete::service_ids))]
pub struct RecommendArgs {
    /// Workload file (YAML or JSON); `-` reads standard input. Several files, or directories
    /// to search for them (`.yaml`, `.yml`, `.json`; files there without a top-level `runtime`
    /// are skipped), give one summary table of every workload.
    #[arg(value_name = "WORKLOAD", required = true)]
    pub workloads: Vec<String>,

    /// Rule set to use instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = RecommendFormat::Text)]
    pub format: RecommendFormat,

    /// List every rule that fired, for every service, with its points and source; with several
    /// workloads, add each workload's full output after the summary table.
    #[arg(long)]
    pub explain: bool,

    /// Override a workload field for a what-if run (repeatable): `runtime.max_duration=10m`,
    /// `priorities=[cost]`; `null` makes the field unknown. Checked like the file; applies to
    /// every workload.
    #[arg(long = "set", value_name = "FIELD=VALUE", value_parser = crate::workload::parse_override)]
    pub set: Vec<crate::workload::Override>,

    /// Explain what holds SERVICE back, and the smallest change to the workload that would
    /// lift each rule, checked by evaluating the workload again (for each workload).
    #[arg(long, value_name = "SERVICE")]
    pub why_not: Option<String>,

    #[command(flatten)]
    pub pricing: PricingArgs,
}

#[derive(Debug, clap::Args)]
pub struct CostArgs {
    /// Workload file (YAML or JSON); `-` reads standard input.
    #[arg(value_name = "WORKLOAD")]
    pub workload: String,

    /// Rule set to decide which services are viable instead of the built-in AWS compute
    /// rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = CostFormat::Text)]
    pub format: CostFormat,

    /// Override a workload field for a what-if run (repeatable), as with `recommend`:
    /// `demand.requests_per_month=50000000`; `null` makes the field unknown.
    #[arg(long = "set", value_name = "FIELD=VALUE", value_parser = crate::workload::parse_override)]
    pub set: Vec<crate::workload::Override>,

    /// Also price these volumes (units of work a month): a list (`1e5,2.5e6,3000000`), the
    /// powers of ten of a range (`1e5..1e9`), or N volumes spaced evenly on a log scale
    /// (`1e3..1e9/100`).
    #[arg(long, value_name = "SPEC", value_parser = crate::cost::volumes::parse)]
    pub volumes: Option<crate::cost::volumes::Volumes>,

    /// Draw monthly cost against monthly volume (log scales) for each priced service into
    /// FILE, an SVG; the file is overwritten.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,

    /// List the assumptions behind each estimate (text format; JSON and Markdown always
    /// have them).
    #[arg(long)]
    pub explain: bool,

    #[command(flatten)]
    pub pricing: PricingArgs,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("service", complete::service_ids))]
pub struct DecideArgs {
    /// Workload file (YAML or JSON); the record names it as `workload_file`, relative to
    /// the record.
    #[arg(value_name = "WORKLOAD")]
    pub workload: String,

    /// Record this service instead of the recommendation; the record then says how the
    /// rules rank it.
    #[arg(long, value_name = "ID")]
    pub service: Option<String>,

    /// Directory of the decision records; the record is numbered after the highest
    /// `NNNN-*` file there. Created if missing.
    #[arg(long, value_name = "DIR", default_value = "docs/decisions")]
    pub dir: PathBuf,

    /// The record's title, also its file name's slug [default: "Run WORKLOAD-NAME on
    /// SERVICE-NAME"].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// Rule set to use instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Print the record instead of writing it, and say where it would go.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub pricing: PricingArgs,
}

/// The prices behind cost estimates, shared by every command that estimates.
#[derive(Debug, Clone, clap::Args)]
pub struct PricingArgs {
    /// Price file to use instead of the built-in AWS us-east-1 prices (`advisor prices show`
    /// prints it).
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,

    /// Take Lambda's always-free allowance (1M requests and 400,000 GB-seconds a month) off
    /// the estimates; off by default, since it is shared by the whole account.
    #[arg(long)]
    pub free_tier: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Decision files, or directories to search for them (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Rule set to use instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format (`table` and `human` are accepted as aliases of `text`).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Report `better-fit` when another service outscores the chosen one by at least N points.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub margin: u32,

    /// The lowest finding level that fails the check (exit code 1).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Let a decision's `workload_file` point outside the checked tree: the repository each
    /// PATH is in (the nearest directory above it with `.git`), or the PATH itself outside a
    /// repository.
    #[arg(long)]
    pub allow_outside: bool,

    /// Report `cost-gap` when the chosen service's typical monthly estimate is at least RATIO
    /// times the cheapest viable service's, at the `demand.requests_per_month` the workload
    /// states (a decimal above 1).
    #[arg(
        long,
        value_name = "RATIO",
        default_value_t = crate::check::DEFAULT_COST_GAP,
        value_parser = crate::check::parse_cost_gap
    )]
    pub cost_gap: rust_decimal::Decimal,

    #[command(flatten)]
    pub pricing: PricingArgs,
}

/// The lowest finding level that fails `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum, value_name = "KIND")]
    pub kind: SchemaKind,
}
