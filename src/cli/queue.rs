//! `groupscribe queue`: the supervisor's queue over one or more stores.

use crate::model::NameStyle;
use crate::store::queue::queue;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    /// A store to read (repeatable: e.g. each facilitator's synced folder)
    /// [default: the store in force, `--dir`].
    #[arg(long = "store", value_name = "STORE")]
    pub stores: Vec<PathBuf>,
}

/// Prints one line per item, oldest first; problems go to standard error.
pub fn run(
    args: &QueueArgs,
    default_store: &std::path::Path,
    names: NameStyle,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let stores = if args.stores.is_empty() {
        vec![default_store.to_path_buf()]
    } else {
        args.stores.clone()
    };
    let (items, problems) = queue(&stores, names, today)?;
    for problem in &problems {
        eprintln!(
            "note: skipped: {}",
            crate::diag::printable(&problem.to_string())
        );
    }
    if items.is_empty() {
        println!(
            "Nothing awaits: no note awaits a signature, none was returned, no risk follow-up is open."
        );
        return Ok(());
    }
    // One write for the whole queue: a store of hundreds of sessions has thousands of lines.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for item in &items {
        let line = format!(
            "{}  {}  s{:02}  {}  →  {}",
            item.started.format("%Y-%m-%d"),
            item.group,
            item.number,
            item.what(),
            item.command()
        );
        writeln!(out, "{}", crate::diag::printable(&line))?;
    }
    out.flush()?;
    Ok(())
}
