//! `--format text`: the estimates side by side, the services not priced, the break-even
//! volumes, the `--volumes` table and each estimate's components; `--explain` adds the
//! assumptions behind each estimate.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};

use super::{Context, number, rate, unit_price, units};
use crate::cost::breakeven::Change;
use crate::cost::compare::SEARCHED;
use crate::cost::{Component, Estimate, dollars};
use crate::prices::STALE_AFTER_DAYS;
use crate::report::{PIPE_WIDTH, SafeText, cell};

pub fn render(context: &Context) -> String {
    let mut out = SafeText::new(context.color);
    header(context, &mut out);
    estimates(context, &mut out);
    not_priced(context, &mut out);
    if context.comparison.any_estimate() {
        break_evens(context, &mut out);
        volumes(context, &mut out);
        components(context, &mut out);
    }
    if let Some(path) = context.plot {
        let _ = writeln!(out);
        let _ = writeln!(out, "Plot written to {path}");
    } else if context.plot_skipped {
        let _ = writeln!(out);
        let _ = writeln!(out, "No plot written: no service has an estimate to draw");
    }
    out.into_string()
}

fn bold() -> Style {
    Style::new().bold()
}

fn header(context: &Context, out: &mut SafeText) {
    let title = context.workload_title();
    match context.stated_units() {
        Some(stated) => out.styled(
            bold(),
            format_args!(
                "Monthly cost of {title} at {} units of work a month",
                number(stated)
            ),
        ),
        None => out.styled(
            bold(),
            format_args!("Monthly cost of {title} per 1,000,000 units of work a month"),
        ),
    }
    let _ = writeln!(out);
    if context.stated_units().is_none() {
        let _ = writeln!(
            out,
            "  the workload states no volume: answer demand.requests_per_month for its own figures"
        );
    }
    let file = match context.prices_file {
        Some(path) => format!("price file {path}"),
        None => "built-in price file".to_string(),
    };
    let book = context.book;
    let _ = writeln!(
        out,
        "  prices: {file} ({}, {}), as of {}",
        book.region, book.currency, book.as_of
    );
    let _ = writeln!(
        out,
        "  Lambda's always-free tier: {}",
        if context.free_tier {
            "taken off (--free-tier)"
        } else {
            "not taken off (--free-tier takes it off)"
        }
    );
    if context.stale() {
        let warning = format!(
            "warning: the prices are {} days old (as of {}, today {}); prices older than {STALE_AFTER_DAYS} days may have changed: refresh the price file or pass --prices FILE",
            context.age_days(),
            book.as_of,
            context.today
        );
        out.styled(
            AnsiColor::Yellow.on_default().bold(),
            format_args!("{}", wrap(&warning, usize::from(PIPE_WIDTH), "  ")),
        );
        let _ = writeln!(out);
    }
}

/// A table as wide as the terminal, or [`PIPE_WIDTH`] into a pipe.
fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    if table.width().is_none() {
        table.set_width(PIPE_WIDTH);
    }
    table
}

/// Keeps the columns at `indices` (figures, ids) on one line; the others wrap.
fn unwrapped(table: &mut Table, indices: impl IntoIterator<Item = usize>) {
    for index in indices {
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

fn right(text: &str) -> Cell {
    cell(text).set_alignment(CellAlignment::Right)
}

fn estimates(context: &Context, out: &mut SafeText) {
    let mut rows = context.estimates().peekable();
    if rows.peek().is_none() {
        let _ = writeln!(out);
        let text = if context.ruled_out().count() == context.services.len() {
            "No estimate: every service is ruled out, so there is nothing to price"
        } else {
            "No estimate: none of the viable services could be priced"
        };
        out.styled(AnsiColor::Red.on_default().bold(), format_args!("{text}"));
        let _ = writeln!(out);
        return;
    }
    let mut table = table(&["Service", "Typical", "Low – high", "Narrowed most by"]);
    for (candidate, estimate) in rows {
        let mut service = context.label(candidate);
        if context.comparison.cheapest == Some(candidate) {
            service.push_str(" *");
        }
        table.add_row(vec![
            cell(&service),
            right(&dollars(estimate.typical)),
            right(&range(estimate)),
            cell(estimate.narrowed_most_by.unwrap_or("-")),
        ]);
    }
    unwrapped(&mut table, [1, 2]);
    let _ = writeln!(out);
    out.table(&table);
    let _ = writeln!(out);
    para(
        out,
        "  ",
        "* the cheapest (typical); low – high spans what the workload leaves unknown, and a fleet sized for its average load rather than its peak",
    );
}

/// Viable services without an estimate, with why, and the ruled-out services.
fn not_priced(context: &Context, out: &mut SafeText) {
    let missing: Vec<(usize, &str)> = context.not_estimated().collect();
    if !missing.is_empty() {
        let _ = writeln!(out);
        out.styled(bold(), format_args!("No estimate:"));
        let _ = writeln!(out);
        for (candidate, why) in missing {
            let _ = writeln!(out, "  {}: {why}", context.label(candidate));
        }
    }
    let ruled_out: Vec<usize> = context.ruled_out().collect();
    if !ruled_out.is_empty() {
        let _ = writeln!(out);
        out.styled(bold(), format_args!("Ruled out, so not priced:"));
        let _ = writeln!(out);
        for candidate in ruled_out {
            let _ = writeln!(
                out,
                "  {}: ruled out by {}",
                context.label(candidate),
                context.ruled_out_by(candidate).join(", ")
            );
        }
    }
}

fn break_evens(context: &Context, out: &mut SafeText) {
    let comparison = context.comparison;
    let _ = writeln!(out);
    out.styled(
        bold(),
        format_args!(
            "Break-even volumes, from {} to {} units of work a month:",
            units(SEARCHED.0),
            units(SEARCHED.1)
        ),
    );
    let _ = writeln!(out);
    if comparison.priced.len() < 2 {
        let _ = writeln!(
            out,
            "  only {} has an estimate: there is nothing to compare it with",
            comparison
                .priced
                .first()
                .map_or(String::new(), |&c| context.label(c))
        );
        return;
    }
    if comparison.break_evens.is_empty() {
        let cheapest = comparison.cheapest_at(SEARCHED.0);
        let _ = writeln!(
            out,
            "  none: the cheapest option stays {} over the whole range",
            cheapest.map_or("the same".to_string(), |c| context.label(c))
        );
        return;
    }
    let mut table = table(&[
        "Units a month",
        "Per second",
        "From",
        "To",
        "From cost",
        "To cost",
        "Change",
    ]);
    let mut step = false;
    for b in &comparison.break_evens {
        step |= b.change == Change::Step;
        table.add_row(vec![
            right(&units(b.units)),
            right(&rate(context.per_second(b.units))),
            cell(context.id(b.from)),
            cell(context.id(b.to)),
            right(&dollars(b.from_cost)),
            right(&dollars(b.to_cost)),
            cell(match b.change {
                Change::Crossing => "crossing",
                Change::Step => "step",
            }),
        ]);
    }
    unwrapped(&mut table, 0..7);
    out.table(&table);
    let _ = writeln!(out);
    para(
        out,
        "  ",
        &format!(
            "the costs are typical monthly costs at that volume; per second is the average rate over {} hours a month",
            number(context.hours())
        ),
    );
    let _ = writeln!(
        out,
        "  crossing: the two costs meet (within 1%) at that volume"
    );
    if step {
        para(
            out,
            "  ",
            "step: the cheaper option adds a task or an instance at that volume, and its cost jumps past the other's",
        );
    }
}

fn volumes(context: &Context, out: &mut SafeText) {
    let Some(rows) = &context.comparison.rows else {
        return;
    };
    let _ = writeln!(out);
    out.styled(
        bold(),
        format_args!(
            "Typical monthly cost by volume (--volumes {}):",
            context.volumes_spec.unwrap_or("")
        ),
    );
    let _ = writeln!(out);
    let mut header = vec!["Units a month", "Per second"];
    header.extend(context.comparison.priced.iter().map(|&c| context.id(c)));
    let mut table = table(&header);
    for row in rows {
        let mut cells = vec![
            right(&units(row.units)),
            right(&rate(context.per_second(row.units))),
        ];
        for (&candidate, cost) in context.comparison.priced.iter().zip(&row.costs) {
            let text = match cost {
                Some([_, typical, _]) if row.cheapest == Some(candidate) => {
                    format!("{} *", dollars(*typical))
                }
                Some([_, typical, _]) => dollars(*typical),
                None => "-".to_string(),
            };
            cells.push(right(&text));
        }
        table.add_row(cells);
    }
    unwrapped(&mut table, 0..2);
    out.table(&table);
    let _ = writeln!(out);
    let _ = writeln!(out, "  * the cheapest at that volume");
}

fn components(context: &Context, out: &mut SafeText) {
    let at = match context.stated_units() {
        Some(stated) => format!("{} units of work a month", number(stated)),
        None => "1,000,000 units of work a month".to_string(),
    };
    let _ = writeln!(out);
    out.styled(bold(), format_args!("Components at {at} (typical):"));
    let _ = writeln!(out);
    for (candidate, estimate) in context.estimates() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}: {} a month",
            context.label(candidate),
            dollars(estimate.typical)
        );
        out.table(&component_table(estimate));
        let _ = writeln!(out);
        for alternative in &estimate.alternatives {
            para(
                out,
                "  ",
                &format!(
                    "not in the total: {}: {} × {} at {} = {}",
                    alternative.name,
                    number(alternative.quantity),
                    alternative.unit,
                    unit_price(alternative.unit_price),
                    dollars(alternative.monthly_cost)
                ),
            );
        }
        let everywhere = context.excluded_everywhere();
        let own: Vec<&str> = estimate
            .excluded
            .iter()
            .map(String::as_str)
            .filter(|item| !everywhere.contains(item))
            .collect();
        if !own.is_empty() {
            para(out, "  ", &format!("not included: {}", own.join(", ")));
        }
        if context.explain {
            let assumed = context.assumed_everywhere();
            let own: Vec<&String> = estimate
                .assumptions
                .iter()
                .filter(|item| !assumed.contains(&item.as_str()))
                .collect();
            if !own.is_empty() {
                let _ = writeln!(out, "  assumptions:");
                for assumption in own {
                    para(out, "    ", &format!("- {assumption}"));
                }
            }
        }
    }
    let _ = writeln!(out);
    if context.explain {
        let assumed = context.assumed_everywhere();
        if !assumed.is_empty() {
            let _ = writeln!(out, "Assumed for every estimate:");
            for assumption in assumed {
                para(out, "  ", &format!("- {assumption}"));
            }
            let _ = writeln!(out);
        }
    }
    para(
        out,
        "",
        &format!(
            "Not included in any estimate: {}",
            context.excluded_everywhere().join(", ")
        ),
    );
    if !context.explain {
        let _ = writeln!(out, "--explain lists the assumptions behind each estimate");
    }
}

/// `$89.98 – $867.37`, or the one figure when nothing unknown widens it.
fn range(estimate: &Estimate) -> String {
    if estimate.low == estimate.high {
        dollars(estimate.low)
    } else {
        format!("{} – {}", dollars(estimate.low), dollars(estimate.high))
    }
}

fn component_table(estimate: &Estimate) -> Table {
    let mut table = table(&[
        "Component",
        "Quantity",
        "Unit",
        "Unit price",
        "Monthly cost",
    ]);
    let line = |component: &Component| {
        vec![
            cell(&component.name),
            right(&number(component.quantity)),
            cell(&component.unit),
            right(&unit_price(component.unit_price)),
            right(&dollars(component.monthly_cost)),
        ]
    };
    for component in &estimate.components {
        table.add_row(line(component));
    }
    unwrapped(&mut table, [1, 3, 4]);
    table.add_row(vec![
        cell("Total"),
        cell(""),
        cell(""),
        cell(""),
        right(&dollars(estimate.typical)),
    ]);
    table
}

/// Writes `text` at `indent`, wrapped to [`PIPE_WIDTH`], its further lines indented two
/// more.
fn para(out: &mut SafeText, indent: &str, text: &str) {
    let more = format!("{indent}  ");
    let _ = writeln!(
        out,
        "{indent}{}",
        wrap(text, usize::from(PIPE_WIDTH) - indent.len(), &more)
    );
}

/// `text` broken between words into lines of at most `width` characters, the lines after
/// the first indented by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut column = 0;
    for word in text.split(' ') {
        let length = word.chars().count();
        if column > 0 && column + 1 + length > width {
            out.push('\n');
            out.push_str(indent);
            column = indent.chars().count();
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += length;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_between_words_and_indents_what_follows() {
        assert_eq!(
            wrap("one two three four", 9, "  "),
            "one two\n  three\n  four"
        );
        assert_eq!(wrap("short", 9, "  "), "short");
    }
}
