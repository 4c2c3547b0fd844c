//! `advisor recommend`: load, rank, optionally ask why not, render; for several workloads
//! (several files, or a directory), the same for each, in parallel, as one summary.

use std::path::{Path, PathBuf};

use super::Status;
use crate::cli::RecommendArgs;
use crate::cost::Pricing;
use crate::date::Date;
use crate::input::{self, Limits, walk};
use crate::portfolio::{self, Evaluated, Outcome};
use crate::report::recommend::portfolio::{self as report_portfolio, Row, SkippedDoc};
use crate::report::recommend::{Context, Format};
use crate::rules::{LoadedRuleSet, RuleSet, ServiceIndex};
use crate::{engine, report};

/// `color`: whether the table is coloured (`--color`).
pub fn run(args: &RecommendArgs, limits: Limits, color: bool) -> anyhow::Result<Status> {
    let several = args.workloads.len() > 1
        || args
            .workloads
            .iter()
            .any(|w| w != "-" && Path::new(w).is_dir());
    if several {
        return run_portfolio(args, limits, color);
    }
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let workload = input::load_workload(&args.workloads[0], &args.set, limits)?;
    let pricing = super::pricing(&args.pricing, limits)?;
    let why_not = match &args.why_not {
        Some(id) => Some(candidate_service(&rule_set.rules, id)?),
        None => None,
    };
    let evaluated = portfolio::evaluate(
        &rule_set.rules,
        &pricing,
        workload,
        why_not,
        portfolio::Detail::Full,
    );
    let setting = Setting {
        rule_set: &rule_set,
        pricing: &pricing,
        today: super::today()?,
        explain: args.explain,
        color,
    };
    let delivery = input::write_stdout(&report::recommend::render(
        args.format,
        &setting.context(&evaluated),
    ))?;
    Ok(Status::answered(&delivery, |()| {
        evaluated.judged.recommendation.answer == engine::Answer::NoneViable
    }))
}

/// What every workload's report shares.
struct Setting<'a> {
    rule_set: &'a LoadedRuleSet,
    pricing: &'a Pricing,
    today: Date,
    explain: bool,
    color: bool,
}

impl Setting<'_> {
    fn context<'a>(&'a self, evaluated: &'a Evaluated) -> Context<'a> {
        Context {
            rule_set: self.rule_set,
            workload: &evaluated.workload,
            recommendation: &evaluated.judged.recommendation,
            questions: &evaluated.judged.questions,
            explain: self.explain,
            why_not: evaluated.why_not.as_ref(),
            color: self.color,
            estimates: &evaluated.judged.estimates,
            pricing: self.pricing,
            today: self.today,
        }
    }
}

/// What one file of a portfolio gives the report, made in the worker threads.
enum Item {
    /// A row of the table, with the workload's `--explain` or `--why-not` section.
    Row(Row, Option<String>),
    /// An entry of the JSON document's `workloads`.
    Json(Vec<u8>),
    Skipped(String, &'static str),
}

/// Several workloads: every file named and every workload under the directories named,
/// each evaluated, as one summary table or one JSON document. Invalid files are reported on
/// standard error as they are met and end the run with exit code 2, after the others.
fn run_portfolio(args: &RecommendArgs, limits: Limits, color: bool) -> anyhow::Result<Status> {
    if args.workloads.iter().any(|w| w == "-") {
        anyhow::bail!(
            "`-` (standard input) must be the only WORKLOAD; name files or directories to recommend for several workloads"
        );
    }
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let pricing = super::pricing(&args.pricing, limits)?;
    let why_not = match &args.why_not {
        Some(id) => Some(candidate_service(&rule_set.rules, id)?),
        None => None,
    };
    let paths: Vec<PathBuf> = args.workloads.iter().map(PathBuf::from).collect();
    let candidates = walk::workload_candidates(&paths)?;
    let setting = Setting {
        rule_set: &rule_set,
        pricing: &pricing,
        today: super::today()?,
        explain: args.explain,
        color,
    };
    let options = portfolio::Options {
        rule_set: &rule_set.rules,
        pricing: &pricing,
        overrides: &args.set,
        why_not,
        // The table shows what the recommendation costs and how many questions can change
        // it; each workload's full output (with --explain) and its JSON document, what every
        // service costs and every answer that changes something.
        detail: if args.format == Format::Text && !args.explain {
            portfolio::Detail::Summary
        } else {
            portfolio::Detail::Full
        },
        memo: portfolio::Memo::new(&rule_set.rules),
        limits,
    };
    let format = args.format;
    // Each file's item, and the error to report on standard error for an invalid one.
    let map = |outcome: Outcome| -> (Item, Option<anyhow::Error>) {
        match outcome {
            Outcome::Evaluated(evaluated) => {
                let context = setting.context(&evaluated);
                let item = match format {
                    Format::Json => Item::Json(report_portfolio::json_workload(&context)),
                    Format::Text => Item::Row(
                        Row::of(&context),
                        (args.explain || args.why_not.is_some())
                            .then(|| report_portfolio::section(&context)),
                    ),
                    Format::Markdown => Item::Row(
                        Row::of(&context),
                        (args.explain || args.why_not.is_some())
                            .then(|| report_portfolio::markdown_section(&context)),
                    ),
                };
                (item, None)
            }
            Outcome::Invalid { path, error } => {
                let item = match format {
                    Format::Json => Item::Json(report_portfolio::json_invalid(&path, &error)),
                    Format::Text | Format::Markdown => Item::Row(
                        Row::invalid(&path, report_portfolio::error_count(&error)),
                        None,
                    ),
                };
                (item, Some(error))
            }
            Outcome::Skipped { path, reason } => (Item::Skipped(path, reason), None),
        }
    };
    let mut rows = Vec::new();
    let mut sections = Vec::new();
    let mut skipped = Vec::new();
    let workers = portfolio::Workers::new()?;
    let delivery = input::stream_stdout(|out| {
        if format == Format::Json {
            out.write_all(&report_portfolio::json_start())?;
        }
        let mut written = 0;
        let sink = &mut |(item, error): (Item, Option<anyhow::Error>)| {
            if let Some(error) = error {
                super::report_error(&error);
            }
            match item {
                Item::Row(row, section) => {
                    rows.push(row);
                    sections.extend(section);
                }
                Item::Json(entry) => {
                    out.write_all(report_portfolio::json_separator(written))?;
                    out.write_all(&entry)?;
                    written += 1;
                }
                Item::Skipped(path, reason) => skipped.push((path, reason)),
            }
            Ok(())
        };
        let summary = portfolio::run(&workers, &candidates, &options, &map, sink)?;
        let text: Vec<u8> = match format {
            Format::Json => {
                let skipped: Vec<SkippedDoc> = skipped
                    .iter()
                    .map(|(path, reason)| SkippedDoc::new(path, reason))
                    .collect();
                report_portfolio::json_end(written, &skipped, &summary)
            }
            Format::Text | Format::Markdown => {
                let notes = report_portfolio::Notes {
                    pricing: &pricing,
                    today: setting.today,
                    overrides: &overrides(args),
                    color,
                };
                // On the workers, which draw the rows of a large table in parallel.
                workers
                    .install(|| {
                        if format == Format::Markdown {
                            report_portfolio::markdown(&rows, &sections, &summary, &notes)
                        } else {
                            report_portfolio::table(&rows, &sections, &summary, &notes)
                        }
                    })
                    .into_bytes()
            }
        };
        out.write_all(&text)?;
        Ok(summary)
    })?;
    Ok(match delivery {
        input::Delivery::ReaderGone => Status::Success,
        input::Delivery::Written(summary) if summary.invalid > 0 => Status::Error,
        input::Delivery::Written(summary) if summary.no_viable_service > 0 => Status::Negative,
        input::Delivery::Written(_) => Status::Success,
    })
}

/// The `--set` overrides as `FIELD=VALUE`, as each workload shows them.
fn overrides(args: &RecommendArgs) -> Vec<String> {
    args.set.iter().map(|o| o.to_string()).collect()
}

/// The index of a ranked service named on the command line.
fn candidate_service(rule_set: &RuleSet, id: &str) -> anyhow::Result<ServiceIndex> {
    super::candidate(rule_set, "--why-not", id)
}
