//! SARIF 2.1.0 as GitHub code scanning reads it, shared by `check --format sarif` and
//! `rules lint --format sarif`: one run whose driver, `advisor`, lists every code as a rule,
//! and results with repository-relative locations.

use std::path::Path;

use serde_json::{Value, json};

use super::{indent, pretty};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A code as a `reportingDescriptor` of the driver's `rules`.
pub fn rule(id: &str, summary: &str, explanation: &str, level: &str) -> Value {
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": explanation },
        "defaultConfiguration": { "level": level },
    })
}

/// The driver: advisor, its version and its rules.
pub fn driver(rules: Vec<Value>) -> Value {
    json!({
        "name": "advisor",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    })
}

/// One result: the code (`ruleId` and its index in the driver's rules), its level, the
/// message and where it is.
pub fn result(
    id: &str,
    rule_index: usize,
    level: &str,
    message: &str,
    path: &str,
    line: u64,
    column: u64,
) -> Value {
    json!({
        "ruleId": id,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": artifact_uri(path) },
                "region": {
                    "startLine": line,
                    "startColumn": column,
                },
            },
        }],
    })
}

/// The log up to its results, which follow one by one ([`result_text`]) and end with
/// [`footer`]; written in SARIF's own order, `$schema` and `version` first.
pub fn header(driver: &Value) -> String {
    format!(
        "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {{\n        \"driver\": {}\n      }},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
        indent(&pretty(driver), 8)
    )
}

/// One result of the log, after `written` others.
pub fn result_text(result: &Value, written: usize) -> String {
    let separator = if written == 0 { "" } else { "," };
    format!("{separator}\n        {}", indent(&pretty(result), 8))
}

/// The end of the log, after its results, if any.
pub fn footer(any_results: bool) -> &'static str {
    if any_results {
        "\n      ]\n    }\n  ]\n}\n"
    } else {
        "]\n    }\n  ]\n}\n"
    }
}

/// A whole log: one run of `driver` with `results`.
pub fn log(driver: &Value, results: &[Value]) -> String {
    let mut log = header(driver);
    for (written, result) in results.iter().enumerate() {
        log.push_str(&result_text(result, written));
    }
    log.push_str(footer(!results.is_empty()));
    log
}

/// A relative path as a URI reference with `/` separators, relative to the directory advisor
/// runs in (the repository root in CI); other paths as `file://` URIs. Everything outside
/// RFC 3986's unreserved characters is percent-encoded.
pub fn artifact_uri(path: &str) -> String {
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
