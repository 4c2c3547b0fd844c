//! `--format markdown`: for a pull-request comment or GitHub's job summary (also what
//! `--format github` appends to `$GITHUB_STEP_SUMMARY`): a heading that says whether the check
//! passed, the counts, and a table of the findings with long messages folded. The heading
//! needs the counts, so the findings are kept until the end: only they, not every file
//! checked. Every piece of text from a decision file or path is escaped by
//! `report::markdown`.

use std::io::{self, Write};

use super::{Reporter, summary_line};
use crate::check::{FileReport, Level, Summary};
use crate::report::markdown::{self, Finding};

pub struct Markdown {
    fail_on: Level,
    findings: Vec<Row>,
}

/// A finding, as the table shows it.
struct Row {
    path: String,
    line: u64,
    column: u64,
    level: &'static str,
    code: &'static str,
    message: String,
}

impl Markdown {
    pub fn new(fail_on: Level) -> Self {
        Markdown {
            fail_on,
            findings: Vec::new(),
        }
    }
}

impl Reporter for Markdown {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.findings
            .extend(report.findings.iter().map(|finding| Row {
                path: report.path.clone(),
                line: finding.pos.line,
                column: finding.pos.column,
                level: finding.level.name(),
                code: finding.code.id(),
                message: finding.message.clone(),
            }));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let verdict = if summary.fails(self.fail_on) {
            "failed"
        } else {
            "passed"
        };
        let counts = summary_line(summary);
        let counts = counts.strip_prefix("checked ").unwrap_or(&counts);
        write!(
            out,
            "## advisor check {verdict}\n\nChecked {}.\n\n",
            markdown::text(counts)
        )?;
        if self.findings.is_empty() {
            return writeln!(out, "No findings.");
        }
        let table = markdown::findings_table(self.findings.iter().map(|row| Finding {
            file: &row.path,
            line: row.line,
            column: row.column,
            level: row.level,
            code: row.code,
            message: &row.message,
        }));
        out.write_all(table.as_bytes())
    }
}
