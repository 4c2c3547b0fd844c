//! Several workloads at once (`recommend` with several files or a directory, issue 14): each
//! workload file that `input::walk` found is read (one met in a directory only if it is a
//! workload) and evaluated as a single `recommend` evaluates it, in parallel chunks, and the
//! results are handed on in path order. Nothing here knows how they are reported.

use std::io;

use rayon::prelude::*;

use crate::cost::{self, Estimate, NoEstimate, Pricing};
use crate::engine::{self, Answer, Recommendation};
use crate::input::walk::Candidate;
use crate::input::{self, Limits, Walked};
use crate::questions::{self, Question};
use crate::rules::{RuleSet, ServiceIndex};
use crate::whynot::{self, WhyNot};
use crate::workload::{Override, Workload};

/// Workloads evaluated in parallel before their results are handed on: enough to keep every
/// core busy, few enough that memory does not grow with the portfolio.
const CHUNK: usize = 1024;

/// The stack of each worker thread, as large as a main thread's.
const WORKER_STACK: usize = 8 << 20;

/// Why a symbolic link met in a directory is not read.
pub const SYMBOLIC_LINK: &str = "a symbolic link, which is not followed";

/// One workload's results: everything a single `recommend` shows.
pub struct Evaluated {
    pub workload: Workload,
    pub recommendation: Recommendation,
    /// The open questions shown, by evaluation, to change something; with
    /// [`Detail::Summary`], only those that can change the recommendation, each with the
    /// first answer found to change it.
    pub questions: Vec<Question>,
    /// The estimate (or why there is none) of every service that is not ruled out, or only
    /// of the recommended one ([`Detail`]).
    pub estimates: Vec<(ServiceIndex, Result<Estimate, NoEstimate>)>,
    /// The answer to `--why-not SERVICE`, when asked.
    pub why_not: Option<WhyNot>,
}

/// How much of each workload's answer is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// All that a single workload's output shows: an estimate for every service not ruled
    /// out, and every answer to every open question that changes something.
    Full,
    /// What the summary table shows: the recommended service's estimate, how many open
    /// questions can change the recommendation (so each stops at the first answer that does),
    /// and reasons without their wording unless `--why-not` asks for them.
    Summary,
}

/// Ranks the services for `workload`, verifies its open questions, estimates what the
/// services cost (as much of both as `detail` asks) and, when `why_not` names a service,
/// explains what holds it back.
pub fn evaluate(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: Workload,
    why_not: Option<ServiceIndex>,
    detail: Detail,
) -> Evaluated {
    // The summary table shows no reasons, so unless `--why-not` quotes them they are not
    // worded (which is most of ranking a workload that states most fields).
    let recommendation = match (detail, why_not) {
        (Detail::Summary, None) => engine::rank_bare(rule_set, pricing, &workload),
        _ => engine::recommend(rule_set, pricing, &workload),
    };
    let depth = match detail {
        Detail::Full => questions::Depth::EveryAnswer,
        Detail::Summary => questions::Depth::FirstChange,
    };
    let questions = questions::verify_to(rule_set, pricing, &workload, &recommendation, depth);
    let why_not = why_not
        .map(|service| whynot::why_not(rule_set, pricing, &workload, &recommendation, service));
    let pick = recommendation.answer.pick();
    let sizing = cost::Sizing::read(&workload, &pricing.book, pricing.options);
    let volume = cost::workload_volume(&workload);
    let estimates = recommendation
        .standings
        .iter()
        .filter(|s| s.rank.is_some())
        .filter(|s| detail == Detail::Full || pick == Some(s.service))
        .map(|s| {
            let estimate = sizing.estimate(&rule_set.services[s.service].id, volume);
            (s.service, estimate)
        })
        .collect();
    Evaluated {
        workload,
        recommendation,
        questions,
        estimates,
        why_not,
    }
}

/// What became of one file.
pub enum Outcome {
    Evaluated(Box<Evaluated>),
    /// A workload that could not be read or is not valid; the error is a `Diagnostics` when
    /// it has positions.
    Invalid {
        path: String,
        error: anyhow::Error,
    },
    /// A file met in a directory that is not a workload.
    Skipped {
        path: String,
        reason: &'static str,
    },
}

/// How many files ended each way. Every file read as a workload is counted once under
/// `recommended`, `ties`, `undecided`, `no_viable_service` or `invalid`; `skipped` files are
/// not workloads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub recommended: usize,
    pub ties: usize,
    pub undecided: usize,
    pub no_viable_service: usize,
    pub invalid: usize,
    pub skipped: usize,
}

impl Summary {
    /// The files read as workloads, valid or not.
    pub fn workloads(&self) -> usize {
        self.recommended + self.ties + self.undecided + self.no_viable_service + self.invalid
    }

    fn add(&mut self, kind: Kind) {
        let count = match kind {
            Kind::Answer(Answer::Pick { .. }) => &mut self.recommended,
            Kind::Answer(Answer::Tie { .. }) => &mut self.ties,
            Kind::Answer(Answer::Undecided { .. }) => &mut self.undecided,
            Kind::Answer(Answer::NoneViable) => &mut self.no_viable_service,
            Kind::Invalid => &mut self.invalid,
            Kind::Skipped => &mut self.skipped,
        };
        *count += 1;
    }
}

/// The part of an outcome the summary counts.
enum Kind {
    Answer(Answer),
    Invalid,
    Skipped,
}

impl Outcome {
    fn kind(&self) -> Kind {
        match self {
            Outcome::Evaluated(evaluated) => Kind::Answer(evaluated.recommendation.answer.clone()),
            Outcome::Invalid { .. } => Kind::Invalid,
            Outcome::Skipped { .. } => Kind::Skipped,
        }
    }
}

/// What every workload is evaluated with.
pub struct Options<'a> {
    pub rule_set: &'a RuleSet,
    pub pricing: &'a Pricing,
    /// `--set` overrides, applied to every workload.
    pub overrides: &'a [Override],
    /// `--why-not SERVICE`, asked of every workload.
    pub why_not: Option<ServiceIndex>,
    pub detail: Detail,
    pub limits: Limits,
}

/// The threads a portfolio is evaluated on. What the caller does with the results (drawing
/// a table of ten thousand rows) runs on them too, through [`Workers::install`]: a second
/// pool would compete with this one's threads for the same cores.
pub struct Workers(rayon::ThreadPool);

impl Workers {
    pub fn new() -> io::Result<Workers> {
        // Workers with the main thread's stack: the YAML parser recurses before it refuses
        // a file nested too deep, which a directory of hostile files may hold.
        rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK)
            .build()
            .map(Workers)
            .map_err(io::Error::other)
    }

    /// Runs `work` on these threads, so that rayon's parallel iterators in it use them.
    pub fn install<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        self.0.install(work)
    }
}

/// Reads and evaluates every candidate in parallel chunks on `workers`. Each outcome is
/// turned by `map` (in the worker threads, so rendering runs in parallel too) into what
/// `sink` receives, in path order as its chunk completes, so memory stays flat however many
/// files there are.
pub fn run<T: Send>(
    workers: &Workers,
    candidates: &[Candidate],
    options: &Options,
    map: &(dyn Fn(Outcome) -> T + Sync),
    sink: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    for chunk in candidates.chunks(CHUNK) {
        let done: Vec<(Kind, T)> = workers.install(|| {
            chunk
                .par_iter()
                .map(|candidate| {
                    let outcome = outcome(candidate, options);
                    (outcome.kind(), map(outcome))
                })
                .collect()
        });
        for (kind, item) in done {
            summary.add(kind);
            sink(item)?;
        }
    }
    Ok(summary)
}

/// Reads one candidate (a named file always as a workload) and evaluates it.
fn outcome(candidate: &Candidate, options: &Options) -> Outcome {
    let path = candidate.path.display().to_string();
    if let Some(problem) = &candidate.unreadable {
        return Outcome::Invalid {
            error: anyhow::anyhow!("{path}: cannot read: {problem}"),
            path,
        };
    }
    let read = if candidate.named {
        input::load_workload(&path, options.overrides, options.limits).map(Walked::Workload)
    } else if candidate.symlink {
        Ok(Walked::NotAWorkload(SYMBOLIC_LINK))
    } else {
        input::read_walked_workload(&path, options.overrides, options.limits)
    };
    match read {
        Ok(Walked::Workload(workload)) => Outcome::Evaluated(Box::new(evaluate(
            options.rule_set,
            options.pricing,
            workload,
            options.why_not,
            options.detail,
        ))),
        Ok(Walked::NotAWorkload(reason)) => Outcome::Skipped { path, reason },
        Err(error) => Outcome::Invalid { path, error },
    }
}
