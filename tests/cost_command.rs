//! `advisor cost` as a whole process, beyond the snapshots of `tests/cmd/cost-*`: the SVG
//! `--plot` writes (parsed, one line per priced service, its axes labelled), where it writes
//! it, the prices' age against `ADVISOR_TODAY`, the break-even volumes against the costs
//! around them, and Markdown that a workload's name cannot break.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs advisor with `args` on the day `today`.
fn advisor_on(today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("ADVISOR_TODAY", today)
        .output()
        .expect("run advisor")
}

/// Runs advisor on the day the built-in prices were read; stdout, and the exit code.
fn advisor(args: &[&str]) -> (String, Option<i32>) {
    let output = advisor_on("2026-11-28", args);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (stdout, output.status.code())
}

fn json(args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let (stdout, status) = advisor(&args);
    assert_eq!(status, Some(0), "advisor {args:?}");
    serde_json::from_str(&stdout).expect("JSON")
}

fn texts(svg: &roxmltree::Document) -> Vec<String> {
    svg.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// The ids of the services with an estimate, in the order of `estimates`.
fn priced(document: &Value) -> Vec<String> {
    document["estimates"]
        .as_array()
        .expect("estimates")
        .iter()
        .filter(|e| !e["cost"].is_null())
        .map(|e| e["service"].as_str().expect("id").to_string())
        .collect()
}

fn plot(path: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "cost",
        "examples/web-backend.yaml",
        "--plot",
        path.to_str().expect("UTF-8 path"),
    ];
    args.extend(extra);
    let (stdout, status) = advisor(&args);
    assert_eq!(status, Some(0), "{stdout}");
    let svg = std::fs::read_to_string(path).expect("the plot was written");
    (stdout, svg)
}

#[test]
fn the_plot_draws_one_line_per_priced_service_with_its_axes_labelled() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("web-backend.svg");
    let (stdout, svg) = plot(&path, &[]);
    assert!(
        stdout.ends_with(&format!("Plot written to {}\n", path.display())),
        "{stdout}"
    );
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert!(doc.root_element().has_tag_name("svg"));

    let services = priced(&json(&["cost", "examples/web-backend.yaml"]));
    assert_eq!(services, ["lambda", "elastic-beanstalk", "ec2"]);
    // The axes, ticks and marker dashes are thin; only the series are 2 pixels wide.
    let series = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("2"))
        .count();
    assert_eq!(series, services.len());

    let texts = texts(&doc);
    for wanted in [
        "Monthly cost by volume: web-backend",
        "units of work a month",
        "USD a month (typical)",
        "this workload: 3M",
        "AWS Lambda (lambda)",
        "Amazon EC2 (ec2)",
    ] {
        assert!(
            texts.iter().any(|t| t == wanted),
            "no text `{wanted}` in {texts:?}"
        );
    }
    // Elastic Beanstalk costs what EC2 does: its line is under EC2's, and the legend says so.
    let legend = texts.join(" ");
    assert!(legend.contains("the same cost as ec2"), "{texts:?}");
}

#[test]
fn the_plot_overwrites_its_file_and_writes_nothing_else() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("cost.svg");
    std::fs::write(&path, "not a plot").expect("write");
    let (_, svg) = plot(&path, &[]);
    assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries, ["cost.svg"]);
    // JSON names the file instead of printing a line that would break the document.
    let document = json(&[
        "cost",
        "examples/web-backend.yaml",
        "--plot",
        path.to_str().expect("UTF-8"),
    ]);
    assert_eq!(document["plot"], path.to_str().expect("UTF-8"));
}

#[test]
fn the_plot_covers_the_volumes_asked_for_and_marks_only_what_is_inside() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("narrow.svg");
    let (_, svg) = plot(&path, &["--volumes", "1e4..1e6"]);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let texts = texts(&doc);
    // 3M is outside 10k..1M: no marker stretches the axis past the lines.
    assert!(
        !texts.iter().any(|t| t.starts_with("this workload")),
        "{texts:?}"
    );
    for tick in ["10k", "100k", "1M"] {
        assert!(texts.iter().any(|t| t == tick), "no tick {tick}: {texts:?}");
    }
    assert!(!texts.iter().any(|t| t == "1B"), "{texts:?}");
}

#[test]
fn a_plot_that_cannot_be_written_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("missing").join("cost.svg");
    let output = advisor_on(
        "2026-11-28",
        &[
            "cost",
            "examples/web-backend.yaml",
            "--plot",
            path.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(
        stderr.contains(&format!("{}: cannot write the plot", path.display())),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn with_nothing_priced_no_plot_is_written_and_the_output_says_so() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("none.svg");
    let output = advisor_on(
        "2026-11-28",
        &[
            "cost",
            "tests/fixtures/workloads/long-job-low-ops.yaml",
            "--rules",
            "tests/fixtures/rules/everything-ruled-out.yaml",
            "--plot",
            path.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        stdout.ends_with("No plot written: no service has an estimate to draw\n"),
        "{stdout}"
    );
    assert!(!path.exists());
}

#[test]
fn prices_older_than_180_days_carry_a_warning() {
    let args = ["cost", "examples/web-backend.yaml"];
    let fresh = String::from_utf8(advisor_on("2027-05-27", &args).stdout).expect("UTF-8");
    assert!(!fresh.contains("warning"), "180 days is not stale: {fresh}");
    let stale = String::from_utf8(advisor_on("2027-12-25", &args).stdout).expect("UTF-8");
    assert!(
        stale.contains("warning: the prices are 392 days old (as of 2026-11-28, today 2027-12-25)"),
        "{stale}"
    );
    for (today, expected) in [("2027-05-27", false), ("2027-05-28", true)] {
        let output = advisor_on(
            today,
            &["cost", "examples/web-backend.yaml", "--format", "json"],
        );
        let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(document["prices"]["stale"], expected, "on {today}");
    }
    let markdown = advisor_on(
        "2027-12-25",
        &["cost", "examples/web-backend.yaml", "--format", "markdown"],
    );
    let markdown = String::from_utf8(markdown.stdout).expect("UTF-8");
    assert!(
        markdown.contains("> **Warning:** the prices are 392 days old"),
        "{markdown}"
    );
}

#[test]
fn a_bad_advisor_today_is_an_error() {
    let output = advisor_on("someday", &["cost", "examples/web-backend.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(
        stderr.contains("ADVISOR_TODAY: expected a date"),
        "{stderr}"
    );
}

fn money(value: &Value) -> f64 {
    value
        .as_str()
        .expect("a decimal string")
        .parse()
        .expect("a number")
}

fn units(value: &Value) -> u64 {
    value
        .as_str()
        .expect("a decimal string")
        .parse()
        .expect("whole units")
}

/// The typical cost of `service` in a `volumes` row.
fn typical(row: &Value, service: &str) -> f64 {
    let cost = row["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .find(|c| c["service"] == service)
        .unwrap_or_else(|| panic!("no {service} in {row}"));
    money(&cost["cost"]["typical"])
}

#[test]
fn at_each_break_even_the_cheapest_changes_and_a_crossing_is_within_one_percent() {
    let document = json(&["cost", "examples/new-service.yaml"]);
    let changes = document["break_even"].as_array().expect("break_even");
    assert!(!changes.is_empty(), "new-service has break-even volumes");
    let (from, to) = (
        units(&document["break_even_range"]["from"]),
        units(&document["break_even_range"]["to"]),
    );
    assert_eq!((from, to), (1_000, 10_000_000_000));
    let mut previous = 0;
    for change in changes {
        let at = units(&change["units_per_month"]);
        assert!(at > previous && (from..=to).contains(&at), "{change}");
        previous = at;
        let (from_cost, to_cost) = (money(&change["from_cost"]), money(&change["to_cost"]));
        assert!(to_cost <= from_cost, "{change}");
        if change["change"] == "crossing" {
            assert!(from_cost - to_cost <= from_cost * 0.01, "{change}");
        } else {
            assert_eq!(change["change"], "step");
        }
        // Just below the volume the old option is the cheapest; at it, the new one.
        let spec = format!("{},{at}", at - 1);
        let around = json(&["cost", "examples/new-service.yaml", "--volumes", &spec]);
        let rows = around["volumes"].as_array().expect("volumes");
        let (old, new) = (
            change["from"].as_str().unwrap(),
            change["to"].as_str().unwrap(),
        );
        assert_eq!(rows[0]["cheapest"], old, "below {at}");
        assert_eq!(rows[1]["cheapest"], new, "at {at}");
        assert_eq!(typical(&rows[1], old), from_cost);
        assert_eq!(typical(&rows[1], new), to_cost);
    }
}

#[test]
fn the_volumes_table_marks_the_lowest_typical_cost() {
    let document = json(&["cost", "examples/new-service.yaml", "--volumes", "1e3..1e9"]);
    let services = priced(&document);
    let rows = document["volumes"].as_array().expect("volumes");
    assert_eq!(rows.len(), 7);
    for row in rows {
        let lowest = services
            .iter()
            .map(|s| typical(row, s))
            .fold(f64::INFINITY, f64::min);
        let cheapest = row["cheapest"].as_str().expect("a cheapest service");
        assert_eq!(typical(row, cheapest), lowest, "{row}");
    }
}

#[test]
fn markdown_keeps_a_hostile_workload_name_inert() {
    let (stdout, status) = advisor(&[
        "cost",
        "tests/fixtures/workloads/markup-in-name.yaml",
        "--format",
        "markdown",
    ]);
    assert_eq!(status, Some(0));
    let heading = stdout.lines().next().expect("a heading");
    assert_eq!(
        heading,
        "## Monthly cost: orders \\| &lt;script&gt;alert(1)&lt;/script&gt; \\*urgent\\* \\_v2\\_ \\[docs\\](x) \\`id\\` \\$5 \\~\\~old\\~\\~ \\#1"
    );
    assert!(!stdout.contains("<script>"));
    // Every table row has as many unescaped pipes as its header.
    let mut columns = None;
    for line in stdout.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let pipes = line.matches('|').count() - line.matches("\\|").count();
        match columns {
            None => columns = Some(pipes),
            Some(expected) => assert_eq!(pipes, expected, "{line}"),
        }
    }
}

#[test]
fn cost_and_recommend_describe_an_estimate_and_its_prices_alike() {
    for workload in ["examples/web-backend.yaml", "examples/new-service.yaml"] {
        let cost = json(&["cost", workload]);
        let recommend = json(&["recommend", workload]);
        assert_eq!(cost["prices"], recommend["prices"], "{workload}");
        assert_eq!(cost["workload"], recommend["workload"], "{workload}");
        let estimates = cost["estimates"].as_array().expect("estimates");
        assert!(estimates.iter().any(|e| !e["cost"].is_null()), "{workload}");
        for estimate in estimates {
            let service = &estimate["service"];
            let ranked = recommend["ranking"]
                .as_array()
                .expect("ranking")
                .iter()
                .find(|entry| entry["service"] == *service)
                .expect("every priced service is ranked");
            assert_eq!(estimate["cost"], ranked["cost"], "{workload}: {service}");
        }
    }
}
