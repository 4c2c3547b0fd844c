//! The bordered grid of the `recommend` ranking and portfolio tables, for cells the reporter
//! has already wrapped to their column. It draws what comfy-table draws with the
//! `UTF8_FULL_CONDENSED` preset and no content arrangement, byte for byte (a test compares
//! the two), at a tenth of the cost: comfy-table was a sixth of a `recommend` run
//! (ADR 0007).

use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

/// Rows drawn by one task when a large grid is drawn in parallel.
const ROWS_PER_TASK: usize = 256;

/// Where a cell's text sits in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// The colours a cell's text may take: comfy-table's 256-colour codes for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Green,
    Red,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Green => "\u{1b}[38;5;10m",
            Paint::Red => "\u{1b}[38;5;9m",
        }
    }
}

/// One cell: its lines, how they sit, and the colour they take when colour is on.
#[derive(Debug, Clone)]
pub struct GridCell {
    text: String,
    align: Align,
    paint: Option<Paint>,
}

impl GridCell {
    pub fn new(text: impl Into<String>) -> Self {
        GridCell {
            text: text.into(),
            align: Align::Left,
            paint: None,
        }
    }

    pub fn right(mut self) -> Self {
        self.align = Align::Right;
        self
    }

    pub fn paint(mut self, paint: Paint) -> Self {
        self.paint = Some(paint);
        self
    }
}

/// A header row and rows of cells. Text goes in as it is to be shown: make cells from
/// escaped text ([`super::sanitize`]), since the grid writes it raw.
#[derive(Debug, Clone)]
pub struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<GridCell>>,
    color: bool,
}

impl Grid {
    pub fn new(header: &[&str], color: bool) -> Self {
        Grid {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            color,
        }
    }

    pub fn add_row(&mut self, row: Vec<GridCell>) {
        self.rows.push(row);
    }

    /// The grid's lines, without a line break after the last, as comfy-table's `Display`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    /// [`Grid::render`], appended to `out`. A grid of more than [`ROWS_PER_TASK`] rows is
    /// measured and drawn in parallel, on the current rayon pool: a portfolio's table has a
    /// row per workload, drawn after every workload is done.
    pub fn render_into(&self, out: &mut String) {
        let columns = self.header.len();
        let parallel = self.rows.len() > ROWS_PER_TASK;
        let mut widths: Vec<usize> = self.header.iter().map(|h| widest_line(h)).collect();
        let widen = |mut widths: Vec<usize>, row: &Vec<GridCell>| {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(widest_line(&cell.text));
            }
            widths
        };
        if parallel {
            let content = self
                .rows
                .par_iter()
                .fold(|| vec![0; columns], widen)
                .reduce(
                    || vec![0; columns],
                    |a, b| a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect(),
                );
            for (width, content) in widths.iter_mut().zip(content) {
                *width = (*width).max(content);
            }
        } else {
            widths = self.rows.iter().fold(widths, widen);
        }
        let line_length = (widths.iter().sum::<usize>() + 3 * columns) * 4;
        out.reserve(line_length * (self.rows.len() + 4));
        border(out, &widths, ['┌', '─', '┬', '┐']);
        let header: Vec<GridCell> = self.header.iter().map(GridCell::new).collect();
        self.row(out, &widths, &header, &mut Vec::new());
        border(out, &widths, ['╞', '═', '╪', '╡']);
        let draw = |out: &mut String, rows: &[Vec<GridCell>]| {
            let mut lines = Vec::with_capacity(columns);
            for row in rows {
                self.row(out, &widths, row, &mut lines);
            }
        };
        if parallel {
            let drawn: Vec<String> = self
                .rows
                .par_chunks(ROWS_PER_TASK)
                .map(|rows| {
                    let mut part = String::with_capacity(line_length * rows.len());
                    draw(&mut part, rows);
                    part
                })
                .collect();
            for part in &drawn {
                out.push_str(part);
            }
        } else {
            draw(out, &self.rows);
        }
        border(out, &widths, ['└', '─', '┴', '┘']);
        out.pop();
    }

    /// A row as many lines high as its tallest cell, each line ending in a line break.
    /// `lines` is a buffer for the cells' lines, reused from row to row.
    fn row<'r>(
        &self,
        out: &mut String,
        widths: &[usize],
        row: &'r [GridCell],
        lines: &mut Vec<std::str::Split<'r, char>>,
    ) {
        lines.clear();
        lines.extend(row.iter().map(|cell| cell.text.split('\n')));
        let height = row
            .iter()
            .map(|cell| cell.text.bytes().filter(|&b| b == b'\n').count() + 1)
            .max()
            .unwrap_or(1);
        for _ in 0..height {
            out.push('│');
            for (column, &width) in widths.iter().enumerate() {
                if column > 0 {
                    out.push('┆');
                }
                let cell = row.get(column);
                match (cell, lines.get_mut(column).and_then(Iterator::next)) {
                    (Some(cell), Some(line)) => self.line(out, cell, line, width),
                    _ => pad(out, width + 2),
                }
            }
            out.push_str("│\n");
        }
    }

    /// One line of a cell, padded to its column, coloured with its padding as comfy-table
    /// does.
    fn line(&self, out: &mut String, cell: &GridCell, line: &str, width: usize) {
        let room = width.saturating_sub(display_width(line));
        let (left, right) = match cell.align {
            Align::Left => (0, room),
            Align::Right => (room, 0),
        };
        let paint = cell.paint.filter(|_| self.color);
        if let Some(paint) = paint {
            out.push_str(paint.code());
        }
        pad(out, left + 1);
        out.push_str(line);
        pad(out, right + 1);
        if paint.is_some() {
            out.push_str("\u{1b}[39m");
        }
    }
}

/// The widest line's display width; at least 1, as comfy-table keeps empty columns.
fn widest_line(text: &str) -> usize {
    text.split('\n')
        .map(display_width)
        .max()
        .unwrap_or(0)
        .max(1)
}

/// Columns `line` takes on a terminal; most lines are ASCII, one column a byte.
fn display_width(line: &str) -> usize {
    if line.is_ascii() {
        line.len()
    } else {
        line.width()
    }
}

fn pad(out: &mut String, mut spaces: usize) {
    const SPACES: &str = "                                                                ";
    while spaces > 0 {
        let run = spaces.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        spaces -= run;
    }
}

/// A horizontal border line: left corner, line, junction between columns, right corner.
fn border(out: &mut String, widths: &[usize], [left, line, junction, right]: [char; 4]) {
    out.push(left);
    for (column, &width) in widths.iter().enumerate() {
        if column > 0 {
            out.push(junction);
        }
        let mut bytes = [0; 4];
        out.push_str(&line.encode_utf8(&mut bytes).repeat(width + 2));
    }
    out.push(right);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
    use proptest::prelude::*;

    use super::{Grid, GridCell, Paint};

    /// The same grid drawn by comfy-table, which the grid replaces.
    fn comfy(header: &[&str], rows: &[Vec<(String, bool, Option<Paint>)>], color: bool) -> String {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(header.to_vec());
        if color {
            table.enforce_styling();
        }
        for row in rows {
            table.add_row(row.iter().map(|(text, right, paint)| {
                let mut cell = Cell::new(text);
                if *right {
                    cell = cell.set_alignment(CellAlignment::Right);
                }
                match paint {
                    Some(Paint::Green) => cell.fg(Color::Green),
                    Some(Paint::Red) => cell.fg(Color::Red),
                    None => cell,
                }
            }));
        }
        table.to_string()
    }

    fn grid(header: &[&str], rows: &[Vec<(String, bool, Option<Paint>)>], color: bool) -> String {
        let mut grid = Grid::new(header, color);
        for row in rows {
            grid.add_row(
                row.iter()
                    .map(|(text, right, paint)| {
                        let mut cell = GridCell::new(text.clone());
                        if *right {
                            cell = cell.right();
                        }
                        match paint {
                            Some(paint) => cell.paint(*paint),
                            None => cell,
                        }
                    })
                    .collect(),
            );
        }
        grid.render()
    }

    #[test]
    fn draws_a_coloured_right_aligned_multi_line_row_as_comfy_table_does() {
        let header = ["Rank", "Verdict", "Score"];
        let rows = vec![vec![
            ("1".to_string(), false, None),
            ("recommended\nby far".to_string(), false, Some(Paint::Green)),
            ("+11".to_string(), true, None),
        ]];
        let drawn = grid(&header, &rows, true);
        assert_eq!(drawn, comfy(&header, &rows, true));
        assert_eq!(
            drawn,
            "┌──────┬─────────────┬───────┐\n\
             │ Rank ┆ Verdict     ┆ Score │\n\
             ╞══════╪═════════════╪═══════╡\n\
             │ 1    ┆\u{1b}[38;5;10m recommended \u{1b}[39m┆   +11 │\n\
             │      ┆\u{1b}[38;5;10m by far      \u{1b}[39m┆       │\n\
             └──────┴─────────────┴───────┘"
        );
    }

    /// A grid of more rows than one task draws is measured and drawn in parallel, in order.
    #[test]
    fn draws_a_grid_of_many_rows_as_comfy_table_does() {
        let header = ["Workload", "Recommendation", "Cost"];
        let rows: Vec<_> = (0..1_000)
            .map(|i| {
                vec![
                    (
                        format!("service-{i}\nteam-{}/{i:06}.yaml", i % 7),
                        false,
                        None,
                    ),
                    // The widest cell in one row only, far from the first task's rows.
                    (
                        "x".repeat(if i == 997 { 50 } else { i % 37 }),
                        false,
                        (i % 5 == 0).then_some(Paint::Red),
                    ),
                    (format!("${i}.00"), true, None),
                ]
            })
            .collect();
        assert!(rows.len() > super::ROWS_PER_TASK * 3);
        for color in [false, true] {
            assert_eq!(grid(&header, &rows, color), comfy(&header, &rows, color));
        }
    }

    fn cell() -> impl Strategy<Value = (String, bool, Option<Paint>)> {
        (
            // Wide and combining characters, empty lines and trailing spaces included.
            "([a-z +$.-]|界|é|e\u{301}){0,12}(\n([a-z +]|界){0,8}){0,3}",
            any::<bool>(),
            prop_oneof![Just(None), Just(Some(Paint::Green)), Just(Some(Paint::Red))],
        )
    }

    proptest! {
        #[test]
        fn draws_every_table_as_comfy_table_does(
            width in 1usize..5,
            rows in prop::collection::vec(prop::collection::vec(cell(), 4), 0..5),
            color in any::<bool>(),
        ) {
            let header = ["A", "Longer header", "", "界"];
            let header = &header[..width];
            let rows: Vec<_> = rows.into_iter().map(|row| row[..width].to_vec()).collect();
            prop_assert_eq!(grid(header, &rows, color), comfy(header, &rows, color));
        }
    }
}
