//! What reaches `update` (actions) and what `update` asks the shell to do (effects).

use crate::model::{Author, Event, EventId, EventKind, Group, Session, Timestamp};
use crate::store::GroupEntry;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use std::path::PathBuf;

#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize,
    /// The clock second changed.
    Tick,
    /// The wall clock stepped by this many milliseconds beyond the time that
    /// passed (see `clock::ClockWatch`), found by the shell before the action it
    /// was about to handle.
    ClockStepped {
        by_ms: i64,
    },
    /// Something changed in the store folder (another program, not us).
    FilesChanged,
    /// The theme file (or its folder) changed: reload it.
    ThemeFileChanged,
    /// The reloaded theme, or why it could not be read.
    ThemeLoaded(Result<Box<crate::theme::Theme>, String>),
    HomeLoaded(Result<Vec<GroupEntry>, String>),
    /// The supervisor's queue for the store in view, in one line (`None`: empty).
    QueueLoaded(Option<String>),
    SessionOpened(Box<OpenedSession>),
    /// What carries over from the group's earlier sessions into the one just
    /// opened on the live panel (read after it, from their records).
    CarryLoaded(Box<crate::metrics::carry::CarryOver>),
    /// A session's whole record read for its replay, to start at `from` at `speed`.
    ReplayOpened {
        opened: Box<OpenedSession>,
        from: Option<crate::model::Timestamp>,
        speed: crate::clock::Speed,
    },
    /// A session read for the review screen (following it if not ended).
    ReviewOpened(Box<OpenedSession>),
    /// A change to the record is on disk: the record as it now stands, and what was done.
    RecordChanged {
        session: Box<Session>,
        message: String,
    },
    /// A group's report across sessions, laid out, for the report screen.
    ReportOpened {
        slug: String,
        document: Box<crate::report::Document>,
    },
    OpenFailed(String),
    /// A group file read for the group editor, or why it could not be.
    GroupOpened(Result<Box<crate::store::GroupDocument>, String>),
    /// The group editor's save: the file as it now is, or why it was not saved.
    GroupSaved(Result<(Box<crate::store::GroupDocument>, crate::store::Saved), String>),
    /// The event is on disk and may now be shown.
    Saved(Event),
    /// Writing failed; `waiting` events are held in memory and retried.
    SaveFailed {
        error: String,
        waiting: usize,
    },
    /// The fsync of events from `from` on failed before any frame showed them:
    /// they are held back in memory and retried.
    Unsaved {
        from: crate::model::EventId,
        error: String,
        waiting: usize,
    },
    /// The followed session as it now stands on disk.
    Followed(Box<crate::model::Session>),
    /// The session was closed; `message` says where the note went (or why not).
    SessionClosed {
        message: String,
    },
    /// The live session was left without ending it: it stays open to resume.
    SessionLeft {
        path: PathBuf,
        message: String,
    },
    /// A signal reached the process (SIGTERM, SIGTSTP, …). The loop that owns the
    /// terminal acts on it; `update` never sees it.
    Signal(i32),
}

#[derive(Debug)]
pub struct OpenedSession {
    pub slug: String,
    pub group: Group,
    pub path: PathBuf,
    pub session: Session,
    /// Said once on opening, e.g. that a torn last line was set aside.
    pub notice: Option<String>,
    /// Followed read-only while another groupscribe logs it.
    pub following: bool,
}

/// A change to the record asked for in the review; the store writes it as
/// one record-keeping event of the reviewer's own file.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordChange {
    Amend {
        target: EventId,
        replacement: EventKind,
        reason: String,
    },
    Retract {
        target: EventId,
        reason: String,
    },
    /// A turn began at `to`, not `from` (within its neighbours).
    Retime {
        target: EventId,
        from: Timestamp,
        to: Timestamp,
        reason: String,
    },
    /// The supervisor returns the note for revision.
    Return {
        name: String,
        comment: String,
    },
    /// Dated `at`, when it happened; written now.
    Late {
        at: Timestamp,
        what: EventKind,
        reason: String,
    },
    Debrief {
        text: String,
    },
    /// The digest is taken by the store, over every line written before.
    Sign {
        name: String,
        comment: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadHome,
    StartSession {
        slug: String,
    },
    ResumeSession {
        path: PathBuf,
    },
    /// End a session that was left open, from the home screen, at its last
    /// event (never "now"), and write its note.
    EndUnended {
        path: PathBuf,
    },
    Append(Event),
    /// Follow a session another groupscribe is logging: read it, never write.
    Follow {
        path: PathBuf,
    },
    /// Replay a session (its whole record, as it now reads), from `from`
    /// (its start if `None`), at `speed`, paused. Reads, never writes.
    Replay {
        path: PathBuf,
        from: Option<crate::model::Timestamp>,
        speed: crate::clock::Speed,
    },
    /// Read a session for the review screen, without its lock.
    Review {
        path: PathBuf,
    },
    /// Append a record-keeping event by `author` to their file of the record,
    /// rewrite the note, and read the record again.
    ChangeRecord {
        path: PathBuf,
        author: Author,
        change: RecordChange,
    },
    /// Read the followed session again: it has grown.
    ReloadFollowed {
        path: PathBuf,
    },
    /// Write the note of the (ended) live session and release it.
    CloseSession,
    /// Release the live session without ending it, once every event is on disk.
    LeaveSession,
    /// Read a group's file for the group editor.
    OpenGroup {
        slug: String,
    },
    /// Save the group editor's group over the file it read (atomically,
    /// refused if the file changed since).
    SaveGroup {
        document: Box<crate::store::GroupDocument>,
        edited: Box<Group>,
    },
    ReloadTheme,
    /// Read a group's report across sessions (its summaries, rebuilt where stale).
    OpenReport {
        slug: String,
    },
    Quit,
}
