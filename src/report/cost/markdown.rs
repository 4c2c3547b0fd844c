//! `--format markdown`: the table report as GitHub-flavoured Markdown for a pull-request
//! comment: headings, pipe tables, and each estimate's components folded in `<details>`.
//! Every piece of text is escaped (with `report::markdown`), so a name with `|`, `*` or `<`
//! cannot break a table or inject markup.

use std::fmt::Write;

use super::{Context, number, rate, unit_price, units};
use crate::cost::breakeven::Change;
use crate::cost::compare::SEARCHED;
use crate::cost::dollars;
use crate::prices::STALE_AFTER_DAYS;
use crate::report::escape_controls;
use crate::report::markdown::{html, text as md};

pub fn render(context: &Context) -> String {
    let mut out = String::new();
    header(context, &mut out);
    estimates(context, &mut out);
    if context.comparison.any_estimate() {
        break_evens(context, &mut out);
        volumes(context, &mut out);
        components(context, &mut out);
    }
    if let Some(path) = context.plot {
        let _ = writeln!(out, "Plot written to `{}`.\n", code(path));
    } else if context.plot_skipped {
        let _ = writeln!(
            out,
            "No plot written: no service has an estimate to draw.\n"
        );
    }
    // One newline at the end, as every other report.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Text for inside a code span: a code span shows backslashes as they are, so only what
/// would end the span or the table cell is replaced.
fn code(text: &str) -> String {
    escape_controls(text).replace('`', "'").replace('|', "\\|")
}

/// `$1,234.56`, escaped (GitHub reads `$…$` as maths).
fn money(amount: rust_decimal::Decimal) -> String {
    md(&dollars(amount))
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn header(context: &Context, out: &mut String) {
    let _ = writeln!(out, "## Monthly cost: {}\n", md(&context.workload_title()));
    let volume = match context.stated_units() {
        Some(stated) => format!(
            "At **{}** units of work a month (`demand.requests_per_month`).",
            md(&number(stated))
        ),
        None => "Per **1,000,000** units of work a month: the workload states no volume; \
                 answer `demand.requests_per_month` for its own figures."
            .to_string(),
    };
    let file = match context.prices_file {
        Some(path) => format!("price file `{}`", code(path)),
        None => "built-in price file".to_string(),
    };
    let book = context.book;
    let free_tier = if context.free_tier {
        "taken off (`--free-tier`)"
    } else {
        "not taken off"
    };
    let _ = writeln!(
        out,
        "{volume} Prices: {file} ({}, {}), as of {}. Lambda's always-free tier: {free_tier}.\n",
        md(&book.region),
        md(&book.currency),
        book.as_of
    );
    if context.stale() {
        let _ = writeln!(
            out,
            "> **Warning:** the prices are {} days old (as of {}, today {}); prices older than \
             {STALE_AFTER_DAYS} days may have changed.\n",
            context.age_days(),
            book.as_of,
            context.today
        );
    }
}

fn estimates(context: &Context, out: &mut String) {
    let mut rows = context.estimates().peekable();
    if rows.peek().is_none() {
        let text = if context.ruled_out().count() == context.services.len() {
            "every service is ruled out, so there is nothing to price"
        } else {
            "none of the viable services could be priced"
        };
        let _ = writeln!(out, "**No estimate:** {text}.\n");
    } else {
        row(
            out,
            &[
                "Service".into(),
                "Typical".into(),
                "Low – high".into(),
                "Narrowed most by".into(),
            ],
        );
        let _ = writeln!(out, "|---|---:|---:|---|");
        for (candidate, estimate) in rows {
            let cheapest = context.comparison.cheapest == Some(candidate);
            let strong = |text: String| {
                if cheapest {
                    format!("**{text}**")
                } else {
                    text
                }
            };
            row(
                out,
                &[
                    strong(md(&context.label(candidate))),
                    strong(money(estimate.typical)),
                    if estimate.low == estimate.high {
                        money(estimate.low)
                    } else {
                        format!("{} – {}", money(estimate.low), money(estimate.high))
                    },
                    estimate
                        .narrowed_most_by
                        .map_or("-".to_string(), |field| format!("`{}`", code(field))),
                ],
            );
        }
        let _ = writeln!(
            out,
            "\nThe cheapest (typical) is in bold. Low – high spans what the workload leaves unknown, and a fleet sized for its average load rather than its peak.\n"
        );
    }
    let missing: Vec<(usize, &str)> = context.not_estimated().collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "No estimate:\n");
        for (candidate, why) in missing {
            let _ = writeln!(out, "- {}: {}", md(&context.label(candidate)), md(why));
        }
        let _ = writeln!(out);
    }
    let ruled_out: Vec<usize> = context.ruled_out().collect();
    if !ruled_out.is_empty() {
        let _ = writeln!(out, "Ruled out, so not priced:\n");
        for candidate in ruled_out {
            let rules: Vec<String> = context
                .ruled_out_by(candidate)
                .iter()
                .map(|id| format!("`{}`", code(id)))
                .collect();
            let _ = writeln!(
                out,
                "- {}: ruled out by {}",
                md(&context.label(candidate)),
                rules.join(", ")
            );
        }
        let _ = writeln!(out);
    }
}

fn break_evens(context: &Context, out: &mut String) {
    let comparison = context.comparison;
    let _ = writeln!(out, "### Break-even volumes\n");
    let _ = write!(
        out,
        "Searched from {} to {} units of work a month. ",
        units(SEARCHED.0),
        units(SEARCHED.1)
    );
    if comparison.priced.len() < 2 {
        let only = comparison
            .priced
            .first()
            .map_or(String::new(), |&c| md(&context.label(c)));
        let _ = writeln!(
            out,
            "Only {only} has an estimate: there is nothing to compare it with.\n"
        );
        return;
    }
    if comparison.break_evens.is_empty() {
        let cheapest = comparison
            .cheapest_at(SEARCHED.0)
            .map_or("the same".to_string(), |c| md(&context.label(c)));
        let _ = writeln!(
            out,
            "None: the cheapest option stays {cheapest} over the whole range.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "Costs are typical monthly costs at that volume; per second is the average rate over {} hours a month.\n",
        number(context.hours())
    );
    row(
        out,
        &[
            "Units a month".into(),
            "Per second".into(),
            "From".into(),
            "To".into(),
            "From cost".into(),
            "To cost".into(),
            "Change".into(),
        ],
    );
    let _ = writeln!(out, "|---:|---:|---|---|---:|---:|---|");
    let mut step = false;
    for b in &comparison.break_evens {
        step |= b.change == Change::Step;
        row(
            out,
            &[
                units(b.units),
                rate(context.per_second(b.units)),
                format!("`{}`", code(context.id(b.from))),
                format!("`{}`", code(context.id(b.to))),
                money(b.from_cost),
                money(b.to_cost),
                match b.change {
                    Change::Crossing => "crossing".into(),
                    Change::Step => "step".into(),
                },
            ],
        );
    }
    let _ = writeln!(
        out,
        "\n*crossing*: the two costs meet (within 1%) at that volume."
    );
    if step {
        let _ = writeln!(
            out,
            "*step*: the cheaper option adds a task or an instance at that volume, and its cost jumps past the other's."
        );
    }
    let _ = writeln!(out);
}

fn volumes(context: &Context, out: &mut String) {
    let Some(rows) = &context.comparison.rows else {
        return;
    };
    let _ = writeln!(out, "### Typical monthly cost by volume\n");
    let _ = writeln!(
        out,
        "`--volumes {}`; the cheapest at each volume is in bold.\n",
        code(context.volumes_spec.unwrap_or(""))
    );
    let priced = &context.comparison.priced;
    let mut header = vec!["Units a month".to_string(), "Per second".to_string()];
    header.extend(priced.iter().map(|&c| format!("`{}`", code(context.id(c)))));
    row(out, &header);
    let _ = writeln!(out, "|---:|---:|{}", "---:|".repeat(priced.len()));
    for volume in rows {
        let mut cells = vec![units(volume.units), rate(context.per_second(volume.units))];
        for (&candidate, cost) in priced.iter().zip(&volume.costs) {
            cells.push(match cost {
                Some([_, typical, _]) if volume.cheapest == Some(candidate) => {
                    format!("**{}**", money(*typical))
                }
                Some([_, typical, _]) => money(*typical),
                None => "-".to_string(),
            });
        }
        row(out, &cells);
    }
    let _ = writeln!(out);
}

fn components(context: &Context, out: &mut String) {
    let at = match context.stated_units() {
        Some(stated) => format!("{} units of work a month", md(&number(stated))),
        None => "1,000,000 units of work a month".to_string(),
    };
    let _ = writeln!(out, "### Components at {at} (typical)\n");
    let everywhere = context.excluded_everywhere();
    let assumed = context.assumed_everywhere();
    for (candidate, estimate) in context.estimates() {
        let _ = writeln!(
            out,
            "<details><summary>{}: {} a month</summary>\n",
            html(&context.label(candidate)),
            html(&dollars(estimate.typical))
        );
        row(
            out,
            &[
                "Component".into(),
                "Quantity".into(),
                "Unit".into(),
                "Unit price".into(),
                "Monthly cost".into(),
            ],
        );
        let _ = writeln!(out, "|---|---:|---|---:|---:|");
        for component in &estimate.components {
            row(
                out,
                &[
                    md(&component.name),
                    md(&number(component.quantity)),
                    md(&component.unit),
                    md(&unit_price(component.unit_price)),
                    money(component.monthly_cost),
                ],
            );
        }
        row(
            out,
            &[
                "**Total**".into(),
                String::new(),
                String::new(),
                String::new(),
                format!("**{}**", money(estimate.typical)),
            ],
        );
        let _ = writeln!(out);
        for alternative in &estimate.alternatives {
            let _ = writeln!(
                out,
                "Not in the total: {}: {} × {} at {} = {}.\n",
                md(&alternative.name),
                md(&number(alternative.quantity)),
                md(&alternative.unit),
                md(&unit_price(alternative.unit_price)),
                money(alternative.monthly_cost)
            );
        }
        let own: Vec<String> = estimate
            .excluded
            .iter()
            .filter(|item| !everywhere.contains(&item.as_str()))
            .map(|item| md(item))
            .collect();
        if !own.is_empty() {
            let _ = writeln!(out, "Not included: {}.\n", own.join(", "));
        }
        let own: Vec<String> = estimate
            .assumptions
            .iter()
            .filter(|item| !assumed.contains(&item.as_str()))
            .map(|item| format!("- {}", md(item)))
            .collect();
        if !own.is_empty() {
            let _ = writeln!(out, "Assumptions:\n\n{}\n", own.join("\n"));
        }
        let _ = writeln!(out, "</details>\n");
    }
    if !assumed.is_empty() {
        let _ = writeln!(out, "Assumed for every estimate:\n");
        for assumption in &assumed {
            let _ = writeln!(out, "- {}", md(assumption));
        }
        let _ = writeln!(out);
    }
    let everywhere: Vec<String> = everywhere.iter().map(|item| md(item)).collect();
    let _ = writeln!(
        out,
        "Not included in any estimate: {}.\n",
        everywhere.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn code_spans_keep_to_their_table_cell() {
        assert_eq!(code("a`b|c"), "a'b\\|c");
    }
}
