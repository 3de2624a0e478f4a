//! `groupscribe export`: a session as CSV, JSON, RTTM or UEM, to standard output or
//! a file. The formats are `interop::export`; this is the files.

use crate::diag::FileError;
use crate::interop::export::{self, ExportError};
use crate::model::NameStyle;
use crate::store;
use crate::store::out_file::{self, OutKind};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One row per event and one row per member summary, for spreadsheets.
    Csv,
    /// The header, every event (with its status) and the member summaries.
    Json,
    /// One SPEAKER line per turn: import it again to get back the floor.
    Rttm,
    /// The session's span, to pass with --uem when importing the RTTM again
    /// (it keeps the silence after the last turn).
    Uem,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The session file (.ron); its group.ron must be in the same folder.
    pub session: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (owner-only) instead of standard output. An existing
    /// FILE is replaced only if it is a groupscribe export of this session in this
    /// format; never a record (.ron, .torn).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --out: replace FILE even if it is not an export groupscribe wrote.
    #[arg(long, requires = "out")]
    pub force: bool,
}

pub fn run(args: &ExportArgs, names: NameStyle) -> anyhow::Result<()> {
    let (group, session) = super::load_with_group(&args.session)?;
    // The recording's name in RTTM and UEM: what the session file is called.
    let file_id = args
        .session
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match args.format {
        ExportFormat::Csv => export::to_csv(&group, &session, names),
        ExportFormat::Json => export::to_json(&group, &session, names),
        ExportFormat::Rttm => export::to_rttm(&session, &file_id),
        ExportFormat::Uem => export::to_uem(&session, &file_id),
    }
    .map_err(|error: ExportError| anyhow::anyhow!("{}: {error}", args.session.display()))?;
    match &args.out {
        None => write_stdout(&text),
        Some(out) => {
            check_out_path(out)?;
            out_file::check_out(out, OutKind::Export, args.force, |existing| {
                is_export(existing, args.format, &text, &file_id)
            })?;
            store::write_atomic(out, &text)?;
            super::store_cmd::warn_plaintext(&args.session, out);
            eprintln!("Wrote {}", out.display());
            Ok(())
        }
    }
}

/// Whether `existing` is an export groupscribe wrote of this session (its file
/// name) in this format, by its shape: CSV by its column row, JSON by its four
/// parts, RTTM and UEM by every line naming this session.
fn is_export(existing: &[u8], format: ExportFormat, new: &str, file_id: &str) -> bool {
    let Ok(existing) = std::str::from_utf8(existing) else {
        return false;
    };
    let mut lines = existing
        .lines()
        .filter(|line| !line.trim().is_empty())
        .peekable();
    match format {
        ExportFormat::Csv => existing.lines().next() == new.lines().next(),
        ExportFormat::Json => serde_json::from_str::<serde_json::Value>(existing)
            .ok()
            .and_then(|value| value.as_object().cloned())
            .is_some_and(|object| {
                ["header", "events", "members", "totals"]
                    .iter()
                    .all(|key| object.contains_key(*key))
            }),
        ExportFormat::Rttm => {
            lines.peek().is_some()
                && lines.all(|line| {
                    let fields: Vec<&str> = line.split_whitespace().collect();
                    fields.len() == 10 && fields[0] == "SPEAKER" && fields[1] == file_id
                })
        }
        ExportFormat::Uem => {
            lines.peek().is_some()
                && lines.all(|line| {
                    let fields: Vec<&str> = line.split_whitespace().collect();
                    fields.len() == 4 && fields[0] == file_id
                })
        }
    }
}

/// A missing folder is said plainly (the store's own hint would talk about --dir).
fn check_out_path(out: &Path) -> Result<(), FileError> {
    if let Some(folder) = out.parent()
        && !folder.as_os_str().is_empty()
        && !folder.is_dir()
    {
        return Err(FileError::Invalid {
            path: out.to_path_buf(),
            what: format!("the folder {} does not exist", folder.display()),
            hint: "Create it first, or choose another --out path.".into(),
        });
    }
    Ok(())
}

/// A reader that stops early (`| head`) is not an error.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(FileError::io("standard output", "write")(error).into())
        }
        _ => Ok(()),
    }
}
