//! `advisor decide`: a recommendation written down as a MADR decision record, with the front
//! matter `advisor check` reads (`status`, `date` and the `advisor` block) and a body that
//! says what the rules found: the context, the considered options, the decision with its
//! reasons, the consequences, and the rule set and prices it came from. Text from the
//! workload and the rule set is escaped, so a name holding markdown or HTML reads as written.

use std::fmt::Write;

use crate::cost::{self, Estimate, NoEstimate, Pricing, Volume};
use crate::date::Date;
use crate::engine::{Answer, Effect, Reason, Recommendation, Standing, Verdict};
use crate::fields::{self, FieldKind};
use crate::questions::{Changes, Question};
use crate::report::estimate;
use crate::rules::{LoadedRuleSet, RuleSet, ServiceIndex};
use crate::text::{and_list, count, or_list, thousands};
use crate::value::Value;
use crate::whynot::{Change, Together, WhyNot};
use crate::workload::Workload;

/// The longest file-name slug, in characters; a longer title is cut at a word.
pub const MAX_SLUG: usize = 60;

/// The ratio from which `advisor check` warns `cost-gap` when not told otherwise.
const COST_GAP: rust_decimal::Decimal = crate::check::DEFAULT_COST_GAP;

/// Everything one record says.
pub struct Record<'a> {
    pub rule_set: &'a LoadedRuleSet,
    pub workload: &'a Workload,
    pub recommendation: &'a Recommendation,
    /// The open questions shown, by evaluation, to change something.
    pub questions: &'a [Question],
    /// The estimate (or why there is none) of every ranked service and of the chosen one.
    pub estimates: &'a [(ServiceIndex, Result<Estimate, NoEstimate>)],
    pub pricing: &'a Pricing,
    /// The service the record chooses: the recommendation, or `--service`.
    pub chosen: ServiceIndex,
    pub title: &'a str,
    pub date: Date,
    /// The workload's path relative to the record's directory.
    pub workload_file: &'a str,
    /// What would change the pick: for a chosen service that is not the recommendation,
    /// what would make it one; else what would make the runner-up the recommendation.
    pub why_not: Option<&'a WhyNot>,
}

impl Record<'_> {
    fn rules(&self) -> &RuleSet {
        &self.rule_set.rules
    }

    fn estimate(&self, service: ServiceIndex) -> Option<&Estimate> {
        self.estimates
            .iter()
            .find(|(s, _)| *s == service)
            .and_then(|(_, estimate)| estimate.as_ref().ok())
    }

    fn chosen_standing(&self) -> &Standing {
        self.recommendation.standing(self.chosen)
    }

    /// The ranked service with the lowest typical estimate; the first ranked wins a tie.
    fn cheapest(&self) -> Option<(ServiceIndex, &Estimate)> {
        self.recommendation
            .standings
            .iter()
            .filter(|s| s.rank.is_some())
            .filter_map(|s| Some((s.service, self.estimate(s.service)?)))
            .min_by_key(|(_, estimate)| estimate.typical)
    }
}

/// The record, as the file's whole text.
pub fn render(record: &Record) -> String {
    let mut out = String::new();
    front_matter(record, &mut out);
    let _ = writeln!(out, "# {}\n", text(record.title));
    context(record, &mut out);
    considered_options(record, &mut out);
    decision_outcome(record, &mut out);
    consequences(record, &mut out);
    more_information(record, &mut out);
    out
}

/// The file name's slug: the title's ASCII letters and digits in lower case, its words
/// joined by `-`, at most [`MAX_SLUG`] characters; apostrophes, quotes and other characters
/// are dropped. Empty when nothing of the title is left.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    let mut gap = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_ascii_whitespace() || (c.is_ascii_punctuation() && !"'\"`".contains(c)) {
            gap = true;
        }
    }
    if slug.len() > MAX_SLUG {
        let cut = slug[..=MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    slug
}

fn front_matter(record: &Record, out: &mut String) {
    let rules = record.rules();
    let _ = writeln!(out, "---\nstatus: proposed\ndate: {}", record.date);
    let _ = writeln!(out, "advisor:");
    let _ = writeln!(out, "  service: {}", rules.services[record.chosen].id);
    let _ = writeln!(
        out,
        "  workload_file: {}",
        yaml_string(record.workload_file)
    );
    let exclusions: Vec<&Reason> = exclusions(record.chosen_standing()).collect();
    if !exclusions.is_empty() {
        let _ = writeln!(
            out,
            "  # The rules rule the chosen service out. To accept that, waive each rule with the\n  # team's reason (`advisor check` then notes the waiver instead of reporting `ruled-out`):\n  # waivers:"
        );
        for reason in exclusions {
            let _ = writeln!(
                out,
                "  #   - rule: {}\n  #     reason: ...",
                rules.rules[reason.rule].id
            );
        }
    }
    out.push_str("---\n");
}

fn context(record: &Record, out: &mut String) {
    let workload = record.workload;
    let _ = writeln!(out, "## Context and problem statement\n");
    let mut opening = format!("Which service should run {}?", text(&workload.name));
    if let Some(description) = workload.fact("description") {
        let description = text(description.written().trim());
        if !description.is_empty() {
            let end = if description.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            let _ = write!(opening, " {description}{end}");
        }
    }
    let _ = writeln!(out, "{opening}\n");
    let facts = facts(workload);
    if !facts.is_empty() {
        let _ = writeln!(out, "{}\n", facts.join(" "));
    }
}

/// The workload's known facts as sentences, in the order of the workload format.
fn facts(workload: &Workload) -> Vec<String> {
    let value = |path: &str| workload.fact(path).map(|f| &f.value);
    let written = |path: &str| workload.fact(path).map(|f| text(&f.written()));
    let member = |path: &str| match value(path) {
        Some(Value::Enum(member)) => Some(*member),
        _ => None,
    };
    let flag = |path: &str| match value(path) {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    };
    let mut sentences = Vec::new();

    let trigger = member("runtime.trigger").map(|t| match t {
        "http" => "an HTTP request",
        "websocket" => "a WebSocket connection",
        "event" => "an event",
        "queue" => "a queue message",
        "stream" => "a batch of stream records",
        "schedule" => "a scheduled run",
        _ => "continuous work",
    });
    let mut work = match (value("runtime.max_duration"), trigger) {
        (
            Some(Value::Duration(crate::value::Duration::Unbounded)),
            Some("continuous work") | None,
        ) => "The work is continuous, not split into units of work".to_string(),
        (Some(Value::Duration(crate::value::Duration::Unbounded)), Some(trigger)) => {
            format!("The work starts with {trigger} and runs without bound")
        }
        (_, trigger) => {
            let mut work = match trigger {
                Some(trigger) => format!("A unit of work ({trigger}) runs"),
                None => "A unit of work runs".to_string(),
            };
            if let Some(max) = written("runtime.max_duration") {
                let _ = write!(work, " for at most {max}");
            }
            if let Some(avg) = written("runtime.avg_duration") {
                let _ = write!(work, ", typically {avg}");
            }
            work
        }
    };
    match flag("runtime.interruptible") {
        Some(true) => {
            work.push_str("; it survives being stopped with a 2-minute notice and retried")
        }
        Some(false) => work.push_str("; it must not be interrupted"),
        None => {}
    }
    sentences.push(format!("{work}."));

    let spikiness = member("demand.spikiness");
    sentences.push(match (value("demand.requests_per_month"), spikiness) {
        (Some(Value::Integer(units)), Some(spikiness)) => format!(
            "About {} units of work arrive a month, and demand spikiness is {spikiness}.",
            thousands(units)
        ),
        (Some(Value::Integer(units)), None) => {
            format!("About {} units of work arrive a month.", thousands(units))
        }
        (_, Some(spikiness)) => {
            format!("Demand spikiness is {spikiness}; the workload states no monthly volume.")
        }
        (_, None) => "The workload states no monthly volume.".to_string(),
    });

    let mut needs = Vec::new();
    if let Some(memory) = written("resources.memory_mb") {
        needs.push(format!("{memory} MB of memory"));
    }
    if let Some(Value::Number(vcpus)) = value("resources.vcpus") {
        let noun = if *vcpus == 1.0 { "vCPU" } else { "vCPUs" };
        needs.push(format!("{vcpus} {noun}"));
    }
    match flag("resources.gpu") {
        Some(true) => needs.push("a GPU".into()),
        Some(false) => needs.push("no GPU".into()),
        None => {}
    }
    if let Some(disk) = written("resources.ephemeral_storage_gb") {
        needs.push(format!("{disk} GB of local scratch disk"));
    }
    if !needs.is_empty() {
        sentences.push(format!("One unit of work needs {}.", and_list(needs)));
    }

    let mut platform = Vec::new();
    if let Some(os) = member("runtime.os") {
        platform.push(format!("runs on {}", prose("runtime.os", os)));
    }
    if let Some(architecture) = member("runtime.architecture") {
        platform.push(format!(
            "is built for {}",
            prose("runtime.architecture", architecture)
        ));
    }
    match flag("control.os_access") {
        Some(true) => platform.push("needs access to its hosts' operating system".into()),
        Some(false) => platform.push("needs no access to its hosts' operating system".into()),
        None => {}
    }
    match member("control.portability") {
        Some("hybrid") => platform.push("must also run on premises".into()),
        Some("multi-cloud") => platform.push("must also run on other clouds".into()),
        Some(_) => platform.push("need not run outside AWS".into()),
        None => {}
    }
    match flag("containers.privileged") {
        Some(true) => platform.push("needs privileged containers".into()),
        Some(false) => platform.push("needs no privileged containers".into()),
        None => {}
    }
    if !platform.is_empty() {
        sentences.push(format!("The workload {}.", and_list(platform)));
    }

    let mut team = Vec::new();
    match member("containers.preference") {
        Some("avoid") => team.push("avoids containers".to_string()),
        Some("neutral") => team.push("is neutral about containers".to_string()),
        Some("prefer") => team.push("prefers containers".to_string()),
        Some(_) => team.push("requires containers".to_string()),
        None => {}
    }
    match member("containers.orchestrator") {
        Some("none") => team.push("runs no orchestrator yet".into()),
        Some(orchestrator) => team.push(format!(
            "runs {}",
            prose("containers.orchestrator", orchestrator)
        )),
        None => {}
    }
    if let Some(capacity) = member("team.ops_capacity") {
        team.push(format!("has {capacity} capacity for operations"));
    }
    match flag("team.willing_to_rewrite") {
        Some(true) => {
            team.push("is willing to rewrite the code into event-driven functions".into())
        }
        Some(false) => team.push("will not rewrite the code into event-driven functions".into()),
        None => {}
    }
    if !team.is_empty() {
        sentences.push(format!("The team {}.", and_list(team)));
    }

    if let Some(Value::EnumList(priorities)) = value("priorities")
        && !priorities.is_empty()
    {
        let priorities = priorities
            .iter()
            .map(|p| prose("priorities", p).to_string());
        sentences.push(format!("Its priorities are {}.", and_list(priorities)));
    }
    sentences
}

/// An enum member as a sentence writes it (`Kubernetes`, `operational efficiency`).
fn prose(path: &str, member: &'static str) -> &'static str {
    match fields::lookup(path).map(|f| f.kind) {
        Some(FieldKind::Enum(spec) | FieldKind::EnumList(spec)) => spec.prose(member),
        _ => member,
    }
}

fn considered_options(record: &Record, out: &mut String) {
    let rules = record.rules();
    let recommendation = record.recommendation;
    let _ = writeln!(out, "## Considered options\n");
    let ranked: Vec<&Standing> = recommendation
        .standings
        .iter()
        .filter(|s| s.rank.is_some())
        .collect();
    if ranked.is_empty() {
        let _ = writeln!(
            out,
            "The rules of {} rule out every service.\n",
            rule_set_name(record)
        );
    } else {
        let volume = ranked
            .iter()
            .find_map(|s| record.estimate(s.service))
            .map(|e| e.volume);
        let _ = writeln!(
            out,
            "The services {} ranks, with their scores{}:\n",
            rule_set_name(record),
            match volume {
                Some(Volume::Stated(units)) => format!(
                    " and typical monthly cost estimates at {} units of work a month",
                    cost::whole_number(units)
                ),
                Some(Volume::PerMillion) => " and typical monthly cost estimates per 1,000,000 units of work, since the workload states no volume".into(),
                Some(Volume::AlwaysOn) => " and typical monthly cost estimates for capacity that runs all month".into(),
                None => String::new(),
            }
        );
        let _ = writeln!(
            out,
            "| Rank | Service | Score | Verdict | {} |\n|---:|---|---:|---|---:|",
            if volume == Some(Volume::PerMillion) {
                "Cost per 1M"
            } else {
                "Cost/month"
            }
        );
        for standing in ranked {
            let cost = match record.estimate(standing.service) {
                // Our own figures: a `$` followed by a digit never opens GitHub's math.
                Some(estimate) => estimate::typical_and_range(estimate, [" (", "–", ")"]),
                None => "no estimate".into(),
            };
            let chosen = if standing.service == record.chosen {
                " (chosen)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| {} | {}{chosen} | {} | {} | {} |",
                standing.rank.unwrap_or_default(),
                with_companions(rules, standing),
                signed(standing.score),
                standing.verdict.label(),
                cost,
            );
        }
        out.push('\n');
    }
    ruled_out(record, out);
}

/// The ruled-out services with the rules that rule them out; services ruled out by the same
/// rules for the same reasons are listed together.
fn ruled_out(record: &Record, out: &mut String) {
    let rules = record.rules();
    let mut groups: Vec<(Vec<ServiceIndex>, Vec<&Reason>)> = Vec::new();
    for standing in &record.recommendation.standings {
        if standing.verdict != Verdict::RuledOut {
            continue;
        }
        let reasons: Vec<&Reason> = exclusions(standing).collect();
        let same = |other: &Vec<&Reason>| {
            other.len() == reasons.len()
                && other
                    .iter()
                    .zip(&reasons)
                    .all(|(a, b)| a.rule == b.rule && a.message == b.message)
        };
        match groups.iter_mut().find(|(_, other)| same(other)) {
            Some((services, _)) => services.push(standing.service),
            None => groups.push((vec![standing.service], reasons)),
        }
    }
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "Ruled out:\n");
    for (services, reasons) in groups {
        let labels = services.iter().map(|&s| {
            let mut label = label(rules, s);
            if s == record.chosen {
                label.push_str(" (chosen)");
            }
            label
        });
        let _ = writeln!(out, "- {}:", and_list(labels));
        for reason in reasons {
            let _ = writeln!(
                out,
                "  - {}: {}",
                code(&rules.rules[reason.rule].id),
                text(&reason.message)
            );
        }
    }
    out.push('\n');
}

fn decision_outcome(record: &Record, out: &mut String) {
    let rules = record.rules();
    let recommendation = record.recommendation;
    let standing = record.chosen_standing();
    let _ = writeln!(out, "## Decision outcome\n");
    let chosen = with_companions(rules, standing);
    let name = text(&rules.services[record.chosen].name);
    let score = signed(standing.score);
    let opening = match &recommendation.answer {
        Answer::Pick { service, runner_up } if *service == record.chosen => {
            let lead = match runner_up {
                Some((next, margin)) => format!(
                    ", {} ahead of {} ({} against {})",
                    count(*margin, "point", "points"),
                    label(rules, *next),
                    score,
                    signed(recommendation.standing(*next).score)
                ),
                None => format!(" at {score}, the only service not ruled out"),
            };
            format!("Chosen option: {chosen}, because the rules recommend it{lead}.")
        }
        Answer::Tie { services } | Answer::Undecided { services }
            if services.contains(&record.chosen) =>
        {
            let others = services
                .iter()
                .filter(|&&s| s != record.chosen)
                .map(|&s| label(rules, s));
            format!(
                "Chosen option: {chosen}, which the rules rank first at {score} together with {}: nothing the workload says separates them, so the choice between them is the team's.",
                and_list(others)
            )
        }
        answer => {
            let mut against = format!("Chosen option: {chosen}, against the rules: ");
            match answer {
                Answer::Pick { service, .. } => {
                    let top = recommendation.standing(*service);
                    let _ = write!(
                        against,
                        "they recommend {} at {}",
                        with_companions(rules, top),
                        signed(top.score)
                    );
                    if standing.rank.is_some() {
                        let _ = write!(
                            against,
                            ", {} ahead of {name} at {score}",
                            count(top.score - standing.score, "point", "points")
                        );
                    }
                }
                Answer::Tie { services } | Answer::Undecided { services } => {
                    let top = recommendation.standing(services[0]).score;
                    let _ = write!(
                        against,
                        "they rank {} first at {}",
                        and_list(services.iter().map(|&s| label(rules, s))),
                        signed(top)
                    );
                    if standing.rank.is_some() {
                        let _ = write!(
                            against,
                            ", {} ahead of {name} at {score}",
                            count(top - standing.score, "point", "points")
                        );
                    }
                }
                Answer::NoneViable => against.push_str("they rule out every service"),
            }
            match standing.rank {
                Some(rank) => {
                    let ranked = recommendation
                        .standings
                        .iter()
                        .filter(|s| s.rank.is_some())
                        .count();
                    let _ = write!(against, " ({name} ranks {rank} of {ranked}).");
                }
                None => {
                    let by: Vec<String> = exclusions(standing)
                        .map(|r| {
                            format!("{} ({})", code(&rules.rules[r.rule].id), text(&r.message))
                        })
                        .collect();
                    let _ = write!(
                        against,
                        ". {name} is ruled out by {}; without {} it would score {score}.",
                        and_list(by),
                        if exclusions(standing).count() == 1 {
                            "that rule"
                        } else {
                            "those rules"
                        }
                    );
                }
            }
            against
        }
    };
    let _ = writeln!(out, "{opening}\n");
    let mut reasons: Vec<&Reason> = standing
        .reasons
        .iter()
        .filter(|r| r.effect != Effect::Exclude)
        .collect();
    reasons.sort_by_key(|r| match r.effect {
        Effect::Score(points) => (0, -points),
        Effect::Exclude | Effect::Pair => (1, 0),
    });
    if reasons.is_empty() {
        let _ = writeln!(out, "No rule scores {name}.\n");
        return;
    }
    let _ = writeln!(out, "The rules that score {name}:\n");
    for reason in reasons {
        let effect = match reason.effect {
            Effect::Score(points) => signed(points),
            Effect::Exclude | Effect::Pair => "pairs a companion".into(),
        };
        let _ = writeln!(
            out,
            "- {} ({effect}): {}",
            code(&rules.rules[reason.rule].id),
            text(&reason.message)
        );
    }
    out.push('\n');
}

fn consequences(record: &Record, out: &mut String) {
    let rules = record.rules();
    let recommendation = record.recommendation;
    let standing = record.chosen_standing();
    let name = text(&rules.services[record.chosen].name);
    let _ = writeln!(out, "### Consequences\n");

    let cost = match record.estimates.iter().find(|(s, _)| *s == record.chosen) {
        Some((_, Ok(estimate))) => {
            let mut line = format!(
                "- Cost: {name} is estimated at {} a month {}",
                cost::dollars(estimate.typical),
                match estimate.volume {
                    Volume::Stated(units) =>
                        format!("at {} units of work", cost::whole_number(units)),
                    Volume::PerMillion =>
                        "per 1,000,000 units of work (the workload states no volume)".into(),
                    Volume::AlwaysOn => "for capacity that runs all month".into(),
                }
            );
            if estimate.low != estimate.high {
                let _ = write!(
                    line,
                    ", from {} to {} as the unknown inputs go",
                    cost::dollars(estimate.low),
                    cost::dollars(estimate.high)
                );
                if let Some(field) = estimate.narrowed_most_by {
                    let _ = write!(line, "; answering {} narrows that most", code(field));
                }
            }
            line.push('.');
            line
        }
        Some((_, Err(NoEstimate(why)))) => {
            format!("- Cost: no estimate for {name}: {}.", text(why))
        }
        None => format!("- Cost: no estimate for {name}."),
    };
    let _ = writeln!(out, "{cost}");
    if let (Some((cheapest, least)), Some(chosen)) =
        (record.cheapest(), record.estimate(record.chosen))
        && cheapest != record.chosen
        && least.typical < chosen.typical
    {
        let mut line = format!(
            "- The cheapest option not ruled out is {}, estimated at {} a month{}",
            label(rules, cheapest),
            cost::dollars(least.typical),
            if least.volume == Volume::PerMillion {
                " per 1,000,000 units of work"
            } else {
                ""
            }
        );
        let gap = least
            .typical
            .checked_mul(COST_GAP)
            .is_some_and(|threshold| chosen.typical >= threshold);
        if standing.rank.is_some() && gap && matches!(chosen.volume, Volume::Stated(_)) {
            let _ = write!(
                line,
                "; at {COST_GAP} times that or more, the chosen option draws a `cost-gap` warning from `advisor check`"
            );
        }
        let _ = writeln!(out, "{line}.");
    }

    let changing: Vec<&Question> = record
        .questions
        .iter()
        .filter(|q| q.changes == Changes::Recommendation)
        .collect();
    if changing.is_empty() {
        let _ = writeln!(
            out,
            "- No open question changes the recommendation: no answer to a field the workload leaves unknown gives another one."
        );
    } else {
        let _ = writeln!(
            out,
            "- Open questions whose answers change the recommendation:"
        );
        for question in changing {
            let asked = fields::lookup(&question.field).map_or("", |f| f.field.question);
            let mut groups: Vec<(&Answer, Vec<String>)> = Vec::new();
            for alternative in &question.alternatives {
                let value = code(&alternative.value.to_string());
                match groups
                    .iter_mut()
                    .find(|(a, _)| a.same_choice(&alternative.answer))
                {
                    Some((_, values)) => values.push(value),
                    None => groups.push((&alternative.answer, vec![value])),
                }
            }
            let answers: Vec<String> = groups
                .into_iter()
                .map(|(answer, values)| {
                    format!("{} gives {}", or_list(values), answer_text(rules, answer))
                })
                .collect();
            let _ = writeln!(
                out,
                "  - {} ({}): {}.",
                code(&question.field),
                text(asked),
                answers.join("; ")
            );
        }
    }
    let moving = record
        .questions
        .iter()
        .filter(|q| q.changes == Changes::Ranking)
        .count();
    if moving > 0 {
        let _ = writeln!(
            out,
            "- {} only {} services below the top; `advisor recommend` lists {}.",
            count(moving, "more open question", "more open questions"),
            if moving == 1 { "moves" } else { "move" },
            if moving == 1 { "it" } else { "them" }
        );
    }

    if let Some(line) = what_would_change(record) {
        let _ = writeln!(out, "{line}");
    }

    if standing.rank.is_none() {
        let ids = and_list(exclusions(standing).map(|r| code(&rules.rules[r.rule].id)));
        let _ = writeln!(
            out,
            "- `advisor check` reports `ruled-out` for this record, a warning while it is proposed and an error once it is accepted, unless the team waives {ids} under `advisor.waivers` with its reason."
        );
    } else if let Some(first) = recommendation.first()
        && first.score > standing.score
    {
        let _ = writeln!(
            out,
            "- `advisor check` warns `better-fit` for this record: {} outscores {name} by {}.",
            label(rules, first.service),
            count(first.score - standing.score, "point", "points")
        );
    }
    out.push('\n');
}

/// The verified change to the workload that would change the pick, as a bullet.
fn what_would_change(record: &Record) -> Option<String> {
    let why = record.why_not?;
    let rules = record.rules();
    let change = match &why.together {
        Some(Together::Change(change)) => Some(change),
        Some(_) => None,
        None if why.holds.len() == 1 => why.holds[0].change.as_ref(),
        None => None,
    };
    let recommended = |change: &Change| {
        change.outcome.rank == Some(1) && change.outcome.verdict == Verdict::Recommended
    };
    let service = label(rules, why.service);
    if why.service == record.chosen {
        Some(match change.filter(|c| recommended(c)) {
            Some(change) => format!(
                "- {} would make the rules recommend {service}.",
                edits(change)
            ),
            None => format!(
                "- `advisor recommend --why-not {}` finds no change to the workload that makes the rules recommend {service}.",
                rules.services[why.service].id
            ),
        })
    } else {
        change.filter(|c| recommended(c)).map(|change| {
            format!(
                "- {} would make the rules recommend {service} instead.",
                edits(change)
            )
        })
    }
}

/// "Setting `runtime.max_duration` to 16m (now 10s) and …".
fn edits(change: &Change) -> String {
    let edits: Vec<String> = change
        .edits
        .iter()
        .map(|edit| {
            let value = code(&edit.value.to_string());
            match &edit.from {
                Some(from) => format!("{} to {value} (now {})", code(&edit.field), code(from)),
                None => format!("{} to {value}", code(&edit.field)),
            }
        })
        .collect();
    format!("Setting {}", and_list(edits))
}

fn answer_text(rules: &RuleSet, answer: &Answer) -> String {
    let labels = |services: &[usize]| and_list(services.iter().map(|&s| label(rules, s)));
    match answer {
        Answer::Pick { service, .. } => label(rules, *service),
        Answer::Tie { services } => format!("a tie between {}", labels(services)),
        Answer::Undecided { services } => format!(
            "no recommendation: nothing separates the {} services left",
            services.len()
        ),
        Answer::NoneViable => "no recommendation: every service is ruled out".into(),
    }
}

fn more_information(record: &Record, out: &mut String) {
    let book = &record.pricing.book;
    let rules = count(record.rules().rules.len(), "rule", "rules");
    let _ = writeln!(out, "## More information\n");
    let rule_set = match &record.rule_set.path {
        Some(path) => format!("{} from {} ({rules})", rule_set_name(record), code(path)),
        None => format!("{} (built in, {rules})", rule_set_name(record)),
    };
    let prices = match &record.pricing.file {
        Some(file) => format!("the price file {}", code(file)),
        None => "the built-in prices".into(),
    };
    let free_tier = if record.pricing.options.free_tier {
        ", less the Lambda free tier"
    } else {
        ""
    };
    let files: Vec<&str> = [
        record.rule_set.path.as_ref().map(|_| "`--rules`"),
        record.pricing.file.as_ref().map(|_| "`--prices`"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let same = if files.is_empty() {
        String::new()
    } else {
        format!(
            " (give it the same {} with {})",
            if files.len() == 1 { "file" } else { "files" },
            and_list(files.into_iter().map(str::to_string))
        )
    };
    let _ = writeln!(
        out,
        "Written by `advisor decide` from {rule_set} and {prices} ({} list prices as of {}{free_tier}). `advisor check` holds this record to the rules from now on{same}; `advisor recommend --explain` on the workload shows every rule behind the ranking.",
        text(&book.region),
        book.as_of,
    );
}

fn rule_set_name(record: &Record) -> String {
    format!("rule set {}", code(&record.rules().name))
}

fn exclusions(standing: &Standing) -> impl Iterator<Item = &Reason> + Clone {
    standing
        .reasons
        .iter()
        .filter(|r| r.effect == Effect::Exclude)
}

/// "AWS Lambda (`lambda`)", escaped.
fn label(rules: &RuleSet, service: ServiceIndex) -> String {
    let service = &rules.services[service];
    format!("{} ({})", text(&service.name), code(&service.id))
}

/// The service's label with the companions it is paired with.
fn with_companions(rules: &RuleSet, standing: &Standing) -> String {
    let mut label = label(rules, standing.service);
    for &companion in &standing.pair_with {
        let _ = write!(label, " with {}", self::label(rules, companion));
    }
    label
}

fn signed(points: i64) -> String {
    if points > 0 {
        format!("+{points}")
    } else {
        points.to_string()
    }
}

/// Markdown-inert text: characters that markdown or HTML would read as syntax get a
/// backslash (CommonMark escapes any ASCII punctuation), and line breaks and other control
/// characters become spaces, so text stays on its line, in its table cell and in its heading.
pub fn text(raw: &str) -> String {
    let mut escaped = String::with_capacity(raw.len());
    let mut previous = ' ';
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_control() {
            escaped.push(' ');
        } else {
            // `_` inside a word (`willing_to_rewrite`) never emphasises; elsewhere it may. A
            // `$` before a digit (`$20.88`) cannot close GitHub's inline math, so once every
            // other `$` is escaped, none can open it either.
            let next = chars.peek().copied().unwrap_or(' ');
            let inert = match c {
                '_' => previous.is_alphanumeric() && next.is_alphanumeric(),
                '$' => next.is_ascii_digit(),
                _ => false,
            };
            if "\\`*_[]<>#|~&$".contains(c) && !inert {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        previous = c;
    }
    escaped
}

/// An id or path as code; text that a code span cannot hold as it is (a backtick, a control
/// character, a `|` that would end a table cell) is escaped text instead.
fn code(raw: &str) -> String {
    if raw.is_empty() || raw.chars().any(|c| c == '`' || c == '|' || c.is_control()) {
        text(raw)
    } else {
        format!("`{raw}`")
    }
}

/// A YAML scalar that reads back as `raw`: plain when it is a simple path, else double-quoted.
fn yaml_string(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    let plain = raw
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
        && raw.chars().any(|c| c.is_ascii_alphabetic())
        && !raw.starts_with('-')
        && raw.parse::<f64>().is_err()
        && !matches!(
            lower.as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | ".inf" | ".nan"
        );
    if plain {
        return raw.to_string();
    }
    let mut quoted = String::from("\"");
    for c in raw.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_ascii_words_joined_by_dashes() {
        assert_eq!(
            slug("Run web-backend on AWS Lambda"),
            "run-web-backend-on-aws-lambda"
        );
        assert_eq!(
            slug("  Use ECS (Fargate) -- for  the team's API!  "),
            "use-ecs-fargate-for-the-teams-api"
        );
        assert_eq!(
            slug("<script>alert(1)</script> *x*|y"),
            "script-alert-1-script-x-y"
        );
        assert_eq!(slug("Café über alles"), "caf-ber-alles");
        assert_eq!(slug("日本語"), "");
        assert_eq!(slug("***"), "");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word() {
        let title = "word ".repeat(30);
        let slug = slug(&title);
        assert!(slug.len() <= MAX_SLUG, "{slug}");
        assert!(slug.ends_with("word"), "{slug}");
        let long = "x".repeat(100);
        assert_eq!(super::slug(&long).len(), MAX_SLUG);
    }

    #[test]
    fn text_escapes_markdown_and_html() {
        assert_eq!(text("<script>*x*|y"), "\\<script\\>\\*x\\*\\|y");
        assert_eq!(text("a\nb\u{1b}c"), "a b c");
        assert_eq!(
            text("willing_to_rewrite _x_ a_ _b"),
            "willing_to_rewrite \\_x\\_ a\\_ \\_b"
        );
        assert_eq!(text("$20.88 and $x$ or $2$"), "$20.88 and \\$x\\$ or $2\\$");
        assert_eq!(
            text("$ & `c` [l](u) #h ~s~ _e_ \\"),
            "\\$ \\& \\`c\\` \\[l\\](u) \\#h \\~s\\~ \\_e\\_ \\\\"
        );
    }

    #[test]
    fn code_spans_fall_back_to_text() {
        assert_eq!(code("lambda"), "`lambda`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(code("a|b"), "a\\|b");
    }

    #[test]
    fn yaml_strings_are_plain_only_when_safe() {
        assert_eq!(yaml_string("../web-backend.yaml"), "../web-backend.yaml");
        assert_eq!(yaml_string("w/web.yaml"), "w/web.yaml");
        assert_eq!(yaml_string("a b.yaml"), "\"a b.yaml\"");
        assert_eq!(yaml_string("x #y: \"z\"\\"), "\"x #y: \\\"z\\\"\\\\\"");
        assert_eq!(yaml_string("-x.yaml"), "\"-x.yaml\"");
        assert_eq!(yaml_string("a\tb"), "\"a\\u0009b\"");
    }
}
