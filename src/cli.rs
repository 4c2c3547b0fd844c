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
    /// Check architecture decision records that name a service against the rules (for CI).
    Check(CheckArgs),
    /// Print the JSON Schema of a file format or of the JSON output, for editors and scripts.
    Schema(SchemaArgs),
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
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `path:line:col: level[code]: message` lines and a summary, for people.
    Human,
    /// One JSON document with every file's status and findings (format_version 1).
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test case per decision file.
    Junit,
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

/// What `schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A workload file, as `recommend` reads it.
    Workload,
    /// A rule-set file, as `--rules` reads it.
    Rules,
    /// A decision file (plain YAML, or Markdown front matter), as `check` reads it.
    Decision,
    /// The output of `recommend --format json`.
    Recommendation,
}
