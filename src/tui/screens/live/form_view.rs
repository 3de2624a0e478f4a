//! The observation form and the closing step's page: one line per row (its
//! name, then its choices on digits), the row in focus marked, the words
//! typed, and the form's keys from its hints.

use super::Live;
use crate::tui::form::{Form, Row};
use crate::tui::picker::{CHOICE_KEYS, member_hotkey};
use crate::tui::screens::Look;
use crate::tui::text::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(app: &Look, live: &Live, form: &Form, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", form.title), theme.dialog))
        .border_style(theme.dialog);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let members: Vec<String> = live
        .group
        .members
        .iter()
        .map(|member| member.display(app.names))
        .collect();
    let label_width = form.rows.iter().map(|row| width(row.label())).max().unwrap_or(0);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (index, row) in form.rows.iter().enumerate() {
        let focused = index == form.focus;
        let marker = if focused { "▸ " } else { "  " };
        let mut spans = vec![Span::styled(
            format!("{marker}{:<label_width$} ", row.label()),
            if focused { theme.picker_chosen } else { theme.title },
        )];
        match row {
            Row::Text => {
                let text = if form.text.is_empty() && !focused {
                    "(optional)".to_string()
                } else if focused {
                    format!("{}▏", form.text)
                } else {
                    form.text.clone()
                };
                spans.push(Span::styled(text, theme.roster));
            }
            Row::Member => {
                let chosen = form.member.as_ref().map(|id| live.name(id, app.names));
                match (chosen, focused) {
                    (Some(name), false) => spans.push(Span::styled(name, theme.picker_chosen)),
                    (chosen, _) => {
                        for (position, name) in members.iter().enumerate() {
                            let style = if chosen.as_deref() == Some(name.as_str()) {
                                theme.picker_chosen
                            } else {
                                theme.roster
                            };
                            spans.push(Span::styled(format!(" {}", member_hotkey(position)), theme.key));
                            spans.push(Span::styled(format!(" {name}"), style));
                        }
                    }
                }
            }
            Row::List(_) | Row::Goal => {
                let chosen = form.chosen.get(index).copied().flatten();
                for (choice, label) in form.choices(*row, &[]).into_iter().enumerate() {
                    let style = if chosen == Some(choice) {
                        theme.picker_chosen
                    } else {
                        theme.roster
                    };
                    let key = CHOICE_KEYS.get(choice).copied().unwrap_or(' ');
                    spans.push(Span::styled(format!(" {key}"), theme.key));
                    spans.push(Span::styled(format!(" {label}"), style));
                }
            }
        }
        lines.push(Line::from(spans));
        if *row == Row::Goal
            && let Some(goal) = &form.goal
        {
            lines.push(Line::styled(
                format!("  {:<label_width$}  goal 1: “{goal}”", ""),
                theme.dim,
            ));
        }
    }
    if let Some(problem) = &form.problem {
        lines.push(Line::styled(format!(" {problem}"), theme.save_failed));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The form's keys, from the live panel's hints: `digit choose · Tab ↓ ↑ row · …`.
pub fn keys_line(app: &Look, live: &Live) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (index, hint) in live.commands(app.keymap).into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" · ", app.theme.dim));
        }
        spans.push(Span::styled(hint.key, app.theme.key));
        spans.push(Span::raw(format!(" {}", hint.short)));
    }
    Line::from(spans)
}
