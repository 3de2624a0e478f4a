//! The write path of a live session, as a small state machine. Every event goes
//!
//! ```text
//! pending ──write──▶ in flight ──sync Ok──▶ synced
//!    ▲                   │
//!    └──── rolled back ◀─┘ sync Err: the file is cut back, the events wait again
//!
//! any ──file moved, replaced, cut or deleted (or the cut-back failed)──▶ stopped
//! ```
//!
//! An event may reach the screen only once it is synced: with a background sync
//! (`Syncer`) the caller prepares its frame while the sync runs and shows it only
//! after `wait` returned Ok. Stopped is final: nothing more goes to the session
//! file; every event is kept in memory and written, whole, to a recovery file
//! beside it (`<session>.recovered-<n>.ron`, never over anything), which later
//! events are appended to.

use super::medium::Media;
use super::session_file::{Moved, SessionWriter, Syncer, session_text};
use super::StoreError;
use crate::model::{Event, EventId, Session, SessionHeader};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the status line says once the session file is gone from under us.
pub const STOPPED: &str = "the session file was moved, replaced or deleted";

/// Where the write path stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Nothing waits: every event made is in the file and synced.
    Synced,
    /// Events wait to be written (a new one, or a write that failed).
    Pending,
    /// Lines written, their sync running: not to be shown yet.
    InFlight,
    /// The last sync failed; the file was cut back and its events wait again.
    RolledBack,
    /// The file is no longer ours; see the module docs.
    Stopped,
}

/// What the caller must tell the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// The event is written. Without a background sync it is synced too; with one it
    /// is in flight, and no frame showing it may reach the screen before `wait` is Ok.
    Saved(Event),
    /// A write failed; `waiting` events are held and retried.
    Failed { error: String, waiting: usize },
    /// The sync of the events from `from` on failed: they were never shown, the app
    /// must let go of them; they are held and retried.
    RolledBack {
        from: EventId,
        error: String,
        waiting: usize,
    },
    /// Logging to the session file stopped; `error` says why and where the events are.
    Stopped { error: String, waiting: usize },
}

#[derive(Debug)]
struct Stop {
    detail: String,
    /// Every event not in the session file, in order.
    kept: Vec<Event>,
    recovery: Option<SessionWriter>,
    /// Why the recovery file could not be written yet.
    recovery_error: Option<String>,
}

#[derive(Debug)]
pub struct WritePath {
    media: Arc<dyn Media>,
    writer: SessionWriter,
    syncer: Option<Syncer>,
    header: SessionHeader,
    /// Every event synced to the file, for a recovery file if it is lost.
    synced: Vec<Event>,
    pending: VecDeque<Event>,
    in_flight: Vec<Event>,
    /// Where the file ended before the lines in flight.
    mark: u64,
    rolled_back: bool,
    stop: Option<Stop>,
}

impl WritePath {
    /// The write path of `session`, whose file `writer` holds. With `background`, syncs
    /// run on their own thread (if one can be started) while the caller draws.
    pub fn new(
        media: Arc<dyn Media>,
        writer: SessionWriter,
        session: &Session,
        background: bool,
    ) -> WritePath {
        let syncer = if background {
            writer.syncer().ok()
        } else {
            None
        };
        WritePath {
            media,
            syncer,
            header: session.header.clone(),
            synced: session.events.clone(),
            pending: VecDeque::new(),
            in_flight: Vec::new(),
            mark: writer.mark(),
            writer,
            rolled_back: false,
            stop: None,
        }
    }

    pub fn path(&self) -> &Path {
        self.writer.path()
    }

    pub fn phase(&self) -> Phase {
        if self.stop.is_some() {
            Phase::Stopped
        } else if !self.in_flight.is_empty() {
            Phase::InFlight
        } else if self.rolled_back {
            Phase::RolledBack
        } else if !self.pending.is_empty() {
            Phase::Pending
        } else {
            Phase::Synced
        }
    }

    /// Every event made and not yet synced to the session file.
    pub fn waiting(&self) -> usize {
        self.pending.len()
            + self.in_flight.len()
            + self.stop.as_ref().map_or(0, |stop| stop.kept.len())
    }

    /// Events synced to the session file.
    pub fn synced(&self) -> &[Event] {
        &self.synced
    }

    /// The recovery file, once logging stopped and it was written.
    pub fn recovery_path(&self) -> Option<&Path> {
        self.stop
            .as_ref()
            .and_then(|stop| stop.recovery.as_ref())
            .map(SessionWriter::path)
    }

    /// Something is left to retry (on the next second's tick).
    pub fn needs_retry(&self) -> bool {
        match &self.stop {
            Some(stop) => !self.pending.is_empty() || stop.recovery.is_none(),
            None => !self.pending.is_empty(),
        }
    }

    pub fn is_in_flight(&self) -> bool {
        !self.in_flight.is_empty()
    }

    pub fn push(&mut self, event: Event) {
        self.pending.push_back(event);
    }

    /// Settles a sync in flight, then writes every pending event in order (after
    /// checking that the file is still ours), stopping at the first failure.
    pub fn flush(&mut self) -> Vec<Report> {
        let mut reports = self.settle();
        if self.stop.is_some() {
            reports.push(self.flush_stopped());
            return reports;
        }
        if self.pending.is_empty() {
            return reports;
        }
        match self.writer.check() {
            Ok(Ok(())) => {}
            Ok(Err(Moved { detail })) => {
                reports.push(self.stop(detail));
                return reports;
            }
            Err(error) => {
                reports.push(Report::Failed {
                    error: error.cause(),
                    waiting: self.waiting(),
                });
                return reports;
            }
        }
        let background = self.syncer.is_some();
        self.mark = self.writer.mark();
        while let Some(event) = self.pending.front() {
            let result = if background {
                self.writer.write(event)
            } else {
                self.writer.append(event)
            };
            if let Err(error) = result {
                reports.push(Report::Failed {
                    error: error.cause(),
                    waiting: self.waiting(),
                });
                break;
            }
            if let Some(event) = self.pending.pop_front() {
                self.rolled_back = false;
                if background {
                    self.in_flight.push(event.clone());
                } else {
                    self.synced.push(event.clone());
                }
                reports.push(Report::Saved(event));
            }
        }
        if let (Some(syncer), false) = (&mut self.syncer, self.in_flight.is_empty()) {
            syncer.start();
        }
        reports
    }

    /// Waits for the sync in flight, if any; `None` when nothing is in flight. The
    /// result must be handed to `after_sync`.
    pub fn wait(&mut self) -> Option<Result<(), StoreError>> {
        if self.in_flight.is_empty() {
            return None;
        }
        Some(self.syncer.as_mut().map_or(Ok(()), Syncer::wait))
    }

    /// Waits for the sync in flight and settles it.
    pub fn settle(&mut self) -> Vec<Report> {
        match self.wait() {
            Some(synced) => self.after_sync(synced),
            None => Vec::new(),
        }
    }

    /// The sync of the events in flight returned. If it failed they were never
    /// shown: the file is cut back and they wait to be written again; if even the
    /// cut fails, the file cannot be trusted and logging stops.
    pub fn after_sync(&mut self, synced: Result<(), StoreError>) -> Vec<Report> {
        let events = std::mem::take(&mut self.in_flight);
        let Some(first) = events.first().map(|event| event.id) else {
            return Vec::new();
        };
        let error = match synced {
            Ok(()) => {
                self.synced.extend(events);
                return Vec::new();
            }
            Err(error) => error,
        };
        for event in events.into_iter().rev() {
            self.pending.push_front(event);
        }
        let mut reports = vec![Report::RolledBack {
            from: first,
            error: error.cause(),
            waiting: self.waiting(),
        }];
        match self.writer.rollback(self.mark) {
            Ok(()) => self.rolled_back = true,
            Err(cut) => reports.push(self.stop(format!(
                "its unsaved lines could not be cut back after a failed sync ({})",
                cut.cause()
            ))),
        }
        reports
    }

    /// Stops logging to the session file and writes the recovery file.
    fn stop(&mut self, detail: String) -> Report {
        let mut kept: Vec<Event> = std::mem::take(&mut self.in_flight);
        kept.extend(self.pending.drain(..));
        self.stop = Some(Stop {
            detail,
            kept,
            recovery: None,
            recovery_error: None,
        });
        self.flush_stopped()
    }

    /// Stopped: new events go to the recovery file (written whole the first time).
    fn flush_stopped(&mut self) -> Report {
        let Some(stop) = &mut self.stop else {
            return Report::Failed {
                error: "not stopped (a bug in groupscribe)".into(),
                waiting: self.pending.len(),
            };
        };
        if let Some(recovery) = &mut stop.recovery {
            while let Some(event) = self.pending.front() {
                if let Err(error) = recovery.append(event) {
                    stop.recovery_error = Some(error.cause());
                    break;
                }
                stop.recovery_error = None;
                stop.kept.extend(self.pending.pop_front());
            }
        } else {
            stop.kept.extend(self.pending.drain(..));
            let mut all = self.synced.clone();
            all.extend(stop.kept.iter().cloned());
            match write_recovery(self.media.as_ref(), self.writer.path(), &self.header, &all) {
                Ok(writer) => {
                    stop.recovery = Some(writer);
                    stop.recovery_error = None;
                }
                Err(error) => stop.recovery_error = Some(error.cause()),
            }
        }
        let whereabouts = match (&stop.recovery, &stop.recovery_error) {
            (Some(recovery), None) => format!(
                "every event is kept in memory and in {} beside it",
                file_name(recovery.path())
            ),
            (Some(recovery), Some(error)) => format!(
                "the last events are only in memory ({} could not take them: {error})",
                file_name(recovery.path())
            ),
            (None, error) => format!(
                "every event is kept in memory; the recovery file could not be written: {}",
                error.as_deref().unwrap_or("unknown error")
            ),
        };
        Report::Stopped {
            error: format!("{STOPPED} ({}); {whereabouts}", stop.detail),
            waiting: stop.kept.len() + self.pending.len(),
        }
    }
}

/// `<stem>.recovered-<n>.ron` beside `path`, for the first `n` free.
fn write_recovery(
    media: &dyn Media,
    path: &Path,
    header: &SessionHeader,
    events: &[Event],
) -> Result<SessionWriter, StoreError> {
    let text = session_text(path, header, events)?;
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut last = None;
    for n in 1..=999 {
        let candidate: PathBuf = path.with_file_name(format!("{stem}.recovered-{n}.ron"));
        if candidate.exists() {
            continue;
        }
        match SessionWriter::create_with(media, &candidate, &text) {
            Ok(writer) => return Ok(writer),
            Err(StoreError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
        last = Some(candidate);
    }
    Err(StoreError::Invalid {
        path: last.unwrap_or_else(|| path.to_path_buf()),
        what: "every recovery file name up to 999 is taken".into(),
        hint: "Move old recovery files away.".into(),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}
