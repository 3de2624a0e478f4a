#![allow(clippy::unwrap_used, clippy::expect_used)]

//! The replay as the co-facilitator or a trainee sees it: the real `Shell` (same
//! `update`, same effects) on a `TestBackend` at 80x24, with a clock the test
//! moves, on the sample group's session 2 in a temporary store.

#[path = "support/screen.rs"]
mod screen;

use groupscribe::model::Timestamp;
use groupscribe::tui::screens::{Speed, replay::SPEEDS};
use groupscribe::tui::{Action, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use screen::{buffer_text, started_shell};
use std::path::{Path, PathBuf};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support"
);
const SESSION: &str = "2026-11-12-s02.sample.ron";

struct Harness {
    shell: Shell<TestBackend, ManualClock>,
}

fn at(text: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(text).unwrap()
}

/// The sample group with its session 2, in a store of its own.
fn store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sessions").join("thursday-peer-support");
    std::fs::create_dir_all(&folder).unwrap();
    for file in ["group.ron", SESSION] {
        std::fs::copy(format!("{SAMPLE}/{file}"), folder.join(file)).unwrap();
    }
    let session = folder.join(SESSION);
    (dir, session)
}

impl Harness {
    fn replay(dir: &tempfile::TempDir, session: &Path, from: Option<&str>, speed: Speed) -> Self {
        // The replay runs a week after the session: its clock is not the session's.
        let mut shell = started_shell(
            &dir.path().join("sessions"),
            80,
            24,
            at("2026-11-19T10:00:00Z"),
        );
        shell.replay(session, from.map(at), speed);
        Harness { shell }
    }

    fn press(&mut self, code: KeyCode) {
        self.shell
            .handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn tick(&mut self, seconds: i64) {
        for _ in 0..seconds {
            self.shell.clock().advance(1);
            self.shell.handle(Action::Tick);
        }
    }

    fn screen(&mut self) -> String {
        self.shell.draw().unwrap();
        buffer_text(self.shell.terminal.backend().buffer())
    }
}

fn four_times() -> Speed {
    SPEEDS[4]
}

#[test]
fn session_2_replayed_from_18_20_at_4x_plays_pauses_and_seeks_back() {
    let (dir, session) = store();
    let mut h = Harness::replay(&dir, &session, Some("2026-11-12T18:20:00Z"), four_times());
    let opened = h.screen();
    assert!(opened.contains("❚❚ REPLAY 18:20:00 ×4"), "{opened}");
    assert!(!h.shell.app.needs_ticks(), "paused: the loop sleeps");
    insta::assert_snapshot!("replay_opened_at_18_20_paused", opened);

    h.press(KeyCode::Char(' '));
    assert!(h.shell.app.needs_ticks(), "playing: the loop ticks");
    h.tick(45);
    let playing = h.screen();
    assert!(playing.contains("▶ REPLAY 18:23:00 ×4"), "{playing}");
    // 18:23:22 is the norm challenged: not yet.
    assert!(!playing.contains("challenged"), "{playing}");
    insta::assert_snapshot!("replay_after_45_ticks_at_4x", playing);

    h.tick(10);
    let later = h.screen();
    assert!(later.contains("▶ REPLAY 18:23:40 ×4"), "{later}");
    assert!(
        later.contains("challenged"),
        "the moment at 18:23:22 appeared\n{later}"
    );

    h.press(KeyCode::Char(' '));
    h.tick(30);
    let paused = h.screen();
    assert!(paused.contains("❚❚ REPLAY 18:23:40 ×4"), "{paused}");
    assert!(!h.shell.app.needs_ticks());

    // Back a minute and ten seconds: the moment is gone again, the figures refolded.
    h.press(KeyCode::PageUp);
    h.press(KeyCode::Left);
    let back = h.screen();
    assert!(back.contains("❚❚ REPLAY 18:22:30 ×4"), "{back}");
    assert!(!back.contains("challenged"), "{back}");
    insta::assert_snapshot!("replay_paused_and_seeked_back", back);

    // The same frame as a replay opened there: seeking back folds the same figures.
    let (dir, session) = store();
    let mut fresh = Harness::replay(&dir, &session, Some("2026-11-12T18:22:30Z"), four_times());
    assert_eq!(fresh.screen(), back);

    // Faster, twice, then the end of the session.
    h.press(KeyCode::Char('+'));
    h.press(KeyCode::Char('+'));
    h.press(KeyCode::End);
    let end = h.screen();
    assert!(end.contains("×16"), "{end}");
    assert!(end.contains("ended"), "{end}");
    insta::assert_snapshot!("replay_at_the_end", end);

    // q leaves for the home screen.
    h.press(KeyCode::Char('q'));
    let home = h.screen();
    assert!(home.contains("Thursday Peer Support"), "{home}");
    assert!(!home.contains("REPLAY"), "{home}");
}

#[test]
fn an_amended_moment_replays_as_amended_and_a_retracted_one_not_at_all() {
    let (dir, session) = store();
    let before = {
        let mut h = Harness::replay(&dir, &session, Some("2026-11-12T18:16:00Z"), Speed::NORMAL);
        h.screen()
    };
    assert!(before.contains("asking family for help"), "{before}");
    assert!(before.contains("norm established"), "{before}");

    let cli = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let file = session.to_str().unwrap();
    cli(&[
        "amend",
        file,
        "--event",
        "41",
        "--text",
        "asking friends for help",
        "--reason",
        "misheard: it was friends",
    ]);
    cli(&[
        "retract",
        file,
        "--event",
        "31",
        "--reason",
        "logged twice: the conflict's resolution says it",
    ]);

    let mut h = Harness::replay(&dir, &session, Some("2026-11-12T18:16:00Z"), Speed::NORMAL);
    let after = h.screen();
    assert!(after.contains("asking friends for help"), "{after}");
    assert!(!after.contains("asking family for help"), "{after}");
    assert!(!after.contains("norm established"), "{after}");
    // The sample's own undo, and the reviewer's retraction.
    assert!(after.contains("1 amended, 2 retracted"), "{after}");
    insta::assert_snapshot!("replay_of_an_amended_record", after);
}

#[test]
fn the_replay_keys_are_the_keymaps_and_others_log_nothing() {
    let (dir, session) = store();
    let before = std::fs::read(&session).unwrap();
    let mut h = Harness::replay(&dir, &session, None, Speed::NORMAL);
    let opened = h.screen();
    assert!(opened.contains("❚❚ REPLAY 18:00:00 ×1"), "{opened}");
    // A logging key logs nothing and says so.
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char('m'));
    let said = h.screen();
    assert!(said.contains("A replay logs nothing"), "{said}");
    h.press(KeyCode::Char('?'));
    let help = h.screen();
    assert!(help.contains("pause / play the replay"), "{help}");
    assert!(help.contains("a minute back"), "{help}");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Right);
    h.press(KeyCode::PageDown);
    h.press(KeyCode::Char('-'));
    let moved = h.screen();
    assert!(moved.contains("REPLAY 18:01:10 ×0.5"), "{moved}");
    h.press(KeyCode::Home);
    assert!(h.screen().contains("REPLAY 18:00:00"));
    assert_eq!(
        std::fs::read(&session).unwrap(),
        before,
        "a replay never writes"
    );
}

#[test]
fn a_wrong_speed_or_time_is_refused_before_the_terminal_is_taken() {
    let (_dir, session) = store();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
            .arg("replay")
            .arg(&session)
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let error = run(&["--speed", "3"]);
    assert!(
        error.contains("no replay speed 3: choose one of 0.25, 0.5, 1, 2, 4, 8, 16"),
        "{error}"
    );
    let error = run(&["--from", "25:99"]);
    assert!(
        error.contains("--from \"25:99\": write the time as hh:mm or hh:mm:ss"),
        "{error}"
    );
}

#[test]
fn p_in_the_review_replays_from_the_cursor_and_q_comes_back_to_it() {
    let (dir, session) = store();
    let mut shell = started_shell(
        &dir.path().join("sessions"),
        80,
        24,
        at("2026-11-19T10:00:00Z"),
    );
    shell.review(&session);
    let mut h = Harness { shell };
    for _ in 0..3 {
        h.press(KeyCode::Tab);
    }
    let review = h.screen();
    assert!(review.contains("▸18:15:07 § theme"), "{review}");
    h.press(KeyCode::Char('p'));
    let replay = h.screen();
    assert!(replay.contains("❚❚ REPLAY 18:15:07 ×1"), "{replay}");
    assert!(replay.contains("“asking family for help”"), "{replay}");
    h.press(KeyCode::Char(' '));
    h.tick(3);
    assert!(h.screen().contains("▶ REPLAY 18:15:10 ×1"));
    h.press(KeyCode::Char('q'));
    assert_eq!(
        h.screen(),
        review,
        "back in the review, the cursor where it was"
    );
}
