//! Derived files kept beside a group's sessions to save reading them in full
//! (the report's summaries, the carry-over digests): each is made from the
//! record and stamped with the length and modification time of every file it
//! was made from, used only while those stamps still match, and otherwise
//! made again. Never the record itself, never synced (lost or torn, one reads
//! as missing), owner-only, and sealed like the records in an encrypted store.

use super::{GROUP_FILE, StoreError};
use crate::model::Author;
use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

/// One source file as it was when a derived file was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub file: String,
    /// `None`: the file did not exist.
    pub len: Option<u64>,
    /// Seconds and nanoseconds since the epoch.
    pub modified: Option<(i64, u32)>,
}

pub fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok();
    let modified = meta
        .as_ref()
        .and_then(|meta| meta.modified().ok())
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|since| {
            (
                i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
                since.subsec_nanos(),
            )
        });
    Stamp {
        file: path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        len: meta.map(|meta| meta.len()),
        modified,
    }
}

/// The files a session's record is made of, as they are now: the session
/// file, its companions (`.cofac.ron`, `.supervisor.ron`) and, `with_group`
/// (a session without a roster snapshot), the group.ron it is read with.
pub fn sources(session: &Path, with_group: bool) -> Vec<Stamp> {
    let mut files = vec![
        session.to_path_buf(),
        super::record::record_file(session, Author::CoFacilitator),
        super::record::record_file(session, Author::Supervisor),
    ];
    if with_group {
        files.push(session.with_file_name(GROUP_FILE));
    }
    files.iter().map(|path| stamp(path)).collect()
}

/// `<folder>/<dir>/<session file stem>.<extension>` for `<folder>/<stem>.ron`.
pub fn path_beside(session: &Path, dir: &str, extension: &str) -> PathBuf {
    let folder = session.parent().unwrap_or(Path::new("."));
    let stem = session
        .file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    folder.join(dir).join(format!("{stem}.{extension}"))
}

/// The text of a derived file (opened, in an encrypted store), if there is one.
pub fn read(path: &Path) -> Option<String> {
    super::keyring::read_record_text(path).ok()
}

/// Keeps a derived file: its folder made owner-only, the text sealed in an
/// encrypted store, written to a new owner-only temp file beside it and
/// renamed over it.
pub fn keep(path: &Path, text: &str) -> Result<(), StoreError> {
    let folder = path.parent().unwrap_or(Path::new("."));
    super::ensure_private_dir(folder)?;
    let text = super::keyring::seal_for(path, text)?;
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let temp = path.with_file_name(name);
    // A temp file left by a crashed process of the same id goes first; a new
    // one is created, never opened through a link someone left there.
    let _ = std::fs::remove_file(&temp);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .map_err(StoreError::io(&temp, "create"))?;
    let written = file.write_all(text.as_bytes());
    drop(file);
    if let Err(error) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(StoreError::io(path, "write")(error));
    }
    Ok(())
}
