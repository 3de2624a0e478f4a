//! The command line: what each subcommand does, in terms of the library.

mod check;
mod group_new;

use crate::model::NameStyle;
use crate::store::{Store, StoreError, load_group, load_session};
use crate::tui::{self, App, Clock, Keymap, SystemClock};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

pub use group_new::GroupNew;

/// Log group-work sessions live in the terminal and write the progress note.
#[derive(Debug, Parser)]
#[command(name = "groupscribe", version, about)]
pub struct Cli {
    /// The store: a folder with one sub-folder per group.
    #[arg(
        long,
        global = true,
        env = "GROUPSCRIBE_DIR",
        default_value = "sessions"
    )]
    pub dir: PathBuf,

    /// How member names are shown: alias (or name), full, or initials.
    #[arg(long, global = true, value_enum, default_value_t = NameStyle::Alias)]
    pub names: NameStyle,

    /// A keymap RON file overriding the default keys (default: <dir>/keymap.ron if present).
    #[arg(long, global = true)]
    pub keymap: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage groups.
    #[command(subcommand)]
    Group(GroupCommand),
    /// Check a group, session or keymap file and say exactly what is wrong.
    Check { file: PathBuf },
    /// Print a session's events as a readable timeline.
    Events { file: PathBuf },
    /// Print a session's progress note.
    Note { session: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a group: name, type, purpose, facilitators, members.
    New(GroupNew),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => run_app(&cli.dir, cli.names, cli.keymap.as_deref()),
        Some(Command::Group(GroupCommand::New(args))) => {
            let path = group_new::create(&cli.dir, args)?;
            println!("Created {}", path.display());
            Ok(())
        }
        Some(Command::Check { file }) => {
            println!("{}", check::check(&file)?);
            Ok(())
        }
        Some(Command::Events { file }) => {
            let (group, session) = load_with_group(&file)?;
            print!("{}", crate::note::timeline(&group, &session, cli.names));
            Ok(())
        }
        Some(Command::Note { session }) => {
            let (group, loaded) = load_with_group(&session)?;
            print!(
                "{}",
                crate::note::progress_note(&group, &loaded, cli.names, SystemClock.now())
            );
            Ok(())
        }
    }
}

fn run_app(dir: &Path, names: NameStyle, keymap: Option<&Path>) -> anyhow::Result<()> {
    let store = Store::open(dir)?;
    let keymap = match keymap {
        Some(path) => Keymap::load(path)?,
        None => {
            let beside = store.root().join("keymap.ron");
            if beside.is_file() {
                Keymap::load(&beside)?
            } else {
                Keymap::default()
            }
        }
    };
    let app = App::new(keymap, names, SystemClock.now());
    tui::run(app, store)
}

/// A session file and the group in the same folder (needed to name members).
fn load_with_group(
    session_path: &Path,
) -> Result<(crate::model::Group, crate::model::Session), StoreError> {
    let group = load_group(&session_path.with_file_name(crate::store::GROUP_FILE))?;
    let loaded = load_session(session_path, Some(&group))?;
    if let Some(torn) = &loaded.torn {
        eprintln!(
            "note: line {} of {} was cut off by a crash and is ignored (it was never shown).",
            torn.line,
            session_path.display()
        );
    }
    Ok((group, loaded.session))
}
