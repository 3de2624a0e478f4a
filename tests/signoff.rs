//! End to end: a session logged in a pseudo-terminal, then reviewed from the
//! command line: amend a moment and a turn with reasons, a late entry, sign as
//! facilitator, amend again (an addendum), sign as supervisor; the note reads
//! it all; a signed line edited by hand makes `check` fail naming that line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TempStore, Tui};

const T: std::time::Duration = std::time::Duration::from_secs(10);
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(common::BIN)
        .args(args)
        .env_remove("GROUPSCRIBE_DIR")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run groupscribe");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "{args:?}\nstdout: {stdout}\nstderr: {stderr}");
    stdout
}

/// Logs two turns (ids 1 and 2) and ends the session; returns its path.
fn logged_session(store: &TempStore) -> std::path::PathBuf {
    let mut tui = Tui::start(store.root());
    tui.wait_for("Thursday Peer Support", T);
    tui.send("\r");
    tui.wait_for("saved ✓ 0", T);
    tui.send("1");
    tui.wait_for("saved ✓ 1", T);
    tui.send("2");
    tui.wait_for("saved ✓ 2", T);
    tui.send("qys");
    tui.wait_for("Note written to", T);
    tui.send("q");
    assert!(tui.wait_exit(T).success());
    store.only_session()
}

#[test]
fn review_amend_late_sign_addendum_and_a_hand_edit_caught_by_check() {
    let store = TempStore::new();
    let session = logged_session(&store);
    let path = session.to_str().unwrap();
    let events = ok(&["events", path]);
    // The session lasts under a second: the late moment is dated at its start.
    let late_at = events[events.find("started ").unwrap() + 8 + 11..][..8].to_string();

    // A turn's speaker, by the co-facilitator, in their own file.
    ok(&[
        "amend",
        path,
        "--event",
        "1",
        "--as",
        "co-facilitator",
        "--reason",
        "it was Dana, not Ana",
        "--speaker",
        "dana",
    ]);
    // A missed moment, dated then.
    ok(&[
        "late",
        path,
        "--at",
        &late_at,
        "--reason",
        "missed while writing",
        "--moment",
        "MutualAid(MutualSupport)",
        "--members",
        "ana,ben",
    ]);
    let cofac = session.with_extension("cofac.ron");
    assert!(cofac.is_file(), "the co-facilitator's companion file");
    // Amend that moment (id 1000002 in the co-facilitator's range).
    ok(&[
        "amend",
        path,
        "--event",
        "1000002",
        "--as",
        "co-facilitator",
        "--reason",
        "Ben gave, Ana took",
        "--members",
        "ben,ana",
        "--text",
        "offered a lift",
    ]);
    ok(&[
        "debrief",
        path,
        "--text",
        "Dana carried the group tonight; check in with Ben.",
    ]);
    let before = std::fs::read(&session).unwrap();
    ok(&[
        "sign",
        path,
        "--as",
        "facilitator",
        "--name",
        "Lee Park",
        "--comment",
        "reviewed with co-facilitator",
    ]);
    // After the facilitator's signature: an addendum.
    ok(&[
        "amend",
        path,
        "--event",
        "2",
        "--as",
        "facilitator",
        "--reason",
        "the second turn was Ben",
        "--speaker",
        "ben",
    ]);
    ok(&[
        "return",
        path,
        "--as",
        "supervisor",
        "--name",
        "Jo Supervisor",
        "--comment",
        "add the plan",
    ]);
    let returned = std::fs::read_to_string(groupscribe::store::note_path(&session)).unwrap();
    assert!(
        returned.contains("Returned for revision: add the plan"),
        "{returned}"
    );
    ok(&[
        "sign",
        path,
        "--as",
        "supervisor",
        "--name",
        "Jo Supervisor",
    ]);

    // The session file only grew: every original line is unchanged.
    let after = std::fs::read(&session).unwrap();
    assert_eq!(&after[..before.len()], &before[..]);

    let note = std::fs::read_to_string(groupscribe::store::note_path(&session)).unwrap();
    for wanted in [
        "## Changes to the record",
        "#1 amended by the co-facilitator",
        "now reads Dana M. speaks. Reason: it was Dana, not Ana.",
        "late entry by the co-facilitator",
        "Reason: missed while writing.",
        "Reason: Ben gave, Ana took.",
        "## Co-facilitator's review",
        "Dana carried the group tonight",
        "## Addenda after sign-off",
        "Addendum: #2 amended by the facilitator",
        "Signed by Lee Park (facilitator)",
        "Jo Supervisor (supervisor)",
        "signed (SHA-256): reviewed with co-facilitator",
        // The body reads the amended moment, marked with why, who and when.
        "offered a lift",
        "(amended: Ben gave, Ana took — by the co-facilitator on ",
    ] {
        assert!(note.contains(wanted), "the note lacks {wanted:?}:\n{note}");
    }
    assert!(
        !note.contains("Returned for revision"),
        "signed since:\n{note}"
    );
    assert!(!note.contains("Draft: not signed yet"), "{note}");

    let html = ok(&["note", path, "--format", "html"]);
    for wanted in [
        "<h2>Changes to the record</h2>",
        "<h2>Co-facilitator&#39;s review</h2>",
        "<h2>Addenda after sign-off</h2>",
        "Signed by Lee Park (facilitator)",
        "<td>Jo Supervisor</td>",
    ] {
        assert!(html.contains(wanted), "the HTML note lacks {wanted:?}");
    }

    let history = ok(&["events", path, "--history"]);
    assert!(history.contains("History of the record:"), "{history}");
    assert!(
        history.contains("#1 amended by the co-facilitator"),
        "{history}"
    );

    let checked = ok(&["check", cofac.to_str().unwrap()]);
    assert!(checked.contains("(the co-facilitator's file)"), "{checked}");
    let checked = ok(&["check", path]);
    assert!(
        checked.contains("3 signature(s) verified") || checked.contains("signature(s) verified"),
        "{checked}"
    );

    // Edit a signed line by hand: line 2 (the first turn) of the session file.
    let text = String::from_utf8(after).unwrap();
    let edited = text.replacen("Member(\"ana\")", "Member(\"ben\")", 1);
    assert_ne!(edited, text);
    std::fs::write(&session, edited).unwrap();
    let (code, stdout, stderr) = run(&["check", path]);
    assert_ne!(code, 0, "{stdout}");
    assert!(
        stderr.contains("line 2 of")
            && stderr.contains("was changed after it was signed by Lee Park on"),
        "{stderr}"
    );
}

#[test]
fn a_change_without_a_reason_or_to_a_missing_event_is_a_clear_error() {
    let store = TempStore::new();
    let session = logged_session(&store);
    let path = session.to_str().unwrap();
    let (code, _, stderr) = run(&[
        "amend",
        path,
        "--event",
        "99",
        "--reason",
        "x",
        "--speaker",
        "ben",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no event #99"), "{stderr}");
    let (code, _, stderr) = run(&[
        "amend",
        path,
        "--event",
        "1",
        "--reason",
        " ",
        "--speaker",
        "ben",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--reason is empty"), "{stderr}");
    let (code, _, stderr) = run(&[
        "amend",
        path,
        "--event",
        "1",
        "--reason",
        "who",
        "--speaker",
        "zed",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown member id \"zed\""), "{stderr}");
}

#[test]
fn check_reports_a_turn_added_by_hand_after_the_end() {
    let store = TempStore::new();
    let session = logged_session(&store);
    let path = session.to_str().unwrap();
    ok(&["check", path]);
    let text = std::fs::read_to_string(&session).unwrap();
    let turn = text.lines().nth(1).unwrap();
    assert!(turn.starts_with("(id:1,"), "{turn}");
    let added = turn.replacen("(id:1,", "(id:9,", 1);
    std::fs::write(&session, format!("{text}{added}\n")).unwrap();
    let lines = text.lines().count() + 1;
    let (code, stdout, stderr) = run(&["check", path]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains(&format!(":{lines}:1: event #9"))
            && stderr.contains("comes after the session ended"),
        "{stderr}"
    );
}

/// A session written through the library: turns at 0, 60 and 120 s, ended at 180 s.
fn spaced_session(store: &TempStore) -> std::path::PathBuf {
    use groupscribe::model::{
        Author, Event, EventId, EventKind, Floor, MemberId, SCHEMA_VERSION, SessionHeader,
    };
    let started = chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap();
    let header = SessionHeader {
        version: SCHEMA_VERSION,
        group: common::SLUG.into(),
        number: 1,
        started,
        facilitator: "Sam".into(),
        co_facilitator: None,
        source: None,
        snapshot: Some(store.group()),
        observer: None,
    };
    let path = store.group_folder().join("2026-11-23-s01.ron");
    let mut writer = groupscribe::store::SessionWriter::create(&path, &header).unwrap();
    let kinds = [
        EventKind::Floor(Floor::Member(MemberId::new("ana"))),
        EventKind::Floor(Floor::Member(MemberId::new("ben"))),
        EventKind::Floor(Floor::Member(MemberId::new("dana"))),
        EventKind::Ended,
    ];
    for (index, kind) in kinds.into_iter().enumerate() {
        let event = Event {
            id: EventId(index as u32 + 1),
            at: started + chrono::Duration::seconds(index as i64 * 60),
            by: Author::Facilitator,
            kind,
        };
        writer.append(&event).unwrap();
    }
    path
}

#[test]
fn a_turns_start_moves_within_its_neighbours_only() {
    let store = TempStore::new();
    let session = spaced_session(&store);
    let path = session.to_str().unwrap();
    let (code, _, stderr) = run(&[
        "amend", path, "--event", "2", "--reason", "r", "--at", "18:02:30",
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("must begin after 18:00:00 and before 18:02:00"),
        "{stderr}"
    );
    ok(&[
        "amend",
        path,
        "--event",
        "2",
        "--reason",
        "Ben began late",
        "--at",
        "18:01:30",
    ]);
    let events = ok(&["events", path, "--history"]);
    assert!(
        events.contains("#2        18:01:30  facilitator     Ben K. speaks  (amended by #1000001)"),
        "{events}"
    );
    assert!(
        events.contains("#2 moved by the co-facilitator on ")
            && events.contains(
                "the turn began at 18:01:30 (logged at 18:01:00). Reason: Ben began late."
            ),
        "{events}"
    );
    // Ana now held the floor 90 s, Ben 30 s: the note's figures read the moved turn.
    let (group, record) = (
        store.group(),
        groupscribe::store::load_record(&session, None).unwrap(),
    );
    let facts = groupscribe::note::NoteFacts::gather(
        &group,
        &record.loaded.session,
        groupscribe::note::NoteOptions::default(),
        chrono::DateTime::parse_from_rfc3339("2026-11-23T19:00:00+01:00").unwrap(),
    );
    let talk: Vec<(String, i64)> = facts
        .participation
        .speakers
        .iter()
        .map(|row| (row.name.clone(), row.talk))
        .collect();
    assert!(talk.contains(&("Ana R.".to_string(), 90_000)), "{talk:?}");
    assert!(talk.contains(&("Ben K.".to_string(), 30_000)), "{talk:?}");
    // The line logged is untouched.
    assert!(
        std::fs::read_to_string(&session)
            .unwrap()
            .contains("18:01:00")
    );
}

#[test]
fn check_names_an_amendment_of_nothing_a_loop_of_amendments_and_an_unknown_member() {
    let store = TempStore::new();
    let session = logged_session(&store);
    let path = session.to_str().unwrap();
    let text = std::fs::read_to_string(&session).unwrap();
    let lines = text.lines().count();
    // A header, then events 1 to n: the lines added by hand come after, from n + 1.
    let n = (lines - 1) as u32;
    let at = text
        .lines()
        .last()
        .and_then(|line| line.split("at:\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let amendment = |id: u32, target: u32, replacement: &str| {
        format!(
            "(id:{id},at:\"{at}\",by:Facilitator,kind:Amendment(target:{target},replacement:{replacement},reason:\"by hand\"))"
        )
    };
    for (added, said) in [
        (
            vec![amendment(n + 1, 99, "Floor(Silence)")],
            format!(
                ":{}:1: #{} points at #99, which is not in the record",
                lines + 1,
                n + 1
            ),
        ),
        (
            vec![
                amendment(n + 1, n + 2, "Floor(Silence)"),
                amendment(n + 2, n + 1, "Floor(Silence)"),
            ],
            format!(
                ":{}:1: amendments #{}, #{} amend each other in a loop",
                lines + 1,
                n + 1,
                n + 2
            ),
        ),
        (
            vec![amendment(n + 1, n + 1, "Floor(Silence)")],
            format!(":{}:1: #{} amends itself", lines + 1, n + 1),
        ),
        (
            vec![
                amendment(n + 1, 1, "Floor(Silence)"),
                amendment(n + 2, n + 1, "Floor(Silence)"),
            ],
            format!(
                ":{}:1: #{} amends #{}, itself an amendment",
                lines + 2,
                n + 2,
                n + 1
            ),
        ),
        (
            vec![amendment(n + 1, 1, "Floor(Member(\"zed\"))")],
            format!(":{}:1: unknown member id \"zed\"", lines + 1),
        ),
    ] {
        std::fs::write(&session, format!("{text}{}\n", added.join("\n"))).unwrap();
        let (code, stdout, stderr) = run(&["check", path]);
        assert_eq!(code, 1, "{added:?}: {stdout}");
        assert!(stderr.contains(&said), "{added:?}: wanted {said}\n{stderr}");
    }
    std::fs::write(&session, &text).unwrap();
    ok(&["check", path]);
}
