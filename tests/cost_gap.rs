//! `check`'s `cost-gap` at its boundary: a chosen service estimated at exactly `--cost-gap`
//! times the cheapest viable one is reported; one a hair under the ratio is not.
//!
//! The built-in prices never give two services a ratio of exactly 2, so this test changes two
//! of them. The workload leaves only the instance services viable (OS access rules out Lambda,
//! Fargate and ECS Managed Instances; continuous work rules out AWS Batch), and they all run
//! the same fleet F: EC2, Elastic Beanstalk and ECS on EC2 cost F, EKS costs F plus its
//! control plane, 730 cluster-hours. With EBS at $0.09125 per GB-month, an 8 GB root volume
//! costs $0.73 = 730 × $0.001 a month, so F is 730 × (instance price + $0.001) × instances,
//! and a control plane priced at F / 730 an hour makes EKS cost exactly 2F.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use advisor::check::{self, Code, Finding, Level, Options};
use advisor::cost::{self, Pricing, Quoter};
use advisor::prices;
use advisor::rules::RuleSet;
use advisor::workload;
use rust_decimal::Decimal;

const WORKLOAD: &str = "\
name: boundary
runtime: {max_duration: 10s, trigger: continuous}
demand: {spikiness: low, requests_per_month: 2000000}
resources: {memory_mb: 1024, vcpus: 1, gpu: false}
control: {os_access: true}
";

const EBS: &str = "  ebs_gp3:\n    unit: GB-month\n    price: 0.08\n";
const EKS: &str = "  eks_control_plane:\n    unit: cluster-hour\n    price: 0.10\n";

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The built-in price file with EBS at $0.09125 per GB-month and the EKS control plane at
/// `control_plane` an hour.
fn pricing(control_plane: Decimal) -> Pricing {
    assert!(prices::YAML.contains(EBS) && prices::YAML.contains(EKS));
    let text = prices::YAML
        .replace(EBS, &EBS.replace("0.08", "0.09125"))
        .replace(EKS, &EKS.replace("0.10", &control_plane.to_string()));
    let book = prices::parse(&text, "boundary-prices.yaml").unwrap_or_else(|e| panic!("{e}"));
    Pricing {
        book: Arc::new(book),
        options: cost::Options::default(),
        file: Some("boundary-prices.yaml".into()),
    }
}

fn typical(id: &str, pricing: &Pricing) -> Decimal {
    let workload = workload::parse(WORKLOAD, "boundary.yaml", "boundary.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    Quoter::new(id, &workload, &pricing.book, pricing.options)
        .and_then(|quoter| quoter.typical(d("2000000")))
        .unwrap_or_else(|e| panic!("{id}: {}", e.0))
}

/// The `cost-gap` findings of a decision choosing `service` for the workload.
fn cost_gaps(service: &str, pricing: Pricing, ratio: &str) -> Vec<Finding> {
    let rule_set: RuleSet = advisor::builtin::rule_set();
    let decision = format!(
        "status: accepted\nadvisor:\n  service: {service}\n  workload:\n{}",
        WORKLOAD
            .lines()
            .map(|line| format!("    {line}\n"))
            .collect::<String>()
    );
    let options = Options {
        margin: 1,
        fail_on: Level::Error,
        tree: None,
        limits: advisor::Limits::default(),
        pricing,
        cost_gap: check::parse_cost_gap(ratio).expect("a valid ratio"),
    };
    let report = check::check_bytes(
        Path::new("boundary.yaml"),
        decision.into_bytes(),
        &rule_set,
        &options,
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code != Code::InvalidDecision),
        "{:?}",
        report.findings
    );
    report
        .findings
        .into_iter()
        .filter(|f| f.code == Code::CostGap)
        .collect()
}

/// Prices under which EKS costs exactly twice the fleet, and the fleet's cost.
fn twice() -> (Pricing, Decimal) {
    let fleet = typical("ec2", &pricing(d("0.10")));
    let control_plane = fleet / d("730");
    assert_eq!(control_plane * d("730"), fleet, "F / 730 is not exact");
    let pricing = pricing(control_plane);
    assert_eq!(typical("ec2", &pricing), fleet);
    assert_eq!(
        typical("eks", &pricing),
        fleet * d("2"),
        "EKS is not exactly 2F"
    );
    (pricing, fleet)
}

#[test]
fn exactly_twice_the_cheapest_is_a_cost_gap() {
    let (pricing, fleet) = twice();
    let gaps = cost_gaps("eks", pricing, "2");
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0].level, Level::Warning);
    assert_eq!(
        gaps[0].message,
        format!(
            "Amazon EKS is estimated at {} a month, 2.0 times Amazon EC2 ({}), the cheapest viable option at 2,000,000 units of work a month",
            cost::dollars(fleet * d("2")),
            cost::dollars(fleet)
        )
    );
}

#[test]
fn a_hair_under_the_ratio_is_no_cost_gap() {
    let (pricing, _) = twice();
    assert!(cost_gaps("eks", pricing.clone(), "2.000001").is_empty());
    assert_eq!(cost_gaps("eks", pricing, "1.999999").len(), 1);
}

#[test]
fn a_service_that_ties_with_the_cheapest_is_no_cost_gap() {
    // Elastic Beanstalk and ECS on EC2 run the same fleet as EC2, which is declared first.
    let (pricing, _) = twice();
    for service in ["ec2", "elastic-beanstalk", "ecs-ec2"] {
        assert!(
            cost_gaps(service, pricing.clone(), "1.000001").is_empty(),
            "{service}"
        );
    }
}
