//! Where the cheapest option changes as volume rises: a geometric scan over monthly volume,
//! then bisection to the unit. Provisioned options cost in steps (a task or an instance at a
//! time), so a change is either a crossing, where the two costs meet, or a step, where the
//! cheaper option adds capacity and jumps past the other.

use rust_decimal::Decimal;

use super::Quoter;

/// How the cheapest option changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The two costs meet (within 1%) at the volume.
    Crossing,
    /// The cheaper option steps up past the other (it adds a task or an instance).
    Step,
}

/// One volume at which the cheapest option changes.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakEven {
    /// The first volume (units a month) at which `to` is the cheapest.
    pub units: u64,
    /// Indices into the options searched.
    pub from: usize,
    pub to: usize,
    /// Both options' typical monthly cost at `units`.
    pub from_cost: Decimal,
    pub to_cost: Decimal,
    pub change: Change,
}

impl BreakEven {
    /// The average rate, in units a second, over `hours` a month.
    pub fn per_second(&self, hours: Decimal) -> Decimal {
        Decimal::from(self.units) / (hours * Decimal::from(3600))
    }
}

/// Samples per tenfold rise in volume; changes closer together than this can be missed.
const SAMPLES_PER_DECADE: u32 = 48;

/// The volumes between `lowest` and `highest` units a month at which the cheapest of
/// `options` (by typical cost) changes, lowest first.
pub fn find(options: &[Quoter], lowest: u64, highest: u64) -> Vec<BreakEven> {
    let cheapest = |units: u64| cheapest(options, units);
    let mut found = Vec::new();
    let samples = geometric(lowest, highest, SAMPLES_PER_DECADE);
    let mut previous: Option<(u64, usize)> = None;
    for units in samples {
        let Some((now, _)) = cheapest(units) else {
            continue;
        };
        if let Some((before_units, before)) = previous
            && before != now
        {
            // Bisect to the first volume at which `before` is no longer the cheapest.
            let (mut low, mut high) = (before_units, units);
            while high - low > 1 {
                let middle = low + (high - low) / 2;
                match cheapest(middle) {
                    Some((winner, _)) if winner == before => low = middle,
                    _ => high = middle,
                }
            }
            if let Some((to, to_cost)) = cheapest(high)
                && let Ok(from_cost) = options[before].typical(Decimal::from(high))
            {
                let gap = (from_cost - to_cost).abs();
                let change = if gap * Decimal::from(100) <= from_cost.max(to_cost) {
                    Change::Crossing
                } else {
                    Change::Step
                };
                found.push(BreakEven {
                    units: high,
                    from: before,
                    to,
                    from_cost,
                    to_cost,
                    change,
                });
            }
        }
        previous = Some((units, now));
    }
    found
}

/// The cheapest option at `units` and its typical cost; the first listed wins a tie.
fn cheapest(options: &[Quoter], units: u64) -> Option<(usize, Decimal)> {
    let units = Decimal::from(units);
    options
        .iter()
        .enumerate()
        .filter_map(|(i, quoter)| quoter.typical(units).ok().map(|cost| (i, cost)))
        .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
}

/// `per_decade` volumes per tenfold rise from `lowest` to `highest`, both included, whole
/// units, each once.
pub fn geometric(lowest: u64, highest: u64, per_decade: u32) -> Vec<u64> {
    let lowest = lowest.max(1);
    let highest = highest.max(lowest);
    let decades = (highest as f64 / lowest as f64).log10();
    let steps = (decades * f64::from(per_decade)).ceil().max(1.0) as u64;
    let mut volumes: Vec<u64> = (0..=steps)
        .map(|i| {
            let exponent = decades * i as f64 / steps as f64;
            (lowest as f64 * 10f64.powf(exponent)).round() as u64
        })
        .map(|v| v.clamp(lowest, highest))
        .collect();
    volumes.dedup();
    volumes
}

/// Spaced volumes for a table: `count` of them from `lowest` to `highest`, geometrically.
pub fn spaced(lowest: u64, highest: u64, count: usize) -> Vec<u64> {
    if count <= 1 || highest <= lowest {
        return vec![lowest];
    }
    let ratio = (highest as f64 / lowest.max(1) as f64).ln() / (count - 1) as f64;
    let mut volumes: Vec<u64> = (0..count)
        .map(|i| (lowest.max(1) as f64 * (ratio * i as f64).exp()).round() as u64)
        .map(|v| v.clamp(lowest, highest))
        .collect();
    volumes.dedup();
    volumes
}
