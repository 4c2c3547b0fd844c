//! Rendering results for people and programs: one small reporter per command and format,
//! and the escaping that keeps text from user files from driving a terminal.

pub mod check;
pub mod recommend;
pub mod rules;

use std::io::IsTerminal;

use anstyle::Style;
use schemars::JsonSchema;
use serde::Serialize;

use crate::rules::LoadedRuleSet;

/// Colour only on a terminal, and never with `NO_COLOR` set (https://no-color.org).
pub fn color_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

/// Replaces control characters (other than newline and tab) so that text from user files
/// can never drive the terminal: an ESC becomes `\u{1b}`.
pub fn sanitize(text: &str) -> String {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return text.to_string();
    }
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        if unsafe_char(c) {
            clean.extend(c.escape_unicode());
        } else {
            clean.push(c);
        }
    }
    clean
}

/// Table width when stdout is not a terminal, so piped output is stable; also the least
/// width used on a terminal.
pub const PIPE_WIDTH: u16 = 100;

/// Which rule set produced a JSON document.
#[derive(Serialize, JsonSchema)]
pub struct RuleSetRef<'a> {
    /// The rule set's `name`.
    name: &'a str,
    /// The number of rules in the set.
    rules: usize,
    /// The rule file as given with `--rules`, `null` for the built-in set.
    path: Option<&'a str>,
}

impl<'a> From<&'a LoadedRuleSet> for RuleSetRef<'a> {
    fn from(loaded: &'a LoadedRuleSet) -> Self {
        RuleSetRef {
            name: &loaded.rules.name,
            rules: loaded.rules.rules.len(),
            path: loaded.path.as_deref(),
        }
    }
}

/// Escapes every control character, line breaks and tabs included, for output that is one
/// line per item (a finding, a workflow command): text from a file cannot add a line.
pub fn escape_controls(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            escaped.extend(c.escape_unicode());
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// Applies ANSI styles only when colour is wanted.
pub struct Paint(pub bool);

impl Paint {
    pub fn style(&self, text: &str, style: Style) -> String {
        if self.0 {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn sanitize_escapes_terminal_controls_but_keeps_layout() {
        assert_eq!(
            sanitize("a\u{1b}[31mb\tc\nd\r"),
            "a\\u{1b}[31mb\tc\nd\\u{d}"
        );
    }

    #[test]
    fn sanitize_escapes_c1_controls_and_keeps_other_latin1_characters() {
        assert_eq!(
            sanitize("\u{9b}31m \u{a0}\u{e9}\u{7f}"),
            "\\u{9b}31m \u{a0}\u{e9}\\u{7f}"
        );
    }
}
