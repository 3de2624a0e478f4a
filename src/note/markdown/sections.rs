//! Header, risk, attendance, agenda, plan and sign-off.

use super::{NONE, amended, bullets, escape_md, names, quoted, sub_bullets, table};
use crate::metrics::format_clock;
use crate::note::display::capitalised;
use crate::note::display::{calendar_date, clock_time, hour_minute, talk_time};
use crate::note::facts::InterventionRef;
use crate::note::facts::{
    AgendaFacts, AttendanceFacts, AttendanceLine, AttendanceStatus, HeaderFacts, NoteFacts,
    PlanItem, PlanSource, RiskFact, SignOff, WorkerResponse,
};

pub fn title(header: &HeaderFacts) -> String {
    let name = escape_md(&header.group_name);
    let name = if name.is_empty() {
        "Group".into()
    } else {
        name
    };
    format!("# {name} — {}", session_words(header))
}

/// `session 4 of 8`, or `session 4` for an open-ended group.
pub fn session_words(header: &HeaderFacts) -> String {
    match header.planned_sessions {
        Some(planned) => format!("session {} of {planned}", header.session_number),
        None => format!("session {}", header.session_number),
    }
}

pub fn header(facts: &NoteFacts) -> String {
    let header = &facts.header;
    let mut items = vec![
        format!("Group type: {}", header.group_type_label),
        format!("Date: {}", calendar_date(header.started)),
        format!("Time: {}–{}", hour_minute(header.started), end_time(header)),
        format!("Duration without breaks: {}", format_clock(header.clock)),
    ];
    items.push(match header.breaks.as_slice() {
        [] => "Breaks: none".into(),
        breaks => {
            let spans: Vec<String> = breaks
                .iter()
                .map(|span| match span.end {
                    Some(end) => format!("{}–{}", clock_time(span.start), clock_time(end)),
                    None => format!("from {}, still on break", clock_time(span.start)),
                })
                .collect();
            format!(
                "Breaks: {} ({})",
                format_clock(header.breaks_total),
                spans.join(", ")
            )
        }
    });
    items.push(format!("Facilitator: {}", escape_md(&header.facilitator)));
    if let Some(co_facilitator) = &header.co_facilitator {
        items.push(format!("Co-facilitator: {}", escape_md(co_facilitator)));
    }
    if !header.stages.is_empty() {
        let stages: Vec<String> = header
            .stages
            .iter()
            .map(|stage| format!("{} ({})", escape_md(&stage.stage), hour_minute(stage.at)))
            .collect();
        items.push(format!(
            "Stage of group development observed: {}",
            stages.join(", ")
        ));
    }
    items.push(if header.ended {
        format!("Status: ended at {}", end_time(header))
    } else {
        format!("Status: not ended: figures up to {}", end_time(header))
    });
    let record = header.record;
    items.push(format!(
        "Record: {} events logged, {} retracted, {} amended",
        record.logged, record.retracted, record.amended
    ));
    if header.redacted {
        items.push("Names: redacted to initials or aliases".into());
    }
    bullets(&items)
}

/// The end's clock time, with its date when the session ran past midnight.
fn end_time(header: &HeaderFacts) -> String {
    if header.figures_until.date_naive() == header.started.date_naive() {
        hour_minute(header.figures_until)
    } else {
        format!(
            "{} {}",
            calendar_date(header.figures_until),
            hour_minute(header.figures_until)
        )
    }
}

/// A session without events or without an end must not read as complete.
pub fn unfinished(facts: &NoteFacts) -> Option<String> {
    let header = &facts.header;
    let mut lines = Vec::new();
    if !header.ended {
        lines.push(format!(
            "**This session has not ended.** The figures run up to {}, when this note was written.",
            clock_time(header.figures_until)
        ));
    }
    if header.record.standing == 0 {
        lines.push(if header.record.logged == 0 {
            "No events were logged.".into()
        } else {
            "No events stand: every event logged was retracted.".into()
        });
    }
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}

pub fn risk(risks: &[RiskFact]) -> String {
    let items: Vec<String> = risks
        .iter()
        .map(|risk| {
            let member = risk
                .member
                .as_deref()
                .map_or_else(|| "member not recorded".into(), escape_md);
            let mut item = format!(
                "**{}** at {} — {member}{}{}",
                capitalised(risk.level_label),
                clock_time(risk.at),
                quoted(risk.text.as_ref()),
                amended(risk.amended.as_ref())
            );
            item.push('\n');
            item.push_str(&sub_bullets(&[format!(
                "What the worker did: {}",
                response(&risk.response)
            )]));
            item
        })
        .collect();
    format!("## Risk and safety\n\n{}", bullets(&items))
}

/// `supporting (18:27:00); giving information or resources (18:29:10)`, or
/// the facilitator's words, or "not logged".
pub fn response(response: &WorkerResponse) -> String {
    if !response.interventions.is_empty() {
        return response
            .interventions
            .iter()
            .map(intervention_ref)
            .collect::<Vec<_>>()
            .join("; ");
    }
    match &response.as_noted {
        Some(words) => format!(
            "no intervention logged; the facilitator wrote \"{}\"",
            escape_md(words)
        ),
        None => "not logged".into(),
    }
}

fn intervention_ref(intervention: &InterventionRef) -> String {
    format!(
        "{} ({}){}",
        escape_md(intervention.label),
        clock_time(intervention.at),
        quoted(intervention.text.as_ref())
    )
}

pub fn attendance(facts: &AttendanceFacts) -> String {
    if facts.lines.is_empty() {
        return "## Attendance\n\nNo members are on the roster.".into();
    }
    let list = |wanted: &dyn Fn(&AttendanceLine) -> bool, timed: bool| -> String {
        let names: Vec<String> = facts
            .lines
            .iter()
            .filter(|line| wanted(line))
            .map(|line| attendance_name(line, timed))
            .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    };
    let items = [
        format!(
            "Present throughout: {}",
            list(&|line| line.attendance.throughout(), false)
        ),
        format!(
            "Late: {}",
            list(&|line| line.attendance.arrived_late.is_some(), true)
        ),
        format!(
            "Left early: {}",
            list(&|line| line.attendance.left_early.is_some(), true)
        ),
        format!(
            "Absent: {}",
            list(
                &|line| line.attendance.status == AttendanceStatus::Absent,
                false
            )
        ),
        format!(
            "Excused: {}",
            list(
                &|line| line.attendance.status == AttendanceStatus::Excused,
                false
            )
        ),
    ];
    format!(
        "## Attendance\n\nPresent: {} of {} members. Absent: {}{}.\n\n{}",
        facts.attended,
        facts.on_roster,
        facts.not_attended,
        if facts.excused > 0 {
            format!(" ({} excused)", facts.excused)
        } else {
            String::new()
        },
        bullets(&items)
    )
}

/// `Cy D. (arrived 18:10)` in the late list, `Cy D. (left 19:05)` in the
/// left-early list.
fn attendance_name(line: &AttendanceLine, timed: bool) -> String {
    let name = escape_md(&line.name);
    if !timed {
        return name;
    }
    let mut times = Vec::new();
    if let Some(at) = line.attendance.arrived_late {
        times.push(format!("arrived {}", hour_minute(at)));
    }
    if let Some(at) = line.attendance.left_early {
        times.push(format!("left {}", hour_minute(at)));
    }
    format!("{name} ({})", times.join(", "))
}

pub fn agenda(agenda: &AgendaFacts) -> String {
    let purpose = match &agenda.purpose {
        Some(purpose) => format!("Purpose: {}", escape_md(purpose)),
        None => "No purpose is recorded for the group.".into(),
    };
    if agenda.segments.is_empty() {
        return format!("## Purpose and agenda\n\n{purpose}\n\nNo agenda segments were logged.");
    }
    let rows: Vec<Vec<String>> = agenda
        .segments
        .iter()
        .map(|segment| {
            vec![
                segment_name(&segment.name, segment.before_first_segment),
                clock_time(segment.start),
                clock_time(segment.end),
                talk_time(segment.length),
                if segment.breaks > 0 {
                    talk_time(segment.breaks)
                } else {
                    NONE.into()
                },
            ]
        })
        .collect();
    let table = table(
        &[
            ("Segment", false),
            ("From", false),
            ("To", false),
            ("Length without breaks", true),
            ("Breaks", true),
        ],
        &rows,
    );
    format!("## Purpose and agenda\n\n{purpose}\n\n{table}")
}

/// The stretch before the first segment has no name of its own.
pub fn segment_name(name: &str, before_first: bool) -> String {
    if before_first {
        "before the first segment".into()
    } else if name.is_empty() {
        "(unnamed segment)".into()
    } else {
        escape_md(name)
    }
}

pub fn plan(plan: &[PlanItem]) -> String {
    let line = |item: &PlanItem| {
        let about = if item.members.is_empty() || item.source != PlanSource::Facilitator {
            String::new()
        } else {
            format!(" (about {})", names(&item.members))
        };
        format!("{}{about}", escape_md(&item.text))
    };
    let logged: Vec<String> = plan
        .iter()
        .filter(|item| item.source == PlanSource::Facilitator)
        .map(line)
        .collect();
    let suggested: Vec<String> = plan
        .iter()
        .filter(|item| item.source != PlanSource::Facilitator)
        .map(line)
        .collect();
    let mut blocks = vec!["## Plan for next session".to_string()];
    blocks.push(if logged.is_empty() {
        "The facilitator logged no plan.".into()
    } else {
        format!("Logged by the facilitator:\n\n{}", bullets(&logged))
    });
    blocks.push(if suggested.is_empty() {
        "The record suggests nothing further to carry over.".into()
    } else {
        format!("Suggested from the record:\n\n{}", bullets(&suggested))
    });
    blocks.join("\n\n")
}

pub fn sign_off(sign_off: &SignOff) -> String {
    let written = format!(
        "{} at {}",
        calendar_date(sign_off.written_at),
        hour_minute(sign_off.written_at)
    );
    let mut rows = vec![vec![
        "Facilitator (written by)".to_string(),
        escape_md(&sign_off.facilitator),
        String::new(),
        String::new(),
    ]];
    rows.push(vec![
        "Co-facilitator (reviewed)".into(),
        sign_off
            .co_facilitator
            .as_deref()
            .map_or_else(String::new, escape_md),
        String::new(),
        String::new(),
    ]);
    rows.push(vec![
        "Supervisor (co-signed)".into(),
        String::new(),
        String::new(),
        String::new(),
    ]);
    format!(
        "## Sign-off\n\nDrafted by groupscribe from the session record on {written}. \
         Nothing in the record is erased: corrections after signing are added as dated addenda.\n\n{}",
        table(
            &[
                ("Role", false),
                ("Name", false),
                ("Date and time", false),
                ("Signature", false)
            ],
            &rows
        )
    )
}
