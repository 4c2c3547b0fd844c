//! SPEC 5: writing into a closed pipe (`advisor ... | head -1`) ends quietly with status 0.

use std::process::{Command, Stdio};

#[test]
fn recommend_into_closed_pipe_exits_zero_without_message() {
    let (reader, writer) = std::io::pipe().expect("create a pipe");
    // Close the reading end before advisor writes, so every write hits a closed pipe.
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["recommend", "examples/web-backend.yaml", "--explain"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run advisor");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn no_viable_service_into_closed_pipe_still_exits_zero() {
    let (reader, writer) = std::io::pipe().expect("create a pipe");
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args([
            "recommend",
            "tests/fixtures/workloads/long-job-low-ops.yaml",
            "--rules",
            "tests/fixtures/rules/everything-ruled-out.yaml",
        ])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run advisor");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
