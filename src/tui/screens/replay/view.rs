//! The replay is drawn by the live panel's own view (`live::view::draw_with`)
//! at the replay time; only the title's right side, the status's right side
//! and the keys are the replay's: REPLAY with its clock and speed, where in the
//! record it is, a bar of the session, and its keys.

use super::Replay;
use crate::metrics::format_clock;
use crate::tui::keymap::Command;
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
    let keymap = look.keymap;
    let state = if replay.playing() { "▶" } else { "❚❚" };
    let title = vec![Span::styled(
        format!(
            "{state} REPLAY {} {} ",
            at.format("%H:%M:%S"),
            replay.speed()
        ),
        theme.dialog,
    )];

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
    let pair = |a: Command, b: Command| format!("{}/{}", keymap.key(a), keymap.key(b));
    let entries: Vec<(String, &str)> = vec![
        (
            keymap.key(Command::PlayPause).to_string(),
            if replay.playing() { "pause" } else { "play" },
        ),
        (pair(Command::SeekBack, Command::SeekOn), "10 s"),
        (
            pair(Command::SeekBackMinute, Command::SeekOnMinute),
            "1 min",
        ),
        (pair(Command::Faster, Command::Slower), "speed"),
        (pair(Command::ReplayStart, Command::ReplayEnd), "start/end"),
        (keymap.key(Command::CloseReplay).to_string(), "back"),
        (keymap.key(Command::Help).to_string(), "help"),
    ];
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

/// ` ◉ 00:20:15  18:00 ━━━━━━╸──────── 19:30 `: the session clock (breaks
/// excluded) at the replay time, and where that is in the session.
fn timebar(look: &Look, replay: &Replay, width: usize) -> Line<'static> {
    let theme = look.theme;
    let participation = replay.live.participation(replay.at());
    let clock = format_clock(participation.total.clock);
    let clock = if participation.ended {
        Span::styled(format!(" ■ {clock} ended "), theme.dim)
    } else if participation.on_break {
        Span::styled(format!(" ❚❚ {clock} break "), theme.on_break)
    } else {
        Span::styled(format!(" ◉ {clock} "), theme.clock)
    };
    let start = replay.start.format("%H:%M").to_string();
    let end = replay.end.format("%H:%M").to_string();
    let used = crate::tui::text::width(&clock.content) + start.len() + end.len() + 4;
    let cells = width.saturating_sub(used).max(1);
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
        clock,
        Span::styled(format!(" {start} "), look.theme.dim),
        Span::styled(bar, look.theme.clock),
        Span::styled(format!(" {end} "), look.theme.dim),
    ])
}
