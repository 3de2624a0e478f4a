//! The reviewer's commands: amend, retract, late, debrief, sign, return. Each
//! appends one event to its author's own file of the record (never changing a
//! line), then rewrites the `.note.md` beside the session.

use crate::model::{
    AttendanceChange, Author, Event, EventId, EventKind, Floor, MemberId, MomentKind, NameStyle,
    RecordEntry, SignOff, Timestamp,
};
use crate::store::{self, LoadedRecord, record};
use crate::tui::review::amend as window;
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Worker {
    Facilitator,
    CoFacilitator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    Facilitator,
    CoFacilitator,
    Supervisor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnlySupervisor {
    Supervisor,
}

impl From<Worker> for Author {
    fn from(worker: Worker) -> Author {
        match worker {
            Worker::Facilitator => Author::Facilitator,
            Worker::CoFacilitator => Author::CoFacilitator,
        }
    }
}

impl From<Role> for Author {
    fn from(role: Role) -> Author {
        match role {
            Role::Facilitator => Author::Facilitator,
            Role::CoFacilitator => Author::CoFacilitator,
            Role::Supervisor => Author::Supervisor,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct AmendArgs {
    pub session: PathBuf,
    /// The event's id, as `groupscribe events` shows it (without the #).
    #[arg(long)]
    pub event: u32,
    /// Who amends (the event goes to their own file).
    #[arg(long = "as", value_enum, default_value_t = Worker::CoFacilitator)]
    pub by: Worker,
    /// Why (one line, required).
    #[arg(long)]
    pub reason: String,
    /// A turn's speaker: a member id, facilitator, co-facilitator, silence or crosstalk.
    #[arg(long)]
    pub speaker: Option<String>,
    /// A moment's kind, in RON: Note, Bookmark, Plan, Theme, Risk(High),
    /// MutualAid(MutualSupport), Intervention(Linking),
    /// Conflict(kind: Task, status: Emerged), Norm(action: Reviewed, norm: "…").
    #[arg(long)]
    pub kind: Option<String>,
    /// A moment's members, by id, comma-separated (empty for none).
    #[arg(long)]
    pub members: Option<String>,
    /// A moment's or an attendance change's words.
    #[arg(long)]
    pub text: Option<String>,
    /// An attendance change: arrived, left-early, absent or excused.
    #[arg(long)]
    pub change: Option<String>,
    /// The member of an attendance change.
    #[arg(long)]
    pub member: Option<String>,
    /// When a turn began (hh:mm:ss on the session's day), between the turns
    /// before and after it.
    #[arg(long, conflicts_with_all = ["speaker", "kind", "members", "text", "change", "member"])]
    pub at: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RetractArgs {
    pub session: PathBuf,
    #[arg(long)]
    pub event: u32,
    #[arg(long = "as", value_enum, default_value_t = Worker::CoFacilitator)]
    pub by: Worker,
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, clap::Args)]
pub struct LateArgs {
    pub session: PathBuf,
    /// When it happened: hh:mm or hh:mm:ss on the session's day.
    #[arg(long)]
    pub at: String,
    #[arg(long = "as", value_enum, default_value_t = Worker::CoFacilitator)]
    pub by: Worker,
    #[arg(long)]
    pub reason: String,
    /// A missed moment's kind, in RON (as for `amend --kind`).
    #[arg(long, conflicts_with = "turn", required_unless_present = "turn")]
    pub moment: Option<String>,
    /// A missed turn: who began speaking then.
    #[arg(long)]
    pub turn: Option<String>,
    /// The moment's members, by id, comma-separated.
    #[arg(long)]
    pub members: Option<String>,
    #[arg(long)]
    pub text: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct DebriefArgs {
    pub session: PathBuf,
    /// The co-facilitator's comments on the session.
    #[arg(long)]
    pub text: String,
}

#[derive(Debug, clap::Args)]
pub struct SignArgs {
    pub session: PathBuf,
    #[arg(long = "as", value_enum)]
    pub role: Role,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub comment: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ReturnArgs {
    pub session: PathBuf,
    #[arg(long = "as", value_enum)]
    pub role: OnlySupervisor,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub comment: String,
}

pub fn amend(args: &AmendArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    let reason = one_line_reason(&args.reason)?;
    let record = load(&args.session)?;
    let target = EventId(args.event);
    let current = reading(&record, target)?;
    if let Some(at) = &args.at {
        let kind = retime(&record, target, &current, at, reason)?;
        let event = append(&record, args.by.into(), now, kind)?;
        return finish(
            &args.session,
            names,
            now,
            &format!("Moved #{}", target.0),
            &event,
            record,
        );
    }
    let mut replacement = current.clone();
    let mut changed = false;
    match &mut replacement {
        EventKind::Floor(floor) => {
            if let Some(speaker) = &args.speaker {
                *floor = parse_floor(speaker);
                changed = true;
            }
            refuse_fields(
                target,
                "a turn",
                &[("--kind", &args.kind), ("--members", &args.members)],
            )?;
            refuse_fields(target, "a turn", &[("--text", &args.text)])?;
        }
        EventKind::Moment(moment) => {
            if let Some(kind) = &args.kind {
                moment.what = parse_moment_kind(kind)?;
                changed = true;
            }
            if let Some(members) = &args.members {
                moment.members = parse_members(members);
                changed = true;
            }
            if let Some(text) = &args.text {
                moment.text = (!text.trim().is_empty()).then(|| text.clone());
                changed = true;
            }
            refuse_fields(target, "a moment", &[("--speaker", &args.speaker)])?;
        }
        EventKind::Attendance {
            member,
            change,
            text,
        } => {
            if let Some(id) = &args.member {
                *member = MemberId::new(id.as_str());
                changed = true;
            }
            if let Some(wanted) = &args.change {
                *change = parse_change(wanted)?;
                changed = true;
            }
            if let Some(words) = &args.text {
                *text = (!words.trim().is_empty()).then(|| words.clone());
                changed = true;
            }
        }
        other => bail!(
            "event #{} ({}) can be retracted, not amended: only turns, moments and attendance \
             changes are amended",
            target.0,
            other.label(&|floor| format!("{floor:?}"))
        ),
    }
    if !changed {
        bail!(
            "say what event #{} now reads: --speaker for a turn; --kind, --members or --text for \
             a moment; --member, --change or --text for an attendance change",
            target.0
        );
    }
    let kind = EventKind::Amendment {
        target,
        replacement: Box::new(replacement),
        reason,
    };
    let event = append(&record, args.by.into(), now, kind)?;
    finish(
        &args.session,
        names,
        now,
        &format!("Amended #{}", target.0),
        &event,
        record,
    )
}

pub fn retract(args: &RetractArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    let reason = one_line_reason(&args.reason)?;
    let record = load(&args.session)?;
    let target = EventId(args.event);
    let event = record
        .event(target)
        .with_context(|| no_such_event(target, &args.session))?;
    if let Some(signed) = is_signature(&event.kind) {
        bail!(
            "event #{} is a signature ({signed}); a signature is never retracted",
            target.0
        );
    }
    let kind = EventKind::Record(RecordEntry::Retracted { target, reason });
    let event = append(&record, args.by.into(), now, kind)?;
    finish(
        &args.session,
        names,
        now,
        &format!("Retracted #{}", target.0),
        &event,
        record,
    )
}

pub fn late(args: &LateArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    let reason = one_line_reason(&args.reason)?;
    let record = load(&args.session)?;
    let session = &record.loaded.session;
    let at = time_on_session_day(session.header.started, &args.at)?;
    let end = session
        .events
        .iter()
        .find(|event| event.kind == EventKind::Ended)
        .map_or(now, |event| event.at);
    // Typed to the second: within the second the session began or ended counts.
    let second = chrono::Duration::seconds(1);
    let started = session.header.started;
    let at = if at < started && started - at < second {
        started
    } else if at > end && at - end < second {
        end
    } else {
        at
    };
    if at < started || at > end {
        bail!(
            "--at {} is outside the session ({} to {}); a late entry is dated when it happened",
            args.at,
            session.header.started.format("%H:%M:%S"),
            end.format("%H:%M:%S")
        );
    }
    let what = match (&args.moment, &args.turn) {
        (Some(kind), _) => EventKind::Moment(crate::model::Moment {
            what: parse_moment_kind(kind)?,
            members: args
                .members
                .as_deref()
                .map(parse_members)
                .unwrap_or_default(),
            text: args.text.clone().filter(|text| !text.trim().is_empty()),
        }),
        (None, Some(turn)) => EventKind::Floor(parse_floor(turn)),
        (None, None) => bail!("say what was missed: --moment KIND or --turn MEMBER"),
    };
    let kind = EventKind::Record(RecordEntry::Late {
        what: Box::new(what),
        written: now,
        reason,
    });
    let event = append(&record, args.by.into(), at, kind)?;
    finish(
        &args.session,
        names,
        now,
        "Late entry added as",
        &event,
        record,
    )
}

pub fn debrief(args: &DebriefArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    if args.text.trim().is_empty() {
        bail!("--text is empty: write the co-facilitator's comments on the session");
    }
    let record = load(&args.session)?;
    let kind = EventKind::Record(RecordEntry::Comment {
        text: args.text.clone(),
    });
    let event = append(&record, Author::CoFacilitator, now, kind)?;
    finish(
        &args.session,
        names,
        now,
        "Debrief added as",
        &event,
        record,
    )
}

pub fn sign(args: &SignArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    if args.name.trim().is_empty() {
        bail!("--name is empty: sign with your name");
    }
    let record = load(&args.session)?;
    if !record.loaded.session.is_ended() {
        bail!(
            "{} has not ended: a session is signed once it has ended",
            args.session.display()
        );
    }
    let (digest, covers) = record::digest_of(&record.files);
    let kind = EventKind::Record(RecordEntry::SignOff(SignOff {
        name: args.name.clone(),
        comment: args.comment.clone().filter(|c| !c.trim().is_empty()),
        digest,
        covers,
    }));
    let event = append(&record, args.role.into(), now, kind)?;
    finish(&args.session, names, now, "Signed as", &event, record)
}

pub fn give_back(args: &ReturnArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    let OnlySupervisor::Supervisor = args.role;
    if args.comment.trim().is_empty() {
        bail!("--comment is empty: say what should be revised");
    }
    let record = load(&args.session)?;
    let kind = EventKind::Record(RecordEntry::Returned {
        name: args.name.clone(),
        comment: args.comment.clone(),
    });
    let event = append(&record, Author::Supervisor, now, kind)?;
    finish(
        &args.session,
        names,
        now,
        "Returned for revision as",
        &event,
        record,
    )
}

fn load(session: &Path) -> anyhow::Result<LoadedRecord> {
    Ok(super::load_whole_record(session)?.1)
}

fn append(
    record: &LoadedRecord,
    author: Author,
    at: Timestamp,
    kind: EventKind,
) -> anyhow::Result<Event> {
    Ok(record::append_to_record(record, author, at, kind)?)
}

/// Says what was written and where, and rewrites the note beside the
/// session from the record as read before, with the event just appended
/// (the files are not read again).
fn finish(
    session: &Path,
    names: NameStyle,
    now: Timestamp,
    what: &str,
    event: &Event,
    mut record: LoadedRecord,
) -> anyhow::Result<()> {
    let file = record::record_file(session, event.by);
    println!(
        "{what} #{} by the {} in {}.",
        event.id.0,
        event.by.label(),
        file.display()
    );
    record.appended(event.clone());
    let session_read = &record.loaded.session;
    let group = match &session_read.header.snapshot {
        Some(snapshot) => session_read.group_as_recorded(snapshot).group,
        None => {
            let group = store::load_group(&session.with_file_name(store::GROUP_FILE))?;
            session_read.group_as_recorded(&group).group
        }
    };
    let note = store::note_path(session);
    let carry = super::carry::beside(session, &group, session_read);
    let text = store::out_file::mark_note(crate::note::progress_note_carried(
        &group,
        session_read,
        names,
        now,
        Some(&carry),
    ));
    store::write_record_atomic(&note, &text)?;
    println!("Note rewritten: {}", note.display());
    Ok(())
}

/// The event as it reads now (its latest amendment), refusing ids that name
/// nothing or a record-keeping event (amend the original, not its amendment).
fn reading(record: &LoadedRecord, target: EventId) -> anyhow::Result<EventKind> {
    let session = &record.loaded.session;
    let path = &record.files[0].path;
    let event = record
        .event(target)
        .with_context(|| no_such_event(target, path))?;
    if let EventKind::Amendment { target: first, .. } = &event.kind {
        bail!(
            "event #{} is an amendment of #{}: amend #{} itself (an amended event can be amended \
             again; its trail keeps every step)",
            target.0,
            first.0,
            first.0
        );
    }
    if event.kind.as_happened().is_none() {
        bail!(
            "event #{} is about the record ({}), not the session: it cannot be amended",
            target.0,
            event.kind.label(&|floor| format!("{floor:?}"))
        );
    }
    if session
        .events
        .iter()
        .any(|other| other.kind.retracts() == Some(target))
    {
        bail!(
            "event #{} was retracted: there is nothing left to amend",
            target.0
        );
    }
    let effective = crate::model::effective_events(&session.events);
    effective
        .into_iter()
        .find(|(event, _)| event.id == target)
        .map(|(_, kind)| kind.clone())
        .with_context(|| no_such_event(target, path))
}

fn no_such_event(target: EventId, path: &Path) -> String {
    format!(
        "no event #{} in the record of {} (`groupscribe events {}` lists them)",
        target.0,
        path.display(),
        path.display()
    )
}

fn is_signature(kind: &EventKind) -> Option<String> {
    match kind {
        EventKind::Record(RecordEntry::SignOff(sign)) => Some(format!("by {}", sign.name)),
        _ => None,
    }
}

fn refuse_fields(
    target: EventId,
    what: &str,
    fields: &[(&str, &Option<String>)],
) -> anyhow::Result<()> {
    if let Some((flag, _)) = fields.iter().find(|(_, value)| value.is_some()) {
        bail!("event #{} is {what}: {flag} does not apply to it", target.0);
    }
    Ok(())
}

fn one_line_reason(reason: &str) -> anyhow::Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        bail!("--reason is empty: every change to the record says why (one line)");
    }
    if reason.contains('\n') {
        bail!("--reason must be one line");
    }
    Ok(reason.to_string())
}

fn parse_floor(text: &str) -> Floor {
    match text {
        "facilitator" => Floor::Facilitator,
        "co-facilitator" => Floor::CoFacilitator,
        "silence" => Floor::Silence,
        "crosstalk" => Floor::Crosstalk,
        id => Floor::Member(MemberId::new(id)),
    }
}

fn parse_members(text: &str) -> Vec<MemberId> {
    text.split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(MemberId::new)
        .collect()
}

fn parse_moment_kind(text: &str) -> anyhow::Result<MomentKind> {
    ron::from_str::<MomentKind>(text).map_err(|error| {
        anyhow::anyhow!(
            "--kind/--moment \"{text}\" is not a moment kind ({error}). Write it in RON, e.g. \
             Note, Bookmark, Plan, Theme, Risk(High), MutualAid(MutualSupport), \
             Intervention(Linking), Conflict(kind: Task, status: Emerged), \
             Norm(action: Reviewed, norm: \"phones away\")"
        )
    })
}

fn parse_change(text: &str) -> anyhow::Result<AttendanceChange> {
    AttendanceChange::ALL
        .into_iter()
        .find(|change| change.label().replace(' ', "-") == text)
        .with_context(|| format!("--change \"{text}\": say arrived, left-early, absent or excused"))
}

/// `hh:mm` or `hh:mm:ss` on the day (and in the offset) the session began.
fn time_on_session_day(started: Timestamp, text: &str) -> anyhow::Result<Timestamp> {
    let time = chrono::NaiveTime::parse_from_str(text, "%H:%M:%S")
        .or_else(|_| chrono::NaiveTime::parse_from_str(text, "%H:%M"))
        .with_context(|| format!("--at \"{text}\": write the time as hh:mm or hh:mm:ss"))?;
    let local = started.date_naive().and_time(time);
    local
        .and_local_timezone(*started.offset())
        .single()
        .with_context(|| format!("--at \"{text}\" is not a time on the session's day"))
}

/// A turn's new start, strictly between the turn-boundaries (turns, breaks,
/// the end) before and after it as the record now reads.
fn retime(
    record: &LoadedRecord,
    target: EventId,
    current: &EventKind,
    at: &str,
    reason: String,
) -> anyhow::Result<EventKind> {
    if !matches!(current, EventKind::Floor(_)) {
        bail!(
            "--at moves a turn's start; event #{} is not a turn",
            target.0
        );
    }
    let session = &record.loaded.session;
    let to = time_on_session_day(session.header.started, at)?;
    let (from, before, after) =
        window::turn_window(session, target).map_err(|error| anyhow::anyhow!("{error}"))?;
    if let Err(error) = window::check_in_window(target, to, before, after) {
        bail!("--at {at} is outside its neighbours: {error}");
    }
    Ok(EventKind::Record(RecordEntry::Retimed {
        target,
        from,
        to,
        reason,
    }))
}
