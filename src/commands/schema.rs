//! `advisor schema KIND`: one JSON Schema, pretty-printed.

use super::Status;
use crate::cli::SchemaArgs;
use crate::{input, schema};

pub fn run(args: &SchemaArgs) -> anyhow::Result<Status> {
    let mut text = serde_json::to_string_pretty(&schema::generate(args.kind))?;
    text.push('\n');
    input::write_stdout(&text)?;
    Ok(Status::Success)
}
