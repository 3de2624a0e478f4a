//! Small builders for hand-made sessions of the fictional Parents' Circle, shared
//! by `tests/note.rs` and `tests/html.rs` (included with `#[path]`).

#![allow(dead_code, clippy::unwrap_used)]

use groupscribe::model::taxonomy::{ConflictStatus, ConflictType, NormAction};
use groupscribe::model::{
    AttendanceChange, Author, Event, EventId, EventKind, Floor, Group, GroupType, Member, MemberId,
    Moment, MomentKind, SCHEMA_VERSION, Session, SessionHeader, Timestamp,
};

/// `seconds` after 18:00:00 +01:00 on 2026-11-23.
pub fn at(seconds: i64) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap()
        + chrono::TimeDelta::seconds(seconds)
}

pub fn id(member: &str) -> MemberId {
    MemberId::new(member)
}

pub fn member(id: &str, name: &str, alias: Option<&str>, category: Option<&str>) -> Member {
    Member {
        id: MemberId::new(id),
        name: name.into(),
        alias: alias.map(Into::into),
        goals: vec![],
        category: category.map(Into::into),
        left: None,
        record_id: None,
        ..Default::default()
    }
}

/// The Parents' Circle: five members, each with the category they gave (Dev gave
/// none), Ana with one goal.
pub fn parents_circle() -> Group {
    let mut ana = member("ana", "Ana Ruiz", Some("Ana R."), Some("parent"));
    ana.goals = vec!["Ask for help once a week".into()];
    Group {
        version: SCHEMA_VERSION,
        name: "Parents' Circle".into(),
        kind: GroupType::PsychoEducational,
        purpose: "Parents of teenagers share what works and practise hard conversations.".into(),
        facilitator: "Sam Okafor".into(),
        co_facilitator: Some("Lee Park".into()),
        members: vec![
            ana,
            member("ben", "Ben Kowalski", Some("Ben K."), Some("grandparent")),
            member("cara", "Cara Diaz", None, Some("parent")),
            member("dev", "Dev Patel", Some("Dev P."), None),
            member("eli", "Eli Sato", Some("Eli S."), Some("parent")),
        ],
        norms: vec!["phones away".into()],
        planned_sessions: Some(6),
        note_style: None,
        ..Default::default()
    }
}

/// Session 2 of the Parents' Circle, started at `at(0)`, no roster snapshot.
pub fn header() -> SessionHeader {
    SessionHeader {
        version: SCHEMA_VERSION,
        group: "parents-circle".into(),
        number: 2,
        started: at(0),
        facilitator: "Sam Okafor".into(),
        co_facilitator: Some("Lee Park".into()),
        source: None,
        snapshot: None,
        observer: None,
    }
}

/// Events at so many seconds after the start, numbered from 1, all by the facilitator.
pub fn session_of(kinds: Vec<(i64, EventKind)>) -> Session {
    Session {
        header: header(),
        events: kinds
            .into_iter()
            .zip(1..)
            .map(|((seconds, kind), number)| Event {
                id: EventId(number),
                at: at(seconds),
                by: Author::Facilitator,
                kind,
            })
            .collect(),
    }
}

pub fn speaks(member: &str) -> EventKind {
    EventKind::Floor(Floor::Member(id(member)))
}

pub fn moment(what: MomentKind, members: &[&str], text: Option<&str>) -> EventKind {
    EventKind::Moment(Moment {
        what,
        members: members.iter().map(|m| id(m)).collect(),
        text: text.map(Into::into),
    })
}

pub fn attendance(member: &str, change: AttendanceChange, text: Option<&str>) -> EventKind {
    EventKind::Attendance {
        member: id(member),
        change,
        text: text.map(Into::into),
    }
}

/// A conflict moment with no text, not continuing an earlier one.
pub fn conflict(kind: ConflictType, status: ConflictStatus, members: &[&str]) -> EventKind {
    moment(
        MomentKind::Conflict {
            kind,
            status,
            continues: None,
        },
        members,
        None,
    )
}

/// A norm moment with no text.
pub fn norm(action: NormAction, norm: &str, members: &[&str]) -> EventKind {
    moment(
        MomentKind::Norm {
            action,
            norm: norm.into(),
        },
        members,
        None,
    )
}

pub fn goal_rating(member: &str, goal: u8, rating: i8, text: Option<&str>) -> EventKind {
    EventKind::GoalRating {
        member: id(member),
        goal,
        rating,
        text: text.map(Into::into),
    }
}
