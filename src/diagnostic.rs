//! Errors in user files, reported as `file:line:column: message` like compilers and linters.

use std::fmt;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    pub fn new(line: u64, column: u64) -> Self {
        // The parser reports 0 when it has no position; point at the file's start instead.
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }
}

/// One problem in one file, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub pos: Position,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: &str, pos: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.pos.line, self.pos.column, self.message
        )
    }
}

/// Every problem found in a file, so a user fixes them in one pass instead of one per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

/// Collects diagnostics for one file while validation carries on past the first problem.
pub struct Collector<'a> {
    file: &'a str,
    found: Vec<Diagnostic>,
}

impl<'a> Collector<'a> {
    pub fn new(file: &'a str) -> Self {
        Collector {
            file,
            found: Vec::new(),
        }
    }

    /// Whether a problem was already reported for the field at `path`.
    pub fn mentions(&self, path: &str) -> bool {
        self.found.iter().any(|d| {
            d.message
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    }

    pub fn error(&mut self, pos: Position, message: impl Into<String>) {
        self.found.push(Diagnostic::new(self.file, pos, message));
    }

    /// A problem that lies in another source than the file, such as a `--set` argument.
    pub fn error_in(&mut self, file: &str, pos: Position, message: impl Into<String>) {
        self.found.push(Diagnostic::new(file, pos, message));
    }

    /// Ends collection: the value if nothing was wrong, else every problem in file order.
    pub fn finish<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.found.is_empty() {
            Ok(value)
        } else {
            self.found.sort_by_key(|d| d.pos);
            Err(Diagnostics(self.found))
        }
    }
}
