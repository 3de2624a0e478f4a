//! What a session is written to. The real one is a locked `File`; tests put a
//! simulated disk behind the same trait, one that keeps written-but-unsynced bytes
//! apart and can lose them in a "power cut" (tests/powercut.rs).

use super::{StoreError, fsio};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Which file a handle or a path names, and how long it is: what `stat` tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub dev: u64,
    pub ino: u64,
    /// Names the file has; 0 once it was deleted.
    pub links: u64,
    pub len: u64,
    /// Permission bits.
    pub mode: u32,
}

impl Identity {
    pub fn of(meta: &std::fs::Metadata) -> Identity {
        Identity {
            dev: meta.dev(),
            ino: meta.ino(),
            links: meta.nlink(),
            len: meta.len(),
            mode: meta.mode() & 0o7777,
        }
    }
}

/// An fsync that can run on another thread.
pub type SyncHandle = Box<dyn FnMut() -> io::Result<()> + Send>;

/// One open session file, appended to and synced.
pub trait Medium: Send + std::fmt::Debug {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    fn truncate(&mut self, len: u64) -> io::Result<()>;
    /// fdatasync: returns once everything appended is on the disk.
    fn sync(&mut self) -> io::Result<()>;
    /// What the open handle names (fstat).
    fn opened(&self) -> io::Result<Identity>;
    /// What the path names now (stat); `None` when nothing is there.
    fn at_path(&self) -> io::Result<Option<Identity>>;
    /// Owner-only (chmod 600 on the open handle).
    fn make_private(&mut self) -> io::Result<()>;
    /// A second handle on the same file whose sync can run on another thread.
    fn sync_handle(&self) -> io::Result<SyncHandle>;
}

/// Where session files are created and opened.
pub trait Media: Send + Sync + std::fmt::Debug {
    /// Creates `path` holding `contents`, atomically and never over an existing file,
    /// durable (with its folder entry) before it returns, and locked for writing.
    fn create(&self, path: &Path, contents: &str) -> Result<Box<dyn Medium>, StoreError>;
    /// Opens an existing file for appending, locked for writing, with its bytes.
    fn open(&self, path: &Path) -> Result<(Box<dyn Medium>, Vec<u8>), StoreError>;
}

/// The real disk, without sealing (`store::Disk` seals in a sealed store).
#[derive(Debug, Default, Clone, Copy)]
pub struct PlainDisk;

#[derive(Debug)]
struct DiskFile {
    path: PathBuf,
    file: File,
    /// Held for as long as the file is written: a lock on a stable name beside the
    /// session, so a second writer is refused even once the session file was replaced.
    sidecar: File,
}

/// The locks go with the writer: the fsync thread's copy of the file shares the
/// lock and may close a moment later, and the home screen must not see a session
/// just left or closed as still being logged.
impl Drop for DiskFile {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        let _ = self.sidecar.unlock();
    }
}

impl Media for PlainDisk {
    fn create(&self, path: &Path, contents: &str) -> Result<Box<dyn Medium>, StoreError> {
        let folder = folder_of(path);
        fsio::ensure_private_dir(&folder)?;
        let sidecar = lock_sidecar(path)?;
        let file = fsio::create_new_atomically(
            path,
            contents.as_bytes(),
            fsio::WithoutLinks::CreateInPlace,
            &mut |_| Ok(()),
        )?;
        lock(path, &file)?;
        Ok(Box::new(DiskFile {
            path: path.to_path_buf(),
            file,
            sidecar,
        }))
    }

    fn open(&self, path: &Path) -> Result<(Box<dyn Medium>, Vec<u8>), StoreError> {
        fsio::ensure_private_dir(&folder_of(path))?;
        let named = not_a_link(path)?;
        let sidecar = lock_sidecar(path)?;
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(StoreError::io(path, "open"))?;
        // The name was swapped for a link between the look and the open: the
        // handle is not the file that was looked at.
        let opened = file.metadata().map_err(StoreError::io(path, "read"))?;
        if (opened.dev(), opened.ino()) != (named.dev(), named.ino()) {
            return Err(symlink_refused(path));
        }
        lock(path, &file)?;
        tighten(path, &file)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(StoreError::io(path, "read"))?;
        Ok((
            Box::new(DiskFile {
                path: path.to_path_buf(),
                file,
                sidecar,
            }),
            bytes,
        ))
    }
}

impl Medium for DiskFile {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.file.set_len(len)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()
    }

    fn opened(&self) -> io::Result<Identity> {
        self.file.metadata().map(|meta| Identity::of(&meta))
    }

    fn at_path(&self) -> io::Result<Option<Identity>> {
        // lstat: a link put in the file's place is not the file.
        match std::fs::symlink_metadata(&self.path) {
            Ok(meta) => Ok(Some(Identity::of(&meta))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn make_private(&mut self) -> io::Result<()> {
        self.file
            .set_permissions(std::fs::Permissions::from_mode(fsio::PRIVATE_FILE))
    }

    fn sync_handle(&self) -> io::Result<SyncHandle> {
        let file = self.file.try_clone()?;
        Ok(Box::new(move || file.sync_data()))
    }
}

/// A session file is only ever appended to through its own name: a symbolic
/// link is not followed for writing (it could make one group's events land in
/// another group's record), and neither is anything but a plain file.
fn not_a_link(path: &Path) -> Result<std::fs::Metadata, StoreError> {
    let meta = std::fs::symlink_metadata(path).map_err(StoreError::io(path, "open"))?;
    if meta.file_type().is_symlink() {
        return Err(symlink_refused(path));
    }
    if !meta.is_file() {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            what: "this is not a plain file (a folder, a device or a pipe), so it is not \
                   written to"
                .into(),
            hint: "Open the session file itself.".into(),
        });
    }
    Ok(meta)
}

fn symlink_refused(path: &Path) -> StoreError {
    let target = std::fs::read_link(path)
        .map(|target| format!(" (it points to {})", target.display()))
        .unwrap_or_default();
    StoreError::Invalid {
        path: path.to_path_buf(),
        what: format!(
            "this session file is a symbolic link{target}; groupscribe never appends through \
             a link"
        ),
        hint: "A link could make one group's events land in another group's record. Replace \
               the link with the file itself (or open the file it points to, in its own \
               group's folder); nothing was written."
            .into(),
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `<session>.lock` beside the session (e.g. `2026-11-23-s03.ron.lock`).
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

fn lock_sidecar(path: &Path) -> Result<File, StoreError> {
    let sidecar = lock_path(path);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(fsio::PRIVATE_FILE)
        .open(&sidecar)
        .map_err(StoreError::io(&sidecar, "create the lock file"))?;
    tighten(&sidecar, &file)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: path.to_path_buf(),
        }),
        Err(TryLockError::Error(error)) => Err(StoreError::io(&sidecar, "lock")(error)),
    }
}

fn lock(path: &Path, file: &File) -> Result<(), StoreError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: path.to_path_buf(),
        }),
        Err(TryLockError::Error(error)) => Err(StoreError::io(path, "lock")(error)),
    }
}

/// Makes an open file owner-only if it is not (a copy or a checkout is 0644).
fn tighten(path: &Path, file: &File) -> Result<(), StoreError> {
    let mode = file
        .metadata()
        .map_err(StoreError::io(path, "read"))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(fsio::PRIVATE_FILE))
            .map_err(StoreError::io(path, "make private (chmod 600)"))?;
    }
    Ok(())
}
