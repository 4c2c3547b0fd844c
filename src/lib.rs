//! advisor ranks AWS compute services for a workload from a declarative rule set, and
//! explains every rank.
//!
//! The modules follow the data: [`workload`] and [`rules`] turn files into validated
//! models, [`engine`] evaluates and ranks, [`report`] renders the result; [`schema`]
//! describes the file formats and the JSON output for editors and scripts.

pub mod builtin;
pub mod check;
pub mod cli;
mod diagnostic;
pub mod engine;
mod fields;
mod input;
pub mod report;
pub mod rules;
pub mod schema;
mod value;
pub mod workload;
mod yaml;

use std::io::Write;
use std::process::ExitCode;

pub use diagnostic::{Diagnostic, Diagnostics};

use cli::{Cli, Command, RecommendArgs, SchemaArgs};

/// How a command ended, mapped to the exit codes of SPEC section 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: a recommendation was made, or no finding at or above `--fail-on`.
    Success,
    /// 1: the command ran, and its answer is negative: no viable service, or findings at or
    /// above `--fail-on`.
    Negative,
    /// 2: the command could not do its job.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(match status {
            Status::Success => 0,
            Status::Negative => 1,
            Status::Error => 2,
        })
    }
}

/// Runs one command. Errors are for exit code 2; print them with [`report_error`].
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Recommend(args) => recommend(&args),
        Command::Check(args) => Ok(match check::run(&args)? {
            check::Checked::Delivered(summary) if summary.fails(args.fail_on) => Status::Negative,
            check::Checked::Delivered(_) | check::Checked::ReaderGone => Status::Success,
        }),
        Command::Schema(args) => print_schema(&args),
    }
}

fn recommend(args: &RecommendArgs) -> anyhow::Result<Status> {
    let rule_set = input::load_rule_set(args.rules.as_deref())?;
    let workload = input::load_workload(&args.workload)?;
    let recommendation = engine::recommend(&rule_set.rules, &workload);
    let context = report::recommend::Context {
        rule_set: &rule_set,
        workload: &workload,
        recommendation: &recommendation,
        explain: args.explain,
        color: report::color_wanted(),
    };
    let delivery = input::write_stdout(&report::recommend::render(args.format, &context))?;
    Ok(
        if recommendation.top().is_some() || delivery == input::Delivery::ReaderGone {
            Status::Success
        } else {
            Status::Negative
        },
    )
}

fn print_schema(args: &SchemaArgs) -> anyhow::Result<Status> {
    let mut text = serde_json::to_string_pretty(&schema::generate(args.kind))?;
    text.push('\n');
    input::write_stdout(&text)?;
    Ok(Status::Success)
}

/// Prints an error for the user on stderr: diagnostics as `file:line:col: message` lines,
/// anything else as `error: ...`.
pub fn report_error(error: &anyhow::Error) {
    let text = match error.downcast_ref::<Diagnostics>() {
        Some(diagnostics) => diagnostics.to_string(),
        None => format!("error: {error:#}"),
    };
    // Nothing useful is left to do if stderr itself is gone.
    let _ = writeln!(std::io::stderr(), "{}", report::sanitize(&text));
}
