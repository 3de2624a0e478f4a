//! Drawing shared by the screens: the help overlay, the "too small" and
//! "not saved" frames. Each screen's own view is in its module (`tui::screens`).

pub mod help;

use super::screens::Look;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The smallest terminal the panels are designed for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Still useful when cramped: the screen adds what must stay visible (who is
/// speaking and whether it is saved).
pub fn too_small(look: &Look, frame: &mut Frame, area: Rect, extra: Vec<Line<'static>>) {
    let mut lines = vec![
        Line::styled(
            format!(
                "Terminal {}x{}: groupscribe needs {MIN_WIDTH}x{MIN_HEIGHT}.",
                area.width, area.height
            ),
            look.theme.dialog,
        ),
        Line::raw("Enlarge the window or reduce the font size."),
    ];
    lines.extend(extra);
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}
