//! `advisor recommend`: load, rank, optionally ask why not, render.

use super::Status;
use crate::cli::RecommendArgs;
use crate::input::{self, Limits};
use crate::rules::{RuleSet, ServiceIndex};
use crate::{cost, engine, questions, report, whynot};

/// `color`: whether the table is coloured (`--color`).
pub fn run(args: &RecommendArgs, limits: Limits, color: bool) -> anyhow::Result<Status> {
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let workload = input::load_workload(&args.workload, &args.set, limits)?;
    let pricing = super::pricing(&args.pricing, limits)?;
    let recommendation = engine::recommend(&rule_set.rules, &pricing, &workload);
    let questions = questions::verify(&rule_set.rules, &pricing, &workload, &recommendation);
    let why_not = match &args.why_not {
        Some(id) => {
            let service = candidate_service(&rule_set.rules, id)?;
            Some(whynot::why_not(
                &rule_set.rules,
                &pricing,
                &workload,
                &recommendation,
                service,
            ))
        }
        None => None,
    };
    let estimates: Vec<_> = recommendation
        .standings
        .iter()
        .filter(|s| s.rank.is_some())
        .map(|s| {
            let id = &rule_set.rules.services[s.service].id;
            let estimate = cost::estimate(id, &workload, &pricing.book, pricing.options);
            (s.service, estimate)
        })
        .collect();
    let context = report::recommend::Context {
        rule_set: &rule_set,
        workload: &workload,
        recommendation: &recommendation,
        questions: &questions,
        explain: args.explain,
        why_not: why_not.as_ref(),
        color,
        estimates: &estimates,
        pricing: &pricing,
        today: super::today()?,
    };
    let delivery = input::write_stdout(&report::recommend::render(args.format, &context))?;
    Ok(Status::answered(&delivery, |()| {
        recommendation.answer == engine::Answer::NoneViable
    }))
}

/// The index of a ranked service named on the command line.
fn candidate_service(rule_set: &RuleSet, id: &str) -> anyhow::Result<ServiceIndex> {
    super::candidate(rule_set, "--why-not", id)
}
