//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request. Escaped as the Actions toolkit escapes them, so no text
//! from a decision file can end a command early or start a second one.

use std::io::{self, Write};

use super::{Reporter, summary_line};
use crate::check::{FileReport, Level, Summary};
use crate::report::escape_controls;

pub struct Github;

impl Reporter for Github {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for finding in &report.findings {
            let command = match finding.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Note => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},title={}::{}",
                escape_property(&report.path),
                finding.pos.line,
                finding.pos.column,
                escape_property(&format!("advisor {}", finding.code.id())),
                escape_data(&finding.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary_line(summary))
    }
}

/// A command's message: `%`, CR and LF are percent-encoded (toolkit `escapeData`); other
/// control characters, which the log would render, are shown as `\u{..}`.
fn escape_data(text: &str) -> String {
    escape_controls(
        &text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// A command property: as data, plus `:` and `,`, which would end the property (toolkit
/// `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_start_a_second_command() {
        assert_eq!(
            escape_data("50% done\n::error::forged\r"),
            "50%25 done%0A::error::forged%0D"
        );
    }

    #[test]
    fn properties_escape_separators_and_terminal_controls() {
        assert_eq!(
            escape_property("a,b:c%\u{1b}[31m.md"),
            "a%2Cb%3Ac%25\\u{1b}[31m.md"
        );
    }
}
