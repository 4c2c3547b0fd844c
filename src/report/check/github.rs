//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request (escaped by `report::github`), then the summary line.

use std::io::{self, Write};

use super::{Reporter, summary_line};
use crate::check::{FileReport, Level, Summary};
use crate::report::github::{Annotation, command};

pub struct Github;

impl Reporter for Github {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for finding in &report.findings {
            let annotation = match finding.level {
                Level::Error => Annotation::Error,
                Level::Warning => Annotation::Warning,
                Level::Note => Annotation::Notice,
            };
            writeln!(
                out,
                "{}",
                command(
                    annotation,
                    &report.path,
                    finding.pos.line,
                    finding.pos.column,
                    finding.code.id(),
                    &finding.message
                )
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary_line(summary))
    }
}
