//! Private, crash-safe file primitives: owner-only permissions, fsync'd appends,
//! atomic whole-file replacement.

use super::StoreError;
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

pub const PRIVATE_FILE: u32 = 0o600;
pub const PRIVATE_DIR: u32 = 0o700;

/// Creates `dir` and missing parents as owner-only folders; tightens an existing one.
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        let mode = fs::metadata(dir)
            .map_err(StoreError::io(dir, "read"))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(PRIVATE_DIR))
                .map_err(StoreError::io(dir, "make private (chmod 700)"))?;
        }
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR)
        .create(dir)
        .map_err(StoreError::io(dir, "create folder"))
}

/// Makes a newly created or renamed directory entry durable.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|handle| handle.sync_all())
        .map_err(StoreError::io(dir, "sync folder"))
}

/// Creates a new owner-only file; refuses to replace an existing one.
pub fn create_new_private(path: &Path) -> Result<File, StoreError> {
    OpenOptions::new()
        .read(true)
        .append(true)
        .create_new(true)
        .mode(PRIVATE_FILE)
        .open(path)
        .map_err(StoreError::io(path, "create"))
}

/// Replaces `path` with `contents` atomically: temp file, fsync, rename, fsync folder.
/// A crash leaves either the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), StoreError> {
    write_atomic_bytes(path, contents.as_bytes())
}

/// [`write_atomic`] for bytes that are not text (a printed PDF).
pub fn write_atomic_bytes(path: &Path, contents: &[u8]) -> Result<(), StoreError> {
    use atomic_write_file::unix::OpenOptionsExt as _;
    let mut options = atomic_write_file::AtomicWriteFile::options();
    options.preserve_mode(false);
    OpenOptionsExt::mode(&mut options, PRIVATE_FILE);
    let mut file = options
        .open(path)
        .map_err(StoreError::io(path, "open for writing"))?;
    file.write_all(contents)
        .map_err(StoreError::io(path, "write"))?;
    file.commit().map_err(StoreError::io(path, "save"))
}

/// Writes a file that must not exist yet, owner-only, synced with its folder.
pub fn write_new_private(path: &Path, contents: &str) -> Result<(), StoreError> {
    let mut file = create_new_private(path)?;
    file.write_all(contents.as_bytes())
        .map_err(StoreError::io(path, "write"))?;
    file.sync_all().map_err(StoreError::io(path, "sync"))?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Makes an existing file owner-only (chmod 600) if others may read it; a missing
/// file is left to whoever reads it next.
pub fn make_private(path: &Path) -> Result<(), StoreError> {
    let mode = match fs::metadata(path) {
        Ok(meta) => meta.permissions().mode(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(StoreError::io(path, "read")(error)),
    };
    if mode & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(PRIVATE_FILE))
            .map_err(StoreError::io(path, "make private (chmod 600)"))?;
    }
    Ok(())
}

/// Makes every file in `folder` owner-only: the records that were there
/// before groupscribe (a checkout leaves past sessions and notes 0644).
/// Links are left alone: they are not followed.
pub fn make_folder_files_private(folder: &Path) -> Result<(), StoreError> {
    let listing = fs::read_dir(folder).map_err(StoreError::io(folder, "list"))?;
    for entry in listing {
        let entry = entry.map_err(StoreError::io(folder, "list"))?;
        if entry.file_type().is_ok_and(|kind| kind.is_file()) {
            make_private(&entry.path())?;
        }
    }
    Ok(())
}

/// The points where a test can make [`create_new_atomically`] fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Half the bytes are in the temp file.
    HalfWritten,
    /// All bytes are in the temp file, not yet synced.
    Written,
    /// The temp file is on disk, not yet linked.
    Synced,
}

/// What to do on a file system that has no hard links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithoutLinks {
    /// Create the name exclusively and fill it, removing it again if that fails
    /// (a session start: better a new file than none).
    CreateInPlace,
    /// Fail, leaving nothing (an import: all at once or not at all).
    Refuse,
}

/// Creates `path` holding `bytes`, or not at all, never over an existing file: a
/// temp file beside it (owner-only), written, fsync'd, hard-linked to `path` (which
/// fails with `AlreadyExists` if anything is there), the temp name removed, the
/// folder fsync'd. Returns a handle on the new file, open for appending. Every
/// error before the link removes the temp again. `fault` is called at each
/// [`Step`]; an error from it fails the write there (tests inject faults so).
pub fn create_new_atomically(
    path: &Path,
    bytes: &[u8],
    without_links: WithoutLinks,
    fault: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<File, StoreError> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let (temp, mut file) = create_temp(path)?;
    let filled = fill(path, &mut file, bytes, fault);
    let linked = filled.and_then(|()| match fs::hard_link(&temp, path) {
        Ok(()) => Ok(true),
        Err(error)
            if error.kind() != std::io::ErrorKind::AlreadyExists
                && without_links == WithoutLinks::CreateInPlace =>
        {
            Ok(false)
        }
        Err(error) => Err(StoreError::io(path, "create")(error)),
    });
    // Linked or not, the temp name goes: the final name (if linked) holds the data.
    let removed = fs::remove_file(&temp);
    let linked = linked?;
    removed.map_err(StoreError::io(&temp, "remove the temporary file"))?;
    if !linked {
        drop(file);
        file = create_new_private(path)?;
        if let Err(error) = fill(path, &mut file, bytes, &mut |_| Ok(())) {
            let _ = fs::remove_file(path);
            return Err(error);
        }
    }
    sync_dir(&folder)?;
    Ok(file)
}

/// Writes and syncs a new file, calling `fault` at each step.
fn fill(
    path: &Path,
    file: &mut File,
    bytes: &[u8],
    fault: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let (first, second) = bytes.split_at(bytes.len() / 2);
    file.write_all(first)
        .and_then(|()| fault(Step::HalfWritten))
        .and_then(|()| file.write_all(second))
        .and_then(|()| fault(Step::Written))
        .map_err(StoreError::io(path, "write"))?;
    file.sync_all()
        .and_then(|()| fault(Step::Synced))
        .map_err(StoreError::io(path, "save to disk (fsync)"))
}

/// `.2026-11-23-s01.ron.<pid>[-n].tmp` beside `path`: hidden, and not a `.ron`
/// file, so no listing takes it for a session.
fn create_temp(path: &Path) -> Result<(std::path::PathBuf, File), StoreError> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let suffix = if attempt == 0 {
            String::new()
        } else {
            format!("-{attempt}")
        };
        let temp = path.with_file_name(format!(".{name}.{pid}{suffix}.tmp"));
        match create_new_private(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(StoreError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 =>
            {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}
