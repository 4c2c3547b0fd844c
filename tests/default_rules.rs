//! The built-in rule set is the product's heart: these tests keep it complete and honest.

use advisor::builtin;
use advisor::rules::{self, Part, Role};

/// Sections of `reference/compute-on-aws.md` and rows of `reference/aws-facts.md` that a
/// rule's `source` may cite.
const SOURCES: &[&str] = &[
    "Compute on AWS › AWS Lambda",
    "Compute on AWS › Amazon API Gateway",
    "Compute on AWS › Amazon EC2",
    "Compute on AWS › AWS container services",
    "Compute on AWS › Amazon ECS",
    "Compute on AWS › Amazon EKS",
    "Compute on AWS › AWS Fargate",
    "AWS facts › Lambda maximum run time",
    "AWS facts › Lambda memory",
    "AWS facts › Lambda vCPU",
    "AWS facts › Lambda GPU",
    "AWS facts › Fargate task size",
    "AWS facts › Fargate GPU",
    "AWS facts › Fargate Spot",
    "AWS facts › EKS control plane",
    "AWS facts › Elastic Beanstalk",
    "AWS facts › API Gateway integration timeout",
    "AWS facts › AWS Batch guidance",
];

fn builtin() -> rules::RuleSet {
    rules::parse(builtin::YAML, builtin::LABEL).expect("the built-in rule set is valid")
}

#[test]
fn every_rule_has_summary_rationale_source_and_reason() {
    for rule in builtin().rules {
        assert!(rule.summary.is_some(), "{} has no summary", rule.id);
        assert!(rule.rationale.is_some(), "{} has no rationale", rule.id);
        assert!(rule.source.is_some(), "{} has no source", rule.id);
        assert!(rule.reason.is_some(), "{} has no reason", rule.id);
    }
}

#[test]
fn every_reason_quotes_the_workloads_own_values() {
    for rule in builtin().rules {
        let reason = rule.reason.expect("checked above");
        assert!(
            reason.parts.iter().any(|p| matches!(p, Part::Field(_))),
            "the reason of {} quotes no workload field",
            rule.id
        );
    }
}

#[test]
fn every_source_names_a_section_of_the_reference_text() {
    for rule in builtin().rules {
        let source = rule.source.expect("checked above");
        assert!(
            source.split("; ").all(|s| SOURCES.contains(&s)),
            "{} cites `{source}`, which is not a section of the reference text",
            rule.id
        );
    }
}

#[test]
fn declares_the_services_of_the_contract_in_order() {
    let rule_set = builtin();
    let ids: Vec<&str> = rule_set.services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "lambda",
            "ec2",
            "elastic-beanstalk",
            "ecs-fargate",
            "ecs-fargate-spot",
            "ecs-ec2",
            "eks",
            "api-gateway"
        ]
    );
    for service in &rule_set.services {
        let companion = service.id == "api-gateway";
        assert_eq!(service.role == Role::Companion, companion, "{}", service.id);
        assert!(service.summary.is_some(), "{} has no summary", service.id);
        assert!(service.docs.is_some(), "{} has no docs link", service.id);
    }
}

#[test]
fn has_between_25_and_45_rules() {
    let count = builtin().rules.len();
    assert!((25..=45).contains(&count), "{count} rules");
}

#[test]
fn compiled_in_rule_set_equals_the_yaml_source_parsed_at_run_time() {
    let compiled = builtin::rule_set();
    assert_eq!(format!("{compiled:?}"), format!("{:?}", builtin()));
}
