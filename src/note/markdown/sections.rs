//! Header, risk, attendance, agenda, plan and sign-off.

use super::{Md, bullets, escape_md, nested, table};
use crate::model::NoteSection;
use crate::note::display::calendar_date;
use crate::note::display::duration as format_clock;
use crate::note::facts::{
    AgendaFacts, AttendanceFacts, HeaderFacts, NoteFacts, PlanItem, RiskFact, SignOff,
    record::RecordKeeping,
};
use crate::note::wording::sections::{
    self as words, agenda_rows, attendance_summary, breaks, purpose, record, sign_off_preface,
    stages, time_span,
};
use crate::note::wording::{end_time, session_words};

/// The group's name, escaped, or "Group" when it is blank.
pub fn group_name(header: &HeaderFacts) -> String {
    let name = escape_md(&header.group_name);
    if name.is_empty() {
        "Group".into()
    } else {
        name
    }
}

pub fn title(header: &HeaderFacts) -> String {
    format!("# {} — {}", group_name(header), session_words(header))
}

pub fn header(facts: &NoteFacts) -> String {
    let header = &facts.header;
    let mut items = vec![
        format!("Group type: {}", header.group_type_label),
        format!("Date: {}", calendar_date(header.started)),
        format!("Time: {}", time_span(header)),
        format!("Duration without breaks: {}", format_clock(header.clock)),
        format!("Breaks: {}", breaks(header)),
        format!("Facilitator: {}", escape_md(&header.facilitator)),
    ];
    if let Some(co_facilitator) = &header.co_facilitator {
        items.push(format!("Co-facilitator: {}", escape_md(co_facilitator)));
    }
    if !header.stages.is_empty() {
        items.push(format!(
            "Stage of group development observed: {}",
            stages::<Md>(header)
        ));
    }
    items.push(if header.ended {
        format!("Status: ended at {}", end_time(header))
    } else {
        format!("Status: not ended: figures up to {}", end_time(header))
    });
    items.push(format!("Record: {}", record(header)));
    items.push(format!("Roster: {}", words::roster(header)));
    if header.redacted {
        items.push("Names: redacted to initials or aliases".into());
    }
    if let Some(source) = &header.source {
        items.push(format!("Source: {}", words::source::<Md>(source)));
    }
    bullets(&items)
}

/// A session without events or without an end must not read as complete.
pub fn unfinished(facts: &NoteFacts) -> Option<String> {
    let lines = words::unfinished::<Md>(&facts.header);
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}

pub fn risk(risks: &[RiskFact]) -> String {
    let items: Vec<String> = risks
        .iter()
        .map(|risk| nested(&words::risk::<Md>(risk)))
        .collect();
    format!("## {}\n\n{}", NoteSection::Risks.heading(), bullets(&items))
}

pub fn attendance(facts: &AttendanceFacts) -> String {
    if facts.lines.is_empty() {
        return "## Attendance\n\nNo members are on the roster.".into();
    }
    let items = words::attendance::<Md>(facts);
    format!(
        "## Attendance\n\n{}\n\n{}",
        attendance_summary(facts),
        bullets(&items)
    )
}

/// What the group worked on: purpose, the agenda's topics, themes.
pub fn content(facts: &NoteFacts) -> String {
    format!(
        "## Session content\n\n{}\n\n{}",
        purpose::<Md>(&facts.agenda),
        bullets(&words::content::<Md>(&facts.agenda, &facts.themes))
    )
}

/// The agenda's table, in the appendix.
pub fn agenda(agenda: &AgendaFacts) -> String {
    if agenda.segments.is_empty() {
        return "### Agenda\n\nNo agenda segments were logged.".into();
    }
    let table = table(
        &[
            ("Segment", false),
            ("From", false),
            ("To", false),
            ("Length without breaks", true),
            ("Breaks", true),
        ],
        &agenda_rows::<Md>(agenda),
    );
    format!("### Agenda\n\n{table}")
}

pub fn plan(plan: &[PlanItem]) -> String {
    let (logged, suggested) = words::plan::<Md>(plan);
    let mut blocks = vec![format!("## {}", NoteSection::Plan.heading())];
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

pub fn sign_off(sign_off: &SignOff, record: &RecordKeeping) -> String {
    let signer = |role: &str, by: &str, name: String| {
        let signed = record.signatures.iter().rev().find(|sign| sign.role == by);
        match signed {
            Some(sign) => vec![
                role.to_string(),
                escape_md(&sign.name),
                crate::note::wording::record::signed_on(sign.at),
                sign.comment.as_deref().map_or_else(
                    || "signed (SHA-256)".to_string(),
                    |comment| format!("signed (SHA-256): {}", escape_md(comment)),
                ),
            ],
            None => vec![role.to_string(), name, String::new(), String::new()],
        }
    };
    let rows = vec![
        signer(
            "Facilitator (written by)",
            "facilitator",
            escape_md(&sign_off.facilitator),
        ),
        signer(
            "Co-facilitator (reviewed)",
            "co-facilitator",
            sign_off
                .co_facilitator
                .as_deref()
                .map_or_else(String::new, escape_md),
        ),
        signer("Supervisor (co-signed)", "supervisor", String::new()),
    ];
    format!(
        "## Sign-off\n\n{}\n\n{}\n\n{}",
        crate::note::wording::record::status(record, &escape_md),
        sign_off_preface(sign_off),
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
