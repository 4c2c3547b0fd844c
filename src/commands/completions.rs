//! `advisor completions SHELL`: clap writes the script from the same definition that parses.

use clap::CommandFactory;

use super::Status;
use crate::cli::{Cli, CompletionsArgs};
use crate::input;

pub fn run(args: &CompletionsArgs) -> anyhow::Result<Status> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "advisor", &mut script);
    input::write_stdout(&String::from_utf8_lossy(&script))?;
    Ok(Status::Success)
}
