//! `groupscribe import rttm`: a diarization result becomes a session of speaking
//! turns in a group of the store. The logic is `interop::rttm`; this is the files.

use crate::interop::rttm::{self, ScoredSpan, SpeakerMap};
use crate::interop::seconds_text;
use crate::metrics::{Millis, Participation, format_clock};
use crate::model::{
    Floor, Group, NameStyle, SCHEMA_VERSION, Session, SessionHeader, Timestamp, slugify,
};
use crate::store::{GROUP_FILE, SessionWriter, Store, StoreError};
use anyhow::Context;
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
    /// When the recording's scored span began, RFC 3339 (e.g. 2026-11-23T18:00:00+01:00);
    /// default: now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_start)]
    pub start: Option<Timestamp>,
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
            print!("{}", report.render(names));
            Ok(())
        }
    }
}

/// The current local time to the second: sub-second digits in a session header
/// would only make the file harder to read.
fn local_now() -> Timestamp {
    use chrono::Timelike;
    let now = chrono::Local::now().fixed_offset();
    now.with_nanosecond(0).unwrap_or(now)
}

/// Reads the RTTM (and UEM), builds the session and writes it as the group's next
/// session; `now` is the start when `--start` is not given.
pub fn import_rttm(dir: &Path, args: &ImportRttm, now: Timestamp) -> anyhow::Result<ImportReport> {
    let store = Store::open(dir)?;
    let (slug, group, number) = find_group(&store, &args.group)?;
    let started = args.start.unwrap_or(now);
    // The roster of the session's day, kept in its header as the group snapshot.
    let group = group.as_of(started.date_naive());
    let parsed = rttm::parse_rttm(&args.file, &read_text(&args.file)?)?;
    let span = match &args.uem {
        Some(uem) => rttm::parse_uem(uem, &read_text(uem)?, &parsed.file_id)?,
        None => ScoredSpan::of_segments(&parsed.segments),
    };
    let in_file = |error: rttm::ImportError| anyhow::anyhow!("{}: {error}", args.file.display());
    let speakers =
        rttm::map_speakers(&parsed.speakers(), &group, &args.speakers).map_err(in_file)?;
    let timeline = rttm::floor_timeline(&parsed.segments, span);
    let header = SessionHeader {
        version: SCHEMA_VERSION,
        group: slug.clone(),
        number,
        started,
        facilitator: group.facilitator.clone(),
        co_facilitator: group.co_facilitator.clone(),
        snapshot: Some(group.clone()),
    };
    let session = rttm::build_session(header, &timeline, span, &speakers).map_err(in_file)?;
    let path = store.new_session_path(&slug, &session.header);
    let mut writer = SessionWriter::create(&path, &session.header)?;
    for event in &session.events {
        writer.append(event).with_context(|| {
            format!(
                "the import stopped part-way: {} is incomplete (not ended). Delete it and run the \
                 import again.",
                path.display()
            )
        })?;
    }
    drop(writer);
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

/// The group folder named by `--group` (its slug, or the group's name), its group
/// and the number its next session gets.
fn find_group(store: &Store, wanted: &str) -> Result<(String, Group, u32), StoreError> {
    let entries = store.groups()?;
    let entry = entries
        .iter()
        .find(|entry| entry.slug == wanted)
        .or_else(|| entries.iter().find(|entry| entry.slug == slugify(wanted)));
    let Some(entry) = entry else {
        let known: Vec<&str> = entries.iter().map(|entry| entry.slug.as_str()).collect();
        return Err(StoreError::Invalid {
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
    match &entry.group {
        Ok(group) => Ok((
            entry.slug.clone(),
            group.clone(),
            Store::next_session_number(entry),
        )),
        Err(error) => Err(StoreError::Invalid {
            path: entry.folder.join(GROUP_FILE),
            what: error.to_string(),
            hint: "Fix group.ron first (`groupscribe check` says what is wrong).".into(),
        }),
    }
}

fn read_text(path: &Path) -> Result<String, StoreError> {
    let bytes = std::fs::read(path).map_err(StoreError::io(path, "read"))?;
    String::from_utf8(bytes).map_err(|error| StoreError::Invalid {
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
            .map(|(label, _)| label.len())
            .max()
            .unwrap_or(0);
        for (label, holder) in &self.speakers.pairs {
            text.push_str(&format!("  {label:<label_width$} -> {}\n", who(holder)));
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
                "  {name:<name_width$}  {turns:>10}  {}  ({} s)\n",
                format_clock(millis),
                seconds_text(millis)
            ));
        }
        text
    }
}
