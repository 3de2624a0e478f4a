//! Clocks that jump (issue 12): the wall clock steps ±2 h while a session is
//! logged (an injected clock; its monotonic side keeps the time that really
//! passed). The step is found before the next key, shown to the facilitator,
//! recorded as an event; no duration is negative or counts the step; the note
//! says what happened where it describes breaks, and keeps its figures right.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/screen.rs"]
mod screen;
#[path = "support/store.rs"]
mod store;

use groupscribe::metrics::Participation;
use groupscribe::model::{EventKind, Floor, MemberId, Timestamp};
use groupscribe::store::load_group;
use groupscribe::tui::{Action, Clock, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use screen::{buffer_text, started_shell};
use store::TempStore;

fn start() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap()
}

fn keys(shell: &mut Shell<TestBackend, ManualClock>, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        shell.handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

fn screen(shell: &mut Shell<TestBackend, ManualClock>) -> String {
    shell.draw().unwrap();
    buffer_text(shell.terminal.backend().buffer())
}

/// Ana 10 min, the clock steps by `step` s, Ben 10 min, Dana 10 min, end. Returns
/// the store and the note.
fn a_session_across_a_step(step: i64) -> (TempStore, String) {
    let store = TempStore::new();
    let mut shell = started_shell(store.root(), 80, 24, start());
    keys(&mut shell, "\r1");
    shell.clock().advance(600);
    shell.clock().step(step);
    keys(&mut shell, "2");
    // The facilitator is told, in words.
    let shown = screen(&mut shell);
    let words = if step < 0 {
        "was set back"
    } else {
        "jumped ahead"
    };
    assert!(
        shown.contains(&format!("The computer's clock {words} 2 h 00")),
        "{shown}"
    );
    shell.clock().advance(600);
    keys(&mut shell, "3");
    shell.clock().advance(600);
    // A tick with nothing else: the clock is looked at every second too.
    shell.handle(Action::Tick);
    let live = shell.app.live().unwrap();
    let now = shell.clock().now();
    let figures = live.participation(now);
    let talk = |id: &str| {
        figures
            .total
            .stats(&Floor::Member(MemberId::new(id)))
            .map_or(0, |s| s.talk)
    };
    // Ten minutes each: no turn is negative, none counts the step.
    assert_eq!(
        (talk("ana"), talk("ben"), talk("dana")),
        (600_000, 600_000, 600_000)
    );
    assert_eq!(figures.clock(), 1_800_000);
    keys(&mut shell, "qys");
    shell.draw().unwrap();
    let session = store.only_session();
    let note = std::fs::read_to_string(session.with_extension("note.md")).unwrap();
    (store, note)
}

#[test]
fn a_clock_set_back_two_hours_is_recorded_and_durations_leave_it_out() {
    let (store, note) = a_session_across_a_step(-7_200);
    let session = store.load(&store.only_session()).session;
    let steps: Vec<&EventKind> = (session.events.iter())
        .map(|event| &event.kind)
        .filter(|kind| matches!(kind, EventKind::ClockStep { .. }))
        .collect();
    assert_eq!(steps, [&EventKind::ClockStep { by_ms: -7_200_000 }]);
    // Ids stay in order; the times after the step are the computer's.
    assert!(session.events.windows(2).all(|w| w[0].id < w[1].id));
    // The figures from the file: the same ten minutes each.
    let group = load_group(&store.root().join(store::SLUG).join("group.ron")).unwrap();
    let figures = Participation::compute(&group, &session, session.events.last().unwrap().at);
    let ana = figures
        .total
        .stats(&Floor::Member(MemberId::new("ana")))
        .unwrap();
    assert_eq!(ana.talk, 600_000);
    assert!(!note.contains("Nobody held the floor"), "{note}");
    assert!(
        note.contains("the computer's clock was set back 2 h 00 min at 18:10 (it then read 16:10)"),
        "{note}"
    );
}

#[test]
fn a_clock_jumping_ahead_two_hours_is_recorded_and_durations_leave_it_out() {
    let (store, note) = a_session_across_a_step(7_200);
    let session = store.load(&store.only_session()).session;
    assert!((session.events.iter()).any(|e| e.kind == EventKind::ClockStep { by_ms: 7_200_000 }));
    assert!(
        note.contains("the computer's clock jumped ahead 2 h 00 min at 18:10 (it then read 20:10)"),
        "{note}"
    );
    // The session lasted 30 minutes of talk, not 2 h 30.
    assert!(!note.contains("02:30:00"), "{note}");
}

/// A few seconds of drift are not a step (NTP slews them).
#[test]
fn a_small_drift_is_not_a_step() {
    let store = TempStore::new();
    let mut shell = started_shell(store.root(), 80, 24, start());
    keys(&mut shell, "\r1");
    shell.clock().advance(60);
    shell.clock().step(3);
    keys(&mut shell, "2");
    let live = shell.app.live().unwrap();
    assert!(!(live.session.events.iter()).any(|e| matches!(e.kind, EventKind::ClockStep { .. })));
}
