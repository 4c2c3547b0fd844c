//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. One run; its driver lists
//! every finding code as a rule, and each finding is a result with a repository-relative
//! location. Results are written as they arrive.

use std::io::{self, Write};
use std::path::Path;

use serde_json::json;

use super::{Reporter, indent, pretty};
use crate::check::{Code, FileReport, Summary};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct Sarif {
    results_written: usize,
}

impl Sarif {
    pub fn new() -> Self {
        Sarif { results_written: 0 }
    }

    fn header() -> String {
        let rules: Vec<_> = Code::ALL
            .iter()
            .map(|code| {
                json!({
                    "id": code.id(),
                    "name": code.id(),
                    "shortDescription": { "text": code.summary() },
                    "fullDescription": { "text": code.explanation() },
                    "defaultConfiguration": { "level": code.default_level().name() },
                })
            })
            .collect();
        let driver = json!({
            "name": "advisor",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        format!(
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {{\n        \"driver\": {}\n      }},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
            indent(&pretty(&driver), 8)
        )
    }
}

impl Reporter for Sarif {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for finding in &report.findings {
            let rule_index = Code::ALL
                .iter()
                .position(|c| *c == finding.code)
                .expect("every code is listed");
            let result = json!({
                "ruleId": finding.code.id(),
                "ruleIndex": rule_index,
                "level": finding.level.name(),
                "message": { "text": finding.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(&report.path) },
                        "region": {
                            "startLine": finding.pos.line,
                            "startColumn": finding.pos.column,
                        },
                    },
                }],
            });
            if self.results_written == 0 {
                out.write_all(Sarif::header().as_bytes())?;
            }
            let separator = if self.results_written == 0 { "" } else { "," };
            self.results_written += 1;
            write!(out, "{separator}\n        {}", indent(&pretty(&result), 8))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if self.results_written == 0 {
            out.write_all(Sarif::header().as_bytes())?;
            writeln!(out, "]\n    }}\n  ]\n}}")
        } else {
            writeln!(out, "\n      ]\n    }}\n  ]\n}}")
        }
    }
}

/// A relative path as a URI reference with `/` separators, relative to the directory advisor
/// runs in (the repository root in CI); other paths as `file://` URIs. Everything outside
/// RFC 3986's unreserved characters is percent-encoded.
fn artifact_uri(path: &str) -> String {
    let path = Path::new(path);
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
    } else {
        Some(path.to_path_buf())
    };
    match relative {
        Some(relative) => encode_segments(&relative),
        None => format!("file://{}", encode_segments(path)),
    }
}

fn encode_segments(path: &Path) -> String {
    let mut uri = String::new();
    for (i, component) in path.components().enumerate() {
        let text = component.as_os_str().to_string_lossy();
        if i > 0 && !uri.ends_with('/') {
            uri.push('/');
        }
        if text == "/" {
            uri.push('/');
            continue;
        }
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                uri.push(byte as char);
            } else {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_become_percent_encoded_uri_references() {
        assert_eq!(
            artifact_uri("docs/decisions/0001 use lambda,%.md"),
            "docs/decisions/0001%20use%20lambda%2C%25.md"
        );
    }

    #[test]
    fn absolute_paths_outside_the_working_directory_become_file_uris() {
        assert_eq!(
            artifact_uri("/nonexistent/a b.md"),
            "file:///nonexistent/a%20b.md"
        );
    }
}
