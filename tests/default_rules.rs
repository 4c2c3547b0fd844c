//! The built-in rule set is the product's heart: these tests keep it complete and honest.

use advisor::builtin;
use advisor::rules::{self, Part, Role};

/// Sections of `reference/compute-on-aws.md` that a rule's `source` may cite for what the source
/// text itself says.
const SECTIONS: &[&str] = &[
    "Compute on AWS › AWS Lambda",
    "Compute on AWS › Amazon API Gateway",
    "Compute on AWS › Amazon EC2",
    "Compute on AWS › AWS container services",
    "Compute on AWS › Amazon ECS",
    "Compute on AWS › Amazon EKS",
    "Compute on AWS › AWS Fargate",
];

/// A page of AWS's documentation or website, which a rule cites for a limit, behaviour or
/// price it states (issue 12).
fn is_aws_page(source: &str) -> bool {
    ["https://docs.aws.amazon.com/", "https://aws.amazon.com/"]
        .iter()
        .any(|prefix| source.starts_with(prefix) && !source.contains(' '))
}

/// A row of the internal reference table `reference/aws-facts.md`: a pointer for maintainers,
/// never the evidence for an AWS limit, behaviour or price.
fn is_reference_row(source: &str) -> bool {
    source.starts_with("AWS facts › ")
}

/// Whether a `source` field (one or more sources separated by `; `) is acceptable: every part
/// is a section of the source text, an AWS page, or a reference-table row, and a reference-table
/// row never stands without an AWS page beside it.
fn source_is_acceptable(source: &str) -> bool {
    let parts: Vec<&str> = source.split("; ").collect();
    let known = parts
        .iter()
        .all(|s| SECTIONS.contains(s) || is_aws_page(s) || is_reference_row(s));
    let backed = !parts.iter().any(|s| is_reference_row(s)) || parts.iter().any(|s| is_aws_page(s));
    known && backed
}

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
        let reason = rule.reason.as_ref().expect("checked above");
        let own = rule.service_reasons.iter().map(|(_, reason)| reason);
        for reason in std::iter::once(reason).chain(own) {
            assert!(
                reason.parts.iter().any(|p| matches!(p, Part::Field(_))),
                "a reason of {} quotes no workload field",
                rule.id
            );
        }
    }
}

#[test]
fn every_source_names_a_section_of_the_reference_text_or_an_aws_page() {
    for rule in builtin().rules {
        let source = rule.source.expect("checked above");
        assert!(
            source_is_acceptable(&source),
            "{} cites `{source}`: each part must be a section of the reference text or an AWS \
             page, and a reference-table row needs an AWS page beside it",
            rule.id
        );
    }
}

#[test]
fn a_reference_table_row_alone_is_not_a_source_for_an_aws_limit() {
    assert!(!source_is_acceptable("AWS facts › Lambda memory"));
    assert!(!source_is_acceptable(
        "AWS facts › Lambda memory; Compute on AWS › AWS Lambda"
    ));
    assert!(source_is_acceptable(
        "AWS facts › Lambda memory; https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    ));
    assert!(source_is_acceptable(
        "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    ));
    assert!(source_is_acceptable("Compute on AWS › AWS Lambda"));
    assert!(!source_is_acceptable("https://example.com/lambda-limits"));
    assert!(!source_is_acceptable("Compute on AWS › Nowhere"));
}

#[test]
fn no_built_in_rule_cites_the_reference_table() {
    for rule in builtin().rules {
        let source = rule.source.expect("every rule has a source");
        assert!(
            !source.split("; ").any(is_reference_row),
            "{} still cites the reference table: `{source}`",
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
            "ecs-managed-instances",
            "aws-batch",
            "app-runner",
            "api-gateway"
        ]
    );
    for service in &rule_set.services {
        let role = match service.id.as_str() {
            "api-gateway" => Role::Companion,
            "app-runner" => Role::Closed,
            _ => Role::Candidate,
        };
        assert_eq!(service.role, role, "{}", service.id);
        assert!(service.summary.is_some(), "{} has no summary", service.id);
        assert!(service.docs.is_some(), "{} has no docs link", service.id);
    }
}

#[test]
fn has_between_25_and_60_rules() {
    let count = builtin().rules.len();
    assert!((25..=60).contains(&count), "{count} rules");
}

/// The ids under `key:` in the YAML source, read as text, without the loader.
fn ids_in_source(key: &str) -> Vec<String> {
    let section = builtin::YAML
        .split_once(&format!("\n{key}:\n"))
        .expect("the section exists")
        .1;
    section
        .lines()
        .take_while(|line| line.is_empty() || line.starts_with(' ') || line.starts_with('#'))
        .filter_map(|line| line.strip_prefix("  - id: "))
        .map(|id| id.trim().to_string())
        .collect()
}

/// The compiled-in set is generated by build.rs; it must hold the same services and rules, in
/// the same order, as the YAML text says, and answer as the rules say.
#[test]
fn compiled_in_rule_set_holds_every_service_and_rule_of_the_source() {
    let compiled = builtin::rule_set();
    let services: Vec<_> = compiled.services.iter().map(|s| s.id.clone()).collect();
    assert_eq!(services, ids_in_source("services"));
    let rules: Vec<_> = compiled.rules.iter().map(|r| r.id.clone()).collect();
    assert_eq!(rules, ids_in_source("rules"));
    assert_eq!(format!("{compiled:?}"), format!("{:?}", builtin()));
}

#[test]
fn compiled_in_rule_set_rules_lambda_out_past_15_minutes_only() {
    let compiled = builtin::rule_set();
    let lambda = compiled
        .services
        .iter()
        .position(|s| s.id == "lambda")
        .expect("lambda");
    for (duration, ruled_out) in [("900", false), ("15m", false), ("901", true), ("16m", true)] {
        let text = format!("name: w\nruntime: {{max_duration: {duration}}}\n");
        let workload = advisor::workload::parse(&text, "w.yaml", "w.yaml").expect("valid");
        let recommendation =
            advisor::engine::recommend(&compiled, &advisor::cost::Pricing::builtin(), &workload);
        let standing = recommendation.standing(lambda);
        assert_eq!(
            standing.rank.is_none(),
            ruled_out,
            "max_duration {duration}"
        );
    }
}
