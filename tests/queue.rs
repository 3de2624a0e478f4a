//! The supervisor's queue (`groupscribe queue`), run as the binary over a
//! temporary store built from the sample group's sessions: unsigned, signed,
//! returned, a risk follow-up overdue; and it never writes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use groupscribe::model::{
    Author, EventKind, Moment, MomentKind, RecordEntry, RiskDetail,
    taxonomy::{RiskAction, RiskLevel},
};
use groupscribe::store::record::append_to_record;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/screen.rs"]
mod screen;

const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support"
);

fn run(args: &[&str]) -> String {
    let output = Command::new(BIN)
        .args(args)
        .env_remove("GROUPSCRIBE_DIR")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run groupscribe");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}\n{stdout}\n{stderr}");
    stdout
}

/// A store holding the sample group and its three ended, unsigned sessions.
fn sample_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let group = dir.path().join("thursday-peer-support");
    std::fs::create_dir(&group).unwrap();
    std::fs::copy(Path::new(SAMPLE).join("group.ron"), group.join("group.ron")).unwrap();
    for name in ["2026-11-05-s01", "2026-11-12-s02", "2026-11-19-s03"] {
        std::fs::copy(
            Path::new(SAMPLE).join(format!("{name}.sample.ron")),
            group.join(format!("{name}.ron")),
        )
        .unwrap();
    }
    (dir, group)
}

fn notes(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|line| !line.contains("risk ("))
        .collect()
}

#[test]
fn the_sample_sessions_all_await_the_facilitators_signature_oldest_first() {
    let (dir, group) = sample_store();
    let store = dir.path().to_str().unwrap();
    let out = run(&["queue", "--store", store]);
    let notes = notes(&out);
    assert_eq!(notes.len(), 3, "{out}");
    for (line, name) in notes
        .iter()
        .zip(["2026-11-05-s01", "2026-11-12-s02", "2026-11-19-s03"])
    {
        let path = group.join(format!("{name}.ron"));
        assert!(line.starts_with(&name[..10]), "{line}");
        assert!(line.contains("thursday-peer-support"), "{line}");
        assert!(line.contains(&format!("s{}", &name[12..])), "{line}");
        assert!(
            line.contains("awaiting the facilitator's signature"),
            "{line}"
        );
        assert!(
            line.ends_with(&format!("groupscribe review {}", path.display())),
            "{line}"
        );
    }
    // The global --dir names the store too.
    assert_eq!(run(&["--dir", store, "queue"]), out);
}

#[test]
fn signed_returned_and_an_overdue_follow_up_each_read_as_they_stand() {
    let (dir, group) = sample_store();
    let s01 = group.join("2026-11-05-s01.ron");
    let s02 = group.join("2026-11-12-s02.ron");
    let s03 = group.join("2026-11-19-s03.ron");
    let (p1, p2, p3) = (
        s01.to_str().unwrap(),
        s02.to_str().unwrap(),
        s03.to_str().unwrap(),
    );
    run(&["sign", p1, "--as", "facilitator", "--name", "Jo Rivera"]);
    run(&["sign", p2, "--as", "facilitator", "--name", "Jo Rivera"]);
    run(&[
        "return",
        p2,
        "--as",
        "supervisor",
        "--name",
        "Sam Supervisor",
        "--comment",
        "say what the group worked on",
    ]);
    // A risk with a follow-up due in the past, added to s03 as a late entry.
    let record = groupscribe::store::load_record(&s03, None).unwrap();
    let at = record.loaded.session.header.started + chrono::Duration::minutes(20);
    let risk = EventKind::Moment(Moment {
        what: MomentKind::Risk(
            RiskLevel::Elevated,
            Box::new(RiskDetail {
                actions: vec![RiskAction::SafetyPlan],
                follow_up_owner: Some("Lee Park".into()),
                follow_up_due: chrono::NaiveDate::from_ymd_opt(2026, 11, 26),
                ..RiskDetail::default()
            }),
        ),
        members: vec![groupscribe::model::MemberId("ben".into())],
        text: None,
    });
    let late = EventKind::Record(RecordEntry::Late {
        what: Box::new(risk),
        written: at,
        reason: "missed".into(),
    });
    append_to_record(&record, Author::Facilitator, at, late).unwrap();

    let store = dir.path().to_str().unwrap();
    let out = run(&["queue", "--store", store]);
    let line = |needle: &str| {
        out.lines()
            .find(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in\n{out}"))
    };
    // Signed by the facilitator: the group lists a co-facilitator, so both
    // the co-facilitator's and the supervisor's signatures are awaited.
    assert!(
        line("s01").contains("awaiting the co-facilitator's and the supervisor's signatures"),
        "{out}"
    );
    assert!(
        line("returned for revision").contains("s02")
            && line("returned for revision").ends_with(&format!("groupscribe review {p2}")),
        "{out}"
    );
    assert!(
        !out.contains("s02  awaiting"),
        "a returned note awaits revision, not signatures:\n{out}"
    );
    assert!(
        line("awaiting the facilitator's signature").contains("s03"),
        "{out}"
    );
    let follow_up = line("follow-up due 2026-11-26");
    assert!(
        follow_up.contains("(overdue)") && follow_up.contains("Lee Park"),
        "{out}"
    );
    assert!(
        follow_up.contains("s03") && follow_up.contains("Ben K."),
        "{out}"
    );
    // Full names under --names full.
    let full = run(&["--names", "full", "queue", "--store", store]);
    assert!(
        full.contains("risk (Ben Kowalski): follow-up due 2026-11-26 (overdue)"),
        "{full}"
    );
    // Oldest first.
    let dates: Vec<&str> = out.lines().map(|line| &line[..10]).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "{out}");

    // The supervisor signs s01 after the co-facilitator: nothing awaits it.
    run(&["sign", p1, "--as", "co-facilitator", "--name", "Lee Park"]);
    run(&["sign", p1, "--as", "supervisor", "--name", "Sam Supervisor"]);
    let out = run(&["queue", "--store", store]);
    assert!(!out.contains("s01  "), "{out}");
    let _ = p3;
}

#[test]
fn several_stores_at_once() {
    let (a, _) = sample_store();
    let (b, group_b) = sample_store();
    std::fs::remove_file(group_b.join("2026-11-05-s01.ron")).unwrap();
    let out = run(&[
        "queue",
        "--store",
        a.path().to_str().unwrap(),
        "--store",
        b.path().to_str().unwrap(),
    ]);
    assert_eq!(notes(&out).len(), 5, "{out}");
    assert!(
        out.contains(
            &b.path()
                .join("thursday-peer-support/2026-11-19-s03.ron")
                .display()
                .to_string()
        )
    );
}

/// Every file's bytes and modification time, and the list of files.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            let bytes = if meta.is_file() {
                std::fs::read(&path).unwrap()
            } else {
                Vec::new()
            };
            files.push((path, bytes, meta.modified().unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn the_queue_never_writes() {
    let (dir, group) = sample_store();
    let s02 = group.join("2026-11-12-s02.ron");
    run(&[
        "sign",
        s02.to_str().unwrap(),
        "--as",
        "facilitator",
        "--name",
        "Jo Rivera",
    ]);
    let before = snapshot(dir.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    run(&["queue", "--store", dir.path().to_str().unwrap()]);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn the_home_screen_shows_the_queue_in_one_line_above_the_keys() {
    let (dir, group) = sample_store();
    let s01 = group.join("2026-11-05-s01.ron");
    run(&[
        "sign",
        s01.to_str().unwrap(),
        "--as",
        "facilitator",
        "--name",
        "Jo Rivera",
    ]);
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00+01:00").unwrap();
    let mut shell = screen::started_shell(dir.path(), 80, 24, now);
    shell.draw().unwrap();
    let text = screen::buffer_text(shell.terminal.backend().buffer());
    insta::assert_snapshot!("home_with_the_queue", text);
    let lines: Vec<&str> = text.lines().collect();
    let queue = lines
        .iter()
        .position(|line| line.contains("queue:"))
        .expect(&text);
    assert!(
        lines[queue].contains(
            "queue: 3 notes await a signature · 2 risks without action — groupscribe queue"
        ),
        "{text}"
    );
    assert_eq!(
        queue + 2,
        lines.len(),
        "the queue line is just above the key bar:\n{text}"
    );
}

#[test]
fn the_home_screen_has_no_queue_line_when_nothing_awaits() {
    let dir = tempfile::tempdir().unwrap();
    let group = dir.path().join("thursday-peer-support");
    std::fs::create_dir(&group).unwrap();
    std::fs::copy(Path::new(SAMPLE).join("group.ron"), group.join("group.ron")).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00+01:00").unwrap();
    let mut shell = screen::started_shell(dir.path(), 80, 24, now);
    shell.draw().unwrap();
    let text = screen::buffer_text(shell.terminal.backend().buffer());
    assert!(!text.contains("queue:"), "{text}");
}
