//! The walk-through of issue 14, as a team would go through it in a fresh git repository:
//! `advisor init` writes a workload template, the team fills it in, `advisor decide` records
//! the recommendation as the next decision record and `advisor check` guards it; a second
//! record that goes against the rules is reported, fails once accepted, and passes again
//! with a waiver that gives the team's reason.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("ADVISOR_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{program} {args:?} does not start: {e}"))
}

fn advisor(dir: &Path, args: &[&str]) -> Output {
    run(dir, env!("CARGO_BIN_EXE_advisor"), args)
}

fn git(dir: &Path, args: &[&str]) {
    let mut all = vec![
        "-c",
        "user.name=Walk Through",
        "-c",
        "user.email=walk@example.com",
        "-c",
        "commit.gpgsign=false",
    ];
    all.extend_from_slice(args);
    let output = run(dir, "git", &all);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// Runs advisor and asserts its exit code; gives stdout.
fn expect(dir: &Path, args: &[&str], code: i32) -> String {
    let output = advisor(dir, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "advisor {args:?}\nstdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// Replaces the template's line for `key` (commented out or not) with `line`.
fn set(template: &str, key: &str, line: &str) -> String {
    let mut found = false;
    let lines: Vec<String> = template
        .lines()
        .map(|l| {
            let bare = l.trim_start().trim_start_matches("# ");
            if !found && bare.starts_with(&format!("{key}:")) {
                found = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(found, "the template has no line for `{key}`");
    lines.join("\n") + "\n"
}

#[test]
fn from_init_to_decide_to_check_in_a_git_repository() {
    let temp = tempfile::tempdir().expect("a temporary directory");
    let repo = temp.path();
    git(repo, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::create_dir(repo.join("workloads")).expect("a directory");

    // 1. A workload template, valid as written.
    let said = expect(repo, &["init", "workloads/orders-api.yaml"], 0);
    assert_eq!(
        said,
        "wrote workloads/orders-api.yaml: fill in what you know, then run `advisor recommend workloads/orders-api.yaml`\n"
    );
    let path = repo.join("workloads/orders-api.yaml");
    let template = std::fs::read_to_string(&path).expect("the template");

    // 2. Filled in with what the team knows: the web backend of the source text.
    let mut workload = template;
    for (key, line) in [
        ("name", "name: orders-api"),
        (
            "description",
            "description: Orders API for the web shop, bursts at lunchtime",
        ),
        ("max_duration", "  max_duration: 10s"),
        ("avg_duration", "  avg_duration: 200ms"),
        ("trigger", "  trigger: http"),
        ("demand", "demand:"),
        ("spikiness", "  spikiness: high"),
        ("requests_per_month", "  requests_per_month: 3000000"),
        ("resources", "resources:"),
        ("memory_mb", "  memory_mb: 512"),
        ("containers", "containers:"),
        ("preference", "  preference: avoid"),
        ("team", "team:"),
        ("ops_capacity", "  ops_capacity: low"),
        ("willing_to_rewrite", "  willing_to_rewrite: true"),
        ("priorities", "priorities: [cost, operational-efficiency]"),
    ] {
        workload = set(&workload, key, line);
    }
    std::fs::write(&path, &workload).expect("the workload written");
    let recommendation = expect(
        repo,
        &["recommend", "workloads/orders-api.yaml", "--format", "json"],
        0,
    );
    assert!(
        recommendation.contains("\"recommendation\": {\n    \"service\": \"lambda\""),
        "{recommendation}"
    );
    git(repo, &["add", "."]);
    git(
        repo,
        &["commit", "--quiet", "-m", "Describe the orders API"],
    );

    // 3. The recommendation, recorded.
    let written = expect(repo, &["decide", "workloads/orders-api.yaml"], 0);
    assert_eq!(
        written,
        "docs/decisions/0001-run-orders-api-on-aws-lambda.md\n"
    );
    let first = written.trim_end();
    let record = std::fs::read_to_string(repo.join(first)).expect("the record");
    assert!(
        record.starts_with(
            "---\nstatus: proposed\ndate: 2026-11-28\nadvisor:\n  service: lambda\n  workload_file: ../../workloads/orders-api.yaml\n---\n# Run orders-api on AWS Lambda\n"
        ),
        "{record}"
    );
    for section in [
        "\n## Context and problem statement\n\nWhich service should run orders-api? Orders API for the web shop, bursts at lunchtime.\n",
        "\n## Considered options\n",
        "| 1 | AWS Lambda (`lambda`) with Amazon API Gateway (`api-gateway`) (chosen) | +11 | recommended | $8.60 |\n",
        "\n## Decision outcome\n\nChosen option: AWS Lambda (`lambda`) with Amazon API Gateway (`api-gateway`), because the rules recommend it, 10 points ahead of AWS Elastic Beanstalk (`elastic-beanstalk`) (+11 against +1).\n",
        "\n### Consequences\n",
        "\n## More information\n",
    ] {
        assert!(record.contains(section), "no {section:?} in:\n{record}");
    }

    // 4. The record passes the check, named or found in the repository.
    let checked = expect(repo, &["check", first], 0);
    assert_eq!(
        checked,
        "checked 1 file (1 decision record): 1 passed, 0 failed, 0 invalid, 0 skipped; 0 errors, 0 warnings, 0 notes\n"
    );
    let everything = expect(repo, &["check"], 0);
    assert!(
        everything.ends_with("0 errors, 0 warnings, 0 notes\n"),
        "{everything}"
    );
    git(repo, &["add", "."]);
    git(
        repo,
        &["commit", "--quiet", "-m", "ADR 0001: orders API on Lambda"],
    );

    // 5. A second record, against the rules: Fargate runs containers, which the team avoids.
    let written = expect(
        repo,
        &[
            "decide",
            "workloads/orders-api.yaml",
            "--service",
            "ecs-fargate",
            "--title",
            "Run the orders API on Fargate after all",
        ],
        0,
    );
    assert_eq!(
        written,
        "docs/decisions/0002-run-the-orders-api-on-fargate-after-all.md\n"
    );
    let second = written.trim_end();
    let record = std::fs::read_to_string(repo.join(second)).expect("the record");
    assert!(
        record.contains("Chosen option: Amazon ECS on AWS Fargate (`ecs-fargate`), against the rules: they recommend AWS Lambda (`lambda`) with Amazon API Gateway (`api-gateway`) at +11. Amazon ECS on AWS Fargate is ruled out by `containers-avoided`"),
        "{record}"
    );
    // Proposed: a warning, so the check passes unless warnings fail it.
    let checked = expect(repo, &["check", second], 0);
    assert!(
        checked.starts_with(&format!(
            "{second}:5:12: warning[ruled-out]: `ecs-fargate` is ruled out by containers-avoided"
        )),
        "{checked}"
    );
    expect(repo, &["check", "--fail-on", "warning"], 1);

    // 6. Accepted, the record fails the check with an error.
    let accepted = record.replacen("status: proposed", "status: accepted", 1);
    std::fs::write(repo.join(second), &accepted).expect("the record edited");
    let checked = expect(repo, &["check"], 1);
    assert!(
        checked.contains(&format!("{second}:5:12: error[ruled-out]")),
        "{checked}"
    );
    assert!(
        checked.ends_with("1 error, 0 warnings, 0 notes\n"),
        "{checked}"
    );

    // 7. The waiver the record suggests, with the team's reason: the check passes again.
    let waived = accepted
        .replace("  # waivers:\n", "  waivers:\n")
        .replace(
            "  #   - rule: containers-avoided\n  #     reason: ...\n",
            "    - rule: containers-avoided\n      reason: the platform team now runs the containers for us\n",
        );
    assert_ne!(
        waived, accepted,
        "the record suggests no waiver:\n{accepted}"
    );
    std::fs::write(repo.join(second), &waived).expect("the record edited");
    let checked = expect(repo, &["check"], 0);
    assert!(
        checked.contains("note[waived]: `containers-avoided` is waived (the platform team now runs the containers for us)"),
        "{checked}"
    );
    git(repo, &["add", "."]);
    git(
        repo,
        &["commit", "--quiet", "-m", "ADR 0002: orders API on Fargate"],
    );
    let log = run(repo, "git", &["log", "--oneline"]);
    assert_eq!(text(&log.stdout).lines().count(), 3);
}
