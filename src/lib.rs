//! advisor ranks AWS compute services for a workload from a declarative rule set, and
//! explains every rank.
//!
//! The modules follow the data: [`workload`] and [`rules`] turn files into validated
//! models, [`engine`] evaluates and ranks, [`report`] renders the result; [`schema`]
//! describes the file formats and the JSON output for editors and scripts.

pub mod builtin;
pub mod check;
pub mod cli;
mod diagnostic;
pub mod engine;
mod fields;
mod init;
mod input;
pub mod lint;
mod loaded;
pub mod report;
pub mod rules;
pub mod schema;
mod text;
mod value;
pub mod whynot;
pub mod workload;
mod yaml;

use std::io::Write;

use clap::CommandFactory;
use std::process::ExitCode;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use input::Limits;

use cli::{
    Cli, Command, FailOn, InitArgs, ListFormat, RecommendArgs, RulesCommand, RulesLintArgs,
    RulesListArgs, RulesShowArgs, SchemaArgs, ShowFormat,
};

/// How a command ended, mapped to the exit codes of SPEC section 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: a recommendation was made, or no finding at or above `--fail-on`.
    Success,
    /// 1: the command ran, and its answer is negative: no viable service, or findings at or
    /// above `--fail-on`.
    Negative,
    /// 2: the command could not do its job.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(match status {
            Status::Success => 0,
            Status::Negative => 1,
            Status::Error => 2,
        })
    }
}

/// Runs one command. Errors are for exit code 2; print them with [`report_error`].
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    let limits = Limits::megabytes(cli.max_input_mb);
    match cli.command {
        Command::Recommend(args) => recommend(&args, limits),
        Command::Init(args) => init(&args),
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "advisor", &mut script);
            input::write_stdout(&String::from_utf8_lossy(&script))?;
            Ok(Status::Success)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            input::write_stdout(&String::from_utf8_lossy(&page))?;
            Ok(Status::Success)
        }
        Command::Rules(RulesCommand::List(args)) => rules_list(&args, limits),
        Command::Rules(RulesCommand::Show(args)) => rules_show(&args, limits),
        Command::Rules(RulesCommand::Lint(args)) => rules_lint(&args, limits),
        Command::Check(args) => Ok(match check::run(&args, limits)? {
            check::Checked::Delivered(summary) if summary.fails(args.fail_on) => Status::Negative,
            check::Checked::Delivered(_) | check::Checked::ReaderGone => Status::Success,
        }),
        Command::Schema(args) => print_schema(&args),
    }
}

fn recommend(args: &RecommendArgs, limits: Limits) -> anyhow::Result<Status> {
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let workload = input::load_workload(&args.workload, &args.set, limits)?;
    let recommendation = engine::recommend(&rule_set.rules, &workload);
    let why_not = match &args.why_not {
        Some(id) => {
            let service = candidate_service(&rule_set.rules, id)?;
            Some(whynot::why_not(
                &rule_set.rules,
                &workload,
                &recommendation,
                service,
            ))
        }
        None => None,
    };
    let context = report::recommend::Context {
        rule_set: &rule_set,
        workload: &workload,
        recommendation: &recommendation,
        explain: args.explain,
        why_not: why_not.as_ref(),
        color: report::color_wanted(),
    };
    let delivery = input::write_stdout(&report::recommend::render(args.format, &context))?;
    Ok(
        if recommendation.top().is_some() || delivery == input::Delivery::ReaderGone {
            Status::Success
        } else {
            Status::Negative
        },
    )
}

/// Writes the workload template to FILE (never over an existing file without `--force`), or
/// to stdout.
fn init(args: &InitArgs) -> anyhow::Result<Status> {
    let template = init::template();
    let Some(file) = &args.file else {
        input::write_stdout(&template)?;
        return Ok(Status::Success);
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let written = options
        .open(file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, template.as_bytes()));
    match written {
        Ok(()) => {
            input::write_stdout(&format!(
                "wrote {}: fill in what you know, then run `advisor recommend {}`\n",
                file.display(),
                file.display()
            ))?;
            Ok(Status::Success)
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{}: the file already exists; pass --force to overwrite it",
            file.display()
        ),
        Err(error) => Err(anyhow::Error::new(error)
            .context(format!("{}: cannot write the template", file.display()))),
    }
}

/// The index of a ranked service named on the command line.
fn candidate_service(rule_set: &rules::RuleSet, id: &str) -> anyhow::Result<rules::ServiceIndex> {
    let listing = || rule_set.candidate_ids().collect::<Vec<_>>().join(", ");
    match rule_set.candidate(id) {
        Ok(index) => Ok(index),
        Err(rules::NotACandidate::Companion) => anyhow::bail!(
            "--why-not {id}: `{id}` is a companion service, which is never ranked; name a ranked service ({})",
            listing()
        ),
        Err(rules::NotACandidate::Unknown) => anyhow::bail!(
            "--why-not {id}: unknown service `{id}`{} (services of rule set {}: {})",
            fields::did_you_mean(id, rule_set.candidate_ids()),
            rule_set.name,
            listing()
        ),
    }
}

fn print_schema(args: &SchemaArgs) -> anyhow::Result<Status> {
    let mut text = serde_json::to_string_pretty(&schema::generate(args.kind))?;
    text.push('\n');
    input::write_stdout(&text)?;
    Ok(Status::Success)
}

fn rules_list(args: &RulesListArgs, limits: Limits) -> anyhow::Result<Status> {
    let loaded = input::load_rule_set(args.rules.as_deref(), limits)?;
    let text = match args.format {
        ListFormat::Table => report::rules::list_table(&loaded.rules),
        ListFormat::Json => report::rules::list_json(&loaded),
    };
    input::write_stdout(&text)?;
    Ok(Status::Success)
}

fn rules_show(args: &RulesShowArgs, limits: Limits) -> anyhow::Result<Status> {
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
fn rules_lint(args: &RulesLintArgs, limits: Limits) -> anyhow::Result<Status> {
    let mut findings: Vec<lint::Finding> = Vec::new();
    for path in &args.files {
        match input::load_rule_set(Some(path), limits) {
            Ok(loaded) => {
                let label = path.display().to_string();
                findings.extend(
                    lint::lint(&loaded.rules, &label)
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
    let delivery = input::write_stdout(&report::rules::lint_human(&findings, args.files.len()))?;
    let errors = findings.iter().any(|f| f.error);
    let fails = (errors || (args.fail_on == FailOn::Warning && !findings.is_empty()))
        && delivery == input::Delivery::Written;
    Ok(if fails {
        Status::Negative
    } else {
        Status::Success
    })
}

/// Prints an error for the user on stderr: diagnostics as `file:line:col: message` lines,
/// anything else as `error: ...`.
pub fn report_error(error: &anyhow::Error) {
    let text = match error.downcast_ref::<Diagnostics>() {
        Some(diagnostics) => diagnostics.to_string(),
        None => format!("error: {error:#}"),
    };
    // Nothing useful is left to do if stderr itself is gone.
    let _ = writeln!(std::io::stderr(), "{}", report::sanitize(&text));
}
