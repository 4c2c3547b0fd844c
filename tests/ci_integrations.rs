//! The CI integrations: which files `check` takes for decision records, what it says about a
//! workload file, the tree a `workload_file` may not leave, the pre-commit hook and the
//! GitHub Actions example.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

fn advisor_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run advisor")
}

fn advisor(args: &[&str]) -> Output {
    advisor_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("a parent")).expect("create directories");
    fs::write(&path, text).expect("write a fixture");
    path
}

const FIXTURES: &str = "tests/fixtures/not-decisions";

/// A multi-document Kubernetes manifest, a Helm template, Markdown without front matter and
/// Markdown whose front matter has no `advisor` key all mention advisor; none is a decision
/// record, so none is parsed or reported, and each counts as skipped. The record beside them
/// is still checked, with the workload file it points at (itself skipped).
#[test]
fn only_files_with_a_top_level_advisor_key_are_decision_records() {
    let output = advisor(&["check", FIXTURES, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let files: Vec<(String, String, String)> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            assert_eq!(f["findings"], serde_json::json!([]), "{f}");
            (
                f["path"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let not_a_decision = "not a decision file";
    let expected = [
        ("0010-adopt-advisor.md", "skipped", not_a_decision),
        ("0011-orders-api-on-lambda.md", "passed", ""),
        (
            "api.workload.yaml",
            "skipped",
            "a workload file, not a decision record",
        ),
        ("helm/templates/deployment.yaml", "skipped", not_a_decision),
        ("k8s-manifests.yaml", "skipped", not_a_decision),
        ("notes.md", "skipped", not_a_decision),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(p, s, r)| (format!("{FIXTURES}/{p}"), s.to_string(), r.to_string()))
        .collect();
    assert_eq!(files, expected);
    let summary = &json["summary"];
    assert_eq!(summary["files"], 6);
    assert_eq!(summary["decisions"], 1);
    assert_eq!(summary["passed"], 1);
    assert_eq!(summary["skipped"], 5);
    assert_eq!(summary["notes"], 0);
}

/// Named on the command line, the same files are skipped all the same: a pre-commit hook
/// passes whatever changed under its pattern.
#[test]
fn named_files_that_are_not_records_are_skipped_too() {
    let names = [
        "k8s-manifests.yaml",
        "helm/templates/deployment.yaml",
        "notes.md",
        "0010-adopt-advisor.md",
    ];
    let paths: Vec<String> = names.iter().map(|n| format!("{FIXTURES}/{n}")).collect();
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    let output = advisor(&args);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "checked 4 files (0 decision records): 0 passed, 0 failed, 0 invalid, 4 skipped; 0 errors, 0 warnings, 0 notes\n"
    );
}

/// A workload file named on the command line gets a note that says what it is and what to
/// run instead; a note never fails the check. In a directory it is only counted.
#[test]
fn a_workload_file_named_on_the_command_line_gets_a_note() {
    let path = format!("{FIXTURES}/api.workload.yaml");
    let output = advisor(&["check", &path]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        format!(
            "{path}:1:1: note[not-a-decision]: a workload file, not a decision record, so there is nothing to check; run `advisor recommend {path}` on it, or point a decision's `workload_file` at it\n\
             checked 1 file (0 decision records): 0 passed, 0 failed, 0 invalid, 1 skipped; 0 errors, 0 warnings, 1 note\n"
        )
    );
    let output = advisor(&["check", &path, "--fail-on", "warning", "--format", "github"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).starts_with(&format!("::notice file={path},line=1,col=1,")),
        "{}",
        stdout(&output)
    );
    let output = advisor(&["check", "examples/web-backend.yaml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let file = &json["files"][0];
    assert_eq!(file["status"], "skipped");
    assert_eq!(file["reason"], "a workload file, not a decision record");
    assert_eq!(file["findings"][0]["code"], "not-a-decision");
    assert_eq!(file["findings"][0]["level"], "note");
}

/// A JSON document (one flow mapping) cannot be read line by line: it is parsed, and a
/// decision in it is checked.
#[test]
fn a_json_decision_named_on_the_command_line_is_checked() {
    let dir = TempDir::new().expect("temp dir");
    write(
        dir.path(),
        "decision.json",
        r#"{"status": "accepted", "advisor": {"service": "lambda", "workload": {"name": "w", "runtime": {"max_duration": "2h"}}}}"#,
    );
    write(
        dir.path(),
        "workload.json",
        r#"{"name": "w", "runtime": {"max_duration": "1m"}}"#,
    );
    let output = advisor_in(dir.path(), &["check", "decision.json", "workload.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("decision.json:1:47: error[ruled-out]"),
        "{text}"
    );
    assert!(
        text.contains("workload.json:1:1: note[not-a-decision]"),
        "{text}"
    );
}

/// A temporary directory with a repository in it (a `.git` directory is all advisor looks
/// for) and a directory beside it to run from.
struct Layout {
    _temp: TempDir,
    /// Canonical, as advisor prints it.
    root: PathBuf,
}

impl Layout {
    fn new() -> Layout {
        let temp = TempDir::new().expect("temp dir");
        let root = fs::canonicalize(temp.path()).expect("canonical");
        fs::create_dir_all(root.join("repo/.git")).unwrap();
        fs::create_dir_all(root.join("elsewhere")).unwrap();
        // A workload the rules answer with Lambda, the service both records choose.
        let workload = "name: w\nruntime: {max_duration: 10s, trigger: event}\ndemand: {spikiness: high}\nteam: {ops_capacity: low, willing_to_rewrite: true}\ncontainers: {preference: avoid}\n";
        write(&root, "repo/workloads/x.yaml", workload);
        write(&root, "outside.yaml", workload);
        write(
            &root,
            "repo/decisions/0001-inside.md",
            "---\nstatus: accepted\nadvisor:\n  service: lambda\n  workload_file: ../workloads/x.yaml\n---\n",
        );
        write(
            &root,
            "repo/decisions/0002-outside.md",
            "---\nstatus: accepted\nadvisor:\n  service: lambda\n  workload_file: ../../outside.yaml\n---\n",
        );
        Layout { _temp: temp, root }
    }

    fn path(&self, name: &str) -> String {
        self.root.join(name).to_str().expect("UTF-8").to_string()
    }
}

/// The tree is the repository the record is in, whatever the current directory is: a
/// `workload_file` elsewhere in the repository is read when advisor runs from outside it.
#[test]
fn a_workload_file_elsewhere_in_the_repository_is_read_from_any_directory() {
    let layout = Layout::new();
    let record = layout.path("repo/decisions/0001-inside.md");
    for cwd in ["elsewhere", "repo/decisions", "repo/workloads", ""] {
        let output = advisor_in(&layout.root.join(cwd), &["check", &record]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "from {cwd:?}: {}",
            stdout(&output)
        );
        assert!(stdout(&output).contains("1 passed"), "{}", stdout(&output));
    }
    // No PATH: the current directory, and so the repository it is in.
    let output = advisor_in(
        &layout.root.join("repo/decisions"),
        &["check", "0001-inside.md"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// A `workload_file` outside the repository is refused even from a current directory that
/// holds it, and the message names the file as written, where it resolves to, and the tree.
#[test]
fn a_workload_file_outside_the_repository_is_refused_from_any_directory() {
    let layout = Layout::new();
    let record = layout.path("repo/decisions/0002-outside.md");
    for cwd in ["elsewhere", "", "repo"] {
        let output = advisor_in(&layout.root.join(cwd), &["check", &record]);
        assert_eq!(output.status.code(), Some(1), "from {cwd:?}");
        assert_eq!(
            stdout(&output),
            format!(
                "{record}:5:18: error[invalid-decision]: advisor.workload_file: `../../outside.yaml` resolves to {}, outside the checked tree (the repository {}); pass --allow-outside to read it\n\
                 checked 1 file (1 decision record): 0 passed, 0 failed, 1 invalid, 0 skipped; 1 error, 0 warnings, 0 notes\n",
                layout.path("outside.yaml"),
                layout.path("repo"),
            ),
            "from {cwd:?}"
        );
    }
    let output = advisor_in(
        &layout.root.join("elsewhere"),
        &["check", &record, "--allow-outside"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// A worktree or submodule has a `.git` file, not a directory: it is a repository all the same.
#[test]
fn a_git_file_marks_a_repository_too() {
    let layout = Layout::new();
    fs::remove_dir(layout.root.join("repo/.git")).unwrap();
    fs::write(layout.root.join("repo/.git"), "gitdir: /somewhere/else\n").unwrap();
    let output = advisor_in(
        &layout.root.join("elsewhere"),
        &["check", &layout.path("repo/decisions/0001-inside.md")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// Outside any repository the tree is the PATHs given (a file's directory), not the
/// current directory.
#[test]
fn outside_a_repository_the_tree_is_the_paths_given() {
    let layout = Layout::new();
    fs::remove_dir(layout.root.join("repo/.git")).unwrap();
    let record = layout.path("repo/decisions/0001-inside.md");
    // Named alone, the record's directory is the tree, and ../workloads is outside it, even
    // from a current directory that holds both.
    let output = advisor_in(&layout.root.join("repo"), &["check", &record]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains(&format!(
            "outside the checked tree (the directory {})",
            layout.path("repo/decisions")
        )),
        "{}",
        stdout(&output)
    );
    // Given the directory above, the workload is inside the tree.
    let output = advisor_in(
        &layout.root.join("elsewhere"),
        &["check", &record, &layout.path("repo/workloads")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[derive(serde::Deserialize)]
struct Hook {
    id: String,
    entry: String,
    files: String,
    pass_filenames: bool,
}

fn hooks() -> Vec<Hook> {
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"))
            .expect("read .pre-commit-hooks.yaml");
    serde_saphyr::from_str(&text).expect("a list of hooks")
}

/// The pre-commit hook passes the changed files that its pattern takes for decision records,
/// not the whole repository.
#[test]
fn the_pre_commit_hook_checks_the_changed_decision_records() {
    let hooks = hooks();
    let hook = hooks
        .iter()
        .find(|h| h.id == "advisor-check")
        .expect("an advisor-check hook");
    assert_eq!(hook.entry, "advisor check");
    assert!(hook.pass_filenames);
    // pre-commit matches `files` with Python's re.search against repository-relative paths.
    let files = regex::Regex::new(&hook.files).expect("a regex");
    for path in [
        "docs/decisions/0001-use-lambda.md",
        "docs/decisions/0002-batch.markdown",
        "docs/decisions/2026/0003-eks.yaml",
        "docs/decisions/0004-ecs.yml",
    ] {
        assert!(files.is_match(path), "{path} should be passed");
    }
    for path in [
        "README.md",
        "docs/architecture.md",
        "docs/decisions.md",
        "services/docs/decisions/0001.md",
        "docs/decisions/diagram.png",
        "charts/app/templates/deployment.yaml",
    ] {
        assert!(!files.is_match(path), "{path} should not be passed");
    }
    // The whole-repository variant stays available under its own id.
    let all = hooks
        .iter()
        .find(|h| h.id == "advisor-check-all")
        .expect("an advisor-check-all hook");
    assert!(!all.pass_filenames);
}

/// The workflow installs the release of this very version (a tag `v<version>`) and keys its
/// cache on it, so a new release is installed as soon as the version changes.
#[test]
fn the_github_workflow_pins_the_version_it_installs() {
    let workflow = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci/github-actions.yml"),
    )
    .expect("read the workflow");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        workflow.contains(&format!("\n  ADVISOR_VERSION: {version}\n")),
        "the workflow does not pin ADVISOR_VERSION: {version}"
    );
    let installs: Vec<&str> = workflow
        .lines()
        .filter(|line| line.trim_start().starts_with("run: cargo install"))
        .collect();
    assert!(!installs.is_empty());
    for install in installs {
        assert!(install.contains("--tag \"v$ADVISOR_VERSION\""), "{install}");
        assert!(install.contains("--locked"), "{install}");
    }
    let keys: Vec<&str> = workflow
        .lines()
        .filter(|line| line.trim_start().starts_with("key:"))
        .collect();
    assert!(!keys.is_empty());
    for key in keys {
        assert!(key.contains("${{ env.ADVISOR_VERSION }}"), "{key}");
    }
}
