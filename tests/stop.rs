#![allow(clippy::unwrap_used, clippy::expect_used)]

//! `Shell::stop`, what the real loop does on SIGTERM, SIGHUP, SIGINT, SIGQUIT or a
//! lost terminal: the write in flight is finished and synced, the session file
//! and its lock are let go, and the report says what is on disk.

use groupscribe::store::{SessionWriter, load_group};
use groupscribe::tui::{Action, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "support/screen.rs"]
mod screen;
#[path = "support/store.rs"]
mod store;

use screen::started_shell;
use store::TempStore;

fn now() -> groupscribe::model::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap()
}

fn key(shell: &mut Shell<TestBackend, ManualClock>, c: char) {
    shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

#[test]
fn stopping_syncs_what_is_in_flight_and_lets_go_of_the_lock() {
    let store = TempStore::new();
    let folder = store.group_folder();
    let mut shell = started_shell(store.root(), 80, 24, now());
    shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    shell.draw().unwrap();
    key(&mut shell, '1');
    shell.draw().unwrap();
    // Written, its fsync started, no frame drawn yet: the stop comes now.
    key(&mut shell, '3');
    let path = shell.app.live().expect("a live session").path.clone();
    let report = shell.stop().expect("a session was being logged");
    assert_eq!(report.path, path);
    assert_eq!(report.saved, 2);
    assert_eq!(report.unsaved, 0);
    assert!(!report.ended && report.note.is_none());

    // The lock is free while this shell still exists, and both events are there.
    let group = load_group(&folder.join("group.ron")).unwrap();
    let (writer, loaded) = SessionWriter::resume(&path, &group)
        .unwrap_or_else(|error| panic!("the lock was kept: {error}"));
    assert_eq!(loaded.session.events.len(), 2);
    assert!(!loaded.session.is_ended(), "a stop never ends the session");
    drop(writer);
    drop(shell);
}

#[test]
fn stopping_on_the_home_screen_reports_no_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut shell = started_shell(dir.path(), 80, 24, now());
    assert!(shell.stop().is_none());
}
