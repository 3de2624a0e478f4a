//! A session out to other tools: CSV and JSON (one row per event, one per member
//! summary) for spreadsheets and scripts; RTTM of the speaking turns and a UEM line
//! of the session's span, so that importing them again gives back the same floor.
//!
//! Figures come from [`Participation`], statuses from [`effective_events`]: an
//! export says exactly what the app and the note say. Figures of a session that
//! has not ended run to its last event, so an export never depends on the clock.

use super::{CO_FACILITATOR_LABEL, FACILITATOR_LABEL, seconds_text};
use crate::metrics::{Millis, Participation, Presence};
use crate::model::{
    Author, Event, EventId, EventKind, Floor, Group, MemberId, NameStyle, RosterOrigin, Session,
    SessionHeader, Timestamp, effective_events,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),

    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),

    #[error(
        "{what} \"{value}\" is empty or holds white space, which an RTTM field cannot.\n  {hint}"
    )]
    NotAnRttmField {
        what: &'static str,
        value: String,
        hint: &'static str,
    },
}

/// What has become of an event in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// Counts as logged.
    Effective,
    /// Undone: it stays in the record but no longer counts.
    Retracted,
    /// Counts as its latest amendment reads.
    Amended,
}

impl EventStatus {
    pub fn label(self) -> &'static str {
        match self {
            EventStatus::Effective => "effective",
            EventStatus::Retracted => "retracted",
            EventStatus::Amended => "amended",
        }
    }
}

/// One event of the record with what has become of it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord<'a> {
    pub event: &'a Event,
    pub status: EventStatus,
    /// The event as it now reads: its amendment's replacement when amended.
    pub now_reads: &'a EventKind,
}

/// Every event of the record, in order, with its status.
pub fn event_records(session: &Session) -> Vec<EventRecord<'_>> {
    // The same rule as `effective_events`: any retraction in the record retracts.
    let retracted: HashSet<EventId> = session
        .events
        .iter()
        .filter_map(|event| event.kind.retracts())
        .collect();
    let now_reads: HashMap<EventId, &EventKind> = effective_events(&session.events)
        .into_iter()
        .map(|(event, kind)| (event.id, kind))
        .collect();
    session
        .events
        .iter()
        .map(|event| {
            let reads = now_reads.get(&event.id).copied().unwrap_or(&event.kind);
            let status = if retracted.contains(&event.id) {
                EventStatus::Retracted
            } else if !std::ptr::eq(reads, &event.kind) {
                EventStatus::Amended
            } else {
                EventStatus::Effective
            };
            EventRecord {
                event,
                status,
                now_reads: reads,
            }
        })
        .collect()
}

/// One member's attendance and participation in the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSummary {
    pub id: MemberId,
    /// As `--names` asks: alias, full name or initials.
    pub name: String,
    /// present, late, left early, absent or excused.
    pub attendance: &'static str,
    /// When a late member arrived or an early leaver left.
    pub attendance_at: Option<Timestamp>,
    pub turns: u32,
    pub talk_ms: Millis,
    /// Share (0..=1) of all members' talk; `None` when no member talked.
    pub share_of_member_talk: Option<f64>,
}

/// The session's clock and who held the floor for how long, in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Session length without breaks: all talk plus silence.
    pub clock_ms: Millis,
    pub breaks_ms: Millis,
    pub silence_ms: Millis,
    pub member_talk_ms: Millis,
    pub facilitator_talk_ms: Millis,
    pub co_facilitator_talk_ms: Millis,
    pub crosstalk_ms: Millis,
}

/// Where the figures stop: the end, or the last event of a session not ended.
pub fn figures_until(session: &Session) -> Timestamp {
    session
        .events
        .iter()
        .map(|event| event.at)
        .max()
        .unwrap_or(session.header.started)
        .max(session.header.started)
}

/// The participation figures an export reports.
pub fn participation(group: &Group, session: &Session) -> Participation {
    let group = &session.group_as_recorded(group).group;
    Participation::compute(group, session, figures_until(session))
}

/// One summary per roster member, in roster order.
pub fn member_summaries(group: &Group, session: &Session, names: NameStyle) -> Vec<MemberSummary> {
    let group = &session.group_as_recorded(group).group;
    let figures = participation(group, session);
    let member_talk = figures.total.member_talk();
    group
        .members
        .iter()
        .map(|member| {
            let stats = figures.total.member_stats(&member.id);
            let talk = stats.map_or(0, |s| s.talk);
            let (attendance, attendance_at) = match figures.presence.get(&member.id) {
                Some(Presence::Late(at)) => ("late", Some(*at)),
                Some(Presence::LeftEarly(at)) => ("left early", Some(*at)),
                Some(Presence::Absent) => ("absent", None),
                Some(Presence::Excused) => ("excused", None),
                Some(Presence::Present) | None => ("present", None),
            };
            MemberSummary {
                id: member.id.clone(),
                name: member.display(names),
                attendance,
                attendance_at,
                turns: stats.map_or(0, |s| s.turns),
                talk_ms: talk,
                share_of_member_talk: (member_talk > 0).then(|| talk as f64 / member_talk as f64),
            }
        })
        .collect()
}

pub fn totals(group: &Group, session: &Session) -> Totals {
    let figures = participation(group, session);
    let talk = |floor: &Floor| figures.total.stats(floor).map_or(0, |s| s.talk);
    Totals {
        clock_ms: figures.total.clock,
        breaks_ms: figures.total.breaks,
        silence_ms: figures.total.silence,
        member_talk_ms: figures.total.member_talk(),
        facilitator_talk_ms: talk(&Floor::Facilitator),
        co_facilitator_talk_ms: talk(&Floor::CoFacilitator),
        crosstalk_ms: talk(&Floor::Crosstalk),
    }
}

/// A turn: a maximal span held by one holder (never silence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub holder: Floor,
    /// Milliseconds from the session's start.
    pub start: Millis,
    pub end: Millis,
}

/// Every turn of the session, in order, exactly as [`Participation`] counts them:
/// the same effective events, the same handling of breaks (a break ends the turn and
/// opens in silence; floor changes during it are ignored) and of out-of-order times
/// (an event never moves the clock back). Per holder, the turns' count and summed
/// length equal `HolderStats::turns` and `HolderStats::talk`.
pub fn floor_turns(session: &Session) -> Vec<Turn> {
    let start = session.header.started;
    let until = figures_until(session);
    let offset = |at: Timestamp| (at - start).num_milliseconds();
    let mut turns = Vec::new();
    let mut holder = Floor::Silence;
    let mut since = start;
    let mut on_break = false;
    // Participation's `span_start`: moves only when time is credited.
    let mut credited = start;
    let close = |turns: &mut Vec<Turn>, holder: &Floor, since: Timestamp, at: Timestamp| {
        if *holder != Floor::Silence {
            turns.push(Turn {
                holder: holder.clone(),
                start: offset(since),
                end: offset(at),
            });
        }
    };
    for (event, kind) in effective_events(&session.events) {
        let at = event.at.max(credited).min(until.max(credited));
        match kind {
            EventKind::Floor(next) => {
                if on_break || *next == holder {
                    continue;
                }
                credited = at;
                close(&mut turns, &holder, since, at);
                holder = next.clone();
                since = at;
            }
            EventKind::Break(edge) => {
                let starting = edge.starts();
                if starting == on_break {
                    continue;
                }
                credited = at;
                if starting {
                    close(&mut turns, &holder, since, at);
                }
                on_break = starting;
                holder = Floor::Silence;
                since = at;
            }
            EventKind::Segment(_) => credited = at,
            // The wall clock stepped: the turn so far ends where the clock stood
            // before the step and goes on from the stepped time.
            EventKind::ClockStep { by_ms } => {
                let before = (event.at - chrono::TimeDelta::milliseconds(*by_ms)).max(credited);
                if !on_break {
                    close(&mut turns, &holder, since, before);
                }
                since = event.at;
                credited = event.at;
            }
            EventKind::Ended => {
                if !on_break {
                    close(&mut turns, &holder, since, at);
                }
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
    if !on_break {
        close(&mut turns, &holder, since, until.max(credited));
    }
    turns
}

/// The RTTM label of a floor holder: the member id, or the worker's role; crosstalk
/// and silence have no speaker.
pub fn rttm_label(holder: &Floor) -> Option<&str> {
    match holder {
        Floor::Member(id) => Some(id.as_str()),
        Floor::Facilitator => Some(FACILITATOR_LABEL),
        Floor::CoFacilitator => Some(CO_FACILITATOR_LABEL),
        Floor::Crosstalk | Floor::Silence => None,
    }
}

/// One SPEAKER line per turn of a member or worker (crosstalk has no speaker),
/// onsets and durations in seconds with three decimals from the session's start.
/// `file_id` names the recording: the session file's stem.
pub fn to_rttm(session: &Session, file_id: &str) -> Result<String, ExportError> {
    check_rttm_field(
        "the file id",
        file_id,
        "Rename the session file so that its name has no spaces.",
    )?;
    let mut text = String::new();
    for turn in floor_turns(session) {
        let Some(label) = rttm_label(&turn.holder) else {
            continue;
        };
        check_rttm_field(
            "the member id",
            label,
            "Member ids with spaces cannot be exported as RTTM; CSV and JSON can carry them.",
        )?;
        text.push_str(&format!(
            "SPEAKER {file_id} 1 {} {} <NA> <NA> {label} <NA> <NA>\n",
            seconds_text(turn.start),
            seconds_text(turn.end - turn.start)
        ));
    }
    Ok(text)
}

/// The session's span as a UEM line (`<file> 1 0.000 <length s>`): RTTM alone
/// cannot say how long the silence after the last turn lasted.
pub fn to_uem(session: &Session, file_id: &str) -> Result<String, ExportError> {
    check_rttm_field(
        "the file id",
        file_id,
        "Rename the session file so that its name has no spaces.",
    )?;
    let length = (figures_until(session) - session.header.started).num_milliseconds();
    Ok(format!("{file_id} 1 0.000 {}\n", seconds_text(length)))
}

fn check_rttm_field(
    what: &'static str,
    value: &str,
    hint: &'static str,
) -> Result<(), ExportError> {
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(ExportError::NotAnRttmField {
            what,
            value: value.to_string(),
            hint,
        });
    }
    Ok(())
}

const CSV_COLUMNS: [&str; 15] = [
    "record",
    "event_id",
    "time",
    "author",
    "kind",
    "label",
    "members",
    "text",
    "status",
    "member_id",
    "name",
    "attendance",
    "turns",
    "talk_ms",
    "share_of_member_talk",
];

/// One row per event of the record (retracted and amended ones included, with their
/// status), then one row per member summary. The `record` column says which; the
/// other kind's columns are left empty.
pub fn to_csv(group: &Group, session: &Session, names: NameStyle) -> Result<String, ExportError> {
    let group = &session.group_as_recorded(group).group;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    let blank_member = ["", "", "", "", "", ""];
    for record in event_records(session) {
        let event = record.event;
        let mut row = vec![
            "event".to_string(),
            event.id.0.to_string(),
            event
                .at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
            author_label(event.by).to_string(),
            kind_name(&event.kind).to_string(),
            event_label(&event.kind, &|floor| {
                holder_name(group, &session.header, names, floor)
            }),
            member_ids(&event.kind),
            moment_text(&event.kind).to_string(),
            record.status.label().to_string(),
        ];
        row.extend(blank_member.iter().map(|cell| cell.to_string()));
        writer.write_record(&row)?;
    }
    let blank_event = ["", "", "", "", "", "", "", ""];
    for member in member_summaries(group, session, names) {
        let mut row = vec!["member".to_string()];
        row.extend(blank_event.iter().map(|cell| cell.to_string()));
        row.extend([
            member.id.to_string(),
            member.name,
            member.attendance.to_string(),
            member.turns.to_string(),
            member.talk_ms.to_string(),
            member
                .share_of_member_talk
                .map(|share| format!("{share:.4}"))
                .unwrap_or_default(),
        ]);
        writer.write_record(&row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| ExportError::Csv(csv::Error::from(error.into_error())))?;
    // Every cell came from a `String`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Serialize)]
struct JsonExport<'a> {
    header: SessionHeader,
    /// Where the members' roster comes from.
    roster: &'static str,
    events: Vec<JsonEvent<'a>>,
    members: Vec<MemberSummary>,
    totals: Totals,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    #[serde(flatten)]
    event: &'a Event,
    label: String,
    status: EventStatus,
    /// False only for retracted events: an amended event still counts, as amended.
    effective: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    now_reads: Option<&'a EventKind>,
}

/// An object with the session `header`, every `events` entry (the event as stored,
/// plus `label`, `status`, `effective` and, when amended, `now_reads`), the
/// `members` summaries and the session `totals` in milliseconds.
pub fn to_json(group: &Group, session: &Session, names: NameStyle) -> Result<String, ExportError> {
    let recorded = session.group_as_recorded(group);
    let group = &recorded.group;
    let name = |floor: &Floor| holder_name(group, &session.header, names, floor);
    let events = event_records(session)
        .into_iter()
        .map(|record| JsonEvent {
            event: record.event,
            label: event_label(&record.event.kind, &name),
            status: record.status,
            effective: record.status != EventStatus::Retracted,
            now_reads: (record.status == EventStatus::Amended).then_some(record.now_reads),
        })
        .collect();
    let export = JsonExport {
        // The roster snapshot holds every full name: the members are in
        // `members`, named in the style asked for.
        header: SessionHeader {
            snapshot: None,
            observer: None,
            ..session.header.clone()
        },
        roster: match recorded.roster {
            RosterOrigin::Snapshot => "recorded when the session began",
            RosterOrigin::GroupFile { .. } => {
                "today's group file (the session predates roster snapshots)"
            }
        },
        events,
        members: member_summaries(group, session, names),
        totals: totals(group, session),
    };
    let mut text = serde_json::to_string_pretty(&export)?;
    text.push('\n');
    Ok(text)
}

fn author_label(author: Author) -> &'static str {
    author.label()
}

/// A stable, machine-friendly name of the kind, for filtering a spreadsheet.
fn kind_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Floor(_) => "floor",
        EventKind::Attendance { .. } => "attendance",
        EventKind::Moment(moment) => moment.what.family().export_name(),
        EventKind::Segment(_) => "segment",
        EventKind::Break(_) => "break",
        EventKind::Stage(_) => "stage",
        EventKind::GoalRating { .. } => "goal_rating",
        EventKind::Amendment { .. } => "amendment",
        EventKind::Retraction { .. } => "retraction",
        EventKind::Ended => "ended",
        EventKind::ClockStep { .. } => "clock_step",
        EventKind::Closing(_) => "closing_step",
        EventKind::Record(entry) => entry.export_name(),
    }
}

/// What the event says, in words; an amendment also says what it now reads.
fn event_label(kind: &EventKind, name: &dyn Fn(&Floor) -> String) -> String {
    match kind {
        EventKind::Floor(Floor::Crosstalk) => "several at once".into(),
        EventKind::Amendment {
            target,
            replacement,
            reason,
        } => format!(
            "amends {target} to \"{}\": {reason}",
            event_label(replacement, name)
        ),
        other => other.label(name),
    }
}

fn holder_name(group: &Group, header: &SessionHeader, names: NameStyle, floor: &Floor) -> String {
    match floor {
        Floor::Member(id) => group
            .member(id)
            .map_or_else(|| id.to_string(), |member| member.display(names)),
        Floor::Facilitator => header.facilitator.clone(),
        Floor::CoFacilitator => header
            .co_facilitator
            .clone()
            .unwrap_or_else(|| CO_FACILITATOR_LABEL.into()),
        Floor::Crosstalk => "several at once".into(),
        Floor::Silence => "silence".into(),
    }
}

/// Member ids the event is about, separated by spaces (ids never hold spaces in
/// rosters made by `group new`).
fn member_ids(kind: &EventKind) -> String {
    kind.member_ids()
        .iter()
        .map(|id| id.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words typed with the event: a moment's text, the reason for an
/// attendance change, the evidence for a goal rating.
fn moment_text(kind: &EventKind) -> &str {
    kind.text().unwrap_or("")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::fixture::{self, speaks};
    use crate::model::taxonomy::MutualAidKind;
    use crate::model::{AttendanceChange, BreakEdge, Moment, MomentKind};

    fn group() -> Group {
        Group {
            name: "Test Group".into(),
            facilitator: "Sam Okafor".into(),
            co_facilitator: Some("Lee Park".into()),
            ..fixture::group(vec![
                fixture::member("ana", "Ana Ruiz"),
                fixture::member("ben", "Ben Kowalski"),
                fixture::member("cy", "Cy Li"),
            ])
        }
    }

    fn session(events: Vec<(i64, EventKind)>) -> Session {
        let header = SessionHeader {
            group: "test-group".into(),
            number: 3,
            facilitator: "Sam Okafor".into(),
            co_facilitator: Some("Lee Park".into()),
            ..fixture::header()
        };
        fixture::session_of(header, events)
    }

    /// A session with everything that bends the floor: a worker, crosstalk, a
    /// repeated key, a break, a segment, a retraction, an amendment, a late arrival.
    fn eventful() -> Session {
        session(vec![
            (0, EventKind::Segment("check-in".into())),
            (5, speaks("ana")),
            (20, speaks("ana")),
            (30, EventKind::Floor(Floor::Facilitator)),
            (40, speaks("ben")),
            (45, EventKind::Retraction { target: EventId(5) }),
            (50, EventKind::Floor(Floor::Crosstalk)),
            (55, EventKind::Floor(Floor::Silence)),
            (60, EventKind::Break(BreakEdge::Start)),
            (70, speaks("cy")),
            (90, EventKind::Break(BreakEdge::End)),
            (100, speaks("cy")),
            (
                110,
                EventKind::Attendance {
                    member: MemberId::new("ben"),
                    change: AttendanceChange::Arrived,
                    text: None,
                },
            ),
            (
                120,
                EventKind::Moment(Moment {
                    what: MomentKind::MutualAid(MutualAidKind::MutualSupport),
                    members: vec![MemberId::new("ana"), MemberId::new("cy")],
                    text: Some("Ana offered a lift, \"any time\"".into()),
                }),
            ),
            (130, EventKind::Floor(Floor::CoFacilitator)),
            (
                131,
                EventKind::Amendment {
                    target: EventId(15),
                    replacement: Box::new(speaks("ben")),
                    reason: "misheard".into(),
                },
            ),
            (150, EventKind::Ended),
        ])
    }

    #[test]
    fn turns_add_up_to_what_participation_counts() {
        let group = group();
        for session in [
            eventful(),
            session(vec![(3, speaks("ana")), (9, speaks("cy"))]),
        ] {
            let figures = participation(&group, &session);
            let turns = floor_turns(&session);
            let mut holders: Vec<&Floor> = turns.iter().map(|turn| &turn.holder).collect();
            holders.sort();
            holders.dedup();
            assert_eq!(holders.len(), figures.total.holders.len(), "{turns:?}");
            for (floor, stats) in &figures.total.holders {
                let mine: Vec<&Turn> = turns.iter().filter(|t| &t.holder == floor).collect();
                let talk: Millis = mine.iter().map(|t| t.end - t.start).sum();
                assert_eq!(
                    (mine.len() as u32, talk),
                    (stats.turns, stats.talk),
                    "{floor:?}"
                );
            }
        }
    }

    #[test]
    fn rttm_has_one_line_per_person_turn_in_seconds_from_the_start() {
        let rttm = to_rttm(&eventful(), "2026-11-23-s03").unwrap();
        assert_eq!(
            rttm,
            "SPEAKER 2026-11-23-s03 1 5.000 25.000 <NA> <NA> ana <NA> <NA>\n\
             SPEAKER 2026-11-23-s03 1 30.000 20.000 <NA> <NA> facilitator <NA> <NA>\n\
             SPEAKER 2026-11-23-s03 1 100.000 30.000 <NA> <NA> cy <NA> <NA>\n\
             SPEAKER 2026-11-23-s03 1 130.000 20.000 <NA> <NA> ben <NA> <NA>\n"
        );
        assert_eq!(
            to_uem(&eventful(), "2026-11-23-s03").unwrap(),
            "2026-11-23-s03 1 0.000 150.000\n"
        );
        let spaced = to_rttm(&eventful(), "my session").unwrap_err().to_string();
        assert!(spaced.contains("the file id \"my session\""), "{spaced}");
    }

    #[test]
    fn statuses_follow_retractions_and_amendments() {
        let session = eventful();
        let records = event_records(&session);
        let status = |id: u32| records[id as usize - 1].status;
        assert_eq!(status(5), EventStatus::Retracted);
        assert_eq!(status(15), EventStatus::Amended);
        assert_eq!(records[14].now_reads, &speaks("ben"));
        assert_eq!(status(4), EventStatus::Effective);
        assert_eq!(
            status(6),
            EventStatus::Effective,
            "the retraction itself stands"
        );
    }

    #[test]
    fn csv_has_an_event_row_per_event_and_a_member_row_per_member() {
        let group = group();
        let session = eventful();
        let text = to_csv(&group, &session, NameStyle::Full).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            CSV_COLUMNS
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.iter().filter(|r| &r[0] == "event").count(), 17);
        assert_eq!(rows.iter().filter(|r| &r[0] == "member").count(), 3);
        let aid = &rows[13];
        assert_eq!(
            (&aid[1], &aid[2], &aid[4], &aid[6], &aid[7], &aid[8]),
            (
                "14",
                "2026-11-23T18:02:00.000+01:00",
                "mutual_aid",
                "ana cy",
                "Ana offered a lift, \"any time\"",
                "effective"
            )
        );
        assert_eq!(&rows[4][8], "retracted");
        assert_eq!(
            &rows[15][5],
            "amends #15 to \"Ben Kowalski speaks\": misheard"
        );
        let ben = &rows[18];
        assert_eq!(
            (&ben[9], &ben[10], &ben[11], &ben[12], &ben[13]),
            ("ben", "Ben Kowalski", "late", "1", "20000")
        );
        let share: f64 = rows[17][14].parse().unwrap();
        assert!((share - 25.0 / 75.0).abs() < 1e-4, "{share}");
    }

    #[test]
    fn json_carries_header_events_members_and_totals() {
        let group = group();
        let session = eventful();
        let value: serde_json::Value =
            serde_json::from_str(&to_json(&group, &session, NameStyle::Initials).unwrap()).unwrap();
        assert_eq!(value["header"]["number"], 3);
        let events = value["events"].as_array().unwrap();
        assert_eq!(events.len(), 17);
        assert_eq!(events[4]["effective"], false);
        assert_eq!(events[4]["status"], "retracted");
        assert_eq!(events[14]["status"], "amended");
        assert_eq!(events[14]["now_reads"]["Floor"]["Member"], "ben");
        assert_eq!(events[1]["kind"]["Floor"]["Member"], "ana");
        assert_eq!(value["members"][0]["name"], "A.R.");
        assert_eq!(value["members"][0]["talk_ms"], 25_000);
        let totals = &value["totals"];
        assert_eq!(totals["breaks_ms"], 30_000);
        assert_eq!(totals["clock_ms"], 120_000);
        assert_eq!(totals["facilitator_talk_ms"], 20_000);
    }

    #[test]
    fn attendance_and_goal_words_are_exported() {
        let mut group = group();
        group.members[0].goals = vec!["ask for help".into()];
        let session = session(vec![
            (5, speaks("ana")),
            (
                10,
                EventKind::GoalRating {
                    member: MemberId::new("ana"),
                    goal: 0,
                    rating: 1,
                    text: Some("asked her sister, \"finally\"".into()),
                },
            ),
            (
                20,
                EventKind::Attendance {
                    member: MemberId::new("ben"),
                    change: AttendanceChange::LeftEarly,
                    text: Some("picked up his son".into()),
                },
            ),
            (30, EventKind::Ended),
        ]);
        let text = to_csv(&group, &session, NameStyle::Full).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(
            (&rows[1][4], &rows[1][7]),
            ("goal_rating", "asked her sister, \"finally\"")
        );
        assert_eq!(
            (&rows[2][4], &rows[2][7]),
            ("attendance", "picked up his son")
        );
        let value: serde_json::Value =
            serde_json::from_str(&to_json(&group, &session, NameStyle::Full).unwrap()).unwrap();
        let events = value["events"].as_array().unwrap();
        assert_eq!(
            events[1]["kind"]["GoalRating"]["text"],
            "asked her sister, \"finally\""
        );
        assert_eq!(events[2]["kind"]["Attendance"]["text"], "picked up his son");
    }

    #[test]
    fn a_theme_is_exported_under_its_own_kind_name() {
        let group = group();
        let session = session(vec![
            (5, speaks("ana")),
            (
                10,
                EventKind::Moment(Moment {
                    what: MomentKind::Theme,
                    members: vec![MemberId::new("ana")],
                    text: Some("fear of relapse".into()),
                }),
            ),
            (30, EventKind::Ended),
        ]);
        let text = to_csv(&group, &session, NameStyle::Full).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(
            (&rows[1][4], &rows[1][5], &rows[1][6], &rows[1][7]),
            ("theme", "theme", "ana", "fear of relapse")
        );
        let value: serde_json::Value =
            serde_json::from_str(&to_json(&group, &session, NameStyle::Full).unwrap()).unwrap();
        assert_eq!(value["events"][1]["kind"]["Moment"]["what"], "Theme");
        assert_eq!(
            value["events"][1]["kind"]["Moment"]["text"],
            "fear of relapse"
        );
    }
}
