//! The CI guard: instruction counts (callgrind, through iai-callgrind) of the
//! paths whose cost must not creep back — reading a session, the figures,
//! the note, export and a live key at 5,000 events, and the home
//! screen's listing and the queue over a store of 30 sessions. Instruction
//! counts do not depend on the machine's load, so a baseline recorded in the
//! repository (`perf/guard-baseline.json`) can be compared within 10 %.
//!
//!     .ci/perf-guard                 # run, compare with the baseline, fail past +10 %
//!     .ci/perf-guard --rebaseline    # run and record the baseline anew
//!
//! Threads: the workers that parse a long session are counted (see `load`).
//!
//! Not an undo: its count depends on whether the previous key's fsync (on its
//! own thread) has returned, and varied by a quarter between two runs; undo
//! is measured in time by `benches/growth.rs`.
//!
//! Needs valgrind and `iai-callgrind-runner` at the crate's version; the
//! script installs both where missing. Built only with `--features perf-guard`,
//! so that `cargo bench` and `cargo test` never need valgrind.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;

use groupscribe::interop::export;
use groupscribe::metrics::Participation;
use groupscribe::model::{Author, Event, EventKind, Group, NameStyle, Session, Timestamp};
use groupscribe::note::{self, NoteFacts, NoteOptions};
use groupscribe::store::{Store, listing, load_group, parse_session, queue};
use groupscribe::tui::{Action, App, Clock, Keymap, ManualClock, Shell};
use iai_callgrind::{
    Callgrind, LibraryBenchmarkConfig, library_benchmark, library_benchmark_group, main,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::path::{Path, PathBuf};

const SLUG: &str = "thursday-peer-support";
const EVENTS: usize = 5_000;

fn at(text: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(text).unwrap()
}

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sessions")
        .join(SLUG)
        .join("group.ron")
}

fn sample_group() -> Group {
    load_group(&sample_path()).unwrap()
}

fn copy_group(folder: &Path) {
    std::fs::copy(sample_path(), folder.join("group.ron")).unwrap();
}

fn ended(group: &Group, started: Timestamp, events: usize) -> Session {
    let mut session = realistic::realistic_session(group, SLUG, started, events);
    let last = session.last_event_at();
    session.events.push(Event {
        id: session.next_id().unwrap(),
        at: last,
        by: Author::Facilitator,
        kind: EventKind::Ended,
    });
    session
}

/// A store (the sample group) holding `sessions` ended sessions of `events` events.
fn store(sessions: u32, events: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(SLUG);
    std::fs::create_dir(&folder).unwrap();
    copy_group(&folder);
    let group = sample_group();
    for n in 1..=sessions {
        let started = at("2024-01-04T18:00:00+01:00") + chrono::TimeDelta::weeks(i64::from(n));
        let mut session = ended(&group, started, events);
        session.header.number = n;
        let day = started.format("%Y-%m-%d");
        realistic::write_session(&folder.join(format!("{day}-s{n:02}.ron")), &session);
    }
    dir
}

/// A store of 30 ended sessions whose listing index is fresh, as after the home screen.
fn indexed_store() -> tempfile::TempDir {
    let dir = store(30, 200);
    Store::open(dir.path()).unwrap().groups().unwrap();
    dir
}

fn session_bytes() -> (PathBuf, Vec<u8>, Group) {
    let group = sample_group();
    let session = ended(&group, at("2026-11-19T18:00:00+01:00"), EVENTS);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    realistic::write_session(&path, &session);
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes, group)
}

fn figures() -> (Group, Session, Timestamp) {
    let group = sample_group();
    let session = ended(&group, at("2026-11-19T18:00:00+01:00"), EVENTS);
    let now = session.last_event_at() + chrono::TimeDelta::minutes(1);
    (group, session, now)
}

type TestShell = Shell<TestBackend, ManualClock>;

/// A live shell resumed on an unended session of 5,000 events.
fn live() -> (tempfile::TempDir, TestShell) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(SLUG);
    std::fs::create_dir(&folder).unwrap();
    copy_group(&folder);
    let group = sample_group();
    let session =
        realistic::realistic_session(&group, SLUG, at("2026-11-26T18:00:00+01:00"), EVENTS);
    let now = session.last_event_at() + chrono::TimeDelta::seconds(1);
    realistic::write_session(&folder.join("2026-11-26-s01.ron"), &session);
    let clock = ManualClock::new(now);
    let mut shell = shell(dir.path(), clock);
    // The group's row is selected first (Enter there starts a new session):
    // down to the unended session listed under it, and Enter resumes it.
    shell.handle(key(KeyCode::Char('j')));
    shell.handle(key(KeyCode::Enter));
    shell.draw().unwrap();
    let live = shell.app.live().expect("the session resumed");
    assert!(
        live.session.events.len() >= EVENTS,
        "the long session resumed"
    );
    // A few keys first, as a facilitator's are: the one measured is one of many
    // (its frame is not the first after the resume).
    for digit in ['1', '2', '4', '5', '1', '2', '4', '5'] {
        shell.handle(key(KeyCode::Char(digit)));
        shell.draw().unwrap();
    }
    (dir, shell)
}

fn shell(root: &Path, clock: ManualClock) -> TestShell {
    let app = App::new(Keymap::default(), NameStyle::Alias, clock.now());
    let terminal = Terminal::new(groupscribe::tui::Held::new(TestBackend::new(80, 24))).unwrap();
    let mut shell = Shell::new(app, terminal, Store::open(root).unwrap(), clock);
    shell.start();
    shell.draw().unwrap();
    shell
}

/// Every benchmark hands back what it made and what it was given: they are
/// dropped here, outside the count (freeing a 5,000-event session, or removing a
/// temporary store, is not what a benchmark measures).
fn dropped<T>(made: T) {
    drop(black_box(made));
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

// A long session is parsed on every core (`store::session_file::parse_events`):
// callgrind counts a thread only while a toggle is on in it, and the default
// toggle (the benchmark function) is in the main thread alone. The workers'
// whole work is one function, never inlined, that the main thread never calls:
// toggled on its entry, every worker's instructions are counted. Only here:
// elsewhere a setup that reads a session (the live panel's resume) would be
// counted too.
#[library_benchmark(
    config = LibraryBenchmarkConfig::default()
        .tool(Callgrind::with_args(["--toggle-collect=*::session_file::parse_on_worker"]))
)]
#[bench::events_5000(setup = session_bytes, teardown = dropped)]
fn load((path, bytes, group): (PathBuf, Vec<u8>, Group)) -> impl Sized {
    let parsed = parse_session(&path, &bytes, Some(&group)).unwrap();
    (parsed, path, bytes, group)
}

#[library_benchmark]
#[bench::events_5000(setup = figures, teardown = dropped)]
fn metrics((group, session, now): (Group, Session, Timestamp)) -> impl Sized {
    let figures = Participation::compute(&group, &session, now);
    (figures, group, session)
}

#[library_benchmark]
#[bench::events_5000(setup = figures, teardown = dropped)]
fn note_markdown((group, session, now): (Group, Session, Timestamp)) -> impl Sized {
    let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), now);
    let text = note::markdown(&facts);
    (text, facts, group, session)
}

#[library_benchmark]
#[bench::events_5000(setup = figures, teardown = dropped)]
fn note_html((group, session, now): (Group, Session, Timestamp)) -> impl Sized {
    let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), now);
    let text = note::html(&facts);
    (text, facts, group, session)
}

#[library_benchmark]
#[bench::events_5000(setup = figures, teardown = dropped)]
fn export_json((group, session, _now): (Group, Session, Timestamp)) -> impl Sized {
    let json = export::to_json(&group, &session, NameStyle::Alias).unwrap();
    (json, group, session)
}

#[library_benchmark]
#[bench::events_5000(setup = live, teardown = dropped)]
fn live_key((dir, mut shell): (tempfile::TempDir, TestShell)) -> impl Sized {
    shell.handle(key(KeyCode::Char('3')));
    shell.draw().unwrap();
    (dir, shell)
}

#[library_benchmark]
#[bench::sessions_30(setup = indexed_store, teardown = dropped)]
fn listing_fresh(dir: tempfile::TempDir) -> impl Sized {
    let folder = dir.path().join(SLUG);
    let listed = listing::scan_folder(&folder, None, false);
    (listed, dir)
}

#[library_benchmark]
#[bench::sessions_30(setup = indexed_store, teardown = dropped)]
fn queue_fresh(dir: tempfile::TempDir) -> impl Sized {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let queue = queue::queue(&[dir.path().to_path_buf()], NameStyle::Alias, today).unwrap();
    (queue, dir)
}

#[library_benchmark]
#[bench::sessions_30(setup = indexed_store, teardown = dropped)]
fn home_first_frame(dir: tempfile::TempDir) -> impl Sized {
    let clock = ManualClock::new(at("2026-12-01T10:00:00+01:00"));
    (shell(dir.path(), clock), dir)
}

library_benchmark_group!(
    name = session;
    benchmarks = load, metrics, note_markdown, note_html, export_json, live_key
);

library_benchmark_group!(
    name = store;
    benchmarks = listing_fresh, queue_fresh, home_first_frame
);

main!(library_benchmark_groups = session, store);
