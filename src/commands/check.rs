//! `advisor check`: find the decision files, check them, and stream each file's result to
//! the reporter `--format` chose.

use super::Status;
use crate::check::{self, Level};
use crate::cli::{CheckArgs, FailOn};
use crate::input::{self, Limits, walk};
use crate::report;

/// `color`: whether human output is coloured (`--color`).
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
    let delivery = input::stream_stdout(|out| {
        let summary = check::run(
            &candidates,
            &rule_set.rules,
            &options,
            &|| progress.inc(1),
            &mut |file| reporter.file(out, file),
        )?;
        progress.finish_and_clear();
        reporter.finish(out, &summary)?;
        Ok(summary)
    })?;
    Ok(Status::answered(&delivery, |summary| {
        summary.fails(fail_on)
    }))
}
