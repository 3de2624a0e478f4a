//! The report in Markdown (CommonMark with pipe tables). Every piece of
//! user text (names, goals, norms, stages, risk words) is escaped, so it
//! reads exactly as typed.

use super::document::{Block, Cell, Document, sparkline};
use std::fmt::Write as _;

/// The last line of every report groupscribe writes: `--out` replaces only
/// a file that carries it.
pub const REPORT_MARKER: &str = "<!-- written by groupscribe report -->";

/// Whether these bytes are a report groupscribe wrote.
pub fn is_report(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .lines()
        .any(|line| line.trim() == REPORT_MARKER)
}

/// One line of text, safe at the start of a line of CommonMark (a heading,
/// a list item, a paragraph) and anywhere in it.
pub fn escape_md(text: &str) -> String {
    escape(text, true)
}

/// One line of text inside a table cell.
fn escape_cell(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, line_start: bool) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut escaped = String::with_capacity(flat.len() + 8);
    let mut leading_digits = line_start;
    for (index, c) in flat.chars().enumerate() {
        // "1. " or "2)" at the start of a line would begin an ordered list.
        let ends_number = leading_digits && index > 0 && matches!(c, '.' | ')');
        leading_digits = leading_digits && c.is_ascii_digit();
        let special = ends_number
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
            )
            || (line_start && index == 0 && matches!(c, '-' | '+' | '=' | ':'));
        if special {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => escape_cell(text),
        Cell::Trend { values, max, text } => {
            format!("{} {}", sparkline(values, *max), escape_cell(text))
        }
    }
}

/// The whole report, marked as written by groupscribe.
pub fn render(document: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape_md(&document.title));
    for block in &document.blocks {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(out, "## {}\n", escape_md(text));
            }
            Block::Text(text) => {
                let _ = writeln!(out, "{}\n", escape_md(text));
            }
            Block::Items(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", escape_md(item));
                }
                out.push('\n');
            }
            Block::Table(table) => {
                let head: Vec<String> = table.head.iter().map(|h| escape_cell(h)).collect();
                let _ = writeln!(out, "| {} |", head.join(" | "));
                let rule: Vec<&str> = table.head.iter().map(|_| "---").collect();
                let _ = writeln!(out, "| {} |", rule.join(" | "));
                for row in &table.rows {
                    let cells: Vec<String> = row.iter().map(cell).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    out.push_str(REPORT_MARKER);
    out.push('\n');
    out
}
