//! The note's header (what session, when, how long, who led it), the agenda
//! and the sign-off.

use super::Millis;
use super::context::Context;
use crate::model::{BreakEdge, EventKind, GroupType, Timestamp};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeaderFacts {
    pub group_name: String,
    pub group_type: GroupType,
    pub group_type_label: &'static str,
    pub session_number: u32,
    /// The planned number of sessions of a closed group.
    pub planned_sessions: Option<u32>,
    pub started: Timestamp,
    /// Where the figures stop: the end of the session, or when the note was
    /// written if the session has not ended.
    pub figures_until: Timestamp,
    pub ended: bool,
    pub written_at: Timestamp,
    /// The session clock: from start to end (or `figures_until`), minus breaks.
    pub clock: Millis,
    /// All breaks together.
    pub breaks_total: Millis,
    pub breaks: Vec<BreakFact>,
    /// Steps of the computer's clock while logging, said where breaks are.
    pub clock_steps: Vec<ClockStepFact>,
    pub facilitator: String,
    pub co_facilitator: Option<String>,
    /// Stages of group development the facilitator observed, in time order.
    pub stages: Vec<StageFact>,
    pub record: RecordFacts,
    /// Names are initials or aliases throughout.
    pub redacted: bool,
    /// Set when the turns were derived from a recording (`import rttm`).
    pub source: Option<SourceFact>,
    /// The roster, purpose and plan are the group as it was when the session
    /// began, kept in the session's header; false for an older session read
    /// with today's group.ron.
    pub roster_recorded: bool,
}

/// The recording an imported session was derived from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFact {
    pub file: String,
    pub recording: String,
    /// The scored span, from the start of the recording.
    pub span_start: Millis,
    pub span_end: Millis,
}

/// The computer's clock stepped while logging: it read `before`, then `after`
/// (`by` milliseconds more than the time that passed; negative: set back).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClockStepFact {
    pub before: Timestamp,
    pub after: Timestamp,
    pub by: Millis,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakFact {
    pub start: Timestamp,
    /// `None` while the break is still running at `figures_until`.
    pub end: Option<Timestamp>,
    pub length: Millis,
    /// Not a planned break: logging stopped at `start` (a crash, or leaving
    /// without ending) and resumed at `end`.
    pub logging_stopped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageFact {
    pub at: Timestamp,
    pub stage: String,
}

/// How the record stands: nothing is erased, so the supervisor sees how much
/// was corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecordFacts {
    /// Every line of the record, retractions and amendments included.
    pub logged: usize,
    /// Events that still count once retractions and amendments are applied.
    pub standing: usize,
    pub retracted: usize,
    pub amended: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaFacts {
    pub purpose: Option<String>,
    /// Empty when no agenda segment was logged. Otherwise every segment in
    /// order, led by the stretch before the first one if anything happened in it.
    pub segments: Vec<SegmentSpan>,
    /// What the group's plan (as the session recorded it) planned for this
    /// session; `None` when the plan has no entry for it.
    pub planned: Option<PlannedFacts>,
}

/// The group plan's entry for this session, and how the session kept to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedFacts {
    /// The planned activity, redacted like any typed words.
    pub activity: Option<String>,
    /// The planned agenda's segments, in order.
    pub segments: Vec<String>,
    /// Planned segments that were not logged.
    pub not_held: Vec<String>,
    /// Segments logged that the plan did not list.
    pub unplanned: Vec<String>,
    /// Every planned segment was held, nothing else, in the planned order.
    /// False when the plan lists no segments.
    pub followed: bool,
    /// The planned segments were all held, but in another order.
    pub reordered: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentSpan {
    /// The segment's name; empty for the stretch before the first segment.
    pub name: String,
    pub before_first_segment: bool,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Time without breaks.
    pub length: Millis,
    pub breaks: Millis,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignOff {
    pub facilitator: String,
    pub co_facilitator: Option<String>,
    /// When this note was rendered. The note is dated `drafted_at` instead,
    /// so that rendering it again gives the same note.
    pub written_at: Timestamp,
    /// The session's end when it has ended; else `written_at`.
    pub drafted_at: Timestamp,
    pub session_ended: bool,
    /// Lines logged after the end (amendments, retractions), counted in the
    /// note, and when the latest was logged.
    pub logged_after_end: usize,
    pub latest_after_end: Option<Timestamp>,
}

pub fn gather(ctx: &Context<'_>, roster_recorded: bool) -> HeaderFacts {
    let participation = &ctx.participation;
    let events = &ctx.session.events;
    let (breaks, clock_steps) = breaks(ctx);
    HeaderFacts {
        group_name: ctx.group.name.clone(),
        group_type: ctx.group.kind,
        group_type_label: ctx.group.kind.label(),
        session_number: ctx.session.header.number,
        planned_sessions: ctx.group.planned_sessions,
        started: ctx.session.header.started,
        figures_until: participation.until,
        ended: participation.ended,
        written_at: ctx.written_at,
        clock: participation.total.clock,
        breaks_total: participation.total.breaks,
        breaks,
        clock_steps,
        facilitator: ctx.names.facilitator(),
        co_facilitator: ctx.names.co_facilitator(),
        stages: ctx
            .standing
            .iter()
            .filter_map(|(event, kind)| match kind {
                EventKind::Stage(stage) if !stage.trim().is_empty() => Some(StageFact {
                    at: event.at,
                    stage: ctx.words(stage.trim()),
                }),
                _ => None,
            })
            .collect(),
        record: RecordFacts {
            logged: events.len(),
            standing: ctx.standing.len(),
            retracted: events
                .iter()
                .filter(|event| matches!(event.kind, EventKind::Retraction { .. }))
                .count(),
            amended: ctx.amendments.len(),
        },
        redacted: ctx.names.is_redacted(),
        source: ctx.session.header.source.as_ref().map(|source| SourceFact {
            file: source.file.clone(),
            recording: source.recording.clone(),
            span_start: source.span_start_ms,
            span_end: source.span_end_ms,
        }),
        roster_recorded,
    }
}

/// Breaks as the session clock sees them: a second "break begins" while on
/// a break changes nothing, and a break still open runs to `figures_until`.
/// A break that began because logging stopped (a crash, or leaving without
/// ending) says so: its span is the time nothing could be logged.
fn breaks(ctx: &Context<'_>) -> (Vec<BreakFact>, Vec<ClockStepFact>) {
    let until = ctx.participation.until;
    let start = ctx.session.header.started;
    let mut breaks = Vec::new();
    let mut clock_steps = Vec::new();
    let mut open: Option<(Timestamp, bool)> = None;
    for (event, kind) in &ctx.standing {
        let at = event.at.clamp(start, until.max(start));
        match kind {
            EventKind::Break(BreakEdge::Start) if open.is_none() => open = Some((at, false)),
            EventKind::Break(BreakEdge::Stopped) if open.is_none() => open = Some((at, true)),
            EventKind::Break(BreakEdge::Start | BreakEdge::Stopped) => {}
            EventKind::Break(BreakEdge::End) => {
                if let Some((began, logging_stopped)) = open.take() {
                    breaks.push(BreakFact {
                        start: began,
                        end: Some(at),
                        length: (at - began).num_milliseconds().max(0),
                        logging_stopped,
                    });
                }
            }
            EventKind::Ended => break,
            // A break open across a clock step is measured without the step.
            EventKind::ClockStep { by_ms } => {
                if let Some((began, _)) = &mut open {
                    *began += chrono::TimeDelta::milliseconds(*by_ms);
                }
                clock_steps.push(ClockStepFact {
                    before: event.at - chrono::TimeDelta::milliseconds(*by_ms),
                    after: event.at,
                    by: *by_ms,
                });
            }
            EventKind::Floor(_)
            | EventKind::Attendance { .. }
            | EventKind::Moment(_)
            | EventKind::Segment(_)
            | EventKind::Stage(_)
            | EventKind::Closing(_)
            | EventKind::GoalRating { .. }
            | EventKind::Amendment { .. }
            | EventKind::Retraction { .. }
            | EventKind::Record(_) => {}
        }
    }
    if let Some((began, logging_stopped)) = open {
        breaks.push(BreakFact {
            start: began,
            end: (ctx.participation.ended).then_some(until),
            length: (until - began).num_milliseconds().max(0),
            logging_stopped,
        });
    }
    (breaks, clock_steps)
}

pub fn agenda(ctx: &Context<'_>) -> AgendaFacts {
    let segments = &ctx.participation.segments;
    let any_named = segments.iter().any(|segment| !segment.name.is_empty());
    AgendaFacts {
        purpose: ctx.text(Some(&ctx.group.purpose)),
        segments: if any_named {
            segments
                .iter()
                .map(|segment| SegmentSpan {
                    name: ctx.words(segment.name.trim()),
                    before_first_segment: segment.name.is_empty(),
                    start: segment.start,
                    end: segment.end,
                    length: segment.tally.clock,
                    breaks: segment.tally.breaks,
                })
                .collect()
        } else {
            Vec::new()
        },
        planned: planned(ctx),
    }
}

/// The plan's entry for this session against the segments logged. Segment
/// names are compared trimmed and without regard to case; a segment logged
/// twice counts once.
fn planned(ctx: &Context<'_>) -> Option<PlannedFacts> {
    let plan = ctx.group.planned(ctx.session.header.number)?;
    let key = |name: &str| name.trim().to_lowercase();
    let mut held: Vec<&str> = Vec::new();
    for segment in &ctx.participation.segments {
        let name = segment.name.trim();
        if !name.is_empty() && !held.iter().any(|known| key(known) == key(name)) {
            held.push(name);
        }
    }
    let planned: Vec<&str> = plan
        .segments
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .collect();
    let not_held: Vec<String> = planned
        .iter()
        .filter(|name| !held.iter().any(|known| key(known) == key(name)))
        .map(|name| ctx.words(name))
        .collect();
    let unplanned: Vec<String> = held
        .iter()
        .filter(|name| !planned.iter().any(|known| key(known) == key(name)))
        .map(|name| ctx.words(name))
        .collect();
    let same_order = planned.len() == held.len()
        && planned
            .iter()
            .zip(&held)
            .all(|(plan, held)| key(plan) == key(held));
    let all_held = !planned.is_empty() && not_held.is_empty() && unplanned.is_empty();
    Some(PlannedFacts {
        activity: ctx.text(plan.activity.as_deref()),
        segments: planned.iter().map(|name| ctx.words(name)).collect(),
        not_held,
        unplanned,
        followed: all_held && same_order,
        reordered: all_held && !same_order,
    })
}

pub fn sign_off(ctx: &Context<'_>) -> SignOff {
    let ended = ctx.participation.ended;
    let events = &ctx.session.events;
    let after_end: &[crate::model::Event] = match events
        .iter()
        .position(|event| event.kind == EventKind::Ended)
    {
        Some(end) if ended => &events[end + 1..],
        _ => &[],
    };
    SignOff {
        facilitator: ctx.names.facilitator(),
        co_facilitator: ctx.names.co_facilitator(),
        written_at: ctx.written_at,
        drafted_at: if ended {
            ctx.participation.until
        } else {
            ctx.written_at
        },
        session_ended: ended,
        logged_after_end: after_end.len(),
        latest_after_end: after_end.iter().map(|event| event.at).max(),
    }
}
