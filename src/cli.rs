//! Command-line arguments. Parsing only: what each command does lives in `commands`. The
//! choices that belong to a stage (output formats, schema kinds) are defined there and only
//! named here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::ColorChoice;
use crate::report::check::Format as CheckFormat;
use crate::report::diff::Format as DiffFormat;
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
    /// Check architecture decision records that name a service against the rules (for CI).
    Check(CheckArgs),
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
    /// Print advisor's manual page (roff), for `man`.
    Man,
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// How `rules list` prints the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RulesShowArgs {
    /// The rule's id, as `advisor rules list` shows it.
    #[arg(value_name = "ID")]
    pub id: String,

    /// Rule set to look in instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// How `rules show` prints a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = PricesFormat::Table)]
    pub format: PricesFormat,
}

#[derive(Debug, clap::Args)]
pub struct RecommendArgs {
    /// Workload file (YAML or JSON); `-` reads standard input. Several files, or directories
    /// to search for them (`.yaml`, `.yml`, `.json`; files there without a top-level `runtime`
    /// are skipped), give one summary table of every workload.
    #[arg(value_name = "WORKLOAD", required = true)]
    pub workloads: Vec<String>,

    /// Rule set to use instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RecommendFormat::Table)]
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
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

    /// Let a decision's `workload_file` point outside the checked tree (the current
    /// directory and the PATHs given).
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
