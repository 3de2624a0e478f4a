//! Drawing only: every function here reads `&App` and never changes it.

mod help;
mod home;
mod live;

pub use live::LiveLayout;
mod picker;

use super::app::{App, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The smallest terminal the panels are designed for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    match &app.screen {
        Screen::Home(home) => home::draw(app, home, frame, area),
        Screen::Live(live) => live::draw(app, live, frame, area),
    }
    if app.help {
        help::draw(app, frame, area);
    }
}

/// Replaces a prepared frame whose events turned out not to be on disk.
pub fn draw_not_saved(app: &App, frame: &mut Frame, error: &str) {
    let area = frame.area();
    frame.render_widget(ratatui::widgets::Clear, area);
    let lines = vec![
        Line::styled(
            " ⚠ NOT SAVED: the disk refused the last events.",
            app.theme.save_failed,
        ),
        Line::raw(format!(" {}", error.lines().next().unwrap_or_default())),
        Line::raw(" They are held in memory and retried every second."),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// Still useful when cramped: who is speaking and whether it is saved.
fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let mut lines = vec![
        Line::styled(
            format!(
                "Terminal {}x{}: groupscribe needs {MIN_WIDTH}x{MIN_HEIGHT}.",
                area.width, area.height
            ),
            theme.dialog,
        ),
        Line::raw("Enlarge the window or reduce the font size."),
    ];
    if let Some(live) = app.live() {
        lines.push(Line::raw("Keys still log; every event is saved."));
        let participation = live.participation(app.now);
        lines.push(Line::from(vec![
            Span::raw("Speaking: "),
            Span::styled(
                live.floor_name(&participation.floor, app.names),
                theme.title,
            ),
        ]));
        lines.push(live::save_span(app, live).into());
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}
