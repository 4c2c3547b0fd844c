//! A rule's effects (`exclude`, `score`, `pair`) and the service ids they name.

use std::fmt;

use super::{Loader, Sub};
use crate::diagnostic::Position;
use crate::fields;
use crate::rules::{CostBand, Role, ServiceIndex, Template};
use crate::validate::Mapping;
use crate::yaml::{Node, NodeValue};

const POINTS: &str = "a whole number of points between -1000000 and 1000000";

/// The keys of a score that carries its own reason.
const SCORE_KEYS: &[&str] = &["points", "reason", "versus"];

/// A rule's `score`: points per service, the reasons of services that have their own, and
/// the services that points are measured against.
#[derive(Default)]
pub(super) struct Scores {
    pub(super) points: Vec<(ServiceIndex, i64)>,
    pub(super) reasons: Vec<(ServiceIndex, Template)>,
    pub(super) versus: Vec<(ServiceIndex, Vec<ServiceIndex>)>,
}

/// One score entry as written: `points`, or `{points, reason, versus}`.
#[derive(Default)]
struct Entry {
    points: Option<i64>,
    reason: Option<Template>,
    versus: Vec<ServiceIndex>,
}

impl Loader<'_> {
    /// Resolves a service id named by an effect; companions only where `companion` says so.
    fn service(
        &mut self,
        node: &Node,
        path: &dyn fmt::Display,
        companion: bool,
    ) -> Option<ServiceIndex> {
        let NodeValue::Str(id) = &node.value else {
            self.errors.error(
                node.pos,
                format!("{path}: expected a service id, found {}", node.describe()),
            );
            return None;
        };
        self.service_by_id(id, node.pos, path, companion)
    }

    fn service_by_id(
        &mut self,
        id: &str,
        pos: Position,
        path: &dyn fmt::Display,
        companion: bool,
    ) -> Option<ServiceIndex> {
        let Some(&index) = self.service_ids.get(id) else {
            self.errors.error(
                pos,
                format!(
                    "{path}: unknown service `{id}`{} (declared services: {})",
                    fields::did_you_mean(id, self.services.iter().map(|s| s.id.as_str())),
                    self.services
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return None;
        };
        let role = self.services[index].role;
        match (companion, role) {
            (true, Role::Candidate) => {
                self.errors.error(
                    pos,
                    format!("{path}: `{id}` is not a companion; only services with `role: companion` can be paired"),
                );
                None
            }
            (_, Role::Closed) => {
                self.errors.error(
                    pos,
                    format!("{path}: `{id}` is closed to new customers, so it is never ranked or paired; rules cannot name it"),
                );
                None
            }
            (false, Role::Companion) => {
                self.errors.error(
                    pos,
                    format!("{path}: `{id}` is a companion, which is never ranked; name a ranked service, or pair `{id}` with one"),
                );
                None
            }
            _ => Some(index),
        }
    }

    pub(super) fn exclude(&mut self, node: &Node, path: &dyn fmt::Display) -> Vec<ServiceIndex> {
        let path = &Sub(path, "exclude");
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a list of service ids, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.service(item, &path, false))
            .collect()
    }

    /// `score`: each service maps to its points, or to `{points, reason}` when the rule's
    /// reason would not be true of it.
    pub(super) fn score(&mut self, node: &Node, path: &dyn fmt::Display) -> Scores {
        let path = &Sub(path, "score");
        let mut scores = Scores::default();
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a mapping of service ids to whole numbers of points, found {}",
                    node.describe()
                ),
            );
            return scores;
        };
        for (key, value) in entries {
            let service = self.service_by_id(&key.name, key.pos, &path, false);
            let item_path = Sub(path, &key.name);
            let entry = match &value.value {
                NodeValue::Map(_) => self.score_with_reason(value, &item_path),
                _ => Entry {
                    points: self.points(value, &item_path, " or {points, reason}"),
                    ..Entry::default()
                },
            };
            if let (Some(service), Some(points)) = (service, entry.points) {
                scores.points.push((service, points));
                if let Some(reason) = entry.reason {
                    scores.reasons.push((service, reason));
                }
                if entry.versus.contains(&service) {
                    self.errors.error(
                        value.pos,
                        format!("{item_path}.versus: `{}` cannot be measured against itself; name the services its points compare it with", key.name),
                    );
                } else if !entry.versus.is_empty() {
                    scores.versus.push((service, entry.versus));
                }
            }
        }
        scores
    }

    /// `{points: INT, reason: "TEMPLATE", versus: [ids]}`: a scored service with a reason of
    /// its own and, optionally, the services its points are measured against.
    fn score_with_reason(&mut self, node: &Node, path: &dyn fmt::Display) -> Entry {
        let path = path.to_string();
        let Some(entries) = self.mapping(node, SCORE_KEYS, "a score", &path) else {
            return Entry::default();
        };
        // A misspelt key is reported already; the key it misspells is not missing too.
        let misspelt = entries.unknown_keys(SCORE_KEYS).next().is_some();
        let mut missing = |key: &str, expected: &str| {
            if !misspelt {
                self.errors.error(
                    entries.pos,
                    format!("{path}.{key}: required key is missing; expected {expected}"),
                );
            }
        };
        let points = entries.get("points");
        let reason = entries.get("reason");
        if points.is_none() {
            missing("points", POINTS);
        }
        if reason.is_none() {
            missing(
                "reason",
                "a reason template (or write the points alone to show the rule's reason)",
            );
        }
        let versus = entries
            .get("versus")
            .map(|node| self.versus(node, &Sub(&path, "versus")))
            .unwrap_or_default();
        Entry {
            points: points.and_then(|node| self.points(node, &Sub(&path, "points"), "")),
            reason: reason.and_then(|node| self.template(node, &path)),
            versus,
        }
    }

    /// `versus: [ids]`: ranked services, at least one, each once.
    fn versus(&mut self, node: &Node, path: &dyn fmt::Display) -> Vec<ServiceIndex> {
        let items = match &node.value {
            NodeValue::Seq(items) if !items.is_empty() => items,
            _ => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}: expected a non-empty list of the service ids the points are measured against, found {}",
                        node.describe()
                    ),
                );
                return Vec::new();
            }
        };
        let mut services = Vec::new();
        for item in items {
            if let Some(service) = self.service(item, path, false) {
                if services.contains(&service) {
                    self.errors.error(
                        item.pos,
                        format!("{path}: `{}` is listed twice", item.text()),
                    );
                } else {
                    services.push(service);
                }
            }
        }
        services
    }

    /// Points within the bound; `or` names what else the place accepts.
    fn points(&mut self, node: &Node, path: &dyn fmt::Display, or: &str) -> Option<i64> {
        match node.value {
            // unsigned_abs: `abs` of the smallest i128 overflows (a panic in a debug build,
            // 0 points in a release build).
            NodeValue::Int(0) => {
                self.errors.error(
                    node.pos,
                    format!("{path}: 0 points change nothing; give points or remove the entry"),
                );
                None
            }
            NodeValue::Int(p) if p.unsigned_abs() <= 1_000_000 => Some(p as i64),
            _ => {
                self.errors.error(
                    node.pos,
                    format!("{path}: expected {POINTS}{or}, found {}", node.describe()),
                );
                None
            }
        }
    }

    /// `cost_points`: a list of `{within: N%, points}` bands, the tightest first.
    pub(super) fn cost_points(&mut self, node: &Node, path: &dyn fmt::Display) -> Vec<CostBand> {
        let path = &Sub(path, "cost_points");
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a list of bands like {{within: 25%, points: 1}}, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        let mut bands: Vec<CostBand> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let Some(entries) = Mapping::of(item) else {
                self.errors.error(
                    item.pos,
                    format!(
                        "{at}: expected a band like {{within: 25%, points: 1}}, found {}",
                        item.describe()
                    ),
                );
                continue;
            };
            entries.report_unknown_keys(
                &["within", "points"],
                &format_args!("{at}: "),
                &"",
                &mut self.errors,
            );
            let within = match entries.get("within") {
                Some(node) => self.percent(node, &format!("{at}.within")),
                None => {
                    self.errors.error(
                        entries.pos,
                        format!(
                            "{at}.within: required key is missing; expected a percentage like 25%"
                        ),
                    );
                    None
                }
            };
            let points = match entries.get("points") {
                Some(node) => self.points(node, &format_args!("{at}.points"), ""),
                None => {
                    self.errors.error(
                        entries.pos,
                        format!("{at}.points: required key is missing; expected {POINTS}"),
                    );
                    None
                }
            };
            if let (Some(within), Some(previous)) = (within, bands.last())
                && within <= previous.within_percent
            {
                self.errors.error(
                    item.pos,
                    format!(
                        "{at}.within: {within}% is not above the previous band's {}%; list bands from the tightest",
                        previous.within_percent
                    ),
                );
                continue;
            }
            if let (Some(within_percent), Some(points)) = (within, points) {
                bands.push(CostBand {
                    within_percent,
                    points,
                });
            }
        }
        if items.is_empty() {
            self.errors
                .error(node.pos, format!("{path}: expected at least one band"));
        }
        bands
    }

    /// `25%`: a whole percentage from 0 to 10,000.
    fn percent(&mut self, node: &Node, path: &str) -> Option<u32> {
        let parsed = match &node.value {
            NodeValue::Str(text) => text
                .strip_suffix('%')
                .and_then(|number| number.trim().parse::<u32>().ok())
                .filter(|percent| *percent <= 10_000),
            _ => None,
        };
        if parsed.is_none() {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a whole percentage from 0% to 10000%, like 25%, found {}",
                    node.describe()
                ),
            );
        }
        parsed
    }

    pub(super) fn pair(
        &mut self,
        node: &Node,
        path: &dyn fmt::Display,
    ) -> Vec<(ServiceIndex, Vec<ServiceIndex>)> {
        let path = &Sub(path, "pair");
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a mapping of service ids to lists of companion ids, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        let mut pairs = Vec::new();
        for (key, companions) in entries {
            let service = self.service_by_id(&key.name, key.pos, &path, false);
            let item_path = Sub(path, &key.name);
            let companions = match &companions.value {
                NodeValue::Seq(items) if items.is_empty() => {
                    self.errors.error(
                        companions.pos,
                        format!("{item_path}: an empty list pairs nothing; name companions or remove the entry"),
                    );
                    Vec::new()
                }
                NodeValue::Seq(items) => items
                    .iter()
                    .filter_map(|item| self.service(item, &item_path, true))
                    .collect(),
                _ => {
                    self.errors.error(
                        companions.pos,
                        format!(
                            "{item_path}: expected a list of companion ids, found {}",
                            companions.describe()
                        ),
                    );
                    Vec::new()
                }
            };
            if let Some(service) = service {
                pairs.push((service, companions));
            }
        }
        pairs
    }
}
