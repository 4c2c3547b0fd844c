//! Open questions are verified claims: every alternative an open question lists, applied
//! with `--set`, must give exactly the recommendation it reports, and a question that only
//! moves the ranking must leave the recommendation as it is. Also the tie and undecided
//! answers, which are never called a recommendation.

use std::process::Command;

use serde_json::Value;

const WORKLOADS: &[&str] = &[
    "examples/web-backend.yaml",
    "examples/legacy-licence-server.yaml",
    "examples/internal-crm.yaml",
    "examples/report-renderer.yaml",
    "examples/nightly-image-batch.yaml",
    "examples/gpu-inference-workers.yaml",
    "examples/checkout-platform.yaml",
    "examples/nightly-reconcile.yaml",
    "examples/new-service.yaml",
    "tests/fixtures/workloads/tie-http-api.yaml",
    "tests/fixtures/workloads/undecided-minimal.yaml",
];

fn recommend(workload: &str, set: &[String]) -> Value {
    let mut command = Command::new(env!("CARGO_BIN_EXE_advisor"));
    command.args(["recommend", workload, "--format", "json"]);
    for assignment in set {
        command.args(["--set", assignment]);
    }
    let output = command.output().expect("run advisor");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{workload} {set:?}: not JSON ({e})"))
}

/// What a document recommends: the status, the pick and the tied services.
fn answer(document: &Value) -> (Value, Value, Value) {
    (
        document["status"].clone(),
        document["recommendation"]["service"].clone(),
        document["tied"].clone(),
    )
}

#[test]
fn every_alternative_gives_the_recommendation_it_reports() {
    let mut checked = 0;
    for workload in WORKLOADS {
        let document = recommend(workload, &[]);
        let now = answer(&document);
        let ranking = |d: &Value| d["ranking"].as_array().expect("ranking").clone();
        for question in document["open_questions"].as_array().expect("questions") {
            let alternatives = question["alternatives"].as_array().expect("alternatives");
            assert!(!alternatives.is_empty(), "{workload}: {question}");
            for alternative in alternatives {
                let set: Vec<String> = alternative["set"]
                    .as_object()
                    .expect("set")
                    .iter()
                    .map(|(field, value)| format!("{field}={}", value.as_str().expect("text")))
                    .collect();
                let then = recommend(workload, &set);
                let reported = (
                    alternative["status"].clone(),
                    alternative["recommendation"].clone(),
                    alternative["tied"].clone(),
                );
                let got = answer(&then);
                assert_eq!(got, reported, "{workload} --set {set:?}");
                match question["changes"].as_str() {
                    Some("recommendation") => assert_ne!(got, now, "{workload} --set {set:?}"),
                    Some("ranking") => {
                        assert_eq!(got, now, "{workload} --set {set:?}");
                        let order = |d: &Value| -> Vec<Value> {
                            ranking(d).iter().map(|e| e["service"].clone()).collect()
                        };
                        let ranks = |d: &Value| -> Vec<Value> {
                            ranking(d).iter().map(|e| e["rank"].clone()).collect()
                        };
                        assert!(
                            order(&then) != order(&document) || ranks(&then) != ranks(&document),
                            "{workload} --set {set:?} moves nothing"
                        );
                    }
                    other => panic!("{workload}: changes is {other:?}"),
                }
                checked += 1;
            }
        }
    }
    // Enough alternatives that the loop above is not vacuous.
    assert!(checked >= 40, "only {checked} alternatives checked");
}

#[test]
fn a_tie_is_never_called_a_recommendation() {
    let document = recommend("tests/fixtures/workloads/tie-http-api.yaml", &[]);
    assert_eq!(document["status"], "tie");
    assert!(document["recommendation"].is_null());
    let tied: Vec<&str> = document["tied"]
        .as_array()
        .expect("tied")
        .iter()
        .map(|v| v.as_str().expect("id"))
        .collect();
    assert_eq!(tied, ["ec2", "elastic-beanstalk", "ecs-ec2"]);
    for entry in document["ranking"].as_array().expect("ranking") {
        let is_tied = tied.contains(&entry["service"].as_str().expect("id"));
        let verdict = entry["verdict"].as_str().expect("verdict");
        assert_eq!(verdict == "tied", is_tied, "{entry}");
        assert_ne!(verdict, "recommended");
    }
}

#[test]
fn nothing_separating_the_services_is_undecided_not_a_tie() {
    for workload in [
        "tests/fixtures/workloads/undecided-minimal.yaml",
        "examples/new-service.yaml",
    ] {
        let document = recommend(workload, &[]);
        assert_eq!(document["status"], "undecided", "{workload}");
        assert!(document["recommendation"].is_null());
        let viable = document["ranking"]
            .as_array()
            .expect("ranking")
            .iter()
            .filter(|e| !e["rank"].is_null())
            .count();
        assert_eq!(document["tied"].as_array().expect("tied").len(), viable);
    }
}

#[test]
fn a_single_pick_reports_its_margin_and_runner_up() {
    let document = recommend("examples/web-backend.yaml", &[]);
    assert_eq!(document["status"], "recommended");
    let pick = &document["recommendation"];
    assert_eq!(pick["service"], "lambda");
    assert_eq!(pick["runner_up"], "elastic-beanstalk");
    let ranking = document["ranking"].as_array().expect("ranking");
    let gap =
        ranking[0]["score"].as_i64().expect("score") - ranking[1]["score"].as_i64().expect("score");
    assert_eq!(pick["margin"], gap);
    assert!(gap > 0);
}

#[test]
fn a_what_if_run_lists_its_overrides() {
    let set = [
        "runtime.max_duration=14m".to_string(),
        "demand.spikiness=low".to_string(),
    ];
    let document = recommend("examples/web-backend.yaml", &set);
    assert_eq!(
        document["workload"]["overrides"],
        serde_json::json!(["runtime.max_duration=14m", "demand.spikiness=low"])
    );
}
