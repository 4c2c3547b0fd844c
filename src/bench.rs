//! What `bench/parse_only.rs` needs and the public API does not offer: the parse-only
//! baselines of `bench/check.sh` and `bench/portfolio.sh`. Compiled only with the `bench`
//! feature.

use std::path::Path;

use crate::check::source;
use crate::input::{self, Limits};
use crate::yaml;

pub use crate::input::walk::{candidates, workload_candidates};

/// Reads, splits and deserialises a decision file exactly as `check` does, and nothing more.
/// Returns whether the YAML parsed.
pub fn parse_only(path: &Path) -> bool {
    let Some(text) = read(path) else {
        return false;
    };
    match source::yaml(&text, source::Form::of(path)) {
        source::Yaml::Text(yaml_text) => yaml::parse(yaml_text, "").is_ok(),
        _ => false,
    }
}

/// Reads and deserialises a workload file as `recommend` does before validating it, and
/// nothing more. Returns whether the YAML parsed.
pub fn parse_only_workload(path: &Path) -> bool {
    read(path).is_some_and(|text| yaml::parse(&text, "").is_ok())
}

fn read(path: &Path) -> Option<String> {
    input::read_bytes(path, Limits::default())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}
