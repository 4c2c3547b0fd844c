//! Properties of evaluation under the default rules and of the JSON output (proptest), over
//! generated workloads. The condition language and the ranking are checked against an
//! independent oracle in `condition_oracle.rs`.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use advisor::engine::{self, Effect, Recommendation, Verdict};
use advisor::rules::RuleSet;
use advisor::workload::{self, Workload};
use proptest::prelude::*;

mod common;

const LEVELS: &[&str] = &["low", "medium", "high"];
const TRIGGERS: &[&str] = &[
    "http",
    "websocket",
    "event",
    "queue",
    "stream",
    "schedule",
    "continuous",
];
const PREFERENCES: &[&str] = &["avoid", "neutral", "prefer", "require"];
const ORCHESTRATORS: &[&str] = &["none", "ecs", "kubernetes"];
const PORTABILITY: &[&str] = &["none", "hybrid", "multi-cloud"];
const OSES: &[&str] = &["linux", "windows"];
const ARCHITECTURES: &[&str] = &["x86_64", "arm64", "any"];
const PRIORITIES: &[&str] = &[
    "cost",
    "operational-efficiency",
    "performance",
    "control",
    "portability",
];

/// A duration in one of the notations a workload may use, and its length in milliseconds.
fn duration() -> impl Strategy<Value = (String, u64)> {
    prop_oneof![
        (0u64..=3_000_000).prop_map(|ms| (format!("{ms}ms"), ms)),
        (0u64..=100_000).prop_map(|s| (format!("{s}s"), s * 1000)),
        (0u64..=200_000).prop_map(|s| (s.to_string(), s * 1000)),
        (0u64..=600).prop_map(|m| (format!("{m}m"), m * 60_000)),
        (0u64..=48).prop_map(|h| (format!("{h}h"), h * 3_600_000)),
        (0u64..=3, 0u64..=59).prop_map(|(h, m)| (format!("{h}h{m}m"), (h * 60 + m) * 60_000)),
        // Around Lambda's 15-minute limit, where an off-by-one would hide.
        (899_000u64..=901_000).prop_map(|ms| (format!("{ms}ms"), ms)),
        (899u64..=901).prop_map(|s| (format!("{s}s"), s * 1000)),
        (14u64..=16).prop_map(|m| (format!("{m}m"), m * 60_000)),
    ]
}

fn one_of(members: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(members)
}

/// A workload file with a generated duration and any subset of the optional fields, and the
/// duration in milliseconds (`None` for `unbounded`).
fn workload_text() -> impl Strategy<Value = (String, Option<u64>)> {
    let runtime = (
        prop_oneof![
            9 => duration().prop_map(|(text, ms)| (text, Some(ms))),
            1 => Just(("unbounded".to_string(), None)),
        ],
        proptest::option::of(one_of(TRIGGERS)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(one_of(OSES)),
        proptest::option::of(one_of(ARCHITECTURES)),
        // The typical duration, as a share of the longest in thousandths: never above it.
        proptest::option::of(0u64..=1000),
    );
    let demand = (
        proptest::option::of(one_of(LEVELS)),
        proptest::option::of(0u64..10_000_000_000),
    );
    let resources = (
        proptest::option::of(1u64..=65_536),
        proptest::option::of(1u32..=64),
        proptest::option::of(any::<bool>()),
        // Tenths of a GB, so fractions are written too.
        proptest::option::of(1u32..=2_000),
    );
    let rest = (
        proptest::option::of(any::<bool>()),
        proptest::option::of(one_of(PORTABILITY)),
        proptest::option::of(one_of(PREFERENCES)),
        proptest::option::of(one_of(ORCHESTRATORS)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(one_of(LEVELS)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(proptest::sample::subsequence(PRIORITIES, 0..=5)),
    );
    (runtime, demand, resources, rest).prop_map(|(runtime, demand, resources, rest)| {
        let ((duration, ms), trigger, interruptible, os, architecture, typical) = runtime;
        let typical = typical.map(|share| match ms {
            Some(ms) => format!("{}ms", u128::from(ms) * u128::from(share) / 1000),
            None => format!("{share}h"),
        });
        let (spikiness, requests) = demand;
        let (memory, vcpus, gpu, storage_tenths) = resources;
        let (
            os_access,
            portability,
            preference,
            orchestrator,
            privileged,
            ops,
            rewrite,
            priorities,
        ) = rest;
        let text = |v: Option<&str>| v.map(str::to_string);
        let fields = [
            ("runtime.max_duration", Some(duration)),
            ("runtime.avg_duration", typical),
            ("runtime.trigger", text(trigger)),
            (
                "runtime.interruptible",
                interruptible.map(|b| b.to_string()),
            ),
            ("runtime.os", text(os)),
            ("runtime.architecture", text(architecture)),
            ("demand.spikiness", text(spikiness)),
            ("demand.requests_per_month", requests.map(|n| n.to_string())),
            ("resources.memory_mb", memory.map(|n| n.to_string())),
            ("resources.vcpus", vcpus.map(|n| n.to_string())),
            ("resources.gpu", gpu.map(|b| b.to_string())),
            (
                "resources.ephemeral_storage_gb",
                storage_tenths.map(|t| format!("{}", f64::from(t) / 10.0)),
            ),
            ("control.os_access", os_access.map(|b| b.to_string())),
            ("control.portability", text(portability)),
            ("containers.preference", text(preference)),
            ("containers.orchestrator", text(orchestrator)),
            ("containers.privileged", privileged.map(|b| b.to_string())),
            ("team.ops_capacity", text(ops)),
            ("team.willing_to_rewrite", rewrite.map(|b| b.to_string())),
            (
                "priorities",
                priorities.map(|p| format!("[{}]", p.join(", "))),
            ),
        ];
        (common::workload_yaml(fields), ms)
    })
}

fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(advisor::builtin::rule_set)
}

fn parse(text: &str) -> Workload {
    workload::parse(text, "generated.yaml", "generated.yaml")
        .unwrap_or_else(|e| panic!("generated workload is invalid: {e}\n{text}"))
}

fn standing(recommendation: &Recommendation, rule_set: &RuleSet, id: &str) -> engine::Standing {
    recommendation
        .standings
        .iter()
        .find(|s| rule_set.services[s.service].id == id)
        .cloned()
        .expect("the service has a standing")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lambda_is_ruled_out_exactly_when_work_runs_longer_than_15_minutes(
        (text, ms) in workload_text()
    ) {
        let recommendation = engine::recommend(builtin(), &advisor::cost::Pricing::builtin(), &parse(&text));
        let lambda = standing(&recommendation, builtin(), "lambda");
        let by_duration_rule = lambda.reasons.iter().any(|r| {
            r.effect == Effect::Exclude && builtin().rules[r.rule].id == "lambda-max-duration"
        });
        match ms {
            Some(ms) if ms <= 15 * 60_000 => {
                prop_assert!(!by_duration_rule, "{text}");
                // Only another rule can rule it out.
                let others = lambda.reasons.iter().any(|r| r.effect == Effect::Exclude);
                prop_assert_eq!(lambda.verdict == Verdict::RuledOut, others);
            }
            _ => {
                prop_assert!(by_duration_rule, "{text}");
                prop_assert_eq!(lambda.verdict, Verdict::RuledOut);
            }
        }
    }

}

/// The recommendation schema, compiled once for the JSON property.
struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

fn recommendation_schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
            .args(["schema", "recommendation"])
            .output()
            .expect("run advisor schema");
        let document: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("the schema is JSON");
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler
            .add_resource("recommendation.schema.json", document)
            .expect("add the schema");
        let index = compiler
            .compile("recommendation.schema.json", &mut schemas)
            .expect("the schema compiles");
        Schema { schemas, index }
    })
}

proptest! {
    // Each case runs the binary, so fewer of them.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn json_output_parses_back_and_matches_the_schema((text, _) in workload_text()) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_advisor"))
            .args(["recommend", "-", "--format", "json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run advisor");
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write");
        let output = child.wait_with_output().expect("advisor ends");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let schema = recommendation_schema();
        prop_assert!(schema.schemas.validate(&json, schema.index).is_ok(), "{json}");
        // Exit 1 only when nothing is viable; a tie is an answer, but not a recommendation.
        let status = json["status"].as_str().expect("a status");
        prop_assert_eq!(output.status.code(), Some(if status == "no-viable-service" { 1 } else { 0 }));
        prop_assert_eq!(json["recommendation"].is_null(), status != "recommended");
        let tied = json["tied"].as_array().expect("tied").len();
        prop_assert_eq!(tied >= 2, status == "tie" || status == "undecided", "{}", json);
    }
}
