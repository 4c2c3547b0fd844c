//! Validates the built-in rule set with the library's own loader and writes the result as Rust
//! code (`OUT_DIR/builtin_rules.rs`, included by `src/builtin.rs`). Parsing and validating
//! 30 KB of YAML at every start would take most of advisor's run time (bench/recommend.sh);
//! building the validated rule set from code takes a fraction of it. An invalid rule set
//! fails the build with the loader's `file:line:col` messages.

#[allow(dead_code)]
#[path = "src/date.rs"]
mod date;
#[allow(dead_code)]
#[path = "src/diagnostic.rs"]
mod diagnostic;
#[allow(dead_code)]
#[path = "src/fields.rs"]
mod fields;
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
use rules::{
    Closure, Condition, Disabled, Op, Origin, Part, Role, Rule, RuleSet, Service, Template,
};
use value::{Duration, Value};

fn main() {
    let source = "rules/aws-compute.yaml";
    println!("cargo::rerun-if-changed={source}");
    for module in [
        "date.rs",
        "diagnostic.rs",
        "fields.rs",
        "rules",
        "validate.rs",
        "value.rs",
        "yaml.rs",
    ] {
        println!("cargo::rerun-if-changed=src/{module}");
    }
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let rule_set = rules::parse(&text, source).unwrap_or_else(|diagnostics| {
        for diagnostic in &diagnostics.0 {
            println!("cargo::error={diagnostic}");
        }
        std::process::exit(1);
    });
    // Origins name the built-in set the way messages do, `builtin:rules/aws-compute.yaml`.
    let mut code = String::from("{ let file: std::sync::Arc<str> = LABEL.into(); ");
    rule_set.emit(&mut code);
    code.push('}');
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("builtin_rules.rs"), code).expect("write to OUT_DIR");
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

impl Emit for usize {
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
        write!(out, "date(\"{self}\")").unwrap();
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
