//! A hand-built session whose figures are worked out by hand in the tests.
//!
//! Three members (Ana R., Ben T., Cy D.), started 18:00:00 +01:00, ended 18:40:00.
//! Talk: Ana 2 turns 05:00, Ben 2 turns 06:00, Cy 1 turn 04:00 (member talk 15:00),
//! facilitator 3 turns 09:00, crosstalk 1 turn 00:30 (all talk 24:30);
//! silence 05:30 (longest 05:00); break 10:00; clock 30:00.
//! Transitions: F→Ana, Ana→Ben, Ben→Ana, Ana→Cy, Cy→Ben, Ben→F: 4 of 6 member-to-member.

use crate::model::fixture::{self, speaks};
pub(crate) use crate::model::fixture::{at, id, moment};
use crate::model::taxonomy::{MutualAidKind, NormAction, RiskLevel};
use crate::model::{
    AttendanceChange, Author, BreakEdge, EventId, EventKind, Floor, Group, Member, MomentKind,
    Session, SessionHeader,
};

pub fn group() -> Group {
    let member = |id: &str, name: &str, alias: &str| Member {
        alias: Some(alias.into()),
        ..fixture::member(id, name)
    };
    Group {
        name: "Thursday Parents".into(),
        facilitator: "Maria López".into(),
        co_facilitator: Some("Sam Lee".into()),
        norms: vec!["one person speaks at a time".into()],
        planned_sessions: Some(8),
        ..fixture::group(vec![
            member("ana", "Ana Ruiz", "Ana R."),
            member("ben", "Ben Tal", "Ben T."),
            member("cy", "Cy Dunn", "Cy D."),
        ])
    }
}

/// Events get ids 1, 2, ... in the order given; the header keeps `group()`
/// as its roster snapshot, as a session started by groupscribe does.
pub fn session_with(events: Vec<(i64, Author, EventKind)>) -> Session {
    let header = SessionHeader {
        group: "thursday-parents".into(),
        number: 4,
        facilitator: "Maria López".into(),
        co_facilitator: Some("Sam Lee".into()),
        snapshot: Some(group()),
        observer: None,
        ..fixture::header()
    };
    fixture::session_by(header, events)
}

/// The full fixture, ended at 18:40:00. Event ids are noted for the tests.
pub fn ended_session() -> Session {
    session_with(events(true))
}

/// The same session, still open: no `Ended` event.
pub fn open_session() -> Session {
    session_with(events(false))
}

fn events(ended: bool) -> Vec<(i64, Author, EventKind)> {
    use Author::{CoFacilitator as Co, Facilitator as F};
    let mut events = vec![
        /* 1 */ (0, F, EventKind::Segment("check-in".into())),
        /* 2 */
        (
            0,
            F,
            EventKind::Attendance {
                member: id("cy"),
                change: AttendanceChange::Absent,
                text: None,
            },
        ),
        /* 3 */ (30, F, EventKind::Floor(Floor::Facilitator)),
        /* 4 */ (120, F, speaks("ana")),
        /* 5 */ (300, F, speaks("ben")),
        /* 6 */
        (
            420,
            Co,
            moment(
                MomentKind::MutualAid(MutualAidKind::MutualSupport),
                &["ana", "ben"],
                Some("Ben offered Ana a lift"),
            ),
        ),
        /* 7 */ (480, F, speaks("ana")),
        /* 8 */
        (
            600,
            F,
            EventKind::Attendance {
                member: id("cy"),
                change: AttendanceChange::Arrived,
                text: None,
            },
        ),
        /* 9 */ (600, F, EventKind::Floor(Floor::Silence)),
        /* 10 */ (900, F, EventKind::Break(BreakEdge::Start)),
        /* 11 */ (1500, F, EventKind::Break(BreakEdge::End)),
        /* 12 */ (1500, F, speaks("cy")),
        /* 13 */
        (
            1560,
            F,
            moment(
                MomentKind::Risk(RiskLevel::Elevated),
                &["ben"],
                Some("Said he has not slept; will call him after group"),
            ),
        ),
        /* 14 */ (1740, F, speaks("ben")),
        /* 15 */
        (
            1860,
            F,
            moment(
                MomentKind::Note,
                &["cy"],
                Some("logged for the wrong member"),
            ),
        ),
        /* 16 */
        (
            1870,
            F,
            EventKind::Retraction {
                target: EventId(15),
            },
        ),
        /* 17 */ (1920, F, EventKind::Floor(Floor::Facilitator)),
        /* 18 */
        (
            1950,
            Co,
            moment(
                MomentKind::Norm {
                    action: NormAction::Reinforced,
                    norm: "one person speaks at a time".into(),
                },
                &[],
                None,
            ),
        ),
        /* 19 */
        (
            1980,
            Co,
            EventKind::Amendment {
                target: EventId(18),
                replacement: Box::new(moment(
                    MomentKind::Norm {
                        action: NormAction::Reviewed,
                        norm: "phones away".into(),
                    },
                    &[],
                    None,
                )),
                reason: "wrong norm".into(),
            },
        ),
        /* 20 */ (2100, F, EventKind::Floor(Floor::Crosstalk)),
        /* 21 */ (2130, F, EventKind::Floor(Floor::Facilitator)),
    ];
    if ended {
        /* 22 */
        events.push((2400, F, EventKind::Ended));
    }
    events
}
