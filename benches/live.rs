//! Keystroke to "event fsync'd and frame drawn" on the live panel of a 5,000-event
//! session, measured beside a bare append + fdatasync of one line to a file in the same
//! folder, alternating the two so disk noise hits both alike.
//!
//! `cargo bench --bench live` prints the percentiles (the figures for the note), then a
//! short criterion summary of the parts a frame is made of. Under `cargo test --benches`
//! (no `--bench` flag) everything runs a few times only, as a smoke test.
//!
//! `GROUPSCRIBE_BENCH_SIZE=<cols>x<rows>` draws on a terminal of that size (default
//! 80x24, the smallest the panel takes).
//!
//! `GROUPSCRIBE_BENCH_DIR=<folder>` puts the temporary store there (default: the system
//! temp folder), e.g. to measure on the disk the facilitator will really use.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;

use realistic::{realistic_session, write_session};

use criterion::Criterion;
use groupscribe::diag::ron_text;
use groupscribe::metrics::Participation;
use groupscribe::model::{
    Author, Event, EventId, EventKind, Floor, Group, MemberId, NameStyle, Session, effective_events,
};
use groupscribe::store::{Store, load_group, load_session};
use groupscribe::tui::{Action, App, Clock, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fs::{File, OpenOptions};
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SLUG: &str = "thursday-peer-support";
const EVENTS: usize = 5_000;

type LiveShell = Shell<TestBackend, ManualClock>;

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (warmup, iterations) = if full { (100, 2_000) } else { (2, 20) };

    keystroke_vs_bare(warmup, iterations);
    parts_of_a_frame(if full { 200 } else { 3 });

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .configure_from_args();
    summary(&mut criterion);
    criterion.final_summary();
}

/// Figure 1: keystroke -> handle (update, write the line, start its fdatasync) -> draw
/// (the frame is prepared while the fdatasync runs and shown once it has returned).
fn keystroke_vs_bare(warmup: usize, iterations: usize) {
    let fixture = Fixture::new(EVENTS);
    let mut shell = fixture.resumed_shell();
    let start_events = shell.app.live().expect("live").session.events.len();
    // Resuming logs the gap as a break (two events).
    assert!(
        start_events >= EVENTS,
        "the 5,000-event session was resumed"
    );

    // A line as long as the ones the shell writes, to a file beside the session.
    let bare_path = fixture.group_folder().join("bare-append.ron");
    let mut bare = OpenOptions::new()
        .create_new(true)
        .append(true)
        .open(&bare_path)
        .expect("bare file");
    let sample_line = ron_text::to_line(
        &bare_path,
        &Event {
            id: EventId(5_001),
            at: fixture.clock.now(),
            by: Author::Facilitator,
            kind: EventKind::Floor(Floor::Member(MemberId::new("dana"))),
        },
    )
    .expect("line");

    let mut keystroke = Vec::with_capacity(iterations);
    let mut handle = Vec::with_capacity(iterations);
    let mut draw = Vec::with_capacity(iterations);
    let mut bare_times = Vec::with_capacity(iterations);
    for i in 0..warmup + iterations {
        let key = digit_key(i);
        // Alternate which goes first, so neither always follows the other's flush.
        let (k, b) = if i % 2 == 0 {
            let b = bare_append(&mut bare, &sample_line);
            let k = press(&mut shell, &fixture.clock, key);
            (k, b)
        } else {
            let k = press(&mut shell, &fixture.clock, key);
            let b = bare_append(&mut bare, &sample_line);
            (k, b)
        };
        if i >= warmup {
            handle.push(k.0);
            draw.push(k.1);
            keystroke.push(k.0 + k.1);
            bare_times.push(b);
        }
    }

    // Every keystroke really was saved and shown.
    let live = shell.app.live().expect("still live");
    assert_eq!(
        live.session.events.len(),
        start_events + warmup + iterations
    );
    let on_disk = std::fs::read_to_string(&live.path).expect("session file");
    assert_eq!(
        on_disk.lines().count(),
        1 + start_events + warmup + iterations
    );
    let screen = screen_text(&shell);
    assert!(
        screen.contains(&format!("saved ✓ {}", start_events + warmup + iterations)),
        "{screen}"
    );

    let k = Percentiles::of(&mut keystroke);
    let b = Percentiles::of(&mut bare_times);
    let h = Percentiles::of(&mut handle);
    let d = Percentiles::of(&mut draw);
    println!();
    println!("load average at the end (1, 5, 15 min): {}", load_average());
    println!(
        "live panel, {EVENTS}-event session, {}x{} terminal, {iterations} keystrokes (after {warmup} warm-up), store in {}",
        terminal_size().0,
        terminal_size().1,
        fixture.dir.path().display()
    );
    println!(
        "keystroke->fsync+draw p50 {:.3} ms p99 {:.3} ms max {:.3} ms; \
         bare append+fdatasync p50 {:.3} ms p99 {:.3} ms max {:.3} ms; ratio p99 {:.2}x (target <= 1.5x), p50 {:.2}x",
        k.p50,
        k.p99,
        k.max,
        b.p50,
        b.p99,
        b.max,
        k.p99 / b.p99,
        k.p50 / b.p50
    );
    println!(
        "  split: handle (update + write the line, fdatasync started) p50 {:.3} ms p99 {:.3} ms max {:.3} ms; \
         draw (frame prepared while the fdatasync runs, shown once it returns) p50 {:.3} ms p99 {:.3} ms max {:.3} ms",
        h.p50, h.p99, h.max, d.p50, d.p99, d.max
    );
    println!(
        "  keystroke minus bare at p50: {:.3} ms (what groupscribe adds to the disk)",
        k.p50 - b.p50
    );
    std::fs::remove_file(&bare_path).ok();
}

/// Where a frame's time goes with 5,000 events versus 10: the live panel folds every
/// event each frame (participation, and effective_events again for the moments list).
fn parts_of_a_frame(rounds: usize) {
    println!();
    // A frame reads the participation folded as events were saved, and formats only
    // the moments that fit; so a frame should cost the same at 200 events (screen
    // full) as at 5,000. The full computation is shown for comparison: it is what a
    // frame would cost if it re-folded the session.
    for events in [10, 200, EVENTS] {
        let fixture = Fixture::new(events);
        let mut shell = fixture.resumed_shell();
        let (group, session) = fixture.load();
        let now = fixture.clock.now();
        let folded = Participation::fold(&group, &session);
        let mut draw = Vec::new();
        let mut read_folded = Vec::new();
        let mut full = Vec::new();
        for _ in 0..rounds {
            fixture.clock.advance(1);
            let start = Instant::now();
            shell.draw().expect("draw");
            draw.push(start.elapsed());
            let start = Instant::now();
            black_box(folded.at(now));
            read_folded.push(start.elapsed());
            let start = Instant::now();
            black_box(Participation::compute(&group, &session, now));
            full.push(start.elapsed());
        }
        let d = Percentiles::of(&mut draw);
        let r = Percentiles::of(&mut read_folded);
        let f = Percentiles::of(&mut full);
        println!(
            "{events:>5} events: draw p50 {:.3} ms p99 {:.3} ms; folded participation read p50 {:.4} ms; \
             full recomputation (not done per frame) p50 {:.3} ms",
            d.p50, d.p99, r.p50, f.p50
        );
    }
}

/// Criterion's view of the same parts, for regressions.
fn summary(criterion: &mut Criterion) {
    let fixture = Fixture::new(EVENTS);
    let mut shell = fixture.resumed_shell();
    let (group, session) = fixture.load();
    let now = fixture.clock.now();
    let mut group_bench = criterion.benchmark_group("live_5000");
    group_bench.bench_function("draw", |b| {
        b.iter(|| {
            fixture.clock.advance(1);
            shell.draw().expect("draw");
        })
    });
    group_bench.bench_function("participation", |b| {
        b.iter(|| black_box(Participation::compute(&group, &session, now)))
    });
    group_bench.bench_function("effective_events", |b| {
        b.iter(|| black_box(effective_events(&session.events).len()))
    });
    group_bench.bench_function("event_to_line", |b| {
        let event = session.events.last().expect("events");
        b.iter(|| black_box(ron_text::to_line(Path::new("x"), event).expect("line")))
    });
    group_bench.finish();
}

/// `GROUPSCRIBE_BENCH_SIZE` (e.g. `200x50`), else 80x24.
fn terminal_size() -> (u16, u16) {
    std::env::var("GROUPSCRIBE_BENCH_SIZE")
        .ok()
        .and_then(|size| {
            let (cols, rows) = size.split_once('x')?;
            Some((cols.parse().ok()?, rows.parse().ok()?))
        })
        .unwrap_or((80, 24))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.trim().to_string())
        .unwrap_or_default()
}

/// Returns (handle, draw).
fn press(shell: &mut LiveShell, clock: &ManualClock, key: KeyEvent) -> (Duration, Duration) {
    clock.advance(1);
    let start = Instant::now();
    shell.handle(Action::Key(key));
    let handled = Instant::now();
    shell.draw().expect("draw");
    let drawn = Instant::now();
    (handled - start, drawn - handled)
}

fn bare_append(file: &mut File, line: &str) -> Duration {
    let start = Instant::now();
    file.write_all(line.as_bytes()).expect("bare write");
    file.sync_data().expect("bare fdatasync");
    start.elapsed()
}

/// Members 1..=7 in turn, so every key starts a new turn.
fn digit_key(i: usize) -> KeyEvent {
    let digit = char::from(b'1' + (i % 7) as u8);
    KeyEvent::new(KeyCode::Char(digit), KeyModifiers::NONE)
}

fn screen_text(shell: &LiveShell) -> String {
    let buffer = shell.terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

struct Percentiles {
    p50: f64,
    p99: f64,
    max: f64,
}

impl Percentiles {
    /// In milliseconds; nearest rank.
    fn of(samples: &mut [Duration]) -> Percentiles {
        samples.sort_unstable();
        let at = |q: f64| {
            let rank = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len());
            samples[rank - 1].as_secs_f64() * 1_000.0
        };
        Percentiles {
            p50: at(0.50),
            p99: at(0.99),
            max: at(1.0),
        }
    }
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

    fn group_folder(&self) -> PathBuf {
        self.dir.path().join(SLUG)
    }

    fn load(&self) -> (Group, Session) {
        let folder = self.group_folder();
        let group = load_group(&folder.join("group.ron")).expect("group");
        let loaded =
            load_session(&folder.join("2026-11-26-s02.ron"), Some(&group)).expect("session");
        (group, loaded.session)
    }

    /// Home screen, then Enter on the unended session (selected by default).
    fn resumed_shell(&self) -> LiveShell {
        let now = self.clock.now();
        let app = App::new(Keymap::default(), NameStyle::Alias, now);
        let (cols, rows) = terminal_size();
        let terminal = Terminal::new(groupscribe::tui::Held::new(TestBackend::new(cols, rows)))
            .expect("terminal");
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
        assert!(
            shell.app.live().is_some(),
            "Enter resumes the unended session:\n{}",
            screen_text(&shell)
        );
        shell
    }
}
