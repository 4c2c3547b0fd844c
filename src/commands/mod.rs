//! One module per subcommand: each turns parsed arguments into calls of the library's stages
//! (load, evaluate, report) and a [`Status`]. This is the only layer that knows both `cli` and
//! the stages, the way cargo's `ops` and ruff's `commands` sit between their CLI and library.

pub mod check;
pub mod completions;
pub mod cost;
pub mod decide;
pub mod init;
pub mod man;
pub mod prices;
pub mod recommend;
pub mod rules;
pub mod schema;

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::PricingArgs;
use crate::cost::{Options, Pricing};
use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::input::{self, Delivery, Limits};
use crate::rules::{NotACandidate, RuleSet, ServiceIndex};
use crate::{fields, report};

/// The prices and estimate options `--prices` and `--free-tier` ask for.
fn pricing(args: &PricingArgs, limits: Limits) -> anyhow::Result<Pricing> {
    let loaded = input::load_prices(args.prices.as_deref(), limits)?;
    Ok(Pricing {
        book: Arc::new(loaded.book),
        options: Options {
            free_tier: args.free_tier,
        },
        file: loaded.path,
    })
}

/// The day rule and price ages are measured from: the system clock's, or `ADVISOR_TODAY=YYYY-MM-DD`,
/// which tests set so that their output does not change with the calendar.
pub(crate) fn today() -> anyhow::Result<Date> {
    match std::env::var_os(TODAY_VARIABLE) {
        None => Ok(Date::today()),
        Some(value) => value
            .to_str()
            .ok_or_else(|| "expected a date as YYYY-MM-DD, found text that is not UTF-8".to_owned())
            .and_then(Date::parse)
            .map_err(|problem| anyhow::anyhow!("{TODAY_VARIABLE}: {problem}")),
    }
}

const TODAY_VARIABLE: &str = "ADVISOR_TODAY";

/// The index of the ranked service `id` that the command-line option `option` names
/// (`--why-not`, `decide --service`); a companion, a closed or an unknown service is an error
/// that lists the ranked ones.
fn candidate(rule_set: &RuleSet, option: &str, id: &str) -> anyhow::Result<ServiceIndex> {
    let listing = || rule_set.candidate_ids().collect::<Vec<_>>().join(", ");
    match rule_set.candidate(id) {
        Ok(index) => Ok(index),
        Err(NotACandidate::Companion) => anyhow::bail!(
            "{option} {id}: `{id}` is a companion service, which is never ranked; name a ranked service ({})",
            listing()
        ),
        Err(NotACandidate::Closed(_)) => anyhow::bail!(
            "{option} {id}: `{id}` is closed to new customers, so it is never ranked; name a ranked service ({})",
            listing()
        ),
        Err(NotACandidate::Unknown) => anyhow::bail!(
            "{option} {id}: unknown service `{id}`{} (services of rule set {}: {})",
            fields::did_you_mean(id, rule_set.candidate_ids()),
            rule_set.name,
            listing()
        ),
    }
}

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

impl Status {
    /// The status of a command whose answer can be negative. An answer that never reached its
    /// reader (`advisor ... | head -1`) ends quietly with 0, as SPEC 5 says.
    fn answered<T>(delivery: &Delivery<T>, negative: impl FnOnce(&T) -> bool) -> Status {
        match delivery {
            Delivery::Written(written) if negative(written) => Status::Negative,
            Delivery::Written(_) | Delivery::ReaderGone => Status::Success,
        }
    }
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

/// Prints a warning for the user on stderr, as `warning: ...`; the command carries on.
fn warn(message: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "warning: {}",
        report::escape_controls(message)
    );
}
