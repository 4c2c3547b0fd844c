//! A rule's effects (`exclude`, `score`, `pair`) and the service ids they name.

use std::fmt;

use super::{Loader, Sub};
use crate::diagnostic::Position;
use crate::fields;
use crate::rules::{Role, ServiceIndex};
use crate::yaml::{Node, NodeValue};

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

    pub(super) fn score(
        &mut self,
        node: &Node,
        path: &dyn fmt::Display,
    ) -> Vec<(ServiceIndex, i64)> {
        let path = &Sub(path, "score");
        let NodeValue::Map(entries) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "{path}: expected a mapping of service ids to whole numbers of points, found {}",
                    node.describe()
                ),
            );
            return Vec::new();
        };
        let mut scores = Vec::new();
        for (key, points) in entries {
            let service = self.service_by_id(&key.name, key.pos, &path, false);
            let points = match points.value {
                NodeValue::Int(p) if p.abs() <= 1_000_000 => Some(p as i64),
                _ => {
                    self.errors.error(
                        points.pos,
                        format!(
                            "{path}.{}: expected a whole number of points between -1000000 and 1000000, found {}",
                            key.name,
                            points.describe()
                        ),
                    );
                    None
                }
            };
            if let (Some(service), Some(points)) = (service, points) {
                scores.push((service, points));
            }
        }
        scores
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
