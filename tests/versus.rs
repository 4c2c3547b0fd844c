//! `versus`: points measured against other services count only while one of those services
//! is still an option, whatever the order of the rules.

use advisor::engine::{self, Effect};
use advisor::rules::{self, RuleSet};
use advisor::workload;

const RULES: &str = r#"
version: 1
name: versus
services:
  - {id: serverless, name: Serverless}
  - {id: hosts, name: Hosts}
rules:
  - id: hosts-are-more-work
    when: {team.ops_capacity: low}
    score:
      hosts:
        points: -2
        versus: [serverless]
        reason: "the team's ops capacity is {team.ops_capacity}; the hosts are the team's to run"
    reason: "unused"
  - id: serverless-has-no-gpu
    when: {resources.gpu: true}
    exclude: [serverless]
    reason: "the workload needs a GPU (gpu: {resources.gpu})"
"#;

fn rule_set() -> RuleSet {
    rules::parse(RULES, "versus.yaml").expect("a valid rule set")
}

/// The score of `id` and the rules that scored it.
fn score(rule_set: &RuleSet, text: &str, id: &str) -> (i64, Vec<String>) {
    let workload = workload::parse(text, "w.yaml", "w.yaml").expect("a valid workload");
    let recommendation = engine::recommend(rule_set, &advisor::cost::Pricing::builtin(), &workload);
    let standing = recommendation
        .standings
        .iter()
        .find(|s| rule_set.services[s.service].id == id)
        .expect("a candidate");
    let scored = standing
        .reasons
        .iter()
        .filter(|r| matches!(r.effect, Effect::Score(_)))
        .map(|r| rule_set.rules[r.rule].id.clone())
        .collect();
    (standing.score, scored)
}

#[test]
fn points_versus_a_viable_service_count() {
    let text = "name: w\nruntime: {max_duration: 1s}\nteam: {ops_capacity: low}\n";
    assert_eq!(
        score(&rule_set(), text, "hosts"),
        (-2, vec!["hosts-are-more-work".to_string()])
    );
}

#[test]
fn points_versus_a_ruled_out_service_are_dropped_even_when_the_exclusion_comes_later() {
    let text =
        "name: w\nruntime: {max_duration: 1s}\nteam: {ops_capacity: low}\nresources: {gpu: true}\n";
    assert_eq!(score(&rule_set(), text, "hosts"), (0, Vec::new()));
}

#[test]
fn versus_must_name_other_ranked_services() {
    for (versus, message) in [
        ("[hosts]", "cannot be measured against itself"),
        ("[]", "expected a non-empty list"),
        ("[nope]", "unknown service `nope`"),
        ("[serverless, serverless]", "`serverless` is listed twice"),
    ] {
        let text = RULES.replace("versus: [serverless]", &format!("versus: {versus}"));
        let errors = rules::parse(&text, "versus.yaml")
            .err()
            .unwrap_or_else(|| panic!("versus: {versus} is refused"));
        let errors = errors.to_string();
        assert!(errors.contains(message), "versus: {versus}: {errors}");
    }
}

/// The default set marks the points it measures against Fargate and ECS Managed Instances, so
/// a workload that rules them out (a GPU, OS access) leaves ECS on EC2 without the "hosts
/// managed for you would be easier" point; a GPU alone leaves Managed Instances as an option.
#[test]
fn the_default_rules_do_not_mark_ecs_on_ec2_down_against_a_ruled_out_fargate() {
    let rule_set = advisor::builtin::rule_set();
    let base = "name: w\nruntime: {max_duration: 1m, trigger: queue}\ncontainers: {preference: require}\nteam: {ops_capacity: medium}\n";
    let (_, with_fargate) = score(&rule_set, base, "ecs-ec2");
    assert!(with_fargate.contains(&"fargate-serverless-containers".to_string()));
    let gpu = format!("{base}resources: {{gpu: true}}\n");
    let (_, with_managed_instances) = score(&rule_set, &gpu, "ecs-ec2");
    assert!(with_managed_instances.contains(&"fargate-serverless-containers".to_string()));
    let os_access = format!("{gpu}control: {{os_access: true}}\n");
    let (_, without_either) = score(&rule_set, &os_access, "ecs-ec2");
    assert!(!without_either.contains(&"fargate-serverless-containers".to_string()));
}
