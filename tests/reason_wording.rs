//! Every reason of the built-in rule set reads as English on every row it is shown on, for
//! every value the rule accepts: each reason (the rule's and each service's own) is rendered
//! for every combination of values of the fields its rule tests or quotes (enum members,
//! both booleans, durations and numbers on both sides of the rule's boundaries, `unbounded`),
//! wherever the rule fires, and checked against wording known to be wrong.

use advisor::builtin;
use advisor::engine::{self, Truth};
use advisor::rules::{Condition, Op, Part, Rule};
use advisor::schema::{self, Kind};
use regex::Regex;
use serde_json::{Map, Value, json};

/// Wording that is wrong whatever the sentence, with why.
const BAD: &[(&str, &str)] = &[
    (r"\ba [aeioAEIO]", "`a` before a vowel"),
    (r"\ba (http|HTTP)\b", "`a` before HTTP, which is read aitch"),
    (
        r"\ban [bcdfgjklmnpqrstvwxz]",
        "`an` before a consonant (upper-case initialisms may be fine)",
    ),
    (
        r"\b(to|of|for|after|within) unbounded\b",
        "`unbounded` as an amount of time",
    ),
    (
        r"\bunbounded (ms|s|m|h|d|minutes?|seconds?)\b",
        "`unbounded` with a unit",
    ),
    (
        r"\b(by|as) (event|queue|stream|schedule|continuous)\b",
        "a trigger without its noun",
    ),
    (
        r"\b(http|websocket|kubernetes|ecs|eks|ec2|lambda|fargate)\b",
        "a product or protocol in lower case",
    ),
    (
        r"\boperational-efficiency\b",
        "a workload key where a phrase belongs",
    ),
    (
        r"\bunknown\b",
        "a value the workload gives, shown as unknown",
    ),
    (r"  | [;,.:)]", "stray spacing"),
];

#[test]
fn every_reason_reads_correctly_for_every_value_its_rule_accepts() {
    let rule_set = builtin::rule_set();
    let kinds = field_kinds();
    let bad: Vec<(Regex, &str)> = BAD
        .iter()
        .map(|(pattern, why)| (Regex::new(pattern).expect("a valid pattern"), *why))
        .collect();
    let mut problems = Vec::new();
    let mut rendered = 0;
    for rule in &rule_set.rules {
        let fields = fields_of(rule);
        let choices: Vec<Vec<Value>> = fields
            .iter()
            .map(|field| candidates(field, &kinds[field.as_str()], rule))
            .collect();
        for values in combinations(&choices) {
            let text = workload_text(&fields, &values);
            let workload = advisor::workload::parse(&text, "w.json", "w.json")
                .unwrap_or_else(|e| panic!("{}: {text}: {e}", rule.id));
            if engine::fires(rule, &workload, &mut Vec::new()) != Truth::True {
                continue;
            }
            let shown = rule.affected().into_iter().map(|service| {
                let row = rule_set.services[service].id.as_str();
                (row, engine::render_reason_for(rule, service, &workload))
            });
            let whole = ("(the rule)", engine::render_reason(rule, &workload));
            for (row, reason) in shown.chain([whole]) {
                rendered += 1;
                let mut wrong: Vec<&str> = bad
                    .iter()
                    .filter(|(pattern, _)| pattern.is_match(&reason))
                    .map(|(_, why)| *why)
                    .collect();
                if let Some(word) = doubled_word(&reason) {
                    wrong.push(word);
                }
                if !wrong.is_empty() {
                    problems.push(format!(
                        "{} on {row}: \"{reason}\": {}",
                        rule.id,
                        wrong.join("; ")
                    ));
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(rendered > 1000, "only {rendered} reasons rendered");
    assert!(
        problems.is_empty(),
        "{} badly worded reasons:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `a doubled word` when a word follows itself (`the the`); "GPU (gpu: true)" quotes a key.
fn doubled_word(text: &str) -> Option<&'static str> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    words
        .windows(2)
        .any(|pair| pair[0] == pair[1])
        .then_some("a doubled word")
}

/// The fields a rule tests or quotes in any of its reasons, `runtime.max_duration` (required)
/// always among them.
fn fields_of(rule: &Rule) -> Vec<String> {
    let mut fields = vec!["runtime.max_duration".to_string()];
    let mut add = |field: &str| {
        if !fields.iter().any(|f| f == field) {
            fields.push(field.to_string());
        }
    };
    let mut tests = Vec::new();
    if let Some(when) = &rule.when {
        tests_of(when, &mut tests);
    }
    for (field, _) in &tests {
        add(field);
    }
    let templates = rule
        .reason
        .iter()
        .chain(rule.service_reasons.iter().map(|(_, t)| t));
    for template in templates {
        for part in &template.parts {
            if let Part::Field(field) = part {
                add(field);
            }
        }
    }
    fields
}

fn tests_of<'c>(condition: &'c Condition, out: &mut Vec<(&'c str, &'c Op)>) {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => {
            parts.iter().for_each(|part| tests_of(part, out))
        }
        Condition::Not(inner) => tests_of(inner, out),
        Condition::Test { field, op, .. } => out.push((field, op)),
    }
}

/// Each field's schema in the rule-set format (its operand in a condition), keyed by path,
/// so the values tried follow the workload format's own field table.
fn field_kinds() -> Map<String, Value> {
    let schema = schema::generate(Kind::Rules).to_value();
    let condition = &schema["$defs"]["Condition"]["properties"];
    let mut kinds = Map::new();
    for (path, test) in condition.as_object().expect("properties") {
        let operand = match test.get("anyOf") {
            Some(forms) => forms[0].clone(),
            None => test["properties"]["contains"].clone(),
        };
        let operand = match operand.get("$ref") {
            Some(_) => json!({"duration": true}),
            None => operand,
        };
        kinds.insert(path.clone(), operand);
    }
    kinds
}

/// The values to try for `field`: every member of an enum, both booleans, and for durations
/// and numbers the boundaries `rule` tests with values on both sides of each.
fn candidates(field: &str, kind: &Value, rule: &Rule) -> Vec<Value> {
    let mut tests = Vec::new();
    if let Some(when) = &rule.when {
        tests_of(when, &mut tests);
    }
    let boundaries: Vec<String> = tests
        .iter()
        .filter(|(f, _)| *f == field)
        .filter_map(|(_, op)| match op {
            Op::Eq(v) | Op::Gt(v) | Op::Gte(v) | Op::Lt(v) | Op::Lte(v) => Some(v.to_string()),
            _ => None,
        })
        .collect();
    if kind.get("duration").is_some() {
        let mut seconds = vec![1, 60];
        // `unbounded` is tried below whatever the rule says; it has no neighbours to try.
        for boundary in boundaries.iter().filter(|b| b.as_str() != "unbounded") {
            let s = seconds_of(boundary);
            seconds.extend([s.saturating_sub(1), s, s + 1, s * 4]);
        }
        let mut values: Vec<Value> = seconds.into_iter().map(|s| json!(s)).collect();
        values.extend([json!("90m"), json!("unbounded")]);
        return values;
    }
    if let Some(members) = kind.get("enum").and_then(Value::as_array) {
        if field == "priorities" {
            let mut lists: Vec<Value> = members.iter().map(|m| json!([m])).collect();
            for (i, a) in members.iter().enumerate() {
                for b in &members[i + 1..] {
                    lists.push(json!([a, b]));
                }
            }
            lists.push(Value::Array(members.clone()));
            return lists;
        }
        return members.clone();
    }
    match kind["type"].as_str() {
        Some("boolean") => vec![json!(true), json!(false)],
        Some("integer") => {
            let min = kind["minimum"].as_u64().unwrap_or(0);
            let mut values = vec![min, 1_000_000_000];
            for boundary in &boundaries {
                let b: u64 = boundary.parse().expect("an integer boundary");
                values.extend([b.saturating_sub(1).max(min), b, b + 1]);
            }
            values.into_iter().map(|v| json!(v)).collect()
        }
        Some("number") => {
            let mut values = vec![0.25, 1.0, 64.0];
            for boundary in &boundaries {
                let b: f64 = boundary.parse().expect("a number boundary");
                values.extend([b - 0.5, b, b + 0.5]);
            }
            values
                .into_iter()
                .filter(|v| *v > 0.0)
                .map(|v| json!(v))
                .collect()
        }
        _ => vec![json!("payments")],
    }
}

/// Seconds in a duration as advisor writes it (`500ms`, `30s`, `15m`, `2h`, `1d`).
fn seconds_of(duration: &str) -> u64 {
    let split = duration
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(duration.len());
    let (number, unit) = duration.split_at(split);
    let number: u64 = number.parse().expect("a number");
    match unit {
        "ms" => number / 1000,
        "s" | "" => number,
        "m" => number * 60,
        "h" => number * 3600,
        "d" => number * 86_400,
        other => panic!("unit {other}"),
    }
}

/// Every choice of one value per field.
fn combinations(choices: &[Vec<Value>]) -> Vec<Vec<Value>> {
    choices.iter().fold(vec![Vec::new()], |done, values| {
        done.iter()
            .flat_map(|prefix| {
                values.iter().map(move |value| {
                    let mut next = prefix.clone();
                    next.push(value.clone());
                    next
                })
            })
            .collect()
    })
}

/// A JSON workload with `values` at the dotted `fields`.
fn workload_text(fields: &[String], values: &[Value]) -> String {
    let mut workload = json!({"name": "w"});
    for (field, value) in fields.iter().zip(values) {
        let mut node = &mut workload;
        let mut keys = field.split('.').peekable();
        while let Some(key) = keys.next() {
            if keys.peek().is_none() {
                node[key] = value.clone();
            } else {
                if node.get(key).is_none() {
                    node[key] = json!({});
                }
                node = &mut node[key];
            }
        }
    }
    workload.to_string()
}
