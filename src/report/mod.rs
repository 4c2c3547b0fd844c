//! Rendering results for people and programs: one small reporter per command and format,
//! and the escaping that keeps text from user files from driving a terminal.

pub mod check;
pub mod cost;
pub mod cost_plot;
pub mod decision;
pub mod diff;
pub mod estimate;
pub mod github;
pub mod grid;
pub mod lint;
pub mod markdown;
pub mod pretty_json;
pub mod prices;
pub mod recommend;
pub mod rules;
pub mod sarif;

use std::borrow::Cow;
use std::fmt::{self, Write};
use std::io::IsTerminal;

use anstyle::Style;
use comfy_table::{Cell, Table};
use schemars::JsonSchema;
use serde::Serialize;

use crate::rules::LoadedRuleSet;
use crate::workload::Workload;

/// When human output is coloured (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Colour even into a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour: the one place that decides, so every reporter agrees
    /// (`NO_COLOR`: https://no-color.org).
    pub fn wanted(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                !no_color && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Replaces control characters (other than newline and tab) so that text from user files
/// can never drive the terminal: an ESC becomes `\u{1b}`.
pub fn sanitize(text: &str) -> String {
    sanitize_cow(text).into_owned()
}

/// Escapes every control character, line breaks and tabs included, for output that is one
/// line per item (a finding, a workflow command): text from a file cannot add a line.
pub fn escape_controls(text: &str) -> String {
    escape_controls_cow(text).into_owned()
}

/// [`sanitize`], borrowing `text` when it has nothing to escape.
pub fn sanitize_cow(text: &str) -> Cow<'_, str> {
    escaped(text, Layout::Keep)
}

/// [`escape_controls`], borrowing `text` when it has nothing to escape.
pub fn escape_controls_cow(text: &str) -> Cow<'_, str> {
    escaped(text, Layout::Escape)
}

fn escaped(text: &str, layout: Layout) -> Cow<'_, str> {
    if text.chars().any(|c| needs_escape(c, layout)) {
        let mut escaped = String::with_capacity(text.len() + 8);
        escape_into(&mut escaped, text, layout);
        Cow::Owned(escaped)
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether escaping keeps line breaks and tabs, which lay out multi-line text.
#[derive(Clone, Copy)]
enum Layout {
    Keep,
    Escape,
}

/// Appends `text` to `out` with its control characters written as `\u{..}`.
/// Clean runs are copied whole: this runs over every line advisor prints.
fn escape_into(out: &mut String, text: &str, layout: Layout) {
    let mut clean_from = 0;
    for (at, c) in text.char_indices() {
        if needs_escape(c, layout) {
            out.push_str(&text[clean_from..at]);
            out.extend(c.escape_unicode());
            clean_from = at + c.len_utf8();
        }
    }
    out.push_str(&text[clean_from..]);
}

fn needs_escape(c: char, layout: Layout) -> bool {
    c.is_control() && !matches!((layout, c), (Layout::Keep, '\n' | '\t'))
}

/// Human output under construction. Everything written into it with `write!` is escaped
/// (like [`sanitize`], or [`escape_controls`] for one line), so text from user files goes in
/// as it is; escape sequences come only from [`SafeText::styled`] and from tables added with
/// [`SafeText::table`]. Colouring after escaping keeps our own sequences raw.
pub struct SafeText {
    text: String,
    color: bool,
    layout: Layout,
}

impl SafeText {
    /// Multi-line output: line breaks and tabs pass, other control characters are escaped.
    pub fn new(color: bool) -> Self {
        SafeText {
            text: String::new(),
            color,
            layout: Layout::Keep,
        }
    }

    /// One line of output: line breaks and tabs are escaped too.
    pub fn one_line(color: bool) -> Self {
        SafeText {
            layout: Layout::Escape,
            ..SafeText::new(color)
        }
    }

    /// Writes `args`, escaped, in `style` when colour is on.
    pub fn styled(&mut self, style: Style, args: fmt::Arguments) {
        if self.color {
            let _ = write!(self.text, "{style}");
        }
        let _ = self.write_fmt(args);
        if self.color {
            let _ = write!(self.text, "{style:#}");
        }
    }

    /// Adds a rendered table as it is, with the colours of its cells: make every cell with
    /// [`cell`], which escapes its text.
    pub fn table(&mut self, table: &Table) {
        let _ = write!(self.text, "{table}");
    }

    /// Adds a drawn grid as it is, with the colours of its cells: make every cell from
    /// escaped text.
    pub fn grid(&mut self, grid: &grid::Grid) {
        grid.render_into(&mut self.text);
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

impl Write for SafeText {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        escape_into(&mut self.text, text, self.layout);
        Ok(())
    }
}

/// The terminal's width when standard output is one, as comfy-table measures it, so every
/// table is laid out to the same width.
pub fn terminal_width() -> Option<u16> {
    Table::new().width()
}

/// A table cell holding `text` escaped like [`sanitize`].
pub fn cell(text: &str) -> Cell {
    Cell::new(sanitize(text))
}

/// Greedy word wrap of every line of `text` to `width` characters; a longer word is broken
/// (after a hyphen where it has one), so the table never outgrows the terminal.
pub fn wrap(text: &str, width: usize) -> String {
    if fits(text, width) {
        text.to_owned()
    } else {
        wrap_words(text, width)
    }
}

/// Whether [`wrap_words`] would give `text` back as it is: no line is wider than `width`,
/// none starts with a space (which wrapping drops), and no line break is one that
/// [`str::lines`] rewrites.
fn fits(text: &str, width: usize) -> bool {
    !text.contains('\r')
        && !text.ends_with('\n')
        && text
            .split('\n')
            .all(|line| !line.starts_with(' ') && line.chars().count() <= width)
}

fn wrap_words(text: &str, width: usize) -> String {
    let mut wrapped = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            wrapped.push('\n');
        }
        let mut column = 0;
        for word in line.split(' ').flat_map(|word| pieces(word, width)) {
            let length = word.chars().count();
            if column > 0 && column + 1 + length > width {
                wrapped.push('\n');
                column = 0;
            } else if column > 0 {
                wrapped.push(' ');
                column += 1;
            }
            wrapped.push_str(word);
            column += length;
        }
    }
    wrapped
}

/// `word` cut into pieces of at most `width` characters, each ending after its last hyphen
/// when it has one.
fn pieces(mut word: &str, width: usize) -> impl Iterator<Item = &str> {
    let width = width.max(1);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        if word.len() <= width || word.chars().count() <= width {
            done = true;
            return Some(word);
        }
        let limit = word
            .char_indices()
            .nth(width)
            .map_or(word.len(), |(at, _)| at);
        let cut = word[..limit].rfind('-').map_or(limit, |hyphen| hyphen + 1);
        let piece = &word[..cut];
        word = &word[cut..];
        Some(piece)
    })
}

/// A value as pretty JSON, for reporters that write a document piece by piece.
pub(crate) fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).expect("report values serialise")
}

/// Indents every line after the first, to nest a pretty-printed value.
pub(crate) fn indent(text: &str, spaces: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(spaces)))
}

/// Table width when stdout is not a terminal, so piped output is stable.
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

/// Which workload a JSON document is about.
#[derive(Serialize, JsonSchema)]
pub struct WorkloadRef<'a> {
    /// The workload's `name`.
    name: &'a str,
    /// The workload file as given, `-` for standard input.
    path: &'a str,
    /// The `--set` overrides applied, as `FIELD=VALUE`: the result is a what-if.
    overrides: &'a [String],
}

impl<'a> From<&'a Workload> for WorkloadRef<'a> {
    fn from(workload: &'a Workload) -> Self {
        WorkloadRef {
            name: &workload.name,
            path: &workload.path,
            overrides: &workload.overrides,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use anstyle::Style;
    use proptest::prelude::*;

    use super::{
        SafeText, escape_controls, escape_controls_cow, sanitize, sanitize_cow, wrap, wrap_words,
    };

    proptest! {
        // Wrapping gives back text that fits as it is, without doing the work.
        #[test]
        fn text_that_fits_is_wrapped_as_the_word_wrap_would_wrap_it(
            text in "([a-z-]|  ?|\n|\r|\t|界){0,30}",
            width in 1usize..12,
        ) {
            prop_assert_eq!(wrap(&text, width), wrap_words(&text, width));
        }

        #[test]
        fn borrowed_escapes_are_the_escapes(text in "([a-z]|\n|\t|\r|\u{1b}|\u{85}|é){0,12}") {
            prop_assert_eq!(sanitize_cow(&text), sanitize(&text));
            prop_assert_eq!(escape_controls_cow(&text), escape_controls(&text));
        }
    }

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

    #[test]
    fn escape_controls_escapes_line_breaks_and_tabs_too() {
        assert_eq!(escape_controls("a\nb\tc\u{1b}"), "a\\u{a}b\\u{9}c\\u{1b}");
    }

    #[test]
    fn safe_text_escapes_what_is_written_and_keeps_its_own_styles_raw() {
        let mut out = SafeText::new(true);
        let name = "evil\u{1b}[31m";
        out.styled(Style::new().bold(), format_args!("for {name}"));
        let _ = writeln!(out, ": {name}");
        assert_eq!(
            out.into_string(),
            "\u{1b}[1mfor evil\\u{1b}[31m\u{1b}[0m: evil\\u{1b}[31m\n"
        );
    }

    #[test]
    fn safe_text_without_colour_writes_no_escape_sequence() {
        let mut out = SafeText::one_line(false);
        out.styled(Style::new().bold(), format_args!("a\nb"));
        assert_eq!(out.into_string(), "a\\u{a}b");
    }

    #[test]
    fn wrap_breaks_a_word_longer_than_the_width_after_a_hyphen() {
        assert_eq!(
            wrap("ruled out by fargate-spot-needs-interruptible", 24),
            "ruled out by\nfargate-spot-needs-\ninterruptible"
        );
    }

    #[test]
    fn wrap_cuts_a_long_word_without_a_hyphen_at_the_width() {
        assert_eq!(wrap("abcdefghij", 4), "abcd\nefgh\nij");
    }
}
