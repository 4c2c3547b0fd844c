//! The bad-input corpus: hostile and broken files and arguments, each with the exit code and
//! message (with position) advisor must give. Committed inputs are trycmd cases in
//! `tests/bad-input/`; inputs that cannot be committed (50 MB, sockets, FIFOs, symbolic link
//! loops) are built at run time in the table below. Nothing may panic, hang or pass unchecked.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn advisor(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run advisor");
    if let Some(bytes) = stdin {
        use std::io::Write;
        // advisor may stop reading early (over the limit); a broken pipe here is fine.
        let _ = child.stdin.take().expect("stdin").write_all(bytes);
    }
    child.wait_with_output().expect("advisor ends")
}

/// A case built at run time: files to create in an empty directory, the command, and the
/// exit code and stderr (or stdout) it must give.
struct Generated {
    name: &'static str,
    /// Megabytes or 100,000 entries: slow in a debug build, so kept in a test of their own.
    at_scale: bool,
    setup: fn(&Path),
    args: &'static [&'static str],
    stdin: Option<fn() -> Vec<u8>>,
    code: i32,
    stderr: &'static str,
    stdout: Stdout,
}

/// What standard output must hold: nothing at all, an exact ending (a summary line), or a
/// JSON document with the answer the case is about.
enum Stdout {
    Empty,
    EndsWith(&'static str),
    Json(fn(&serde_json::Value)),
}

fn workload_of_size(bytes: usize) -> Vec<u8> {
    let mut text = b"name: big\nruntime: {max_duration: 1m}\ndescription: \"".to_vec();
    text.resize(bytes, b'x');
    text.extend_from_slice(b"\"\n");
    text
}

/// A valid workload whose `labels` mapping has `count` keys: `k0: v0`, `k1: v1`, …
fn workload_with_labels(count: usize) -> String {
    let mut text = String::from("name: labelled\nruntime: {max_duration: 1m}\nlabels:\n");
    for i in 0..count {
        text.push_str(&format!("  k{i}: v{i}\n"));
    }
    text
}

const GENERATED: &[Generated] = &[
    Generated {
        name: "workload of 50 MB",
        at_scale: true,
        setup: |dir| fs::write(dir.join("big.yaml"), workload_of_size(50 << 20)).unwrap(),
        args: &["recommend", "big.yaml"],
        stdin: None,
        code: 2,
        stderr: "error: big.yaml: is 50.0 MB, more than the 10 MB input limit; raise it with --max-input-mb\n",
        stdout: Stdout::Empty,
    },
    Generated {
        name: "workload of 12 MB with the limit raised",
        at_scale: true,
        setup: |dir| fs::write(dir.join("big.yaml"), workload_of_size(12 << 20)).unwrap(),
        args: &[
            "recommend",
            "big.yaml",
            "--max-input-mb",
            "16",
            "--format",
            "json",
        ],
        stdin: None,
        code: 0,
        stderr: "",
        stdout: Stdout::Json(|json| {
            assert_eq!(json["workload"]["name"], "big");
            assert_eq!(json["workload"]["path"], "big.yaml");
            let ranked = json["ranking"].as_array().expect("a ranking");
            assert_eq!(ranked.len(), 9, "every candidate of the default rules");
        }),
    },
    Generated {
        name: "workload of 50 MB on standard input",
        at_scale: true,
        setup: |_| {},
        args: &["recommend", "-"],
        stdin: Some(|| workload_of_size(50 << 20)),
        code: 2,
        stderr: "error: <stdin>: more than the 10 MB input limit arrived; raise it with --max-input-mb\n",
        stdout: Stdout::Empty,
    },
    Generated {
        name: "unreadable workload (a socket)",
        at_scale: false,
        setup: |dir| {
            std::os::unix::net::UnixListener::bind(dir.join("socket.yaml")).unwrap();
        },
        args: &["recommend", "socket.yaml"],
        stdin: None,
        code: 2,
        stderr: "error: socket.yaml: is not a regular file (a FIFO, socket or device); expected a file\n",
        stdout: Stdout::Empty,
    },
    Generated {
        name: "rule set with 100,000 rules",
        at_scale: true,
        setup: |dir| {
            let mut text = String::from(
                "version: 1\nname: huge\nservices:\n  - {id: ec2, name: EC2}\n  - {id: lambda, name: Lambda}\nrules:\n",
            );
            for i in 0..100_000 {
                text.push_str(&format!("  - {{id: r{i}, score: {{ec2: 1}}}}\n"));
            }
            fs::write(dir.join("huge.yaml"), text).unwrap();
            fs::write(dir.join("w.yaml"), "name: w\nruntime: {max_duration: 1m}\n").unwrap();
        },
        args: &[
            "recommend",
            "w.yaml",
            "--rules",
            "huge.yaml",
            "--format",
            "json",
        ],
        stdin: None,
        code: 0,
        stderr: "",
        stdout: Stdout::Json(|json| {
            assert_eq!(json["rule_set"]["rules"], 100_000);
            assert_eq!(json["recommendation"]["service"], "ec2");
            assert_eq!(
                json["ranking"][0]["score"], 100_000,
                "every rule fired once"
            );
            assert_eq!(json["ranking"][1]["service"], "lambda");
            assert_eq!(json["ranking"][1]["score"], 0);
        }),
    },
    Generated {
        name: "workload with 100,000 label keys",
        at_scale: true,
        setup: |dir| fs::write(dir.join("labels.yaml"), workload_with_labels(100_000)).unwrap(),
        args: &["recommend", "labels.yaml", "--format", "json"],
        stdin: None,
        code: 0,
        stderr: "",
        stdout: Stdout::Json(|json| assert_eq!(json["workload"]["name"], "labelled")),
    },
    Generated {
        name: "rule set with 100,000 condition keys",
        at_scale: true,
        setup: |dir| {
            fs::write(dir.join("labels.yaml"), workload_with_labels(100_000)).unwrap();
            let mut text = String::from(
                "version: 1\nname: keys\nservices:\n  - {id: ec2, name: EC2}\n  - {id: lambda, name: Lambda}\nrules:\n  - id: every-label\n    score: {ec2: 5}\n    when:\n",
            );
            for i in 0..100_000 {
                text.push_str(&format!("      labels.k{i}: v{i}\n"));
            }
            fs::write(dir.join("keys.yaml"), text).unwrap();
        },
        args: &[
            "recommend",
            "labels.yaml",
            "--rules",
            "keys.yaml",
            "--format",
            "json",
        ],
        stdin: None,
        code: 0,
        stderr: "",
        stdout: Stdout::Json(|json| {
            assert_eq!(json["recommendation"]["service"], "ec2");
            assert_eq!(json["ranking"][0]["score"], 5, "all 100,000 labels matched");
        }),
    },
    Generated {
        name: "symbolic link loop in a checked tree",
        at_scale: false,
        setup: |dir| {
            fs::create_dir(dir.join("docs")).unwrap();
            std::os::unix::fs::symlink("..", dir.join("docs/loop")).unwrap();
            std::os::unix::fs::symlink("self.md", dir.join("docs/self.md")).unwrap();
            fs::write(dir.join("docs/0001.md"), "---\nstatus: accepted\nadvisor:\n  service: lambda\n  workload: {name: w, runtime: {max_duration: 1m}}\n---\n").unwrap();
        },
        args: &["check", "docs"],
        stdin: None,
        code: 0,
        stderr: "",
        stdout: Stdout::EndsWith(
            "checked 2 files (1 decision record): 1 passed, 0 failed, 0 invalid, 1 skipped; 0 errors, 0 warnings, 0 notes\n",
        ),
    },
    Generated {
        name: "FIFO and socket among decision files",
        at_scale: false,
        setup: |dir| {
            fs::create_dir(dir.join("docs")).unwrap();
            std::os::unix::net::UnixListener::bind(dir.join("docs/socket.md")).unwrap();
            let fifo = std::ffi::CString::new(dir.join("docs/fifo.md").to_str().unwrap()).unwrap();
            // SAFETY: mkfifo only reads the NUL-terminated path it is given.
            assert_eq!(unsafe { mkfifo(fifo.as_ptr(), 0o644) }, 0);
            fs::write(dir.join("docs/broken.yaml"), "advisor: [\n").unwrap();
        },
        args: &["check", "docs"],
        stdin: None,
        code: 1,
        stderr: "",
        stdout: Stdout::EndsWith(
            "checked 3 files (3 decision records): 0 passed, 0 failed, 3 invalid, 0 skipped; 3 errors, 0 warnings, 0 notes\n",
        ),
    },
];

unsafe extern "C" {
    fn mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
}

#[test]
fn bad_input_corpus() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/bad-input/*.toml");
    run(GENERATED.iter().filter(|case| !case.at_scale));
}

/// The size limits and the paths that must stay linear in the input: 50 MB refused, 12 MB
/// and 100,000 rules, labels or condition keys accepted and answered. `.cargo/mutants.toml`
/// leaves this test out of mutation runs, where it would dominate the time per mutant;
/// `cargo test` and CI run it.
#[test]
fn at_scale() {
    run(GENERATED.iter().filter(|case| case.at_scale));
}

fn run<'a>(cases: impl Iterator<Item = &'a Generated>) {
    for case in cases {
        let dir = TempDir::new().expect("a temporary directory");
        (case.setup)(dir.path());
        let stdin = case.stdin.map(|make| make());
        let output = advisor(dir.path(), case.args, stdin.as_deref());
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(case.code),
            "{}: {stderr}",
            case.name
        );
        assert_eq!(stderr, case.stderr, "{}", case.name);
        match case.stdout {
            Stdout::Empty => assert_eq!(stdout, "", "{}", case.name),
            Stdout::EndsWith(end) => assert!(stdout.ends_with(end), "{}: {stdout}", case.name),
            Stdout::Json(check) => check(
                &serde_json::from_str(&stdout)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {stdout}", case.name)),
            ),
        }
    }
}
