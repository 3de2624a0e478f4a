//! The note's "Since last session", "Contract" and "Ending" sections in
//! Markdown, from `facts::since_last` and `facts::checklists`. Every piece of
//! user text passes through [`escape_md`].

use super::bullets;
use crate::note::display::clock_time;
use crate::note::escape::escape_md;
use crate::note::facts::{ChecklistFact, NoteFacts, SinceLastFacts};

fn names(members: &[String]) -> String {
    members
        .iter()
        .map(|name| escape_md(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `## Since last session`, when the note was written with the carry-over
/// and an earlier session had ended.
pub fn since_last(facts: &NoteFacts) -> Option<String> {
    let since = facts.since_last.as_ref()?;
    Some(format!(
        "## Since last session\n\nCarried over from session {} ({}).\n\n{}",
        since.session,
        since.date,
        bullets(&since_last_items(since))
    ))
}

fn since_last_items(since: &SinceLastFacts) -> Vec<String> {
    let mut items = Vec::new();
    for plan in &since.plan {
        let whom = if plan.members.is_empty() {
            String::new()
        } else {
            format!(" ({})", names(&plan.members))
        };
        items.push(format!(
            "Plan from last time: {}{whom}.",
            escape_md(&plan.text)
        ));
    }
    for conflict in &since.conflicts {
        let between = if conflict.members.is_empty() {
            "in the whole group".to_string()
        } else {
            format!("between {}", names(&conflict.members))
        };
        let words = conflict
            .text
            .as_ref()
            .map_or_else(String::new, |text| format!(" — “{}”", escape_md(text)));
        items.push(format!(
            "Conflict not resolved ({} conflict {between}): {}{words}.",
            conflict.kind, conflict.history
        ));
    }
    for risk in &since.follow_ups {
        let mut line = format!(
            "Risk to follow up: {}, {} (session {})",
            escape_md(&risk.member),
            risk.level,
            risk.session
        );
        if !risk.actions.is_empty() {
            line.push_str(&format!("; {}", risk.actions.join(", ")));
        }
        match (&risk.owner, &risk.due) {
            (None, None) => line.push_str(&format!("; {}", risk.state)),
            (owner, due) => {
                if let Some(owner) = owner {
                    line.push_str(&format!("; follow-up by {}", escape_md(owner)));
                }
                if let Some(due) = due {
                    line.push_str(&format!(", {} {due}", risk.state));
                }
            }
        }
        line.push('.');
        items.push(line);
    }
    if since.absent.is_empty() {
        items.push("Absent last time: nobody.".into());
    } else {
        let absent: Vec<String> = since
            .absent
            .iter()
            .map(|absent| match &absent.reason {
                Some(reason) => format!(
                    "{} ({}: {})",
                    escape_md(&absent.member),
                    absent.how,
                    escape_md(reason)
                ),
                None => format!("{} ({})", escape_md(&absent.member), absent.how),
            })
            .collect();
        items.push(format!("Absent last time: {}.", absent.join("; ")));
    }
    if since.conflicts.is_empty() && since.follow_ups.is_empty() {
        items.push("No conflict was left open and no risk is to be followed up.".into());
    }
    if !since.norms.is_empty() {
        let norms: Vec<String> = since
            .norms
            .iter()
            .map(|norm| {
                if norm.history.is_empty() {
                    escape_md(&norm.norm)
                } else {
                    format!("{} ({})", escape_md(&norm.norm), norm.history.join(", "))
                }
            })
            .collect();
        items.push(format!("Norms in force: {}.", norms.join("; ")));
    }
    items
}

/// `## Contract` and `## Ending`, for the checklists told in this note.
pub fn checklists(facts: &NoteFacts) -> Vec<String> {
    let mut blocks = Vec::new();
    if let Some(contract) = &facts.checklists.contract {
        blocks.push(checklist(contract, None));
    }
    if let Some(ending) = &facts.checklists.ending {
        let declared = facts.checklists.ending_declared.map(|at| {
            format!(
                "The facilitator declared the ending phase at {}.",
                clock_time(at)
            )
        });
        blocks.push(checklist(ending, declared));
    }
    blocks
}

fn checklist(fact: &ChecklistFact, preface: Option<String>) -> String {
    let whom = if fact.members.is_empty() {
        "the whole group".to_string()
    } else {
        names(&fact.members)
    };
    let mut lines = vec![format!("## {}", fact.title)];
    if let Some(preface) = preface {
        lines.push(preface);
    }
    lines.push(format!(
        "Gone over with {whom}: {} of {} items.",
        fact.done, fact.of
    ));
    let mut items = Vec::new();
    for item in fact.items.iter().filter(|item| item.at.is_some()) {
        let at = item.at.map(clock_time).unwrap_or_default();
        let about = if item.members.is_empty() {
            String::new()
        } else {
            format!(", with {}", names(&item.members))
        };
        items.push(format!("Covered: {} ({at}{about}).", item.label));
    }
    let missing: Vec<&str> = (fact.items.iter())
        .filter(|item| item.at.is_none())
        .map(|item| item.label)
        .collect();
    if !missing.is_empty() {
        items.push(format!("Not covered this session: {}.", missing.join("; ")));
    }
    lines.push(bullets(&items));
    lines.join("\n\n")
}
