//! Header, risk, attendance, agenda, plan and sign-off.

use super::{NONE, Table, amended, bullets, escape_html, group_name, names, quoted, session_words};
use crate::metrics::format_clock;
use crate::note::display::{calendar_date, capitalised, clock_time, hour_minute, talk_time};
use crate::note::facts::{
    AgendaFacts, AttendanceFacts, AttendanceLine, AttendanceStatus, HeaderFacts, InterventionRef,
    NoteFacts, PlanItem, PlanSource, RiskFact, SignOff, WorkerResponse,
};
use std::fmt::Write as _;

/// The title, what the note is, a short list of links (screen only), and
/// the session's facts as label–value pairs.
pub fn header(facts: &NoteFacts) -> String {
    let header = &facts.header;
    let mut html = String::from("<header>\n");
    let _ = writeln!(
        html,
        "<h1>{} — {}</h1>",
        escape_html(&group_name(header)),
        session_words(header)
    );
    let _ = writeln!(
        html,
        "<p class=\"subtitle\">Progress note · {} group · {}, {}–{}</p>",
        escape_html(header.group_type_label),
        calendar_date(header.started),
        hour_minute(header.started),
        end_time(header)
    );
    html.push_str(&contents(facts));
    let mut pairs: Vec<(&str, String, bool)> = vec![
        ("Group type", escape_html(header.group_type_label), false),
        ("Date", calendar_date(header.started), false),
        (
            "Time",
            format!("{}–{}", hour_minute(header.started), end_time(header)),
            false,
        ),
        ("Duration without breaks", format_clock(header.clock), false),
        ("Facilitator", escape_html(&header.facilitator), false),
    ];
    if let Some(co_facilitator) = &header.co_facilitator {
        pairs.push(("Co-facilitator", escape_html(co_facilitator), false));
    }
    pairs.push(("Breaks", breaks(header), true));
    pairs.push((
        "Status",
        if header.ended {
            format!("ended at {}", end_time(header))
        } else {
            format!(
                "<strong>not ended</strong>: figures up to {}",
                end_time(header)
            )
        },
        false,
    ));
    pairs.push((
        "Risk",
        match facts.risks.len() {
            0 => "none logged".into(),
            1 => "<strong>1 moment logged — see below</strong>".into(),
            many => format!("<strong>{many} moments logged — see below</strong>"),
        },
        false,
    ));
    if !header.stages.is_empty() {
        let stages: Vec<String> = header
            .stages
            .iter()
            .map(|stage| format!("{} ({})", escape_html(&stage.stage), hour_minute(stage.at)))
            .collect();
        pairs.push(("Stage observed", stages.join(", "), true));
    }
    let record = header.record;
    pairs.push((
        "Record",
        format!(
            "{} events logged, {} retracted, {} amended",
            record.logged, record.retracted, record.amended
        ),
        true,
    ));
    if header.redacted {
        pairs.push(("Names", "redacted to initials or aliases".into(), true));
    }
    html.push_str("<dl class=\"facts\">\n");
    for (label, value, wide) in pairs {
        let _ = writeln!(
            html,
            "<dt>{label}</dt><dd{}>{value}</dd>",
            if wide { " class=\"wide\"" } else { "" }
        );
    }
    html.push_str("</dl>\n</header>\n");
    html
}

/// Links to the sections, on screen only: a printed note is read in order.
fn contents(facts: &NoteFacts) -> String {
    let mut links = Vec::new();
    if !facts.risks.is_empty() {
        links.push(("risk", "Risk"));
    }
    links.extend([
        ("attendance", "Attendance"),
        ("agenda", "Agenda"),
        ("participation", "Participation"),
        ("process", "Group process"),
        ("plan", "Plan"),
        ("entries", "Individual entries"),
        ("sign-off", "Sign-off"),
    ]);
    let anchors: Vec<String> = links
        .iter()
        .map(|(id, label)| format!("<a href=\"#{id}\">{label}</a>"))
        .collect();
    format!(
        "<nav class=\"contents\" aria-label=\"Sections\">{}</nav>\n",
        anchors.join(" ")
    )
}

fn breaks(header: &HeaderFacts) -> String {
    match header.breaks.as_slice() {
        [] => "none".into(),
        breaks => {
            let spans: Vec<String> = breaks
                .iter()
                .map(|span| match span.end {
                    Some(end) => format!("{}–{}", clock_time(span.start), clock_time(end)),
                    None => format!("from {}, still on break", clock_time(span.start)),
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
            "<strong>This session has not ended.</strong> The figures run up to {}, when this note was written.",
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
    if lines.is_empty() {
        return None;
    }
    let paragraphs: Vec<String> = lines.iter().map(|line| format!("<p>{line}</p>")).collect();
    Some(format!(
        "<div class=\"warning\" role=\"note\">\n{}\n</div>\n",
        paragraphs.join("\n")
    ))
}

pub fn risk(risks: &[RiskFact]) -> String {
    let items: Vec<String> = risks
        .iter()
        .map(|risk| {
            let member = risk
                .member
                .as_deref()
                .map_or_else(|| "member not recorded".into(), escape_html);
            format!(
                "<strong>▲ {}</strong> at {} — {member}{}{}\n<ul><li>What the worker did: {}</li></ul>",
                escape_html(&capitalised(risk.level_label)),
                clock_time(risk.at),
                quoted(risk.text.as_ref()),
                amended(risk.amended.as_ref()),
                response(&risk.response)
            )
        })
        .collect();
    format!(
        "<section id=\"risk\" class=\"risk\" aria-labelledby=\"risk-heading\">\n\
         <h2 id=\"risk-heading\">▲ Risk and safety</h2>\n{}</section>\n",
        bullets(&items)
    )
}

/// The interventions that answered a risk or a conflict, or the
/// facilitator's words, or "not logged".
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
        Some(words) => format!("as noted — <q>{}</q>", escape_html(words)),
        None => "<em>not logged</em>".into(),
    }
}

fn intervention_ref(intervention: &InterventionRef) -> String {
    format!(
        "{} ({}){}",
        escape_html(intervention.label),
        clock_time(intervention.at),
        quoted(intervention.text.as_ref())
    )
}

pub fn attendance(facts: &AttendanceFacts) -> String {
    let mut html = String::from("<section id=\"attendance\">\n<h2>Attendance</h2>\n");
    if facts.lines.is_empty() {
        html.push_str("<p>No members are on the roster.</p>\n</section>\n");
        return html;
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
    let _ = writeln!(
        html,
        "<p>Present: {} of {} members. Absent: {}{}.</p>",
        facts.attended,
        facts.on_roster,
        facts.not_attended,
        if facts.excused > 0 {
            format!(" ({} excused)", facts.excused)
        } else {
            String::new()
        }
    );
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
    html.push_str(&bullets(&items));
    html.push_str("</section>\n");
    html
}

/// `Cy D. (arrived 18:10)` in the late list, `Cy D. (left 19:05)` in the
/// left-early list.
fn attendance_name(line: &AttendanceLine, timed: bool) -> String {
    let name = escape_html(&line.name);
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
    let mut html = String::from("<section id=\"agenda\">\n<h2>Purpose and agenda</h2>\n");
    match &agenda.purpose {
        Some(purpose) => {
            let _ = writeln!(html, "<p>Purpose: {}</p>", escape_html(purpose));
        }
        None => html.push_str("<p>No purpose is recorded for the group.</p>\n"),
    }
    if agenda.segments.is_empty() {
        html.push_str("<p>No agenda segments were logged.</p>\n</section>\n");
        return html;
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
    html.push_str(
        &Table {
            class: "",
            caption: None,
            columns: &[
                ("Segment", false),
                ("From", true),
                ("To", true),
                ("Length without breaks", true),
                ("Breaks", true),
            ],
        }
        .render(&rows),
    );
    html.push_str("</section>\n");
    html
}

/// The stretch before the first segment has no name of its own. Escaped.
pub fn segment_name(name: &str, before_first: bool) -> String {
    if before_first {
        "<em>before the first segment</em>".into()
    } else if name.is_empty() {
        "<em>(unnamed segment)</em>".into()
    } else {
        escape_html(name)
    }
}

pub fn plan(plan: &[PlanItem]) -> String {
    let line = |item: &PlanItem| {
        let about = if item.members.is_empty() || item.source != PlanSource::Facilitator {
            String::new()
        } else {
            format!(" (about {})", names(&item.members))
        };
        format!("{}{about}", escape_html(&item.text))
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
    let mut html = String::from("<section id=\"plan\">\n<h2>Plan for next session</h2>\n");
    if logged.is_empty() {
        html.push_str("<p>The facilitator logged no plan.</p>\n");
    } else {
        html.push_str("<p>Logged by the facilitator:</p>\n");
        html.push_str(&bullets(&logged));
    }
    if suggested.is_empty() {
        html.push_str("<p>The record suggests nothing further to carry over.</p>\n");
    } else {
        html.push_str("<p>Suggested from the record:</p>\n");
        html.push_str(&bullets(&suggested));
    }
    html.push_str("</section>\n");
    html
}

/// The sign-off, on a page of its own when printed, with a line to write
/// on wherever a name, a date or a signature is still to be filled in by hand.
pub fn sign_off(sign_off: &SignOff) -> String {
    let written = format!(
        "{} at {}",
        calendar_date(sign_off.written_at),
        hour_minute(sign_off.written_at)
    );
    let rows = [
        ("Facilitator (written by)", Some(&sign_off.facilitator)),
        (
            "Co-facilitator (reviewed)",
            sign_off.co_facilitator.as_ref(),
        ),
        ("Supervisor (co-signed)", None),
    ];
    let mut html = format!(
        "<section id=\"sign-off\" class=\"sign-off\">\n<h2>Sign-off</h2>\n\
         <p>Drafted by groupscribe from the session record on {written}. \
         Nothing in the record is erased: corrections after signing are added as dated addenda.</p>\n\
         <table class=\"sign-off\">\n<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">Name</th>\
         <th scope=\"col\">Date and time</th><th scope=\"col\">Signature</th></tr></thead>\n<tbody>\n"
    );
    for (role, name) in rows {
        let name = match name {
            Some(name) => format!("<td>{}</td>", escape_html(name)),
            None => "<td class=\"line\"></td>".into(),
        };
        let _ = writeln!(
            html,
            "<tr><th scope=\"row\">{role}</th>{name}<td class=\"line\"></td><td class=\"line\"></td></tr>"
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
    html
}
