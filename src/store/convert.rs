//! `groupscribe store encrypt|decrypt`: a whole store converted at once.
//!
//! The converted store is built beside the old one (every record file sealed,
//! or opened), synced, then swapped in by two renames; the old copy is then
//! removed. A crash before the swap leaves the old store as it was (and a
//! `<store>.converting` folder to delete); a crash between the two renames
//! leaves both folders named so that nothing is lost (see README).

use super::seal::{self, StoreKey, Unlock};
use super::{StoreError, fsio, keyring};
use std::fs;
use std::path::{Path, PathBuf};

/// Files that are records (and so are sealed): everything in a group folder
/// but the lock sidecars.
fn is_record(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    !name.ends_with(".lock")
}

fn sibling(root: &Path, suffix: &str) -> PathBuf {
    let mut name = root.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    root.with_file_name(name)
}

fn invalid(path: &Path, what: impl Into<String>, hint: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        what: what.into(),
        hint: hint.into(),
    }
}

/// What a conversion did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub groups: usize,
    pub files: usize,
}

fn refuse_if_logging(root: &Path) -> Result<(), StoreError> {
    for group in read_dirs(root)? {
        for file in read_files(&group)? {
            if file.extension().is_some_and(|ext| ext == "ron") && super::is_locked(&file) {
                return Err(invalid(
                    &file,
                    "is being logged right now",
                    "End or leave the session first; the store was left as it was.",
                ));
            }
        }
    }
    Ok(())
}

fn read_dirs(root: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut dirs = Vec::new();
    for entry in fs::read_dir(root).map_err(StoreError::io(root, "list"))? {
        let entry = entry.map_err(StoreError::io(root, "list"))?;
        let kind = entry
            .file_type()
            .map_err(StoreError::io(&entry.path(), "read"))?;
        if kind.is_dir() {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn read_files(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(StoreError::io(dir, "list"))? {
        let entry = entry.map_err(StoreError::io(dir, "list"))?;
        let kind = entry
            .file_type()
            .map_err(StoreError::io(&entry.path(), "read"))?;
        if kind.is_file() {
            files.push(entry.path());
        } else if kind.is_symlink() {
            return Err(invalid(
                &entry.path(),
                "is a symbolic link",
                "A store holds its own files; replace the link by the file. Nothing was converted.",
            ));
        }
    }
    files.sort();
    Ok(files)
}

/// Builds the converted copy of `root` in `target` with `each` applied to
/// every record file's bytes; other files are copied.
/// What a conversion does to one record file's bytes.
type Each<'a> = &'a dyn Fn(&Path, Vec<u8>) -> Result<Vec<u8>, StoreError>;

fn build(root: &Path, target: &Path, each: Each<'_>) -> Result<Converted, StoreError> {
    let mut done = Converted::default();
    fsio::ensure_private_dir(target)?;
    for file in read_files(root)? {
        let name = file.file_name().unwrap_or_default();
        if name == seal::SEAL_FILE {
            continue;
        }
        let bytes = fs::read(&file).map_err(StoreError::io(&file, "read"))?;
        fsio::write_atomic_bytes(&target.join(name), &bytes)?;
    }
    for group in read_dirs(root)? {
        let into = target.join(group.file_name().unwrap_or_default());
        fsio::ensure_private_dir(&into)?;
        for file in read_files(&group)? {
            if !is_record(&file) {
                continue;
            }
            let bytes = fs::read(&file).map_err(StoreError::io(&file, "read"))?;
            let bytes = each(&file, bytes)?;
            fsio::write_atomic_bytes(&into.join(file.file_name().unwrap_or_default()), &bytes)?;
            done.files += 1;
        }
        fsio::sync_dir(&into)?;
        done.groups += 1;
    }
    fsio::sync_dir(target)?;
    Ok(done)
}

/// Swaps `converted` in for `root` and removes the old copy.
fn swap(root: &Path, converted: &Path) -> Result<(), StoreError> {
    let old = sibling(root, ".old");
    if old.exists() {
        return Err(invalid(
            &old,
            "is left from an earlier conversion",
            "Check it holds nothing you need and delete it, then run again.",
        ));
    }
    fs::rename(root, &old).map_err(StoreError::io(root, "rename"))?;
    if let Err(error) = fs::rename(converted, root) {
        // Put the old store back: nothing is lost.
        let _ = fs::rename(&old, root);
        return Err(StoreError::io(converted, "rename")(error));
    }
    if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
        fsio::sync_dir(parent)?;
    }
    fs::remove_dir_all(&old).map_err(StoreError::io(&old, "remove the old copy"))
}

fn start(root: &Path) -> Result<PathBuf, StoreError> {
    if !root.is_dir() {
        return Err(invalid(
            root,
            "is not a store folder",
            "Name the store with --dir.",
        ));
    }
    refuse_if_logging(root)?;
    let converting = sibling(root, ".converting");
    if converting.exists() {
        return Err(invalid(
            &converting,
            "is left from an interrupted conversion",
            "The store itself was not changed: delete this folder and run again.",
        ));
    }
    Ok(converting)
}

/// Seals every record of the plain store at `root` with a new key.
pub fn encrypt(root: &Path, unlock: &Unlock) -> Result<Converted, StoreError> {
    if seal::is_sealed(root) {
        return Err(invalid(
            root,
            "is already encrypted",
            "Nothing was changed.",
        ));
    }
    let converting = start(root)?;
    let seal::NewSeal {
        key,
        seal: seal_text,
        identity_file,
    } = seal::new_seal(unlock)?;
    if let Some((path, text)) = &identity_file {
        fsio::write_new_private(path, text)?;
    }
    let sealing = |path: &Path, bytes: Vec<u8>| -> Result<Vec<u8>, StoreError> {
        if seal::is_sealed_text(&bytes) {
            return Ok(bytes);
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            invalid(
                path,
                "is not text",
                "Move it out of the store, then run again.",
            )
        })?;
        seal_whole(&key, path, &text)
    };
    let result = build(root, &converting, &sealing).and_then(|done| {
        fsio::write_new_private(&converting.join(seal::SEAL_FILE), &seal_text)?;
        fsio::sync_dir(&converting)?;
        swap(root, &converting)?;
        Ok(done)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&converting);
    } else {
        keyring::remember(root, key);
    }
    result
}

fn seal_whole(key: &StoreKey, path: &Path, text: &str) -> Result<Vec<u8>, StoreError> {
    key.seal_text(text)
        .map(String::into_bytes)
        .map_err(|error| invalid(path, error.to_string(), "Nothing was changed."))
}

/// Opens every record of the sealed store at `root` into plaintext.
pub fn decrypt(root: &Path) -> Result<Converted, StoreError> {
    if !seal::is_sealed(root) {
        return Err(invalid(root, "is not encrypted", "Nothing was changed."));
    }
    let key = keyring::unlock_root(root)?;
    let converting = start(root)?;
    let opening = |path: &Path, bytes: Vec<u8>| -> Result<Vec<u8>, StoreError> {
        if !seal::is_sealed_text(&bytes) {
            return Ok(bytes);
        }
        let opened = key
            .open_text(&bytes)
            .map_err(|error| invalid(path, error.to_string(), "Nothing was changed."))?;
        let mut plain = opened.text.into_bytes();
        plain.extend(opened.torn.unwrap_or_default());
        Ok(plain)
    };
    let result = build(root, &converting, &opening).and_then(|done| {
        swap(root, &converting)?;
        Ok(done)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&converting);
    } else {
        keyring::forget(root);
    }
    result
}
