//! The `services` list: ids, names and roles, which effects later refer to.

use super::Loader;
use crate::date::Date;
use crate::rules::{Closure, Role, Service, Text};
use crate::validate::Mapping;
use crate::yaml::{Node, NodeValue};

const SERVICE_KEYS: &[&str] = &[
    "id",
    "name",
    "summary",
    "docs",
    "role",
    "closed_to_new_customers",
];
const CLOSURE_KEYS: &[&str] = &["since", "source", "advice"];
const ROLES: &[&str] = &["candidate", "companion"];

impl Loader<'_> {
    pub(super) fn services(&mut self, node: &Node) {
        let NodeValue::Seq(items) = &node.value else {
            self.errors.error(
                node.pos,
                format!(
                    "services: expected a list of services, found {}",
                    node.describe()
                ),
            );
            return;
        };
        for (i, item) in items.iter().enumerate() {
            if let Some(service) = self.service_entry(item, &format!("services[{i}]")) {
                self.service_ids
                    .insert(service.id.clone(), self.services.len());
                self.services.push(service);
            }
        }
        if items.is_empty() && !self.extends {
            self.errors.error(
                node.pos,
                "services: the list is empty; declare at least one service",
            );
        }
    }

    /// One declared service; `None` when it cannot be declared at all (no id, or a taken one).
    fn service_entry(&mut self, item: &Node, path: &str) -> Option<Service> {
        let entries = self.mapping(item, SERVICE_KEYS, "a service", path)?;
        let (id, id_pos) = self.id(&entries, path, "ecs-fargate")?;
        if let Some(&first) = self.service_ids.get(&id) {
            let first = self.place(&self.services[first].origin);
            self.errors.error(
                id_pos,
                format!("{path}.id: duplicate service id `{id}`, first declared at {first}"),
            );
            return None;
        }
        let mut role = self.role(&entries, path);
        let closure = entries
            .get("closed_to_new_customers")
            .and_then(|node| self.closure(node, &format!("{path}.closed_to_new_customers")));
        if closure.is_some() {
            if role == Role::Companion {
                self.errors.error(
                    id_pos,
                    format!("{path}: a companion cannot be closed to new customers; only a service that would be ranked can"),
                );
            }
            role = Role::Closed;
        }
        Some(Service {
            closure,
            name: self
                .required_text(&entries, "name", path)
                .unwrap_or_default()
                .into(),
            summary: self
                .optional_text(&entries, "summary", path)
                .map(Text::from),
            docs: self.optional_text(&entries, "docs", path).map(Text::from),
            role,
            id,
            origin: self.origin(id_pos),
        })
    }

    /// `closed_to_new_customers: {since: YYYY-MM-DD, source, advice}`, all required.
    fn closure(&mut self, node: &Node, path: &str) -> Option<Closure> {
        let entries = self.mapping(node, CLOSURE_KEYS, "a closure", path)?;
        let since = self.required_text(&entries, "since", path);
        let source = self.required_text(&entries, "source", path);
        let advice = self.required_text(&entries, "advice", path);
        if let (Some(since), Some(node)) = (&since, entries.get("since"))
            && let Err(problem) = Date::parse(since)
        {
            self.errors
                .error(node.pos, format!("{path}.since: {problem}"));
            return None;
        }
        Some(Closure {
            since: since?.into(),
            source: source?.into(),
            advice: advice?.into(),
        })
    }

    fn role(&mut self, entries: &Mapping, path: &str) -> Role {
        let Some(node) = entries.get("role") else {
            return Role::Candidate;
        };
        match &node.value {
            NodeValue::Str(s) if s == "companion" => Role::Companion,
            NodeValue::Str(s) if s == "candidate" => Role::Candidate,
            _ => {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}.role: unknown value {}, expected one of {}",
                        node.describe(),
                        ROLES.join(", ")
                    ),
                );
                Role::Candidate
            }
        }
    }
}
