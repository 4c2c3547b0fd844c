//! `--format markdown`: for a pull-request comment or GitHub's job summary: a heading that
//! says whether the lint passed, the counts, and a table of the findings with long messages
//! folded. Every piece of text from a rule-set file or path is escaped by `report::markdown`.

use std::fmt::Write;

use super::{Context, level};
use crate::report::markdown::{self, Finding};
use crate::text::count;

pub fn render(context: &Context) -> String {
    let mut out = String::new();
    let verdict = if context.failed { "failed" } else { "passed" };
    let _ = writeln!(out, "## advisor rules lint {verdict}\n");
    let files: Vec<String> = context.files.iter().map(|f| markdown::code(f)).collect();
    let _ = writeln!(
        out,
        "Linted {} ({}): {}, {}.\n",
        count(context.files.len(), "rule set", "rule sets"),
        files.join(", "),
        count(context.errors(), "error", "errors"),
        count(context.warnings(), "warning", "warnings")
    );
    if context.findings.is_empty() {
        let _ = writeln!(out, "No findings.");
        return out;
    }
    out.push_str(&markdown::findings_table(context.findings.iter().map(
        |finding| Finding {
            file: &finding.file,
            line: finding.pos.line,
            column: finding.pos.column,
            level: level(finding),
            code: finding.code.id(),
            message: &finding.message,
        },
    )));
    out
}
