//! `advisor check` (SPEC 4): decision files are found ([`walk`]), their YAML is split off
//! ([`source`]) and validated ([`decision`]), and the decision is held against the rules
//! ([`evaluate`]). Files are checked in parallel, in chunks, and reported in path order as
//! each chunk completes, so memory stays flat however many files there are.

pub mod decision;
pub mod evaluate;
pub mod finding;
pub mod source;
pub mod walk;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{CheckArgs, FailOn};
use crate::diagnostic::{Diagnostics, Position};
use crate::input::{self, Limits};
use crate::report;
use crate::report::check::Format as CheckFormat;
use crate::rules::RuleSet;
use crate::workload::{self, Workload};
use crate::yaml;
use decision::{Classified, WorkloadSource};
pub use finding::{Code, Finding, Level};
use walk::Candidate;

/// Files checked in parallel before their results are reported: enough to keep every core
/// busy, few enough that memory does not grow with the tree.
const CHUNK: usize = 1024;
/// Trees with more files than this get a progress bar on a terminal.
const PROGRESS_THRESHOLD: usize = 100;

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
    /// No `advisor` key: some other Markdown or YAML file.
    NotADecision,
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
            Outcome::Skipped(Skip::NotADecision | Skip::SymbolicLink)
        )
    }
}

/// Counts over every file found; passed + failed + invalid + skipped = files.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub passed: usize,
    pub failed: usize,
    pub invalid: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Summary {
    fn add(&mut self, report: &FileReport) {
        self.files += 1;
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
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.errors > 0 || (fail_on == FailOn::Warning && self.warnings > 0)
    }
}

/// How a check run ended.
pub enum Checked {
    Delivered(Summary),
    /// Stdout was closed before everything was written (`advisor check | head`).
    ReaderGone,
}

/// What a decision is measured by, besides the rules.
pub struct Options {
    pub margin: u32,
    pub fail_on: Level,
    /// The directories a `workload_file` may be in (canonical paths); `None` allows any
    /// (`--allow-outside`).
    pub tree: Option<Vec<PathBuf>>,
    pub limits: Limits,
}

/// The checked tree: the current directory and every PATH (a file's directory), so a decision
/// file from a pull request cannot make advisor read files elsewhere on the machine.
fn checked_tree(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
    for path in paths {
        roots.push(match path.parent() {
            _ if path.is_dir() => path.clone(),
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        });
    }
    let mut roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .collect();
    roots.sort();
    roots.dedup_by(|inner, outer| inner.starts_with(outer));
    roots
}

/// Checks every decision file under `args.paths` and writes the report to stdout.
pub fn run(args: &CheckArgs, limits: Limits) -> anyhow::Result<Checked> {
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let candidates = walk::candidates(&args.paths)?;
    let options = Options {
        margin: args.margin,
        fail_on: match args.fail_on {
            FailOn::Error => Level::Error,
            FailOn::Warning => Level::Warning,
        },
        tree: (!args.allow_outside).then(|| checked_tree(&args.paths)),
        limits,
    };
    let progress = progress_bar(candidates.len(), args.format);
    let mut reporter = report::check::reporter(args.format, &rule_set, options.fail_on);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut summary = Summary::default();
    let written = (|| {
        for chunk in candidates.chunks(CHUNK) {
            let reports: Vec<FileReport> = chunk
                .par_iter()
                .map(|candidate| {
                    let report = check_file(candidate, &rule_set.rules, &options);
                    progress.inc(1);
                    report
                })
                .collect();
            for report in &reports {
                summary.add(report);
                reporter.file(&mut out, report)?;
            }
        }
        progress.finish_and_clear();
        reporter.finish(&mut out, &summary)?;
        out.flush()
    })();
    match written {
        Ok(()) => Ok(Checked::Delivered(summary)),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(Checked::ReaderGone),
        Err(error) => Err(anyhow::Error::new(error).context("cannot write to standard output")),
    }
}

/// A progress bar on stderr for large trees, only for people watching a terminal: never in
/// CI (`CI` set), in a pipe, or with a machine-readable format.
fn progress_bar(files: usize, format: CheckFormat) -> ProgressBar {
    let wanted = format == CheckFormat::Human
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

/// Checks one file; every problem becomes a finding, nothing here fails the run.
pub fn check_file(candidate: &Candidate, rule_set: &RuleSet, options: &Options) -> FileReport {
    if candidate.symlink {
        return report(&candidate.path, Err(Skip::SymbolicLink), None, options);
    }
    let read = match &candidate.unreadable {
        Some(problem) => Err(format!("cannot read: {problem}")),
        None => input::read_bytes(&candidate.path, options.limits)
            .map_err(|why| format!("cannot read the file: {why}")),
    };
    match read {
        Ok(bytes) => check_bytes(&candidate.path, bytes, rule_set, options),
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
    // A file that never mentions `advisor` cannot have the key; skip it unparsed, so that
    // templated YAML elsewhere in the tree is neither parsed nor reported.
    if !text.contains("advisor") {
        return Err(Skip::NotADecision);
    }
    let yaml_text = match source::yaml(&text, source::Form::of(file)) {
        source::Yaml::Text(yaml_text) => yaml_text,
        source::Yaml::Absent => return Err(Skip::NotADecision),
        source::Yaml::Unterminated => {
            return Ok(vec![Finding::invalid(
                Position::START,
                "the front matter opened on line 1 is never closed; end it with a line `---`",
            )]);
        }
    };
    let root = match yaml::parse(yaml_text, path) {
        Ok(root) => root,
        Err(diagnostics) => return Ok(invalid(diagnostics, "")),
    };
    let decision = match decision::classify(&root) {
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
        Ok(workload) => evaluate::findings(&decision, &workload, rule_set, options.margin),
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
    if let Ok(target) = std::fs::canonicalize(&resolved) {
        if std::fs::canonicalize(decision).is_ok_and(|own| own == target) {
            return Err(refuse(format!(
                "`{relative}` is this decision file itself; point at the workload's own file"
            )));
        }
        if let Some(tree) = &options.tree
            && !tree.iter().any(|root| target.starts_with(root))
        {
            let roots: Vec<String> = tree.iter().map(|r| r.display().to_string()).collect();
            return Err(refuse(format!(
                "`{relative}` is outside the checked tree ({}); pass --allow-outside to read it",
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

/// The parse-only pass of `bench/check.sh`: read, split and deserialise a file exactly as
/// [`check_file`] does, and nothing more. Returns whether the YAML parsed.
pub fn parse_only(path: &Path) -> bool {
    let Some(text) = input::read_bytes(path, Limits::default())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
    else {
        return false;
    };
    match source::yaml(&text, source::Form::of(path)) {
        source::Yaml::Text(yaml_text) => yaml::parse(yaml_text, "").is_ok(),
        _ => false,
    }
}
