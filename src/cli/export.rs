//! `groupscribe export`: a session as CSV, JSON, RTTM or UEM, to standard output or
//! a file. The formats are `interop::export`; this is the files.

use crate::interop::export::{self, ExportError};
use crate::model::NameStyle;
use crate::store::{self, StoreError};
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
    /// Write to this file (owner-only; replaced if it exists) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
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
            store::write_atomic(out, &text)?;
            eprintln!("Wrote {}", out.display());
            Ok(())
        }
    }
}

/// Session and group files are records: an export must never replace one. A missing
/// folder is said plainly (the store's own hint would talk about --dir).
fn check_out_path(out: &Path) -> Result<(), StoreError> {
    if out.extension().is_some_and(|ext| ext == "ron") {
        return Err(StoreError::Invalid {
            path: out.to_path_buf(),
            what: "an export is never written to a .ron file".into(),
            hint: "Sessions and groups are .ron files; name the export .csv, .json, .rttm or .uem."
                .into(),
        });
    }
    if let Some(folder) = out.parent()
        && !folder.as_os_str().is_empty()
        && !folder.is_dir()
    {
        return Err(StoreError::Invalid {
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
            Err(StoreError::io("standard output", "write")(error).into())
        }
        _ => Ok(()),
    }
}
