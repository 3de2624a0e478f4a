//! Builders for the unit tests, one per fixture: a time, a member, a group, a
//! session header, an event, a floor turn, a moment, a session of N events.
//! Each gives plain defaults; a test that needs other values says so with
//! struct update syntax (`Group { name: "G".into(), ..group(members) }`), so
//! what a test depends on stands in the test. The hand-built session the note
//! tests work out by hand is `note::fixture`, built from these.
//!
//! Integration tests have their own in `tests/support/`.

#![allow(
    clippy::expect_used,
    reason = "test fixtures: a typo should fail loudly"
)]

use super::{
    Author, Event, EventId, EventKind, Floor, Group, GroupType, Member, MemberId, Moment,
    MomentKind, SCHEMA_VERSION, Session, SessionHeader, Timestamp,
};

/// `seconds` after 18:00:00 +01:00 on 2026-11-23.
pub(crate) fn at(seconds: i64) -> Timestamp {
    let start = chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00")
        .expect("fixture start time parses");
    start + chrono::TimeDelta::seconds(seconds)
}

pub(crate) fn id(member: &str) -> MemberId {
    MemberId::new(member)
}

/// A member with a name only: no alias, goals or category, not left.
pub(crate) fn member(id: &str, name: &str) -> Member {
    Member {
        id: MemberId::new(id),
        name: name.into(),
        alias: None,
        goals: vec![],
        category: None,
        record_id: None,
        left: None,
        ..Default::default()
    }
}

/// A support group "Test" facilitated by Sam alone, with no norms or plan.
pub(crate) fn group(members: Vec<Member>) -> Group {
    Group {
        version: SCHEMA_VERSION,
        name: "Test".into(),
        kind: GroupType::Support,
        purpose: String::new(),
        facilitator: "Sam".into(),
        co_facilitator: None,
        members,
        norms: vec![],
        planned_sessions: None,
        note_style: None,
        ..Default::default()
    }
}

/// Session 1 of group `test`, started at `at(0)` by Sam, no roster snapshot.
pub(crate) fn header() -> SessionHeader {
    SessionHeader {
        version: SCHEMA_VERSION,
        group: "test".into(),
        number: 1,
        started: at(0),
        facilitator: "Sam".into(),
        co_facilitator: None,
        source: None,
        snapshot: None,
        observer: None,
    }
}

/// Event `id`, logged by the facilitator at `at(0)`.
pub(crate) fn event(id: u32, kind: EventKind) -> Event {
    Event {
        id: EventId(id),
        at: at(0),
        by: Author::Facilitator,
        kind,
    }
}

/// `member` takes the floor.
pub(crate) fn speaks(member: &str) -> EventKind {
    EventKind::Floor(Floor::Member(id(member)))
}

pub(crate) fn moment(what: MomentKind, members: &[&str], text: Option<&str>) -> EventKind {
    EventKind::Moment(Moment {
        what,
        members: members.iter().map(|member| id(member)).collect(),
        text: text.map(Into::into),
    })
}

/// A session under `header`: the events at so many seconds after `at(0)`, by
/// whoever is given, numbered 1, 2, ... in the order given.
pub(crate) fn session_by(header: SessionHeader, events: Vec<(i64, Author, EventKind)>) -> Session {
    Session {
        header,
        events: events
            .into_iter()
            .zip(1..)
            .map(|((seconds, by, kind), number)| Event {
                id: EventId(number),
                at: at(seconds),
                by,
                kind,
            })
            .collect(),
    }
}

/// As [`session_by`], every event logged by the facilitator.
pub(crate) fn session_of(header: SessionHeader, events: Vec<(i64, EventKind)>) -> Session {
    session_by(
        header,
        events
            .into_iter()
            .map(|(seconds, kind)| (seconds, Author::Facilitator, kind))
            .collect(),
    )
}
