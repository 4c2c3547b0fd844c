//! The YAML inside a decision file: the whole file for `.yaml`, the front matter for Markdown.
//! Slices keep the file's own line numbers, so every position reported is a position in the
//! real file.

/// Where a decision file keeps its YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Markdown,
    Yaml,
}

impl Form {
    /// Markdown by extension (`.md`, `.markdown`); anything else is read as YAML.
    pub fn of(path: &std::path::Path) -> Form {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                Form::Markdown
            }
            _ => Form::Yaml,
        }
    }
}

/// The YAML part of a decision file.
#[derive(Debug, PartialEq, Eq)]
pub enum Yaml<'t> {
    /// YAML text starting at the file's first line (a byte-order mark removed).
    Text(&'t str),
    /// A Markdown file without front matter.
    Absent,
    /// Front matter opened on line 1 that no `---` or `...` line closes.
    Unterminated,
}

/// Splits off the YAML of a decision file. Front matter is returned with its opening `---`,
/// which YAML reads as a document start, so line numbers need no offset.
pub fn yaml(text: &str, form: Form) -> Yaml<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if form == Form::Yaml {
        return Yaml::Text(text);
    }
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if is_delimiter(first, &["---"]) => {}
        _ => return Yaml::Absent,
    }
    let mut offset = text.len() - lines.clone().map(str::len).sum::<usize>();
    for line in lines {
        if is_delimiter(line, &["---", "..."]) {
            return Yaml::Text(&text[..offset]);
        }
        offset += line.len();
    }
    Yaml::Unterminated
}

/// What a file's YAML holds, told from its top-level keys without parsing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A top-level `advisor` key: a decision record, to be parsed and checked.
    Decision,
    /// No `advisor` key but a top-level `runtime`: a workload file (SPEC 1).
    Workload,
    /// A document written as one flow mapping (`{...}`, as JSON is): its keys cannot be
    /// told line by line, so it is parsed to find out.
    Flow,
    /// Anything else: skipped unparsed.
    Other,
}

/// Tells a decision record from other YAML by its top-level keys: a line that starts, at
/// column 0, with `advisor:` (the key may be quoted). Nothing is parsed, so a Helm template,
/// a multi-document Kubernetes manifest or a file that mentions advisor only in a comment or
/// a nested key is never taken for a decision. A key at column 0 is a key of the top-level
/// mapping of some document; what else could put `advisor:` there (a multi-line scalar)
/// is caught when the file is parsed, which finds no such key.
pub fn kind(yaml: &str) -> Kind {
    let first = yaml
        .lines()
        .map(str::trim_start)
        .find(|line| !(line.is_empty() || line.starts_with(['#', '%']) || is_document_start(line)));
    if first.is_some_and(|line| line.starts_with('{') && !line.starts_with("{{")) {
        return Kind::Flow;
    }
    let mut workload = false;
    for line in yaml.lines() {
        if is_top_level_key(line, "advisor") {
            return Kind::Decision;
        }
        workload |= is_top_level_key(line, "runtime");
    }
    if workload {
        Kind::Workload
    } else {
        Kind::Other
    }
}

/// `---` alone or before content on its line (`--- # comment`, `--- {a: 1}`).
fn is_document_start(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Whether `line` starts with `key` as a key of a block mapping at column 0: `key:`,
/// `"key":` or `'key':`, with the colon followed by a space, a tab or the end of the line.
/// A line that starts a document (`--- key: value` is not a mapping YAML allows) or holds an
/// explicit key (`? key`) is not looked into.
fn is_top_level_key(line: &str, key: &str) -> bool {
    let rest = [("", ""), ("\"", "\""), ("'", "'")]
        .iter()
        .find_map(|(open, close)| {
            line.strip_prefix(open)?
                .strip_prefix(key)?
                .strip_prefix(close)
        });
    let Some(rest) = rest else {
        return false;
    };
    let Some(after) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
        return false;
    };
    after.is_empty() || after.starts_with([' ', '\t'])
}

fn is_delimiter(line: &str, delimiters: &[&str]) -> bool {
    delimiters.contains(&line.trim_end_matches(['\n', '\r', ' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_keeps_the_opening_delimiter_and_stops_before_the_closing_one() {
        let text = "---\nadvisor: {}\n---\n# Title\n";
        assert_eq!(yaml(text, Form::Markdown), Yaml::Text("---\nadvisor: {}\n"));
    }

    #[test]
    fn front_matter_closed_by_the_last_line_without_a_newline() {
        assert_eq!(
            yaml("---\na: 1\n---", Form::Markdown),
            Yaml::Text("---\na: 1\n")
        );
    }

    #[test]
    fn front_matter_with_crlf_and_a_byte_order_mark() {
        assert_eq!(
            yaml("\u{feff}---\r\na: 1\r\n...\r\nbody", Form::Markdown),
            Yaml::Text("---\r\na: 1\r\n")
        );
    }

    #[test]
    fn markdown_without_front_matter_has_no_yaml() {
        assert_eq!(yaml("# ADR 1\n---\n", Form::Markdown), Yaml::Absent);
        assert_eq!(yaml("", Form::Markdown), Yaml::Absent);
    }

    #[test]
    fn front_matter_that_never_closes_is_unterminated() {
        assert_eq!(yaml("---\na: 1\n", Form::Markdown), Yaml::Unterminated);
    }

    #[test]
    fn a_top_level_advisor_key_makes_a_decision() {
        for yaml in [
            "advisor:\n  service: lambda\n",
            "---\nstatus: accepted\nadvisor: {service: lambda}\n",
            "status: accepted\r\nadvisor:\r\n  service: lambda\r\n",
            "\"advisor\": {}\n",
            "'advisor' : {}\n",
            "advisor:\t# the block\n",
            "advisor: [\n",
            // A runtime key too: still a decision (an inline workload beside it is invalid).
            "runtime: {}\nadvisor: {}\n",
        ] {
            assert_eq!(kind(yaml), Kind::Decision, "{yaml:?}");
        }
    }

    #[test]
    fn advisor_anywhere_but_a_top_level_key_is_not_a_decision() {
        for yaml in [
            "# checked by advisor:\nkind: ConfigMap\n",
            "metadata:\n  advisor: yes\n",
            "advisors: 3\n",
            "advisor_notes: x\n",
            "advisor:x\n",
            "title: \"advisor: a tool\"\n",
            "- advisor: lambda\n",
            "{{- if .Values.advisor }}\nadvisor-enabled: true\n{{- end }}\n",
            "",
        ] {
            assert_eq!(kind(yaml), Kind::Other, "{yaml:?}");
        }
    }

    #[test]
    fn a_top_level_runtime_key_without_advisor_makes_a_workload() {
        assert_eq!(
            kind("name: w\nruntime:\n  max_duration: 1m\n"),
            Kind::Workload
        );
        assert_eq!(kind("name: w\nspec:\n  runtime: x\n"), Kind::Other);
    }

    #[test]
    fn a_flow_mapping_document_is_parsed_to_tell() {
        assert_eq!(kind("{\"advisor\": {}}"), Kind::Flow);
        assert_eq!(
            kind("# a comment\n---\n{\n  \"runtime\": {}\n}\n"),
            Kind::Flow
        );
        assert_eq!(kind("{{ .Values.x }}\n"), Kind::Other);
    }

    #[test]
    fn yaml_files_are_read_whole() {
        assert_eq!(yaml("\u{feff}a: 1\n", Form::Yaml), Yaml::Text("a: 1\n"));
    }
}
