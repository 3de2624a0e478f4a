//! Header, risk, attendance, agenda, plan and sign-off.

use super::process::and_list;
use super::{
    Item, Markup, amended, end_time, names, quoted, risk_level, segment_name, span_or_none,
};
use crate::model::AttendanceChange;
use crate::note::display::duration as format_clock;
use crate::note::display::{calendar_date, clock_time, hour_minute, talk_time};
use crate::note::facts::{
    AgendaFacts, AttendanceFacts, AttendanceLine, AttendanceNote, AttendanceStatus, HeaderFacts,
    PlanItem, PlanSource, RiskFact, SignOff, SourceFact,
};

/// `18:00–19:30`
/// `18:00–19:22 (times in UTC−05:00)`: every clock time in the note is in
/// this zone, the one the session was logged in.
pub fn time_span(header: &HeaderFacts) -> String {
    format!(
        "{}–{} (times in {})",
        hour_minute(header.started),
        end_time(header),
        crate::note::display::time_zone(header.started)
    )
}

/// `00:10:00 (18:40:00–18:50:00)`, or `none`; then any step of the computer's clock.
pub fn breaks(header: &HeaderFacts) -> String {
    let mut line = breaks_only(header);
    for step in &header.clock_steps {
        let minutes = step.by.unsigned_abs().div_ceil(60_000);
        let (hours, minutes) = (minutes / 60, minutes % 60);
        let how_far = match hours {
            0 => format!("{minutes} min"),
            _ => format!("{hours} h {minutes:02} min"),
        };
        line.push_str(&format!(
            "; the computer's clock {} {how_far} at {} (it then read {}): times after it \
             are as the computer showed them, and no duration counts the jump",
            if step.by < 0 {
                "was set back"
            } else {
                "jumped ahead"
            },
            clock_time(step.before),
            clock_time(step.after),
        ));
    }
    line
}

fn breaks_only(header: &HeaderFacts) -> String {
    match header.breaks.as_slice() {
        [] => "none".into(),
        breaks => {
            let spans: Vec<String> = breaks
                .iter()
                .map(|span| match (span.end, span.logging_stopped) {
                    (Some(end), true) => format!(
                        "logging stopped {}, resumed {}",
                        clock_time(span.start),
                        clock_time(end)
                    ),
                    (Some(end), false) => {
                        format!("{}–{}", clock_time(span.start), clock_time(end))
                    }
                    (None, true) => format!("logging stopped {}", clock_time(span.start)),
                    (None, false) => format!("from {}, still on break", clock_time(span.start)),
                })
                .collect();
            format!(
                "{} ({})",
                format_clock(header.breaks_total),
                spans.join(", ")
            )
        }
    }
}

/// `Forming (18:05), Storming (19:10)`; empty when none was observed.
pub fn stages<M: Markup>(header: &HeaderFacts) -> String {
    header
        .stages
        .iter()
        .map(|stage| format!("{} ({})", M::text(&stage.stage), hour_minute(stage.at)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn record(header: &HeaderFacts) -> String {
    let record = header.record;
    format!(
        "{} events logged, {} retracted, {} amended",
        record.logged, record.retracted, record.amended
    )
}

/// `speaking turns derived from recording "IS1009a" (IS1009a.rttm, from 0 s to 13 min 58 s
/// into it), not logged live`
pub fn source<M: Markup>(source: &SourceFact) -> String {
    format!(
        "speaking turns derived from recording {} ({}, from {} to {} into it), not logged live",
        M::quote_name(&source.recording),
        M::text(&source.file),
        format_clock(source.span_start),
        format_clock(source.span_end)
    )
}

/// `This session has not ended. The figures run up to 19:02:00{until}.`
pub fn not_ended<M: Markup>(header: &HeaderFacts, until: &str) -> String {
    format!(
        "{} The figures run up to {}{until}.",
        M::strong("This session has not ended."),
        clock_time(header.figures_until)
    )
}

/// The paragraphs that keep a session without events or without an end
/// from reading as complete.
pub fn unfinished<M: Markup>(header: &HeaderFacts) -> Vec<String> {
    let mut lines = Vec::new();
    if !header.ended {
        lines.push(not_ended::<M>(header, ", when this note was written"));
    }
    if header.record.standing == 0 {
        lines.push(if header.record.logged == 0 {
            "No events were logged.".into()
        } else {
            "No events stand: every event logged was retracted.".into()
        });
    }
    lines
}

/// `Acute at 18:20:00 — Ana R. — "words"`, with what the worker did under it.
pub fn risk<M: Markup>(risk: &RiskFact) -> Item {
    let member = risk
        .member
        .as_deref()
        .map_or_else(|| "member not recorded".into(), M::text);
    Item {
        line: format!(
            "{} at {} — {member}{}{}",
            risk_level::<M>(risk.level_label),
            clock_time(risk.at),
            quoted::<M>(risk.text.as_ref()),
            amended::<M>(risk.amended.as_ref())
        ),
        details: super::observed::risk_details::<M>(&risk.recorded, &risk.response),
    }
}

/// `Present: 5 of 6 members. Absent: 1 (1 excused).`
pub fn attendance_summary(facts: &AttendanceFacts) -> String {
    format!(
        "Present: {} of {} members. Absent: {}{}.",
        facts.attended,
        facts.on_roster,
        facts.not_attended,
        if facts.excused > 0 {
            format!(" ({} excused)", facts.excused)
        } else {
            String::new()
        }
    )
}

/// Who was there throughout, late, left early, absent and excused; the words
/// logged with a change follow the name in the list they explain.
pub fn attendance<M: Markup>(facts: &AttendanceFacts) -> [String; 5] {
    let list = |wanted: &dyn Fn(&AttendanceLine) -> bool,
                timed: bool,
                explains: &[AttendanceChange]|
     -> String {
        let names: Vec<String> = facts
            .lines
            .iter()
            .filter(|line| wanted(line))
            .map(|line| attendance_name::<M>(line, timed, explains))
            .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    };
    let status =
        |status: AttendanceStatus| move |line: &AttendanceLine| line.attendance.status == status;
    [
        format!(
            "Present throughout: {}",
            // A member who left and came back: why, and that they returned.
            list(
                &|line| line.attendance.throughout(),
                false,
                &[AttendanceChange::LeftEarly, AttendanceChange::Arrived]
            )
        ),
        format!(
            "Late: {}",
            list(
                &|line| line.attendance.arrived_late.is_some(),
                true,
                &[AttendanceChange::Arrived]
            )
        ),
        format!(
            "Left early: {}",
            list(
                &|line| line.attendance.left_early.is_some(),
                true,
                &[AttendanceChange::LeftEarly]
            )
        ),
        format!(
            "Absent: {}",
            list(
                &status(AttendanceStatus::Absent),
                false,
                &[AttendanceChange::Absent]
            )
        ),
        format!(
            "Excused: {}",
            list(
                &status(AttendanceStatus::Excused),
                false,
                &[AttendanceChange::Excused]
            )
        ),
    ]
}

/// `Cy D. (arrived 18:10)` in the late list, `Cy D. (left 19:05)` in the
/// left-early list, followed by the words logged with those changes:
/// `Cy D. (left 19:05) — "picked up her son"`.
fn attendance_name<M: Markup>(
    line: &AttendanceLine,
    timed: bool,
    explains: &[AttendanceChange],
) -> String {
    let mut name = M::text(&line.name);
    if timed {
        let mut times = Vec::new();
        if let Some(at) = line.attendance.arrived_late {
            times.push(format!("arrived {}", hour_minute(at)));
        }
        if let Some(at) = line.attendance.left_early {
            times.push(format!("left {}", hour_minute(at)));
        }
        name = format!("{name} ({})", times.join(", "));
    }
    for note in line
        .notes
        .iter()
        .filter(|note| explains.contains(&note.change))
    {
        name.push_str(&attendance_note::<M>(note));
    }
    name
}

/// ` — left early 19:05: "picked up her son"`.
pub fn attendance_note<M: Markup>(note: &AttendanceNote) -> String {
    format!(
        " — {} {}: {}",
        note.label,
        hour_minute(note.at),
        M::quote_words(&note.text)
    )
}

pub fn purpose<M: Markup>(agenda: &AgendaFacts) -> String {
    match &agenda.purpose {
        Some(purpose) => format!("Purpose: {}", M::text(purpose)),
        None => "No purpose is recorded for the group.".into(),
    }
}

/// The session's content, as the group section opens with it: the topic
/// of each agenda segment in order with its times, then the themes the
/// group worked on.
pub fn content<M: Markup>(
    agenda: &AgendaFacts,
    themes: &[crate::note::facts::ThemeFact],
) -> Vec<String> {
    let mut lines = vec![planned_activity::<M>(agenda.planned.as_ref())];
    if agenda.segments.is_empty() {
        lines.push("Agenda: no agenda segments were logged.".to_string());
    } else {
        let segments: Vec<String> = agenda
            .segments
            .iter()
            .map(|segment| {
                let breaks = if segment.breaks > 0 {
                    format!(", with a break of {}", talk_time(segment.breaks))
                } else {
                    String::new()
                };
                format!(
                    "{} ({}–{}, {}{breaks})",
                    segment_name::<M>(&segment.name, segment.before_first_segment),
                    clock_time(segment.start),
                    clock_time(segment.end),
                    talk_time(segment.length)
                )
            })
            .collect();
        lines.push(format!(
            "Agenda: {}{}",
            segments.join("; "),
            kept_to_plan::<M>(agenda.planned.as_ref())
        ));
    }
    if themes.is_empty() {
        lines.push("Themes the group worked on: none logged".to_string());
    } else {
        let named: Vec<String> = themes
            .iter()
            .map(|theme| {
                let phrase = theme
                    .theme
                    .as_deref()
                    .map_or_else(|| M::placeholder("(theme not named)"), M::quote_name);
                format!("{phrase} ({})", clock_time(theme.at))
            })
            .collect();
        lines.push(format!("Themes the group worked on: {}", named.join("; ")));
    }
    lines
}

/// The activity the group's plan named for this session.
fn planned_activity<M: Markup>(planned: Option<&crate::note::facts::PlannedFacts>) -> String {
    match planned.and_then(|planned| planned.activity.as_deref()) {
        Some(activity) => format!("Planned activity: {}", M::quote_name(activity)),
        None => format!(
            "Planned activity: {}",
            M::placeholder("none in the group's plan for this session")
        ),
    }
}

/// Whether the segments logged kept to the plan's agenda, in a sentence
/// after the agenda (nothing when the plan lists no segments).
fn kept_to_plan<M: Markup>(planned: Option<&crate::note::facts::PlannedFacts>) -> String {
    let Some(planned) = planned.filter(|planned| !planned.segments.is_empty()) else {
        return String::new();
    };
    let list = |names: &[String]| {
        names
            .iter()
            .map(|name| M::text(name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if planned.followed {
        return ". The segments followed the planned agenda.".into();
    }
    if planned.reordered {
        return format!(
            ". The planned segments were all held, in another order than planned ({}).",
            list(&planned.segments)
        );
    }
    let mut parts = Vec::new();
    if !planned.not_held.is_empty() {
        let verb = if planned.not_held.len() == 1 {
            "was"
        } else {
            "were"
        };
        parts.push(format!(
            "{} {verb} not held",
            and_list(
                &planned
                    .not_held
                    .iter()
                    .map(|name| M::text(name))
                    .collect::<Vec<_>>()
            )
        ));
    }
    if !planned.unplanned.is_empty() {
        let verb = if planned.unplanned.len() == 1 {
            "was"
        } else {
            "were"
        };
        parts.push(format!(
            "{} {verb} not in the plan",
            and_list(
                &planned
                    .unplanned
                    .iter()
                    .map(|name| M::text(name))
                    .collect::<Vec<_>>()
            )
        ));
    }
    format!(
        ". The plan's agenda was {}: {}.",
        list(&planned.segments),
        parts.join(", and ")
    )
}

/// Segment, from, to, length without breaks, breaks.
pub fn agenda_rows<M: Markup>(agenda: &AgendaFacts) -> Vec<Vec<String>> {
    agenda
        .segments
        .iter()
        .map(|segment| {
            vec![
                segment_name::<M>(&segment.name, segment.before_first_segment),
                clock_time(segment.start),
                clock_time(segment.end),
                talk_time(segment.length),
                span_or_none(segment.breaks > 0, segment.breaks),
            ]
        })
        .collect()
}

/// The plan's lines: those the facilitator logged, and those the record
/// suggests.
pub fn plan<M: Markup>(plan: &[PlanItem]) -> (Vec<String>, Vec<String>) {
    let line = |item: &PlanItem| {
        let about = if item.members.is_empty() || item.source != PlanSource::Facilitator {
            String::new()
        } else {
            format!(" (about {})", names::<M>(&item.members))
        };
        format!("{}{about}", M::text(&item.text))
    };
    let lines = |logged: bool| -> Vec<String> {
        plan.iter()
            .filter(|item| (item.source == PlanSource::Facilitator) == logged)
            .map(line)
            .collect()
    };
    (lines(true), lines(false))
}

/// What the sign-off says above the table of signatures. The note of an
/// ended session is dated by its end, so it reads the same whenever it is
/// written again; an unended one says when it was written.
pub fn sign_off_preface(sign_off: &SignOff) -> String {
    let on = |at| format!("{} at {}", calendar_date(at), hour_minute(at));
    let drafted = if sign_off.session_ended {
        let since = match (sign_off.logged_after_end, sign_off.latest_after_end) {
            (0, _) | (_, None) => String::new(),
            (1, Some(latest)) => format!(", plus 1 entry logged since (on {})", on(latest)),
            (count, Some(latest)) => format!(
                ", plus {count} entries logged since (the latest on {})",
                on(latest)
            ),
        };
        format!(
            "Drafted by groupscribe from the session record as of the session's end on {}{since}.",
            on(sign_off.drafted_at)
        )
    } else {
        format!(
            "Written by groupscribe from the session record on {}, while the session had not ended.",
            on(sign_off.drafted_at)
        )
    };
    format!(
        "{drafted} Nothing in the record is erased: corrections after signing are added as dated addenda."
    )
}

/// Where the roster, purpose and plan in the note come from.
pub fn roster(header: &HeaderFacts) -> &'static str {
    if header.roster_recorded {
        "as recorded when the session began"
    } else {
        "today's group file (this session predates roster snapshots: members, purpose and plan \
         may have changed since it was logged)"
    }
}
