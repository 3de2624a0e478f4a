//! Individual entries: one per member, for that member's own record.

use super::sections::{response, session_words};
use super::{bullets, escape_md, quoted, sub_bullets};
use crate::note::display::capitalised;
use crate::note::display::{attendance, calendar_date, clock_time, percent, signed, talk_time};
use crate::note::facts::{MemberEntry, NoteFacts};

const PREFACE: &str =
    "Each entry is written for one member's own record: other members are not named in it.";

pub fn all(entries: &[MemberEntry]) -> String {
    if entries.is_empty() {
        return "## Individual entries\n\nNo members are on the roster.".into();
    }
    let mut blocks = vec!["## Individual entries".to_string(), PREFACE.to_string()];
    blocks.extend(entries.iter().map(|entry| entry_block(entry, "###")));
    blocks.join("\n\n")
}

/// The blocks of a note holding only one member's entry: what session it
/// is from, and the entry.
pub fn member_note(facts: &NoteFacts, entry: &MemberEntry) -> Vec<String> {
    let header = &facts.header;
    let group = escape_md(&header.group_name);
    let mut blocks = vec![
        format!(
            "# {} — {} — {}",
            if group.is_empty() {
                "Group".into()
            } else {
                group
            },
            session_words(header),
            calendar_date(header.started)
        ),
        "An entry for one member's own record: other members are not named in it.".into(),
    ];
    if !header.ended {
        blocks.push(format!(
            "**This session has not ended.** The figures run up to {}.",
            clock_time(header.figures_until)
        ));
    }
    blocks.push(entry_block(entry, "##"));
    blocks
}

fn entry_block(entry: &MemberEntry, heading: &str) -> String {
    let title = format!("{heading} {}", escape_md(&entry.name));
    let mut items = vec![format!("Attendance: {}", attendance(&entry.attendance))];
    let Some(participation) = &entry.participation else {
        return format!("{title}\n\n{}", bullets(&items));
    };
    let mut spoke = format!(
        "Participation: {} {}, {} of talk",
        participation.turns,
        if participation.turns == 1 {
            "turn"
        } else {
            "turns"
        },
        talk_time(participation.talk)
    );
    if let Some(share) = participation.share_of_member_talk {
        spoke.push_str(&format!(" ({} of member talk)", percent(share)));
    }
    if participation.turns > 0 {
        spoke.push_str(&format!(
            "; longest turn {}",
            talk_time(participation.longest_turn)
        ));
    }
    if let Some(quiet) = participation.quiet {
        spoke.push_str(&format!("; {quiet}"));
    }
    items.push(spoke);
    items.push(with_details(
        "Moments",
        "none logged",
        entry
            .moments
            .iter()
            .map(|moment| {
                let with = moment
                    .with
                    .as_deref()
                    .map_or_else(String::new, |others| format!(", with {others}"));
                format!(
                    "{} — {}{with}{}",
                    clock_time(moment.at),
                    escape_md(&moment.what),
                    quoted(moment.text.as_ref())
                )
            })
            .collect(),
    ));
    items.push(with_details(
        "Goals",
        "none rated this session",
        entry
            .goals
            .iter()
            .map(|goal| {
                let words = goal.goal.as_deref().map_or_else(
                    || "(no longer listed for this member)".into(),
                    |goal| format!("\"{}\"", escape_md(goal)),
                );
                format!(
                    "Goal {} {words}: {}, {} ({})",
                    goal.number,
                    signed(goal.rating),
                    goal.label,
                    clock_time(goal.at)
                )
            })
            .collect(),
    ));
    items.push(with_details(
        "Risk",
        "none logged",
        entry
            .risks
            .iter()
            .map(|risk| {
                format!(
                    "**{}** at {}{} — what the worker did: {}",
                    capitalised(risk.level_label),
                    clock_time(risk.at),
                    quoted(risk.text.as_ref()),
                    response(&risk.response)
                )
            })
            .collect(),
    ));
    items.push(with_details(
        "Plan",
        "nothing specific to this member",
        entry.plan.iter().map(|item| escape_md(item)).collect(),
    ));
    format!("{title}\n\n{}", bullets(&items))
}

/// `Label: none` or `Label:` with nested items.
fn with_details(label: &str, none: &str, details: Vec<String>) -> String {
    if details.is_empty() {
        format!("{label}: {none}")
    } else {
        let nested: Vec<String> = sub_bullets(&details)
            .lines()
            .map(|line| line.to_string())
            .collect();
        format!("{label}:\n{}", nested.join("\n"))
    }
}
