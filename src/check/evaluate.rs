//! Holds a decision against the rules: the chosen service must not be ruled out and should
//! not be clearly outscored nor cost much more than the cheapest viable service; waivers take
//! rules out of the decision's evaluation.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::check::Options;
use crate::check::decision::{Decision, Strictness};
use crate::check::finding::{Code, Finding, Level};
use crate::cost::{self, Volume};
use crate::engine::{self, Answer, Effect, Recommendation, Standing, Truth};
use crate::fields;
use crate::rules::{NotACandidate, RuleSet, ServiceIndex};
use crate::text::{and_list, count};
use crate::workload::Workload;

/// Rules listed by name in a `better-fit` message; the rest are counted.
const LISTED_RULES: usize = 3;

/// The findings for one valid decision whose workload is valid.
pub fn findings(
    decision: &Decision,
    workload: &Workload,
    rule_set: &RuleSet,
    options: &Options,
) -> Vec<Finding> {
    let margin = options.margin;
    let chosen = match rule_set.candidate(decision.service) {
        Ok(chosen) => chosen,
        Err(NotACandidate::Unknown) => {
            let ids = rule_set.candidate_ids();
            return vec![Finding::invalid(
                decision.service_pos,
                format!(
                    "advisor.service: unknown service `{}`{} (services of this rule set: {})",
                    decision.service,
                    fields::did_you_mean(decision.service, ids.clone()),
                    ids.collect::<Vec<_>>().join(", ")
                ),
            )];
        }
        Err(NotACandidate::Closed(service)) => {
            return vec![closed_service(decision, rule_set, service)];
        }
        Err(NotACandidate::Companion) => {
            return vec![Finding::invalid(
                decision.service_pos,
                format!(
                    "advisor.service: `{}` is a companion service, which only accompanies a ranked one; choose the service that runs the workload",
                    decision.service
                ),
            )];
        }
    };

    let mut findings = Vec::new();
    let waived = waivers(decision, workload, rule_set, &mut findings);
    let recommendation = engine::recommend_without(rule_set, &options.pricing, workload, &waived);
    let standing = recommendation.standing(chosen);
    let violation_level = match decision.strictness {
        Strictness::Strict => Level::Error,
        Strictness::Lenient => Level::Warning,
    };

    if standing.rank.is_none() {
        let exclusions: Vec<_> = standing
            .reasons
            .iter()
            .filter(|r| r.effect == Effect::Exclude)
            .collect();
        let because: Vec<String> = exclusions
            .iter()
            .map(|r| format!("{} ({})", rule_set.rules[r.rule].id, r.message))
            .collect();
        let instead = instead(rule_set, &recommendation.answer);
        let mut finding = Finding::new(
            Code::RuledOut,
            decision.service_pos,
            format!(
                "`{}` is ruled out by {}{instead}",
                decision.service,
                because.join("; ")
            ),
        );
        finding.level = violation_level;
        finding.rules = exclusions
            .iter()
            .map(|r| rule_set.rules[r.rule].id.clone())
            .collect();
        findings.push(finding);
    } else if let Some(first) = recommendation.first()
        && first.score > standing.score
        && first.score - standing.score >= i64::from(margin)
    {
        // A service tied with the first is not outscored; one below a tie is, by each of
        // the tied services.
        let leaders: Vec<&Standing> = recommendation
            .standings
            .iter()
            .take_while(|s| s.rank.is_some() && s.score == first.score)
            .collect();
        findings.push(better_fit(decision, rule_set, &leaders, standing));
    }
    if standing.rank.is_some()
        && let Some(finding) = cost_gap(
            decision,
            workload,
            rule_set,
            options,
            &recommendation,
            chosen,
        )
    {
        findings.push(finding);
    }
    findings
}

/// `cost-gap`: at the volume the workload states, the chosen (viable) service's typical
/// estimate is at least `--cost-gap` times the cheapest viable service's. Services without
/// an estimate take no part; without a stated volume there is no finding, since estimates
/// per million units are not what the workload costs.
fn cost_gap(
    decision: &Decision,
    workload: &Workload,
    rule_set: &RuleSet,
    options: &Options,
    recommendation: &Recommendation,
    chosen: ServiceIndex,
) -> Option<Finding> {
    let Volume::Stated(units) = cost::workload_volume(workload) else {
        return None;
    };
    let pricing = &options.pricing;
    // The typical total alone, as `cost::estimate` would give it at this volume.
    let typical = |service: ServiceIndex| {
        cost::Quoter::new(
            &rule_set.services[service].id,
            workload,
            &pricing.book,
            pricing.options,
        )
        .ok()?
        .typical(units)
        .ok()
    };
    let chosen_cost = typical(chosen)?;
    // The cheapest viable service, ties to the one declared first, as `cost_points` rules
    // measure against.
    let (cheapest, least) = recommendation
        .standings
        .iter()
        .filter(|s| s.rank.is_some())
        .filter_map(|s| Some((s.service, typical(s.service)?)))
        .min_by_key(|&(service, cost)| (cost, service))?;
    if cheapest == chosen || !gap_reached(chosen_cost, least, options.cost_gap) {
        return None;
    }
    let chosen_name = &rule_set.services[chosen].name;
    let cheapest_name = &rule_set.services[cheapest].name;
    let against = if cost::cents(least).is_zero() {
        format!("against {} for {cheapest_name}", cost::dollars(least))
    } else {
        let ratio =
            (chosen_cost / least).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        format!(
            "{ratio:.1} times {cheapest_name} ({})",
            cost::dollars(least)
        )
    };
    Some(Finding::new(
        Code::CostGap,
        decision.service_pos,
        format!(
            "{chosen_name} is estimated at {} a month, {against}, the cheapest viable option at {} {} a month",
            cost::dollars(chosen_cost),
            cost::whole_number(units),
            if units == Decimal::ONE {
                "unit of work"
            } else {
                "units of work"
            }
        ),
    ))
}

/// Whether `chosen` costs at least `ratio` times `least` (inclusive), and more than it: a
/// service that ties with the cheapest is never reported, even when the cheapest costs nothing.
/// A ratio so large that the product overflows is never reached.
fn gap_reached(chosen: Decimal, least: Decimal, ratio: Decimal) -> bool {
    chosen > least
        && least
            .checked_mul(ratio)
            .is_some_and(|threshold| chosen >= threshold)
}

/// `closed-service`: since when the chosen service is closed, the page that says so and what
/// the provider recommends instead. Proposals get a warning, like any other violation.
fn closed_service(decision: &Decision, rule_set: &RuleSet, service: ServiceIndex) -> Finding {
    let service = &rule_set.services[service];
    let closure = service
        .closure
        .as_ref()
        .expect("a closed service has its closure");
    let mut finding = Finding::new(
        Code::ClosedService,
        decision.service_pos,
        format!(
            "`{}` ({}) is closed to new customers since {} ({}); {}",
            service.id, service.name, closure.since, closure.source, closure.advice
        ),
    );
    if decision.strictness == Strictness::Lenient {
        finding.level = Level::Warning;
    }
    finding
}

/// What the rules answer in place of a ruled-out choice: "; the rules recommend `ec2`
/// instead", or the tie, or that nothing separates the rest.
fn instead(rule_set: &RuleSet, answer: &Answer) -> String {
    let id = |service: usize| format!("`{}`", rule_set.services[service].id);
    match answer {
        Answer::Pick { service, .. } => format!("; the rules recommend {} instead", id(*service)),
        Answer::Tie { services } => format!(
            "; the rules rank {} equal first",
            and_list(services.iter().map(|&s| id(s)))
        ),
        Answer::Undecided { services } => format!(
            "; nothing in the workload separates the {} services not ruled out",
            services.len()
        ),
        Answer::NoneViable => "; no service is viable for this workload".to_string(),
    }
}

/// Checks each waiver: a waiver of a rule that fired takes the rule out and is noted; any
/// other waiver is stale. Returns the indices of the waived rules.
fn waivers(
    decision: &Decision,
    workload: &Workload,
    rule_set: &RuleSet,
    findings: &mut Vec<Finding>,
) -> Vec<usize> {
    let mut waived = Vec::new();
    for waiver in &decision.waivers {
        let Some(index) = rule_set.rules.iter().position(|r| r.id == waiver.rule) else {
            let mut finding = Finding::new(
                Code::StaleWaiver,
                waiver.pos,
                format!(
                    "waiver for `{}`, which is not a rule of this rule set; remove the waiver or correct the rule id{}",
                    waiver.rule,
                    fields::did_you_mean(waiver.rule, rule_set.rules.iter().map(|r| r.id.as_str()))
                ),
            );
            finding.rules = vec![waiver.rule.to_string()];
            findings.push(finding);
            continue;
        };
        let rule = &rule_set.rules[index];
        let mut finding = if engine::settle(rule, workload) == Truth::True {
            waived.push(index);
            Finding::new(
                Code::Waived,
                waiver.pos,
                format!(
                    "`{}` is waived ({}); without the waiver it would {}: {}",
                    rule.id,
                    waiver.reason,
                    effects(rule_set, index),
                    engine::render_reason(rule, workload)
                ),
            )
        } else {
            Finding::new(
                Code::StaleWaiver,
                waiver.pos,
                format!(
                    "waiver for `{}`, which does not fire for this workload; remove the waiver",
                    rule.id
                ),
            )
        };
        finding.rules = vec![rule.id.clone()];
        findings.push(finding);
    }
    waived
}

/// What a rule does, in words: "rule out lambda, score ecs-fargate +2".
fn effects(rule_set: &RuleSet, index: usize) -> String {
    let rule = &rule_set.rules[index];
    let id = |service: usize| rule_set.services[service].id.as_str();
    rule.exclude
        .iter()
        .map(|&s| format!("rule out `{}`", id(s)))
        .chain(
            rule.score
                .iter()
                .map(|&(s, points)| format!("score `{}` {points:+}", id(s))),
        )
        .chain(rule.pair.iter().map(|(s, companions)| {
            let companions: Vec<&str> = companions.iter().map(|&c| id(c)).collect();
            format!("pair `{}` with {}", id(*s), companions.join(", "))
        }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `better-fit`: the leading service (or services, when they tie) and, rule by rule, the
/// points each gave the leader and the chosen service. The listed parts and the rest add up
/// to the gap, so the message can be checked by hand.
fn better_fit(
    decision: &Decision,
    rule_set: &RuleSet,
    leaders: &[&Standing],
    chosen: &Standing,
) -> Finding {
    let better = leaders[0];
    let better_id = &rule_set.services[better.service].id;
    let differences = engine::score_gaps(better, chosen);
    let mut listed: Vec<String> = differences
        .iter()
        .take(LISTED_RULES)
        .map(|gap| {
            format!(
                "{} ({better_id} {:+}, {} {:+}: {})",
                rule_set.rules[gap.rule].id, gap.ahead, decision.service, gap.behind, gap.message
            )
        })
        .collect();
    if let Some(rest) = differences
        .get(LISTED_RULES..)
        .filter(|rest| !rest.is_empty())
    {
        let points: i64 = rest.iter().map(|gap| gap.points()).sum();
        listed.push(format!(
            "{} ({points:+})",
            count(rest.len(), "more rule", "more rules")
        ));
    }
    let leading = if leaders.len() == 1 {
        format!("`{better_id}` outscores")
    } else {
        format!(
            "{}, tied first, each outscore",
            and_list(
                leaders
                    .iter()
                    .map(|s| format!("`{}`", rule_set.services[s.service].id))
            )
        )
    };
    let mut finding = Finding::new(
        Code::BetterFit,
        decision.service_pos,
        format!(
            "{leading} the chosen `{}` by {} ({:+} against {:+}): {}",
            decision.service,
            count(better.score - chosen.score, "point", "points"),
            better.score,
            chosen.score,
            listed.join("; ")
        ),
    );
    finding.rules = differences
        .iter()
        .map(|gap| rule_set.rules[gap.rule].id.clone())
        .collect();
    finding
}

#[cfg(test)]
mod tests {
    use super::gap_reached;
    use rust_decimal::Decimal;

    fn d(text: &str) -> Decimal {
        text.parse().expect("a decimal")
    }

    #[test]
    fn the_gap_is_reached_at_exactly_the_ratio() {
        assert!(gap_reached(d("200.00"), d("100.00"), d("2")));
        assert!(gap_reached(d("150"), d("100"), d("1.5")));
        assert!(!gap_reached(d("199.99"), d("100.00"), d("2")));
        assert!(!gap_reached(d("149.999999"), d("100"), d("1.5")));
    }

    #[test]
    fn a_tie_with_the_cheapest_is_no_gap_even_at_zero() {
        assert!(!gap_reached(d("0"), d("0"), d("2")));
        assert!(!gap_reached(d("100"), d("100"), d("1.000001")));
        assert!(gap_reached(d("0.01"), d("0"), d("2")));
    }

    #[test]
    fn a_ratio_that_overflows_is_never_reached() {
        assert!(!gap_reached(Decimal::MAX, d("10"), Decimal::MAX));
    }
}
