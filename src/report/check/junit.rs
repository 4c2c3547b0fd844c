//! `--format junit`: JUnit XML for CI test views. Each decision file is a test case; each
//! finding at or above `--fail-on` is a failure (errors always, warnings too with
//! `--fail-on warning`), and lower findings go to the case's `system-out`. Retired decisions
//! are skipped cases; files that are not decisions are not cases.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Reporter;
use crate::check::{FileReport, Level, Outcome, Skip, Summary};

/// Cases are kept until the end, because the totals come first in the XML.
pub struct Junit {
    fail_on: Level,
    cases: String,
    tests: usize,
    failures: usize,
    skipped: usize,
}

impl Junit {
    pub fn new(fail_on: Level) -> Self {
        Junit {
            fail_on,
            cases: String::new(),
            tests: 0,
            failures: 0,
            skipped: 0,
        }
    }
}

impl Reporter for Junit {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        if !report.is_decision() {
            return Ok(());
        }
        self.tests += 1;
        let path = xml(&report.path);
        let _ = write!(
            self.cases,
            "    <testcase classname=\"advisor.check\" name=\"{path}\" file=\"{path}\">"
        );
        let mut system_out = String::new();
        let mut failures = 0;
        for finding in &report.findings {
            let location = format!(
                "{}:{}:{}: {}[{}]: {}",
                report.path,
                finding.pos.line,
                finding.pos.column,
                finding.level.name(),
                finding.code.id(),
                finding.message
            );
            if finding.level >= self.fail_on {
                failures += 1;
                let _ = write!(
                    self.cases,
                    "\n      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    finding.code.id(),
                    xml(&finding.message),
                    xml(&location)
                );
            } else {
                system_out.push_str(&xml(&location));
                system_out.push('\n');
            }
        }
        if let Outcome::Skipped(Skip::Retired(status)) = &report.outcome {
            self.skipped += 1;
            let _ = write!(
                self.cases,
                "\n      <skipped message=\"status is {}\"/>",
                xml(status)
            );
        }
        if failures > 0 {
            self.failures += 1;
        }
        if !system_out.is_empty() {
            let _ = write!(self.cases, "\n      <system-out>{system_out}</system-out>");
        }
        self.cases.push_str("\n    </testcase>\n");
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let totals = format!(
            "tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\"",
            self.tests, self.failures, self.skipped
        );
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"advisor check\" {totals}>\n  <testsuite name=\"advisor check\" {totals}>\n{}  </testsuite>\n</testsuites>\n",
            self.cases
        )
    }
}

/// Text for XML content and attributes: markup characters and line breaks as character
/// references, and other control characters (which XML 1.0 forbids) as `\u{..}`.
fn xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            c if c.is_control() => escaped.extend(c.escape_unicode()),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escapes_markup_breaks_and_forbidden_controls() {
        assert_eq!(
            xml("<a href=\"x\">&'</a>\n\u{1b}[0m"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;&#10;\\u{1b}[0m"
        );
    }
}
