//! The screens, one module each: its state, its `update` for the keys and
//! the mouse, its view (`draw`), and the commands it offers right now.
//!
//! Adding a screen (review, report, editor…): a module beside `home` and
//! `live` with a state struct and those four functions, a variant of
//! [`Screen`] and one arm in each `match` below, and a [`Context`] with its
//! commands in `tui::keymap`. Nothing here reads the `App`: what a screen may
//! use is in [`Look`] (drawing) and [`Ctx`] (updating).

mod closing_keys;
pub mod group;
pub mod home;
pub mod live;
pub mod replay;
pub mod report;
pub mod review;

use super::action::Effect;
use super::keymap::{Context, Keymap};
use crate::model::{NameStyle, Timestamp};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;

pub use group::GroupEditor;
pub use home::{Home, HomeRow, STALE_AFTER_MINUTES, StalePrompt, is_stale};
pub use live::{Live, SaveState};
pub use replay::{Replay, Speed};
pub use report::ReportScreen;
pub use review::Review;

pub enum Screen {
    Home(Home),
    Live(Box<Live>),
    Replay(Box<Replay>),
    Review(Box<Review>),
    Group(Box<GroupEditor>),
    Report(Box<ReportScreen>),
}

/// What a view may read: drawing never changes anything.
#[derive(Clone, Copy)]
pub struct Look<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub names: NameStyle,
    pub now: Timestamp,
    /// The status line's one-line message, if any.
    pub message: &'a Option<String>,
    /// Why the theme file could not be reloaded.
    pub theme_error: &'a Option<String>,
}

/// What a screen's `update` may use and change besides its own state.
pub struct Ctx<'a> {
    pub keymap: &'a Keymap,
    pub names: NameStyle,
    pub now: Timestamp,
    pub message: &'a mut Option<String>,
    /// Set to open the help overlay (`?`).
    pub help: bool,
    /// Set to replace the screen (e.g. leaving a followed session).
    pub next: Option<Screen>,
}

impl Ctx<'_> {
    pub fn say(&mut self, text: impl Into<String>) {
        *self.message = Some(text.into());
    }
}

/// One line of a screen's command list: the key bar, the hints and `?` are made of these.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandHint {
    /// The key(s) as shown: `m`, `Enter/e`, `1–9 0`.
    pub key: String,
    /// A word or two for the key bar.
    pub short: &'static str,
    /// A line for the help overlay.
    pub long: &'static str,
    /// The heading it is listed under in the help (`""`: the screen's own keys).
    pub group: &'static str,
}

impl Screen {
    pub fn key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        match self {
            Screen::Home(home) => home.update(key, ctx),
            Screen::Live(live) => live.update(key, ctx),
            Screen::Replay(replay) => replay.update(key, ctx),
            Screen::Review(review) => review.update(key, ctx),
            Screen::Group(editor) => editor.update(key, ctx),
            Screen::Report(report) => report.update(key, ctx),
        }
    }

    pub fn mouse(&mut self, mouse: MouseEvent, ctx: &mut Ctx) -> Vec<Effect> {
        match self {
            Screen::Home(home) => home.mouse(mouse),
            Screen::Live(live) => live.mouse(mouse, ctx),
            Screen::Replay(_) | Screen::Group(_) | Screen::Report(_) => Vec::new(),
            Screen::Review(review) => review.mouse(mouse),
        }
    }

    pub fn draw(&self, look: &Look, frame: &mut Frame, area: Rect) {
        match self {
            Screen::Home(home) => home::view::draw(look, home, frame, area),
            Screen::Live(live) => live::view::draw(look, live, frame, area),
            Screen::Replay(replay) => replay::view::draw(look, replay, frame, area),
            Screen::Review(review) => review::view::draw(look, review, frame, area),
            Screen::Group(editor) => group::view::draw(look, editor, frame, area),
            Screen::Report(report) => report::view::draw(look, report, frame, area),
        }
    }

    /// The keymap context in force now (a prompt or picker open changes it).
    pub fn context(&self) -> Context {
        match self {
            Screen::Home(home) => home.context(),
            Screen::Live(live) => live.context(),
            Screen::Replay(replay) => replay.context(),
            Screen::Review(review) => review.context(),
            Screen::Group(editor) => editor.context(),
            Screen::Report(report) => report.context(),
        }
    }

    /// What the keys do now, for `?`.
    pub fn commands(&self, keymap: &Keymap) -> Vec<CommandHint> {
        match self {
            Screen::Home(home) => home.commands(keymap),
            Screen::Live(live) => live.commands(keymap),
            Screen::Replay(replay) => replay.commands(keymap),
            Screen::Review(review) => review.commands(keymap),
            Screen::Group(editor) => editor.commands(keymap),
            Screen::Report(report) => report.commands(keymap),
        }
    }

    /// What must stay visible in a terminal too small for the screen.
    pub fn cramped(&self, look: &Look) -> Vec<ratatui::text::Line<'static>> {
        match self {
            Screen::Home(_)
            | Screen::Review(_)
            | Screen::Replay(_)
            | Screen::Group(_)
            | Screen::Report(_) => Vec::new(),
            Screen::Live(live) => live::view::cramped(look, live),
        }
    }

    /// Whether a clock on screen is running, so the loop must wake every second.
    pub fn needs_ticks(&self) -> bool {
        match self {
            Screen::Home(_) | Screen::Review(_) | Screen::Group(_) | Screen::Report(_) => false,
            Screen::Live(live) => !live.ending,
            Screen::Replay(replay) => replay.needs_ticks(),
        }
    }

    /// The clock moved (a tick): a screen whose clock runs on its own moves it.
    pub fn tick(&mut self, now: Timestamp) {
        match self {
            Screen::Home(_)
            | Screen::Live(_)
            | Screen::Review(_)
            | Screen::Group(_)
            | Screen::Report(_) => {}
            Screen::Replay(replay) => replay.advance(now),
        }
    }
}
