//! What went wrong with a file, phrased for the person at the keyboard, and RON
//! in and out with the version check every file gets first.
//!
//! A leaf: the store, the theme, the keymap, the settings file and the imports
//! all report through [`FileError`]; it knows no module above `model`.

pub mod ron_text;
pub mod terminal;

pub use terminal::{printable, printable_line};

use std::io;
use std::path::{Path, PathBuf};

/// Everything that can go wrong reading or writing a file: which file, where in
/// it, what was expected, and what to do. (`store` calls it `StoreError`.)
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}:{line}:{col}: {message}\n  {hint}", path = .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
        hint: String,
    },

    #[error(
        "{path}: written by a newer groupscribe (file version {found}, this one reads up to \
         {supported}).\n  Update groupscribe to open it; the file was left untouched.",
        path = .path.display()
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// Only the session store raises this one: a live session file's lock is
    /// held by another groupscribe.
    #[error(
        "{path} is being logged by another groupscribe right now.\n  \
         Close it there first, or press f on the home screen to follow it read-only;\n  \
         two writers would interleave events.",
        path = .path.display()
    )]
    Locked { path: PathBuf },

    #[error("{path}: {what}\n  {hint}", path = .path.display())]
    Invalid {
        path: PathBuf,
        what: String,
        hint: String,
    },

    #[error("{path}: could not {action}: {source}\n  {hint}", path = .path.display(), hint = io_hint(.source))]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

impl FileError {
    pub fn io(path: impl AsRef<Path>, action: &'static str) -> impl FnOnce(io::Error) -> Self {
        let path = path.as_ref().to_path_buf();
        move |source| FileError::Io {
            path,
            action,
            source,
        }
    }

    pub fn parse(path: &Path, error: &ron::error::SpannedError, line_offset: usize) -> Self {
        FileError::Parse {
            path: path.to_path_buf(),
            line: error.span.start.line + line_offset,
            col: error.span.start.col,
            message: error.code.to_string(),
            hint: "Fix that place in a text editor (the format is RON); nothing was changed."
                .into(),
        }
    }

    /// The message without the file's path, for a one-line status where the
    /// cause and what to do matter more than where.
    pub fn cause(&self) -> String {
        match self {
            FileError::Io { action, source, .. } => {
                format!("could not {action}: {source}. {}", io_hint(source))
            }
            other => other.to_string(),
        }
    }

    /// The file was not there; the caller may offer to create it.
    pub fn is_not_found(&self) -> bool {
        matches!(self, FileError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }
}

fn io_hint(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::NotFound => {
            "It does not exist: check the path, or pass --dir / GROUPSCRIBE_DIR to choose the store."
        }
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            "The folder is read-only or belongs to someone else: choose a writable store with --dir."
        }
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge => {
            "The disk is full: free some space. Events already saved are safe."
        }
        _ => "Nothing already saved was lost.",
    }
}
