//! Individual entries: one per member, for that member's own record.

use super::sections::group_name;
use super::{Md, bullets, escape_md, sub_bullets};
use crate::note::display::calendar_date;
use crate::note::facts::{MemberEntry, NoteFacts};
use crate::note::wording::entries::{MEMBER_PREFACE, MEMBER_SIGNERS, PREFACE, Value, fields};
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

/// Signature lines for an entry printed on its own, to be filed signed.
pub fn member_sign_off(facts: &NoteFacts) -> String {
    let rows: Vec<Vec<String>> = MEMBER_SIGNERS
        .iter()
        .map(|role| {
            let name = if role.starts_with("Facilitator") {
                escape_md(&facts.sign_off.facilitator)
            } else {
                String::new()
            };
            vec![(*role).to_string(), name, String::new(), String::new()]
        })
        .collect();
    format!(
        "## Sign-off of this entry\n\n{}",
        super::table(
            &[
                ("Role", false),
                ("Name", false),
                ("Date and time", false),
                ("Signature", false)
            ],
            &rows
        )
    )
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
    blocks.push(member_sign_off(facts));
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
        escape_md(&entry.filed_as),
        bullets(&items)
    )
}
