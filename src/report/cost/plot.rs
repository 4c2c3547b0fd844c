//! `--plot FILE.svg`: the chart of [`crate::report::cost_plot`] for one workload: each
//! priced service's typical monthly cost over a range of volumes, with the workload's own
//! volume and the break-even volumes marked.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Context, short_units};
use crate::cost::breakeven::{self, BreakEven};
use crate::report::cost_plot::{Marker, Plot, Series};

/// Points drawn per series.
const POINTS: usize = 100;
/// The share of the volume axis a marker's label needs to itself: about 24 pixels of the
/// 600 or more the chart is wide.
const LABEL_ROOM: f64 = 0.04;

/// The chart over `lowest..=highest` units a month: the break-even range, or the range of
/// `--volumes`. Markers outside the range are left out, so they do not stretch the axis past
/// the lines.
pub fn plot(context: &Context, (lowest, highest): (u64, u64)) -> Plot {
    let lowest = lowest.max(1);
    let highest = highest.max(lowest);
    let volumes = breakeven::spaced(lowest, highest, POINTS);
    let comparison = context.comparison;
    let curves: Vec<Vec<(u64, Decimal)>> = comparison
        .priced
        .iter()
        .map(|&candidate| comparison.curve(candidate, &volumes))
        .collect();
    let series = comparison
        .priced
        .iter()
        .zip(&curves)
        .enumerate()
        .map(|(i, (&candidate, curve))| {
            let mut label = context.label(candidate);
            // A line with the same cost as a later one is drawn under it, out of sight: the
            // legend says where it is.
            if let Some(twin) = (i + 1..curves.len()).rev().find(|&j| curves[j] == *curve) {
                let over = context.id(comparison.priced[twin]);
                label.push_str(&format!(", the same cost as {over} (under its line)"));
            }
            Series {
                label,
                points: curve
                    .iter()
                    .map(|&(units, cost)| (units as f64, cost.to_f64().unwrap_or(f64::NAN)))
                    .collect(),
            }
        })
        .collect();
    let within = |units: u64| (lowest..=highest).contains(&units);
    let mut markers = Vec::new();
    if let Some(units) = context.stated_units().and_then(|u| u.to_u64())
        && within(units)
    {
        markers.push(Marker {
            volume: units as f64,
            label: format!("this workload: {}", short_units(units)),
        });
    }
    // Break-evens closer together than a label is tall share one marker, at the first.
    let closest = 10f64.powf(LABEL_ROOM * (highest as f64 / lowest as f64).log10());
    let mut groups: Vec<Vec<&BreakEven>> = Vec::new();
    for b in comparison.break_evens.iter().filter(|b| within(b.units)) {
        match groups.last_mut() {
            Some(group) if (b.units as f64) < group[group.len() - 1].units as f64 * closest => {
                group.push(b)
            }
            _ => groups.push(vec![b]),
        }
    }
    for group in groups {
        let (first, last) = (group[0], group[group.len() - 1]);
        let mut chain = vec![context.id(first.from)];
        chain.extend(group.iter().map(|b| context.id(b.to)));
        let label = if group.len() == 1 {
            format!(
                "break-even {}: {}",
                chain.join(" → "),
                short_units(first.units)
            )
        } else {
            format!(
                "break-evens {}: {}–{}",
                chain.join(" → "),
                short_units(first.units),
                short_units(last.units)
            )
        };
        markers.push(Marker {
            volume: first.units as f64,
            label,
        });
    }
    Plot {
        title: format!("Monthly cost by volume: {}", context.workload_title()),
        x_label: "units of work a month".to_string(),
        y_label: format!("{} a month (typical)", context.book.currency),
        series,
        markers,
    }
}
