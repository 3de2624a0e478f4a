//! The records of a group's earlier sessions, for what carries over into the
//! next one (`metrics::carry`). Read-only: nothing is locked or written.

use super::record::load_record_from;
use super::{GROUP_FILE, StoreError, parse_session, ron_text, session_file};
use crate::model::{Group, Session, SessionHeader};
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
        let bytes = match super::keyring::read_record(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                problems.push(error);
                continue;
            }
        };
        // Later sessions, this one, and observers' logs carry nothing: their
        // header says so, and their events are not read. A header that
        // cannot be read is left to the whole parse, which says why.
        if header_of(&path, &bytes)
            .is_some_and(|header| header.number >= number || header.observer.is_some())
        {
            continue;
        }
        match parse_session(&path, &bytes, Some(group))
            .and_then(|loaded| load_record_from(&path, loaded, &bytes))
        {
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

/// A session file's header (its first line), without its events.
fn header_of(path: &Path, bytes: &[u8]) -> Option<SessionHeader> {
    let end = bytes.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&bytes[..end]).ok()?;
    ron_text::parse_versioned(path, line, 0).ok()
}
