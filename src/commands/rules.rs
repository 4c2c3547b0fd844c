//! `advisor rules list|show|lint|diff`.

use super::Status;
use std::path::Path;

use crate::cli::{
    FailOn, ListFormat, RulesDiffArgs, RulesLintArgs, RulesListArgs, RulesShowArgs, ShowFormat,
};
use crate::diagnostic::Diagnostics;
use crate::input::{self, Limits, walk};
use crate::rules::LoadedRuleSet;
use crate::{diff, fields, lint, report};

pub fn list(args: &RulesListArgs, limits: Limits) -> anyhow::Result<Status> {
    let loaded = input::load_rule_set(args.rules.as_deref(), limits)?;
    let text = match args.format {
        ListFormat::Text => report::rules::list_table(&loaded.rules),
        ListFormat::Json => report::rules::list_json(&loaded),
    };
    input::write_stdout(&text)?;
    Ok(Status::Success)
}

pub fn show(args: &RulesShowArgs, limits: Limits) -> anyhow::Result<Status> {
    let loaded = input::load_rule_set(args.rules.as_deref(), limits)?;
    let rule_set = &loaded.rules;
    let Some(rule) = rule_set.rules.iter().find(|r| r.id == args.id) else {
        if let Some(disabled) = rule_set.disabled.iter().find(|d| d.id == args.id) {
            anyhow::bail!(
                "rule `{}` is switched off in rule set {}: `disable` at {}",
                args.id,
                rule_set.name,
                disabled.origin
            );
        }
        anyhow::bail!(
            "no rule `{}` in rule set {} (`advisor rules list` lists them){}",
            args.id,
            rule_set.name,
            fields::did_you_mean(&args.id, rule_set.rules.iter().map(|r| r.id.as_str()))
        );
    };
    let text = match args.format {
        ShowFormat::Text => report::rules::show_text(rule_set, rule),
        ShowFormat::Json => report::rules::show_json(rule_set, rule),
    };
    input::write_stdout(&text)?;
    Ok(Status::Success)
}

/// Lints each file; load errors are findings here, not failures to run, so every file is
/// linted and reported. An unreadable file still ends the run with exit code 2.
pub fn lint(args: &RulesLintArgs, limits: Limits) -> anyhow::Result<Status> {
    let staleness = lint::Staleness {
        today: super::today()?,
        max_age_days: args.max_age,
    };
    let mut findings: Vec<lint::Finding> = Vec::new();
    for path in &args.files {
        match input::load_rule_set(Some(path), limits) {
            Ok(loaded) => {
                let label = path.display().to_string();
                findings.extend(
                    lint::lint(&loaded.rules, &label, staleness)
                        .into_iter()
                        .map(lint::Finding::from),
                );
            }
            Err(error) => match error.downcast::<Diagnostics>() {
                Ok(diagnostics) => {
                    findings.extend(diagnostics.0.into_iter().map(|d| lint::Finding {
                        code: lint::Code::InvalidRuleSet,
                        error: true,
                        file: d.file,
                        pos: d.pos,
                        message: d.message,
                    }))
                }
                Err(error) => return Err(error),
            },
        }
    }
    let errors = findings.iter().any(|f| f.error);
    let failed = errors || (args.fail_on == FailOn::Warning && !findings.is_empty());
    let files: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let context = report::lint::Context {
        files: &files,
        findings: &findings,
        failed,
    };
    let delivery = input::write_stdout(&report::lint::render(args.format, &context))?;
    Ok(Status::answered(&delivery, |()| failed))
}

/// Evaluates every workload under both rule sets. Differences are the report, not a
/// failure, unless `--fail-on-change` asks for one when a recommendation changes.
pub fn diff(args: &RulesDiffArgs, limits: Limits) -> anyhow::Result<Status> {
    let old = rule_set_named(&args.old, limits)?;
    let new = rule_set_named(&args.new, limits)?;
    let pricing = super::pricing(&args.pricing, limits)?;
    let mut diffs = Vec::new();
    let mut skipped = Vec::new();
    for candidate in walk::workload_candidates(&args.workloads)? {
        let path = candidate.path.display().to_string();
        if let Some(why) = &candidate.unreadable {
            anyhow::bail!("{path}: {why}");
        }
        let workload = if candidate.named {
            Some(input::load_workload(&path, &[], limits)?)
        } else if candidate.symlink {
            None
        } else {
            input::load_walked_workload(&path, limits)?
        };
        match workload {
            Some(workload) => {
                diffs.push(diff::compare(&old.rules, &new.rules, &pricing, &workload))
            }
            None => skipped.push(path),
        }
    }
    let context = report::diff::Context {
        old: &old,
        new: &new,
        diffs: &diffs,
        skipped: &skipped,
    };
    let delivery = input::write_stdout(&report::diff::render(args.format, &context))?;
    let recommendation_changed = diffs.iter().any(|d| d.recommendation_changed());
    Ok(Status::answered(&delivery, |()| {
        args.fail_on_change && recommendation_changed
    }))
}

/// A rule set file, or the built-in set for the name `builtin` (as in `extends: builtin`;
/// `./builtin` names a file).
fn rule_set_named(path: &Path, limits: Limits) -> anyhow::Result<LoadedRuleSet> {
    let builtin = path.as_os_str() == "builtin";
    input::load_rule_set((!builtin).then_some(path), limits)
}
