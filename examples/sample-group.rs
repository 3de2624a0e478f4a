//! Regenerates the fictional sample group's past sessions:
//! `cargo run --example sample-group` (or `-- DIR` for another group folder).
//! The group file is read from the folder; the sessions are written beside it,
//! replacing the earlier sample files (never a real session: those are named
//! `<date>-sNN.ron`, the sample's `<date>-sNN.sample.ron`).

use groupscribe::{sample, store};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let folder = std::env::args().nth(1).map_or_else(
        || PathBuf::from("sessions/thursday-peer-support"),
        PathBuf::from,
    );
    let group = store::load_group(&folder.join(store::GROUP_FILE))?;
    let slug = folder
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    for session in sample::sessions(&group, &slug) {
        let path = folder.join(sample::file_name(&session));
        store::write_atomic(&path, &sample::to_text(&path, &session)?)?;
        println!("{} ({} events)", path.display(), session.events.len());
    }
    Ok(())
}
