//! The derived summary of each session: what the report needs of it
//! ([`SessionFigures`]), kept beside the sessions so that a report over a long
//! group reads a few kilobytes per session instead of parsing every event.
//!
//! **Where.** `<group folder>/.report-summaries/<session file stem>.summary`
//! (RON), in an owner-only folder (0700), each file owner-only (0600). The
//! folder is not a session and holds no `.ron` file, so nothing that lists
//! sessions (the home screen, the queue, `next_session_number`) takes it for
//! one; `.gitignore` keeps it out of git.
//!
//! **When it is rebuilt.** A summary records the length and modification time
//! of every file it was computed from: the session file, its companion files
//! (`.cofac.ron`, `.supervisor.ron`: amendments and late entries change the
//! figures) and, for a session without a roster snapshot, the group.ron it
//! was read with. If any differs now (a file grew, appeared, or was touched),
//! or the summary is missing, unreadable or of another version, it is
//! computed again from the record and replaced. The record itself is only
//! ever read.
//!
//! **Writing.** A temp file beside it, renamed over it; no fsync: a summary
//! lost or torn by a crash reads as missing and is rebuilt. A store that
//! cannot be written (read-only, someone else's) still gets its report: the
//! summaries are then computed and not kept.

use super::figures::SessionFigures;
use crate::model::Group;
use crate::store::derived::{self, Stamp, sources};
use crate::store::{self, GROUP_FILE};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The folder of a group's summaries, inside the group folder.
pub const SUMMARY_DIR: &str = ".report-summaries";

/// Bumped whenever [`SessionFigures`] or how it is computed changes: every
/// summary of another version is rebuilt.
const SUMMARY_VERSION: u32 = 2;

#[derive(Debug, Serialize, Deserialize)]
struct SummaryFile {
    version: u32,
    /// A second observer's own log (not a session of the group).
    observer: bool,
    sources: Vec<Stamp>,
    figures: SessionFigures,
}

/// The figures of a group's sessions, and what could not be read.
#[derive(Debug, Default)]
pub struct LoadedFigures {
    /// The facilitator's sessions, oldest first.
    pub figures: Vec<SessionFigures>,
    /// Session files that could not be read (file, line, column and why).
    pub problems: Vec<String>,
    /// How many summaries were computed from their record this time.
    pub rebuilt: usize,
}

/// `<folder>/.report-summaries/2026-11-23-s03.summary` for `<folder>/2026-11-23-s03.ron`.
pub fn summary_path(session: &Path) -> PathBuf {
    derived::path_beside(session, SUMMARY_DIR, "summary")
}

/// A session file of a group folder: a `.ron` that is not the group file nor
/// a companion file (the rule the home screen and the queue list by).
fn is_session_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "ron")
        && path.file_name().is_some_and(|name| name != GROUP_FILE)
        && !store::record::is_companion(path)
        && path.is_file()
}

/// The summary of `session`, if one is kept and still matches its sources.
fn fresh(session: &Path) -> Option<SummaryFile> {
    // Sealed like the records in an encrypted store.
    let text = derived::read(&summary_path(session))?;
    let summary: SummaryFile = ron::from_str(&text).ok()?;
    let current = sources(session, !summary.figures.snapshot);
    (summary.version == SUMMARY_VERSION && summary.sources == current).then_some(summary)
}

/// Computes a session's summary from its record (and keeps it, if it can).
fn rebuild(session: &Path, current: &Group) -> Result<SummaryFile, String> {
    // Stamped before reading: a line appended meanwhile makes it stale.
    let stamped_with_group = sources(session, true);
    let record = store::load_record(session, Some(current)).map_err(|e| e.to_string())?;
    let loaded = &record.loaded.session;
    let recorded = loaded.group_as_recorded(current);
    let file = session
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let figures = SessionFigures::of(loaded, &recorded, &file);
    let mut sources = stamped_with_group;
    if figures.snapshot {
        sources.pop();
    }
    let summary = SummaryFile {
        version: SUMMARY_VERSION,
        observer: loaded.header.observer.is_some(),
        sources,
        figures,
    };
    // Best effort: the report does not depend on keeping it.
    let _ = keep(session, &summary);
    Ok(summary)
}

fn keep(session: &Path, summary: &SummaryFile) -> Result<(), String> {
    let text = ron::to_string(summary).map_err(|e| e.to_string())?;
    derived::keep(&summary_path(session), &text).map_err(|e| e.to_string())
}

/// The figures of every session of the group in `folder`: from its summary
/// when fresh, else computed from the record (on every core) and kept.
pub fn group_figures(folder: &Path, current: &Group) -> LoadedFigures {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|listing| listing.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    paths.retain(|path| is_session_file(path));
    paths.sort();
    let mut found: Vec<Option<Result<SummaryFile, String>>> =
        paths.iter().map(|path| fresh(path).map(Ok)).collect();
    let stale: Vec<usize> = (0..paths.len()).filter(|&i| found[i].is_none()).collect();
    let rebuilt = stale.len();
    if !stale.is_empty() {
        let workers = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(stale.len());
        let next = AtomicUsize::new(0);
        let results: Vec<Vec<(usize, Result<SummaryFile, String>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let slot = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&index) = stale.get(slot) else {
                                break;
                            };
                            done.push((index, rebuild(&paths[index], current)));
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or_else(|_| vec![]))
                .collect()
        });
        for (index, result) in results.into_iter().flatten() {
            found[index] = Some(result);
        }
    }
    let mut loaded = LoadedFigures {
        rebuilt,
        ..LoadedFigures::default()
    };
    for (path, result) in paths.iter().zip(found) {
        match result {
            Some(Ok(summary)) if !summary.observer => loaded.figures.push(summary.figures),
            Some(Ok(_)) => {}
            Some(Err(error)) => loaded.problems.push(error),
            None => loaded.problems.push(format!(
                "{}: could not be read (a bug in groupscribe)",
                path.display()
            )),
        }
    }
    loaded
        .figures
        .sort_by(|a, b| a.number.cmp(&b.number).then(a.file.cmp(&b.file)));
    loaded
}
