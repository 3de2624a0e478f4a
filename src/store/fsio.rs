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
