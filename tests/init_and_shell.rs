//! `advisor init`, `completions` and `man`: the template is a valid workload as written and
//! with every field uncommented, and existing files are never overwritten by accident.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

fn advisor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run advisor")
}

fn path(dir: &TempDir, name: &str) -> String {
    dir.path().join(name).to_str().expect("UTF-8").to_string()
}

/// Removes the `# ` that comments out an optional field or section.
fn uncomment_fields(template: &str) -> String {
    template
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let is_field = |rest: &str| {
                rest.split_once(':').is_some_and(|(key, _)| {
                    !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                })
            };
            match line.trim_start().strip_prefix("# ") {
                Some(rest) if is_field(rest) => format!("{}{rest}\n", &line[..indent]),
                _ => format!("{line}\n"),
            }
        })
        .collect()
}

#[test]
fn init_template_is_a_valid_workload_as_written() {
    let dir = TempDir::new().expect("a temporary directory");
    let file = path(&dir, "workload.yaml");
    let output = advisor(&["init", &file]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("wrote {file}: fill in what you know, then run `advisor recommend {file}`\n")
    );
    let recommended = advisor(&["recommend", &file]);
    assert_eq!(
        recommended.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&recommended.stderr)
    );
}

#[test]
fn init_template_is_valid_with_every_field_uncommented() {
    let template = String::from_utf8(advisor(&["init"]).stdout).expect("UTF-8");
    let full = uncomment_fields(&template);
    let fields = full
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains(':'))
        .count();
    // name, description, priorities, labels, 6 sections and the 19 fields inside them.
    assert_eq!(fields, 29, "{full}");
    let dir = TempDir::new().expect("a temporary directory");
    let file = path(&dir, "full.yaml");
    fs::write(&file, &full).expect("write");
    let output = advisor(&["recommend", &file, "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["open_questions"], serde_json::Value::Array(Vec::new()));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = TempDir::new().expect("a temporary directory");
    let file = path(&dir, "mine.yaml");
    fs::write(&file, "name: mine\n").expect("write");
    let refused = advisor(&["init", &file]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!("error: {file}: the file already exists; pass --force to overwrite it\n")
    );
    assert_eq!(fs::read_to_string(&file).expect("read"), "name: mine\n");

    let forced = advisor(&["init", &file, "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(
        fs::read_to_string(&file)
            .expect("read")
            .starts_with("# A workload")
    );
}

#[test]
fn init_into_a_missing_directory_is_an_error() {
    let dir = TempDir::new().expect("a temporary directory");
    let file = path(&dir, "no/such/dir/w.yaml");
    let output = advisor(&["init", &file]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!Path::new(&file).exists());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .starts_with(&format!("error: {file}: cannot write the template"))
    );
}

#[test]
fn completions_cover_every_subcommand_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = advisor(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(output.stdout).expect("UTF-8");
        // fish writes long options without their dashes (`-l why-not`).
        for word in [
            "recommend",
            "check",
            "rules",
            "lint",
            "why-not",
            "fail-on",
            "prices",
            "decide",
            "dry-run",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
}

#[test]
fn man_page_is_roff_for_advisor() {
    let output = advisor(&["man"]);
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(page.contains(".TH advisor 1"));
    for command in [
        "recommend",
        "check",
        "rules",
        "prices",
        "init",
        "decide",
        "completions",
    ] {
        assert!(page.contains(command), "the man page lacks {command}");
    }
}
