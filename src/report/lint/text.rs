//! `--format text`: `path:line:col: level[code]: message` per finding, then the summary, like
//! ruff and compilers.

use std::fmt::Write;

use super::{Context, level, summary_line};
use crate::report::escape_controls;

pub fn render(context: &Context) -> String {
    let mut out = String::new();
    for finding in context.findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            escape_controls(&finding.file),
            finding.pos.line,
            finding.pos.column,
            level(finding),
            finding.code.id(),
            escape_controls(&finding.message)
        );
    }
    let _ = writeln!(out, "{}", summary_line(context));
    out
}
