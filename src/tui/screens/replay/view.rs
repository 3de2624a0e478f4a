//! The replay is drawn by the live panel's own view (`live::view::draw_with`)
//! at the replay time; only the title's right side, the status's right side
//! and the keys are the replay's: REPLAY with its clock and speed, where in the
//! record it is, a bar of the session, and its keys.

use super::Replay;
use crate::metrics::format_clock;
use crate::tui::keymap::{Command, Context};
use crate::tui::screens::Look;
use crate::tui::screens::live::view::{Banner, draw_with, wrap_keys};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub fn draw(look: &Look, replay: &Replay, frame: &mut Frame, area: Rect) {
    let at = replay.at();
    let look = Look { now: at, ..*look };
    let theme = look.theme;
    let participation = replay.live.participation(at);
    let clock = format_clock(participation.total.clock);
    let mut title = vec![if participation.ended {
        Span::styled(format!("■ {clock} ended"), theme.dim)
    } else if participation.on_break {
        Span::styled(format!("❚❚ {clock} break"), theme.on_break)
    } else {
        Span::styled(format!("◉ {clock}"), theme.clock)
    }];
    let state = if replay.playing() { "▶" } else { "❚❚" };
    let mut replaying = format!(
        "  {state} REPLAY {} {}",
        at.format("%H:%M:%S"),
        replay.speed()
    );
    if !replay.playing() {
        replaying.push_str(" paused");
    }
    replaying.push(' ');
    title.push(Span::styled(replaying, theme.dialog));

    let (shown, total) = replay.progress();
    let mut status = format!("event {shown}/{total}");
    if replay.amended + replay.retracted > 0 {
        status.push_str(&format!(
            " · {} amended, {} retracted",
            replay.amended, replay.retracted
        ));
    }
    status.push(' ');

    let width = usize::from(area.width);
    let mut keys = vec![timebar(&look, replay, width)];
    let entries: Vec<(String, &str)> = Command::of(Context::Replay)
        .filter(|command| !matches!(command, Command::SeekOn | Command::SeekOnMinute))
        .map(|command| {
            let key = look.keymap.key(command).to_string();
            match command {
                Command::SeekBack => (
                    format!("{}/{}", key, look.keymap.key(Command::SeekOn)),
                    "10 s",
                ),
                Command::SeekBackMinute => (
                    format!("{}/{}", key, look.keymap.key(Command::SeekOnMinute)),
                    "1 min",
                ),
                other => (key, other.short()),
            }
        })
        .collect();
    keys.extend(
        wrap_keys(&entries, width, theme.key, Style::default())
            .into_iter()
            .take(1),
    );
    draw_with(
        &look,
        &replay.live,
        frame,
        area,
        Some(Banner {
            title,
            status: Span::styled(status, theme.dim),
            keys,
        }),
    );
}

/// ` 18:00 ━━━━━━━━━╸──────── 19:30 `: where the replay clock is in the session.
fn timebar(look: &Look, replay: &Replay, width: usize) -> Line<'static> {
    let start = replay.start.format("%H:%M").to_string();
    let end = replay.end.format("%H:%M").to_string();
    let cells = width.saturating_sub(start.len() + end.len() + 4).max(1);
    let span = (replay.end - replay.start).num_milliseconds().max(1);
    let done = (replay.at() - replay.start)
        .num_milliseconds()
        .clamp(0, span);
    let filled = usize::try_from(done * cells as i64 / span)
        .unwrap_or(0)
        .min(cells);
    let mut bar = "━".repeat(filled);
    if filled < cells {
        bar.push('╸');
        bar.push_str(&"─".repeat(cells - filled - 1));
    }
    Line::from(vec![
        Span::styled(format!(" {start} "), look.theme.dim),
        Span::styled(bar, look.theme.clock),
        Span::styled(format!(" {end} "), look.theme.dim),
    ])
}
