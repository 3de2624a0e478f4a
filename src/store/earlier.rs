//! The records of a group's earlier sessions, for what carries over into the
//! next one (`metrics::carry`). Read-only: nothing is locked or written.

use super::record::load_record;
use super::{StoreError, session_file};
use crate::model::{Group, Session};
use std::path::Path;

/// Every ended session of the group in `folder` numbered below `number`, as
/// its record stands (the facilitator's file with the co-facilitator's and
/// supervisor's beside it), oldest first; with the files that could not be
/// read, which the caller names to the user (they carry nothing over).
pub fn earlier_records(
    folder: &Path,
    group: &Group,
    number: u32,
) -> (Vec<Session>, Vec<StoreError>) {
    let (summaries, mut problems) = session_file::summaries(folder, group);
    let mut sessions = Vec::new();
    for summary in summaries {
        if !summary.ended || summary.header.number >= number || summary.header.observer.is_some() {
            continue;
        }
        match load_record(&summary.path, Some(group)) {
            Ok(record) => sessions.push(record.loaded.session),
            Err(error) => problems.push(error),
        }
    }
    (sessions, problems)
}
