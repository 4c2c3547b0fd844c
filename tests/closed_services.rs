//! A service closed to new customers is known but never ranked, and rules may not name it.

use advisor::engine;
use advisor::rules;
use advisor::workload;

const RULES: &str = r#"
version: 1
name: closed
services:
  - {id: open, name: Open}
  - id: gone
    name: Gone
    closed_to_new_customers: {since: 2026-04-30, source: "https://example.com/gone", advice: "use `open`"}
rules:
  - id: anything
    score: {open: 1}
    reason: "always ({runtime.max_duration})"
"#;

#[test]
fn a_closed_service_is_never_ranked() {
    let rule_set = rules::parse(RULES, "closed.yaml").expect("a valid rule set");
    let workload = workload::parse("name: w\nruntime: {max_duration: 1s}\n", "w", "w").unwrap();
    let recommendation =
        engine::recommend(&rule_set, &advisor::cost::Pricing::builtin(), &workload);
    let ids: Vec<&str> = recommendation
        .standings
        .iter()
        .map(|s| rule_set.services[s.service].id.as_str())
        .collect();
    assert_eq!(ids, ["open"]);
    assert!(matches!(
        rule_set.candidate("gone"),
        Err(rules::NotACandidate::Closed(1))
    ));
}

#[test]
fn closures_and_rules_naming_closed_services_are_checked() {
    for (from, to, message) in [
        (
            "score: {open: 1}",
            "score: {gone: 1}",
            "`gone` is closed to new customers",
        ),
        (
            "since: 2026-04-30",
            "since: 2026-13-01",
            "`2026-13-01` is not a day of the calendar: a month is 01 to 12",
        ),
        (
            "since: 2026-04-30",
            "since: soon",
            "expected a date as YYYY-MM-DD",
        ),
        (
            "since: 2026-04-30",
            "since: 2026-02-30",
            "`2026-02-30` is not a day of the calendar: February 2026 has 28 days",
        ),
        (
            ", advice: \"use `open`\"",
            "",
            "advice: required key is missing",
        ),
    ] {
        let text = RULES.replace(from, to);
        let errors = rules::parse(&text, "closed.yaml")
            .err()
            .unwrap_or_else(|| panic!("{to} is refused"))
            .to_string();
        assert!(errors.contains(message), "{to}: {errors}");
    }
}
