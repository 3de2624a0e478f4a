//! Listing a group's sessions without reading their history: what the home
//! screen and the queue need to know of each session file — its header,
//! whether it ended, how many events it holds, when the last one was logged,
//! and what its record waits for (see [`super::queue`]).
//!
//! **The listing index.** Each group folder keeps a derived index,
//! [`INDEX_FILE`] (`.groupscribe-listing`: hidden, and not a `.ron` file, so
//! nothing that lists sessions mistakes it for one). It is never the record:
//! each entry names a session file and the length and modification time of
//! that file and of its companions (`.cofac.ron`, `.supervisor.ron`) when the
//! entry was made. An entry is used only while all of these still match;
//! otherwise the session is read again:
//! - an unended session (one being logged, or interrupted) by a *light
//!   scan* — its header line, a count of its lines, the time at the start of
//!   each line, and its last lines parsed back to the last event that is not
//!   record-keeping — so that resuming it parses it once, when it is opened;
//! - an ended session in full, with its companions (the queue needs its
//!   sign-offs and its risks as the record now stands).
//!
//! The index is JSON (derived data read at every start: JSON parses several
//! times faster than RON). A missing, unreadable or older index is rebuilt; a failure to write it is
//! ignored (it only saves time). The index is rewritten only when an entry
//! changed, atomically, owner-only. [`scan_folder`] with `save: false` never
//! writes (the supervisor's queue).

use super::record::{LoadedRecord, is_companion, load_record_from, record_file};
use super::{GROUP_FILE, SessionSummary, StoreError, is_locked, ron_text};
use crate::model::{
    Author, EventKind, Group, MemberId, MomentKind, RecordEntry, SessionHeader, Timestamp,
    effective_events,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What an ended session's record waits for, as the listing index keeps it
/// (see this module's docs): names are resolved, and overdue decided, when
/// the queue is read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub note: Option<NoteWait>,
    pub risks: Vec<RiskWait>,
}

/// What the note of an ended session waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoteWait {
    Signature(Vec<Author>),
    Returned { comment: String },
}

/// A risk whose follow-up is open (`due`), or with no action recorded (`due: None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskWait {
    pub member: Option<MemberId>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}

/// What an ended session's record waits for (the rules: [`super::queue`]).
pub fn waiting_of(record: &LoadedRecord) -> Waiting {
    let session = &record.loaded.session;
    if !session.is_ended() || session.header.observer.is_some() {
        return Waiting::default();
    }
    let mut risks = Vec::new();
    for (_, kind) in effective_events(&session.events) {
        let Some(EventKind::Moment(moment)) = kind.as_happened() else {
            continue;
        };
        let MomentKind::Risk(_, detail) = &moment.what else {
            continue;
        };
        let member = moment.members.first().cloned();
        if let Some(due) = detail.follow_up_due {
            risks.push(RiskWait {
                member,
                owner: detail.follow_up_owner.clone(),
                due: Some(due),
            });
        } else if detail.actions.is_empty()
            && detail.action_text.is_none()
            && detail.follow_up_owner.is_none()
        {
            risks.push(RiskWait {
                member,
                owner: None,
                due: None,
            });
        }
    }
    Waiting {
        note: note_awaits(record),
        risks,
    }
}

/// What the note of an ended session waits for, if anything.
fn note_awaits(record: &LoadedRecord) -> Option<NoteWait> {
    let events = &record.loaded.session.events;
    let last_sign = |author: Author| {
        (events.iter())
            .filter(|event| event.by == author)
            .filter(|event| matches!(event.kind, EventKind::Record(RecordEntry::SignOff(_))))
            .map(|event| event.at)
            .max()
    };
    let returned = (events.iter())
        .filter(|event| event.by == Author::Supervisor)
        .filter_map(|event| match &event.kind {
            EventKind::Record(RecordEntry::Returned { comment, .. }) => Some((event.at, comment)),
            _ => None,
        })
        .max_by_key(|(at, _)| *at);
    let facilitator = last_sign(Author::Facilitator);
    if let Some((at, comment)) = returned
        && facilitator.is_none_or(|signed| signed <= at)
    {
        return Some(NoteWait::Returned {
            comment: comment.clone(),
        });
    }
    let facilitator = match facilitator {
        None => return Some(NoteWait::Signature(vec![Author::Facilitator])),
        Some(at) => at,
    };
    let has_cofac = (record.loaded.session.header.co_facilitator.as_deref())
        .is_some_and(|name| !name.trim().is_empty());
    let mut roles = Vec::new();
    if has_cofac && last_sign(Author::CoFacilitator).is_none_or(|at| at < facilitator) {
        roles.push(Author::CoFacilitator);
    }
    if last_sign(Author::Supervisor).is_none_or(|at| at < facilitator) {
        roles.push(Author::Supervisor);
    }
    (!roles.is_empty()).then_some(NoteWait::Signature(roles))
}

/// The index's file name in each group folder.
pub const INDEX_FILE: &str = ".groupscribe-listing";

/// Bumped whenever an entry's meaning changes: an index of another version is rebuilt.
const INDEX_VERSION: u32 = 2;

/// A file's length and modification time, as `stat` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    secs: i64,
    nanos: u32,
}

/// The stamps of a session file and of its two companions (`None`: absent).
type Stamps = [Option<Stamp>; 3];

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    file: String,
    stamps: Stamps,
    header: SessionHeader,
    ended: bool,
    events: usize,
    last_event: Timestamp,
    waiting: Waiting,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    version: u32,
    entries: Vec<Entry>,
}

/// What a scan of a folder found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every session that could be listed, by number, then path.
    pub sessions: Vec<SessionSummary>,
    /// Session files that could not be read, with why.
    pub problems: Vec<StoreError>,
    /// Sessions read from their files rather than the index (none when it was fresh).
    pub read: usize,
}

/// Is `path` a session file (not the group file, a companion, or anything else)?
pub fn is_session_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "ron")
        && path.file_name().is_some_and(|name| name != GROUP_FILE)
        && !is_companion(path)
}

/// Lists the sessions of one group folder (see the module's docs). `group`
/// is today's group.ron, for sessions without a roster snapshot. With `save`,
/// a changed index is written back.
pub fn scan_folder(folder: &Path, group: Option<&Group>, save: bool) -> Scan {
    let mut scan = Scan::default();
    let Ok(listing) = std::fs::read_dir(folder) else {
        return scan;
    };
    let index_path = folder.join(INDEX_FILE);
    let mut known: HashMap<String, Entry> = read_index(&index_path)
        .entries
        .into_iter()
        .map(|entry| (entry.file.clone(), entry))
        .collect();
    let mut changed = false;
    let mut entries = Vec::new();
    for dir_entry in listing.flatten() {
        let path = dir_entry.path();
        if !is_session_file(&path) {
            continue;
        }
        let file = dir_entry.file_name().to_string_lossy().into_owned();
        // Stamped before reading: a file that changes meanwhile is stale next time.
        let stamps = stamps_of(&path);
        let entry = match known.remove(&file) {
            Some(entry) if stamps[0].is_some() && entry.stamps == stamps => entry,
            _ => {
                scan.read += 1;
                match read_entry(&path, file, stamps, group) {
                    Ok(entry) => {
                        changed = true;
                        entry
                    }
                    Err(error) => {
                        scan.problems.push(error);
                        continue;
                    }
                }
            }
        };
        scan.sessions.push(SessionSummary {
            locked: !entry.ended && is_locked(&path),
            path,
            header: entry.header.clone(),
            ended: entry.ended,
            events: entry.events,
            last_event: entry.last_event,
            waiting: entry.waiting.clone(),
        });
        entries.push(entry);
    }
    // Entries of files that are gone (or no longer readable) are dropped. A file
    // that cannot be read changes nothing: it is tried again next time, and the
    // index is not rewritten for it (a rewrite wakes the store's watcher).
    changed |= !known.is_empty();
    if save && changed {
        entries.sort_by(|a, b| a.file.cmp(&b.file));
        write_index(
            &index_path,
            &Index {
                version: INDEX_VERSION,
                entries,
            },
        );
    }
    scan.sessions.sort_by(|a, b| {
        (a.header.number)
            .cmp(&b.header.number)
            .then(a.path.cmp(&b.path))
    });
    scan
}

fn read_index(path: &Path) -> Index {
    // Sealed like the records in an encrypted store.
    let Ok(text) = super::keyring::read_record_text(path) else {
        return Index::default();
    };
    match serde_json::from_str::<Index>(&text) {
        Ok(index) if index.version == INDEX_VERSION => index,
        _ => Index::default(),
    }
}

fn write_index(path: &Path, index: &Index) {
    // Derived data: if it cannot be written (a read-only store), it is made again next time.
    if let Ok(text) = serde_json::to_string(index) {
        let _ = super::keyring::write_record_atomic(path, &text);
    }
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(Stamp {
        len: meta.len(),
        secs: i64::try_from(since.as_secs()).ok()?,
        nanos: since.subsec_nanos(),
    })
}

fn stamps_of(path: &Path) -> Stamps {
    [
        stamp(path),
        stamp(&record_file(path, Author::CoFacilitator)),
        stamp(&record_file(path, Author::Supervisor)),
    ]
}

/// Reads one session for the index: a light scan, then (ended) the whole record.
fn read_entry(
    path: &Path,
    file: String,
    stamps: Stamps,
    group: Option<&Group>,
) -> Result<Entry, StoreError> {
    let bytes = super::keyring::read_record(path)?;
    if let Some(light) = light_scan(path, &bytes)?
        && !light.ended
    {
        return Ok(Entry {
            file,
            stamps,
            header: listed(light.header),
            ended: false,
            events: light.events,
            last_event: light.last_event,
            waiting: Waiting::default(),
        });
    }
    let loaded = super::parse_session(path, &bytes, group)?;
    let session = &loaded.session;
    let (header, ended, events, last_event) = (
        session.header.clone(),
        session.is_ended(),
        session.events.len(),
        session.last_event_at(),
    );
    let waiting = if ended {
        waiting_of(&load_record_from(path, loaded, &bytes)?)
    } else {
        Waiting::default()
    };
    Ok(Entry {
        file,
        stamps,
        header: listed(header),
        ended,
        events,
        last_event,
        waiting,
    })
}

/// The header as the listing keeps it: the roster snapshot cut to what names
/// a member (id, name, alias) and the group's name. A snapshot carries the
/// whole plan, goals, consent and preparation notes — 7 KB a session in the
/// sample group, all of it read again at every start — and a listing only
/// names members (the queue's risks). Whatever reads more opens the session.
fn listed(mut header: SessionHeader) -> SessionHeader {
    header.snapshot = header.snapshot.map(|group| Group {
        name: group.name,
        members: (group.members.into_iter())
            .map(|member| crate::model::Member {
                id: member.id,
                name: member.name,
                alias: member.alias,
                ..crate::model::Member::default()
            })
            .collect(),
        ..Group::default()
    });
    header
}

/// What the light scan of a session file tells.
#[derive(Debug)]
struct Light {
    header: SessionHeader,
    ended: bool,
    events: usize,
    last_event: Timestamp,
}

/// The header, the number of events, the latest event time and whether the
/// session ended, without parsing the events in between. `None` when a line
/// does not start as groupscribe writes events (`(id:N,at:"…",`): the file
/// is then read in full, which says what is wrong with it.
fn light_scan(path: &Path, bytes: &[u8]) -> Result<Option<Light>, StoreError> {
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let Ok(text) = std::str::from_utf8(&bytes[..complete]) else {
        return Ok(None);
    };
    let mut lines = (text.lines().enumerate()).filter(|(_, line)| !line.trim().is_empty());
    let Some((_, first)) = lines.next() else {
        return Ok(None);
    };
    let header: SessionHeader = ron_text::parse_versioned(path, first, 0)?;
    let mut events = 0;
    let mut last_event: Option<Timestamp> = None;
    let mut last_lines: Vec<(usize, &str)> = Vec::new();
    for (index, line) in lines {
        let Some(at) = line_time(line) else {
            return Ok(None);
        };
        events += 1;
        last_event = Some(last_event.map_or(at, |last| last.max(at)));
        last_lines.push((index, line));
    }
    // Back from the end: record-keeping events may follow `Ended`; anything
    // else last means the session did not end.
    let mut ended = false;
    for (index, line) in last_lines.iter().rev() {
        let event: crate::model::Event = super::event_line::parse(path, line, *index)?;
        if event.kind == EventKind::Ended {
            ended = true;
            break;
        }
        if !event.kind.is_record_keeping() {
            break;
        }
    }
    Ok(Some(Light {
        last_event: last_event.unwrap_or(header.started),
        header,
        ended,
        events,
    }))
}

/// The time an event line starts with, as groupscribe writes it.
fn line_time(line: &str) -> Option<Timestamp> {
    let rest = line.strip_prefix("(id:")?;
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    let rest = rest[digits..].strip_prefix(",at:\"")?;
    let end = rest.find('"')?;
    chrono::DateTime::parse_from_rfc3339(&rest[..end]).ok()
}

/// The paths a listing of `folder` reads beside its sessions (for tests).
#[doc(hidden)]
pub fn index_path(folder: &Path) -> PathBuf {
    folder.join(INDEX_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{at, event, header};
    use crate::model::{Event, EventId, Floor, Moment, MomentKind, RecordEntry};
    use crate::store::{SessionWriter, load_session};

    fn silence(id: u32, seconds: i64) -> Event {
        Event {
            at: at(seconds),
            ..event(id, EventKind::Floor(Floor::Silence))
        }
    }

    /// A session file `name` in `folder` with `count` turns, ended or not.
    fn session(folder: &Path, name: &str, number: u32, count: u32, ended: bool) -> PathBuf {
        let path = folder.join(name);
        let mut writer =
            SessionWriter::create(&path, &SessionHeader { number, ..header() }).expect("create");
        for id in 1..=count {
            writer
                .append(&silence(id, i64::from(id) * 10))
                .expect("append");
        }
        if ended {
            let id = count + 1;
            writer
                .append(&Event {
                    at: at(i64::from(id) * 10),
                    ..event(id, EventKind::Ended)
                })
                .expect("end");
        }
        path
    }

    fn summary(scan: &Scan, number: u32) -> &SessionSummary {
        (scan.sessions.iter())
            .find(|s| s.header.number == number)
            .expect("listed")
    }

    #[test]
    fn a_fresh_index_lists_without_reading_a_session_and_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        session(dir.path(), "a-s01.ron", 1, 20, true);
        session(dir.path(), "a-s02.ron", 2, 5, false);
        let first = scan_folder(dir.path(), None, true);
        assert_eq!(first.read, 2);
        assert!(first.problems.is_empty(), "{:?}", first.problems);
        let index = index_path(dir.path());
        let written = std::fs::metadata(&index).unwrap().modified().unwrap();
        let again = scan_folder(dir.path(), None, true);
        assert_eq!(again.read, 0, "every entry was fresh");
        assert_eq!(
            std::fs::metadata(&index).unwrap().modified().unwrap(),
            written,
            "an unchanged index is not rewritten (it would wake the watcher)"
        );
        for scan in [&first, &again] {
            assert_eq!(
                scan.sessions.len(),
                2,
                "the index is not listed as a session"
            );
            let (ended, open) = (summary(scan, 1), summary(scan, 2));
            assert!(ended.ended && !open.ended);
            assert_eq!((ended.events, open.events), (21, 5));
            assert_eq!(open.last_event, at(50));
            assert_eq!(
                ended.waiting.note,
                Some(NoteWait::Signature(vec![Author::Facilitator]))
            );
        }
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&index).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the index says what the sessions hold: owner only"
        );
    }

    #[test]
    fn the_index_gives_back_the_header_as_recorded_with_the_names_of_its_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/thursday-peer-support/2026-11-05-s01.sample.ron"
        );
        let path = dir.path().join("2026-11-05-s01.ron");
        std::fs::copy(sample, &path).unwrap();
        let recorded = load_session(&path, None).unwrap().session;
        assert!(recorded.header.snapshot.is_some());
        scan_folder(dir.path(), None, true);
        let scan = scan_folder(dir.path(), None, true);
        assert_eq!(scan.read, 0);
        let listed = &scan.sessions[0];
        // The header as recorded, its snapshot cut to the names.
        let snapshot = recorded.header.snapshot.as_ref().unwrap();
        assert!(!snapshot.agenda.is_empty() && snapshot.members[0].consent.is_some());
        assert_eq!(listed.header, super::listed(recorded.header.clone()));
        let kept = listed.header.snapshot.as_ref().unwrap();
        assert!(kept.agenda.is_empty() && kept.norms.is_empty());
        assert_eq!(kept.name, snapshot.name);
        for (listed, recorded) in kept.members.iter().zip(&snapshot.members) {
            assert_eq!(
                (&listed.id, &listed.name, &listed.alias),
                (&recorded.id, &recorded.name, &recorded.alias)
            );
            assert!(listed.consent.is_none() && listed.goals.is_empty());
        }
        assert_eq!(kept.members.len(), snapshot.members.len());
        let index = std::fs::metadata(index_path(dir.path())).unwrap().len();
        assert!(index < 2_000, "the index entry is {index} bytes");
        assert_eq!(listed.events, recorded.events.len());
        assert_eq!(listed.last_event, recorded.last_event_at());
        assert_eq!(listed.ended, recorded.is_ended());
        assert_eq!(
            (
                listed.header.number,
                listed.header.started,
                &listed.header.group
            ),
            (
                recorded.header.number,
                recorded.header.started,
                &recorded.header.group
            )
        );
        let record = crate::store::load_record(&path, None).unwrap();
        assert_eq!(listed.waiting, waiting_of(&record));
    }

    #[test]
    fn a_stale_entry_is_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = session(dir.path(), "a-s01.ron", 1, 3, false);
        assert!(!summary(&scan_folder(dir.path(), None, true), 1).ended);
        // The session goes on and ends after the index was made.
        let group = crate::model::fixture::group(vec![]);
        let (mut writer, _) = SessionWriter::resume(&path, &group).unwrap();
        writer.append(&silence(4, 40)).unwrap();
        writer
            .append(&Event {
                at: at(50),
                ..event(5, EventKind::Ended)
            })
            .unwrap();
        drop(writer);
        let scan = scan_folder(dir.path(), None, true);
        assert_eq!(scan.read, 1);
        let listed = summary(&scan, 1);
        assert!(listed.ended);
        assert_eq!(listed.events, 5);
        // A companion file appearing makes the entry stale too: the supervisor returns the note.
        let record = crate::store::load_record(&path, None).unwrap();
        crate::store::record::append_to_record(
            &record,
            Author::Supervisor,
            at(60),
            EventKind::Record(RecordEntry::Returned {
                name: "Dr Lin".into(),
                comment: "add the plan".into(),
            }),
        )
        .unwrap();
        let scan = scan_folder(dir.path(), None, true);
        assert_eq!(scan.read, 1);
        assert_eq!(
            summary(&scan, 1).waiting.note,
            Some(NoteWait::Returned {
                comment: "add the plan".into()
            })
        );
    }

    #[test]
    fn an_index_whose_stamps_match_is_used_and_one_whose_do_not_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = session(dir.path(), "a-s01.ron", 1, 3, false);
        scan_folder(dir.path(), None, true);
        let index = index_path(dir.path());
        let text = std::fs::read_to_string(&index).unwrap();
        assert!(text.contains("\"events\":3,"), "{text}");
        // Forged with the same stamps: the index is what is read.
        std::fs::write(&index, text.replace("\"events\":3,", "\"events\":33,")).unwrap();
        assert_eq!(summary(&scan_folder(dir.path(), None, false), 1).events, 33);
        // The same length, another modification time: read again.
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
            .unwrap();
        drop(file);
        let scan = scan_folder(dir.path(), None, false);
        assert_eq!((scan.read, summary(&scan, 1).events), (1, 3));
    }

    #[test]
    fn a_damaged_or_older_index_is_rebuilt_and_a_queue_scan_never_writes() {
        let dir = tempfile::tempdir().unwrap();
        session(dir.path(), "a-s01.ron", 1, 3, true);
        let index = index_path(dir.path());
        let scan = scan_folder(dir.path(), None, false);
        assert!(!index.exists(), "save: false writes nothing");
        assert_eq!(scan.sessions.len(), 1);
        for damaged in [
            r#"{"version":1,"entries":[{"file":"#,
            r#"{"version":99,"entries":[]}"#,
            "",
        ] {
            std::fs::write(&index, damaged).unwrap();
            let scan = scan_folder(dir.path(), None, true);
            assert_eq!((scan.read, scan.sessions.len()), (1, 1), "{damaged:?}");
            assert!(scan.problems.is_empty());
            assert_eq!(scan_folder(dir.path(), None, true).read, 0, "{damaged:?}");
        }
    }

    #[test]
    fn an_unreadable_session_is_a_problem_and_does_not_rewrite_the_index() {
        let dir = tempfile::tempdir().unwrap();
        session(dir.path(), "a-s01.ron", 1, 3, true);
        scan_folder(dir.path(), None, true);
        let index = index_path(dir.path());
        let written = std::fs::read_to_string(&index).unwrap();
        std::fs::write(dir.path().join("a-s02.ron"), "(not a header\n").unwrap();
        for _ in 0..2 {
            let scan = scan_folder(dir.path(), None, true);
            assert_eq!(scan.sessions.len(), 1);
            assert_eq!(scan.problems.len(), 1);
            let message = scan.problems[0].to_string();
            assert!(message.contains("a-s02.ron:1:"), "{message}");
            assert_eq!(std::fs::read_to_string(&index).unwrap(), written);
        }
    }

    #[test]
    fn an_unended_session_is_listed_without_parsing_its_events() {
        // A line in the middle whose kind does not parse: a full parse refuses the
        // file; the listing of an unended session never parses it (resuming it
        // parses the file once, and says what is wrong). An ended one is read in full.
        let dir = tempfile::tempdir().unwrap();
        for (name, number, ended) in [("a-s01.ron", 1, false), ("a-s02.ron", 2, true)] {
            let path = session(dir.path(), name, number, 4, ended);
            let text = std::fs::read_to_string(&path).unwrap();
            let broken = text.replacen("kind:Floor(Silence)", "kind:Flor(Silence)", 1);
            std::fs::write(&path, broken).unwrap();
            assert!(load_session(&path, None).is_err());
        }
        let scan = scan_folder(dir.path(), None, true);
        assert_eq!(scan.sessions.len(), 1);
        let listed = summary(&scan, 1);
        assert!(!listed.ended);
        assert_eq!((listed.events, listed.last_event), (4, at(40)));
        assert_eq!(scan.problems.len(), 1);
        assert!(
            scan.problems[0].to_string().contains("a-s02.ron:2:"),
            "{}",
            scan.problems[0]
        );
    }

    #[test]
    fn the_light_scan_agrees_with_a_full_parse() {
        let dir = tempfile::tempdir().unwrap();
        let path = session(dir.path(), "a-s01.ron", 1, 30, false);
        let group = crate::model::fixture::group(vec![]);
        let (mut writer, _) = SessionWriter::resume(&path, &group).unwrap();
        // An undo, and a turn logged with an earlier time (a clock set back).
        writer
            .append(&Event {
                at: at(400),
                ..event(
                    31,
                    EventKind::Retraction {
                        target: EventId(30),
                    },
                )
            })
            .unwrap();
        writer.append(&silence(32, 100)).unwrap();
        writer
            .append(&Event {
                at: at(410),
                ..event(
                    33,
                    EventKind::Retraction {
                        target: EventId(32),
                    },
                )
            })
            .unwrap();
        drop(writer);
        // A torn last line, as a crash leaves it.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(b"(id:34,at:\"2026-11-23T19:");
        let light = light_scan(&path, &bytes).unwrap().unwrap();
        let full = crate::store::parse_session(&path, &bytes, None)
            .unwrap()
            .session;
        assert_eq!(light.events, full.events.len());
        assert_eq!(light.last_event, full.last_event_at());
        assert_eq!(light.ended, full.is_ended());
        assert_eq!(light.header, full.header);
        assert!(!light.ended, "an undo last does not end a session");
        // Ended, then record-keeping lines after it.
        let mut ended = bytes[..bytes.iter().rposition(|&b| b == b'\n').unwrap() + 1].to_vec();
        for event in [
            event(34, EventKind::Ended),
            event(
                35,
                EventKind::Amendment {
                    target: EventId(3),
                    reason: "typo".into(),
                    replacement: Box::new(EventKind::Moment(Moment {
                        what: MomentKind::Note,
                        members: vec![],
                        text: Some("kind:Ended".into()),
                    })),
                },
            ),
        ] {
            ended.extend_from_slice(
                crate::store::ron_text::to_line(&path, &event)
                    .unwrap()
                    .as_bytes(),
            );
        }
        let light = light_scan(&path, &ended).unwrap().unwrap();
        assert!(light.ended);
        assert_eq!(light.events, 35);
        // A line not as groupscribe writes it: read in full instead.
        let odd = [
            &ended[..],
            b"( id: 36, at: \"2026-11-23T19:00:00+01:00\", by: Facilitator, kind: Ended)\n",
        ]
        .concat();
        assert!(light_scan(&path, &odd).unwrap().is_none());
    }
}
