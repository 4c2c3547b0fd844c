//! Every example workload gives its documented top pick, in both output formats.

use std::process::Command;

const TOP_PICKS: &[(&str, &str, &str)] = &[
    (
        "web-backend",
        "lambda",
        "AWS Lambda (lambda) with Amazon API Gateway (api-gateway)",
    ),
    ("legacy-licence-server", "ec2", "Amazon EC2 (ec2)"),
    (
        "internal-crm",
        "elastic-beanstalk",
        "AWS Elastic Beanstalk (elastic-beanstalk)",
    ),
    (
        "report-renderer",
        "ecs-fargate",
        "Amazon ECS on AWS Fargate (ecs-fargate)",
    ),
    (
        "nightly-image-batch",
        "ecs-fargate-spot",
        "Amazon ECS on Fargate Spot (ecs-fargate-spot)",
    ),
    (
        "gpu-inference-workers",
        "ecs-ec2",
        "Amazon ECS on Amazon EC2 (ecs-ec2)",
    ),
    ("checkout-platform", "eks", "Amazon EKS (eks)"),
    ("nightly-reconcile", "aws-batch", "AWS Batch (aws-batch)"),
    (
        "steady-api",
        "lambda",
        "AWS Lambda (lambda) with Amazon API Gateway (api-gateway)",
    ),
];

/// Examples on which the rules cannot decide: they show the undecided answer.
const UNDECIDED: &[&str] = &["new-service"];

fn advisor(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run advisor");
    assert_eq!(output.status.code(), Some(0), "advisor {args:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn every_example_is_covered() {
    let mut on_disk: Vec<String> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = TOP_PICKS.iter().map(|(name, _, _)| *name).collect();
    listed.extend(UNDECIDED);
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn table_headline_names_the_top_pick() {
    for (name, _, label) in TOP_PICKS {
        let out = advisor(&["recommend", &format!("examples/{name}.yaml")]);
        let headline = out.lines().next().unwrap_or_default();
        assert_eq!(headline, format!("Recommendation for {name}: {label}"));
    }
}

#[test]
fn undecided_examples_say_so() {
    for name in UNDECIDED {
        let out = advisor(&["recommend", &format!("examples/{name}.yaml")]);
        let headline = out.lines().next().unwrap_or_default();
        assert!(
            headline.starts_with(&format!("No recommendation for {name}: nothing it says")),
            "{headline}"
        );
    }
}

#[test]
fn json_recommendation_is_the_top_pick() {
    for (name, service, _) in TOP_PICKS {
        let out = advisor(&[
            "recommend",
            &format!("examples/{name}.yaml"),
            "--format",
            "json",
        ]);
        let document: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(document["recommendation"]["service"], *service, "{name}");
        assert_eq!(document["ranking"][0]["service"], *service, "{name}");
        assert_eq!(document["ranking"][0]["rank"], 1, "{name}");
    }
}
