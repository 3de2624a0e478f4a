use super::{Home, HomeRow, StalePrompt};
use crate::tui::keymap::Command;
use crate::tui::screens::Look;
use crate::tui::text::{fit, wrap_words};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(app: &Look, home: &Home, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let theme_error = app
        .theme_error
        .as_ref()
        .map(|error| format!("theme not reloaded: {error}"));
    // Messages are errors worth reading in full: the path, what went wrong, what to do.
    let message_text = app.message.as_ref().or(theme_error.as_ref());
    // Wrapped here, not by the paragraph, so that every line keeps the indent.
    let message_width = usize::from(area.width).saturating_sub(2);
    let message_lines: Vec<Line> = message_text
        .map(|text| {
            text.lines()
                .flat_map(|line| wrap_words(line.trim(), message_width))
                .map(|line| Line::styled(format!(" {line}"), theme.message))
                .collect()
        })
        .unwrap_or_default();
    let message_height = (message_lines.len() as u16).min(5);
    let queue_height = u16::from(home.queue.is_some());
    let prompt_lines = home.stale.as_ref().map(|prompt| stale_prompt(app, prompt));
    let keys_height = prompt_lines
        .as_ref()
        .map_or(1, |lines| wrapped_height(lines, area.width));
    let [title, list, message, queue, keys] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(message_height),
        Constraint::Length(queue_height),
        Constraint::Length(keys_height),
    ])
    .areas(area);
    if let Some(line) = &home.queue {
        let width = usize::from(area.width).saturating_sub(1);
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", fit(line, width)), theme.dim)),
            queue,
        );
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            " groupscribe — groups and sessions",
            theme.title,
        )),
        title,
    );

    let name_width = 24.min(usize::from(area.width) / 3);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(error) = &home.error {
        lines.push(Line::styled(format!(" {error}"), theme.save_failed));
    }
    if home.rows.is_empty() && home.error.is_none() {
        lines.push(Line::raw(
            " No groups yet. Create one with `groupscribe group new`.",
        ));
    }
    for (index, row) in home.rows.iter().enumerate() {
        let marker = if index == home.selected {
            " ▸ "
        } else {
            "   "
        };
        let line = match row {
            HomeRow::Group { name, detail, .. } => Line::from(vec![
                Span::raw(marker),
                Span::styled(fit(name, name_width), theme.title),
                Span::raw("  "),
                Span::styled(detail.clone(), theme.dim),
            ]),
            HomeRow::Unended {
                number,
                started,
                last_event,
                locked,
                ..
            } => {
                let session = format!("session {number} ({})", started.format("%Y-%m-%d %H:%M"));
                let key = |command| app.keymap.key(command);
                let text = if *locked {
                    format!(
                        "  ● {session} being logged — {} follow",
                        key(Command::Follow)
                    )
                } else {
                    format!(
                        "  ⚠ {session} interrupted — {} resume · {} end at {}",
                        key(Command::Start),
                        key(Command::EndOpen),
                        last_event.format("%H:%M")
                    )
                };
                let style = if *locked { theme.dim } else { theme.dialog };
                Line::from(vec![Span::raw(marker), Span::styled(text, style)])
            }
            HomeRow::Readiness { text } => Line::from(vec![
                Span::raw("   "),
                Span::styled(
                    fit(
                        &format!(
                            "  ◦ {text} — {} plans it",
                            app.keymap.key(Command::EditGroup)
                        ),
                        usize::from(area.width).saturating_sub(4),
                    ),
                    theme.dim,
                ),
            ]),
            HomeRow::Problem { text } => {
                let first = text.lines().next().unwrap_or_default();
                Line::from(vec![
                    Span::raw("   "),
                    Span::styled(format!("✗ cannot read: {first}"), theme.save_failed),
                ])
            }
        };
        let line = if index == home.selected
            && !matches!(row, HomeRow::Problem { .. } | HomeRow::Readiness { .. })
        {
            line.style(theme.selected)
        } else {
            line
        };
        lines.push(line);
    }
    let visible = usize::from(list.height);
    let scroll = home.selected.saturating_sub(visible.saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), list);
    frame.render_widget(Paragraph::new(message_lines), message);
    if let Some(lines) = prompt_lines {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), keys);
        return;
    }
    // The footer, from the keymap in force: up and down share one entry.
    let key = |command| app.keymap.key(command).to_string();
    let mut entries = [
        (key(Command::Start), Command::Start.short()),
        (
            format!("{}{}", key(Command::Up), key(Command::Down)),
            Command::Up.short(),
        ),
        (key(Command::EndOpen), Command::EndOpen.short()),
        (key(Command::Follow), Command::Follow.short()),
        (key(Command::Review), Command::Review.short()),
        (key(Command::Report), Command::Report.short()),
        (key(Command::Help), Command::Help.short()),
        (key(Command::Quit), Command::Quit.short()),
    ];
    // At 80 columns every entry fits once "start / resume" says "start".
    let footer: usize = entries
        .iter()
        .map(|(key, what)| crate::tui::text::width(key) + what.len() + 3)
        .sum();
    if footer > usize::from(area.width) {
        entries[0].1 = "start";
    }
    let count = entries.len();
    let mut spans: Vec<Span> = Vec::new();
    for (index, (key, what)) in entries.into_iter().enumerate() {
        let gap = if index + 1 < count { "  " } else { "" };
        spans.push(Span::styled(
            if index == 0 { format!(" {key}") } else { key },
            theme.key,
        ));
        spans.push(Span::raw(format!(" {what}{gap}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), keys);
}

/// Asked before resuming a session whose last event is old: ending it there is
/// the default, resuming logs the gap as a break.
fn stale_prompt(app: &Look, prompt: &StalePrompt) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let last = prompt.last_event;
    let at = last.format("%H:%M").to_string();
    let first = Line::styled(
        format!(
            " Session {}'s last event was at {at} on {} ({}).",
            prompt.number,
            last.format("%Y-%m-%d"),
            ago(app.now - last)
        ),
        theme.dialog,
    );
    let keys = app.keymap;
    let second = Line::from(vec![
        Span::raw(" "),
        Span::styled(keys.label(Command::EndThere), theme.key),
        Span::raw(format!(" end it at {at} · ")),
        Span::styled(keys.key(Command::Resume).to_string(), theme.key),
        Span::raw(" resume now (gap logged as a break) · "),
        Span::styled(keys.key(Command::Back).to_string(), theme.key),
        Span::raw(" back"),
    ]);
    vec![first, second]
}

/// `3 days ago`, `2 hours ago`, `45 minutes ago`.
fn ago(span: chrono::TimeDelta) -> String {
    let (count, unit) = if span.num_days() >= 1 {
        (span.num_days(), "day")
    } else if span.num_hours() >= 1 {
        (span.num_hours(), "hour")
    } else {
        (span.num_minutes().max(0), "minute")
    };
    format!("{count} {unit}{} ago", if count == 1 { "" } else { "s" })
}

/// Rows the lines take when wrapped at `width` (a close estimate: words are not split).
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    // Word wrapping can need a row more than the division says.
    lines
        .iter()
        .map(|line| {
            (line.width().div_ceil(width).max(1) + usize::from(line.width() > width)) as u16
        })
        .sum()
}
