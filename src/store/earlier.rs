//! The records of a group's earlier sessions, for what carries over into the
//! next one (`metrics::carry`). Read-only: nothing is locked or written.

use super::record::load_record;
use super::{GROUP_FILE, StoreError, session_file};
use crate::model::{Group, Session};
use std::path::Path;

/// Every ended session of the group in `folder` numbered below `number`, as
/// its record stands (the facilitator's file with the co-facilitator's and
/// supervisor's beside it), oldest first; with the files that could not be
/// read, which the caller names to the user (they carry nothing over).
/// Each file is parsed once.
pub fn earlier_records(
    folder: &Path,
    group: &Group,
    number: u32,
) -> (Vec<Session>, Vec<StoreError>) {
    let mut sessions = Vec::new();
    let mut problems = Vec::new();
    let Ok(listing) = std::fs::read_dir(folder) else {
        return (sessions, problems);
    };
    for entry in listing.flatten() {
        let path = entry.path();
        let is_session = path.extension().is_some_and(|ext| ext == "ron")
            && path.file_name().is_some_and(|name| name != GROUP_FILE)
            && !session_file::is_companion(&path);
        if !is_session {
            continue;
        }
        match load_record(&path, Some(group)) {
            Ok(record) => {
                let session = record.loaded.session;
                if session.is_ended()
                    && session.header.number < number
                    && session.header.observer.is_none()
                {
                    sessions.push(session);
                }
            }
            Err(error) => problems.push(error),
        }
    }
    sessions.sort_by_key(|session| (session.header.number, session.header.started));
    (sessions, problems)
}
