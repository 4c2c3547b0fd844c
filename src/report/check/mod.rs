//! `advisor check`: one reporter per `--format`. Reporters are fed one file at a time, in
//! path order, and write as they go, so a large tree is never held in memory. The progress
//! bar is here too: whether to show one depends on the format.

mod github;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::check::{FileReport, Level, Summary};
use crate::report::{indent, pretty};
use crate::rules::LoadedRuleSet;
use crate::text::count;

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people: `path:line:col: level[code]: message` lines and a summary.
    #[value(alias = "table", alias = "human")]
    Text,
    /// One JSON document with every file's status and findings (format_version 1).
    Json,
    /// Markdown with a heading, the counts and a table of the findings, for a pull-request
    /// comment or GitHub's job summary.
    Markdown,
    /// GitHub Actions workflow commands, shown as annotations on the pull request; with
    /// GITHUB_STEP_SUMMARY set, the Markdown report is also appended to that file.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test case per decision file.
    Junit,
}

pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The reporter for `format`; `color` says whether text output is coloured.
pub fn reporter(
    format: Format,
    rule_set: &LoadedRuleSet,
    fail_on: Level,
    color: bool,
) -> Box<dyn Reporter> {
    match format {
        Format::Text => Box::new(text::Text::new(color)),
        Format::Json => Box::new(json::Json::new(rule_set)),
        Format::Markdown => Box::new(markdown::Markdown::new(fail_on)),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::Sarif::new()),
        Format::Junit => Box::new(junit::Junit::new(fail_on)),
    }
}

/// Trees with more files than this get a progress bar on a terminal.
const PROGRESS_THRESHOLD: usize = 100;

/// A progress bar on stderr for large trees, only for people watching a terminal: never in
/// CI (`CI` set), in a pipe, or with a machine-readable format.
pub fn progress_bar(files: usize, format: Format) -> ProgressBar {
    let wanted = format == Format::Text
        && files > PROGRESS_THRESHOLD
        && std::env::var_os("CI").is_none()
        && io::stderr().is_terminal();
    if wanted {
        let style = ProgressStyle::with_template("checking {pos}/{len} files {wide_bar} {eta}")
            .expect("a valid progress template");
        ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr())
            .with_style(style)
    } else {
        ProgressBar::hidden()
    }
}

/// `checked 25 files (9 decision records): 6 passed, 1 failed, 2 invalid, 16 skipped; 3
/// errors, 2 warnings, 0 notes`: every category every time, in this order, so a script or a
/// reader never has to guess whether a missing count means zero.
fn summary_line(summary: &Summary) -> String {
    format!(
        "checked {} ({}): {} passed, {} failed, {} invalid, {} skipped; {}, {}, {}",
        count(summary.files, "file", "files"),
        count(summary.decisions, "decision record", "decision records"),
        summary.passed,
        summary.failed,
        summary.invalid,
        summary.skipped,
        count(summary.errors, "error", "errors"),
        count(summary.warnings, "warning", "warnings"),
        count(summary.notes, "note", "notes"),
    )
}
