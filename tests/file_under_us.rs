//! The session file and its folder as they really are: copied in or checked out with
//! loose permissions, and replaced, moved or deleted while a session is logged. The
//! real `Shell` on the real disk, on a `TestBackend`, driven by key events.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use groupscribe::store::{load_session, lock_path};
use groupscribe::tui::{Action, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

#[path = "support/screen.rs"]
mod screen;
#[path = "support/store.rs"]
mod store;

use screen::{buffer_text, started_shell};
use store::{SAMPLE_GROUP, SLUG};

fn now() -> groupscribe::model::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A store as `git clone` or `cp -r` leaves it: folders 0755, files 0644.
fn checked_out_store(dir: &Path) -> PathBuf {
    let root = dir.join("sessions");
    let folder = root.join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(SAMPLE_GROUP, folder.join("group.ron")).unwrap();
    // A past session and its note, as a checkout leaves them.
    let sample = Path::new(SAMPLE_GROUP).with_file_name("2026-11-05-s01.sample.ron");
    std::fs::copy(&sample, folder.join("2026-11-05-s01.sample.ron")).unwrap();
    std::fs::write(folder.join("2026-11-05-s01.sample.note.md"), "a note\n").unwrap();
    chmod(&root, 0o755);
    chmod(&folder, 0o755);
    chmod(&folder.join("group.ron"), 0o644);
    chmod(&folder.join("2026-11-05-s01.sample.ron"), 0o644);
    chmod(&folder.join("2026-11-05-s01.sample.note.md"), 0o644);
    root
}

struct Harness {
    shell: Shell<TestBackend, ManualClock>,
}

impl Harness {
    fn new(root: &Path) -> Harness {
        Harness {
            shell: started_shell(root, 120, 30, now()),
        }
    }

    fn key(&mut self, code: KeyCode) {
        self.shell
            .handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.key(match c {
                '\r' => KeyCode::Enter,
                c => KeyCode::Char(c),
            });
        }
    }

    fn screen(&mut self) -> String {
        self.shell.draw().unwrap();
        buffer_text(self.shell.terminal.backend().buffer())
    }

    /// Selects the home row of the unended session at `path`, whatever is preselected.
    fn select_unended(&mut self, path: &Path) {
        for _ in 0..20 {
            let groupscribe::tui::screens::Screen::Home(home) = &self.shell.app.screen else {
                panic!("not on the home screen");
            };
            if matches!(home.rows.get(home.selected),
                Some(groupscribe::tui::screens::HomeRow::Unended { path: p, .. }) if p == path)
            {
                return;
            }
            let at_end = home.selected + 1 >= home.rows.len();
            self.key(if at_end { KeyCode::Home } else { KeyCode::Down });
            if at_end {
                // Back to the top, then down again.
                for _ in 0..20 {
                    self.key(KeyCode::Up);
                }
            }
        }
        panic!("no home row for {}", path.display());
    }

    fn live_path(&self) -> PathBuf {
        self.shell.app.live().expect("a live session").path.clone()
    }
}

#[test]
fn starting_a_session_tightens_a_checked_out_store() {
    let dir = tempfile::tempdir().unwrap();
    let root = checked_out_store(dir.path());
    let folder = root.join(SLUG);
    let mut h = Harness::new(&root);
    h.keys("\r12");
    h.screen();
    let session = h.live_path();
    assert_eq!(mode(&root), 0o700, "the store");
    assert_eq!(mode(&folder), 0o700, "the group folder");
    assert_eq!(mode(&folder.join("group.ron")), 0o600, "group.ron");
    assert_eq!(mode(&session), 0o600, "the session");
    assert_eq!(mode(&lock_path(&session)), 0o600, "its lock");
    for earlier in ["2026-11-05-s01.sample.ron", "2026-11-05-s01.sample.note.md"] {
        assert_eq!(
            mode(&folder.join(earlier)),
            0o600,
            "{earlier}, there before"
        );
    }
    assert_eq!(
        load_session(&session, None).unwrap().session.events.len(),
        2
    );
}

#[test]
fn resuming_tightens_a_session_file_copied_in_loose() {
    let dir = tempfile::tempdir().unwrap();
    let root = checked_out_store(dir.path());
    let folder = root.join(SLUG);
    // A session begun five minutes ago, copied in from elsewhere (0644).
    let session = folder.join("2026-11-19-s01.ron");
    std::fs::write(
        &session,
        "(version: 1, group: \"thursday-peer-support\", number: 1, \
         started: \"2026-11-19T17:55:00-05:00\", facilitator: \"Sam\")\n",
    )
    .unwrap();
    chmod(&session, 0o644);
    let mut h = Harness::new(&root);
    h.select_unended(&session);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert_eq!(h.live_path(), session, "{screen}");
    h.keys("3");
    h.screen();
    assert_eq!(mode(&session), 0o600);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&root), 0o700);
    // The resume's gap (logging stopped, resumed), then the turn.
    assert_eq!(
        load_session(&session, None).unwrap().session.events.len(),
        3
    );
}

#[test]
fn a_session_file_replaced_while_logging_stops_it_and_the_events_are_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let root = checked_out_store(dir.path());
    let mut h = Harness::new(&root);
    h.keys("\r123");
    let screen = h.screen();
    assert!(screen.contains("saved ✓ 3"), "{screen}");
    let path = h.live_path();
    // An editor or a sync client saves an older copy by rename.
    let older = std::fs::read_to_string(&path).unwrap();
    let first_two: String = older.lines().take(3).map(|l| format!("{l}\n")).collect();
    let temp = path.with_file_name("sync-temp");
    std::fs::write(&temp, &first_two).unwrap();
    std::fs::rename(&temp, &path).unwrap();
    h.keys("4f");
    let screen = h.screen();
    assert!(
        screen.contains("⚠ NOT SAVED: the session file was moved, replaced or deleted"),
        "{screen}"
    );
    assert!(!screen.contains("saved ✓"), "{screen}");
    // The replacement is never written to.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first_two);
    // Every event, shown or not, is in the recovery file beside it.
    let recovery = path.with_file_name(format!(
        "{}.recovered-1.ron",
        path.file_stem().unwrap().to_string_lossy()
    ));
    let recovered = load_session(&recovery, None).unwrap().session.events;
    assert_eq!(recovered.len(), 5, "{recovered:?}");
    assert_eq!(mode(&recovery), 0o600);
    // A later event goes to the recovery file too.
    h.keys("5");
    h.screen();
    assert_eq!(
        load_session(&recovery, None).unwrap().session.events.len(),
        6
    );
    // A second groupscribe may not resume the file put in its place.
    let mut second = Harness::new(&root);
    second.select_unended(&path);
    second.key(KeyCode::Enter);
    let screen = second.screen();
    assert!(second.shell.app.live().is_none(), "{screen}");
    assert!(
        screen.contains("being logged by another groupscribe"),
        "{screen}"
    );
}

#[test]
fn a_session_file_deleted_while_logging_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = checked_out_store(dir.path());
    let mut h = Harness::new(&root);
    h.keys("\r12");
    h.screen();
    let path = h.live_path();
    std::fs::remove_file(&path).unwrap();
    h.keys("3");
    let screen = h.screen();
    assert!(
        screen.contains("⚠ NOT SAVED: the session file was moved, replaced or deleted"),
        "{screen}"
    );
    assert!(!path.exists(), "nothing was written at the old name");
    let recovery = path.with_file_name(format!(
        "{}.recovered-1.ron",
        path.file_stem().unwrap().to_string_lossy()
    ));
    assert_eq!(
        load_session(&recovery, None).unwrap().session.events.len(),
        3
    );
}
