//! The review screen: a session's timeline afterwards (or while it is still
//! being logged, following it read-only). Lanes above, the event list and the
//! details of the event under the cursor below. The layout and the cursor's
//! logic are `tui::review`'s; this is the screen around them.

pub mod view;

use super::{CommandHint, Ctx, Home};
use crate::model::{Floor, Group, MemberId, NameStyle, Session};
use crate::tui::action::{Effect, OpenedSession};
use crate::tui::keymap::{Command, Context, Keymap};
use crate::tui::review::cursor::filter_people;
use crate::tui::review::{Direction, KindFilter, Navigator, Timeline};
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
use std::path::PathBuf;

/// A line being typed at the bottom: a search or a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    Search(String),
    Jump(String),
}

pub struct Review {
    pub group: Group,
    pub path: PathBuf,
    pub session: Session,
    pub timeline: Timeline,
    pub nav: Navigator,
    pub prompt: Option<Prompt>,
    /// The filter bar is open (`f`).
    pub filtering: bool,
}

impl Review {
    /// The axis runs to the end, or, while the session is being logged, to
    /// its last event (the watcher brings the next): never to "now", which
    /// for a session left open days ago would be days of nothing.
    pub fn open(opened: OpenedSession) -> Review {
        let until = opened.session.last_event_at();
        let timeline = Timeline::build(&opened.group, &opened.session, until);
        let nav = Navigator::new(&timeline);
        Review {
            group: opened.group,
            path: opened.path,
            session: opened.session,
            timeline,
            nav,
            prompt: None,
            filtering: false,
        }
    }

    /// Still being logged: followed, and read-only until the facilitator ends it.
    pub fn following(&self) -> bool {
        !self.timeline.ended
    }

    /// The session as it now stands on disk (it grew, or was ended): the
    /// lanes again, the cursor kept on the same event, the view where it was
    /// unless it was at the live end, which it keeps following.
    pub fn replace_session(&mut self, session: Session) {
        let under = self
            .nav
            .cursor
            .and_then(|entry| self.timeline.entries.get(entry))
            .map(|entry| entry.index);
        let span = self.nav.viewport.span(self.timeline.length);
        let at_end = self.nav.viewport.start + span >= self.timeline.length;
        self.session = session;
        self.timeline = Timeline::build(&self.group, &self.session, self.session.last_event_at());
        self.nav.cursor = under.and_then(|index| self.timeline.entry_of_event(index));
        self.nav.refilter(&self.timeline);
        if at_end {
            self.nav.viewport = self.nav.viewport.end(self.timeline.length);
        }
    }

    pub fn name(&self, floor: &Floor, style: NameStyle) -> String {
        match floor {
            Floor::Member(id) => self.member_name(id, style),
            Floor::Facilitator => "Facilitator".into(),
            Floor::CoFacilitator => "Co-facilitator".into(),
            Floor::Crosstalk => "crosstalk".into(),
            Floor::Silence => "silence".into(),
        }
    }

    pub fn member_name(&self, id: &MemberId, style: NameStyle) -> String {
        self.group
            .member(id)
            .map_or_else(|| id.to_string(), |member| member.display(style))
    }

    pub fn context(&self) -> Context {
        Context::Review
    }

    pub fn commands(&self, keymap: &Keymap) -> Vec<CommandHint> {
        let (help, others): (Vec<Command>, Vec<Command>) =
            Command::of(Context::Review).partition(|&command| command == Command::Help);
        others
            .into_iter()
            .chain(help)
            .map(|command| CommandHint {
                key: keymap.label(command),
                short: command.short(),
                long: command.describe(),
                group: "",
            })
            .collect()
    }

    pub fn update(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        if self.prompt.is_some() {
            self.type_prompt(key, ctx);
            return Vec::new();
        }
        if self.filtering {
            self.type_filter(key);
            return Vec::new();
        }
        let timeline = &self.timeline;
        let nav = &mut self.nav;
        match ctx.keymap.command(Context::Review, &key) {
            Some(Command::Earlier | Command::Up) => nav.step(-1, timeline),
            Some(Command::Later | Command::Down) => nav.step(1, timeline),
            Some(Command::NextMoment) => nav.moment(Direction::Forward, timeline),
            Some(Command::PreviousMoment) => nav.moment(Direction::Backward, timeline),
            Some(Command::PageBack) => nav.scroll(-9, timeline),
            Some(Command::PageOn) => nav.scroll(9, timeline),
            Some(Command::First) => nav.first(timeline),
            Some(Command::Last) => nav.last(timeline),
            Some(Command::ZoomIn) => nav.zoom_in(timeline),
            Some(Command::ZoomOut) => nav.zoom_out(timeline),
            Some(Command::CycleZoom) => nav.cycle_zoom(timeline),
            Some(Command::Filter) => self.filtering = true,
            Some(Command::Search) => self.prompt = Some(Prompt::Search(String::new())),
            Some(Command::JumpTo) => self.prompt = Some(Prompt::Jump(String::new())),
            Some(Command::SearchNext) => self.search_again(Direction::Forward, ctx),
            Some(Command::SearchPrevious) => self.search_again(Direction::Backward, ctx),
            Some(Command::Help) => ctx.help = true,
            Some(Command::CloseReview) => {
                ctx.next = Some(super::Screen::Home(Home::selecting(self.path.clone())));
                return vec![Effect::LoadHome];
            }
            _ => {
                if self.following() {
                    ctx.say("Still being logged: read-only until the facilitator ends it.");
                } else {
                    ctx.say(format!(
                        "{} for the keys of the review.",
                        ctx.keymap.key(Command::Help)
                    ));
                }
            }
        }
        Vec::new()
    }

    fn search_again(&mut self, direction: Direction, ctx: &mut Ctx) {
        let Some(query) = self.nav.search.clone() else {
            ctx.say(format!(
                "{} searches first.",
                ctx.keymap.key(Command::Search)
            ));
            return;
        };
        self.find(&query, direction, ctx);
    }

    fn find(&mut self, query: &str, direction: Direction, ctx: &mut Ctx) {
        let names = ctx.names;
        let name = |floor: &Floor| self.name(floor, names);
        let mut nav = self.nav.clone();
        let found = nav.find(query, direction, &self.timeline, &name);
        self.nav = nav;
        if !found {
            ctx.say(format!("No listed event says \"{}\".", query.trim()));
        }
    }

    /// The search or time being typed: text, Backspace, Enter, Esc (fixed keys).
    fn type_prompt(&mut self, key: KeyEvent, ctx: &mut Ctx) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        let text = match prompt {
            Prompt::Search(text) | Prompt::Jump(text) => text,
        };
        match key.code {
            KeyCode::Esc => self.prompt = None,
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char(c) if text.chars().count() < 80 => text.push(c),
            KeyCode::Enter => {
                let prompt = self.prompt.take();
                match prompt {
                    Some(Prompt::Search(query)) => self.find(&query, Direction::Forward, ctx),
                    Some(Prompt::Jump(time)) => {
                        if let Err(error) = self.nav.jump(&time, &self.timeline) {
                            ctx.say(error);
                        }
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }

    /// The filter bar's fixed keys: `1`–`5` toggle a kind, Tab / Shift-Tab
    /// the person, `0` clears, Enter or Esc closes.
    fn type_filter(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Char(c @ '1'..='5') => {
                let index = c as usize - '1' as usize;
                if let Some(&kind) = KindFilter::ALL.get(index) {
                    self.nav.filter.toggle(kind);
                }
            }
            KeyCode::Char('0') => self.nav.filter = Default::default(),
            KeyCode::Tab | KeyCode::BackTab => {
                let people = filter_people(&self.timeline);
                let now = self
                    .nav
                    .filter
                    .person
                    .as_ref()
                    .and_then(|person| people.iter().position(|p| p == person));
                let count = people.len() + 1;
                // Everyone is the place after the last person.
                let place = now.unwrap_or(people.len());
                let next = if key.code == KeyCode::Tab {
                    (place + 1) % count
                } else {
                    (place + count - 1) % count
                };
                self.nav.filter.person = people.get(next).cloned();
            }
            KeyCode::Enter | KeyCode::Esc => self.filtering = false,
            _ => {}
        }
        self.nav.refilter(&self.timeline);
    }

    /// The wheel scrolls the view a tenth at a time.
    pub fn mouse(&mut self, mouse: MouseEvent) -> Vec<Effect> {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.nav.scroll(1, &self.timeline),
            MouseEventKind::ScrollUp => self.nav.scroll(-1, &self.timeline),
            _ => {}
        }
        Vec::new()
    }
}
