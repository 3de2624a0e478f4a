//! Figures of the review screen, in process through the real `Shell` on a
//! `TestBackend` at 160x48: start to first frame on a 5,000-event session
//! (target ≤ 50 ms), and one scroll or zoom step with its frame at 50,000
//! events (target ≤ 5 ms a frame). A benchmark, not a test: figures are
//! printed beside their targets, never asserted.
//!
//!     cargo bench --bench review

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;

use groupscribe::model::{Event, EventId, EventKind, NameStyle, Timestamp};
use groupscribe::store::{Store, load_group};
use groupscribe::tui::{Action, App, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const SLUG: &str = "thursday-peer-support";

fn started() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap()
}

/// A store with one ended session of `count` events.
fn store(count: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/thursday-peer-support/group.ron"
    );
    std::fs::copy(sample, folder.join("group.ron")).unwrap();
    let group = load_group(&folder.join("group.ron")).unwrap();
    let mut session = realistic::realistic_session(&group, SLUG, started(), count);
    let last = session.last_event_at();
    session.events.push(Event {
        id: EventId(session.events.len() as u32 + 1),
        at: last,
        by: groupscribe::model::Author::Facilitator,
        kind: EventKind::Ended,
    });
    let path = folder.join("2026-11-23-s01.ron");
    realistic::write_session(&path, &session);
    (dir, path)
}

fn shell(root: &std::path::Path) -> Shell<TestBackend, ManualClock> {
    let now = started() + chrono::TimeDelta::days(1);
    let app = App::new(Keymap::default(), NameStyle::Alias, now);
    let terminal = Terminal::new(groupscribe::tui::Held::new(TestBackend::new(160, 48))).unwrap();
    let mut shell = Shell::new(
        app,
        terminal,
        Store::open(root).unwrap(),
        ManualClock::new(now),
    );
    shell.start();
    shell
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// "median 12.0 ms (min 10.1, max 20.3)", with `digits` after the point.
fn median(mut samples: Vec<Duration>, digits: usize) -> String {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!(
        "median {:.digits$} ms (min {:.digits$}, max {:.digits$})",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1])
    )
}

fn main() {
    let (dir, path) = store(5_000);
    let mut samples = Vec::new();
    for _ in 0..15 {
        let mut shell = shell(dir.path());
        let begin = Instant::now();
        shell.review(&path);
        shell.draw().unwrap();
        samples.push(begin.elapsed());
    }
    println!(
        "review, 5,000 events: open (read the record, build the lanes) to first frame: {} (target ≤ 50 ms)",
        median(samples, 1)
    );

    let (dir, path) = store(50_000);
    let mut shell = shell(dir.path());
    shell.review(&path);
    shell.draw().unwrap();
    for (name, codes) in [
        (
            "zoom step (+ then -)",
            vec![KeyCode::Char('+'), KeyCode::Char('-')],
        ),
        ("scroll step (PgDn)", vec![KeyCode::PageDown]),
        ("cursor step (→)", vec![KeyCode::Right]),
    ] {
        // Zoomed in a little, so that scrolling moves.
        shell.handle(key(KeyCode::Char('+')));
        let mut samples = Vec::new();
        for round in 0..60 {
            let code = codes[round % codes.len()];
            let begin = Instant::now();
            shell.handle(key(code));
            shell.draw().unwrap();
            samples.push(begin.elapsed());
        }
        println!(
            "review, 50,000 events: {name} and its frame: {} (target ≤ 5 ms)",
            median(samples, 2)
        );
    }
}
