//! SPEC 5: writing into a closed pipe (`advisor ... | head -1`) ends quietly with status 0.

use std::process::{Command, Output, Stdio};

/// Runs advisor with a stdout pipe whose reading end is closed before advisor writes, so
/// every write hits a closed pipe.
fn run_into_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("create a pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run advisor")
}

#[test]
fn recommend_into_closed_pipe_exits_zero_without_message() {
    let output = run_into_closed_pipe(&["recommend", "examples/web-backend.yaml", "--explain"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn no_viable_service_into_closed_pipe_still_exits_zero() {
    let output = run_into_closed_pipe(&[
        "recommend",
        "tests/fixtures/workloads/long-job-low-ops.yaml",
        "--rules",
        "tests/fixtures/rules/everything-ruled-out.yaml",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn check_with_findings_into_closed_pipe_exits_zero_without_message() {
    for format in ["text", "json", "markdown", "github", "sarif", "junit"] {
        let output = run_into_closed_pipe(&["check", "examples/decisions", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "--format {format}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "--format {format}"
        );
    }
}

#[test]
fn schema_into_closed_pipe_exits_zero_without_message() {
    for kind in [
        "workload",
        "rules",
        "decision",
        "recommendation",
        "portfolio",
        "price-book",
    ] {
        let output = run_into_closed_pipe(&["schema", kind]);
        assert_eq!(output.status.code(), Some(0), "{kind}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{kind}");
    }
}

/// SPEC 5 and issue #5: a write error other than a closed pipe (here a full disk) is not a
/// quiet success; it ends with status 2 and says what failed.
#[test]
fn full_disk_exits_two_with_a_message() {
    for args in [
        &["recommend", "examples/web-backend.yaml"][..],
        &["recommend", "examples/"],
        &["recommend", "examples/", "--format", "json"],
        &["check", "examples/decisions", "--format", "sarif"],
        &["rules", "list"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("open /dev/full");
        let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
            .args(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("run advisor");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: cannot write to standard output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_portfolio_into_closed_pipe_exits_zero_without_message() {
    for format in ["table", "json"] {
        let output = run_into_closed_pipe(&["recommend", "examples/", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "--format {format}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "--format {format}"
        );
    }
}
