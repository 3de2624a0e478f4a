use super::super::screens::{CommandHint, Look};
use super::super::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// The current screen's commands, keys from the keymap in force, in two
/// columns over the whole screen (nothing behind it shows through).
pub fn draw(look: &Look, commands: &[CommandHint], frame: &mut Frame, area: Rect) {
    let theme = look.theme;
    let block = Block::bordered()
        .title(" Keys — any key closes ")
        .border_style(theme.border);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);

    let mut lines = Vec::new();
    let mut group = "";
    for command in commands {
        if command.group != group {
            group = command.group;
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!(" {group}"), theme.dim));
        }
        let (key_style, text_style) = if group.is_empty() {
            (theme.key, ratatui::style::Style::default())
        } else {
            (theme.dim, theme.dim)
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {}", fit(&command.key, 7)), key_style),
            Span::styled(command.long.to_string(), text_style),
        ]));
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
