//! The session laid out in time: every turn of every holder and the tagged
//! moments that matter to a supervisor, as offsets from the session's start,
//! for a view that draws them (the HTML note's swimlane).
//!
//! Turns are replayed from the standing events by the rules of
//! `metrics::participation` — a turn opens when another holder takes the
//! floor and ends when the next one does, at silence, at a break or at the
//! end; times logged out of order are clamped the same way — so each lane's
//! turns add up exactly to that holder's talk time and turn count in the
//! participation table. Offsets are wall-clock time from the start, breaks
//! included, so that a drawing can shade the breaks where they happened.

use super::Millis;
use super::context::Context;
use super::participation::{SpeakerRole, SpeakerRow};
use crate::model::taxonomy::Choice;
use crate::model::{EventKind, Floor, MomentFamily, MomentKind, Timestamp};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineFacts {
    /// From the session's start to `header.figures_until`, breaks included.
    pub span: Millis,
    /// One lane per holder who took at least one turn (members, facilitators,
    /// crosstalk), in the order of the participation table.
    pub lanes: Vec<TurnLane>,
    /// The moments of families marked on the timeline
    /// (`MomentFamily::on_timeline`), in the order they happened.
    pub moments: Vec<MomentMark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnLane {
    pub name: String,
    pub role: SpeakerRole,
    /// In time order; a turn may last zero milliseconds when the floor
    /// changed twice in the same instant, as it still counts as a turn.
    pub turns: Vec<TurnSpan>,
}

/// Milliseconds from the session's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TurnSpan {
    pub start: Millis,
    pub end: Millis,
}

impl TurnSpan {
    pub fn length(self) -> Millis {
        self.end - self.start
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MomentMark {
    pub at: Timestamp,
    /// Milliseconds from the session's start; may fall outside `0..=span`
    /// for a moment logged before the start or after the figures stop.
    pub offset: Millis,
    /// Only families that are `on_timeline`.
    pub kind: MomentFamily,
    pub symbol: &'static str,
    /// "norm reviewed · phones away", "risk · elevated".
    pub label: String,
    pub members: Vec<String>,
    pub text: Option<String>,
}

pub fn gather(ctx: &Context<'_>, speakers: &[SpeakerRow]) -> TimelineFacts {
    let start = ctx.session.header.started;
    let offset = |at: Timestamp| (at - start).num_milliseconds();
    let mut turns = replay_turns(ctx);
    let mut lanes: Vec<TurnLane> = speakers
        .iter()
        .filter_map(|row| {
            turns.remove(&row.floor).map(|turns| TurnLane {
                name: row.name.clone(),
                role: row.role,
                turns,
            })
        })
        .collect();
    // Every holder has a row in the table; this only guards against a
    // holder the table might one day leave out, whose turns must not vanish.
    lanes.extend(turns.into_iter().map(|(floor, turns)| TurnLane {
        name: ctx.names.floor(&floor),
        role: role_of(&floor),
        turns,
    }));
    TimelineFacts {
        span: offset(ctx.participation.until).max(0),
        lanes,
        moments: ctx
            .moments
            .iter()
            .filter_map(|logged| {
                let kind = logged.moment.what.family();
                if !kind.on_timeline() {
                    return None;
                }
                Some(MomentMark {
                    at: logged.at,
                    offset: offset(logged.at),
                    kind,
                    symbol: kind.symbol(),
                    label: mark_label(ctx, &logged.moment.what),
                    members: ctx.member_names(&logged.moment.members),
                    text: ctx.text(logged.moment.text.as_deref()),
                })
            })
            .collect(),
    }
}

fn role_of(floor: &Floor) -> SpeakerRole {
    match floor {
        Floor::Member(_) => SpeakerRole::NotOnRoster,
        Floor::Facilitator => SpeakerRole::Facilitator,
        Floor::CoFacilitator => SpeakerRole::CoFacilitator,
        Floor::Crosstalk | Floor::Silence => SpeakerRole::Crosstalk,
    }
}

/// The moment's label with the norm's name passed through redaction, as
/// the facilitator typed it.
fn mark_label(ctx: &Context<'_>, what: &MomentKind) -> String {
    match what {
        MomentKind::Norm { action, norm } => match ctx.text(Some(norm)) {
            Some(norm) => format!("norm {} · {norm}", action.label()),
            None => format!("norm {}", action.label()),
        },
        // The rest carry no typed words in their label.
        MomentKind::Conflict { .. }
        | MomentKind::MutualAid(_)
        | MomentKind::Intervention(_)
        | MomentKind::Risk(..)
        | MomentKind::Note
        | MomentKind::Bookmark
        | MomentKind::Plan
        | MomentKind::Theme
        | MomentKind::Observation(_)
        | MomentKind::Task(_) => what.label(),
    }
}

/// Every turn of every holder, by holder, as `metrics::participation`
/// counts them.
fn replay_turns(ctx: &Context<'_>) -> BTreeMap<Floor, Vec<TurnSpan>> {
    let start = ctx.session.header.started;
    // The bound the figures were computed with: the end as logged, or when
    // the note is written (`Context::new` asks the figures for the same).
    let until = ctx
        .standing
        .iter()
        .find(|(_, kind)| matches!(kind, EventKind::Ended))
        .map_or(ctx.written_at, |(event, _)| event.at);
    let offset = |at: Timestamp| (at - start).num_milliseconds();
    let mut turns: BTreeMap<Floor, Vec<TurnSpan>> = BTreeMap::new();
    let mut close = |holder: &Floor, since: Timestamp, at: Timestamp| {
        if *holder != Floor::Silence {
            turns.entry(holder.clone()).or_default().push(TurnSpan {
                start: offset(since),
                end: offset(at),
            });
        }
    };
    // `counted_to` is how far the figures have counted time: an event logged
    // earlier than that (a late entry) takes effect there, never in the past.
    let mut counted_to = start;
    let mut holder = Floor::Silence;
    let mut since = start;
    let mut on_break = false;
    for (event, kind) in &ctx.standing {
        let at = event.at.max(counted_to).min(until.max(counted_to));
        match kind {
            EventKind::Floor(next) => {
                if on_break || *next == holder {
                    continue;
                }
                close(&holder, since, at);
                holder = next.clone();
                since = at;
                counted_to = at;
            }
            EventKind::Break(edge) => {
                let starting = edge.starts();
                if starting == on_break {
                    continue;
                }
                if starting {
                    close(&holder, since, at);
                }
                on_break = starting;
                holder = Floor::Silence;
                since = at;
                counted_to = at;
            }
            EventKind::Segment(_) => counted_to = at,
            // The wall clock stepped: the turn so far ends where the clock stood
            // before the step and goes on from the stepped time.
            EventKind::ClockStep { by_ms } => {
                let before = (event.at - chrono::TimeDelta::milliseconds(*by_ms)).max(counted_to);
                if !on_break {
                    close(&holder, since, before);
                }
                since = event.at;
                counted_to = event.at;
            }
            EventKind::Ended => {
                close(&holder, since, at);
                return turns;
            }
            // Nothing about who holds the floor.
            EventKind::Attendance { .. }
            | EventKind::Moment(_)
            | EventKind::Stage(_)
            | EventKind::Closing(_)
            | EventKind::GoalRating { .. }
            | EventKind::Amendment { .. }
            | EventKind::Retraction { .. }
            | EventKind::Record(_) => {}
        }
    }
    close(&holder, since, until.max(counted_to));
    turns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Author, NameStyle, Session};
    use crate::note::NoteFacts;
    use crate::note::NoteOptions;
    use crate::note::fixture::{self, at};

    fn facts(session: &Session, written_at: Timestamp) -> NoteFacts {
        NoteFacts::gather(
            &fixture::group(),
            session,
            NoteOptions {
                names: NameStyle::Alias,
                redact: false,
            },
            written_at,
        )
    }

    fn lane<'a>(facts: &'a NoteFacts, name: &str) -> &'a TurnLane {
        let found = facts.timeline.lanes.iter().find(|lane| lane.name == name);
        found.unwrap_or_else(|| panic!("no lane {name} in {:#?}", facts.timeline.lanes))
    }

    fn spans(lane: &TurnLane) -> Vec<(i64, i64)> {
        lane.turns
            .iter()
            .map(|turn| (turn.start / 1000, turn.end / 1000))
            .collect()
    }

    #[test]
    fn every_turn_of_the_fixture_in_seconds_from_the_start() {
        let facts = facts(&fixture::ended_session(), at(9999));
        let timeline = &facts.timeline;
        assert_eq!(timeline.span, 2_400_000, "to the end, not to written_at");
        let names: Vec<&str> = timeline.lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            ["Ana R.", "Ben T.", "Cy D.", "Maria López", "crosstalk"],
            "table order; the silent co-facilitator has no lane"
        );
        assert_eq!(spans(lane(&facts, "Ana R.")), [(120, 300), (480, 600)]);
        assert_eq!(spans(lane(&facts, "Ben T.")), [(300, 480), (1740, 1920)]);
        assert_eq!(spans(lane(&facts, "Cy D.")), [(1500, 1740)]);
        assert_eq!(
            spans(lane(&facts, "Maria López")),
            [(30, 120), (1920, 2100), (2130, 2400)]
        );
        assert_eq!(spans(lane(&facts, "crosstalk")), [(2100, 2130)]);
        assert_eq!(lane(&facts, "crosstalk").role, SpeakerRole::Crosstalk);
    }

    #[test]
    fn lanes_add_up_to_the_participation_table() {
        for (session, written_at) in [
            (fixture::ended_session(), at(9999)),
            (fixture::open_session(), at(2300)),
            (fixture::open_session(), at(1000)),
        ] {
            let facts = facts(&session, written_at);
            for row in &facts.participation.speakers {
                let (turns, talk) = facts
                    .timeline
                    .lanes
                    .iter()
                    .find(|lane| lane.name == row.name)
                    .map_or((0, 0), |lane| {
                        (
                            lane.turns.len(),
                            lane.turns.iter().map(|turn| turn.length()).sum(),
                        )
                    });
                assert_eq!((turns as u32, talk), (row.turns, row.talk), "{}", row.name);
            }
        }
    }

    #[test]
    fn an_open_session_runs_to_when_the_note_is_written() {
        let facts = facts(&fixture::open_session(), at(2300));
        assert_eq!(facts.timeline.span, 2_300_000);
        assert_eq!(
            spans(lane(&facts, "Maria López")).last(),
            Some(&(2130, 2300))
        );
    }

    #[test]
    fn moments_are_marked_with_symbol_label_and_members() {
        let facts = facts(&fixture::ended_session(), at(9999));
        let marks: Vec<(i64, MomentFamily, &str, &str)> = facts
            .timeline
            .moments
            .iter()
            .map(|mark| {
                (
                    mark.offset / 1000,
                    mark.kind,
                    mark.symbol,
                    mark.label.as_str(),
                )
            })
            .collect();
        assert_eq!(
            marks,
            [
                (
                    420,
                    MomentFamily::MutualAid,
                    "♥",
                    "mutual aid · mutual support"
                ),
                (1560, MomentFamily::Risk, "▲", "risk · elevated"),
                (1950, MomentFamily::Norm, "⚑", "norm reviewed · phones away"),
            ],
            "the retracted note is gone, the amended norm reads as amended"
        );
        assert_eq!(facts.timeline.moments[0].members, ["Ana R.", "Ben T."]);
    }

    #[test]
    fn a_late_entry_takes_effect_where_the_figures_have_counted_to() {
        use crate::model::EventKind::Floor as Takes;
        let session = fixture::session_with(vec![
            (
                0,
                Author::Facilitator,
                Takes(Floor::Member(fixture::id("ana"))),
            ),
            (
                60,
                Author::Facilitator,
                Takes(Floor::Member(fixture::id("ben"))),
            ),
            // Logged out of order: it belongs 30 s in, but the floor had
            // already passed to Ben at 60 s.
            (30, Author::Facilitator, Takes(Floor::Facilitator)),
            (90, Author::Facilitator, EventKind::Ended),
        ]);
        let facts = facts(&session, at(9999));
        assert_eq!(spans(lane(&facts, "Ana R.")), [(0, 60)]);
        assert_eq!(spans(lane(&facts, "Ben T.")), [(60, 60)]);
        assert_eq!(spans(lane(&facts, "Maria López")), [(60, 90)]);
        let row = facts
            .participation
            .speakers
            .iter()
            .find(|row| row.name == "Ben T.");
        assert_eq!(row.map(|row| (row.turns, row.talk)), Some((1, 0)));
    }

    mod properties {
        use super::*;
        use crate::model::taxonomy::RiskLevel;
        use crate::model::{Author, BreakEdge, EventId, Moment};
        use proptest::prelude::*;

        fn build(steps: &[(i64, u8, u8)], end: bool) -> Session {
            let members = ["ana", "ben", "cy", "zed"];
            let mut clock = 0i64;
            let mut events = Vec::new();
            for (index, (gap, what, pick)) in steps.iter().enumerate() {
                clock = (clock + gap).max(0);
                let pick = usize::from(*pick);
                let kind = match what {
                    0..=6 => {
                        EventKind::Floor(Floor::Member(fixture::id(members[pick % members.len()])))
                    }
                    7 => EventKind::Floor(Floor::Facilitator),
                    8 => EventKind::Floor(Floor::CoFacilitator),
                    9 => EventKind::Floor(Floor::Crosstalk),
                    10 => EventKind::Floor(Floor::Silence),
                    11 => EventKind::Break(BreakEdge::Start),
                    12 => EventKind::Break(BreakEdge::End),
                    13 => EventKind::Segment(format!("segment {pick}")),
                    14 => EventKind::Moment(Moment {
                        what: MomentKind::risk(RiskLevel::Concern),
                        members: vec![fixture::id("ana")],
                        text: None,
                    }),
                    _ if index > 0 => EventKind::Retraction {
                        target: EventId(1 + (pick % index) as u32),
                    },
                    _ => EventKind::Floor(Floor::Silence),
                };
                events.push((clock / 1000, Author::Facilitator, kind));
            }
            if end {
                events.push((clock / 1000 + 5, Author::Facilitator, EventKind::Ended));
            }
            fixture::session_with(events)
        }

        proptest! {
            #[test]
            fn lanes_always_add_up_to_the_table(
                // Negative gaps are late entries, logged after later events.
                steps in proptest::collection::vec(
                    (-90_000i64..120_000, 0u8..17, any::<u8>()), 0..60),
                end in any::<bool>(),
                written in 0i64..4000,
            ) {
                let facts = facts(&build(&steps, end), at(written));
                let lanes = &facts.timeline.lanes;
                for row in &facts.participation.speakers {
                    let lane = lanes.iter().find(|lane| lane.name == row.name);
                    let turns = lane.map_or(0, |lane| lane.turns.len() as u32);
                    let talk: i64 = lane.map_or(0, |lane| {
                        lane.turns.iter().map(|turn| turn.length()).sum()
                    });
                    prop_assert_eq!((turns, talk), (row.turns, row.talk), "{}", row.name);
                }
                for lane in lanes {
                    prop_assert!(!lane.turns.is_empty());
                    for pair in lane.turns.windows(2) {
                        prop_assert!(pair[0].end <= pair[1].start);
                    }
                    for turn in &lane.turns {
                        prop_assert!(0 <= turn.start && turn.start <= turn.end);
                        prop_assert!(turn.end <= facts.timeline.span);
                    }
                }
            }
        }
    }
}
