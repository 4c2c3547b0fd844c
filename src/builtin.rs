//! The default rule set, compiled in so `advisor` works from any directory with no file at
//! hand. `build.rs` validates `rules/aws-compute.yaml` with the same loader as `--rules` and
//! writes the result out as Rust code, so start-up neither parses nor re-validates it: a
//! mistake in the file fails the build with its line and column instead.

use std::sync::OnceLock;

use crate::date::Date;
use crate::diagnostic::Position;
use crate::fields::{self, FieldKind};
use crate::rules::{Condition, Op, Origin, Part, Role, Rule, RuleSet, Service, Template, Text};
use crate::value::{Duration, Value};

/// The default rule set as written, for tests and for users who want to read or copy it.
pub const YAML: &str = include_str!("../rules/aws-compute.yaml");
/// How the built-in rule set is named in messages.
pub const LABEL: &str = "builtin:rules/aws-compute.yaml";

/// The built-in rule set, as `build.rs` validated it.
pub fn rule_set() -> RuleSet {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"))
}

/// The built-in rule set, built on first use and never freed: building it is a tenth of a
/// `recommend` run and freeing it would be another twentieth (bench/recommend.sh), for
/// memory the process gives back when it ends anyway.
pub fn shared() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(rule_set)
}

/// The kind of a field that `build.rs` already found in the workload format.
fn kind(path: &str) -> FieldKind {
    fields::lookup(path)
        .map(|field| field.kind)
        .expect("build.rs checked every field path")
}

/// A `reviewed` date that `build.rs` already checked.
fn date(year: u16, month: u8, day: u8) -> Date {
    Date::from_ymd(year, month, day).expect("build.rs checked every date")
}
