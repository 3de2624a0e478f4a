//! `groupscribe report GROUP [--format md|html] [--out FILE]`: the report
//! across a group's sessions, printed or written to a file.

use crate::model::NameStyle;
use crate::report::{self, markdown};
use crate::store::{self, GROUP_FILE, StoreError, out_file, out_file::OutKind};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown (the default).
    #[default]
    Md,
    /// One self-contained HTML page (inline styles and SVG, nothing loaded).
    Html,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The group: its folder name in the store (`thursday-peer-support`), or
    /// the path of its folder or of its group.ron.
    pub group: String,
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Write it to this file instead of printing it. Never over a record
    /// (.ron), and over an existing file only if it is a report groupscribe
    /// wrote, unless --force.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write over an existing --out file that is not a report (never a folder).
    #[arg(long)]
    pub force: bool,
}

/// The group folder `group` names: a folder holding a group.ron, a group.ron
/// itself, or a folder name in the store.
pub fn group_folder(store: &Path, group: &str) -> Result<PathBuf, StoreError> {
    let given = Path::new(group);
    if given.is_file() && given.file_name().is_some_and(|name| name == GROUP_FILE) {
        return Ok(given.parent().unwrap_or(Path::new(".")).to_path_buf());
    }
    if given.join(GROUP_FILE).is_file() {
        return Ok(given.to_path_buf());
    }
    let in_store = store.join(group);
    if in_store.join(GROUP_FILE).is_file() {
        return Ok(in_store);
    }
    let known: Vec<String> = std::fs::read_dir(store)
        .map(|listing| {
            let mut names: Vec<String> = listing
                .flatten()
                .filter(|entry| entry.path().join(GROUP_FILE).is_file())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    Err(StoreError::Invalid {
        path: in_store,
        what: format!("no group \"{group}\" here (no group.ron)"),
        hint: if known.is_empty() {
            format!(
                "The store {} has no group yet. Give the group's folder name, or the path of \
                 its folder, or --dir the store it is in.",
                store.display()
            )
        } else {
            format!("The groups in {}: {}.", store.display(), known.join(", "))
        },
    })
}

pub fn run(
    args: &ReportArgs,
    store_dir: &Path,
    names: NameStyle,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let folder = group_folder(store_dir, &args.group)?;
    if let Some(out) = &args.out {
        // Never over a record, even with --force; then only over a report.
        out_file::check_out(out, OutKind::Report, false, |_| true)?;
        out_file::check_out(out, OutKind::Report, args.force, markdown::is_report)?;
    }
    let report = report::for_group(&folder, names, today)?;
    for problem in &report.problems {
        eprintln!("note: left out of the report: {problem}");
    }
    let document = report::document::document(&report);
    let text = match args.format {
        ReportFormat::Md => markdown::render(&document),
        ReportFormat::Html => report::html::render(&document),
    };
    match &args.out {
        Some(out) => {
            store::write_atomic(out, &text)?;
            eprintln!("Wrote {}", out.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
