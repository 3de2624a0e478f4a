use super::{Event, EventId, EventKind, Floor, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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
        if let EventKind::Retraction { target } = &event.kind {
            retracted.insert(*target);
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
        .filter(|(_, event)| !event.kind.is_record_keeping() && !retracted.contains(&event.id))
        .map(|(index, event)| {
            (
                index,
                amended.get(&event.id).copied().unwrap_or(&event.kind),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Author, Floor, MemberId};

    fn event(id: u32, kind: EventKind) -> Event {
        Event {
            id: EventId(id),
            at: chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00")
                .unwrap_or_default(),
            by: Author::Facilitator,
            kind,
        }
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

    pub fn next_id(&self) -> EventId {
        EventId(self.events.last().map_or(1, |event| event.id.0 + 1))
    }
}
