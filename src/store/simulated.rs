//! A simulated disk for tests of the write path: it keeps what was written apart
//! from what was synced, so a "power cut" can drop unsynced bytes (or keep a random
//! prefix of them, as a real disk may); syncs and truncates can be made to fail;
//! files can be replaced, renamed, cut short or deleted behind the writer's back.
//! Nothing here touches the real file system.

use super::StoreError;
use super::medium::{Identity, Media, Medium, SyncHandle};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug, Default)]
struct Inode {
    /// What reads see: everything written.
    data: Vec<u8>,
    /// What is certain to survive a power cut: the data as of the last good sync.
    durable: Vec<u8>,
    links: u64,
}

#[derive(Debug, Default)]
struct State {
    inodes: BTreeMap<u64, Inode>,
    names: BTreeMap<PathBuf, u64>,
    next_ino: u64,
    /// The next syncs to fail (true) or pass (false), in order; then they pass.
    sync_script: std::collections::VecDeque<bool>,
    /// Of every 1000 syncs, how many fail (after the script is used up).
    sync_failure_per_mille: u64,
    failing_truncates: usize,
    rng: u64,
    syncs: u64,
    failed_syncs: u64,
    /// Appends (writes) asked for.
    appends: u64,
    /// While held, background syncs wait (as a slow disk would) until released.
    gate: Arc<Gate>,
}

/// Holds background syncs back while closed.
#[derive(Debug, Default)]
struct Gate {
    held: Mutex<bool>,
    opened: std::sync::Condvar,
}

impl Gate {
    fn pass(&self) {
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while *held {
            held = self
                .opened
                .wait(held)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn set(&self, hold: bool) {
        *self
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = hold;
        self.opened.notify_all();
    }
}

impl State {
    fn random(&mut self) -> u64 {
        let mut x = self.rng.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn identity(&self, ino: u64) -> Identity {
        let inode = self.inodes.get(&ino);
        Identity {
            dev: 1,
            ino,
            links: inode.map_or(0, |i| i.links),
            len: inode.map_or(0, |i| i.data.len() as u64),
            mode: 0o600,
        }
    }

    fn add(&mut self, path: &Path, data: Vec<u8>) -> u64 {
        self.next_ino += 1;
        let ino = self.next_ino;
        self.inodes.insert(
            ino,
            Inode {
                durable: data.clone(),
                data,
                links: 1,
            },
        );
        if let Some(old) = self.names.insert(path.to_path_buf(), ino)
            && let Some(inode) = self.inodes.get_mut(&old)
        {
            inode.links -= 1;
        }
        ino
    }

    fn sync(&mut self, ino: u64) -> io::Result<()> {
        self.syncs += 1;
        let fail = match self.sync_script.pop_front() {
            Some(fail) => fail,
            None => {
                let per_mille = self.sync_failure_per_mille;
                per_mille > 0 && self.random() % 1000 < per_mille
            }
        };
        if fail {
            self.failed_syncs += 1;
            return Err(io::Error::other("simulated I/O error on fsync"));
        }
        if let Some(inode) = self.inodes.get_mut(&ino) {
            inode.durable = inode.data.clone();
        }
        Ok(())
    }
}

/// The disk; clones share it.
#[derive(Debug, Clone, Default)]
pub struct SimDisk(Arc<Mutex<State>>);

impl SimDisk {
    pub fn new(seed: u64) -> SimDisk {
        let disk = SimDisk::default();
        disk.state().rng = seed;
        disk
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic in a test thread poisons the lock; the state is still usable.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The next syncs fail (true) or pass (false), in this order.
    pub fn script_syncs(&self, script: &[bool]) {
        self.state().sync_script.extend(script.iter().copied());
    }

    /// From now on, this many syncs out of 1000 fail at random.
    pub fn fail_syncs_per_mille(&self, per_mille: u64) {
        self.state().sync_failure_per_mille = per_mille;
    }

    /// The next `n` truncates fail.
    pub fn fail_truncates(&self, n: usize) {
        self.state().failing_truncates = n;
    }

    /// From now on background syncs wait (a slow disk) until `release_syncs`.
    pub fn hold_syncs(&self) {
        self.state().gate.set(true);
    }

    pub fn release_syncs(&self) {
        self.state().gate.set(false);
    }

    /// Appends (one per `write`) asked for so far.
    pub fn appends(&self) -> u64 {
        self.state().appends
    }

    /// Syncs asked for, and how many of them failed.
    pub fn syncs(&self) -> (u64, u64) {
        let state = self.state();
        (state.syncs, state.failed_syncs)
    }

    /// Everything written to the file `path` names (what a read sees).
    pub fn data(&self, path: &Path) -> Option<Vec<u8>> {
        let state = self.state();
        let ino = state.names.get(path)?;
        state.inodes.get(ino).map(|inode| inode.data.clone())
    }

    /// What of `path` is sure to survive a power cut.
    pub fn durable(&self, path: &Path) -> Option<Vec<u8>> {
        let state = self.state();
        let ino = state.names.get(path)?;
        state.inodes.get(ino).map(|inode| inode.durable.clone())
    }

    /// The names on the disk.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.state().names.keys().cloned().collect()
    }

    /// A power cut now: what every named file holds after it. The synced bytes stay;
    /// of the unsynced ones a random prefix (possibly none, possibly all) survives.
    pub fn power_cut(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut state = self.state();
        let names: Vec<(PathBuf, u64)> = state
            .names
            .iter()
            .map(|(path, ino)| (path.clone(), *ino))
            .collect();
        let mut after = BTreeMap::new();
        for (path, ino) in names {
            let Some((data, durable)) = state
                .inodes
                .get(&ino)
                .map(|inode| (inode.data.clone(), inode.durable.clone()))
            else {
                continue;
            };
            let mut kept = durable.clone();
            if data.len() > durable.len() && data.starts_with(&durable) {
                let unsynced = data.len() - durable.len();
                let survive = (state.random() % (unsynced as u64 + 1)) as usize;
                kept.extend_from_slice(&data[durable.len()..durable.len() + survive]);
            }
            after.insert(path, kept);
        }
        after
    }

    /// Another program puts a new file at `path` (a sync client, an editor saving by
    /// rename): the writer's file loses its name.
    pub fn replace(&self, path: &Path, contents: &[u8]) {
        self.state().add(path, contents.to_vec());
    }

    /// `mv path elsewhere`.
    pub fn rename(&self, path: &Path, to: &Path) {
        let mut state = self.state();
        if let Some(ino) = state.names.remove(path) {
            state.names.insert(to.to_path_buf(), ino);
        }
    }

    /// `rm path`.
    pub fn delete(&self, path: &Path) {
        let mut state = self.state();
        if let Some(ino) = state.names.remove(path)
            && let Some(inode) = state.inodes.get_mut(&ino)
        {
            inode.links -= 1;
        }
    }

    /// `truncate -s len path`, behind the writer's back.
    pub fn cut(&self, path: &Path, len: usize) {
        let mut state = self.state();
        if let Some(ino) = state.names.get(path).copied()
            && let Some(inode) = state.inodes.get_mut(&ino)
        {
            inode.data.truncate(len);
            inode.durable.truncate(len);
        }
    }
}

#[derive(Debug)]
struct SimFile {
    disk: SimDisk,
    path: PathBuf,
    ino: u64,
}

impl Media for SimDisk {
    fn create(&self, path: &Path, contents: &str) -> Result<Box<dyn Medium>, StoreError> {
        let mut state = self.state();
        if state.names.contains_key(path) {
            return Err(StoreError::io(path, "create")(io::Error::from(
                io::ErrorKind::AlreadyExists,
            )));
        }
        let ino = state.add(path, contents.as_bytes().to_vec());
        Ok(Box::new(SimFile {
            disk: self.clone(),
            path: path.to_path_buf(),
            ino,
        }))
    }

    fn open(&self, path: &Path) -> Result<(Box<dyn Medium>, Vec<u8>), StoreError> {
        let state = self.state();
        let Some(ino) = state.names.get(path).copied() else {
            return Err(StoreError::io(path, "open")(io::Error::from(
                io::ErrorKind::NotFound,
            )));
        };
        let bytes = state
            .inodes
            .get(&ino)
            .map(|inode| inode.data.clone())
            .unwrap_or_default();
        Ok((
            Box::new(SimFile {
                disk: self.clone(),
                path: path.to_path_buf(),
                ino,
            }),
            bytes,
        ))
    }
}

impl Medium for SimFile {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut state = self.disk.state();
        state.appends += 1;
        if let Some(inode) = state.inodes.get_mut(&self.ino) {
            inode.data.extend_from_slice(bytes);
        }
        Ok(())
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        let mut state = self.disk.state();
        if state.failing_truncates > 0 {
            state.failing_truncates -= 1;
            return Err(io::Error::other("simulated I/O error on truncate"));
        }
        if let Some(inode) = state.inodes.get_mut(&self.ino) {
            inode.data.truncate(len as usize);
        }
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        self.disk.state().sync(self.ino)
    }

    fn opened(&self) -> io::Result<Identity> {
        Ok(self.disk.state().identity(self.ino))
    }

    fn at_path(&self) -> io::Result<Option<Identity>> {
        let state = self.disk.state();
        Ok(state.names.get(&self.path).map(|ino| state.identity(*ino)))
    }

    fn make_private(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn sync_handle(&self) -> io::Result<SyncHandle> {
        let disk = self.disk.clone();
        let ino = self.ino;
        Ok(Box::new(move || {
            let gate = disk.state().gate.clone();
            gate.pass();
            disk.state().sync(ino)
        }))
    }
}
