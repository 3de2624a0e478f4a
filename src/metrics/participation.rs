//! Who held the floor, for how long, and who followed whom.
//!
//! Definitions (also in the README):
//! - The session clock runs from the header's start to `until` (now, or the end),
//!   minus breaks.
//! - A turn is a maximal span held by one holder (a member, a facilitator, or
//!   crosstalk); it ends when another holder starts, at silence, at a break or at
//!   the end. Pressing the current speaker's key again does not start a new turn.
//! - Talk time is the sum of a holder's turns; silence is time nobody held the floor
//!   outside breaks. Talk + silence + breaks = session length, exactly.
//! - A share of all talk is over members, facilitators and crosstalk together;
//!   the facilitators' share is both facilitators' talk over all talk.
//! - A transition is from one person speaking to the next person speaking, whatever
//!   silence lies between (crosstalk is not a person and is skipped).
//! - Agenda segments split the clock: a turn that runs across a segment change is
//!   counted as a turn in the segment it began in, its talk in each segment it spans.

use crate::model::{
    AttendanceChange, EventKind, Floor, Group, MemberId, Session, Timestamp, effective_events,
};
use std::collections::BTreeMap;

/// Milliseconds: figures are exact to the millisecond, never rounded before display.
pub type Millis = i64;

/// `part` over `total` (0..=1); `None` when the total is zero.
pub fn share(part: Millis, total: Millis) -> Option<f64> {
    // Millisecond totals stay far below 2^53, so the conversion is exact.
    (total > 0).then(|| part as f64 / total as f64)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HolderStats {
    pub turns: u32,
    pub talk: Millis,
    pub longest: Millis,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
}

/// Attendance as the facilitator logged it; members start present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Present,
    Late(Timestamp),
    LeftEarly(Timestamp),
    Absent,
    Excused,
}

impl Presence {
    pub fn is_here(self) -> bool {
        matches!(self, Presence::Present | Presence::Late(_))
    }

    /// Was in the room at some point of the session.
    pub fn attended(self) -> bool {
        !matches!(self, Presence::Absent | Presence::Excused)
    }
}

/// Figures over one stretch of time: the whole session, or one agenda segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Time without breaks.
    pub clock: Millis,
    pub breaks: Millis,
    pub holders: BTreeMap<Floor, HolderStats>,
    pub silence: Millis,
    pub longest_silence: Millis,
    pub transitions: BTreeMap<(Floor, Floor), u32>,
}

impl Tally {
    fn credit(&mut self, floor: &Floor, on_break: bool, span: Millis) {
        if on_break {
            self.breaks += span;
            return;
        }
        self.clock += span;
        if *floor == Floor::Silence {
            self.silence += span;
        } else if let Some(stats) = self.holders.get_mut(floor) {
            stats.talk += span;
        } else {
            self.holders.entry(floor.clone()).or_default().talk += span;
        }
    }

    fn count_turn(&mut self, floor: &Floor, at: Timestamp) {
        let stats = self.holders.entry(floor.clone()).or_default();
        stats.turns += 1;
        stats.first.get_or_insert(at);
        stats.last = Some(at);
    }

    /// Adds an earlier stretch's figures to these.
    fn absorb(&mut self, earlier: Tally) {
        self.clock += earlier.clock;
        self.breaks += earlier.breaks;
        self.silence += earlier.silence;
        self.longest_silence = self.longest_silence.max(earlier.longest_silence);
        for (floor, stats) in earlier.holders {
            let mine = self.holders.entry(floor).or_default();
            mine.talk += stats.talk;
            mine.turns += stats.turns;
            mine.longest = mine.longest.max(stats.longest);
            mine.first = match (stats.first, mine.first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            mine.last = mine.last.or(stats.last);
        }
        for (pair, count) in earlier.transitions {
            *self.transitions.entry(pair).or_default() += count;
        }
    }

    /// Talk time of all members together (not facilitators, not crosstalk).
    pub fn member_talk(&self) -> Millis {
        self.holders
            .iter()
            .filter(|(floor, _)| floor.member().is_some())
            .map(|(_, s)| s.talk)
            .sum()
    }

    /// Talk time of every holder: members, facilitators and crosstalk. The
    /// denominator of every "share of all talk", on screen and in the note.
    pub fn all_talk(&self) -> Millis {
        self.holders.values().map(|s| s.talk).sum()
    }

    /// A holder's share (0..=1) of all talk (members, facilitators and
    /// crosstalk); `None` before anyone talked.
    pub fn share_of_all_talk(&self, floor: &Floor) -> Option<f64> {
        let talk = self.stats(floor).map_or(0, |s| s.talk);
        share(talk, self.all_talk())
    }

    /// The facilitators' share: both facilitators' talk over all talk (members,
    /// facilitators and crosstalk). The one definition the live roster and
    /// the note use.
    pub fn facilitators_share(&self) -> Option<f64> {
        let talk: Millis = [Floor::Facilitator, Floor::CoFacilitator]
            .iter()
            .filter_map(|floor| self.stats(floor))
            .map(|s| s.talk)
            .sum();
        share(talk, self.all_talk())
    }

    pub fn stats(&self, floor: &Floor) -> Option<&HolderStats> {
        self.holders.get(floor)
    }

    pub fn member_stats(&self, id: &MemberId) -> Option<&HolderStats> {
        self.holders.get(&Floor::Member(id.clone()))
    }

    /// Share (0..=1) of member-to-member transitions among all transitions between
    /// persons; `None` before the second speaker.
    pub fn member_to_member_share(&self) -> Option<f64> {
        let total: u32 = self.transitions.values().sum();
        let direct: u32 = self
            .transitions
            .iter()
            .filter(|((from, to), _)| from.member().is_some() && to.member().is_some())
            .map(|(_, count)| count)
            .sum();
        (total > 0).then(|| f64::from(direct) / f64::from(total))
    }
}

/// One agenda segment and its figures. The time before the first segment, if any,
/// is a segment with an empty name.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentTally {
    pub name: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    pub start: Timestamp,
    pub until: Timestamp,
    pub on_break: bool,
    pub ended: bool,
    /// The whole session.
    pub total: Tally,
    pub segments: Vec<SegmentTally>,
    pub floor: Floor,
    /// When the current holder took the floor (or the break began).
    pub floor_since: Timestamp,
    span_start: Timestamp,
    /// The person who spoke before the current speaker (or the last, during silence).
    pub previous_speaker: Option<Floor>,
    last_person: Option<Floor>,
    pub segment: Option<(String, Timestamp)>,
    pub presence: BTreeMap<MemberId, Presence>,
}

impl Participation {
    /// Folds the session's effective events, counting open spans up to `until`
    /// (or up to the end, if the session has ended before it).
    pub fn compute(group: &Group, session: &Session, until: Timestamp) -> Participation {
        let mut state = Participation::begin(group, session);
        for (event, kind) in effective_events(&session.events) {
            state.apply(event.at, kind, Some(until));
        }
        state.finish(until);
        state
    }

    /// The figures as of the last event, with the current turn still open: extend
    /// it with `apply` as events come, and read it with `at(now)`. The live panel
    /// keeps one of these so a frame costs the same at event 5 and event 5,000.
    pub fn fold(group: &Group, session: &Session) -> Participation {
        let mut state = Participation::begin(group, session);
        for (event, kind) in effective_events(&session.events) {
            state.apply(event.at, kind, None);
        }
        state
    }

    /// A folded state's figures up to `now`.
    pub fn at(&self, now: Timestamp) -> Participation {
        let mut state = self.clone();
        state.finish(now);
        state
    }

    pub(crate) fn begin(group: &Group, session: &Session) -> Participation {
        let start = session.header.started;
        Participation {
            start,
            until: start,
            on_break: false,
            ended: false,
            total: Tally::default(),
            segments: vec![SegmentTally {
                name: String::new(),
                start,
                end: start,
                tally: Tally::default(),
            }],
            floor: Floor::Silence,
            floor_since: start,
            span_start: start,
            previous_speaker: None,
            last_person: None,
            segment: None,
            presence: group
                .members
                .iter()
                .map(|m| (m.id.clone(), Presence::Present))
                .collect(),
        }
    }

    /// One more effective event, logged at `event_at`. Times never run backwards,
    /// and with `clamp` nothing counts beyond it. Nothing counts after the end.
    pub fn apply(&mut self, event_at: Timestamp, kind: &EventKind, clamp: Option<Timestamp>) {
        if self.ended {
            return;
        }
        let mut at = event_at.max(self.span_start);
        if let Some(limit) = clamp {
            at = at.min(limit.max(self.span_start));
        }
        match kind {
            EventKind::Floor(next) => {
                if self.on_break || *next == self.floor {
                    return;
                }
                self.credit(at);
                self.end_turn(at);
                self.open(next.clone(), at);
            }
            EventKind::Break(edge) => {
                let starting = edge.starts();
                if starting == self.on_break {
                    return;
                }
                self.credit(at);
                if starting {
                    self.end_turn(at);
                }
                self.on_break = starting;
                self.floor = Floor::Silence;
                self.floor_since = at;
            }
            EventKind::Attendance { member, change, .. } => {
                let before = self
                    .presence
                    .get(member)
                    .copied()
                    .unwrap_or(Presence::Present);
                let after = match change {
                    // Back after leaving early: here again. Any other arrival is late.
                    AttendanceChange::Arrived => match before {
                        Presence::LeftEarly(_) => Presence::Present,
                        Presence::Late(at) => Presence::Late(at),
                        _ => Presence::Late(event_at),
                    },
                    AttendanceChange::LeftEarly => Presence::LeftEarly(event_at),
                    AttendanceChange::Absent => Presence::Absent,
                    AttendanceChange::Excused => Presence::Excused,
                };
                self.presence.insert(member.clone(), after);
            }
            EventKind::Segment(name) => {
                self.credit(at);
                if let Some(current) = self.segments.last_mut() {
                    current.end = at;
                }
                self.segments.push(SegmentTally {
                    name: name.clone(),
                    start: at,
                    end: at,
                    tally: Tally::default(),
                });
                self.segment = Some((name.clone(), event_at));
            }
            EventKind::ClockStep { by_ms } => {
                // The time up to the step, on the clock as it was; then everything
                // open goes on from the stepped clock, the step itself left out.
                let by = chrono::TimeDelta::milliseconds(*by_ms);
                let before = (event_at - by).max(self.span_start);
                let before = match clamp {
                    Some(limit) => before.min((limit - by).max(self.span_start)),
                    None => before,
                };
                self.credit(before);
                self.span_start = before + by;
                self.floor_since += by;
            }
            EventKind::Ended => {
                self.credit(at);
                self.end_turn(at);
                self.ended = true;
                self.until = at;
            }
            _ => {}
        }
    }

    /// Closes the open turn at `until` (unless the session ended earlier) and
    /// settles the segments.
    fn finish(&mut self, until: Timestamp) {
        if !self.ended {
            let end = until.max(self.span_start);
            self.credit(end);
            self.end_turn(end);
            self.until = end;
        }
        if let Some(current) = self.segments.last_mut() {
            current.end = self.until;
        }
        // Before the first named segment nobody spoke: the facilitator was opening
        // the session, so that stretch belongs to the first segment.
        let nobody_spoke_first = self.segments[0]
            .tally
            .holders
            .values()
            .all(|s| s.turns == 0);
        if self.segments.len() > 1 && nobody_spoke_first {
            let opening = self.segments.remove(0);
            let first = &mut self.segments[0];
            first.start = opening.start;
            first.tally.absorb(opening.tally);
        }
    }

    fn open(&mut self, next: Floor, at: Timestamp) {
        if next != Floor::Silence {
            self.total.count_turn(&next, at);
            if let Some(segment) = self.segments.last_mut() {
                segment.tally.count_turn(&next, at);
            }
        }
        if next.is_person() {
            if let Some(previous) = self.last_person.take() {
                if previous != next {
                    let pair = (previous.clone(), next.clone());
                    *self.total.transitions.entry(pair.clone()).or_default() += 1;
                    if let Some(segment) = self.segments.last_mut() {
                        *segment.tally.transitions.entry(pair).or_default() += 1;
                    }
                }
                self.previous_speaker = Some(previous);
            }
            self.last_person = Some(next.clone());
        } else if self.floor.is_person() {
            self.previous_speaker = Some(self.floor.clone());
        }
        self.floor = next;
        self.floor_since = at;
    }

    /// Credits the time since the last credit to whoever holds the floor, in the
    /// whole session and in the current segment.
    fn credit(&mut self, at: Timestamp) {
        let span = (at - self.span_start).num_milliseconds().max(0);
        self.total.credit(&self.floor, self.on_break, span);
        if let Some(segment) = self.segments.last_mut() {
            segment.tally.credit(&self.floor, self.on_break, span);
        }
        self.span_start = at;
    }

    /// The current turn (or silence) ends at `at`: record its length as a candidate
    /// for the longest.
    fn end_turn(&mut self, at: Timestamp) {
        if self.on_break {
            return;
        }
        let length = (at - self.floor_since).num_milliseconds().max(0);
        if self.floor == Floor::Silence {
            self.total.longest_silence = self.total.longest_silence.max(length);
        } else if let Some(stats) = self.total.holders.get_mut(&self.floor) {
            stats.longest = stats.longest.max(length);
        }
    }

    /// How long the current holder has held the floor (zero during a break).
    pub fn current_turn(&self) -> Millis {
        if self.on_break {
            0
        } else {
            (self.until - self.floor_since).num_milliseconds().max(0)
        }
    }

    /// The session clock: time without breaks.
    pub fn clock(&self) -> Millis {
        self.total.clock
    }
}

/// `3_723_000` -> `"01:02:03"`; negative spans show as zero.
pub fn format_clock(millis: Millis) -> String {
    let seconds = millis.max(0) / 1000;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    pub(super) use crate::model::fixture::at as t;
    use crate::model::fixture::{self, speaks};
    use crate::model::{Author, BreakEdge, Event, EventId, SessionHeader};

    pub(super) fn group() -> Group {
        let member = |id: &str| fixture::member(id, &id.to_uppercase());
        Group {
            name: "G".into(),
            facilitator: "F".into(),
            ..fixture::group(vec![member("ana"), member("ben"), member("cy")])
        }
    }

    pub(super) fn session(events: &[(i64, EventKind)]) -> Session {
        let header = SessionHeader {
            group: "g".into(),
            facilitator: "F".into(),
            ..fixture::header()
        };
        fixture::session_of(header, events.to_vec())
    }

    #[test]
    fn a_gap_where_logging_stopped_is_a_break_never_talk() {
        // Ana spoke at 10 s; logging stopped at the last saved event (70 s) and
        // resumed at 400 s: the resume wrote Stopped at 70 and End at 400.
        let s = session(&[
            (10, speaks("ana")),
            (70, speaks("ana")),
            (70, EventKind::Break(BreakEdge::Stopped)),
            (400, EventKind::Break(BreakEdge::End)),
            (400, speaks("ben")),
            (430, EventKind::Ended),
        ]);
        let p = Participation::compute(&group(), &s, t(430));
        let ana = p.total.member_stats(&MemberId::new("ana")).unwrap();
        assert_eq!(ana.talk, 60_000, "Ana's turn ends where logging stopped");
        assert_eq!(ana.turns, 1);
        assert_eq!(p.total.breaks, 330_000);
        assert_eq!(p.total.clock, 100_000);
        assert_eq!(p.total.silence, 10_000);
        // Still open (no End yet): the gap runs as a break up to now.
        let open = Participation::compute(&group(), &session(&s_events_until(&s, 3)), t(300));
        assert!(open.on_break);
        assert_eq!(
            open.total.member_stats(&MemberId::new("ana")).unwrap().talk,
            60_000
        );
    }

    fn s_events_until(s: &Session, count: usize) -> Vec<(i64, EventKind)> {
        s.events[..count]
            .iter()
            .map(|e| ((e.at - t(0)).num_seconds(), e.kind.clone()))
            .collect()
    }

    #[test]
    fn talk_silence_and_breaks_add_up_to_the_session() {
        let s = session(&[
            (10, speaks("ana")),
            (40, speaks("ben")),
            (50, EventKind::Floor(Floor::Silence)),
            (60, EventKind::Break(BreakEdge::Start)),
            (160, EventKind::Break(BreakEdge::End)),
            (170, speaks("ana")),
            (200, EventKind::Ended),
        ]);
        let p = Participation::compute(&group(), &s, t(999));
        let ana = p.total.member_stats(&MemberId::new("ana")).unwrap();
        assert_eq!((ana.turns, ana.talk, ana.longest), (2, 60_000, 30_000));
        assert_eq!(
            p.total.member_stats(&MemberId::new("ben")).unwrap().talk,
            10_000
        );
        assert_eq!(p.total.silence, 10_000 + 10_000 + 10_000);
        assert_eq!(p.total.breaks, 100_000);
        assert_eq!(p.total.clock, 100_000);
        assert_eq!(p.total.clock + p.total.breaks, 200_000);
        assert!(p.ended);
        assert_eq!(p.until, t(200));
    }

    #[test]
    fn the_open_turn_counts_up_to_now() {
        let s = session(&[(0, speaks("ana")), (30, speaks("ana")), (40, speaks("cy"))]);
        let p = Participation::compute(&group(), &s, t(55));
        assert_eq!(
            p.total.member_stats(&MemberId::new("ana")).unwrap().turns,
            1,
            "same key twice is one turn"
        );
        assert_eq!(p.current_turn(), 15_000);
        assert_eq!(p.floor, Floor::Member(MemberId::new("cy")));
        assert_eq!(
            p.previous_speaker,
            Some(Floor::Member(MemberId::new("ana")))
        );
    }

    #[test]
    fn retracted_turns_do_not_count() {
        let mut s = session(&[(0, speaks("ana")), (10, speaks("ben"))]);
        s.events.push(Event {
            id: EventId(3),
            at: t(12),
            by: Author::Facilitator,
            kind: EventKind::Retraction { target: EventId(2) },
        });
        let p = Participation::compute(&group(), &s, t(20));
        assert_eq!(p.floor, Floor::Member(MemberId::new("ana")));
        assert_eq!(
            p.total.member_stats(&MemberId::new("ana")).unwrap().talk,
            20_000
        );
        assert!(p.total.member_stats(&MemberId::new("ben")).is_none());
    }

    #[test]
    fn transitions_skip_silence_and_count_member_to_member() {
        let s = session(&[
            (0, speaks("ana")),
            (5, EventKind::Floor(Floor::Silence)),
            (8, speaks("ben")),
            (12, EventKind::Floor(Floor::Facilitator)),
            (20, speaks("cy")),
        ]);
        let p = Participation::compute(&group(), &s, t(30));
        let ana = Floor::Member(MemberId::new("ana"));
        let ben = Floor::Member(MemberId::new("ben"));
        assert_eq!(p.total.transitions.get(&(ana, ben)), Some(&1));
        assert_eq!(p.total.member_to_member_share(), Some(1.0 / 3.0));
    }

    #[test]
    fn attendance_changes_presence() {
        let s = session(&[
            (
                0,
                EventKind::Attendance {
                    member: MemberId::new("ben"),
                    change: AttendanceChange::Absent,
                    text: None,
                },
            ),
            (
                300,
                EventKind::Attendance {
                    member: MemberId::new("ben"),
                    change: AttendanceChange::Arrived,
                    text: None,
                },
            ),
            (
                400,
                EventKind::Attendance {
                    member: MemberId::new("cy"),
                    change: AttendanceChange::LeftEarly,
                    text: None,
                },
            ),
        ]);
        let p = Participation::compute(&group(), &s, t(500));
        assert_eq!(p.presence[&MemberId::new("ben")], Presence::Late(t(300)));
        assert_eq!(
            p.presence[&MemberId::new("cy")],
            Presence::LeftEarly(t(400))
        );
        assert_eq!(p.presence[&MemberId::new("ana")], Presence::Present);
    }

    #[test]
    fn clock_format() {
        assert_eq!(format_clock(3_723_999), "01:02:03");
        assert_eq!(format_clock(-5), "00:00:00");
    }
}

#[cfg(test)]
mod segment_tests {
    use super::tests::{group, session, t};
    use super::*;

    #[test]
    fn segments_split_talk_and_count_a_turn_where_it_began() {
        let group = group();
        let session = session(&[
            (4, EventKind::Segment("check-in".into())),
            (10, EventKind::Floor(Floor::Member(MemberId::new("ana")))),
            (70, EventKind::Segment("main activity".into())),
            (100, EventKind::Floor(Floor::Facilitator)),
            (130, EventKind::Ended),
        ]);
        let p = Participation::compute(&group, &session, t(500));
        let names: Vec<&str> = p.segments.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["check-in", "main activity"]);
        let ana = Floor::Member(MemberId::new("ana"));
        let first = &p.segments[0].tally;
        let second = &p.segments[1].tally;
        assert_eq!(
            (
                first.stats(&ana).unwrap().turns,
                first.stats(&ana).unwrap().talk
            ),
            (1, 60_000)
        );
        assert_eq!(
            second.stats(&ana).map(|s| (s.turns, s.talk)),
            Some((0, 30_000))
        );
        assert_eq!(
            first.silence, 10_000,
            "the silent opening belongs to the check-in"
        );
        assert_eq!(p.segments[0].start, t(0));
        assert_eq!(first.clock + second.clock, p.total.clock);
        // The turn across the segment change is one turn of 90 s in the whole session.
        assert_eq!(p.total.stats(&ana).unwrap().longest, 90_000);
        assert_eq!(p.segments[1].end, t(130));
    }
}

#[cfg(test)]
mod fold_tests {
    use super::tests::{group, session, t};
    use super::*;
    use crate::model::{Author, BreakEdge, Event, EventId};
    use proptest::prelude::*;

    fn kind(choice: u8) -> EventKind {
        match choice % 10 {
            0 => EventKind::Floor(Floor::Member(MemberId::new("ana"))),
            1 => EventKind::Floor(Floor::Member(MemberId::new("ben"))),
            2 => EventKind::Floor(Floor::Member(MemberId::new("cy"))),
            3 => EventKind::Floor(Floor::Facilitator),
            4 => EventKind::Floor(Floor::Silence),
            5 => EventKind::Floor(Floor::Crosstalk),
            6 => EventKind::Break(BreakEdge::Start),
            7 => EventKind::Break(BreakEdge::End),
            8 => EventKind::Break(BreakEdge::Stopped),
            _ => EventKind::Segment("main activity".into()),
        }
    }

    proptest! {
        /// The live panel's incremental fold gives exactly the figures of a full
        /// computation, whenever it is read.
        #[test]
        fn folding_event_by_event_equals_computing_from_scratch(
            steps in proptest::collection::vec((0u8..10, 0i64..120), 0..60),
            read_after in 0i64..300,
        ) {
            let group = group();
            let mut session = session(&[]);
            let mut folded = Participation::fold(&group, &session);
            let mut clock = 0;
            for (index, (choice, gap)) in steps.iter().enumerate() {
                clock += gap;
                let event = Event {
                    id: EventId(index as u32 + 1),
                    at: t(clock),
                    by: Author::Facilitator,
                    kind: kind(*choice),
                };
                folded.apply(event.at, &event.kind, None);
                session.events.push(event);
            }
            let now = t(clock + read_after);
            prop_assert_eq!(folded.at(now), Participation::compute(&group, &session, now));
        }
    }
}
