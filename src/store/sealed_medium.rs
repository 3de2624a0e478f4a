//! A session file in a sealed store: the same `Medium` and `Media` as a plain
//! one, each appended line sealed on its own before it is written (so an
//! append stays one write and one fdatasync), lengths reported as the
//! plaintext's so that the writer's checks and rollbacks read the same.

use super::StoreError;
use super::medium::{Identity, Media, Medium, SyncHandle};
use super::seal::{FileKey, StoreKey};
use std::io;
use std::path::Path;
use std::sync::Arc;

/// A plaintext length and the sealed length it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    plain: u64,
    sealed: u64,
    /// The number of the next line to seal.
    next_line: usize,
}

#[derive(Debug)]
pub struct SealedMedium {
    inner: Box<dyn Medium>,
    file: FileKey,
    /// Every length the file had since it was opened, oldest first: a
    /// rollback truncates to one of them.
    marks: Vec<Mark>,
}

impl SealedMedium {
    fn last(&self) -> Mark {
        self.marks.last().copied().unwrap_or(Mark {
            plain: 0,
            sealed: 0,
            next_line: 1,
        })
    }

    /// The sealed length on disk as the plaintext length the writer expects;
    /// a length groupscribe did not write maps to one no plaintext has.
    fn plain_len(&self, sealed: u64) -> u64 {
        self.marks
            .iter()
            .rev()
            .find(|mark| mark.sealed == sealed)
            .map_or(u64::MAX - sealed, |mark| mark.plain)
    }

    fn translate(&self, identity: Identity) -> Identity {
        Identity {
            len: self.plain_len(identity.len),
            ..identity
        }
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, what.to_string())
}

impl Medium for SealedMedium {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let text = std::str::from_utf8(bytes).map_err(|_| invalid("a line that is not text"))?;
        if !text.ends_with('\n') {
            return Err(invalid("a sealed store appends whole lines only"));
        }
        let mut mark = self.last();
        let mut sealed = String::with_capacity(bytes.len() * 2);
        for line in text.split_terminator('\n') {
            let line_sealed = self
                .file
                .seal_line(mark.next_line, line)
                .map_err(|error| io::Error::other(error.to_string()))?;
            sealed.push_str(&line_sealed);
            sealed.push('\n');
            mark.next_line += 1;
        }
        self.inner.append(sealed.as_bytes())?;
        mark.plain += bytes.len() as u64;
        mark.sealed += sealed.len() as u64;
        self.marks.push(mark);
        Ok(())
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        let Some(at) = self.marks.iter().rposition(|mark| mark.plain == len) else {
            return Err(invalid("a length this sealed file never had"));
        };
        self.inner.truncate(self.marks[at].sealed)?;
        self.marks.truncate(at + 1);
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        self.inner.sync()
    }

    fn opened(&self) -> io::Result<Identity> {
        self.inner.opened().map(|identity| self.translate(identity))
    }

    fn at_path(&self) -> io::Result<Option<Identity>> {
        self.inner
            .at_path()
            .map(|found| found.map(|identity| self.translate(identity)))
    }

    fn make_private(&mut self) -> io::Result<()> {
        self.inner.make_private()
    }

    fn sync_handle(&self) -> io::Result<SyncHandle> {
        self.inner.sync_handle()
    }
}

fn sealing_error(path: &Path, error: super::seal::SealError) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        what: error.to_string(),
        hint: "The file does not decrypt with this store's key; it was left untouched.".into(),
    }
}

/// Creates `path` on `inner` holding `contents` sealed.
pub fn create_sealed(
    inner: &dyn Media,
    key: &StoreKey,
    path: &Path,
    contents: &str,
) -> Result<Box<dyn Medium>, StoreError> {
    let sealed = key
        .seal_text(contents)
        .map_err(|error| sealing_error(path, error))?;
    let medium = inner.create(path, &sealed)?;
    Ok(Box::new(SealedMedium {
        inner: medium,
        file: key
            .file_key_of(sealed.as_bytes())
            .map_err(|error| sealing_error(path, error))?,
        marks: vec![Mark {
            plain: contents.len() as u64,
            sealed: sealed.len() as u64,
            next_line: contents.split_terminator('\n').count() + 1,
        }],
    }))
}

/// Opens a sealed `path` on `inner`: its plaintext, and a torn last line's
/// sealed bytes after it (as a plain file's torn tail would be).
pub fn open_sealed(
    inner: &dyn Media,
    key: &StoreKey,
    path: &Path,
) -> Result<(Box<dyn Medium>, Vec<u8>), StoreError> {
    let (medium, raw) = inner.open(path)?;
    let opened = key
        .open_text(&raw)
        .map_err(|error| sealing_error(path, error))?;
    let file = key
        .file_key_of(&raw)
        .map_err(|error| sealing_error(path, error))?;
    let torn = opened.torn.unwrap_or_default();
    let complete = Mark {
        plain: opened.text.len() as u64,
        sealed: (raw.len() - torn.len()) as u64,
        next_line: opened.text.split_terminator('\n').count() + 1,
    };
    let mut marks = vec![complete];
    if !torn.is_empty() {
        marks.push(Mark {
            plain: complete.plain + torn.len() as u64,
            sealed: raw.len() as u64,
            next_line: complete.next_line,
        });
    }
    let mut bytes = opened.text.into_bytes();
    bytes.extend_from_slice(&torn);
    Ok((
        Box::new(SealedMedium {
            inner: medium,
            file,
            marks,
        }),
        bytes,
    ))
}

/// Any `Media` with every file sealed with one store key (tests put the
/// simulated disk behind it; the real disk seals by the store a path is in).
#[derive(Debug, Clone)]
pub struct SealedMedia {
    pub inner: Arc<dyn Media>,
    pub key: Arc<StoreKey>,
}

impl Media for SealedMedia {
    fn create(&self, path: &Path, contents: &str) -> Result<Box<dyn Medium>, StoreError> {
        create_sealed(self.inner.as_ref(), &self.key, path, contents)
    }

    fn open(&self, path: &Path) -> Result<(Box<dyn Medium>, Vec<u8>), StoreError> {
        open_sealed(self.inner.as_ref(), &self.key, path)
    }
}
