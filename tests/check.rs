//! `advisor check` over trees built at run time: hostile file names that cannot be committed,
//! ignore rules, and trees larger than one parallel chunk.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

fn advisor(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run advisor")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("advisor prints UTF-8")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("a parent")).expect("create directories");
    fs::write(path, text).expect("write a fixture");
}

fn decision(status: &str, service: &str, max_duration: &str) -> String {
    format!(
        "---\nstatus: {status}\nadvisor:\n  service: {service}\n  workload:\n    name: w\n    runtime: {{max_duration: {max_duration}}}\n---\n"
    )
}

/// A file name and waiver text carrying `%`, `::`, `,`, line breaks and an ANSI escape: none
/// of it may start a second workflow command, break out of XML or JSON, or reach a terminal.
const HOSTILE_NAME: &str = "50%,::\n::error::forged\u{1b}[31m.md";
const HOSTILE_DECISION: &str = "---\nstatus: accepted\nadvisor:\n  service: lambda\n  workload: {name: w, runtime: {max_duration: 40m}}\n  waivers:\n    - rule: \"x%,::\\r\\n::warning::forged\\e[0m\"\n      reason: because\n---\n";

fn hostile_tree() -> TempDir {
    let dir = TempDir::new().expect("a temporary directory");
    write(dir.path(), HOSTILE_NAME, HOSTILE_DECISION);
    dir
}

#[test]
fn hostile_name_and_text_are_escaped_in_human_output() {
    let dir = hostile_tree();
    let output = advisor(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "50%,::\\u{a}::error::forged\\u{1b}[31m.md:4:12: error[ruled-out]: `lambda` is ruled out by lambda-max-duration (the longest unit of work is 40m; Lambda stops a function after 15 minutes); nothing in the workload separates the 8 services not ruled out\n\
         50%,::\\u{a}::error::forged\\u{1b}[31m.md:7:13: warning[stale-waiver]: waiver for `x%,::\\u{d}\\u{a}::warning::forged\\u{1b}[0m`, which is not a rule of this rule set; remove the waiver or correct the rule id\n\
         checked 1 file (1 decision record): 0 passed, 1 failed, 0 invalid, 0 skipped; 1 error, 1 warning, 0 notes\n"
    );
}

#[test]
fn hostile_name_and_text_cannot_forge_a_workflow_command() {
    let dir = hostile_tree();
    let output = advisor(dir.path(), &["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 2, "{text}");
    assert_eq!(
        commands[0],
        "::error file=50%25%2C%3A%3A%0A%3A%3Aerror%3A%3Aforged\\u{1b}[31m.md,line=4,col=12,title=advisor ruled-out::`lambda` is ruled out by lambda-max-duration (the longest unit of work is 40m; Lambda stops a function after 15 minutes); nothing in the workload separates the 8 services not ruled out"
    );
    assert_eq!(
        commands[1],
        "::warning file=50%25%2C%3A%3A%0A%3A%3Aerror%3A%3Aforged\\u{1b}[31m.md,line=7,col=13,title=advisor stale-waiver::waiver for `x%25,::%0D%0A::warning::forged\\u{1b}[0m`, which is not a rule of this rule set; remove the waiver or correct the rule id"
    );
    assert!(!text.contains('\r') && !text.contains('\u{1b}'));
}

#[test]
fn hostile_name_and_text_stay_inside_json_and_sarif_strings() {
    let dir = hostile_tree();
    let json: serde_json::Value =
        serde_json::from_slice(&advisor(dir.path(), &["check", "--format", "json"]).stdout)
            .expect("check --format json prints JSON");
    assert_eq!(json["files"][0]["path"], HOSTILE_NAME);
    assert_eq!(
        json["files"][0]["findings"][1]["rules"][0],
        "x%,::\r\n::warning::forged\u{1b}[0m"
    );

    let sarif: serde_json::Value =
        serde_json::from_slice(&advisor(dir.path(), &["check", "--format", "sarif"]).stdout)
            .expect("check --format sarif prints JSON");
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "50%25%2C%3A%3A%0A%3A%3Aerror%3A%3Aforged%1B%5B31m.md"
    );
    assert_eq!(location["region"]["startLine"], 4);
}

#[test]
fn hostile_name_and_text_are_escaped_in_junit_xml() {
    let dir = hostile_tree();
    let text = stdout(&advisor(dir.path(), &["check", "--format", "junit"]));
    assert!(text.contains(
        "<testcase classname=\"advisor.check\" name=\"50%,::&#10;::error::forged\\u{1b}[31m.md\""
    ));
    assert!(text.contains("waiver for `x%,::&#13;&#10;::warning::forged\\u{1b}[0m`"));
    assert!(!text.contains('\u{1b}') && !text.contains('\r'));
}

#[test]
fn walk_honours_gitignore_and_skips_hidden_directories() {
    let dir = TempDir::new().expect("a temporary directory");
    write(dir.path(), ".gitignore", "generated/\n");
    write(
        dir.path(),
        "generated/0001.md",
        &decision("accepted", "lambda", "2h"),
    );
    write(
        dir.path(),
        ".drafts/0002.md",
        &decision("accepted", "lambda", "2h"),
    );
    write(
        dir.path(),
        "docs/0003.md",
        &decision("accepted", "lambda", "1m"),
    );
    write(
        dir.path(),
        "docs/diagram.txt",
        "advisor: not a decision extension",
    );
    let output = advisor(dir.path(), &["check"]);
    assert_eq!(
        stdout(&output),
        "checked 1 file (1 decision record): 1 passed, 0 failed, 0 invalid, 0 skipped; 0 errors, 0 warnings, 0 notes\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

/// More files than one parallel chunk (1024), written in scrambled order.
fn large_tree(files: usize) -> TempDir {
    let dir = TempDir::new().expect("a temporary directory");
    for i in 0..files {
        let n = (i * 7919) % files;
        let text = match n % 4 {
            0 => decision("accepted", "lambda", "1m"),
            1 => decision("accepted", "lambda", "2h"),
            2 => decision("rejected", "lambda", "2h"),
            _ => "---\nadvisor: [\n---\n".to_string(),
        };
        write(dir.path(), &format!("d{}/{n:05}.md", n % 3), &text);
    }
    dir
}

#[test]
fn output_is_in_path_order_and_the_same_on_every_run() {
    let dir = large_tree(2500);
    let first = advisor(dir.path(), &["check", "--format", "json"]);
    let second = advisor(dir.path(), &["check", "--format", "json"]);
    assert_eq!(first.stdout, second.stdout);
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).expect("JSON");
    let paths: Vec<&str> = json["files"]
        .as_array()
        .expect("a list of files")
        .iter()
        .map(|f| f["path"].as_str().expect("a path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 2500);
}

#[test]
fn summary_counts_add_up_to_the_files_found() {
    let dir = large_tree(2500);
    let output = advisor(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let summary = &json["summary"];
    let count = |key: &str| summary[key].as_u64().expect("a count");
    assert_eq!(count("files"), 2500);
    assert_eq!(count("passed"), 625);
    assert_eq!(count("failed"), 625);
    assert_eq!(count("skipped"), 625);
    assert_eq!(count("invalid"), 625);
    assert_eq!(count("errors"), 1250);
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = large_tree(300);
    let output = advisor(dir.path(), &["check"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn every_file_found_is_counted_even_unreadable_and_broken_ones() {
    let dir = TempDir::new().expect("a temporary directory");
    let root = dir.path();
    write(
        root,
        "docs/0001-passes.md",
        &decision("accepted", "lambda", "1m"),
    );
    write(
        root,
        "docs/0002-fails.md",
        &decision("accepted", "lambda", "2h"),
    );
    write(root, "docs/0003-broken.yaml", "advisor: [\n");
    fs::write(
        root.join("docs/0004-not-utf8.md"),
        b"---\nadvisor: caf\xe9\n---\n",
    )
    .expect("write");
    write(
        root,
        "docs/0005-superseded.md",
        &decision("superseded by 0001", "lambda", "1m"),
    );
    write(
        root,
        "docs/0006-plain-adr.md",
        "# An ADR without an advisor block\n",
    );
    std::os::unix::net::UnixListener::bind(root.join("docs/0007-socket.md")).expect("bind");
    std::os::unix::fs::symlink("0001-passes.md", root.join("docs/0008-link.md")).expect("link");
    write(
        root,
        "docs/notes.txt",
        "not a decision file's extension, so not found",
    );

    let output = advisor(root, &["check", "docs", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let statuses: Vec<(String, String)> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("docs/0001-passes.md", "passed"),
        ("docs/0002-fails.md", "failed"),
        ("docs/0003-broken.yaml", "invalid"),
        ("docs/0004-not-utf8.md", "invalid"),
        ("docs/0005-superseded.md", "skipped"),
        ("docs/0006-plain-adr.md", "skipped"),
        ("docs/0007-socket.md", "invalid"),
        ("docs/0008-link.md", "skipped"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect();
    assert_eq!(statuses, expected);
    let summary = &json["summary"];
    let count = |key: &str| summary[key].as_u64().expect("a count");
    assert_eq!(count("files"), 8);
    assert_eq!(
        count("passed") + count("failed") + count("invalid") + count("skipped"),
        count("files")
    );
}
