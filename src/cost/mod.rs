//! Cost estimates (issue 13, `reference/cost-model.md`): a validated workload and a price
//! book in, a monthly estimate per service out, as components (the shape infracost users
//! know), a low / typical / high range, and the assumptions and omissions behind it. Money
//! stays in [`Decimal`] throughout and is rounded only for display ([`cents`]).

use std::sync::{Arc, OnceLock};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::prices::{Architecture, Instance, PriceBook, PriceId};
use crate::text::thousands;
use crate::value::{Duration, Value};
use crate::workload::Workload;

pub mod breakeven;
pub mod compare;
pub mod volumes;

/// How a service is billed, which decides its arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    Lambda,
    Fargate {
        spot: bool,
    },
    /// EC2 instances, with what the service adds on top of them.
    Instances(Extra),
    /// AWS Batch: Fargate or EC2 capacity only while jobs run.
    Batch,
}

/// What an instance-based service charges beyond its instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    None,
    EksControlPlane,
    ManagedInstancesFee,
}

impl Model {
    /// The model for a service of the built-in rule set; `None` for a service advisor has no
    /// prices for (a rule set's own service, a closed one).
    pub fn for_service(id: &str) -> Option<Model> {
        Some(match id {
            "lambda" => Model::Lambda,
            "ecs-fargate" => Model::Fargate { spot: false },
            "ecs-fargate-spot" => Model::Fargate { spot: true },
            "ec2" | "elastic-beanstalk" | "ecs-ec2" => Model::Instances(Extra::None),
            "eks" => Model::Instances(Extra::EksControlPlane),
            "ecs-managed-instances" => Model::Instances(Extra::ManagedInstancesFee),
            "aws-batch" => Model::Batch,
            _ => return None,
        })
    }
}

/// Estimate options a user chooses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Take Lambda's always-free allowance off (off by default: it is per account, and the
    /// account may already use it).
    pub free_tier: bool,
}

/// The prices and options every estimate in one run uses.
#[derive(Debug, Clone)]
pub struct Pricing {
    pub book: Arc<PriceBook>,
    pub options: Options,
    /// The price file as given with `--prices`, `None` for the built-in one.
    pub file: Option<String>,
}

impl Pricing {
    /// The built-in price file with the default options; parsed once per process.
    pub fn builtin() -> Pricing {
        static BOOK: OnceLock<Arc<PriceBook>> = OnceLock::new();
        Pricing {
            book: BOOK
                .get_or_init(|| Arc::new(crate::prices::builtin()))
                .clone(),
            options: Options::default(),
            file: None,
        }
    }
}

/// The volume an estimate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Volume {
    /// `demand.requests_per_month`, or a volume the user asked about.
    Stated(Decimal),
    /// The workload gives no volume: the estimate is per this many units a month.
    PerMillion,
    /// Continuous work without a volume: always-on capacity, priced by the month.
    AlwaysOn,
}

impl Volume {
    pub fn units(self) -> Decimal {
        match self {
            Volume::Stated(units) => units,
            Volume::PerMillion => MILLION,
            Volume::AlwaysOn => Decimal::ZERO,
        }
    }
}

/// One billed line: quantity × unit price = monthly cost, exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub name: String,
    pub quantity: Decimal,
    pub unit: String,
    pub unit_price: Decimal,
    pub monthly_cost: Decimal,
}

impl Component {
    fn new(name: String, quantity: Decimal, unit: &str, unit_price: Decimal) -> Self {
        let quantity = Component::rounded(quantity);
        Component {
            name,
            quantity,
            unit: unit.to_string(),
            unit_price,
            monthly_cost: quantity * unit_price,
        }
    }

    /// Quantities are kept to 6 places so that they read well; the cost is then exactly what
    /// the line says.
    fn rounded(quantity: Decimal) -> Decimal {
        quantity.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
    }
}

/// A monthly estimate for one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub volume: Volume,
    pub low: Decimal,
    pub typical: Decimal,
    pub high: Decimal,
    /// The typical case's lines; they add up to `typical`.
    pub components: Vec<Component>,
    /// Lines a team might choose instead of one in `components` (a REST API for an HTTP
    /// API), priced but not in the total.
    pub alternatives: Vec<Component>,
    /// The inputs and modelling assumptions used, as sentences with their figures.
    pub assumptions: Vec<String>,
    /// What the estimate leaves out.
    pub excluded: Vec<String>,
    /// The unknown workload field whose answer would narrow the range most.
    pub narrowed_most_by: Option<&'static str>,
}

impl Estimate {
    /// Whether the range is wide enough to be worth showing beside the typical figure.
    pub fn is_wide(&self) -> bool {
        self.high > self.low * Decimal::new(15, 1)
    }
}

/// Why a service has no estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoEstimate(pub String);

/// Money rounded half-up to cents, for display.
pub fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `$1,234.56`: rounded half-up to cents, for display.
pub fn dollars(amount: Decimal) -> String {
    let rounded = cents(amount);
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}${}", thousands(format!("{:.2}", rounded.abs())))
}

/// `3,000,000`: a count such as units of work, rounded half-up to a whole number.
pub fn whole_number(count: Decimal) -> String {
    let rounded = count.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    thousands(format!("{:.0}", rounded.normalize()))
}

const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// The most units of work a month advisor prices; beyond it the arithmetic could overflow.
pub const MOST_UNITS: u64 = 1_000_000_000_000_000;
/// The longest unit of work advisor prices (a year), for the same reason.
const LONGEST_SECONDS: u64 = 366 * 24 * 3600;

/// Everything that is always left out, as cost-model.md lists it.
const ALWAYS_EXCLUDED: &[&str] = &[
    "data transfer",
    "NAT gateways",
    "CloudWatch logs and metrics",
    "container registry storage",
    "support plans",
    "taxes",
    "Savings Plans and Reserved Instances",
    "public IPv4 addresses",
];

/// The estimate for the service `id` at the workload's own volume.
pub fn estimate(
    id: &str,
    workload: &Workload,
    book: &PriceBook,
    options: Options,
) -> Result<Estimate, NoEstimate> {
    Sizing::read(workload, book, options).estimate(id, workload_volume(workload))
}

/// What every service's estimate reads from one workload: its figures, with the defaults
/// for unknowns, and the instance type a fleet would run on. Read once per workload and
/// shared by the quotes of every service.
pub struct Sizing<'a> {
    book: &'a PriceBook,
    inputs: Result<Inputs, NoEstimate>,
    sizes: Sizes<'a>,
}

/// What a unit of work runs on, chosen once per workload: neither depends on the volume or
/// the case priced.
#[derive(Clone)]
struct Sizes<'a> {
    /// The instance type instance-based estimates use, and how many units one holds.
    instance: Result<(&'a Instance, Decimal), NoEstimate>,
    /// The cheapest Fargate task size that fits a unit: vCPU and GB.
    task: Result<(Decimal, Decimal), NoEstimate>,
}

impl<'a> Sizing<'a> {
    pub fn read(workload: &Workload, book: &'a PriceBook, options: Options) -> Sizing<'a> {
        let inputs = Inputs::read(workload, book, options);
        let sizes = match &inputs {
            Ok(inputs) => Sizes {
                instance: choose_instance(book, inputs),
                task: choose_task_size(book, inputs),
            },
            Err(why) => Sizes {
                instance: Err(why.clone()),
                task: Err(why.clone()),
            },
        };
        Sizing {
            book,
            inputs,
            sizes,
        }
    }

    /// The estimate for the service `id` at `volume`.
    pub fn estimate(&self, id: &str, volume: Volume) -> Result<Estimate, NoEstimate> {
        self.quoter(id)?.estimate(volume)
    }

    /// A quoter for the service `id`.
    pub fn quoter(&self, id: &str) -> Result<Quoter<'a>, NoEstimate> {
        let model = Model::for_service(id).ok_or_else(|| {
            NoEstimate(format!(
                "advisor has no price model for `{id}`; the price file covers the built-in services"
            ))
        })?;
        Ok(Quoter {
            book: self.book,
            inputs: self.inputs.clone()?,
            model,
            sizes: self.sizes.clone(),
        })
    }
}

/// The volume a workload states, else an estimate per million units.
pub fn workload_volume(workload: &Workload) -> Volume {
    match value(workload, "demand.requests_per_month") {
        Some(Value::Integer(units)) => Volume::Stated(Decimal::from(*units)),
        _ if matches!(
            value(workload, "runtime.trigger"),
            Some(Value::Enum("continuous"))
        ) =>
        {
            Volume::AlwaysOn
        }
        _ => Volume::PerMillion,
    }
}

/// Prices one service for one workload at any volume: the workload is read once, so a
/// table of a thousand volumes or a break-even search costs only the arithmetic.
pub struct Quoter<'a> {
    book: &'a PriceBook,
    inputs: Inputs,
    model: Model,
    sizes: Sizes<'a>,
}

impl<'a> Quoter<'a> {
    pub fn new(
        id: &str,
        workload: &Workload,
        book: &'a PriceBook,
        options: Options,
    ) -> Result<Quoter<'a>, NoEstimate> {
        Sizing::read(workload, book, options).quoter(id)
    }

    /// The full estimate at `volume`.
    pub fn estimate(&self, volume: Volume) -> Result<Estimate, NoEstimate> {
        let pricer = self.pricer(volume)?;
        let typical = pricer.lines(Case::TYPICAL, true)?;
        let low = pricer.lines(Case::LOW, false)?.total;
        let high = pricer.lines(Case::HIGH, false)?.total;
        let narrowed_most_by = pricer.narrowed_most_by()?;
        let mut assumptions = self.inputs.notes();
        assumptions.extend(typical.assumptions);
        let mut excluded: Vec<String> = ALWAYS_EXCLUDED.iter().map(|s| s.to_string()).collect();
        excluded.extend(typical.excluded);
        Ok(Estimate {
            volume,
            low,
            typical: typical.total,
            high,
            components: typical.components,
            alternatives: typical.alternatives,
            assumptions,
            excluded,
            narrowed_most_by,
        })
    }

    /// Only the low, typical and high totals at `volume` units a month: the same arithmetic
    /// as [`Quoter::estimate`], without the wording of its lines.
    pub fn totals(&self, units: Decimal) -> Result<[Decimal; 3], NoEstimate> {
        let pricer = self.pricer(Volume::Stated(units))?;
        let mut totals = [Decimal::ZERO; 3];
        for (slot, case) in totals
            .iter_mut()
            .zip([Case::LOW, Case::TYPICAL, Case::HIGH])
        {
            *slot = pricer.lines(case, false)?.total;
        }
        Ok(totals)
    }

    /// Only the typical total at `volume` units a month.
    pub fn typical(&self, units: Decimal) -> Result<Decimal, NoEstimate> {
        Ok(self
            .pricer(Volume::Stated(units))?
            .lines(Case::TYPICAL, false)?
            .total)
    }

    fn pricer(&self, volume: Volume) -> Result<Pricer<'_>, NoEstimate> {
        let units = volume.units();
        if units > Decimal::from(MOST_UNITS) || units.is_sign_negative() {
            return Err(NoEstimate(format!(
                "{units} units of work a month is beyond what advisor prices (0 to 10^15)"
            )));
        }
        Ok(Pricer {
            book: self.book,
            inputs: &self.inputs,
            model: self.model,
            sizes: &self.sizes,
            volume,
        })
    }
}

/// Which end of an unknown input's range a case takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Low,
    Typical,
    High,
}

/// One combination of the ends of every unknown input.
#[derive(Debug, Clone, Copy)]
struct Case {
    duration: End,
    spikiness: End,
    spot: End,
    /// Low sizes fleets for the average load, the others for the peak.
    sizing: End,
}

impl Case {
    const LOW: Case = Case::all(End::Low);
    const TYPICAL: Case = Case::all(End::Typical);
    const HIGH: Case = Case::all(End::High);

    const fn all(end: End) -> Case {
        Case {
            duration: end,
            spikiness: end,
            spot: end,
            sizing: end,
        }
    }
}

/// The work as the trigger shapes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Requests clients wait on (`http`, `websocket`): a shared fleet, kept at the larger
    /// minimum.
    Serving,
    /// `stream`, `continuous` and an unknown trigger: a shared fleet.
    Fleet,
    /// `queue`, `event`, `schedule`: units of work that can each start a task.
    Units,
}

/// The workload's figures the arithmetic reads, with the defaults and ranges for unknowns.
#[derive(Clone)]
struct Inputs {
    /// Seconds of one unit of work at each end; `None` when nothing bounds it.
    duration: Option<[Decimal; 3]>,
    duration_known: bool,
    trigger: Option<&'static str>,
    shape: Shape,
    /// Peak-to-average factors at each end.
    peak: [Decimal; 3],
    spikiness_known: bool,
    vcpus: Decimal,
    memory_mb: Decimal,
    gpu: bool,
    /// The architecture Lambda and Fargate are priced for: the cheaper Arm64 when any will do.
    architecture: Architecture,
    /// Whether instances of either architecture will do (`architecture: any`).
    any_architecture: bool,
    /// The inputs priced at a default, in the order read.
    defaulted: Vec<Defaulted>,
    free_tier: bool,
}

impl Inputs {
    fn read(workload: &Workload, book: &PriceBook, options: Options) -> Result<Inputs, NoEstimate> {
        let assumptions = &book.assumptions;
        let mut defaulted = Vec::new();
        if let Some(Value::Enum("windows")) = value(workload, "runtime.os") {
            return Err(NoEstimate(
                "the price file holds Linux prices only; Windows licences are not priced".into(),
            ));
        }
        let trigger = match value(workload, "runtime.trigger") {
            Some(Value::Enum(trigger)) => Some(*trigger),
            _ => None,
        };
        let shape = match trigger {
            Some("http" | "websocket") => Shape::Serving,
            Some("queue" | "event" | "schedule") => Shape::Units,
            Some(_) => Shape::Fleet,
            None => {
                defaulted.push(Defaulted::Trigger);
                Shape::Fleet
            }
        };
        let max = match value(workload, "runtime.max_duration") {
            Some(Value::Duration(Duration::Millis(ms))) => Some(Decimal::new(*ms as i64, 3)),
            _ => None,
        };
        let avg = match value(workload, "runtime.avg_duration") {
            Some(Value::Duration(Duration::Millis(ms))) => Some(Decimal::new(*ms as i64, 3)),
            _ => None,
        };
        let share = assumptions.avg_duration_fraction.value;
        let duration = match (avg, max) {
            (Some(avg), _) => Some([avg; 3]),
            (None, Some(max)) => {
                let low = max * share.low;
                let typical = max * share.typical;
                defaulted.push(Defaulted::AvgDuration);
                Some([low, typical, max])
            }
            (None, None) => None,
        };
        let factors = assumptions.peak_factor.value;
        let spikiness = match value(workload, "demand.spikiness") {
            Some(Value::Enum(level)) => Some(*level),
            _ => None,
        };
        let peak = match spikiness {
            Some("low") => [factors.low; 3],
            Some("high") => [factors.high; 3],
            Some(_) => [factors.medium; 3],
            None => [factors.low, factors.medium, factors.high],
        };
        let default = assumptions.default_unit.value;
        let vcpus = match value(workload, "resources.vcpus") {
            Some(Value::Number(n)) => decimal_of(*n),
            _ => {
                defaulted.push(Defaulted::Vcpus);
                default.vcpus
            }
        };
        let memory_mb = match value(workload, "resources.memory_mb") {
            Some(Value::Integer(mb)) => Decimal::from(*mb),
            _ => {
                defaulted.push(Defaulted::Memory);
                default.memory_mb
            }
        };
        let gpu = matches!(value(workload, "resources.gpu"), Some(Value::Bool(true)));
        let any_architecture = matches!(
            value(workload, "runtime.architecture"),
            Some(Value::Enum("any"))
        );
        let architecture = match value(workload, "runtime.architecture") {
            Some(Value::Enum("x86_64")) => Architecture::X86,
            Some(Value::Enum("arm64" | "any")) => Architecture::Arm,
            _ => {
                defaulted.push(Defaulted::Architecture);
                Architecture::X86
            }
        };
        if duration.is_some_and(|[_, _, longest]| longest > Decimal::from(LONGEST_SECONDS)) {
            return Err(NoEstimate(
                "a unit of work longer than a year is beyond what advisor prices per unit".into(),
            ));
        }
        Ok(Inputs {
            duration,
            duration_known: avg.is_some(),
            trigger,
            shape,
            peak,
            spikiness_known: spikiness.is_some(),
            vcpus,
            memory_mb,
            gpu,
            architecture,
            any_architecture,
            defaulted,
            free_tier: options.free_tier,
        })
    }

    fn duration(&self, end: End) -> Option<Decimal> {
        self.duration.map(|d| d[index(end)])
    }

    /// What was assumed for each unknown input, as sentences.
    fn notes(&self) -> Vec<String> {
        self.defaulted
            .iter()
            .map(|defaulted| match defaulted {
                Defaulted::Trigger => "runtime.trigger is unknown: priced as a shared fleet".into(),
                Defaulted::AvgDuration => {
                    let [low, typical, max] = self.duration.unwrap_or_default();
                    format!(
                        "runtime.avg_duration is unknown: a unit of work takes {} typically, between {} and max_duration ({})",
                        seconds(typical),
                        seconds(low),
                        seconds(max)
                    )
                }
                Defaulted::Vcpus => format!(
                    "resources.vcpus is unknown: a unit of work is priced at {} vCPU",
                    self.vcpus
                ),
                Defaulted::Memory => format!(
                    "resources.memory_mb is unknown: a unit of work is priced at {} MB",
                    self.memory_mb
                ),
                Defaulted::Architecture => "runtime.architecture is unknown: priced as x86_64".into(),
            })
            .collect()
    }
}

/// An input the workload leaves unknown, priced at the price file's default.
#[derive(Debug, Clone, Copy)]
enum Defaulted {
    Trigger,
    AvgDuration,
    Vcpus,
    Memory,
    Architecture,
}

fn index(end: End) -> usize {
    match end {
        End::Low => 0,
        End::Typical => 1,
        End::High => 2,
    }
}

/// Every workload field an estimate reads: whatever the other fields say, every estimate
/// stays the same, which lets open questions on them reuse the workload's estimates.
pub const INPUTS: &[&str] = &[
    "runtime.max_duration",
    "runtime.avg_duration",
    "runtime.trigger",
    "runtime.os",
    "runtime.architecture",
    "demand.spikiness",
    "demand.requests_per_month",
    "resources.memory_mb",
    "resources.vcpus",
    "resources.gpu",
];

/// The value of a workload field; the only way the cost model reads the workload, so that
/// [`INPUTS`] stays complete.
fn value<'w>(workload: &'w Workload, path: &str) -> Option<&'w Value> {
    debug_assert!(
        INPUTS.contains(&path),
        "the cost model reads {path}, which cost::INPUTS does not list"
    );
    workload.fact(path).map(|fact| &fact.value)
}

/// A workload number (parsed as `f64`) as the decimal it was written as.
fn decimal_of(number: f64) -> Decimal {
    number.to_string().parse().unwrap_or(Decimal::ONE)
}

/// `0.2 s`, `600 s`.
fn seconds(amount: Decimal) -> String {
    format!("{} s", amount.normalize())
}

/// The lines of one case, with what they assumed and left out. Without `detail` only their
/// total is kept: the arithmetic is the same, the wording is never written (a table of a
/// thousand volumes or a break-even search needs only totals).
struct Lines {
    detail: bool,
    /// The sum of the lines' monthly costs, in the order they were added.
    total: Decimal,
    components: Vec<Component>,
    alternatives: Vec<Component>,
    assumptions: Vec<String>,
    excluded: Vec<String>,
}

impl Lines {
    fn new(detail: bool) -> Lines {
        Lines {
            detail,
            total: Decimal::ZERO,
            components: Vec::new(),
            alternatives: Vec::new(),
            assumptions: Vec::new(),
            excluded: Vec::new(),
        }
    }

    /// One billed line; `name` is called only when the lines are kept.
    fn add(
        &mut self,
        name: impl FnOnce() -> String,
        quantity: Decimal,
        unit: &str,
        unit_price: Decimal,
    ) {
        if self.detail {
            let component = Component::new(name(), quantity, unit, unit_price);
            self.total += component.monthly_cost;
            self.components.push(component);
        } else {
            self.total += Component::rounded(quantity) * unit_price;
        }
    }

    /// An assumption, written only when the lines are kept.
    fn assume(&mut self, text: impl FnOnce() -> String) {
        if self.detail {
            self.assumptions.push(text());
        }
    }

    /// Something left out, written only when the lines are kept.
    fn exclude(&mut self, text: &str) {
        if self.detail {
            self.excluded.push(text.to_string());
        }
    }
}

struct Pricer<'a> {
    book: &'a PriceBook,
    inputs: &'a Inputs,
    model: Model,
    sizes: &'a Sizes<'a>,
    volume: Volume,
}

impl Pricer<'_> {
    /// The lines of `case`, with their wording when `detail`.
    fn lines(&self, case: Case, detail: bool) -> Result<Lines, NoEstimate> {
        let mut lines = Lines::new(detail);
        match self.model {
            Model::Lambda => self.lambda(case, &mut lines)?,
            Model::Fargate { spot } => self.fargate(case, spot, &mut lines)?,
            Model::Instances(extra) => self.instances(case, extra, &mut lines)?,
            Model::Batch => {
                if self.inputs.gpu {
                    self.batch_on_instances(case, &mut lines)?
                } else {
                    self.fargate_units(case, false, &mut lines)?
                }
            }
        }
        Ok(lines)
    }

    /// The unknown input that, varied alone, moves the total most.
    fn narrowed_most_by(&self) -> Result<Option<&'static str>, NoEstimate> {
        if self.volume == Volume::PerMillion {
            return Ok(Some("demand.requests_per_month"));
        }
        let mut widest: Option<(Decimal, &'static str)> = None;
        let candidates = [
            (
                !self.inputs.duration_known && self.inputs.duration.is_some(),
                "runtime.avg_duration",
                Case {
                    duration: End::Low,
                    ..Case::TYPICAL
                },
                Case {
                    duration: End::High,
                    ..Case::TYPICAL
                },
            ),
            (
                !self.inputs.spikiness_known,
                "demand.spikiness",
                Case {
                    spikiness: End::Low,
                    ..Case::TYPICAL
                },
                Case {
                    spikiness: End::High,
                    ..Case::TYPICAL
                },
            ),
        ];
        for (unknown, field, low, high) in candidates {
            if !unknown {
                continue;
            }
            let width = self.lines(high, false)?.total - self.lines(low, false)?.total;
            if width > Decimal::ZERO && widest.is_none_or(|(most, _)| width > most) {
                widest = Some((width, field));
            }
        }
        Ok(widest.map(|(_, field)| field))
    }

    fn price(&self, id: PriceId) -> Decimal {
        self.book.price(id).first()
    }

    fn hours(&self) -> Decimal {
        self.book.assumptions.hours_per_month.value
    }

    fn units(&self) -> Decimal {
        self.volume.units()
    }

    fn duration(&self, end: End, service: &str) -> Result<Decimal, NoEstimate> {
        self.inputs.duration(end).ok_or_else(|| {
            NoEstimate(format!(
                "{service} is billed by the duration of each unit of work, and neither runtime.avg_duration nor a bounded runtime.max_duration gives it"
            ))
        })
    }

    fn lambda(&self, case: Case, lines: &mut Lines) -> Result<(), NoEstimate> {
        let limits = &self.book.limits;
        if self.inputs.gpu {
            return Err(NoEstimate("Lambda has no GPUs".into()));
        }
        if self.volume == Volume::AlwaysOn {
            return Err(NoEstimate(
                "Lambda bills per invocation, and always-on work without demand.requests_per_month has no invocations to count".into(),
            ));
        }
        let seconds_each = self.duration(case.duration, "Lambda")?;
        let by_vcpu = self.inputs.vcpus * limits.lambda_mb_per_vcpu.value;
        let memory = self.inputs.memory_mb.max(by_vcpu).max(Decimal::from(128));
        let most = limits.lambda_max_memory_mb.value;
        if memory > most {
            return Err(NoEstimate(format!(
                "the workload needs {} MB of Lambda memory ({} vCPU at {} MB each), above Lambda's {most} MB",
                memory.ceil(),
                self.inputs.vcpus,
                limits.lambda_mb_per_vcpu.value
            )));
        }
        let memory = memory.ceil();
        if by_vcpu > self.inputs.memory_mb {
            lines.assume(|| {
                format!(
                    "Lambda memory is raised to {memory} MB to give {} vCPU ({} MB buys one vCPU)",
                    self.inputs.vcpus, limits.lambda_mb_per_vcpu.value
                )
            });
        }
        let units = self.units();
        let mut requests = units;
        let mut gb_seconds = units * seconds_each * memory / Decimal::from(1024);
        let free = if self.inputs.free_tier {
            let free_requests = self.book.price(PriceId::LambdaFreeRequests).first();
            let free_compute = self.book.price(PriceId::LambdaFreeCompute).first();
            requests = (requests - free_requests).max(Decimal::ZERO);
            gb_seconds = (gb_seconds - free_compute).max(Decimal::ZERO);
            lines.assume(|| format!(
                "the always-free tier takes off {free_requests} requests and {free_compute} GB-seconds a month"
            ));
            " beyond the free tier"
        } else {
            ""
        };
        lines.add(
            || format!("Lambda requests{free}"),
            requests / MILLION,
            "1M requests",
            self.price(PriceId::LambdaRequests),
        );
        let (duration, arch) = match self.inputs.architecture {
            Architecture::X86 => (PriceId::LambdaDurationX86, "x86_64"),
            Architecture::Arm => (PriceId::LambdaDurationArm, "arm64"),
        };
        self.tiered(
            || format!("Lambda duration ({arch}, {memory} MB){free}"),
            duration,
            gb_seconds,
            Decimal::ONE,
            lines,
        );
        lines.assume(|| {
            format!(
                "{} invocations a month of {} at {memory} MB",
                thousands(units.normalize()),
                seconds(seconds_each)
            )
        });
        match self.inputs.trigger {
            Some("http") => {
                self.tiered(
                    || "API Gateway HTTP API requests".into(),
                    PriceId::ApiGatewayHttp,
                    units,
                    MILLION,
                    lines,
                );
                // An alternative is wording only: it is not in the total.
                if lines.detail {
                    let mut rest = Lines::new(true);
                    self.tiered(
                        || "API Gateway REST API requests (instead of the HTTP API)".into(),
                        PriceId::ApiGatewayRest,
                        units,
                        MILLION,
                        &mut rest,
                    );
                    lines.alternatives.extend(rest.components);
                }
            }
            Some("websocket") => {
                lines.add(
                    || "API Gateway WebSocket messages".into(),
                    units / MILLION,
                    "1M messages",
                    self.price(PriceId::ApiGatewayWebsocketMessages),
                );
                lines.exclude("API Gateway WebSocket connection minutes");
            }
            _ => {}
        }
        lines.exclude("Lambda ephemeral storage above 512 MB");
        lines.exclude("provisioned concurrency");
        Ok(())
    }

    /// One line per tier that `quantity` (in units of `per`) reaches.
    fn tiered(
        &self,
        name: impl Fn() -> String,
        id: PriceId,
        quantity: Decimal,
        per: Decimal,
        lines: &mut Lines,
    ) {
        for band in self.book.price(id).bands(quantity / per) {
            let label = || {
                if band.from > Decimal::ZERO {
                    format!("{}, above {}", name(), band.from.normalize())
                } else {
                    name()
                }
            };
            lines.add(label, band.units, id.unit(), band.price);
        }
    }

    /// The smallest valid Fargate task for one unit of work: (vCPU, GB).
    fn task_size(&self) -> Result<(Decimal, Decimal), NoEstimate> {
        self.sizes.task.clone()
    }

    fn fargate_prices(&self) -> (Decimal, Decimal) {
        fargate_prices(self.book, self.inputs)
    }

    fn fargate(&self, case: Case, spot: bool, lines: &mut Lines) -> Result<(), NoEstimate> {
        if self.inputs.gpu {
            return Err(NoEstimate("Fargate has no GPUs".into()));
        }
        match self.inputs.shape {
            Shape::Units => self.fargate_units(case, spot, lines),
            Shape::Serving | Shape::Fleet => {
                let (vcpu, gb) = self.task_size()?;
                let tasks = self.fleet(case, Decimal::ONE)?;
                let hours = Decimal::from(tasks) * self.hours();
                lines.assume(|| {
                    format!(
                        "{tasks} task{} of {vcpu} vCPU and {gb} GB running {} hours a month",
                        plural(tasks),
                        self.hours()
                    )
                });
                self.fargate_lines(hours, vcpu, gb, spot, case, lines);
                self.load_balancer(true, lines);
                Ok(())
            }
        }
    }

    /// Fargate billed per unit of work: one task per unit, each billed at least the minimum.
    fn fargate_units(&self, case: Case, spot: bool, lines: &mut Lines) -> Result<(), NoEstimate> {
        if self.inputs.gpu {
            return Err(NoEstimate("Fargate has no GPUs".into()));
        }
        if self.volume == Volume::AlwaysOn {
            return Err(NoEstimate(
                "a task per unit of work cannot be priced for always-on work without demand.requests_per_month".into(),
            ));
        }
        let (vcpu, gb) = self.task_size()?;
        let seconds_each = self.duration(case.duration, "Fargate")?;
        let minimum = self.book.assumptions.fargate_minimum_seconds.value;
        let billed = seconds_each.max(minimum);
        let hours = self.units() * billed / Decimal::from(3600);
        lines.assume(|| format!(
            "one task of {vcpu} vCPU and {gb} GB per unit of work, billed {} each (at least {})",
            seconds(billed),
            seconds(minimum)
        ));
        self.fargate_lines(hours, vcpu, gb, spot, case, lines);
        Ok(())
    }

    fn fargate_lines(
        &self,
        task_hours: Decimal,
        vcpu: Decimal,
        gb: Decimal,
        spot: bool,
        case: Case,
        lines: &mut Lines,
    ) {
        let (mut vcpu_price, mut gb_price) = self.fargate_prices();
        let mut kind = "Fargate";
        if spot {
            let saving = self.book.assumptions.fargate_spot_saving.value;
            // The cheapest case takes the largest saving.
            let share = match case.spot {
                End::Low => saving.high,
                End::Typical => saving.typical,
                End::High => saving.low,
            };
            vcpu_price *= Decimal::ONE - share;
            gb_price *= Decimal::ONE - share;
            kind = "Fargate Spot";
            lines.assume(|| {
                format!(
                    "Fargate Spot saves {}% on the Fargate price ({}% to {}%)",
                    percent(share),
                    percent(saving.low),
                    percent(saving.high)
                )
            });
        }
        let arch = self.inputs.architecture.name();
        lines.add(
            || format!("{kind} vCPU ({arch})"),
            task_hours * vcpu,
            "vCPU-hour",
            vcpu_price,
        );
        lines.add(
            || format!("{kind} memory ({arch})"),
            task_hours * gb,
            "GB-hour",
            gb_price,
        );
        lines.exclude("Fargate ephemeral storage above 20 GB");
    }

    /// Tasks or instances of a shared fleet, each running `per_unit` units at once.
    fn fleet(&self, case: Case, per_unit: Decimal) -> Result<u32, NoEstimate> {
        let assumptions = &self.book.assumptions;
        let minimum = match self.inputs.shape {
            Shape::Serving => assumptions.minimum_fleet.value.request_response,
            Shape::Fleet | Shape::Units => assumptions.minimum_fleet.value.other,
        };
        let seconds_a_month = self.hours() * Decimal::from(3600);
        let in_flight = match (self.inputs.duration(case.duration), self.inputs.shape) {
            // Always-on work without a volume is the fleet's minimum.
            (Some(seconds_each), _) => self.units() / seconds_a_month * seconds_each,
            (None, _) => Decimal::ZERO,
        };
        let load = match case.sizing {
            End::Low => in_flight,
            End::Typical | End::High => in_flight * self.inputs.peak[index(case.spikiness)],
        };
        let needed = (load / assumptions.target_utilisation.value / per_unit).ceil();
        let needed = needed
            .to_u32()
            .ok_or_else(|| NoEstimate("the fleet would be too large to price".into()))?;
        Ok(needed.max(minimum))
    }

    /// The instance type and how many units of work it runs at once ([`choose_instance`]).
    fn instance(&self) -> Result<(&Instance, Decimal), NoEstimate> {
        self.sizes.instance.clone()
    }

    fn instances(&self, case: Case, extra: Extra, lines: &mut Lines) -> Result<(), NoEstimate> {
        let (instance, per_instance) = self.instance()?;
        let count = self.fleet(case, per_instance)?;
        let hours = Decimal::from(count) * self.hours();
        lines.assume(|| format!(
            "{count} {} instance{} ({} vCPU, {} GiB, {} unit{} of work at once each) running {} hours a month",
            instance.name,
            plural(count),
            instance.vcpus,
            instance.memory_gib,
            per_instance,
            plural_decimal(per_instance),
            self.hours()
        ));
        lines.add(
            || format!("EC2 {} (on-demand, Linux)", instance.name),
            hours,
            "instance-hour",
            instance.hourly,
        );
        let root = self.book.assumptions.root_volume_gb.value;
        lines.add(
            || format!("EBS gp3 root volumes ({root} GB each)"),
            Decimal::from(count) * root,
            "GB-month",
            self.price(PriceId::EbsGp3),
        );
        match extra {
            Extra::None => {}
            Extra::EksControlPlane => {
                lines.add(
                    || "EKS control plane".into(),
                    self.hours(),
                    "cluster-hour",
                    self.price(PriceId::EksControlPlane),
                );
                lines.exclude("EKS add-ons and Auto Mode fees");
            }
            Extra::ManagedInstancesFee => {
                let share = self.book.assumptions.managed_instances_fee.value;
                lines.add(
                    || {
                        format!(
                            "ECS Managed Instances management fee ({}% of EC2)",
                            percent(share)
                        )
                    },
                    hours,
                    "instance-hour",
                    instance.hourly * share,
                );
            }
        }
        self.load_balancer(count > 1, lines);
        Ok(())
    }

    /// AWS Batch on EC2 (GPU work): instances only while jobs run.
    fn batch_on_instances(&self, case: Case, lines: &mut Lines) -> Result<(), NoEstimate> {
        let (instance, per_instance) = self.instance()?;
        let seconds_each = self.duration(case.duration, "AWS Batch")?;
        let hours = self.units() * seconds_each / Decimal::from(3600) / per_instance;
        lines.assume(|| {
            format!(
                "{} instances run only while jobs do, {per_instance} job{} at once each",
                instance.name,
                plural_decimal(per_instance)
            )
        });
        lines.add(
            || format!("EC2 {} (on-demand, Linux)", instance.name),
            hours,
            "instance-hour",
            instance.hourly,
        );
        Ok(())
    }

    /// An Application Load Balancer in front of a fleet clients call over HTTP or WebSocket.
    fn load_balancer(&self, several: bool, lines: &mut Lines) {
        if self.inputs.shape != Shape::Serving || !several {
            return;
        }
        let hours = self.hours();
        lines.add(
            || "Application Load Balancer".into(),
            hours,
            "hour",
            self.price(PriceId::AlbHour),
        );
        // One LCU is 25 new connections a second.
        let per_second = self.units() / (hours * Decimal::from(3600));
        let connections = per_second * self.book.assumptions.connections_per_request.value;
        lines.add(
            || "Application Load Balancer capacity units".into(),
            connections / Decimal::from(25) * hours,
            "LCU-hour",
            self.price(PriceId::AlbLcuHour),
        );
    }
}

/// The cheapest listed instance type that runs one unit of work, and how many units it runs
/// at once.
/// The Fargate vCPU and GB-hour prices for the workload's architecture.
fn fargate_prices(book: &PriceBook, inputs: &Inputs) -> (Decimal, Decimal) {
    let (vcpu, memory) = match inputs.architecture {
        Architecture::X86 => (PriceId::FargateVcpuX86, PriceId::FargateMemoryX86),
        Architecture::Arm => (PriceId::FargateVcpuArm, PriceId::FargateMemoryArm),
    };
    (book.price(vcpu).first(), book.price(memory).first())
}

/// The cheapest Fargate task size with the unit's vCPU and memory.
fn choose_task_size(book: &PriceBook, inputs: &Inputs) -> Result<(Decimal, Decimal), NoEstimate> {
    let memory_gb = inputs.memory_mb / Decimal::from(1024);
    let (vcpu_price, gb_price) = fargate_prices(book, inputs);
    book.limits
        .fargate_task_sizes
        .value
        .iter()
        .filter(|size| size.vcpu >= inputs.vcpus)
        .filter_map(|size| {
            let gb = size.memory_gb.iter().find(|gb| **gb >= memory_gb)?;
            Some((size.vcpu, *gb))
        })
        .min_by_key(|(vcpu, gb)| *vcpu * vcpu_price + *gb * gb_price)
        .ok_or_else(|| {
            NoEstimate(format!(
                "no Fargate task size has {} vCPU and {} MB",
                inputs.vcpus, inputs.memory_mb
            ))
        })
}

fn choose_instance<'a>(
    book: &'a PriceBook,
    inputs: &Inputs,
) -> Result<(&'a Instance, Decimal), NoEstimate> {
    let memory_gib = inputs.memory_mb / Decimal::from(1024);
    book.instances
        .iter()
        .filter(|i| inputs.any_architecture || i.architecture == inputs.architecture)
        // GPU work needs a GPU; other work never pays for one.
        .filter(|i| inputs.gpu == (i.gpus > 0))
        .filter(|i| i.sustained_vcpus() >= inputs.vcpus && i.memory_gib >= memory_gib)
        .min_by_key(|i| i.hourly)
        .map(|i| {
            let by_cpu = (i.sustained_vcpus() / inputs.vcpus).floor();
            let by_memory = (i.memory_gib / memory_gib).floor();
            (i, by_cpu.min(by_memory).max(Decimal::ONE))
        })
        .ok_or_else(|| {
            NoEstimate(format!(
                "no {} instance type in the price file{} has {} vCPU and {} MB",
                if inputs.any_architecture {
                    "listed"
                } else {
                    inputs.architecture.name()
                },
                if inputs.gpu { " with a GPU" } else { "" },
                inputs.vcpus,
                inputs.memory_mb
            ))
        })
}

fn plural(count: u32) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn plural_decimal(count: Decimal) -> &'static str {
    if count == Decimal::ONE { "" } else { "s" }
}

fn percent(share: Decimal) -> Decimal {
    (share * Decimal::from(100)).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(low: i64, high: i64) -> Estimate {
        Estimate {
            volume: Volume::PerMillion,
            low: Decimal::from(low),
            typical: Decimal::from(low),
            high: Decimal::from(high),
            components: Vec::new(),
            alternatives: Vec::new(),
            assumptions: Vec::new(),
            excluded: Vec::new(),
            narrowed_most_by: None,
        }
    }

    fn quoter_for<'b>(workload: &str, book: &'b PriceBook) -> Result<Quoter<'b>, NoEstimate> {
        let workload = crate::workload::parse(workload, "w.yaml", "w.yaml").expect("valid");
        Quoter::new("ecs-fargate", &workload, book, Options::default())
    }

    #[test]
    fn volumes_up_to_ten_to_the_fifteen_a_month_are_priced_and_no_more() {
        let book = crate::prices::builtin();
        let quoter = quoter_for(
            "name: w\nruntime: {max_duration: 1s, trigger: queue}\n",
            &book,
        )
        .expect("priced");
        let most = Decimal::from(MOST_UNITS);
        assert!(quoter.typical(most).is_ok());
        assert!(quoter.typical(Decimal::ZERO).is_ok());
        assert!(quoter.typical(most + Decimal::ONE).is_err());
        assert!(quoter.typical(Decimal::NEGATIVE_ONE).is_err());
    }

    #[test]
    fn a_unit_of_work_of_up_to_a_year_is_priced_and_no_longer() {
        let book = crate::prices::builtin();
        let year = "name: w\nruntime: {max_duration: 366d, avg_duration: 366d, trigger: queue}\n";
        assert!(quoter_for(year, &book).is_ok());
        let longer = "name: w\nruntime: {max_duration: 367d, avg_duration: 367d, trigger: queue}\n";
        let refused = quoter_for(longer, &book).err().expect("refused");
        assert!(refused.0.contains("longer than a year"), "{refused:?}");
    }

    #[test]
    fn only_an_architecture_left_unknown_is_said_to_be_assumed() {
        let book = crate::prices::builtin();
        let notes = |architecture: &str| {
            let text = format!(
                "name: w\nruntime: {{max_duration: 1s, trigger: queue{architecture}}}\ndemand: {{requests_per_month: 1000}}\n"
            );
            let quoter = quoter_for(&text, &book).expect("priced");
            quoter
                .estimate(Volume::Stated(Decimal::from(1000)))
                .expect("an estimate")
                .assumptions
        };
        let unknown = "runtime.architecture is unknown: priced as x86_64".to_string();
        assert!(notes("").contains(&unknown));
        assert!(!notes(", architecture: x86_64").contains(&unknown));
        assert!(!notes(", architecture: arm64").contains(&unknown));
    }

    #[test]
    fn the_field_named_to_narrow_the_range_is_the_unknown_one_that_moves_it() {
        let book = crate::prices::builtin();
        let narrowed = |runtime: &str, demand: &str| {
            let text = format!(
                "name: w\nruntime: {{trigger: http, {runtime}}}\ndemand: {{requests_per_month: 500000000{demand}}}\n"
            );
            let quoter = quoter_for(&text, &book).expect("priced");
            quoter
                .estimate(Volume::Stated(Decimal::from(500_000_000)))
                .expect("an estimate")
                .narrowed_most_by
        };
        assert_eq!(
            narrowed("max_duration: 1s, avg_duration: 200ms", ""),
            Some("demand.spikiness")
        );
        assert_eq!(
            narrowed("max_duration: 1s", ", spikiness: medium"),
            Some("runtime.avg_duration")
        );
        assert_eq!(
            narrowed(
                "max_duration: 1s, avg_duration: 200ms",
                ", spikiness: medium"
            ),
            None
        );
    }

    #[test]
    fn a_range_is_wide_only_when_its_top_is_more_than_half_again_its_bottom() {
        assert!(!estimate(100, 150).is_wide());
        assert!(estimate(100, 151).is_wide());
        assert!(!estimate(100, 100).is_wide());
    }
}
