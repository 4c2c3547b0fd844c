//! The workload parser and validator, then the engine: any text either loads or gives
//! diagnostics with positions, and a loaded workload always evaluates.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match advisor::workload::parse(text, "fuzz.yaml", "fuzz.yaml") {
        Ok(workload) => {
            let recommendation = advisor::engine::recommend(
                &advisor::builtin::rule_set(),
                &advisor::cost::Pricing::builtin(),
                &workload,
            );
            assert!(!recommendation.standings.is_empty());
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
