//! RTTM (the output of speaker-diarization tools) -> a session of speaking turns,
//! in four pure steps: parse (SPEAKER lines -> segments in whole milliseconds),
//! the floor rule (segments -> who holds the floor when), the speaker mapping
//! (labels -> members), and events (each change of holder -> a `Floor` event, then
//! `Ended`).
//!
//! The floor rule: at each instant the speaker is the one whose segment began most
//! recently among those speaking then (a later line wins a tie); silence when none.
//! A turn is a maximal span held by one speaker, ended by another speaker or by
//! silence. Diarization output overlaps (interjections, back-channels): the rule
//! gives the floor to whoever just came in and hands it back when they stop, which
//! is how a facilitator pressing speaker keys would have logged it.

use super::{CO_FACILITATOR_LABEL, FACILITATOR_LABEL, seconds_text};
use crate::diag::FileError;
use crate::metrics::Millis;
use crate::model::{
    Author, Event, EventId, EventKind, Floor, Group, MemberId, Session, SessionHeader, Timestamp,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

/// One SPEAKER line: a stretch of speech by one speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Line number in the file, from 1: errors name it, and a later line wins a tie.
    pub line: usize,
    pub speaker: String,
    /// Milliseconds from the start of the recording.
    pub onset: Millis,
    /// Onset plus duration: the segment covers `onset..end`, the end excluded.
    pub end: Millis,
}

/// The SPEAKER lines of one recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rttm {
    /// The recording's file id (second field), the same on every SPEAKER line.
    pub file_id: String,
    /// In line order.
    pub segments: Vec<Segment>,
}

impl Rttm {
    /// Speaker labels in order of first appearance.
    pub fn speakers(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.segments
            .iter()
            .map(|segment| segment.speaker.as_str())
            .filter(|speaker| seen.insert(*speaker))
            .collect()
    }
}

/// The scored part of the recording (a UEM line), in milliseconds from its start.
/// The imported session runs over exactly this span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoredSpan {
    pub start: Millis,
    pub end: Millis,
}

impl ScoredSpan {
    /// Without a UEM: from the start of the recording to the end of the last segment.
    pub fn of_segments(segments: &[Segment]) -> ScoredSpan {
        ScoredSpan {
            start: 0,
            end: segments.iter().map(|s| s.end).max().unwrap_or(0),
        }
    }

    pub fn length(&self) -> Millis {
        (self.end - self.start).max(0)
    }
}

/// A maximal stretch of the floor timeline held by one speaker label, or silence (`None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorSpan {
    pub start: Millis,
    pub end: Millis,
    pub speaker: Option<String>,
}

const RTTM_HINT: &str = "A SPEAKER line reads `SPEAKER <file> <channel> <onset s> <duration s> \
                         <NA> <NA> <speaker> <NA> <NA>`. Fix or delete that line; nothing was imported.";
const UEM_HINT: &str = "A UEM line reads `<file> <channel> <start s> <end s>`. Fix or delete \
                        that line; nothing was imported.";

/// Reads the SPEAKER lines of an RTTM file. Blank lines, `;;` comments and other
/// record types (SPKR-INFO, LEXEME, ...) are skipped; a malformed SPEAKER line is an
/// error naming its line and column. `path` is only used in messages.
pub fn parse_rttm(path: &Path, text: &str) -> Result<Rttm, FileError> {
    let mut first_file: Option<(String, usize)> = None;
    let mut segments = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fields = fields(raw);
        let Some(&(_, record_type)) = fields.first() else {
            continue;
        };
        if !record_type.eq_ignore_ascii_case("SPEAKER") {
            continue;
        }
        // Fields 9 and 10 (confidence, signal lookahead) are often left out; nothing here needs them.
        if fields.len() < 8 {
            return Err(parse_error(
                path,
                line,
                1,
                format!(
                    "a SPEAKER line needs at least 8 fields (type, file, channel, onset, \
                     duration, <NA>, <NA>, speaker); this one has {}",
                    fields.len()
                ),
                RTTM_HINT,
            ));
        }
        let (file_column, file) = fields[1];
        too_long(path, line, fields[1], "file id")?;
        match &first_file {
            None => first_file = Some((file.to_string(), line)),
            Some((first, first_line)) if first != file => {
                return Err(parse_error(
                    path,
                    line,
                    file_column,
                    format!("file id \"{file}\" differs from \"{first}\" on line {first_line}"),
                    "One session is one recording: split the RTTM by its second field and \
                     import each recording on its own.",
                ));
            }
            Some(_) => {}
        }
        let onset = seconds_field(path, line, fields[3], "onset", RTTM_HINT)?;
        let duration = seconds_field(path, line, fields[4], "duration", RTTM_HINT)?;
        let (speaker_column, speaker) = fields[7];
        if speaker == "<NA>" {
            return Err(parse_error(
                path,
                line,
                speaker_column,
                "the speaker (8th field) is <NA>: the segment names nobody".into(),
                RTTM_HINT,
            ));
        }
        too_long(path, line, fields[7], "speaker label")?;
        let Some(end) = onset.checked_add(duration) else {
            return Err(parse_error(
                path,
                line,
                fields[4].0,
                "onset plus duration is too large".into(),
                RTTM_HINT,
            ));
        };
        segments.push(Segment {
            line,
            speaker: speaker.to_string(),
            onset,
            end,
        });
    }
    match first_file {
        Some((file_id, _)) => Ok(Rttm { file_id, segments }),
        None => Err(FileError::Invalid {
            path: path.to_path_buf(),
            what: "no SPEAKER lines: there are no speech segments to import".into(),
            hint: "Pass the RTTM output of a speaker-diarization tool (lines that begin \
                   with SPEAKER)."
                .into(),
        }),
    }
}

/// Reads the scored span of recording `file_id` from a UEM file. `path` is only
/// used in messages.
pub fn parse_uem(path: &Path, text: &str, file_id: &str) -> Result<ScoredSpan, FileError> {
    let mut matching: Vec<(usize, ScoredSpan)> = Vec::new();
    let mut other_files: BTreeSet<&str> = BTreeSet::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fields = fields(raw);
        let Some(&(_, file)) = fields.first() else {
            continue;
        };
        if file.starts_with(";;") {
            continue;
        }
        if fields.len() < 4 {
            return Err(parse_error(
                path,
                line,
                1,
                format!(
                    "a UEM line needs 4 fields (file, channel, start, end); this one has {}",
                    fields.len()
                ),
                UEM_HINT,
            ));
        }
        let start = seconds_field(path, line, fields[2], "start", UEM_HINT)?;
        let end = seconds_field(path, line, fields[3], "end", UEM_HINT)?;
        if end < start {
            return Err(parse_error(
                path,
                line,
                fields[3].0,
                format!(
                    "the end ({} s) comes before the start ({} s)",
                    seconds_text(end),
                    seconds_text(start)
                ),
                UEM_HINT,
            ));
        }
        if file == file_id {
            matching.push((line, ScoredSpan { start, end }));
        } else {
            other_files.insert(file);
        }
    }
    match matching.as_slice() {
        [(_, span)] => Ok(*span),
        [] => Err(FileError::Invalid {
            path: path.to_path_buf(),
            what: format!(
                "no line for recording \"{file_id}\" (the file id of the RTTM){}",
                if other_files.is_empty() {
                    String::new()
                } else {
                    format!("; it lists {}", quoted_list(other_files.iter().copied()))
                }
            ),
            hint: "The first field of a UEM line names the recording. Pass the UEM of this \
                   recording, or leave out --uem to score from 0 s to the end of the last segment."
                .into(),
        }),
        several => Err(FileError::Invalid {
            path: path.to_path_buf(),
            what: format!(
                "{} scored regions for \"{file_id}\" (lines {}); a session is one continuous span",
                several.len(),
                several
                    .iter()
                    .map(|(line, _)| line.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: "Keep one line for this recording, e.g. from the first start to the last end."
                .into(),
        }),
    }
}

/// Applies the floor rule over `span`: a timeline of maximal spans, each held by one
/// speaker label or silent, covering the span end to end.
///
/// Segments are clipped to the span, but a segment that began before the span still
/// began then: clipping changes where it is counted, not how recent it is.
pub fn floor_timeline(segments: &[Segment], span: ScoredSpan) -> Vec<FloorSpan> {
    let (start, end) = (span.start, span.end.max(span.start));
    // The holder can only change where some segment starts or ends.
    let mut boundaries: Vec<Millis> = segments
        .iter()
        .flat_map(|segment| [segment.onset, segment.end])
        .map(|at| at.clamp(start, end))
        .chain([start, end])
        .collect();
    boundaries.sort_unstable();
    boundaries.dedup();

    let mut by_onset: Vec<usize> = (0..segments.len()).collect();
    by_onset.sort_by_key(|&i| segments[i].onset);
    let mut by_end: Vec<usize> = (0..segments.len()).collect();
    by_end.sort_by_key(|&i| segments[i].end);
    let (mut next_to_start, mut next_to_end) = (0, 0);
    // Ordered by (onset, line): the last one began most recently, or on a later line.
    let mut speaking: BTreeSet<(Millis, usize, usize)> = BTreeSet::new();
    let key = |i: usize| (segments[i].onset, segments[i].line, i);

    let mut timeline: Vec<FloorSpan> = Vec::new();
    for window in boundaries.windows(2) {
        let (from, to) = (window[0], window[1]);
        while let Some(&i) = by_onset.get(next_to_start)
            && segments[i].onset <= from
        {
            speaking.insert(key(i));
            next_to_start += 1;
        }
        // Every segment ending by now has started by now, so it was inserted above.
        while let Some(&i) = by_end.get(next_to_end)
            && segments[i].end <= from
        {
            speaking.remove(&key(i));
            next_to_end += 1;
        }
        let speaker = speaking
            .last()
            .map(|&(_, _, i)| segments[i].speaker.as_str());
        match timeline.last_mut() {
            Some(last) if last.speaker.as_deref() == speaker => last.end = to,
            _ => timeline.push(FloorSpan {
                start: from,
                end: to,
                speaker: speaker.map(str::to_string),
            }),
        }
    }
    timeline
}

/// Who each speaker label of the file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerMap {
    /// Every label of the file in order of first appearance, with its floor holder.
    pub pairs: Vec<(String, Floor)>,
}

impl SpeakerMap {
    pub fn holder(&self, label: &str) -> Option<&Floor> {
        self.pairs
            .iter()
            .find(|(known, _)| known == label)
            .map(|(_, floor)| floor)
    }
}

/// What can stop an import once the files have been read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "--speaker {label}={id}: \"{id}\" is not a member id of {group}.\n  \
         Member ids: {roster}. Use one of them (or facilitator / co-facilitator), or add the \
         member to group.ron first."
    )]
    UnknownMember {
        label: String,
        id: String,
        group: String,
        roster: String,
    },

    #[error(
        "--speaker {label}=...: no SPEAKER line has the label \"{label}\".\n  \
         The labels in the file are: {labels}."
    )]
    UnknownLabel { label: String, labels: String },

    #[error("--speaker {label} is given twice, as {first} and as {second}.\n  Keep one of them.")]
    LabelMappedTwice {
        label: String,
        first: String,
        second: String,
    },

    #[error(
        "{count} speaker label(s) left without a member: {unmapped}.\n  \
         {group} has {roster} member(s) and all are taken. Map the labels with \
         --speaker LABEL=MEMBER_ID (two labels may name the same member, when the tool split \
         one person in two), or add members to group.ron."
    )]
    RosterTooSmall {
        count: usize,
        unmapped: String,
        group: String,
        roster: usize,
    },

    #[error(
        "speaker label \"{label}\" names more than one person of the group: {fits}.\n  \
         Say who it is with --speaker {label}=MEMBER_ID (or facilitator / co-facilitator)."
    )]
    AmbiguousLabel { label: String, fits: String },

    #[error(
        "speaker label \"{label}\" has no member.\n  This is a bug in groupscribe; nothing was \
         written."
    )]
    Unmapped { label: String },

    #[error(
        "a floor change {seconds} s after the start falls beyond the dates groupscribe can \
         store.\n  Check the onsets in the RTTM and the --start time."
    )]
    OutOfRange { seconds: String },
}

/// Parses one `--speaker LABEL=MEMBER_ID` argument.
pub fn parse_speaker_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((label, id)) if !label.trim().is_empty() && !id.trim().is_empty() => {
            Ok((label.trim().to_string(), id.trim().to_string()))
        }
        _ => Err(format!(
            "\"{text}\" is not LABEL=MEMBER_ID (for example spk0=ana)"
        )),
    }
}

/// Maps every speaker label to a floor holder, in three steps:
/// 1. the explicit `LABEL=ID` pairs (an ID is a member id, `facilitator` or
///    `co-facilitator`, in any case);
/// 2. labels that already name someone, ignoring case: a roster member's id, name
///    or alias, `facilitator` / `co-facilitator` or their names (what an export
///    writes, so that a round trip keeps who is who); a label that names two people
///    is an error, never a guess;
/// 3. the remaining labels, in order of first appearance, to the roster members not
///    yet used, in roster order.
pub fn map_speakers(
    labels: &[&str],
    group: &Group,
    explicit: &[(String, String)],
) -> Result<SpeakerMap, ImportError> {
    let mut chosen: HashMap<&str, (Floor, &str)> = HashMap::new();
    for (label, id) in explicit {
        if !labels.contains(&label.as_str()) {
            return Err(ImportError::UnknownLabel {
                label: label.clone(),
                labels: labels.join(", "),
            });
        }
        let holder = holder_named(group, id).ok_or_else(|| ImportError::UnknownMember {
            label: label.clone(),
            id: id.clone(),
            group: group.name.clone(),
            roster: roster_ids(group),
        })?;
        if let Some((earlier, earlier_id)) = chosen.get(label.as_str())
            && *earlier != holder
        {
            return Err(ImportError::LabelMappedTwice {
                label: label.clone(),
                first: (*earlier_id).to_string(),
                second: id.clone(),
            });
        }
        chosen.insert(label.as_str(), (holder, id.as_str()));
    }
    for &label in labels {
        if !chosen.contains_key(label)
            && let Some(holder) = holder_of_label(group, label)?
        {
            chosen.insert(label, (holder, label));
        }
    }
    let taken: HashSet<&MemberId> = chosen
        .values()
        .filter_map(|(floor, _)| floor.member())
        .collect();
    let mut free = group
        .members
        .iter()
        .filter(|member| !taken.contains(&member.id));
    let mut pairs = Vec::new();
    let mut unmapped = Vec::new();
    for &label in labels {
        let holder = match chosen.get(label) {
            Some((holder, _)) => holder.clone(),
            None => match free.next() {
                Some(member) => Floor::Member(member.id.clone()),
                None => {
                    unmapped.push(label);
                    continue;
                }
            },
        };
        pairs.push((label.to_string(), holder));
    }
    if !unmapped.is_empty() {
        return Err(ImportError::RosterTooSmall {
            count: unmapped.len(),
            unmapped: unmapped.join(", "),
            group: group.name.clone(),
            roster: group.members.len(),
        });
    }
    Ok(SpeakerMap { pairs })
}

/// A roster member by id (case-insensitively when no id matches exactly), or a
/// worker by role name.
fn holder_named(group: &Group, id: &str) -> Option<Floor> {
    let member_id = MemberId::new(id);
    if group.member(&member_id).is_some() {
        return Some(Floor::Member(member_id));
    }
    let mut folded = group
        .members
        .iter()
        .filter(|member| member.id.as_str().eq_ignore_ascii_case(id));
    if let (Some(member), None) = (folded.next(), folded.next()) {
        Some(Floor::Member(member.id.clone()))
    } else if id.eq_ignore_ascii_case(FACILITATOR_LABEL) {
        Some(Floor::Facilitator)
    } else if id.eq_ignore_ascii_case(CO_FACILITATOR_LABEL) {
        Some(Floor::CoFacilitator)
    } else {
        None
    }
}

/// Whom a label names by itself: a member whose id, name or alias it equals
/// (ignoring case), or a facilitator by role or name. Such a label is never handed
/// to anyone else; one that fits two people is an error.
fn holder_of_label(group: &Group, label: &str) -> Result<Option<Floor>, ImportError> {
    let exact = MemberId::new(label);
    if group.member(&exact).is_some() {
        return Ok(Some(Floor::Member(exact)));
    }
    let same = |text: &str| text.trim().eq_ignore_ascii_case(label);
    let mut fits: Vec<(Floor, String)> = Vec::new();
    for member in &group.members {
        if same(member.id.as_str())
            || same(&member.name)
            || member.alias.as_deref().is_some_and(same)
        {
            fits.push((Floor::Member(member.id.clone()), member.id.to_string()));
        }
    }
    if same(FACILITATOR_LABEL) || same(&group.facilitator) {
        fits.push((Floor::Facilitator, FACILITATOR_LABEL.into()));
    }
    if same(CO_FACILITATOR_LABEL) || group.co_facilitator.as_deref().is_some_and(same) {
        fits.push((Floor::CoFacilitator, CO_FACILITATOR_LABEL.into()));
    }
    match fits.len() {
        0 => Ok(None),
        1 => Ok(fits.pop().map(|(holder, _)| holder)),
        _ => Err(ImportError::AmbiguousLabel {
            label: label.to_string(),
            fits: fits
                .into_iter()
                .map(|(_, id)| id)
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

fn roster_ids(group: &Group) -> String {
    if group.members.is_empty() {
        return "none (the roster is empty)".into();
    }
    group
        .members
        .iter()
        .map(|member| member.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The imported session: a `Floor` event at each change of holder (a session opens
/// in silence, so leading silence needs no event), then `Ended` at the end of the
/// span. An event's time is `header.started` plus its offset from the span's start.
/// Two labels mapped to one member in a row make one turn.
pub fn build_session(
    header: SessionHeader,
    timeline: &[FloorSpan],
    span: ScoredSpan,
    speakers: &SpeakerMap,
) -> Result<Session, ImportError> {
    let started = header.started;
    let at = |offset: Millis| -> Result<Timestamp, ImportError> {
        chrono::TimeDelta::try_milliseconds(offset)
            .and_then(|delta| started.checked_add_signed(delta))
            .ok_or_else(|| ImportError::OutOfRange {
                seconds: seconds_text(offset),
            })
    };
    let mut events: Vec<Event> = Vec::new();
    let mut next_id: u32 = 1;
    let mut push = |events: &mut Vec<Event>, at: Timestamp, kind: EventKind| {
        events.push(Event {
            id: EventId(next_id),
            at,
            by: Author::Facilitator,
            kind,
        });
        next_id = next_id.saturating_add(1);
    };
    let mut holder = Floor::Silence;
    for piece in timeline {
        let next = match &piece.speaker {
            None => Floor::Silence,
            Some(label) => {
                speakers
                    .holder(label)
                    .cloned()
                    .ok_or_else(|| ImportError::Unmapped {
                        label: label.clone(),
                    })?
            }
        };
        if next == holder {
            continue;
        }
        push(
            &mut events,
            at(piece.start - span.start)?,
            EventKind::Floor(next.clone()),
        );
        holder = next;
    }
    push(&mut events, at(span.length())?, EventKind::Ended);
    Ok(Session { header, events })
}

/// Whitespace-separated fields, each with its column (in characters, from 1) for errors.
fn fields(line: &str) -> Vec<(usize, &str)> {
    let mut fields = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (column, (byte, c)) in line.char_indices().enumerate() {
        // A byte-order mark at the start of a file is not part of the first field.
        if c.is_whitespace() || c == '\u{feff}' {
            if let Some((from, from_column)) = open.take() {
                fields.push((from_column, &line[from..byte]));
            }
        } else if open.is_none() {
            open = Some((byte, column + 1));
        }
    }
    if let Some((from, from_column)) = open {
        fields.push((from_column, &line[from..]));
    }
    fields
}

/// The longest speaker label or file id an RTTM file may have, in characters.
/// Diarization tools write short ones (`spk0`, `SPEAKER_01`, `ES2004a`); a label
/// is kept in the session's header and printed in columns.
pub const MAX_LABEL_CHARS: usize = 256;

fn too_long(
    path: &Path,
    line: usize,
    (column, text): (usize, &str),
    what: &str,
) -> Result<(), FileError> {
    let length = text.chars().count();
    if length <= MAX_LABEL_CHARS {
        return Ok(());
    }
    Err(parse_error(
        path,
        line,
        column,
        format!("the {what} is {length} characters long; at most {MAX_LABEL_CHARS} are read"),
        "Shorten it (every line of one speaker must keep the same label); nothing was imported.",
    ))
}

fn seconds_field(
    path: &Path,
    line: usize,
    (column, text): (usize, &str),
    what: &str,
    hint: &str,
) -> Result<Millis, FileError> {
    match seconds_to_millis(text) {
        Ok(millis) if millis >= 0 => Ok(millis),
        Ok(_) => Err(parse_error(
            path,
            line,
            column,
            format!("the {what} {text} is negative"),
            hint,
        )),
        Err(problem) => Err(parse_error(
            path,
            line,
            column,
            format!("the {what} \"{text}\" {problem}"),
            hint,
        )),
    }
}

/// Decimal seconds (`12.34`, `.5`, `1e-3`) to whole milliseconds, rounded once, half
/// away from zero, on the decimal digits themselves: going through `f64` would turn
/// `1.0005` into `1000.4999…` and round it the wrong way.
pub fn seconds_to_millis(text: &str) -> Result<Millis, &'static str> {
    const NOT_A_NUMBER: &str = "is not a number of seconds";
    const TOO_LARGE: &str = "is too large";
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            &unsigned[..at],
            unsigned[at + 1..]
                .parse::<i32>()
                .map_err(|_| NOT_A_NUMBER)?,
        ),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(NOT_A_NUMBER);
    }
    // Leading zeros say nothing: without them the digits are few where the value
    // is not zero, and the loop below runs at most 19 times whatever the exponent
    // (`0e2147483647` once cost 2^31 steps).
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    let digits = &digits[zeros..];
    if digits.is_empty() {
        return Ok(0);
    }
    // Where the millisecond point falls among the digits: three places right of the
    // decimal point, moved by the exponent.
    let point = i64::try_from(whole.len())
        .ok()
        .and_then(|len| len.checked_sub(i64::try_from(zeros).ok()?))
        .and_then(|len| len.checked_add(i64::from(exponent))?.checked_add(3))
        .ok_or(TOO_LARGE)?;
    // i64 holds 19 digits: a first digit further left than that is too large.
    if point > 19 {
        return Err(TOO_LARGE);
    }
    let mut millis: Millis = 0;
    let mut position: i64 = 0;
    while position < point {
        let digit = usize::try_from(position)
            .ok()
            .and_then(|at| digits.get(at))
            .map_or(0, |d| i64::from(d - b'0'));
        millis = millis
            .checked_mul(10)
            .and_then(|m| m.checked_add(digit))
            .ok_or(TOO_LARGE)?;
        position += 1;
    }
    // Half away from zero: only the first dropped digit decides.
    let first_dropped = usize::try_from(point)
        .ok()
        .and_then(|at| digits.get(at))
        .map_or(0, |d| d - b'0');
    if first_dropped >= 5 {
        millis = millis.checked_add(1).ok_or(TOO_LARGE)?;
    }
    Ok(if negative { -millis } else { millis })
}

fn parse_error(path: &Path, line: usize, col: usize, message: String, hint: &str) -> FileError {
    FileError::Parse {
        path: path.to_path_buf(),
        line,
        col,
        message,
        hint: hint.to_string(),
    }
}

fn quoted_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|item| format!("\"{item}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::metrics::Participation;
    use crate::model::fixture;

    fn path() -> &'static Path {
        Path::new("meeting.rttm")
    }

    fn speaker_line(onset: &str, duration: &str, speaker: &str) -> String {
        format!("SPEAKER rec 1 {onset} {duration} <NA> <NA> {speaker} <NA> <NA>")
    }

    /// Segments from `(onset s, end s, speaker)`, numbered as lines 1, 2, ...
    fn segments(spec: &[(i64, i64, &str)]) -> Vec<Segment> {
        spec.iter()
            .enumerate()
            .map(|(i, &(onset, end, speaker))| Segment {
                line: i + 1,
                speaker: speaker.into(),
                onset: onset * 1000,
                end: end * 1000,
            })
            .collect()
    }

    /// The timeline as `(start s, end s, speaker or "-")`, for short assertions.
    fn seconds(timeline: &[FloorSpan]) -> Vec<(i64, i64, &str)> {
        timeline
            .iter()
            .map(|span| {
                (
                    span.start / 1000,
                    span.end / 1000,
                    span.speaker.as_deref().unwrap_or("-"),
                )
            })
            .collect()
    }

    fn span(start: i64, end: i64) -> ScoredSpan {
        ScoredSpan {
            start: start * 1000,
            end: end * 1000,
        }
    }

    fn group(ids: &[&str]) -> Group {
        let members = ids
            .iter()
            .map(|id| fixture::member(id, &id.to_uppercase()))
            .collect();
        Group {
            name: "Test Group".into(),
            ..fixture::group(members)
        }
    }

    fn member(id: &str) -> Floor {
        Floor::Member(MemberId::new(id))
    }

    #[test]
    fn seconds_round_once_on_the_decimal_digits() {
        assert_eq!(seconds_to_millis("0.37"), Ok(370));
        assert_eq!(seconds_to_millis("1049.354687"), Ok(1_049_355));
        assert_eq!(seconds_to_millis("1.0005"), Ok(1001), "f64 would give 1000");
        assert_eq!(seconds_to_millis("1.00049"), Ok(1000));
        assert_eq!(seconds_to_millis("2"), Ok(2000));
        assert_eq!(seconds_to_millis(".5"), Ok(500));
        assert_eq!(seconds_to_millis("5."), Ok(5000));
        assert_eq!(seconds_to_millis("1e-3"), Ok(1));
        assert_eq!(seconds_to_millis("1.5E2"), Ok(150_000));
        assert_eq!(seconds_to_millis("0.0004"), Ok(0));
        assert_eq!(seconds_to_millis("-0.25"), Ok(-250));
        assert_eq!(seconds_to_millis("+7"), Ok(7000));
        for bad in ["", ".", "abc", "1.2.3", "nan", "inf", "1e", "1,5", "--1"] {
            assert!(seconds_to_millis(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(seconds_to_millis("1e300"), Err("is too large"));
        assert_eq!(seconds_to_millis("1e-300"), Ok(0));
    }

    #[test]
    fn an_exponent_costs_nothing_however_large() {
        // Each of these once looped 2^31 times (about 3 s of CPU per field).
        assert_eq!(seconds_to_millis("0e2147483647"), Ok(0));
        assert_eq!(seconds_to_millis("-0.000e2147483647"), Ok(0));
        assert_eq!(seconds_to_millis("1e2147483647"), Err("is too large"));
        assert_eq!(seconds_to_millis("0001e-2147483648"), Ok(0));
        assert_eq!(
            seconds_to_millis("1e2147483648"),
            Err("is not a number of seconds")
        );
        // Leading zeros change nothing, however many.
        let zeros = "0".repeat(100_000);
        assert_eq!(seconds_to_millis(&format!("{zeros}1.5")), Ok(1500));
        assert_eq!(seconds_to_millis(&format!("0.{zeros}5e100001")), Ok(5000));
        // The edge of i64 milliseconds.
        assert_eq!(seconds_to_millis("9223372036854775.807"), Ok(Millis::MAX));
        assert_eq!(
            seconds_to_millis("9223372036854775.808"),
            Err("is too large")
        );
        assert_eq!(seconds_to_millis("1e16"), Err("is too large"));
        assert_eq!(seconds_to_millis("1e15"), Ok(1_000_000_000_000_000_000));
    }

    #[test]
    fn a_label_or_file_id_longer_than_the_bound_is_refused_where_it_is() {
        let path = Path::new("long.rttm");
        let at_bound = "L".repeat(MAX_LABEL_CHARS);
        let line = |file: &str, label: &str| {
            format!("SPEAKER {file} 1 0.5 2.0 <NA> <NA> {label} <NA> <NA>\n")
        };
        let parsed = parse_rttm(path, &line("rec", &at_bound)).unwrap();
        assert_eq!(parsed.speakers(), [at_bound.as_str()]);
        let over = "Ł".repeat(MAX_LABEL_CHARS + 1);
        let text = format!("{}{}", line("rec", "spk0"), line("rec", &over));
        let message = parse_rttm(path, &text).unwrap_err().to_string();
        assert!(
            message.starts_with("long.rttm:2:33: the speaker label is 257 characters long"),
            "{message}"
        );
        let message = parse_rttm(path, &line(&over, "spk0"))
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("long.rttm:1:9: the file id is 257 characters long"),
            "{message}"
        );
    }

    #[test]
    fn speaker_lines_become_segments_and_everything_else_is_skipped() {
        let text = [
            ";; a comment",
            "",
            "SPKR-INFO rec 1 <NA> <NA> <NA> unknown A <NA> <NA>",
            &speaker_line("0.37", "1.39", "A"),
            "   ",
            &speaker_line("10.99", "3.54", "B"),
            "SPEAKER rec 1 12 1 <NA> <NA> A", // 8 fields: confidence and lookahead left out
        ]
        .join("\n");
        let rttm = parse_rttm(path(), &text).unwrap();
        assert_eq!(rttm.file_id, "rec");
        assert_eq!(
            rttm.segments,
            vec![
                Segment {
                    line: 4,
                    speaker: "A".into(),
                    onset: 370,
                    end: 1760
                },
                Segment {
                    line: 6,
                    speaker: "B".into(),
                    onset: 10_990,
                    end: 14_530
                },
                Segment {
                    line: 7,
                    speaker: "A".into(),
                    onset: 12_000,
                    end: 13_000
                },
            ]
        );
        assert_eq!(rttm.speakers(), ["A", "B"]);
    }

    #[test]
    fn a_bad_speaker_line_is_named_by_line_and_column() {
        let good = speaker_line("1", "1", "A");
        let cases = [
            (
                "SPEAKER rec 1 1.0 2.0".to_string(),
                "meeting.rttm:2:1: a SPEAKER line needs at least 8 fields",
            ),
            (
                speaker_line("1.o", "1", "A"),
                "meeting.rttm:2:15: the onset \"1.o\" is not a number of seconds",
            ),
            (
                speaker_line("1", "-0.5", "A"),
                "meeting.rttm:2:17: the duration -0.5 is negative",
            ),
            (
                speaker_line("1", "1", "<NA>"),
                "meeting.rttm:2:29: the speaker (8th field) is <NA>",
            ),
            (
                "SPEAKER other 1 1 1 <NA> <NA> A <NA> <NA>".to_string(),
                "meeting.rttm:2:9: file id \"other\" differs from \"rec\" on line 1",
            ),
        ];
        for (bad, expected) in cases {
            let text = format!("{good}\n{bad}\n{good}\n");
            let message = parse_rttm(path(), &text).unwrap_err().to_string();
            assert!(message.starts_with(expected), "{message}");
            assert!(message.contains("nothing was imported") || message.contains("split"));
        }
    }

    #[test]
    fn a_file_without_speaker_lines_is_refused() {
        let message = parse_rttm(path(), ";; nothing\n\n")
            .unwrap_err()
            .to_string();
        assert!(message.contains("no SPEAKER lines"), "{message}");
    }

    #[test]
    fn the_uem_line_of_the_recording_gives_the_span() {
        let uem = Path::new("m.uem");
        let text = ";; scored\nother 1 0 5\nrec 1 0.000 1049.354687\n";
        assert_eq!(
            parse_uem(uem, text, "rec").unwrap(),
            ScoredSpan {
                start: 0,
                end: 1_049_355
            }
        );
        let missing = parse_uem(uem, text, "nope").unwrap_err().to_string();
        assert!(
            missing.contains("no line for recording \"nope\"")
                && missing.contains("\"other\", \"rec\""),
            "{missing}"
        );
        let backwards = parse_uem(uem, "rec 1 9 3\n", "rec")
            .unwrap_err()
            .to_string();
        assert!(
            backwards.starts_with("m.uem:1:9: the end (3.000 s) comes before the start (9.000 s)"),
            "{backwards}"
        );
        let short = parse_uem(uem, "\nrec 1 9\n", "rec")
            .unwrap_err()
            .to_string();
        assert!(
            short.starts_with("m.uem:2:1: a UEM line needs 4 fields"),
            "{short}"
        );
        let two = parse_uem(uem, "rec 1 0 5\nrec 1 7 9\n", "rec")
            .unwrap_err()
            .to_string();
        assert!(
            two.contains("2 scored regions for \"rec\" (lines 1, 2)"),
            "{two}"
        );
    }

    #[test]
    fn the_later_starting_speaker_takes_the_floor_and_hands_it_back() {
        // A speaks 0-10; B interjects 3-5; C 4-6 comes in over B; A is still speaking.
        let timeline = floor_timeline(
            &segments(&[(0, 10, "A"), (3, 5, "B"), (4, 6, "C")]),
            span(0, 10),
        );
        assert_eq!(
            seconds(&timeline),
            [(0, 3, "A"), (3, 4, "B"), (4, 6, "C"), (6, 10, "A")]
        );
    }

    #[test]
    fn the_earlier_speaker_does_not_resume_once_stopped() {
        let timeline = floor_timeline(&segments(&[(0, 4, "A"), (2, 6, "B")]), span(0, 6));
        assert_eq!(seconds(&timeline), [(0, 2, "A"), (2, 6, "B")]);
    }

    #[test]
    fn a_tie_goes_to_the_later_line() {
        let timeline = floor_timeline(&segments(&[(1, 5, "A"), (1, 3, "B")]), span(0, 5));
        assert_eq!(seconds(&timeline), [(0, 1, "-"), (1, 3, "B"), (3, 5, "A")]);
        let swapped = floor_timeline(&segments(&[(1, 3, "B"), (1, 5, "A")]), span(0, 5));
        assert_eq!(seconds(&swapped), [(0, 1, "-"), (1, 5, "A")]);
    }

    #[test]
    fn gaps_are_silence_and_one_speakers_touching_segments_are_one_turn() {
        let timeline = floor_timeline(
            &segments(&[(2, 4, "A"), (4, 6, "A"), (8, 9, "B"), (5, 7, "A")]),
            span(0, 12),
        );
        assert_eq!(
            seconds(&timeline),
            [
                (0, 2, "-"),
                (2, 7, "A"),
                (7, 8, "-"),
                (8, 9, "B"),
                (9, 12, "-")
            ]
        );
    }

    #[test]
    fn segments_are_clipped_to_the_scored_span_keeping_who_began_last() {
        // B began before the span but after A: B holds the floor when the span opens.
        let timeline = floor_timeline(
            &segments(&[(0, 20, "A"), (3, 12, "B"), (30, 40, "C")]),
            span(10, 25),
        );
        assert_eq!(
            seconds(&timeline),
            [(10, 12, "B"), (12, 20, "A"), (20, 25, "-")]
        );
        assert!(floor_timeline(&segments(&[(0, 5, "A")]), span(3, 3)).is_empty());
        let zero_length = floor_timeline(&segments(&[(2, 2, "A")]), span(0, 4));
        assert_eq!(seconds(&zero_length), [(0, 4, "-")]);
    }

    #[test]
    fn without_a_uem_the_span_ends_with_the_last_segment() {
        let all = segments(&[(5, 9, "A"), (1, 3, "B")]);
        assert_eq!(ScoredSpan::of_segments(&all), span(0, 9));
    }

    #[test]
    fn explicit_pairs_first_then_labels_in_order_of_appearance() {
        let group = group(&["ana", "ben", "cy"]);
        let explicit = vec![("spk2".to_string(), "ana".to_string())];
        // "ben" names a member: spk9, first to appear, gets the next free one, cy.
        let map = map_speakers(&["spk9", "spk2", "facilitator", "ben"], &group, &explicit);
        assert_eq!(
            map.unwrap().pairs,
            vec![
                ("spk9".to_string(), member("cy")),
                ("spk2".to_string(), member("ana")),
                ("facilitator".to_string(), Floor::Facilitator),
                ("ben".to_string(), member("ben")),
            ]
        );
        let one_too_many = map_speakers(&["spk9", "spk2", "ben", "spk4"], &group, &explicit);
        assert_eq!(
            one_too_many.unwrap_err(),
            ImportError::RosterTooSmall {
                count: 1,
                unmapped: "spk4".into(),
                group: "Test Group".into(),
                roster: 3
            }
        );
        let workers = vec![("spk4".to_string(), "co-facilitator".to_string())];
        let map = map_speakers(&["spk4"], &group, &workers).unwrap();
        assert_eq!(map.holder("spk4"), Some(&Floor::CoFacilitator));
    }

    #[test]
    fn a_label_naming_someone_in_any_case_is_them_and_never_another() {
        let mut group = group(&["ana", "ben", "cy"]);
        group.members[2].name = "Dee".into();
        group.members[2].alias = Some("Cee".into());
        // BEN appears first: matched exactly it would have taken the first free member, ana.
        let map = map_speakers(&["BEN", "spk0", "dee", "CEE"], &group, &[]).unwrap();
        assert_eq!(
            map.pairs,
            vec![
                ("BEN".to_string(), member("ben")),
                ("spk0".to_string(), member("ana")),
                ("dee".to_string(), member("cy")),
                ("CEE".to_string(), member("cy")),
            ]
        );
        let workers = map_speakers(&["Facilitator", "sam", "CO-FACILITATOR"], &group, &[]);
        assert_eq!(
            workers.unwrap().pairs,
            vec![
                ("Facilitator".to_string(), Floor::Facilitator),
                ("sam".to_string(), Floor::Facilitator),
                ("CO-FACILITATOR".to_string(), Floor::CoFacilitator),
            ]
        );
        let explicit = map_speakers(&["spk0"], &group, &[("spk0".into(), "BEN".into())]);
        assert_eq!(explicit.unwrap().holder("spk0"), Some(&member("ben")));
        // A label that names a member no other label can take is not handed out.
        let pair = super::tests::group(&["ana", "ben"]);
        let too_few = map_speakers(&["spk0", "spk1", "ANA"], &pair, &[]).unwrap_err();
        assert!(
            matches!(&too_few, ImportError::RosterTooSmall { unmapped, .. } if unmapped == "spk1"),
            "{too_few}"
        );
    }

    #[test]
    fn a_label_that_names_two_people_is_refused_not_guessed() {
        let mut group = group(&["ana", "ben"]);
        group.members[1].alias = Some("Ana".into());
        let error = map_speakers(&["ANA"], &group, &[]).unwrap_err();
        assert_eq!(
            error,
            ImportError::AmbiguousLabel {
                label: "ANA".into(),
                fits: "ana, ben".into()
            }
        );
        assert!(
            error.to_string().contains("--speaker ANA=MEMBER_ID"),
            "{error}"
        );
        // The exact id wins; an explicit pair settles it.
        let exact = map_speakers(&["ana"], &group, &[]).unwrap();
        assert_eq!(exact.holder("ana"), Some(&member("ana")));
        let told = map_speakers(&["ANA"], &group, &[("ANA".into(), "ben".into())]).unwrap();
        assert_eq!(told.holder("ANA"), Some(&member("ben")));
    }

    #[test]
    fn mapping_errors_say_what_to_do() {
        let group = group(&["ana", "ben"]);
        let unknown = map_speakers(&["A"], &group, &[("A".into(), "zed".into())])
            .unwrap_err()
            .to_string();
        assert!(
            unknown.contains("\"zed\" is not a member id of Test Group")
                && unknown.contains("Member ids: ana, ben"),
            "{unknown}"
        );
        let no_label = map_speakers(&["A", "B"], &group, &[("C".into(), "ana".into())])
            .unwrap_err()
            .to_string();
        assert!(
            no_label.contains("labels in the file are: A, B"),
            "{no_label}"
        );
        let twice = map_speakers(
            &["A"],
            &group,
            &[("A".into(), "ana".into()), ("A".into(), "ben".into())],
        )
        .unwrap_err();
        assert!(matches!(twice, ImportError::LabelMappedTwice { .. }));
        let small = map_speakers(&["A", "B", "C", "D"], &group, &[])
            .unwrap_err()
            .to_string();
        assert!(
            small.starts_with("2 speaker label(s) left without a member: C, D.")
                && small.contains("--speaker LABEL=MEMBER_ID")
                && small.contains("add members to group.ron"),
            "{small}"
        );
        assert!(parse_speaker_pair("spk0=ana").is_ok());
        assert!(parse_speaker_pair("spk0").is_err());
        assert!(parse_speaker_pair("=ana").is_err());
    }

    #[test]
    fn the_session_has_a_floor_event_at_each_change_and_ends_with_the_span() {
        let group = group(&["ana", "ben"]);
        let all = segments(&[(12, 20, "A"), (15, 17, "B"), (14, 16, "C"), (22, 24, "B")]);
        let span = span(10, 30);
        let timeline = floor_timeline(&all, span);
        // C is a second label for Ana: A then C in a row is one turn of hers.
        let explicit = [
            ("A".to_string(), "ana".to_string()),
            ("C".into(), "ana".into()),
        ];
        let map = map_speakers(&["A", "B", "C"], &group, &explicit).unwrap();
        let started = chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap();
        let header = SessionHeader {
            group: "test-group".into(),
            started,
            ..fixture::header()
        };
        let session = build_session(header, &timeline, span, &map).unwrap();
        let offsets: Vec<(i64, EventKind)> = session
            .events
            .iter()
            .map(|e| ((e.at - started).num_seconds(), e.kind.clone()))
            .collect();
        assert_eq!(
            offsets,
            vec![
                (2, EventKind::Floor(member("ana"))),
                (5, EventKind::Floor(member("ben"))),
                (7, EventKind::Floor(member("ana"))),
                (10, EventKind::Floor(Floor::Silence)),
                (12, EventKind::Floor(member("ben"))),
                (14, EventKind::Floor(Floor::Silence)),
                (20, EventKind::Ended),
            ]
        );
        let ids: Vec<u32> = session.events.iter().map(|e| e.id.0).collect();
        assert_eq!(ids, (1..=7).collect::<Vec<_>>());

        // Figures run to the end of the span, where the session ended.
        let p = Participation::compute(&group, &session, started + chrono::TimeDelta::seconds(20));
        let ana = p.total.member_stats(&MemberId::new("ana")).unwrap();
        let ben = p.total.member_stats(&MemberId::new("ben")).unwrap();
        assert_eq!((ana.turns, ana.talk), (2, 6_000));
        assert_eq!((ben.turns, ben.talk), (2, 4_000));
        assert_eq!(p.total.silence, 10_000);
        assert_eq!(p.total.clock, span.length());
    }

    #[test]
    fn an_onset_beyond_any_date_is_an_error_not_a_panic() {
        let group = group(&["ana"]);
        let all = vec![Segment {
            line: 1,
            speaker: "A".into(),
            onset: 0,
            end: i64::MAX / 2,
        }];
        let span = ScoredSpan::of_segments(&all);
        let map = map_speakers(&["A"], &group, &[]).unwrap();
        let header = SessionHeader {
            group: "g".into(),
            ..fixture::header()
        };
        let error = build_session(header, &floor_timeline(&all, span), span, &map).unwrap_err();
        assert!(matches!(error, ImportError::OutOfRange { .. }), "{error}");
    }
}
