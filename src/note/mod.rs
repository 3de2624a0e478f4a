//! Session to text: the progress note and the raw timeline.
//!
//! Pure functions: no files, no terminal. A note is built in two steps: the
//! facts are gathered once ([`NoteFacts::gather`]), then rendered — by the
//! built-in Markdown renderer ([`markdown`]), by a user's template
//! ([`render_template`]), as one self-contained HTML file with charts
//! ([`html`]), or by any other view reading the same facts.

mod describe;
pub mod display;
mod escape;
pub mod facts;
mod html;
mod markdown;
mod template;
mod timeline;
mod wording;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod content_tests;
#[cfg(test)]
mod fixture;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod observed_tests;

pub use describe::{Description, NoteOptions};
pub use escape::{escape_md, one_line};
pub use facts::{MemberEntry, NoteFacts};
pub use html::{escape_attr, escape_html};
pub use template::{EXAMPLE_TEMPLATE, STYLE_TEMPLATES, TemplateError};

use crate::model::{Group, NameStyle, NoteStyle, Session, Timestamp};

/// The progress note of a session in CommonMark (with pipe tables), as
/// written when a session ends, in the group's `note_style`.
///
/// Figures run to the session's end, or to `written_at` if it has not ended
/// (the note then says so). Times are shown in the offset they were logged in.
pub fn progress_note(
    group: &Group,
    session: &Session,
    names: NameStyle,
    written_at: Timestamp,
) -> String {
    progress_note_carried(group, session, names, written_at, None)
}

/// As [`progress_note`], with what carried over from the group's earlier
/// sessions: the note gains "Since last session", and tells the checklists
/// offered (see `metrics::carry`).
pub fn progress_note_carried(
    group: &Group,
    session: &Session,
    names: NameStyle,
    written_at: Timestamp,
    carry: Option<&crate::metrics::carry::CarryOver>,
) -> String {
    let options = NoteOptions {
        names,
        redact: false,
    };
    let facts = NoteFacts::gather_carried(group, session, options, written_at, carry);
    // In the group's own shape; a built-in style's template is tested to
    // render, but a note is never lost to one: the narrative note stands in.
    styled_markdown(&facts, group.note_style.unwrap_or_default())
        .unwrap_or_else(|_| markdown(&facts))
}

/// The built-in Markdown note of gathered facts.
pub fn markdown(facts: &NoteFacts) -> String {
    markdown::render(facts)
}

/// The note in a style: the built-in narrative note, or a clinical format
/// (BIRP, DAP, GIRP, SOAP) written by its built-in template.
pub fn styled_markdown(facts: &NoteFacts, style: NoteStyle) -> Result<String, TemplateError> {
    match template::render_style(facts, style) {
        Some(note) => note,
        None => Ok(markdown(facts)),
    }
}

/// The note in a style as one self-contained HTML file. A clinical format's
/// Markdown is turned into HTML (any HTML typed into the record is shown as
/// text, never as markup) and laid out with the note's stylesheet.
pub fn styled_html(facts: &NoteFacts, style: NoteStyle) -> Result<String, TemplateError> {
    match template::render_style(facts, style) {
        Some(note) => Ok(html::from_markdown(&facts.header, &note?)),
        None => Ok(html(facts)),
    }
}

/// The note as one self-contained HTML file: inline stylesheet (screen and
/// A4 print), an SVG bar chart of talk time and an SVG timeline of turns and
/// moments; no scripts, fonts or links from elsewhere.
pub fn html(facts: &NoteFacts) -> String {
    html::render(facts)
}

/// One member's entry on its own as an HTML page, with no charts: every
/// chart of the session would name other members.
pub fn member_html(facts: &NoteFacts, entry: &MemberEntry) -> String {
    html::render_member(facts, entry)
}

/// One member's entry on its own, under a minimal header (group, session, date).
pub fn member_markdown(facts: &NoteFacts, entry: &MemberEntry) -> String {
    markdown::render_member(facts, entry)
}

/// The note written by a MiniJinja template; `file` names it in errors.
pub fn render_template(
    facts: &NoteFacts,
    file: &str,
    source: &str,
) -> Result<String, TemplateError> {
    template::render(facts, file, source)
}

/// One member's entry written by a template that sees `header` and `member`.
pub fn render_member_template(
    facts: &NoteFacts,
    entry: &MemberEntry,
    file: &str,
    source: &str,
) -> Result<String, TemplateError> {
    template::render_member(facts, entry, file, source)
}

/// Every event of the record, one line each, retractions and amendments
/// included and marked, under a line naming the session.
pub fn timeline(group: &Group, session: &Session, names: NameStyle) -> String {
    timeline::render(group, session, names)
}

/// The trail of every amended, retracted and late event (who, when, why,
/// what it reads now), as plain text for `events --history` and `note --history`.
pub fn history(group: &Group, session: &Session, names: NameStyle) -> String {
    let options = NoteOptions {
        names,
        redact: false,
    };
    let facts = NoteFacts::gather(group, session, options, session.last_event_at());
    markdown::history(&facts.record)
}
