//! `advisor rules lint`: one reporter per `--format`, each given every finding at once (a lint
//! run is a handful of files).

mod github;
mod json;
mod markdown;
mod sarif;
mod text;

pub(crate) use json::Document as JsonDocument;

use crate::lint::Finding;
use crate::text::count;

/// How `rules lint` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people: `path:line:col: level[code]: message` lines and a summary.
    #[value(alias = "table", alias = "human")]
    Text,
    /// One JSON document with every finding and the counts (format_version 1).
    Json,
    /// Markdown with a heading, a table of the findings and the counts, for a pull-request
    /// comment or GitHub's job summary.
    Markdown,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

/// Everything a reporter needs.
pub struct Context<'a> {
    /// The rule-set files linted, as given.
    pub files: &'a [String],
    /// Every finding, file by file, in position order within a file.
    pub findings: &'a [Finding],
    /// Whether the findings fail the lint (exit code 1) under `--fail-on`.
    pub failed: bool,
}

impl Context<'_> {
    fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.error).count()
    }

    fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Renders the findings in `format`, ending with a newline.
pub fn render(format: Format, context: &Context) -> String {
    match format {
        Format::Text => text::render(context),
        Format::Json => json::render(context),
        Format::Markdown => markdown::render(context),
        Format::Github => github::render(context),
        Format::Sarif => sarif::render(context),
    }
}

/// `linted 2 rule sets: 1 error, 3 warnings`.
fn summary_line(context: &Context) -> String {
    format!(
        "linted {}: {}, {}",
        count(context.files.len(), "rule set", "rule sets"),
        count(context.errors(), "error", "errors"),
        count(context.warnings(), "warning", "warnings")
    )
}

/// `error` or `warning`.
fn level(finding: &Finding) -> &'static str {
    if finding.error { "error" } else { "warning" }
}
