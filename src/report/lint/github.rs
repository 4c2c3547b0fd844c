//! `--format github`: a workflow command per finding (escaped by `report::github`), which
//! GitHub Actions shows as an annotation on the pull request, then the summary line.

use std::fmt::Write;

use super::{Context, summary_line};
use crate::report::github::{Annotation, command};

pub fn render(context: &Context) -> String {
    let mut out = String::new();
    for finding in context.findings {
        let annotation = if finding.error {
            Annotation::Error
        } else {
            Annotation::Warning
        };
        let _ = writeln!(
            out,
            "{}",
            command(
                annotation,
                &finding.file,
                finding.pos.line,
                finding.pos.column,
                finding.code.id(),
                &finding.message
            )
        );
    }
    let _ = writeln!(out, "{}", summary_line(context));
    out
}
