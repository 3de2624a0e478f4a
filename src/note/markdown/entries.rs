//! Individual entries: one per member, for that member's own record.

use super::sections::group_name;
use super::{Md, bullets, escape_md, sub_bullets};
use crate::note::display::calendar_date;
use crate::note::facts::{MemberEntry, NoteFacts};
use crate::note::wording::entries::{MEMBER_PREFACE, PREFACE, Value, fields};
use crate::note::wording::sections::not_ended;
use crate::note::wording::session_words;

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
    let mut blocks = vec![
        format!(
            "# {} — {} — {}",
            group_name(header),
            session_words(header),
            calendar_date(header.started)
        ),
        MEMBER_PREFACE.into(),
    ];
    if !header.ended {
        blocks.push(not_ended::<Md>(header, ""));
    }
    blocks.push(entry_block(entry, "##"));
    blocks
}

fn entry_block(entry: &MemberEntry, heading: &str) -> String {
    let items: Vec<String> = fields::<Md>(entry)
        .into_iter()
        .map(|field| match field.value {
            Value::Words(words) => format!("{}: {words}", field.label),
            Value::List { none, items } if items.is_empty() => format!("{}: {none}", field.label),
            Value::List { items, .. } => format!("{}:\n{}", field.label, sub_bullets(&items)),
        })
        .collect();
    format!(
        "{heading} {}\n\n{}",
        escape_md(&entry.name),
        bullets(&items)
    )
}
