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

use super::StoreError;
use super::medium::Media;
use super::session_file::{Moved, SessionWriter, Syncer, session_text};
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
    /// Reported `Saved` while a sync was in flight: written together, in one write
    /// and one sync, once it returns (a group commit).
    queued: Vec<Event>,
    in_flight: Vec<Event>,
    /// Where the file ended before the lines in flight.
    mark: u64,
    rolled_back: bool,
    stop: Option<Stop>,
    /// Why the last event pushed was refused (never queued), to report once.
    refused: Option<String>,
    /// A companion file's own first line, for its recovery file (else the
    /// session's header starts it).
    first_line: Option<String>,
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
            queued: Vec::new(),
            in_flight: Vec::new(),
            mark: writer.mark(),
            writer,
            rolled_back: false,
            stop: None,
            refused: None,
            first_line: None,
        }
    }

    /// The write path of a companion file (`store::record`): a recovery file,
    /// if one is needed, starts with `first_line`, the companion's own header.
    pub fn with_first_line(mut self, first_line: String) -> WritePath {
        self.first_line = Some(first_line);
        self
    }

    pub fn path(&self) -> &Path {
        self.writer.path()
    }

    pub fn phase(&self) -> Phase {
        if self.stop.is_some() {
            Phase::Stopped
        } else if !self.in_flight.is_empty() || !self.queued.is_empty() {
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
            + self.queued.len()
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

    /// Events reported `Saved` whose sync has not returned (in flight, or queued
    /// behind the sync in flight): no frame showing them may reach the screen yet.
    pub fn is_in_flight(&self) -> bool {
        !self.in_flight.is_empty() || !self.queued.is_empty()
    }

    /// Queues `event` to be written, unless the file could not be read back with
    /// it: an id not above the last one (ids used up: the next would wrap to 0) or
    /// a time the loader refuses (a clock gone wrong). A refused event is never
    /// written; the next `flush` says why.
    pub fn push(&mut self, event: Event) {
        match self.refusal(&event) {
            Some(why) => self.refused = Some(why),
            None => self.pending.push_back(event),
        }
    }

    fn refusal(&self, event: &Event) -> Option<String> {
        let last = (self.pending.back())
            .or(self.stop.as_ref().and_then(|stop| stop.kept.last()))
            .or(self.queued.last())
            .or(self.in_flight.last())
            .or(self.synced.last())
            .map(|event| event.id);
        if let Some(last) = last.filter(|last| event.id <= *last) {
            return Some(format!(
                "this session has used every event id (the last is {last}): no event can be \
                 added to it. Its file is intact: leave it (q) and start a new session."
            ));
        }
        crate::model::sanity::check_event(self.header.started, event)
            .err()
            .map(|problem| {
                format!(
                    "{}. The computer's clock is wrong, or this session ran too long: the event \
                     was not written, and the file stays readable. Fix the clock, or end this \
                     session and start a new one.",
                    problem.message()
                )
            })
    }

    /// Writes every pending event in order (after checking that the file is still
    /// ours), as one write; stops at the first failure. A group commit: while a
    /// sync is in flight, new events are not written one by one behind it; they
    /// are accepted (reported `Saved`) and go out together, in one write and one
    /// sync, once it returns (here, if it has by then, or in `wait`). Never waits
    /// for a sync itself.
    pub fn flush(&mut self) -> Vec<Report> {
        let mut reports = Vec::new();
        if !self.in_flight.is_empty() && self.syncer.as_mut().is_none_or(Syncer::finished) {
            reports = self.settle_in_flight();
        }
        if let Some(error) = self.refused.take() {
            // Rare (a clock gone wrong): what is in flight settles first, so that
            // `waiting` counts only what is really held back.
            if !self.in_flight.is_empty() {
                reports.extend(self.settle_in_flight());
            }
            reports.push(Report::Failed {
                error,
                waiting: self.waiting(),
            });
        }
        if self.stop.is_some() {
            reports.push(self.flush_stopped());
            return reports;
        }
        if self.pending.is_empty() && self.queued.is_empty() {
            return reports;
        }
        if !self.in_flight.is_empty() {
            // Behind the sync in flight: shown only once the batch's own sync
            // returned (`wait`), like the events in flight.
            for event in self.pending.drain(..) {
                reports.push(Report::Saved(event.clone()));
                self.queued.push(event);
            }
            return reports;
        }
        match self.writer.check() {
            Ok(Ok(())) => {}
            Ok(Err(Moved { detail })) => {
                reports.push(self.stop(detail));
                return reports;
            }
            Err(error) => {
                reports.extend(self.refuse_queued(error.cause()));
                return reports;
            }
        }
        let queued = self.queued.len();
        let mut batch = std::mem::take(&mut self.queued);
        batch.extend(self.pending.drain(..));
        self.mark = self.writer.mark();
        let (written, result) = self.writer.write_all(&batch);
        let background = self.syncer.is_some();
        if written > 0
            && !background
            && let Err(error) = self.writer.sync()
        {
            if let Err(cut) = self.writer.rollback(self.mark) {
                self.pending.extend(batch);
                reports.push(self.stop(format!(
                    "its unsaved lines could not be cut back after a failed sync ({})",
                    cut.cause()
                )));
                return reports;
            }
            // Nothing of the batch is in the file: it all waits again.
            for event in batch.into_iter().rev() {
                self.pending.push_front(event);
            }
            self.queued = self.pending.drain(..queued).collect();
            reports.extend(self.refuse_queued(error.cause()));
            return reports;
        }
        let rest = batch.split_off(written);
        if written > 0 {
            self.rolled_back = false;
        }
        for (index, event) in batch.into_iter().enumerate() {
            if index >= queued {
                reports.push(Report::Saved(event.clone()));
            }
            if background {
                self.in_flight.push(event);
            } else {
                self.synced.push(event);
            }
        }
        if !rest.is_empty() {
            // Not written: they wait again; the queued ones among them were
            // reported, and the app lets go of them.
            let reported = queued.saturating_sub(written);
            let mut rest = rest.into_iter();
            self.queued = rest.by_ref().take(reported).collect();
            self.pending.extend(rest);
            let error = result.err().map_or_else(
                || "a batch was written in part (a bug in groupscribe)".to_string(),
                |error| error.cause(),
            );
            reports.extend(self.refuse_queued(error));
        }
        if let (Some(syncer), false) = (&mut self.syncer, self.in_flight.is_empty()) {
            syncer.start();
        }
        reports
    }

    /// Events accepted behind the sync in flight and not yet written.
    pub fn has_queued(&self) -> bool {
        !self.queued.is_empty()
    }

    /// Waits for the sync in flight, then writes what is queued behind it (one
    /// write) and starts its sync, without waiting for that one.
    pub fn catch_up(&mut self) -> Vec<Report> {
        if self.queued.is_empty() {
            return Vec::new();
        }
        let mut reports = self.settle_in_flight();
        reports.extend(self.flush());
        reports
    }

    /// A write failed with `error`: events already reported (queued) are taken
    /// back, as after a failed sync; every one waits again, in order.
    fn refuse_queued(&mut self, error: String) -> Vec<Report> {
        let mut reports = Vec::new();
        if let Some(first) = self.queued.first().map(|event| event.id) {
            for event in std::mem::take(&mut self.queued).into_iter().rev() {
                self.pending.push_front(event);
            }
            self.rolled_back = true;
            reports.push(Report::RolledBack {
                from: first,
                error,
                waiting: self.waiting(),
            });
        } else {
            reports.push(Report::Failed {
                error,
                waiting: self.waiting(),
            });
        }
        reports
    }

    /// Waits for the sync in flight and settles it, without writing what is queued.
    fn settle_in_flight(&mut self) -> Vec<Report> {
        let synced = self.syncer.as_mut().map_or(Ok(()), Syncer::wait);
        match synced {
            Ok(()) => {
                self.synced.append(&mut self.in_flight);
                self.mark = self.writer.mark();
                Vec::new()
            }
            Err(error) => self.after_sync(Err(error)),
        }
    }

    /// Waits until every event reported `Saved` is synced: the sync in flight,
    /// then the batch queued behind it (one write, one sync), and so on; `None`
    /// when nothing is in flight. The result must be handed to `after_sync`.
    pub fn wait(&mut self) -> Option<Result<(), StoreError>> {
        if self.in_flight.is_empty() && self.queued.is_empty() {
            return None;
        }
        loop {
            if !self.in_flight.is_empty() {
                if let Err(error) = self.syncer.as_mut().map_or(Ok(()), Syncer::wait) {
                    return Some(Err(error));
                }
                self.synced.append(&mut self.in_flight);
                self.mark = self.writer.mark();
            }
            if self.queued.is_empty() {
                return Some(Ok(()));
            }
            if let Err(error) = self.write_queued() {
                return Some(Err(error));
            }
        }
    }

    /// The queued batch, in one write, its sync started: in flight.
    fn write_queued(&mut self) -> Result<(), StoreError> {
        match self.writer.check() {
            Ok(Ok(())) => {}
            Ok(Err(Moved { detail })) => {
                return Err(StoreError::Invalid {
                    path: self.writer.path().to_path_buf(),
                    what: format!("{STOPPED} ({detail})"),
                    hint: String::new(),
                });
            }
            Err(error) => return Err(error),
        }
        self.mark = self.writer.mark();
        let (written, result) = self.writer.write_all(&self.queued);
        if written < self.queued.len() {
            if written > 0 {
                let _ = self.writer.rollback(self.mark);
            }
            return Err(result.err().unwrap_or_else(|| StoreError::Invalid {
                path: self.writer.path().to_path_buf(),
                what: "a batch was written in part".into(),
                hint: String::new(),
            }));
        }
        self.in_flight = std::mem::take(&mut self.queued);
        match &mut self.syncer {
            Some(syncer) => syncer.start(),
            None => self.writer.sync()?,
        }
        Ok(())
    }

    /// Waits for the sync in flight (and what is queued behind it) and settles it.
    pub fn settle(&mut self) -> Vec<Report> {
        match self.wait() {
            Some(synced) => self.after_sync(synced),
            None => Vec::new(),
        }
    }

    /// The sync of the events in flight returned. If it failed they were never
    /// shown: the file is cut back to where the failed batch began and the batch
    /// (with anything queued behind it) waits to be written again; if even the cut
    /// fails, the file cannot be trusted and logging stops.
    pub fn after_sync(&mut self, synced: Result<(), StoreError>) -> Vec<Report> {
        let mut events = std::mem::take(&mut self.in_flight);
        events.append(&mut self.queued);
        let Some(first) = events.first().map(|event| event.id) else {
            return Vec::new();
        };
        let error = match synced {
            Ok(()) => {
                self.synced.extend(events);
                self.mark = self.writer.mark();
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
        kept.append(&mut self.queued);
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
            let text = match &self.first_line {
                Some(first) => (all.iter())
                    .map(|event| super::ron_text::to_line(self.writer.path(), event))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|lines| first.clone() + &lines.concat()),
                None => session_text(self.writer.path(), &self.header, &all),
            };
            match text
                .and_then(|text| write_recovery(self.media.as_ref(), self.writer.path(), &text))
            {
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
fn write_recovery(media: &dyn Media, path: &Path, text: &str) -> Result<SessionWriter, StoreError> {
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
        match SessionWriter::create_with(media, &candidate, text) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::header;
    use crate::model::{EventKind, Floor};
    use crate::store::parse_session;
    use crate::store::simulated::SimDisk;

    fn event(id: u32) -> Event {
        crate::model::fixture::event(
            id,
            if id.is_multiple_of(2) {
                EventKind::Floor(Floor::Silence)
            } else {
                EventKind::Floor(Floor::Facilitator)
            },
        )
    }

    fn ids(bytes: &[u8]) -> Vec<u32> {
        let loaded = parse_session(Path::new("s.ron"), bytes, None).unwrap();
        loaded.session.events.iter().map(|e| e.id.0).collect()
    }

    const PATH: &str = "/sim/g/s.ron";

    fn open(disk: &SimDisk, background: bool) -> WritePath {
        let media: Arc<dyn Media> = Arc::new(disk.clone());
        let writer = SessionWriter::create_on(media.as_ref(), Path::new(PATH), &header()).unwrap();
        let session = Session {
            header: header(),
            events: Vec::new(),
        };
        WritePath::new(media, writer, &session, background)
    }

    fn saved(reports: &[Report]) -> Vec<u32> {
        reports
            .iter()
            .filter_map(|r| match r {
                Report::Saved(e) => Some(e.id.0),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_event_is_durable_before_it_may_be_shown() {
        let disk = SimDisk::new(1);
        let mut log = open(&disk, true);
        assert_eq!(log.phase(), Phase::Synced);
        log.push(event(1));
        assert_eq!(log.phase(), Phase::Pending);
        let reports = log.flush();
        assert_eq!(saved(&reports), vec![1]);
        // Reported, but in flight: a frame showing it must wait for `wait`.
        assert!(log.is_in_flight());
        assert!(log.synced().is_empty());
        let synced = log.wait().expect("a sync in flight");
        assert!(synced.is_ok());
        // Once `wait` returned Ok, the line is on the (simulated) disk.
        assert_eq!(ids(&disk.durable(Path::new(PATH)).unwrap()), vec![1]);
        assert!(log.after_sync(synced).is_empty());
        assert_eq!(log.phase(), Phase::Synced);
        assert_eq!(log.synced().len(), 1);
        assert_eq!(log.waiting(), 0);
    }

    /// A group commit: events made while a sync is in flight are accepted at once
    /// (never waiting), then go out together in one write and one sync; none is
    /// synced, so none may be shown, before that sync returned.
    #[test]
    fn events_behind_a_sync_in_flight_go_out_in_one_write_and_one_sync() {
        let disk = SimDisk::new(1);
        let mut log = open(&disk, true);
        disk.hold_syncs();
        log.push(event(1));
        assert_eq!(saved(&log.flush()), vec![1]);
        let appends = disk.appends();
        for id in 2..=40 {
            log.push(event(id));
            assert_eq!(saved(&log.flush()), vec![id]);
        }
        // Accepted, not written: the disk is held, nothing waited.
        assert_eq!(disk.appends(), appends);
        assert_eq!(log.phase(), Phase::InFlight);
        assert_eq!(log.waiting(), 40);
        assert!(log.synced().is_empty());
        disk.release_syncs();
        let (syncs, _) = disk.syncs();
        assert_eq!(log.wait().map(|r| r.is_ok()), Some(true));
        assert_eq!(disk.appends(), appends + 1, "one write for the batch");
        assert_eq!(
            disk.syncs().0,
            syncs + 2,
            "the first event's sync and the batch's"
        );
        assert!(log.after_sync(Ok(())).is_empty());
        assert_eq!(log.phase(), Phase::Synced);
        let all: Vec<u32> = (1..=40).collect();
        assert_eq!(ids(&disk.durable(Path::new(PATH)).unwrap()), all);
    }

    /// The batch's sync fails: the whole batch is cut back and waits again, and
    /// the app is told to let go of it from its first event.
    #[test]
    fn a_failed_sync_of_a_batch_rolls_back_the_whole_batch() {
        let disk = SimDisk::new(1);
        let mut log = open(&disk, true);
        disk.hold_syncs();
        log.push(event(1));
        log.flush();
        for id in 2..=10 {
            log.push(event(id));
            log.flush();
        }
        // The first event's sync passes, the batch's fails.
        disk.script_syncs(&[false, true]);
        disk.release_syncs();
        let synced = log.wait().unwrap();
        assert!(synced.is_err());
        let reports = log.after_sync(synced);
        assert!(
            matches!(
                &reports[..],
                [Report::RolledBack {
                    from: EventId(2),
                    waiting: 9,
                    ..
                }]
            ),
            "{reports:?}"
        );
        assert_eq!(log.phase(), Phase::RolledBack);
        assert_eq!(ids(&disk.data(Path::new(PATH)).unwrap()), vec![1]);
        assert_eq!(ids(&disk.durable(Path::new(PATH)).unwrap()), vec![1]);
        // Retried as one batch again.
        assert_eq!(saved(&log.flush()), (2..=10).collect::<Vec<_>>());
        assert!(log.settle().is_empty());
        assert_eq!(
            ids(&disk.durable(Path::new(PATH)).unwrap()),
            (1..=10).collect::<Vec<_>>()
        );
    }

    #[test]
    fn without_a_background_sync_saved_means_synced() {
        let disk = SimDisk::new(1);
        let mut log = open(&disk, false);
        log.push(event(1));
        log.push(event(2));
        let reports = log.flush();
        assert_eq!(saved(&reports), vec![1, 2]);
        assert_eq!(ids(&disk.durable(Path::new(PATH)).unwrap()), vec![1, 2]);
        assert_eq!(log.phase(), Phase::Synced);
    }

    /// Event 1 logged and synced on `disk` (with a background thread); the next
    /// sync will fail.
    fn one_synced_then_a_failing_sync(disk: &SimDisk) -> WritePath {
        let mut log = open(disk, true);
        log.push(event(1));
        log.flush();
        log.settle();
        disk.script_syncs(&[true]);
        log
    }

    #[test]
    fn a_companions_recovery_file_starts_with_its_own_header() {
        let disk = SimDisk::new(1);
        let first = "(version:1,session:\"s.ron\",author:CoFacilitator)\n".to_string();
        let mut log = one_synced_then_a_failing_sync(&disk).with_first_line(first.clone());
        disk.fail_truncates(1);
        log.push(event(2));
        log.flush();
        let synced = log.wait().unwrap();
        log.after_sync(synced);
        assert_eq!(log.phase(), Phase::Stopped);
        let recovery = disk.durable(Path::new("/sim/g/s.recovered-1.ron")).unwrap();
        let text = String::from_utf8(recovery).unwrap();
        assert!(text.starts_with(&first), "{text}");
        assert_eq!(text.lines().count(), 3, "{text}");
    }

    #[test]
    fn a_failed_sync_cuts_the_file_back_and_the_events_are_written_again() {
        let disk = SimDisk::new(1);
        let mut log = one_synced_then_a_failing_sync(&disk);
        log.push(event(2));
        log.push(event(3));
        assert_eq!(saved(&log.flush()), vec![2, 3]);
        let synced = log.wait().unwrap();
        assert!(synced.is_err());
        let reports = log.after_sync(synced);
        assert!(
            matches!(
                &reports[..],
                [Report::RolledBack {
                    from: EventId(2),
                    waiting: 2,
                    ..
                }]
            ),
            "{reports:?}"
        );
        assert_eq!(log.phase(), Phase::RolledBack);
        assert_eq!(log.waiting(), 2);
        // Cut back: what reads see holds only the synced event.
        assert_eq!(ids(&disk.data(Path::new(PATH)).unwrap()), vec![1]);
        assert!(log.needs_retry());
        assert_eq!(saved(&log.flush()), vec![2, 3]);
        assert!(log.settle().is_empty());
        assert_eq!(log.phase(), Phase::Synced);
        assert_eq!(ids(&disk.durable(Path::new(PATH)).unwrap()), vec![1, 2, 3]);
    }

    #[test]
    fn a_failed_sync_without_a_background_thread_is_cut_back_too() {
        let disk = SimDisk::new(1);
        let mut log = open(&disk, false);
        disk.script_syncs(&[true]);
        log.push(event(1));
        let reports = log.flush();
        assert!(
            matches!(&reports[..], [Report::Failed { waiting: 1, .. }]),
            "{reports:?}"
        );
        assert_eq!(ids(&disk.data(Path::new(PATH)).unwrap()), Vec::<u32>::new());
        assert_eq!(saved(&log.flush()), vec![1]);
        assert_eq!(ids(&disk.durable(Path::new(PATH)).unwrap()), vec![1]);
    }

    #[test]
    fn a_failed_cut_back_stops_logging_and_keeps_everything_in_a_recovery_file() {
        let disk = SimDisk::new(1);
        let mut log = one_synced_then_a_failing_sync(&disk);
        disk.fail_truncates(1);
        log.push(event(2));
        log.flush();
        let synced = log.wait().unwrap();
        let reports = log.after_sync(synced);
        assert!(
            matches!(
                &reports[..],
                [
                    Report::RolledBack {
                        from: EventId(2),
                        ..
                    },
                    Report::Stopped { waiting: 1, .. }
                ]
            ),
            "{reports:?}"
        );
        let Report::Stopped { error, .. } = &reports[1] else {
            unreachable!()
        };
        assert!(error.starts_with(STOPPED), "{error}");
        assert!(error.contains("could not be cut back"), "{error}");
        assert!(error.contains("s.recovered-1.ron"), "{error}");
        assert_eq!(log.phase(), Phase::Stopped);
        let recovery = PathBuf::from("/sim/g/s.recovered-1.ron");
        assert_eq!(log.recovery_path(), Some(recovery.as_path()));
        assert_eq!(ids(&disk.durable(&recovery).unwrap()), vec![1, 2]);
        // Nothing more goes to the session file; later events go to the recovery file.
        let before = disk.data(Path::new(PATH)).unwrap();
        log.push(event(3));
        let reports = log.flush();
        assert!(
            matches!(&reports[..], [Report::Stopped { waiting: 2, .. }]),
            "{reports:?}"
        );
        assert_eq!(disk.data(Path::new(PATH)).unwrap(), before);
        assert_eq!(ids(&disk.durable(&recovery).unwrap()), vec![1, 2, 3]);
        assert_eq!(log.waiting(), 2);
        assert!(!log.needs_retry());
    }

    /// Each way the file can go from under the writer stops it, and nothing is
    /// written to whatever now has the name.
    #[test]
    fn a_replaced_renamed_cut_or_deleted_file_stops_logging() {
        type Act = fn(&SimDisk, &Path);
        let cases: [(&str, Act, &str); 4] = [
            (
                "replaced",
                |d, p| d.replace(p, b"someone else's\n"),
                "another file",
            ),
            (
                "renamed",
                |d, p| d.rename(p, Path::new("/sim/g/old.ron")),
                "it was moved",
            ),
            ("cut short", |d, p| d.cut(p, 10), "cut short"),
            ("deleted", |d, p| d.delete(p), "deleted"),
        ];
        for (name, act, detail) in cases {
            let disk = SimDisk::new(1);
            let mut log = open(&disk, true);
            log.push(event(1));
            log.flush();
            log.settle();
            act(&disk, Path::new(PATH));
            let at_path = disk.data(Path::new(PATH));
            log.push(event(2));
            let reports = log.flush();
            let [Report::Stopped { error, waiting: 1 }] = &reports[..] else {
                panic!("{name}: {reports:?}");
            };
            assert!(error.starts_with(STOPPED), "{name}: {error}");
            assert!(error.contains(detail), "{name}: {error}");
            assert_eq!(disk.data(Path::new(PATH)), at_path, "{name}: written to");
            let recovery = Path::new("/sim/g/s.recovered-1.ron");
            assert_eq!(ids(&disk.durable(recovery).unwrap()), vec![1, 2], "{name}");
        }
    }

    #[test]
    fn a_recovery_file_never_replaces_one_already_there() {
        let disk = SimDisk::new(1);
        let mut log = open(&disk, false);
        disk.replace(Path::new("/sim/g/s.recovered-1.ron"), b"older\n");
        disk.delete(Path::new(PATH));
        log.push(event(1));
        let reports = log.flush();
        assert!(
            matches!(&reports[..], [Report::Stopped { error, .. }] if error.contains("s.recovered-2.ron")),
            "{reports:?}"
        );
        assert_eq!(
            disk.data(Path::new("/sim/g/s.recovered-1.ron")).unwrap(),
            b"older\n"
        );
    }

    fn on_disk(dir: &Path) -> (WritePath, PathBuf) {
        let path = dir.join("g/s.ron");
        let media = crate::store::Disk::shared();
        let writer = SessionWriter::create_on(media.as_ref(), &path, &header()).unwrap();
        let session = Session {
            header: header(),
            events: Vec::new(),
        };
        (WritePath::new(media, writer, &session, true), path)
    }

    fn group() -> crate::model::Group {
        crate::model::fixture::group(vec![])
    }

    /// The real file system: what a sync client, `sed -i`, `mv`, `truncate` and `rm`
    /// do to the file while it is logged.
    #[test]
    fn on_disk_a_file_moved_under_the_writer_stops_it_and_a_second_writer_is_refused() {
        type Act = fn(&Path);
        let cases: [(&str, Act, &str); 4] = [
            (
                "sed -i (a new file renamed over it)",
                |p| {
                    let temp = p.with_file_name("sedXYZ");
                    std::fs::write(&temp, std::fs::read(p).unwrap()).unwrap();
                    std::fs::rename(&temp, p).unwrap();
                },
                "another file",
            ),
            (
                "mv away",
                |p| std::fs::rename(p, p.with_file_name("moved.ron")).unwrap(),
                "moved",
            ),
            (
                "truncate",
                |p| {
                    std::fs::OpenOptions::new()
                        .write(true)
                        .open(p)
                        .unwrap()
                        .set_len(3)
                        .unwrap()
                },
                "cut short",
            ),
            ("rm", |p| std::fs::remove_file(p).unwrap(), "deleted"),
        ];
        for (name, act, detail) in cases {
            let dir = tempfile::tempdir().unwrap();
            let (mut log, path) = on_disk(dir.path());
            log.push(event(1));
            log.flush();
            log.settle();
            act(&path);
            let at_path = std::fs::read(&path).ok();
            log.push(event(2));
            let reports = log.flush();
            let [Report::Stopped { error, waiting: 1 }] = &reports[..] else {
                panic!("{name}: {reports:?}");
            };
            assert!(error.contains(detail), "{name}: {error}");
            assert_eq!(std::fs::read(&path).ok(), at_path, "{name}: written to");
            let recovery = path.with_file_name("s.recovered-1.ron");
            let loaded = crate::store::load_session(&recovery, None).unwrap();
            assert_eq!(loaded.session.events, vec![event(1), event(2)], "{name}");
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&recovery).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name}");
            // Whatever now bears the name cannot be resumed by a second groupscribe.
            if at_path.is_some() && name.starts_with("sed") {
                let second = SessionWriter::resume(&path, &group());
                assert!(
                    matches!(second, Err(StoreError::Locked { .. })),
                    "{name}: {second:?}"
                );
            }
        }
    }

    #[test]
    fn on_disk_an_untouched_file_keeps_logging_and_is_tightened_if_loosened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (mut log, path) = on_disk(dir.path());
        log.push(event(1));
        log.flush();
        log.settle();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        log.push(event(2));
        assert_eq!(saved(&log.flush()), vec![2]);
        log.settle();
        assert_eq!(log.phase(), Phase::Synced);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let loaded = crate::store::load_session(&path, None).unwrap();
        assert_eq!(loaded.session.events.len(), 2);
    }

    #[test]
    fn creating_never_replaces_a_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        std::fs::write(&path, "keep me\n").unwrap();
        let error = SessionWriter::create(&path, &header()).unwrap_err();
        assert!(error.to_string().contains("create"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me\n");
        let error =
            crate::store::write_session_atomically(&path, &header(), &[event(1)]).unwrap_err();
        assert!(error.to_string().contains("s.ron"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me\n");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.ends_with(".tmp")),
            "a temp file was left: {names:?}"
        );
    }

    #[test]
    fn a_whole_session_is_written_at_once_and_loads() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/s.ron");
        let events: Vec<Event> = (1..=50).map(event).collect();
        crate::store::write_session_atomically(&path, &header(), &events).unwrap();
        let loaded = crate::store::load_session(&path, None).unwrap();
        assert_eq!(loaded.session.events, events);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(
            std::fs::read_dir(dir.path().join("new")).unwrap().count(),
            1
        );
    }
}
