//! The price-file validator: one walk over the YAML tree that reports every problem with its
//! line and column and what would be valid, like the rule-set and workload validators.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{
    Architecture, Assumption, Assumptions, DurationShare, Instance, Limit, Limits, MinimumFleet,
    PeakFactor, Price, PriceBook, PriceId, Provenance, Spread, Status, TaskSize, Tier, UnitSize,
};
use crate::date::Date;
use crate::diagnostic::{Collector, Diagnostics, Position};
use crate::validate::{Expected, Mapping};
use crate::yaml::{Node, NodeValue};

const ROOT_KEYS: &[&str] = &[
    "format_version",
    "region",
    "currency",
    "as_of",
    "prices",
    "limits",
    "instances",
    "instances_source",
    "instances_checked",
    "instances_status",
    "assumptions",
];
const PRICE_KEYS: &[&str] = &[
    "unit", "price", "tiers", "source", "checked", "status", "note",
];
const TIER_KEYS: &[&str] = &["up_to", "price"];
const INSTANCE_KEYS: &[&str] = &[
    "type",
    "architecture",
    "vcpus",
    "memory_gib",
    "gpus",
    "baseline",
    "hourly",
];
const ASSUMPTION_KEYS: &[&str] = &[
    "hours_per_month",
    "peak_factor",
    "target_utilisation",
    "minimum_fleet",
    "fargate_spot_saving",
    "fargate_minimum_seconds",
    "avg_duration_fraction",
    "default_unit",
    "connections_per_request",
    "managed_instances_fee",
    "root_volume_gb",
];
const LIMIT_KEYS: &[&str] = &[
    "lambda_mb_per_vcpu",
    "lambda_max_memory_mb",
    "fargate_task_sizes",
];
/// The keys of an assumption that has one value.
const VALUE: &[&str] = &["value"];
const SUPPORTED_FORMAT: i128 = 1;

pub(super) fn price_book(root: &Node, label: &str) -> Result<PriceBook, Diagnostics> {
    let mut loader = Loader {
        errors: Collector::new(label),
        checked: Vec::new(),
    };
    let book = loader.book(root);
    // A part is `None` only after its problem was reported, so `finish` fails first.
    loader
        .errors
        .finish(book)
        .map(|book| book.expect("a missing part was reported"))
}

struct Loader<'a> {
    errors: Collector<'a>,
    /// Every `checked` date and where, for the `as_of` check.
    checked: Vec<(Date, String)>,
}

/// What a number in a price file may be.
#[derive(Clone, Copy)]
enum Bound {
    /// 0 or more: a price.
    NonNegative,
    /// More than 0: a size, a factor.
    Positive,
    /// More than 0 and at most 1: a share.
    Fraction,
}

impl Bound {
    fn describe(self) -> &'static str {
        match self {
            Bound::NonNegative => "a number, 0 or more",
            Bound::Positive => "a number greater than 0",
            Bound::Fraction => "a number greater than 0 and at most 1",
        }
    }

    fn holds(self, value: Decimal) -> bool {
        match self {
            Bound::NonNegative => value >= Decimal::ZERO,
            Bound::Positive => value > Decimal::ZERO,
            Bound::Fraction => value > Decimal::ZERO && value <= Decimal::ONE,
        }
    }
}

impl Loader<'_> {
    fn book(&mut self, root: &Node) -> Option<PriceBook> {
        let Some(map) = Mapping::of(root) else {
            self.errors.error(
                root.pos,
                format!(
                    "a price file must be a mapping with format_version, region, currency, as_of, prices, limits, instances and assumptions, found {}",
                    root.describe()
                ),
            );
            return None;
        };
        map.report_unknown_keys(ROOT_KEYS, &"", &" in the price file", &mut self.errors);
        match map.get("format_version") {
            Some(node) if matches!(node.value, NodeValue::Int(SUPPORTED_FORMAT)) => {}
            Some(node) => self.errors.error(
                node.pos,
                format!(
                    "format_version: unsupported price file version {}; this advisor reads version {SUPPORTED_FORMAT}",
                    node.describe()
                ),
            ),
            None => self.errors.error(
                map.pos,
                format!(
                    "format_version: required key is missing; expected `format_version: {SUPPORTED_FORMAT}`"
                ),
            ),
        }
        let region = self.text(map, "region", "region");
        let currency = self.text(map, "currency", "currency");
        if let Some((currency, pos)) = &currency
            && *currency != "USD"
        {
            self.errors.error(
                *pos,
                format!(
                    "currency: unsupported currency {}; this advisor reads prices in USD",
                    map.get("currency").map_or_else(String::new, Node::describe)
                ),
            );
        }
        let as_of = self.date(map, "as_of", "as_of");
        let prices = self.prices(map);
        let limits = self.limits(map);
        let instances = self.instances(map);
        let instances_provenance = self.provenance(map, "instances_", "instances_");
        let assumptions = self.assumptions(map);
        if let Some((as_of, pos)) = as_of
            && let Some((oldest, at)) = self.checked.iter().min_by_key(|(date, _)| *date)
            && *oldest < as_of
        {
            self.errors.error(
                pos,
                format!(
                    "as_of: {as_of} is later than {oldest}, the oldest `checked` date ({at}); as_of is the date of the oldest figure"
                ),
            );
        }
        Some(PriceBook {
            region: region?.0.to_string(),
            currency: currency?.0.to_string(),
            as_of: as_of?.0,
            prices: prices?,
            limits: limits?,
            instances: instances?,
            instances_provenance: instances_provenance?,
            assumptions: assumptions?,
        })
    }

    /// `node` as a mapping, or a problem that says it must be `expected` (`a mapping with
    /// ...`) and what it is instead.
    fn mapping<'n>(&mut self, node: &'n Node, path: &str, expected: &str) -> Option<Mapping<'n>> {
        let map = Mapping::of(node);
        if map.is_none() {
            self.errors.error(
                node.pos,
                format!("{path}: expected {expected}, found {}", node.describe()),
            );
        }
        map
    }

    /// `node` as a list, or a problem that says it must be `expected` and what it is instead.
    fn list<'n>(&mut self, node: &'n Node, path: &str, expected: &str) -> Option<&'n [Node]> {
        match &node.value {
            NodeValue::Seq(items) => Some(items),
            _ => {
                self.errors.error(
                    node.pos,
                    format!("{path}: expected {expected}, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// The node under `key`, reporting a missing one; `path` names it in messages.
    fn required<'n>(&mut self, map: Mapping<'n>, key: &str, path: &str) -> Option<&'n Node> {
        let node = map.get(key);
        if node.is_none() {
            self.errors
                .error(map.pos, format!("{path}: required key is missing"));
        }
        node
    }

    fn text<'n>(&mut self, map: Mapping<'n>, key: &str, path: &str) -> Option<(&'n str, Position)> {
        map.required_text(key, &path, Expected::String, &mut self.errors)
    }

    fn date(&mut self, map: Mapping, key: &str, path: &str) -> Option<(Date, Position)> {
        let (text, pos) = map.required_text(
            key,
            &path,
            Expected::Described("a date like 2026-11-28"),
            &mut self.errors,
        )?;
        match Date::parse(text) {
            Ok(date) => Some((date, pos)),
            Err(problem) => {
                self.errors.error(pos, format!("{path}: {problem}"));
                None
            }
        }
    }

    fn number(&mut self, node: &Node, path: &str, bound: Bound) -> Option<Decimal> {
        let parsed = match &node.value {
            NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Str(_) => {
                let text = node.text().trim();
                Decimal::from_str(text)
                    .or_else(|_| Decimal::from_scientific(text))
                    .ok()
            }
            _ => None,
        };
        match parsed {
            Some(value) if bound.holds(value) => Some(value),
            Some(_) => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}: {} is out of range; expected {}",
                        node.describe(),
                        bound.describe()
                    ),
                );
                None
            }
            None => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}: expected {}, found {}",
                        bound.describe(),
                        node.describe()
                    ),
                );
                None
            }
        }
    }

    fn required_number(
        &mut self,
        map: Mapping,
        key: &str,
        path: &str,
        bound: Bound,
    ) -> Option<Decimal> {
        let node = self.required(map, key, path)?;
        self.number(node, path, bound)
    }

    fn whole(&mut self, node: &Node, path: &str, min: i128) -> Option<u32> {
        match node.value {
            NodeValue::Int(n) if n >= min && n <= i128::from(u32::MAX) => Some(n as u32),
            NodeValue::Int(_) => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}: {} is out of range; expected a whole number, {min} or more",
                        node.describe()
                    ),
                );
                None
            }
            _ => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}: expected a whole number, {min} or more, found {}",
                        node.describe()
                    ),
                );
                None
            }
        }
    }

    /// `source`, `checked` and `status` under `{prefix}source` and so on.
    fn provenance(&mut self, map: Mapping, prefix: &str, path: &str) -> Option<Provenance> {
        let source = self.text(map, &format!("{prefix}source"), &format!("{path}source"));
        let checked = self.date(map, &format!("{prefix}checked"), &format!("{path}checked"));
        let status = self.status(map, &format!("{prefix}status"), &format!("{path}status"));
        if let Some((date, _)) = checked {
            self.checked.push((
                date,
                format!("{path}checked").trim_end_matches('.').to_string(),
            ));
        }
        Some(Provenance {
            source: source?.0.to_string(),
            checked: checked?.0,
            status: status?,
        })
    }

    /// The `source`, `checked` and `status` of a price or a limit at `path`, and its `note`.
    fn provenance_and_note(
        &mut self,
        map: Mapping,
        path: &str,
    ) -> (Option<Provenance>, Option<String>) {
        let provenance = self.provenance(map, "", &format!("{path}."));
        let note = map
            .optional_text(
                "note",
                &format_args!("{path}.note"),
                Expected::String,
                &mut self.errors,
            )
            .map(|(text, _)| text.to_string());
        (provenance, note)
    }

    fn status(&mut self, map: Mapping, key: &str, path: &str) -> Option<Status> {
        let expected = format!("one of {}", Status::NAMES.join(", "));
        let (text, pos) =
            map.required_text(key, &path, Expected::Described(&expected), &mut self.errors)?;
        let status = Status::parse(text);
        if status.is_none() {
            self.errors.error(
                pos,
                format!(
                    "{path}: unknown status {}, expected {expected}{}",
                    map.get(key).map_or_else(String::new, Node::describe),
                    crate::fields::did_you_mean(text, Status::NAMES.iter().copied())
                ),
            );
        }
        status
    }

    fn prices(&mut self, root: Mapping) -> Option<Vec<Price>> {
        let node = self.required(root, "prices", "prices")?;
        let map = self.mapping(node, "prices", "a mapping of price names to prices")?;
        let keys: Vec<&str> = PriceId::keys().collect();
        map.report_unknown_keys(&keys, &"prices: ", &"", &mut self.errors);
        // A misspelt price is reported already; the price it misspells is not missing too.
        let misspelt: Vec<&str> = map
            .unknown_keys(&keys)
            .filter_map(|unknown| unknown.suggestion())
            .collect();
        let mut prices = Vec::new();
        let mut complete = true;
        for id in PriceId::ALL {
            match map.get(id.key()) {
                Some(node) => match self.price(node, id) {
                    Some(price) => prices.push(price),
                    None => complete = false,
                },
                None => {
                    if !misspelt.contains(&id.key()) {
                        self.errors.error(
                            map.pos,
                            format!(
                                "prices.{}: required price is missing; expected a price in {}",
                                id.key(),
                                id.unit()
                            ),
                        );
                    }
                    complete = false;
                }
            }
        }
        complete.then_some(prices)
    }

    fn price(&mut self, node: &Node, id: PriceId) -> Option<Price> {
        let path = format!("prices.{}", id.key());
        let map = self.mapping(
            node,
            &path,
            "a mapping with unit, price (or tiers), source, checked and status",
        )?;
        map.report_unknown_keys(PRICE_KEYS, &format_args!("{path}: "), &"", &mut self.errors);
        if let Some((unit, pos)) = self.text(map, "unit", &format!("{path}.unit"))
            && unit != id.unit()
        {
            self.errors.error(
                pos,
                format!(
                    "{path}.unit: expected `{}`, the unit advisor reads this price in, found {}",
                    id.unit(),
                    map.get("unit").map_or_else(String::new, Node::describe)
                ),
            );
        }
        let tiers = match (map.get("price"), map.get("tiers")) {
            (Some(price), None) => self
                .number(price, &format!("{path}.price"), Bound::NonNegative)
                .map(|price| vec![Tier { up_to: None, price }]),
            (None, Some(tiers)) => self.tiers(tiers, &format!("{path}.tiers")),
            (Some(_), Some(_)) => {
                let (tiers, _) = map.entry("tiers").expect("tiers is there");
                self.errors.error(
                    tiers.pos,
                    format!("{path}: give either `price` or `tiers`, not both"),
                );
                None
            }
            (None, None) => {
                self.errors.error(
                    map.pos,
                    format!("{path}: required key is missing; expected `price` or `tiers`"),
                );
                None
            }
        };
        let (provenance, note) = self.provenance_and_note(map, &path);
        Some(Price {
            id,
            tiers: tiers?,
            provenance: provenance?,
            note,
        })
    }

    fn tiers(&mut self, node: &Node, path: &str) -> Option<Vec<Tier>> {
        let items = self.list(node, path, "a list of {up_to, price} tiers")?;
        if items.is_empty() {
            self.errors
                .error(node.pos, format!("{path}: expected at least one tier"));
            return None;
        }
        let mut tiers = Vec::new();
        let mut previous: Option<Decimal> = None;
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let map = self.mapping(item, &at, "a mapping with up_to and price")?;
            map.report_unknown_keys(TIER_KEYS, &format_args!("{at}: "), &"", &mut self.errors);
            let last = i + 1 == items.len();
            let up_to = match (map.get("up_to"), last) {
                (Some(up_to), false) => {
                    let value = self.number(up_to, &format!("{at}.up_to"), Bound::Positive)?;
                    if let Some(below) = previous
                        && value <= below
                    {
                        self.errors.error(
                            up_to.pos,
                            format!(
                                "{at}.up_to: {value} is not above the previous tier's up_to ({below}); tiers go from the smallest volume up"
                            ),
                        );
                    }
                    previous = Some(value);
                    Some(value)
                }
                (Some(up_to), true) => {
                    let (key, _) = map.entry("up_to").expect("up_to is there");
                    let why = if i == 0 {
                        "the only tier, which prices every unit; give a flat `price` instead of `tiers`"
                    } else {
                        "the last tier, which prices every unit above the tier before it; remove it"
                    };
                    self.errors.error(
                        key.pos,
                        format!("{at}.up_to: {} is not allowed on {why}", up_to.describe()),
                    );
                    None
                }
                (None, false) => {
                    self.errors.error(
                        map.pos,
                        format!("{at}.up_to: required key is missing; every tier but the last ends at an up_to"),
                    );
                    None
                }
                (None, true) => None,
            };
            let price =
                self.required_number(map, "price", &format!("{at}.price"), Bound::NonNegative)?;
            tiers.push(Tier { up_to, price });
        }
        Some(tiers)
    }

    fn limits(&mut self, root: Mapping) -> Option<Limits> {
        let node = self.required(root, "limits", "limits")?;
        let map = self.mapping(node, "limits", "a mapping")?;
        map.report_unknown_keys(LIMIT_KEYS, &"limits: ", &"", &mut self.errors);
        let mb_per_vcpu = self.limit(map, "lambda_mb_per_vcpu", "value", |l, node, path| {
            l.number(node, path, Bound::Positive)
        });
        let max_memory = self.limit(map, "lambda_max_memory_mb", "value", |l, node, path| {
            l.number(node, path, Bound::Positive)
        });
        let task_sizes = self.limit(map, "fargate_task_sizes", "sizes", Self::task_sizes);
        Some(Limits {
            lambda_mb_per_vcpu: mb_per_vcpu?,
            lambda_max_memory_mb: max_memory?,
            fargate_task_sizes: task_sizes?,
        })
    }

    /// One limit: its value under `value_key`, read by `value`, and its provenance.
    fn limit<T>(
        &mut self,
        map: Mapping,
        key: &str,
        value_key: &str,
        value: impl FnOnce(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<Limit<T>> {
        let path = format!("limits.{key}");
        let Some(node) = map.get(key) else {
            self.errors
                .error(map.pos, format!("{path}: required limit is missing"));
            return None;
        };
        let inner = self.mapping(
            node,
            &path,
            &format!("a mapping with {value_key}, source, checked and status"),
        )?;
        let allowed = [value_key, "source", "checked", "status", "note"];
        inner.report_unknown_keys(&allowed, &format_args!("{path}: "), &"", &mut self.errors);
        let parsed = match self.required(inner, value_key, &format!("{path}.{value_key}")) {
            Some(node) => value(self, node, &format!("{path}.{value_key}")),
            None => None,
        };
        let (provenance, note) = self.provenance_and_note(inner, &path);
        Some(Limit {
            value: parsed?,
            provenance: provenance?,
            note,
        })
    }

    /// Fargate's valid task sizes: each vCPU size with its memory sizes, as a list
    /// (`[0.5, 1, 2]`) or a range (`{from: 1, to: 4, step: 1}`).
    fn task_sizes(&mut self, node: &Node, path: &str) -> Option<Vec<TaskSize>> {
        let items = self.list(node, path, "a list of {vcpu, memory_gb} sizes")?;
        let mut sizes: Vec<TaskSize> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let map = self.mapping(item, &at, "a mapping with vcpu and memory_gb")?;
            map.report_unknown_keys(
                &["vcpu", "memory_gb"],
                &format_args!("{at}: "),
                &"",
                &mut self.errors,
            );
            let vcpu = self.required_number(map, "vcpu", &format!("{at}.vcpu"), Bound::Positive)?;
            if let Some(previous) = sizes.last()
                && vcpu <= previous.vcpu
            {
                self.errors.error(
                    item.pos,
                    format!("{at}.vcpu: {vcpu} is not above the previous size's vcpu ({}); list sizes from the smallest up", previous.vcpu),
                );
            }
            let memory = self.required(map, "memory_gb", &format!("{at}.memory_gb"))?;
            let memory_gb = self.memory_sizes(memory, &format!("{at}.memory_gb"))?;
            sizes.push(TaskSize { vcpu, memory_gb });
        }
        if sizes.is_empty() {
            self.errors
                .error(node.pos, format!("{path}: expected at least one size"));
            return None;
        }
        Some(sizes)
    }

    fn memory_sizes(&mut self, node: &Node, path: &str) -> Option<Vec<Decimal>> {
        const MOST: usize = 1000;
        match &node.value {
            NodeValue::Seq(items) if !items.is_empty() => {
                let mut sizes = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let size = self.number(item, &format!("{path}[{i}]"), Bound::Positive)?;
                    if sizes.last().is_some_and(|last| size <= *last) {
                        self.errors.error(
                            item.pos,
                            format!("{path}[{i}]: sizes go from the smallest up"),
                        );
                    }
                    sizes.push(size);
                }
                Some(sizes)
            }
            NodeValue::Map(_) => {
                let map = Mapping::of(node)?;
                map.report_unknown_keys(
                    &["from", "to", "step"],
                    &format_args!("{path}: "),
                    &"",
                    &mut self.errors,
                );
                let from =
                    self.required_number(map, "from", &format!("{path}.from"), Bound::Positive);
                let to = self.required_number(map, "to", &format!("{path}.to"), Bound::Positive);
                let step =
                    self.required_number(map, "step", &format!("{path}.step"), Bound::Positive);
                let (from, to, step) = (from?, to?, step?);
                if to < from || (to - from) / step > Decimal::from(MOST) {
                    self.errors.error(
                        node.pos,
                        format!("{path}: expected from ≤ to and at most {MOST} steps, found from {from} to {to} by {step}"),
                    );
                    return None;
                }
                let mut sizes = Vec::new();
                let mut size = from;
                while size <= to {
                    sizes.push(size);
                    size += step;
                }
                Some(sizes)
            }
            _ => {
                self.errors.error(
                    node.pos,
                    format!("{path}: expected a list of sizes in GB or a range {{from, to, step}}, found {}", node.describe()),
                );
                None
            }
        }
    }

    fn instances(&mut self, root: Mapping) -> Option<Vec<Instance>> {
        let node = self.required(root, "instances", "instances")?;
        let items = self.list(node, "instances", "a list of instance types")?;
        let mut instances = Vec::new();
        let mut complete = true;
        for (i, item) in items.iter().enumerate() {
            match self.instance(item, &format!("instances[{i}]")) {
                Some(instance) => instances.push(instance),
                None => complete = false,
            }
        }
        for (i, instance) in instances.iter().enumerate() {
            if instances[..i]
                .iter()
                .any(|other| other.name == instance.name)
            {
                self.errors.error(
                    items[i].pos,
                    format!("instances[{i}]: `{}` is listed twice", instance.name),
                );
            }
        }
        complete.then_some(instances)
    }

    fn instance(&mut self, node: &Node, path: &str) -> Option<Instance> {
        let map = self.mapping(
            node,
            path,
            "a mapping with type, architecture, vcpus, memory_gib and hourly",
        )?;
        map.report_unknown_keys(
            INSTANCE_KEYS,
            &format_args!("{path}: "),
            &"",
            &mut self.errors,
        );
        let name = self.text(map, "type", &format!("{path}.type"));
        let architecture = self
            .text(map, "architecture", &format!("{path}.architecture"))
            .and_then(|(text, pos)| match text {
                "x86_64" => Some(Architecture::X86),
                "arm64" => Some(Architecture::Arm),
                other => {
                    self.errors.error(
                        pos,
                        format!(
                            "{path}.architecture: unknown architecture {}, expected one of x86_64, arm64{}",
                            map.get("architecture").map_or_else(String::new, Node::describe),
                            crate::fields::did_you_mean(other, ["x86_64", "arm64"])
                        ),
                    );
                    None
                }
            });
        let vcpus = self
            .required(map, "vcpus", &format!("{path}.vcpus"))
            .and_then(|n| self.whole(n, &format!("{path}.vcpus"), 1));
        let memory_gib = self.required_number(
            map,
            "memory_gib",
            &format!("{path}.memory_gib"),
            Bound::Positive,
        );
        let gpus = match map.get("gpus") {
            Some(n) => self.whole(n, &format!("{path}.gpus"), 0),
            None => Some(0),
        };
        let baseline = match map.get("baseline") {
            Some(n) => self
                .number(n, &format!("{path}.baseline"), Bound::Fraction)
                .map(Some),
            None => Some(None),
        };
        let hourly =
            self.required_number(map, "hourly", &format!("{path}.hourly"), Bound::NonNegative);
        Some(Instance {
            name: name?.0.to_string(),
            architecture: architecture?,
            vcpus: vcpus?,
            memory_gib: memory_gib?,
            gpus: gpus?,
            baseline: baseline?,
            hourly: hourly?,
        })
    }

    fn assumptions(&mut self, root: Mapping) -> Option<Assumptions> {
        let node = self.required(root, "assumptions", "assumptions")?;
        let map = self.mapping(node, "assumptions", "a mapping")?;
        map.report_unknown_keys(ASSUMPTION_KEYS, &"assumptions: ", &"", &mut self.errors);
        let hours = self.assumption(map, "hours_per_month", VALUE, |l, m, p| {
            l.required_number(m, "value", &format!("{p}.value"), Bound::Positive)
        });
        let peak = self.assumption(map, "peak_factor", &["low", "medium", "high"], |l, m, p| {
            let mut factor =
                |key: &str| l.required_number(m, key, &format!("{p}.{key}"), Bound::Positive);
            let (low, medium, high) = (factor("low"), factor("medium"), factor("high"));
            Some(PeakFactor {
                low: low?,
                medium: medium?,
                high: high?,
            })
        });
        let utilisation = self.assumption(map, "target_utilisation", VALUE, |l, m, p| {
            l.required_number(m, "value", &format!("{p}.value"), Bound::Fraction)
        });
        let fleet = self.assumption(
            map,
            "minimum_fleet",
            &["request_response", "other"],
            |l, m, p| {
                let mut count = |key: &str| {
                    let node = l.required(m, key, &format!("{p}.{key}"))?;
                    l.whole(node, &format!("{p}.{key}"), 1)
                };
                let (request_response, other) = (count("request_response"), count("other"));
                Some(MinimumFleet {
                    request_response: request_response?,
                    other: other?,
                })
            },
        );
        let spot = self.assumption(
            map,
            "fargate_spot_saving",
            &["low", "typical", "high"],
            |l, m, p| {
                let mut share =
                    |key: &str| l.required_number(m, key, &format!("{p}.{key}"), Bound::Fraction);
                let (low, typical, high) = (share("low"), share("typical"), share("high"));
                let spread = Spread {
                    low: low?,
                    typical: typical?,
                    high: high?,
                };
                if !(spread.low <= spread.typical && spread.typical <= spread.high) {
                    l.errors.error(
                        m.pos,
                        format!(
                            "{p}: expected low ≤ typical ≤ high, found {}, {}, {}",
                            spread.low, spread.typical, spread.high
                        ),
                    );
                }
                Some(spread)
            },
        );
        let minimum = self.assumption(map, "fargate_minimum_seconds", VALUE, |l, m, p| {
            l.required_number(m, "value", &format!("{p}.value"), Bound::NonNegative)
        });
        let fraction = self.assumption(
            map,
            "avg_duration_fraction",
            &["low", "typical"],
            |l, m, p| {
                let mut share =
                    |key: &str| l.required_number(m, key, &format!("{p}.{key}"), Bound::Fraction);
                let (low, typical) = (share("low"), share("typical"));
                let share = DurationShare {
                    low: low?,
                    typical: typical?,
                };
                if share.low > share.typical {
                    l.errors.error(
                        m.pos,
                        format!(
                            "{p}: expected low ≤ typical, found {} and {}",
                            share.low, share.typical
                        ),
                    );
                }
                Some(share)
            },
        );
        let default_unit =
            self.assumption(map, "default_unit", &["vcpus", "memory_mb"], |l, m, p| {
                let mut size =
                    |key: &str| l.required_number(m, key, &format!("{p}.{key}"), Bound::Positive);
                let (vcpus, memory_mb) = (size("vcpus"), size("memory_mb"));
                Some(UnitSize {
                    vcpus: vcpus?,
                    memory_mb: memory_mb?,
                })
            });
        let connections = self.assumption(map, "connections_per_request", VALUE, |l, m, p| {
            l.required_number(m, "value", &format!("{p}.value"), Bound::NonNegative)
        });
        let fee = self.assumption(map, "managed_instances_fee", VALUE, |l, m, p| {
            l.required_number(m, "value", &format!("{p}.value"), Bound::NonNegative)
        });
        let root_volume = self.assumption(map, "root_volume_gb", VALUE, |l, m, p| {
            l.required_number(m, "value", &format!("{p}.value"), Bound::NonNegative)
        });
        Some(Assumptions {
            hours_per_month: hours?,
            peak_factor: peak?,
            target_utilisation: utilisation?,
            minimum_fleet: fleet?,
            fargate_spot_saving: spot?,
            fargate_minimum_seconds: minimum?,
            avg_duration_fraction: fraction?,
            default_unit: default_unit?,
            connections_per_request: connections?,
            managed_instances_fee: fee?,
            root_volume_gb: root_volume?,
        })
    }

    /// One assumption: its values, read by `values`, and the `why` every assumption needs.
    fn assumption<T>(
        &mut self,
        map: Mapping,
        key: &str,
        keys: &[&str],
        values: impl FnOnce(&mut Self, Mapping, &str) -> Option<T>,
    ) -> Option<Assumption<T>> {
        let path = format!("assumptions.{key}");
        let Some(node) = map.get(key) else {
            self.errors
                .error(map.pos, format!("{path}: required assumption is missing"));
            return None;
        };
        let inner = self.mapping(node, &path, "a mapping with its values and `why`")?;
        let allowed: Vec<&str> = keys.iter().copied().chain(["why"]).collect();
        inner.report_unknown_keys(&allowed, &format_args!("{path}: "), &"", &mut self.errors);
        let value = values(self, inner, &path);
        let why = self.text(inner, "why", &format!("{path}.why"));
        Some(Assumption {
            value: value?,
            why: why?.0.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::prices::{LABEL, YAML, parse};

    /// The messages for the built-in price file with `from` replaced by `to` (once).
    fn problems(from: &str, to: &str) -> Vec<String> {
        assert_eq!(YAML.matches(from).count(), 1, "{from}");
        let text = YAML.replacen(from, to, 1);
        let diagnostics = parse(&text, LABEL).expect_err("the change makes the file invalid");
        diagnostics.0.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn a_misspelt_price_is_unknown_and_not_missing_too() {
        let found = problems("  ebs_gp3:\n", "  ebs_gp:\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("prices: unknown key `ebs_gp`; did you mean `ebs_gp3`?"),
            "{found:?}"
        );
    }

    #[test]
    fn every_tier_but_the_last_needs_up_to_and_a_single_tier_has_none() {
        assert_eq!(
            problems("{ up_to: 300, price: 1.00 }", "{ price: 1.00 }"),
            [
                "prices.api_gateway_http.tiers[0].up_to: required key is missing; every tier but the last ends at an up_to"
            ]
        );
        assert_eq!(
            problems(
                "      - { up_to: 300, price: 1.00 }\n      - { price: 0.90 }\n",
                "      - { up_to: 300, price: 1.00 }\n"
            ),
            [
                "prices.api_gateway_http.tiers[0].up_to: 300 is not allowed on the only tier, which prices every unit; give a flat `price` instead of `tiers`"
            ]
        );
    }

    #[test]
    fn whole_numbers_out_of_range_and_unknown_architectures_say_what_is_valid() {
        assert_eq!(
            problems(
                "t4g.micro, architecture: arm64, vcpus: 2",
                "t4g.micro, architecture: arm, vcpus: 0"
            ),
            [
                "instances[0].architecture: unknown architecture \"arm\", expected one of x86_64, arm64; did you mean `arm64`?",
                "instances[0].vcpus: 0 is out of range; expected a whole number, 1 or more",
            ]
        );
    }
}
