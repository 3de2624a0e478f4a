//! The review's cursor and event list: which entries are listed (the
//! filter), which one is under the cursor, moving it (one event, moment to
//! moment, to a time, to a search match), and what the details pane says of
//! it. The viewport follows the cursor. No terminal types here.

use super::axis::Viewport;
use super::timeline::{Entry, Millis, Timeline};
use crate::model::{Author, Event, EventKind, Floor, MemberId, RecordEntry, Session, Timestamp};
use std::collections::BTreeSet;

/// The kinds the filter chooses among (`f`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KindFilter {
    Turns,
    Moments,
    Attendance,
    /// Segments, breaks, stages and the end.
    Agenda,
    GoalRatings,
}

impl KindFilter {
    pub const ALL: [KindFilter; 5] = [
        KindFilter::Turns,
        KindFilter::Moments,
        KindFilter::Attendance,
        KindFilter::Agenda,
        KindFilter::GoalRatings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            KindFilter::Turns => "turns",
            KindFilter::Moments => "moments",
            KindFilter::Attendance => "attendance",
            KindFilter::Agenda => "agenda",
            KindFilter::GoalRatings => "goal ratings",
        }
    }

    /// The filter kind of an event; `None` for record-keeping events, which
    /// are never listed on their own.
    pub fn of(kind: &EventKind) -> Option<KindFilter> {
        match kind {
            EventKind::Floor(_) => Some(KindFilter::Turns),
            EventKind::Moment(_) => Some(KindFilter::Moments),
            EventKind::Attendance { .. } => Some(KindFilter::Attendance),
            EventKind::Segment(_)
            | EventKind::Break(_)
            | EventKind::ClockStep { .. }
            | EventKind::Stage(_)
            | EventKind::Closing(_)
            | EventKind::Ended => Some(KindFilter::Agenda),
            EventKind::GoalRating { .. } => Some(KindFilter::GoalRatings),
            EventKind::Amendment { .. } | EventKind::Retraction { .. } | EventKind::Record(_) => {
                None
            }
        }
    }
}

/// Which entries the list shows: the kinds chosen (none chosen: every kind)
/// and, if chosen, only those about one person.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub kinds: BTreeSet<KindFilter>,
    pub person: Option<Floor>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.person.is_none()
    }

    pub fn toggle(&mut self, kind: KindFilter) {
        if !self.kinds.remove(&kind) {
            self.kinds.insert(kind);
        }
    }

    pub fn admits(&self, entry: &Entry) -> bool {
        let kind_ok = KindFilter::of(&entry.reads)
            .is_some_and(|kind| self.kinds.is_empty() || self.kinds.contains(&kind));
        kind_ok
            && self
                .person
                .as_ref()
                .is_none_or(|person| involves(&entry.reads, person))
    }
}

/// Whether an event is about a person: they took the floor, came or went,
/// were rated, or are among a moment's members.
pub fn involves(kind: &EventKind, person: &Floor) -> bool {
    match (kind, person) {
        (EventKind::Floor(holder), _) => holder == person,
        (_, Floor::Member(id)) => kind.member_ids().contains(&id),
        _ => false,
    }
}

/// How names are shown: the caller's choice (full, alias, initials).
pub type Namer<'a> = &'a dyn Fn(&Floor) -> String;

/// What the list and the search say of an event: its label, members and words.
pub fn describe(kind: &EventKind, name: Namer) -> (String, Vec<String>, Option<String>) {
    match kind {
        EventKind::Moment(moment) => (
            moment.what.label(),
            moment
                .members
                .iter()
                .map(|id| name(&Floor::Member(id.clone())))
                .collect(),
            kind.text().map(str::to_string),
        ),
        EventKind::Floor(Floor::Crosstalk) => ("crosstalk".into(), Vec::new(), None),
        other => (
            other.label(name),
            Vec::new(),
            other.text().map(str::to_string),
        ),
    }
}

/// One change to an event, for its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub at: Timestamp,
    pub by: Author,
    pub what: ChangeKind,
    /// Why, as the reviewer wrote it.
    pub reason: Option<String>,
    /// A later retraction undid this change.
    pub undone: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    /// It now reads as this (label, members, words).
    Amended(String, Vec<String>, Option<String>),
    /// The turn began at another time: from, to.
    Moved(Timestamp, Timestamp),
    Retracted,
    /// Written afterwards as a late entry, at this time (the event is dated when it happened).
    Late,
}

/// Everything the details pane says of the entry under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    pub at: Timestamp,
    pub by: Author,
    /// As it now reads.
    pub label: String,
    pub members: Vec<String>,
    pub text: Option<String>,
    /// As first logged (label, members, words), when an amendment changed it.
    pub original: Option<(String, Vec<String>, Option<String>)>,
    pub history: Vec<Change>,
}

impl Details {
    pub fn of(entry: &Entry, session: &Session, name: Namer) -> Option<Details> {
        let event: &Event = session.events.get(entry.index)?;
        let (label, members, text) = describe(&entry.reads, name);
        let retracted = |index: usize| {
            session.events.get(index).is_some_and(|change| {
                session.events.iter().any(|later| {
                    matches!(later.kind, EventKind::Retraction { target } if target == change.id)
                })
            })
        };
        let mut history: Vec<Change> = entry
            .fate
            .amended_by
            .iter()
            .filter_map(|&index| {
                let change = session.events.get(index)?;
                let (what, reason) = match &change.kind {
                    EventKind::Amendment {
                        replacement,
                        reason,
                        ..
                    } => {
                        let (label, members, text) = describe(replacement, name);
                        (ChangeKind::Amended(label, members, text), reason)
                    }
                    EventKind::Record(RecordEntry::Retimed {
                        from, to, reason, ..
                    }) => (ChangeKind::Moved(*from, *to), reason),
                    _ => return None,
                };
                Some(Change {
                    at: change.at,
                    by: change.by,
                    what,
                    reason: Some(reason.clone()),
                    undone: retracted(index),
                })
            })
            .collect();
        if let Some(change) = entry
            .fate
            .retracted_by
            .and_then(|index| session.events.get(index))
        {
            let reason = match &change.kind {
                EventKind::Record(RecordEntry::Retracted { reason, .. }) => Some(reason.clone()),
                _ => None,
            };
            history.push(Change {
                at: change.at,
                by: change.by,
                what: ChangeKind::Retracted,
                reason,
                undone: false,
            });
        }
        if let EventKind::Record(RecordEntry::Late {
            written, reason, ..
        }) = &event.kind
        {
            history.push(Change {
                at: *written,
                by: event.by,
                what: ChangeKind::Late,
                reason: Some(reason.clone()),
                undone: false,
            });
        }
        history.sort_by_key(|change| change.at);
        let logged = event.kind.as_happened().unwrap_or(&event.kind);
        let original =
            (entry.is_amended() && entry.reads != *logged).then(|| describe(logged, name));
        Some(Details {
            at: event.at,
            by: event.by,
            label,
            members,
            text,
            original,
            history,
        })
    }
}

/// The review's navigation state: the viewport, the filter, the cursor (an
/// index into the timeline's entries, always one the filter admits) and the
/// search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Navigator {
    pub viewport: Viewport,
    pub filter: Filter,
    pub cursor: Option<usize>,
    pub search: Option<String>,
    /// The entries the filter admits, in time order (indices into entries).
    pub listed: Vec<usize>,
}

/// Which way a search or a jump goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

impl Navigator {
    /// On the first listed moment (else the first entry), whole session in view.
    pub fn new(timeline: &Timeline) -> Navigator {
        let mut navigator = Navigator::default();
        navigator.refilter(timeline);
        navigator.cursor = navigator
            .listed
            .iter()
            .copied()
            .find(|&entry| timeline.entries[entry].family().is_some())
            .or_else(|| navigator.listed.first().copied());
        navigator
    }

    /// After the filter or the timeline changed: the list again, the cursor
    /// on the nearest listed entry at or before where it was.
    pub fn refilter(&mut self, timeline: &Timeline) {
        self.listed = (0..timeline.entries.len())
            .filter(|&entry| self.filter.admits(&timeline.entries[entry]))
            .collect();
        if let Some(cursor) = self.cursor
            && !self.listed.contains(&cursor)
        {
            let at = timeline.entries.get(cursor).map_or(0, |entry| entry.at);
            self.cursor = self
                .listed
                .iter()
                .rev()
                .copied()
                .find(|&entry| timeline.entries[entry].at <= at)
                .or_else(|| self.listed.first().copied());
        }
        if self.cursor.is_none() {
            self.cursor = self.listed.first().copied();
        }
    }

    /// The cursor's place in the list.
    pub fn position(&self) -> Option<usize> {
        let cursor = self.cursor?;
        self.listed.iter().position(|&entry| entry == cursor)
    }

    fn focus(&self, timeline: &Timeline) -> Millis {
        self.cursor
            .and_then(|entry| timeline.entries.get(entry))
            .map_or(self.viewport.start, |entry| entry.at)
    }

    fn put(&mut self, entry: usize, timeline: &Timeline) {
        self.cursor = Some(entry);
        let at = timeline.entries[entry].at;
        self.viewport = self.viewport.reveal(at, timeline.length);
    }

    /// ←/→ (and ↑/↓ in the list): the cursor `by` listed entries on.
    pub fn step(&mut self, by: isize, timeline: &Timeline) {
        if self.listed.is_empty() {
            return;
        }
        let position = self.position().unwrap_or(0) as isize;
        let next = (position + by).clamp(0, self.listed.len() as isize - 1) as usize;
        self.put(self.listed[next], timeline);
    }

    /// Home / End: the first or last listed entry, the view at that end.
    pub fn first(&mut self, timeline: &Timeline) {
        self.viewport = self.viewport.home();
        if let Some(&entry) = self.listed.first() {
            self.put(entry, timeline);
        }
    }

    pub fn last(&mut self, timeline: &Timeline) {
        self.viewport = self.viewport.end(timeline.length);
        if let Some(&entry) = self.listed.last() {
            self.put(entry, timeline);
        }
    }

    /// Tab / Shift-Tab: the next or previous listed moment.
    pub fn moment(&mut self, direction: Direction, timeline: &Timeline) {
        let position = self.position();
        let is_moment = |entry: &usize| timeline.entries[*entry].family().is_some();
        let found = match (direction, position) {
            (Direction::Forward, Some(at)) => self.listed[at + 1..].iter().copied().find(is_moment),
            (Direction::Forward, None) => self.listed.iter().copied().find(is_moment),
            (Direction::Backward, Some(at)) => {
                self.listed[..at].iter().rev().copied().find(is_moment)
            }
            (Direction::Backward, None) => self.listed.iter().rev().copied().find(is_moment),
        };
        if let Some(entry) = found {
            self.put(entry, timeline);
        }
    }

    /// PgUp/PgDn and the wheel: the view moves by `tenths` of its span; the
    /// cursor follows onto the first listed entry in view when it leaves it.
    pub fn scroll(&mut self, tenths: i64, timeline: &Timeline) {
        self.viewport = self.viewport.scroll(tenths, timeline.length);
        let span = self.viewport.span(timeline.length);
        let view = self.viewport.start..self.viewport.start + span;
        if view.contains(&self.focus(timeline)) {
            return;
        }
        let mut inside = self
            .listed
            .iter()
            .copied()
            .filter(|&entry| view.contains(&timeline.entries[entry].at));
        let entry = if tenths >= 0 {
            inside.next()
        } else {
            inside.next_back()
        };
        if let Some(entry) = entry {
            self.cursor = Some(entry);
        }
    }

    pub fn zoom_in(&mut self, timeline: &Timeline) {
        self.viewport = self.viewport.zoom_in(self.focus(timeline), timeline.length);
    }

    pub fn zoom_out(&mut self, timeline: &Timeline) {
        self.viewport = self
            .viewport
            .zoom_out(self.focus(timeline), timeline.length);
    }

    pub fn cycle_zoom(&mut self, timeline: &Timeline) {
        self.viewport = self.viewport.cycle(self.focus(timeline), timeline.length);
    }

    /// `:` hh:mm: the first listed entry at or after that time (else the last
    /// before it). `Err` says what was wrong with the time typed.
    pub fn jump(&mut self, typed: &str, timeline: &Timeline) -> Result<(), String> {
        let at = parse_time(typed, timeline)?;
        let entry = self
            .listed
            .iter()
            .copied()
            .find(|&entry| timeline.entries[entry].at >= at)
            .or_else(|| self.listed.last().copied());
        self.viewport = self.viewport.reveal(at, timeline.length);
        match entry {
            Some(entry) => {
                self.put(entry, timeline);
                Ok(())
            }
            None => Err("nothing is listed".into()),
        }
    }

    /// `/` then `n`/`N`: the next listed entry whose words hold `query`
    /// (any case), going round; `false` when none does.
    pub fn find(
        &mut self,
        query: &str,
        direction: Direction,
        timeline: &Timeline,
        name: Namer,
    ) -> bool {
        let query = query.trim().to_lowercase();
        self.search = Some(query.clone());
        if query.is_empty() || self.listed.is_empty() {
            return false;
        }
        let count = self.listed.len();
        let from = self.position();
        let matches = |entry: usize| {
            let (label, members, text) = describe(&timeline.entries[entry].reads, name);
            label.to_lowercase().contains(&query)
                || members.iter().any(|m| m.to_lowercase().contains(&query))
                || text.is_some_and(|text| text.to_lowercase().contains(&query))
        };
        for offset in 1..=count {
            let position = match (direction, from) {
                (Direction::Forward, Some(from)) => (from + offset) % count,
                (Direction::Forward, None) => offset - 1,
                (Direction::Backward, Some(from)) => (from + count - offset % count) % count,
                (Direction::Backward, None) => count - offset,
            };
            let entry = self.listed[position];
            if matches(entry) {
                self.put(entry, timeline);
                return true;
            }
        }
        false
    }
}

/// `18:32` or `18:32:05`, on the session's day in its offset (after
/// midnight if the session ran past it), as an offset from the start.
pub fn parse_time(typed: &str, timeline: &Timeline) -> Result<Millis, String> {
    let typed = typed.trim();
    let time = chrono::NaiveTime::parse_from_str(typed, "%H:%M:%S")
        .or_else(|_| chrono::NaiveTime::parse_from_str(typed, "%H:%M"))
        .map_err(|_| format!("\"{typed}\" is not a time: type it as hh:mm, e.g. 18:30"))?;
    let start = timeline.started;
    let day = start.date_naive();
    let local = day.and_time(time);
    let mut at = (local - start.naive_local()).num_milliseconds();
    if at < 0 && at + 86_400_000 <= timeline.length {
        at += 86_400_000;
    }
    let end = timeline.time_at(timeline.length);
    if at < 0 || at > timeline.length {
        return Err(format!(
            "{typed} is outside the session ({}–{})",
            start.format("%H:%M"),
            end.format("%H:%M")
        ));
    }
    Ok(at)
}

/// A person the filter can choose, with the members who were laned.
pub fn filter_people(timeline: &Timeline) -> Vec<Floor> {
    timeline
        .lanes
        .iter()
        .map(|lane| lane.holder.clone())
        .filter(|holder| *holder != Floor::Crosstalk)
        .collect()
}

/// For tests and the screen: the member a floor names.
pub fn member_of(floor: &Floor) -> Option<&MemberId> {
    floor.member()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::fixture::{self, at, id, speaks};
    use crate::model::{AttendanceChange, EventId, MomentFamily};
    use crate::tui::review::timeline::tests::{roster, sample};

    fn name(floor: &Floor) -> String {
        match floor {
            Floor::Member(id) => id.as_str().to_uppercase(),
            Floor::Facilitator => "Sam".into(),
            Floor::CoFacilitator => "Lee".into(),
            Floor::Crosstalk => "crosstalk".into(),
            Floor::Silence => "silence".into(),
        }
    }

    fn setup() -> (Session, Timeline, Navigator) {
        let session = sample();
        let timeline = Timeline::build(&roster(), &session, at(9999));
        let navigator = Navigator::new(&timeline);
        (session, timeline, navigator)
    }

    fn under(navigator: &Navigator, timeline: &Timeline) -> EventKind {
        timeline.entries[navigator.cursor.unwrap()].reads.clone()
    }

    #[test]
    fn the_cursor_starts_on_the_first_moment_and_steps_through_every_event() {
        let (session, timeline, mut nav) = setup();
        assert_eq!(
            timeline.entries[nav.cursor.unwrap()].family(),
            Some(MomentFamily::MutualAid)
        );
        nav.first(&timeline);
        assert_eq!(nav.position(), Some(0));
        for expected in 1..session.events.len() {
            nav.step(1, &timeline);
            assert_eq!(nav.position(), Some(expected));
        }
        nav.step(1, &timeline);
        assert_eq!(
            nav.position(),
            Some(session.events.len() - 1),
            "stops at the end"
        );
        assert_eq!(under(&nav, &timeline), EventKind::Ended);
        nav.step(-100, &timeline);
        assert_eq!(nav.position(), Some(0));
    }

    #[test]
    fn tab_jumps_moment_to_moment() {
        let (_, timeline, mut nav) = setup();
        nav.moment(Direction::Forward, &timeline);
        assert_eq!(
            timeline.entries[nav.cursor.unwrap()].family(),
            Some(MomentFamily::Risk)
        );
        let risk = nav.cursor;
        nav.moment(Direction::Forward, &timeline);
        assert_eq!(nav.cursor, risk, "no moment after the last");
        nav.moment(Direction::Backward, &timeline);
        assert_eq!(
            timeline.entries[nav.cursor.unwrap()].family(),
            Some(MomentFamily::MutualAid)
        );
    }

    #[test]
    fn the_view_follows_the_cursor_when_zoomed_in() {
        let (_, timeline, mut nav) = setup();
        for _ in 0..10 {
            nav.zoom_in(&timeline);
        }
        assert_eq!(nav.viewport.span(timeline.length), 60_000);
        nav.last(&timeline);
        let at = timeline.entries[nav.cursor.unwrap()].at;
        assert!(nav.viewport.column_of(at, 80, timeline.length).is_some());
        nav.first(&timeline);
        assert_eq!(nav.viewport.start, 0);
        nav.scroll(90, &timeline);
        let cursor_at = timeline.entries[nav.cursor.unwrap()].at;
        assert!(
            nav.viewport
                .column_of(cursor_at, 80, timeline.length)
                .is_some(),
            "a page on, the cursor is on an event in view"
        );
    }

    #[test]
    fn the_filter_lists_one_kind_or_one_person_and_keeps_the_cursor_near() {
        let (_, timeline, mut nav) = setup();
        nav.filter.toggle(KindFilter::Moments);
        nav.refilter(&timeline);
        assert_eq!(nav.listed.len(), 2);
        nav.filter.toggle(KindFilter::Moments);
        nav.filter.person = Some(Floor::Member(id("eli")));
        nav.refilter(&timeline);
        let kinds: Vec<Option<KindFilter>> = nav
            .listed
            .iter()
            .map(|&entry| KindFilter::of(&timeline.entries[entry].reads))
            .collect();
        use KindFilter::*;
        assert_eq!(
            kinds,
            [
                Some(Attendance),
                Some(Turns),
                Some(Moments),
                Some(Attendance)
            ],
            "Eli arrives, speaks, is at risk, leaves"
        );
        assert!(nav.listed.contains(&nav.cursor.unwrap()));
        nav.filter.person = Some(Floor::Member(id("gus")));
        nav.refilter(&timeline);
        assert_eq!(nav.listed.len(), 1, "the absence");
        nav.filter.kinds.insert(Turns);
        nav.refilter(&timeline);
        assert!(nav.listed.is_empty());
        assert_eq!(nav.cursor, None);
    }

    #[test]
    fn search_goes_round_both_ways_in_any_case() {
        let (_, timeline, mut nav) = setup();
        nav.first(&timeline);
        assert!(nav.find("ANA", Direction::Forward, &timeline, &name));
        assert_eq!(under(&nav, &timeline), speaks("ana"));
        let first = nav.cursor;
        assert!(nav.find("ana", Direction::Forward, &timeline, &name));
        assert_eq!(
            timeline.entries[nav.cursor.unwrap()].family(),
            Some(MomentFamily::MutualAid),
            "members count"
        );
        assert!(
            nav.find("school", Direction::Forward, &timeline, &name),
            "words count"
        );
        assert!(nav.find("ana", Direction::Forward, &timeline, &name));
        assert!(nav.find("ana", Direction::Backward, &timeline, &name));
        assert!(nav.find("ana", Direction::Backward, &timeline, &name));
        assert_eq!(nav.cursor, first);
        assert!(nav.find("ana", Direction::Backward, &timeline, &name));
        assert_eq!(
            under(&nav, &timeline),
            speaks("ana"),
            "round to the last Ana"
        );
        assert_ne!(nav.cursor, first);
        let before = nav.cursor;
        assert!(!nav.find("nobody said this", Direction::Forward, &timeline, &name));
        assert_eq!(nav.cursor, before);
    }

    #[test]
    fn jump_to_a_time_lands_on_the_first_event_from_then() {
        let (_, timeline, mut nav) = setup();
        nav.jump("18:05", &timeline).unwrap();
        assert_eq!(
            timeline.entries[nav.cursor.unwrap()].at,
            300_000,
            "the break ends"
        );
        nav.jump("18:02:30", &timeline).unwrap();
        assert_eq!(timeline.entries[nav.cursor.unwrap()].at, 150_000);
        assert_eq!(
            nav.jump("17:59", &timeline),
            Err("17:59 is outside the session (18:00–18:10)".into())
        );
        assert!(
            nav.jump("half past", &timeline)
                .unwrap_err()
                .contains("hh:mm")
        );
    }

    #[test]
    fn details_tell_the_history_of_an_amended_and_retracted_event() {
        let mut session = sample();
        let next = session.next_id().unwrap().0;
        let mut amend = fixture::event(
            next,
            EventKind::Amendment {
                target: EventId(6),
                replacement: Box::new(fixture::moment(
                    crate::model::MomentKind::MutualAid(
                        crate::model::taxonomy::MutualAidKind::MutualSupport,
                    ),
                    &["ana", "eli"],
                    Some("same call from the school"),
                )),
                reason: "it was Eli, not Ben".into(),
            },
        );
        amend.at = at(700);
        amend.by = Author::CoFacilitator;
        session.events.push(amend);
        let mut retract = fixture::event(next + 1, EventKind::Retraction { target: EventId(1) });
        retract.at = at(800);
        session.events.push(retract);
        let timeline = Timeline::build(&roster(), &session, at(9999));
        let aid = &timeline.entries[timeline.entry_of_event(5).unwrap()];
        let details = Details::of(aid, &session, &name).unwrap();
        assert_eq!(details.members, ["ANA", "ELI"]);
        assert_eq!(details.by, Author::Facilitator);
        assert_eq!(details.history.len(), 1);
        let change = &details.history[0];
        assert_eq!((change.at, change.by), (at(700), Author::CoFacilitator));
        assert_eq!(change.reason.as_deref(), Some("it was Eli, not Ben"));
        assert!(
            matches!(&change.what, ChangeKind::Amended(_, members, _) if members == &["ANA", "ELI"])
        );
        let (label, members, _) = details.original.unwrap();
        assert_eq!(
            (label.as_str(), members),
            (
                "mutual aid · mutual support",
                vec!["ANA".to_string(), "BEN".to_string()]
            )
        );

        let absence = &timeline.entries[timeline.entry_of_event(0).unwrap()];
        assert!(matches!(
            absence.reads,
            EventKind::Attendance {
                change: AttendanceChange::Absent,
                ..
            }
        ));
        let details = Details::of(absence, &session, &name).unwrap();
        assert_eq!(details.history[0].what, ChangeKind::Retracted);
        assert_eq!(details.history[0].at, at(800));
    }

    #[test]
    fn the_people_to_filter_by_are_the_laned_ones() {
        let (_, timeline, _) = setup();
        let people = filter_people(&timeline);
        assert_eq!(people.len(), 4);
        assert!(!people.contains(&Floor::Member(id("gus"))));
        assert_eq!(member_of(&people[1]), Some(&id("ana")));
    }
}
