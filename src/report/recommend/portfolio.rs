//! Several workloads at once: one summary table (a row per workload, then a summary line),
//! or one JSON document holding every workload's recommendation document. Rows and JSON
//! pieces are made per workload, in the worker threads, and put together here in path order.

use std::borrow::Cow;
use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Context, Format, json, table};
use crate::cost::{self, Pricing, Volume};
use crate::date::Date;
use crate::diagnostic::Diagnostics;
use crate::engine::Answer;
use crate::portfolio::Summary;
use crate::questions::Changes;
use crate::report::grid::{Grid, GridCell, Paint};
use crate::report::markdown::{self, Align};
use crate::report::pretty_json;
use crate::report::{
    PIPE_WIDTH, SafeText, escape_controls, escape_controls_cow, sanitize_cow, terminal_width, wrap,
};
use crate::rules::RuleSet;
use crate::text::count;

/// The narrowest the Workload, Recommendation and Runner-up columns get on a narrow terminal.
const MIN_WIDTH: usize = 10;

/// One workload's line of the summary table, made from its full result so the result need
/// not be kept.
#[derive(Debug, Clone)]
pub struct Row {
    /// The workload's name; empty for an invalid file.
    name: String,
    path: String,
    /// The recommendation, the tie, `undecided`, `none viable` or `invalid`.
    answer: String,
    /// Whether the answer is bad news (no viable service, invalid), for colour.
    alarm: bool,
    margin: String,
    runner_up: String,
    cost: String,
    /// Whether `cost` is per 1M units of work, for the note under the table.
    per_million: bool,
    questions: String,
}

impl Row {
    /// The row of an evaluated workload.
    pub fn of(context: &Context) -> Row {
        let rules = &context.rule_set.rules;
        let recommendation = context.recommendation;
        let answer = &recommendation.answer;
        let pick = answer.pick();
        let estimate = pick.and_then(|service| context.estimate(service));
        let changing = context
            .questions
            .iter()
            .filter(|q| q.changes == Changes::Recommendation)
            .count();
        Row {
            name: context.workload.name.clone(),
            path: context.workload.path.clone(),
            answer: match answer {
                Answer::Pick { service, .. } => {
                    let mut text = service_label(rules, *service);
                    let companions = &recommendation.standing(*service).pair_with;
                    if !companions.is_empty() {
                        let ids: Vec<&str> = companions
                            .iter()
                            .map(|&c| rules.services[c].id.as_str())
                            .collect();
                        let _ = write!(text, "\nwith {}", ids.join(", "));
                    }
                    text
                }
                Answer::Tie { services } => {
                    let ids: Vec<&str> = services
                        .iter()
                        .map(|&s| rules.services[s].id.as_str())
                        .collect();
                    format!("tie: {}", ids.join(", "))
                }
                Answer::Undecided { .. } => "undecided".into(),
                Answer::NoneViable => "none viable".into(),
            },
            alarm: *answer == Answer::NoneViable,
            margin: answer.margin().map_or("-".into(), table::signed),
            runner_up: match answer {
                Answer::Pick {
                    runner_up: Some((service, _)),
                    ..
                } => rules.services[*service].id.clone(),
                _ => "-".into(),
            },
            cost: match (pick, estimate) {
                (None, _) => "-".into(),
                (Some(_), None) => "no estimate".into(),
                (Some(_), Some(estimate)) if estimate.volume == Volume::PerMillion => {
                    format!("{}\nper 1M", cost::dollars(estimate.typical))
                }
                (Some(_), Some(estimate)) => cost::dollars(estimate.typical),
            },
            per_million: estimate.is_some_and(|e| e.volume == Volume::PerMillion),
            questions: changing.to_string(),
        }
    }

    /// The row of a file that could not be evaluated, with how many errors it has.
    pub fn invalid(path: &str, errors: usize) -> Row {
        Row {
            name: String::new(),
            path: path.to_string(),
            answer: format!("invalid: {}", count(errors, "error", "errors")),
            alarm: true,
            margin: "-".into(),
            runner_up: "-".into(),
            cost: "-".into(),
            per_million: false,
            questions: "-".into(),
        }
    }
}

/// How many errors an invalid file's error holds: its diagnostics, or one.
pub fn error_count(error: &anyhow::Error) -> usize {
    error
        .downcast_ref::<Diagnostics>()
        .map_or(1, |diagnostics| diagnostics.0.len().max(1))
}

/// One workload's full output for `--explain`, or only its `--why-not` answer, in Markdown:
/// folded under its path, so a pull-request comment stays short.
pub fn markdown_section(context: &Context) -> String {
    markdown::details(
        &context.workload.path,
        &super::render(Format::Markdown, context),
    )
}

/// The summary in Markdown, for a pull-request comment or GitHub's job summary: a heading,
/// the table, the notes and `--explain`'s sections, each folded under its workload's path.
pub fn markdown(rows: &[Row], sections: &[String], summary: &Summary, notes: &Notes) -> String {
    let mut text = format!("## advisor: {}\n\n", markdown::text(&summary_line(summary)));
    if !notes.overrides.is_empty() {
        let overrides: Vec<String> = notes.overrides.iter().map(|o| markdown::code(o)).collect();
        let _ = writeln!(
            text,
            "What if, for every workload: {}\n",
            overrides.join(", ")
        );
    }
    if !rows.is_empty() {
        let mut table = markdown::Table::new(&[
            ("Workload", Align::Left),
            ("Recommendation", Align::Left),
            ("Margin", Align::Right),
            ("Runner-up", Align::Left),
            (cost_heading(rows), Align::Right),
            ("Questions", Align::Right),
        ]);
        for row in rows {
            let workload = if row.name.is_empty() {
                markdown::code(&row.path)
            } else {
                format!(
                    "{}<br>{}",
                    markdown::text(&row.name),
                    markdown::code(&row.path)
                )
            };
            let answer = row.answer.lines().map(markdown::text).collect::<Vec<_>>();
            let answer = if row.alarm {
                format!("**{}**", markdown::lines(&answer))
            } else {
                markdown::lines(&answer)
            };
            let cost: Vec<String> = row.cost.lines().map(markdown::text).collect();
            table.row(&[
                workload,
                answer,
                markdown::text(&row.margin),
                markdown::text(&row.runner_up),
                markdown::lines(&cost),
                markdown::text(&row.questions),
            ]);
        }
        text.push_str(&table.render());
        let book = &notes.pricing.book;
        let _ = writeln!(
            text,
            "\n{}: typical estimate of the recommendation ({} list prices as of {}, {}). Questions: open questions whose answer changes the recommendation.",
            cost_heading(rows),
            markdown::text(&book.region),
            book.as_of,
            markdown::text(notes.pricing.file.as_deref().unwrap_or("built-in prices"))
        );
        if let Some(warning) = book.staleness(notes.today) {
            let _ = writeln!(text, "\n**Warning:** {}", markdown::text(&warning));
        }
    }
    for section in sections {
        text.push('\n');
        text.push_str(section);
    }
    text
}

/// The cost column's heading: per 1M units when some workload states no volume.
fn cost_heading(rows: &[Row]) -> &'static str {
    if rows.iter().any(|row| row.per_million) {
        "Cost/month (or per 1M)"
    } else {
        "Cost/month"
    }
}

/// One workload's full output for `--explain`, or only its `--why-not` answer, under a
/// heading line with its path.
pub fn section(context: &Context) -> String {
    let mut out = SafeText::new(context.color);
    let _ = writeln!(out);
    out.styled(
        Style::new().bold(),
        format_args!("==> {} <==", escape_controls(&context.workload.path)),
    );
    let _ = writeln!(out);
    let mut text = out.into_string();
    if context.explain {
        text.push_str(&super::render(Format::Text, context));
    } else {
        text.push_str(&table::why_not_section(context));
    }
    text
}

/// What the summary table's notes need besides the rows.
pub struct Notes<'a> {
    pub pricing: &'a Pricing,
    pub today: Date,
    /// The `--set` overrides applied to every workload, as `FIELD=VALUE`.
    pub overrides: &'a [String],
    pub color: bool,
}

/// The summary table with its notes, the `--explain` or `--why-not` sections, and the
/// summary line.
pub fn table(rows: &[Row], sections: &[String], summary: &Summary, notes: &Notes) -> String {
    let mut out = SafeText::new(notes.color);
    if !notes.overrides.is_empty() {
        let _ = writeln!(
            out,
            "What if, for every workload: {}",
            notes.overrides.join(", ")
        );
        let _ = writeln!(out);
    }
    if !rows.is_empty() {
        out.grid(&summary_table(rows, notes.color));
        let _ = writeln!(out);
        cost_note(rows, notes, &mut out);
        let _ = writeln!(
            out,
            "Questions: open questions whose answer changes the recommendation (--explain lists them)."
        );
    }
    let mut text = out.into_string();
    for section in sections {
        text.push_str(section);
    }
    let mut out = SafeText::new(notes.color);
    if !text.is_empty() {
        let _ = writeln!(out);
    }
    let line = summary_line(summary);
    let style = if summary.invalid > 0 || summary.no_viable_service > 0 {
        AnsiColor::Red.on_default().bold()
    } else {
        Style::new().bold()
    };
    out.styled(style, format_args!("{line}"));
    let _ = writeln!(out);
    text.push_str(&out.into_string());
    text
}

/// `10 workloads: 7 recommended, 1 tie, 1 undecided, 1 none viable, 2 skipped, 0 invalid`.
fn summary_line(summary: &Summary) -> String {
    format!(
        "{}: {} recommended, {}, {} undecided, {} none viable, {} skipped, {} invalid",
        count(summary.workloads(), "workload", "workloads"),
        summary.recommended,
        count(summary.ties, "tie", "ties"),
        summary.undecided,
        summary.no_viable_service,
        summary.skipped,
        summary.invalid
    )
}

/// Where the cost column's figures come from, and a warning when the prices are old.
fn cost_note(rows: &[Row], notes: &Notes, out: &mut SafeText) {
    let book = &notes.pricing.book;
    let file = notes.pricing.file.as_deref().unwrap_or("built-in prices");
    let _ = writeln!(
        out,
        "Cost/month: the recommendation's typical estimate ({} list prices as of {}, {file}{}).",
        book.region,
        book.as_of,
        if notes.pricing.options.free_tier {
            ", less the Lambda free tier"
        } else {
            ""
        }
    );
    if rows.iter().any(|row| row.per_million) {
        let _ = writeln!(
            out,
            "per 1M: the workload states no demand.requests_per_month, so the cost is for 1M units of work a month."
        );
    }
    if let Some(warning) = book.staleness(notes.today) {
        out.styled(
            AnsiColor::Yellow.on_default(),
            format_args!("warning: {warning}"),
        );
        let _ = writeln!(out);
    }
}

const HEADER: [&str; 6] = [
    "Workload",
    "Recommendation",
    "Margin",
    "Runner-up",
    "Cost/month",
    "Questions",
];

/// The table, as wide as the terminal (or [`PIPE_WIDTH`] into a pipe): the margin, cost and
/// question columns as wide as their content, the workload, recommendation and runner-up
/// columns sharing the rest.
fn summary_table(rows: &[Row], color: bool) -> Grid {
    let mut table = Grid::new(&HEADER, color);
    let total_width = usize::from(terminal_width().unwrap_or(PIPE_WIDTH));
    // Each row's name and path (each on a line of its own, whatever they hold), answer and
    // runner-up, escaped (borrowed when there is nothing to escape, as there rarely is),
    // with the width of each column's content and the recommendation's longest word. A
    // portfolio's rows are measured and drawn on its workers, in parallel.
    let shown: Vec<([Cow<str>; 4], [usize; 8])> = rows
        .par_iter()
        .map(|r| {
            let cells = [
                escape_controls_cow(&r.name),
                escape_controls_cow(&r.path),
                sanitize_cow(&r.answer),
                sanitize_cow(&r.runner_up),
            ];
            let [name, path, answer, runner_up] = &cells;
            let longest = |words: &mut dyn Iterator<Item = &str>| {
                words.map(|word| word.chars().count()).max().unwrap_or(0)
            };
            let longest_word = longest(&mut answer.split_whitespace());
            // A word breaks after a hyphen when it must (`wrap`): `(elastic-beanstalk)`
            // then needs only the width of `beanstalk)`.
            let longest_piece = longest(
                &mut answer
                    .split_whitespace()
                    .flat_map(|word| word.split_inclusive('-')),
            );
            let widths = [
                widest([name, path]),
                widest([answer]),
                widest([&r.margin]),
                widest([runner_up]),
                widest([&r.cost]),
                widest([&r.questions]),
                longest_word,
                longest_piece,
            ];
            (cells, widths)
        })
        .collect();
    let content = shown.iter().fold([0; 8], |mut most, (_, widths)| {
        for (most, width) in most.iter_mut().zip(widths) {
            *most = (*most).max(*width);
        }
        most
    });
    let mut widths: Vec<usize> = content
        .iter()
        .zip(HEADER)
        .map(|(&width, header)| width.max(header.chars().count()))
        .collect();
    // Each of the six columns adds a space either side and a border.
    let fixed = 6 * 3 + 1 + widths[2] + widths[4] + widths[5];
    let room = total_width.saturating_sub(fixed);
    // The widest of the three gives way first, the recommendation no narrower than its
    // longest word, so service names break between words; on a terminal too narrow for
    // that, no narrower than its longest piece between hyphens.
    let shared = [0, 1, 3];
    for recommendation_floor in [content[6], content[7]] {
        let floor = |c: usize| match c {
            1 => recommendation_floor.max(HEADER[1].len()),
            _ => MIN_WIDTH.max(HEADER[c].len()),
        };
        while shared.iter().map(|&c| widths[c]).sum::<usize>() > room {
            let Some(column) = shared
                .iter()
                .copied()
                .filter(|&c| widths[c] > floor(c))
                .max_by_key(|&c| (widths[c], std::cmp::Reverse(c)))
            else {
                break;
            };
            widths[column] -= 1;
        }
    }
    let cells: Vec<Vec<GridCell>> = rows
        .par_iter()
        .zip(&shown)
        .map(|(row, ([name, path, answer, runner_up], _))| {
            let answer = GridCell::new(wrap(answer, widths[1]));
            let answer = if row.alarm {
                answer.paint(Paint::Red)
            } else {
                answer
            };
            vec![
                GridCell::new(workload_cell(name, path, widths[0])),
                answer,
                GridCell::new(row.margin.as_str()).right(),
                GridCell::new(wrap(runner_up, widths[3])),
                GridCell::new(row.cost.as_str()).right(),
                GridCell::new(row.questions.as_str()).right(),
            ]
        })
        .collect();
    for row in cells {
        table.add_row(row);
    }
    table
}

/// The longest line of `texts`, in characters.
fn widest<const N: usize>(texts: [&str; N]) -> usize {
    texts
        .iter()
        .flat_map(|text| text.lines())
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

/// The workload's name wrapped to `width` (none for an invalid file), and its path below,
/// broken after a `/` where it must be.
fn workload_cell(name: &str, path: &str, width: usize) -> String {
    let mut cell = if name.is_empty() {
        String::new()
    } else {
        wrap(name, width) + "\n"
    };
    let mut column = 0;
    for segment in path.split_inclusive('/') {
        let length = segment.chars().count();
        if column > 0 && column + length > width {
            cell.push('\n');
            column = 0;
        }
        if length > width {
            let pieces = wrap(segment, width);
            column = pieces.lines().last().map_or(0, |l| l.chars().count());
            cell.push_str(&pieces);
        } else {
            cell.push_str(segment);
            column += length;
        }
    }
    cell
}

fn service_label(rules: &RuleSet, service: usize) -> String {
    let service = &rules.services[service];
    format!("{} ({})", service.name, service.id)
}

/// A file skipped in a directory, as `skipped` lists it.
#[derive(Serialize, JsonSchema)]
pub struct SkippedDoc<'a> {
    /// The file, as found under the directory given.
    path: &'a str,
    /// Why it is not read as a workload.
    reason: &'a str,
}

impl<'a> SkippedDoc<'a> {
    pub fn new(path: &'a str, reason: &'a str) -> Self {
        SkippedDoc { path, reason }
    }
}

/// A file that could not be evaluated, in place of its recommendation document.
#[derive(Serialize, JsonSchema)]
pub struct InvalidDoc<'a> {
    /// The workload file, as given or as found under the directory given.
    path: &'a str,
    error: ErrorDoc,
}

/// What kept a workload from being evaluated.
#[derive(Serialize, JsonSchema)]
pub struct ErrorDoc {
    /// Every problem found, in file order, as the `file:line:column: message` lines on
    /// standard error.
    diagnostics: Vec<DiagnosticDoc>,
}

/// One problem in a file.
#[derive(Serialize, JsonSchema)]
pub struct DiagnosticDoc {
    /// The file the problem is in (`--set` for a problem in an override).
    file: String,
    /// The 1-based line; `null` when the problem has no place in the file (it cannot be
    /// read).
    #[schemars(range(min = 1))]
    line: Option<u64>,
    /// The 1-based column; `null` with `line`.
    #[schemars(range(min = 1))]
    column: Option<u64>,
    /// What is wrong, with the dotted field path and what would be valid, as on standard
    /// error.
    message: String,
}

/// How many files ended each way.
#[derive(Serialize, JsonSchema)]
pub struct SummaryDoc {
    /// The files read as workloads: the sum of `recommended`, `ties`, `undecided`,
    /// `no_viable_service` and `invalid`.
    workloads: usize,
    /// Workloads with a single recommendation (`status` `recommended`).
    recommended: usize,
    /// Workloads whose top services tie (`status` `tie`).
    ties: usize,
    /// Workloads where nothing separates the viable services (`status` `undecided`).
    undecided: usize,
    /// Workloads for which every service is ruled out (`status` `no-viable-service`).
    no_viable_service: usize,
    /// Workload files that could not be read or are not valid.
    invalid: usize,
    /// Files in the directories given that are not workloads.
    skipped: usize,
}

impl From<&Summary> for SummaryDoc {
    fn from(summary: &Summary) -> Self {
        SummaryDoc {
            workloads: summary.workloads(),
            recommended: summary.recommended,
            ties: summary.ties,
            undecided: summary.undecided,
            no_viable_service: summary.no_viable_service,
            invalid: summary.invalid,
            skipped: summary.skipped,
        }
    }
}

/// An evaluated workload's recommendation document, as `recommend FILE --format json`
/// writes it, laid out to sit in `workloads`.
pub fn json_workload(context: &Context) -> Vec<u8> {
    nested(&json::document(context), 2, WORKLOAD_JSON_BYTES)
}

/// Room for one workload's document, which takes 15 to 40 kB, so that its buffer seldom
/// grows.
const WORKLOAD_JSON_BYTES: usize = 32 * 1024;

/// An invalid workload's entry, laid out to sit in `workloads`.
pub fn json_invalid(path: &str, error: &anyhow::Error) -> Vec<u8> {
    let diagnostics = match error.downcast_ref::<Diagnostics>() {
        Some(diagnostics) => diagnostics
            .0
            .iter()
            .map(|d| DiagnosticDoc {
                file: d.file.clone(),
                line: Some(d.pos.line),
                column: Some(d.pos.column),
                message: d.message.clone(),
            })
            .collect(),
        None => vec![DiagnosticDoc {
            file: path.to_string(),
            line: None,
            column: None,
            message: format!("{error:#}"),
        }],
    };
    let document = InvalidDoc {
        path,
        error: ErrorDoc { diagnostics },
    };
    nested(&document, 2, 512)
}

/// The opening of the document, up to the `workloads` array's `[`.
pub fn json_start() -> Vec<u8> {
    let mut out = b"{\n  \"format_version\": 1,\n  \"advisor_version\": ".to_vec();
    out.extend(nested(env!("CARGO_PKG_VERSION"), 1, 16));
    out.extend_from_slice(b",\n  \"workloads\": [");
    out
}

/// What goes before the next entry of `workloads` (from [`json_workload`] or
/// [`json_invalid`]) after `written` earlier ones.
pub fn json_separator(written: usize) -> &'static [u8] {
    if written == 0 { b"\n    " } else { b",\n    " }
}

/// The end of the document after `written` entries: the skipped files and the summary.
pub fn json_end(written: usize, skipped: &[SkippedDoc], summary: &Summary) -> Vec<u8> {
    let close: &[u8] = if written == 0 { b"]" } else { b"\n  ]" };
    let mut out = close.to_vec();
    out.extend_from_slice(b",\n  \"skipped\": ");
    out.extend(nested(skipped, 1, 256));
    out.extend_from_slice(b",\n  \"summary\": ");
    out.extend(nested(&SummaryDoc::from(summary), 1, 256));
    out.extend_from_slice(b"\n}\n");
    out
}

/// `value` as serde_json's pretty JSON (two spaces a level) for a value `levels` deep in a
/// larger document, written in place without another pass; no final newline. `capacity`:
/// the bytes to make room for. Bytes, not a `String`: they go straight to standard output,
/// and checking that a workload's 15 to 40 kB are UTF-8 would cost as much as writing them.
fn nested<T: Serialize + ?Sized>(value: &T, levels: usize, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    // Serialising plain structs of strings and numbers into memory cannot fail.
    let _ = pretty_json::write(&mut out, value, levels);
    out
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::{Value, json};

    use super::{SkippedDoc, Summary, SummaryDoc, json_end, json_separator, json_start};

    #[derive(Serialize)]
    struct Whole<'a> {
        format_version: u32,
        advisor_version: &'static str,
        workloads: &'a [Value],
        skipped: Vec<SkippedDoc<'a>>,
        summary: SummaryDoc,
    }

    /// The pieces put together are the document serde_json writes in one go.
    #[test]
    fn the_pieces_make_one_pretty_document() {
        let entries = [
            json!({"a": [1, {"b": "x\ny"}], "c": {}}),
            json!({"path": "p"}),
        ];
        let summary = Summary {
            recommended: 1,
            invalid: 1,
            skipped: 1,
            ..Summary::default()
        };
        for written in [0, 1, 2] {
            let mut text = json_start();
            for (i, entry) in entries[..written].iter().enumerate() {
                text.extend_from_slice(json_separator(i));
                text.extend(super::nested(entry, 2, 0));
            }
            text.extend(json_end(
                written,
                &[SkippedDoc::new("r.yaml", "why")],
                &summary,
            ));
            let whole = Whole {
                format_version: 1,
                advisor_version: env!("CARGO_PKG_VERSION"),
                workloads: &entries[..written],
                skipped: vec![SkippedDoc::new("r.yaml", "why")],
                summary: SummaryDoc::from(&summary),
            };
            let mut expected = serde_json::to_string_pretty(&whole).unwrap();
            expected.push('\n');
            assert_eq!(
                String::from_utf8(text).unwrap(),
                expected,
                "{written} entries"
            );
        }
    }
}
