//! `advisor decide`: the records it writes, byte for byte, and `advisor check` on every one of
//! them: a record that follows the recommendation passes without findings, and one that
//! goes against the rules (`--service`) gets exactly the finding its body announces.
//! Regenerate the record snapshots after an intended change with
//! `SNAPSHOTS=overwrite cargo test --test decide`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// The day `ADVISOR_TODAY` pins, as for the CLI cases.
const TODAY: &str = "2026-11-28";

fn advisor(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .current_dir(dir)
        .env("ADVISOR_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("advisor runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A temporary directory holding `workload` (a file of this repository) at `into`.
fn sandbox(workload: &str, into: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = dir.path().join(into);
    std::fs::create_dir_all(target.parent().expect("a parent")).expect("directories");
    std::fs::copy(repo(workload), target).expect("the workload copied");
    dir
}

/// Runs `decide` and returns the path of the record it wrote, relative to `dir`.
fn decide(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["decide"];
    all.extend_from_slice(args);
    let output = advisor(dir, &all);
    assert_eq!(
        output.status.code(),
        Some(0),
        "decide {args:?}: {}",
        stderr(&output)
    );
    assert_eq!(stderr(&output), "", "decide {args:?}");
    let path = stdout(&output);
    assert!(path.ends_with(".md\n"), "decide {args:?} printed {path:?}");
    path.trim_end().to_string()
}

/// `advisor check --format json` on one record: its exit code and its findings. The records
/// are written in a temporary directory outside any repository, and name workloads in this
/// one, so `--allow-outside` lets `check` follow them there.
/// A finding as `(code, level, rules)`.
type Finding = (String, String, Vec<String>);

fn check(dir: &Path, record: &str) -> (Option<i32>, Vec<Finding>) {
    let output = advisor(
        dir,
        &["check", record, "--format", "json", "--allow-outside"],
    );
    let document: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("check {record}: {}", stderr(&output)));
    let files = document["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "check {record}: {document:#}");
    let findings = files[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let rules = f["rules"]
                .as_array()
                .expect("rules")
                .iter()
                .map(|r| r.as_str().expect("a rule id").to_string())
                .collect();
            (
                f["code"].as_str().expect("code").to_string(),
                f["level"].as_str().expect("level").to_string(),
                rules,
            )
        })
        .collect();
    (output.status.code(), findings)
}

fn read(dir: &Path, record: &str) -> String {
    std::fs::read_to_string(dir.join(record)).expect("the record is readable")
}

/// Compares a written record with its snapshot in `tests/fixtures/decide/records/`.
fn assert_snapshot(name: &str, actual: &str) {
    let path = repo(&format!("tests/fixtures/decide/records/{name}.md"));
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
        std::fs::write(&path, actual).expect("the snapshot written");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (SNAPSHOTS=overwrite writes it)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
        panic!(
            "{name}: the record differs from {} from line {}:\nexpected: {:?}\nactual:   {:?}\n\nactual record:\n{actual}",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line),
        );
    }
}

#[test]
fn the_web_backend_record_is_written_exactly() {
    let dir = sandbox("examples/web-backend.yaml", "web-backend.yaml");
    let record = decide(dir.path(), &["web-backend.yaml"]);
    assert_eq!(
        record,
        "docs/decisions/0001-run-web-backend-on-aws-lambda.md"
    );
    let text = read(dir.path(), &record);
    assert_snapshot("web-backend", &text);
    assert!(text.contains("  workload_file: ../../web-backend.yaml\n"));
    assert_eq!(check(dir.path(), &record), (Some(0), vec![]));
}

#[test]
fn records_against_the_rules_are_written_exactly() {
    for (service, name) in [
        ("elastic-beanstalk", "web-backend-on-elastic-beanstalk"),
        ("ecs-fargate", "web-backend-on-ecs-fargate"),
    ] {
        let dir = sandbox("examples/web-backend.yaml", "web-backend.yaml");
        let record = decide(dir.path(), &["web-backend.yaml", "--service", service]);
        assert_snapshot(name, &read(dir.path(), &record));
    }
}

#[test]
fn a_hostile_workload_name_is_escaped_and_the_record_still_checks() {
    let dir = sandbox(
        "tests/cmd/decide-hostile-name.in/workloads/hostile.yaml",
        "workloads/hostile.yaml",
    );
    let record = decide(
        dir.path(),
        &["workloads/hostile.yaml", "--dir", "docs/adr/compute"],
    );
    assert_eq!(
        record,
        "docs/adr/compute/0001-run-script-alert-1-script-x-y-on-aws-lambda.md"
    );
    let text = read(dir.path(), &record);
    assert_snapshot("hostile-name", &text);
    assert!(text.contains("  workload_file: ../../../workloads/hostile.yaml\n"));
    assert!(
        text.contains("# Run \\<script\\>alert(1)\\</script\\> \\*x\\*\\|y on AWS Lambda\n"),
        "{text}"
    );
    // No raw tag, emphasis, table pipe or link survives outside the front matter.
    let body = text.split("\n---\n").nth(1).expect("a body");
    for raw in [
        "<script>",
        "</script>",
        "*x",
        "|y",
        "[a link",
        "`code",
        "$x",
        "_em",
        "& ",
    ] {
        let unescaped = body
            .match_indices(raw)
            .any(|(at, _)| !body[..at].ends_with('\\'));
        assert!(!unescaped, "{raw} reached the body unescaped:\n{body}");
    }
    assert_eq!(check(dir.path(), &record), (Some(0), vec![]));
}

#[test]
fn a_workload_path_with_spaces_and_yaml_syntax_is_quoted_and_read_back() {
    let dir = sandbox(
        "examples/web-backend.yaml",
        "our services/web #1: \"main\".yaml",
    );
    let record = decide(
        dir.path(),
        &[
            "our services/web #1: \"main\".yaml",
            "--dir",
            "architecture/decision records",
        ],
    );
    let text = read(dir.path(), &record);
    assert!(
        text.contains("  workload_file: \"../../our services/web #1: \\\"main\\\".yaml\"\n"),
        "{text}"
    );
    assert_eq!(check(dir.path(), &record), (Some(0), vec![]));
}

#[test]
fn a_workload_outside_the_record_directory_is_named_from_the_record() {
    let dir = sandbox("examples/web-backend.yaml", "services/web/web.yaml");
    let work = dir.path().join("docs");
    std::fs::create_dir_all(&work).expect("a directory");
    // Run from `docs/`, with the workload above it and the records below it.
    let record = decide(
        &work,
        &["../services/web/web.yaml", "--dir", "adr/../adr/compute"],
    );
    assert_eq!(
        record,
        "adr/../adr/compute/0001-run-web-backend-on-aws-lambda.md"
    );
    let text = read(&work, &record);
    assert!(
        text.contains("  workload_file: ../../../services/web/web.yaml\n"),
        "{text}"
    );
    assert_eq!(
        check(dir.path(), &format!("docs/{record}")),
        (Some(0), vec![])
    );
}

/// The example workloads, by file name.
fn example_workloads() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo("examples"))
        .expect("examples/")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    names
}

/// Whether the record announces a `cost-gap` warning, which `check` must then give.
fn announces_cost_gap(text: &str) -> bool {
    text.contains("`cost-gap`")
}

#[test]
fn every_record_that_follows_the_recommendation_passes_check() {
    let mut written = 0;
    for name in example_workloads() {
        let dir = sandbox(&format!("examples/{name}"), &format!("workloads/{name}"));
        let output = advisor(dir.path(), &["decide", &format!("workloads/{name}")]);
        if output.status.code() == Some(2) {
            // A tie or no viable service: nothing to follow, and nothing written.
            assert!(
                stderr(&output).contains("choose one with --service")
                    || stderr(&output).contains("name it with --service"),
                "{name}: {}",
                stderr(&output)
            );
            assert!(!dir.path().join("docs").exists(), "{name}");
            continue;
        }
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let record = stdout(&output).trim_end().to_string();
        let text = read(dir.path(), &record);
        assert!(text.starts_with("---\nstatus: proposed\ndate: 2026-11-28\nadvisor:\n"));
        assert!(text.contains("because the rules recommend it"), "{name}");
        let (code, findings) = check(dir.path(), &record);
        assert_eq!(code, Some(0), "{name}: {findings:?}");
        let expected: Vec<Finding> = if announces_cost_gap(&text) {
            vec![("cost-gap".into(), "warning".into(), vec![])]
        } else {
            vec![]
        };
        assert_eq!(findings, expected, "{name}:\n{text}");
        written += 1;
    }
    assert!(written >= 8, "only {written} example workloads have a pick");
}

#[test]
fn every_record_against_the_rules_gets_the_finding_it_announces() {
    for name in example_workloads() {
        let ranking = advisor(
            &repo("."),
            &["recommend", &format!("examples/{name}"), "--format", "json"],
        );
        let document: Value = serde_json::from_slice(&ranking.stdout).expect("JSON");
        let standings = document["ranking"].as_array().expect("ranking");
        let top = standings[0]["score"].as_i64().expect("a score");
        let top_ranked = standings[0]["rank"].is_number();
        for standing in standings {
            let service = standing["service"].as_str().expect("an id");
            let dir = sandbox(&format!("examples/{name}"), &format!("workloads/{name}"));
            let record = decide(
                dir.path(),
                &[&format!("workloads/{name}"), "--service", service],
            );
            let text = read(dir.path(), &record);
            assert!(text.contains(&format!("  service: {service}\n")), "{text}");
            let (code, findings) = check(dir.path(), &record);
            let context = format!("{name} --service {service}:\n{text}");
            let mut expected = Vec::new();
            if standing["rank"].is_null() {
                let rules: Vec<String> = standing["reasons"]
                    .as_array()
                    .expect("reasons")
                    .iter()
                    .filter(|r| r["effect"] == "exclude")
                    .map(|r| r["rule"].as_str().expect("a rule").to_string())
                    .collect();
                assert!(
                    text.contains("`advisor check` reports `ruled-out`"),
                    "{context}"
                );
                for rule in &rules {
                    assert!(
                        text.contains(&format!("  #   - rule: {rule}\n")),
                        "{context}"
                    );
                }
                expected.push(("ruled-out".to_string(), "warning".to_string(), rules));
            } else if top_ranked && standing["score"].as_i64().expect("a score") < top {
                assert!(
                    text.contains("`advisor check` warns `better-fit`"),
                    "{context}"
                );
                expected.push(("better-fit".to_string(), "warning".to_string(), vec![]));
            } else {
                assert!(!text.contains("`better-fit`"), "{context}");
                assert!(!text.contains("`ruled-out`"), "{context}");
            }
            if announces_cost_gap(&text) {
                expected.push(("cost-gap".to_string(), "warning".to_string(), vec![]));
            }
            // `better-fit` names the rules behind the gap; only `ruled-out`'s are compared.
            let mut findings: Vec<_> = findings
                .into_iter()
                .map(|(code, level, rules)| {
                    let rules = if code == "ruled-out" { rules } else { vec![] };
                    (code, level, rules)
                })
                .collect();
            findings.sort();
            expected.sort();
            assert_eq!(findings, expected, "{context}");
            // Proposed, so the violations are warnings and the check passes.
            assert_eq!(code, Some(0), "{context}");

            if standing["rank"].is_null() {
                // Accepted, the same record fails the check with an error.
                let accepted = text.replacen("status: proposed", "status: accepted", 1);
                std::fs::write(dir.path().join(&record), accepted).expect("the record edited");
                let (code, findings) = check(dir.path(), &record);
                assert_eq!(code, Some(1), "{context}");
                assert!(
                    findings
                        .iter()
                        .any(|(code, level, _)| code == "ruled-out" && level == "error"),
                    "{context}: {findings:?}"
                );
            }
        }
    }
}

#[test]
fn records_are_numbered_after_the_highest_and_never_overwritten() {
    let dir = sandbox("examples/web-backend.yaml", "web-backend.yaml");
    let first = decide(dir.path(), &["web-backend.yaml"]);
    let second = decide(dir.path(), &["web-backend.yaml"]);
    assert_eq!(
        first,
        "docs/decisions/0001-run-web-backend-on-aws-lambda.md"
    );
    assert_eq!(
        second,
        "docs/decisions/0002-run-web-backend-on-aws-lambda.md"
    );
    assert_eq!(read(dir.path(), &first), read(dir.path(), &second));
}

#[test]
fn concurrent_runs_never_overwrite_a_record() {
    let dir = sandbox("examples/web-backend.yaml", "web-backend.yaml");
    std::fs::create_dir_all(dir.path().join("docs/decisions")).expect("a directory");
    let runs: Vec<_> = (0..8)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_advisor"))
                .args([
                    "decide",
                    "web-backend.yaml",
                    "--title",
                    "Run the web backend on Lambda",
                ])
                .arg("--service")
                .arg(if i % 2 == 0 { "lambda" } else { "ec2" })
                .current_dir(dir.path())
                .env("ADVISOR_TODAY", TODAY)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("advisor starts")
        })
        .map(|child| child.wait_with_output().expect("advisor ends"))
        .collect();
    let mut written = Vec::new();
    for output in &runs {
        match output.status.code() {
            Some(0) => written.push(stdout(output).trim_end().to_string()),
            Some(2) => assert!(
                stderr(output).contains("the file already exists"),
                "{}",
                stderr(output)
            ),
            other => panic!("exit {other:?}: {}", stderr(output)),
        }
    }
    assert!(!written.is_empty());
    let files = std::fs::read_dir(dir.path().join("docs/decisions"))
        .expect("the directory")
        .count();
    assert_eq!(files, written.len(), "{written:?}");
    written.sort();
    written.dedup();
    assert_eq!(files, written.len(), "two runs claim one file: {written:?}");
}
