//! Group commit (issue 13): 2,000 keys arriving at once, from the first key to the
//! frame that shows the last one saved, beside 2,000 sequential bare append +
//! fdatasync of one line each to a file in the same folder, and beside the same
//! burst without a group commit (each key waits for the previous key's fsync, as
//! before). The loop here is the real loop's policy (`tui::run`): take queued input
//! for up to 20 ms through `Shell::handle_in_burst`, then draw once (the frame waits
//! for every sync its events need).
//!
//! `cargo bench --bench burst` prints medians (min, max) over repeated runs. Under
//! `cargo test --benches` it runs once, small, as a smoke test.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;

use groupscribe::diag::ron_text;
use groupscribe::model::{Author, Event, EventId, EventKind, Floor, MemberId, NameStyle};
use groupscribe::store::{Store, load_group};
use groupscribe::tui::{Action, App, Clock, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use realistic::{realistic_session, write_session};
use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SLUG: &str = "thursday-peer-support";
const BURST: Duration = Duration::from_millis(20);

type LiveShell = Shell<TestBackend, ManualClock>;

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (keys, runs) = if full { (2_000, 7) } else { (50, 1) };
    let mut bare = Vec::new();
    let mut grouped = Vec::new();
    let mut per_key = Vec::new();
    let mut syncs = (0, 0);
    for _ in 0..runs {
        let fixture = Fixture::new(5_000);
        bare.push(bare_appends(&fixture, keys));
        let (time, frames) = burst(&fixture, keys, true);
        grouped.push(time);
        syncs.0 = frames;
        let fixture = Fixture::new(5_000);
        let (time, frames) = burst(&fixture, keys, false);
        per_key.push(time);
        syncs.1 = frames;
    }
    let (b, g, p) = (stats(&mut bare), stats(&mut grouped), stats(&mut per_key));
    println!();
    println!(
        "{keys} keys at once on a 5,000-event session, {runs} runs, median (min, max) in ms; \
         load average {}",
        load_average()
    );
    println!("  {keys} sequential bare append + fdatasync: {}", show(b));
    println!(
        "  group commit, all saved and shown:       {}  ratio {:.2}x of bare (target <= 0.5x), {} frames",
        show(g),
        g.0 / b.0,
        syncs.0
    );
    println!(
        "  without group commit (each key waits for the previous fsync): {}  ratio {:.2}x of bare, {} frames",
        show(p),
        p.0 / b.0,
        syncs.1
    );
}

fn show((median, min, max): (f64, f64, f64)) -> String {
    format!("{median:.1} ({min:.1}, {max:.1})")
}

fn stats(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    (
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1],
    )
}

fn bare_appends(fixture: &Fixture, keys: usize) -> f64 {
    let path = fixture.dir.path().join(SLUG).join("bare-append.ron");
    let mut file = OpenOptions::new()
        .create_new(true)
        .append(true)
        .open(&path)
        .expect("bare file");
    let line = ron_text::to_line(
        &path,
        &Event {
            id: EventId(5_001),
            at: fixture.clock.now(),
            by: Author::Facilitator,
            kind: EventKind::Floor(Floor::Member(MemberId::new("dana"))),
        },
    )
    .expect("line");
    let start = Instant::now();
    for _ in 0..keys {
        file.write_all(line.as_bytes()).expect("bare write");
        file.sync_data().expect("bare fdatasync");
    }
    let elapsed = start.elapsed().as_secs_f64() * 1_000.0;
    std::fs::remove_file(&path).ok();
    elapsed
}

/// The keys queued at once, then the real loop's policy until the last is shown.
/// Returns (ms, frames drawn).
fn burst(fixture: &Fixture, keys: usize, group_commit: bool) -> (f64, usize) {
    let mut shell = fixture.resumed_shell();
    let before = shell.app.live().expect("live").session.events.len();
    let (send, receive) = mpsc::channel();
    for i in 0..keys {
        let digit = char::from(b'1' + (i % 7) as u8);
        send.send(Action::Key(KeyEvent::new(
            KeyCode::Char(digit),
            KeyModifiers::NONE,
        )))
        .expect("queue");
    }
    drop(send);
    let start = Instant::now();
    let mut frames = 0;
    while let Ok(first) = receive.recv() {
        let ends = Instant::now() + BURST;
        let mut next = Some(first);
        while let Some(action) = next.take() {
            if group_commit {
                shell.handle_in_burst(action);
            } else {
                shell.handle(action);
            }
            if Instant::now() < ends {
                next = receive.try_recv().ok();
            }
        }
        shell.draw().expect("draw");
        frames += 1;
    }
    let elapsed = start.elapsed().as_secs_f64() * 1_000.0;
    let live = shell.app.live().expect("live");
    assert_eq!(live.session.events.len(), before + keys);
    let log = shell.write_path().expect("write path");
    assert_eq!(log.waiting(), 0, "every key saved");
    let on_disk = std::fs::read_to_string(&live.path).expect("session file");
    assert_eq!(on_disk.lines().count(), 1 + before + keys);
    (elapsed, frames)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.trim().to_string())
        .unwrap_or_default()
}

/// A temporary store: the sample group and one unended session of `events` events.
struct Fixture {
    dir: tempfile::TempDir,
    clock: ManualClock,
}

impl Fixture {
    fn new(events: usize) -> Fixture {
        let dir = match std::env::var_os("GROUPSCRIBE_BENCH_DIR") {
            Some(base) => tempfile::tempdir_in(base),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let folder = dir.path().join(SLUG);
        std::fs::create_dir(&folder).expect("group folder");
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sessions")
            .join(SLUG)
            .join("group.ron");
        std::fs::copy(&sample, folder.join("group.ron")).expect("copy group.ron");
        let group = load_group(&folder.join("group.ron")).expect("sample group");
        let started =
            chrono::DateTime::parse_from_rfc3339("2026-11-26T18:00:00+01:00").expect("start time");
        let session = realistic_session(&group, SLUG, started, events);
        let last = session.events.last().map_or(started, |event| event.at);
        write_session(&folder.join("2026-11-26-s02.ron"), &session);
        let clock = ManualClock::new(last + chrono::TimeDelta::seconds(1));
        Fixture { dir, clock }
    }

    /// Home screen, then Enter on the unended session (selected by default).
    fn resumed_shell(&self) -> LiveShell {
        let now = self.clock.now();
        let app = App::new(Keymap::default(), NameStyle::Alias, now);
        let terminal =
            Terminal::new(groupscribe::tui::Held::new(TestBackend::new(80, 24))).expect("terminal");
        let store = Store::open(self.dir.path()).expect("store");
        let mut shell = Shell::new(app, terminal, store, self.clock.clone());
        shell.start();
        shell.draw().expect("draw");
        // The group's row is selected first (Enter would start a new session):
        // down to the unended session listed under it.
        shell.handle(Action::Key(KeyEvent::new(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
        )));
        shell.handle(Action::Key(KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        )));
        shell.draw().expect("draw");
        let events = shell.app.live().expect("resumed").session.events.len();
        // Resuming logs the gap as a break (two events).
        assert!(
            events >= 5_000,
            "the 5,000-event session was resumed: {events}"
        );
        shell
    }
}
