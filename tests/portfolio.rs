//! `advisor recommend` with several workloads (issue 14): each workload's JSON document is
//! the one `recommend FILE --format json` writes, directories are walked as `check` walks
//! them, results come in path order however many chunks the evaluation takes, and a broken
//! file does not stop the others but ends the run with exit code 2.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Runs advisor in `dir`; returns the exit code, stdout and stderr.
fn advisor_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run advisor");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

fn advisor(args: &[&str]) -> (Option<i32>, String, String) {
    advisor_in(Path::new("."), args)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Each workload's entry is exactly its single-file document, with the same options.
fn assert_entries_are_single_documents(portfolio: &Value, options: &[&str]) {
    let entries = portfolio["workloads"].as_array().expect("workloads");
    assert!(!entries.is_empty());
    for entry in entries {
        let path = entry["workload"]["path"].as_str().expect("a path");
        let mut args = vec!["recommend", path, "--format", "json"];
        args.extend(options);
        let (_, single, _) = advisor(&args);
        assert_eq!(*entry, json(&single), "{path} {options:?}");
    }
}

#[test]
fn each_workload_document_is_the_single_file_document() {
    let (status, output, stderr) = advisor(&["recommend", "examples/", "--format", "json"]);
    assert_eq!(status, Some(0), "{stderr}");
    let portfolio = json(&output);
    assert_eq!(portfolio["format_version"], 1);
    assert_entries_are_single_documents(&portfolio, &[]);
    let examples = fs::read_dir("examples")
        .expect("examples")
        .filter(|e| {
            e.as_ref()
                .expect("an entry")
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert_eq!(portfolio["summary"]["workloads"], examples);
    assert_eq!(portfolio["summary"]["invalid"], 0);
}

#[test]
fn set_and_why_not_apply_to_every_workload() {
    let options = [
        "--set",
        "runtime.max_duration=20m",
        "--why-not",
        "ecs-fargate",
    ];
    let mut args = vec![
        "recommend",
        "examples/web-backend.yaml",
        "examples/steady-api.yaml",
    ];
    args.extend(["--format", "json"]);
    args.extend(options);
    let (status, output, stderr) = advisor(&args);
    assert_eq!(status, Some(0), "{stderr}");
    let portfolio = json(&output);
    for entry in portfolio["workloads"].as_array().expect("workloads") {
        assert_eq!(
            entry["workload"]["overrides"][0],
            "runtime.max_duration=20m"
        );
        assert_eq!(entry["why_not"]["service"], "ecs-fargate");
    }
    assert_entries_are_single_documents(&portfolio, &options);
}

/// More workloads than one parallel chunk, with broken and non-workload files among them.
#[test]
fn a_large_portfolio_comes_out_in_path_order_with_every_file_accounted_for() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let triggers = ["http", "queue", "event", "schedule", "stream"];
    let ops = ["low", "medium", "high"];
    let count = 1100;
    for i in 0..count {
        let team = dir.path().join(format!("team-{}", i % 7));
        fs::create_dir_all(&team).expect("a directory");
        let text = format!(
            "name: w{i}\nruntime: {{max_duration: {}s, trigger: {}, interruptible: false, os: linux, architecture: x86_64}}\n\
             demand: {{spikiness: low, requests_per_month: {}}}\nresources: {{memory_mb: 1024, vcpus: 1, gpu: false, ephemeral_storage_gb: 1}}\n\
             control: {{os_access: false, portability: none}}\ncontainers: {{preference: neutral, orchestrator: none, privileged: false}}\n\
             team: {{ops_capacity: {}, willing_to_rewrite: true}}\npriorities: [cost]\n",
            1 + i % 1000,
            triggers[i % triggers.len()],
            1000 * (i % 50),
            ops[i % ops.len()],
        );
        fs::write(team.join(format!("{i:05}.yaml")), text).expect("write a workload");
    }
    fs::write(
        dir.path().join("team-3/00500-broken.yaml"),
        "name: broken\nruntime: {max_duration: forever}\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("team-4/rules.yaml"),
        "version: 1\nname: r\n",
    )
    .expect("write");
    let (status, output, stderr) = advisor_in(dir.path(), &["recommend", ".", "--format", "json"]);
    assert_eq!(status, Some(2), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "team-3/00500-broken.yaml:2:25: runtime.max_duration: \"forever\" is not a valid duration; expected a duration like 500ms, 30s, 14m or 1h30m, a whole number of seconds, or unbounded"
        ]
    );
    let portfolio = json(&output);
    let paths: Vec<&str> = portfolio["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .map(|entry| {
            entry["workload"]["path"]
                .as_str()
                .or(entry["path"].as_str())
                .expect("a path")
        })
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "path order");
    assert_eq!(paths.len(), count + 1);
    let summary = &portfolio["summary"];
    assert_eq!(summary["workloads"], count + 1);
    assert_eq!(summary["invalid"], 1);
    assert_eq!(summary["skipped"], 1);
    let counted: u64 = [
        "recommended",
        "ties",
        "undecided",
        "no_viable_service",
        "invalid",
    ]
    .iter()
    .map(|key| summary[key].as_u64().expect("a count"))
    .sum();
    assert_eq!(counted, count as u64 + 1);
    assert_eq!(portfolio["skipped"][0]["path"], "team-4/rules.yaml");
    let broken = portfolio["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .find(|entry| entry["path"] == "team-3/00500-broken.yaml")
        .expect("the broken file's entry");
    assert_eq!(broken["error"]["diagnostics"][0]["line"], 2);
    assert_eq!(broken["error"]["diagnostics"][0]["column"], 25);

    // The table counts the same.
    let (status, table, _) = advisor_in(dir.path(), &["recommend", "."]);
    assert_eq!(status, Some(2));
    let last = table.lines().last().expect("a summary line");
    assert!(
        last.starts_with(&format!("{} workloads: ", count + 1))
            && last.ends_with(", 1 skipped, 1 invalid"),
        "{last}"
    );
}

#[test]
fn a_walked_directory_honours_gitignore_and_skips_hidden_directories() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let valid = "name: api\nruntime: {max_duration: 1s, trigger: http}\n";
    let broken = "name: broken\nruntime: {max_duration: soon}\n";
    fs::create_dir_all(dir.path().join("workloads/.drafts")).expect("directories");
    fs::write(dir.path().join("workloads/api.yaml"), valid).expect("write");
    fs::write(dir.path().join("workloads/.drafts/draft.yaml"), broken).expect("write");
    fs::write(dir.path().join("workloads/scratch.yml"), broken).expect("write");
    fs::write(dir.path().join(".gitignore"), "scratch.yml\n").expect("write");
    let (status, output, stderr) =
        advisor_in(dir.path(), &["recommend", "workloads", "--format", "json"]);
    assert_eq!(status, Some(0), "{stderr}");
    let portfolio = json(&output);
    assert_eq!(portfolio["summary"]["workloads"], 1);
    assert_eq!(
        portfolio["workloads"][0]["workload"]["path"],
        "workloads/api.yaml"
    );
    // A file named on the command line is read, wherever it is.
    let (status, _, stderr) = advisor_in(
        dir.path(),
        &["recommend", "workloads", "workloads/scratch.yml"],
    );
    assert_eq!(status, Some(2));
    assert!(
        stderr.starts_with("workloads/scratch.yml:2:25: "),
        "{stderr}"
    );
}

#[test]
fn a_path_that_does_not_exist_stops_the_run_before_anything_is_evaluated() {
    let (status, output, stderr) = advisor(&["recommend", "examples/", "examples/no-such.yaml"]);
    assert_eq!(status, Some(2));
    assert_eq!(output, "");
    assert_eq!(
        stderr,
        "error: examples/no-such.yaml: cannot read this path: no such file or directory\n"
    );
}
