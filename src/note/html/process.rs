//! Group process: norms, conflicts, mutual aid, interventions, notes. Each
//! heading carries the symbol its moments have in the timeline chart.

use super::document::response;
use super::{amended, bullets, escape_html, names, quoted};
use crate::model::taxonomy::ConflictType;
use crate::note::display::{capitalised, clock_time};
use crate::note::facts::{MarkKind, NoteFacts};

pub fn section(facts: &NoteFacts) -> String {
    [
        "<section id=\"process\">\n<h2>Group process</h2>\n".to_string(),
        norms(facts),
        conflicts(facts),
        mutual_aid(facts),
        interventions(facts),
        other_moments(facts),
        "</section>\n".to_string(),
    ]
    .concat()
}

const NONE_LOGGED: &str = "<p>None logged.</p>\n";

fn heading(id: &str, mark: Option<MarkKind>, title: &str) -> String {
    match mark {
        // The symbol is decoration for sighted readers of the chart; a
        // screen reader hears the heading's words only.
        Some(mark) => format!(
            "<h3 id=\"{id}\"><span aria-hidden=\"true\">{}</span> {title}</h3>\n",
            mark.symbol()
        ),
        None => format!("<h3 id=\"{id}\">{title}</h3>\n"),
    }
}

/// ` — Ana R., Ben T.` or nothing.
fn who(members: &[String]) -> String {
    if members.is_empty() {
        String::new()
    } else {
        format!(" — {}", names(members))
    }
}

fn norms(facts: &NoteFacts) -> String {
    let mut html = heading("norms", Some(MarkKind::Norm), "Norms");
    if facts.norms.is_empty() {
        html.push_str(NONE_LOGGED);
        return html;
    }
    let groups: Vec<String> = facts
        .norms
        .iter()
        .map(|group| {
            let items: Vec<String> = group
                .items
                .iter()
                .map(|norm| {
                    let name = norm.norm.as_deref().map_or_else(
                        || "<em>(norm not named)</em>".into(),
                        |norm| format!("“{}”", escape_html(norm)),
                    );
                    format!(
                        "{} — {name} ({}){}{}{}",
                        clock_time(norm.at),
                        escape_html(norm.action_label),
                        who(&norm.members),
                        quoted(norm.text.as_ref()),
                        amended(norm.amended.as_ref())
                    )
                })
                .collect();
            format!(
                "<strong>{}</strong>\n{}",
                escape_html(group.label),
                bullets(&items)
            )
        })
        .collect();
    html.push_str(&bullets(&groups));
    html
}

fn conflicts(facts: &NoteFacts) -> String {
    let mut html = heading("conflicts", Some(MarkKind::Conflict), "Conflicts");
    if facts.conflicts.is_empty() {
        html.push_str(NONE_LOGGED);
        return html;
    }
    let items: Vec<String> = facts
        .conflicts
        .iter()
        .map(|conflict| {
            let history: Vec<String> = conflict
                .history
                .iter()
                .map(|step| {
                    format!(
                        "{} {}{}{}",
                        escape_html(step.status_label),
                        clock_time(step.at),
                        quoted(step.text.as_ref()),
                        amended(step.amended.as_ref())
                    )
                })
                .collect();
            let mut details = vec![
                format!("Course: {}", history.join("; ")),
                format!("Worker response: {}", response(&conflict.response)),
            ];
            if conflict.carried_into_plan {
                details.push("<strong>Not resolved:</strong> carried into the plan.".into());
            }
            format!(
                "<strong>{}</strong>{} — {}\n{}",
                conflict_title(conflict.kind),
                who(&conflict.members),
                escape_html(conflict.status_label),
                bullets(&details)
            )
        })
        .collect();
    html.push_str(&bullets(&items));
    html
}

fn conflict_title(kind: ConflictType) -> &'static str {
    match kind {
        ConflictType::Task => "Task conflict",
        ConflictType::Relationship => "Relationship conflict",
        ConflictType::Process => "Process conflict",
        ConflictType::Authority => "Authority conflict (with the worker)",
        ConflictType::Scapegoating => "Scapegoating",
    }
}

fn mutual_aid(facts: &NoteFacts) -> String {
    let mut html = heading("mutual-aid", Some(MarkKind::MutualAid), "Mutual aid");
    if facts.mutual_aid.is_empty() {
        html.push_str(NONE_LOGGED);
        return html;
    }
    let groups: Vec<String> = facts
        .mutual_aid
        .iter()
        .map(|group| {
            let items: Vec<String> = group
                .items
                .iter()
                .map(|aid| {
                    format!(
                        "{}{}{}{}",
                        clock_time(aid.at),
                        who(&aid.members),
                        quoted(aid.text.as_ref()),
                        amended(aid.amended.as_ref())
                    )
                })
                .collect();
            format!(
                "<strong>{}</strong>\n{}",
                escape_html(&capitalised(group.label)),
                bullets(&items)
            )
        })
        .collect();
    html.push_str(&bullets(&groups));
    html
}

fn interventions(facts: &NoteFacts) -> String {
    let mut html = heading(
        "interventions",
        Some(MarkKind::Intervention),
        "Worker interventions",
    );
    if facts.interventions.is_empty() {
        html.push_str(NONE_LOGGED);
        return html;
    }
    let items: Vec<String> = facts
        .interventions
        .iter()
        .map(|intervention| {
            let with = if intervention.members.is_empty() {
                " — with the group".into()
            } else {
                format!(" — with {}", names(&intervention.members))
            };
            format!(
                "{} — {}{with}{}{}",
                clock_time(intervention.at),
                escape_html(intervention.label),
                quoted(intervention.text.as_ref()),
                amended(intervention.amended.as_ref())
            )
        })
        .collect();
    html.push_str(&bullets(&items));
    html
}

fn other_moments(facts: &NoteFacts) -> String {
    let mut html = heading("notes", None, "Notes and bookmarks");
    if facts.other_moments.is_empty() {
        html.push_str(NONE_LOGGED);
        return html;
    }
    let items: Vec<String> = facts
        .other_moments
        .iter()
        .map(|moment| {
            format!(
                "{} — {}{}{}{}",
                clock_time(moment.at),
                escape_html(moment.kind),
                who(&moment.members),
                quoted(moment.text.as_ref()),
                amended(moment.amended.as_ref())
            )
        })
        .collect();
    html.push_str(&bullets(&items));
    html
}
