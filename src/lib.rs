//! advisor ranks AWS compute services for a workload from a declarative rule set, and
//! explains every rank.
//!
//! The modules follow the data (see `docs/architecture.md`): `input` reads files, which
//! [`workload`] and [`rules`] turn into validated models, [`engine`] evaluates and ranks,
//! [`check`] holds decisions against the rules, [`report`] renders the result; [`schema`]
//! describes the file formats and the JSON output. [`commands`] wires them together, one
//! module per subcommand, and this file only dispatches.

#[cfg(feature = "bench")]
#[doc(hidden)]
pub mod bench;
pub mod builtin;
pub mod check;
pub mod cli;
pub mod commands;
pub mod cost;
pub mod date;
mod diagnostic;
pub mod diff;
pub mod engine;
mod fields;
mod input;
pub mod lint;
pub mod portfolio;
pub mod prices;
pub mod questions;
pub mod report;
pub mod rules;
pub mod schema;
mod template;
mod text;
mod validate;
mod value;
pub mod whynot;
pub mod workload;
mod yaml;

pub use commands::{Status, report_error};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use input::Limits;

use cli::{Cli, Command, PricesCommand, RulesCommand};

/// Runs one command. Errors are for exit code 2; print them with [`report_error`].
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    let limits = Limits::megabytes(cli.max_input_mb);
    let color = cli.color.wanted();
    match cli.command {
        Command::Recommend(args) => commands::recommend::run(&args, limits, color),
        Command::Cost(args) => commands::cost::run(&args, limits, color),
        Command::Check(args) => commands::check::run(&args, limits, color),
        Command::Decide(args) => commands::decide::run(&args, limits),
        Command::Rules(RulesCommand::List(args)) => commands::rules::list(&args, limits),
        Command::Rules(RulesCommand::Show(args)) => commands::rules::show(&args, limits),
        Command::Rules(RulesCommand::Lint(args)) => commands::rules::lint(&args, limits),
        Command::Rules(RulesCommand::Diff(args)) => commands::rules::diff(&args, limits),
        Command::Prices(PricesCommand::Show(args)) => commands::prices::show(&args, limits),
        Command::Init(args) => commands::init::run(&args),
        Command::Completions(args) => commands::completions::run(&args),
        Command::Man(args) => commands::man::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
    }
}
