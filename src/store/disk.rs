//! The real disk as session files see it: plain in a plain store, each line
//! sealed in a sealed one (store::seal), chosen by the store a path is in.

use super::StoreError;
use super::keyring;
use super::medium::{Media, Medium, PlainDisk};
use super::sealed_medium::{create_sealed, open_sealed};
use std::path::Path;
use std::sync::Arc;

/// The real disk.
#[derive(Debug, Default, Clone, Copy)]
pub struct Disk;

impl Disk {
    pub fn shared() -> Arc<dyn Media> {
        Arc::new(Disk)
    }
}

impl Media for Disk {
    fn create(&self, path: &Path, contents: &str) -> Result<Box<dyn Medium>, StoreError> {
        match keyring::key_for(path)? {
            Some(key) => create_sealed(&PlainDisk, &key, path, contents),
            None => PlainDisk.create(path, contents),
        }
    }

    fn open(&self, path: &Path) -> Result<(Box<dyn Medium>, Vec<u8>), StoreError> {
        match keyring::key_for(path)? {
            Some(key) => open_sealed(&PlainDisk, &key, path),
            None => PlainDisk.open(path),
        }
    }
}
