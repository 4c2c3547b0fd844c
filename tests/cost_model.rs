//! The cost model (issue 13, `reference/cost-model.md`) against hand-computed figures, and
//! its properties over generated workloads.
//!
//! Every expectation is worked out by hand from the PINNED price file
//! `tests/fixtures/prices/pinned-us-east-1.yaml` (a copy of the built-in file as it was when
//! these tests were written), so that a later edit of the built-in prices cannot silently
//! change what these tests check. The arithmetic is written beside each figure.
//!
//! Figures used throughout (pinned file):
//!   hours a month H = 730, so a month has 730 × 3,600 = 2,628,000 s
//!   Lambda: $0.20 per 1M requests; GB-s x86_64 $0.0000166667 to 6 B, $0.000015 to 15 B,
//!     $0.0000133334 above; arm64 $0.0000133334 (to 7.5 B); free tier 1M requests and
//!     400,000 GB-s; 1,769 MB buys one vCPU
//!   API Gateway: HTTP $1.00 per 1M to 300M, $0.90 above; REST $3.50 to 333M, $2.80 to 1,000M
//!   Fargate x86_64: $0.04048 per vCPU-hour, $0.004445 per GB-hour; 60 s minimum per task
//!   Fargate Spot saving: 60% / 67% / 70%
//!   ALB: $0.0225 an hour, $0.008 per LCU-hour, one LCU = 25 new connections a second,
//!     one connection per request
//!   EBS gp3 $0.08 per GB-month, 8 GB root volume per instance; EKS $0.10 per cluster-hour
//!   peak factor 1.5 / 3 / 10 (spikiness low / medium / high); target utilisation 0.7;
//!   minimum fleet 2 for http and websocket, 1 otherwise
//!   avg_duration unknown: a unit of work takes 0.1 / 0.25 / 1 × max_duration
//!     (low / typical / high); the workload format has no `runtime.avg_duration` yet, so
//!     every case below states `max_duration` and takes a quarter of it as typical
//!   EC2: t3.small $0.0208 (2 vCPU at 20% baseline = 0.4 sustained, 2 GiB), t3.micro
//!     (0.2 sustained), c7g.large $0.0725 (2 vCPU, 4 GiB), g4dn.xlarge $0.526 (4 vCPU,
//!     16 GiB, 1 GPU); ECS Managed Instances fee 12% of the EC2 price

use std::str::FromStr;
use std::sync::OnceLock;

use advisor::cost::breakeven::{self, Change};
use advisor::cost::{self, Component, Estimate, Options, Quoter};
use advisor::prices::{self, PriceBook};
use advisor::workload::{self, Workload};
use proptest::prelude::*;
use rust_decimal::Decimal;

mod common;

const SERVICES: [&str; 9] = [
    "lambda",
    "ecs-fargate",
    "ecs-fargate-spot",
    "ec2",
    "elastic-beanstalk",
    "ecs-ec2",
    "eks",
    "ecs-managed-instances",
    "aws-batch",
];

fn book() -> &'static PriceBook {
    static BOOK: OnceLock<PriceBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        prices::parse(
            include_str!("fixtures/prices/pinned-us-east-1.yaml"),
            "tests/fixtures/prices/pinned-us-east-1.yaml",
        )
        .unwrap_or_else(|d| panic!("the pinned price file is invalid: {d}"))
    })
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A workload from `(dotted path, YAML value)` pairs; fields of one section adjacent.
fn workload(fields: &[(&str, &str)]) -> Workload {
    let text = common::workload_yaml(fields.iter().map(|(p, v)| (*p, Some(v.to_string()))));
    workload::parse(&text, "test.yaml", "test.yaml")
        .unwrap_or_else(|e| panic!("invalid test workload: {e}\n{text}"))
}

/// Every component: quantity × unit price is its cost exactly; the components add up to
/// the typical total; low ≤ typical ≤ high.
fn assert_consistent(id: &str, estimate: &Estimate) {
    for line in estimate.components.iter().chain(&estimate.alternatives) {
        assert_eq!(
            line.quantity * line.unit_price,
            line.monthly_cost,
            "{id}: `{}` is not quantity × unit price",
            line.name
        );
    }
    let sum: Decimal = estimate.components.iter().map(|c| c.monthly_cost).sum();
    assert_eq!(sum, estimate.typical, "{id}: components do not add up");
    assert!(
        estimate.low <= estimate.typical && estimate.typical <= estimate.high,
        "{id}: {} ≤ {} ≤ {} does not hold",
        estimate.low,
        estimate.typical,
        estimate.high
    );
}

fn estimate_with(id: &str, w: &Workload, book: &PriceBook, options: Options) -> Estimate {
    let estimate = cost::estimate(id, w, book, options)
        .unwrap_or_else(|e| panic!("{id} has no estimate: {}", e.0));
    assert_consistent(id, &estimate);
    estimate
}

fn estimate(id: &str, w: &Workload) -> Estimate {
    estimate_with(id, w, book(), Options::default())
}

/// The lines as (name, quantity, unit price, monthly cost), for one exact comparison.
fn lines(components: &[Component]) -> Vec<(String, Decimal, Decimal, Decimal)> {
    components
        .iter()
        .map(|c| (c.name.clone(), c.quantity, c.unit_price, c.monthly_cost))
        .collect()
}

fn expect(lines: &[(&str, &str, &str, &str)]) -> Vec<(String, Decimal, Decimal, Decimal)> {
    lines
        .iter()
        .map(|(name, q, p, c)| (name.to_string(), d(q), d(p), d(c)))
        .collect()
}

fn assert_totals(e: &Estimate, low: &str, typical: &str, high: &str) {
    assert_eq!(
        (e.low, e.typical, e.high),
        (d(low), d(typical), d(high)),
        "(low, typical, high)"
    );
}

// ---------------------------------------------------------------------------------------
// Lambda

/// 10 M requests a month over HTTP, max_duration 800 ms (typical 200 ms, low 80 ms, high
/// 800 ms), 1,024 MB (0.5 vCPU × 1,769 = 884.5 MB is less, so 1,024 MB is billed).
fn lambda_http(architecture: &str) -> Workload {
    workload(&[
        ("runtime.max_duration", "800ms"),
        ("runtime.trigger", "http"),
        ("runtime.architecture", architecture),
        ("demand.spikiness", "medium"),
        ("demand.requests_per_month", "10000000"),
        ("resources.memory_mb", "1024"),
        ("resources.vcpus", "0.5"),
    ])
}

#[test]
fn lambda_x86_64_over_http_without_the_free_tier() {
    let e = estimate("lambda", &lambda_http("x86_64"));
    // requests: 10,000,000 / 1M = 10 × $0.20 = $2.00
    // GB-s: 10,000,000 × 0.2 s × 1,024 / 1,024 = 2,000,000 × $0.0000166667 = $33.3334
    // HTTP API: 10 (M) × $1.00 = $10.00
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Lambda requests", "10", "0.20", "2.00"),
            (
                "Lambda duration (x86_64, 1024 MB)",
                "2000000",
                "0.0000166667",
                "33.3334"
            ),
            ("API Gateway HTTP API requests", "10", "1.00", "10.00"),
        ])
    );
    // The REST API is an alternative, priced but not in the total: 10 × $3.50 = $35.00.
    assert_eq!(
        lines(&e.alternatives),
        expect(&[(
            "API Gateway REST API requests (instead of the HTTP API)",
            "10",
            "3.50",
            "35.00"
        )])
    );
    // typical: 2 + 33.3334 + 10 = 45.3334
    // low (80 ms):  800,000 GB-s × $0.0000166667 = 13.33336; + 2 + 10 = 25.33336
    // high (800 ms): 8,000,000 GB-s × $0.0000166667 = 133.3336; + 2 + 10 = 145.3336
    assert_totals(&e, "25.33336", "45.3334", "145.3336");
    // With the REST API instead, the typical figure would be 45.3334 - 10 + 35 = 70.3334.
    let rest: Decimal = e.alternatives.iter().map(|c| c.monthly_cost).sum();
    let http = e.components[2].monthly_cost;
    assert_eq!(e.typical - http + rest, d("70.3334"));
}

#[test]
fn lambda_arm64_over_http_without_the_free_tier() {
    let e = estimate("lambda", &lambda_http("arm64"));
    // GB-s as for x86_64: 2,000,000 × $0.0000133334 = $26.6668
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Lambda requests", "10", "0.20", "2.00"),
            (
                "Lambda duration (arm64, 1024 MB)",
                "2000000",
                "0.0000133334",
                "26.6668"
            ),
            ("API Gateway HTTP API requests", "10", "1.00", "10.00"),
        ])
    );
    // typical 2 + 26.6668 + 10 = 38.6668
    // low   800,000 × 0.0000133334 = 10.66672 + 12 = 22.66672
    // high  8,000,000 × 0.0000133334 = 106.6672 + 12 = 118.6672
    assert_totals(&e, "22.66672", "38.6668", "118.6672");
}

#[test]
fn lambda_x86_64_over_http_with_the_free_tier() {
    let options = Options { free_tier: true };
    let e = estimate_with("lambda", &lambda_http("x86_64"), book(), options);
    // requests: 10,000,000 - 1,000,000 = 9,000,000 → 9 × $0.20 = $1.80
    // GB-s: 2,000,000 - 400,000 = 1,600,000 × $0.0000166667 = $26.66672
    // the API Gateway has no always-free tier: 10 × $1.00 = $10.00
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Lambda requests beyond the free tier", "9", "0.20", "1.80"),
            (
                "Lambda duration (x86_64, 1024 MB) beyond the free tier",
                "1600000",
                "0.0000166667",
                "26.66672"
            ),
            ("API Gateway HTTP API requests", "10", "1.00", "10.00"),
        ])
    );
    // typical 1.80 + 26.66672 + 10 = 38.46672
    // low  (800,000 - 400,000) × 0.0000166667 = 6.66668 + 11.80 = 18.46668
    // high (8,000,000 - 400,000) × 0.0000166667 = 126.66692 + 11.80 = 138.46692
    assert_totals(&e, "18.46668", "38.46672", "138.46692");
}

#[test]
fn lambda_arm64_over_http_with_the_free_tier() {
    let options = Options { free_tier: true };
    let e = estimate_with("lambda", &lambda_http("arm64"), book(), options);
    // requests 9 × 0.20 = 1.80; GB-s 1,600,000 × 0.0000133334 = 21.33344; HTTP API 10.00
    // typical 1.80 + 21.33344 + 10 = 33.13344
    // low  400,000 × 0.0000133334 = 5.33336 + 11.80 = 17.13336
    // high 7,600,000 × 0.0000133334 = 101.33384 + 11.80 = 113.13384
    assert_eq!(e.components[1].monthly_cost, d("21.33344"));
    assert_totals(&e, "17.13336", "33.13344", "113.13384");
}

#[test]
fn the_free_tier_can_cover_all_of_lambda_but_not_the_api_gateway() {
    let w = workload(&[
        ("runtime.max_duration", "800ms"),
        ("runtime.trigger", "http"),
        ("runtime.architecture", "x86_64"),
        ("demand.spikiness", "medium"),
        ("demand.requests_per_month", "500000"),
        ("resources.memory_mb", "1024"),
        ("resources.vcpus", "0.5"),
    ]);
    let e = estimate_with("lambda", &w, book(), Options { free_tier: true });
    // 500,000 requests < 1 M free; 500,000 × 0.2 s × 1 GB = 100,000 GB-s < 400,000 free.
    // HTTP API: 0.5 (M) × $1.00 = $0.50, the whole bill.
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Lambda requests beyond the free tier", "0", "0.20", "0"),
            (
                "Lambda duration (x86_64, 1024 MB) beyond the free tier",
                "0",
                "0.0000166667",
                "0"
            ),
            ("API Gateway HTTP API requests", "0.5", "1.00", "0.50"),
        ])
    );
    assert_eq!(e.typical, d("0.50"));
}

#[test]
fn api_gateway_tiers_above_300_million_http_and_333_million_rest_requests() {
    // 500 M requests, 128 MB (vcpus 0.05 × 1,769 = 88.45 MB does not raise it), typical 0.1 s.
    let w = workload(&[
        ("runtime.max_duration", "400ms"),
        ("runtime.trigger", "http"),
        ("runtime.architecture", "x86_64"),
        ("demand.spikiness", "low"),
        ("demand.requests_per_month", "500000000"),
        ("resources.memory_mb", "128"),
        ("resources.vcpus", "0.05"),
    ]);
    let e = estimate("lambda", &w);
    // requests 500 × 0.20 = 100
    // GB-s 500,000,000 × 0.1 × 128 / 1,024 = 6,250,000 × 0.0000166667 = 104.166875
    // HTTP API 300 × 1.00 = 300, then (500 - 300) = 200 × 0.90 = 180
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Lambda requests", "500", "0.20", "100"),
            (
                "Lambda duration (x86_64, 128 MB)",
                "6250000",
                "0.0000166667",
                "104.166875"
            ),
            ("API Gateway HTTP API requests", "300", "1.00", "300"),
            (
                "API Gateway HTTP API requests, above 300",
                "200",
                "0.90",
                "180"
            ),
        ])
    );
    // REST: 333 × 3.50 = 1,165.50, then (500 - 333) = 167 × 2.80 = 467.60
    assert_eq!(
        lines(&e.alternatives),
        expect(&[
            (
                "API Gateway REST API requests (instead of the HTTP API)",
                "333",
                "3.50",
                "1165.50"
            ),
            (
                "API Gateway REST API requests (instead of the HTTP API), above 333",
                "167",
                "2.80",
                "467.60"
            ),
        ])
    );
    // typical 100 + 104.166875 + 300 + 180 = 684.166875
    assert_eq!(e.typical, d("684.166875"));
}

#[test]
fn lambda_vcpus_raise_billed_memory() {
    // 2 vCPU × 1,769 MB = 3,538 MB > 512 MB: 3,538 MB is billed.
    // 1,024,000 invocations a month (a queue: no front door), max 4 s, typical 1 s.
    let w = workload(&[
        ("runtime.max_duration", "4s"),
        ("runtime.trigger", "queue"),
        ("runtime.architecture", "x86_64"),
        ("demand.requests_per_month", "1024000"),
        ("resources.memory_mb", "512"),
        ("resources.vcpus", "2"),
    ]);
    let e = estimate("lambda", &w);
    // requests 1.024 × 0.20 = 0.2048
    // GB-s 1,024,000 × 1 s × 3,538 / 1,024 = 3,538,000 × 0.0000166667 = 58.9667846
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Lambda requests", "1.024", "0.20", "0.2048"),
            (
                "Lambda duration (x86_64, 3538 MB)",
                "3538000",
                "0.0000166667",
                "58.9667846"
            ),
        ])
    );
    // typical 0.2048 + 58.9667846 = 59.1715846
    // low  (0.4 s) 1,415,200 GB-s × 0.0000166667 = 23.58671384 + 0.2048 = 23.79151384
    // high (4 s)  14,152,000 GB-s × 0.0000166667 = 235.8671384 + 0.2048 = 236.0719384
    assert_totals(&e, "23.79151384", "59.1715846", "236.0719384");
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.contains("raised to 3538 MB")),
        "{:?}",
        e.assumptions
    );
}

#[test]
fn lambda_duration_crosses_the_first_tier_at_6_billion_gb_seconds() {
    // 100 M invocations a month of 10,240 MB (10 GB); max 40 s, typical 10 s.
    let w = workload(&[
        ("runtime.max_duration", "40s"),
        ("runtime.trigger", "queue"),
        ("runtime.architecture", "x86_64"),
        ("demand.requests_per_month", "100000000"),
        ("resources.memory_mb", "10240"),
        ("resources.vcpus", "1"),
    ]);
    let e = estimate("lambda", &w);
    // GB-s 100,000,000 × 10 s × 10 GB = 10,000,000,000 (10 B):
    //   first 6 B × 0.0000166667 = 100,000.2; next 4 B × 0.000015 = 60,000
    // requests 100 × 0.20 = 20
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Lambda requests", "100", "0.20", "20"),
            (
                "Lambda duration (x86_64, 10240 MB)",
                "6000000000",
                "0.0000166667",
                "100000.2"
            ),
            (
                "Lambda duration (x86_64, 10240 MB), above 6000000000",
                "4000000000",
                "0.000015",
                "60000"
            ),
        ])
    );
    // typical 20 + 100,000.2 + 60,000 = 160,020.2
    // low  (4 s): 4 B GB-s, all in tier 1: 4e9 × 0.0000166667 = 66,666.8 + 20 = 66,686.8
    // high (40 s): 40 B GB-s: 6 B × 0.0000166667 = 100,000.2; 9 B × 0.000015 = 135,000;
    //   25 B × 0.0000133334 = 333,335; + 20 = 568,355.2
    assert_totals(&e, "66686.8", "160020.2", "568355.2");
}

// ---------------------------------------------------------------------------------------
// Fleets behind HTTP: Fargate and EC2

/// 26,280,000 requests a month = 26,280,000 / 2,628,000 s = 10 a second; max 2 s, so 0.2 /
/// 0.5 / 2 s (low / typical / high); spikiness medium: peak factor 3 in every case.
fn http_fleet(architecture: &str, vcpus: &str, memory_mb: &str, requests: &str) -> Workload {
    workload(&[
        ("runtime.max_duration", "2s"),
        ("runtime.trigger", "http"),
        ("runtime.architecture", architecture),
        ("demand.spikiness", "medium"),
        ("demand.requests_per_month", requests),
        ("resources.memory_mb", memory_mb),
        ("resources.vcpus", vcpus),
    ])
}

#[test]
fn fargate_fleet_behind_http_at_a_fixed_size() {
    let e = estimate(
        "ecs-fargate",
        &http_fleet("x86_64", "0.5", "1024", "26280000"),
    );
    // Task size: 0.5 vCPU and 1 GB (1,024 MB), the smallest valid size that fits.
    // Little's law: 10 a second × 0.5 s = 5 requests in flight; peak × 3 = 15; at 70%
    // utilisation 15 / 0.7 = 21.43 → 22 tasks. 22 × 730 = 16,060 task-hours.
    //   vCPU-hours 16,060 × 0.5 = 8,030 × $0.04048 = $325.0544
    //   GB-hours   16,060 × 1   = 16,060 × $0.004445 = $71.3867
    // ALB: 730 × $0.0225 = $16.425; 10 new connections a second / 25 = 0.4 LCU × 730 = 292
    //   LCU-hours × $0.008 = $2.336
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Fargate vCPU (x86_64)", "8030", "0.04048", "325.0544"),
            ("Fargate memory (x86_64)", "16060", "0.004445", "71.3867"),
            ("Application Load Balancer", "730", "0.0225", "16.425"),
            (
                "Application Load Balancer capacity units",
                "292",
                "0.008",
                "2.336"
            ),
        ])
    );
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.starts_with("22 tasks of 0.5 vCPU and 1 GB")),
        "{:?}",
        e.assumptions
    );
    // typical 325.0544 + 71.3867 + 16.425 + 2.336 = 415.2021
    // low: sized for the average, 10 × 0.2 s = 2 in flight / 0.7 = 2.86 → 3 tasks = 2,190
    //   task-hours: 1,095 × 0.04048 = 44.3256; 2,190 × 0.004445 = 9.73455; ALB 18.761
    //   → 72.82115
    // high: 10 × 2 s = 20 × 3 = 60 / 0.7 = 85.71 → 86 tasks = 62,780 task-hours:
    //   31,390 × 0.04048 = 1,270.6672; 62,780 × 0.004445 = 279.0571; ALB 18.761
    //   → 1,568.4853
    assert_totals(&e, "72.82115", "415.2021", "1568.4853");
}

#[test]
fn fargate_fleet_behind_http_keeps_two_tasks_at_low_volume() {
    let e = estimate(
        "ecs-fargate",
        &http_fleet("x86_64", "0.5", "1024", "100000"),
    );
    // 100,000 / 2,628,000 = 0.038 a second × 0.5 s × 3 / 0.7 = 0.08 → 1 task, but a service
    // clients wait on keeps at least 2: 2 × 730 = 1,460 task-hours.
    //   vCPU-hours 730 × 0.04048 = 29.5504; GB-hours 1,460 × 0.004445 = 6.4897
    // LCU-hours: 100,000 / 2,628,000 / 25 × 730 = 1.1111… → 1.111111 (6 places) × 0.008
    //   = 0.008888888
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Fargate vCPU (x86_64)", "730", "0.04048", "29.5504"),
            ("Fargate memory (x86_64)", "1460", "0.004445", "6.4897"),
            ("Application Load Balancer", "730", "0.0225", "16.425"),
            (
                "Application Load Balancer capacity units",
                "1.111111",
                "0.008",
                "0.008888888"
            ),
        ])
    );
    // Every case is the minimum: 29.5504 + 6.4897 + 16.425 + 0.008888888 = 52.473988888
    assert_totals(&e, "52.473988888", "52.473988888", "52.473988888");
}

#[test]
fn ec2_fleet_behind_http_at_a_fixed_size() {
    let w = http_fleet("arm64", "0.5", "1024", "26280000");
    let e = estimate("ec2", &w);
    // Instance: the cheapest arm64 type that sustains 0.5 vCPU with 1 GiB. t4g.micro,
    // t4g.small and t4g.medium sustain only 0.2 or 0.4 vCPU (2 × 10% or 20% baseline), so
    // c7g.large ($0.0725, 2 vCPU, 4 GiB), which runs min(2 / 0.5, 4 / 1) = 4 at once.
    // 5 in flight × 3 / 0.7 / 4 = 5.36 → 6 instances × 730 = 4,380 h × $0.0725 = $317.55
    // root volumes 6 × 8 GB = 48 GB-month × $0.08 = $3.84
    // ALB (6 > 1 instance): $16.425 + 292 LCU-hours × $0.008 = $2.336
    assert_eq!(
        lines(&e.components),
        expect(&[
            (
                "EC2 c7g.large (on-demand, Linux)",
                "4380",
                "0.0725",
                "317.55"
            ),
            ("EBS gp3 root volumes (8 GB each)", "48", "0.08", "3.84"),
            ("Application Load Balancer", "730", "0.0225", "16.425"),
            (
                "Application Load Balancer capacity units",
                "292",
                "0.008",
                "2.336"
            ),
        ])
    );
    // typical 317.55 + 3.84 + 16.425 + 2.336 = 340.151
    // low:  2 in flight / 0.7 / 4 = 0.71 → 1, minimum 2: 1,460 × 0.0725 = 105.85;
    //       16 × 0.08 = 1.28; ALB 18.761 → 125.891
    // high: 20 × 3 / 0.7 / 4 = 21.43 → 22: 16,060 × 0.0725 = 1,164.35; 176 × 0.08 = 14.08;
    //       ALB 18.761 → 1,197.191
    assert_totals(&e, "125.891", "340.151", "1197.191");
    // Elastic Beanstalk and ECS on EC2 are priced as EC2.
    for id in ["elastic-beanstalk", "ecs-ec2"] {
        assert_eq!(estimate(id, &w).components, e.components, "{id}");
    }
}

#[test]
fn ec2_picks_a_burstable_instance_by_its_baseline() {
    let e = estimate("ec2", &http_fleet("x86_64", "0.25", "512", "26280000"));
    // t3.micro sustains 2 × 10% = 0.2 vCPU < 0.25; t3.small sustains 2 × 20% = 0.4 ≥ 0.25
    // with 2 GiB ≥ 0.5 GiB, at $0.0208. It runs min(floor(0.4 / 0.25), floor(2 / 0.5)) =
    // min(1, 4) = 1 at once. 5 × 3 / 0.7 / 1 = 21.43 → 22 instances.
    //   22 × 730 = 16,060 × $0.0208 = $334.048; 176 GB-month × $0.08 = $14.08; ALB 18.761
    assert_eq!(
        lines(&e.components[..2]),
        expect(&[
            (
                "EC2 t3.small (on-demand, Linux)",
                "16060",
                "0.0208",
                "334.048"
            ),
            ("EBS gp3 root volumes (8 GB each)", "176", "0.08", "14.08"),
        ])
    );
    // 334.048 + 14.08 + 16.425 + 2.336 = 366.889
    assert_eq!(e.typical, d("366.889"));
}

#[test]
fn ec2_has_a_load_balancer_only_with_more_than_one_instance() {
    // With the minimum for HTTP lowered to 1 (a copy of the pinned book), a quiet service
    // runs on one instance and has no ALB; at volume it has several and an ALB.
    let mut one = book().clone();
    one.assumptions.minimum_fleet.value.request_response = 1;
    let quiet = estimate_with(
        "ec2",
        &http_fleet("arm64", "0.5", "1024", "100000"),
        &one,
        Options::default(),
    );
    // 0.038 × 0.5 × 3 / 0.7 / 4 = 0.02 → 1 c7g.large: 730 × 0.0725 = 52.925; 8 × 0.08 = 0.64
    assert_eq!(
        lines(&quiet.components),
        expect(&[
            (
                "EC2 c7g.large (on-demand, Linux)",
                "730",
                "0.0725",
                "52.925"
            ),
            ("EBS gp3 root volumes (8 GB each)", "8", "0.08", "0.64"),
        ])
    );
    let busy = estimate_with(
        "ec2",
        &http_fleet("arm64", "0.5", "1024", "26280000"),
        &one,
        Options::default(),
    );
    // 6 instances as in ec2_fleet_behind_http_at_a_fixed_size, with the ALB.
    assert_eq!(busy.typical, d("340.151"));
    // The low case is sized for the average: 2 / 0.7 / 4 = 0.71 → 1 instance and no ALB:
    // 730 × 0.0725 + 8 × 0.08 = 53.565.
    assert_eq!(busy.low, d("53.565"));
}

#[test]
fn eks_adds_its_control_plane_and_managed_instances_their_fee() {
    let w = http_fleet("arm64", "0.5", "1024", "26280000");
    let eks = estimate("eks", &w);
    // control plane: 730 cluster-hours × $0.10 = $73
    let plane = eks
        .components
        .iter()
        .find(|c| c.name == "EKS control plane")
        .expect("a control plane line");
    assert_eq!(
        (plane.quantity, plane.unit_price, plane.monthly_cost),
        (d("730"), d("0.10"), d("73"))
    );
    // the EC2 nodes as for ec2 (340.151) + 73 = 413.151
    assert_eq!(eks.typical, d("413.151"));
    // ECS Managed Instances: 12% of $0.0725 = $0.0087 per instance-hour × 4,380 = $38.106;
    // 340.151 + 38.106 = 378.257
    let managed = estimate("ecs-managed-instances", &w);
    assert_eq!(managed.typical, d("378.257"));
    assert_eq!(managed.components[2].unit_price, d("0.0087"));
}

// ---------------------------------------------------------------------------------------
// Units of work: a scheduled batch and a GPU queue

/// 720 runs a month (hourly for 30 days) of 1 vCPU and 2 GB; max 20 min, so 120 / 300 /
/// 1,200 s (low / typical / high).
fn scheduled_batch() -> Workload {
    workload(&[
        ("runtime.max_duration", "20m"),
        ("runtime.trigger", "schedule"),
        ("runtime.interruptible", "true"),
        ("runtime.architecture", "x86_64"),
        ("demand.requests_per_month", "720"),
        ("resources.memory_mb", "2048"),
        ("resources.vcpus", "1"),
    ])
}

#[test]
fn scheduled_batch_on_fargate_bills_task_hours() {
    let w = scheduled_batch();
    let e = estimate("ecs-fargate", &w);
    // task-hours = units × max(duration, 60 s) / 3,600 = 720 × 300 / 3,600 = 60
    //   vCPU-hours 60 × 1 = 60 × $0.04048 = $2.4288
    //   GB-hours   60 × 2 = 120 × $0.004445 = $0.5334
    // No fleet, no load balancer.
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Fargate vCPU (x86_64)", "60", "0.04048", "2.4288"),
            ("Fargate memory (x86_64)", "120", "0.004445", "0.5334"),
        ])
    );
    // typical 2.4288 + 0.5334 = 2.9622
    // low  720 × 120 / 3,600 = 24 task-hours: 24 × 0.04048 + 48 × 0.004445 = 0.97152 +
    //      0.21336 = 1.18488
    // high 720 × 1,200 / 3,600 = 240: 9.7152 + 2.1336 = 11.8488
    assert_totals(&e, "1.18488", "2.9622", "11.8488");
    // AWS Batch without a GPU runs on Fargate the same way.
    assert_eq!(estimate("aws-batch", &w).components, e.components);
}

#[test]
fn scheduled_batch_on_fargate_spot_takes_the_spot_saving() {
    let e = estimate("ecs-fargate-spot", &scheduled_batch());
    // typical saving 67%: $0.04048 × 0.33 = $0.0133584; $0.004445 × 0.33 = $0.00146685
    //   60 × 0.0133584 = 0.801504; 120 × 0.00146685 = 0.176022 → 0.977526
    // low (70% off, 120 s): 24 × 0.012144 + 48 × 0.0013335 = 0.291456 + 0.064008 = 0.355464
    // high (60% off, 1,200 s): 240 × 0.016192 + 480 × 0.001778 = 3.88608 + 0.85344 = 4.73952
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Fargate Spot vCPU (x86_64)", "60", "0.0133584", "0.801504"),
            (
                "Fargate Spot memory (x86_64)",
                "120",
                "0.00146685",
                "0.176022"
            ),
        ])
    );
    assert_totals(&e, "0.355464", "0.977526", "4.73952");
}

#[test]
fn short_scheduled_runs_are_billed_the_one_minute_minimum() {
    // 43,200 runs a month (every minute), max 40 s: 4 / 10 / 40 s, each billed 60 s.
    let w = workload(&[
        ("runtime.max_duration", "40s"),
        ("runtime.trigger", "schedule"),
        ("runtime.architecture", "x86_64"),
        ("demand.requests_per_month", "43200"),
        ("resources.memory_mb", "512"),
        ("resources.vcpus", "0.25"),
    ]);
    let e = estimate("ecs-fargate", &w);
    // task 0.25 vCPU, 0.5 GB; task-hours 43,200 × 60 / 3,600 = 720
    //   vCPU-hours 720 × 0.25 = 180 × 0.04048 = 7.2864
    //   GB-hours   720 × 0.5  = 360 × 0.004445 = 1.6002
    assert_eq!(
        lines(&e.components),
        expect(&[
            ("Fargate vCPU (x86_64)", "180", "0.04048", "7.2864"),
            ("Fargate memory (x86_64)", "360", "0.004445", "1.6002"),
        ])
    );
    // Every case bills the minute: 7.2864 + 1.6002 = 8.8866
    assert_totals(&e, "8.8866", "8.8866", "8.8866");
}

/// 1,000 jobs a month from a queue, each on a GPU with 4 vCPU and 16 GB; max 2 h, so 720 /
/// 1,800 / 7,200 s; spikiness low (peak factor 1.5).
fn gpu_queue() -> Workload {
    workload(&[
        ("runtime.max_duration", "2h"),
        ("runtime.trigger", "queue"),
        ("runtime.interruptible", "true"),
        ("runtime.architecture", "x86_64"),
        ("demand.spikiness", "low"),
        ("demand.requests_per_month", "1000"),
        ("resources.memory_mb", "16384"),
        ("resources.vcpus", "4"),
        ("resources.gpu", "true"),
    ])
}

#[test]
fn gpu_queue_has_no_lambda_or_fargate_estimate() {
    let w = gpu_queue();
    for (id, reason) in [
        ("lambda", "Lambda has no GPUs"),
        ("ecs-fargate", "Fargate has no GPUs"),
        ("ecs-fargate-spot", "Fargate has no GPUs"),
    ] {
        match cost::estimate(id, &w, book(), Options::default()) {
            Err(no) => assert_eq!(no.0, reason, "{id}"),
            Ok(e) => panic!("{id} has an estimate for GPU work: {e:?}"),
        }
    }
}

#[test]
fn gpu_queue_on_ec2_picks_a_gpu_instance() {
    let w = gpu_queue();
    let e = estimate("ec2", &w);
    // The GPU types: g4dn.xlarge $0.526 and g5.xlarge $1.006, both 4 vCPU and 16 GiB:
    // g4dn.xlarge, one job at a time (min(4 / 4, 16 / 16) = 1).
    // 1,000 / 2,628,000 a second × 1,800 s = 0.6849 in flight × 1.5 / 0.7 = 1.47 → 2
    //   2 × 730 = 1,460 h × $0.526 = $767.96; 16 GB-month × $0.08 = $1.28
    // No ALB: a queue is not a service clients wait on.
    assert_eq!(
        lines(&e.components),
        expect(&[
            (
                "EC2 g4dn.xlarge (on-demand, Linux)",
                "1460",
                "0.526",
                "767.96"
            ),
            ("EBS gp3 root volumes (8 GB each)", "16", "0.08", "1.28"),
        ])
    );
    // typical 767.96 + 1.28 = 769.24
    // low  (sized for the average, 720 s): 0.274 / 0.7 = 0.39 → 1: 383.98 + 0.64 = 384.62
    // high (7,200 s): 2.74 × 1.5 / 0.7 = 5.87 → 6: 4,380 × 0.526 = 2,303.88 + 3.84 = 2,307.72
    assert_totals(&e, "384.62", "769.24", "2307.72");
}

#[test]
fn gpu_queue_on_aws_batch_pays_only_while_jobs_run() {
    let e = estimate("aws-batch", &gpu_queue());
    // 1,000 × 1,800 s / 3,600 / 1 job per instance = 500 instance-hours × $0.526 = $263
    // low 1,000 × 720 / 3,600 = 200 × 0.526 = 105.2; high 2,000 × 0.526 = 1,052
    assert_eq!(
        lines(&e.components),
        expect(&[("EC2 g4dn.xlarge (on-demand, Linux)", "500", "0.526", "263")])
    );
    assert_totals(&e, "105.2", "263", "1052");
}

#[test]
fn money_and_counts_are_grouped_in_thousands() {
    assert_eq!(cost::dollars(d("1234.565")), "$1,234.57");
    assert_eq!(cost::dollars(d("0.004")), "$0.00");
    assert_eq!(cost::dollars(d("-1000")), "-$1,000.00");
    assert_eq!(cost::whole_number(d("3000000")), "3,000,000");
    assert_eq!(cost::whole_number(d("999")), "999");
    assert_eq!(cost::whole_number(d("1000")), "1,000");
    assert_eq!(cost::whole_number(d("1234567.5")), "1,234,568");
    assert_eq!(cost::whole_number(d("0")), "0");
}

#[test]
fn every_estimate_of_every_hand_computed_workload_is_consistent() {
    let workloads = [
        ("lambda x86_64", lambda_http("x86_64")),
        ("lambda arm64", lambda_http("arm64")),
        (
            "fleet x86_64",
            http_fleet("x86_64", "0.5", "1024", "26280000"),
        ),
        (
            "fleet arm64",
            http_fleet("arm64", "0.5", "1024", "26280000"),
        ),
        (
            "small x86_64",
            http_fleet("x86_64", "0.25", "512", "100000"),
        ),
        ("schedule", scheduled_batch()),
        ("gpu", gpu_queue()),
    ];
    let mut missing = Vec::new();
    for (name, w) in &workloads {
        for id in SERVICES {
            for free_tier in [false, true] {
                match cost::estimate(id, w, book(), Options { free_tier }) {
                    Ok(e) => assert_consistent(id, &e),
                    Err(_) if free_tier => {}
                    Err(_) => missing.push(format!("{name}: {id}")),
                }
            }
        }
    }
    // The only x86_64 types without a GPU are t3s, which sustain 0.4 vCPU: work of 0.5 or
    // 1 vCPU on x86_64 has no EC2-backed estimate. GPU work has none on Lambda or Fargate.
    let ec2_backed = [
        "ec2",
        "elastic-beanstalk",
        "ecs-ec2",
        "eks",
        "ecs-managed-instances",
    ];
    let mut expected = Vec::new();
    for name in ["lambda x86_64", "fleet x86_64", "schedule"] {
        expected.extend(ec2_backed.iter().map(|id| format!("{name}: {id}")));
    }
    expected.extend(["gpu: lambda", "gpu: ecs-fargate", "gpu: ecs-fargate-spot"].map(String::from));
    missing.sort();
    expected.sort();
    assert_eq!(missing, expected);
}

// ---------------------------------------------------------------------------------------
// Properties

const TRIGGERS: &[&str] = &[
    "http",
    "websocket",
    "event",
    "queue",
    "stream",
    "schedule",
    "continuous",
];
const LEVELS: &[&str] = &["low", "medium", "high"];
const ARCHITECTURES: &[&str] = &["x86_64", "arm64", "any"];
const VCPUS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

fn one_of(members: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(members)
}

/// A workload without a volume (the properties choose volumes), with any subset of the
/// fields that move a cost.
fn cost_workload() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            9 => (1u64..=7_200_000).prop_map(|ms| format!("{ms}ms")),
            1 => Just("unbounded".to_string()),
        ],
        proptest::option::of(one_of(TRIGGERS)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(one_of(ARCHITECTURES)),
        proptest::option::of(one_of(LEVELS)),
        proptest::option::of(128u64..=12_288),
        proptest::option::of(prop_oneof![
            proptest::sample::select(VCPUS),
            (1u32..=64).prop_map(|eighths| f64::from(eighths) / 8.0),
        ]),
        proptest::option::of(prop_oneof![4 => Just(false), 1 => Just(true)]),
    )
        .prop_map(
            |(duration, trigger, interruptible, architecture, spikiness, memory, vcpus, gpu)| {
                let text = |v: Option<&str>| v.map(str::to_string);
                common::workload_yaml([
                    ("runtime.max_duration", Some(duration)),
                    ("runtime.trigger", text(trigger)),
                    (
                        "runtime.interruptible",
                        interruptible.map(|b| b.to_string()),
                    ),
                    ("runtime.architecture", text(architecture)),
                    ("demand.spikiness", text(spikiness)),
                    ("resources.memory_mb", memory.map(|n| n.to_string())),
                    ("resources.vcpus", vcpus.map(|n| n.to_string())),
                    ("resources.gpu", gpu.map(|b| b.to_string())),
                ])
            },
        )
}

fn parse(text: &str) -> Workload {
    workload::parse(text, "generated.yaml", "generated.yaml")
        .unwrap_or_else(|e| panic!("generated workload is invalid: {e}\n{text}"))
}

/// The quoters of the services that price this workload at all.
fn viable<'a>(
    w: &Workload,
    book: &'a PriceBook,
    options: Options,
) -> Vec<(&'static str, Quoter<'a>)> {
    SERVICES
        .iter()
        .filter_map(|id| {
            let quoter = Quoter::new(id, w, book, options).ok()?;
            quoter.typical(Decimal::ONE).ok()?;
            Some((*id, quoter))
        })
        .collect()
}

/// The cheapest option at `units` by typical cost, the first listed winning a tie.
fn cheapest(names: &[&str], quoters: &[Quoter], units: u64) -> usize {
    let costs: Vec<Decimal> = names
        .iter()
        .zip(quoters)
        .map(|(id, q)| {
            q.typical(Decimal::from(units))
                .unwrap_or_else(|e| panic!("{id} at {units}: {}", e.0))
        })
        .collect();
    (0..costs.len())
        .min_by(|a, b| costs[*a].cmp(&costs[*b]).then(a.cmp(b)))
        .expect("at least one option")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn costs_never_fall_as_volume_rises_and_low_typical_high_are_ordered(
        text in cost_workload(),
        units in 0u64..=5_000_000_000,
        free_tier in any::<bool>(),
    ) {
        let w = parse(&text);
        let options = Options { free_tier };
        for id in SERVICES {
            let Ok(quoter) = Quoter::new(id, &w, book(), options) else { continue };
            let at = |units: u64| quoter.totals(Decimal::from(units));
            match (at(units), at(2 * units)) {
                (Ok(before), Ok(after)) => {
                    for (case, (b, a)) in ["low", "typical", "high"].iter().zip(before.iter().zip(&after)) {
                        prop_assert!(b <= a, "{id} {case}: {b} at {units} but {a} at {}\n{text}", 2 * units);
                    }
                    for totals in [before, after] {
                        prop_assert!(totals[0] <= totals[1] && totals[1] <= totals[2],
                            "{id}: low {} typical {} high {}\n{text}", totals[0], totals[1], totals[2]);
                    }
                }
                (Err(_), Err(_)) => {}
                (before, after) => prop_assert!(false,
                    "{id} prices one volume but not the other: {before:?} {after:?}\n{text}"),
            }
        }
    }

    #[test]
    fn break_even_volumes_are_where_the_cheapest_option_changes(
        text in cost_workload(),
        free_tier in any::<bool>(),
    ) {
        let w = parse(&text);
        let options = Options { free_tier };
        let (names, quoters): (Vec<&str>, Vec<Quoter>) = viable(&w, book(), options).into_iter().unzip();
        for b in breakeven::find(&quoters, 1, 10_000_000_000) {
            let (from, to) = (names[b.from], names[b.to]);
            prop_assert_ne!(b.from, b.to);
            prop_assert!(b.units >= 2);
            let from_cost = quoters[b.from].typical(Decimal::from(b.units)).unwrap();
            let to_cost = quoters[b.to].typical(Decimal::from(b.units)).unwrap();
            prop_assert_eq!((from_cost, to_cost), (b.from_cost, b.to_cost));
            if b.change == Change::Crossing {
                let gap = (from_cost - to_cost).abs();
                prop_assert!(gap * Decimal::from(100) <= from_cost.max(to_cost),
                    "{from} {from_cost} and {to} {to_cost} at {} are more than 1% apart\n{text}", b.units);
            }
            prop_assert_eq!(cheapest(&names, &quoters, b.units - 1), b.from,
                "{} was not the cheapest just below {}\n{}", from, b.units, text);
            prop_assert_eq!(cheapest(&names, &quoters, b.units), b.to,
                "{} is not the cheapest at {}\n{}", to, b.units, text);
        }
    }
}
