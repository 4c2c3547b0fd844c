//! The schemas of `advisor schema` against real files: every example and the built-in rule set
//! must pass, files the loaders reject must fail, and so must the output of `recommend` or
//! `prices show` that does not match its schema. The schemas come from the real binary and are checked with an
//! must pass, files the loaders reject must fail, and so must output of `recommend` and `cost`
//! that does not match its schema. The schemas come from the real binary and are checked with an
//! independent draft 2020-12 validator (boon).
//! must pass, files the loaders reject must fail, and so must the output of `recommend` (for
//! one workload or several) or `prices show` that does not match its schema. The schemas come
//! from the real binary and are checked with an independent draft 2020-12 validator (boon).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn advisor(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run advisor");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (output.status.code(), stdout)
}

/// One schema, compiled.
struct Schema {
    kind: &'static str,
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    fn of(kind: &'static str) -> Schema {
        let (status, text) = advisor(&["schema", kind]);
        assert_eq!(status, Some(0), "advisor schema {kind}");
        let document: Value = serde_json::from_str(&text).expect("the schema is JSON");
        assert_eq!(
            document["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert!(document["title"].is_string() && document["description"].is_string());
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        let location = format!("{kind}.schema.json");
        compiler
            .add_resource(&location, document)
            .expect("add the schema");
        let index = compiler
            .compile(&location, &mut schemas)
            .unwrap_or_else(|e| panic!("{location} is not a valid draft 2020-12 schema: {e:#}"));
        Schema {
            kind,
            schemas,
            index,
        }
    }

    fn accepts(&self, instance: &Value) -> Result<(), String> {
        self.schemas
            .validate(instance, self.index)
            .map_err(|error| format!("{error}"))
    }

    fn assert_accepts(&self, what: &str, instance: &Value) {
        if let Err(error) = self.accepts(instance) {
            panic!("the {} schema rejects {what}: {error}", self.kind);
        }
    }

    fn assert_rejects(&self, what: &str, instance: &Value) {
        assert!(
            self.accepts(instance).is_err(),
            "the {} schema accepts {what}",
            self.kind
        );
    }
}

/// The files in `dir` whose names end in one of `extensions`, sorted; none if `dir` is absent.
fn files(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("read the directory").path())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    files.sort();
    files
}

fn yaml(text: &str, path: &Path) -> Value {
    serde_saphyr::from_str::<Value>(text)
        .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()))
}

/// `document` with `value` at `pointer` (a JSON pointer whose parent is an object).
fn with(document: &Value, pointer: &str, value: Value) -> Value {
    let mut document = document.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a JSON pointer");
    document.pointer_mut(parent).expect("the parent exists")[key] = value;
    document
}

fn workloads() -> Vec<PathBuf> {
    let workloads = files("examples", &["yaml"]);
    assert!(workloads.len() >= 7, "the example workloads: {workloads:?}");
    workloads
}

#[test]
fn every_example_workload_matches_the_workload_schema() {
    let schema = Schema::of("workload");
    for path in workloads() {
        let text = std::fs::read_to_string(&path).expect("read the workload");
        schema.assert_accepts(&path.display().to_string(), &yaml(&text, &path));
    }
}

#[test]
fn the_rule_sets_match_the_rules_schema() {
    let schema = Schema::of("rules");
    let mut rule_sets = vec![PathBuf::from("rules/aws-compute.yaml")];
    rule_sets.extend(files("examples/rules", &["yaml", "yml"]));
    for path in rule_sets {
        let text = std::fs::read_to_string(&path).expect("read the rule set");
        schema.assert_accepts(&path.display().to_string(), &yaml(&text, &path));
    }
}

/// The YAML of a decision file: the front matter of Markdown, the whole of anything else.
fn decision_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read the decision");
    if path.extension().is_some_and(|e| e == "md") {
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("---"),
            "{}: front matter",
            path.display()
        );
        let front_matter: Vec<&str> = lines.take_while(|line| *line != "---").collect();
        yaml(&front_matter.join("\n"), path)
    } else {
        yaml(&text, path)
    }
}

#[test]
fn every_example_decision_matches_the_decision_schema_but_the_one_with_a_typo() {
    let schema = Schema::of("decision");
    let mut checked = 0;
    for path in files("examples/decisions", &["md", "yaml", "yml"]) {
        let decision = decision_yaml(&path);
        if decision.get("advisor").is_none() {
            continue;
        }
        let what = path.display().to_string();
        // Its `max_duration: 40 minutes` is the mistake this example demonstrates.
        if what.ends_with("0006-image-batch-with-a-typo.md") {
            schema.assert_rejects(&what, &decision);
        } else {
            schema.assert_accepts(&what, &decision);
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} decision files checked");
}

#[test]
fn every_recommendation_matches_the_recommendation_schema() {
    let schema = Schema::of("recommendation");
    for path in workloads() {
        let path = path.to_str().expect("UTF-8 path");
        let (status, output) = advisor(&["recommend", path, "--format", "json"]);
        assert_eq!(status, Some(0), "advisor recommend {path}");
        schema.assert_accepts(path, &serde_json::from_str(&output).expect("JSON"));
    }
    // No recommendation at all: `recommendation` is null and every service is ruled out.
    let (status, output) = advisor(&[
        "recommend",
        "tests/fixtures/workloads/long-job-low-ops.yaml",
        "--rules",
        "tests/fixtures/rules/everything-ruled-out.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(status, Some(1));
    let output: Value = serde_json::from_str(&output).expect("JSON");
    assert!(output["recommendation"].is_null());
    schema.assert_accepts("a recommendation with every service ruled out", &output);
    // `--why-not` adds its answer, for a ruled-out service and for one ranked below the top.
    for (workload, service) in [
        ("examples/gpu-inference-workers.yaml", "ecs-fargate-spot"),
        ("examples/web-backend.yaml", "ec2"),
    ] {
        let (status, output) = advisor(&[
            "recommend",
            workload,
            "--why-not",
            service,
            "--format",
            "json",
        ]);
        assert_eq!(status, Some(0));
        let output: Value = serde_json::from_str(&output).expect("JSON");
        assert!(
            !output["why_not"]["holding_back"]
                .as_array()
                .expect("holds")
                .is_empty()
        );
        schema.assert_accepts(&format!("{workload} --why-not {service}"), &output);
    }
}

#[test]
fn every_cost_output_matches_the_cost_schema() {
    let schema = Schema::of("cost");
    for path in workloads() {
        let path = path.to_str().expect("UTF-8 path");
        for extra in [&[][..], &["--volumes", "0,1e5,1e15"], &["--free-tier"]] {
            let mut args = vec!["cost", path, "--format", "json"];
            args.extend(extra);
            let (status, output) = advisor(&args);
            assert_eq!(status, Some(0), "advisor {args:?}");
            schema.assert_accepts(
                &format!("{args:?}"),
                &serde_json::from_str(&output).expect("JSON"),
            );
        }
    }
    // Nothing priced: every service ruled out (exit 1), every estimate `null`.
    let (status, output) = advisor(&[
        "cost",
        "tests/fixtures/workloads/long-job-low-ops.yaml",
        "--rules",
        "tests/fixtures/rules/everything-ruled-out.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(status, Some(1));
    let output: Value = serde_json::from_str(&output).expect("JSON");
    assert!(output["cheapest"].is_null());
    schema.assert_accepts("costs with every service ruled out", &output);
    // Viable services without an estimate, from a price file with older `as_of`.
    let (status, output) = advisor(&[
        "cost",
        "examples/gpu-inference-workers.yaml",
        "--prices",
        "tests/fixtures/prices/stale-us-east-1.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(status, Some(1));
    let output: Value = serde_json::from_str(&output).expect("JSON");
    assert_eq!(output["prices"]["stale"], true);
    assert!(output["estimates"][0]["no_estimate"].is_string());
    schema.assert_accepts("costs with no estimate and stale prices", &output);
}

#[test]
fn the_cost_schema_rejects_output_it_does_not_describe() {
    let schema = Schema::of("cost");
    let (_, output) = advisor(&["cost", "examples/web-backend.yaml", "--format", "json"]);
    let output: Value = serde_json::from_str(&output).expect("JSON");
    schema.assert_accepts("the web backend's costs", &output);
    for (what, pointer, value) in [
        (
            "money as a number",
            "/estimates/0/cost/typical",
            json!(219.54),
        ),
        (
            "money not in cents",
            "/estimates/0/cost/typical",
            json!("219.5"),
        ),
        (
            "a monthly cost not in cents",
            "/estimates/0/cost/components/0/monthly_cost",
            json!("0.6"),
        ),
        (
            "a volume as a number",
            "/volume/units_per_month",
            json!(3_000_000),
        ),
        ("an unknown basis", "/volume/basis", json!("per-billion")),
        (
            "an unknown change",
            "/break_even",
            json!([{"units_per_month": "1000", "per_second": "0.0004", "from": "a", "to": "b", "from_cost": "1.00", "to_cost": "1.00", "change": "jump"}]),
        ),
    ] {
        schema.assert_rejects(what, &with(&output, pointer, value));
    }
    let mut no_estimates = output;
    no_estimates
        .as_object_mut()
        .expect("object")
        .remove("estimates");
    schema.assert_rejects("a document without `estimates`", &no_estimates);
}

#[test]
fn the_recommendation_schema_rejects_output_it_does_not_describe() {
    let schema = Schema::of("recommendation");
    let (_, output) = advisor(&["recommend", "examples/web-backend.yaml", "--format", "json"]);
    let output: Value = serde_json::from_str(&output).expect("JSON");
    let unknown_verdict = with(&output, "/ranking/0/verdict", json!("maybe"));
    schema.assert_rejects("an unknown verdict", &unknown_verdict);
    // Money is cents in a string, as in `advisor cost`: the two share the `cost` object.
    for (what, pointer, value) in [
        (
            "money as a number",
            "/ranking/0/cost/typical",
            json!(219.54),
        ),
        (
            "money not in cents",
            "/ranking/0/cost/typical",
            json!("219.5"),
        ),
        (
            "a monthly cost not in cents",
            "/ranking/0/cost/components/0/monthly_cost",
            json!("0.6"),
        ),
    ] {
        schema.assert_rejects(what, &with(&output, pointer, value));
    }
    let mut no_ranking = output;
    no_ranking
        .as_object_mut()
        .expect("object")
        .remove("ranking");
    schema.assert_rejects("a document without `ranking`", &no_ranking);
}

#[test]
fn every_portfolio_matches_the_portfolio_schema() {
    let schema = Schema::of("portfolio");
    for (args, code) in [
        (&["recommend", "examples/"][..], 0),
        (&["recommend", "tests/fixtures/portfolio/broken"], 2),
        (&["recommend", "tests/fixtures/portfolio/mixed"], 0),
        (
            &[
                "recommend",
                "tests/fixtures/portfolio/ties",
                "--why-not",
                "ec2",
            ],
            0,
        ),
        (
            &[
                "recommend",
                "tests/fixtures/workloads/long-job-low-ops.yaml",
                "tests/fixtures/portfolio/ties/web.yaml",
                "--rules",
                "tests/fixtures/rules/everything-ruled-out.yaml",
            ],
            1,
        ),
    ] {
        let what = format!("advisor {}", args.join(" "));
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let (status, output) = advisor(&args);
        assert_eq!(status, Some(code), "{what}");
        schema.assert_accepts(&what, &serde_json::from_str(&output).expect("JSON"));
    }
}

#[test]
fn the_portfolio_schema_rejects_output_it_does_not_describe() {
    let schema = Schema::of("portfolio");
    let (_, output) = advisor(&[
        "recommend",
        "tests/fixtures/portfolio/broken",
        "--format",
        "json",
    ]);
    let output: Value = serde_json::from_str(&output).expect("JSON");
    let mut neither = output.clone();
    neither["workloads"][0] = json!({"path": "a.yaml"});
    schema.assert_rejects("an entry that is neither", &neither);
    for (what, pointer, value) in [
        (
            "a recommendation with an unknown verdict",
            "/workloads/0/ranking/0/verdict",
            json!("maybe"),
        ),
        (
            "a diagnostic at line 0",
            "/workloads/1/error/diagnostics/0/line",
            json!(0),
        ),
        (
            "a count that is not a number",
            "/summary/invalid",
            json!("2"),
        ),
    ] {
        schema.assert_rejects(what, &with(&output, pointer, value));
    }
    let mut no_summary = output;
    no_summary
        .as_object_mut()
        .expect("object")
        .remove("summary");
    schema.assert_rejects("a document without `summary`", &no_summary);
}

#[test]
fn every_price_book_matches_the_price_book_schema() {
    let schema = Schema::of("price-book");
    for args in [
        &["prices", "show", "--format", "json"][..],
        &[
            "prices",
            "show",
            "--prices",
            "tests/fixtures/prices/small.yaml",
            "--format",
            "json",
        ],
    ] {
        let what = format!("advisor {}", args.join(" "));
        let (status, output) = advisor(args);
        assert_eq!(status, Some(0), "{what}");
        schema.assert_accepts(&what, &serde_json::from_str(&output).expect("JSON"));
    }
}

#[test]
fn the_price_book_schema_rejects_output_it_does_not_describe() {
    let schema = Schema::of("price-book");
    let (_, output) = advisor(&["prices", "show", "--format", "json"]);
    let output: Value = serde_json::from_str(&output).expect("JSON");
    for (what, pointer, value) in [
        (
            "a price as a JSON number",
            "/prices/0/tiers/0/price",
            json!(0.2),
        ),
        (
            "a decimal in scientific notation",
            "/prices/0/tiers/0/price",
            json!("2e-1"),
        ),
        ("an unknown status", "/prices/0/status", json!("guessed")),
        (
            "a date that is not YYYY-MM-DD",
            "/as_of",
            json!("28 November 2026"),
        ),
        (
            "an unknown architecture",
            "/instances/types/0/architecture",
            json!("riscv64"),
        ),
    ] {
        schema.assert_rejects(what, &with(&output, pointer, value));
    }
    let mut no_prices = output;
    no_prices.as_object_mut().expect("object").remove("prices");
    schema.assert_rejects("a document without `prices`", &no_prices);
}

#[test]
fn the_workload_schema_rejects_what_the_format_does_not_allow() {
    let schema = Schema::of("workload");
    let valid = json!({"name": "api", "runtime": {"max_duration": "30s"}});
    schema.assert_accepts("a minimal workload", &valid);
    let unknown_key = with(&valid, "/runtime/max_durration", json!("30s"));
    schema.assert_rejects("an unknown key", &unknown_key);
    let bad_enum = with(&valid, "/demand", json!({"spikiness": "extreme"}));
    schema.assert_rejects("a value that is not an enum member", &bad_enum);
    let mut no_name = valid;
    no_name.as_object_mut().expect("object").remove("name");
    schema.assert_rejects("a workload without a name", &no_name);
}

/// Every workload fixture that gets past the YAML parser is accepted by the schema exactly
/// when advisor's own loader accepts it: the schema says neither more nor less than `recommend`.
#[test]
fn the_workload_schema_agrees_with_the_loader_on_every_fixture() {
    let schema = Schema::of("workload");
    let mut compared = 0;
    for path in files("tests/fixtures/workloads", &["yaml", "json"]) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8: an editor never gets as far as the schema either
        };
        // Duplicate keys, a second document or broken syntax: YAML errors, not schema ones.
        let Ok(workload) = serde_saphyr::from_str::<Value>(&text) else {
            continue;
        };
        let path = path.to_str().expect("UTF-8 path");
        let (status, _) = advisor(&["recommend", path, "--format", "json"]);
        assert_eq!(
            schema.accepts(&workload).is_ok(),
            status != Some(2),
            "{path}: schema and loader disagree"
        );
        compared += 1;
    }
    assert!(compared >= 15, "only {compared} fixtures compared");
}

#[test]
fn the_rules_schema_rejects_what_the_loader_rejects() {
    let schema = Schema::of("rules");
    let valid = json!({
        "version": 1,
        "name": "tiny",
        "services": [{"id": "lambda", "name": "AWS Lambda"}],
        "rules": [{"id": "spiky", "when": {"demand.spikiness": "high"}, "score": {"lambda": 1}}],
    });
    schema.assert_accepts("a minimal rule set", &valid);
    let no_effect = with(&valid, "/rules/0/score", json!({}));
    schema.assert_rejects("a rule with no effect", &no_effect);
    schema.assert_rejects("`title: null`", &with(&valid, "/title", Value::Null));
    let no_services = with(&valid, "/services", json!([]));
    schema.assert_rejects("no services in a rule set that extends none", &no_services);
    let own_reason = json!({"points": -1, "reason": "demand is {demand.spikiness}"});
    schema.assert_accepts(
        "a score with a reason of its own",
        &with(&valid, "/rules/0/score/lambda", own_reason.clone()),
    );
    for (what, score) in [
        (
            "a score with a misspelt key",
            with(&own_reason, "/pints", json!(1)),
        ),
        (
            "a score with no points",
            json!({"reason": "demand is high"}),
        ),
        ("a score with no reason", json!({"points": 1})),
        (
            "points out of range",
            with(&own_reason, "/points", json!(1_000_001)),
        ),
    ] {
        schema.assert_rejects(what, &with(&valid, "/rules/0/score/lambda", score));
    }
    for (what, when) in [
        (
            "a value that is not a member",
            json!({"demand.spikiness": "extreme"}),
        ),
        ("equality on a list field", json!({"priorities": "cost"})),
        (
            "an operator that does not fit",
            json!({"runtime.trigger": {"gt": "http"}}),
        ),
        (
            "an unknown field path",
            json!({"runtime.max_durations": {"gt": "15m"}}),
        ),
        (
            "a duration that does not parse",
            json!({"runtime.max_duration": {"gt": "15 min"}}),
        ),
    ] {
        schema.assert_rejects(what, &with(&valid, "/rules/0/when", when));
    }
    let overlay = json!({
        "version": 1,
        "name": "overlay",
        "extends": "builtin",
        "rules": [{"id": "lambda-max-duration", "replace": true, "exclude": ["lambda"]}],
        "disable": ["containers-avoided"],
    });
    schema.assert_accepts("a layer with no services of its own", &overlay);
}

#[test]
fn the_decision_schema_rejects_both_workload_forms_and_a_waiver_without_a_reason() {
    let schema = Schema::of("decision");
    let valid = json!({
        "status": "accepted",
        "date": "2026-03-14",
        "advisor": {"service": "lambda", "workload_file": "../web-backend.yaml"},
    });
    schema.assert_accepts("a decision with MADR keys", &valid);
    let inline = json!({"name": "api", "runtime": {"max_duration": "30s"}});
    let both = with(&valid, "/advisor/workload", inline);
    schema.assert_rejects("both `workload` and `workload_file`", &both);
    let mut neither = valid.clone();
    neither["advisor"]
        .as_object_mut()
        .expect("object")
        .remove("workload_file");
    schema.assert_rejects("neither `workload` nor `workload_file`", &neither);
    let waiver = with(
        &valid,
        "/advisor/waivers",
        json!([{"rule": "lambda-max-duration"}]),
    );
    schema.assert_rejects("a waiver without a reason", &waiver);
}

#[test]
fn every_lint_output_matches_the_lint_schema() {
    let schema = Schema::of("lint");
    let mut rule_sets = vec!["rules/aws-compute.yaml".to_string()];
    for path in files("tests/fixtures/rules", &["yaml"]) {
        rule_sets.push(path.to_str().expect("UTF-8 path").to_string());
    }
    let mut findings = 0;
    for rule_set in &rule_sets {
        let (status, output) = advisor(&["rules", "lint", rule_set, "--format", "json"]);
        assert!(
            matches!(status, Some(0 | 1)),
            "advisor rules lint {rule_set}"
        );
        let output: Value = serde_json::from_str(&output).expect("JSON");
        findings += output["findings"].as_array().expect("findings").len();
        schema.assert_accepts(rule_set, &output);
    }
    assert!(
        findings > 20,
        "only {findings} findings in the lint fixtures"
    );
    // Several files at once, load errors and warnings together.
    let mut args = vec!["rules", "lint", "--format", "json"];
    args.extend(rule_sets.iter().map(String::as_str));
    let (status, output) = advisor(&args);
    assert_eq!(status, Some(1));
    schema.assert_accepts(
        "every lint fixture at once",
        &serde_json::from_str(&output).expect("JSON"),
    );
}

#[test]
fn the_lint_schema_rejects_output_it_does_not_describe() {
    let schema = Schema::of("lint");
    let (_, output) = advisor(&[
        "rules",
        "lint",
        "tests/fixtures/rules/lint-warnings.yaml",
        "--format",
        "json",
    ]);
    let output: Value = serde_json::from_str(&output).expect("JSON");
    schema.assert_accepts("the lint warnings", &output);
    for (what, pointer, value) in [
        ("an unknown code", "/findings/0/code", json!("bad-rule")),
        ("an unknown level", "/findings/0/level", json!("note")),
        ("line 0", "/findings/0/line", json!(0)),
        ("a count as a string", "/summary/errors", json!("0")),
    ] {
        schema.assert_rejects(what, &with(&output, pointer, value));
    }
    let mut no_findings = output;
    no_findings
        .as_object_mut()
        .expect("object")
        .remove("findings");
    schema.assert_rejects("a document without `findings`", &no_findings);
}
