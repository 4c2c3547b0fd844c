//! advisor on a real terminal. Every other test reads a pipe, where advisor neither colours
//! nor sizes its table to a terminal; here the binary runs under a pseudo-terminal of a fixed
//! size and the output is read as a person would see it: colours as escape sequences, text
//! from files escaped, and a table whose borders line up within the terminal's width.

#![cfg(unix)]

use std::io::Read;
use std::process::{Command, Stdio};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use unicode_width::UnicodeWidthStr;

const BOLD: &str = "\u{1b}[1m";

/// Runs advisor with `args` on a pseudo-terminal `columns` wide, `NO_COLOR` unset unless
/// `env` sets it; returns what it printed, with the terminal's `\r\n` turned back into `\n`.
fn on_terminal(args: &[&str], columns: u16, env: &[(&str, &str)]) -> String {
    let size = PtySize {
        rows: 50,
        cols: columns,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pty = native_pty_system().openpty(size).expect("open a pty");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_advisor"));
    command.args(args);
    command.cwd(env!("CARGO_MANIFEST_DIR"));
    command.env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = pty.slave.spawn_command(command).expect("run advisor");
    // Only the child holds the terminal now, so reading ends when it exits.
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("read the pty");
    let mut output = Vec::new();
    // Linux ends a pty whose other side closed with EIO rather than EOF; what was read stays.
    let _ = reader.read_to_end(&mut output);
    let status = child.wait().expect("advisor ends");
    assert!(
        status.exit_code() <= 1,
        "advisor {args:?} failed ({status:?}): {}",
        String::from_utf8_lossy(&output)
    );
    String::from_utf8(output)
        .expect("advisor writes UTF-8")
        .replace("\r\n", "\n")
}

/// Runs advisor with `args` writing into a pipe, `NO_COLOR` unset.
fn into_pipe(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("run advisor");
    String::from_utf8(output.stdout).expect("advisor writes UTF-8")
}

/// `text` without its ANSI CSI sequences (`ESC [ parameters final-byte`).
fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.clone().next() == Some('[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// The lines of the ranking table: those that start with a border.
fn table_lines(plain: &str) -> Vec<&str> {
    plain
        .lines()
        .filter(|line| line.starts_with(['┌', '│', '╞', '├', '└']))
        .collect()
}

/// Colour is real escape sequences, never their escaped text, and every line of the table,
/// escape sequences aside, is as wide as the others and fits the terminal.
fn assert_readable(args: &[&str], columns: u16, table_expected: bool) {
    let output = on_terminal(args, columns, &[]);
    assert!(
        output.contains(BOLD),
        "{args:?}: no bold on a terminal:\n{output}"
    );
    assert!(
        !output.contains("\\u{"),
        "{args:?}: escaped escape sequences:\n{output}"
    );
    let plain = strip_ansi(&output);
    let table = table_lines(&plain);
    assert_eq!(
        !table.is_empty(),
        table_expected,
        "{args:?}: table expected: {table_expected}\n{plain}"
    );
    for line in &table {
        assert_eq!(
            line.width(),
            table[0].width(),
            "{args:?} at {columns} columns: the borders do not line up:\n{}",
            table.join("\n")
        );
        assert!(
            line.width() <= usize::from(columns),
            "{args:?}: the table is wider than {columns} columns:\n{}",
            table.join("\n")
        );
    }
}

const RECOMMEND: &[&str] = &["recommend", "examples/internal-crm.yaml"];
const EXPLAIN: &[&str] = &["recommend", "examples/internal-crm.yaml", "--explain"];
const WHY_NOT: &[&str] = &[
    "recommend",
    "examples/internal-crm.yaml",
    "--why-not",
    "ec2",
];
const CHECK: &[&str] = &["check", "examples/decisions"];
/// Every example: recommendations as long as "AWS Elastic Beanstalk (elastic-beanstalk)".
const PORTFOLIO: &[&str] = &["recommend", "examples/"];

#[test]
fn recommend_is_readable_at_80_and_120_columns() {
    for columns in [80, 120] {
        assert_readable(RECOMMEND, columns, true);
    }
}

#[test]
fn explain_is_readable_at_80_and_120_columns() {
    for columns in [80, 120] {
        assert_readable(EXPLAIN, columns, true);
    }
}

#[test]
fn why_not_is_readable_at_80_and_120_columns() {
    for columns in [80, 120] {
        assert_readable(WHY_NOT, columns, true);
    }
}

/// The Recommendation column kept `(elastic-beanstalk)` whole, which made the table 83
/// columns wide on an 80-column terminal.
#[test]
fn the_portfolio_table_of_the_examples_fits_80_columns() {
    for columns in [80, 120] {
        assert_readable(PORTFOLIO, columns, true);
    }
}

#[test]
fn check_is_readable_at_80_and_120_columns() {
    for columns in [80, 120] {
        assert_readable(CHECK, columns, false);
    }
}

#[test]
fn a_wide_terminal_gets_a_wider_table_than_a_pipe() {
    let plain = strip_ansi(&on_terminal(RECOMMEND, 120, &[]));
    let width = table_lines(&plain)[0].width();
    assert!(
        width > 100,
        "the table is {width} columns on a 120-column terminal"
    );
}

#[test]
fn no_color_on_a_terminal_gives_no_escape_sequences() {
    for args in [RECOMMEND, CHECK] {
        let output = on_terminal(args, 100, &[("NO_COLOR", "1")]);
        assert!(!output.contains('\u{1b}'), "{args:?}:\n{output}");
    }
}

#[test]
fn color_never_on_a_terminal_gives_no_escape_sequences() {
    for args in [RECOMMEND, CHECK] {
        let args = [args, &["--color", "never"]].concat();
        let output = on_terminal(&args, 100, &[]);
        assert!(!output.contains('\u{1b}'), "{args:?}:\n{output}");
    }
}

#[test]
fn color_always_colours_a_pipe() {
    for args in [RECOMMEND, CHECK] {
        let args = [args, &["--color", "always"]].concat();
        let output = into_pipe(&args);
        assert!(output.contains(BOLD), "{args:?}:\n{output}");
        assert!(!output.contains("\\u{"), "{args:?}:\n{output}");
    }
}

#[test]
fn a_pipe_gets_no_escape_sequences() {
    for args in [RECOMMEND, CHECK] {
        let output = into_pipe(args);
        assert!(!output.contains('\u{1b}'), "{args:?}:\n{output}");
    }
}

#[test]
fn control_characters_from_a_workload_are_escaped_and_our_colours_stay_raw() {
    // The workload is named "\e[31mred\e[0m \u0007bell".
    let args = ["recommend", "tests/bad-input/files/control-characters.yaml"];
    let output = on_terminal(&args, 100, &[]);
    assert!(
        output.contains(&format!(
            "{BOLD}No recommendation for \\u{{1b}}[31mred\\u{{1b}}[0m \\u{{7}}bell:"
        )),
        "{output}"
    );
    assert!(!output.contains("\u{1b}[31mred"), "{output}");
    assert!(!output.contains('\u{7}'), "{output}");
}
