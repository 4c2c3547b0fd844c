//! Evaluation and ranking (SPEC 2.3 and 3.3): every rule's condition is judged with
//! three-valued logic against the workload, fired rules apply their effects, and the
//! services are ranked. Unknown conditions become the open questions.

use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};

use rust_decimal::Decimal;

use crate::cost::{self, Pricing};
use crate::fields::{self, FIELDS, FieldKind};
use crate::rules::{Condition, CostBand, Op, Part, Role, Rule, RuleSet, ServiceIndex, Template};
use crate::text::and_list;
use crate::value::Value;
use crate::workload::{Fact, Workload};

/// Kleene's three-valued truth: a test on a field the workload leaves out is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl From<bool> for Truth {
    fn from(b: bool) -> Self {
        if b { Truth::True } else { Truth::False }
    }
}

/// Where a service ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Recommended,
    /// Shares the top score with at least one other service: no single pick.
    Tied,
    Viable,
    RuledOut,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Recommended => "recommended",
            Verdict::Tied => "tied",
            Verdict::Viable => "viable",
            Verdict::RuledOut => "ruled out",
        }
    }
}

/// What the ranking answers. A tie is never a recommendation: calling the first of equals
/// the answer would present the rule set's declaration order as advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// One service leads alone.
    Pick {
        service: ServiceIndex,
        /// The next ranked service and how many points it trails by; `None` when no other
        /// service is viable.
        runner_up: Option<(ServiceIndex, i64)>,
    },
    /// Some of the viable services share the top score, ahead of the others.
    Tie { services: Vec<ServiceIndex> },
    /// Every viable service has the same score: nothing the workload says separates them.
    Undecided { services: Vec<ServiceIndex> },
    /// Every service is ruled out.
    NoneViable,
}

impl Answer {
    /// The recommended service, when there is exactly one.
    pub fn pick(&self) -> Option<ServiceIndex> {
        match self {
            Answer::Pick { service, .. } => Some(*service),
            _ => None,
        }
    }

    /// How far the pick leads the runner-up, when there is a pick and a runner-up.
    pub fn margin(&self) -> Option<i64> {
        match self {
            Answer::Pick {
                runner_up: Some((_, margin)),
                ..
            } => Some(*margin),
            _ => None,
        }
    }

    /// The services sharing the top score, for a tie or an undecided ranking.
    pub fn tied(&self) -> &[ServiceIndex] {
        match self {
            Answer::Tie { services } | Answer::Undecided { services } => services,
            _ => &[],
        }
    }

    /// Whether both answers choose the same: the same pick, or the same tied services,
    /// whatever the margin.
    pub fn same_choice(&self, other: &Answer) -> bool {
        self.status() == other.status()
            && self.pick() == other.pick()
            && self.tied() == other.tied()
    }

    /// A stable name for scripts (`recommended`, `tie`, `undecided`, `no-viable-service`).
    pub fn status(&self) -> &'static str {
        match self {
            Answer::Pick { .. } => "recommended",
            Answer::Tie { .. } => "tie",
            Answer::Undecided { .. } => "undecided",
            Answer::NoneViable => "no-viable-service",
        }
    }
}

/// What a fired rule did to one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Exclude,
    Score(i64),
    Pair,
}

/// One fired rule's effect on one service, with its rendered reason.
#[derive(Debug, Clone)]
pub struct Reason {
    pub rule: usize,
    pub effect: Effect,
    pub message: String,
}

/// One ranked (or ruled-out) service.
#[derive(Debug, Clone)]
pub struct Standing {
    pub service: ServiceIndex,
    /// 1-based; `None` for a ruled-out service.
    pub rank: Option<usize>,
    pub score: i64,
    pub verdict: Verdict,
    pub pair_with: Vec<ServiceIndex>,
    /// In rule-set order.
    pub reasons: Vec<Reason>,
}

/// A field the workload leaves unknown whose answer could change the ranking.
#[derive(Debug, Clone)]
pub struct OpenQuestion {
    pub field: String,
    pub rules: Vec<usize>,
}

/// The full result of evaluating one workload against one rule set.
#[derive(Debug)]
pub struct Recommendation {
    pub answer: Answer,
    /// Ranked services first, then ruled-out ones; companions never appear.
    pub standings: Vec<Standing>,
    /// Indices of the rules that fired, in rule-set order.
    pub fired: Vec<usize>,
    pub open_questions: Vec<OpenQuestion>,
}

impl Recommendation {
    /// The first-ranked service, if any service survived; it may be tied with others (see
    /// [`Recommendation::answer`]).
    pub fn first(&self) -> Option<&Standing> {
        self.standings.first().filter(|s| s.rank.is_some())
    }

    /// The recommended service's standing, when one service leads alone.
    pub fn pick(&self) -> Option<&Standing> {
        self.answer.pick().map(|service| self.standing(service))
    }

    /// Where a candidate service ended up; every candidate has a standing.
    pub fn standing(&self, service: ServiceIndex) -> &Standing {
        self.standings
            .iter()
            .find(|s| s.service == service)
            .expect("every candidate service has a standing")
    }
}

/// One score rule's part in the gap between two services.
#[derive(Debug, Clone, Copy)]
pub struct Gap<'r> {
    pub rule: usize,
    /// Points the rule gives the service ahead and the one behind.
    pub ahead: i64,
    pub behind: i64,
    /// The rule's reason as shown on the service behind (the one a user asks about), or
    /// else on the one ahead.
    pub message: &'r str,
}

impl Gap<'_> {
    /// What the rule adds to the gap; negative when it favours the service behind.
    pub fn points(&self) -> i64 {
        self.ahead - self.behind
    }
}

/// Every score rule that scores `ahead` and `behind` differently, largest part of the gap
/// first, ties in rule order. Their parts add up to exactly the difference in score.
pub fn score_gaps<'r>(ahead: &'r Standing, behind: &'r Standing) -> Vec<Gap<'r>> {
    let mut gaps: Vec<Gap> = Vec::new();
    for (standing, is_ahead) in [(behind, false), (ahead, true)] {
        for reason in &standing.reasons {
            let Effect::Score(points) = reason.effect else {
                continue;
            };
            let gap = match gaps.iter_mut().find(|gap| gap.rule == reason.rule) {
                Some(gap) => gap,
                None => {
                    gaps.push(Gap {
                        rule: reason.rule,
                        ahead: 0,
                        behind: 0,
                        message: &reason.message,
                    });
                    gaps.last_mut().expect("just pushed")
                }
            };
            if is_ahead {
                gap.ahead += points;
            } else {
                gap.behind += points;
            }
        }
    }
    gaps.retain(|gap| gap.points() != 0);
    gaps.sort_by_key(|gap| (-gap.points(), gap.rule));
    gaps
}

/// Evaluates `workload` against `rule_set` and ranks the candidate services; `pricing`
/// gives the estimates that `cost_points` rules compare.
pub fn recommend(rule_set: &RuleSet, pricing: &Pricing, workload: &Workload) -> Recommendation {
    recommend_without(rule_set, pricing, workload, &[])
}

/// Like [`recommend`], with the rules at the indices in `left_out` taken out (a decision
/// file's waivers).
pub fn recommend_without(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    left_out: &[usize],
) -> Recommendation {
    evaluate_all(rule_set, pricing, workload, left_out, Messages::Rendered)
}

/// Like [`recommend`], with every reason's message left empty: for trying answers
/// (`--why-not`), where which rules affect a service matters but rendering the reasons would
/// be most of the work.
pub fn rank_only(rule_set: &RuleSet, pricing: &Pricing, workload: &Workload) -> Recommendation {
    evaluate_all(rule_set, pricing, workload, &[], Messages::Empty)
}

/// Like [`recommend`], with no reasons at all: for the portfolio's summary table, which
/// shows only where the services end up.
pub fn rank_bare(rule_set: &RuleSet, pricing: &Pricing, workload: &Workload) -> Recommendation {
    evaluate_all(rule_set, pricing, workload, &[], Messages::Omitted)
}

/// Whether reasons carry their rendered messages, or are not kept at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Messages {
    Rendered,
    Empty,
    /// No reasons: only where the services end up is wanted.
    Omitted,
}

fn evaluate_all(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    left_out: &[usize],
    messages: Messages,
) -> Recommendation {
    let mut fired = Vec::new();
    let mut open_questions: Vec<OpenQuestion> = Vec::new();
    let mut unknown = Vec::new();

    for (index, rule) in rule_set.rules.iter().enumerate() {
        if left_out.contains(&index) {
            continue;
        }
        // Most rules settle at their first part; only an unknown one is walked in full for
        // the fields it lacks.
        match settle(rule, workload) {
            Truth::True => fired.push(index),
            Truth::Unknown => {
                unknown.clear();
                fires(rule, workload, &mut unknown);
                for &field in &unknown {
                    // `evaluate` reports each field once per rule, so the rule is new here.
                    match open_questions.iter_mut().find(|q| q.field == field) {
                        Some(question) => question.rules.push(index),
                        None => open_questions.push(OpenQuestion {
                            field: field.to_string(),
                            rules: vec![index],
                        }),
                    }
                }
            }
            Truth::False => {}
        }
    }
    open_questions.sort_by(|a, b| declared_order(a).cmp(&declared_order(b)));
    let mut recommendation = standings(rule_set, pricing, workload, fired, messages);
    recommendation.open_questions = open_questions;
    recommendation
}

/// Where an open question's field comes in the workload format, for listing questions in
/// the order the format declares them (other fields, such as labels, last, by name).
fn declared_order(question: &OpenQuestion) -> (usize, &str) {
    let declared = FIELDS.iter().position(|f| question.field == f.path);
    (declared.unwrap_or(FIELDS.len()), &question.field)
}

/// Every candidate's typical monthly estimate at the workload's volume, by service index
/// (`None` for a service without one), as `cost_points` rules compare them. The same for
/// every workload that agrees on the fields in [`cost::INPUTS`].
pub struct Typicals(Vec<Option<Decimal>>);

impl Typicals {
    pub fn of(rule_set: &RuleSet, pricing: &Pricing, workload: &Workload) -> Typicals {
        let volume = cost::workload_volume(workload);
        let sizing = cost::Sizing::read(workload, &pricing.book, pricing.options);
        Typicals(
            rule_set
                .services
                .iter()
                .map(|service| {
                    if service.role != Role::Candidate {
                        return None;
                    }
                    sizing
                        .quoter(&service.id)
                        .ok()?
                        .typical(volume.units())
                        .ok()
                })
                .collect(),
        )
    }

    /// The estimates of the candidates not `ruled_out`, as [`typical_costs`] gives them.
    fn viable(&self, ruled_out: impl Fn(ServiceIndex) -> bool) -> Vec<(ServiceIndex, Decimal)> {
        self.0
            .iter()
            .enumerate()
            .filter(|&(index, _)| !ruled_out(index))
            .filter_map(|(index, typical)| Some((index, (*typical)?)))
            .collect()
    }
}

/// Where the services end up, without reasons: all that trying an answer compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placing {
    pub answer: Answer,
    /// The candidates as the ranking lists them: the viable ones by rank, then the ruled-out
    /// ones.
    pub order: Vec<ServiceIndex>,
    /// How many of `order` are viable.
    pub viable: usize,
    /// The pick's companions, sorted; empty without a pick.
    pub companions: Vec<ServiceIndex>,
    /// The rules that fired, in rule-set order.
    pub fired: Vec<usize>,
}

impl Placing {
    /// Where `recommendation`'s services end up.
    pub fn of(recommendation: &Recommendation) -> Placing {
        Placing {
            answer: recommendation.answer.clone(),
            order: recommendation.standings.iter().map(|s| s.service).collect(),
            viable: recommendation
                .standings
                .iter()
                .filter(|s| s.rank.is_some())
                .count(),
            companions: recommendation
                .pick()
                .map_or_else(Vec::new, |pick| pick.pair_with.clone()),
            fired: recommendation.fired.clone(),
        }
    }
}

/// Like [`rank_only`], for a workload whose fired rules are already known: `fired`, in
/// rule-set order. `typicals`, when given, are the workload's estimates (made for a workload
/// that agrees with it on [`cost::INPUTS`]). It says only where the services end up, for
/// trying answers, which is what most of the work of ranking is spent on.
pub fn rank_fired(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    fired: Vec<usize>,
    typicals: Option<&Typicals>,
) -> Placing {
    let tally = Tally::of(rule_set, pricing, workload, &fired, typicals);
    // Each candidate's sort key, computed once: this runs for every answer tried.
    let mut keyed: Vec<(bool, Reverse<i64>, ServiceIndex)> =
        Vec::with_capacity(rule_set.services.len());
    keyed.extend(
        rule_set
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == Role::Candidate)
            .map(|(service, _)| tally.rank_key(service)),
    );
    keyed.sort_unstable();
    let viable = keyed.iter().take_while(|(out, ..)| !out).count();
    let answer = answer(
        keyed[..viable]
            .iter()
            .map(|&(_, Reverse(score), service)| (service, score)),
    );
    let mut companions = answer
        .pick()
        .map_or_else(Vec::new, |pick| paired_with(rule_set, &fired, pick));
    companions.sort_unstable();
    companions.dedup();
    Placing {
        answer,
        order: keyed.into_iter().map(|(.., service)| service).collect(),
        viable,
        companions,
        fired,
    }
}

/// What the fired rules do to each service's numbers, before any reason is worded: the one
/// place their effects are counted, for full rankings and for trying answers alike.
struct Tally {
    /// By service index.
    services: Vec<Tallied>,
    /// The viable candidates' estimates, when a fired rule gives cost points.
    costs: Option<Vec<(ServiceIndex, Decimal)>>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Tallied {
    score: i64,
    ruled_out: bool,
}

impl Tally {
    fn of(
        rule_set: &RuleSet,
        pricing: &Pricing,
        workload: &Workload,
        fired: &[usize],
        typicals: Option<&Typicals>,
    ) -> Tally {
        let mut services = vec![Tallied::default(); rule_set.services.len()];
        // Exclusions first, so that points measured against a service (`versus`) can be
        // dropped when that service is ruled out, whichever rule comes first.
        for &index in fired {
            for &service in &rule_set.rules[index].exclude {
                services[service].ruled_out = true;
            }
        }
        let mut costs: Option<Vec<(ServiceIndex, Decimal)>> = None;
        for &index in fired {
            let rule = &rule_set.rules[index];
            for &(service, points) in &rule.score {
                if counts(rule, service, |s| services[s].ruled_out) {
                    services[service].score += points;
                }
            }
            if !rule.cost_points.is_empty() {
                let ruled_out = |service: ServiceIndex| services[service].ruled_out;
                let costs = costs.get_or_insert_with(|| match typicals {
                    Some(typicals) => typicals.viable(ruled_out),
                    None => typical_costs(rule_set, pricing, workload, ruled_out),
                });
                for (service, band, _) in cost_bands(rule, costs) {
                    services[service].score += band.points;
                }
            }
        }
        Tally { services, costs }
    }

    fn ruled_out(&self, service: ServiceIndex) -> bool {
        self.services[service].ruled_out
    }

    /// Orders viable services first, by score, ties in declaration order, then the
    /// ruled-out ones; no two services share a key.
    fn rank_key(&self, service: ServiceIndex) -> (bool, Reverse<i64>, ServiceIndex) {
        let Tallied { score, ruled_out } = self.services[service];
        (
            ruled_out,
            Reverse(if ruled_out { 0 } else { score }),
            service,
        )
    }
}

/// The companions the `fired` rules pair `service` with, unsorted.
fn paired_with(rule_set: &RuleSet, fired: &[usize], service: ServiceIndex) -> Vec<ServiceIndex> {
    fired
        .iter()
        .flat_map(|&index| &rule_set.rules[index].pair)
        .filter(|(paired, _)| *paired == service)
        .flat_map(|(_, companions)| companions.iter().copied())
        .collect()
}

/// Whether the points `rule` gives `service` count. A score measured against services that
/// are all ruled out does not: no service gains or loses points for being better or worse
/// than one that is not an option.
fn counts(rule: &Rule, service: ServiceIndex, ruled_out: impl Fn(ServiceIndex) -> bool) -> bool {
    let versus = rule.versus(service);
    versus.is_empty() || !versus.iter().all(|&s| ruled_out(s))
}

/// Each service with an estimate in `costs`, with the band of `rule`'s cost points its
/// estimate falls in (measured against the cheapest) and the estimate.
fn cost_bands<'r>(
    rule: &'r Rule,
    costs: &'r [(ServiceIndex, Decimal)],
) -> impl Iterator<Item = (ServiceIndex, CostBand, Decimal)> + 'r {
    let least = costs
        .iter()
        .min_by_key(|(service, cost)| (*cost, *service))
        .map(|&(_, least)| least);
    costs.iter().filter_map(move |&(service, typical)| {
        let band = cost_band(&rule.cost_points, typical, least?)?;
        Some((service, band, typical))
    })
}

/// Applies the effects of the `fired` rules and ranks the services.
fn standings(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    fired: Vec<usize>,
    messages: Messages,
) -> Recommendation {
    let tally = Tally::of(rule_set, pricing, workload, &fired, None);
    // Sized once: collecting from a filter would grow it (and copy it) twice.
    let mut standings: Vec<Standing> = Vec::with_capacity(rule_set.services.len());
    standings.extend(
        rule_set
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == Role::Candidate)
            .map(|(service, _)| Standing {
                service,
                rank: None,
                score: tally.services[service].score,
                verdict: if tally.ruled_out(service) {
                    Verdict::RuledOut
                } else {
                    Verdict::Viable
                },
                pair_with: Vec::new(),
                reasons: Vec::new(),
            }),
    );
    for &index in &fired {
        let rule = &rule_set.rules[index];
        for (service, companions) in &rule.pair {
            if let Some(standing) = standings.iter_mut().find(|s| s.service == *service) {
                standing.pair_with.extend(companions);
            }
        }
        reasons(index, rule, workload, &tally, messages, &mut standings);
        if let Some(costs) = &tally.costs
            && !rule.cost_points.is_empty()
        {
            cost_reasons(
                index,
                rule,
                workload,
                rule_set,
                costs,
                messages,
                &mut standings,
            );
        }
    }
    let answer = rank(&mut standings, &tally);
    Recommendation {
        answer,
        standings,
        fired,
        open_questions: Vec::new(),
    }
}

/// Sorts the standings (viable first by score, ties in declaration order, then the ruled-out
/// ones), numbers the viable ones and gives each its verdict; returns what they answer.
fn rank(standings: &mut [Standing], tally: &Tally) -> Answer {
    // Every service has one standing, so no two keys are equal and an unstable sort (which
    // moves the standings less) gives the one order.
    standings.sort_unstable_by_key(|s| tally.rank_key(s.service));
    let viable = standings
        .iter()
        .take_while(|s| s.verdict != Verdict::RuledOut)
        .map(|s| (s.service, s.score));
    let answer = answer(viable);
    let mut rank = 0;
    for standing in standings.iter_mut() {
        if standing.verdict != Verdict::RuledOut {
            rank += 1;
            standing.rank = Some(rank);
            standing.verdict = if answer.pick() == Some(standing.service) {
                Verdict::Recommended
            } else if answer.tied().contains(&standing.service) {
                Verdict::Tied
            } else {
                Verdict::Viable
            };
        }
        standing.pair_with.sort_unstable();
        standing.pair_with.dedup();
    }
    answer
}

/// The answer of the viable services, by score, highest first, as `(service, score)`.
fn answer(viable: impl Iterator<Item = (ServiceIndex, i64)> + Clone) -> Answer {
    let mut rest = viable.clone();
    let Some((first, top)) = rest.next() else {
        return Answer::NoneViable;
    };
    let tied = 1 + rest.clone().take_while(|&(_, score)| score == top).count();
    let next = viable.clone().nth(tied);
    let services = || {
        viable
            .clone()
            .take(tied)
            .map(|(service, _)| service)
            .collect()
    };
    match (tied, next) {
        (1, next) => Answer::Pick {
            service: first,
            runner_up: next.map(|(service, score)| (service, top - score)),
        },
        (_, Some(_)) => Answer::Tie {
            services: services(),
        },
        (_, None) => Answer::Undecided {
            services: services(),
        },
    }
}

/// Gives each service a fired rule affects the reason for it: what it excludes, the scores
/// the tally counted and the companions it pairs.
fn reasons(
    index: usize,
    rule: &Rule,
    workload: &Workload,
    tally: &Tally,
    messages: Messages,
    standings: &mut [Standing],
) {
    if messages == Messages::Omitted {
        return;
    }
    let effects = rule
        .exclude
        .iter()
        .map(|&service| (service, Effect::Exclude))
        .chain(
            rule.score
                .iter()
                .filter(|&&(service, _)| counts(rule, service, |s| tally.ruled_out(s)))
                .map(|&(service, points)| (service, Effect::Score(points))),
        )
        .chain(
            rule.pair
                .iter()
                .map(|(service, _)| (*service, Effect::Pair)),
        );
    for (service, effect) in effects {
        let Some(standing) = standings.iter_mut().find(|s| s.service == service) else {
            continue;
        };
        let message = match messages {
            Messages::Rendered => render_reason_for(rule, service, workload),
            Messages::Empty | Messages::Omitted => String::new(),
        };
        standing.reasons.push(Reason {
            rule: index,
            effect,
            message,
        });
    }
}

/// The typical monthly estimate of every viable candidate that has one, at the workload's
/// volume.
fn typical_costs(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    ruled_out: impl Fn(ServiceIndex) -> bool,
) -> Vec<(ServiceIndex, Decimal)> {
    let volume = cost::workload_volume(workload);
    let sizing = cost::Sizing::read(workload, &pricing.book, pricing.options);
    rule_set
        .services
        .iter()
        .enumerate()
        .filter(|&(index, service)| service.role == Role::Candidate && !ruled_out(index))
        .filter_map(|(index, service)| {
            let typical = sizing
                .quoter(&service.id)
                .ok()?
                .typical(volume.units())
                .ok()?;
            Some((index, typical))
        })
        .collect()
}

/// Gives each service a fired rule's cost points went to the reason for them, with the
/// figures.
fn cost_reasons(
    index: usize,
    rule: &Rule,
    workload: &Workload,
    rule_set: &RuleSet,
    costs: &[(ServiceIndex, Decimal)],
    messages: Messages,
    standings: &mut [Standing],
) {
    if messages == Messages::Omitted {
        return;
    }
    let Some(&(cheapest, least)) = costs.iter().min_by_key(|(service, cost)| (*cost, *service))
    else {
        return;
    };
    let cheapest_name = &rule_set.services[cheapest].name;
    for (service, band, typical) in cost_bands(rule, costs) {
        let Some(standing) = standings.iter_mut().find(|s| s.service == service) else {
            continue;
        };
        if messages == Messages::Empty {
            standing.reasons.push(Reason {
                rule: index,
                effect: Effect::Score(band.points),
                message: String::new(),
            });
            continue;
        }
        let figures = if typical <= least {
            format!(
                "its estimate, {} a month, is the lowest of the viable services",
                cost::dollars(typical)
            )
        } else {
            format!(
                "its estimate, {} a month, is within {}% of the lowest ({}, {})",
                cost::dollars(typical),
                band.within_percent,
                cost::dollars(least),
                cheapest_name
            )
        };
        let message = match rule.reason_for(service) {
            Some(template) => format!("{}; {figures}", render(template, workload)),
            None => figures,
        };
        standing.reasons.push(Reason {
            rule: index,
            effect: Effect::Score(band.points),
            message,
        });
    }
}

/// The first band `cost` is within, measured as a percentage above `least`.
fn cost_band(bands: &[CostBand], cost: Decimal, least: Decimal) -> Option<CostBand> {
    bands.iter().copied().find(|band| {
        let limit = least * (Decimal::ONE + Decimal::new(i64::from(band.within_percent), 2));
        cost <= limit
    })
}

/// The rule's reason with `{field.path}` replaced by the workload's values; the summary (or
/// id) for a rule without one.
pub fn render_reason(rule: &Rule, workload: &Workload) -> String {
    rule.reason
        .as_ref()
        .map_or_else(|| untemplated(rule), |template| render(template, workload))
}

/// The reason shown on `service`: the one the rule gives that service, else the rule's.
pub fn render_reason_for(rule: &Rule, service: ServiceIndex, workload: &Workload) -> String {
    rule.reason_for(service)
        .map_or_else(|| untemplated(rule), |template| render(template, workload))
}

fn untemplated(rule: &Rule) -> String {
    rule.summary.as_deref().unwrap_or(&rule.id).to_string()
}

/// A template filled in with the workload's values: as written, except that enum members
/// take their prose form (`HTTP`, `Kubernetes`), lists read `a, b and c` and durations carry
/// their unit (`899s`, not the `899` a workload may write).
fn render(template: &Template, workload: &Workload) -> String {
    let mut text = String::new();
    for part in &template.parts {
        match part {
            Part::Text(part) => text.push_str(part),
            Part::Field(path) => match workload.fact(path) {
                Some(fact) => text.push_str(&prose(path, fact)),
                None => text.push_str("unknown"),
            },
        }
    }
    text
}

fn prose<'f>(path: &str, fact: &'f Fact) -> Cow<'f, str> {
    match (fields::lookup(path).map(|field| field.kind), &fact.value) {
        (Some(FieldKind::Enum(spec)), Value::Enum(member)) => spec.prose(member).into(),
        (Some(FieldKind::EnumList(spec)), Value::EnumList(members)) => {
            and_list(members.iter().map(|m| spec.prose(m).to_owned())).into()
        }
        (_, Value::Duration(duration)) => duration.to_string().into(),
        _ => fact.written(),
    }
}

/// Whether `rule` fires for `workload`; a rule without `when` always does.
pub fn fires<'r>(rule: &'r Rule, workload: &Workload, unknown: &mut Vec<&'r str>) -> Truth {
    rule.when
        .as_ref()
        .map_or(Truth::True, |c| evaluate(c, workload, unknown))
}

/// Evaluates a condition; the fields whose absence made a test unknown go into `unknown`.
pub fn evaluate<'c>(
    condition: &'c Condition,
    workload: &Workload,
    unknown: &mut Vec<&'c str>,
) -> Truth {
    match condition {
        Condition::All(parts) => {
            let mut result = Truth::True;
            for part in parts {
                match evaluate(part, workload, unknown) {
                    Truth::False => result = Truth::False,
                    Truth::Unknown if result == Truth::True => result = Truth::Unknown,
                    _ => {}
                }
            }
            result
        }
        Condition::Any(parts) => {
            let mut result = Truth::False;
            for part in parts {
                match evaluate(part, workload, unknown) {
                    Truth::True => result = Truth::True,
                    Truth::Unknown if result == Truth::False => result = Truth::Unknown,
                    _ => {}
                }
            }
            result
        }
        Condition::Not(inner) => match evaluate(inner, workload, unknown) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        },
        Condition::Test { field, kind, op } => {
            let Some(fact) = workload.fact(field) else {
                if let Op::Exists(expected) = op {
                    return (!*expected).into();
                }
                if !unknown.contains(&field.as_ref()) {
                    unknown.push(field);
                }
                return Truth::Unknown;
            };
            holds(op, &fact.value, *kind).into()
        }
    }
}

/// Whether `rule` fires for `workload`, like [`fires`] but without noting the unknown fields:
/// it stops at the first part that settles an `all` or an `any`, for trying answers.
pub fn settle(rule: &Rule, workload: &Workload) -> Truth {
    rule.when
        .as_ref()
        .map_or(Truth::True, |c| settle_condition(c, workload))
}

fn settle_condition(condition: &Condition, workload: &Workload) -> Truth {
    match condition {
        Condition::All(parts) => {
            let mut result = Truth::True;
            for part in parts {
                match settle_condition(part, workload) {
                    Truth::False => return Truth::False,
                    Truth::Unknown => result = Truth::Unknown,
                    Truth::True => {}
                }
            }
            result
        }
        Condition::Any(parts) => {
            let mut result = Truth::False;
            for part in parts {
                match settle_condition(part, workload) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => result = Truth::Unknown,
                    Truth::False => {}
                }
            }
            result
        }
        Condition::Not(inner) => match settle_condition(inner, workload) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        },
        Condition::Test { field, kind, op } => match workload.fact(field) {
            Some(fact) => holds(op, &fact.value, *kind).into(),
            None => match op {
                Op::Exists(expected) => (!*expected).into(),
                _ => Truth::Unknown,
            },
        },
    }
}

/// Whether a known value passes one operator; `kind` orders it.
pub fn holds(op: &Op, actual: &Value, kind: FieldKind) -> bool {
    let ordering = |operand: &Value| actual.compare(operand, kind);
    match op {
        Op::Eq(operand) => actual == operand,
        Op::Ne(operand) => actual != operand,
        Op::In(operands) => operands.contains(actual),
        Op::NotIn(operands) => !operands.contains(actual),
        Op::Gt(operand) => ordering(operand) == Some(Ordering::Greater),
        Op::Gte(operand) => {
            matches!(ordering(operand), Some(Ordering::Greater | Ordering::Equal))
        }
        Op::Lt(operand) => ordering(operand) == Some(Ordering::Less),
        Op::Lte(operand) => {
            matches!(ordering(operand), Some(Ordering::Less | Ordering::Equal))
        }
        Op::Contains(member) => {
            matches!(actual, Value::EnumList(members) if members.contains(member))
        }
        Op::Exists(expected) => *expected,
    }
}
