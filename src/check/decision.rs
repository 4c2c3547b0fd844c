//! Decision files (SPEC 4): the parsed YAML of a file in, a validated [`Decision`] out, or
//! the reason it is skipped, or every problem that makes it invalid.

use crate::diagnostic::Position;
use crate::validate::{Expected, Mapping};
use crate::yaml::{Node, NodeValue};

/// How strictly a decision is held to the rules, from its `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// `accepted`: violations are errors.
    Strict,
    /// `proposed`, `draft` or no status: violations are warnings.
    Lenient,
}

/// A decision file's `advisor` block, checked for shape; services, rules and the workload are
/// checked against the rule set later.
#[derive(Debug)]
pub struct Decision<'n> {
    pub strictness: Strictness,
    pub service: &'n str,
    pub service_pos: Position,
    pub workload: WorkloadSource<'n>,
    pub waivers: Vec<Waiver<'n>>,
}

#[derive(Debug)]
pub enum WorkloadSource<'n> {
    Inline(&'n Node),
    /// A path relative to the decision file, and where it is written.
    File {
        path: &'n str,
        pos: Position,
    },
}

/// A rule the team accepts breaking, and why.
#[derive(Debug)]
pub struct Waiver<'n> {
    pub rule: &'n str,
    pub pos: Position,
    pub reason: &'n str,
}

/// What a parsed file turned out to be.
#[derive(Debug)]
pub enum Classified<'n> {
    /// No top-level `advisor` key: some other YAML or Markdown file.
    NotADecision,
    /// A decision whose status (`rejected`, `deprecated`, `superseded…`) takes it out of checks.
    Retired {
        status: String,
    },
    Decision(Decision<'n>),
    /// Every problem found, each at its position.
    Invalid(Vec<(Position, String)>),
}

const ADVISOR_KEYS: &[&str] = &["service", "workload", "workload_file", "waivers"];
const WAIVER_KEYS: &[&str] = &["rule", "reason"];
const STATUSES: &str = "accepted, proposed, draft, rejected, deprecated or superseded";

/// Classifies the YAML root of a decision file and validates its `advisor` block.
pub fn classify(root: &Node) -> Classified<'_> {
    let Some(top) = Mapping::of(root) else {
        return Classified::NotADecision;
    };
    let Some(advisor) = top.get("advisor") else {
        return Classified::NotADecision;
    };
    let mut problems = Vec::new();
    let strictness = match top.get("status").map(status) {
        None => Strictness::Lenient,
        Some(Ok(Status::Checked(strictness))) => strictness,
        Some(Ok(Status::Retired(status))) => return Classified::Retired { status },
        Some(Err(problem)) => {
            problems.push(problem);
            Strictness::Strict
        }
    };

    let Some(entries) = Mapping::of(advisor) else {
        problems.push((
            advisor.pos,
            format!(
                "advisor: expected a mapping with `service` and `workload` or `workload_file`, found {}",
                advisor.describe()
            ),
        ));
        return Classified::Invalid(problems);
    };
    entries.report_unknown_keys(ADVISOR_KEYS, &"advisor: ", &"", &mut problems);

    let service = entries.optional_text(
        "service",
        &"advisor.service",
        Expected::Described("the id of the chosen service"),
        &mut problems,
    );
    if entries.get("service").is_none() {
        problems.push((
            advisor.pos,
            "advisor.service: required key is missing; name the chosen service's id".into(),
        ));
    }

    let workload = match (entries.get("workload"), entries.get("workload_file")) {
        (Some(inline), None) => Some(WorkloadSource::Inline(inline)),
        (None, Some(_)) => entries
            .optional_text(
                "workload_file",
                &"advisor.workload_file",
                Expected::Described("a path relative to this file"),
                &mut problems,
            )
            .map(|(path, pos)| WorkloadSource::File { path, pos }),
        (Some(_), Some(file)) => {
            problems.push((
                file.pos,
                "advisor: give either `workload` or `workload_file`, not both".into(),
            ));
            None
        }
        (None, None) => {
            problems.push((
                advisor.pos,
                "advisor: required key is missing; describe the workload inline with `workload` or point at a file with `workload_file`".into(),
            ));
            None
        }
    };

    let waivers = entries
        .get("waivers")
        .map_or_else(Vec::new, |node| waivers(node, &mut problems));

    match (service, workload) {
        (Some((service, service_pos)), Some(workload)) if problems.is_empty() => {
            Classified::Decision(Decision {
                strictness,
                service,
                service_pos,
                workload,
                waivers,
            })
        }
        _ => Classified::Invalid(problems),
    }
}

/// Whether a parsed file that is not a decision is a workload file: a mapping with a
/// top-level `runtime` (SPEC 1).
pub fn is_workload(root: &Node) -> bool {
    Mapping::of(root).is_some_and(|top| top.get("runtime").is_some())
}

enum Status {
    Checked(Strictness),
    Retired(String),
}

/// MADR statuses, case-insensitive; `superseded by ADR-0005` counts as superseded.
fn status(node: &Node) -> Result<Status, (Position, String)> {
    let text = match &node.value {
        NodeValue::Null => return Ok(Status::Checked(Strictness::Lenient)),
        NodeValue::Str(text) => text.trim(),
        _ => {
            return Err((
                node.pos,
                format!(
                    "status: expected a string ({STATUSES}), found {}",
                    node.describe()
                ),
            ));
        }
    };
    let lower = text.to_lowercase();
    match lower.as_str() {
        "accepted" => Ok(Status::Checked(Strictness::Strict)),
        "proposed" | "draft" => Ok(Status::Checked(Strictness::Lenient)),
        "rejected" | "deprecated" => Ok(Status::Retired(text.to_string())),
        s if s.starts_with("superseded") || s.starts_with("superceded") => {
            Ok(Status::Retired(text.to_string()))
        }
        _ => Err((
            node.pos,
            format!(
                "status: unknown status {}; expected {STATUSES}",
                node.describe()
            ),
        )),
    }
}

fn waivers<'n>(node: &'n Node, problems: &mut Vec<(Position, String)>) -> Vec<Waiver<'n>> {
    let NodeValue::Seq(items) = &node.value else {
        problems.push((
            node.pos,
            format!(
                "advisor.waivers: expected a list of `{{rule, reason}}` entries, found {}",
                node.describe()
            ),
        ));
        return Vec::new();
    };
    let mut waivers = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("advisor.waivers[{i}]");
        let Some(entries) = Mapping::of(item) else {
            problems.push((
                item.pos,
                format!(
                    "{path}: expected a mapping with `rule` and `reason`, found {}",
                    item.describe()
                ),
            ));
            continue;
        };
        entries.report_unknown_keys(WAIVER_KEYS, &format_args!("{path}: "), &"", problems);
        let rule = entries.required_text(
            "rule",
            &format_args!("{path}.rule"),
            Expected::Described("the id of the waived rule"),
            problems,
        );
        let reason = entries.required_text(
            "reason",
            &format_args!("{path}.reason"),
            Expected::Described("why the team accepts breaking the rule; a waiver needs a reason"),
            problems,
        );
        if let (Some((rule, pos)), Some((reason, _))) = (rule, reason) {
            waivers.push(Waiver { rule, pos, reason });
        }
    }
    waivers
}
