//! What `check` finds out about each file and the whole run. Kept apart from the checking so
//! that the reporters depend on these results (and [`super::finding`]) and nothing else.

use super::finding::{Finding, Level};

/// How one file came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A decision that holds (it may still have findings below `--fail-on`).
    Passed,
    /// A decision with findings at or above `--fail-on`.
    Failed,
    /// A file that could not be checked (`invalid-decision`).
    Invalid,
    Skipped(Skip),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// No top-level `advisor` key: some other Markdown or YAML file.
    NotADecision,
    /// No top-level `advisor` key but a top-level `runtime`: a workload file, which
    /// `recommend` reads and a decision's `workload_file` may point at.
    Workload,
    /// A decision whose status takes it out of checks, as written.
    Retired(String),
    /// A symbolic link in a walked directory; links are not followed, so a tree cannot
    /// loop or lead outside itself.
    SymbolicLink,
}

/// Everything reported about one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    pub outcome: Outcome,
    /// The chosen service, when the file names one.
    pub service: Option<String>,
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// Whether the file records a decision, so it belongs in per-decision reports (JUnit).
    pub fn is_decision(&self) -> bool {
        !matches!(
            self.outcome,
            Outcome::Skipped(Skip::NotADecision | Skip::Workload | Skip::SymbolicLink)
        )
    }
}

/// Counts over every file found; passed + failed + invalid + skipped = files.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    /// Files that record a decision, retired ones and unreadable ones included.
    pub decisions: usize,
    pub passed: usize,
    pub failed: usize,
    pub invalid: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Summary {
    pub(super) fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.decisions += usize::from(report.is_decision());
        match report.outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Invalid => self.invalid += 1,
            Outcome::Skipped(_) => self.skipped += 1,
        }
        for finding in &report.findings {
            match finding.level {
                Level::Error => self.errors += 1,
                Level::Warning => self.warnings += 1,
                Level::Note => self.notes += 1,
            }
        }
    }

    /// Whether any finding is at or above `fail_on` (exit code 1).
    pub fn fails(&self, fail_on: Level) -> bool {
        self.errors > 0
            || (fail_on <= Level::Warning && self.warnings > 0)
            || (fail_on <= Level::Note && self.notes > 0)
    }
}
