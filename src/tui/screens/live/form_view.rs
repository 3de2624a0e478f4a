//! The observation form and the closing step's page: one line per row (its
//! name, then its choices on digits), the row in focus marked, the words
//! typed, and the form's keys from its hints.

use super::Live;
use crate::model::Group;
use crate::model::taxonomy::{Choice, RiskAction};
use crate::tui::form::{Form, RiskWords, Row};
use crate::tui::picker::{CHOICE_KEYS, member_hotkey};
use crate::tui::screens::Look;
use crate::tui::text::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// `group` names the members (the live panel's, or the review's).
pub fn draw(app: &Look, group: &Group, form: &Form, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", form.title), theme.dialog))
        .border_style(theme.dialog);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let members: Vec<String> = group
        .members
        .iter()
        .map(|member| member.display(app.names))
        .collect();
    let label_width = form
        .rows
        .iter()
        .map(|row| width(row.label()))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (index, row) in form.rows.iter().enumerate() {
        let focused = index == form.focus;
        let marker = if focused { "▸ " } else { "  " };
        let head = Span::styled(
            format!("{marker}{:<label_width$} ", row.label()),
            if focused {
                theme.picker_chosen
            } else {
                theme.title
            },
        );
        let mut spans: Vec<Span<'static>> = Vec::new();
        match row {
            Row::Text => {
                let text = if form.text.is_empty() && !focused {
                    " (optional)".to_string()
                } else if focused {
                    format!(" {}▏", form.text)
                } else {
                    format!(" {}", form.text)
                };
                spans.push(Span::styled(text, theme.roster));
            }
            Row::Words(field) => {
                let typed = form.words.get(index).cloned().unwrap_or_default();
                let text = match (typed.is_empty(), focused) {
                    (_, true) => format!(" {typed}▏"),
                    (true, false) => format!(" ({})", placeholder(*field)),
                    (false, false) => format!(" {typed}"),
                };
                spans.push(Span::styled(text, theme.roster));
            }
            Row::Actions => {
                for (choice, action) in RiskAction::ALL.iter().enumerate() {
                    let on = form.actions.contains(action);
                    let key = CHOICE_KEYS.get(choice).copied().unwrap_or(' ');
                    spans.push(Span::styled(format!(" {key}"), theme.key));
                    spans.push(Span::styled(
                        if on {
                            format!(" [{}]", action.short())
                        } else {
                            format!(" {}", action.short())
                        },
                        if on {
                            theme.picker_chosen
                        } else {
                            theme.roster
                        },
                    ));
                }
            }
            Row::Member => {
                let chosen = form.member.as_ref().map(|id| {
                    group
                        .member(id)
                        .map_or_else(|| id.to_string(), |member| member.display(app.names))
                });
                match (chosen, focused) {
                    (Some(name), false) => {
                        spans.push(Span::styled(format!(" {name}"), theme.picker_chosen));
                    }
                    (chosen, _) => {
                        for (position, name) in members.iter().enumerate() {
                            let style = if chosen.as_deref() == Some(name.as_str()) {
                                theme.picker_chosen
                            } else {
                                theme.roster
                            };
                            spans.push(Span::styled(
                                format!(" {}", member_hotkey(position)),
                                theme.key,
                            ));
                            let name = if chosen.as_deref() == Some(name.as_str()) {
                                format!(" [{name}]")
                            } else {
                                format!(" {name}")
                            };
                            spans.push(Span::styled(name, style));
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
                    // Chosen reads without colour too.
                    let label = if chosen == Some(choice) {
                        format!(" [{label}]")
                    } else {
                        format!(" {label}")
                    };
                    spans.push(Span::styled(label, style));
                }
            }
        }
        lines.extend(hanging(head, spans, usize::from(inner.width)));
        if *row == Row::Goal
            && let Some(goal) = &form.goal
        {
            let words: Vec<Span<'static>> = format!("goal 1: “{goal}”")
                .split(' ')
                .map(|word| Span::styled(format!(" {word}"), theme.dim))
                .flat_map(|span| [span, Span::raw("")])
                .collect();
            lines.extend(hanging(
                Span::raw(format!("  {:<label_width$}", "")),
                words,
                usize::from(inner.width),
            ));
        }
    }
    if let Some(problem) = &form.problem {
        lines.push(Line::styled(format!(" {problem}"), theme.save_failed));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// What an empty risk field takes.
fn placeholder(field: RiskWords) -> &'static str {
    match field {
        RiskWords::Assessment => "the worker's assessment",
        RiskWords::InformedAt => "hh:mm",
        RiskWords::ActionText => "anything else done",
        RiskWords::Owner => "who follows up",
        RiskWords::Due => "YYYY-MM-DD or +N days",
    }
}

/// `head` then the spans, wrapped at `max` cells between a key and its
/// label's pair, continuation lines indented under the first choice.
fn hanging(head: Span<'static>, spans: Vec<Span<'static>>, max: usize) -> Vec<Line<'static>> {
    let indent = width(&head.content);
    let mut lines = Vec::new();
    let mut line = vec![head];
    let mut used = indent;
    // Keys and labels come in pairs; keep each pair on one line.
    let mut pairs = spans.chunks(2).peekable();
    while let Some(pair) = pairs.next() {
        let cells: usize = pair.iter().map(|span| width(&span.content)).sum();
        if used + cells > max && used > indent {
            lines.push(Line::from(std::mem::take(&mut line)));
            line.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        line.extend(pair.iter().cloned());
        used += cells;
        if pairs.peek().is_none() {
            break;
        }
    }
    lines.push(Line::from(line));
    lines
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
