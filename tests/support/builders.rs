//! Small builders for hand-made sessions of the fictional Parents' Circle, shared
//! by `tests/note.rs` and `tests/html.rs` (included with `#[path]`).

#![allow(dead_code, clippy::unwrap_used)]

use groupscribe::model::{
    Author, Event, EventId, EventKind, Floor, Member, MemberId, Moment, MomentKind, SCHEMA_VERSION,
    Session, SessionHeader, Timestamp,
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
    }
}

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
