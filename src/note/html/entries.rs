//! Individual entries: one per member, each for that member's own record,
//! and each on a page of its own when printed, headed with the session it
//! comes from, so that a printed page can be filed on its own.

use super::document::response;
use super::{bullets, escape_html, group_name, quoted, session_words};
use crate::note::display::talk_time;
use crate::note::display::{attendance, calendar_date, capitalised, clock_time, percent, signed};
use crate::note::facts::{MemberEntry, NoteFacts};
use std::fmt::Write as _;

pub fn all(facts: &NoteFacts) -> String {
    let mut html = String::from("<section id=\"entries\">\n<h2>Individual entries</h2>\n");
    if facts.members.is_empty() {
        html.push_str("<p>No members are on the roster.</p>\n</section>\n");
        return html;
    }
    html.push_str(
        "<p>Each entry is written for one member's own record: other members are not named in it. \
         Printed, each entry is a page of its own.</p>\n",
    );
    let from = session_line(facts);
    for (index, entry) in facts.members.iter().enumerate() {
        // Numbered ids: a roster id is often a name, and must not leak into markup.
        let id = format!("entry-{}", index + 1);
        let _ = write!(
            html,
            "<section class=\"entry\" id=\"{id}\" aria-labelledby=\"{id}-name\">\n\
             <p class=\"entry-of\">{from} · individual entry</p>\n\
             <h3 id=\"{id}-name\">{}</h3>\n{}</section>\n",
            escape_html(&entry.name),
            items(entry)
        );
    }
    html.push_str("</section>\n");
    html
}

/// A page holding one member's entry and what session it is from.
pub fn member_page(facts: &NoteFacts, entry: &MemberEntry) -> String {
    let mut html = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">An entry for one member's own record: \
         other members are not named in it.</p>\n</header>\n",
        session_line(facts)
    );
    if !facts.header.ended {
        let _ = writeln!(
            html,
            "<div class=\"warning\" role=\"note\"><p><strong>This session has not ended.</strong> \
             The figures run up to {}.</p></div>",
            clock_time(facts.header.figures_until)
        );
    }
    let _ = write!(
        html,
        "<section class=\"member-entry\" id=\"entry\" aria-labelledby=\"entry-name\">\n\
         <h2 id=\"entry-name\">{}</h2>\n{}</section>\n",
        escape_html(&entry.name),
        items(entry)
    );
    html
}

/// `Thursday Parents — session 4 of 8 — 2026-11-23`, escaped.
fn session_line(facts: &NoteFacts) -> String {
    let header = &facts.header;
    format!(
        "{} — {} — {}",
        escape_html(&group_name(header)),
        session_words(header),
        calendar_date(header.started)
    )
}

fn items(entry: &MemberEntry) -> String {
    let mut pairs = vec![("Attendance", escape_html(&attendance(&entry.attendance)))];
    if let Some(participation) = &entry.participation {
        let mut spoke = format!(
            "{} {}, {} of talk",
            participation.turns,
            if participation.turns == 1 {
                "turn"
            } else {
                "turns"
            },
            talk_time(participation.talk)
        );
        if let Some(share) = participation.share_of_member_talk {
            let _ = write!(spoke, " ({} of member talk)", percent(share));
        }
        if participation.turns > 0 {
            let _ = write!(
                spoke,
                "; longest turn {}",
                talk_time(participation.longest_turn)
            );
        }
        if let Some(quiet) = participation.quiet {
            let _ = write!(spoke, "; {}", escape_html(quiet));
        }
        pairs.push(("Participation", spoke));
        pairs.push((
            "Moments",
            details(
                "none logged",
                entry
                    .moments
                    .iter()
                    .map(|moment| {
                        let with = moment.with.as_deref().map_or_else(String::new, |others| {
                            format!(", with {}", escape_html(others))
                        });
                        format!(
                            "{} — {}{with}{}",
                            clock_time(moment.at),
                            escape_html(&moment.what),
                            quoted(moment.text.as_ref())
                        )
                    })
                    .collect(),
            ),
        ));
        pairs.push((
            "Goals",
            details(
                "none rated this session",
                entry
                    .goals
                    .iter()
                    .map(|goal| {
                        let words = goal.goal.as_deref().map_or_else(
                            || "<em>(no longer listed for this member)</em>".into(),
                            |goal| format!("“{}”", escape_html(goal)),
                        );
                        format!(
                            "Goal {} {words}: {}, {} ({})",
                            goal.number,
                            signed(goal.rating),
                            escape_html(goal.label),
                            clock_time(goal.at)
                        )
                    })
                    .collect(),
            ),
        ));
        pairs.push((
            "Risk",
            details(
                "none logged",
                entry
                    .risks
                    .iter()
                    .map(|risk| {
                        format!(
                            "<strong>▲ {}</strong> at {}{} — what the worker did: {}",
                            escape_html(&capitalised(risk.level_label)),
                            clock_time(risk.at),
                            quoted(risk.text.as_ref()),
                            response(&risk.response)
                        )
                    })
                    .collect(),
            ),
        ));
        pairs.push((
            "Plan",
            details(
                "nothing specific to this member",
                entry.plan.iter().map(|item| escape_html(item)).collect(),
            ),
        ));
    }
    let mut html = String::from("<dl class=\"entry-items\">\n");
    for (label, value) in pairs {
        let _ = writeln!(html, "<dt>{label}</dt>\n<dd>{value}</dd>");
    }
    html.push_str("</dl>\n");
    html
}

/// The items as a list, or a few words saying there are none.
fn details(none: &str, items: Vec<String>) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        bullets(&items)
    }
}
