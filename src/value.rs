//! Typed values of workload fields, parsed the same way in workloads and in rule conditions,
//! so `15m` in a rule and `900` in a workload are the same duration.

use std::cmp::Ordering;
use std::fmt;

use crate::fields::{EnumSpec, FieldKind};
use crate::yaml::{Node, NodeValue};

/// How long one unit of work runs; `Unbounded` (servers, daemons) is longer than any finite one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Duration {
    Millis(u64),
    Unbounded,
}

impl Duration {
    /// Parses `500ms`, `30s`, `14m`, `1h30m`, `2d`, a bare number of seconds, or `unbounded`.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let text = text.trim();
        if text == "unbounded" {
            return Ok(Duration::Unbounded);
        }
        if text.starts_with('-') {
            return Err("is negative".into());
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<u64>()
                .ok()
                .and_then(|secs| secs.checked_mul(1000))
                .map(Duration::Millis)
                .ok_or_else(|| "is too long".to_string());
        }
        let mut total: u64 = 0;
        let mut rest = text;
        let mut last_unit_rank = usize::MAX;
        if rest.is_empty() {
            return Err("is empty".into());
        }
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return Err("is not a valid duration".into());
            }
            let amount: u64 = rest[..digits]
                .parse()
                .map_err(|_| "is too long".to_string())?;
            rest = &rest[digits..];
            let unit_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
            let unit = &rest[..unit_len];
            rest = &rest[unit_len..];
            // Units must run from largest to smallest, each once: `1h30m`, not `30m1h`.
            let (rank, millis) = match unit {
                "d" => (0, 86_400_000),
                "h" => (1, 3_600_000),
                "m" => (2, 60_000),
                "s" => (3, 1_000),
                "ms" => (4, 1),
                _ => return Err("is not a valid duration".into()),
            };
            if last_unit_rank != usize::MAX && rank <= last_unit_rank {
                return Err("is not a valid duration".into());
            }
            last_unit_rank = rank;
            total = amount
                .checked_mul(millis)
                .and_then(|part| total.checked_add(part))
                .ok_or_else(|| "is too long".to_string())?;
        }
        Ok(Duration::Millis(total))
    }
}

/// Written back in the largest unit that is exact (`15m`, `90s`), as a rule author would.
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Duration::Millis(ms) = *self else {
            return f.write_str("unbounded");
        };
        let units = [
            (86_400_000, "d"),
            (3_600_000, "h"),
            (60_000, "m"),
            (1000, "s"),
        ];
        match units.iter().find(|(size, _)| ms > 0 && ms % size == 0) {
            Some((size, unit)) => write!(f, "{}{unit}", ms / size),
            None => write!(f, "{ms}ms"),
        }
    }
}

/// A field's value, typed by the field it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Duration(Duration),
    Bool(bool),
    Integer(u64),
    Number(f64),
    Enum(&'static str),
    EnumList(Vec<&'static str>),
    Labels(Vec<(String, String)>),
}

impl Value {
    /// A boundary value of a rule and the next value either side, in the boundary's own
    /// unit: the values at which a comparison with it can change its answer.
    pub fn boundary(&self, kind: FieldKind) -> Vec<Value> {
        [Some(self.clone()), self.step(kind, -1), self.step(kind, 1)]
            .into_iter()
            .flatten()
            .collect()
    }

    /// The next value below (`-1`) or above (`1`) this one, in its own unit.
    fn step(&self, kind: FieldKind, direction: i64) -> Option<Value> {
        match (self, kind) {
            (Value::Duration(Duration::Millis(ms)), _) => {
                let unit = [86_400_000, 3_600_000, 60_000, 1000]
                    .into_iter()
                    .find(|unit| *ms > 0 && ms % unit == 0)
                    .unwrap_or(1);
                let stepped = if direction < 0 {
                    ms.checked_sub(unit)?
                } else {
                    ms.checked_add(unit)?
                };
                Some(Value::Duration(Duration::Millis(stepped)))
            }
            (Value::Integer(i), FieldKind::Integer { min }) => {
                let stepped = i.checked_add_signed(direction)?;
                (stepped >= min).then_some(Value::Integer(stepped))
            }
            (Value::Number(n), _) => {
                let stepped = if direction < 0 && *n <= 1.0 {
                    n / 2.0
                } else {
                    n + direction as f64
                };
                (stepped > 0.0).then_some(Value::Number(stepped))
            }
            _ => None,
        }
    }

    /// Orders two values of the same field; `None` where the field has no order.
    pub fn compare(&self, other: &Value, kind: FieldKind) -> Option<Ordering> {
        match (self, other) {
            (Value::Duration(a), Value::Duration(b)) => Some(a.cmp(b)),
            (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
            (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
            (Value::Enum(a), Value::Enum(b)) => match kind {
                FieldKind::Enum(spec) if spec.ordered => {
                    Some(spec.index_of(a)?.cmp(&spec.index_of(b)?))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// A value as it would be written in a workload or rule.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(text) => f.write_str(text),
            Value::Duration(duration) => duration.fmt(f),
            Value::Bool(b) => b.fmt(f),
            Value::Integer(i) => i.fmt(f),
            Value::Number(n) => n.fmt(f),
            Value::Enum(member) => f.write_str(member),
            Value::EnumList(members) => write!(f, "[{}]", members.join(", ")),
            Value::Labels(labels) => {
                let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                write!(f, "{{{}}}", pairs.join(", "))
            }
        }
    }
}

/// Why a node is not a valid value for its field; the caller adds file, position and path.
#[derive(Debug)]
pub struct Invalid(pub String);

/// Parses a node as a value of `kind`.
pub fn parse(node: &Node, kind: FieldKind) -> Result<Value, Invalid> {
    let wrong_type = || {
        Invalid(format!(
            "expected {}, found {}",
            kind.expectation(),
            node.describe()
        ))
    };
    match (kind, &node.value) {
        (FieldKind::Text, NodeValue::Str(s)) => Ok(Value::Text(s.clone())),
        (FieldKind::Bool, NodeValue::Bool(b)) => Ok(Value::Bool(*b)),
        (FieldKind::Duration { .. }, NodeValue::Int(secs)) => {
            let millis = u64::try_from(*secs)
                .ok()
                .and_then(|s| s.checked_mul(1000))
                .ok_or_else(|| {
                    let problem = if *secs < 0 {
                        "is negative".to_owned()
                    } else {
                        format!("is too long (the limit is {} seconds)", u64::MAX / 1000)
                    };
                    Invalid(format!(
                        "{} {problem}; expected {}",
                        node.text(),
                        kind.expectation()
                    ))
                })?;
            Ok(Value::Duration(Duration::Millis(millis)))
        }
        (FieldKind::Duration { unbounded }, NodeValue::Str(s)) => match Duration::parse(s) {
            Ok(Duration::Unbounded) if !unbounded => Err(Invalid(format!(
                "{s:?} is not allowed here: this duration must be finite; expected {}",
                kind.expectation()
            ))),
            Ok(duration) => Ok(Value::Duration(duration)),
            Err(problem) => Err(Invalid(format!(
                "{s:?} {problem}; expected {}",
                kind.expectation()
            ))),
        },
        (FieldKind::Integer { min }, NodeValue::Int(i)) => match u64::try_from(*i) {
            Ok(n) if n >= min => Ok(Value::Integer(n)),
            _ if *i > 0 => Err(Invalid(format!(
                "{} is too large (the limit is {}); expected {}",
                node.text(),
                u64::MAX,
                kind.expectation()
            ))),
            _ => Err(Invalid(format!(
                "{} is out of range; expected {}",
                node.text(),
                kind.expectation()
            ))),
        },
        (FieldKind::Integer { .. }, NodeValue::Float(f)) => {
            let problem = if f.is_finite() {
                "is not a whole number"
            } else {
                "is out of range"
            };
            Err(Invalid(format!(
                "{} {problem}; expected {}",
                node.text(),
                kind.expectation()
            )))
        }
        (FieldKind::PositiveNumber, NodeValue::Int(i)) if *i > 0 => Ok(Value::Number(*i as f64)),
        (FieldKind::PositiveNumber, NodeValue::Float(f)) if f.is_finite() && *f > 0.0 => {
            Ok(Value::Number(*f))
        }
        (FieldKind::PositiveNumber, NodeValue::Int(_) | NodeValue::Float(_)) => {
            Err(Invalid(format!(
                "{} is out of range; expected {}",
                node.text(),
                kind.expectation()
            )))
        }
        (FieldKind::Enum(spec), NodeValue::Str(s)) => parse_member(spec, s).map(Value::Enum),
        (FieldKind::EnumList(spec), NodeValue::Seq(items)) => {
            let mut members = Vec::with_capacity(items.len());
            for item in items {
                match &item.value {
                    NodeValue::Str(s) => members.push(parse_member(spec, s)?),
                    _ => return Err(wrong_type()),
                }
            }
            Ok(Value::EnumList(members))
        }
        _ => Err(wrong_type()),
    }
}

/// Parses one enum member; an unknown one names the valid members and the closest match.
pub fn parse_member(spec: &EnumSpec, text: &str) -> Result<&'static str, Invalid> {
    if let Some(index) = spec.index_of(text) {
        return Ok(spec.members[index]);
    }
    let hint = match spec.members.iter().find(|m| m.eq_ignore_ascii_case(text)) {
        Some(member) => format!("; values are lower case: did you mean `{member}`?"),
        None => match spec.alias_of(text) {
            Some(member) => format!("; `{text}` is written `{member}` here"),
            None => crate::fields::did_you_mean(text, spec.members.iter().copied()),
        },
    };
    Err(Invalid(format!(
        "unknown value {text:?}, expected one of {}{hint}",
        spec.listing()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_in_their_largest_exact_unit() {
        let written = |text| Duration::parse(text).expect("valid").to_string();
        assert_eq!(written("900"), "15m");
        assert_eq!(written("1h30m"), "90m");
        assert_eq!(written("2d"), "2d");
        assert_eq!(written("1500ms"), "1500ms");
        assert_eq!(written("0s"), "0ms");
        assert_eq!(written("unbounded"), "unbounded");
    }

    #[test]
    fn durations_parse_in_every_documented_form() {
        assert_eq!(Duration::parse("500ms"), Ok(Duration::Millis(500)));
        assert_eq!(Duration::parse("30s"), Ok(Duration::Millis(30_000)));
        assert_eq!(Duration::parse("14m"), Ok(Duration::Millis(840_000)));
        assert_eq!(Duration::parse("1h30m"), Ok(Duration::Millis(5_400_000)));
        assert_eq!(Duration::parse("900"), Ok(Duration::Millis(900_000)));
        assert_eq!(Duration::parse("unbounded"), Ok(Duration::Unbounded));
    }

    #[test]
    fn durations_reject_prose_signs_decimals_and_disorder() {
        for bad in [
            "15 minutes",
            "-3s",
            "1.5.h",
            "1.5h",
            "30m1h",
            "1h1h",
            "",
            "s",
            "10x",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn durations_that_overflow_are_rejected() {
        assert!(Duration::parse("99999999999999999999s").is_err());
        assert!(Duration::parse("9999999999999999d").is_err());
    }

    #[test]
    fn a_finite_duration_field_rejects_only_unbounded() {
        let node = |text: &str| crate::yaml::parse(text, "t").expect("yaml");
        let finite = FieldKind::Duration { unbounded: false };
        assert_eq!(
            parse(&node("30s"), finite).ok(),
            Some(Value::Duration(Duration::Millis(30_000)))
        );
        assert_eq!(
            parse(&node("90"), finite).ok(),
            Some(Value::Duration(Duration::Millis(90_000)))
        );
        let Err(Invalid(message)) = parse(&node("unbounded"), finite) else {
            panic!("unbounded accepted");
        };
        assert!(message.contains("must be finite"), "{message}");
        assert!(!message.ends_with("or unbounded"), "{message}");
        assert!(parse(&node("unbounded"), FieldKind::Duration { unbounded: true }).is_ok());
    }

    #[test]
    fn unbounded_is_longer_than_any_finite_duration() {
        assert!(Duration::Unbounded > Duration::Millis(u64::MAX));
        assert_eq!(
            Duration::parse("15m").unwrap(),
            Duration::parse("900").unwrap()
        );
    }
}
