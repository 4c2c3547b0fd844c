//! `advisor decide`: rank the workload, choose the recommendation (or `--service`), and write
//! the decision record as the next numbered file in the record directory.

use std::io::Write;
use std::path::Path;

use super::Status;
use crate::cli::DecideArgs;
use crate::engine::{Answer, Recommendation};
use crate::input::{self, Limits, records};
use crate::report::decision::{self, Record};
use crate::rules::{RuleSet, ServiceIndex};
use crate::{cost, engine, questions, report, whynot};

pub fn run(args: &DecideArgs, limits: Limits) -> anyhow::Result<Status> {
    if args.workload == "-" {
        anyhow::bail!(
            "decide needs a workload file, which the record names as its `workload_file`; standard input has no path"
        );
    }
    if let Some(title) = &args.title
        && title.trim().is_empty()
    {
        anyhow::bail!("--title: the title is empty; give the record a title, or leave --title out");
    }
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let rules = &rule_set.rules;
    let workload = input::load_workload(&args.workload, &[], limits)?;
    let pricing = super::pricing(&args.pricing, limits)?;
    let recommendation = engine::recommend(rules, &pricing, &workload);
    let chosen = match &args.service {
        Some(id) => super::candidate(rules, "--service", id)?,
        None => recommended(rules, &recommendation, &workload.name)?,
    };
    let questions = questions::verify(rules, &pricing, &workload, &recommendation);
    let estimates: Vec<_> = recommendation
        .standings
        .iter()
        .filter(|s| s.rank.is_some() || s.service == chosen)
        .map(|s| {
            let id = &rules.services[s.service].id;
            let estimate = cost::estimate(id, &workload, &pricing.book, pricing.options);
            (s.service, estimate)
        })
        .collect();
    // What would change the pick: what would make the chosen service the recommendation
    // when it is not, else what would make the runner-up the recommendation.
    let asked_about = match recommendation.answer {
        Answer::Pick {
            service,
            runner_up: Some((runner_up, _)),
        } if service == chosen => Some(runner_up),
        Answer::Pick { service, .. } if service == chosen => None,
        // Among tied services, the open questions say what would separate them.
        Answer::Tie { ref services } | Answer::Undecided { ref services }
            if services.contains(&chosen) =>
        {
            None
        }
        _ => Some(chosen),
    };
    let why_not = asked_about
        .map(|service| whynot::why_not(rules, &pricing, &workload, &recommendation, service));

    let title = match &args.title {
        Some(title) => title.trim().to_string(),
        None => format!(
            "Run {} on {}",
            workload.name.trim(),
            rules.services[chosen].name
        ),
    };
    let mut slug = decision::slug(&title);
    if slug.is_empty() {
        slug = decision::slug(&workload.name);
    }
    if slug.is_empty() {
        slug = "decision".into();
    }
    let number = records::next_number(&args.dir)?;
    let name = format!("{number:0width$}-{slug}.md", width = records::NUMBER_WIDTH);
    let workload_file = records::relative_path(&args.dir, Path::new(&args.workload))?;
    let text = decision::render(&Record {
        rule_set: &rule_set,
        workload: &workload,
        recommendation: &recommendation,
        questions: &questions,
        estimates: &estimates,
        pricing: &pricing,
        chosen,
        title: &title,
        date: super::today()?,
        workload_file: &workload_file,
        why_not: why_not.as_ref(),
    });
    if args.dry_run {
        let _ = writeln!(
            std::io::stderr(),
            "would write {} (--dry-run: nothing written)",
            report::escape_controls(&args.dir.join(&name).display().to_string())
        );
        input::write_stdout(&text)?;
    } else {
        let path = records::create(&args.dir, &name, &text)?;
        input::write_stdout(&format!(
            "{}\n",
            report::escape_controls(&path.display().to_string())
        ))?;
    }
    Ok(Status::Success)
}

/// The recommended service; a tie or no viable service leaves the choice to `--service`.
fn recommended(
    rules: &RuleSet,
    recommendation: &Recommendation,
    workload: &str,
) -> anyhow::Result<ServiceIndex> {
    let ids = |services: &[ServiceIndex]| {
        services
            .iter()
            .map(|&s| format!("`{}`", rules.services[s].id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &recommendation.answer {
        Answer::Pick { service, .. } => Ok(*service),
        Answer::Tie { services } => anyhow::bail!(
            "the rules recommend no single service for {workload}: {} tie at the top; choose one with --service (`advisor recommend` shows what would separate them)",
            ids(services)
        ),
        Answer::Undecided { services } => anyhow::bail!(
            "the rules recommend no service for {workload}: nothing it says separates the {} services not ruled out; answer the open questions `advisor recommend` lists, or choose one with --service",
            services.len()
        ),
        Answer::NoneViable => anyhow::bail!(
            "the rules rule out every service for {workload}; to record a choice against them, name it with --service"
        ),
    }
}
