//! `--why-not`: for every ruled-out service of every example, each rule that rules it out
//! comes with a change, and applying that change with `--set` really stops the rule.

use std::process::Command;

use serde_json::Value;

fn recommend(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .arg("recommend")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run advisor");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("recommend prints JSON")
}

fn standing<'a>(document: &'a Value, service: &str) -> &'a Value {
    document["ranking"]
        .as_array()
        .expect("a ranking")
        .iter()
        .find(|entry| entry["service"] == service)
        .expect("the service is ranked or ruled out")
}

/// The workload and a `--set FIELD=VALUE` for each edit of a reported change.
fn with_changes(workload: &str, change: &Value) -> Vec<String> {
    let mut args = vec![workload.to_string()];
    for edit in change["set"].as_array().expect("edits") {
        args.push("--set".into());
        args.push(format!(
            "{}={}",
            edit["field"].as_str().expect("a field"),
            edit["value"].as_str().expect("a value")
        ));
    }
    args
}

fn excluded_by(document: &Value, service: &str) -> Vec<String> {
    standing(document, service)["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter(|reason| reason["effect"] == "exclude")
        .map(|reason| reason["rule"].as_str().expect("a rule id").to_string())
        .collect()
}

#[test]
fn every_ruled_out_service_of_every_example_gets_a_verified_change() {
    let mut checked = 0;
    for entry in std::fs::read_dir("examples").expect("examples/") {
        let path = entry.expect("an entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let workload = path.to_str().expect("a UTF-8 path");
        let document = recommend(&[workload]);
        for ruled_out in document["ranking"]
            .as_array()
            .expect("a ranking")
            .iter()
            .filter(|entry| entry["verdict"] == "ruled out")
        {
            let service = ruled_out["service"].as_str().expect("an id");
            let answer = recommend(&[workload, "--why-not", service]);
            let why = &answer["why_not"];
            assert_eq!(why["service"], service);
            let holds = why["holding_back"].as_array().expect("holding_back");
            assert_eq!(
                holds
                    .iter()
                    .map(|h| h["rule"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>(),
                excluded_by(&document, service),
                "{workload}: the rules holding {service} back are the rules that rule it out"
            );
            for hold in holds {
                let rule = hold["rule"].as_str().expect("a rule id");
                let change = &hold["change"];
                assert!(
                    !change.is_null(),
                    "{workload}: no change for {service}/{rule}"
                );
                let args = with_changes(workload, change);
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let changed = recommend(&args);
                assert!(
                    !excluded_by(&changed, service).contains(&rule.to_string()),
                    "{workload}: {args:?} should stop {rule} ruling out {service}"
                );
                let reached = standing(&changed, service);
                assert_eq!(reached["rank"], change["rank"], "{workload} {args:?}");
                assert_eq!(reached["score"], change["score"], "{workload} {args:?}");
                checked += 1;
            }
        }
    }
    // The ten examples rule services out 41 times between them.
    assert_eq!(checked, 41);
}

/// The examples' YAML files.
fn examples() -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir("examples")
        .expect("examples/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .map(|path| path.to_str().expect("a UTF-8 path").to_string())
        .collect();
    paths.sort();
    paths
}

/// Whenever two or more rules hold a service back, `--why-not` says what stopping them all
/// takes (and `--set` confirms the rank it reports), or why nothing does.
#[test]
fn two_or_more_holds_always_get_a_combined_answer() {
    let mut combined = 0;
    for workload in examples() {
        let document = recommend(&[&workload]);
        for entry in document["ranking"].as_array().expect("a ranking") {
            let service = entry["service"].as_str().expect("an id");
            let answer = recommend(&[&workload, "--why-not", service]);
            let why = &answer["why_not"];
            let holds = why["holding_back"].as_array().expect("holding_back").len();
            let together = &why["together"];
            let unavailable = &why["together_unavailable"];
            if holds < 2 {
                assert!(
                    together.is_null() && unavailable.is_null(),
                    "{workload} {service}"
                );
                continue;
            }
            assert!(
                together.is_null() != unavailable.is_null(),
                "{workload} {service}: together {together}, unavailable {unavailable}"
            );
            if together.is_null() {
                continue;
            }
            let args = with_changes(&workload, together);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let reached = recommend(&args);
            let reached = standing(&reached, service);
            assert_eq!(reached["rank"], together["rank"], "{args:?}");
            assert_eq!(reached["score"], together["score"], "{args:?}");
            combined += 1;
        }
    }
    assert!(combined >= 10, "only {combined} combined changes checked");
}

#[test]
fn why_not_the_recommendation_has_nothing_holding_it_back() {
    let answer = recommend(&["examples/web-backend.yaml", "--why-not", "lambda"]);
    assert_eq!(answer["why_not"]["rank"], 1);
    assert_eq!(answer["why_not"]["holding_back"], Value::Array(Vec::new()));
}

/// Lowering `runtime.max_duration` below `runtime.avg_duration` lowers that too, so the
/// change is one `--set` can apply: a typical unit of work is never above the longest.
#[test]
fn a_change_to_the_longest_duration_keeps_the_typical_one_below_it() {
    let workload = "tests/fixtures/workloads/avg-duration-long-queue.yaml";
    let answer = recommend(&[workload, "--why-not", "lambda"]);
    let hold = &answer["why_not"]["holding_back"][0];
    assert_eq!(hold["rule"], "lambda-max-duration");
    let edits: Vec<(&str, &str)> = hold["change"]["set"]
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        edits,
        [
            ("runtime.max_duration", "15m"),
            ("runtime.avg_duration", "15m")
        ]
    );
    let args = with_changes(workload, &hold["change"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let changed = recommend(&args);
    assert!(!excluded_by(&changed, "lambda").contains(&"lambda-max-duration".to_string()));
}
