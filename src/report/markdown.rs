//! GitHub-flavoured Markdown for pull-request comments and GitHub's job summary: the escaping
//! that keeps text from workload, rule-set and decision files inert, pipe tables, and
//! `<details>` blocks. Every `--format markdown` reporter builds on these.
//!
//! Text from a file never reaches the output raw. [`text`] backslash-escapes Markdown
//! punctuation, writes `<`, `>` and `&` as entities, escapes what would start a list at the
//! start of a block, and shows control characters (line breaks too) as `\u{..}`, so a name
//! such as `<script>alert(1)</script> | *x* [a](b)` renders as exactly those characters and
//! stays in its table cell. [`code`] makes a code span, [`rich`] keeps the `` `id` `` spans
//! of advisor's own messages as code spans, and [`html`] is for text inside raw HTML (the
//! `<summary>` of a block-level `<details>`), where Markdown escapes would show as written.

use std::fmt::Write;

use super::escape_controls;

/// Text made inert, for anywhere Markdown is parsed: punctuation that Markdown or GitHub
/// reads as markup (emphasis, links, images, code, tables, headings, strike-through, maths)
/// is backslash-escaped, HTML's `<`, `>` and `&` become entities, control characters are
/// shown as `\u{..}`, and a list marker at the start (`- `, `+ `, `1. `) is escaped.
pub fn text(text: &str) -> String {
    escape(text, true)
}

/// [`text`]; `block_start` says whether the text may start a line, where a list marker
/// would count.
fn escape(text: &str, block_start: bool) -> String {
    let text = escape_controls(text);
    let mut out = String::with_capacity(text.len() + 8);
    let marker = if block_start {
        list_marker(&text)
    } else {
        None
    };
    for (at, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ if Some(at) == marker => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Where the character that makes `text` start a list item (`- x`, `+ x`, `1. x`, `2) x`)
/// or a thematic break (`---`) is, if it would: escaping it keeps a list item or a line that
/// starts with the text from becoming a nested list.
fn list_marker(text: &str) -> Option<usize> {
    let ends_marker = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    if let Some(rest) = text.strip_prefix(['-', '+']) {
        return (ends_marker(rest) || rest.starts_with('-')).then_some(0);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &text[digits..];
        if rest.starts_with(['.', ')']) && ends_marker(&rest[1..]) {
            return Some(digits);
        }
    }
    None
}

/// Text for inside raw HTML, such as the `<summary>` of a block-level `<details>`, where
/// Markdown is not parsed and backslashes would show: HTML's special characters as entities.
pub fn html(text: &str) -> String {
    escape_controls(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A code span holding `text`, backticks included. Nothing in a code span is markup, so only
/// a backtick, which would end it, is replaced (by `'`), and control characters are shown
/// escaped; a `|`, which would end a table cell, is escaped by [`Table::row`].
pub fn code(text: &str) -> String {
    let text = escape_controls(text).replace('`', "'");
    if text.is_empty() {
        return String::new();
    }
    // A span that starts or ends with a space keeps it: CommonMark strips one from each end
    // only when both are there.
    if text.starts_with(' ') && text.ends_with(' ') {
        format!("` {text} `")
    } else {
        format!("`{text}`")
    }
}

/// A message of advisor's own, which quotes ids and values in backticks (`` `lambda` is ruled
/// out ``): the quoted parts become code spans, everything else is [`text`]. An unmatched
/// backtick is escaped like any other.
pub fn rich(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    // An even count of parts means an odd count of backticks: the last one, before the last
    // part, is unmatched.
    let paired = if parts.len().is_multiple_of(2) {
        parts.len() - 1
    } else {
        parts.len()
    };
    let mut out = String::with_capacity(message.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i >= paired {
            // The unmatched backtick and what follows it.
            out.push_str("\\`");
            out.push_str(&escape(part, false));
        } else if i % 2 == 1 && !part.is_empty() {
            out.push_str(&code(part));
        } else if i % 2 == 1 {
            out.push_str("\\`\\`");
        } else {
            // Only the start of the message can start a line.
            out.push_str(&escape(part, i == 0));
        }
    }
    out
}

/// How a column's cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A pipe table, written row by row.
pub struct Table {
    columns: usize,
    text: String,
}

impl Table {
    /// A table with these column headings (plain text, escaped here) and alignments.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        let mut table = Table {
            columns: columns.len(),
            text: String::new(),
        };
        let headings: Vec<String> = columns.iter().map(|(name, _)| text(name)).collect();
        table.push(&headings);
        let rule: Vec<&str> = columns
            .iter()
            .map(|(_, align)| match align {
                Align::Left => "---",
                Align::Right => "---:",
            })
            .collect();
        let _ = writeln!(table.text, "|{}|", rule.join("|"));
        table
    }

    /// Adds a row of cells, already Markdown (from [`text`], [`code`], [`rich`], [`fold`] or
    /// markup of the reporter's own). A `|` not already escaped, as a code span may hold, is
    /// escaped so that it cannot end its cell.
    pub fn row(&mut self, cells: &[String]) {
        debug_assert_eq!(cells.len(), self.columns, "one cell per column");
        let cells: Vec<String> = cells.iter().map(|cell| escape_pipes(cell)).collect();
        self.push(&cells);
    }

    fn push(&mut self, cells: &[String]) {
        let _ = writeln!(self.text, "| {} |", cells.join(" | "));
    }

    /// The table, ending with a newline.
    pub fn render(self) -> String {
        self.text
    }
}

/// `cell` with every `|` that no backslash escapes escaped.
fn escape_pipes(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut backslashes = 0usize;
    for c in cell.chars() {
        if c == '|' && backslashes.is_multiple_of(2) {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// Lines of Markdown within one table cell.
pub fn lines(lines: &[String]) -> String {
    lines.join("<br>")
}

/// Long text for a table cell, folded: its beginning as the summary of a `<details>` (cut
/// after a clause or a word, at most `limit` characters) and the rest inside, so that the
/// table stays readable. Text no longer than `limit` comes back as it is. `render` turns a
/// piece of the plain text into Markdown ([`text`] or [`rich`]).
pub fn fold(plain: &str, limit: usize, render: impl Fn(&str) -> String) -> String {
    if plain.chars().count() <= limit {
        return render(plain);
    }
    let cut = fold_at(plain, limit);
    let (head, tail) = plain.split_at(cut);
    format!(
        "<details><summary>{}…</summary>…{}</details>",
        render(head.trim_end()),
        render(tail)
    )
}

/// Where to fold `text`, at most `limit` characters in, leaving a summary of at least a
/// quarter of that: after the last `; ` or `: ` outside brackets and code spans; else after
/// the last `, ` or before the last ` (` outside them; else at the last space outside code
/// spans; else at `limit`.
fn fold_at(text: &str, limit: usize) -> usize {
    let end = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(at, _)| at);
    let long_enough = |at: usize| at >= end / 4;
    let mut depth = 0usize;
    let mut in_code = false;
    let (mut clause, mut phrase, mut space) = (None, None, None);
    let mut previous = '\0';
    for (at, c) in text[..end].char_indices() {
        match c {
            '`' => in_code = !in_code,
            '(' | '[' if !in_code => {
                if depth == 0 && previous == ' ' && long_enough(at - 1) {
                    phrase = Some(at - 1);
                }
                depth += 1;
            }
            ')' | ']' if !in_code => depth = depth.saturating_sub(1),
            ' ' if !in_code && at > 0 => {
                space = Some(at);
                if depth == 0 && long_enough(at) {
                    match previous {
                        ';' | ':' => clause = Some(at),
                        ',' => phrase = Some(at),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        previous = c;
    }
    clause.or(phrase).or(space).unwrap_or(end)
}

/// A block-level `<details>` with a plain-text `summary` (escaped here for HTML) and a body
/// of Markdown, with the blank lines that let GitHub read the body as Markdown.
pub fn details(summary: &str, body: &str) -> String {
    format!(
        "<details><summary>{}</summary>\n\n{}\n\n</details>\n",
        html(summary),
        body.trim_end_matches('\n')
    )
}

/// Text as a fenced code block, shown exactly as written (control characters other than line
/// breaks and tabs escaped): the fence is longer than any run of backticks in the text, so
/// nothing in it can close the block.
pub fn code_block(text: &str) -> String {
    let text = super::sanitize(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}\n", text.trim_end_matches('\n'))
}

/// A finding of `check` or `rules lint`, as a row of [`findings_table`].
pub struct Finding<'a> {
    pub file: &'a str,
    pub line: u64,
    pub column: u64,
    /// `error`, `warning` or `note`.
    pub level: &'a str,
    pub code: &'a str,
    pub message: &'a str,
}

/// Messages longer than this are folded in their table cell.
pub const FOLD_AT: usize = 100;

/// Findings as a table of two columns, so that it stays readable in the narrow column of a
/// pull-request comment: where (`path:line:column`, which editors and terminals jump to), and
/// the finding, its level (errors in bold) and code first, then its message, folded when it
/// is long.
pub fn findings_table<'a>(findings: impl IntoIterator<Item = Finding<'a>>) -> String {
    let mut table = Table::new(&[("Location", Align::Left), ("Finding", Align::Left)]);
    for finding in findings {
        let level = if finding.level == "error" {
            format!("**{}**", text(finding.level))
        } else {
            text(finding.level)
        };
        table.row(&[
            code(&format!(
                "{}:{}:{}",
                finding.file, finding.line, finding.column
            )),
            format!(
                "{level} {}: {}",
                code(finding.code),
                fold(finding.message, FOLD_AT, rich)
            ),
        ]);
    }
    table.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_made_inert() {
        assert_eq!(
            text("a|b *c* <script>&_x_ `y` [z](u) $5 ~~s~~ \\ #1 ![i](j)"),
            "a\\|b \\*c\\* &lt;script&gt;&amp;\\_x\\_ \\`y\\` \\[z\\](u) \\$5 \\~\\~s\\~\\~ \\\\ \\#1 \\!\\[i\\](j)"
        );
        assert_eq!(text("two\nlines"), "two\\\\u{a}lines");
        assert_eq!(html("<b>&$"), "&lt;b&gt;&amp;$");
    }

    #[test]
    fn a_list_marker_at_the_start_is_escaped_and_nothing_else() {
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("+ item"), "\\+ item");
        assert_eq!(text("---"), "\\---");
        assert_eq!(text("12. item"), "12\\. item");
        assert_eq!(text("3) item"), "3\\) item");
        assert_eq!(text("-"), "\\-");
        assert_eq!(text("-5 points"), "-5 points");
        assert_eq!(text("+3 points"), "+3 points");
        assert_eq!(text("1.5 GB"), "1.5 GB");
        assert_eq!(text("a - b"), "a - b");
    }

    #[test]
    fn code_spans_replace_backticks_and_keep_padding() {
        assert_eq!(code("a`b"), "`a'b`");
        assert_eq!(code(" x "), "`  x  `");
        assert_eq!(code(""), "");
        assert_eq!(code("<b>\n"), "`<b>\\u{a}`");
    }

    #[test]
    fn rich_keeps_quoted_ids_as_code_and_escapes_the_rest() {
        assert_eq!(
            rich("`lambda` is *ruled out* by `<x>`"),
            "`lambda` is \\*ruled out\\* by `<x>`"
        );
        assert_eq!(rich("one ` unmatched *"), "one \\` unmatched \\*");
        assert_eq!(rich("a `b` c ` d"), "a `b` c \\` d");
        assert_eq!(rich("empty `` here"), "empty \\`\\` here");
        assert_eq!(rich("- a `b` - c"), "\\- a `b` - c");
    }

    #[test]
    fn table_cells_cannot_end_early() {
        let mut table = Table::new(&[("A|B", Align::Left), ("N", Align::Right)]);
        table.row(&[code("x|y"), text("p|q")]);
        table.row(&[code("a\\|b"), "c\\\\|d".to_string()]);
        assert_eq!(
            table.render(),
            "| A\\|B | N |\n|---|---:|\n| `x\\|y` | p\\|q |\n| `a\\|b` | c\\\\\\|d |\n"
        );
    }

    #[test]
    fn long_text_folds_after_a_clause() {
        let message = "`ecs-fargate` outscores the chosen `eks` by 6 points: containers-welcome (ecs-fargate +2), more";
        assert_eq!(
            fold(message, 60, rich),
            "<details><summary>`ecs-fargate` outscores the chosen `eks` by 6 points:…</summary>… containers-welcome (ecs-fargate +2), more</details>"
        );
        assert_eq!(fold("short", 60, text), "short");
        assert_eq!(
            fold(
                "`x` is waived (the run is split into chained calls); more",
                40,
                rich
            ),
            "<details><summary>`x` is waived…</summary>… (the run is split into chained calls); more</details>"
        );
        assert_eq!(
            fold("aaaa bbbb cccc", 10, text),
            "<details><summary>aaaa bbbb…</summary>… cccc</details>"
        );
    }

    #[test]
    fn a_code_block_cannot_be_closed_from_inside() {
        assert_eq!(code_block("a\n```\nb\n"), "````text\na\n```\nb\n````\n");
        assert_eq!(code_block("x\u{1b}"), "```text\nx\\u{1b}\n```\n");
    }

    #[test]
    fn details_escape_their_summary_for_html() {
        assert_eq!(
            details("<b> & *x*", "body\n"),
            "<details><summary>&lt;b&gt; &amp; *x*</summary>\n\nbody\n\n</details>\n"
        );
    }
}
