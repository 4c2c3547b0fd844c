//! The Markdown reports (`--format markdown` of `recommend`, `check` and `rules lint`, and the
//! job summary `check --format github` appends to `$GITHUB_STEP_SUMMARY`) fed names, paths and
//! reasons full of Markdown and HTML. Each report is rendered to HTML by a real CommonMark
//! renderer with GitHub's tables (pulldown-cmark), and the HTML must hold no element that a
//! file put there, while every table keeps its columns and every hostile text shows as
//! written.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use tempfile::TempDir;

/// The workload name of issue 14: a script, a cell separator, emphasis and a link.
const HOSTILE_NAME: &str = "<script>alert(1)</script> | *x* [a](b)";
/// A service name and reason with more: an image with a handler, a `javascript:` link, code,
/// a heading marker, a list marker and an entity.
const HOSTILE_SERVICE: &str = "- <img src=x onerror=alert(1)> | **bold** #1 &amp;";
/// A rule-set file name with HTML and table syntax.
const HOSTILE_RULES_FILE: &str = "rules <img src=x onerror=alert(1)> | *x*.yaml";
const HOSTILE_REASON: &str =
    "<script>alert(2)</script> | [click](javascript:alert(3)) `x` ~~s~~ <b>b</b> &lt;";

fn advisor(dir: &Path, args: &[&str], summary: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_advisor"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ADVISOR_TODAY", "2026-11-28")
        .env_remove("CI")
        .env_remove("GITHUB_STEP_SUMMARY");
    if let Some(path) = summary {
        command.env("GITHUB_STEP_SUMMARY", path);
    }
    command.output().expect("run advisor")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("advisor prints UTF-8")
}

/// A temporary tree with a hostile workload, rule set and decision records.
fn hostile_tree() -> TempDir {
    let dir = TempDir::new().expect("a temporary directory");
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).expect("write");
    write(
        "workload.yaml",
        &format!(
            "name: '{HOSTILE_NAME}'\nruntime:\n  max_duration: 30s\n  trigger: http\nteam:\n  ops_capacity: low\n"
        ),
    );
    let rules = |name: &str| {
        write(
            name,
            &format!(
                "version: 1\nname: hostile\nservices:\n  - id: lambda\n    name: '{HOSTILE_SERVICE}'\n  - id: ec2\n    name: Amazon EC2\n  - id: ecs-fargate\n    name: Amazon ECS on AWS Fargate\nrules:\n  - id: hostile-score\n    source: '{HOSTILE_REASON}'\n    score: {{lambda: 3, ecs-fargate: 1}}\n    reason: '{HOSTILE_REASON}'\n  - id: hostile-exclude\n    when:\n      team.ops_capacity: low\n    exclude: [ec2]\n    reason: '{HOSTILE_REASON}'\n"
            ),
        )
    };
    rules("rules.yaml");
    rules(HOSTILE_RULES_FILE);
    fs::create_dir(dir.path().join("decisions")).expect("a directory");
    // A file name holding HTML and table syntax (no `/`, which a name cannot hold), a waiver
    // whose reason is HTML, and a decision the rules rule out.
    write(
        "decisions/<img src=x onerror=alert(1)> | *x*.md",
        &format!(
            "---\nstatus: accepted\nadvisor:\n  service: lambda\n  workload:\n    name: '{HOSTILE_NAME}'\n    runtime: {{max_duration: 40m}}\n  waivers:\n    - rule: lambda-max-duration\n      reason: '{HOSTILE_REASON}'\n---\n# {HOSTILE_NAME}\n"
        ),
    );
    write(
        "decisions/0002-<script>.md",
        "---\nstatus: accepted\nadvisor:\n  service: lambda\n  workload: {name: x, runtime: {max_duration: 2h}}\n---\n",
    );
    dir
}

/// A report rendered to HTML, and the text of every table cell, row by row.
struct Rendered {
    html: String,
    tables: Vec<Vec<Vec<String>>>,
}

fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.clone().into_iter());
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut cell: Option<String> = None;
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables.last_mut().expect("in a table").push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().expect("in a cell");
                let table = tables.last_mut().expect("in a table");
                table.last_mut().expect("in a row").push(text);
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = &mut cell {
                    cell.push_str(&text);
                }
            }
            _ => {}
        }
    }
    Rendered { html, tables }
}

/// No element, attribute or link that the hostile texts spell reaches the HTML, and every
/// row of every table has as many cells as its header.
fn assert_inert(what: &str, markdown: &str) -> Rendered {
    let rendered = render(markdown);
    let html = rendered.html.to_lowercase();
    for forbidden in ["<script", "<img", "<b>", "<a ", "<del>", "<h1"] {
        assert!(
            !html.contains(forbidden),
            "{what}: `{forbidden}` in the HTML:\n{}\n\nfrom the Markdown:\n{markdown}",
            rendered.html
        );
    }
    assert!(!rendered.tables.is_empty(), "{what}: no table:\n{markdown}");
    for table in &rendered.tables {
        let columns = table[0].len();
        for row in table {
            assert_eq!(
                row.len(),
                columns,
                "{what}: a row lost its columns: {row:?}"
            );
        }
    }
    // The source agrees: every line of a table has its header's count of cell separators,
    // so no renderer had to pad or drop a cell.
    let mut header: Option<&str> = None;
    for line in markdown.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let header = *header.get_or_insert(line);
        assert_eq!(
            separators(line),
            separators(header),
            "{what}: a table line with another count of `|` than its header: {line}"
        );
    }
    rendered
}

/// The `|` that separate cells: those no backslash escapes.
fn separators(line: &str) -> usize {
    let mut count = 0;
    let mut backslashes = 0usize;
    for c in line.chars() {
        if c == '|' && backslashes.is_multiple_of(2) {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

/// The rendered text of the cells in the column headed `column`, over every table with it.
fn column(rendered: &Rendered, column: &str) -> Vec<String> {
    rendered
        .tables
        .iter()
        .filter_map(|table| {
            let index = table[0].iter().position(|heading| heading == column)?;
            Some(table[1..].iter().map(move |row| row[index].clone()))
        })
        .flatten()
        .collect()
}

#[test]
fn a_hostile_recommendation_renders_inert_and_keeps_its_columns() {
    let dir = hostile_tree();
    let output = advisor(
        dir.path(),
        &[
            "recommend",
            "workload.yaml",
            "--rules",
            "rules.yaml",
            "--format",
            "markdown",
            "--explain",
            "--why-not",
            "ec2",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let markdown = stdout(&output);
    let rendered = assert_inert("recommend", &markdown);
    // The name is the heading's text, exactly as written.
    assert!(
        rendered.html.contains(&format!(
            "<h2>Recommendation for {}: ",
            html_escape(HOSTILE_NAME)
        )),
        "{}",
        rendered.html
    );
    // The hostile service keeps its cell, and its reason shows as written.
    let services = column(&rendered, "Service");
    assert!(
        services.contains(&format!("{HOSTILE_SERVICE} (lambda)")),
        "{services:?}"
    );
    // A reason shows as written, but for its backticks, which make a code span as in
    // advisor's own messages; a source is plain text.
    let reasons = column(&rendered, "Main reasons");
    let reason = HOSTILE_REASON.replace('`', "");
    assert!(
        reasons.iter().any(|cell| cell.contains(&reason)),
        "{reasons:?}"
    );
    let explained = column(&rendered, "Reason and source");
    assert!(
        explained
            .iter()
            .any(|cell| cell.ends_with(&format!("Source: {HOSTILE_REASON}"))),
        "{explained:?}"
    );
}

#[test]
fn a_hostile_check_renders_inert_and_keeps_its_columns() {
    let dir = hostile_tree();
    let output = advisor(
        dir.path(),
        &["check", "decisions", "--format", "markdown"],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let markdown = stdout(&output);
    let rendered = assert_inert("check", &markdown);
    let mut files = files(&rendered);
    files.dedup();
    assert_eq!(
        files,
        [
            "decisions/0002-<script>.md",
            "decisions/<img src=x onerror=alert(1)> | *x*.md",
        ],
        "{markdown}"
    );
    // The waiver's reason, in the `waived` note, shows as written, but for its backticks:
    // advisor's messages quote ids in backticks, which become code spans, and so do the
    // reason's.
    let messages = column(&rendered, "Finding");
    assert!(
        messages
            .iter()
            .any(|m| m.contains(&HOSTILE_REASON.replace('`', ""))),
        "{messages:?}"
    );
}

#[test]
fn a_hostile_rule_set_lints_inert() {
    let dir = hostile_tree();
    let output = advisor(
        dir.path(),
        &["rules", "lint", HOSTILE_RULES_FILE, "--format", "markdown"],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let rendered = assert_inert("rules lint", &stdout(&output));
    let files = files(&rendered);
    assert!(
        !files.is_empty() && files.iter().all(|f| f == HOSTILE_RULES_FILE),
        "{files:?}"
    );
}

/// The files of the findings table's `path:line:column` locations.
fn files(rendered: &Rendered) -> Vec<String> {
    column(rendered, "Location")
        .iter()
        .map(|location| {
            let mut parts = location.rsplitn(3, ':');
            let (_, _) = (parts.next(), parts.next());
            parts.next().expect("path:line:column").to_string()
        })
        .collect()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

// --- GITHUB_STEP_SUMMARY ---------------------------------------------------------------

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/decisions");

#[test]
fn check_github_appends_the_markdown_report_to_the_job_summary() {
    let dir = TempDir::new().expect("a temporary directory");
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "Earlier step's summary.\n").expect("write");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let markdown = advisor(
        root,
        &["check", "examples/decisions", "--format", "markdown"],
        None,
    );
    let github = advisor(
        root,
        &["check", "examples/decisions", "--format", "github"],
        Some(&summary),
    );
    let plain = advisor(
        root,
        &["check", "examples/decisions", "--format", "github"],
        None,
    );
    // The annotations and the exit code are those of a run without the summary.
    assert_eq!(github.status.code(), Some(1));
    assert_eq!(github.stdout, plain.stdout);
    assert_eq!(String::from_utf8_lossy(&github.stderr), "");
    // Appended, never truncated: what was there stays, and a blank line ends the report.
    assert_eq!(
        fs::read_to_string(&summary).expect("read the summary"),
        format!("Earlier step's summary.\n{}\n", stdout(&markdown))
    );
    // A second run appends a second report.
    advisor(
        root,
        &["check", "examples/decisions", "--format", "github"],
        Some(&summary),
    );
    let twice = fs::read_to_string(&summary).expect("read the summary");
    assert_eq!(twice.matches("## advisor check failed").count(), 2);
}

#[test]
fn only_the_github_format_writes_the_job_summary() {
    let dir = TempDir::new().expect("a temporary directory");
    let summary = dir.path().join("summary.md");
    for format in ["text", "json", "markdown", "sarif", "junit"] {
        advisor(
            dir.path(),
            &["check", EXAMPLES, "--format", format],
            Some(&summary),
        );
        assert!(!summary.exists(), "--format {format} wrote the summary");
    }
    // An empty variable names no file.
    let output = advisor(
        dir.path(),
        &["check", EXAMPLES, "--format", "github"],
        Some(Path::new("")),
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_job_summary_that_cannot_be_written_is_a_warning_and_changes_nothing_else() {
    let dir = TempDir::new().expect("a temporary directory");
    let summary = dir.path().join("missing-directory").join("summary.md");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (decisions, code) in [
        ("examples/decisions", 1),
        ("examples/decisions/0001-web-backend-on-lambda.md", 0),
    ] {
        let args = ["check", decisions, "--format", "github"];
        let output = advisor(root, &args, Some(&summary));
        let plain = advisor(root, &args, None);
        assert_eq!(output.status.code(), Some(code), "{decisions}");
        assert_eq!(output.stdout, plain.stdout);
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!(
                "warning: cannot append the check's summary to GITHUB_STEP_SUMMARY ({}): no such file or directory; the result of the check is unchanged\n",
                summary.display()
            )
        );
    }
}
