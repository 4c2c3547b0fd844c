//! A rule's `reason`, whose `{field.path}` placeholders must name workload fields.

use std::fmt;

use super::{Loader, Sub};
use crate::fields;
use crate::rules::{Part, Template};
use crate::yaml::{Node, NodeValue};

impl Loader<'_> {
    pub(super) fn template(&mut self, node: &Node, path: &dyn fmt::Display) -> Option<Template> {
        let path = &Sub(path, "reason");
        let NodeValue::Str(text) = &node.value else {
            self.errors.error(
                node.pos,
                format!("{path}: expected a string, found {}", node.describe()),
            );
            return None;
        };
        if text.trim().is_empty() {
            self.errors
                .error(node.pos, format!("{path}: must not be empty"));
            return None;
        }
        let mut parts = Vec::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string().into()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.errors.error(
                    node.pos,
                    format!("{path}: `{{` is never closed; placeholders look like {{runtime.max_duration}}"),
                );
                return None;
            };
            let field = &rest[open + 1..open + close];
            if fields::lookup(field).is_none() {
                self.errors.error(
                    node.pos,
                    format!(
                        "{path}: unknown field `{{{field}}}` in the reason{}",
                        fields::did_you_mean(field, fields::all_paths())
                    ),
                );
                return None;
            }
            parts.push(Part::Field(field.to_string().into()));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string().into()));
        }
        Some(Template { parts })
    }
}
