//! Every candidate service priced side by side for one workload (`advisor cost`): the
//! estimate of each viable one at the workload's volume, where the cheapest option changes
//! as volume rises, and, when asked, the cost of each at chosen volumes.
//!
//! Which services are viable is the ranking's to say; this module takes that as given, so it
//! knows nothing of rules.

use rust_decimal::Decimal;

use super::breakeven::{self, BreakEven};
use super::{Estimate, NoEstimate, Pricing, Quoter, Volume, workload_volume};
use crate::workload::Workload;

/// The volumes the break-even search covers, in units of work a month.
pub const SEARCHED: (u64, u64) = (1_000, 10_000_000_000);

/// A candidate service to price.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: &'a str,
    /// Not ruled out by the rules.
    pub viable: bool,
}

/// What pricing one candidate gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Ruled out: not priced.
    RuledOut,
    NoEstimate(NoEstimate),
    Estimate(Box<Estimate>),
}

impl Outcome {
    pub fn estimate(&self) -> Option<&Estimate> {
        match self {
            Outcome::Estimate(estimate) => Some(estimate),
            _ => None,
        }
    }
}

/// One volume of `--volumes`: each priced candidate's low, typical and high cost there.
#[derive(Debug, Clone)]
pub struct Row {
    pub units: u64,
    /// Parallel to [`Comparison::priced`]; `None` where the model cannot price the volume.
    pub costs: Vec<Option<[Decimal; 3]>>,
    /// The index (into the candidates) of the cheapest by typical cost; the first listed
    /// wins a tie.
    pub cheapest: Option<usize>,
}

/// The candidates priced for one workload.
pub struct Comparison<'a> {
    /// The workload's own volume, or per million units when it states none.
    pub volume: Volume,
    /// Parallel to the candidates given.
    pub outcomes: Vec<Outcome>,
    /// The indices of the candidates with an estimate, in the order given.
    pub priced: Vec<usize>,
    /// The cheapest candidate at the workload's volume (by typical cost).
    pub cheapest: Option<usize>,
    /// Where the cheapest changes over [`SEARCHED`]; `from` and `to` index the candidates.
    pub break_evens: Vec<BreakEven>,
    /// The `--volumes` table, when asked for.
    pub rows: Option<Vec<Row>>,
    quoters: Vec<Quoter<'a>>,
}

impl<'a> Comparison<'a> {
    /// Prices every viable candidate at the workload's volume, searches for break-even
    /// volumes, and prices `volumes` when given.
    pub fn build(
        candidates: &[Candidate],
        workload: &Workload,
        pricing: &'a Pricing,
        volumes: Option<&[u64]>,
    ) -> Comparison<'a> {
        let volume = workload_volume(workload);
        let mut outcomes = Vec::with_capacity(candidates.len());
        let mut priced = Vec::new();
        let mut quoters = Vec::new();
        for (index, candidate) in candidates.iter().enumerate() {
            if !candidate.viable {
                outcomes.push(Outcome::RuledOut);
                continue;
            }
            let quoted = Quoter::new(candidate.id, workload, &pricing.book, pricing.options)
                .and_then(|quoter| Ok((quoter.estimate(volume)?, quoter)));
            match quoted {
                Ok((estimate, quoter)) => {
                    outcomes.push(Outcome::Estimate(Box::new(estimate)));
                    priced.push(index);
                    quoters.push(quoter);
                }
                Err(why) => outcomes.push(Outcome::NoEstimate(why)),
            }
        }
        let cheapest = priced
            .iter()
            .filter_map(|&i| outcomes[i].estimate().map(|e| (i, e.typical)))
            .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(i, _)| i);
        let break_evens = breakeven::find(&quoters, SEARCHED.0, SEARCHED.1)
            .into_iter()
            .map(|b| BreakEven {
                from: priced[b.from],
                to: priced[b.to],
                ..b
            })
            .collect();
        let mut comparison = Comparison {
            volume,
            outcomes,
            priced,
            cheapest,
            break_evens,
            rows: None,
            quoters,
        };
        comparison.rows =
            volumes.map(|volumes| volumes.iter().map(|&units| comparison.row(units)).collect());
        comparison
    }

    fn row(&self, units: u64) -> Row {
        let costs: Vec<Option<[Decimal; 3]>> = self
            .quoters
            .iter()
            .map(|quoter| quoter.totals(Decimal::from(units)).ok())
            .collect();
        let cheapest = costs
            .iter()
            .zip(&self.priced)
            .filter_map(|(cost, &index)| cost.map(|[_, typical, _]| (index, typical)))
            .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(index, _)| index);
        Row {
            units,
            costs,
            cheapest,
        }
    }

    /// The typical cost of the candidate `index` at each of `volumes` it can be priced at,
    /// for a plot.
    pub fn curve(&self, index: usize, volumes: &[u64]) -> Vec<(u64, Decimal)> {
        let Some(at) = self.priced.iter().position(|&i| i == index) else {
            return Vec::new();
        };
        let quoter = &self.quoters[at];
        volumes
            .iter()
            .filter_map(|&units| {
                let cost = quoter.typical(Decimal::from(units)).ok()?;
                Some((units, cost))
            })
            .collect()
    }

    /// The cheapest candidate at `units` a month, by typical cost.
    pub fn cheapest_at(&self, units: u64) -> Option<usize> {
        self.row(units).cheapest
    }

    /// Whether any candidate has an estimate.
    pub fn any_estimate(&self) -> bool {
        !self.priced.is_empty()
    }
}
