use super::Live;
use crate::model::MomentFamily;
use crate::tui::picker::CHOICE_KEYS;
use crate::tui::picker::{Focus, NEW_CONFLICT_KEY, Picker, PickerKind, SECOND_KEYS};
use crate::tui::screens::Look;
use crate::tui::text::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Title line (who, text, what Tab does), then the numbered choices.
/// `lines` are the picker's [`lines`], made once by the panel to size it.
pub fn draw(
    app: &Look,
    live: &Live,
    picker: &Picker,
    lines: Vec<Line<'static>>,
    frame: &mut Frame,
    title: Rect,
    body: Rect,
) {
    let theme = &app.theme;
    let focus = |field: Focus| {
        if picker.focus == field {
            theme.picker_chosen
        } else {
            theme.title
        }
    };
    let mut spans = vec![Span::styled(format!(" {} ", picker.title()), theme.dialog)];
    if picker.choosing_conflict {
        // Members and words come with the conflict chosen, or after `n`.
        if let Some(problem) = &picker.problem {
            spans.push(Span::styled(format!("  {problem}"), theme.save_failed));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), title);
        frame.render_widget(Paragraph::new(lines), body);
        return;
    }
    if picker.takes_members() {
        let names: Vec<String> = picker
            .members
            .iter()
            .map(|id| live.name(id, app.names))
            .collect();
        let names = if names.is_empty() {
            "nobody".to_string()
        } else {
            names.join(", ")
        };
        spans.push(Span::raw("· "));
        spans.push(Span::styled(names, focus(Focus::Members)));
        if picker.focus == Focus::Members {
            spans.push(Span::styled(" (member keys toggle)", theme.dim));
        }
    }
    spans.push(Span::raw(" · text: "));
    let text = if picker.text.is_empty() && picker.focus != Focus::Text {
        "(Tab)".to_string()
    } else {
        format!("{}▏", picker.text)
    };
    spans.push(Span::styled(text, focus(Focus::Text)));
    if let Some(problem) = &picker.problem {
        spans.push(Span::styled(format!("  {problem}"), theme.save_failed));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), title);
    frame.render_widget(Paragraph::new(lines), body);
}

/// The choice lines: kinds (digits), then the second choice (letters), then the hint.
pub fn lines(app: &Look, picker: &Picker, max: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let items =
        |labels: &[String], keys: &[char], chosen: Option<usize>| -> Vec<(String, String, Style)> {
            labels
                .iter()
                .enumerate()
                .map(|(index, label)| {
                    let style = if chosen == Some(index) {
                        theme.picker_chosen
                    } else {
                        theme.roster
                    };
                    (
                        keys.get(index).map_or(String::new(), char::to_string),
                        label.clone(),
                        style,
                    )
                })
                .collect()
        };
    if picker.choosing_conflict {
        // The open conflicts, then the key for a new one.
        let mut offered = items(&picker.choices, CHOICE_KEYS, None);
        offered.push((
            NEW_CONFLICT_KEY.to_string(),
            "new conflict".to_string(),
            theme.roster,
        ));
        let mut lines = wrap(&offered, max, theme.key);
        lines.push(Line::styled(
            " a digit updates that conflict · n new conflict · Esc cancel",
            theme.dim,
        ));
        return lines;
    }
    let mut lines = wrap(
        &items(&picker.choices, CHOICE_KEYS, picker.chosen),
        max,
        theme.key,
    );
    lines.extend(wrap(
        &items(&picker.second, SECOND_KEYS, picker.second_chosen),
        max,
        theme.key,
    ));
    if let Some(meaning) = picker.scale_hint() {
        lines.push(Line::styled(format!(" {meaning}"), theme.dialog));
    }
    let hint = if picker.kind == PickerKind::Moment(MomentFamily::Risk) {
        " Enter save · Tab members, text, then assessment, action, follow-up · Esc cancel"
    } else {
        " Enter save · Tab members, then text · Esc cancel"
    };
    lines.push(Line::styled(hint, theme.dim));
    lines
}

fn wrap(items: &[(String, String, Style)], max: usize, key_style: Style) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (key, label, style) in items {
        let cell = 1 + width(key) + 1 + width(label);
        if used + cell > max && !spans.is_empty() {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        spans.push(Span::styled(format!(" {key}"), key_style));
        spans.push(Span::styled(format!(" {label}"), *style));
        used += cell;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}
