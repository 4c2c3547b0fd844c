//! Reading the user's files and writing results: the only place that touches the file
//! system and the standard streams, so errors name the file in one consistent way.

use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::Context;

use crate::builtin;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::rules::{self, RuleSet};
use crate::workload::{self, Workload};

/// A validated rule set and where it came from.
pub struct LoadedRuleSet {
    pub rules: RuleSet,
    /// `None` for the built-in rule set, else the path as given.
    pub path: Option<String>,
}

/// The rule set at `path`, or the built-in one.
pub fn load_rule_set(path: Option<&Path>) -> anyhow::Result<LoadedRuleSet> {
    let Some(path) = path else {
        return Ok(LoadedRuleSet {
            rules: builtin::rule_set(),
            path: None,
        });
    };
    let label = path.display().to_string();
    let text = read_text(&label)?;
    Ok(LoadedRuleSet {
        rules: rules::parse(&text, &label)?,
        path: Some(label),
    })
}

/// The workload at `path`; `-` reads standard input.
pub fn load_workload(path: &str) -> anyhow::Result<Workload> {
    let label = if path == "-" { "<stdin>" } else { path };
    let text = read_text(path)?;
    Ok(workload::parse(&text, path, label)?)
}

/// Reads a whole file (or standard input for `-`) as UTF-8 text.
pub fn read_text(path: &str) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if path == "-" {
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("<stdin>: cannot read standard input")?;
    } else if Path::new(path).is_dir() {
        anyhow::bail!("{path}: is a directory; expected a file");
    } else {
        bytes = std::fs::read(path).with_context(|| format!("{path}: cannot read the file"))?;
    }
    let label = if path == "-" { "<stdin>" } else { path };
    Ok(decode(bytes, label)?)
}

/// File content as UTF-8 text, or an error at the first byte that is not.
pub fn decode(bytes: Vec<u8>, label: &str) -> Result<String, Diagnostics> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Diagnostics::from(Diagnostic::new(
            label,
            Position::new(line as u64, column as u64),
            "the file is not valid UTF-8 text; save it as UTF-8",
        ))
    })
}

/// Whether the output reached its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Written,
    /// The reader went away (`advisor ... | head -1`); SPEC 5 says to end quietly with 0.
    ReaderGone,
}

/// Writes the whole output at once; a closed pipe is not an error.
pub fn write_stdout(text: &str) -> anyhow::Result<Delivery> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(Delivery::Written),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(Delivery::ReaderGone),
        Err(error) => Err(error).context("cannot write to standard output"),
    }
}
