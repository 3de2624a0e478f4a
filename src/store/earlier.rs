//! The records of a group's earlier sessions, for what carries over into the
//! next one (`metrics::carry`).
//!
//! **Digests.** What carries over reads a session as it happened, and never
//! its turns (84 % of a record's lines). So each earlier session is kept, once
//! read, as a *digest* beside it: the session with amendments applied,
//! retractions and late entries resolved, and its turns left out, as JSON
//! (derived data, read at every session's start: JSON parses several times
//! faster than RON) in `<group folder>/.carry-digests/<stem>.digest`. Like the
//! report's summaries ([`super::derived`]) a digest is used only while the
//! session file and its companions have the length and modification time it
//! was made from, and is otherwise made again from the record; it is never
//! the record, owner-only, sealed in an encrypted store, and best effort (a
//! store that cannot be written gets its carry-over all the same).

use super::derived::{self, Stamp};
use super::record::load_record_from;
use super::{StoreError, parse_session, ron_text};
use crate::model::{Event, EventKind, Group, Session, SessionHeader, effective_events};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The folder of a group's carry-over digests, inside the group folder.
pub const DIGEST_DIR: &str = ".carry-digests";

/// Bumped whenever what a digest keeps changes: digests of another version
/// are made again.
const DIGEST_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct DigestFile {
    version: u32,
    sources: Vec<Stamp>,
    header: SessionHeader,
    events: Vec<Event>,
}

/// The session as it happened, without its turns: what carries over reads
/// of it (`metrics::carry` never reads a turn; tests/carry.rs checks that
/// the carry-over from digests is the carry-over from the records).
pub fn digest(session: &Session) -> Session {
    let events = effective_events(&session.events)
        .into_iter()
        .filter(|(_, kind)| !matches!(kind, EventKind::Floor(_)))
        .map(|(event, kind)| Event {
            kind: kind.clone(),
            ..event.clone()
        })
        .collect();
    Session {
        header: session.header.clone(),
        events,
    }
}

/// Whether a session of this header carries over into session `number`.
fn carries(header: &SessionHeader, number: u32) -> bool {
    header.number < number && header.observer.is_none()
}

/// Every ended session of the group in `folder` numbered below `number`, as
/// its record stands (the facilitator's file with the co-facilitator's and
/// supervisor's beside it) and as [`digest`] keeps it, oldest first; with the
/// files that could not be read, which the caller names to the user (they
/// carry nothing over). A record is parsed only when its digest is missing or
/// stale; later sessions, the session itself and observers' logs are passed
/// over on their header.
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
        if !super::listing::is_session_file(&path) {
            continue;
        }
        match earlier_session(&path, group, number) {
            Ok(Some(session)) => sessions.push(session),
            Ok(None) => {}
            Err(error) => problems.push(error),
        }
    }
    sessions.sort_by_key(|session| (session.header.number, session.header.started));
    (sessions, problems)
}

/// One session file's digest, if it carries over into session `number`.
fn earlier_session(path: &Path, group: &Group, number: u32) -> Result<Option<Session>, StoreError> {
    let kept = derived::path_beside(path, DIGEST_DIR, "digest");
    // Stamped before reading: a line appended meanwhile makes it stale.
    let sources = derived::sources(path, false);
    if let Some(digest) = derived::read(&kept)
        .and_then(|text| serde_json::from_str::<DigestFile>(&text).ok())
        .filter(|digest| digest.version == DIGEST_VERSION && digest.sources == sources)
    {
        return Ok(carried(digest, number));
    }
    let bytes = super::keyring::read_record(path)?;
    // A header that cannot be read is left to the whole parse, which says why.
    if header_of(path, &bytes).is_some_and(|header| !carries(&header, number)) {
        return Ok(None);
    }
    let loaded = parse_session(path, &bytes, Some(group))?;
    let record = load_record_from(path, loaded, &bytes)?;
    let session = digest(&record.loaded.session);
    let file = DigestFile {
        version: DIGEST_VERSION,
        sources,
        header: session.header,
        events: session.events,
    };
    // Best effort: the carry-over does not depend on keeping it.
    if let Ok(text) = serde_json::to_string(&file) {
        let _ = derived::keep(&kept, &text);
    }
    Ok(carried(file, number))
}

/// The digest's session, if it ended and carries over into session `number`.
fn carried(digest: DigestFile, number: u32) -> Option<Session> {
    let session = Session {
        header: digest.header,
        events: digest.events,
    };
    (carries(&session.header, number) && session.is_ended()).then_some(session)
}

/// A session file's header (its first line), without its events.
fn header_of(path: &Path, bytes: &[u8]) -> Option<SessionHeader> {
    let end = bytes.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&bytes[..end]).ok()?;
    ron_text::parse_versioned(path, line, 0).ok()
}
