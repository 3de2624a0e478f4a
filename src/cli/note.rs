//! `groupscribe note SESSION`: the progress note, whole or one member's entry,
//! built in or from a template, printed or written to a private file.

use crate::model::{MemberId, NameStyle, Timestamp};
use crate::note::{self, NoteFacts, NoteOptions};
use crate::store;
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// The session file (`<date>-sNN.ron`); its group.ron must be beside it.
    pub session: PathBuf,

    /// md: the built-in Markdown note. html: not yet available.
    #[arg(long, value_enum, default_value_t = NoteFormat::Md)]
    pub format: NoteFormat,

    /// Write the note to FILE (created owner-only, replaced atomically)
    /// instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Only this member's entry (by roster id), for their own record: other
    /// members are not named in it.
    #[arg(long, value_name = "ID")]
    pub member: Option<String>,

    /// No full names anywhere: members by alias (or initials where the alias
    /// would give the full name away), facilitators by initials.
    #[arg(long)]
    pub redact: bool,

    /// Write the note with this MiniJinja template instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NoteFormat {
    /// Markdown (CommonMark with pipe tables).
    Md,
    /// HTML.
    Html,
}

pub fn run(args: &NoteArgs, names: NameStyle, now: Timestamp) -> anyhow::Result<()> {
    if args.format == NoteFormat::Html {
        bail!(
            "HTML notes are not yet available. Use --format md (the default), or an HTML \
             template with --template FILE.html."
        );
    }
    if let Some(out) = &args.out {
        refuse_to_overwrite_the_record(out, &args.session)?;
    }
    let (group, session) = super::load_with_group(&args.session)?;
    let options = NoteOptions {
        names,
        redact: args.redact,
    };
    let facts = NoteFacts::gather(&group, &session, options, now);
    let text = write(&facts, args)?;
    match &args.out {
        Some(out) => {
            store::write_atomic(out, &text)?;
            eprintln!("Note written to {}", out.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

fn write(facts: &NoteFacts, args: &NoteArgs) -> anyhow::Result<String> {
    let template = match &args.template {
        Some(path) => Some((
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("could not read the template {}", path.display()))?,
        )),
        None => None,
    };
    let Some(wanted) = &args.member else {
        return Ok(match &template {
            Some((file, source)) => note::render_template(facts, file, source)?,
            None => note::markdown(facts),
        });
    };
    let Some(entry) = facts.member(&MemberId::new(wanted.as_str())) else {
        let ids: Vec<String> = facts
            .members
            .iter()
            .map(|entry| entry.id.to_string())
            .collect();
        bail!(
            "no member with id \"{wanted}\" in this group's roster (its ids: {})",
            ids.join(", ")
        );
    };
    Ok(match &template {
        Some((file, source)) => note::render_member_template(facts, entry, file, source)?,
        None => note::member_markdown(facts, entry),
    })
}

/// `--out` must never replace the session record or the group it belongs to.
fn refuse_to_overwrite_the_record(out: &Path, session: &Path) -> anyhow::Result<()> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let group = session.with_file_name(store::GROUP_FILE);
    if same(out, session) || same(out, &group) {
        bail!(
            "--out {} would overwrite the record itself; choose another file, e.g. {}",
            out.display(),
            store::note_path(session).display()
        );
    }
    Ok(())
}
