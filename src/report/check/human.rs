//! `--format human`: `path:line:col: level[code]: message`, one line per finding, then the
//! summary, like ruff and compilers.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Reporter, summary_line};
use crate::check::{FileReport, Level, Summary};
use crate::report::{Paint, escape_controls};

pub struct Human {
    paint: Paint,
}

impl Human {
    pub fn new(color: bool) -> Self {
        Human {
            paint: Paint(color),
        }
    }
}

impl Reporter for Human {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let path = escape_controls(&report.path);
        for finding in &report.findings {
            let style = match finding.level {
                Level::Error => AnsiColor::Red.on_default().bold(),
                Level::Warning => AnsiColor::Yellow.on_default().bold(),
                Level::Note => AnsiColor::Cyan.on_default().bold(),
            };
            let level = format!("{}[{}]", finding.level.name(), finding.code.id());
            writeln!(
                out,
                "{}: {}: {}",
                self.paint.style(
                    &format!("{path}:{}:{}", finding.pos.line, finding.pos.column),
                    Style::new().bold()
                ),
                self.paint.style(&level, style),
                escape_controls(&finding.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary_line(summary))
    }
}
