//! `advisor man --dir` writes a manual page for every command, and the completion scripts
//! complete the ids of the built-in rule set without the command line refusing other ids.

use std::collections::BTreeSet;
use std::fs;
use std::process::{Command, Output};

use clap::CommandFactory;
use tempfile::TempDir;

fn advisor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run advisor")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

/// The page names the command tree calls for: `advisor`, then `advisor-SUB` and
/// `advisor-SUB-SUBSUB` for every visible subcommand.
fn expected_pages() -> BTreeSet<String> {
    fn walk(command: &clap::Command, name: &str, names: &mut BTreeSet<String>) {
        names.insert(name.to_string());
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, &format!("{name}-{}", sub.get_name()), names);
        }
    }
    let mut names = BTreeSet::new();
    walk(&advisor::cli::Cli::command(), "advisor", &mut names);
    names
}

#[test]
fn man_dir_writes_a_valid_page_for_every_command_and_subcommand() {
    let temp = TempDir::new().expect("temp dir");
    let dir = temp.path().join("man/man1");
    let output = advisor(&["man", "--dir", dir.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");

    let files: BTreeSet<String> = fs::read_dir(&dir)
        .expect("the directory was created")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    let expected = expected_pages();
    let expected_files: BTreeSet<String> = expected.iter().map(|n| format!("{n}.1")).collect();
    assert_eq!(files, expected_files);
    for page in [
        "advisor.1",
        "advisor-recommend.1",
        "advisor-check.1",
        "advisor-rules.1",
        "advisor-rules-show.1",
        "advisor-rules-diff.1",
        "advisor-prices-show.1",
        "advisor-man.1",
    ] {
        assert!(files.contains(page), "no {page} in {files:?}");
    }
    assert!(!files.iter().any(|f| f.contains("help")), "{files:?}");

    // Standard output lists the pages written, one path a line.
    let listed: BTreeSet<String> = stdout(&output)
        .lines()
        .map(|line| {
            let path = std::path::Path::new(line);
            assert_eq!(path.parent(), Some(dir.as_path()), "{line}");
            path.file_name().unwrap().to_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(listed, files);

    for name in &expected {
        let page = fs::read_to_string(dir.join(format!("{name}.1"))).expect("read page");
        let roff_name = name.replace('-', "\\-");
        // clap_mangen defines the apostrophe string (`Aq`) for groff and other roff
        // implementations before the title; the title is the first macro after it.
        let first = page
            .lines()
            .find(|line| !line.starts_with(".ie \\n(.g .ds Aq") && !line.starts_with(".el .ds Aq"))
            .expect("a line");
        assert!(
            first.starts_with(&format!(".TH {name} 1 ")),
            "{name}.1 does not start with its .TH line:\n{}",
            &page[..page.len().min(200)]
        );
        assert!(
            first.ends_with(&format!("\"advisor {}\" ", env!("CARGO_PKG_VERSION"))),
            "{name}.1 does not name advisor's version: {first}"
        );
        assert!(page.contains(".SH NAME\n"), "{name}.1 has no NAME");
        assert!(
            page.contains(&format!("\n{roff_name} \\- ")),
            "{name}.1 does not name its command"
        );
        assert!(page.contains(".SH SYNOPSIS\n"), "{name}.1 has no SYNOPSIS");
        // Every page points back to the main page, and the main page to every other page.
        assert!(
            page.contains(".SH \"SEE ALSO\"\n.ad l\n"),
            "{name}.1 has no SEE ALSO"
        );
        let see_also = page.split(".SH \"SEE ALSO\"\n").nth(1).unwrap();
        if name == "advisor" {
            for other in expected.iter().filter(|n| *n != "advisor") {
                let reference = format!("\\fB{}\\fR(1)", other.replace('-', "\\-"));
                assert!(see_also.contains(&reference), "advisor.1 lacks {reference}");
            }
        } else {
            assert!(
                see_also.contains("\\fBadvisor\\fR(1)"),
                "{name}.1: {see_also}"
            );
        }
    }
    let rules = fs::read_to_string(dir.join("advisor-rules.1")).unwrap();
    let see_also = rules.split(".SH \"SEE ALSO\"\n").nth(1).unwrap();
    assert!(
        see_also.contains("\\fBadvisor\\-rules\\-show\\fR(1)"),
        "{see_also}"
    );
    let show = fs::read_to_string(dir.join("advisor-rules-show.1")).unwrap();
    let see_also = show.split(".SH \"SEE ALSO\"\n").nth(1).unwrap();
    assert!(
        see_also.contains("\\fBadvisor\\-rules\\fR(1)"),
        "{see_also}"
    );

    // Without --dir, `advisor man` prints the main page, the same as advisor.1.
    let printed = advisor(&["man"]);
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(
        stdout(&printed),
        fs::read_to_string(dir.join("advisor.1")).unwrap()
    );

    // Writing again overwrites the pages.
    let again = advisor(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "{again:?}");
}

/// Renders a page as `man` would, where groff is installed (it is not on every machine).
#[test]
fn man_pages_render_with_groff() {
    let Ok(probe) = Command::new("groff").arg("--version").output() else {
        eprintln!("groff is not installed; not rendering");
        return;
    };
    assert!(probe.status.success());
    let temp = TempDir::new().expect("temp dir");
    let output = advisor(&["man", "--dir", temp.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    for (page, expected) in [
        ("advisor.1", "advisor-rules-show(1)"),
        ("advisor-rules-show.1", "advisor rules show"),
        ("advisor-recommend.1", "--why-not"),
    ] {
        let rendered = Command::new("groff")
            .args(["-man", "-Tutf8", "-P-c", "-ww"])
            .arg(temp.path().join(page))
            .env("GROFF_NO_SGR", "1")
            .output()
            .expect("run groff");
        assert!(rendered.status.success(), "{rendered:?}");
        let text = String::from_utf8_lossy(&rendered.stdout);
        // groff may typeset `-` as a hyphen (U+2010) and overstrike bold; read it plain.
        let plain = strip_overstrike(&text.replace(['\u{2010}', '\u{2212}'], "-"));
        // Justified lines have runs of spaces; read them as one.
        let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(plain.contains("SEE ALSO"), "{page}:\n{plain}");
        assert!(
            plain.contains(expected),
            "{page} lacks {expected}:\n{plain}"
        );
        let warnings = String::from_utf8_lossy(&rendered.stderr);
        assert!(
            warnings.trim().is_empty(),
            "{page}: groff warns:\n{warnings}"
        );
    }
}

/// `a\u{8}a` (bold by overstriking) and `_\u{8}a` (underline) read as `a`.
fn strip_overstrike(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{8}' {
            out.pop();
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out.into_iter().collect()
}

#[test]
fn completion_scripts_complete_service_and_rule_ids() {
    for shell in ["bash", "zsh", "fish"] {
        let output = advisor(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        for id in [
            "ecs-fargate",
            "ecs-managed-instances",
            "aws-batch",
            "lambda-max-duration",
            "containers-avoided",
        ] {
            assert!(script.contains(id), "{shell} completion lacks {id}");
        }
    }
}

/// Runs bash's completion function for `words` (the cursor on the last one), as bash does
/// on TAB, and returns what it offers.
fn bash_completes(script: &str, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "{script}\nCOMP_WORDS=({}); COMP_CWORD={}; _advisor advisor '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let output = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("run bash");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

/// Each shell offers the ids where they belong: service ids after `--why-not` and `decide
/// --service` (not the companion `api-gateway`, which has no ranking to explain), rule ids for
/// `rules show`.
#[test]
fn ids_are_completed_for_the_right_arguments() {
    let bash = stdout(&advisor(&["completions", "bash"]));
    assert_eq!(
        bash_completes(
            &bash,
            &["advisor", "recommend", "w.yaml", "--why-not", "ecs-f"]
        ),
        ["ecs-fargate", "ecs-fargate-spot"]
    );
    let services = bash_completes(&bash, &["advisor", "recommend", "w.yaml", "--why-not", ""]);
    assert!(services.contains(&"lambda".to_string()), "{services:?}");
    assert!(services.contains(&"aws-batch".to_string()), "{services:?}");
    assert!(
        !services.contains(&"api-gateway".to_string()),
        "{services:?}"
    );
    assert!(
        !services.contains(&"app-runner".to_string()),
        "{services:?}"
    );
    assert_eq!(
        bash_completes(&bash, &["advisor", "rules", "show", "lambda-max"]),
        ["lambda-max-duration"]
    );
    assert_eq!(
        bash_completes(
            &bash,
            &["advisor", "decide", "w.yaml", "--service", "ecs-f"]
        ),
        ["ecs-fargate", "ecs-fargate-spot"]
    );

    let zsh = stdout(&advisor(&["completions", "zsh"]));
    let why_not = zsh
        .lines()
        .find(|line| line.contains("--why-not="))
        .expect("a --why-not line");
    assert!(
        why_not.contains(":SERVICE:((lambda\\:\"AWS Lambda\""),
        "{why_not}"
    );
    assert!(
        zsh.lines()
            .any(|l| l.starts_with("':id") && l.contains("lambda-max-duration")),
        "zsh lacks the rule ids for `rules show`"
    );
    assert!(zsh.contains("ecs-fargate\\:\"Amazon ECS on AWS Fargate\""));

    // clap's fish script completes options only; advisor adds the positional ones.
    let fish = stdout(&advisor(&["completions", "fish"]));
    assert!(fish.contains("ecs-fargate\\t'Amazon ECS on AWS Fargate'"));
    let show = fish
        .lines()
        .find(|line| {
            line.starts_with("complete -c advisor -n \"__fish_advisor_using_subcommand rules; and __fish_seen_subcommand_from show\" -f -a ")
        })
        .expect("a fish line for `rules show ID`");
    assert!(
        show.ends_with(
            "-f -a \"lambda-max-duration\\t'Lambda functions run for at most 15 minutes'"
        ),
        "{show}"
    );
}

/// Where fish is installed, it completes the ids from the script as written.
#[test]
fn fish_completes_the_ids() {
    if Command::new("fish").arg("--version").output().is_err() {
        eprintln!("fish is not installed; not run");
        return;
    }
    let temp = TempDir::new().expect("temp dir");
    let script = temp.path().join("advisor.fish");
    fs::write(&script, advisor(&["completions", "fish"]).stdout).unwrap();
    let complete = |line: &str| {
        let output = Command::new("fish")
            .args(["--no-config", "-c"])
            .arg(format!("source {}; complete -C '{line}'", script.display()))
            .output()
            .expect("run fish");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    assert_eq!(
        complete("advisor rules show lambda-max"),
        "lambda-max-duration\tLambda functions run for at most 15 minutes\n"
    );
    let services = complete("advisor recommend w.yaml --why-not ecs-f");
    assert_eq!(
        services,
        "ecs-fargate\tAmazon ECS on AWS Fargate\necs-fargate-spot\tAmazon ECS on Fargate Spot\n"
    );
    assert!(complete("advisor schema ").contains("workload\t"));
}

/// The built-in ids are offered, not imposed: an id the built-in set does not have reaches
/// the command, which reports it in its own words, and a user's rule set supplies its own.
#[test]
fn ids_outside_the_built_in_set_are_not_refused_at_parse_time() {
    let output = advisor(&[
        "recommend",
        "examples/web-backend.yaml",
        "--why-not",
        "my-service",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("invalid value"), "{stderr}");
    assert!(stderr.contains("my-service"), "{stderr}");

    let temp = TempDir::new().expect("temp dir");
    let rules = temp.path().join("rules.yaml");
    fs::write(
        &rules,
        "version: 1\nname: own\nservices:\n  - {id: own-service, name: Own}\nrules:\n  - id: my-own-rule\n    summary: Mine\n    score: {own-service: 1}\n    reason: always\n",
    )
    .unwrap();
    let output = advisor(&[
        "rules",
        "show",
        "my-own-rule",
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(stdout(&output).contains("my-own-rule"));
}

/// The candidates complete; they do not clutter `--help`.
#[test]
fn help_does_not_list_the_candidates() {
    for args in [
        &["recommend", "--help"][..],
        &["rules", "show", "--help"][..],
    ] {
        let help = stdout(&advisor(args));
        assert!(!help.contains("ecs-fargate-spot"), "{args:?}:\n{help}");
        assert!(!help.contains("lambda-max-duration"), "{args:?}:\n{help}");
    }
}
