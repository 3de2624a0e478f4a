//! A member's entry: what it says under each label.

use super::presence::attendance;
use super::{Markup, quoted, response, risk_level};
use crate::note::display::{clock_time, percent, signed, talk_time};
use crate::note::facts::{EntryParticipation, MemberEntry};

pub const PREFACE: &str =
    "Each entry is written for one member's own record: other members are not named in it.";
pub const MEMBER_PREFACE: &str =
    "An entry for one member's own record: other members are not named in it.";

/// The signature lines under one member's entry printed on its own.
pub const MEMBER_SIGNERS: [&str; 2] = ["Facilitator (written by)", "Supervisor (co-signed)"];

/// A labelled part of an entry.
pub struct Field {
    pub label: &'static str,
    pub value: Value,
}

pub enum Value {
    Words(String),
    /// Items to list, or the words that say there are none.
    List {
        none: &'static str,
        items: Vec<String>,
    },
}

/// An entry's fields in order; a member who was not there has attendance only.
pub fn fields<M: Markup>(entry: &MemberEntry) -> Vec<Field> {
    let mut said = M::label(&attendance(&entry.attendance));
    for note in &entry.attendance_notes {
        said.push_str(&super::sections::attendance_note::<M>(note));
    }
    let mut fields = vec![Field {
        label: "Attendance",
        value: Value::Words(said),
    }];
    let Some(participation) = &entry.participation else {
        return fields;
    };
    let list = |label, none, items| Field {
        label,
        value: Value::List { none, items },
    };
    fields.extend([
        Field {
            label: "Participation",
            value: Value::Words(spoke::<M>(participation)),
        },
        list("Moments", "none logged", moments::<M>(entry)),
        list("Goals", "none rated this session", goals::<M>(entry)),
        list("Risk", "none logged", risks::<M>(entry)),
        list(
            "Plan",
            "nothing specific to this member",
            entry.plan.iter().map(|item| M::text(item)).collect(),
        ),
    ]);
    fields
}

/// `3 turns, 00:04:10 of talk (21.2% of member talk); longest turn 00:02:00`
pub fn spoke<M: Markup>(participation: &EntryParticipation) -> String {
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
        spoke.push_str(&format!(" ({} of member talk)", percent(share)));
    }
    if participation.turns > 0 {
        spoke.push_str(&format!(
            "; longest turn {}",
            talk_time(participation.longest_turn)
        ));
    }
    if let Some(quiet) = participation.quiet {
        spoke.push_str(&format!("; {}", M::label(quiet)));
    }
    spoke
}

pub fn moments<M: Markup>(entry: &MemberEntry) -> Vec<String> {
    entry
        .moments
        .iter()
        .map(|moment| {
            let with = moment
                .with
                .as_deref()
                .map_or_else(String::new, |others| format!(", with {}", M::label(others)));
            format!(
                "{} — {}{with}{}",
                clock_time(moment.at),
                M::text(&moment.what),
                quoted::<M>(moment.text.as_ref())
            )
        })
        .collect()
}

pub fn goals<M: Markup>(entry: &MemberEntry) -> Vec<String> {
    entry
        .goals
        .iter()
        .map(|goal| {
            let words = goal.goal.as_deref().map_or_else(
                || M::placeholder("(no longer listed for this member)"),
                M::quote_name,
            );
            format!(
                "Goal {} {words}: {}, {} ({}){}",
                goal.number,
                signed(goal.rating),
                M::label(goal.label),
                clock_time(goal.at),
                quoted::<M>(goal.text.as_ref())
            )
        })
        .collect()
}

pub fn risks<M: Markup>(entry: &MemberEntry) -> Vec<String> {
    entry
        .risks
        .iter()
        .map(|risk| {
            format!(
                "{} at {}{} — what the worker did: {}",
                risk_level::<M>(risk.level_label),
                clock_time(risk.at),
                quoted::<M>(risk.text.as_ref()),
                response::<M>(&risk.response)
            )
        })
        .collect()
}
