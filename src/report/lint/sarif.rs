//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it (built with
//! `report::sarif`): the driver, `advisor`, lists every lint code as a rule, and each finding
//! is a result at its file, line and column.

use super::{Context, level};
use crate::lint::Code;
use crate::report::sarif;

pub fn render(context: &Context) -> String {
    let rules = Code::ALL
        .iter()
        .map(|code| {
            let level = if code.is_error() { "error" } else { "warning" };
            sarif::rule(code.id(), code.summary(), code.explanation(), level)
        })
        .collect();
    let results = context
        .findings
        .iter()
        .map(|finding| {
            let index = Code::ALL
                .iter()
                .position(|c| *c == finding.code)
                .expect("every code is listed");
            sarif::result(
                finding.code.id(),
                index,
                level(finding),
                &finding.message,
                &finding.file,
                finding.pos.line,
                finding.pos.column,
            )
        })
        .collect::<Vec<_>>();
    sarif::log(&sarif::driver(rules), &results)
}
