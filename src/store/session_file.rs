//! A session file is RON lines: the header on line 1, then one event per line,
//! appended and fsync'd before the event is shown. Only a torn last line (a write
//! cut short by a crash) is ever dropped, and its bytes are kept beside the file.

use super::disk::Disk;
use super::medium::{Media, Medium};
use super::{StoreError, fsio, ron_text};
use crate::model::{Event, EventKind, Group, MemberId, Session, SessionHeader};
use std::path::{Path, PathBuf};

/// The unfinished last line of a file whose writer was killed mid-write.
#[derive(Debug, Clone, PartialEq)]
pub struct TornTail {
    pub line: usize,
    /// Where in the file its bytes begin.
    pub offset: u64,
    pub bytes: Vec<u8>,
}

impl TornTail {
    /// Where the tail is and how it ends, for `check` and the resume notice:
    /// e.g. "line 7 (from byte 1234, 19 bytes, ending mid-character)".
    pub fn place(&self) -> String {
        let mid_character = match std::str::from_utf8(&self.bytes) {
            Ok(_) => "",
            Err(error) if error.error_len().is_none() => ", ending mid-character",
            Err(_) => ", not UTF-8 text",
        };
        format!(
            "line {} (from byte {}, {} bytes{mid_character})",
            self.line,
            self.offset,
            self.bytes.len()
        )
    }
}

#[derive(Debug)]
pub struct LoadedSession {
    pub session: Session,
    pub torn: Option<TornTail>,
    /// Member ids of a session without a roster snapshot that the group given
    /// to `load_session` does not list (a member since removed from group.ron).
    /// The session loads anyway; they read as their id.
    pub missing_members: Vec<MissingMember>,
}

/// A member id the session names on `line` that today's group.ron does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingMember {
    pub line: usize,
    pub id: MemberId,
}

/// Reads a session. Every member id must be in the roster snapshot of its
/// header, if it has one. An older session without a snapshot is read with
/// `group` (today's group.ron): ids it does not list are `missing_members`,
/// never an error, since a roster edit must not make a record unreadable.
pub fn load_session(path: &Path, group: Option<&Group>) -> Result<LoadedSession, StoreError> {
    let bytes = super::keyring::read_record(path)?;
    parse_session(path, &bytes, group)
}

/// Reads a session from bytes already read (`path` is named in errors).
pub fn parse_session(
    path: &Path,
    bytes: &[u8],
    group: Option<&Group>,
) -> Result<LoadedSession, StoreError> {
    let complete_len = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let (complete, tail) = bytes.split_at(complete_len);
    let text = std::str::from_utf8(complete).map_err(|error| StoreError::Invalid {
        path: path.to_path_buf(),
        what: format!("not UTF-8 text (byte {})", error.valid_up_to()),
        hint: "This is not a groupscribe session file, or it was damaged outside groupscribe."
            .into(),
    })?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    let Some((_, first)) = lines.next() else {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            what: "the file is empty: it has no session header".into(),
            hint: "A crash while creating the session can leave this; delete the file if it holds nothing you need.".into(),
        });
    };
    let header: SessionHeader = ron_text::parse_versioned(path, first, 0)?;
    let lines: Vec<(usize, &str)> = lines.collect();
    let parsed = parse_events(path, &lines);
    let mut events: Vec<Event> = Vec::with_capacity(lines.len());
    let mut missing_members = Vec::new();
    for (&(index, _), event) in lines.iter().zip(parsed) {
        let event = event?;
        if let Some(previous) = events.last()
            && event.id <= previous.id
        {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                what: format!(
                    "line {}: event {} comes after event {}; ids must increase",
                    index + 1,
                    event.id,
                    previous.id
                ),
                hint: "The file was edited by hand; restore the order of the lines.".into(),
            });
        }
        match (&header.snapshot, group) {
            (Some(snapshot), _) => check_members(path, index + 1, &event.kind, snapshot)?,
            (None, Some(group)) => missing_members.extend(
                (event.kind.member_ids().into_iter())
                    .filter(|id| group.member(id).is_none())
                    .map(|id| MissingMember {
                        line: index + 1,
                        id: id.clone(),
                    }),
            ),
            (None, None) => {}
        }
        events.push(event);
    }
    super::sanity::check_times(path, text, &header, &events)?;
    let torn = (!tail.is_empty()).then(|| TornTail {
        line: text.lines().count() + 1,
        offset: complete_len as u64,
        bytes: tail.to_vec(),
    });
    Ok(LoadedSession {
        session: Session { header, events },
        torn,
        missing_members,
    })
}

/// A session lives in the folder of the group its header names. One found in
/// another group's folder (copied, moved or linked there) is refused for
/// appending and reported by `check`: its events would join the wrong record.
/// A folder without a `group.ron` is not a group's, and is not checked.
pub fn check_group_folder(path: &Path, header: &SessionHeader) -> Result<(), StoreError> {
    let Some(folder) = path.parent() else {
        return Ok(());
    };
    let Some(name) = folder.file_name().map(|name| name.to_string_lossy()) else {
        return Ok(());
    };
    if name == header.group.as_str() || !folder.join(super::GROUP_FILE).is_file() {
        return Ok(());
    }
    Err(StoreError::Invalid {
        path: path.to_path_buf(),
        what: format!(
            "this session belongs to the group \"{}\" (line 1), but it is in the folder of the \
             group \"{name}\"",
            crate::diag::printable_line(&header.group)
        ),
        hint: format!(
            "It was copied, moved or linked here from another group's folder: move it back to \
             {}/ (nothing was written to it).",
            crate::diag::printable_line(&header.group)
        ),
    })
}

/// Lines parsed at once beyond which a long session is parsed on every core.
const PARALLEL_FROM: usize = 4_096;

/// Each event line parsed, in order (one result per line). Lines do not
/// depend on each other, so a long session is cut in one run of lines per
/// core; what is checked across lines (order, roster, times) is checked after,
/// in order, so the first problem reported is the same either way.
fn parse_events(path: &Path, lines: &[(usize, &str)]) -> Vec<Result<Event, StoreError>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if lines.len() < PARALLEL_FROM || cores < 2 {
        return parse_run(path, lines);
    }
    let per = lines.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let runs: Vec<_> = lines
            .chunks(per)
            .map(|chunk| scope.spawn(move || parse_on_worker(path, chunk)))
            .collect();
        let mut all = Vec::with_capacity(lines.len());
        for run in runs {
            match run.join() {
                Ok(parsed) => all.extend(parsed),
                // RON returns errors, never panics, on any text; a panic
                // would be a bug, and goes on as it would without threads.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

fn parse_run(path: &Path, lines: &[(usize, &str)]) -> Vec<Result<Event, StoreError>> {
    lines
        .iter()
        .map(|&(index, line)| super::event_line::parse(path, line, index))
        .collect()
}

/// [`parse_run`] as a worker thread's whole work: a function of its own, never
/// inlined and called from nowhere else, so that the performance guard
/// (`benches/guard.rs`) can count the workers' instructions by its name.
#[inline(never)]
fn parse_on_worker(path: &Path, lines: &[(usize, &str)]) -> Vec<Result<Event, StoreError>> {
    parse_run(path, lines)
}

/// Every member an event names must be on the roster the session recorded
/// when it began: anything else was written by hand, not by groupscribe.
pub(super) fn check_members(
    path: &Path,
    line: usize,
    kind: &EventKind,
    snapshot: &Group,
) -> Result<(), StoreError> {
    match kind
        .member_ids()
        .into_iter()
        .find(|id| snapshot.member(id).is_none())
    {
        Some(id) => Err(StoreError::Parse {
            path: path.to_path_buf(),
            line,
            col: 1,
            message: format!(
                "unknown member id \"{id}\": it is not on the roster this session recorded \
                 in its header (line 1) when it began"
            ),
            hint: "The line was changed outside groupscribe: restore the id from a backup; \
                   the file was left untouched."
                .into(),
        }),
        None => Ok(()),
    }
}

/// The one writer of a live session: holds an exclusive lock on the file (and on
/// `<file>.lock` beside it) for as long as it lives, so a second instance cannot
/// interleave events, even once the file was replaced under it.
#[derive(Debug)]
pub struct SessionWriter {
    path: PathBuf,
    medium: Box<dyn Medium>,
    /// Length of the file up to its last complete line; a failed write is cut back to it.
    len: u64,
    /// The session has ended: only record-keeping events may follow.
    ended: bool,
}

/// The path no longer names the file this writer opened, or the file is not the
/// length written: appending would go where nobody reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub detail: String,
}

impl SessionWriter {
    /// Creates the session file with its header, durable before it returns.
    pub fn create(path: &Path, header: &SessionHeader) -> Result<SessionWriter, StoreError> {
        SessionWriter::create_on(&Disk, path, header)
    }

    /// The same, on any medium (a simulated disk in tests). The file appears with its
    /// header or not at all: a full disk leaves no empty file behind.
    pub fn create_on(
        media: &dyn Media,
        path: &Path,
        header: &SessionHeader,
    ) -> Result<SessionWriter, StoreError> {
        let line = ron_text::to_line(path, header)?;
        SessionWriter::create_with(media, path, &line)
    }

    /// Creates a file holding `contents` (complete lines) and writes on after them.
    pub(super) fn create_with(
        media: &dyn Media,
        path: &Path,
        contents: &str,
    ) -> Result<SessionWriter, StoreError> {
        let medium = media.create(path, contents)?;
        Ok(SessionWriter {
            path: path.to_path_buf(),
            medium,
            len: contents.len() as u64,
            ended: false,
        })
    }

    /// Reopens a session that was not ended. A torn last line is moved to
    /// `<file>.torn` (never deleted) so appends start on a clean line.
    pub fn resume(
        path: &Path,
        group: &Group,
    ) -> Result<(SessionWriter, LoadedSession), StoreError> {
        SessionWriter::resume_on(&Disk, path, group)
    }

    pub fn resume_on(
        media: &dyn Media,
        path: &Path,
        group: &Group,
    ) -> Result<(SessionWriter, LoadedSession), StoreError> {
        let (mut medium, bytes) = media.open(path)?;
        let loaded = parse_session(path, &bytes, Some(group))?;
        check_group_folder(path, &loaded.session.header)?;
        let mut len = bytes.len() as u64;
        if let Some(torn) = &loaded.torn {
            let keep = torn_path(path);
            let mut saved = std::fs::read(&keep).unwrap_or_default();
            saved.extend_from_slice(&torn.bytes);
            saved.push(b'\n');
            // The exact bytes: a tail cut mid-character is not UTF-8, and is kept as it is.
            fsio::write_atomic_bytes(&keep, &saved)?;
            len -= torn.bytes.len() as u64;
            medium
                .truncate(len)
                .map_err(StoreError::io(path, "cut the torn last line"))?;
            medium.sync().map_err(StoreError::io(path, "sync"))?;
        }
        Ok((
            SessionWriter {
                path: path.to_path_buf(),
                medium,
                len,
                ended: loaded.session.is_ended(),
            },
            loaded,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event and waits until it is on disk (fdatasync).
    pub fn append(&mut self, event: &Event) -> Result<(), StoreError> {
        self.write(event)?;
        self.sync()
    }

    /// Appends one event's line without waiting for the disk: it must not be shown
    /// until `sync` (or a `Syncer`) has returned.
    /// After `Ended` only record-keeping events are written; anything else is refused.
    pub fn write(&mut self, event: &Event) -> Result<(), StoreError> {
        if self.ended && !event.kind.is_record_keeping() {
            return Err(after_ended(&self.path, event));
        }
        let line = ron_text::to_line(&self.path, event)?;
        self.write_line(&line)?;
        self.ended |= event.kind == EventKind::Ended;
        Ok(())
    }

    /// Writes `events` as one append (one `write`), for a group commit: the lines of
    /// every event up to the first refused one (see `write`). Returns how many were
    /// written and, if not all, why; a failed append writes none.
    pub fn write_all(&mut self, events: &[Event]) -> (usize, Result<(), StoreError>) {
        let mut text = String::new();
        let mut ended = self.ended;
        let mut refused = Ok(());
        let mut count = 0;
        for event in events {
            if ended && !event.kind.is_record_keeping() {
                refused = Err(after_ended(&self.path, event));
                break;
            }
            match ron_text::to_line(&self.path, event) {
                Ok(line) => text.push_str(&line),
                Err(error) => {
                    refused = Err(error);
                    break;
                }
            }
            ended |= event.kind == EventKind::Ended;
            count += 1;
        }
        if count > 0 {
            if let Err(error) = self.write_line(&text) {
                return (0, Err(error));
            }
            self.ended = ended;
        }
        (count, refused)
    }

    /// Opens an existing file of complete lines (a companion file) to append
    /// to, locked; its bytes are returned. `ended` says whether the session it
    /// belongs to has ended.
    pub(super) fn open_lines(
        media: &dyn Media,
        path: &Path,
        ended: bool,
    ) -> Result<(SessionWriter, Vec<u8>), StoreError> {
        let (medium, bytes) = media.open(path)?;
        if bytes.last().is_some_and(|&b| b != b'\n') {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                what: "its last line is unfinished (a write cut short)".into(),
                hint: "Move the unfinished last line out of the file, then try again.".into(),
            });
        }
        Ok((
            SessionWriter {
                path: path.to_path_buf(),
                medium,
                len: bytes.len() as u64,
                ended,
            },
            bytes,
        ))
    }

    /// The file's length up to its last complete line, to `rollback` to.
    pub fn mark(&self) -> u64 {
        self.len
    }

    /// Cuts the file back to `mark`: lines whose fsync failed are written again
    /// later rather than trusted.
    pub fn rollback(&mut self, mark: u64) -> Result<(), StoreError> {
        self.medium
            .truncate(mark)
            .map_err(StoreError::io(&self.path, "cut unsaved lines"))?;
        self.len = mark;
        Ok(())
    }

    pub fn sync(&mut self) -> Result<(), StoreError> {
        self.medium
            .sync()
            .map_err(StoreError::io(&self.path, "save to disk (fdatasync)"))
    }

    /// Before an append: does the path still name the file opened, with the length
    /// written (device, inode, links, length — as SQLite checks)? One fstat and one
    /// stat. A file made readable by others meanwhile is made private again.
    pub fn check(&mut self) -> Result<Result<(), Moved>, StoreError> {
        let opened = self
            .medium
            .opened()
            .map_err(StoreError::io(&self.path, "check the session file"))?;
        let at_path = self
            .medium
            .at_path()
            .map_err(StoreError::io(&self.path, "check the session file"))?;
        let detail = match at_path {
            None if opened.links == 0 => Some("it was deleted".to_string()),
            None => Some("nothing is there any more: it was moved".to_string()),
            Some(now) if (now.dev, now.ino) != (opened.dev, opened.ino) => {
                Some("another file was put in its place".to_string())
            }
            Some(_) if opened.links == 0 => Some("it was deleted".to_string()),
            Some(_) if opened.len < self.len => Some(format!(
                "it was cut short ({} bytes, {} written)",
                opened.len, self.len
            )),
            Some(_) if opened.len > self.len => Some(format!(
                "another program wrote to it ({} bytes, {} written)",
                opened.len, self.len
            )),
            Some(_) => None,
        };
        if let Some(detail) = detail {
            return Ok(Err(Moved { detail }));
        }
        if opened.mode & 0o077 != 0 {
            self.medium
                .make_private()
                .map_err(StoreError::io(&self.path, "make private (chmod 600)"))?;
        }
        Ok(Ok(()))
    }

    /// A thread that fsyncs this file on request, so the screen can be prepared
    /// while the disk works; the prepared frame is shown only once it says done.
    pub fn syncer(&self) -> Result<Syncer, StoreError> {
        let mut sync = self
            .medium
            .sync_handle()
            .map_err(StoreError::io(&self.path, "open for syncing"))?;
        let (request, requests) = std::sync::mpsc::channel::<()>();
        let (reply, replies) = std::sync::mpsc::channel::<std::io::Result<()>>();
        std::thread::Builder::new()
            .name("fsync".into())
            .spawn(move || {
                while requests.recv().is_ok() {
                    if reply.send(sync()).is_err() {
                        break;
                    }
                }
            })
            .map_err(StoreError::io(&self.path, "start the fsync thread"))?;
        Ok(Syncer {
            path: self.path.clone(),
            request,
            replies,
            running: false,
            ready: None,
        })
    }

    fn write_line(&mut self, line: &str) -> Result<(), StoreError> {
        if let Err(error) = self.medium.append(line.as_bytes()) {
            // A partial line would corrupt every later append: cut it off again.
            let _ = self.medium.truncate(self.len);
            return Err(StoreError::io(&self.path, "write")(error));
        }
        self.len += line.len() as u64;
        Ok(())
    }
}

/// A companion file of a session's record (`.cofac.ron`, `.supervisor.ron`),
/// not a session of its own.
pub fn is_companion(path: &Path) -> bool {
    path.file_name()
        .map(|name| name.to_string_lossy())
        .is_some_and(|name| name.ends_with(".cofac.ron") || name.ends_with(".supervisor.ron"))
}

/// The error for a non-record-keeping event offered after the session ended.
pub(super) fn after_ended(path: &Path, event: &Event) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        what: format!(
            "event {} ({}) was not written: the session has ended",
            event.id,
            event.kind.label(&|floor| format!("{floor:?}"))
        ),
        hint: "After `Ended` only record-keeping events are added: amend, retract, late, \
               debrief, sign or return."
            .into(),
    }
}

/// One fsync at a time, run on its own thread: `start`, do other work, `wait`.
#[derive(Debug)]
pub struct Syncer {
    path: PathBuf,
    request: std::sync::mpsc::Sender<()>,
    replies: std::sync::mpsc::Receiver<std::io::Result<()>>,
    running: bool,
    /// The result of the fsync started last, once `finished` saw it return.
    ready: Option<std::io::Result<()>>,
}

impl Syncer {
    /// Asks for an fdatasync of everything written so far (once one is not already running).
    pub fn start(&mut self) {
        if !self.running {
            self.running = self.request.send(()).is_ok();
        }
    }

    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Whether the fsync started last has returned (never waits); its result is
    /// kept for `wait`. True when nothing was running.
    pub fn finished(&mut self) -> bool {
        if !self.running || self.ready.is_some() {
            return true;
        }
        match self.replies.try_recv() {
            Ok(result) => {
                self.ready = Some(result);
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.ready = Some(Err(std::io::Error::other("the fsync thread stopped")));
                true
            }
        }
    }

    /// Waits for the fsync started last; `Ok` when nothing was running.
    pub fn wait(&mut self) -> Result<(), StoreError> {
        if !std::mem::take(&mut self.running) {
            return Ok(());
        }
        let lost = || std::io::Error::other("the fsync thread stopped");
        let result = match self.ready.take() {
            Some(result) => result,
            None => self.replies.recv().unwrap_or_else(|_| Err(lost())),
        };
        result.map_err(StoreError::io(&self.path, "save to disk (fdatasync)"))
    }
}

pub(super) fn session_text(
    path: &Path,
    header: &SessionHeader,
    events: &[Event],
) -> Result<String, StoreError> {
    let mut text = ron_text::to_line(path, header)?;
    for event in events {
        text.push_str(&ron_text::to_line(path, event)?);
    }
    Ok(text)
}

/// Whether a live groupscribe holds the session's lock right now (on the file,
/// or on its `.lock` beside it, which outlives a file replaced under the writer):
/// a shared lock is tried without waiting and let go at once. A file that cannot
/// be opened counts as not locked (opening it to log says why).
pub fn is_locked(path: &Path) -> bool {
    held(path) || held(&super::medium::lock_path(path))
}

fn held(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(_)) => false,
    }
}

pub fn torn_path(path: &Path) -> PathBuf {
    path.with_extension("ron.torn")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{event, header, member};
    use crate::model::{Floor, MemberId};
    use std::fs::OpenOptions;
    use std::io::Write;

    fn group() -> Group {
        crate::model::fixture::group(vec![member("ana", "Ana Ruiz")])
    }

    /// A long session is parsed on every core and reads exactly as parsed
    /// line by line; a broken one names the same first problem.
    #[test]
    fn a_long_session_parsed_on_every_core_reads_as_line_by_line() {
        let ana = EventKind::Floor(Floor::Member(MemberId::new("ana")));
        let path = Path::new("long.ron");
        let mut text = ron_text::to_line(path, &header()).unwrap();
        for id in 1..=(PARALLEL_FROM as u32 * 2) {
            text.push_str(&ron_text::to_line(path, &event(id, ana.clone())).unwrap());
        }
        let loaded = parse_session(path, text.as_bytes(), Some(&group())).unwrap();
        let lines: Vec<(usize, &str)> = text.lines().enumerate().skip(1).collect();
        let one_by_one: Vec<Event> = lines
            .iter()
            .map(|&(index, line)| ron_text::parse(path, line, index).unwrap())
            .collect();
        assert_eq!(loaded.session.events, one_by_one);
        // An id out of order early and an unreadable line late: the early one is named.
        let mut broken: Vec<String> = text.lines().map(String::from).collect();
        broken.swap(300, 301);
        let last = broken.len() - 2;
        broken[last] = "(not an event".into();
        let broken = broken.join("\n") + "\n";
        let error = parse_session(path, broken.as_bytes(), Some(&group())).unwrap_err();
        assert!(error.to_string().contains("line 302"), "{error}");
    }

    #[test]
    fn appended_events_load_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g/2026-11-23-s01.ron");
        let mut writer = SessionWriter::create(&path, &header()).unwrap();
        let ana = EventKind::Floor(Floor::Member(MemberId::new("ana")));
        writer.append(&event(1, ana.clone())).unwrap();
        writer
            .append(&event(
                2,
                EventKind::Moment(crate::model::Moment {
                    what: crate::model::MomentKind::Note,
                    members: vec![],
                    text: Some("two\nlines \"quoted\"".into()),
                }),
            ))
            .unwrap();
        let loaded = load_session(&path, Some(&group())).unwrap();
        assert_eq!(loaded.session.events.len(), 2);
        assert_eq!(loaded.session.events[0].kind, ana);
        assert!(loaded.torn.is_none());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3, "one line per value:\n{text}");
    }

    #[test]
    fn a_syncer_makes_written_lines_durable_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut writer = SessionWriter::create(&path, &header()).unwrap();
        let mut syncer = writer.syncer().unwrap();
        assert!(
            syncer.wait().is_ok(),
            "waiting with nothing running is fine"
        );
        writer
            .write(&event(1, EventKind::Floor(Floor::Silence)))
            .unwrap();
        syncer.start();
        assert!(syncer.is_running());
        syncer.wait().unwrap();
        assert!(!syncer.is_running());
        assert_eq!(
            load_session(&path, Some(&group()))
                .unwrap()
                .session
                .events
                .len(),
            1
        );
    }

    #[test]
    fn files_and_folders_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g/s.ron");
        SessionWriter::create(&path, &header()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }

    #[test]
    fn a_second_writer_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let _first = SessionWriter::create(&path, &header()).unwrap();
        let second = SessionWriter::resume(&path, &group());
        assert!(
            matches!(second, Err(StoreError::Locked { .. })),
            "{second:?}"
        );
    }

    #[test]
    fn the_lock_probe_tells_a_live_writer_from_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let writer = SessionWriter::create(&path, &header()).unwrap();
        let _syncer = writer.syncer().unwrap();
        assert!(is_locked(&path), "a live writer holds the lock");
        assert!(is_locked(&path), "probing does not take the lock away");
        drop(writer);
        assert!(
            !is_locked(&path),
            "gone with the writer, though the fsync thread's copy may linger"
        );
        let (_again, _) = SessionWriter::resume(&path, &group()).unwrap();
        assert!(is_locked(&path));
        assert!(!is_locked(&dir.path().join("missing.ron")));
    }

    /// `s.ron` in `dir`: a header and one event (silence), the writer let go.
    fn one_silence(dir: &Path) -> PathBuf {
        let path = dir.join("s.ron");
        let mut writer = SessionWriter::create(&path, &header()).unwrap();
        writer
            .append(&event(1, EventKind::Floor(Floor::Silence)))
            .unwrap();
        path
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = one_silence(dir.path());
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"(id:2,at:\"2026-11-2").unwrap();
        let loaded = load_session(&path, Some(&group())).unwrap();
        assert_eq!(loaded.session.events.len(), 1);
        assert_eq!(loaded.torn.as_ref().map(|t| t.line), Some(3));
        let (mut writer, _) = SessionWriter::resume(&path, &group()).unwrap();
        writer
            .append(&event(2, EventKind::Floor(Floor::Facilitator)))
            .unwrap();
        let reloaded = load_session(&path, Some(&group())).unwrap();
        assert_eq!(reloaded.session.events.len(), 2);
        assert!(reloaded.torn.is_none());
        assert!(
            std::fs::read_to_string(torn_path(&path))
                .unwrap()
                .contains("(id:2,at:")
        );
    }

    #[test]
    fn a_malformed_line_names_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = one_silence(dir.path());
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(
            "(id:2,at:\"2026-11-23T18:00:00+01:00\",by:Facilitator,kind:Flor(Silence))\n",
        );
        std::fs::write(&path, &text).unwrap();
        let error = load_session(&path, Some(&group())).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("s.ron:3:"), "{message}");
        assert!(message.contains("Flor"), "{message}");
    }

    #[test]
    fn an_id_off_the_sessions_own_roster_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut recorded = header();
        recorded.snapshot = Some(group());
        let mut writer = SessionWriter::create(&path, &recorded).unwrap();
        writer
            .append(&event(
                1,
                EventKind::Floor(Floor::Member(MemberId::new("zed"))),
            ))
            .unwrap();
        // Today's group listing "zed" does not make a hand-edited line valid.
        let mut today = group();
        today.members[0].id = MemberId::new("zed");
        for given in [None, Some(&today)] {
            let message = load_session(&path, given).unwrap_err().to_string();
            assert!(
                message.contains("s.ron:2:1: unknown member id \"zed\""),
                "{message}"
            );
        }
    }

    #[test]
    fn the_header_keeps_its_snapshot_on_its_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut snapshot = group();
        snapshot.purpose = "two\nlines".into();
        snapshot.planned_sessions = Some(8);
        let mut recorded = header();
        recorded.snapshot = Some(snapshot);
        let mut writer = SessionWriter::create(&path, &recorded).unwrap();
        writer
            .append(&event(1, EventKind::Floor(Floor::Silence)))
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.lines().next().unwrap().contains("snapshot:"), "{text}");
        let loaded = load_session(&path, None).unwrap();
        assert_eq!(loaded.session.header, recorded);
    }

    #[test]
    fn a_member_removed_from_group_ron_never_makes_a_session_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let ana = EventKind::Floor(Floor::Member(MemberId::new("ana")));
        let mut today = group();
        today.members.clear();
        // With a snapshot, today's roster does not matter at all.
        let path = dir.path().join("s1.ron");
        let mut recorded = header();
        recorded.snapshot = Some(group());
        let mut writer = SessionWriter::create(&path, &recorded).unwrap();
        writer.append(&event(1, ana.clone())).unwrap();
        drop(writer);
        let loaded = load_session(&path, Some(&today)).unwrap();
        assert!(loaded.missing_members.is_empty());
        assert!(SessionWriter::resume(&path, &today).is_ok());
        // Without one (an older file), the id is reported, not refused.
        let path = dir.path().join("s2.ron");
        let mut writer = SessionWriter::create(&path, &header()).unwrap();
        writer.append(&event(1, ana)).unwrap();
        drop(writer);
        let loaded = load_session(&path, Some(&today)).unwrap();
        assert_eq!(
            loaded.missing_members,
            [MissingMember {
                line: 2,
                id: MemberId::new("ana")
            }]
        );
        let (_, resumed) = SessionWriter::resume(&path, &today).unwrap();
        assert_eq!(resumed.session.events.len(), 1);
    }

    #[test]
    fn a_newer_version_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let text = "(version: 9, group: \"g\", number: 1, started: \"2026-11-23T18:00:00+01:00\", facilitator: \"S\", future_field: 3)\n";
        std::fs::write(&path, text).unwrap();
        let error = SessionWriter::resume(&path, &group()).unwrap_err();
        assert!(
            matches!(error, StoreError::NewerVersion { found: 9, .. }),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
}
