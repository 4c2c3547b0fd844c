//! GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), which the
//! runner turns into annotations on the pull request. Escaped as the Actions toolkit escapes
//! them, so no text from a user's file can end a command early or start a second one. Shared
//! by `check --format github` and `rules lint --format github`.

use super::escape_controls;

/// Which annotation a command makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Annotation {
    Error,
    Warning,
    Notice,
}

/// One workflow command, without its line break: an annotation of `file` at `line`:`column`
/// titled `advisor CODE`.
pub fn command(
    annotation: Annotation,
    file: &str,
    line: u64,
    column: u64,
    code: &str,
    message: &str,
) -> String {
    let command = match annotation {
        Annotation::Error => "error",
        Annotation::Warning => "warning",
        Annotation::Notice => "notice",
    };
    format!(
        "::{command} file={},line={line},col={column},title={}::{}",
        escape_property(file),
        escape_property(&format!("advisor {code}")),
        escape_data(message)
    )
}

/// A command's message: `%`, CR and LF are percent-encoded (toolkit `escapeData`); other
/// control characters, which the log would render, are shown as `\u{..}`.
fn escape_data(text: &str) -> String {
    escape_controls(
        &text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// A command property: as data, plus `:` and `,`, which would end the property (toolkit
/// `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_start_a_second_command() {
        assert_eq!(
            escape_data("50% done\n::error::forged\r"),
            "50%25 done%0A::error::forged%0D"
        );
    }

    #[test]
    fn properties_escape_separators_and_terminal_controls() {
        assert_eq!(
            escape_property("a,b:c%\u{1b}[31m.md"),
            "a%2Cb%3Ac%25\\u{1b}[31m.md"
        );
    }

    #[test]
    fn a_command_names_the_file_position_and_code() {
        assert_eq!(
            command(Annotation::Notice, "a:b.md", 3, 7, "waived", "50%"),
            "::notice file=a%3Ab.md,line=3,col=7,title=advisor waived::50%25"
        );
    }
}
