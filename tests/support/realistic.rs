//! A deterministic, realistic session for measurements, shared by
//! `benches/live.rs` and `tests/perf.rs` (included with `#[path]`).

#![allow(dead_code)]

use groupscribe::diag::ron_text;
use groupscribe::model::taxonomy::{
    Choice, ConflictStatus, ConflictType, MutualAidKind, NormAction, RiskLevel, Skill,
};
use groupscribe::model::{
    AttendanceChange, Author, BreakEdge, Event, EventId, EventKind, Floor, Group, MemberId, Moment,
    MomentKind, SCHEMA_VERSION, Session, SessionHeader, Timestamp,
};
use std::path::Path;

pub fn write_session(path: &Path, session: &Session) {
    let mut text = ron_text::to_line(path, &session.header).expect("header");
    for event in &session.events {
        text.push_str(&ron_text::to_line(path, event).expect("event"));
    }
    std::fs::write(path, text).expect("write session");
}

/// A deterministic, valid, unended session: mostly member and facilitator turns, some
/// silence and crosstalk, moments of every family, segments, a break, attendance, and
/// the odd undo or correction. Longer than 6 days (about 300,000 events), it
/// is squeezed into 6, in order.
pub fn realistic_session(group: &Group, slug: &str, started: Timestamp, count: usize) -> Session {
    let mut random = Lcg(0x5eed_1234);
    let members: Vec<MemberId> = group.members.iter().map(|m| m.id.clone()).collect();
    let pick = |random: &mut Lcg| members[random.below(members.len())].clone();
    let mut events: Vec<Event> = Vec::with_capacity(count);
    let mut at = started;
    for index in 0..count {
        let id = index as u32 + 1;
        at += chrono::TimeDelta::milliseconds(500 + random.below(3_000) as i64);
        let kind = match index {
            0 => EventKind::Segment("check-in".into()),
            1 => EventKind::Attendance {
                member: members[members.len() - 1].clone(),
                change: AttendanceChange::Absent,
                text: None,
            },
            i if i == count / 3 => EventKind::Segment("main activity".into()),
            i if i == count / 2 => EventKind::Break(BreakEdge::Start),
            i if i == count / 2 + 3 => EventKind::Break(BreakEdge::End),
            i if i == count / 2 + 4 => EventKind::Attendance {
                member: members[members.len() - 1].clone(),
                change: AttendanceChange::Arrived,
                text: None,
            },
            i if i == count * 5 / 6 => EventKind::Segment("check-out".into()),
            _ => {
                let roll = random.below(100);
                let moment = |what: MomentKind, members: Vec<MemberId>, text: Option<&str>| {
                    EventKind::Moment(Moment {
                        what,
                        members,
                        text: text.map(str::to_string),
                    })
                };
                match roll {
                    0..55 => EventKind::Floor(Floor::Member(pick(&mut random))),
                    55..70 => EventKind::Floor(Floor::Facilitator),
                    70..73 => EventKind::Floor(Floor::CoFacilitator),
                    73..81 => EventKind::Floor(Floor::Silence),
                    81..83 => EventKind::Floor(Floor::Crosstalk),
                    83..87 => moment(
                        MomentKind::MutualAid(choose(&mut random, MutualAidKind::ALL)),
                        vec![pick(&mut random), pick(&mut random)],
                        None,
                    ),
                    87..91 => moment(
                        MomentKind::Intervention(choose(&mut random, Skill::ALL)),
                        vec![pick(&mut random)],
                        None,
                    ),
                    91..93 => moment(
                        MomentKind::Norm {
                            action: choose(&mut random, NormAction::ALL),
                            norm: group.norms[random.below(group.norms.len())].clone(),
                        },
                        vec![pick(&mut random)],
                        None,
                    ),
                    93 => moment(
                        MomentKind::Conflict {
                            kind: choose(&mut random, ConflictType::ALL),
                            status: choose(&mut random, ConflictStatus::ALL),
                            continues: None,
                        },
                        vec![pick(&mut random), pick(&mut random)],
                        None,
                    ),
                    94..96 => moment(
                        MomentKind::Note,
                        vec![pick(&mut random)],
                        Some("said the evenings are the hardest; \"I just sit with him\""),
                    ),
                    96 => moment(MomentKind::Bookmark, Vec::new(), None),
                    97 => moment(
                        MomentKind::risk(RiskLevel::Concern),
                        vec![pick(&mut random)],
                        Some("mentioned not sleeping"),
                    ),
                    98 => EventKind::Retraction {
                        target: EventId(id - 1),
                    },
                    _ => EventKind::Amendment {
                        target: EventId(id - 1),
                        replacement: Box::new(EventKind::Floor(Floor::Member(pick(&mut random)))),
                        reason: "wrong key".into(),
                    },
                }
            }
        };
        let by = if random.below(10) == 0 {
            Author::CoFacilitator
        } else {
            Author::Facilitator
        };
        events.push(Event {
            id: EventId(id),
            at,
            by,
            kind,
        });
    }
    // A record spans at most 7 days (`groupscribe` refuses later times as
    // changed outside it): a longer session is squeezed into 6, in order.
    let span = (at - started).num_milliseconds();
    let most = chrono::TimeDelta::days(6).num_milliseconds();
    if span > most {
        for event in &mut events {
            let offset = (event.at - started).num_milliseconds();
            let squeezed = (i128::from(offset) * i128::from(most) / i128::from(span)) as i64;
            event.at = started + chrono::TimeDelta::milliseconds(squeezed);
        }
    }
    Session {
        header: SessionHeader {
            version: SCHEMA_VERSION,
            group: slug.into(),
            number: 2,
            started,
            facilitator: group.facilitator.clone(),
            co_facilitator: group.co_facilitator.clone(),
            source: None,
            // Every member of the roster is in it, whatever the day: a long
            // history made for a benchmark starts before the sample's members
            // joined.
            snapshot: Some(Group {
                members: group.members.clone(),
                ..group.clone()
            }),
            observer: None,
        },
        events,
    }
}

fn choose<T: Copy>(random: &mut Lcg, all: &[T]) -> T {
    all[random.below(all.len())]
}

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}
