//! `advisor man`: the manual page, rendered from the same definition that parses.

use clap::CommandFactory;

use super::Status;
use crate::cli::Cli;
use crate::input;

pub fn run() -> anyhow::Result<Status> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    input::write_stdout(&String::from_utf8_lossy(&page))?;
    Ok(Status::Success)
}
