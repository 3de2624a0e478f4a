use super::super::app::{App, Home, HomeRow};
use super::super::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(app: &App, home: &Home, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let [title, list, message, keys] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
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
            HomeRow::Unended { label, .. } => Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("  ⚠ {label}"), theme.dialog),
            ]),
            HomeRow::Problem { text } => {
                let first = text.lines().next().unwrap_or_default();
                Line::from(vec![
                    Span::raw("   "),
                    Span::styled(format!("✗ cannot read: {first}"), theme.save_failed),
                ])
            }
        };
        let line = if index == home.selected && !matches!(row, HomeRow::Problem { .. }) {
            line.style(theme.selected)
        } else {
            line
        };
        lines.push(line);
    }
    let visible = usize::from(list.height);
    let scroll = home.selected.saturating_sub(visible.saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), list);
    if let Some(text) = &app.message {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {text}"), theme.message)),
            message,
        );
    }
    let key = |k: &'static str, what: &'static str| [Span::styled(k, theme.key), Span::raw(what)];
    let spans: Vec<Span> = [
        key(" Enter", " start / resume  "),
        key("↑↓", " choose  "),
        key("e", " end a session left open  "),
        key("?", " help  "),
        key("q", " quit"),
    ]
    .into_iter()
    .flatten()
    .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), keys);
}
