//! Starting the app: everything that can be wrong with the settings is said
//! before the terminal is taken over.

use super::Cli;
use super::settings::{Settings, no_colour};
use crate::clock::{Clock, SystemClock};
use crate::store::Store;
use crate::tui::{self, App};
use std::path::Path;

pub fn run_app(cli: &Cli, settings: Settings, opening: Option<tui::Opening>) -> anyhow::Result<()> {
    let session = match &opening {
        Some(
            tui::Opening::Follow(path)
            | tui::Opening::Review(path)
            | tui::Opening::Replay { path, .. },
        ) => Some(path.as_path()),
        None => None,
    };
    // Following, reviewing or replaying a session: its store is the folder that holds its group's folder.
    let store_dir = match session {
        Some(session) => {
            crate::store::load_session(session, None)?;
            session
                .parent()
                .and_then(Path::parent)
                .map_or_else(|| cli.dir.clone(), Path::to_path_buf)
        }
        None => cli.dir.clone(),
    };
    let store = Store::open(&store_dir)?;
    let keymap = settings.keymap()?;
    let theme_source = settings.theme_source()?;
    let theme = theme_source.load()?;
    let mut app = App::new(keymap, cli.names, SystemClock.now());
    app.no_colour = no_colour();
    app.author = cli
        .as_worker
        .map_or(crate::model::Author::Facilitator, Into::into);
    app.reviewer = match &cli.command {
        Some(super::Command::Review {
            role: Some(role), ..
        }) => (*role).into(),
        _ => cli
            .as_worker
            .map_or(crate::model::Author::CoFacilitator, Into::into),
    };
    app.set_theme(theme);
    tui::run(app, store, Some(theme_source), opening)
}
