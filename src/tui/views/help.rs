use super::super::app::App;
use super::super::keymap::Command;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Every key, from the keymap in force, over whatever is on screen.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let popup = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" 1–9, 0", theme.key),
            Span::raw("   member 1–10 starts speaking (ends the previous turn)"),
        ]),
        Line::from(vec![
            Span::styled(
                format!(
                    " {}1–{}0",
                    app.keymap.key(Command::MoreMembers),
                    app.keymap.key(Command::MoreMembers)
                ),
                theme.key,
            ),
            Span::raw("  members 11–20"),
        ]),
    ];
    for command in Command::ALL {
        if command == Command::MoreMembers {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<7}", app.keymap.key(command).to_string()),
                theme.key,
            ),
            Span::raw(format!(" {}", command.describe())),
        ]));
    }
    lines.push(Line::styled(
        " Picker: digit = kind, letter = norm/status, Tab = members (their keys",
        theme.dim,
    ));
    lines.push(Line::styled(
        " toggle), Tab = text; Enter saves, Esc cancels.      Any key closes this.",
        theme.dim,
    ));
    let block = Block::bordered().title(" Keys ").border_style(theme.border);
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
