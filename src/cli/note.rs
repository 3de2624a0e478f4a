//! `groupscribe note SESSION`: the progress note, whole or one member's entry,
//! in Markdown or HTML, built in or from a template, printed or written to a private file.

use crate::model::{MemberId, NameStyle, NoteStyle, Timestamp};
use crate::note::{self, NoteFacts, NoteOptions};
use crate::store::{self, out_file, out_file::OutKind};
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// The session file (`<date>-sNN.ron`); its group.ron must be beside it.
    pub session: PathBuf,

    /// md: the built-in Markdown note. html: one self-contained, printable
    /// HTML file with a bar chart of talk time and a timeline of turns and
    /// moments (with --member: that member's entry only, without charts).
    #[arg(long, value_enum, default_value_t = NoteFormat::Md)]
    pub format: NoteFormat,

    /// Write the note to FILE (created owner-only, replaced atomically)
    /// instead of printing it. An existing FILE is replaced only if it is a note
    /// groupscribe wrote; never a record (.ron, .torn).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// With --out: replace FILE even if it is not a note groupscribe wrote.
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Only this member's entry (by roster id), for their own record: other
    /// members are not named in it.
    #[arg(long, value_name = "ID")]
    pub member: Option<String>,

    /// No full names anywhere: members by alias (or initials where the alias
    /// would give the full name away), facilitators by initials.
    #[arg(long)]
    pub redact: bool,

    /// The note's shape: birp, dap, girp, soap (the clinical formats, each a
    /// group section and an entry per member in that shape) or narrative
    /// [default: the group's `note_style`, else the config's, else narrative].
    #[arg(long, value_enum)]
    pub style: Option<NoteStyle>,

    /// Write the note with this MiniJinja template instead of the built-in one.
    /// A template named *.html or *.htm escapes for HTML, any other for
    /// Markdown; with --format html it must be an HTML template.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Then the trail of every amended, retracted or late event (who, when, why).
    #[arg(long)]
    pub history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NoteFormat {
    /// Markdown (CommonMark with pipe tables).
    Md,
    /// HTML: one self-contained file, printable on A4.
    Html,
    /// PDF: the HTML note printed by the installed browser (Chromium or
    /// Google Chrome, headless); needs --out.
    Pdf,
}

pub fn run(
    args: &NoteArgs,
    names: NameStyle,
    config_style: Option<NoteStyle>,
    now: Timestamp,
) -> anyhow::Result<()> {
    if args.format == NoteFormat::Pdf && args.out.is_none() {
        bail!(
            "--format pdf needs --out FILE.pdf: a PDF is not printed to the terminal. \
             E.g. --format pdf --out {}",
            store::note_path(&args.session)
                .with_extension("pdf")
                .display()
        );
    }
    if args.format != NoteFormat::Md
        && let Some(template) = &args.template
        && !is_html_template(template)
    {
        // The template's name decides how it escapes; a Markdown-escaping
        // template would put members' words into an HTML file unescaped.
        bail!(
            "--format html needs an HTML template, named *.html or *.htm, so that it escapes for \
             HTML; {} would escape for Markdown. Rename it, or leave out --format html.",
            template.display()
        );
    }
    if let Some(out) = &args.out {
        refuse_to_overwrite_the_record(out, &args.session)?;
        if args.format == NoteFormat::Pdf {
            out_file::check_out(out, OutKind::Note, args.force, super::pdf::is_printed_note)?;
        } else {
            out_file::check_out(out, OutKind::Note, args.force, out_file::is_note)?;
        }
    }
    let (group, session) = super::load_with_group(&args.session)?;
    let options = NoteOptions {
        names,
        redact: args.redact,
    };
    let carry = super::carry::beside(&args.session, &group, &session);
    let facts = NoteFacts::gather_carried(&group, &session, options, now, Some(&carry));
    // Today's group file says how this group's notes are written; the
    // session's roster snapshot is about who was there, not about notes.
    let today = crate::store::load_group(&args.session.with_file_name(store::GROUP_FILE))
        .ok()
        .and_then(|group| group.note_style);
    let style = args
        .style
        .or(today)
        .or(group.note_style)
        .or(config_style)
        .unwrap_or_default();
    let mut text = write(&facts, args, style)?;
    if args.history {
        text.push('\n');
        text.push_str(&note::history(&group, &session, names));
    }
    if args.format == NoteFormat::Pdf
        && let Some(out) = &args.out
    {
        super::pdf::print(&text, out)?;
        super::store_cmd::warn_plaintext(&args.session, out);
        eprintln!("Note written to {}", out.display());
        return Ok(());
    }
    match &args.out {
        Some(out) => {
            store::write_atomic(out, &out_file::mark_note(text))?;
            super::store_cmd::warn_plaintext(&args.session, out);
            eprintln!("Note written to {}", out.display());
        }
        None => print_to_stdout(&crate::diag::printable(&text))?,
    }
    Ok(())
}

/// Prints the note; a reader that stops early (`| head`) is not an error.
fn print_to_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("could not print the note"),
    }
}

fn write(facts: &NoteFacts, args: &NoteArgs, style: NoteStyle) -> anyhow::Result<String> {
    let template = match &args.template {
        Some(path) => Some((
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("could not read the template {}", path.display()))?,
        )),
        None => None,
    };
    let Some(wanted) = &args.member else {
        return Ok(match (&template, args.format) {
            (Some((file, source)), _) => note::render_template(facts, file, source)?,
            (None, NoteFormat::Md) => note::styled_markdown(facts, style)?,
            (None, NoteFormat::Html | NoteFormat::Pdf) => note::styled_html(facts, style)?,
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
    Ok(match (&template, args.format) {
        (Some((file, source)), _) => note::render_member_template(facts, entry, file, source)?,
        (None, NoteFormat::Md) => note::member_markdown(facts, entry),
        (None, NoteFormat::Html | NoteFormat::Pdf) => note::member_html(facts, entry),
    })
}

/// The names `note::render_template` escapes for HTML.
fn is_html_template(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| matches!(extension, "html" | "htm"))
}

/// `--out` must never replace the session record or the group it belongs to, not
/// even with --force.
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
