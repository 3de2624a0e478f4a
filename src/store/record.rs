//! The record of a session: the facilitator's session file and, beside it, the
//! co-facilitator's companion file (`<session>.cofac.ron`) and the
//! supervisor's (`<session>.supervisor.ron`). One author per file: each is
//! appended to by one person, so two laptops never append to one file. Views
//! read them together ([`load_record`]), ordered by time, each event keeping
//! its author.
//!
//! **Ids.** Each file numbers its own events, in its own range: the session
//! file from 1, the co-facilitator's from 1,000,001, the supervisor's from
//! 2,000,001. An id therefore names one event of the whole record, and an
//! amendment's `target` needs no file name ([`file_of`] tells the file).
//!
//! **Digests.** A sign-off covers every line written before it, file by file
//! in this order: session, co-facilitator, supervisor. Its `digest` is the
//! SHA-256 of those lines' exact bytes, each followed by `\n`. Beside it, each
//! covered file keeps the first 8 hex digits of every line's own SHA-256: the
//! full digest proves the lines unchanged; the short per-line hashes only
//! serve to name the line that changed (a change they miss, 1 in 2^32, is
//! still caught by the digest, without its line).

use super::disk::Disk;
use super::medium::Media;
pub use super::session_file::is_companion;
use super::session_file::{LoadedSession, SessionWriter, after_ended, check_members};
use super::{StoreError, ron_text};
use crate::model::{
    Author, Covered, Event, EventId, EventKind, Group, RecordEntry, SCHEMA_VERSION, Timestamp,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The first id of each file's range, less one.
pub fn id_base(author: Author) -> u32 {
    match author {
        Author::Facilitator => 0,
        Author::CoFacilitator => 1_000_000,
        Author::Supervisor => 2_000_000,
    }
}

/// Which file of the record an id belongs to.
pub fn file_of(id: EventId) -> Author {
    match id.0 {
        0..=1_000_000 => Author::Facilitator,
        1_000_001..=2_000_000 => Author::CoFacilitator,
        _ => Author::Supervisor,
    }
}

/// The files of a record in the order a digest covers them.
pub const FILES: [Author; 3] = [
    Author::Facilitator,
    Author::CoFacilitator,
    Author::Supervisor,
];

/// The file `author` appends to: the session file itself for the facilitator.
pub fn record_file(session: &Path, author: Author) -> PathBuf {
    let suffix = match author {
        Author::Facilitator => return session.to_path_buf(),
        Author::CoFacilitator => "cofac.ron",
        Author::Supervisor => "supervisor.ron",
    };
    session.with_extension(suffix)
}

/// The first line of a companion file: whose file it is, of which session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanionHeader {
    pub version: u32,
    /// The session file's name, beside this one.
    pub session: String,
    pub author: Author,
}

/// One file of the record as read: every complete line, as written.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub author: Author,
    pub path: PathBuf,
    pub lines: Vec<String>,
    /// The line (1-based) each event was read from.
    pub event_lines: HashMap<EventId, usize>,
}

/// The session and its companions read together: `loaded.session.events`
/// holds every event of every file, ordered by time (a late entry where it
/// happened), each keeping its author.
#[derive(Debug)]
pub struct LoadedRecord {
    pub loaded: LoadedSession,
    pub files: Vec<RecordFile>,
}

impl LoadedRecord {
    pub fn file(&self, author: Author) -> Option<&RecordFile> {
        self.files.iter().find(|file| file.author == author)
    }

    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.loaded.session.events.iter().find(|e| e.id == id)
    }

    /// Where an event was read from: its file and line.
    pub fn place(&self, id: EventId) -> Option<(&Path, usize)> {
        let file = self.file(file_of(id))?;
        Some((&file.path, *file.event_lines.get(&id)?))
    }

    /// The record as it reads once `event`, just appended to its author's
    /// file, is in it: placed as `load_record` would place it, without
    /// reading the files again.
    pub fn appended(&mut self, event: Event) {
        let events = &mut self.loaded.session.events;
        events.push(event);
        place_retimed(events);
        sort_record(events);
    }

    /// The facilitator has signed: from now on every change is an addendum.
    pub fn facilitator_signed_at(&self) -> Option<Timestamp> {
        self.loaded
            .session
            .events
            .iter()
            .filter(|event| event.by == Author::Facilitator)
            .find(|event| matches!(event.kind, EventKind::Record(RecordEntry::SignOff(_))))
            .map(|event| event.at)
    }
}

/// Reads the session and every companion file beside it.
pub fn load_record(session_path: &Path, group: Option<&Group>) -> Result<LoadedRecord, StoreError> {
    let text = super::keyring::read_record(session_path)?;
    let loaded = super::parse_session(session_path, &text, group)?;
    load_record_from(session_path, loaded, &text)
}

/// [`load_record`] of a session already parsed from `text` (its file's bytes):
/// the companions are read and merged in, the session is not parsed again.
pub fn load_record_from(
    session_path: &Path,
    mut loaded: LoadedSession,
    text: &[u8],
) -> Result<LoadedRecord, StoreError> {
    let mut session_file = RecordFile {
        author: Author::Facilitator,
        path: session_path.to_path_buf(),
        lines: complete_lines(text),
        event_lines: HashMap::new(),
    };
    index_lines(&mut session_file, &loaded.session.events);
    let mut files = vec![session_file];
    let snapshot = loaded.session.header.snapshot.clone();
    for author in [Author::CoFacilitator, Author::Supervisor] {
        let path = record_file(session_path, author);
        if !path.exists() {
            continue;
        }
        let bytes = super::keyring::read_record(&path)?;
        let (file, events) = parse_companion(&path, author, &bytes, snapshot.as_ref())?;
        loaded.session.events.extend(events);
        files.push(file);
    }
    place_retimed(&mut loaded.session.events);
    sort_record(&mut loaded.session.events);
    Ok(LoadedRecord { loaded, files })
}

/// By time; events logged at the same instant in their files' order
/// (session, co-facilitator, supervisor), each file in its own order (its ids
/// increase down the file).
fn sort_record(events: &mut [Event]) {
    let rank = |id: EventId| FILES.iter().position(|&file| file == file_of(id));
    events.sort_by_key(|event| (event.at, rank(event.id), event.id));
}

/// A turn whose start was amended (`RecordEntry::Retimed`, not retracted;
/// the latest wins) is placed at its amended time in the record as read.
fn place_retimed(events: &mut [Event]) {
    let retracted: std::collections::HashSet<EventId> = events
        .iter()
        .filter_map(|event| event.kind.retracts())
        .collect();
    let moves: HashMap<EventId, Timestamp> = (events.iter())
        .filter(|event| !retracted.contains(&event.id))
        .filter_map(|event| match &event.kind {
            EventKind::Record(RecordEntry::Retimed { target, to, .. }) => Some((*target, *to)),
            _ => None,
        })
        .collect();
    for event in events.iter_mut() {
        if let Some(to) = moves.get(&event.id) {
            event.at = *to;
        }
    }
}

fn complete_lines(bytes: &[u8]) -> Vec<String> {
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    String::from_utf8_lossy(&bytes[..complete])
        .lines()
        .map(str::to_string)
        .collect()
}

/// Which line each event of the session file is on: `parse_session` reads
/// the non-blank lines in order, the first being the header.
fn index_lines(file: &mut RecordFile, events: &[Event]) {
    let numbers = (file.lines.iter().enumerate())
        .filter(|(_, line)| !line.trim().is_empty())
        .skip(1)
        .map(|(index, _)| index + 1);
    file.event_lines = events.iter().map(|event| event.id).zip(numbers).collect();
}

fn parse_companion(
    path: &Path,
    author: Author,
    bytes: &[u8],
    snapshot: Option<&Group>,
) -> Result<(RecordFile, Vec<Event>), StoreError> {
    let lines = complete_lines(bytes);
    let Some(first) = lines.first() else {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            what: "the companion file is empty: it has no header".into(),
            hint: "Delete it if it holds nothing you need.".into(),
        });
    };
    let header: CompanionHeader = ron_text::parse_versioned(path, first, 0)?;
    if header.author != author {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            what: format!(
                "line 1 says this is the {}'s file, but its name is the {}'s",
                header.author.label(),
                author.label()
            ),
            hint: "The file was renamed or edited by hand: restore it from a backup.".into(),
        });
    }
    let range = id_base(author) + 1..=id_base(author) + 1_000_000;
    let mut events: Vec<Event> = Vec::new();
    let mut event_lines = HashMap::new();
    for (index, line) in lines.iter().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let event: Event = super::event_line::parse(path, line, index)?;
        let out_of_order = events
            .last()
            .is_some_and(|previous| event.id <= previous.id);
        if !range.contains(&event.id.0) || out_of_order || event.by != author {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                what: format!(
                    "line {}: event {} by the {} does not belong here (this file holds the {}'s \
                     events, ids {} to {}, increasing)",
                    index + 1,
                    event.id,
                    event.by.label(),
                    author.label(),
                    range.start(),
                    range.end()
                ),
                hint: "The file was edited by hand; restore it from a backup.".into(),
            });
        }
        if let Some(snapshot) = snapshot {
            check_members(path, index + 1, &event.kind, snapshot)?;
        }
        event_lines.insert(event.id, index + 1);
        events.push(event);
    }
    Ok((
        RecordFile {
            author,
            path: path.to_path_buf(),
            lines,
            event_lines,
        },
        events,
    ))
}

/// First 8 hex digits of a line's SHA-256.
pub fn line_hash(line: &str) -> String {
    let mut text = String::with_capacity(8);
    push_hex(&mut text, &short_hash(line));
    text
}

/// The first 4 bytes of a line's SHA-256, as 8 hex digits (no allocation):
/// what a signature keeps per line.
fn short_hash(line: &str) -> [u8; 4] {
    let digest = Sha256::digest(line.as_bytes());
    [digest[0], digest[1], digest[2], digest[3]]
}

fn short_hex(line: &str) -> [u8; 8] {
    let mut out = [0u8; 8];
    for (index, byte) in short_hash(line).into_iter().enumerate() {
        out[index * 2] = HEX[usize::from(byte >> 4)];
        out[index * 2 + 1] = HEX[usize::from(byte & 0x0f)];
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex, two digits a byte (a table, not `format!` per byte: a
/// signature hashes every line of the record).
fn push_hex(text: &mut String, bytes: &[u8]) {
    for &byte in bytes {
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    push_hex(&mut text, bytes);
    text
}

/// The digest of every line of every file as read now, and what it covers.
pub fn digest_of(files: &[RecordFile]) -> (String, Vec<Covered>) {
    let mut hasher = Sha256::new();
    let mut covers = Vec::new();
    for author in FILES {
        let Some(file) = files.iter().find(|file| file.author == author) else {
            continue;
        };
        let mut line_hashes = String::with_capacity(file.lines.len() * 8);
        for line in &file.lines {
            hasher.update(line.as_bytes());
            hasher.update(b"\n");
            push_hex(&mut line_hashes, &short_hash(line));
        }
        covers.push(Covered {
            file: author,
            lines: file.lines.len() as u32,
            line_hashes,
        });
    }
    (hex(&hasher.finalize()), covers)
}

/// What an amendment, a retraction or a moved turn points at, for `check`:
/// the first event (by id) whose target is not in the record, or is itself
/// an amendment (a chain, which may loop), or (a moved turn) is not a turn.
/// groupscribe never writes such a line; one added by hand is named.
pub fn target_problem(record: &LoadedRecord) -> Option<(EventId, String)> {
    let events = &record.loaded.session.events;
    let by_id: HashMap<EventId, &Event> = events.iter().map(|event| (event.id, event)).collect();
    let target_of = |kind: &EventKind| match kind {
        EventKind::Amendment { target, .. }
        | EventKind::Retraction { target }
        | EventKind::Record(RecordEntry::Retracted { target, .. })
        | EventKind::Record(RecordEntry::Retimed { target, .. }) => Some(*target),
        _ => None,
    };
    let mut pointing: Vec<&Event> = events
        .iter()
        .filter(|event| target_of(&event.kind).is_some())
        .collect();
    pointing.sort_by_key(|event| event.id);
    for event in pointing {
        let Some(target) = target_of(&event.kind) else {
            continue;
        };
        let Some(aimed) = by_id.get(&target) else {
            return Some((
                event.id,
                format!(
                    "{} points at {target}, which is not in the record",
                    event.id
                ),
            ));
        };
        if let EventKind::Amendment { .. } = &event.kind {
            // Follow the chain of amendments: a loop, or an amendment of an amendment.
            let mut seen = vec![event.id];
            let mut at = *aimed;
            while let EventKind::Amendment { target: next, .. } = &at.kind {
                if seen.contains(&at.id) {
                    let ids: Vec<String> = seen.iter().map(ToString::to_string).collect();
                    let what = match ids.as_slice() {
                        [one] => format!("{one} amends itself"),
                        _ => format!("amendments {} amend each other in a loop", ids.join(", ")),
                    };
                    return Some((event.id, what));
                }
                seen.push(at.id);
                match by_id.get(next) {
                    Some(next_event) => at = next_event,
                    None => break,
                }
            }
            if seen.len() > 1 {
                return Some((
                    event.id,
                    format!(
                        "{} amends {target}, itself an amendment: an amendment names the event it \
                         corrects",
                        event.id
                    ),
                ));
            }
        }
        if let EventKind::Record(RecordEntry::Retimed { .. }) = &event.kind
            && !matches!(aimed.kind.as_happened(), Some(EventKind::Floor(_)))
        {
            return Some((
                event.id,
                format!("{} moves {target}, which is not a turn", event.id),
            ));
        }
    }
    None
}

/// A signed line that no longer reads as it did, or a signature that no longer holds.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenSeal {
    /// The file and 1-based line that changed, when it can be named.
    pub changed: Option<(PathBuf, usize)>,
    pub signer: String,
    pub signed_at: Timestamp,
    pub message: String,
}

/// Recomputes every sign-off's digest; one finding per broken signature.
pub fn verify_signatures(record: &LoadedRecord) -> Vec<BrokenSeal> {
    let mut broken = Vec::new();
    // Each line's short hash, once for every signature that covers it.
    let mut short: HashMap<Author, Vec<[u8; 8]>> = HashMap::new();
    for event in &record.loaded.session.events {
        let EventKind::Record(RecordEntry::SignOff(sign)) = &event.kind else {
            continue;
        };
        let when = event.at.format("%Y-%m-%d %H:%M");
        let mut hasher = Sha256::new();
        let mut finding: Option<(Option<(PathBuf, usize)>, String)> = None;
        for covered in &sign.covers {
            let Some(file) = record.file(covered.file) else {
                finding = Some((
                    None,
                    format!("the {}'s file is missing", covered.file.label()),
                ));
                break;
            };
            let signed = covered.lines as usize;
            if file.lines.len() < signed {
                finding = Some((
                    Some((file.path.clone(), file.lines.len() + 1)),
                    format!(
                        "{} was cut short to {} lines; {signed} were signed",
                        file.path.display(),
                        file.lines.len()
                    ),
                ));
                break;
            }
            let hashes = short
                .entry(covered.file)
                .or_insert_with(|| file.lines.iter().map(|line| short_hex(line)).collect());
            for (index, line) in file.lines[..signed].iter().enumerate() {
                hasher.update(line.as_bytes());
                hasher.update(b"\n");
                if finding.is_some() {
                    continue;
                }
                let stored = covered.line_hashes.as_bytes().get(index * 8..index * 8 + 8);
                if stored != hashes.get(index).map(<[u8; 8]>::as_slice) {
                    finding = Some((
                        Some((file.path.clone(), index + 1)),
                        format!(
                            "line {} of {} was changed after it was signed",
                            index + 1,
                            file.path.display()
                        ),
                    ));
                }
            }
        }
        if finding.is_none() && hex(&hasher.finalize()) != sign.digest {
            finding = Some((
                None,
                "a line it covers was changed after it was signed".into(),
            ));
        }
        if let Some((changed, what)) = finding {
            broken.push(BrokenSeal {
                changed,
                signer: sign.name.clone(),
                signed_at: event.at,
                message: format!("{what} by {} on {when}", sign.name),
            });
        }
    }
    broken
}

/// Appends one record-keeping event (or a companion's observation) by
/// `author`, to the author's own file, durable (fdatasync) before it returns.
/// The event gets the next id of that file. A companion file is created,
/// with its header, atomically.
pub fn append_to_record(
    record: &LoadedRecord,
    author: Author,
    at: Timestamp,
    kind: EventKind,
) -> Result<Event, StoreError> {
    append_on(&Disk, record, author, at, kind)
}

pub fn append_on(
    media: &dyn Media,
    record: &LoadedRecord,
    author: Author,
    at: Timestamp,
    kind: EventKind,
) -> Result<Event, StoreError> {
    let session_path = &record.files[0].path;
    let path = record_file(session_path, author);
    let session = &record.loaded.session;
    let ended = session.is_ended();
    let last = session
        .events
        .iter()
        .filter(|event| file_of(event.id) == author)
        .map(|event| event.id.0)
        .max()
        .unwrap_or(id_base(author));
    let mut event = Event {
        id: EventId(last + 1),
        at,
        by: author,
        kind,
    };
    if ended && !event.kind.is_record_keeping() {
        return Err(after_ended(&path, &event));
    }
    if let Some(snapshot) = &session.header.snapshot {
        check_members(&path, 0, &event.kind, snapshot)?;
    }
    match author {
        // An ended session takes only record-keeping lines: appended after
        // the lines already read (the file is not parsed again) when it is
        // still exactly what was read, else resumed as usual.
        Author::Facilitator
            if ended
                && record.loaded.torn.is_none()
                && append_after_read(media, record, &path, &event)? => {}
        Author::Facilitator => {
            let group = match &session.header.snapshot {
                Some(snapshot) => snapshot.clone(),
                None => super::load_group(&session_path.with_file_name(super::GROUP_FILE))?,
            };
            let (mut writer, loaded) = SessionWriter::resume_on(media, &path, &group)?;
            // Lines may have come since the record was read: the next id is the file's.
            let next = loaded
                .session
                .events
                .iter()
                .map(|e| e.id.0)
                .max()
                .unwrap_or(0)
                + 1;
            event.id = EventId(event.id.0.max(next));
            writer.append(&event)?;
        }
        Author::CoFacilitator | Author::Supervisor if record.file(author).is_some() => {
            let (mut writer, _) = SessionWriter::open_lines(media, &path, ended)?;
            writer.append(&event)?;
        }
        Author::CoFacilitator | Author::Supervisor => {
            let header = CompanionHeader {
                version: SCHEMA_VERSION,
                session: session_path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                author,
            };
            let contents = ron_text::to_line(&path, &header)? + &ron_text::to_line(&path, &event)?;
            SessionWriter::create_with(media, &path, &contents)?;
        }
    }
    Ok(event)
}

/// Appends `event` to the ended session file if the file still holds
/// exactly the lines `record` read; `false` (nothing written) if it does not.
fn append_after_read(
    media: &dyn Media,
    record: &LoadedRecord,
    path: &Path,
    event: &Event,
) -> Result<bool, StoreError> {
    let (mut writer, bytes) = SessionWriter::open_lines(media, path, true)?;
    let read = &record.files[0].lines;
    let same = bytes.len() == read.iter().map(|line| line.len() + 1).sum::<usize>()
        && bytes
            .split(|&b| b == b'\n')
            .zip(read)
            .all(|(on_disk, line)| on_disk == line.as_bytes());
    if !same {
        return Ok(false);
    }
    writer.append(event)?;
    Ok(true)
}

/// Whether any companion file lies beside the session.
pub fn has_companions(session: &Path) -> bool {
    [Author::CoFacilitator, Author::Supervisor]
        .iter()
        .any(|&author| record_file(session, author).exists())
}

/// Opens `author`'s companion file of `session` to append to, locked for as
/// long as the writer lives (a second writer gets `StoreError::Locked`): an
/// existing one after checking its lines, else a new one holding only its
/// header, created atomically. Returns the writer, the file's header line
/// (with its newline) and the events already in it.
pub fn open_companion(
    media: &dyn Media,
    session: &Path,
    author: Author,
    ended: bool,
) -> Result<(SessionWriter, String, Vec<Event>), StoreError> {
    let path = record_file(session, author);
    if path.exists() {
        let (writer, bytes) = SessionWriter::open_lines(media, &path, ended)?;
        let (file, events) = parse_companion(&path, author, &bytes, None)?;
        let first = file.lines.first().cloned().unwrap_or_default() + "\n";
        return Ok((writer, first, events));
    }
    let header = CompanionHeader {
        version: SCHEMA_VERSION,
        session: session
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        author,
    };
    let first = ron_text::to_line(&path, &header)?;
    let writer = SessionWriter::create_with(media, &path, &first)?;
    Ok((writer, first, Vec::new()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{Floor, MemberId, Moment, MomentKind, SessionHeader};

    fn group() -> Group {
        Group {
            name: "T".into(),
            ..crate::model::fixture::group(
                ["ana", "ben"]
                    .map(|id| crate::model::fixture::member(id, id))
                    .to_vec(),
            )
        }
    }

    fn at(secs: i64) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap()
            + chrono::Duration::seconds(secs)
    }

    /// An ended session: header, ana speaks (1), a note (2), ended (3).
    fn ended_session(dir: &Path) -> PathBuf {
        let path = dir.join("g/2026-11-23-s01.ron");
        let header = SessionHeader {
            version: SCHEMA_VERSION,
            group: "g".into(),
            number: 1,
            started: at(0),
            facilitator: "Sam".into(),
            co_facilitator: None,
            source: None,
            snapshot: Some(group()),
            observer: None,
        };
        let mut writer = SessionWriter::create(&path, &header).unwrap();
        let kinds = [
            EventKind::Floor(Floor::Member(MemberId::new("ana"))),
            EventKind::Moment(Moment {
                what: MomentKind::Note,
                members: vec![],
                text: Some("first".into()),
            }),
            EventKind::Ended,
        ];
        for (index, kind) in kinds.into_iter().enumerate() {
            let event = Event {
                id: EventId(index as u32 + 1),
                at: at(index as i64 * 60),
                by: Author::Facilitator,
                kind,
            };
            writer.append(&event).unwrap();
        }
        path
    }

    fn sign(path: &Path, author: Author, name: &str, when: i64) {
        let record = load_record(path, None).unwrap();
        let (digest, covers) = digest_of(&record.files);
        let kind = EventKind::Record(RecordEntry::SignOff(crate::model::SignOff {
            name: name.into(),
            comment: None,
            digest,
            covers,
        }));
        append_to_record(&record, author, at(when), kind).unwrap();
    }

    fn comment(path: &Path, author: Author, when: i64, text: &str) {
        let record = load_record(path, None).unwrap();
        let kind = EventKind::Record(RecordEntry::Comment { text: text.into() });
        append_to_record(&record, author, at(when), kind).unwrap();
    }

    #[test]
    fn a_hand_edited_signed_line_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        comment(&path, Author::CoFacilitator, 500, "well run");
        sign(&path, Author::Facilitator, "Lee Park", 600);
        assert_eq!(
            verify_signatures(&load_record(&path, None).unwrap()),
            vec![]
        );

        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("first", "frist", 1)).unwrap();
        let broken = verify_signatures(&load_record(&path, None).unwrap());
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].changed, Some((path.clone(), 3)));
        assert!(
            broken[0].message.starts_with("line 3 of ")
                && broken[0]
                    .message
                    .ends_with("was changed after it was signed by Lee Park on 2026-11-23 18:10"),
            "{}",
            broken[0].message
        );
    }

    #[test]
    fn one_byte_changed_anywhere_before_the_signature_breaks_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        let cofac = record_file(&path, Author::CoFacilitator);
        comment(&path, Author::CoFacilitator, 500, "well run");
        sign(&path, Author::Supervisor, "Jo", 600);
        for file in [&path, &cofac] {
            let original = std::fs::read(file).unwrap();
            // Every byte except the newlines (changing those changes the lines).
            for index in (0..original.len()).filter(|&i| original[i] != b'\n') {
                let mut bytes = original.clone();
                bytes[index] = if bytes[index] == b'x' { b'y' } else { b'x' };
                std::fs::write(file, &bytes).unwrap();
                let Ok(record) = load_record(&path, None) else {
                    continue; // no longer readable at all: check says so too
                };
                assert_eq!(
                    verify_signatures(&record).len(),
                    1,
                    "byte {index} of {} changed unnoticed",
                    file.display()
                );
            }
            std::fs::write(file, &original).unwrap();
        }
        assert_eq!(
            verify_signatures(&load_record(&path, None).unwrap()),
            vec![]
        );
    }

    #[test]
    fn forged_line_hashes_are_still_caught_by_the_digest() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        sign(&path, Author::Facilitator, "Lee Park", 600);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let edited = lines[2].replacen("first", "frist", 1);
        // Edit line 3 and put its new short hash into the signature as well.
        let forged_sign = lines[4].replacen(&line_hash(lines[2]), &line_hash(&edited), 1);
        assert_ne!(forged_sign, lines[4]);
        let forged = [lines[0], lines[1], &edited, lines[3], &forged_sign].join("\n") + "\n";
        std::fs::write(&path, forged).unwrap();
        let broken = verify_signatures(&load_record(&path, None).unwrap());
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert_eq!(broken[0].changed, None);
        assert!(
            broken[0]
                .message
                .starts_with("a line it covers was changed after it was signed by Lee Park on "),
            "{}",
            broken[0].message
        );
    }

    #[test]
    fn lines_written_after_a_signature_do_not_break_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        sign(&path, Author::Facilitator, "Lee Park", 600);
        comment(&path, Author::CoFacilitator, 700, "later");
        sign(&path, Author::Supervisor, "Jo", 800);
        assert_eq!(
            verify_signatures(&load_record(&path, None).unwrap()),
            vec![]
        );
    }

    #[test]
    fn after_ended_the_store_refuses_anything_but_record_keeping() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        let turn = EventKind::Floor(Floor::Member(MemberId::new("ben")));
        let record = load_record(&path, None).unwrap();
        for author in [Author::Facilitator, Author::CoFacilitator] {
            let error = append_to_record(&record, author, at(900), turn.clone()).unwrap_err();
            assert!(
                error.to_string().contains("the session has ended"),
                "{error}"
            );
        }
        // The writer itself refuses, whoever calls it.
        let (mut writer, _) = SessionWriter::resume(&path, &group()).unwrap();
        let event = Event {
            id: EventId(4),
            at: at(900),
            by: Author::Facilitator,
            kind: turn,
        };
        assert!(writer.append(&event).is_err());
        let before = std::fs::read(&path).unwrap();
        drop(writer);
        assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
        comment(
            &path,
            Author::Facilitator,
            900,
            "a record-keeping event is fine",
        );
    }

    #[test]
    fn the_record_with_an_event_appended_reads_as_the_files_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        let kinds = [
            (
                Author::CoFacilitator,
                at(30),
                EventKind::Record(RecordEntry::Late {
                    what: Box::new(EventKind::Floor(Floor::Member(MemberId::new("ben")))),
                    written: at(1000),
                    reason: "missed".into(),
                }),
            ),
            (
                Author::Facilitator,
                at(1100),
                EventKind::Record(RecordEntry::Retimed {
                    target: EventId(1),
                    from: at(0),
                    to: at(10),
                    reason: "late key".into(),
                }),
            ),
            (
                Author::Supervisor,
                at(60),
                EventKind::Record(RecordEntry::Comment {
                    text: "same instant as the note".into(),
                }),
            ),
            (
                Author::Facilitator,
                at(1200),
                EventKind::Record(RecordEntry::Comment {
                    text: "after".into(),
                }),
            ),
        ];
        for (author, when, kind) in kinds {
            let mut record = load_record(&path, None).unwrap();
            let event = append_to_record(&record, author, when, kind).unwrap();
            record.appended(event);
            let read = load_record(&path, None).unwrap();
            assert_eq!(record.loaded.session.events, read.loaded.session.events);
        }
    }

    #[test]
    fn the_ended_session_file_changed_since_it_was_read_is_resumed_not_appended_blind() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        let record = load_record(&path, None).unwrap();
        // Another line arrives after the record was read (another process).
        comment(&path, Author::Facilitator, 500, "in between");
        let kind = EventKind::Record(RecordEntry::Comment {
            text: "mine".into(),
        });
        let event = append_to_record(&record, Author::Facilitator, at(600), kind);
        // Written through the full resume, which reads the file as it now is.
        assert!(event.is_ok(), "{event:?}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("in between") && text.contains("mine"),
            "{text}"
        );
        let ids: Vec<u32> = (load_record(&path, None).unwrap().loaded.session.events)
            .iter()
            .map(|e| e.id.0)
            .collect();
        assert_eq!(ids, [1, 2, 3, 4, 5], "each line its own id");
    }

    #[test]
    fn companion_files_merge_in_time_order_with_their_own_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = ended_session(dir.path());
        let record = load_record(&path, None).unwrap();
        let late = EventKind::Record(RecordEntry::Late {
            what: Box::new(EventKind::Floor(Floor::Member(MemberId::new("ben")))),
            written: at(1000),
            reason: "missed".into(),
        });
        // Dated 30 s in: between the first turn (0 s) and the note (60 s).
        append_to_record(&record, Author::CoFacilitator, at(30), late).unwrap();
        comment(&path, Author::Supervisor, 1100, "ok");
        let record = load_record(&path, None).unwrap();
        let ids: Vec<u32> = record
            .loaded
            .session
            .events
            .iter()
            .map(|e| e.id.0)
            .collect();
        assert_eq!(ids, [1, 1_000_001, 2, 3, 2_000_001]);
        assert_eq!(record.place(EventId(1_000_001)).unwrap().1, 2);
        let effective = crate::model::effective_events(&record.loaded.session.events);
        assert_eq!(
            effective[1].1,
            &EventKind::Floor(Floor::Member(MemberId::new("ben"))),
            "the late turn reads where it happened"
        );
        let header = std::fs::read_to_string(record_file(&path, Author::CoFacilitator)).unwrap();
        assert!(
            header.starts_with("(version:1,session:\"2026-11-23-s01.ron\",author:CoFacilitator)"),
            "{header}"
        );
    }
}
