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
    fn yaml_files_are_read_whole() {
        assert_eq!(yaml("\u{feff}a: 1\n", Form::Yaml), Yaml::Text("a: 1\n"));
    }
}
