//! `advisor cost`: rank to learn which services are viable, price each, and render the
//! estimates, the break-even volumes, the `--volumes` table and the `--plot` chart.

use std::path::Path;

use super::Status;
use crate::cli::CostArgs;
use crate::cost::compare::{Candidate, Comparison, SEARCHED};
use crate::engine::{self, Verdict};
use crate::input::{self, Limits};
use crate::report::{self, cost_plot};

/// `color`: whether the table is coloured (`--color`).
pub fn run(args: &CostArgs, limits: Limits, color: bool) -> anyhow::Result<Status> {
    let rule_set = input::load_rule_set(args.rules.as_deref(), limits)?;
    let workload = input::load_workload(&args.workload, &args.set, limits)?;
    let pricing = super::pricing(&args.pricing, limits)?;
    let today = super::today()?;
    let recommendation = engine::recommend(&rule_set.rules, &pricing, &workload);
    // Ranked services first, in rank order, then the ruled-out ones, as `recommend` lists them.
    let services: Vec<usize> = recommendation.standings.iter().map(|s| s.service).collect();
    let candidates: Vec<Candidate> = recommendation
        .standings
        .iter()
        .map(|standing| Candidate {
            id: &rule_set.rules.services[standing.service].id,
            viable: standing.verdict != Verdict::RuledOut,
        })
        .collect();
    let volumes = args.volumes.as_ref().map(|v| v.units.as_slice());
    let comparison = Comparison::build(&candidates, &workload, &pricing, volumes);
    let prices_file = args
        .pricing
        .prices
        .as_ref()
        .map(|p| p.display().to_string());
    let plot_file = args.plot.as_ref().map(|p| p.display().to_string());
    let mut context = report::cost::Context {
        rule_set: &rule_set,
        workload: &workload,
        recommendation: &recommendation,
        services: &services,
        comparison: &comparison,
        book: &pricing.book,
        prices_file: prices_file.as_deref(),
        free_tier: pricing.options.free_tier,
        today,
        volumes_spec: args.volumes.as_ref().map(|v| v.spec.as_str()),
        plot: None,
        plot_skipped: args.plot.is_some() && !comparison.any_estimate(),
        explain: args.explain,
        color,
    };
    if let Some(path) = &args.plot
        && comparison.any_estimate()
    {
        let span = args.volumes.as_ref().map_or(SEARCHED, |v| v.span());
        let svg = cost_plot::render_svg(&report::cost::plot(&context, span))
            .map_err(|problem| anyhow::anyhow!("{}: {problem}", path.display()))?;
        write_plot(path, &svg)?;
        context.plot = plot_file.as_deref();
    }
    let delivery = input::write_stdout(&report::cost::render(args.format, &context))?;
    Ok(Status::answered(&delivery, |()| !comparison.any_estimate()))
}

/// Writes the SVG to `path`, over the file if there is one.
fn write_plot(path: &Path, svg: &str) -> anyhow::Result<()> {
    input::write_file(path, svg, true).map_err(|error| {
        anyhow::anyhow!(
            "{}: cannot write the plot: {}",
            path.display(),
            input::describe_io(&error)
        )
    })
}
