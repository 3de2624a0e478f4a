//! The command line: what each subcommand does, in terms of the library.

mod carry;
mod check;
mod compare;
mod export;
mod group_edit;
mod group_new;
mod import;
mod merge;
mod note;
mod pdf;
mod queue;
mod replay;
mod report;
mod review;
mod settings;
mod start;
mod store_cmd;

use crate::clock::{Clock, SystemClock};
use crate::diag::{FileError, printable};
use crate::model::{NameStyle, RecordedGroup};
use crate::store::load_group;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

pub use check::check;
pub use compare::{CompareArgs, CompareFormat, Comparison, compare};
pub use export::{ExportArgs, ExportFormat};
pub use group_new::GroupNew;
pub use import::{ImportCommand, ImportReport, ImportRttm, import_rttm, prepare_rttm};
pub use merge::MergeArgs;
pub use settings::Settings;

/// Log group-work sessions live in the terminal and write the progress note.
#[derive(Debug, Parser)]
#[command(name = "groupscribe", version, about)]
pub struct Cli {
    /// The store: a folder with one sub-folder per group [default: the config's
    /// `store`, else ./sessions].
    #[arg(
        long = "dir",
        global = true,
        env = "GROUPSCRIBE_DIR",
        value_name = "DIR"
    )]
    pub dir_flag: Option<PathBuf>,

    /// How member names are shown: alias (or name), full, or initials [default:
    /// the config's `names`, else alias].
    #[arg(long = "names", global = true, value_enum, value_name = "STYLE")]
    pub names_flag: Option<NameStyle>,

    /// A theme: default, light, high-contrast, colour-blind, or a theme .ron file.
    #[arg(long, global = true)]
    pub theme: Option<String>,

    /// A keymap RON file overriding the default keys (default: <dir>/keymap.ron if present).
    #[arg(long, global = true)]
    pub keymap: Option<PathBuf>,

    /// The store in force, once flags, environment and config are resolved.
    #[arg(skip)]
    pub dir: PathBuf,

    /// The name style in force, once flags and config are resolved.
    #[arg(skip)]
    pub names: NameStyle,

    /// Log as whom. `--as co-facilitator` logs a whole session (turns too) on
    /// your own laptop as a second observer: the file's header says it is the
    /// co-facilitator's log and which session it observes (see `compare`).
    #[arg(long = "as", value_enum, value_name = "WORKER")]
    pub as_worker: Option<review::Worker>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage groups: create, edit the plan, check it is ready for session 1.
    #[command(subcommand)]
    Group(GroupCommand),
    /// A group's roster: add a member, edit one (goals, scales, consent...), mark one as left.
    #[command(subcommand)]
    Member(group_edit::MemberCommand),
    /// Check a group, session, keymap, theme or config file and say exactly what is wrong.
    Check { file: PathBuf },
    /// Print where the config file is and every setting in force, with its source.
    Config,
    /// Follow a session another groupscribe is logging, read-only (for the co-facilitator).
    Follow {
        /// The session file (`<date>-sNN.ron`) being logged.
        session: PathBuf,
    },
    /// Replay a session: the live panel as it looked at each moment (for debriefing and training).
    Replay(replay::ReplayArgs),
    /// Review a session's timeline: lanes, moments, the events and their history
    /// (follows it, read-only, while it is still being logged).
    Review {
        /// The session file (`<date>-sNN.ron`).
        session: PathBuf,
        /// In which role you review: your changes go to your own file and
        /// your signature names the role. A supervisor signs (S) or returns
        /// the note (R), and amends nothing. Default: `--as` before the
        /// command if given, else co-facilitator.
        #[arg(long = "as", value_enum, value_name = "ROLE")]
        role: Option<review::Role>,
    },
    /// Print a session's events as a readable timeline (with its companion files').
    Events {
        file: PathBuf,
        /// Then the trail of every amended, retracted or late event: who
        /// changed it, when, why, and what it reads now.
        #[arg(long)]
        history: bool,
    },
    /// Print or write a session's progress note (Markdown, or your own template).
    Note(note::NoteArgs),
    /// Make a session from another tool's output (RTTM speaker turns).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a session as CSV, JSON, RTTM or UEM for spreadsheets and other tools.
    Export(ExportArgs),
    /// Compare two logs of one session: floor agreement (kappa), DER, moments matched.
    Compare(CompareArgs),
    /// Merge two logs of one session into a new session file, each event keeping its author.
    Merge(MergeArgs),
    /// Amend an event (with a reason); the original line is never changed.
    Amend(review::AmendArgs),
    /// Retract an event (with a reason): it no longer counts, but stays in the record.
    Retract(review::RetractArgs),
    /// Add a late entry: a moment or a turn that was missed, dated when it happened.
    Late(review::LateArgs),
    /// The co-facilitator's debrief comments on the session.
    Debrief(review::DebriefArgs),
    /// Sign the record: a SHA-256 digest of every line written before the signature.
    Sign(review::SignArgs),
    /// The supervisor returns the note for revision, with a comment.
    Return(review::ReturnArgs),
    /// The supervisor's queue: notes awaiting a signature or returned, risk
    /// follow-ups open or overdue, oldest first (`--store` repeatable). Never writes.
    Queue(queue::QueueArgs),
    /// Encrypt or decrypt a whole store (encryption at rest, opt-in).
    #[command(subcommand)]
    Store(store_cmd::StoreCommand),
    /// The report across a group's sessions: attendance, talk and turns,
    /// goal ratings, risks, transitions, mutual aid, conflicts, norms, stages.
    Report(report::ReportArgs),
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a group: name, type, purpose, facilitators, members.
    New(GroupNew),
    /// Edit a group's plan: --set field=value, --goal, --agenda "N: activity | segments".
    Edit(group_edit::GroupEdit),
    /// What the plan still lacks before session 1, one line each; fails (exit 1) until ready.
    CheckReady {
        /// The group: its folder name in the store, its folder, or its group.ron.
        group: String,
    },
}

pub fn run(mut cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::resolve(&cli)?;
    cli.dir = settings.store.value.clone();
    cli.names = settings.names.value;
    store_cmd::install_prompt();
    // A sealed store is unlocked now, before the full-screen app takes the terminal.
    if crate::store::seal::is_sealed(&cli.dir) && !matches!(cli.command, Some(Command::Store(_))) {
        crate::store::keyring::unlock_root(&cli.dir)?;
    }
    match cli.command {
        Some(Command::Store(command)) => store_cmd::run(command, &cli.dir),
        None => start::run_app(&cli, settings, None),
        Some(Command::Follow { ref session }) => start::run_app(
            &cli,
            settings,
            Some(crate::tui::Opening::Follow(session.clone())),
        ),
        Some(Command::Replay(ref args)) => {
            let opening = replay::opening(args)?;
            start::run_app(&cli, settings, Some(opening))
        }
        Some(Command::Review { ref session, .. }) => start::run_app(
            &cli,
            settings,
            Some(crate::tui::Opening::Review(session.clone())),
        ),
        Some(Command::Config) => {
            print!("{}", printable(&settings.report()));
            Ok(())
        }
        Some(Command::Group(GroupCommand::New(args))) => {
            let path = group_new::create(&cli.dir, args, &settings.config)?;
            println!("Created {}", path.display());
            Ok(())
        }
        Some(Command::Group(GroupCommand::Edit(args))) => {
            println!("{}", group_edit::edit(&cli.dir, &args)?);
            Ok(())
        }
        Some(Command::Group(GroupCommand::CheckReady { group })) => {
            let (report, ready) = group_edit::check_ready(&cli.dir, &group)?;
            print!("{report}");
            if ready {
                Ok(())
            } else {
                Err(anyhow::anyhow!("{group} is not ready for session 1"))
            }
        }
        Some(Command::Member(command)) => {
            let report = match command {
                group_edit::MemberCommand::Add(args) => group_edit::member_add(&cli.dir, &args)?,
                group_edit::MemberCommand::Edit(args) => group_edit::member_edit(&cli.dir, &args)?,
                group_edit::MemberCommand::Leave(args) => {
                    group_edit::member_leave(&cli.dir, &args, chrono::Local::now().date_naive())?
                }
            };
            println!("{report}");
            Ok(())
        }
        Some(Command::Check { file }) => {
            println!("{}", printable(&check::check(&file)?));
            Ok(())
        }
        Some(Command::Events { file, history }) => {
            let (group, session) = load_with_group(&file)?;
            print!(
                "{}",
                printable(&crate::note::timeline(&group, &session, cli.names))
            );
            if history {
                print!(
                    "\n{}",
                    printable(&crate::note::history(&group, &session, cli.names))
                );
            }
            Ok(())
        }
        Some(Command::Amend(args)) => review::amend(&args, cli.names, SystemClock.now()),
        Some(Command::Retract(args)) => review::retract(&args, cli.names, SystemClock.now()),
        Some(Command::Late(args)) => review::late(&args, cli.names, SystemClock.now()),
        Some(Command::Debrief(args)) => review::debrief(&args, cli.names, SystemClock.now()),
        Some(Command::Sign(args)) => review::sign(&args, cli.names, SystemClock.now()),
        Some(Command::Return(args)) => review::give_back(&args, cli.names, SystemClock.now()),
        Some(Command::Note(args)) => note::run(
            &args,
            cli.names,
            settings.config.note_style,
            SystemClock.now(),
        ),
        Some(Command::Import(command)) => import::run(&cli.dir, cli.names, command),
        Some(Command::Export(args)) => export::run(&args, cli.names),
        Some(Command::Compare(args)) => compare::run(&args),
        Some(Command::Merge(args)) => merge::run(&args, cli.names, SystemClock.now()),
        Some(Command::Report(args)) => report::run(
            &args,
            &cli.dir,
            cli.names,
            chrono::Local::now().date_naive(),
        ),
        Some(Command::Queue(args)) => queue::run(
            &args,
            &cli.dir,
            cli.names,
            chrono::Local::now().date_naive(),
        ),
    }
}

/// A session file and the group it is read with (needed to name members):
/// the roster snapshot in its header, or for an older session the group.ron
/// in the same folder. Warnings go to standard error.
fn load_with_group(
    session_path: &Path,
) -> Result<(crate::model::Group, crate::model::Session), FileError> {
    let (recorded, loaded) = load_recorded(session_path)?;
    if let Some(torn) = &loaded.torn {
        eprintln!(
            "note: line {} of {} was cut off by a crash and is ignored (it was never shown).",
            torn.line,
            session_path.display()
        );
    }
    if let Some(warning) = missing_members_warning(&loaded) {
        eprintln!("note: {}: {}", session_path.display(), printable(&warning));
    }
    Ok((recorded.group, loaded.session))
}

/// The session and the group as it recorded it. A session with a roster
/// snapshot needs no group.ron at all; an older one is read with today's.
/// The session's events are the whole record: its companion files' too.
fn load_recorded(
    session_path: &Path,
) -> Result<(RecordedGroup, crate::store::LoadedSession), FileError> {
    let (recorded, record) = load_whole_record(session_path)?;
    Ok((recorded, record.loaded))
}

/// The session with its companion files, and the group as it recorded it.
fn load_whole_record(
    session_path: &Path,
) -> Result<(RecordedGroup, crate::store::LoadedRecord), FileError> {
    let current = load_group(&session_path.with_file_name(crate::store::GROUP_FILE));
    let record = crate::store::load_record(session_path, current.as_ref().ok())?;
    let session = &record.loaded.session;
    let recorded = match (&session.header.snapshot, current) {
        (Some(snapshot), _) => session.group_as_recorded(snapshot),
        (None, current) => session.group_as_recorded(&current?),
    };
    Ok((recorded, record))
}

/// Said when an older session names members that group.ron no longer lists.
fn missing_members_warning(loaded: &crate::store::LoadedSession) -> Option<String> {
    let missing = &loaded.missing_members;
    let first = missing.first()?;
    let mut ids: Vec<&str> = missing.iter().map(|m| m.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    Some(format!(
        "this session predates roster snapshots and names member ids that group.ron no longer \
         lists: {} (first on line {}); they are shown by their id. Mark a member who leaves \
         with `left: \"YYYY-MM-DD\"` in group.ron instead of deleting them.",
        ids.join(", "),
        first.line
    ))
}
