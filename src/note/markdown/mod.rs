//! Renders [`NoteFacts`] as a CommonMark progress note with GitHub pipe
//! tables. This Rust renderer is the built-in note and the reference for
//! templates: it is type-checked and its output is tested line by line. All
//! user text passes through [`escape_md`] here.

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
    blocks.push(sections::attendance(&facts.attendance));
    blocks.push(sections::agenda(&facts.agenda));
    blocks.push(figures::participation(&facts.participation));
    blocks.push(process::group_process(facts));
    blocks.push(sections::plan(&facts.plan));
    blocks.push(entries::all(&facts.members));
    blocks.extend(record::sections(&facts.record));
    blocks.push(sections::sign_off(&facts.sign_off, &facts.record));
    finish(blocks)
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
struct Md;

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
