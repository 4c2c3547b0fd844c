//! Command-line arguments. Parsing only: what each command does lives in the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Ranks AWS compute services for a workload and explains every rank.
#[derive(Debug, Parser)]
#[command(name = "advisor", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Recommend a compute service for the workload described in WORKLOAD.
    Recommend(RecommendArgs),
}

#[derive(Debug, clap::Args)]
pub struct RecommendArgs {
    /// Workload file (YAML or JSON); `-` reads standard input.
    #[arg(value_name = "WORKLOAD")]
    pub workload: String,

    /// Rule set to use instead of the built-in AWS compute rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RecommendFormat::Table)]
    pub format: RecommendFormat,

    /// List every rule that fired, for every service, with its points and source.
    #[arg(long)]
    pub explain: bool,
}

/// How `recommend` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecommendFormat {
    /// A table for people, with reasons and open questions.
    Table,
    /// One JSON document for scripts (format_version 1).
    Json,
}
