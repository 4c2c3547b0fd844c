//! Rendering a recommendation: one small reporter per output format.

mod json;
mod table;

use std::io::IsTerminal;

use crate::cli::RecommendFormat;
use crate::engine::Recommendation;
use crate::input::LoadedRuleSet;
use crate::workload::Workload;

/// Everything a reporter needs to render one recommendation.
pub struct Context<'a> {
    pub rule_set: &'a LoadedRuleSet,
    pub workload: &'a Workload,
    pub recommendation: &'a Recommendation,
    pub explain: bool,
    pub color: bool,
}

/// Renders the recommendation in `format`, ending with a newline.
pub fn render(format: RecommendFormat, context: &Context) -> String {
    match format {
        RecommendFormat::Table => table::render(context),
        RecommendFormat::Json => json::render(context),
    }
}

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
