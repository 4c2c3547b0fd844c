//! Converts the built-in rule set from YAML to JSON at build time. Parsing 30 KB of YAML at
//! every start would triple advisor's run time (bench/recommend.sh); JSON parses ten times
//! faster and goes through the same validation. `tests/default_rules.rs` checks that both
//! forms load to the same rule set, with YAML positions for any error.

use std::path::PathBuf;

fn main() {
    let source = "rules/aws-compute.yaml";
    println!("cargo::rerun-if-changed={source}");
    let yaml = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let value: serde_json::Value =
        serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{source}: {e}"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let json = serde_json::to_string(&value).expect("a JSON value serialises");
    std::fs::write(out_dir.join("aws-compute.json"), json).expect("write to OUT_DIR");
}
