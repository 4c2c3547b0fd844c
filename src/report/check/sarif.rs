//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it (built with
//! `report::sarif`). One run; its driver lists every finding code as a rule, and each finding
//! is a result with a repository-relative location. Results are written as they arrive.

use std::io::{self, Write};

use super::Reporter;
use crate::check::{Code, FileReport, Summary};
use crate::report::sarif;

pub struct Sarif {
    results_written: usize,
}

impl Sarif {
    pub fn new() -> Self {
        Sarif { results_written: 0 }
    }

    fn header() -> String {
        let rules = Code::ALL
            .iter()
            .map(|code| {
                sarif::rule(
                    code.id(),
                    code.summary(),
                    code.explanation(),
                    code.default_level().name(),
                )
            })
            .collect();
        sarif::header(&sarif::driver(rules))
    }
}

impl Reporter for Sarif {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for finding in &report.findings {
            let rule_index = Code::ALL
                .iter()
                .position(|c| *c == finding.code)
                .expect("every code is listed");
            let result = sarif::result(
                finding.code.id(),
                rule_index,
                finding.level.name(),
                &finding.message,
                &report.path,
                finding.pos.line,
                finding.pos.column,
            );
            if self.results_written == 0 {
                out.write_all(Sarif::header().as_bytes())?;
            }
            out.write_all(sarif::result_text(&result, self.results_written).as_bytes())?;
            self.results_written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if self.results_written == 0 {
            out.write_all(Sarif::header().as_bytes())?;
        }
        out.write_all(sarif::footer(self.results_written > 0).as_bytes())
    }
}
