use super::super::app::App;
use super::super::keymap::Command;
use super::super::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Every key, from the keymap in force, in two columns over whatever is on screen.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let popup = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let block = Block::bordered()
        .title(" Keys — any key closes ")
        .border_style(theme.border);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);

    let entry = |key: String, what: &str| {
        Line::from(vec![
            Span::styled(format!(" {}", fit(&key, 6)), theme.key),
            Span::raw(what.to_string()),
        ])
    };
    let more = app.keymap.key(Command::MoreMembers);
    let mut lines = vec![
        entry("1–9 0".into(), "member 1–10 speaks"),
        entry(format!("{more}1–{more}0"), "members 11–20"),
    ];
    lines.extend(
        Command::ALL
            .iter()
            .filter(|&&c| c != Command::MoreMembers)
            .map(|&command| entry(app.keymap.key(command).to_string(), command.describe())),
    );
    lines.push(Line::raw(""));
    for text in [
        "In a picker:",
        " digit   the kind",
        " letter  the norm / status / goal",
        " Tab     members (their keys toggle),",
        "         then a line of text",
        " Enter   save    Esc  cancel",
    ] {
        lines.push(Line::styled(format!(" {text}"), theme.dim));
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let split = lines
        .len()
        .div_ceil(2)
        .max(usize::from(inner.height).min(lines.len()));
    let split = split.min(lines.len());
    let rest = lines.split_off(split);
    frame.render_widget(Paragraph::new(lines), left);
    frame.render_widget(Paragraph::new(rest), right);
}
