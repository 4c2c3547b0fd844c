//! `advisor check` (SPEC 4): for each decision file `input::walk` found, the YAML is split
//! off ([`source`]) and validated ([`decision`]), and the decision is held against the rules
//! ([`evaluate`]). The results ([`outcome`], [`finding`]) go to a sink the caller chooses;
//! nothing here knows how they are reported.

pub mod decision;
pub mod evaluate;
pub mod finding;
pub mod outcome;
pub mod source;

use crate::cost::Pricing;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostics, Position};
use crate::input::walk::{self, Candidate};
use crate::input::{self, Limits};
use crate::rules::RuleSet;
use crate::workload::{self, Workload};
use crate::yaml;
use decision::{Classified, WorkloadSource};
pub use finding::{Code, Finding, Level};
pub use outcome::{FileReport, Outcome, Skip, Summary};

/// Files checked in parallel before their results are reported: enough to keep every core
/// busy, few enough that memory does not grow with the tree.
const CHUNK: usize = 1024;

/// What a decision is measured by, besides the rules.
pub struct Options {
    pub margin: u32,
    pub fail_on: Level,
    /// The directories a `workload_file` may be in (canonical paths; see
    /// [`walk::checked_tree`]); `None` allows any (`--allow-outside`).
    pub tree: Option<Vec<PathBuf>>,
    pub limits: Limits,
    /// The prices behind the estimates `cost_points` rules compare and `cost-gap` reports.
    pub pricing: Pricing,
    /// Report `cost-gap` when the chosen service's typical estimate is at least this many
    /// times the cheapest viable service's; above 1 ([`parse_cost_gap`]).
    pub cost_gap: Decimal,
}

/// The `--cost-gap` ratio when none is given: the chosen service costs at least twice as much.
pub const DEFAULT_COST_GAP: Decimal = Decimal::TWO;

/// Reads `--cost-gap RATIO`: a decimal number above 1, such as `1.5` or `3`.
pub fn parse_cost_gap(text: &str) -> Result<Decimal, String> {
    const EXPECTED: &str = "expected a decimal ratio above 1, such as 1.5 or 3";
    let ratio: Decimal = text
        .trim()
        .parse()
        .map_err(|_| format!("not a decimal number; {EXPECTED}"))?;
    if ratio <= Decimal::ONE {
        return Err(format!("{ratio} is not above 1; {EXPECTED}"));
    }
    Ok(ratio.normalize())
}

/// Checks every candidate, in parallel chunks, and hands each file's report to `sink` in path
/// order as its chunk completes, so memory stays flat however many files there are. `checked`
/// is called from the worker threads as each file is done, for a progress bar.
pub fn run(
    candidates: &[Candidate],
    rule_set: &RuleSet,
    options: &Options,
    checked: &(dyn Fn() + Sync),
    sink: &mut dyn FnMut(&FileReport) -> io::Result<()>,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    for chunk in candidates.chunks(CHUNK) {
        let reports: Vec<FileReport> = chunk
            .par_iter()
            .map(|candidate| {
                let report = check_file(candidate, rule_set, options);
                checked();
                report
            })
            .collect();
        for report in &reports {
            summary.add(report);
            sink(report)?;
        }
    }
    Ok(summary)
}

/// Checks one file; every problem becomes a finding, nothing here fails the run.
fn check_file(candidate: &Candidate, rule_set: &RuleSet, options: &Options) -> FileReport {
    if candidate.symlink {
        return report(&candidate.path, Err(Skip::SymbolicLink), None, options);
    }
    let read = match &candidate.unreadable {
        Some(problem) => Err(format!("cannot read: {problem}")),
        None => input::read_bytes(&candidate.path, options.limits)
            .map_err(|why| format!("cannot read the file: {why}")),
    };
    match read {
        Ok(bytes) => {
            let mut report = check_bytes(&candidate.path, bytes, rule_set, options);
            if candidate.named && report.outcome == Outcome::Skipped(Skip::Workload) {
                report.findings.push(Finding::new(
                    Code::NotADecision,
                    Position::START,
                    format!(
                        "a workload file, not a decision record, so there is nothing to check; run `advisor recommend {}` on it, or point a decision's `workload_file` at it",
                        candidate.path.display()
                    ),
                ));
            }
            report
        }
        Err(message) => report(
            &candidate.path,
            Ok(vec![Finding::invalid(Position::START, message)]),
            None,
            options,
        ),
    }
}

/// Checks the content of the decision file at `path` (which names it and decides its form;
/// a `workload_file` is read relative to it).
pub fn check_bytes(
    path: &Path,
    bytes: Vec<u8>,
    rule_set: &RuleSet,
    options: &Options,
) -> FileReport {
    let mut service = None;
    let findings = content_findings(path, bytes, rule_set, options, &mut service);
    report(path, findings, service, options)
}

fn report(
    path: &Path,
    findings: Result<Vec<Finding>, Skip>,
    service: Option<String>,
    options: &Options,
) -> FileReport {
    let path = path.display().to_string();
    let mut findings = match findings {
        Ok(findings) => findings,
        Err(skip) => {
            return FileReport {
                path,
                outcome: Outcome::Skipped(skip),
                service,
                findings: Vec::new(),
            };
        }
    };
    findings.sort_by_key(|f| f.pos);
    let outcome = if findings.iter().any(|f| f.code == Code::InvalidDecision) {
        Outcome::Invalid
    } else if findings.iter().any(|f| f.level >= options.fail_on) {
        Outcome::Failed
    } else {
        Outcome::Passed
    };
    FileReport {
        path,
        outcome,
        service,
        findings,
    }
}

fn content_findings(
    file: &Path,
    bytes: Vec<u8>,
    rule_set: &RuleSet,
    options: &Options,
    service: &mut Option<String>,
) -> Result<Vec<Finding>, Skip> {
    let path = &file.display().to_string();
    let text = match input::decode(bytes, path) {
        Ok(text) => text,
        Err(diagnostics) => return Ok(invalid(diagnostics, "")),
    };
    let form = source::Form::of(file);
    let yaml_text = match source::yaml(&text, form) {
        source::Yaml::Text(yaml_text) => yaml_text,
        source::Yaml::Absent => return Err(Skip::NotADecision),
        // What follows the opening `---` would be the front matter: only a decision record's
        // is reported as never closed.
        source::Yaml::Unterminated if source::kind(&text) != source::Kind::Decision => {
            return Err(Skip::NotADecision);
        }
        source::Yaml::Unterminated => {
            return Ok(vec![Finding::invalid(
                Position::START,
                "the front matter opened on line 1 is never closed; end it with a line `---`",
            )]);
        }
    };
    // Only a file whose YAML has a top-level `advisor` key is parsed, so templated or
    // multi-document YAML elsewhere in the tree is neither parsed nor reported. A flow
    // mapping (JSON) is parsed to read its keys, and reported as broken only if it may be a
    // decision at all.
    let flow = match source::kind(yaml_text) {
        source::Kind::Decision => false,
        source::Kind::Flow => true,
        source::Kind::Workload => return Err(Skip::Workload),
        source::Kind::Other => return Err(Skip::NotADecision),
    };
    let root = match yaml::parse(yaml_text, path) {
        Ok(root) => root,
        Err(_) if flow && !yaml_text.contains("advisor") => return Err(Skip::NotADecision),
        Err(diagnostics) => return Ok(invalid(diagnostics, "")),
    };
    let decision = match decision::classify(&root) {
        Classified::NotADecision if decision::is_workload(&root) => return Err(Skip::Workload),
        Classified::NotADecision => return Err(Skip::NotADecision),
        Classified::Retired { status } => return Err(Skip::Retired(status)),
        Classified::Invalid(problems) => {
            return Ok(problems
                .into_iter()
                .map(|(pos, message)| Finding::invalid(pos, message))
                .collect());
        }
        Classified::Decision(decision) => decision,
    };
    *service = Some(decision.service.to_string());
    let workload = match decision.workload {
        WorkloadSource::Inline(node) => workload::from_node(node, path, path)
            .map_err(|diagnostics| invalid(diagnostics, "advisor.workload: ")),
        WorkloadSource::File {
            path: relative,
            pos,
        } => workload_file(file, relative, pos, options),
    };
    Ok(match workload {
        Ok(workload) => evaluate::findings(&decision, &workload, rule_set, options),
        Err(findings) => findings,
    })
}

/// Reads the workload a decision points at, relative to the decision file; every problem is
/// reported at the `workload_file` line of the decision.
fn workload_file(
    decision: &Path,
    relative: &str,
    pos: Position,
    options: &Options,
) -> Result<Workload, Vec<Finding>> {
    let resolved = decision.parent().unwrap_or(Path::new("")).join(relative);
    let label = resolved.display().to_string();
    let refuse = |message: String| {
        vec![Finding::invalid(
            pos,
            format!("advisor.workload_file: {message}"),
        )]
    };
    if let Some(target) = input::canonical(&resolved) {
        if input::canonical(decision).is_some_and(|own| own == target) {
            return Err(refuse(format!(
                "`{relative}` is this decision file itself; point at the workload's own file"
            )));
        }
        if let Some(tree) = &options.tree
            && !tree.iter().any(|root| target.starts_with(root))
        {
            let roots: Vec<String> = tree
                .iter()
                .map(|root| {
                    let kind = if walk::is_repository(root) {
                        "the repository"
                    } else {
                        "the directory"
                    };
                    format!("{kind} {}", root.display())
                })
                .collect();
            return Err(refuse(format!(
                "`{relative}` resolves to {}, outside the checked tree ({}); pass --allow-outside to read it",
                target.display(),
                roots.join(", ")
            )));
        }
    }
    let bytes = input::read_bytes(&resolved, options.limits).map_err(|why| {
        vec![Finding::invalid(
            pos,
            format!("advisor.workload_file: cannot read `{relative}` ({label}): {why}"),
        )]
    })?;
    let text = input::decode(bytes, &label).map_err(|d| invalid_at(pos, d, relative))?;
    workload::parse(&text, &label, &label).map_err(|d| invalid_at(pos, d, relative))
}

fn invalid(diagnostics: Diagnostics, prefix: &str) -> Vec<Finding> {
    diagnostics
        .0
        .into_iter()
        .map(|d| Finding::invalid(d.pos, format!("{prefix}{}", d.message)))
        .collect()
}

fn invalid_at(pos: Position, diagnostics: Diagnostics, relative: &str) -> Vec<Finding> {
    diagnostics
        .0
        .into_iter()
        .map(|d| {
            Finding::invalid(
                pos,
                format!("advisor.workload_file: `{relative}` is not a valid workload: {d}"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_cost_gap;

    #[test]
    fn cost_gap_is_a_decimal_above_1() {
        assert_eq!(parse_cost_gap("2").map(|r| r.to_string()), Ok("2".into()));
        assert_eq!(
            parse_cost_gap("1.50").map(|r| r.to_string()),
            Ok("1.5".into())
        );
        assert_eq!(
            parse_cost_gap("1.000001").map(|r| r.to_string()),
            Ok("1.000001".into())
        );
        for refused in ["1", "1.0", "0.5", "0", "-3"] {
            let error = parse_cost_gap(refused).expect_err(refused);
            assert!(error.contains("is not above 1"), "{refused}: {error}");
        }
        for refused in ["abc", "", "2x", "NaN", "inf"] {
            let error = parse_cost_gap(refused).expect_err(refused);
            assert!(
                error.starts_with("not a decimal number"),
                "{refused}: {error}"
            );
        }
    }
}
