//! What carries over into a session from the ended sessions before it in its
//! folder (`metrics::carry`), for the notes the command line writes.

use crate::metrics::carry::CarryOver;
use crate::model::{Group, Session};
use crate::store::{self, GROUP_FILE};
use std::path::Path;

/// The carry-over into `session` (at `session_path`, read with `group` as it
/// recorded it). A record that cannot be read carries nothing.
pub fn beside(session_path: &Path, group: &Group, session: &Session) -> CarryOver {
    // Read with the whole group file: members who left since are in it.
    let whole = store::load_group(&session_path.with_file_name(GROUP_FILE))
        .unwrap_or_else(|_| group.clone());
    let earlier = match session_path.parent() {
        Some(folder) => store::earlier::earlier_records(folder, &whole, session.header.number).0,
        None => Vec::new(),
    };
    CarryOver::into_session(&earlier, group, session)
}
