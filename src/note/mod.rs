//! Session to text: the first progress note (Markdown) and the raw timeline.
//!
//! Pure functions: no files, no terminal. The note is built in two steps, facts
//! gathered once ([`NoteFacts`]) and then rendered, so other views can read the
//! same facts without parsing text.

mod describe;
mod display;
mod escape;
mod facts;
mod markdown;
mod timeline;

#[cfg(test)]
mod fixture;

pub use describe::Description;
pub use escape::{escape_md, one_line};
pub use facts::{
    AttendanceFact, MomentFact, NoteFacts, RiskFact, SpeakerFact, SpeakerRole, TransitionCount,
};

use crate::model::{Group, NameStyle, Session, Timestamp};

/// The first progress note of a session, in CommonMark with one pipe table.
///
/// Figures run to the session's end, or to `written_at` if it has not ended
/// (the note then says so). Times are shown in the offset they were logged in.
pub fn progress_note(
    group: &Group,
    session: &Session,
    names: NameStyle,
    written_at: Timestamp,
) -> String {
    markdown::render(&NoteFacts::gather(group, session, names, written_at))
}

/// Every event of the record, one line each, retractions and amendments
/// included and marked, under a line naming the session.
pub fn timeline(group: &Group, session: &Session, names: NameStyle) -> String {
    timeline::render(group, session, names)
}
