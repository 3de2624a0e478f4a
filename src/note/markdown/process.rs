//! Group process: norms, conflicts, mutual aid, interventions, notes.

use super::sections::response;
use super::{amended, bullets, escape_md, names, quoted, sub_bullets};
use crate::model::taxonomy::ConflictType;
use crate::note::display::capitalised;
use crate::note::display::clock_time;
use crate::note::facts::NoteFacts;

pub fn group_process(facts: &NoteFacts) -> String {
    [
        "## Group process".to_string(),
        norms(facts),
        conflicts(facts),
        mutual_aid(facts),
        interventions(facts),
        other_moments(facts),
    ]
    .join("\n\n")
}

const NONE_LOGGED: &str = "None logged.";

/// ` — Ana R., Ben T.` or nothing.
fn who(members: &[String]) -> String {
    if members.is_empty() {
        String::new()
    } else {
        format!(" — {}", names(members))
    }
}

fn norms(facts: &NoteFacts) -> String {
    if facts.norms.is_empty() {
        return format!("### Norms\n\n{NONE_LOGGED}");
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
                        || "(norm not named)".into(),
                        |norm| format!("\"{}\"", escape_md(norm)),
                    );
                    format!(
                        "{} — {name} ({}){}{}{}",
                        clock_time(norm.at),
                        norm.action_label,
                        who(&norm.members),
                        quoted(norm.text.as_ref()),
                        amended(norm.amended.as_ref())
                    )
                })
                .collect();
            format!("**{}**\n{}", group.label, sub_bullets(&items))
        })
        .collect();
    format!("### Norms\n\n{}", bullets(&groups))
}

fn conflicts(facts: &NoteFacts) -> String {
    if facts.conflicts.is_empty() {
        return format!("### Conflicts\n\n{NONE_LOGGED}");
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
                        step.status_label,
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
                details.push("Not resolved: carried into the plan.".into());
            }
            format!(
                "**{}**{} — {}\n{}",
                conflict_title(conflict.kind),
                who(&conflict.members),
                conflict.status_label,
                sub_bullets(&details)
            )
        })
        .collect();
    format!("### Conflicts\n\n{}", bullets(&items))
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
    if facts.mutual_aid.is_empty() {
        return format!("### Mutual aid\n\n{NONE_LOGGED}");
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
            format!("**{}**\n{}", capitalised(group.label), sub_bullets(&items))
        })
        .collect();
    format!("### Mutual aid\n\n{}", bullets(&groups))
}

fn interventions(facts: &NoteFacts) -> String {
    if facts.interventions.is_empty() {
        return format!("### Worker interventions\n\n{NONE_LOGGED}");
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
                intervention.label,
                quoted(intervention.text.as_ref()),
                amended(intervention.amended.as_ref())
            )
        })
        .collect();
    format!("### Worker interventions\n\n{}", bullets(&items))
}

fn other_moments(facts: &NoteFacts) -> String {
    if facts.other_moments.is_empty() {
        return format!("### Notes and bookmarks\n\n{NONE_LOGGED}");
    }
    let items: Vec<String> = facts
        .other_moments
        .iter()
        .map(|moment| {
            format!(
                "{} — {}{}{}{}",
                clock_time(moment.at),
                moment.kind,
                who(&moment.members),
                quoted(moment.text.as_ref()),
                amended(moment.amended.as_ref())
            )
        })
        .collect();
    format!("### Notes and bookmarks\n\n{}", bullets(&items))
}
