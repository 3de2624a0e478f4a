#![allow(clippy::unwrap_used, clippy::expect_used)]

//! The group and roster editor (`g` on the home screen), the home screen's
//! line before session 1, and the agenda in the segment picker: the real
//! `Shell` on a `TestBackend`, driven by key events, over real files.

use groupscribe::model::{MemberId, NameStyle};
use groupscribe::store::{Store, load_group};
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
    group_file: PathBuf,
}

fn now() -> groupscribe::model::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap()
}

impl Harness {
    fn new(group_ron: &str, width: u16, height: u16) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("sessions");
        let folder = store.join("thursday-peer-support");
        std::fs::create_dir_all(&folder).unwrap();
        let group_file = folder.join("group.ron");
        std::fs::write(&group_file, group_ron).unwrap();
        let app = App::new(Keymap::default(), NameStyle::Alias, now());
        let terminal =
            Terminal::new(groupscribe::tui::Held::new(TestBackend::new(width, height))).unwrap();
        let mut shell = Shell::new(
            app,
            terminal,
            Store::open(&store).unwrap(),
            ManualClock::new(now()),
        );
        shell.start();
        Harness {
            shell,
            _dir: dir,
            group_file,
        }
    }

    fn sample(width: u16, height: u16) -> Harness {
        Harness::new(
            &std::fs::read_to_string(SAMPLE_GROUP).unwrap(),
            width,
            height,
        )
    }

    /// `\r` Enter, `\x1b` Esc, `\x08` Backspace, anything else a character.
    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\r' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                '\x08' => KeyCode::Backspace,
                c => KeyCode::Char(c),
            };
            self.shell
                .handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        }
    }

    fn screen(&mut self) -> String {
        self.shell.draw().unwrap();
        let buffer = self.shell.terminal.backend().buffer();
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
}

/// The list's rows before the roster: 13 plan fields, the sample's 3 group
/// goals and "+ add", its 10 planned sessions and "+ plan".
const FIRST_MEMBER_ROW: usize = 13 + 3 + 1 + 10 + 1;

#[test]
fn the_editor_at_80x24_and_160x48() {
    for (width, height) in [(80, 24), (160, 48)] {
        let mut h = Harness::sample(width, height);
        h.keys("g");
        let screen = h.screen();
        assert!(
            screen.contains("Thursday Peer Support — plan and roster"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("editor_list_{width}x{height}"), screen);
        h.keys(&"j".repeat(FIRST_MEMBER_ROW));
        h.keys("\r");
        let screen = h.screen();
        assert!(screen.contains("Ana Ruiz (ana)"), "{screen}");
        insta::assert_snapshot!(format!("editor_member_page_{width}x{height}"), screen);
        // `?` lists the editor's keys, from the keymap.
        h.keys("?");
        let help = h.screen();
        for line in [
            "mark the member as left",
            "save group.ron (atomic)",
            "back (asks if unsaved)",
        ] {
            assert!(help.contains(line), "{line:?} not in the help:\n{help}");
        }
        h.keys("x"); // closes the help only
        assert!(h.screen().contains("Ana Ruiz (ana)"));
    }
}

#[test]
fn add_a_member_mark_one_left_edit_goals_and_save_keeping_comments_and_unknown_fields() {
    let text = std::fs::read_to_string(SAMPLE_GROUP).unwrap().replace(
        "  planned_sessions: 10,\n",
        "  planned_sessions: 10,\n  funding_code: \"TPS-2026\", // ours, not groupscribe's\n",
    );
    let mut h = Harness::new(&text, 80, 24);
    h.keys("g");
    // A new member: id, then name; their page opens.
    h.keys("aivy\rIvy Chen\r");
    let screen = h.screen();
    assert!(screen.contains("Ivy Chen (ivy)"), "{screen}");
    assert!(screen.contains("● unsaved changes"), "{screen}");
    // Consent (the 6th detail), then a goal and its +2 level.
    h.keys("jjjjj\r\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\x082026-11-12\r");
    h.keys(&"j".repeat(11 - 5));
    h.keys("\rGo back to the choir\r");
    h.keys("jjjjj\rsings at the concert\r");
    let screen = h.screen();
    assert!(screen.contains("Goal 1  Go back to the choir"), "{screen}");
    assert!(
        screen.contains("+2  much more than expected  sings at the concert"),
        "{screen}"
    );
    insta::assert_snapshot!("editor_new_member_with_a_scale", screen);
    // Back to the list; Ben (the second member) leaves.
    h.keys("q");
    h.keys("q"); // unsaved: asks first
    let screen = h.screen();
    assert!(
        screen.contains("Unsaved changes: s saves them; q again leaves without saving."),
        "{screen}"
    );
    h.keys("j"); // any other key forgets the question
    h.keys("k");
    // From the top: to Ben.
    for _ in 0..200 {
        if h.screen().contains(" ▸ ben") {
            break;
        }
        h.keys("j");
    }
    h.keys("l\x08\x08\x08\x08\x08\x08\x08\x08\x08\x082026-11-26\r");
    let screen = h.screen();
    assert!(screen.contains("Ben Kowalski"), "{screen}");
    assert!(screen.contains("left 2026-11-26"), "{screen}");
    // x on a member never deletes.
    h.keys("x");
    assert!(h.screen().contains("Members are never deleted"));
    h.keys("s");
    let screen = h.screen();
    assert!(screen.contains("Saved"), "{screen}");
    assert!(screen.contains("saved"), "{screen}");
    insta::assert_snapshot!("editor_saved_with_ben_left", screen);

    let saved = std::fs::read_to_string(&h.group_file).unwrap();
    for kept in [
        "// A fictional group: every name and detail here is invented for demonstration.",
        "#![enable(implicit_some)]",
        "funding_code: \"TPS-2026\", // ours, not groupscribe's",
    ] {
        assert!(saved.contains(kept), "lost {kept:?}:\n{saved}");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&h.group_file)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let group = load_group(&h.group_file).unwrap();
    assert_eq!(group.members.len(), 8, "nobody deleted");
    let ben = group.member(&MemberId::new("ben")).unwrap();
    assert_eq!(ben.left, chrono::NaiveDate::from_ymd_opt(2026, 11, 26));
    let ivy = group.member(&MemberId::new("ivy")).unwrap();
    assert_eq!(
        ivy.joined,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 19),
        "joins today"
    );
    assert_eq!(
        ivy.consent.as_ref().map(|c| c.date),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 12)
    );
    assert_eq!(
        ivy.scale(0).and_then(|s| s.level(2)),
        Some("sings at the concert")
    );
    // Saved: q leaves at once.
    h.keys("q");
    assert!(h.screen().contains("groupscribe — groups and sessions"));
}

#[test]
fn a_wrong_value_says_why_and_keeps_the_line_open() {
    let mut h = Harness::sample(80, 24);
    h.keys("g");
    h.keys("jjjjjj\r"); // session minutes
    h.keys("\x08\x08five\r");
    let screen = h.screen();
    assert!(
        screen.contains("\"five\" is not a whole number"),
        "{screen}"
    );
    assert!(
        screen.contains("session minutes (minutes, 15..480): five"),
        "{screen}"
    );
    h.keys("\x08\x08\x08\x085\r");
    // Accepted as typed, but the plan now has a problem, shown, and the save refuses it.
    let screen = h.screen();
    assert!(screen.contains("✗ session_minutes is 5"), "{screen}");
    h.keys("s");
    let screen = h.screen();
    assert!(screen.contains("Not saved"), "{screen}");
    let on_disk = load_group(&h.group_file).unwrap();
    assert_eq!(on_disk.session_minutes, Some(90), "nothing written");
    // A file changed under the editor is not overwritten.
    h.keys("\r\x0890\r");
    let text = std::fs::read_to_string(&h.group_file).unwrap();
    std::fs::write(&h.group_file, text.replace("Sam Okafor", "Samira Okafor")).unwrap();
    h.keys("\r\x08\x0895\r");
    h.keys("s");
    let screen = h.screen();
    assert!(screen.contains("changed on disk"), "{screen}");
    assert!(
        std::fs::read_to_string(&h.group_file)
            .unwrap()
            .contains("Samira Okafor")
    );
}

#[test]
fn home_says_what_a_group_without_sessions_still_lacks() {
    let bare = r#"(version: 1, name: "Thursday Peer Support", type: Support,
        facilitator: "Sam Okafor", members: [(id: "ana", name: "Ana Ruiz")])"#;
    let mut h = Harness::new(bare, 80, 24);
    let screen = h.screen();
    assert!(
        screen.contains("◦ 10 things to plan before session 1 (first: no purpose) — g plans it"),
        "{screen}"
    );
    insta::assert_snapshot!("home_before_session_1", screen);
    // The sample group, fully planned, has no such line.
    let mut h = Harness::sample(80, 24);
    assert!(!h.screen().contains("before session 1"));
}

#[test]
fn the_segment_picker_offers_session_1s_agenda_first() {
    let sample = std::fs::read_to_string(SAMPLE_GROUP).unwrap();
    let first = sample
        .lines()
        .find(|line| line.contains("(session: 1,"))
        .unwrap();
    let planned = sample.replace(
        first,
        &first.replace(
            "[\"check-in\", \"main activity\", \"check-out\"]",
            "[\"check-in\", \"contract\", \"introductions round\", \"check-out\"]",
        ),
    );
    assert_ne!(planned, sample);
    let mut h = Harness::new(&planned, 80, 24);
    h.keys("\r"); // session 1 of the sample group
    h.keys("s");
    let screen = h.screen();
    assert!(
        screen.contains("1 check-in 2 contract 3 introductions round 4 check-out 5 main activity"),
        "{screen}"
    );
    h.keys("\r"); // check-in, proposed first
    h.keys("s\r"); // then the contract
    let screen = h.screen();
    assert!(screen.contains("contract"), "{screen}");
    insta::assert_snapshot!("segment_picker_agenda_logged", screen);
}
