//! Individual entries: one per member, each for that member's own record,
//! and each on a page of its own when printed, headed with the session it
//! comes from, so that a printed page can be filed on its own.

use super::{Html, bullets, escape_html, group_name};
use crate::note::display::calendar_date;
use crate::note::facts::{MemberEntry, NoteFacts};
use crate::note::wording::entries::{MEMBER_PREFACE, MEMBER_SIGNERS, PREFACE, Value, fields};
use crate::note::wording::sections::not_ended;
use crate::note::wording::session_words;
use std::fmt::Write as _;

pub fn all(facts: &NoteFacts) -> String {
    let mut html = String::from("<section id=\"entries\">\n<h2>Individual entries</h2>\n");
    if facts.members.is_empty() {
        html.push_str("<p>No members are on the roster.</p>\n</section>\n");
        return html;
    }
    let _ = writeln!(
        html,
        "<p>{PREFACE} Printed, each entry is a page of its own.</p>"
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
            escape_html(&entry.filed_as),
            items(entry)
        );
    }
    html.push_str("</section>\n");
    html
}

/// A page holding one member's entry and what session it is from.
pub fn member_page(facts: &NoteFacts, entry: &MemberEntry) -> String {
    let mut html = format!(
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{MEMBER_PREFACE}</p>\n</header>\n",
        session_line(facts)
    );
    if !facts.header.ended {
        let _ = writeln!(
            html,
            "<div class=\"warning\" role=\"note\"><p>{}</p></div>",
            not_ended::<Html>(&facts.header, "")
        );
    }
    let _ = write!(
        html,
        "<section class=\"member-entry\" id=\"entry\" aria-labelledby=\"entry-name\">\n\
         <h2 id=\"entry-name\">{}</h2>\n{}</section>\n",
        escape_html(&entry.filed_as),
        items(entry)
    );
    html.push_str(&member_sign_off(facts));
    html
}

/// Signature lines for an entry printed on its own, to be filed signed.
fn member_sign_off(facts: &NoteFacts) -> String {
    let mut html = String::from(
        "<section class=\"sign-off\">\n<h2>Sign-off of this entry</h2>\n\
         <table class=\"sign-off\">\n<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">Name</th>\
         <th scope=\"col\">Date and time</th><th scope=\"col\">Signature</th></tr></thead>\n<tbody>\n",
    );
    for role in MEMBER_SIGNERS {
        let name = if role.starts_with("Facilitator") {
            format!("<td>{}</td>", escape_html(&facts.sign_off.facilitator))
        } else {
            "<td class=\"line\"></td>".to_string()
        };
        let _ = writeln!(
            html,
            "<tr><th scope=\"row\">{role}</th>{name}<td class=\"line\"></td><td class=\"line\"></td></tr>"
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
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
    let mut html = String::from("<dl class=\"entry-items\">\n");
    for field in fields::<Html>(entry) {
        let value = match field.value {
            Value::Words(words) => words,
            Value::List { none, items } if items.is_empty() => none.to_string(),
            Value::List { items, .. } => bullets(&items),
        };
        let _ = writeln!(html, "<dt>{}</dt>\n<dd>{value}</dd>", field.label);
    }
    html.push_str("</dl>\n");
    html
}
