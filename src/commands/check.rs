//! `advisor check`: find the decision files, check them, and stream each file's result to
//! the reporter `--format` chose. With `--format github` in a GitHub Actions job, the Markdown
//! report also goes to the job summary.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::Status;
use crate::check::{self, Level};
use crate::cli::{CheckArgs, FailOn};
use crate::input::{self, Delivery, Limits, walk};
use crate::report;
use crate::report::check::Format;

/// The file GitHub Actions renders as the job summary, named by this variable.
const STEP_SUMMARY: &str = "GITHUB_STEP_SUMMARY";

/// `color`: whether text output is coloured (`--color`).
pub fn run(args: &CheckArgs, limits: Limits, color: bool) -> anyhow::Result<Status> {
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let candidates = walk::candidates(&args.paths)?;
    let fail_on = match args.fail_on {
        FailOn::Error => Level::Error,
        FailOn::Warning => Level::Warning,
    };
    let options = check::Options {
        margin: args.margin,
        fail_on,
        tree: (!args.allow_outside).then(|| walk::checked_tree(&args.paths)),
        limits,
        pricing: super::pricing(&args.pricing, limits)?,
        cost_gap: args.cost_gap,
    };
    let progress = report::check::progress_bar(candidates.len(), args.format);
    let mut reporter = report::check::reporter(args.format, &rule_set, fail_on, color);
    // The job summary gets the Markdown report, fed the same files as the reporter.
    let mut job_summary = step_summary_path(args.format).map(|path| {
        let reporter = report::check::reporter(Format::Markdown, &rule_set, fail_on, false);
        (path, reporter, Vec::<u8>::new())
    });
    let delivery = input::stream_stdout(|out| {
        let summary = check::run(
            &candidates,
            &rule_set.rules,
            &options,
            &|| progress.inc(1),
            &mut |file| {
                reporter.file(out, file)?;
                if let Some((_, markdown, text)) = &mut job_summary {
                    markdown.file(text, file)?;
                }
                Ok(())
            },
        )?;
        progress.finish_and_clear();
        reporter.finish(out, &summary)?;
        if let Some((_, markdown, text)) = &mut job_summary {
            markdown.finish(text, &summary)?;
        }
        Ok(summary)
    })?;
    if let (Some((path, _, text)), Delivery::Written(_)) = (job_summary, &delivery) {
        append_step_summary(&path, text);
    }
    Ok(Status::answered(&delivery, |summary| {
        summary.fails(fail_on)
    }))
}

/// The job summary file, for `--format github` when `GITHUB_STEP_SUMMARY` names one.
fn step_summary_path(format: Format) -> Option<PathBuf> {
    if format != Format::Github {
        return None;
    }
    std::env::var_os(STEP_SUMMARY)
        .filter(|path: &OsString| !path.is_empty())
        .map(PathBuf::from)
}

/// Appends the Markdown report and a blank line (so that whatever is appended next is not
/// read as part of its table) to the job summary. The summary is a courtesy: a file that
/// cannot be written is a warning, and the check's result and exit code stand.
fn append_step_summary(path: &Path, mut text: Vec<u8>) {
    text.push(b'\n');
    let text = String::from_utf8_lossy(&text);
    if let Err(error) = input::append_file(path, &text) {
        super::warn(&format!(
            "cannot append the check's summary to {STEP_SUMMARY} ({}): {}; the result of the check is unchanged",
            path.display(),
            input::describe_io(&error)
        ));
    }
}
