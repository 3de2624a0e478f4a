#![allow(clippy::unwrap_used, clippy::expect_used)]

//! The review screen as a co-facilitator sees it: the real `Shell` on a
//! `TestBackend`, the sample group's session 2 copied into a temp store,
//! driven by key events through the same `update` as the real loop.

#[path = "support/screen.rs"]
mod screen;

use groupscribe::model::{Author, Event, EventId, EventKind, Timestamp};
use groupscribe::tui::{Action, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use screen::{buffer_text, started_shell};
use std::io::Write;
use std::path::PathBuf;

const SAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support"
);
const SESSION_2: &str = "2026-11-12-s02.ron";

struct Review {
    shell: Shell<TestBackend, ManualClock>,
    _dir: tempfile::TempDir,
    session: PathBuf,
}

fn later() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00Z").unwrap()
}

/// The store with the sample group and its session 2 (optionally cut short
/// after `keep` lines, as if still being logged).
fn store_with_session_2(keep: Option<usize>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sessions/thursday-peer-support");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(format!("{SAMPLES}/group.ron"), folder.join("group.ron")).unwrap();
    let text = std::fs::read_to_string(format!("{SAMPLES}/2026-11-12-s02.sample.ron")).unwrap();
    let text = match keep {
        Some(lines) => text.lines().take(lines).map(|l| format!("{l}\n")).collect(),
        None => text,
    };
    let session = folder.join(SESSION_2);
    std::fs::write(&session, text).unwrap();
    (dir, session)
}

impl Review {
    fn open(width: u16, height: u16) -> Review {
        Review::open_cut(width, height, None)
    }

    fn open_cut(width: u16, height: u16, keep: Option<usize>) -> Review {
        let (dir, session) = store_with_session_2(keep);
        let mut shell = started_shell(&dir.path().join("sessions"), width, height, later());
        shell.review(&session);
        Review {
            shell,
            _dir: dir,
            session,
        }
    }

    fn press(&mut self, code: KeyCode) {
        let modifiers = if code == KeyCode::BackTab {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        self.shell
            .handle(Action::Key(KeyEvent::new(code, modifiers)));
    }

    /// Types characters: `\r` Enter, `\t` Tab, `\x1b` Esc.
    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.press(match c {
                '\r' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            });
        }
    }

    fn screen(&mut self) -> String {
        self.shell.draw().unwrap();
        buffer_text(self.shell.terminal.backend().buffer())
            .lines()
            .map(|line| format!("{}\n", line.trim_end()))
            .collect()
    }
}

#[test]
fn review_at_80x24_whole_session_cursor_on_the_first_moment() {
    let mut review = Review::open(80, 24);
    let screen = review.screen();
    assert!(screen.contains("Thursday Peer Support · s2"), "{screen}");
    assert!(
        screen.contains("not laned: Gus W. (absent) · Hana P. (excused)"),
        "{screen}"
    );
    insta::assert_snapshot!("review_80x24", screen);
}

#[test]
fn review_at_160x48_uses_the_room() {
    let mut review = Review::open(160, 48);
    insta::assert_snapshot!("review_160x48", review.screen());
}

#[test]
fn zoomed_in_to_one_minute_and_out_again() {
    let mut review = Review::open(80, 24);
    let whole = review.screen();
    for _ in 0..10 {
        review.keys("+");
    }
    let minute = review.screen();
    assert!(minute.contains("zoom 1 min"), "{minute}");
    insta::assert_snapshot!("review_zoomed_to_a_minute", minute);
    for _ in 0..10 {
        review.keys("-");
    }
    assert_eq!(review.screen(), whole, "- comes back to the whole session");
    review.keys("zz");
    let ten = review.screen();
    assert!(
        ten.contains("zoom 1 h") || ten.contains("zoom 30 min"),
        "{ten}"
    );
    insta::assert_snapshot!("review_zoom_cycled_twice", ten);
}

#[test]
fn tab_jumps_to_the_next_moment_and_its_details_show() {
    let mut review = Review::open(80, 24);
    review.keys("\t\t\t");
    let screen = review.screen();
    insta::assert_snapshot!("review_cursor_on_a_moment", screen);
    review.press(KeyCode::BackTab);
    review.press(KeyCode::Right);
    review.press(KeyCode::Left);
    review.keys("\t");
    assert_eq!(
        review.screen(),
        screen,
        "back a moment, one event on and back, on again"
    );
}

#[test]
fn the_filter_shows_only_one_kind_and_one_person() {
    let mut review = Review::open(80, 24);
    review.keys("f2");
    let bar = review.screen();
    assert!(bar.contains("[x]moments"), "{bar}");
    // Tab: the first person (the facilitator), again: the co-facilitator, then Ana.
    review.keys("\t\t\t\r");
    let screen = review.screen();
    assert!(
        screen.contains("showing only: moments · Ana R."),
        "{screen}"
    );
    insta::assert_snapshot!("review_filtered_to_anas_moments", screen);
    review.keys("f0\r");
    assert!(!review.screen().contains("showing only"));
}

#[test]
fn search_finds_words_and_goes_round() {
    let mut review = Review::open(80, 24);
    review.keys("/SLEEP\r");
    let first = review.screen();
    insta::assert_snapshot!("review_search_sleep", first);
    review.keys("n");
    let second = review.screen();
    review.keys("N");
    assert_eq!(review.screen(), first, "N goes back to the match before");
    assert_ne!(first, second, "n finds another");
    review.keys("/no such words anywhere\r");
    assert!(
        review
            .screen()
            .contains("No listed event says \"no such words anywhere\".")
    );
}

#[test]
fn jump_to_a_time_and_its_errors() {
    let mut review = Review::open(80, 24);
    review.keys(":18:45\r");
    let screen = review.screen();
    assert!(
        screen.contains("│ 18:45") || screen.contains("│ 18:4"),
        "{screen}"
    );
    review.keys(":7pm\r");
    assert!(review.screen().contains("\"7pm\" is not a time"));
    review.keys(":23:00\r");
    assert!(review.screen().contains("23:00 is outside the session"));
}

#[test]
fn home_end_pages_and_the_wheel_move_the_view() {
    let mut review = Review::open(80, 24);
    review.keys("++++");
    review.press(KeyCode::End);
    let end = review.screen();
    assert!(end.contains("session ended"), "{end}");
    review.press(KeyCode::Home);
    let home = review.screen();
    review.press(KeyCode::PageDown);
    assert_ne!(review.screen(), home);
    review.press(KeyCode::PageUp);
    let mouse = |kind| {
        Action::Mouse(MouseEvent {
            kind,
            column: 40,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    review.shell.handle(mouse(MouseEventKind::ScrollDown));
    let scrolled = review.screen();
    review.shell.handle(mouse(MouseEventKind::ScrollUp));
    assert_ne!(scrolled, review.screen(), "the wheel scrolls the lanes");
}

#[test]
fn r_on_the_home_screen_reviews_the_groups_latest_session() {
    let (dir, _session) = store_with_session_2(None);
    let mut shell = started_shell(&dir.path().join("sessions"), 80, 24, later());
    shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    shell.draw().unwrap();
    let screen = buffer_text(shell.terminal.backend().buffer());
    assert!(screen.contains("s2 · 2026-11-12 18:00–19:2"), "{screen}");
    shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
    )));
    shell.draw().unwrap();
    let screen = buffer_text(shell.terminal.backend().buffer());
    assert!(screen.contains("groupscribe"), "back home: {screen}");
}

#[test]
fn a_session_still_being_logged_is_followed_and_read_only() {
    let mut review = Review::open_cut(80, 24, Some(40));
    let screen = review.screen();
    assert!(
        screen.contains("· following")
            && screen.contains("Being logged: read-only until the facilitator ends it"),
        "{screen}"
    );
    review.keys("e");
    assert!(
        review
            .screen()
            .contains("Still being logged: read-only until the facilitator ends it.")
    );
    let before = review.screen();
    // The facilitator's groupscribe appends a moment; the watcher says files changed.
    let event = Event {
        id: EventId(40),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-12T18:30:00Z").unwrap(),
        by: Author::Facilitator,
        kind: EventKind::Segment("a segment added while reviewing".into()),
    };
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&review.session)
        .unwrap();
    writeln!(file, "{}", ron::to_string(&event).unwrap()).unwrap();
    drop(file);
    review.shell.handle(Action::FilesChanged);
    review.keys("/added while\r");
    let after = review.screen();
    assert_ne!(before, after);
    assert!(
        after.contains("▸18:30:00   segment · a segment added"),
        "{after}"
    );
    assert!(
        after.contains("18:00–18:30 · following"),
        "the axis grew: {after}"
    );
}

#[test]
fn amend_retract_late_debrief_and_sign_from_the_review_never_touch_the_logged_lines() {
    let mut review = Review::open(80, 24);
    let logged = std::fs::read(&review.session).unwrap();
    // The cursor opens on the first moment: "norm reviewed · one voice at a time".
    review.keys("e");
    let kind_step = review.screen();
    assert!(
        kind_step.contains("#10: Enter keeps norm · or another kind: 1 norm · 2 conflict"),
        "{kind_step}"
    );
    // Enter keeps its kind: the norm picker opens holding the moment as it reads.
    review.keys("\r");
    insta::assert_snapshot!("review_amend_words", review.screen());
    review.keys("\t\t (and phones away)\r");
    review.keys("\r");
    assert!(
        review
            .screen()
            .contains("Nothing written: why amend #10 (required)"),
        "a reason is required"
    );
    review.keys("Sam named both\r");
    let amended = review.screen();
    assert!(
        amended.contains("Amended #10: #1000001 by the co-facilitator; note rewritten."),
        "{amended}"
    );
    insta::assert_snapshot!("review_amended_moment", amended);
    review.keys("H");
    insta::assert_snapshot!("review_history_of_the_moment", review.screen());
    review.keys("H");

    // The turn after: Fay T. speaks; it was Eli (the 4th member's key).
    review.keys("les4");
    review.keys("it was Eli, not Fay\r");
    let screen = review.screen();
    assert!(screen.contains("▸18:02:23*  Eli S. speaks"), "{screen}");
    // The next: retracted.
    review.keys("lxlogged by mistake\r");
    assert!(review.screen().contains("×  Eli S. speaks") || review.screen().contains("18:03:40×"));
    // A late note at the cursor's time, a debrief, a signature.
    review.keys("L\r6nodded when Dana spoke\rmissed it live\r");
    let late = review.screen();
    assert!(late.contains("Late entry added"), "{late}");
    review.keys("dThe break came too late; plan it at 18:40 next time.\r");
    assert!(review.screen().contains("Debrief added"));
    review.keys("S\r");
    insta::assert_snapshot!("review_sign_comment_80x24", review.screen());
    review.keys("Checked with Sam.\r");
    let signed = review.screen();
    assert!(signed.contains("18:00–19:28 · signed"), "{signed}");
    assert!(signed.contains("Signed by Lee Park: #1000006"), "{signed}");
    let path = review.session.clone();
    review.shell.review(&path);
    let reopened = review.screen();
    assert!(
        reopened.contains(" signed by Lee Park (co-facilitator)"),
        "{reopened}"
    );
    insta::assert_snapshot!("review_signed_reopened", reopened);

    assert_eq!(
        std::fs::read(&review.session).unwrap(),
        logged,
        "the facilitator's file is never changed"
    );
    let companion = review.session.with_extension("cofac.ron");
    let lines = std::fs::read_to_string(&companion).unwrap();
    assert_eq!(
        lines.lines().count(),
        1 + 6,
        "a header and six events: {lines}"
    );
    let note = std::fs::read_to_string(review.session.with_extension("note.md")).unwrap();
    assert!(note.contains("Sam named both"), "{note}");
    assert!(note.contains("it was Eli, not Fay"), "{note}");
    assert!(note.contains("The break came too late"), "{note}");
    assert!(note.contains("Lee Park"), "{note}");
    assert!(
        note.contains("Checked with Sam."),
        "the signature's comment: {note}"
    );
}

#[test]
fn help_lists_every_key_of_the_review() {
    let mut review = Review::open(80, 24);
    review.keys("?");
    let help = review.screen();
    for what in [
        "the next moment",
        "zoom in",
        "filter by kind",
        "amend the event",
        "sign the record",
        "back to the home screen",
    ] {
        assert!(help.contains(what), "{what}: {help}");
    }
    insta::assert_snapshot!("review_help", help);
}

impl Review {
    /// Opened by a reviewer in another role.
    fn open_as(width: u16, height: u16, author: Author) -> Review {
        let (dir, session) = store_with_session_2(None);
        Review::reopen(dir, session, width, height, author)
    }

    fn reopen(
        dir: tempfile::TempDir,
        session: PathBuf,
        width: u16,
        height: u16,
        author: Author,
    ) -> Review {
        let mut shell = started_shell(&dir.path().join("sessions"), width, height, later());
        shell.app.reviewer = author;
        shell.review(&session);
        Review {
            shell,
            _dir: dir,
            session,
        }
    }

    /// The last event line of one file of the record.
    fn last_line(&self, suffix: &str) -> String {
        let path = self.session.with_extension(suffix);
        let text = std::fs::read_to_string(&path).unwrap();
        text.lines().last().unwrap().to_string()
    }
}

#[test]
fn e_on_a_moment_changes_its_kind_and_members_in_the_live_picker_with_a_reason() {
    for (width, height) in [(80, 24), (160, 48)] {
        let mut review = Review::open(width, height);
        // The cursor opens on the norm (#10); a mutual-aid moment now, about Ana and Dana.
        review.keys("e");
        insta::assert_snapshot!(
            format!("review_amend_kind_step_{width}x{height}"),
            review.screen()
        );
        review.keys("3");
        let picker = review.screen();
        assert!(picker.contains("Amend #10 · Mutual aid"), "{picker}");
        assert!(
            picker.contains("reads now: norm reviewed · one voice at a time"),
            "{picker}"
        );
        // A kind on its digit, then Tab to the members: Ana (1) and Dana (3).
        review.keys("6\t13");
        insta::assert_snapshot!(
            format!("review_amend_kind_picker_{width}x{height}"),
            review.screen()
        );
        review.keys("\r");
        assert!(review.screen().contains("why amend #10 (required)"));
        review.keys("it was support, not the norm\r");
        let line = review.last_line("cofac.ron");
        assert!(
            line.contains("Amendment(target:10,replacement:Moment((what:MutualAid(")
                && line.contains("members:[\"ana\",\"dana\"]")
                && line.contains("reason:\"it was support, not the norm\""),
            "{line}"
        );
        let screen = review.screen();
        assert!(screen.contains("Amended #10"), "{screen}");
        assert!(
            screen.contains("♥"),
            "the moment reads as mutual aid: {screen}"
        );
    }
}

#[test]
fn an_unchanged_picker_is_not_an_amendment() {
    let mut review = Review::open(80, 24);
    review.keys("e\r\r");
    let screen = review.screen();
    assert!(
        screen.contains("nothing changed: change it, or Esc"),
        "{screen}"
    );
    review.keys("\x1b");
    assert!(!review.session.with_extension("cofac.ron").exists());
}

#[test]
fn e_on_a_turn_moves_its_start_within_its_neighbours_only() {
    let mut review = Review::open(80, 24);
    // The turn after the norm: Fay T. at 18:02:23, between 18:02:04's turn... and 18:03:40.
    review.keys("l");
    review.keys("e");
    assert!(
        review
            .screen()
            .contains("s who spoke · t when the turn began")
    );
    review.keys("t");
    let prompt = review.screen();
    assert!(
        prompt.contains("#11 began at (after 18:01:07, before 18:03:40)"),
        "{prompt}"
    );
    insta::assert_snapshot!("review_turn_time_80x24", prompt);
    // Outside the window: said, and asked again.
    for _ in 0..8 {
        review.press(KeyCode::Backspace);
    }
    review.keys("18:05:00\r");
    let refused = review.screen();
    assert!(
        refused.contains("turn #11 must begin after 18:01:07 and before 18:03:40"),
        "{refused}"
    );
    for _ in 0..8 {
        review.press(KeyCode::Backspace);
    }
    review.keys("18:02:10\r");
    assert!(review.screen().contains("why move #11 (required)"));
    review.keys("the clock key was late\r");
    let line = review.last_line("cofac.ron");
    assert!(
        line.contains("Record(Retimed(target:11,from:\"2026-11-12T18:02:23")
            && line.contains("to:\"2026-11-12T18:02:10Z\""),
        "{line}"
    );
    let screen = review.screen();
    assert!(screen.contains("Moved #11 to 18:02:10"), "{screen}");
    assert!(
        screen.contains("18:02:10"),
        "the turn reads at its new time: {screen}"
    );
}

#[test]
fn e_on_an_attendance_change_amends_it_in_the_attendance_picker() {
    let mut review = Review::open(80, 24);
    // The first event: Hana excused.
    review.press(KeyCode::Home);
    review.keys("e");
    let picker = review.screen();
    assert!(picker.contains("Amend #1 · Attendance"), "{picker}");
    insta::assert_snapshot!("review_amend_attendance_80x24", picker);
    // Absent, not excused (the third choice).
    review.keys("3\r");
    review.keys("she had not phoned: it was Gus\r");
    let line = review.last_line("cofac.ron");
    assert!(
        line.contains("Amendment(target:1,replacement:Attendance(member:\"hana\",change:Absent"),
        "{line}"
    );
    let note = std::fs::read_to_string(review.session.with_extension("note.md")).unwrap();
    assert!(note.contains("she had not phoned: it was Gus"), "{note}");
}

#[test]
fn l_adds_a_late_turn_or_a_late_moment_of_any_kind_at_a_typed_time() {
    for (width, height) in [(80, 24), (160, 48)] {
        let mut review = Review::open(width, height);
        review.keys("L");
        let when = review.screen();
        assert!(
            when.contains("late entry: when it happened (hh:mm:ss): 18:02:04"),
            "{when}"
        );
        for _ in 0..8 {
            review.press(KeyCode::Backspace);
        }
        review.keys("18:30\r");
        insta::assert_snapshot!(
            format!("review_late_what_{width}x{height}"),
            review.screen()
        );
        // A conflict (2): task (2), between Ben (2) and Eli (4).
        review.keys("22b\t24");
        insta::assert_snapshot!(
            format!("review_late_conflict_picker_{width}x{height}"),
            review.screen()
        );
        review.keys("\rmissed while the facilitator wrote\r");
        let written = review.screen();
        assert!(written.contains("Late entry added"), "{written}");
        let line = review.last_line("cofac.ron");
        assert!(
            line.contains("at:\"2026-11-12T18:30:00Z\"")
                && line.contains("Record(Late(what:Moment((what:Conflict(kind:")
                && line.contains("members:[\"ben\",\"eli\"]")
                && line.contains("written:\"2026-11-20T10:00:00Z\""),
            "{line}"
        );
        // And a missed turn: Ben began speaking at 18:31.
        review.keys("L");
        for _ in 0..12 {
            review.press(KeyCode::Backspace);
        }
        review.keys("18:31:00\rt2");
        assert!(review.screen().contains("why late (required)"));
        review.keys("we both heard him\r");
        let line = review.last_line("cofac.ron");
        assert!(
            line.contains("at:\"2026-11-12T18:31:00Z\"")
                && line.contains("Record(Late(what:Floor(Member(\"ben\"))"),
            "{line}"
        );
        // Outside the session: refused.
        review.keys("L");
        for _ in 0..12 {
            review.press(KeyCode::Backspace);
        }
        review.keys("20:00\r");
        assert!(
            review
                .screen()
                .contains("A late entry is dated within the session, 18:00:00 to 19:28:00.")
        );
        review.keys("\x1b");
    }
}

#[test]
fn a_supervisor_signs_or_returns_the_note_and_amends_nothing() {
    let mut review = Review::open_as(80, 24, Author::Supervisor);
    review.keys("R");
    assert!(review.screen().contains("return for revision, your name"));
    review.keys("Jo Park\r");
    insta::assert_snapshot!("review_return_comment_80x24", review.screen());
    review.keys("\r");
    assert!(
        review
            .screen()
            .contains("Nothing written: Jo Park returns the note: what to revise (required)")
    );
    review.keys("Say what the plan for Eli is.\r");
    let screen = review.screen();
    assert!(
        screen.contains("Returned for revision: #2000001 by the supervisor"),
        "{screen}"
    );
    let line = review.last_line("supervisor.ron");
    assert!(
        line.contains("by:Supervisor,kind:Record(Returned(name:\"Jo Park\",comment:\"Say what the plan for Eli is.\"))"),
        "{line}"
    );
    let note = std::fs::read_to_string(review.session.with_extension("note.md")).unwrap();
    assert!(
        note.contains(
            "Returned for revision: Say what the plan for Eli is. (by Jo Park, supervisor"
        ),
        "{note}"
    );
    for key in ["e", "x", "L", "d", "C"] {
        review.keys(key);
        let screen = review.screen();
        assert!(
            screen.contains("A supervisor signs (S) or returns the note for revision (R)"),
            "{key}: {screen}"
        );
    }
    // Then signed, in the supervisor's role.
    review.keys("SJo Park\r\r");
    let line = review.last_line("supervisor.ron");
    assert!(
        line.contains("by:Supervisor,kind:Record(SignOff((name:\"Jo Park\""),
        "{line}"
    );
    let signed = review.screen();
    assert!(signed.contains("18:00–19:28 · signed"), "{signed}");
    assert!(
        signed.contains("Signed by Jo Park: #2000002 by the supervisor"),
        "{signed}"
    );
    // A co-facilitator cannot return the note.
    let mut cofac = Review::open(80, 24);
    cofac.keys("R");
    assert!(
        cofac
            .screen()
            .contains("Only a supervisor returns the note")
    );
}

#[test]
fn the_facilitator_reviewing_writes_to_the_session_file_and_signs_as_facilitator() {
    let mut review = Review::open_as(80, 24, Author::Facilitator);
    review.keys("S");
    assert!(
        review.screen().contains("sign, your name: Sam"),
        "{}",
        review.screen()
    );
    review.keys("\r\r");
    let line = review.last_line("ron");
    assert!(
        line.contains("by:Facilitator,kind:Record(SignOff("),
        "{line}"
    );
    assert!(!review.session.with_extension("cofac.ron").exists());
}

/// Session 2 with its closing step left for later (Esc after `q`).
fn store_with_closing_left() -> (tempfile::TempDir, PathBuf) {
    let (dir, session) = store_with_session_2(None);
    let text = std::fs::read_to_string(&session).unwrap();
    let text = text.replace(
        "(id:183,at:\"2026-11-12T19:28:00Z\",by:Facilitator,kind:Ended)",
        "(id:183,at:\"2026-11-12T19:28:00Z\",by:Facilitator,kind:Closing(Later(left:5)))\n\
         (id:184,at:\"2026-11-12T19:28:00Z\",by:Facilitator,kind:Ended)",
    );
    assert!(text.contains("Closing(Later"));
    std::fs::write(&session, text).unwrap();
    (dir, session)
}

#[test]
fn the_closing_step_left_for_later_is_walked_from_the_review_and_can_be_left_again() {
    let (dir, session) = store_with_closing_left();
    let mut review = Review::reopen(dir, session, 80, 24, Author::Facilitator);
    let opened = review.screen();
    assert!(
        opened.contains("closing step left for later: C walks it"),
        "{opened}"
    );
    review.keys("C");
    let first = review.screen();
    assert!(
        first.contains("Closing step (late) · 1 of 4 · Ana R."),
        "{first}"
    );
    insta::assert_snapshot!("review_closing_first_80x24", first);
    // Ana: engaged (1), participation (1); Enter saves her page.
    review.keys("11\r");
    let second = review.screen();
    assert!(second.contains("2 of 4 · Ben K."), "{second}");
    // Esc: later again, with three left.
    review.keys("\x1b");
    let lines = std::fs::read_to_string(&review.session).unwrap();
    let tail: Vec<&str> = lines.lines().rev().take(2).collect();
    assert!(
        tail[1].contains("Record(Late(what:Moment((what:Observation((presentation:Some(Engaged)")
            && tail[1].contains("at:\"2026-11-12T19:28:00Z\"")
            && tail[1].contains("reason:\"closing step, resumed in review\""),
        "{}",
        tail[1]
    );
    assert!(
        tail[0].contains("Record(Late(what:Closing(Later(left:3))"),
        "{}",
        tail[0]
    );
    let path = review.session.clone();
    review.shell.review(&path);
    assert!(
        review
            .screen()
            .contains("closing step left for later: C walks it")
    );
    // Walked again: only the three not yet observed, to the end.
    review.keys("C");
    assert!(
        review.screen().contains("1 of 3 · Ben K."),
        "{}",
        review.screen()
    );
    review.keys("\r\r\r");
    let last = review.last_line("ron");
    assert!(
        last.contains("Record(Late(what:Closing(Finished)"),
        "{last}"
    );
    review.shell.review(&path);
    assert!(!review.screen().contains("closing step left for later"));
    // `check` holds: every line after `Ended` is record keeping.
    let path = path.to_string_lossy().into_owned();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .args(["check", &path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn s_in_the_resumed_closing_step_skips_the_rest() {
    let (dir, session) = store_with_closing_left();
    let mut review = Review::reopen(dir, session, 80, 24, Author::CoFacilitator);
    review.keys("Cs");
    let line = review.last_line("cofac.ron");
    assert!(line.contains("Record(Late(what:Closing(Skipped)"), "{line}");
}

#[test]
fn an_amended_moment_is_amended_again_and_h_shows_both_steps_of_its_trail() {
    let mut review = Review::open(160, 48);
    review.keys("e\r\t\tfirst try\rwhy one\r");
    assert!(review.screen().contains("Amended #10: #1000001"));
    // Again: the picker now holds the amended reading.
    review.keys("e\r");
    let picker = review.screen();
    assert!(picker.contains("text: first try"), "{picker}");
    // Tab twice to the words, which are typed over.
    review.keys("\t\t");
    for _ in 0.."first try".len() {
        review.press(KeyCode::Backspace);
    }
    review.keys("second try\rwhy two\r");
    assert!(review.screen().contains("Amended #10: #1000002"));
    review.keys("H");
    let trail = squash(&review.screen());
    for step in ["\"firsttry\"", "\"whyone\"", "\"secondtry\"", "\"whytwo\""] {
        assert!(trail.contains(step), "{step}: {trail}");
    }
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}
