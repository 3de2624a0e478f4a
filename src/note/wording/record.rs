//! Words for the record itself: changes after the fact, addenda, the
//! co-facilitator's review, and the note's status (draft, signed, returned).
//! `esc` escapes the person's words for the format being written.

use crate::note::display::{calendar_date, hour_minute};
use crate::note::facts::record::{RecordChange, RecordKeeping};

fn on(at: crate::model::Timestamp) -> String {
    format!("{} at {}", calendar_date(at), hour_minute(at))
}

/// `#12 amended by the co-facilitator on 2026-11-23 at 20:05: now reads Dana M. speaks. Reason: misheard.`
pub fn change(change: &RecordChange, esc: &dyn Fn(&str) -> String) -> String {
    let reads = match change.change {
        "retracted" => format!("it read {}", esc(&change.reads)),
        "moved" => format!("the turn {}", esc(&change.reads)),
        "late entry" => match change.happened {
            Some(happened) => format!("at {}: {}", hour_minute(happened), esc(&change.reads)),
            None => esc(&change.reads),
        },
        _ => format!("now reads {}", esc(&change.reads)),
    };
    format!(
        "#{} {} by the {} on {}: {reads}. Reason: {}.",
        change.target.0,
        change.change,
        change.by,
        on(change.written),
        esc(change.reason.trim_end_matches('.'))
    )
}

/// "Draft: not signed yet." / "Signed by Lee Park (facilitator) on …" / "Returned for revision …".
pub fn status(record: &RecordKeeping, esc: &dyn Fn(&str) -> String) -> String {
    if let Some(returned) = &record.returned {
        return format!(
            "Returned for revision: {} (by {}, supervisor, on {}).",
            esc(&returned.comment),
            esc(&returned.name),
            on(returned.at)
        );
    }
    if record.signatures.is_empty() {
        return "Draft: not signed yet.".into();
    }
    let signers: Vec<String> = record
        .signatures
        .iter()
        .map(|sign| format!("{} ({}) on {}", esc(&sign.name), sign.role, on(sign.at)))
        .collect();
    format!("Signed by {}.", signers.join("; "))
}

/// `2026-11-23 at 20:05`, for the signature table.
pub fn signed_on(at: crate::model::Timestamp) -> String {
    on(at)
}

/// A review comment with its time.
pub fn review_comment(at: crate::model::Timestamp, text: &str) -> String {
    format!("{} ({})", text, on(at))
}
