//! The note's group section as a supervisor reads it: the planned activity
//! against the agenda, process in sentences, a conflict's response bounded.

use crate::model::taxonomy::{ConflictStatus, ConflictType, NormAction, Skill};
use crate::model::{Author, EventKind, Group, MomentKind, NameStyle, Session, Timestamp};
use crate::note::fixture::{self, at, moment, session_with};
use crate::note::{NoteFacts, NoteOptions};

fn options(names: NameStyle) -> NoteOptions {
    NoteOptions {
        names,
        redact: false,
    }
}

fn gathered(session: &Session, written_at: Timestamp) -> NoteFacts {
    NoteFacts::gather(
        &fixture::group(),
        session,
        options(NameStyle::Alias),
        written_at,
    )
}

fn conflict(status: ConflictStatus, members: &[&str], text: Option<&str>) -> EventKind {
    moment(
        MomentKind::Conflict {
            kind: ConflictType::Relationship,
            status,
            continues: None,
        },
        members,
        text,
    )
}

#[test]
fn a_recurring_conflicts_response_is_what_followed_its_moments_and_is_bounded() {
    let f = Author::Facilitator;
    let intervention = |members: &[&str]| {
        moment(
            MomentKind::Intervention(Skill::MediatingConflict),
            members,
            None,
        )
    };
    // A conflict logged at 18:00 and again at 19:00; interventions with its
    // members every minute from 18:10 to 18:50 (none within five minutes of
    // a moment), then eight in the five minutes after 19:00.
    let mut events = vec![(
        0,
        f,
        conflict(
            ConflictStatus::Emerged,
            &["ana", "ben"],
            Some("raised voices"),
        ),
    )];
    events.extend((10..=50).map(|minute| (minute * 60, f, intervention(&["ana"]))));
    events.push((
        3600,
        f,
        conflict(ConflictStatus::Addressed, &["ana", "ben"], None),
    ));
    events.extend((1..=8).map(|step| (3600 + step * 30, f, intervention(&["ben"]))));
    // With another member only: not about this conflict.
    events.push((3610, f, intervention(&["cy"])));
    let facts = gathered(&session_with(events), at(7200));
    assert_eq!(facts.conflicts.len(), 1);
    let response = &facts.conflicts[0].response;
    let times: Vec<Timestamp> = response.interventions.iter().map(|i| i.at).collect();
    assert_eq!(
        times,
        (1..=5).map(|step| at(3600 + step * 30)).collect::<Vec<_>>(),
        "the first five tied to a moment, not the 41 logged while it lasted"
    );
    assert_eq!(response.more, 3, "the rest are counted");
    let note = crate::note::markdown(&facts);
    assert!(note.contains("(19:02) and 3 more interventions."), "{note}");
}

fn planned_group(segments: &[&str]) -> Group {
    Group {
        agenda: vec![crate::model::PlannedSession {
            session: 4,
            activity: Some("role-play: asking for help".into()),
            segments: segments.iter().map(|name| name.to_string()).collect(),
        }],
        ..fixture::group()
    }
}

fn with_snapshot(group: Group, segments: &[&str]) -> Session {
    let mut session = session_with(
        segments
            .iter()
            .enumerate()
            .map(|(index, name)| {
                (
                    index as i64 * 600,
                    Author::Facilitator,
                    EventKind::Segment((*name).into()),
                )
            })
            .collect(),
    );
    session.header.snapshot = Some(group);
    session
}

#[test]
fn the_planned_activity_comes_from_the_sessions_snapshot_and_the_agenda_is_compared() {
    let plan = planned_group(&["check-in", "Role-play", "check-out"]);
    // Today's group file plans something else: the snapshot wins.
    let today = Group {
        agenda: vec![crate::model::PlannedSession {
            session: 4,
            activity: Some("changed since".into()),
            segments: Vec::new(),
        }],
        ..fixture::group()
    };
    let facts = |held: &[&str]| {
        NoteFacts::gather(
            &today,
            &with_snapshot(plan.clone(), held),
            options(NameStyle::Alias),
            at(3600),
        )
    };
    let followed = facts(&["check-in", "role-play ", "check-out"]);
    let planned = followed.agenda.planned.as_ref().unwrap();
    assert_eq!(
        planned.activity.as_deref(),
        Some("role-play: asking for help")
    );
    assert!(planned.followed && !planned.reordered, "{planned:?}");
    let note = crate::note::markdown(&followed);
    assert!(
        note.contains("- Planned activity: \"role-play: asking for help\"\n"),
        "{note}"
    );
    assert!(
        note.contains(". The segments followed the planned agenda.\n"),
        "{note}"
    );

    let reordered = facts(&["role-play", "check-in", "check-out"]);
    let planned = reordered.agenda.planned.as_ref().unwrap();
    assert!(planned.reordered && !planned.followed, "{planned:?}");

    let departed = facts(&["check-in", "free talk"]);
    let planned = departed.agenda.planned.as_ref().unwrap();
    assert_eq!(planned.not_held, ["Role-play", "check-out"]);
    assert_eq!(planned.unplanned, ["free talk"]);
    let note = crate::note::markdown(&departed);
    assert!(
        note.contains(
            "The plan's agenda was check-in, Role-play, check-out: Role-play and check-out were not held, and free talk was not in the plan."
        ),
        "{note}"
    );

    // No entry in the plan for this session: the note says so.
    let unplanned = NoteFacts::gather(
        &today,
        &with_snapshot(fixture::group(), &["check-in"]),
        options(NameStyle::Alias),
        at(3600),
    );
    assert_eq!(unplanned.agenda.planned, None);
    assert!(
        crate::note::markdown(&unplanned)
            .contains("- Planned activity: none in the group's plan for this session\n")
    );
}

#[test]
fn process_is_told_in_sentences_not_lists() {
    let f = Author::Facilitator;
    let session = session_with(vec![
        (
            0,
            f,
            moment(
                MomentKind::Norm {
                    action: NormAction::Established,
                    norm: "phones away".into(),
                },
                &[],
                None,
            ),
        ),
        (
            60,
            f,
            moment(
                MomentKind::Norm {
                    action: NormAction::Broken,
                    norm: "phones away".into(),
                },
                &["cy"],
                None,
            ),
        ),
        (
            90,
            f,
            conflict(
                ConflictStatus::Emerged,
                &["ana", "ben"],
                Some("raised voices"),
            ),
        ),
        (
            120,
            f,
            moment(
                MomentKind::Intervention(Skill::MediatingConflict),
                &["ben"],
                None,
            ),
        ),
        (
            300,
            f,
            conflict(ConflictStatus::Resolved, &["ana", "ben"], None),
        ),
        (
            400,
            f,
            moment(
                MomentKind::MutualAid(crate::model::taxonomy::MutualAidKind::Rehearsal),
                &["ana", "cy"],
                Some("practised saying no"),
            ),
        ),
    ]);
    let note = crate::note::markdown(&gathered(&session, at(600)));
    let section = |title: &str| {
        let start = note
            .find(&format!("### {title}\n\n"))
            .unwrap_or_else(|| panic!("{note}"));
        let body = &note[start + title.len() + 6..];
        body[..body.find("\n\n###").unwrap_or(body.len())].to_string()
    };
    assert_eq!(
        section("Norms"),
        "The group established the norm \"phones away\" at 18:00. The norm \"phones away\" was broken at 18:01 (Cy D.)."
    );
    assert_eq!(
        section("Conflicts"),
        "**A relationship conflict** between Ana R. and Ben T. emerged at 18:01 (\"raised voices\") and was resolved at 18:05. The worker responded with mediating conflict (18:02)."
    );
    assert_eq!(
        section("Mutual aid"),
        "**Rehearsal**: Ana R. and Cy D. at 18:06 (\"practised saying no\")."
    );
}
