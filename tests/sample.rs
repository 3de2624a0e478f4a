//! The bundled sample group: its past sessions are exactly what the seeded generator
//! makes (so they stay valid as the format grows: regenerate with
//! `cargo run --example sample-group`), they read as real ended sessions, and
//! `.gitignore` keeps every real session out of git.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use groupscribe::model::{AttendanceChange, BreakEdge, EventKind, Floor, MomentKind, Session};
use groupscribe::{sample, store};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const FOLDER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support"
);

fn generated() -> Vec<(PathBuf, Session)> {
    let folder = Path::new(FOLDER);
    let group = store::load_group(&folder.join(store::GROUP_FILE)).unwrap();
    sample::sessions(&group, "thursday-peer-support")
        .into_iter()
        .map(|session| (folder.join(sample::file_name(&session)), session))
        .collect()
}

#[test]
fn the_committed_sample_is_what_the_generator_makes() {
    let sessions = generated();
    assert_eq!(sessions.len(), 3);
    for (path, session) in &sessions {
        let committed = std::fs::read_to_string(path).unwrap_or_else(|error| {
            panic!(
                "{}: {error} — run `cargo run --example sample-group`",
                path.display()
            )
        });
        let made = sample::to_text(path, session).unwrap();
        assert!(
            committed == made,
            "{} differs from the generator's output: run `cargo run --example sample-group` and commit",
            path.display()
        );
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(FOLDER)
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sample.ron"))
        .collect();
    on_disk.sort();
    let expected: Vec<String> = sessions
        .iter()
        .map(|(path, _)| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(on_disk, expected, "no stale sample file is left behind");
}

#[test]
fn each_sample_session_reads_as_a_real_ended_session() {
    let group = store::load_group(&Path::new(FOLDER).join(store::GROUP_FILE)).unwrap();
    let mut families: BTreeSet<&str> = BTreeSet::new();
    for (number, (path, _)) in generated().into_iter().enumerate() {
        let loaded = store::load_session(&path, Some(&group)).unwrap();
        assert!(loaded.torn.is_none());
        let session = loaded.session;
        assert_eq!(session.header.number as usize, number + 1);
        assert!(session.is_ended(), "{} is ended", path.display());
        let first = session.header.started;
        let last = session.events.last().unwrap().at;
        let minutes = (last - first).num_minutes();
        assert!((75..=90).contains(&minutes), "{minutes} minutes");
        assert!(
            session.events.len() >= 150,
            "{} events",
            session.events.len()
        );
        let kinds = &session.events;
        let spoke: BTreeSet<String> = kinds
            .iter()
            .filter_map(|event| match &event.kind {
                EventKind::Floor(Floor::Member(id)) => Some(id.to_string()),
                _ => None,
            })
            .collect();
        let away = kinds
            .iter()
            .filter(|event| {
                matches!(
                    event.kind,
                    EventKind::Attendance {
                        change: AttendanceChange::Absent | AttendanceChange::Excused,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(
            spoke.len() + away,
            group.members.len(),
            "every member present spoke"
        );
        for floor in [
            Floor::Facilitator,
            Floor::CoFacilitator,
            Floor::Crosstalk,
            Floor::Silence,
        ] {
            assert!(
                kinds
                    .iter()
                    .any(|event| event.kind == EventKind::Floor(floor.clone()))
            );
        }
        assert!(
            kinds
                .iter()
                .any(|e| e.kind == EventKind::Break(BreakEdge::Start))
        );
        assert!(
            kinds
                .iter()
                .any(|e| matches!(e.kind, EventKind::Segment(_)))
        );
        assert!(
            kinds
                .iter()
                .any(|e| matches!(e.kind, EventKind::GoalRating { .. }))
        );
        assert!(
            kinds
                .iter()
                .any(|e| matches!(e.kind, EventKind::Retraction { .. }))
        );
        for event in kinds {
            match &event.kind {
                EventKind::Moment(moment) => {
                    families.insert(moment.what.family().name());
                }
                EventKind::Attendance { change, .. } => {
                    families.insert(change.label());
                }
                EventKind::Stage(_) => {
                    families.insert("stage");
                }
                _ => {}
            }
        }
    }
    // Every moment family there is (a new one must show in the sample too), and
    // every attendance change.
    let mut wanted: Vec<&str> = groupscribe::model::MomentFamily::ALL
        .iter()
        .map(|family| family.name())
        .collect();
    wanted.extend(["arrived", "left early", "absent", "excused", "stage"]);
    for family in wanted {
        assert!(families.contains(family), "the sample logs a {family}");
    }
}

#[test]
fn a_conflict_opened_in_one_session_is_resolved_in_the_next() {
    let sessions: Vec<Session> = generated().into_iter().map(|(_, s)| s).collect();
    let statuses = |session: &Session| -> Vec<String> {
        session
            .events
            .iter()
            .filter_map(|event| match &event.kind {
                EventKind::Moment(moment) => match &moment.what {
                    MomentKind::Conflict { kind, status, .. } => {
                        Some(format!("{kind:?} {status:?} {:?}", moment.members))
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect()
    };
    let first = statuses(&sessions[0]);
    let second = statuses(&sessions[1]);
    assert!(first.iter().any(|s| s.starts_with("Process Emerged")));
    assert!(!first.iter().any(|s| s.starts_with("Process Resolved")));
    assert!(
        second.iter().any(|s| s.starts_with("Process Resolved")),
        "{second:?}"
    );
}

#[test]
fn gitignore_keeps_real_sessions_out_and_the_sample_in() {
    let root = env!("CARGO_MANIFEST_DIR");
    let ignored = |path: &str| {
        std::process::Command::new("git")
            .args(["check-ignore", "--no-index", "-q", path])
            .current_dir(root)
            .status()
            .expect("git is needed to check .gitignore")
            .success()
    };
    let inside_git = std::process::Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(root)
        .output()
        .is_ok_and(|out| out.status.success());
    assert!(
        inside_git,
        "this test reads .gitignore through git: run it in a clone"
    );
    for real in [
        "sessions/thursday-peer-support/2026-11-05-s01.ron",
        "sessions/thursday-peer-support/2026-11-19-s03.ron",
        "sessions/thursday-peer-support/2026-12-03-s04.ron",
        "sessions/thursday-peer-support/2026-12-03-s04.note.md",
        "sessions/thursday-peer-support/2026-12-03-s04.ron.torn",
        "sessions/parents-circle/group.ron",
        "sessions/parents-circle/2026-11-05-s01.sample.ron",
    ] {
        assert!(ignored(real), "{real} must be ignored");
    }
    for (path, _) in generated() {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(!ignored(&relative), "{relative} is committed");
    }
    assert!(!ignored("sessions/thursday-peer-support/group.ron"));
}
