//! Planning a group from the command line: `group edit`, `member add|edit|leave`,
//! `group check-ready` and `check` on the plan, run as the real binary over a
//! copy of the sample group.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/mod.rs"]
mod common;

use common::TempStore;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .arg("--dir")
        .arg(dir)
        .args(args)
        .env_remove("GROUPSCRIBE_DIR")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run groupscribe");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A bare group (no plan yet), written by hand with a comment and a field
/// groupscribe does not model.
fn bare_group(store: &TempStore) -> std::path::PathBuf {
    let path = store.group_folder().join("group.ron");
    std::fs::write(
        &path,
        r#"// Our new group. Keep this comment.
(
  version: 1,
  name: "Thursday Peer Support",
  type: Support,
  facilitator: "Sam Okafor",
  room_key: "blue tag", // not a groupscribe field
  members: [
    (id: "ana", name: "Ana Ruiz", goals: ["Ask for help"]),
  ],
)
"#,
    )
    .unwrap();
    path
}

#[test]
fn check_ready_lists_what_is_missing_and_fails_until_the_plan_is_complete() {
    let store = TempStore::new();
    let path = bare_group(&store);
    let dir = store.root();
    let (code, stdout, stderr) = run(dir, &["group", "check-ready", common::SLUG]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    for gap in [
        "no purpose",
        "no group goals",
        "open or closed membership not decided",
        "no schedule",
        "no place",
        "no agenda for session 1",
        "ana: no consent recorded",
        "ana: no preparation interview recorded",
        "ana: goal 1 \"Ask for help\" has no attainment scale",
    ] {
        assert!(stdout.contains(gap), "missing {gap:?} in:\n{stdout}");
    }
    assert!(stderr.contains("not ready"), "{stderr}");
    let (code, stdout, _) = run(dir, &["check", path.to_str().unwrap()]);
    assert_eq!(code, 0, "a plan not finished is still a valid file");
    assert!(
        stdout.contains("The plan lacks 10 things before session 1"),
        "{stdout}"
    );

    let edits: &[&[&str]] = &[
        &[
            "group",
            "edit",
            common::SLUG,
            "--set",
            "purpose=Peer support for carers",
            "--set",
            "membership=closed",
            "--set",
            "planned_sessions=10",
            "--set",
            "session_minutes=90",
            "--set",
            "schedule=Thursdays 18:00",
            "--set",
            "place=Room 4",
            "--goal",
            "Members feel less alone",
            "--agenda",
            "1: Introductions | check-in, contract, check-out",
        ],
        &[
            "member",
            "edit",
            common::SLUG,
            "ana",
            "--set",
            "joined=2026-11-05",
            "--set",
            "consent=2026-10-30",
            "--set",
            "consent_to=group participation",
            "--set",
            "preparation=2026-10-29",
            "--scale",
            "1:-2=never asks",
            "--scale",
            "1:+2=asks every week",
        ],
    ];
    for args in edits {
        let (code, stdout, stderr) = run(dir, args);
        assert_eq!(code, 0, "{args:?}: {stdout}{stderr}");
        assert!(
            stdout.contains("comments and fields groupscribe does not know are kept"),
            "{stdout}"
        );
    }
    let (code, stdout, stderr) = run(dir, &["group", "check-ready", common::SLUG]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("ready for session 1"), "{stdout}");

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("// Our new group. Keep this comment."),
        "{text}"
    );
    assert!(
        text.contains("room_key: \"blue tag\", // not a groupscribe field"),
        "{text}"
    );
    let group = store.group();
    assert_eq!(
        group.planned(1).unwrap().segments,
        ["check-in", "contract", "check-out"]
    );
    let ana = &group.members[0];
    assert_eq!(ana.scale(0).unwrap().level(2), Some("asks every week"));
    assert_eq!(ana.consent.as_ref().unwrap().to, "group participation");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn members_are_added_and_leave_but_are_never_deleted() {
    let store = TempStore::new();
    let dir = store.root();
    let before = store.group().members.len();
    let (code, stdout, stderr) = run(
        dir,
        &[
            "member",
            "add",
            common::SLUG,
            "--id",
            "ivy",
            "--name",
            "Ivy Chen",
            "--goal",
            "Go to choir again",
            "--set",
            "joined=2026-11-19",
            "--set",
            "referral=GP",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, _, stderr) = run(
        dir,
        &["member", "add", common::SLUG, "--id", "ivy", "--name", "X"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("already on the roster"), "{stderr}");

    let (code, stdout, stderr) = run(
        dir,
        &["member", "leave", common::SLUG, "ben", "--on", "2026-11-26"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("ben left on 2026-11-26"), "{stdout}");
    let group = store.group();
    assert_eq!(group.members.len(), before + 1, "nobody deleted");
    let ben = group
        .member(&groupscribe::model::MemberId::new("ben"))
        .unwrap();
    assert_eq!(ben.left, chrono::NaiveDate::from_ymd_opt(2026, 11, 26));
    let ivy = group
        .member(&groupscribe::model::MemberId::new("ivy"))
        .unwrap();
    assert_eq!(ivy.joined, chrono::NaiveDate::from_ymd_opt(2026, 11, 19));
    assert_eq!(ivy.goals, ["Go to choir again"]);

    // Leaving before joining is refused, and nothing is written.
    let text = std::fs::read_to_string(store.group_folder().join("group.ron")).unwrap();
    let (code, _, stderr) = run(
        dir,
        &["member", "leave", common::SLUG, "ivy", "--on", "2026-11-01"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("not saved: member \"ivy\": left (2026-11-01) is not after joining"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(store.group_folder().join("group.ron")).unwrap(),
        text
    );
    let (code, _, stderr) = run(dir, &["member", "leave", common::SLUG, "zed"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no member with the id \"zed\""), "{stderr}");
}

#[test]
fn bad_values_are_refused_with_what_to_do() {
    let store = TempStore::new();
    let dir = store.root();
    let cases: &[(&[&str], &str)] = &[
        (
            &["group", "edit", common::SLUG, "--set", "colour=teal"],
            "no field \"colour\"",
        ),
        (
            &["group", "edit", common::SLUG, "--set", "place"],
            "has no '='",
        ),
        (
            &[
                "group",
                "edit",
                common::SLUG,
                "--set",
                "membership=sometimes",
            ],
            "write open or closed",
        ),
        (
            &[
                "group",
                "edit",
                common::SLUG,
                "--set",
                "session_minutes=600",
            ],
            "session_minutes is 600",
        ),
        (
            &["group", "edit", common::SLUG, "--agenda", "11: extra"],
            "after the last planned session (10)",
        ),
        (
            &[
                "member",
                "edit",
                common::SLUG,
                "ana",
                "--set",
                "joined=5 Nov",
            ],
            "write it as YYYY-MM-DD",
        ),
        (
            &["member", "edit", common::SLUG, "ana", "--scale", "3:+1=x"],
            "goal 3 does not exist",
        ),
    ];
    let path = store.group_folder().join("group.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    for (args, wanted) in cases {
        let (code, stdout, stderr) = run(dir, args);
        assert_eq!(code, 1, "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.contains(wanted),
            "{args:?}: wanted {wanted:?} in {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "{args:?} wrote"
        );
    }
}

#[test]
fn check_names_the_line_and_column_of_each_plan_problem() {
    let store = TempStore::new();
    let path = store.group_folder().join("group.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let ben = text
        .lines()
        .find(|line| line.contains("(id: \"ben\""))
        .unwrap();
    let bad = text
        .replace("session_minutes: 90,", "session_minutes: 5,")
        .replace(
            ben,
            &ben.replace(
                "consent: (date: \"2026-10-28\"",
                "consent: (date: \"2026-11-28\"",
            ),
        )
        .replace("(session: 10, activity", "(session: 9, activity");
    assert_ne!(bad, text);
    std::fs::write(&path, &bad).unwrap();
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let (code, stdout, stderr) = run(store.root(), &["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("3 problems in the plan"), "{stderr}");
    for (needle, message) in [
        ("session_minutes: 5,", "session_minutes is 5"),
        (
            "(session: 9, activity: \"Ending",
            "session 9 is planned twice",
        ),
        (
            "2026-11-28",
            "member \"ben\": consent (2026-11-28) is after joining (2026-11-05)",
        ),
    ] {
        let line = line_of(needle);
        let wanted = format!("group.ron:{line}:");
        let at = stderr
            .find(&wanted)
            .unwrap_or_else(|| panic!("{wanted} not in {stderr}"));
        assert!(
            stderr[at..].lines().next().unwrap().contains(message),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("Consent comes before the first session"),
        "{stderr}"
    );
}

/// Random edits of every kind the editors make, saved one after another over
/// the hand-written sample: each save is made in place (comments kept) and
/// reads back as exactly the group edited.
#[test]
fn random_edits_saved_in_place_read_back_as_edited() {
    use groupscribe::model::{Member, MemberId, plan};
    let store = TempStore::new();
    let path = store.group_folder().join("group.ron");
    let mut rng = groupscribe::sample::Rng::new(11);
    let words = [
        "Room 4",
        "Thursdays",
        "",
        "a \"quoted\" word",
        "ünïcødé, ok",
        "x // not a comment",
    ];
    for round in 0..120 {
        let mut document = groupscribe::store::GroupDocument::open(&path).unwrap();
        let mut group = document.group().clone();
        let word = words[rng.below(words.len() as u64) as usize].to_string();
        let members = group.members.len();
        let index = rng.below(members as u64) as usize;
        match rng.below(8) {
            0 => {
                let field = [
                    "place",
                    "schedule",
                    "access",
                    "agency",
                    "composition",
                    "purpose",
                ][rng.below(6) as usize];
                plan::set_group_field(&mut group, field, &word).unwrap();
            }
            1 => group.goals.push(format!("goal {round} {word}")),
            2 if !group.goals.is_empty() => {
                group.goals.remove(0);
            }
            3 => {
                let session = rng.below(10) as u32 + 1;
                let planned =
                    plan::parse_agenda(&format!("{session}: {word} | check-in, x")).unwrap();
                match group.agenda.iter_mut().find(|p| p.session == session) {
                    Some(there) => *there = planned,
                    None => group.agenda.push(planned),
                }
            }
            4 => group.members.push(Member {
                id: MemberId::new(format!("m{round}")),
                name: format!("Member {round}"),
                goals: vec![word.clone()],
                ..Member::default()
            }),
            5 => {
                let member = &mut group.members[index];
                if member.goals.is_empty() {
                    member.goals.push("a goal".into());
                }
                let rating = rng.below(5) as i8 - 2;
                plan::scale_mut(member, 0)
                    .unwrap()
                    .set_level(rating, format!("level {word}"));
            }
            6 => {
                let _ = plan::set_member_field(&mut group.members[index], "accommodations", &word);
            }
            _ => {
                if group.members[index].left.is_none() && group.current_members().count() > 1 {
                    group.members[index].left = chrono::NaiveDate::from_ymd_opt(2026, 12, 10);
                }
            }
        }
        let saved = document.save(&group).unwrap();
        assert!(
            saved.in_place || saved.unchanged,
            "round {round}: written whole"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("// A fictional group"),
            "round {round}: the comment is gone"
        );
        assert_eq!(store.group(), group, "round {round}:\n{text}");
    }
}

/// The real binary in a pty: `g` on the home screen opens the editor, a
/// member marked as left there is saved, `q` goes back home.
#[test]
fn the_editor_in_a_real_terminal() {
    let t = std::time::Duration::from_secs(10);
    let store = TempStore::new();
    let mut tui = common::Tui::spawn(
        [std::ffi::OsStr::new("--dir"), store.root().as_os_str()],
        common::Options::default(),
    );
    tui.wait_for("Thursday Peer Support", t);
    tui.send("g");
    tui.wait_for("plan and roster", t);
    // Down to Dana (the third member), mark her as left on a date, save.
    tui.send(&"j".repeat(13 + 3 + 1 + 10 + 1 + 2));
    tui.wait_for("▸ dana", t);
    tui.send("l");
    tui.wait_for("dana left on (YYYY-MM-DD)", t);
    tui.send(&"\x7f".repeat(10));
    tui.send("2026-12-03\r");
    tui.wait_for("left 2026-12-03", t);
    tui.send("s");
    tui.wait_for("Saved thursday-peer-support/group.ron", t);
    tui.send("q");
    tui.wait_for("groups and sessions", t);
    tui.send("q");
    assert!(tui.wait_exit(t).success());
    let dana = store.group();
    let dana = dana
        .member(&groupscribe::model::MemberId::new("dana"))
        .unwrap();
    assert_eq!(dana.left, chrono::NaiveDate::from_ymd_opt(2026, 12, 3));
}
