#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Screens as the facilitator sees them: the real `Shell` (same `update`, same effects,
//! real files in a temp store) on a `TestBackend`, driven by key events, with a clock
//! the test moves so every timer on screen is exact.

use groupscribe::model::{BreakEdge, EventKind, NameStyle, Session, Timestamp};
use groupscribe::store::{Store, load_group, load_session};
use groupscribe::tui::{Action, App, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

const SAMPLE_GROUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support/group.ron"
);

struct Harness {
    shell: Shell<TestBackend, ManualClock>,
    _dir: tempfile::TempDir,
    store: PathBuf,
}

fn start_time() -> groupscribe::model::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap()
}

impl Harness {
    fn with_group(group_ron: &str, width: u16, height: u16) -> Harness {
        Harness::with_keymap(group_ron, width, height, Keymap::default())
    }

    fn with_keymap(group_ron: &str, width: u16, height: u16, keymap: Keymap) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("sessions");
        let folder = store.join("thursday-peer-support");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("group.ron"), group_ron).unwrap();
        let clock = ManualClock::new(start_time());
        let app = App::new(keymap, NameStyle::Alias, start_time());
        let terminal =
            Terminal::new(groupscribe::tui::Held::new(TestBackend::new(width, height))).unwrap();
        let mut shell = Shell::new(app, terminal, Store::open(&store).unwrap(), clock);
        shell.start();
        Harness {
            shell,
            _dir: dir,
            store,
        }
    }

    /// The same store opened again by a new groupscribe at `now`, after this one
    /// died without ending anything (its lock is gone with it).
    fn reopen(self, now: Timestamp) -> Harness {
        let Harness { shell, _dir, store } = self;
        let (width, height) = {
            let area = shell.terminal.backend().buffer().area;
            (area.width, area.height)
        };
        drop(shell);
        Harness {
            shell: shell_on(&store, now, width, height),
            _dir,
            store,
        }
    }

    /// A second groupscribe on `other`'s store, running at the same time.
    fn on_store(other: &Harness, now: Timestamp) -> Harness {
        Harness {
            shell: shell_on(&other.store, now, 80, 24),
            _dir: tempfile::tempdir().unwrap(),
            store: other.store.clone(),
        }
    }

    fn sessions(&self) -> Vec<PathBuf> {
        let folder = self.store.join("thursday-peer-support");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron") && !p.ends_with("group.ron"))
            .collect();
        files.sort();
        files
    }

    fn sample(width: u16, height: u16) -> Harness {
        Harness::with_group(
            &std::fs::read_to_string(SAMPLE_GROUP).unwrap(),
            width,
            height,
        )
    }

    /// Types keys as a person would: `\r` Enter, `\t` Tab, `\x1b` Esc, anything else a character.
    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\r' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            self.shell
                .handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        }
    }

    fn wait(&mut self, seconds: i64) {
        self.shell.clock().advance(seconds);
        self.shell.handle(Action::Tick);
    }

    fn screen(&mut self) -> String {
        self.shell.draw().unwrap();
        screen_text(self.shell.terminal.backend())
    }

    fn session_file(&self) -> PathBuf {
        let folder = self.store.join("thursday-peer-support");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron") && !p.ends_with("group.ron"))
            .collect();
        files.sort();
        files.pop().expect("a session file")
    }
}

fn shell_on(
    store: &std::path::Path,
    now: Timestamp,
    width: u16,
    height: u16,
) -> Shell<TestBackend, ManualClock> {
    let clock = ManualClock::new(now);
    let app = App::new(Keymap::default(), NameStyle::Alias, now);
    let terminal =
        Terminal::new(groupscribe::tui::Held::new(TestBackend::new(width, height))).unwrap();
    let mut shell = Shell::new(app, terminal, Store::open(store).unwrap(), clock);
    shell.start();
    shell
}

/// The screen as text, one line per row; a wide character's second cell is not repeated.
fn screen_text(backend: &TestBackend) -> String {
    let buffer = backend.buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A realistic quarter hour: check-in, turns, a norm, mutual aid, a risk, a conflict.
fn scripted_session(h: &mut Harness) {
    h.keys("\r"); // start a new session of the only group
    h.keys("s\r"); // check-in
    h.keys("f");
    h.wait(40);
    h.keys("1");
    h.wait(95);
    h.keys("3");
    h.wait(70);
    h.keys("m6\r"); // mutual support between Ana and Dana
    h.keys("2");
    h.wait(30);
    h.keys("n4b\r"); // norm challenged: one voice at a time, by Ben
    h.keys("x");
    h.wait(8);
    h.keys("f");
    h.wait(20);
    h.keys("s\r"); // main activity
    h.keys("5");
    h.wait(45);
    h.keys("r2\tmentioned not sleeping since the move\r");
    h.keys("1");
    h.wait(25);
    h.keys("c1\t\r"); // task conflict between Fay and Ana
    h.keys(" ");
    h.wait(12);
    h.keys("3");
    h.wait(33);
}

#[test]
fn home_lists_the_sample_group() {
    let mut h = Harness::sample(80, 24);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn live_panel_after_a_scripted_quarter_hour() {
    let mut h = Harness::sample(80, 24);
    scripted_session(&mut h);
    let screen = h.screen();
    insta::assert_snapshot!(screen);
    assert!(
        screen.contains("Speaking: 3 Dana M. ─ 00:00:33"),
        "{screen}"
    );
    assert!(screen.contains("● 00:06:18"), "{screen}");
}

#[test]
fn live_panel_uses_a_larger_terminal() {
    let mut h = Harness::sample(120, 34);
    scripted_session(&mut h);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn the_timers_follow_the_injected_clock() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(61);
    assert!(h.screen().contains("Speaking: 1 Ana R. ─ 00:01:01"));
    h.keys("p");
    h.wait(300);
    let screen = h.screen();
    assert!(screen.contains("BREAK 05:00"), "{screen}");
    assert!(
        screen.contains("00:01:01"),
        "the session clock stops during a break:\n{screen}"
    );
    h.keys("p");
    h.wait(9);
    assert!(h.screen().contains("● 00:01:10"));
}

#[test]
fn mutual_aid_picker_defaults_to_the_last_two_speakers() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r13m");
    insta::assert_snapshot!("picker_open", h.screen());
    h.keys("6");
    let screen = h.screen();
    h.keys("\r");
    assert!(screen.contains("Mutual aid · Ana R., Dana M."), "{screen}");
    let file = h.session_file();
    let group = load_group(&h.store.join("thursday-peer-support/group.ron")).unwrap();
    let session = load_session(&file, Some(&group)).unwrap().session;
    let last = format!("{:?}", session.events.last().unwrap().kind);
    assert!(
        last.contains("MutualSupport") && last.contains("ana") && last.contains("dana"),
        "{last}"
    );
}

#[test]
fn w_logs_a_theme_with_one_key_then_its_words() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1w");
    let screen = h.screen();
    assert!(screen.contains("Theme the group worked on"), "{screen}");
    // Enter with no words refuses: the words are the theme.
    h.keys("\r");
    let screen = h.screen();
    assert!(screen.contains("type the theme in a few words"), "{screen}");
    h.keys("fear of relapse\r");
    insta::assert_snapshot!("theme_logged", h.screen());
    // Drawn in the theme role of its own: the default theme's yellow italic.
    let style = cell_style(&mut h, "§ theme");
    let role = groupscribe::theme::Theme::default().theme;
    assert_eq!((style.fg, style.add_modifier), (role.fg, role.add_modifier));
    let text = std::fs::read_to_string(h.session_file()).unwrap();
    assert!(
        text.contains(r#"Moment((what:Theme,members:[],text:Some("fear of relapse")))"#),
        "{text}"
    );
}

#[test]
fn escape_cancels_a_picker_without_logging() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1c2\x1b");
    let screen = h.screen();
    assert!(screen.contains("saved ✓ 1"), "{screen}");
    assert!(!screen.contains("Conflict ·"), "{screen}");
}

#[test]
fn undo_retracts_and_keeps_the_record() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(5);
    h.keys("2u");
    let screen = h.screen();
    assert!(screen.contains("Speaking: 1 Ana R."), "{screen}");
    assert!(screen.contains("Undone: Ben K. speaks"), "{screen}");
    let text = std::fs::read_to_string(h.session_file()).unwrap();
    assert!(text.contains("Retraction(target:2)"), "{text}");
}

#[test]
fn help_overlay_lists_every_key() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r?");
    insta::assert_snapshot!(h.screen());
    h.keys("x");
    assert!(
        !h.screen().contains(" Keys "),
        "any key closes help without acting"
    );
}

#[test]
fn ending_asks_first_then_writes_the_note() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(10);
    h.keys("q");
    let screen = h.screen();
    assert!(
        screen.contains("End session 1 now and write the note?"),
        "{screen}"
    );
    h.keys("n");
    assert!(
        h.screen().contains("Speaking: 1 Ana R."),
        "any other key goes back"
    );
    h.keys("qys");
    let screen = h.screen();
    assert!(
        screen.contains("Session 1 ended. Note written to"),
        "{screen}"
    );
    let note = h.session_file().with_extension("note.md");
    let text = std::fs::read_to_string(&note).unwrap();
    assert!(text.contains("Ana R."), "{text}");
    assert!(
        !text.contains("has not ended"),
        "the note is written after the end is saved:\n{text}"
    );
    assert!(text.contains("Time: 18:00–18:00"), "{text}");
}

#[test]
fn a_tiny_terminal_gets_a_clear_message_and_keys_still_log() {
    let mut h = Harness::sample(60, 20);
    h.keys("\r2");
    let screen = h.screen();
    insta::assert_snapshot!(screen);
    assert!(screen.contains("needs 80x24"));
    assert!(screen.contains("Speaking: Ben K."));
}

#[test]
fn a_failed_write_shows_at_once() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.shell.handle(Action::SaveFailed {
        error: "disk full".into(),
        waiting: 2,
    });
    let screen = h.screen();
    assert!(
        screen.contains("⚠ NOT SAVED (2 waiting, retrying): disk full"),
        "{screen}"
    );
}

const WORLD_GROUP: &str = r#"(
  version: 1,
  name: "Café Ünïcode 🌍",
  type: Support,
  facilitator: "Sam",
  members: [
    (id: "zoe", name: "Zoë Ångström"),
    (id: "ming", name: "王小明"),
    (id: "sun", name: "🌻 Sunny Day"),
    (id: "ngoc", name: "Ngọc Ánh Trần"),
    (id: "long", name: "Maximiliane Wolkenstein-Übermeyer"),
    (id: "kim", name: "김민준"),
  ],
)"#;

#[test]
fn names_in_any_script_line_up() {
    let mut h = Harness::with_group(WORLD_GROUP, 80, 24);
    h.keys("\r1");
    h.wait(20);
    h.keys("2");
    h.wait(40);
    h.keys("3");
    h.wait(15);
    h.keys("6");
    h.wait(5);
    let screen = h.screen();
    insta::assert_snapshot!(screen);
    // Every roster row ends its box at the same display column.
    let rows: Vec<&str> = screen.lines().skip(3).take(6).collect();
    let border_columns: Vec<usize> = rows
        .iter()
        .map(|row| {
            let cut = row
                .find("││")
                .unwrap_or_else(|| panic!("no box edge in {row:?}"));
            row[..cut].width()
        })
        .collect();
    assert!(
        border_columns.windows(2).all(|w| w[0] == w[1]),
        "{border_columns:?}\n{screen}"
    );
    // and the turn counts sit in one column
    let talk_columns: Vec<usize> = rows
        .iter()
        .filter_map(|row| row.find(" 1  00:").map(|cut| row[..cut].width()))
        .collect();
    assert_eq!(talk_columns.len(), 4, "{screen}");
    assert!(
        talk_columns.windows(2).all(|w| w[0] == w[1]),
        "{talk_columns:?}\n{screen}"
    );
}

#[test]
fn members_past_the_tenth_take_two_keys() {
    let members: String = (1..=12)
        .map(|n| format!("(id: \"m{n}\", name: \"Member {n}\"),"))
        .collect();
    let group = format!(
        "(version: 1, name: \"Big\", type: Task, facilitator: \"Sam\", members: [{members}])"
    );
    let mut h = Harness::with_group(&group, 80, 24);
    h.keys("\r.2");
    let screen = h.screen();
    assert!(screen.contains("Speaking: .2 Member 12"), "{screen}");
    assert!(screen.contains(".1 Member 11"), "{screen}");
}

#[test]
fn a_session_left_open_is_offered_for_resuming() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r12");
    let path = h.session_file();
    // As if the laptop died: the session was never ended.
    let mut h = h.reopen(start_time() + chrono::TimeDelta::minutes(5));
    let screen = h.screen();
    insta::assert_snapshot!("home_with_unended", screen);
    h.keys("j\r");
    let screen = h.screen();
    assert!(screen.contains("saved ✓ 4"), "{screen}");
    assert!(
        screen.contains("Logging stopped 18:00:00, resumed 18:05:00"),
        "{screen}"
    );
    assert!(
        screen.contains("Speaking: silence"),
        "the turn running at the crash ended there:\n{screen}"
    );
    assert!(path.exists());
    assert_eq!(
        h.sessions(),
        std::slice::from_ref(&path),
        "resuming starts no new file"
    );
    // Undo takes back what was logged, never the break that records the gap.
    h.keys("u");
    let screen = h.screen();
    assert!(screen.contains("Undone: Ben K. speaks"), "{screen}");
    let session = load_session(&path, None).unwrap().session;
    assert_eq!(
        session.events.last().unwrap().kind,
        EventKind::Retraction {
            target: groupscribe::model::EventId(2)
        }
    );
}

fn at(text: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(text).unwrap()
}

fn kinds(session: &Session) -> Vec<(String, EventKind)> {
    session
        .events
        .iter()
        .map(|event| (event.at.format("%H:%M:%S").to_string(), event.kind.clone()))
        .collect()
}

#[test]
fn home_tells_a_session_being_logged_from_an_interrupted_one() {
    // Session 1 was interrupted at 18:00:20 (a crash); session 2 is being
    // logged right now by another groupscribe (a second Shell on the store).
    let mut h = Harness::sample(80, 24);
    h.keys("\r");
    h.wait(20);
    h.keys("1");
    let first = h.session_file();
    let mut live = h.reopen(start_time() + chrono::TimeDelta::minutes(10));
    live.keys("\r3");
    let second = live.session_file();
    assert_ne!(first, second);
    let mut home = Harness::on_store(&live, start_time() + chrono::TimeDelta::minutes(11));
    let screen = home.screen();
    insta::assert_snapshot!("home_interrupted_and_being_logged", screen);
    assert!(
        screen
            .contains("⚠ session 1 (2026-11-19 18:00) interrupted — Enter resume · e end at 18:00"),
        "{screen}"
    );
    assert!(
        screen.contains("● session 2 (2026-11-19 18:10) being logged — f follow"),
        "{screen}"
    );
    assert!(
        screen.contains(" ▸ Thursday Peer Support"),
        "the group row is chosen first:\n{screen}"
    );

    // Enter and e on the session being logged are refused; the choice stays there.
    home.keys("jj");
    let before = home.screen();
    assert!(before.contains(" ▸   ● session 2"), "{before}");
    home.keys("\r");
    let refused = home.screen();
    insta::assert_snapshot!("home_refuses_a_session_being_logged", refused);
    assert!(refused.contains(" ▸   ● session 2"), "{refused}");
    assert!(
        refused
            .contains("Session 2 is being logged by another groupscribe right now: f follows it."),
        "{refused}"
    );
    home.keys("e");
    let refused = home.screen();
    assert!(refused.contains(" ▸   ● session 2"), "{refused}");
    let loaded = load_session(&second, None).unwrap().session;
    assert!(!loaded.is_ended(), "e must not end a session being logged");
    assert_eq!(loaded.events.len(), 1, "{:?}", loaded.events);
    // A file change reloads the rows: the choice still stays.
    home.shell.handle(Action::FilesChanged);
    assert!(home.screen().contains(" ▸   ● session 2"));

    // Once the other groupscribe lets go, the session reads as interrupted.
    live.keys("ql");
    home.shell.handle(Action::FilesChanged);
    let screen = home.screen();
    assert!(
        screen.contains(" ▸   ⚠ session 2 (2026-11-19 18:10) interrupted"),
        "{screen}"
    );
}

/// A session of two turns, interrupted at 18:12:32 and found again days later.
fn stale_session() -> (Harness, PathBuf) {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(752);
    h.keys("3");
    let path = h.session_file();
    let h = h.reopen(at("2026-11-22T09:30:05-05:00"));
    (h, path)
}

#[test]
fn resuming_a_stale_session_asks_first() {
    let (mut h, path) = stale_session();
    h.keys("j\r");
    let screen = h.screen();
    insta::assert_snapshot!("stale_prompt", screen);
    assert!(
        screen.contains("Session 1's last event was at 18:12 on 2026-11-19 (2 days ago)."),
        "{screen}"
    );
    // Esc goes back, nothing written.
    h.keys("\x1b");
    assert!(!h.screen().contains("last event was"));
    assert_eq!(load_session(&path, None).unwrap().session.events.len(), 2);

    // r resumes now, with the gap logged as a break.
    h.keys("\rr");
    let screen = h.screen();
    insta::assert_snapshot!("resumed_with_gap_notice", screen);
    assert!(
        screen.contains("Logging stopped 18:12:32, resumed 09:30:05"),
        "{screen}"
    );
    let session = load_session(&path, None).unwrap().session;
    assert_eq!(
        kinds(&session)[2..],
        [
            ("18:12:32".into(), EventKind::Break(BreakEdge::Stopped)),
            ("09:30:05".into(), EventKind::Break(BreakEdge::End)),
        ]
    );
    // The session clock did not run over the gap: 12:32 of talk, not 2 days.
    assert!(screen.contains("● 00:12:32"), "{screen}");
}

#[test]
fn ending_a_stale_session_ends_it_at_its_last_event() {
    let (mut h, path) = stale_session();
    h.keys("j\r");
    h.keys("e");
    let screen = h.screen();
    assert!(
        screen.contains("Session 1 ended. Note written to"),
        "{screen}"
    );
    let session = load_session(&path, None).unwrap().session;
    let last = session.events.last().unwrap();
    assert_eq!(last.kind, EventKind::Ended);
    assert_eq!(
        last.at,
        at("2026-11-19T18:12:32-05:00"),
        "ended at the last event, not now"
    );
    assert_eq!(last.id.0, 3);
    let note = std::fs::read_to_string(path.with_extension("note.md")).unwrap();
    assert!(note.contains("Time: 18:00–18:12"), "{note}");
    // The default (Enter) ends it too, and the selection went back to the group.
    assert!(screen.contains(" ▸ Thursday Peer Support"), "{screen}");
}

#[test]
fn enter_on_the_stale_prompt_ends_the_session() {
    let (mut h, path) = stale_session();
    h.keys("j\r\r");
    let session = load_session(&path, None).unwrap().session;
    assert!(session.is_ended());
    assert_eq!(
        session.events.last().unwrap().at,
        at("2026-11-19T18:12:32-05:00")
    );
}

#[test]
fn a_recent_session_resumes_without_asking() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(100);
    let h = h.reopen(start_time() + chrono::TimeDelta::minutes(29));
    let mut h = h;
    h.keys("j\r");
    let screen = h.screen();
    assert!(screen.contains("saved ✓ 3"), "{screen}");
    assert!(!screen.contains("last event was"), "{screen}");
}

#[test]
fn the_end_confirmation_has_a_leave_key() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(95);
    h.keys("q");
    let screen = h.screen();
    insta::assert_snapshot!("end_confirmation_with_leave_key", screen);
    assert!(
        screen.contains("y/Enter end it · l leave without ending (resume later)"),
        "{screen}"
    );
    h.keys("l");
    let screen = h.screen();
    assert!(
        screen.contains("groups and sessions"),
        "back home:\n{screen}"
    );
    assert!(
        screen.contains(" ▸   ⚠ session 1 (2026-11-19 18:00) interrupted"),
        "the session left is listed and chosen:\n{screen}"
    );
    assert!(
        screen.contains("Left session 1 without ending it"),
        "{screen}"
    );
    // The message is longer than a line: it wraps under its own indent.
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines
        .iter()
        .position(|line| line.starts_with(" Left session 1 without ending it"))
        .unwrap_or_else(|| panic!("{screen}"));
    let next = lines[first + 1];
    assert!(
        next.starts_with(' ') && next.trim_start().starts_with(char::is_alphabetic),
        "the message's second line keeps the indent: {next:?}\n{screen}"
    );
    assert!(
        format!("{} {}", lines[first].trim(), next.trim())
            .contains("Enter on it resumes, e ends it at its last event."),
        "{screen}"
    );
    let path = h.session_file();
    let session = load_session(&path, None).unwrap().session;
    assert!(!session.is_ended());
    assert_eq!(
        kinds(&session)[1],
        ("18:01:35".into(), EventKind::Break(BreakEdge::Stopped)),
        "Ana's turn ran until the facilitator left"
    );

    // Ten minutes later: Enter resumes it; the time away is a break.
    h.wait(600);
    h.keys("\r");
    let screen = h.screen();
    assert!(
        screen.contains("Logging stopped 18:01:35, resumed 18:11:35"),
        "{screen}"
    );
    h.keys("2");
    h.wait(5);
    h.keys("qys");
    let note = std::fs::read_to_string(path.with_extension("note.md")).unwrap();
    assert!(
        note.contains("- Breaks: 10 min (logging stopped 18:01, resumed 18:11)"),
        "{note}"
    );
    assert!(
        note.contains("- Duration without breaks: 1 min 40 s"),
        "{note}"
    );
}

/// The session keeps the roster it began with: after group.ron loses Ana,
/// gains Zoe and plans 3 sessions instead of 10, resuming shows the group as it
/// was, and the note written at the end names Ana and not Zoe.
#[test]
fn resuming_after_the_roster_changed_shows_the_group_as_it_was() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r12");
    let path = h.session_file();
    drop(h.shell);
    let group_path = h.store.join("thursday-peer-support/group.ron");
    let before = std::fs::read_to_string(&group_path).unwrap();
    let ana = before
        .lines()
        .find(|line| line.contains("id: \"ana\""))
        .unwrap();
    let after = before
        .replace(
            ana,
            "    (id: \"zoe\", name: \"Zoe Quinn\", alias: \"Zoe Q.\"),",
        )
        .replace("planned_sessions: 10", "planned_sessions: 3");
    std::fs::write(&group_path, after).unwrap();
    let clock = ManualClock::new(start_time() + chrono::TimeDelta::minutes(5));
    let app = App::new(Keymap::default(), NameStyle::Alias, clock_now(&clock));
    let terminal = Terminal::new(groupscribe::tui::Held::new(TestBackend::new(80, 24))).unwrap();
    let mut shell = Shell::new(app, terminal, Store::open(&h.store).unwrap(), clock);
    shell.start();
    // The group row is selected first: down to the interrupted session, then resume.
    for code in [KeyCode::Down, KeyCode::Enter] {
        shell.handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    shell.draw().unwrap();
    let screen = screen_text(shell.terminal.backend());
    // Two events logged, and the resume's gap (logging stopped, resumed) on top.
    assert!(screen.contains("saved ✓ 4"), "{screen}");
    assert!(screen.contains("1 Ana R."), "{screen}");
    assert!(screen.contains("of 10"), "{screen}");
    assert!(!screen.contains("Zoe"), "{screen}");
    for key in ['q', 'y', 's'] {
        shell.handle(Action::Key(KeyEvent::new(
            KeyCode::Char(key),
            KeyModifiers::NONE,
        )));
    }
    let note = std::fs::read_to_string(groupscribe::store::note_path(&path)).unwrap();
    assert!(note.contains("session 1 of 10"), "{note}");
    assert!(note.contains("Ana R."), "{note}");
    assert!(!note.contains("Zoe"), "{note}");
    assert!(
        note.contains("Roster: as recorded when the session began"),
        "{note}"
    );
}

fn clock_now(clock: &ManualClock) -> groupscribe::model::Timestamp {
    use groupscribe::tui::Clock;
    clock.now()
}

// ---- themes, NO_COLOR, mouse -------------------------------------------------------

const DEFAULT_THEME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default.ron");

fn cell_style(h: &mut Harness, text: &str) -> ratatui::style::Style {
    let screen = h.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"));
    let column = line[..line.find(text).unwrap()].width() as u16;
    h.shell.terminal.backend().buffer()[(column, row as u16)].style()
}

#[test]
fn an_edited_theme_file_restyles_the_screen_through_the_watcher() {
    use groupscribe::theme::ThemeSource;
    use ratatui::style::Color;
    use std::sync::mpsc;
    use std::time::Duration;

    let mut h = Harness::sample(80, 24);
    let theme_file = h.store.parent().unwrap().join("mine.ron");
    std::fs::write(&theme_file, std::fs::read_to_string(DEFAULT_THEME).unwrap()).unwrap();
    let source = ThemeSource::File(theme_file.clone());
    let shell = std::mem::replace(
        &mut h.shell,
        Shell::new(
            App::new(Keymap::default(), NameStyle::Alias, start_time()),
            Terminal::new(groupscribe::tui::Held::new(TestBackend::new(80, 24))).unwrap(),
            Store::open(&h.store).unwrap(),
            ManualClock::new(start_time()),
        ),
    );
    h.shell = shell.with_theme_source(source.clone());
    h.shell.app.set_theme(source.load().unwrap());
    let (sender, receiver) = mpsc::channel();
    let _watch = groupscribe::tui::watch_theme(&source, move |action| {
        let _ = sender.send(action);
    })
    .expect("the theme folder is watched");
    assert_eq!(cell_style(&mut h, "groupscribe").fg, Some(Color::Reset));

    let recoloured = std::fs::read_to_string(DEFAULT_THEME).unwrap().replace(
        "title: (bold: true)",
        "title: (fg: \"magenta\", bold: true)",
    );
    // Save as editors do: write a new file, rename it over the old one.
    let temporary = theme_file.with_extension("tmp");
    std::fs::write(&temporary, &recoloured).unwrap();
    std::fs::rename(&temporary, &theme_file).unwrap();
    let started = std::time::Instant::now();
    let action = receiver
        .recv_timeout(Duration::from_secs(1))
        .expect("a change within a second");
    h.shell.handle(action);
    println!("theme change reached the app in {:?}", started.elapsed());
    assert_eq!(cell_style(&mut h, "groupscribe").fg, Some(Color::Magenta));

    // A broken theme: the error shows with its place and the last good theme stays.
    std::fs::write(
        &theme_file,
        recoloured.replace("fg: \"magenta\"", "fg: \"mauve\""),
    )
    .unwrap();
    let action = receiver
        .recv_timeout(Duration::from_secs(2))
        .expect("a second change");
    while receiver.try_recv().is_ok() {}
    h.shell.handle(action);
    let screen = h.screen();
    assert!(screen.contains("theme not reloaded: "), "{screen}");
    assert!(screen.contains("mine.ron:"), "{screen}");
    assert_eq!(cell_style(&mut h, "groupscribe").fg, Some(Color::Magenta));
}

/// Every state the live panel can be in at once — a pinned risk, a break, a
/// write that failed — shows by text or symbol alone under `NO_COLOR`: every
/// cell has neither a foreground nor a background colour.
#[test]
fn no_colour_shows_every_state_by_text_or_symbol() {
    use ratatui::style::Color;
    let every_state = |no_colour: bool| {
        let mut h = Harness::sample(80, 24);
        h.shell.app.no_colour = no_colour;
        h.shell.app.set_theme(groupscribe::theme::Theme::default());
        scripted_session(&mut h);
        h.keys("p");
        h.wait(30);
        h.shell.handle(Action::SaveFailed {
            error: "disk full".into(),
            waiting: 1,
        });
        let screen = h.screen();
        let coloured = h
            .shell
            .terminal
            .backend()
            .buffer()
            .content
            .iter()
            .filter(|cell| (cell.fg, cell.bg) != (Color::Reset, Color::Reset))
            .count();
        (screen, coloured)
    };
    let (screen, coloured) = every_state(true);
    insta::assert_snapshot!("no_colour_every_state", screen);
    assert_eq!(coloured, 0, "coloured cells under NO_COLOR:\n{screen}");
    // Risk is spelt out and pinned, the break is in words, and so is the
    // failed write.
    assert!(screen.contains("▲ RISK · elevated"), "{screen}");
    assert!(screen.contains("on a break — p resumes"), "{screen}");
    assert!(
        screen.contains("⚠ NOT SAVED (1 waiting, retrying): disk full"),
        "{screen}"
    );
    // The same screen with colours on has them: the check above can fail.
    let (coloured_screen, coloured) = every_state(false);
    assert_eq!(coloured_screen, screen);
    assert!(coloured > 0, "the default theme colours this screen");
}

/// Rebinding keys changes every hint that names them: the home footer and
/// rows, the live key bar, the break hint, the end confirmation, the help.
#[test]
fn rebound_keys_change_every_hint() {
    use groupscribe::tui::keymap::Command;
    let overrides = [
        (Command::Start, "n"),
        (Command::Follow, "v"),
        (Command::Quit, "x"),
        (Command::Break, "z"),
        (Command::End, "ctrl-q"),
        (Command::Leave, "L"),
        (Command::Help, "h"),
        // `h` is also the review's `earlier`: it moves off for help to have it.
        (Command::Earlier, "left"),
        (Command::Facilitator, "k"),
    ]
    .into_iter()
    .map(|(command, key)| (command, key.to_string()))
    .collect();
    let keymap = Keymap::default()
        .with_overrides(&overrides, std::path::Path::new("keymap.ron"), None)
        .unwrap();
    let group = std::fs::read_to_string(SAMPLE_GROUP).unwrap();
    let mut h = Harness::with_keymap(&group, 80, 24, keymap);
    let home = h.screen();
    assert!(home.contains(" n start  "), "{home}");
    assert!(home.contains("h help  x quit"), "{home}");
    assert!(!home.contains("Enter start"), "{home}");
    h.keys("\r");
    assert!(h.shell.app.live().is_none(), "Enter no longer starts");
    h.keys("n1");
    h.wait(60);
    h.keys("z");
    h.wait(10);
    let live = h.screen();
    assert!(live.contains("on a break — z resumes"), "{live}");
    assert!(live.contains("z break"), "{live}");
    assert!(live.contains("ctrl-q end"), "{live}");
    assert!(live.contains("k/F facil."), "{live}");
    assert!(
        !live.contains(" p break") && !live.contains(" q end"),
        "{live}"
    );
    h.keys("z");
    h.shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::CONTROL,
    )));
    let confirm = h.screen();
    assert!(
        confirm.contains("y/Enter end it · L leave without ending"),
        "{confirm}"
    );
    h.keys("\x1b");
    h.shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    // The status line cuts it; the whole message names the rebound keys.
    let ctrl_c = h.shell.app.message.clone().unwrap_or_default();
    assert!(
        ctrl_c.contains("ctrl-q then L leaves without ending")
            && ctrl_c.contains("ctrl-q then y ends it"),
        "{ctrl_c}"
    );
    h.keys("h");
    let help = h.screen();
    assert!(
        help.contains(" z      break: pause / resume clock"),
        "{help}"
    );
    assert!(help.contains(" ctrl-q end the session"), "{help}");
    assert!(help.contains(" h      this help"), "{help}");
    insta::assert_snapshot!("rebound_keys", format!("{home}\n{live}\n{confirm}\n{help}"));
    // Leaving with the rebound key: the home row names the rebound keys too.
    h.keys(" ");
    h.shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::CONTROL,
    )));
    h.keys("L");
    let left = h.screen();
    assert!(left.contains("interrupted — n resume · e end at"), "{left}");
    assert!(left.contains("n on it resumes"), "{left}");
}

/// `?` lists the keys of the screen in force: the home screen's on the home
/// screen, only what works when following.
#[test]
fn help_lists_the_keys_of_the_screen_in_force() {
    let mut h = Harness::sample(80, 24);
    h.keys("?");
    let help = h.screen();
    insta::assert_snapshot!("help_on_home", help);
    assert!(help.contains(" f      follow one being logged"), "{help}");
    assert!(help.contains(" q/Esc  quit groupscribe"), "{help}");
    assert!(!help.contains("the facilitator speaks"), "{help}");
    assert!(!help.contains("end the session"), "{help}");
}

#[test]
fn every_bundled_theme_draws_the_live_panel() {
    for (name, _) in groupscribe::theme::BUILT_IN {
        let mut h = Harness::sample(80, 24);
        let theme = groupscribe::theme::ThemeSource::BuiltIn(name)
            .load()
            .unwrap();
        let speaking = theme.speaking;
        h.shell.app.set_theme(theme);
        h.keys("\r3");
        let row = cell_style(&mut h, "Dana M.      ▶");
        assert_eq!(row.add_modifier, speaking.add_modifier, "{name}");
        assert_eq!(
            row.fg,
            Some(speaking.fg.unwrap_or(ratatui::style::Color::Reset)),
            "{name}"
        );
    }
}

#[test]
fn clicking_a_roster_row_starts_that_turn_and_the_wheel_scrolls() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::sample(80, 24);
    h.keys("\r");
    h.screen();
    let click = |row: u16| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // Row 3 is the roster's first line; member 4 is three lines further down.
    h.shell.handle(Action::Mouse(click(6)));
    assert!(h.screen().contains("Speaking: 4 Eli S."));
    h.shell.handle(Action::Mouse(click(10)));
    assert!(h.screen().contains("Speaking: f Facilitator"));
    for _ in 0..12 {
        h.keys("b\r");
    }
    let before = h.screen();
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 60,
        row: 8,
        modifiers: KeyModifiers::NONE,
    };
    h.shell.handle(Action::Mouse(wheel));
    h.shell.handle(Action::Mouse(wheel));
    assert_ne!(before, h.screen(), "the moments list scrolled");
}

#[test]
fn a_bad_config_file_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(
        &config,
        "(\n  version: 1,\n  theme: \"light\",\n  colours: 16,\n)\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .arg("config")
        .env("GROUPSCRIBE_CONFIG", &config)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("config.ron:4:3: Unexpected field named `colours`"),
        "{stderr}"
    );

    // The settings file does not know the commands; the keymap checks their
    // names when the settings are read, at the name's place.
    std::fs::write(
        &config,
        "(\n  version: 1,\n  keys: { end: \"ctrl-q\",\n    mutual_aide: \"M\" },\n)\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .arg("config")
        .env("GROUPSCRIBE_CONFIG", &config)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("config.ron:4:5: Unexpected variant named `mutual_aide`"),
        "{stderr}"
    );

    std::fs::write(&config, "(version: 1, theme: \"light\", names: Initials)\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .arg("config")
        .env("GROUPSCRIBE_CONFIG", &config)
        .env_remove("GROUPSCRIBE_DIR")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("names         Initials  [config]"),
        "{stdout}"
    );
    assert!(stdout.contains("theme         light"), "{stdout}");
}

#[test]
fn events_whose_fsync_failed_are_taken_back_before_any_frame_shows_them() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.screen();
    h.keys("2");
    // What the shell reports when the background fsync of event 2 fails.
    h.shell.handle(Action::Unsaved {
        from: groupscribe::model::EventId(2),
        error: "disk full".into(),
        waiting: 1,
    });
    let screen = h.screen();
    assert!(screen.contains("Speaking: 1 Ana R."), "{screen}");
    assert!(
        screen.contains("⚠ NOT SAVED (1 waiting, retrying): disk full"),
        "{screen}"
    );
    assert_eq!(h.shell.app.live().unwrap().session.events.len(), 1);
}

// ---- fidelity: conflicts, returns, attendance, shares ------------------------------

fn saved_session(h: &Harness) -> groupscribe::model::Session {
    let group = load_group(&h.store.join("thursday-peer-support/group.ron")).unwrap();
    load_session(&h.session_file(), Some(&group))
        .unwrap()
        .session
}

#[test]
fn c_offers_the_open_conflicts_and_an_update_continues_one() {
    use groupscribe::model::taxonomy::{ConflictStatus, ConflictType};
    use groupscribe::model::{EventKind, MemberId, MomentKind};
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(30);
    h.keys("c3\r"); // a process conflict about Ana, who is speaking
    h.keys("2");
    h.wait(20);
    h.keys("4");
    h.wait(20);
    h.keys("c");
    insta::assert_snapshot!("conflict_picker_offers_open_conflicts", h.screen());
    h.keys("1");
    let screen = h.screen();
    assert!(
        screen.contains("Conflict update · Ana R."),
        "the update takes the conflict's members, not the speakers:\n{screen}"
    );
    h.keys("c\r"); // resolved, while Ben and Eli have been speaking
    let session = saved_session(&h);
    let opened = session
        .events
        .iter()
        .find(|event| matches!(&event.kind, EventKind::Moment(m) if matches!(m.what, MomentKind::Conflict { .. })))
        .unwrap()
        .id;
    let EventKind::Moment(update) = &session.events.last().unwrap().kind else {
        panic!("{:?}", session.events.last())
    };
    assert_eq!(
        update.what,
        MomentKind::Conflict {
            kind: ConflictType::Process,
            status: ConflictStatus::Resolved,
            continues: Some(opened),
        }
    );
    assert_eq!(update.members, vec![MemberId::new("ana")]);
    // Resolved: `c` no longer offers it and goes straight to a new conflict.
    h.keys("c");
    let screen = h.screen();
    assert!(!screen.contains("update:"), "{screen}");
    assert!(screen.contains(" Conflict "), "{screen}");
    h.keys("\x1b");
    let group = load_group(&h.store.join("thursday-peer-support/group.ron")).unwrap();
    let note = groupscribe::note::progress_note(
        &group,
        &saved_session(&h),
        NameStyle::Alias,
        clock_now(h.shell.clock()),
    );
    assert!(
        note.contains(
            "**A process conflict** involving Ana R. emerged at 18:00 and was resolved at 18:01."
        ),
        "{note}"
    );
    assert!(!note.contains("Not resolved"), "{note}");
}

#[test]
fn a_member_who_left_early_is_asked_about_before_taking_the_floor() {
    use groupscribe::model::{AttendanceChange, EventKind, Floor, MemberId};
    let mut h = Harness::sample(80, 24);
    h.keys("\r2");
    h.wait(30);
    h.keys("1");
    h.wait(10);
    h.keys("a2\tpicked up his mother\r"); // Ben has spoken: left early is proposed
    let saved = saved_session(&h).events;
    assert_eq!(
        saved.last().unwrap().kind,
        EventKind::Attendance {
            member: MemberId::new("ben"),
            change: AttendanceChange::LeftEarly,
            text: Some("picked up his mother".into()),
        }
    );
    h.wait(60);
    h.keys("2");
    insta::assert_snapshot!("left_early_member_takes_the_floor", h.screen());
    assert_eq!(
        saved_session(&h).events.len(),
        saved.len(),
        "nothing logged yet"
    );
    h.keys("\x1b");
    let screen = h.screen();
    assert!(screen.contains("Speaking: 1 Ana R."), "{screen}");
    assert_eq!(
        saved_session(&h).events.len(),
        saved.len(),
        "Esc logs nothing"
    );
    h.keys("2y");
    let events = saved_session(&h).events;
    let kinds: Vec<&EventKind> = events[saved.len()..].iter().map(|e| &e.kind).collect();
    assert_eq!(
        kinds,
        [
            &EventKind::Attendance {
                member: MemberId::new("ben"),
                change: AttendanceChange::Arrived,
                text: None,
            },
            &EventKind::Floor(Floor::Member(MemberId::new("ben"))),
        ]
    );
    assert!(h.screen().contains("Speaking: 2 Ben K."));
}

#[test]
fn the_attendance_picker_proposes_arrived_for_a_member_not_yet_arrived() {
    use groupscribe::model::{AttendanceChange, EventKind};
    let mut h = Harness::sample(80, 24);
    h.keys("\r1");
    h.wait(30);
    // Fay: no turn, nothing logged — a late member before she comes.
    h.keys("a5\r");
    // Ana has the floor: she is here, so she can only leave.
    h.keys("a1\r");
    // Gus is logged absent, then comes.
    h.keys("a6\x33\r"); // 6 Gus, then 3 = absent
    h.keys("a6\r");
    let changes: Vec<(String, AttendanceChange)> = saved_session(&h)
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Attendance { member, change, .. } => Some((member.to_string(), *change)),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("fay".to_string(), AttendanceChange::Arrived),
            ("ana".to_string(), AttendanceChange::LeftEarly),
            ("gus".to_string(), AttendanceChange::Absent),
            ("gus".to_string(), AttendanceChange::Arrived),
        ]
    );
}

#[test]
fn screen_and_note_give_one_facilitators_share() {
    use groupscribe::model::Floor;
    use groupscribe::note::{NoteFacts, NoteOptions};
    let mut h = Harness::sample(80, 24);
    scripted_session(&mut h); // with crosstalk, which both count
    let screen = h.screen();
    let group = load_group(&h.store.join("thursday-peer-support/group.ron")).unwrap();
    let facts = NoteFacts::gather(
        &group,
        &saved_session(&h),
        NoteOptions::default(),
        clock_now(h.shell.clock()),
    );
    let facilitator = facts
        .participation
        .speakers
        .iter()
        .find(|row| row.floor == Floor::Facilitator)
        .unwrap();
    let share = facilitator.share_of_all_talk.unwrap();
    assert_eq!(facts.participation.facilitator_share, Some(share));
    let shown = format!("{:.0}% talk", share * 100.0);
    let row = screen
        .lines()
        .find(|line| line.contains("f Facilitator"))
        .unwrap();
    assert!(row.contains(&shown), "note {share}, screen: {row}");
}

/// The record stands alone: with group.ron unreadable, following a session reads
/// the group from the snapshot in the session's own header.
#[test]
fn following_reads_the_snapshot_when_group_ron_is_broken() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r12");
    let path = h.session_file();
    let group_path = h.store.join("thursday-peer-support/group.ron");
    std::fs::write(&group_path, "(version: 1, name: \"broken").unwrap();
    let mut follower = Harness::on_store(&h, start_time());
    follower.shell.follow(&path);
    let screen = follower.screen();
    assert!(screen.contains("FOLLOWING"), "{screen}");
    assert!(screen.contains("1 Ana R."), "{screen}");
    assert!(screen.contains("saved ✓ 2"), "{screen}");
}

/// Following, the co-facilitator logs a moment with the live panel's keys: it
/// goes to their own companion file, never to the facilitator's, shows in the
/// followed panel with its author, and the facilitator's note lists it.
#[test]
fn a_follower_logs_a_mutual_aid_moment_to_their_own_companion_file() {
    let mut h = Harness::sample(80, 24);
    h.keys("\r12");
    let path = h.session_file();
    let before = std::fs::read(&path).unwrap();
    let mut follower = Harness::on_store(&h, start_time());
    follower.shell.follow(&path);
    follower.shell.clock().advance(30);
    follower.keys("m");
    let picker = follower.screen();
    assert!(
        picker.contains("Mutual aid"),
        "the same picker opens:\n{picker}"
    );
    follower.shell.handle(Action::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(
        follower.shell.app.message.as_deref(),
        Some("Ctrl-C does not quit: Esc closes the picker, then q stops following.")
    );
    follower.keys("6\r");

    let companion = path.with_extension("cofac.ron");
    let text = std::fs::read_to_string(&companion).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains("author:CoFacilitator") && lines[0].contains(".ron\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("id:1000001") && lines[1].contains("by:CoFacilitator"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("MutualAid"), "{}", lines[1]);
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&companion).unwrap().permissions()
        ) & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the facilitator's file is untouched"
    );

    let screen = follower.screen();
    let row = screen
        .lines()
        .find(|line| line.contains("(co)"))
        .unwrap_or_else(|| panic!("the moment shows with its author:\n{screen}"));
    assert!(row.contains("18:00"), "{row}");
    insta::assert_snapshot!(screen);

    // Turns stay the facilitator's: the message comes from the keymap.
    follower.keys("3");
    let screen = follower.screen();
    assert!(
        screen.contains("Turns and attendance are the facilitator's"),
        "{screen}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // A second follower is refused the companion's lock; nothing is written.
    let mut second = Harness::on_store(&h, start_time());
    second.shell.follow(&path);
    second.keys("m6\r");
    let screen = second.screen();
    assert!(
        screen.contains("another groupscribe is logging the co-"),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(&companion).unwrap(), text);

    // Once the first follower leaves, the lock is let go: the second one logs,
    // after the first one's moment, in the same file.
    follower.keys("q");
    second.keys("t");
    second.keys("second\r");
    let lines = std::fs::read_to_string(&companion).unwrap();
    let lines: Vec<&str> = lines.lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[2].contains("id:1000002") && lines[2].contains("second"),
        "{}",
        lines[2]
    );
    second.keys("q");

    // The facilitator's note reads the record: the co-facilitator's moment is in it.
    h.keys("qys");
    let note = std::fs::read_to_string(path.with_extension("note.md")).unwrap();
    assert!(
        note.contains("**Mutual support**: Ana R. and Ben K. at 18:00"),
        "{note}"
    );
    // ... and says who logged it.
    assert!(
        note.contains("Ana R. and Ben K. at 18:00 (logged by the co-facilitator)"),
        "{note}"
    );
    let facilitator_only = std::fs::read_to_string(&path).unwrap();
    assert!(!facilitator_only.contains("CoFacilitator,kind:Moment"));
}

/// `--as co-facilitator`: a second observer logs the whole session (turns too)
/// in a file of their own whose header says whose log it is and of which
/// session; `compare` takes it as B against the facilitator's.
#[test]
fn a_second_observers_log_says_whose_it_is_and_compares_with_the_facilitators() {
    let mut facilitator = Harness::sample(80, 24);
    let mut observer = Harness::sample(80, 24);
    observer.shell.app.author = groupscribe::model::Author::CoFacilitator;
    observer.keys("\r");
    let screen = observer.screen();
    assert!(
        screen.contains("session 1 of 10 · your log as co-facilitator"),
        "{screen}"
    );
    facilitator.keys("\r");
    for h in [&mut facilitator, &mut observer] {
        h.keys("1");
        h.wait(60);
        h.keys("2");
        h.wait(60);
    }
    // The observer heard Dana where the facilitator logged Ana, at the end.
    facilitator.keys("1");
    observer.keys("3");
    for h in [&mut facilitator, &mut observer] {
        h.wait(60);
        h.keys("qys");
    }
    let a = facilitator.session_file();
    let b = observer.session_file();
    let text = std::fs::read_to_string(&b).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("observer:Some((author:CoFacilitator,observes:\"2026-11-19-s01.ron\"))"),
        "{header}"
    );
    assert!(
        text.lines()
            .skip(1)
            .all(|line| line.contains("by:CoFacilitator")),
        "{text}"
    );
    let a_header = std::fs::read_to_string(&a).unwrap();
    assert!(!a_header.lines().next().unwrap().contains("observer"));
    let loaded = load_session(&b, None).unwrap();
    assert_eq!(
        loaded.session.header.author(),
        groupscribe::model::Author::CoFacilitator
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .args(["compare".as_ref(), a.as_os_str(), b.as_os_str()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Two of three minutes agree.
    assert!(stdout.contains("percent agreement  66.7%"), "{stdout}");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .args(["check".as_ref(), b.as_os_str()])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}
