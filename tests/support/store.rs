//! A temporary store holding a copy of the sample group, for the integration
//! tests: `tests/common` re-exports it; the others include it with `#[path]`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

pub const SAMPLE_GROUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support/group.ron"
);
pub const SLUG: &str = "thursday-peer-support";

/// A temporary store holding a copy of the sample group, in a private folder.
pub struct TempStore {
    pub dir: tempfile::TempDir,
}

impl TempStore {
    pub fn new() -> TempStore {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::Builder::new()
            .prefix("gs")
            .tempdir()
            .expect("temp dir");
        let folder = dir.path().join(SLUG);
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
        let group = folder.join("group.ron");
        std::fs::copy(SAMPLE_GROUP, &group).unwrap();
        std::fs::set_permissions(&group, std::fs::Permissions::from_mode(0o600)).unwrap();
        TempStore { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn group_folder(&self) -> PathBuf {
        self.root().join(SLUG)
    }

    pub fn group(&self) -> groupscribe::model::Group {
        groupscribe::store::load_group(&self.group_folder().join("group.ron")).unwrap()
    }

    /// Session files (`*.ron` other than group.ron) in the group folder, sorted.
    pub fn sessions(&self) -> Vec<PathBuf> {
        session_files(&self.group_folder())
    }

    /// The one session file; fails the test if there is not exactly one.
    pub fn only_session(&self) -> PathBuf {
        let sessions = self.sessions();
        assert_eq!(sessions.len(), 1, "expected one session file: {sessions:?}");
        sessions.into_iter().next().unwrap()
    }

    pub fn load(&self, session: &Path) -> groupscribe::store::LoadedSession {
        let group = self.group();
        groupscribe::store::load_session(session, Some(&group))
            .unwrap_or_else(|error| panic!("{} does not load: {error}", session.display()))
    }
}

/// Session files (`*.ron` other than group.ron) in a group folder, sorted (oldest first).
pub fn session_files(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "ron")
                && path.file_name().is_some_and(|name| name != "group.ron")
        })
        .collect();
    found.sort();
    found
}
