//! Validates the built-in rule set and price file with the library's own loaders and writes the
//! results as Rust code (`OUT_DIR/builtin_rules.rs`, included by `src/builtin.rs`, and
//! `OUT_DIR/builtin_prices.rs`, included by `prices::builtin` in `src/prices/mod.rs`). Parsing
//! and validating 30 KB of rules at every start would take most of advisor's run time
//! (bench/recommend.sh), and the 12 KB price file alone costs more instructions than a whole
//! `recommend`; building the validated values from code takes a fraction of either. An
//! invalid rule set or price file fails the build with the loader's `file:line:col` messages.

#[allow(dead_code)]
#[path = "src/date.rs"]
mod date;
#[allow(dead_code)]
#[path = "src/diagnostic.rs"]
mod diagnostic;
#[allow(dead_code)]
#[path = "src/fields.rs"]
mod fields;
// `builtin_prices` is set for the library only, once the code below has been written: this
// script compiles the module without it, and so without `prices::builtin`, which includes it.
#[allow(dead_code, unexpected_cfgs)]
#[path = "src/prices/mod.rs"]
mod prices;
// The library uses the re-exports of `rules`; this script uses only some of them.
#[allow(dead_code, unused_imports)]
#[path = "src/rules/mod.rs"]
mod rules;
#[allow(dead_code)]
#[path = "src/validate.rs"]
mod validate;
#[allow(dead_code)]
#[path = "src/value.rs"]
mod value;
#[allow(dead_code)]
#[path = "src/yaml.rs"]
mod yaml;

use std::fmt::Write;
use std::path::PathBuf;

use date::Date;
use prices::{
    Assumption, Assumptions, DurationShare, Instance, Limit, Limits, MinimumFleet, PeakFactor,
    Price, PriceBook, Provenance, Spread, TaskSize, Tier, UnitSize,
};
use rules::{
    Closure, Condition, Disabled, Op, Origin, Part, Role, Rule, RuleSet, Service, Template,
};
use value::{Duration, Value};

fn main() {
    let source = "rules/aws-compute.yaml";
    let prices_source = "rules/prices/aws-us-east-1.yaml";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed={prices_source}");
    for module in [
        "date.rs",
        "diagnostic.rs",
        "fields.rs",
        "prices",
        "rules",
        "validate.rs",
        "value.rs",
        "yaml.rs",
    ] {
        println!("cargo::rerun-if-changed=src/{module}");
    }
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    // Both files are checked before the build fails, so one run reports every mistake.
    let rule_set = rules::parse(&read(source), source);
    let prices = prices::parse(&read(prices_source), prices_source);
    let diagnostics = [rule_set.as_ref().err(), prices.as_ref().err()];
    for diagnostic in diagnostics.into_iter().flatten().flat_map(|d| &d.0) {
        println!("cargo::error={diagnostic}");
    }
    let (Ok(rule_set), Ok(prices)) = (rule_set, prices) else {
        std::process::exit(1);
    };
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // Origins name the built-in set the way messages do, `builtin:rules/aws-compute.yaml`.
    let mut code = String::from("{ let file: std::sync::Arc<str> = LABEL.into(); ");
    rule_set.emit(&mut code);
    code.push('}');
    std::fs::write(out_dir.join("builtin_rules.rs"), code).expect("write to OUT_DIR");
    let mut code = String::new();
    prices.emit(&mut code);
    std::fs::write(out_dir.join("builtin_prices.rs"), code).expect("write to OUT_DIR");
    println!("cargo::rustc-check-cfg=cfg(builtin_prices)");
    println!("cargo::rustc-cfg=builtin_prices");
}

/// Writes a value as a Rust expression that rebuilds it, in the scope of `src/builtin.rs`.
trait Emit {
    fn emit(&self, out: &mut String);
}

impl Emit for String {
    fn emit(&self, out: &mut String) {
        write!(out, "{self:?}.to_owned()").unwrap();
    }
}

impl Emit for std::borrow::Cow<'static, str> {
    fn emit(&self, out: &mut String) {
        write!(out, "Text::Borrowed({:?})", self.as_ref()).unwrap();
    }
}

impl Emit for usize {
    fn emit(&self, out: &mut String) {
        write!(out, "{self}").unwrap();
    }
}

impl Emit for u32 {
    fn emit(&self, out: &mut String) {
        write!(out, "{self}").unwrap();
    }
}

impl Emit for i64 {
    fn emit(&self, out: &mut String) {
        write!(out, "{self}").unwrap();
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut String) {
        match self {
            Some(value) => emit_call(out, "Some", value),
            None => out.push_str("None"),
        }
    }
}

impl<T: Emit> Emit for Vec<T> {
    fn emit(&self, out: &mut String) {
        out.push_str("vec![");
        for item in self {
            item.emit(out);
            out.push(',');
        }
        out.push(']');
    }
}

impl<A: Emit, B: Emit> Emit for (A, B) {
    fn emit(&self, out: &mut String) {
        out.push('(');
        self.0.emit(out);
        out.push(',');
        self.1.emit(out);
        out.push(')');
    }
}

impl Emit for Date {
    fn emit(&self, out: &mut String) {
        // `date(2026, 11, 28)`: built from numbers at start-up, not parsed again.
        write!(out, "date({})", self.to_string().replace('-', ", ")).unwrap();
    }
}

impl Emit for Box<Condition> {
    fn emit(&self, out: &mut String) {
        emit_call(out, "Box::new", self.as_ref());
    }
}

fn emit_call(out: &mut String, function: &str, argument: &dyn Emit) {
    out.push_str(function);
    out.push('(');
    argument.emit(out);
    out.push(')');
}

/// Emits `Name { field: value, ... }`.
fn emit_struct(out: &mut String, name: &str, fields: &[(&str, &dyn Emit)]) {
    write!(out, "{name} {{").unwrap();
    for (field, value) in fields {
        write!(out, "{field}:").unwrap();
        value.emit(out);
        out.push(',');
    }
    out.push('}');
}

impl Emit for RuleSet {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "RuleSet",
            &[
                ("name", &self.name),
                ("title", &self.title),
                ("services", &self.services),
                ("rules", &self.rules),
                ("disabled", &self.disabled),
            ],
        );
    }
}

impl Emit for Service {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Service",
            &[
                ("id", &self.id),
                ("name", &self.name),
                ("summary", &self.summary),
                ("docs", &self.docs),
                ("role", &self.role),
                ("closure", &self.closure),
                ("origin", &self.origin),
            ],
        );
    }
}

impl Emit for Closure {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "crate::rules::Closure",
            &[
                ("since", &self.since),
                ("source", &self.source),
                ("advice", &self.advice),
            ],
        );
    }
}

impl Emit for Disabled {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "crate::rules::Disabled",
            &[("id", &self.id), ("origin", &self.origin)],
        );
    }
}

impl Emit for Origin {
    fn emit(&self, out: &mut String) {
        write!(
            out,
            "Origin {{ file: file.clone(), pos: Position::new({}, {}) }}",
            self.pos.line, self.pos.column
        )
        .unwrap();
    }
}

impl Emit for Role {
    fn emit(&self, out: &mut String) {
        write!(out, "Role::{self:?}").unwrap();
    }
}

impl Emit for Rule {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Rule",
            &[
                ("id", &self.id),
                ("summary", &self.summary),
                ("rationale", &self.rationale),
                ("source", &self.source),
                ("reviewed", &self.reviewed),
                ("when", &self.when),
                ("exclude", &self.exclude),
                ("score", &self.score),
                ("pair", &self.pair),
                ("reason", &self.reason),
                ("service_reasons", &self.service_reasons),
                ("versus", &self.versus),
                ("cost_points", &self.cost_points),
                ("origin", &self.origin),
            ],
        );
    }
}

impl Emit for rules::CostBand {
    fn emit(&self, out: &mut String) {
        write!(
            out,
            "crate::rules::CostBand {{ within_percent: {}, points: {} }}",
            self.within_percent, self.points
        )
        .unwrap();
    }
}

impl Emit for Condition {
    fn emit(&self, out: &mut String) {
        match self {
            Condition::All(items) => emit_call(out, "Condition::All", items),
            Condition::Any(items) => emit_call(out, "Condition::Any", items),
            Condition::Not(inner) => emit_call(out, "Condition::Not", inner),
            Condition::Test { field, op, .. } => {
                write!(out, "Condition::Test {{ field: ").unwrap();
                field.emit(out);
                write!(out, ", kind: kind({field:?}), op: ").unwrap();
                op.emit(out);
                out.push('}');
            }
        }
    }
}

impl Emit for Op {
    fn emit(&self, out: &mut String) {
        match self {
            Op::Eq(v) => emit_call(out, "Op::Eq", v),
            Op::Ne(v) => emit_call(out, "Op::Ne", v),
            Op::In(vs) => emit_call(out, "Op::In", vs),
            Op::NotIn(vs) => emit_call(out, "Op::NotIn", vs),
            Op::Gt(v) => emit_call(out, "Op::Gt", v),
            Op::Gte(v) => emit_call(out, "Op::Gte", v),
            Op::Lt(v) => emit_call(out, "Op::Lt", v),
            Op::Lte(v) => emit_call(out, "Op::Lte", v),
            Op::Contains(member) => write!(out, "Op::Contains({member:?})").unwrap(),
            Op::Exists(exists) => write!(out, "Op::Exists({exists})").unwrap(),
        }
    }
}

impl Emit for Value {
    fn emit(&self, out: &mut String) {
        match self {
            Value::Text(text) => emit_call(out, "Value::Text", text),
            Value::Duration(Duration::Millis(ms)) => {
                write!(out, "Value::Duration(Duration::Millis({ms}))").unwrap()
            }
            Value::Duration(Duration::Unbounded) => {
                out.push_str("Value::Duration(Duration::Unbounded)")
            }
            Value::Bool(b) => write!(out, "Value::Bool({b})").unwrap(),
            Value::Integer(i) => write!(out, "Value::Integer({i})").unwrap(),
            Value::Number(n) => {
                write!(out, "Value::Number(f64::from_bits({:#x}))", n.to_bits()).unwrap()
            }
            Value::Enum(member) => write!(out, "Value::Enum({member:?})").unwrap(),
            Value::EnumList(members) => write!(out, "Value::EnumList(vec!{members:?})").unwrap(),
            Value::Labels(labels) => emit_call(out, "Value::Labels", labels),
        }
    }
}

impl Emit for Template {
    fn emit(&self, out: &mut String) {
        emit_struct(out, "Template", &[("parts", &self.parts)]);
    }
}

impl Emit for Part {
    fn emit(&self, out: &mut String) {
        match self {
            Part::Text(text) => emit_call(out, "Part::Text", text),
            Part::Field(path) => emit_call(out, "Part::Field", path),
        }
    }
}

// The price book, in the scope of `prices::builtin`.

/// `Decimal::from_i128_with_scale(m, s)`: the same digits and scale, so `0.20` stays `0.20`.
impl Emit for rust_decimal::Decimal {
    fn emit(&self, out: &mut String) {
        write!(
            out,
            "Decimal::from_i128_with_scale({}, {})",
            self.mantissa(),
            self.scale()
        )
        .unwrap();
    }
}

impl Emit for PriceBook {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "PriceBook",
            &[
                ("region", &self.region),
                ("currency", &self.currency),
                ("as_of", &self.as_of),
                ("prices", &self.prices),
                ("limits", &self.limits),
                ("instances", &self.instances),
                ("instances_provenance", &self.instances_provenance),
                ("assumptions", &self.assumptions),
            ],
        );
    }
}

impl Emit for Price {
    fn emit(&self, out: &mut String) {
        write!(out, "Price {{ id: PriceId::{:?}, tiers: ", self.id).unwrap();
        self.tiers.emit(out);
        out.push_str(", provenance: ");
        self.provenance.emit(out);
        out.push_str(", note: ");
        self.note.emit(out);
        out.push('}');
    }
}

impl Emit for Tier {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Tier",
            &[("up_to", &self.up_to), ("price", &self.price)],
        );
    }
}

impl Emit for Provenance {
    fn emit(&self, out: &mut String) {
        write!(
            out,
            "Provenance {{ status: Status::{:?}, source: ",
            self.status
        )
        .unwrap();
        self.source.emit(out);
        out.push_str(", checked: ");
        self.checked.emit(out);
        out.push('}');
    }
}

impl<T: Emit> Emit for Limit<T> {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Limit",
            &[
                ("value", &self.value),
                ("provenance", &self.provenance),
                ("note", &self.note),
            ],
        );
    }
}

impl Emit for Limits {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Limits",
            &[
                ("lambda_mb_per_vcpu", &self.lambda_mb_per_vcpu),
                ("lambda_max_memory_mb", &self.lambda_max_memory_mb),
                ("fargate_task_sizes", &self.fargate_task_sizes),
            ],
        );
    }
}

impl Emit for TaskSize {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "TaskSize",
            &[("vcpu", &self.vcpu), ("memory_gb", &self.memory_gb)],
        );
    }
}

impl Emit for Instance {
    fn emit(&self, out: &mut String) {
        write!(
            out,
            "Instance {{ architecture: Architecture::{:?}, name: ",
            self.architecture
        )
        .unwrap();
        self.name.emit(out);
        for (field, value) in [
            ("vcpus", &self.vcpus as &dyn Emit),
            ("memory_gib", &self.memory_gib),
            ("gpus", &self.gpus),
            ("baseline", &self.baseline),
            ("hourly", &self.hourly),
        ] {
            write!(out, ", {field}: ").unwrap();
            value.emit(out);
        }
        out.push('}');
    }
}

impl<T: Emit> Emit for Assumption<T> {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Assumption",
            &[("value", &self.value), ("why", &self.why)],
        );
    }
}

impl Emit for Assumptions {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Assumptions",
            &[
                ("hours_per_month", &self.hours_per_month),
                ("peak_factor", &self.peak_factor),
                ("target_utilisation", &self.target_utilisation),
                ("minimum_fleet", &self.minimum_fleet),
                ("fargate_spot_saving", &self.fargate_spot_saving),
                ("fargate_minimum_seconds", &self.fargate_minimum_seconds),
                ("avg_duration_fraction", &self.avg_duration_fraction),
                ("default_unit", &self.default_unit),
                ("connections_per_request", &self.connections_per_request),
                ("managed_instances_fee", &self.managed_instances_fee),
                ("root_volume_gb", &self.root_volume_gb),
            ],
        );
    }
}

impl Emit for PeakFactor {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "PeakFactor",
            &[
                ("low", &self.low),
                ("medium", &self.medium),
                ("high", &self.high),
            ],
        );
    }
}

impl Emit for MinimumFleet {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "MinimumFleet",
            &[
                ("request_response", &self.request_response),
                ("other", &self.other),
            ],
        );
    }
}

impl Emit for Spread {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "Spread",
            &[
                ("low", &self.low),
                ("typical", &self.typical),
                ("high", &self.high),
            ],
        );
    }
}

impl Emit for DurationShare {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "DurationShare",
            &[("low", &self.low), ("typical", &self.typical)],
        );
    }
}

impl Emit for UnitSize {
    fn emit(&self, out: &mut String) {
        emit_struct(
            out,
            "UnitSize",
            &[("vcpus", &self.vcpus), ("memory_mb", &self.memory_mb)],
        );
    }
}
