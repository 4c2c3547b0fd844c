//! `--format text`: the view for people of SPEC 3.1, a headline, the ranking table, the
//! ruled-out services, the open questions and, with `--explain`, every fired rule.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::Context;
use crate::cost::{self, NoEstimate, Volume};
use crate::engine::{Answer, Effect, Reason, Standing, Verdict};
use crate::fields;
use crate::questions::{Alternative, Changes, Question};
use crate::report::grid::{Grid, GridCell, Paint};
use crate::report::{PIPE_WIDTH, SafeText, estimate, sanitize, terminal_width, wrap};
use crate::rules::{Rule, RuleSet};
use crate::text::{and_list, count, or_list};
use crate::whynot::{Edit, Hold, Outcome, Together, WhyNot};

/// Reasons shown per service in the table; `--explain` shows them all.
const MAIN_REASONS: usize = 2;
/// Widest "Name (id)" kept on one line in the Service column.
const MAX_SERVICE_WIDTH: usize = 26;
/// Open questions named in an undecided headline; the list below has them all.
pub(super) const HEADLINE_FIELDS: usize = 3;
/// On a narrow terminal service names wrap, but never narrower than this.
const MIN_SERVICE_WIDTH: usize = 10;
/// The Main reasons column never gets narrower than this.
const MIN_REASON_WIDTH: usize = 20;

pub fn render(context: &Context) -> String {
    let mut out = SafeText::new(context.color);

    headline(context, &mut out);
    let _ = writeln!(out);
    out.grid(&ranking_table(context));
    let _ = writeln!(out);
    cost_note(context, &mut out);

    ruled_out(context, &mut out);

    open_questions(context, &mut out);

    if context.explain {
        explain(context, &mut out);
        cost_breakdowns(context, &mut out);
    }
    if let Some(why) = context.why_not {
        why_not(context, why, &mut out);
    }
    out.into_string()
}

/// Only the answer to `--why-not SERVICE`, for a workload of a portfolio shown without
/// `--explain`.
pub(super) fn why_not_section(context: &Context) -> String {
    let mut out = SafeText::new(context.color);
    if let Some(why) = context.why_not {
        why_not(context, why, &mut out);
    }
    out.into_string()
}

/// The rules that rule a service out, each with its reason.
type Exclusions<'a> = Vec<(usize, &'a str)>;

/// The ruled-out services with the rules that rule them out. Services ruled out by the same
/// rules for the same reasons are listed together, so one reason is not repeated per row.
fn ruled_out(context: &Context, out: &mut SafeText) {
    let rules = &context.rule_set.rules;
    let mut groups: Vec<(Vec<usize>, Exclusions)> = Vec::new();
    for standing in &context.recommendation.standings {
        if standing.verdict != Verdict::RuledOut {
            continue;
        }
        let reasons: Exclusions = standing
            .reasons
            .iter()
            .filter(|r| r.effect == Effect::Exclude)
            .map(|r| (r.rule, r.message.as_str()))
            .collect();
        match groups.iter_mut().find(|(_, same)| *same == reasons) {
            Some((services, _)) => services.push(standing.service),
            None => groups.push((vec![standing.service], reasons)),
        }
    }
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out);
    out.styled(Style::new().bold(), format_args!("Ruled out:"));
    let _ = writeln!(out);
    for (services, reasons) in groups {
        for service in services {
            let _ = writeln!(out, "  {}", service_label(rules, service));
        }
        for (rule, message) in reasons {
            let _ = writeln!(out, "    - {}: {message}", rules.rules[rule].id);
        }
    }
}

/// The answer in a line or two: the pick and its lead, or the tie and what would end it. A
/// what-if run (`--set`) says so, since its answer is not the workload file's.
fn headline(context: &Context, out: &mut SafeText) {
    let rules = &context.rule_set.rules;
    let recommendation = context.recommendation;
    let mut workload = context.workload.name.clone();
    if !context.workload.overrides.is_empty() {
        workload.push_str(" with ");
        workload.push_str(&context.workload.overrides.join(", "));
    }
    let labels = |services: &[usize]| and_list(services.iter().map(|&s| service_label(rules, s)));
    let (first, second) = match &recommendation.answer {
        Answer::Pick { service, runner_up } => {
            let mut pick = service_label(rules, *service);
            for &companion in &recommendation.standing(*service).pair_with {
                pick.push_str(" with ");
                pick.push_str(&service_label(rules, companion));
            }
            let lead = match runner_up {
                Some((next, margin)) => format!(
                    "{} ahead of {}",
                    count(*margin, "point", "points"),
                    service_label(rules, *next)
                ),
                None => "the only service not ruled out".to_string(),
            };
            (format!("Recommendation for {workload}: {pick}"), lead)
        }
        Answer::Tie { services } => (
            format!(
                "No single recommendation for {workload}: {} tie at {}",
                labels(services),
                signed(recommendation.standing(services[0]).score)
            ),
            what_separates_a_tie(context.questions),
        ),
        Answer::Undecided { services } => (
            format!(
                "No recommendation for {workload}: nothing it says separates the {} services not ruled out",
                services.len()
            ),
            what_to_answer(context.questions),
        ),
        Answer::NoneViable => (
            format!("No viable service for {workload}: every service is ruled out"),
            String::new(),
        ),
    };
    let style = match recommendation.answer {
        Answer::NoneViable => AnsiColor::Red.on_default().bold(),
        _ => Style::new().bold(),
    };
    out.styled(style, format_args!("{first}"));
    let _ = writeln!(out);
    if !second.is_empty() {
        let _ = writeln!(out, "  {second}");
    }
    if let Some(line) = cheapest_line(context) {
        let _ = writeln!(out, "  {line}");
    }
}

/// The cheapest service not ruled out, when it is not the recommendation: what the pick
/// costs is part of the answer.
fn cheapest_line(context: &Context) -> Option<String> {
    let rules = &context.rule_set.rules;
    let (cheapest, estimate) = context.cheapest()?;
    let pick = context.recommendation.answer.pick();
    if pick == Some(cheapest) {
        return None;
    }
    let per = match estimate.volume {
        Volume::Stated(_) | Volume::AlwaysOn => "a month",
        Volume::PerMillion => "a month per 1M units of work",
    };
    let mut line = format!(
        "the cheapest option not ruled out is {}, estimated at {} {per}",
        service_label(rules, cheapest),
        cost::dollars(estimate.typical)
    );
    if let Some(pick) = pick {
        match context.estimate(pick) {
            Some(picked) => {
                let _ = write!(
                    line,
                    ", against {} for the recommendation",
                    cost::dollars(picked.typical)
                );
            }
            None => line.push_str("; the recommendation has no estimate"),
        }
    }
    Some(line)
}

/// Where the cost column's figures come from, and a warning when the prices are old.
fn cost_note(context: &Context, out: &mut SafeText) {
    if context.estimates.is_empty() {
        return;
    }
    let book = &context.pricing.book;
    let file = context.pricing.file.as_deref().unwrap_or("built-in prices");
    let _ = writeln!(
        out,
        "{}: typical estimate ({} list prices as of {}, {file}{}); --explain shows the arithmetic.",
        cost_header(context),
        book.region,
        book.as_of,
        if context.pricing.options.free_tier {
            ", less the Lambda free tier"
        } else {
            ""
        }
    );
    if per_million(context) {
        let _ = writeln!(
            out,
            "The workload states no demand.requests_per_month, so costs are for 1M units of work a month."
        );
    }
    if let Some(warning) = book.staleness(context.today) {
        out.styled(
            AnsiColor::Yellow.on_default(),
            format_args!("warning: {warning}"),
        );
        let _ = writeln!(out);
    }
}

/// Each estimate's arithmetic, for `--explain`.
fn cost_breakdowns(context: &Context, out: &mut SafeText) {
    if context.estimates.is_empty() {
        return;
    }
    let rules = &context.rule_set.rules;
    let _ = writeln!(out);
    out.styled(
        Style::new().bold(),
        format_args!("Cost estimates, by service not ruled out:"),
    );
    let _ = writeln!(out);
    for (service, estimate) in context.estimates {
        let _ = write!(out, "\n  {}: ", service_label(rules, *service));
        match estimate {
            Ok(estimate) => {
                let _ = writeln!(out, "{}", estimate::summary(estimate));
                let _ = write!(out, "{}", estimate::breakdown(estimate, "    "));
            }
            Err(NoEstimate(why)) => {
                let _ = writeln!(out, "no estimate: {why}");
            }
        }
    }
}

/// Questions some answer of which gives a single pick: the ones that can end a tie.
pub(super) fn separating(questions: &[Question]) -> impl Iterator<Item = &Question> {
    questions
        .iter()
        .filter(|q| q.alternatives.iter().any(|a| a.answer.pick().is_some()))
}

/// For a tie: the open question whose answer would separate the tied services.
fn what_separates_a_tie(questions: &[Question]) -> String {
    match separating(questions).next() {
        Some(question) => format!(
            "answering {} would separate them (see the open questions below)",
            question.field
        ),
        None => {
            "no open question separates them; --explain shows the rules behind their scores".into()
        }
    }
}

/// For an undecided ranking: the first few questions to answer, most telling first.
fn what_to_answer(questions: &[Question]) -> String {
    let mut fields: Vec<String> = separating(questions).map(|q| q.field.clone()).collect();
    let more = fields.len().saturating_sub(HEADLINE_FIELDS);
    fields.truncate(HEADLINE_FIELDS);
    if more > 0 {
        fields.push(format!("{more} more below"));
    }
    if fields.is_empty() {
        "no open question separates them: the rule set cannot choose for this workload".into()
    } else {
        format!("answer {} to get one", or_list(fields))
    }
}

/// The open questions that evaluation showed to matter: those that can change the
/// recommendation, with each answer and what it gives, then those that only move services
/// below the top.
fn open_questions(context: &Context, out: &mut SafeText) {
    let rules = &context.rule_set.rules;
    for (changes, heading) in [
        (
            Changes::Recommendation,
            "Open questions (answering them changes the recommendation):",
        ),
        (
            Changes::Ranking,
            "Open questions that only move services below the top:",
        ),
    ] {
        let questions: Vec<&Question> = context
            .questions
            .iter()
            .filter(|q| q.changes == changes)
            .collect();
        if questions.is_empty() {
            continue;
        }
        let _ = writeln!(out);
        out.styled(Style::new().bold(), format_args!("{heading}"));
        let _ = writeln!(out);
        for question in questions {
            let asked = fields::lookup(&question.field).map_or("", |f| f.field.question);
            let rule_ids: Vec<&str> = question
                .rules
                .iter()
                .map(|&r| rules.rules[r].id.as_str())
                .collect();
            let _ = write!(out, "  - {}: {asked} ", question.field);
            out.styled(
                Style::new().dimmed(),
                format_args!("(rules: {})", rule_ids.join(", ")),
            );
            let _ = writeln!(out);
            match changes {
                Changes::Recommendation => {
                    for (answer, values) in grouped(&question.alternatives) {
                        let _ = writeln!(
                            out,
                            "      {} -> {}",
                            or_list(values),
                            answer_text(rules, answer)
                        );
                    }
                }
                Changes::Ranking => {
                    let values: Vec<String> = question
                        .alternatives
                        .iter()
                        .map(|a| a.value.to_string())
                        .collect();
                    let _ = writeln!(out, "      answers that move them: {}", values.join(", "));
                }
            }
        }
    }
}

/// Alternatives grouped by the answer they give, in the order first seen.
pub(super) fn grouped(alternatives: &[Alternative]) -> Vec<(&Answer, Vec<String>)> {
    let mut groups: Vec<(&Answer, Vec<String>)> = Vec::new();
    for alternative in alternatives {
        let value = alternative.value.to_string();
        match groups
            .iter_mut()
            .find(|(a, _)| a.same_choice(&alternative.answer))
        {
            Some((_, values)) => values.push(value),
            None => groups.push((&alternative.answer, vec![value])),
        }
    }
    groups
}

/// What an answer recommends, in words.
fn answer_text(rules: &RuleSet, answer: &Answer) -> String {
    answer_words(answer, |service| service_label(rules, service))
}

/// What an answer recommends, in words; `label` writes a service the way the format does.
pub(super) fn answer_words(answer: &Answer, label: impl Fn(usize) -> String) -> String {
    let labels = |services: &[usize]| and_list(services.iter().map(|&s| label(s)));
    match answer {
        Answer::Pick { service, .. } => label(*service),
        Answer::Tie { services } => format!("a tie between {}", labels(services)),
        Answer::Undecided { services } => {
            format!(
                "still nothing separates the {} services left",
                services.len()
            )
        }
        Answer::NoneViable => "every service ruled out".to_string(),
    }
}

/// The ranking table, as wide as the terminal (or [`PIPE_WIDTH`] into a pipe). Cells are
/// wrapped here, and drawn by [`Grid`]: comfy-table's dynamic arrangement cost a third of
/// advisor's run time, and its drawing a sixth (bench/recommend.sh).
fn ranking_table(context: &Context) -> Grid {
    let rules = &context.rule_set.rules;
    let mut table = Grid::new(
        &[
            "Rank",
            "Service",
            "Score",
            cost_header(context),
            "Verdict",
            "Main reasons",
        ],
        context.color,
    );
    let total_width = usize::from(terminal_width().unwrap_or(PIPE_WIDTH));
    let widest = |cells: &[String]| {
        cells
            .iter()
            .flat_map(|cell| cell.lines())
            .map(|line| line.chars().count())
            .chain([cost_header(context).len()])
            .max()
            .unwrap_or(0)
    };
    let cost_cells = |split| -> Vec<String> {
        context
            .recommendation
            .standings
            .iter()
            .map(|s| cost_cell(context, s, split))
            .collect()
    };
    let mut costs = cost_cells(false);
    let fixed = "Rank".len() + "Score".len() + "recommended".len() + 6 * 3 + 1;
    if fixed + widest(&costs) + MIN_SERVICE_WIDTH + MIN_REASON_WIDTH > total_width {
        costs = cost_cells(true);
    }
    let cost_width = widest(&costs);
    // Rank, Score and Verdict are never wider than their headers or "recommended"; each of
    // the six columns adds a space either side and a border.
    let room = total_width.saturating_sub(fixed + cost_width);
    let service_limit = MAX_SERVICE_WIDTH
        .min(room.saturating_sub(MIN_REASON_WIDTH))
        .max(MIN_SERVICE_WIDTH);
    let standings = &context.recommendation.standings;
    let services: Vec<String> = standings
        .iter()
        .map(|s| service_cell(rules, s.service, service_limit))
        .collect();
    let service_width = services
        .iter()
        .flat_map(|cell| cell.lines())
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    let reason_width = room.saturating_sub(service_width).max(MIN_REASON_WIDTH);
    for ((standing, service), cost) in standings.iter().zip(services).zip(costs) {
        let verdict = GridCell::new(standing.verdict.label());
        let verdict = match standing.verdict {
            Verdict::Recommended => verdict.paint(Paint::Green),
            Verdict::RuledOut => verdict.paint(Paint::Red),
            Verdict::Tied | Verdict::Viable => verdict,
        };
        table.add_row(vec![
            GridCell::new(standing.rank.map_or("-".to_string(), |r| r.to_string())),
            GridCell::new(sanitize(&service)),
            GridCell::new(signed(standing.score)).right(),
            GridCell::new(sanitize(&cost)).right(),
            verdict,
            GridCell::new(wrap(
                &sanitize(&main_reasons(rules, standing)),
                reason_width,
            )),
        ]);
    }
    table
}

/// "Cost/month", or "Cost per 1M" when the workload states no volume: the cost column's
/// heading, and the start of the note under the table.
fn cost_header(context: &Context) -> &'static str {
    if per_million(context) {
        "Cost per 1M"
    } else {
        "Cost/month"
    }
}

/// Whether the estimates are per million units of work: the workload states no volume.
fn per_million(context: &Context) -> bool {
    context
        .estimates
        .iter()
        .any(|(_, e)| e.as_ref().is_ok_and(|e| e.volume == Volume::PerMillion))
}

/// The typical estimate, with the range below it when it is wide (on two lines of its own
/// when `split`, for a narrow terminal); `-` for a ruled-out service.
fn cost_cell(context: &Context, standing: &Standing, split: bool) -> String {
    if standing.rank.is_none() {
        return "-".into();
    }
    let Some(estimate) = context.estimate(standing.service) else {
        return "no estimate".into();
    };
    let between = if split { "–\n" } else { "–" };
    estimate::typical_and_range(estimate, ["\n", between, ""])
}

/// "Name (id)", or the name wrapped to `limit` and the id on a line of its own when that
/// would make the column too wide. Escaped, so that widths count what the terminal shows.
fn service_cell(rules: &RuleSet, service: usize, limit: usize) -> String {
    let label = sanitize(&service_label(rules, service));
    if label.chars().count() <= limit {
        return label;
    }
    let service = &rules.services[service];
    let name_and_id = sanitize(&format!("{}\n({})", service.name, service.id));
    wrap(&name_and_id, limit)
}

/// Where the service `--why-not` asks about stands, in a sentence; `label` writes a service
/// the way the format does.
pub(super) fn why_not_status(
    context: &Context,
    why: &WhyNot,
    label: impl Fn(usize) -> String,
) -> String {
    let service = label(why.service);
    match (context.recommendation.first(), why.now.rank) {
        (Some(top), Some(_)) if top.service == why.service => {
            format!("{service} is already the recommendation.")
        }
        (Some(top), Some(rank)) => format!(
            "{service} ranks {rank} with {}; {} ranks first with {}.",
            signed(why.now.score),
            label(top.service),
            signed(top.score)
        ),
        (Some(top), None) => format!(
            "{service} is ruled out; the recommendation is {}.",
            label(top.service)
        ),
        (None, _) => format!("{service} is ruled out, like every service."),
    }
}

/// What a rule holding a service back does to it: rules it out, or its part of the gap.
pub(super) fn hold_effect(hold: &Hold) -> String {
    match hold.effect {
        Effect::Exclude => "rules it out".to_string(),
        _ => format!("+{} of the gap", count(hold.gap, "point", "points")),
    }
}

/// Why a rule holding a service back has no change that stops it.
pub(super) fn no_change(rule: &Rule) -> &'static str {
    if rule.when.is_none() {
        "the rule always applies; no change to the workload stops it"
    } else {
        "no change to the workload's fields stops this rule"
    }
}

/// The reasons that weigh most: for a ruled-out service the rules that ruled it out (their
/// reasons follow the table), otherwise the largest scores either way.
fn main_reasons(rules: &RuleSet, standing: &Standing) -> String {
    if standing.verdict == Verdict::RuledOut {
        let ids: Vec<&str> = standing
            .reasons
            .iter()
            .filter(|r| r.effect == Effect::Exclude)
            .map(|r| rules.rules[r.rule].id.as_str())
            .collect();
        return format!("ruled out by {}", ids.join(", "));
    }
    let mut weighty: Vec<&Reason> = standing
        .reasons
        .iter()
        .filter(|r| r.effect != Effect::Pair)
        .collect();
    weighty.sort_by_key(|r| match r.effect {
        Effect::Score(points) => -points.abs(),
        Effect::Exclude | Effect::Pair => 0,
    });
    let mut lines: Vec<String> = weighty
        .iter()
        .take(MAIN_REASONS)
        .map(|r| format!("{} {}", effect_label(r.effect), r.message))
        .collect();
    if weighty.len() > MAIN_REASONS {
        lines.push(format!(
            "… {} more (see --explain)",
            weighty.len() - MAIN_REASONS
        ));
    }
    lines.join("\n")
}

fn explain(context: &Context, out: &mut SafeText) {
    let rules = &context.rule_set.rules;
    let recommendation = context.recommendation;
    let _ = writeln!(out);
    out.styled(
        Style::new().bold(),
        format_args!(
            "Rules that fired ({} of {}), by service:",
            recommendation.fired.len(),
            rules.rules.len()
        ),
    );
    let _ = writeln!(out);
    for standing in &recommendation.standings {
        let _ = writeln!(
            out,
            "\n  {}: score {}, {}",
            service_label(rules, standing.service),
            signed(standing.score),
            standing.verdict.label()
        );
        if standing.reasons.is_empty() {
            let _ = writeln!(out, "    no rule fired for this service");
        }
        for reason in &standing.reasons {
            let rule = &rules.rules[reason.rule];
            let source = rule.source.as_deref().unwrap_or("no source given");
            let _ = write!(
                out,
                "    {:>8}  {}: {} ",
                effect_label(reason.effect),
                rule.id,
                reason.message
            );
            out.styled(Style::new().dimmed(), format_args!("[{source}]"));
            let _ = writeln!(out);
        }
    }
}

fn why_not(context: &Context, why: &WhyNot, out: &mut SafeText) {
    let rules = &context.rule_set.rules;
    let id = &rules.services[why.service].id;
    let _ = writeln!(out);
    out.styled(Style::new().bold(), format_args!("Why not {id}?"));
    let _ = writeln!(out);
    let status = why_not_status(context, why, |service| service_label(rules, service));
    let _ = writeln!(out, "  {status}");
    for hold in &why.holds {
        let rule = &rules.rules[hold.rule];
        let _ = writeln!(
            out,
            "  - {} ({}): {}",
            rule.id,
            hold_effect(hold),
            hold.message
        );
        match &hold.change {
            Some(change) => {
                let _ = writeln!(
                    out,
                    "    {} -> {}",
                    edits_text(&change.edits),
                    outcome_text(rules, id, &change.outcome)
                );
            }
            None => {
                let _ = writeln!(out, "    {}", no_change(rule));
            }
        }
    }
    let rule_ids = |indices: &[usize]| and_list(indices.iter().map(|&r| rules.rules[r].id.clone()));
    let together = match &why.together {
        None => return,
        Some(Together::Change(change)) => format!(
            "{} -> {}",
            edits_text(&change.edits),
            outcome_text(rules, id, &change.outcome)
        ),
        Some(Together::Unstoppable(stuck)) => format!(
            "no combined change: nothing the workload's fields say stops {}",
            rule_ids(stuck)
        ),
        Some(Together::Conflicting(stuck)) => format!(
            "no combined change: the changes that stop the other rules make {} fire again",
            rule_ids(stuck)
        ),
    };
    let _ = writeln!(out, "  All of these together: {together}");
}

/// "set runtime.max_duration to 15m (now 40m)", joined with "and".
pub(super) fn edits_text(edits: &[Edit]) -> String {
    edits
        .iter()
        .map(|edit| match &edit.from {
            Some(from) => format!("set {} to {} (now {from})", edit.field, edit.value),
            None => format!("set {} to {}", edit.field, edit.value),
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

pub(super) fn outcome_text(rules: &RuleSet, id: &str, outcome: &Outcome) -> String {
    match outcome.rank {
        Some(1) => format!(
            "{id} would be recommended (score {})",
            signed(outcome.score)
        ),
        Some(rank) => format!("{id} would rank {rank} (score {})", signed(outcome.score)),
        None => {
            let by: Vec<&str> = outcome
                .ruled_out_by
                .iter()
                .map(|&r| rules.rules[r].id.as_str())
                .collect();
            format!("{id} would still be ruled out by {}", by.join(", "))
        }
    }
}

pub(super) fn effect_label(effect: Effect) -> String {
    match effect {
        Effect::Exclude => "excluded".to_string(),
        Effect::Score(points) => signed(points),
        Effect::Pair => "paired".to_string(),
    }
}

pub(super) fn signed(points: i64) -> String {
    if points > 0 {
        format!("+{points}")
    } else {
        points.to_string()
    }
}

fn service_label(rules: &RuleSet, service: usize) -> String {
    let service = &rules.services[service];
    format!("{} ({})", service.name, service.id)
}

#[cfg(test)]
mod tests {
    use super::no_change;

    #[test]
    fn a_hold_without_a_change_says_whether_the_rule_always_applies() {
        let rules = crate::rules::parse(
            "version: 1\nname: t\nservices:\n  - {id: a, name: A}\nrules:\n  - {id: always, score: {a: 1}}\n  - {id: sometimes, when: {demand.spikiness: high}, score: {a: 1}}\n",
            "t.yaml",
        )
        .expect("a valid rule set");
        assert_eq!(
            no_change(&rules.rules[0]),
            "the rule always applies; no change to the workload stops it"
        );
        assert_eq!(
            no_change(&rules.rules[1]),
            "no change to the workload's fields stops this rule"
        );
    }
}
