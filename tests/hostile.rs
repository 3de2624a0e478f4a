//! Hostile files and terminals: a session file that is a symbolic link, a
//! session in another group's folder, escape sequences in every piece of user
//! text that reaches a terminal, and a crash leftover cut mid-character.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TempStore, Tui};
use groupscribe::model::{Event, EventId, EventKind, Floor, Moment, MomentKind};
use groupscribe::store::{self, SessionWriter};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const T: Duration = Duration::from_secs(20);

/// Every escape a terminal would obey: CSI, OSC (title, hyperlink), BEL, C1 CSI,
/// backspace and carriage return (which overwrite what was shown), a bidi override.
const HOSTILE: &str = "\u{1b}[21t\u{1b}[2J\u{1b}[31mX\u{1b}]0;owned\u{7}\u{1b}]8;;http://e\u{1b}\\Y\u{9b}1m\u{8}\r\u{202e}Z";

/// RON for `HOSTILE` inside a string.
fn ron_hostile() -> String {
    HOSTILE
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                if c == '\\' || c == '"' {
                    format!("\\{c}")
                } else {
                    c.to_string()
                }
            } else {
                format!("\\u{{{:x}}}", c as u32)
            }
        })
        .collect()
}

/// Fails naming the first byte a terminal would act on that is not ratatui's
/// own drawing (`allow_csi`: the TUI's output, where CSI is how it draws).
fn assert_inert(what: &str, bytes: &[u8], allow_csi: bool) {
    let text = String::from_utf8_lossy(bytes);
    for (at, c) in text.char_indices() {
        let bad = match c {
            '\n' | '\t' => false,
            '\u{1b}' if allow_csi => {
                // ratatui and crossterm write CSI sequences (ESC [) only, never OSC.
                !text[at + 1..].starts_with('[')
            }
            '\r' if allow_csi => false,
            c => groupscribe::diag::terminal::is_hostile(c),
        };
        assert!(
            !bad,
            "{what}: {c:?} at byte {at} reaches the terminal:\n{:?}",
            &text[at.saturating_sub(40)..(at + 40).min(text.len())]
        );
    }
    // A CSI of the user's own (report the window title) never arrives whole;
    // ratatui and crossterm never write it.
    assert!(
        !text.contains("\u{1b}[21t"),
        "{what}: the CSI in the user's text arrived whole"
    );
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(common::BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("GROUPSCRIBE_DIR")
        .env("GROUPSCRIBE_CONFIG", cwd.join("no-config.ron"))
        .stdin(Stdio::null())
        .output()
        .expect("run groupscribe");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A store whose group and a member are named with `HOSTILE`, and one session of it.
fn hostile_store() -> (TempStore, PathBuf) {
    let store = TempStore::new();
    let group_ron = store.group_folder().join("group.ron");
    let original = std::fs::read_to_string(&group_ron).unwrap();
    let hostile = original
        .replace(
            "name: \"Thursday Peer Support\"",
            &format!("name: \"Thursday{}\"", ron_hostile()),
        )
        .replace(
            "name: \"Ana Ruiz\"",
            &format!("name: \"Ana{}\"", ron_hostile()),
        )
        .replace(
            "alias: \"Ana R.\"",
            &format!("alias: \"Ana{}\"", ron_hostile()),
        );
    assert_ne!(hostile, original);
    std::fs::write(&group_ron, hostile).unwrap();
    let group = store.group();
    assert!(group.name.contains('\u{1b}'));
    let mut header = groupscribe::sample::sessions(&group, common::SLUG)
        .remove(0)
        .header;
    header.snapshot = Some(group.clone());
    let path = store.group_folder().join("2026-11-05-s01.ron");
    let mut writer = SessionWriter::create(&path, &header).unwrap();
    let at = header.started;
    let events = [
        EventKind::Floor(Floor::Member(groupscribe::model::MemberId::new("ana"))),
        EventKind::Moment(Moment {
            what: MomentKind::Note,
            members: vec![],
            text: Some(format!("said{HOSTILE}")),
        }),
        EventKind::Ended,
    ];
    for (n, kind) in events.into_iter().enumerate() {
        writer
            .append(&Event {
                id: EventId(n as u32 + 1),
                at: at + chrono::TimeDelta::seconds(n as i64 + 1),
                by: groupscribe::model::Author::Facilitator,
                kind,
            })
            .unwrap();
    }
    (store, path)
}

#[test]
fn check_events_note_and_errors_never_print_an_escape_sequence() {
    let (store, session) = hostile_store();
    let root = store.root();
    let group_ron = store.group_folder().join("group.ron");
    let s = session.to_str().unwrap();
    for (what, args) in [
        (
            "check group.ron",
            vec!["check", group_ron.to_str().unwrap()],
        ),
        ("check session", vec!["check", s]),
        ("events", vec!["events", s, "--history"]),
        ("note", vec!["note", s]),
        ("note --names full", vec!["--names", "full", "note", s]),
    ] {
        let out = run(root, &args);
        assert_eq!(out.code, Some(0), "{what}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains('\u{FFFD}'),
            "{what} does not show the name at all:\n{}",
            text(&out.stdout)
        );
        assert_inert(what, &out.stdout, false);
        assert_inert(what, &out.stderr, false);
    }
    // An error quoting the file's text: an unknown command name in a keymap.
    let keymap = root.join("keymap.ron");
    std::fs::write(
        &keymap,
        format!("(version: 1, keys: {{ \"x{}\": \"M\" }})\n", ron_hostile()),
    )
    .unwrap();
    let out = run(root, &["check", keymap.to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    assert!(
        text(&out.stderr).contains("keymap.ron:1:"),
        "{}",
        text(&out.stderr)
    );
    assert_inert("check keymap (error)", &out.stderr, false);
    // A group file whose bad line quotes escape sequences.
    std::fs::write(
        &group_ron,
        format!("(version: 1, name: \"G\", type: {}Support)\n", HOSTILE),
    )
    .unwrap();
    let out = run(root, &["check", group_ron.to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    assert_inert("check group.ron (error)", &out.stderr, false);
}

#[test]
fn import_rttm_prints_labels_and_file_ids_inert() {
    let store = TempStore::new();
    let root = store.root();
    let rttm = root.join("meeting.rttm");
    let id = format!("IS{HOSTILE}");
    let id = id.replace([' ', '\t', '\n', '\r'], "");
    let mut lines = String::new();
    for (n, label) in ["A\u{1b}]0;owned\u{7}", "B\u{9b}2J", "C\u{1b}[31m"]
        .iter()
        .enumerate()
    {
        lines.push_str(&format!(
            "SPEAKER {id} 1 {} 2.5 <NA> <NA> {label} <NA> <NA>\n",
            n * 3
        ));
    }
    std::fs::write(&rttm, lines).unwrap();
    let out = run(
        root,
        &[
            "--dir",
            root.to_str().unwrap(),
            "import",
            "rttm",
            rttm.to_str().unwrap(),
            "--group",
            common::SLUG,
            "--start",
            "2026-11-26T18:00:00+00:00",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Speakers:"),
        "{}",
        text(&out.stdout)
    );
    assert_inert("import rttm", &out.stdout, false);
    assert_inert("import rttm", &out.stderr, false);
    // A label that is refused is quoted in the error, inert too.
    let out = run(
        root,
        &[
            "--dir",
            root.to_str().unwrap(),
            "import",
            "rttm",
            rttm.to_str().unwrap(),
            "--group",
            common::SLUG,
            "--start",
            "2026-11-27T18:00:00+00:00",
            "--speaker",
            "A\u{1b}]0;owned\u{7}=nobody",
        ],
    );
    assert_eq!(out.code, Some(1), "{}", text(&out.stdout));
    assert_inert("import rttm (error)", &out.stderr, false);
}

#[test]
fn the_tui_draws_hostile_names_without_their_escapes() {
    let (store, _) = hostile_store();
    let mut tui = Tui::start(store.root());
    tui.wait_for("Thursday", T);
    // A new session: the live panel shows the members' names.
    tui.send("\r");
    let live = tui.wait_for("Ana", T);
    tui.send("1");
    tui.wait_until("Ana's turn drawn", T, |screen| {
        common::saved_count(screen).is_some_and(|n| n >= 1)
    });
    let raw = tui.raw_output();
    assert_inert("the TUI", &raw, true);
    assert!(live.contains('\u{FFFD}') || live.contains("Ana"), "{live}");
    tui.kill_9();
}

#[test]
fn a_symlinked_session_is_never_appended_through() {
    let store = TempStore::new();
    let group = store.group();
    let header = groupscribe::sample::sessions(&group, common::SLUG)
        .remove(0)
        .header;
    // Another group's record, and a link to it in this group's folder.
    let elsewhere = store.root().join("other-group");
    std::fs::create_dir(&elsewhere).unwrap();
    let target = elsewhere.join("2026-11-05-s01.ron");
    drop(SessionWriter::create(&target, &header).unwrap());
    let before = std::fs::read(&target).unwrap();
    let link = store.group_folder().join("2026-11-05-s01.ron");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let error = SessionWriter::resume(&link, &group)
        .unwrap_err()
        .to_string();
    assert!(error.contains("symbolic link"), "{error}");
    assert!(error.contains("nothing was written"), "{error}");
    // The CLI's appends (amend, late, sign...) refuse it too, with the message.
    let out = run(
        store.root(),
        &[
            "late",
            link.to_str().unwrap(),
            "--as",
            "facilitator",
            "--at",
            "18:10",
            "--reason",
            "missed",
            "--moment",
            "Note",
            "--text",
            "x",
        ],
    );
    assert_eq!(out.code, Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("symbolic link"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        before,
        "the target was written"
    );
    // The TUI's resume: the session is listed, opening it refuses and says why.
    let mut tui = Tui::start(store.root());
    tui.wait_for("Thursday", T);
    tui.send("j\r");
    tui.wait_for("r resume", T);
    tui.send("r");
    tui.wait_for("symbolic link", T);
    tui.kill_9();
    assert_eq!(
        std::fs::read(&target).unwrap(),
        before,
        "the target was written"
    );
}

#[test]
fn a_session_in_another_groups_folder_is_reported_and_never_appended_to() {
    let store = TempStore::new();
    let group = store.group();
    let mut header = groupscribe::sample::sessions(&group, common::SLUG)
        .remove(0)
        .header;
    header.group = "monday-anger-management".into();
    let path = store.group_folder().join("2026-11-05-s01.ron");
    drop(SessionWriter::create(&path, &header).unwrap());
    let before = std::fs::read(&path).unwrap();
    let error = SessionWriter::resume(&path, &group)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("belongs to the group \"monday-anger-management\""),
        "{error}"
    );
    let out = run(store.root(), &["check", path.to_str().unwrap()]);
    assert_eq!(out.code, Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("in the folder of the group \"thursday-peer-support\""),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_tail_cut_mid_character_is_checked_and_kept_byte_for_byte() {
    let store = TempStore::new();
    let group = store.group();
    let header = groupscribe::sample::sessions(&group, common::SLUG)
        .remove(0)
        .header;
    let path = store.group_folder().join("2026-11-05-s01.ron");
    let mut writer = SessionWriter::create(&path, &header).unwrap();
    writer
        .append(&Event {
            id: EventId(1),
            at: header.started,
            by: groupscribe::model::Author::Facilitator,
            kind: EventKind::Floor(Floor::Silence),
        })
        .unwrap();
    drop(writer);
    let whole = std::fs::read(&path).unwrap();
    // A write cut after the first byte of "é" (0xC3 0xA9), and a stray 0xFF.
    let tail: &[u8] = b"(id:2,at:\"2026-11-05T18:01:00Z\",by:Facilitator,kind:Moment((what:Note,text:Some(\"caf\xc3";
    let mut torn = whole.clone();
    torn.extend_from_slice(tail);
    std::fs::write(&path, &torn).unwrap();

    let out = run(store.root(), &["check", path.to_str().unwrap()]);
    let said = text(&out.stdout);
    assert_eq!(out.code, Some(0), "{}", text(&out.stderr));
    assert!(said.contains("1 events"), "{said}");
    assert!(
        said.contains(&format!(
            "line 3 (from byte {}, {} bytes, ending mid-character)",
            whole.len(),
            tail.len()
        )),
        "{said}"
    );

    let (_writer, loaded) = SessionWriter::resume(&path, &group).unwrap();
    assert_eq!(loaded.torn.as_ref().map(|t| t.bytes.as_slice()), Some(tail));
    let mut kept = tail.to_vec();
    kept.push(b'\n');
    assert_eq!(std::fs::read(store::torn_path(&path)).unwrap(), kept);
    assert_eq!(std::fs::read(&path).unwrap(), whole);
}
