//! The app: a thin router over the screens. It holds what every screen shares
//! (clock reading, keymap, names, theme, the status message, the help overlay),
//! handles the global keys (Ctrl-C, closing help), switches screens, and feeds
//! the shell's results to the screen they concern. No terminal, no files:
//! writing is asked for through effects, and an event is shown only once saved.

use super::action::{Action, Effect};
use super::keymap::{Command, Context, Keymap};
use super::screens::{
    Ctx, GroupEditor, Home, Live, Look, Replay, ReportScreen, Review, SaveState, Screen,
};
use super::views;
use crate::model::{NameStyle, Timestamp};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

pub struct App {
    pub now: Timestamp,
    pub keymap: Keymap,
    pub names: NameStyle,
    pub theme: Theme,
    /// Why the theme file could not be reloaded; the last good theme stays on.
    pub theme_error: Option<String>,
    /// `NO_COLOR` is set: every theme is shown without colours.
    pub no_colour: bool,
    pub screen: Screen,
    pub help: bool,
    /// A one-line message for the status line, replaced by the next one.
    pub message: Option<String>,
    /// Who logs the sessions started here (`--as co-facilitator`: a second
    /// observer's own log, see `SessionHeader::observer`).
    pub author: crate::model::Author,
    /// In which role the review's changes are made and signed
    /// (`groupscribe review SESSION --as …`; the co-facilitator's by default).
    pub reviewer: crate::model::Author,
    pub quit: bool,
}

impl App {
    pub fn new(keymap: Keymap, names: NameStyle, now: Timestamp) -> App {
        App {
            now,
            keymap,
            names,
            theme: Theme::default(),
            theme_error: None,
            no_colour: false,
            screen: Screen::Home(Home::default()),
            help: false,
            message: None,
            author: crate::model::Author::Facilitator,
            reviewer: crate::model::Author::CoFacilitator,
            quit: false,
        }
    }

    /// Puts a theme on, without colours if `NO_COLOR` asked for that.
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = if self.no_colour {
            theme.without_colour()
        } else {
            theme
        };
        self.theme_error = None;
    }

    pub fn live(&self) -> Option<&Live> {
        match &self.screen {
            Screen::Live(live) => Some(live),
            Screen::Home(_)
            | Screen::Review(_)
            | Screen::Replay(_)
            | Screen::Group(_)
            | Screen::Report(_) => None,
        }
    }

    /// The group of the session followed (live or in review), to read it again with.
    pub fn followed_group(&self) -> Option<&crate::model::Group> {
        match &self.screen {
            Screen::Live(live) => Some(&live.group),
            Screen::Review(review) => Some(&review.group),
            Screen::Home(_) | Screen::Replay(_) | Screen::Group(_) | Screen::Report(_) => None,
        }
    }

    pub fn live_mut(&mut self) -> Option<&mut Live> {
        match &mut self.screen {
            Screen::Live(live) => Some(live),
            Screen::Home(_)
            | Screen::Review(_)
            | Screen::Replay(_)
            | Screen::Group(_)
            | Screen::Report(_) => None,
        }
    }

    /// Whether a clock on screen is running, so the loop must wake every second.
    pub fn needs_ticks(&self) -> bool {
        self.screen.needs_ticks()
    }

    /// What the views may read.
    pub fn look(&self) -> Look<'_> {
        Look {
            theme: &self.theme,
            keymap: &self.keymap,
            names: self.names,
            now: self.now,
            message: &self.message,
            theme_error: &self.theme_error,
        }
    }

    /// Draws the screen, and the help overlay over it if open.
    pub fn draw(&self, frame: &mut Frame) {
        let look = self.look();
        let area = frame.area();
        if area.width < views::MIN_WIDTH || area.height < views::MIN_HEIGHT {
            views::too_small(&look, frame, area, self.screen.cramped(&look));
            return;
        }
        self.screen.draw(&look, frame, area);
        if self.help {
            views::help::draw(&look, &self.screen.commands(&self.keymap), frame, area);
        }
    }

    /// Runs a screen's `update` (or mouse handler) with what it may use, then
    /// applies what it asked of the app: help, another screen, quitting.
    fn route(&mut self, run: impl FnOnce(&mut Screen, &mut Ctx) -> Vec<Effect>) -> Vec<Effect> {
        let mut ctx = Ctx {
            keymap: &self.keymap,
            names: self.names,
            now: self.now,
            message: &mut self.message,
            help: false,
            next: None,
        };
        let effects = run(&mut self.screen, &mut ctx);
        let (help, next) = (ctx.help, ctx.next);
        self.help |= help;
        if let Some(next) = next {
            self.screen = next;
        }
        if effects.contains(&Effect::Quit) {
            self.quit = true;
        }
        effects
    }

    /// Ctrl-C never quits: it says how to leave the screen in force.
    fn ctrl_c_message(&self) -> String {
        let key = |command| self.keymap.key(command);
        let following = self.live().is_some_and(|live| live.following);
        match self.screen.context() {
            Context::Picker if following => format!(
                "Ctrl-C does not quit: Esc closes the picker, then {} stops following.",
                key(Command::StopFollowing)
            ),
            Context::Live
            | Context::ConfirmEnd
            | Context::ConfirmReturn
            | Context::Picker
            | Context::Closing => {
                let end = key(Command::End);
                format!(
                    "Ctrl-C does not quit while logging: {end} then {} leaves without \
                     ending (the session stays resumable); {end} then {} ends it",
                    key(Command::Leave),
                    key(Command::Confirm)
                )
            }
            Context::Follow => format!(
                "Ctrl-C does not quit: press {} to stop following.",
                key(Command::StopFollowing)
            ),
            Context::Replay => format!(
                "Ctrl-C does not quit: press {} to leave the replay.",
                key(Command::CloseReplay)
            ),
            Context::Review => format!(
                "Ctrl-C does not quit: press {} to leave the review.",
                key(Command::CloseReview)
            ),
            Context::GroupEditor => format!(
                "Ctrl-C does not quit: press {} to leave the group editor.",
                key(Command::CloseEditor)
            ),
            Context::Report => format!(
                "Ctrl-C does not quit: press {} to leave the report.",
                key(Command::CloseReport)
            ),
            Context::Home | Context::StalePrompt => {
                format!(
                    "Ctrl-C does not quit: press {} to quit.",
                    key(Command::Quit)
                )
            }
        }
    }

    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        match action {
            Action::Key(key) => {
                if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
                    self.message = Some(self.ctrl_c_message());
                    return Vec::new();
                }
                if self.help {
                    self.help = false;
                    return Vec::new();
                }
                self.route(|screen, ctx| screen.key(key, ctx))
            }
            Action::Mouse(mouse) => {
                if self.help {
                    return Vec::new();
                }
                self.route(|screen, ctx| screen.mouse(mouse, ctx))
            }
            Action::Tick => {
                self.screen.tick(now);
                Vec::new()
            }
            Action::ClockStepped { by_ms } => match self.live_mut() {
                Some(live) => match live.clock_stepped(now, by_ms) {
                    Some((effect, message)) => {
                        self.message = Some(message);
                        vec![effect]
                    }
                    None => Vec::new(),
                },
                None => Vec::new(),
            },
            Action::Resize | Action::Signal(_) => Vec::new(),
            Action::ThemeFileChanged => vec![Effect::ReloadTheme],
            Action::ThemeLoaded(result) => {
                match result {
                    Ok(theme) => self.set_theme(*theme),
                    Err(error) => self.theme_error = Some(error),
                }
                Vec::new()
            }
            Action::FilesChanged => match &self.screen {
                Screen::Home(_) => vec![Effect::LoadHome],
                Screen::Live(live) if live.following => {
                    vec![Effect::ReloadFollowed {
                        path: live.path.clone(),
                    }]
                }
                // Our own saves change the folder too; the editor refuses
                // to save over a file changed under it instead.
                Screen::Live(_) | Screen::Replay(_) | Screen::Group(_) | Screen::Report(_) => {
                    Vec::new()
                }
                // Followed until the facilitator ends it; the record after is the reviewer's.
                Screen::Review(review) if review.following() => {
                    vec![Effect::ReloadFollowed {
                        path: review.path.clone(),
                    }]
                }
                Screen::Review(_) => Vec::new(),
            },
            Action::Followed(session) => {
                match &mut self.screen {
                    Screen::Live(live) => live.replace_session(*session),
                    Screen::Review(review) => review.replace_session(*session),
                    Screen::Home(_) | Screen::Replay(_) | Screen::Group(_) | Screen::Report(_) => {}
                }
                Vec::new()
            }
            Action::RecordChanged { session, message } => {
                if let Screen::Review(review) = &mut self.screen {
                    review.replace_session(*session);
                }
                self.message = Some(message);
                Vec::new()
            }
            Action::ReviewOpened(mut opened) => {
                self.message = opened.notice.take();
                self.screen = Screen::Review(Box::new(Review::open_as(*opened, self.reviewer)));
                Vec::new()
            }
            Action::HomeLoaded(result) => {
                if let Screen::Home(home) = &mut self.screen {
                    match result {
                        Ok(entries) => home.fill(&entries),
                        Err(error) => home.error = Some(error),
                    }
                }
                Vec::new()
            }
            Action::QueueLoaded(line) => {
                if let Screen::Home(home) = &mut self.screen {
                    home.queue = line;
                }
                Vec::new()
            }
            Action::SessionOpened(mut opened) => {
                self.message = opened.notice.take();
                self.screen = Screen::Live(Box::new(Live::open(*opened)));
                Vec::new()
            }
            Action::CarryLoaded(carry) => {
                if let Screen::Live(live) = &mut self.screen {
                    live.set_carry(*carry);
                }
                Vec::new()
            }
            Action::ReplayOpened {
                opened,
                from,
                speed,
            } => {
                let replay = Replay::open(*opened, from, speed, now);
                // Leaving the replay goes back to the screen it was opened from.
                let replay =
                    match std::mem::replace(&mut self.screen, Screen::Home(Home::default())) {
                        Screen::Home(_) => replay,
                        back => replay.returning_to(back),
                    };
                self.screen = Screen::Replay(Box::new(replay));
                Vec::new()
            }
            Action::GroupOpened(result) => {
                match result {
                    Ok(document) => {
                        self.message = None;
                        self.screen = Screen::Group(Box::new(GroupEditor::open(*document)));
                    }
                    Err(error) => self.message = Some(error),
                }
                Vec::new()
            }
            Action::GroupSaved(result) => {
                if let Screen::Group(editor) = &mut self.screen {
                    self.message = Some(editor.saved(result));
                }
                Vec::new()
            }
            Action::ReportOpened { slug, document } => {
                self.screen = Screen::Report(Box::new(ReportScreen::open(slug, *document)));
                Vec::new()
            }
            Action::OpenFailed(error) => {
                self.message = Some(error);
                Vec::new()
            }
            Action::Saved(event) => {
                if let Some(live) = self.live_mut() {
                    live.record(event);
                    live.save = SaveState::Saved;
                }
                Vec::new()
            }
            Action::Unsaved {
                from,
                error,
                waiting,
            } => {
                if let Some(live) = self.live_mut() {
                    live.forget_from(from);
                    live.save = SaveState::Failing { error, waiting };
                }
                Vec::new()
            }
            Action::SaveFailed { error, waiting } => {
                if let Some(live) = self.live_mut() {
                    live.save = SaveState::Failing { error, waiting };
                }
                Vec::new()
            }
            Action::SessionClosed { message } => {
                self.screen = Screen::Home(Home::default());
                self.message = Some(message);
                vec![Effect::LoadHome]
            }
            Action::SessionLeft { path, message } => {
                self.screen = Screen::Home(Home::selecting(path));
                self.message = Some(message);
                vec![Effect::LoadHome]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn now() -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap_or_default()
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Action {
        Action::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn help_opens_from_the_screen_and_any_key_closes_it_without_reaching_the_screen() {
        let mut app = App::new(Keymap::default(), NameStyle::Alias, now());
        assert!(
            app.update(key(KeyCode::Char('?'), KeyModifiers::NONE), now())
                .is_empty()
        );
        assert!(app.help);
        // q would quit on the home screen: with help open it only closes help.
        assert!(
            app.update(key(KeyCode::Char('q'), KeyModifiers::NONE), now())
                .is_empty()
        );
        assert!(!app.help && !app.quit);
        assert_eq!(
            app.update(key(KeyCode::Char('q'), KeyModifiers::NONE), now()),
            [Effect::Quit]
        );
        assert!(app.quit, "the router notes the screen's Quit");
    }

    #[test]
    fn ctrl_c_never_quits_and_names_the_keys_of_the_screen_in_force() {
        let mut overrides = std::collections::BTreeMap::new();
        overrides.insert(Command::Quit, "x".to_string());
        let keymap = Keymap::default()
            .with_overrides(&overrides, std::path::Path::new("k.ron"), None)
            .unwrap();
        let mut app = App::new(keymap, NameStyle::Alias, now());
        let effects = app.update(key(KeyCode::Char('c'), KeyModifiers::CONTROL), now());
        assert!(effects.is_empty());
        assert!(!app.quit);
        assert_eq!(
            app.message.as_deref(),
            Some("Ctrl-C does not quit: press x to quit.")
        );
    }
}
