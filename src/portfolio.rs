//! Several workloads at once (`recommend` with several files or a directory, issue 14): each
//! workload file that `input::walk` found is read (one met in a directory only if it is a
//! workload) and evaluated as a single `recommend` evaluates it, in parallel chunks, and the
//! results are handed on in path order. Nothing here knows how they are reported.

use std::io;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::cost::{self, Estimate, NoEstimate, Pricing};
use crate::engine::{self, Answer, Recommendation};
use crate::fields::FIELDS;
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
    /// Shared with every workload of the portfolio that states the same facts (see
    /// [`Memo`]).
    pub judged: Arc<Judged>,
    /// The answer to `--why-not SERVICE`, when asked.
    pub why_not: Option<WhyNot>,
}

/// What the rules and the cost model make of a workload's facts.
pub struct Judged {
    pub recommendation: Recommendation,
    /// The open questions shown, by evaluation, to change something; with
    /// [`Detail::Summary`], only those that can change the recommendation, each with the
    /// first answer found to change it.
    pub questions: Vec<Question>,
    /// The estimate (or why there is none) of every service that is not ruled out, or only
    /// of the recommended one ([`Detail`]).
    pub estimates: Vec<(ServiceIndex, Result<Estimate, NoEstimate>)>,
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
    let recommendation = rank(rule_set, pricing, &workload, why_not, detail);
    let why_not = why_not
        .map(|service| whynot::why_not(rule_set, pricing, &workload, &recommendation, service));
    let judged = judge(rule_set, pricing, &workload, recommendation, detail);
    Evaluated {
        workload,
        judged: Arc::new(judged),
        why_not,
    }
}

/// Ranks the services for `workload`. The summary table shows no reasons, so unless
/// `--why-not` quotes them they are not worded (which is most of ranking a workload that
/// states most fields).
fn rank(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    why_not: Option<ServiceIndex>,
    detail: Detail,
) -> Recommendation {
    match (detail, why_not) {
        (Detail::Summary, None) => engine::rank_bare(rule_set, pricing, workload),
        _ => engine::recommend(rule_set, pricing, workload),
    }
}

/// Verifies the open questions of `recommendation` and estimates what the services cost,
/// as much of both as `detail` asks.
fn judge(
    rule_set: &RuleSet,
    pricing: &Pricing,
    workload: &Workload,
    recommendation: Recommendation,
    detail: Detail,
) -> Judged {
    let depth = match detail {
        Detail::Full => questions::Depth::EveryAnswer,
        Detail::Summary => questions::Depth::FirstChange,
    };
    let questions = questions::verify_to(rule_set, pricing, workload, &recommendation, depth);
    let pick = recommendation.answer.pick();
    let sizing = cost::Sizing::read(workload, &pricing.book, pricing.options);
    let volume = cost::workload_volume(workload);
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
    Judged {
        recommendation,
        questions,
        estimates,
    }
}

/// The summary table's evaluations, shared between the workloads of a portfolio that state
/// the same facts: first drafts state the same few fields, and teams copy workload files
/// from a template, so a large portfolio holds many workloads that only their names,
/// descriptions and labels tell apart. With [`Detail::Summary`] and no `--why-not` nothing
/// a workload shows depends on those (no reason is worded), so each distinct set of the
/// other facts is evaluated once.
///
/// Only evaluations that leave at least [`MEMO_OPEN_QUESTIONS`] questions open are kept:
/// trying the answers to a dozen questions costs several times what a workload that states
/// most fields costs, and keeping every evaluation would cost more in memory than it saves.
/// At most [`MEMO_ENTRIES`] are kept, so memory stays flat however many files there are.
pub struct Memo {
    /// The fields whose facts make the key: every field of the format but `name`,
    /// `description` and `labels`, and every label a rule tests.
    fields: Vec<String>,
    judged: Mutex<FxHashMap<String, Arc<Judged>>>,
}

/// The most evaluations a [`Memo`] keeps.
const MEMO_ENTRIES: usize = 4096;

/// The fewest open questions an evaluation a [`Memo`] keeps leaves.
const MEMO_OPEN_QUESTIONS: usize = 4;

impl Memo {
    pub fn new(rule_set: &RuleSet) -> Memo {
        let told_apart = |path: &str| {
            matches!(path, "name" | "description" | "labels") || path.starts_with("labels.")
        };
        let mut fields: Vec<String> = FIELDS
            .iter()
            .map(|field| field.path)
            .filter(|path| !told_apart(path))
            .map(str::to_string)
            .collect();
        for tested in rule_set.rules.iter().filter_map(|r| r.when.as_ref()) {
            tested.visit_tests(&mut |path, _| {
                if told_apart(path) && !fields.iter().any(|f| f == path) {
                    fields.push(path.to_string());
                }
            });
        }
        Memo {
            fields,
            judged: Mutex::new(FxHashMap::default()),
        }
    }

    /// The facts that decide `workload`'s evaluation, as written.
    fn key(&self, workload: &Workload) -> String {
        let mut key = String::with_capacity(256);
        for path in &self.fields {
            if let Some(fact) = workload.fact(path) {
                key.push_str(path);
                key.push('=');
                key.push_str(&fact.written());
            }
            key.push('\n');
        }
        key
    }

    /// The evaluation of `workload`'s facts, made by `judge` unless a workload with the same
    /// facts was judged before.
    fn judged(&self, workload: &Workload, judge: impl FnOnce() -> Judged) -> Arc<Judged> {
        let key = self.key(workload);
        let known = self.lock().get(&key).cloned();
        if let Some(judged) = known {
            return judged;
        }
        let judged = Arc::new(judge());
        if judged.recommendation.open_questions.len() >= MEMO_OPEN_QUESTIONS {
            let mut entries = self.lock();
            if entries.len() < MEMO_ENTRIES {
                entries.insert(key, Arc::clone(&judged));
            }
        }
        judged
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<String, Arc<Judged>>> {
        // A worker that panicked holding the lock left the map as it was: still usable.
        self.judged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// [`evaluate`] with the portfolio's options, sharing the summary table's evaluations
/// between workloads that state the same facts.
fn evaluate_in(options: &Options, workload: Workload) -> Evaluated {
    let (rule_set, pricing) = (options.rule_set, options.pricing);
    match options.why_not {
        None if options.detail == Detail::Summary => {
            let judged = options.memo.judged(&workload, || {
                let recommendation = rank(rule_set, pricing, &workload, None, Detail::Summary);
                judge(
                    rule_set,
                    pricing,
                    &workload,
                    recommendation,
                    Detail::Summary,
                )
            });
            Evaluated {
                workload,
                judged,
                why_not: None,
            }
        }
        _ => evaluate(rule_set, pricing, workload, options.why_not, options.detail),
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
            Outcome::Evaluated(evaluated) => {
                Kind::Answer(evaluated.judged.recommendation.answer.clone())
            }
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
    /// Evaluations shared between workloads with the same facts, for the summary table.
    pub memo: Memo,
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
        Ok(Walked::Workload(workload)) => {
            Outcome::Evaluated(Box::new(evaluate_in(options, workload)))
        }
        Ok(Walked::NotAWorkload(reason)) => Outcome::Skipped { path, reason },
        Err(error) => Outcome::Invalid { path, error },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A first draft, as many in a portfolio: a few fields, many questions open.
    fn draft(name: &str, trigger: &str, labels: &str) -> Workload {
        let text = format!(
            "name: {name}\ndescription: the {name} service\nruntime:\n  max_duration: 30s\n  \
             trigger: {trigger}\nlabels: {{{labels}}}\n"
        );
        crate::workload::parse(&text, "w.yaml", "w.yaml").expect("a valid workload")
    }

    fn summary_options<'a>(rule_set: &'a RuleSet, pricing: &'a Pricing) -> Options<'a> {
        Options {
            rule_set,
            pricing,
            overrides: &[],
            why_not: None,
            detail: Detail::Summary,
            memo: Memo::new(rule_set),
            limits: Limits::default(),
        }
    }

    /// Runs `test` with the summary table's options over the built-in rule set and prices.
    fn with_builtin(test: impl FnOnce(&Options)) {
        let rule_set = crate::builtin::rule_set();
        let pricing = Pricing::builtin();
        test(&summary_options(&rule_set, &pricing));
    }

    /// `workload` evaluated alone, without a memo.
    fn alone(options: &Options, workload: Workload) -> Evaluated {
        evaluate(
            options.rule_set,
            options.pricing,
            workload,
            None,
            Detail::Summary,
        )
    }

    fn shown(judged: &Judged) -> String {
        format!(
            "{:?} {:?} {:?}",
            judged.recommendation, judged.questions, judged.estimates
        )
    }

    #[test]
    fn workloads_told_apart_only_by_name_description_and_labels_share_one_evaluation() {
        with_builtin(|options| {
            let first = evaluate_in(options, draft("a", "http", "team: a"));
            assert!(first.judged.recommendation.open_questions.len() >= MEMO_OPEN_QUESTIONS);
            let second = evaluate_in(options, draft("b", "http", "team: b"));
            assert!(Arc::ptr_eq(&first.judged, &second.judged));
            assert_eq!(second.workload.name, "b");
            // What is shared is what evaluating the workload alone gives.
            let alone = alone(options, draft("b", "http", "team: b"));
            assert_eq!(shown(&second.judged), shown(&alone.judged));
        });
    }

    #[test]
    fn a_workload_with_any_other_fact_different_is_evaluated_afresh() {
        with_builtin(|options| {
            let http = evaluate_in(options, draft("a", "http", ""));
            let queue = evaluate_in(options, draft("a", "queue", ""));
            assert!(!Arc::ptr_eq(&http.judged, &queue.judged));
            let alone = alone(options, draft("a", "queue", ""));
            assert_eq!(shown(&queue.judged), shown(&alone.judged));
        });
    }

    #[test]
    fn a_label_a_rule_tests_tells_workloads_apart() {
        let overlay = Path::new("examples/rules/acme-overlay.yaml");
        let loaded = input::load_rule_set(Some(overlay), Limits::default()).expect("the overlay");
        let pricing = Pricing::builtin();
        let options = summary_options(&loaded.rules, &pricing);
        let pci = evaluate_in(&options, draft("a", "http", "compliance: pci"));
        let other = evaluate_in(&options, draft("b", "http", "compliance: none"));
        assert!(!Arc::ptr_eq(&pci.judged, &other.judged));
        let again = evaluate_in(&options, draft("c", "http", "compliance: pci, team: c"));
        assert!(Arc::ptr_eq(&pci.judged, &again.judged));
    }

    #[test]
    fn an_evaluation_that_leaves_few_questions_open_is_not_kept() {
        // A workload that states every field the rules test but one.
        let text = "name: a\nruntime:\n  max_duration: 30s\n  trigger: http\n  \
                    interruptible: false\n  os: linux\n  architecture: any\n\
                    demand:\n  spikiness: high\n  requests_per_month: 3000000\n\
                    resources:\n  memory_mb: 1024\n  vcpus: 1\n  gpu: false\n  \
                    ephemeral_storage_gb: 1\ncontrol:\n  os_access: false\n  \
                    portability: none\ncontainers:\n  preference: neutral\n  \
                    orchestrator: none\n  privileged: false\nteam:\n  ops_capacity: low\n  \
                    willing_to_rewrite: true\npriorities: [cost]\n";
        let workload = || crate::workload::parse(text, "w.yaml", "w.yaml").expect("valid");
        with_builtin(|options| {
            let first = evaluate_in(options, workload());
            assert!(first.judged.recommendation.open_questions.len() < MEMO_OPEN_QUESTIONS);
            let second = evaluate_in(options, workload());
            assert!(!Arc::ptr_eq(&first.judged, &second.judged));
            assert_eq!(shown(&first.judged), shown(&second.judged));
        });
    }
}
