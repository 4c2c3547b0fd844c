//! `--format text`: `path:line:col: level[code]: message`, one line per finding, then the
//! summary, like ruff and compilers.

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Reporter, summary_line};
use crate::check::{FileReport, Level, Summary};
use crate::report::SafeText;

pub struct Text {
    color: bool,
}

impl Text {
    pub fn new(color: bool) -> Self {
        Text { color }
    }
}

impl Reporter for Text {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for finding in &report.findings {
            let style = match finding.level {
                Level::Error => AnsiColor::Red.on_default().bold(),
                Level::Warning => AnsiColor::Yellow.on_default().bold(),
                Level::Note => AnsiColor::Cyan.on_default().bold(),
            };
            // One line per finding: a line break in a path or message is escaped too.
            let mut line = SafeText::one_line(self.color);
            line.styled(
                Style::new().bold(),
                format_args!(
                    "{}:{}:{}",
                    report.path, finding.pos.line, finding.pos.column
                ),
            );
            let _ = write!(line, ": ");
            line.styled(
                style,
                format_args!("{}[{}]", finding.level.name(), finding.code.id()),
            );
            let _ = write!(line, ": {}", finding.message);
            writeln!(out, "{}", line.into_string())?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary_line(summary))
    }
}
