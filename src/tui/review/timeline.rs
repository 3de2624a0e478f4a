//! The session laid out on a time axis, for the review screen: one lane per
//! person who attended, a crosstalk lane, breaks, segment starts, arrivals and
//! departures, and the moments. Built once from the record (as it now reads:
//! retracted events drop out of the lanes, amended ones read as amended); the
//! screen rasterises it for the columns in view. No terminal types here.

use crate::model::{
    AttendanceChange, Author, BreakEdge, Event, EventKind, Floor, Group, MemberId, MomentFamily,
    RecordEntry, Session, Timestamp, effective_positions,
};
use std::collections::{BTreeMap, HashMap};

/// Milliseconds from the session's start.
pub type Millis = i64;

/// A stretch of time, `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Millis,
    pub end: Millis,
}

/// One turn: a holder had the floor from `start` to `end`; `entry` is the
/// event that gave it to them (an index into [`Timeline::entries`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    pub start: Millis,
    pub end: Millis,
    pub entry: usize,
}

/// A member arriving late or leaving, marked in their lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passage {
    Arrived,
    Left,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// A member, a facilitator, or crosstalk.
    pub holder: Floor,
    /// In time order, never overlapping.
    pub turns: Vec<Turn>,
    /// Arrivals and departures, in time order, with their entry.
    pub passages: Vec<(Millis, Passage, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MomentMark {
    pub at: Millis,
    pub family: MomentFamily,
    pub entry: usize,
}

/// What happened to an event after it was logged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fate {
    /// The retraction that undid it (an index into the session's events).
    pub retracted_by: Option<usize>,
    /// Every amendment or move of it, in the order written (indices into
    /// the session's events), retracted ones included.
    pub amended_by: Vec<usize>,
    /// It was written afterwards, as a late entry.
    pub late: bool,
}

/// One event of the record (record-keeping events are told in their target's
/// [`Fate`] instead), in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its position in the session's events.
    pub index: usize,
    pub at: Millis,
    pub by: Author,
    /// As it now reads: the latest amendment that stands, else the original.
    pub reads: EventKind,
    pub fate: Fate,
}

impl Entry {
    pub fn is_retracted(&self) -> bool {
        self.fate.retracted_by.is_some()
    }

    pub fn is_amended(&self) -> bool {
        !self.fate.amended_by.is_empty()
    }

    pub fn is_late(&self) -> bool {
        self.fate.late
    }

    /// A moment (what Tab jumps between).
    pub fn family(&self) -> Option<MomentFamily> {
        match &self.reads {
            EventKind::Moment(moment) => Some(moment.what.family()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub started: Timestamp,
    /// Length of the axis: the end, or `until` for a session still being logged.
    pub length: Millis,
    pub ended: bool,
    pub lanes: Vec<Lane>,
    /// Members not laned because they did not come, with why and the words logged.
    pub absent: Vec<(MemberId, AttendanceChange, Option<String>)>,
    pub breaks: Vec<Span>,
    pub segments: Vec<(Millis, String, usize)>,
    pub moments: Vec<MomentMark>,
    pub entries: Vec<Entry>,
}

fn offset(started: Timestamp, at: Timestamp) -> Millis {
    (at - started).num_milliseconds().max(0)
}

impl Timeline {
    /// `group` is the group as the session recorded it; `until` is now, for a
    /// session still being logged (ignored once it has ended).
    pub fn build(group: &Group, session: &Session, until: Timestamp) -> Timeline {
        let started = session.header.started;
        let entries = entries(session);
        let mut ended_at = None;
        let mut lanes: BTreeMap<Floor, Lane> = BTreeMap::new();
        let mut breaks = Vec::new();
        let mut segments = Vec::new();
        let mut moments = Vec::new();
        let mut attendance: HashMap<&MemberId, (AttendanceChange, Option<String>)> = HashMap::new();

        let mut holder = Floor::Silence;
        let mut since: (Millis, usize) = (0, 0);
        let mut break_since: Option<Millis> = None;
        fn lane<'a>(lanes: &'a mut BTreeMap<Floor, Lane>, holder: &Floor) -> &'a mut Lane {
            lanes.entry(holder.clone()).or_insert_with(|| Lane {
                holder: holder.clone(),
                turns: Vec::new(),
                passages: Vec::new(),
            })
        }
        let close = |lanes: &mut BTreeMap<Floor, Lane>,
                     holder: &Floor,
                     since: (Millis, usize),
                     at: Millis| {
            if *holder != Floor::Silence && at > since.0 {
                lane(lanes, holder).turns.push(Turn {
                    start: since.0,
                    end: at,
                    entry: since.1,
                });
            }
        };

        for (number, entry) in entries.iter().enumerate() {
            if entry.is_retracted() {
                continue;
            }
            let at = entry.at;
            if ended_at.is_some() {
                break;
            }
            match &entry.reads {
                EventKind::Floor(next) => {
                    if break_since.is_some() || *next == holder {
                        continue;
                    }
                    close(&mut lanes, &holder, since, at);
                    holder = next.clone();
                    since = (at, number);
                }
                EventKind::Break(edge) => {
                    if edge.starts() && break_since.is_none() {
                        close(&mut lanes, &holder, since, at);
                        holder = Floor::Silence;
                        break_since = Some(at);
                    } else if *edge == BreakEdge::End
                        && let Some(start) = break_since.take()
                    {
                        breaks.push(Span { start, end: at });
                    }
                }
                EventKind::Attendance {
                    member,
                    change,
                    text,
                } => {
                    attendance.insert(member, (*change, text.clone()));
                    let passage = match change {
                        AttendanceChange::Arrived => Some(Passage::Arrived),
                        AttendanceChange::LeftEarly => Some(Passage::Left),
                        AttendanceChange::Absent | AttendanceChange::Excused => None,
                    };
                    if let Some(passage) = passage {
                        lane(&mut lanes, &Floor::Member(member.clone()))
                            .passages
                            .push((at, passage, number));
                    }
                }
                EventKind::Moment(moment) => moments.push(MomentMark {
                    at,
                    family: moment.what.family(),
                    entry: number,
                }),
                EventKind::Segment(name) => segments.push((at, name.clone(), number)),
                EventKind::Ended => {
                    close(&mut lanes, &holder, since, at);
                    holder = Floor::Silence;
                    ended_at = Some(at);
                }
                EventKind::Stage(_)
                | EventKind::ClockStep { .. }
                | EventKind::GoalRating { .. }
                | EventKind::Closing(_)
                | EventKind::Amendment { .. }
                | EventKind::Retraction { .. }
                | EventKind::Record(_) => {}
            }
        }
        let length = ended_at.unwrap_or_else(|| {
            offset(started, until).max(entries.last().map_or(0, |entry| entry.at))
        });
        close(&mut lanes, &holder, since, length);
        if let Some(start) = break_since {
            breaks.push(Span { start, end: length });
        }

        // Lanes in a fixed order: the facilitators, the members as the roster
        // lists them (then anyone the record names that it does not), crosstalk.
        let mut absent = Vec::new();
        let mut ordered = Vec::new();
        let mut take = |holder: Floor, lanes: &mut BTreeMap<Floor, Lane>| {
            ordered.push(lanes.remove(&holder).unwrap_or(Lane {
                holder,
                turns: Vec::new(),
                passages: Vec::new(),
            }));
        };
        take(Floor::Facilitator, &mut lanes);
        if session.header.co_facilitator.is_some() || lanes.contains_key(&Floor::CoFacilitator) {
            take(Floor::CoFacilitator, &mut lanes);
        }
        for member in &group.members {
            let holder = Floor::Member(member.id.clone());
            let spoke = lanes
                .get(&holder)
                .is_some_and(|lane| !lane.turns.is_empty());
            match attendance.get(&member.id) {
                Some((change @ (AttendanceChange::Absent | AttendanceChange::Excused), text))
                    if !spoke =>
                {
                    absent.push((member.id.clone(), *change, text.clone()));
                    lanes.remove(&holder);
                }
                _ => take(holder, &mut lanes),
            }
        }
        let strangers: Vec<Floor> = lanes
            .keys()
            .filter(|holder| matches!(holder, Floor::Member(_)))
            .cloned()
            .collect();
        for holder in strangers {
            take(holder, &mut lanes);
        }
        take(Floor::Crosstalk, &mut lanes);

        Timeline {
            started,
            length,
            ended: ended_at.is_some(),
            lanes: ordered,
            absent,
            breaks,
            segments,
            moments,
            entries,
        }
    }

    /// The entry of the event with this position in the session's events.
    pub fn entry_of_event(&self, index: usize) -> Option<usize> {
        self.entries.iter().position(|entry| entry.index == index)
    }

    /// The wall-clock time of an offset.
    pub fn time_at(&self, at: Millis) -> Timestamp {
        self.started + chrono::TimeDelta::milliseconds(at)
    }
}

/// Every event that is not record-keeping, in time order (a late entry sits
/// where it happened), with what later happened to it.
fn entries(session: &Session) -> Vec<Entry> {
    let events: &[Event] = &session.events;
    let started = session.header.started;
    let by_id: HashMap<_, _> = events
        .iter()
        .enumerate()
        .map(|(index, event)| (event.id, index))
        .collect();
    let mut fates: HashMap<usize, Fate> = HashMap::new();
    for (index, event) in events.iter().enumerate() {
        if let Some(target) = event.kind.retracts()
            && let Some(&target) = by_id.get(&target)
        {
            fates.entry(target).or_default().retracted_by = Some(index);
        }
        match &event.kind {
            EventKind::Amendment { target, .. }
            | EventKind::Record(RecordEntry::Retimed { target, .. }) => {
                if let Some(&target) = by_id.get(target) {
                    fates.entry(target).or_default().amended_by.push(index);
                }
            }
            EventKind::Record(RecordEntry::Late { .. }) => {
                fates.entry(index).or_default().late = true
            }
            _ => {}
        }
    }
    let reads: HashMap<usize, &EventKind> = effective_positions(events).into_iter().collect();
    let mut entries: Vec<Entry> = events
        .iter()
        .enumerate()
        .filter_map(|(index, event)| {
            // A late entry is listed as what happened; other record keeping
            // is told in its target's history.
            let happened = event.kind.as_happened()?;
            Some(Entry {
                index,
                at: offset(started, event.at),
                by: event.by,
                reads: reads.get(&index).copied().unwrap_or(happened).clone(),
                fate: fates.remove(&index).unwrap_or_default(),
            })
        })
        .collect();
    entries.sort_by_key(|entry| entry.at);
    entries
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;
    use crate::model::fixture::{self, at, header, id, moment, session_of, speaks};
    use crate::model::taxonomy::{MutualAidKind, RiskLevel};
    use crate::model::{EventId, MomentKind};

    pub(crate) fn roster() -> Group {
        fixture::group(vec![
            fixture::member("ana", "Ana Ruiz"),
            fixture::member("ben", "Ben Kowalski"),
            fixture::member("gus", "Gus Wójcik"),
            fixture::member("eli", "Eli Sato"),
        ])
    }

    /// Ten minutes: Ana, Ben, crosstalk, a break, the facilitator; Gus absent;
    /// Eli arrives late and leaves; two moments; a segment.
    pub(crate) fn sample() -> Session {
        session_of(
            header(),
            vec![
                (
                    0,
                    EventKind::Attendance {
                        member: id("gus"),
                        change: AttendanceChange::Absent,
                        text: Some("no word".into()),
                    },
                ),
                (0, EventKind::Segment("check-in".into())),
                (0, EventKind::Floor(Floor::Facilitator)),
                (30, speaks("ana")),
                (90, speaks("ben")),
                (
                    100,
                    moment(
                        MomentKind::MutualAid(MutualAidKind::MutualSupport),
                        &["ana", "ben"],
                        Some("same call from the school"),
                    ),
                ),
                (
                    120,
                    EventKind::Attendance {
                        member: id("eli"),
                        change: AttendanceChange::Arrived,
                        text: None,
                    },
                ),
                (150, EventKind::Floor(Floor::Crosstalk)),
                (160, speaks("ana")),
                (200, EventKind::Break(BreakEdge::Start)),
                (300, EventKind::Break(BreakEdge::End)),
                (310, EventKind::Segment("main".into())),
                (320, speaks("eli")),
                (
                    400,
                    moment(MomentKind::risk(RiskLevel::Elevated), &["eli"], None),
                ),
                (450, EventKind::Floor(Floor::Silence)),
                (
                    500,
                    EventKind::Attendance {
                        member: id("eli"),
                        change: AttendanceChange::LeftEarly,
                        text: Some("bus".into()),
                    },
                ),
                (540, EventKind::Floor(Floor::Facilitator)),
                (600, EventKind::Ended),
            ],
        )
    }

    fn spans(timeline: &Timeline, holder: &Floor) -> Vec<(Millis, Millis)> {
        timeline
            .lanes
            .iter()
            .find(|lane| lane.holder == *holder)
            .unwrap()
            .turns
            .iter()
            .map(|turn| (turn.start / 1000, turn.end / 1000))
            .collect()
    }

    #[test]
    fn one_lane_per_person_who_came_and_one_for_crosstalk() {
        let timeline = Timeline::build(&roster(), &sample(), at(9999));
        let holders: Vec<&Floor> = timeline.lanes.iter().map(|lane| &lane.holder).collect();
        assert_eq!(
            holders,
            [
                &Floor::Facilitator,
                &Floor::Member(id("ana")),
                &Floor::Member(id("ben")),
                &Floor::Member(id("eli")),
                &Floor::Crosstalk
            ]
        );
        assert_eq!(
            timeline.absent,
            [(id("gus"), AttendanceChange::Absent, Some("no word".into()))]
        );
        assert_eq!(timeline.length, 600_000, "the axis runs to the end");
        assert!(timeline.ended);
    }

    #[test]
    fn turns_run_to_the_next_holder_a_break_or_silence() {
        let timeline = Timeline::build(&roster(), &sample(), at(9999));
        assert_eq!(spans(&timeline, &Floor::Facilitator), [(0, 30), (540, 600)]);
        assert_eq!(
            spans(&timeline, &Floor::Member(id("ana"))),
            [(30, 90), (160, 200)]
        );
        assert_eq!(spans(&timeline, &Floor::Crosstalk), [(150, 160)]);
        assert_eq!(spans(&timeline, &Floor::Member(id("eli"))), [(320, 450)]);
        assert_eq!(
            timeline.breaks,
            [Span {
                start: 200_000,
                end: 300_000
            }]
        );
    }

    #[test]
    fn segments_passages_and_moments_are_placed() {
        let timeline = Timeline::build(&roster(), &sample(), at(9999));
        let segments: Vec<(Millis, &str)> = timeline
            .segments
            .iter()
            .map(|(at, name, _)| (*at / 1000, name.as_str()))
            .collect();
        assert_eq!(segments, [(0, "check-in"), (310, "main")]);
        let eli = &timeline.lanes[3];
        let passages: Vec<(Millis, Passage)> = eli
            .passages
            .iter()
            .map(|(at, p, _)| (*at / 1000, *p))
            .collect();
        assert_eq!(passages, [(120, Passage::Arrived), (500, Passage::Left)]);
        let moments: Vec<(Millis, &str)> = timeline
            .moments
            .iter()
            .map(|mark| (mark.at / 1000, mark.family.symbol()))
            .collect();
        assert_eq!(
            moments,
            [
                (100, MomentFamily::MutualAid.symbol()),
                (400, MomentFamily::Risk.symbol())
            ]
        );
    }

    #[test]
    fn the_lanes_read_the_record_as_amended_and_keep_the_retracted_entries() {
        let mut session = sample();
        let next = session.next_id().unwrap().0;
        session.events.push(fixture::event(
            next,
            EventKind::Amendment {
                target: EventId(5),
                replacement: Box::new(speaks("eli")),
                reason: "that was Eli".into(),
            },
        ));
        session.events.push(fixture::event(
            next + 1,
            EventKind::Retraction { target: EventId(6) },
        ));
        let timeline = Timeline::build(&roster(), &session, at(9999));
        assert!(spans(&timeline, &Floor::Member(id("ben"))).is_empty());
        assert_eq!(
            spans(&timeline, &Floor::Member(id("eli"))),
            [(90, 150), (320, 450)]
        );
        assert_eq!(
            timeline.moments.len(),
            1,
            "the retracted moment is off the lane"
        );
        assert_eq!(
            timeline.entries.len(),
            session.events.len() - 2,
            "every event but the record-keeping ones is listed"
        );
        let ben = &timeline.entries[timeline.entry_of_event(4).unwrap()];
        assert!(ben.is_amended() && !ben.is_retracted());
        assert_eq!(ben.fate.amended_by, [session.events.len() - 2]);
        let aid = &timeline.entries[timeline.entry_of_event(5).unwrap()];
        assert!(aid.is_retracted());
    }

    #[test]
    fn a_session_still_being_logged_runs_to_now_with_the_turn_open() {
        let mut session = sample();
        session
            .events
            .retain(|event| event.kind != EventKind::Ended);
        let timeline = Timeline::build(&roster(), &session, at(700));
        assert!(!timeline.ended);
        assert_eq!(timeline.length, 700_000);
        assert_eq!(spans(&timeline, &Floor::Facilitator), [(0, 30), (540, 700)]);
    }

    #[test]
    fn an_empty_session_has_a_facilitator_lane_and_no_length() {
        let session = session_of(header(), vec![]);
        let timeline = Timeline::build(&roster(), &session, at(0));
        assert_eq!(timeline.length, 0);
        // The facilitator, the four members (nobody was marked absent), crosstalk.
        assert_eq!(timeline.lanes.len(), 6);
        assert!(timeline.entries.is_empty());
    }
}
