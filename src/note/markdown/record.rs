//! The record's own sections: changes to the record, the co-facilitator's
//! review, and the addenda after sign-off (each only when there is one).

use super::{bullets, escape_md};
use crate::note::facts::record::RecordKeeping;
use crate::note::wording::record as words;

pub fn sections(record: &RecordKeeping) -> Vec<String> {
    let mut blocks = Vec::new();
    if !record.changes.is_empty() {
        let items: Vec<String> = (record.changes.iter())
            .map(|change| words::change(change, &escape_md))
            .collect();
        blocks.push(format!(
            "## Changes to the record\n\nThe note reads the record as amended; the original lines \
             are kept.\n\n{}",
            bullets(&items)
        ));
    }
    if !record.review.is_empty() {
        let items: Vec<String> = (record.review.iter())
            .map(|comment| words::review_comment(comment.at, &escape_md(&comment.text)))
            .collect();
        blocks.push(format!("## Co-facilitator's review\n\n{}", bullets(&items)));
    }
    if !record.addenda.is_empty() {
        let items: Vec<String> = (record.addenda.iter())
            .map(|change| format!("Addendum: {}", words::change(change, &escape_md)))
            .collect();
        blocks.push(format!(
            "## Addenda after sign-off\n\nWritten after the facilitator signed, each dated when \
             it was written.\n\n{}",
            bullets(&items)
        ));
    }
    blocks
}

/// The trail of every change, for `--history`: by event, in the order written.
pub fn history(record: &RecordKeeping) -> String {
    let mut changes: Vec<_> = record.changes.iter().chain(&record.addenda).collect();
    changes.sort_by_key(|change| (change.target, change.written));
    if changes.is_empty() {
        return "History: nothing was amended, retracted or entered late.\n".into();
    }
    let mut text = String::from("History of the record:\n");
    for change in changes {
        text.push_str(&format!(
            "  {}\n",
            words::change(change, &|s| s.to_string())
        ));
    }
    text
}
