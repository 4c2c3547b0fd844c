//! The accuracy corpus: every scenario in `tests/scenarios/` is a workload with the answers
//! an architect would accept, checked against the default rule set. One test runs them all,
//! prints how many pass and lists every failure, so a rule change shows its whole effect.

use std::path::Path;

use advisor::engine::{self, Answer, Verdict};
use advisor::rules::RuleSet;
use serde::Deserialize;

/// One scenario file (see `tests/scenarios/README.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    /// An inline workload in the format of SPEC 1.
    workload: serde_json::Value,
    /// The acceptable top picks; with `status: tie`, the services the tie may hold.
    #[serde(default)]
    accept: Vec<String>,
    /// `tie` or `undecided` where no single pick is the honest answer.
    status: Option<Status>,
    /// Services that must be ruled out.
    #[serde(default)]
    ruled_out: Vec<String>,
    /// The AWS page or reference section that justifies the answer.
    source: String,
    /// One sentence: why this is the answer.
    why: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
enum Status {
    Tie,
    Undecided,
}

/// What is wrong with one scenario's answer, or with the scenario itself.
fn judge(path: &Path, rule_set: &RuleSet) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let scenario: Scenario = serde_saphyr::from_str(&text).map_err(|e| e.to_string())?;
    if scenario.source.trim().is_empty() || scenario.why.trim().is_empty() {
        return Err("`source` and `why` must say something".into());
    }
    if scenario.accept.is_empty() && scenario.status.is_none() {
        return Err("give `accept` (the acceptable top picks) or `status`".into());
    }
    let known = |id: &String| rule_set.candidate_ids().any(|c| c == id);
    if let Some(id) = scenario
        .accept
        .iter()
        .chain(&scenario.ruled_out)
        .find(|id| !known(id))
    {
        return Err(format!(
            "`{id}` is not a ranked service of the default rules"
        ));
    }
    let json = serde_json::to_string(&scenario.workload).expect("a JSON value serialises");
    let label = path.display().to_string();
    let workload = advisor::workload::parse(&json, &label, &label).map_err(|d| {
        let messages: Vec<String> = d.0.iter().map(|d| d.to_string()).collect();
        format!("invalid workload: {}", messages.join("; "))
    })?;
    let recommendation = engine::recommend(rule_set, &advisor::cost::Pricing::builtin(), &workload);
    let id = |service: usize| rule_set.services[service].id.as_str();
    let ids = |services: &[usize]| services.iter().map(|&s| id(s)).collect::<Vec<_>>();
    let accepted = |service: usize| scenario.accept.iter().any(|a| a == id(service));

    let mut problems = Vec::new();
    let got = match &recommendation.answer {
        Answer::Pick { service, .. } => format!("recommended {}", id(*service)),
        Answer::Tie { services } => format!("tie of {}", ids(services).join(", ")),
        Answer::Undecided { services } => format!("undecided among {}", ids(services).join(", ")),
        Answer::NoneViable => "no viable service".to_string(),
    };
    let right = match (scenario.status, &recommendation.answer) {
        (None, Answer::Pick { service, .. }) => accepted(*service),
        (Some(Status::Tie), Answer::Tie { services })
        | (Some(Status::Undecided), Answer::Undecided { services }) => {
            scenario.accept.is_empty() || services.iter().all(|&s| accepted(s))
        }
        _ => false,
    };
    if !right {
        let wanted = match scenario.status {
            Some(status) => format!("{status:?}").to_lowercase(),
            None => format!("one of {}", scenario.accept.join(", ")),
        };
        problems.push(format!("wanted {wanted}, got {got}"));
    }
    for id in &scenario.ruled_out {
        let standing = recommendation
            .standings
            .iter()
            .find(|s| rule_set.services[s.service].id == *id)
            .expect("every candidate has a standing");
        if standing.verdict != Verdict::RuledOut {
            problems.push(format!("`{id}` should be ruled out"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{} ({})", problems.join("; "), scenario.why))
    }
}

#[test]
fn every_scenario_gets_an_acceptable_answer() {
    let rule_set = advisor::builtin::rule_set();
    let mut paths: Vec<_> = std::fs::read_dir("tests/scenarios")
        .expect("tests/scenarios/")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|path| {
            judge(path, &rule_set)
                .err()
                .map(|problem| format!("{}: {problem}", path.display()))
        })
        .collect();
    println!(
        "{}/{} scenarios pass",
        paths.len() - failures.len(),
        paths.len()
    );
    assert!(
        paths.len() >= 60,
        "the corpus has {} scenarios",
        paths.len()
    );
    assert!(
        failures.is_empty(),
        "failing scenarios:\n{}",
        failures.join("\n")
    );
}
