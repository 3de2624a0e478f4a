//! What the note says about the record itself: every change made after the
//! fact (amended, retracted, late) with who, when and why; the
//! co-facilitator's review; the signatures, and whether the note is a draft,
//! signed, or returned for revision. After the facilitator has signed, every
//! change is an addendum, listed on its own.

use super::context::Context;
use crate::model::{Author, Event, EventId, EventKind, RecordEntry, Timestamp};
use crate::note::describe::Description;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordKeeping {
    /// Changes before the facilitator signed (all of them, if unsigned).
    pub changes: Vec<RecordChange>,
    /// Changes written after the facilitator signed.
    pub addenda: Vec<RecordChange>,
    /// The co-facilitator's review comments (debrief), in order.
    pub review: Vec<ReviewComment>,
    pub signatures: Vec<Signature>,
    /// The supervisor's latest return for revision, unless a supervisor signed since.
    pub returned: Option<Returned>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordChange {
    pub target: EventId,
    /// amended, retracted, late entry
    pub change: &'static str,
    /// What the event now reads (for a retraction: what it read).
    pub reads: String,
    /// facilitator, co-facilitator, supervisor
    pub by: &'static str,
    pub written: Timestamp,
    /// For a late entry: when it happened.
    pub happened: Option<Timestamp>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewComment {
    pub at: Timestamp,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    pub role: &'static str,
    pub name: String,
    pub at: Timestamp,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Returned {
    pub name: String,
    pub at: Timestamp,
    pub comment: String,
}

/// When an event was written: a late entry carries it; others are dated then.
pub fn written_at(event: &Event) -> Timestamp {
    match &event.kind {
        EventKind::Record(RecordEntry::Late { written, .. }) => *written,
        _ => event.at,
    }
}

pub fn gather(ctx: &Context<'_>) -> RecordKeeping {
    let events = &ctx.session.events;
    let signed_at = events
        .iter()
        .filter(|event| event.by == Author::Facilitator)
        .find(|event| matches!(event.kind, EventKind::Record(RecordEntry::SignOff(_))))
        .map(|event| event.at);
    let original = |target: EventId| events.iter().find(|event| event.id == target);
    let mut record = RecordKeeping {
        changes: Vec::new(),
        addenda: Vec::new(),
        review: Vec::new(),
        signatures: Vec::new(),
        returned: None,
    };
    for event in events {
        let change = |change, target, reads, reason: &str, happened| RecordChange {
            target,
            change,
            reads,
            by: event.by.label(),
            written: written_at(event),
            happened,
            reason: ctx.words(reason),
        };
        let found = match &event.kind {
            EventKind::Amendment {
                target,
                replacement,
                reason,
            } => Some(change(
                "amended",
                *target,
                describe_plain(ctx, replacement),
                reason,
                None,
            )),
            EventKind::Record(RecordEntry::Retracted { target, reason }) => Some(change(
                "retracted",
                *target,
                original(*target)
                    .and_then(|event| event.kind.as_happened())
                    .map_or_else(String::new, |kind| describe_plain(ctx, kind)),
                reason,
                None,
            )),
            EventKind::Record(RecordEntry::Retimed {
                target,
                from,
                to,
                reason,
            }) => Some(change(
                "moved",
                *target,
                format!(
                    "began at {} (logged at {})",
                    to.format("%H:%M:%S"),
                    from.format("%H:%M:%S")
                ),
                reason,
                None,
            )),
            EventKind::Record(RecordEntry::Late { what, reason, .. }) => Some(change(
                "late entry",
                event.id,
                describe_plain(ctx, what),
                reason,
                Some(event.at),
            )),
            EventKind::Record(RecordEntry::Comment { text }) => {
                record.review.push(ReviewComment {
                    at: event.at,
                    text: ctx.words(text),
                });
                None
            }
            EventKind::Record(RecordEntry::SignOff(sign)) => {
                if event.by == Author::Supervisor {
                    record.returned = None;
                }
                record.signatures.push(Signature {
                    role: event.by.label(),
                    name: sign.name.clone(),
                    at: event.at,
                    comment: sign.comment.clone(),
                });
                None
            }
            EventKind::Record(RecordEntry::Returned { name, comment }) => {
                record.returned = Some(Returned {
                    name: name.clone(),
                    at: event.at,
                    comment: comment.clone(),
                });
                None
            }
            _ => None,
        };
        if let Some(found) = found {
            match signed_at {
                Some(signed) if found.written > signed => record.addenda.push(found),
                _ => record.changes.push(found),
            }
        }
    }
    record
}

/// `Dana M. speaks`, `mutual aid · mutual support — Ana R. — "words"`: one line.
fn describe_plain(ctx: &Context<'_>, kind: &EventKind) -> String {
    let description = Description::of(kind, &ctx.names);
    let mut text = ctx.words(&description.label);
    if !description.members.is_empty() {
        text.push_str(&format!(" — {}", description.members.join(", ")));
    }
    if let Some(words) = &description.text {
        text.push_str(&format!(" — \"{}\"", ctx.words(words)));
    }
    text
}

/// `misheard — by the co-facilitator on 2026-11-23 at 20:05`: an amended
/// item's mark says why, who and when.
pub fn amended_by(reason: &str, by: crate::model::Author, at: crate::model::Timestamp) -> String {
    let reason = reason.trim();
    let who = format!(
        "by the {} on {} at {}",
        by.label(),
        crate::note::display::calendar_date(at),
        crate::note::display::hour_minute(at)
    );
    if reason.is_empty() {
        who
    } else {
        format!("{reason} — {who}")
    }
}
