//! Files: where things live, RON in and out, crash-safe writes, schema versions, locks.
//! Knows nothing about terminals.

pub mod convert;
pub mod derived;
mod disk;
pub mod earlier;
pub mod event_line;
mod fsio;
mod group_file;
pub mod keyring;
pub mod listing;
pub mod medium;
pub mod out_file;
pub mod queue;
pub mod record;
pub mod ron_patch;
pub mod sanity;
pub mod seal;
pub mod sealed_medium;
mod session_file;
#[doc(hidden)]
pub mod simulated;
mod whole_session;
pub mod write_path;

pub use crate::diag::FileError as StoreError;
pub use crate::diag::ron_text;
pub use disk::Disk;
pub use fsio::{
    ensure_private_dir, make_folder_files_private, make_private, write_atomic, write_atomic_bytes,
    write_new_private,
};
pub use group_file::{
    GroupDocument, Saved, load_group, plan_problems, save_new_group, validate_group,
};
pub use keyring::write_record_atomic;
pub use medium::{Identity, Media, Medium, lock_path};
pub use record::{LoadedRecord, load_record};
pub use session_file::{
    LoadedSession, MissingMember, Moved, SessionWriter, Syncer, TornTail, check_group_folder,
    is_locked, load_session, parse_session, torn_path,
};
pub use whole_session::write_session_atomically;
pub use write_path::{Phase, Report, STOPPED, WritePath};

use crate::model::{Group, SessionHeader, Timestamp};
use std::path::{Path, PathBuf};

pub const GROUP_FILE: &str = "group.ron";
pub const NOTE_SUFFIX: &str = ".note.md";

/// The folder that holds one sub-folder per group.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// What the home screen needs to know about one session file, read cheaply.
#[derive(Debug, Clone)]
pub struct SessionSummary {
    pub path: PathBuf,
    /// Its roster snapshot names the members (id, name, alias) and nothing
    /// more (see `listing::listed`): open the session for the rest.
    pub header: SessionHeader,
    pub ended: bool,
    pub events: usize,
    /// When the last saved event was logged (the start, before any event).
    pub last_event: Timestamp,
    /// Unended and locked right now by a live groupscribe that is logging it
    /// (an unlocked unended session was interrupted).
    pub locked: bool,
    /// What its record waits for (the queue's facts; empty unless ended).
    pub waiting: queue::Waiting,
}

/// One group folder: the group (or why it could not be read) and its sessions.
#[derive(Debug)]
pub struct GroupEntry {
    pub slug: String,
    pub folder: PathBuf,
    pub group: Result<Group, StoreError>,
    pub sessions: Vec<SessionSummary>,
    /// Session files that could not be read, with why.
    pub problems: Vec<StoreError>,
}

impl GroupEntry {
    pub fn unended(&self) -> impl Iterator<Item = &SessionSummary> {
        self.sessions.iter().filter(|session| !session.ended)
    }
}

impl Store {
    /// Opens an existing store folder; a missing one is an error that says how to make it.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let root = root.into();
        if !root.is_dir() {
            return Err(StoreError::Invalid {
                hint: "Create a group there with `groupscribe --dir <folder> group new`, or point \
                       --dir / GROUPSCRIBE_DIR at an existing store."
                    .into(),
                what: "the store folder does not exist".into(),
                path: root,
            });
        }
        Ok(Store { root })
    }

    /// Opens the store, creating the folder (owner-only) if needed.
    pub fn create(root: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let root = root.into();
        ensure_private_dir(&root)?;
        Ok(Store { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn group_folder(&self, slug: &str) -> PathBuf {
        self.root.join(slug)
    }

    /// Every group folder (one holding a `group.ron`), sorted by name. Each
    /// folder's sessions come from its listing index where it is fresh (see
    /// [`listing`]), which this refreshes.
    pub fn groups(&self) -> Result<Vec<GroupEntry>, StoreError> {
        self.groups_keeping_index(true)
    }

    /// [`Store::groups`] without writing anything, not even the listing
    /// index (a command that must not write until it is sure, as `import`).
    pub fn groups_read_only(&self) -> Result<Vec<GroupEntry>, StoreError> {
        self.groups_keeping_index(false)
    }

    fn groups_keeping_index(&self, save: bool) -> Result<Vec<GroupEntry>, StoreError> {
        let mut entries = Vec::new();
        let listing = std::fs::read_dir(&self.root).map_err(StoreError::io(&self.root, "list"))?;
        for dir_entry in listing.flatten() {
            let folder = dir_entry.path();
            if !folder.join(GROUP_FILE).is_file() {
                continue;
            }
            let slug = dir_entry.file_name().to_string_lossy().into_owned();
            let group = load_group(&folder.join(GROUP_FILE));
            let (sessions, problems) = match &group {
                Ok(group) => {
                    let scan = listing::scan_folder(&folder, Some(group), save);
                    (scan.sessions, scan.problems)
                }
                Err(_) => (Vec::new(), Vec::new()),
            };
            entries.push(GroupEntry {
                slug,
                folder,
                group,
                sessions,
                problems,
            });
        }
        entries.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(entries)
    }

    /// The path a new session of this group gets: `<date>-s<NN>.ron`, numbered after the last.
    pub fn new_session_path(&self, slug: &str, header: &SessionHeader) -> PathBuf {
        self.group_folder(slug).join(format!(
            "{}-s{:02}.ron",
            header.started.format("%Y-%m-%d"),
            header.number
        ))
    }

    /// Number the next session of a group gets; an error once a session has
    /// the largest number there is (never wrapping to 0).
    pub fn next_session_number(entry: &GroupEntry) -> Result<u32, StoreError> {
        let last = entry
            .sessions
            .iter()
            .max_by_key(|session| session.header.number);
        match last {
            None => Ok(1),
            Some(last) => last
                .header
                .number
                .checked_add(1)
                .ok_or_else(|| StoreError::Invalid {
                    path: last.path.clone(),
                    what: format!(
                        "this session is numbered {}, the largest number there is: no session \
                     can follow it",
                        last.header.number
                    ),
                    hint: "groupscribe numbers sessions one by one, so the number was written by \
                       hand: restore it from a backup. Nothing was written."
                        .into(),
                }),
        }
    }
}

/// `2026-11-23-s03.ron` -> `2026-11-23-s03.note.md`
pub fn note_path(session_path: &Path) -> PathBuf {
    session_path.with_extension("note.md")
}
