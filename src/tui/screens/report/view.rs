//! The report in terminal lines: headings, wrapped text and lists, tables
//! in aligned columns, trends as sparklines. A line wider than the terminal
//! is cut (the file has it whole); 80 columns hold six sessions side by side.

use super::ReportScreen;
use crate::report::document::{Block, Cell, Document, sparkline};
use crate::tui::keymap::Command;
use crate::tui::screens::Look;
use crate::tui::text::{truncate, width, wrap_words};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => one_line(text),
        Cell::Trend { values, max, text } => {
            format!("{} {}", sparkline(values, *max), one_line(text))
        }
    }
}

/// User text on one line, control characters as spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pad(text: &str, cells: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(width(text))));
    out
}

/// The document as lines `cells` wide.
pub fn lines(look: &Look, document: &Document, cells: usize) -> Vec<Line<'static>> {
    let theme = look.theme;
    let inner = cells.saturating_sub(2).max(10);
    let cut = |text: String| truncate(&text, cells.saturating_sub(1));
    let mut out: Vec<Line<'static>> = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Heading(text) => {
                out.push(Line::raw(""));
                out.push(Line::styled(
                    cut(format!(" {}", one_line(text))),
                    theme.title,
                ));
            }
            Block::Text(text) => {
                for line in wrap_words(&one_line(text), inner) {
                    out.push(Line::styled(format!(" {line}"), theme.dim));
                }
            }
            Block::Items(items) => {
                for item in items {
                    for (index, line) in wrap_words(&one_line(item), inner.saturating_sub(2))
                        .into_iter()
                        .enumerate()
                    {
                        let bullet = if index == 0 { "•" } else { " " };
                        out.push(Line::raw(format!(" {bullet} {line}")));
                    }
                }
            }
            Block::Table(table) => {
                let rows: Vec<Vec<String>> = table
                    .rows
                    .iter()
                    .map(|row| row.iter().map(cell_text).collect())
                    .collect();
                let heads: Vec<String> = table.head.iter().map(|h| one_line(h)).collect();
                let columns = heads.len();
                let mut widths: Vec<usize> = heads.iter().map(|h| width(h)).collect();
                for row in &rows {
                    for (index, text) in row.iter().enumerate().take(columns) {
                        widths[index] = widths[index].max(width(text));
                    }
                }
                // On a narrow screen the widest column (a goal's words) gives way.
                let total: usize = widths.iter().sum::<usize>() + 2 * columns;
                if total > cells
                    && let Some((widest, _)) =
                        widths.iter().enumerate().max_by_key(|(_, width)| **width)
                {
                    let over = total - cells;
                    widths[widest] = widths[widest]
                        .saturating_sub(over)
                        .max(8.min(widths[widest]));
                }
                let join = |cells_of: &[String]| {
                    let mut line = String::new();
                    for (index, text) in cells_of.iter().enumerate().take(columns) {
                        line.push(' ');
                        let text = truncate(text, widths[index]);
                        line.push_str(&if index + 1 == columns {
                            text
                        } else {
                            pad(&text, widths[index])
                        });
                        line.push(' ');
                    }
                    truncate(line.trim_end(), cells.saturating_sub(1))
                };
                out.push(Line::styled(join(&heads), theme.key));
                for row in &rows {
                    out.push(Line::raw(join(row)));
                }
            }
        }
    }
    out
}

pub fn draw(look: &Look, report: &ReportScreen, frame: &mut Frame, area: Rect) {
    let theme = look.theme;
    let message = look.message.as_ref().map(|text| one_line(text));
    let [title, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::from(message.is_some())),
        Constraint::Length(1),
    ])
    .areas(area);
    let cells = usize::from(area.width);
    let all = lines(look, &report.document, cells);
    let rows = usize::from(body.height);
    report.drawn.set((all.len(), rows));
    let start = report.scroll.min(all.len().saturating_sub(rows.max(1)));
    let end = (start + rows).min(all.len());
    let shown = if all.len() > rows {
        format!("  lines {}–{} of {}", start + 1, end, all.len())
    } else {
        String::new()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            truncate(
                &format!(" {}{shown}", one_line(&report.document.title)),
                cells,
            ),
            theme.title,
        )),
        title,
    );
    let visible: Vec<Line> = all.into_iter().skip(start).take(rows).collect();
    frame.render_widget(Paragraph::new(visible), body);
    if let Some(message) = message {
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate(&format!(" {message}"), cells),
                theme.message,
            )),
            status,
        );
    }
    // The footer, from the keymap in force.
    let key = |command| look.keymap.key(command).to_string();
    let entries = [
        (
            format!("{}{}", key(Command::Up), key(Command::Down)),
            "scroll",
        ),
        (
            format!("{}/{}", key(Command::PageBack), key(Command::PageOn)),
            Command::PageOn.short(),
        ),
        (
            format!("{}/{}", key(Command::First), key(Command::Last)),
            "top / end",
        ),
        (key(Command::Help), Command::Help.short()),
        (key(Command::CloseReport), Command::CloseReport.short()),
    ];
    let mut spans: Vec<Span> = Vec::new();
    let count = entries.len();
    for (index, (key, what)) in entries.into_iter().enumerate() {
        let gap = if index + 1 < count { "  " } else { "" };
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {what}{gap}"), Style::default()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), keys);
}
