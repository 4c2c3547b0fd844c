//! The rule-set loader, then lint and evaluation: any text either loads or gives
//! diagnostics with positions; a loaded rule set lints and evaluates without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

const WORKLOAD: &str =
    "name: w\nruntime: {max_duration: 40m, trigger: http}\ndemand: {spikiness: high}\n";

fuzz_target!(|text: &str| {
    match advisor::rules::parse(text, "fuzz.yaml") {
        Ok(rule_set) => {
            let staleness = advisor::lint::Staleness {
                today: advisor::date::Date::parse("2026-11-28").expect("a valid date"),
                max_age_days: 365,
            };
            let _ = advisor::lint::lint(&rule_set, "fuzz.yaml", staleness);
            let workload = advisor::workload::parse(WORKLOAD, "w.yaml", "w.yaml")
                .expect("the fixed workload is valid");
            let recommendation = advisor::engine::recommend(
                &rule_set,
                &advisor::cost::Pricing::builtin(),
                &workload,
            );
            for standing in &recommendation.standings {
                assert_eq!(
                    standing.rank.is_some(),
                    standing.verdict != advisor::engine::Verdict::RuledOut
                );
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.0.is_empty());
            assert!(
                diagnostics
                    .0
                    .iter()
                    .all(|d| d.pos.line >= 1 && d.pos.column >= 1)
            );
        }
    }
});
