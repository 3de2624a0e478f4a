//! Starting the app: everything that can be wrong with the settings is said
//! before the terminal is taken over.

use super::Cli;
use super::settings::{Settings, no_colour};
use crate::store::Store;
use crate::tui::{self, App, Clock, SystemClock};

pub fn run_app(cli: &Cli, settings: Settings) -> anyhow::Result<()> {
    let store = Store::open(&cli.dir)?;
    let keymap = settings.keymap()?;
    let theme_source = settings.theme_source()?;
    let theme = theme_source.load()?;
    let mut app = App::new(keymap, cli.names, SystemClock.now());
    app.no_colour = no_colour();
    app.set_theme(theme);
    tui::run(app, store, Some(theme_source))
}
