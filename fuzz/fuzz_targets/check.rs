//! The whole `check` path for one decision file, Markdown or YAML by the first byte: any
//! bytes give a report whose findings have positions, and an invalid file is never passed.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use advisor::check::{self, Code, Level, Options, Outcome};
use advisor::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(advisor::builtin::rule_set)
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let path = if first % 2 == 0 {
        "fuzz/decision.md"
    } else {
        "fuzz/decision.yaml"
    };
    let options = Options {
        margin: u32::from(first % 4),
        fail_on: Level::Error,
        tree: std::env::current_dir().ok().map(|cwd| vec![cwd]),
        limits: advisor::Limits::default(),
        pricing: advisor::cost::Pricing::builtin(),
    };
    let report = check::check_bytes(Path::new(path), bytes.to_vec(), rules(), &options);
    for finding in &report.findings {
        assert!(finding.pos.line >= 1 && finding.pos.column >= 1);
    }
    if report
        .findings
        .iter()
        .any(|f| f.code == Code::InvalidDecision)
    {
        assert_eq!(report.outcome, Outcome::Invalid);
    }
});
