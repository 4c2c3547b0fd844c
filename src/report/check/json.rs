//! `--format json`: one document with every file's status and findings (`format_version` 1),
//! written file by file as results arrive. Fields may be added in later releases; none is
//! renamed or removed without a new format version.

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, indent, pretty};
use crate::check::{FileReport, Outcome, Skip, Summary};
use crate::report::RuleSetRef;
use crate::rules::LoadedRuleSet;

pub struct Json {
    header: String,
    files_written: usize,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    /// `passed`, `failed`, `invalid` or `skipped`.
    status: &'static str,
    /// Why a skipped file was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    service: Option<&'a str>,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'static str,
    level: &'static str,
    line: u64,
    column: u64,
    message: &'a str,
    rules: &'a [String],
}

impl Json {
    pub fn new(rule_set: &LoadedRuleSet) -> Self {
        let header = format!(
            "{{\n  \"format_version\": 1,\n  \"advisor_version\": {},\n  \"rule_set\": {},\n  \"files\": [",
            pretty(&env!("CARGO_PKG_VERSION")),
            indent(&pretty(&RuleSetRef::from(rule_set)), 2),
        );
        Json {
            header,
            files_written: 0,
        }
    }
}

impl Reporter for Json {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let (status, reason) = match &report.outcome {
            Outcome::Passed => ("passed", None),
            Outcome::Failed => ("failed", None),
            Outcome::Invalid => ("invalid", None),
            Outcome::Skipped(Skip::NotADecision) => {
                ("skipped", Some("not a decision file".to_string()))
            }
            Outcome::Skipped(Skip::Workload) => (
                "skipped",
                Some("a workload file, not a decision record".to_string()),
            ),
            Outcome::Skipped(Skip::SymbolicLink) => {
                ("skipped", Some("symbolic link, not followed".to_string()))
            }
            Outcome::Skipped(Skip::Retired(status)) => {
                ("skipped", Some(format!("status is `{status}`")))
            }
        };
        let file = File {
            path: &report.path,
            status,
            reason,
            service: report.service.as_deref(),
            findings: report
                .findings
                .iter()
                .map(|f| Finding {
                    code: f.code.id(),
                    level: f.level.name(),
                    line: f.pos.line,
                    column: f.pos.column,
                    message: &f.message,
                    rules: &f.rules,
                })
                .collect(),
        };
        if self.files_written == 0 {
            out.write_all(self.header.as_bytes())?;
        }
        let separator = if self.files_written == 0 { "" } else { "," };
        self.files_written += 1;
        write!(out, "{separator}\n    {}", indent(&pretty(&file), 4))
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.files_written == 0 {
            out.write_all(self.header.as_bytes())?;
        }
        let close = if self.files_written == 0 {
            "]"
        } else {
            "\n  ]"
        };
        writeln!(
            out,
            "{close},\n  \"summary\": {}\n}}",
            indent(&pretty(summary), 2)
        )
    }
}
