//! `--format markdown`: the recommendation for a pull-request comment or GitHub's job summary:
//! the answer as a heading, the ranking as a table (the weightiest reasons shown, the rest
//! folded in the cell), the counts, the ruled-out services with their reasons folded in a
//! `<details>`, and the open questions; `--explain` adds every rule that fired and the cost
//! arithmetic, folded; `--why-not` its answer. Every piece of text from the workload or the
//! rule set is escaped by `report::markdown`, so no name or reason can break the table or
//! inject markup.

use std::fmt::Write;

use super::Context;
use super::table::{
    HEADLINE_FIELDS, answer_words, edits_text, effect_label, grouped, hold_effect, no_change,
    outcome_text, separating, signed, why_not_status,
};
use crate::cost::{self, NoEstimate, Volume};
use crate::engine::{Answer, Effect, Reason, Standing, Verdict};
use crate::fields;
use crate::questions::{Changes, Question};
use crate::report::estimate;
use crate::report::markdown::{Align, Table, code, code_block, details, rich, text};
use crate::rules::RuleSet;
use crate::text::{and_list, count, or_list};
use crate::whynot::{Together, WhyNot};

/// The rules that rule a service out, each with its reason.
type Exclusions<'a> = Vec<(usize, &'a str)>;

/// Reasons shown per service in the table; the others are folded in the cell.
const MAIN_REASONS: usize = 2;

pub fn render(context: &Context) -> String {
    let mut out = String::new();
    headline(context, &mut out);
    ranking(context, &mut out);
    counts(context, &mut out);
    ruled_out(context, &mut out);
    open_questions(context, &mut out);
    if context.explain {
        explain(context, &mut out);
        cost_breakdowns(context, &mut out);
    }
    if let Some(why) = context.why_not {
        why_not(context, why, &mut out);
    }
    // One newline at the end, as every other report.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `AWS Lambda (`lambda`)`: the name as text, the id as code.
fn label(rules: &RuleSet, service: usize) -> String {
    let service = &rules.services[service];
    format!("{} ({})", text(&service.name), code(&service.id))
}

/// The workload's name, with the `--set` overrides of a what-if run.
fn workload_title(context: &Context) -> String {
    let mut title = context.workload.name.clone();
    if !context.workload.overrides.is_empty() {
        title.push_str(" with ");
        title.push_str(&context.workload.overrides.join(", "));
    }
    title
}

/// The answer as a heading, with the pick's lead (or what would end a tie) and the cheapest
/// option when it is not the pick.
fn headline(context: &Context, out: &mut String) {
    let rules = &context.rule_set.rules;
    let recommendation = context.recommendation;
    let workload = text(&workload_title(context));
    // The heading names services by name alone, to stay on a line; the ids follow below.
    let name = |service: usize| text(&rules.services[service].name);
    let names = |services: &[usize]| and_list(services.iter().map(|&s| name(s)));
    let (heading, lead) = match &recommendation.answer {
        Answer::Pick { service, runner_up } => {
            let mut pick = name(*service);
            let mut ids = code(&rules.services[*service].id);
            for &companion in &recommendation.standing(*service).pair_with {
                pick.push_str(" with ");
                pick.push_str(&name(companion));
                ids.push_str(" with ");
                ids.push_str(&code(&rules.services[companion].id));
            }
            let lead = match runner_up {
                Some((next, margin)) => format!(
                    "{ids}, **{}** ahead of {}.",
                    count(*margin, "point", "points"),
                    label(rules, *next)
                ),
                None => format!("{ids}, the only service not ruled out."),
            };
            (format!("Recommendation for {workload}: {pick}"), lead)
        }
        Answer::Tie { services } => (
            format!(
                "No single recommendation for {workload}: {} tie at {}",
                names(services),
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
    let _ = writeln!(out, "## {heading}\n");
    if !lead.is_empty() {
        let _ = writeln!(out, "{lead}\n");
    }
    if let Some(line) = cheapest_line(context) {
        let _ = writeln!(out, "{line}\n");
    }
}

/// For a tie: the open question whose answer would separate the tied services.
fn what_separates_a_tie(questions: &[Question]) -> String {
    match separating(questions).next() {
        Some(question) => format!(
            "Answering {} would separate them (see the open questions below).",
            code(&question.field)
        ),
        None => "No open question separates them; `--explain` shows the rules behind their scores."
            .into(),
    }
}

/// For an undecided ranking: the first few questions to answer, most telling first.
fn what_to_answer(questions: &[Question]) -> String {
    let mut fields: Vec<String> = separating(questions).map(|q| code(&q.field)).collect();
    let more = fields.len().saturating_sub(HEADLINE_FIELDS);
    fields.truncate(HEADLINE_FIELDS);
    if more > 0 {
        fields.push(format!("{more} more below"));
    }
    if fields.is_empty() {
        "No open question separates them: the rule set cannot choose for this workload.".into()
    } else {
        format!("Answer {} to get one.", or_list(fields))
    }
}

/// The cheapest service not ruled out, when it is not the recommendation.
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
        "The cheapest option not ruled out is {}, estimated at {} {per}",
        label(rules, cheapest),
        text(&cost::dollars(estimate.typical))
    );
    if let Some(pick) = pick {
        match context.estimate(pick) {
            Some(picked) => {
                let _ = write!(
                    line,
                    ", against {} for the recommendation",
                    text(&cost::dollars(picked.typical))
                );
            }
            None => line.push_str("; the recommendation has no estimate"),
        }
    }
    line.push('.');
    Some(line)
}

/// The ranking table and the note on where its costs come from.
fn ranking(context: &Context, out: &mut String) {
    let rules = &context.rule_set.rules;
    let cost_header = if per_million(context) {
        "Cost per 1M"
    } else {
        "Cost/month"
    };
    let mut table = Table::new(&[
        ("Rank", Align::Right),
        ("Service", Align::Left),
        ("Score", Align::Right),
        (cost_header, Align::Right),
        ("Verdict", Align::Left),
        ("Main reasons", Align::Left),
    ]);
    for standing in &context.recommendation.standings {
        let recommended = standing.verdict == Verdict::Recommended;
        let strong = |cell: String| {
            if recommended {
                format!("**{cell}**")
            } else {
                cell
            }
        };
        let service = &rules.services[standing.service];
        table.row(&[
            standing.rank.map_or("-".to_string(), |r| r.to_string()),
            format!("{} ({})", strong(text(&service.name)), code(&service.id)),
            signed(standing.score),
            cost_cell(context, standing),
            strong(standing.verdict.label().to_string()),
            main_reasons(rules, standing),
        ]);
    }
    out.push_str(&table.render());
    out.push('\n');
    cost_note(context, out);
}

fn per_million(context: &Context) -> bool {
    context
        .estimates
        .iter()
        .any(|(_, e)| e.as_ref().is_ok_and(|e| e.volume == Volume::PerMillion))
}

/// The typical estimate, and the range under it when it is wide; `-` for a ruled-out
/// service.
fn cost_cell(context: &Context, standing: &Standing) -> String {
    if standing.rank.is_none() {
        return "-".into();
    }
    let Some(estimate) = context.estimate(standing.service) else {
        return "no estimate".into();
    };
    let typical = text(&cost::dollars(estimate.typical));
    if estimate.is_wide() {
        let range = format!(
            "{}–{}",
            cost::dollars(estimate.low),
            cost::dollars(estimate.high)
        );
        format!("{typical}<br>{}", text(&range))
    } else {
        typical
    }
}

/// The weightiest reasons, the others folded: for a ruled-out service the rules that rule
/// it out (their reasons are listed below the table), otherwise the largest scores either
/// way.
fn main_reasons(rules: &RuleSet, standing: &Standing) -> String {
    if standing.verdict == Verdict::RuledOut {
        let ids: Vec<String> = standing
            .reasons
            .iter()
            .filter(|r| r.effect == Effect::Exclude)
            .map(|r| code(&rules.rules[r.rule].id))
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
    let line = |r: &&Reason| format!("{} {}", effect_label(r.effect), rich(&r.message));
    let mut cell: Vec<String> = weighty.iter().take(MAIN_REASONS).map(line).collect();
    if weighty.len() > MAIN_REASONS {
        let rest: Vec<String> = weighty.iter().skip(MAIN_REASONS).map(line).collect();
        cell.push(format!(
            "<details><summary>{} more</summary>{}</details>",
            weighty.len() - MAIN_REASONS,
            rest.join("<br>")
        ));
    }
    if cell.is_empty() {
        return "no rule scored it".into();
    }
    cell.join("<br>")
}

/// Where the costs come from, and a warning when the prices are old.
fn cost_note(context: &Context, out: &mut String) {
    if context.estimates.is_empty() {
        return;
    }
    let book = &context.pricing.book;
    let file = match context.pricing.file.as_deref() {
        Some(path) => format!("price file {}", code(path)),
        None => "built-in prices".to_string(),
    };
    let per = if per_million(context) {
        " for 1M units of work a month: the workload states no `demand.requests_per_month`"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "Costs are typical monthly estimates{per} ({} list prices as of {}, {file}{}); `--explain` shows the arithmetic.\n",
        text(&book.region),
        book.as_of,
        if context.pricing.options.free_tier {
            ", less the Lambda free tier"
        } else {
            ""
        }
    );
    if let Some(warning) = book.staleness(context.today) {
        let _ = writeln!(out, "> **Warning:** {}\n", text(&warning));
    }
}

/// How many services stand where, and how many open questions could change the answer.
fn counts(context: &Context, out: &mut String) {
    let standings = &context.recommendation.standings;
    let with = |verdict: Verdict| standings.iter().filter(|s| s.verdict == verdict).count();
    let mut parts = Vec::new();
    for (verdict, label) in [
        (Verdict::Recommended, "recommended"),
        (Verdict::Tied, "tied"),
        (Verdict::Viable, "viable"),
        (Verdict::RuledOut, "ruled out"),
    ] {
        let n = with(verdict);
        if n > 0 {
            parts.push(format!("{n} {label}"));
        }
    }
    let questions = |changes: Changes| {
        context
            .questions
            .iter()
            .filter(|q| q.changes == changes)
            .count()
    };
    let _ = write!(
        out,
        "**{}**: {}.",
        count(standings.len(), "service", "services"),
        parts.join(", ")
    );
    let _ = match questions(Changes::Recommendation) {
        0 => write!(out, " No open question could change the recommendation."),
        n => write!(
            out,
            " **{}** could change the recommendation.",
            count(n, "open question", "open questions")
        ),
    };
    let _ = match questions(Changes::Ranking) {
        0 => writeln!(out, "\n"),
        n => writeln!(
            out,
            " {} only move{} services below the top.\n",
            count(n, "other", "others"),
            if n == 1 { "s" } else { "" }
        ),
    };
}

/// The ruled-out services with the rules that rule them out, folded; services ruled out by
/// the same rules for the same reasons are listed together.
fn ruled_out(context: &Context, out: &mut String) {
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
    let total: usize = groups.iter().map(|(services, _)| services.len()).sum();
    if total == 0 {
        return;
    }
    let mut body = String::new();
    for (services, reasons) in groups {
        let _ = writeln!(
            body,
            "- {}:",
            and_list(services.iter().map(|&s| label(rules, s)))
        );
        for (rule, message) in reasons {
            let _ = writeln!(
                body,
                "  - {}: {}",
                code(&rules.rules[rule].id),
                rich(message)
            );
        }
    }
    let summary = format!(
        "Why {} ruled out",
        match total {
            1 => "1 service is".to_string(),
            n => format!("{n} services are"),
        }
    );
    out.push_str(&details(&summary, &body));
    out.push('\n');
}

/// The open questions that evaluation showed to matter: those that change the
/// recommendation, with each answer and what it gives; those that only move services below
/// the top, folded.
fn open_questions(context: &Context, out: &mut String) {
    let rules = &context.rule_set.rules;
    let of = |changes: Changes| -> Vec<&Question> {
        context
            .questions
            .iter()
            .filter(|q| q.changes == changes)
            .collect()
    };
    let changing = of(Changes::Recommendation);
    let moving = of(Changes::Ranking);
    if changing.is_empty() && moving.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Open questions\n");
    if !changing.is_empty() {
        let _ = writeln!(out, "Answering these changes the recommendation:\n");
        for question in changing {
            question_line(rules, question, out);
            for (answer, values) in grouped(&question.alternatives) {
                let values: Vec<String> = values.iter().map(|v| code(v)).collect();
                let _ = writeln!(
                    out,
                    "  - {} → {}",
                    or_list(values),
                    answer_text(rules, answer)
                );
            }
        }
        let _ = writeln!(out);
    }
    if !moving.is_empty() {
        let mut body = String::new();
        for question in &moving {
            question_line(rules, question, &mut body);
            let values: Vec<String> = question
                .alternatives
                .iter()
                .map(|a| code(&a.value.to_string()))
                .collect();
            let _ = writeln!(body, "  - answers that move them: {}", values.join(", "));
        }
        let summary = format!(
            "{} that only move services below the top",
            count(moving.len(), "open question", "open questions")
        );
        out.push_str(&details(&summary, &body));
        out.push('\n');
    }
}

/// `- `field`: the question (rules: `a`, `b`)`.
fn question_line(rules: &RuleSet, question: &Question, out: &mut String) {
    let asked = fields::lookup(&question.field).map_or("", |f| f.field.question);
    let rule_ids: Vec<String> = question
        .rules
        .iter()
        .map(|&r| code(&rules.rules[r].id))
        .collect();
    let _ = writeln!(
        out,
        "- {}: {} (rules: {})",
        code(&question.field),
        text(asked),
        rule_ids.join(", ")
    );
}

/// What an answer recommends, in words.
fn answer_text(rules: &RuleSet, answer: &Answer) -> String {
    answer_words(answer, |service| label(rules, service))
}

/// `--explain`: every rule that fired, service by service, folded.
fn explain(context: &Context, out: &mut String) {
    let rules = &context.rule_set.rules;
    let recommendation = context.recommendation;
    let mut body = String::new();
    for standing in &recommendation.standings {
        let _ = writeln!(
            body,
            "**{}**: score {}, {}\n",
            label(rules, standing.service),
            signed(standing.score),
            standing.verdict.label()
        );
        if standing.reasons.is_empty() {
            let _ = writeln!(body, "No rule fired for this service.\n");
            continue;
        }
        let mut table = Table::new(&[
            ("Effect", Align::Right),
            ("Rule", Align::Left),
            ("Reason and source", Align::Left),
        ]);
        for reason in &standing.reasons {
            let rule = &rules.rules[reason.rule];
            let source = rule
                .source
                .as_deref()
                .map_or("no source given".into(), text);
            table.row(&[
                effect_label(reason.effect),
                code(&rule.id),
                format!("{}<br>*Source:* {source}", rich(&reason.message)),
            ]);
        }
        body.push_str(&table.render());
        body.push('\n');
    }
    let summary = format!(
        "Rules that fired ({} of {}), by service",
        recommendation.fired.len(),
        rules.rules.len()
    );
    out.push_str(&details(&summary, &body));
    out.push('\n');
}

/// `--explain`: each estimate's arithmetic, folded, as the text report prints it.
fn cost_breakdowns(context: &Context, out: &mut String) {
    if context.estimates.is_empty() {
        return;
    }
    let rules = &context.rule_set.rules;
    let mut body = String::new();
    for (service, estimate) in context.estimates {
        match estimate {
            Ok(estimate) => {
                let _ = writeln!(
                    body,
                    "**{}**: {}\n",
                    label(rules, *service),
                    text(&estimate::summary(estimate))
                );
                body.push_str(&code_block(&estimate::breakdown(estimate, "")));
                body.push('\n');
            }
            Err(NoEstimate(why)) => {
                let _ = writeln!(
                    body,
                    "**{}**: no estimate: {}\n",
                    label(rules, *service),
                    text(why)
                );
            }
        }
    }
    out.push_str(&details("Cost estimates, by service not ruled out", &body));
    out.push('\n');
}

/// `--why-not SERVICE`: what holds it back and the smallest changes that would lift it.
fn why_not(context: &Context, why: &WhyNot, out: &mut String) {
    let rules = &context.rule_set.rules;
    let id = &rules.services[why.service].id;
    let _ = writeln!(out, "### Why not {}?\n", code(id));
    let status = why_not_status(context, why, |service| label(rules, service));
    let _ = writeln!(out, "{status}\n");
    for hold in &why.holds {
        let rule = &rules.rules[hold.rule];
        let _ = writeln!(
            out,
            "- {} ({}): {}",
            code(&rule.id),
            hold_effect(hold),
            rich(&hold.message)
        );
        let change = match &hold.change {
            Some(change) => format!(
                "{} → {}",
                text(&edits_text(&change.edits)),
                text(&outcome_text(rules, id, &change.outcome))
            ),
            None => no_change(rule).into(),
        };
        let _ = writeln!(out, "  - {change}");
    }
    let rule_ids = |indices: &[usize]| and_list(indices.iter().map(|&r| code(&rules.rules[r].id)));
    let together = match &why.together {
        None => None,
        Some(Together::Change(change)) => Some(format!(
            "{} → {}",
            text(&edits_text(&change.edits)),
            text(&outcome_text(rules, id, &change.outcome))
        )),
        Some(Together::Unstoppable(stuck)) => Some(format!(
            "no combined change: nothing the workload's fields say stops {}",
            rule_ids(stuck)
        )),
        Some(Together::Conflicting(stuck)) => Some(format!(
            "no combined change: the changes that stop the other rules make {} fire again",
            rule_ids(stuck)
        )),
    };
    if let Some(together) = together {
        let _ = writeln!(out, "- All of these together: {together}");
    }
    let _ = writeln!(out);
}
