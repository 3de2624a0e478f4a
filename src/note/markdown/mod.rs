//! Renders [`NoteFacts`] as a CommonMark progress note with GitHub pipe
//! tables. This Rust renderer is the built-in note and the reference for
//! templates: it is type-checked and its output is tested line by line. All
//! user text passes through [`escape_md`] here.

pub(super) mod carried;
mod entries;
mod figures;
mod process;
mod record;
mod sections;

use super::escape::escape_md;
use super::facts::{MemberEntry, NoteFacts};
use super::wording::{Item, Markup};

pub use entries::member_note;
pub use record::history;

/// Blocks are separated by one blank line; the note ends with a newline.
pub fn render(facts: &NoteFacts) -> String {
    let mut blocks = vec![sections::title(&facts.header), sections::header(facts)];
    if let Some(warning) = sections::unfinished(facts) {
        blocks.push(warning);
    }
    // Risk comes straight after the header so that nobody reads past it.
    if !facts.risks.is_empty() {
        blocks.push(sections::risk(&facts.risks));
    }
    blocks.extend(carried::since_last(facts));
    blocks.push(sections::content(facts));
    blocks.push(sections::attendance(&facts.attendance));
    blocks.push(figures::summary(&facts.participation));
    blocks.push(process::group_process(facts));
    blocks.push(sections::plan(&facts.plan));
    blocks.extend(carried::checklists(facts));
    blocks.push(entries::all(&facts.members));
    blocks.extend(record::sections(&facts.record));
    blocks.push(sections::sign_off(&facts.sign_off, &facts.record));
    blocks.push(appendix(facts));
    finish(blocks)
}

/// The participation detail a supervisor does not read to sign: the agenda
/// table, the figures per person, who spoke after whom, per segment and per
/// category. After the sign-off, as an appendix to the signed note.
pub fn appendix(facts: &NoteFacts) -> String {
    [
        "## Appendix: participation detail".to_string(),
        sections::agenda(&facts.agenda),
        figures::participation(&facts.participation),
    ]
    .join("\n\n")
}

/// The built-in note's blocks in Markdown, for the built-in style templates
/// to lay out in their own shape (`parts` in their context): the same
/// wording as the narrative note, escaped already.
pub fn parts(facts: &NoteFacts) -> serde_json::Value {
    use crate::note::wording::entries as words;
    use crate::note::wording::process::topics;
    use serde_json::json;
    let (logged, suggested) = crate::note::wording::sections::plan::<Md>(&facts.plan);
    let members: Vec<serde_json::Value> = facts
        .members
        .iter()
        .map(|entry| {
            let moments: Vec<serde_json::Value> = words::moments::<Md>(entry)
                .into_iter()
                .zip(&entry.moments)
                .map(|(line, moment)| json!({ "kind": moment.kind, "line": line }))
                .collect();
            let mut attendance = escape_md(&crate::note::wording::presence::attendance(
                &entry.attendance,
            ));
            for note in &entry.attendance_notes {
                attendance.push_str(&crate::note::wording::sections::attendance_note::<Md>(note));
            }
            json!({
                "filed_as": escape_md(&entry.filed_as),
                "attendance": attendance,
                "participation": entry.participation.as_ref().map(words::spoke::<Md>),
                "moments": moments,
                "goals": words::goals::<Md>(entry),
                "risks": words::risks::<Md>(entry),
                "observations": crate::note::wording::observed::observations::<Md>(&entry.observations),
                "plan": entry.plan.iter().map(|item| escape_md(item)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let topics: Vec<serde_json::Value> = topics::<Md>(facts)
        .iter()
        .map(|topic| {
            json!({
                "id": topic.id,
                "title": topic.title,
                "prose": topic.prose,
                "items": topic.items.iter().map(nested).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "title": sections::title(&facts.header),
        "header": sections::header(facts),
        "unfinished": sections::unfinished(facts),
        "risk": (!facts.risks.is_empty()).then(|| sections::risk(&facts.risks)),
        "content": sections::content(facts),
        "attendance": sections::attendance(&facts.attendance),
        "participation": figures::summary(&facts.participation),
        "process": topics,
        "plan_logged": logged,
        "plan_suggested": suggested,
        "sign_off": sections::sign_off(&facts.sign_off, &facts.record),
        "record": record::sections(&facts.record).join("\n\n"),
        "appendix": appendix(facts),
        "since_last": carried::since_last(facts),
        "checklists": carried::checklists(facts).join("\n\n"),
        "entries_preface": words::PREFACE,
        "members": members,
    })
}

/// One member's entry on its own, under a minimal header.
pub fn render_member(facts: &NoteFacts, entry: &MemberEntry) -> String {
    finish(member_note(facts, entry))
}

fn finish(blocks: Vec<String>) -> String {
    let mut note = blocks.join("\n\n");
    note.push('\n');
    note
}

/// `- item` lines.
fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("- {item}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `  - item` lines, nested under the bullet before them.
fn sub_bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("  - {item}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A pipe table; `right` marks columns of figures, which line up on the right.
/// Cells must already be escaped.
fn table(headers: &[(&str, bool)], rows: &[Vec<String>]) -> String {
    let mut lines = vec![
        format!(
            "| {} |",
            headers
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        format!(
            "| {} |",
            headers
                .iter()
                .map(|(_, right)| if *right { "---:" } else { "---" })
                .collect::<Vec<_>>()
                .join(" | ")
        ),
    ];
    lines.extend(rows.iter().map(|row| {
        let cells: Vec<&str> = row
            .iter()
            .map(|cell| if cell.is_empty() { " " } else { cell.as_str() })
            .collect();
        format!("| {} |", cells.join(" | "))
    }));
    lines.join("\n")
}

/// An item with its details nested under it.
fn nested(item: &Item) -> String {
    if item.details.is_empty() {
        item.line.clone()
    } else {
        format!("{}\n{}", item.line, sub_bullets(&item.details))
    }
}

/// CommonMark: user text is backslash-escaped; emphasis is kept to what
/// reads well in the source as well as rendered.
pub(crate) struct Md;

impl Markup for Md {
    const RISK_MARK: &'static str = "";

    fn text(text: &str) -> String {
        escape_md(text)
    }
    fn label(label: &str) -> String {
        label.to_string()
    }
    fn strong(markup: &str) -> String {
        format!("**{markup}**")
    }
    fn highlight(markup: &str) -> String {
        markup.to_string()
    }
    fn placeholder(words: &str) -> String {
        words.to_string()
    }
    fn quote_name(text: &str) -> String {
        format!("\"{}\"", escape_md(text))
    }
    fn quote_words(text: &str) -> String {
        Md::quote_name(text)
    }
    fn remark(markup: &str) -> String {
        markup.to_string()
    }
}

#[cfg(test)]
mod tests;
