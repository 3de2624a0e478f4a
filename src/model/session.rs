use super::{Event, EventId, EventKind, Floor, Group, MemberId, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};

/// First line of a session file: what the session is, before any event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionHeader {
    pub version: u32,
    /// Folder name of the group under the store.
    pub group: String,
    pub number: u32,
    pub started: Timestamp,
    pub facilitator: String,
    #[serde(default)]
    pub co_facilitator: Option<String>,
    /// Set when the session was imported (`import rttm`), not logged live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SessionSource>,
    /// The group as it was when the session began (roster with ids, names,
    /// aliases, categories and goals; purpose, planned sessions, norms,
    /// facilitators), so the record reads the same whatever `group.ron`
    /// says later. `None` in files written before snapshots were kept.
    /// Read it through [`Session::group_as_recorded`], never directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<Group>,
    /// Set when this file is a second observer's own log of a session
    /// (`groupscribe --as co-facilitator`): whose log it is, and of which
    /// session. `None`: the facilitator's record of the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observer: Option<ObserverLog>,
}

/// Whose log a session file is when it is not the facilitator's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObserverLog {
    pub author: super::Author,
    /// The facilitator's session file this log observes (its file name, as
    /// the facilitator's groupscribe names it: `2026-11-23-s03.ron`).
    pub observes: String,
}

impl SessionHeader {
    /// Who logs the events of this file.
    pub fn author(&self) -> super::Author {
        self.observer
            .as_ref()
            .map_or(super::Author::Facilitator, |observer| observer.author)
    }
}

/// Provenance of an imported session: its turns were derived from a recording's
/// diarization, not logged by a facilitator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSource {
    /// The RTTM file's name (without its folder).
    pub file: String,
    /// The recording id (the RTTM's second field).
    pub recording: String,
    /// The scored span, in milliseconds from the start of the recording.
    pub span_start_ms: i64,
    pub span_end_ms: i64,
    /// The UEM file's name when the span came from one.
    #[serde(default)]
    pub uem: Option<String>,
    /// Every speaker label of the file and whom it became, in order of first appearance.
    pub speakers: Vec<SpeakerSource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerSource {
    pub label: String,
    pub holder: Floor,
}

/// Where the roster a session is read with comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RosterOrigin {
    /// The snapshot in the session's own header: the group as it was.
    Snapshot,
    /// The session predates roster snapshots: today's `group.ron`, less the
    /// members who had left before the session's day and did not take part.
    /// `missing` lists member ids the record names that today's roster does
    /// not hold (they are shown by their id).
    GroupFile { missing: Vec<MemberId> },
}

/// The group a session is read with, and where its roster came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedGroup {
    pub group: Group,
    pub roster: RosterOrigin,
}

/// The events as they now stand: retracted events and the retractions themselves
/// drop out, amended events read as their replacement. The record is untouched.
pub fn effective_events(events: &[Event]) -> Vec<(&Event, &EventKind)> {
    effective_positions(events)
        .into_iter()
        .map(|(index, kind)| (&events[index], kind))
        .collect()
}

/// `effective_events` by position in `events`, for callers that keep an index.
pub fn effective_positions(events: &[Event]) -> Vec<(usize, &EventKind)> {
    if !events.iter().any(|event| event.kind.is_record_keeping()) {
        return events.iter().map(|event| &event.kind).enumerate().collect();
    }
    let mut retracted: HashSet<EventId> = HashSet::new();
    let mut amended: HashMap<EventId, &EventKind> = HashMap::new();
    for event in events {
        if let Some(target) = event.kind.retracts() {
            retracted.insert(target);
        }
    }
    // A retracted amendment no longer applies; a later amendment wins over an earlier one.
    for event in events.iter().filter(|event| !retracted.contains(&event.id)) {
        if let EventKind::Amendment {
            target,
            replacement,
            ..
        } = &event.kind
        {
            amended.insert(*target, replacement);
        }
    }
    events
        .iter()
        .enumerate()
        .filter(|(_, event)| !retracted.contains(&event.id))
        .filter_map(|(index, event)| {
            let kind = event.kind.as_happened()?;
            Some((index, amended.get(&event.id).copied().unwrap_or(kind)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{self, event};
    use crate::model::{Floor, MemberId};

    fn member(id: &str, left: Option<&str>) -> crate::model::Member {
        crate::model::Member {
            left: left
                .map(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap_or_default()),
            ..fixture::member(id, &id.to_uppercase())
        }
    }

    fn group(members: Vec<crate::model::Member>) -> Group {
        Group {
            name: "G".into(),
            purpose: "then".into(),
            facilitator: "F".into(),
            planned_sessions: Some(10),
            ..fixture::group(members)
        }
    }

    fn session(snapshot: Option<Group>, events: Vec<Event>) -> Session {
        Session {
            header: SessionHeader {
                group: "g".into(),
                facilitator: "F".into(),
                snapshot,
                observer: None,
                ..fixture::header()
            },
            events,
        }
    }

    #[test]
    fn the_snapshot_wins_over_todays_group() {
        let then = group(vec![member("ana", None), member("ben", None)]);
        let mut today = group(vec![member("ana", None), member("zoe", None)]);
        today.planned_sessions = Some(3);
        today.purpose = "now".into();
        let recorded = session(Some(then.clone()), vec![]).group_as_recorded(&today);
        assert_eq!(recorded.group, then);
        assert_eq!(recorded.roster, RosterOrigin::Snapshot);
    }

    #[test]
    fn without_a_snapshot_todays_group_is_read_as_of_the_sessions_day() {
        let ana = EventKind::Floor(Floor::Member(MemberId::new("ana")));
        let gone = EventKind::Floor(Floor::Member(MemberId::new("gone")));
        let today = group(vec![
            member("ana", Some("2026-11-01")), // left before, but took part: kept
            member("ben", Some("2026-11-01")), // left before and absent from the record
            member("cy", Some("2026-11-24")),  // left after the session
            member("dee", None),
        ]);
        let recorded = session(None, vec![event(1, ana), event(2, gone)]).group_as_recorded(&today);
        let ids: Vec<&str> = recorded
            .group
            .members
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["ana", "cy", "dee"]);
        assert_eq!(
            recorded.roster,
            RosterOrigin::GroupFile {
                missing: vec![MemberId::new("gone")]
            }
        );
    }

    #[test]
    fn retracted_events_drop_out_but_amendments_replace() {
        let ana = EventKind::Floor(Floor::Member(MemberId::new("ana")));
        let ben = EventKind::Floor(Floor::Member(MemberId::new("ben")));
        let events = vec![
            event(1, ana.clone()),
            event(2, EventKind::Floor(Floor::Silence)),
            event(3, EventKind::Retraction { target: EventId(2) }),
            event(
                4,
                EventKind::Amendment {
                    target: EventId(1),
                    replacement: Box::new(ben.clone()),
                    reason: "misheard".into(),
                },
            ),
        ];
        let effective = effective_events(&events);
        assert_eq!(effective.len(), 1);
        assert_eq!(effective[0].0.id, EventId(1));
        assert_eq!(effective[0].1, &ben);

        let mut events = events;
        events.push(event(5, EventKind::Retraction { target: EventId(4) }));
        assert_eq!(
            effective_events(&events)[0].1,
            &ana,
            "retracting the amendment undoes it"
        );
    }
}

/// A whole session as loaded: its header and every event, retractions included.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub header: SessionHeader,
    pub events: Vec<Event>,
}

impl Session {
    pub fn is_ended(&self) -> bool {
        self.events
            .iter()
            .any(|event| event.kind == EventKind::Ended)
    }

    /// When the last saved event was logged; the start, before any event.
    pub fn last_event_at(&self) -> Timestamp {
        self.events
            .iter()
            .map(|event| event.at)
            .max()
            .unwrap_or(self.header.started)
    }

    /// The group as this session recorded it: the header's snapshot when it
    /// has one, else `current` (today's `group.ron`) as it stood on the
    /// session's day. Every view of a session — note, export, timeline,
    /// live screen, check — reads the group through this.
    pub fn group_as_recorded(&self, current: &Group) -> RecordedGroup {
        if let Some(snapshot) = &self.header.snapshot {
            return RecordedGroup {
                group: snapshot.clone(),
                roster: RosterOrigin::Snapshot,
            };
        }
        let day = self.header.started.date_naive();
        let named: BTreeSet<&MemberId> = self
            .events
            .iter()
            .flat_map(|event| event.kind.member_ids())
            .collect();
        let mut group = current.clone();
        group
            .members
            .retain(|member| member.is_member_on(day) || named.contains(&member.id));
        let missing = named
            .into_iter()
            .filter(|id| current.member(id).is_none())
            .cloned()
            .collect();
        RecordedGroup {
            group,
            roster: RosterOrigin::GroupFile { missing },
        }
    }

    /// The id the next event gets; `None` once the last event has the largest
    /// id there is (never wrapping to 0, which would make the file unreadable).
    pub fn next_id(&self) -> Option<EventId> {
        match self.events.last() {
            Some(event) => event.id.0.checked_add(1).map(EventId),
            None => Some(EventId(1)),
        }
    }
}
