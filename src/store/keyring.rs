//! The keys of the sealed stores this run has opened, and how to ask for one.
//!
//! A store is unlocked once per run: the first read or write of a file under a
//! sealed store asks the unlocker (the terminal prompt `main` installs, or
//! `GROUPSCRIBE_PASSPHRASE` for scripts), and the key is kept in memory for
//! the rest of the run. A plain store never asks.

use super::StoreError;
use super::seal::{self, SealError, StoreKey, Unlock};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Asks the worker how to open the sealed store at a root.
pub type Unlocker = Box<dyn Fn(&Path) -> Result<Unlock, StoreError> + Send + Sync>;

/// The passphrase for scripts and tests (a prompt is safer: the environment
/// of a process can be read by its owner's other processes).
pub const PASSPHRASE_ENV: &str = "GROUPSCRIBE_PASSPHRASE";
/// An age identity file that opens the store, instead of a passphrase.
pub const IDENTITY_ENV: &str = "GROUPSCRIBE_IDENTITY";

/// The unlocked stores: each root and its key.
type Keys = Mutex<Vec<(PathBuf, Arc<StoreKey>)>>;

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Mutex::new(Vec::new()))
}

fn unlocker() -> &'static Mutex<Option<Unlocker>> {
    static UNLOCKER: OnceLock<Mutex<Option<Unlocker>>> = OnceLock::new();
    UNLOCKER.get_or_init(|| Mutex::new(None))
}

/// Installs how a sealed store is asked for (the terminal prompt).
pub fn set_unlocker(ask: Unlocker) {
    if let Ok(mut slot) = unlocker().lock() {
        *slot = Some(ask);
    }
}

/// The unlock from the environment, if one is set.
pub fn unlock_from_env() -> Option<Unlock> {
    if let Some(path) = std::env::var_os(IDENTITY_ENV) {
        return Some(Unlock::IdentityFile(PathBuf::from(path)));
    }
    std::env::var(PASSPHRASE_ENV)
        .ok()
        .map(|text| Unlock::Passphrase(age::secrecy::SecretString::from(text)))
}

/// The sealed store `path` is in: the path itself, its folder (a group
/// folder's file) or the folder above (a session in a group folder).
pub fn sealed_root_of(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute
        .ancestors()
        .take(3)
        .find(|candidate| seal::is_sealed(candidate))
        .map(Path::to_path_buf)
}

/// Keeps `key` as the key of the store at `root` for the rest of the run.
pub fn remember(root: &Path, key: StoreKey) -> Arc<StoreKey> {
    let key = Arc::new(key);
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    if let Ok(mut keys) = keys().lock() {
        keys.retain(|(known, _)| known != &root);
        keys.push((root, key.clone()));
    }
    key
}

/// Forgets every key (tests, and `store decrypt` once done).
pub fn forget(root: &Path) {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    if let Ok(mut keys) = keys().lock() {
        keys.retain(|(known, _)| known != &root);
    }
}

pub fn seal_error(root: &Path, error: SealError) -> StoreError {
    let hint = match error {
        SealError::WrongPassphrase(_) => {
            "Nothing was read or written. Run again and type the store's passphrase."
        }
        SealError::WrongIdentity(_) => {
            "Nothing was read or written. Name the identity file made for this store."
        }
        _ => "Nothing was read or written.",
    };
    StoreError::Invalid {
        path: root.to_path_buf(),
        what: error.to_string(),
        hint: hint.into(),
    }
}

/// Unlocks the store at `root` (asking once per run), or says why not.
pub fn unlock_root(root: &Path) -> Result<Arc<StoreKey>, StoreError> {
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    if let Ok(keys) = keys().lock()
        && let Some((_, key)) = keys.iter().find(|(known, _)| known == &absolute)
    {
        return Ok(key.clone());
    }
    let how = match unlock_from_env() {
        Some(how) => how,
        None => {
            let ask = unlocker().lock().map_err(|_| StoreError::Invalid {
                path: root.to_path_buf(),
                what: "the store is encrypted".into(),
                hint: "Run again.".into(),
            })?;
            match ask.as_ref() {
                Some(ask) => ask(&absolute)?,
                None => {
                    return Err(StoreError::Invalid {
                        path: root.to_path_buf(),
                        what: "the store is encrypted and no passphrase was given".into(),
                        hint: format!(
                            "Run it in a terminal to be asked, or set {PASSPHRASE_ENV} (or {IDENTITY_ENV}=FILE)."
                        ),
                    });
                }
            }
        }
    };
    let key = seal::unlock(&absolute, &how).map_err(|error| seal_error(root, error))?;
    Ok(remember(&absolute, key))
}

/// The key for a file under a sealed store, or `None` in a plain store.
pub fn key_for(path: &Path) -> Result<Option<Arc<StoreKey>>, StoreError> {
    match sealed_root_of(path) {
        Some(root) => unlock_root(&root).map(Some),
        None => Ok(None),
    }
}

/// A record file's bytes as plaintext: opened when sealed (a torn last line's
/// sealed bytes follow the plaintext, as a plain file's torn tail would).
pub fn read_record(path: &Path) -> Result<Vec<u8>, StoreError> {
    let bytes = std::fs::read(path).map_err(StoreError::io(path, "read"))?;
    open_bytes(path, bytes)
}

/// Bytes read from `path`, opened if they are sealed.
pub fn open_bytes(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, StoreError> {
    if !seal::is_sealed_text(&bytes) {
        return Ok(bytes);
    }
    let root = sealed_root_of(path).ok_or_else(|| StoreError::Invalid {
        path: path.to_path_buf(),
        what: "an encrypted groupscribe file outside its store".into(),
        hint: "Open it where it belongs: inside the store folder it was written in.".into(),
    })?;
    let key = unlock_root(&root)?;
    let opened = key.open_text(&bytes).map_err(|error| StoreError::Invalid {
        path: path.to_path_buf(),
        what: error.to_string(),
        hint: "The file was changed outside groupscribe, or belongs to another store.".into(),
    })?;
    let mut plain = opened.text.into_bytes();
    plain.extend(opened.torn.unwrap_or_default());
    Ok(plain)
}

/// A record file's text as plaintext (UTF-8 checked).
pub fn read_record_text(path: &Path) -> Result<String, StoreError> {
    let bytes = read_record(path)?;
    String::from_utf8(bytes).map_err(|error| StoreError::Invalid {
        path: path.to_path_buf(),
        what: format!("not UTF-8 text (byte {})", error.utf8_error().valid_up_to()),
        hint: "This is not a groupscribe file, or it was damaged outside groupscribe.".into(),
    })
}

/// Writes a record file whole (a note beside its session, a group file):
/// sealed when it is in a sealed store, atomically, owner-only.
pub fn write_record_atomic(path: &Path, contents: &str) -> Result<(), StoreError> {
    super::fsio::write_atomic(path, &seal_for(path, contents)?)
}

/// Text to write whole at `path`: sealed when `path` is in a sealed store.
pub fn seal_for(path: &Path, text: &str) -> Result<String, StoreError> {
    match key_for(path)? {
        Some(key) => key.seal_text(text).map_err(|error| StoreError::Invalid {
            path: path.to_path_buf(),
            what: error.to_string(),
            hint: "Nothing was written.".into(),
        }),
        None => Ok(text.to_string()),
    }
}
