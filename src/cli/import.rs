//! `groupscribe import rttm`: a diarization result becomes a session of speaking
//! turns in a group of the store. The logic is `interop::rttm`; this is the files.

use crate::diag::FileError;
use crate::interop::rttm::{self, ScoredSpan, SpeakerMap};
use crate::interop::seconds_text;
use crate::metrics::{Millis, Participation, format_clock};
use crate::model::{
    Floor, Group, NameStyle, SCHEMA_VERSION, Session, SessionHeader, SessionSource, SpeakerSource,
    Timestamp, slugify,
};
use crate::store::{GROUP_FILE, GroupEntry, SessionSummary, Store, write_session_atomically};
use chrono::Timelike;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Turn a diarization result (RTTM: the standard output of speaker-diarization
    /// tools) into a session of speaking turns, mapping speaker labels to members.
    Rttm(ImportRttm),
}

#[derive(Debug, clap::Args)]
pub struct ImportRttm {
    /// The RTTM file: `SPEAKER <file> <channel> <onset s> <duration s> <NA> <NA> <speaker> ...` lines.
    pub file: PathBuf,
    /// The group: its folder name under the store (or its name).
    #[arg(long)]
    pub group: String,
    /// A UEM file giving the recording's scored span (default: 0 s to the end of the last segment).
    #[arg(long)]
    pub uem: Option<PathBuf>,
    /// LABEL=MEMBER_ID (or LABEL=facilitator / co-facilitator); repeat for each. Labels
    /// not given are mapped, in order of first appearance, to members not yet used.
    #[arg(long = "speaker", value_name = "LABEL=MEMBER_ID", value_parser = rttm::parse_speaker_pair)]
    pub speakers: Vec<(String, String)>,
    /// When the recording's scored span began, RFC 3339 (e.g. 2026-11-23T18:00:00+01:00).
    /// Required: an RTTM file carries no date. The session must have ended by now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_start)]
    pub start: Timestamp,
    /// Import a recording that this group already holds (same recording id and span)
    /// once more, as another session.
    #[arg(long)]
    pub again: bool,
}

fn parse_start(text: &str) -> Result<Timestamp, String> {
    chrono::DateTime::parse_from_rfc3339(text).map_err(|error| {
        format!(
            "\"{text}\" is not an RFC 3339 time ({error}); write e.g. 2026-11-23T18:00:00+01:00"
        )
    })
}

/// What an import did, for the summary it prints.
#[derive(Debug)]
pub struct ImportReport {
    pub path: PathBuf,
    pub rttm: PathBuf,
    pub uem: Option<PathBuf>,
    pub file_id: String,
    pub segments: usize,
    pub span: ScoredSpan,
    pub group: Group,
    pub speakers: SpeakerMap,
    pub session: Session,
}

pub fn run(dir: &Path, names: NameStyle, command: ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::Rttm(args) => {
            let report = import_rttm(dir, &args, local_now())?;
            print!("{}", crate::diag::printable(&report.render(names)));
            Ok(())
        }
    }
}

fn local_now() -> Timestamp {
    chrono::Local::now().fixed_offset()
}

/// Reads the RTTM (and UEM), builds the session and writes it, whole and at once,
/// as the group's next session. `now` is only for refusing a session that would end
/// in the future.
pub fn import_rttm(dir: &Path, args: &ImportRttm, now: Timestamp) -> anyhow::Result<ImportReport> {
    let report = prepare_rttm(dir, args, now)?;
    write_session_atomically(&report.path, &report.session.header, &report.session.events)?;
    Ok(report)
}

/// Everything `import rttm` does but the write: reads and checks the RTTM (and
/// UEM), maps the speakers and builds the session, and says where it would go.
/// Writes nothing (the fuzz harness runs every input through it).
pub fn prepare_rttm(dir: &Path, args: &ImportRttm, now: Timestamp) -> anyhow::Result<ImportReport> {
    let store = Store::open(dir)?;
    let (entry, group) = find_group(&store, &args.group)?;
    // The roster of the session's day, kept in its header as the group snapshot.
    let group = group.as_of(args.start.date_naive());
    if let Err(problem) = crate::model::sanity::check_start(args.start) {
        return Err(FileError::Invalid {
            path: args.file.clone(),
            what: format!("--start {}: {}", args.start.to_rfc3339(), problem.message()),
            hint: "--start is when the recording's scored span began: give the date and time \
                   the group met, e.g. 2026-11-23T18:00:00+01:00. Nothing was written."
                .into(),
        }
        .into());
    }
    let parsed = rttm::parse_rttm(&args.file, &read_text(&args.file)?)?;
    let span = match &args.uem {
        Some(uem) => rttm::parse_uem(uem, &read_text(uem)?, &parsed.file_id)?,
        None => ScoredSpan::of_segments(&parsed.segments),
    };
    let in_file = |error: rttm::ImportError| anyhow::anyhow!("{}: {error}", args.file.display());
    let speakers =
        rttm::map_speakers(&parsed.speakers(), &group, &args.speakers).map_err(in_file)?;
    let source = SessionSource {
        file: file_name(&args.file),
        recording: parsed.file_id.clone(),
        span_start_ms: span.start,
        span_end_ms: span.end,
        uem: args.uem.as_deref().map(file_name),
        speakers: speakers
            .pairs
            .iter()
            .map(|(label, holder)| SpeakerSource {
                label: label.clone(),
                holder: holder.clone(),
            })
            .collect(),
    };
    let number = place_in_group(&entry, &group, args, &source)?;
    let header = SessionHeader {
        version: SCHEMA_VERSION,
        group: entry.slug.clone(),
        number,
        started: args.start,
        facilitator: group.facilitator.clone(),
        co_facilitator: group.co_facilitator.clone(),
        source: Some(source),
        snapshot: Some(group.clone()),
        observer: None,
    };
    let session = rttm::build_session(
        header,
        &rttm::floor_timeline(&parsed.segments, span),
        span,
        &speakers,
    )
    .map_err(in_file)?;
    let out_of_range = (session.events.iter())
        .find_map(|event| crate::model::sanity::check_event(args.start, event).err());
    if let Some(problem) = out_of_range {
        return Err(FileError::Invalid {
            path: args.file.clone(),
            what: format!(
                "the recording's scored span ({}–{} s) is too long for one session: {}",
                seconds_text(span.start),
                seconds_text(span.end),
                problem.message()
            ),
            hint: "Check the onsets and durations (and the UEM, if given): they are seconds \
                   from the start of the recording. Nothing was written."
                .into(),
        }
        .into());
    }
    let ends = session.events.last().map_or(args.start, |event| event.at);
    if ends > now {
        return Err(FileError::Invalid {
            path: args.file.clone(),
            what: format!(
                "with --start {}, the session would end at {}, which is still to come (now: {})",
                args.start.to_rfc3339(),
                ends.to_rfc3339(),
                now.with_nanosecond(0).unwrap_or(now).to_rfc3339()
            ),
            hint: "--start is when the recording's scored span began: give the date and time \
                   the group met. Nothing was written."
                .into(),
        }
        .into());
    }
    let path = store.new_session_path(&entry.slug, &session.header);
    Ok(ImportReport {
        path,
        rttm: args.file.clone(),
        uem: args.uem.clone(),
        file_id: parsed.file_id,
        segments: parsed.segments.len(),
        span,
        group,
        speakers,
        session,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The number the imported session gets. Sessions are numbered by date and a saved
/// session is never renumbered, so the import must come after every session the
/// group holds: it gets the next number. An import that would fall before a saved
/// session is refused, and so is a recording the group already holds (unless
/// `--again`).
fn place_in_group(
    entry: &GroupEntry,
    group: &Group,
    args: &ImportRttm,
    source: &SessionSource,
) -> Result<u32, FileError> {
    if let Some(problem) = entry.problems.first() {
        return Err(FileError::Invalid {
            path: entry.folder.clone(),
            what: format!(
                "{} session file(s) of {} cannot be read, so the new session's number is not \
                 certain; the first: {problem}",
                entry.problems.len(),
                group.name
            ),
            hint: "Fix or move that file first (`groupscribe check` lists every problem); \
                   nothing was written."
                .into(),
        });
    }
    let held = entry.sessions.iter().find(|session| {
        session.header.source.as_ref().is_some_and(|held| {
            held.recording == source.recording
                && (held.span_start_ms, held.span_end_ms)
                    == (source.span_start_ms, source.span_end_ms)
        })
    });
    if let Some(held) = held
        && !args.again
    {
        return Err(FileError::Invalid {
            path: args.file.clone(),
            what: format!(
                "recording \"{}\" (scored {}–{} s) is already in {}: session {}, {}",
                source.recording,
                seconds_text(source.span_start_ms),
                seconds_text(source.span_end_ms),
                group.name,
                held.header.number,
                held.path.display()
            ),
            hint: "Nothing was written. To import it once more as another session, add --again."
                .into(),
        });
    }
    let later: Vec<&SessionSummary> = entry
        .sessions
        .iter()
        .filter(|session| session.header.started > args.start)
        .collect();
    if let Some(first_later) = later.iter().min_by_key(|session| session.header.started) {
        return Err(FileError::Invalid {
            path: args.file.clone(),
            what: format!(
                "this recording (--start {}) is older than {} session(s) of {}, the first \
                 being session {} of {} ({})",
                args.start.to_rfc3339(),
                later.len(),
                group.name,
                first_later.header.number,
                first_later.header.started.to_rfc3339(),
                first_later.path.display()
            ),
            hint: "Sessions are numbered by date and a saved session is never renumbered, so a \
                   recording can only follow the group's last session. Import recordings \
                   oldest first (before logging later sessions live), or check --start. \
                   Nothing was written."
                .into(),
        });
    }
    Store::next_session_number(entry)
}

/// The group folder named by `--group` (its slug, or the group's name) and its group.
fn find_group(store: &Store, wanted: &str) -> Result<(GroupEntry, Group), FileError> {
    // Nothing is written before the import is sure, not even the listing index.
    let mut entries = store.groups_read_only()?;
    let position = entries
        .iter()
        .position(|entry| entry.slug == wanted)
        .or_else(|| {
            entries
                .iter()
                .position(|entry| entry.slug == slugify(wanted))
        });
    let Some(position) = position else {
        let known: Vec<&str> = entries.iter().map(|entry| entry.slug.as_str()).collect();
        return Err(FileError::Invalid {
            path: store.root().to_path_buf(),
            what: format!("no group \"{wanted}\" in this store"),
            hint: if known.is_empty() {
                "The store has no groups yet: create one with `groupscribe group new`, or pass \
                 --dir for another store."
                    .into()
            } else {
                format!(
                    "Pass one of these folder names to --group: {}; or --dir for another store.",
                    known.join(", ")
                )
            },
        });
    };
    let entry = entries.swap_remove(position);
    match &entry.group {
        Ok(group) => {
            let group = group.clone();
            Ok((entry, group))
        }
        Err(error) => Err(FileError::Invalid {
            path: entry.folder.join(GROUP_FILE),
            what: error.to_string(),
            hint: "Fix group.ron first (`groupscribe check` says what is wrong).".into(),
        }),
    }
}

fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = std::fs::read(path).map_err(FileError::io(path, "read"))?;
    String::from_utf8(bytes).map_err(|error| FileError::Invalid {
        path: path.to_path_buf(),
        what: format!("not UTF-8 text (byte {})", error.utf8_error().valid_up_to()),
        hint: "RTTM and UEM are plain text files; check that this is the right file.".into(),
    })
}

impl ImportReport {
    /// The file written, each label and who it is, then turns and floor time per
    /// speaker and the silence, exactly as the app will count them.
    pub fn render(&self, names: NameStyle) -> String {
        let started = self.session.header.started;
        let until = self.session.events.last().map_or(started, |event| event.at);
        let figures = Participation::compute(&self.group, &self.session, until);
        let who = |floor: &Floor| match floor {
            Floor::Member(id) => match self.group.member(id) {
                Some(member) => format!("{id} ({})", member.display(names)),
                None => id.to_string(),
            },
            Floor::Facilitator => format!("facilitator ({})", self.group.facilitator),
            Floor::CoFacilitator => match &self.group.co_facilitator {
                Some(name) => format!("co-facilitator ({name})"),
                None => "co-facilitator".into(),
            },
            Floor::Crosstalk => "several at once".into(),
            Floor::Silence => "silence".into(),
        };
        let mut text = format!(
            "Wrote {}\n  session {} of {}, started {}, from {} (recording {}, {} segments)\n",
            self.path.display(),
            self.session.header.number,
            self.group.name,
            started.to_rfc3339(),
            self.rttm.display(),
            self.file_id,
            self.segments
        );
        text.push_str(&format!(
            "  scored span {}–{} s ({}), {}\n",
            seconds_text(self.span.start),
            seconds_text(self.span.end),
            format_clock(self.span.length()),
            match &self.uem {
                Some(uem) => format!("from {}", uem.display()),
                None => "from 0 s to the end of the last segment (no --uem)".into(),
            }
        ));
        text.push_str("Speakers:\n");
        let label_width = self
            .speakers
            .pairs
            .iter()
            .map(|(label, _)| label.chars().count())
            .max()
            .unwrap_or(0);
        for (label, holder) in &self.speakers.pairs {
            text.push_str(&format!(
                "  {} -> {}\n",
                pad(label, label_width),
                who(holder)
            ));
        }
        text.push_str("Floor (turns, time held):\n");
        let mut holders: Vec<&Floor> = Vec::new();
        for (_, holder) in &self.speakers.pairs {
            if !holders.contains(&holder) {
                holders.push(holder);
            }
        }
        let rows: Vec<(String, String, Millis)> = holders
            .into_iter()
            .map(|holder| {
                let stats = figures.total.stats(holder);
                let turns = stats.map_or(0, |s| s.turns);
                (
                    who(holder),
                    format!("{turns} turns"),
                    stats.map_or(0, |s| s.talk),
                )
            })
            .chain([(
                String::from("silence"),
                String::new(),
                figures.total.silence,
            )])
            .collect();
        let name_width = rows
            .iter()
            .map(|(name, _, _)| name.chars().count())
            .max()
            .unwrap_or(0);
        for (name, turns, millis) in rows {
            text.push_str(&format!(
                "  {}  {turns:>10}  {}  ({} s)\n",
                pad(&name, name_width),
                format_clock(millis),
                seconds_text(millis)
            ));
        }
        text
    }
}

/// `text` and spaces up to `width` characters. Not `{:<width$}`: a width over
/// 65,535 (a long name) makes `format!` panic.
fn pad(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(text.chars().count()),
    ));
    padded
}
