#![allow(clippy::unwrap_used, clippy::expect_used)]

//! `Shell::stop`, what the real loop does on SIGTERM, SIGHUP, SIGINT, SIGQUIT or a
//! lost terminal: the write in flight is finished and synced, the session file
//! and its lock are let go, and the report says what is on disk.

use groupscribe::model::NameStyle;
use groupscribe::store::{SessionWriter, Store, load_group};
use groupscribe::tui::{Action, App, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SAMPLE_GROUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support/group.ron"
);

fn key(shell: &mut Shell<TestBackend, ManualClock>, c: char) {
    shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

#[test]
fn stopping_syncs_what_is_in_flight_and_lets_go_of_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("thursday-peer-support");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(SAMPLE_GROUP, folder.join("group.ron")).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap();
    let app = App::new(Keymap::default(), NameStyle::Alias, now);
    let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut shell = Shell::new(
        app,
        terminal,
        Store::open(dir.path()).unwrap(),
        ManualClock::new(now),
    );
    shell.start();
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
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap();
    let app = App::new(Keymap::default(), NameStyle::Alias, now);
    let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut shell = Shell::new(
        app,
        terminal,
        Store::open(dir.path()).unwrap(),
        ManualClock::new(now),
    );
    shell.start();
    assert!(shell.stop().is_none());
}
