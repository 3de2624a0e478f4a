//! Header, risk, attendance, agenda, plan and sign-off.

use super::{Html, Markup, Table, bullets, escape_html, group_name};
use crate::model::{MomentFamily, NoteSection};
use crate::note::display::calendar_date;
use crate::note::display::duration as format_clock;
use crate::note::facts::{AgendaFacts, AttendanceFacts, NoteFacts, PlanItem, RiskFact, SignOff};
use crate::note::wording::sections::{
    self as words, agenda_rows, attendance_summary, breaks, purpose, record, sign_off_preface,
    stages, time_span,
};
use crate::note::wording::{end_time, session_words};
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
        "<p class=\"subtitle\">Progress note · {} group · {}, {}</p>",
        escape_html(header.group_type_label),
        calendar_date(header.started),
        time_span(header)
    );
    html.push_str(&contents(facts));
    let mut pairs: Vec<(&str, String, bool)> = vec![
        ("Group type", escape_html(header.group_type_label), false),
        ("Date", calendar_date(header.started), false),
        ("Time", time_span(header), false),
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
                "{}: figures up to {}",
                Html::strong("not ended"),
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
        pairs.push(("Stage observed", stages::<Html>(header), true));
    }
    pairs.push(("Record", record(header), true));
    pairs.push(("Roster", words::roster(header).into(), true));
    if header.redacted {
        pairs.push(("Names", "redacted to initials or aliases".into(), true));
    }
    if let Some(source) = &header.source {
        pairs.push(("Source", words::source::<Html>(source), true));
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
        ("content", "Session content"),
        ("attendance", "Attendance"),
        ("participation", "Participation"),
        ("process", "Group process"),
        ("plan", "Plan"),
        ("entries", "Individual entries"),
        ("sign-off", "Sign-off"),
        ("appendix", "Appendix"),
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

/// A session without events or without an end must not read as complete.
pub fn unfinished(facts: &NoteFacts) -> Option<String> {
    let lines = words::unfinished::<Html>(&facts.header);
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
            // One detail, listed compactly under the risk.
            let item = words::risk::<Html>(risk);
            format!("{}\n<ul><li>{}</li></ul>", item.line, item.details.concat())
        })
        .collect();
    format!(
        "<section id=\"risk\" class=\"risk\" aria-labelledby=\"risk-heading\">\n\
         <h2 id=\"risk-heading\">{} {}</h2>\n{}</section>\n",
        MomentFamily::Risk.symbol(),
        NoteSection::Risks.heading(),
        bullets(&items)
    )
}

pub fn attendance(facts: &AttendanceFacts) -> String {
    let mut html = String::from("<section id=\"attendance\">\n<h2>Attendance</h2>\n");
    if facts.lines.is_empty() {
        html.push_str("<p>No members are on the roster.</p>\n</section>\n");
        return html;
    }
    let _ = writeln!(html, "<p>{}</p>", attendance_summary(facts));
    let items = words::attendance::<Html>(facts);
    html.push_str(&bullets(&items));
    html.push_str("</section>\n");
    html
}

/// What the group worked on: purpose, the agenda's topics, themes.
pub fn content(facts: &NoteFacts) -> String {
    format!(
        "<section id=\"content\">\n<h2>Session content</h2>\n<p>{}</p>\n{}</section>\n",
        purpose::<Html>(&facts.agenda),
        bullets(&words::content::<Html>(&facts.agenda, &facts.themes))
    )
}

/// The agenda's table, in the appendix.
pub fn agenda(agenda: &AgendaFacts) -> String {
    let mut html = String::from("<section id=\"agenda\">\n<h3>Agenda</h3>\n");
    if agenda.segments.is_empty() {
        html.push_str("<p>No agenda segments were logged.</p>\n</section>\n");
        return html;
    }
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
        .render(&agenda_rows::<Html>(agenda)),
    );
    html.push_str("</section>\n");
    html
}

pub fn plan(plan: &[PlanItem]) -> String {
    let (logged, suggested) = words::plan::<Html>(plan);
    let mut html = format!(
        "<section id=\"plan\">\n<h2>{}</h2>\n",
        NoteSection::Plan.heading()
    );
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
pub fn sign_off(sign_off: &SignOff, record: &crate::note::facts::record::RecordKeeping) -> String {
    let rows = [
        (
            "Facilitator (written by)",
            "facilitator",
            Some(&sign_off.facilitator),
        ),
        (
            "Co-facilitator (reviewed)",
            "co-facilitator",
            sign_off.co_facilitator.as_ref(),
        ),
        ("Supervisor (co-signed)", "supervisor", None),
    ];
    let mut html = format!(
        "<section id=\"sign-off\" class=\"sign-off\">\n<h2>Sign-off</h2>\n<p>{}</p>\n<p>{}</p>\n\
         <table class=\"sign-off\">\n<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">Name</th>\
         <th scope=\"col\">Date and time</th><th scope=\"col\">Signature</th></tr></thead>\n<tbody>\n",
        crate::note::wording::record::status(record, &|text| escape_html(text)),
        sign_off_preface(sign_off)
    );
    for (role, by, name) in rows {
        if let Some(sign) = record.signatures.iter().rev().find(|sign| sign.role == by) {
            let comment = sign
                .comment
                .as_deref()
                .map_or_else(String::new, |comment| format!(": {}", escape_html(comment)));
            let _ = writeln!(
                html,
                "<tr><th scope=\"row\">{role}</th><td>{}</td><td>{}</td><td>signed (SHA-256){comment}</td></tr>",
                escape_html(&sign.name),
                crate::note::wording::record::signed_on(sign.at)
            );
            continue;
        }
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
