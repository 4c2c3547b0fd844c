//! Completion candidates for arguments that take an id of the built-in rule set: a service id
//! (`recommend --why-not`) or a rule id (`rules show`). The ids are known when advisor is
//! built, so the static scripts of `advisor completions` carry them (bash, zsh and fish).
//!
//! They are candidates for completion only: the argument still accepts any text, since
//! `--rules FILE` may name services and rules the built-in set does not have, and the
//! command itself reports an id it does not know, with a suggestion. `--help` does not list
//! them.
//!
//! Apply one to an argument with [`clap::Command::mut_arg`]; with the derive API, on the
//! struct that holds the field:
//!
//! ```ignore
//! #[derive(clap::Args)]
//! #[command(mut_arg("service", crate::cli::complete::service_ids))]
//! pub struct DecideArgs {
//!     #[arg(long, value_name = "ID")]
//!     pub service: Option<String>,
//! }
//! ```

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Arg, Command};

use crate::builtin;
use crate::rules::Role;

/// Completes the ids of the services the built-in rule set ranks (its candidates; not its
/// companions, such as `api-gateway`, nor services closed to new customers), each described
/// by its name.
pub fn service_ids(arg: Arg) -> Arg {
    with_candidates(arg, service_candidates)
}

/// Completes the ids of the built-in rules, each described by its summary.
pub fn rule_ids(arg: Arg) -> Arg {
    with_candidates(arg, rule_candidates)
}

/// Gives `arg` the values `candidates` lists for completion, while it still accepts any
/// UTF-8 text, and keeps them out of `--help`.
pub fn with_candidates(arg: Arg, candidates: fn() -> Vec<PossibleValue>) -> Arg {
    arg.value_parser(Candidates(candidates))
        .hide_possible_values(true)
}

fn service_candidates() -> Vec<PossibleValue> {
    builtin::rule_set()
        .services
        .into_iter()
        .filter(|service| service.role == Role::Candidate)
        .map(|service| PossibleValue::new(service.id).help(service.name))
        .collect()
}

fn rule_candidates() -> Vec<PossibleValue> {
    builtin::rule_set()
        .rules
        .into_iter()
        .map(|rule| match rule.summary {
            Some(summary) => PossibleValue::new(rule.id).help(summary),
            None => PossibleValue::new(rule.id),
        })
        .collect()
}

/// A value parser that reads any UTF-8 text, as a `String` argument does, and offers
/// completion candidates as its possible values. Clap's static generators complete an
/// argument's possible values, but a `PossibleValuesParser` would also refuse every other
/// value, and hidden possible values are left out of the scripts.
#[derive(Clone)]
struct Candidates(fn() -> Vec<PossibleValue>);

impl TypedValueParser for Candidates {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter()))
    }
}
