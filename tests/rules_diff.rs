//! `advisor rules diff` of a rule set against itself: every example workload is evaluated
//! twice and nothing may differ, whatever the rule set, so a diff in review only ever shows
//! what the change did.

use std::process::Command;

fn diff_json(old: &str, new: &str) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["rules", "diff", old, new, "examples", "--format", "json"])
        .args(["--fail-on-change"])
        .output()
        .expect("run advisor");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn a_rule_set_against_itself_changes_no_example() {
    let examples = std::fs::read_dir("examples")
        .expect("the examples folder")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "yaml"))
        .count();
    for rules in [
        "builtin",
        "rules/aws-compute.yaml",
        "examples/rules/acme-overlay.yaml",
    ] {
        let json = diff_json(rules, rules);
        let workloads = json["workloads"].as_array().expect("workloads");
        assert_eq!(
            workloads.len(),
            examples,
            "{rules}: every example is evaluated"
        );
        for workload in workloads {
            assert_eq!(
                workload["changes"],
                serde_json::json!([]),
                "{rules}: {workload}"
            );
            assert_eq!(
                workload["rules"],
                serde_json::json!([]),
                "{rules}: {workload}"
            );
            assert_eq!(workload["old"], workload["new"], "{rules}: {workload}");
        }
        assert_eq!(json["summary"]["unchanged"], examples, "{rules}");
    }
}

#[test]
fn the_built_in_set_and_its_source_file_agree() {
    let json = diff_json("builtin", "rules/aws-compute.yaml");
    assert_eq!(json["summary"]["unchanged"], json["summary"]["workloads"]);
}
