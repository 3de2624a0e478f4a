//! The review screen: a session's timeline afterwards (or while it is still
//! being logged, following it read-only). Lanes above, the event list and the
//! details of the event under the cursor below. The layout and the cursor's
//! logic are `tui::review`'s; this is the screen around them.

pub mod view;

use super::{CommandHint, Ctx, Home};
use crate::model::{
    Author, EventId, EventKind, Floor, Group, MemberId, Moment, MomentKind, NameStyle, Session,
    Timestamp,
};
use crate::tui::action::{Effect, OpenedSession, RecordChange};
use crate::tui::keymap::{Command, Context, Keymap};
use crate::tui::review::cursor::filter_people;
use crate::tui::review::{Direction, KindFilter, Navigator, Timeline};
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
use std::path::PathBuf;

/// A line being typed at the bottom: a search, a time, or a step of a
/// change to the record.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    Search(String),
    Jump(String),
    /// A moment's words as they now read (starts with the words logged).
    Words {
        target: EventId,
        moment: Moment,
        text: String,
    },
    /// Who really had the floor: one key (a member's digit, `f`, `F`, `x`, space).
    Speaker {
        target: EventId,
    },
    /// The words of a late note, dated at the cursor's time.
    LateNote {
        at: Timestamp,
        text: String,
    },
    Debrief(String),
    /// Signing: the name to sign with.
    SignName(String),
    /// The last step of every change: why (required, one line).
    Reason {
        change: Pending,
        text: String,
    },
}

/// A change waiting for its reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Amend {
        target: EventId,
        replacement: EventKind,
    },
    Retract {
        target: EventId,
    },
    Late {
        at: Timestamp,
        what: EventKind,
    },
}

impl Prompt {
    /// What the line asks, and the text typed so far.
    pub fn label_and_text(&self) -> (String, String) {
        match self {
            Prompt::Search(text) => ("search".into(), text.clone()),
            Prompt::Jump(text) => ("go to (hh:mm)".into(), text.clone()),
            Prompt::Words { target, text, .. } => (format!("{target} now reads"), text.clone()),
            Prompt::Speaker { target } => (
                format!(
                    "{target}: who spoke? 1–9 0 member · f/F facilitator · x crosstalk · ␣ silence"
                ),
                String::new(),
            ),
            Prompt::LateNote { at, text } => (
                format!("late note at {}", at.format("%H:%M:%S")),
                text.clone(),
            ),
            Prompt::Debrief(text) => ("debrief".into(), text.clone()),
            Prompt::SignName(text) => ("sign as co-facilitator, your name".into(), text.clone()),
            Prompt::Reason { change, text } => {
                let what = match change {
                    Pending::Amend { target, .. } => format!("why amend {target}"),
                    Pending::Retract { target } => format!("why retract {target}"),
                    Pending::Late { .. } => "why late".into(),
                };
                (format!("{what} (required)"), text.clone())
            }
        }
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            Prompt::Search(text)
            | Prompt::Jump(text)
            | Prompt::Words { text, .. }
            | Prompt::LateNote { text, .. }
            | Prompt::Debrief(text)
            | Prompt::SignName(text)
            | Prompt::Reason { text, .. } => Some(text),
            Prompt::Speaker { .. } => None,
        }
    }
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
    /// The trail of the event under the cursor across the lower half (`H`).
    pub history: bool,
    /// Who writes the changes made here (to their own file of the record).
    pub author: Author,
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
            history: false,
            author: Author::CoFacilitator,
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
            return self.type_prompt(key, ctx);
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
            Some(Command::History) => self.history = !self.history,
            Some(
                command @ (Command::Amend
                | Command::Retract
                | Command::LateEntry
                | Command::Debrief
                | Command::SignOff),
            ) => self.begin_change(command, ctx),
            Some(Command::Replay) => {
                // The live panel as it looked at the cursor's time; q comes back here.
                let from = self
                    .nav
                    .cursor
                    .and_then(|entry| self.timeline.entries.get(entry))
                    .and_then(|entry| self.session.events.get(entry.index))
                    .map(|event| event.at);
                return vec![Effect::Replay {
                    path: self.path.clone(),
                    from,
                    speed: crate::clock::Speed::NORMAL,
                }];
            }
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

    /// `e`, `x`, `L`, `d`, `S`: the first step of a change to the record.
    /// Refused while the session is being logged (it is the facilitator's
    /// until they end it).
    fn begin_change(&mut self, command: Command, ctx: &mut Ctx) {
        if self.following() {
            ctx.say("Still being logged: read-only until the facilitator ends it.");
            return;
        }
        let under = self
            .nav
            .cursor
            .and_then(|entry| self.timeline.entries.get(entry));
        let target = under.and_then(|entry| self.session.events.get(entry.index));
        let prompt = match (command, under, target) {
            (Command::Debrief, _, _) => Prompt::Debrief(String::new()),
            (Command::SignOff, _, _) => Prompt::SignName(
                self.session
                    .header
                    .co_facilitator
                    .clone()
                    .unwrap_or_default(),
            ),
            (Command::LateEntry, under, _) => Prompt::LateNote {
                at: self.timeline.time_at(under.map_or(0, |entry| entry.at)),
                text: String::new(),
            },
            (Command::Retract, Some(entry), Some(event)) if !entry.is_retracted() => {
                Prompt::Reason {
                    change: Pending::Retract { target: event.id },
                    text: String::new(),
                }
            }
            (Command::Retract, Some(_), Some(_)) => {
                ctx.say("That event is already retracted.");
                return;
            }
            (Command::Amend, Some(entry), Some(event)) if !entry.is_retracted() => {
                match &entry.reads {
                    EventKind::Floor(_) => Prompt::Speaker { target: event.id },
                    EventKind::Moment(moment) => Prompt::Words {
                        target: event.id,
                        moment: moment.clone(),
                        text: moment.text.clone().unwrap_or_default(),
                    },
                    _ => {
                        ctx.say(
                            "Here a turn's speaker and a moment's words are amended; for the \
                             rest, `groupscribe amend`.",
                        );
                        return;
                    }
                }
            }
            (Command::Amend, Some(_), Some(_)) => {
                ctx.say("A retracted event is not amended.");
                return;
            }
            _ => {
                ctx.say("Put the cursor on an event first.");
                return;
            }
        };
        self.prompt = Some(prompt);
    }

    /// Who a key names in the speaker step: a member's digit (roster order),
    /// `f`, `F`, `x`, space.
    fn floor_of_key(&self, code: KeyCode) -> Option<Floor> {
        match code {
            KeyCode::Char('f') => Some(Floor::Facilitator),
            KeyCode::Char('F') => Some(Floor::CoFacilitator),
            KeyCode::Char('x') => Some(Floor::Crosstalk),
            KeyCode::Char(' ') => Some(Floor::Silence),
            KeyCode::Char(c @ '0'..='9') => {
                let index = if c == '0' {
                    9
                } else {
                    c as usize - '1' as usize
                };
                self.group
                    .members
                    .get(index)
                    .map(|member| Floor::Member(member.id.clone()))
            }
            _ => None,
        }
    }

    /// A line being typed: text, Backspace, Enter, Esc (fixed keys).
    fn type_prompt(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let Some(prompt) = &mut self.prompt else {
            return Vec::new();
        };
        if let Prompt::Speaker { target } = prompt {
            let target = *target;
            self.prompt = match (key.code, self.floor_of_key(key.code)) {
                (_, Some(floor)) => Some(Prompt::Reason {
                    change: Pending::Amend {
                        target,
                        replacement: EventKind::Floor(floor),
                    },
                    text: String::new(),
                }),
                (KeyCode::Esc, None) => None,
                _ => Some(Prompt::Speaker { target }),
            };
            return Vec::new();
        }
        let Some(text) = prompt.text_mut() else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => self.prompt = None,
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char(c) if text.chars().count() < 200 => text.push(c),
            KeyCode::Enter => {
                if let Some(prompt) = self.prompt.take() {
                    return self.enter(prompt, ctx);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Enter on a line: search, jump, the next step, or the change itself.
    fn enter(&mut self, prompt: Prompt, ctx: &mut Ctx) -> Vec<Effect> {
        let change = |change| {
            vec![Effect::ChangeRecord {
                path: self.path.clone(),
                author: self.author,
                change,
            }]
        };
        match prompt {
            Prompt::Search(query) => self.find(&query, Direction::Forward, ctx),
            Prompt::Jump(time) => {
                if let Err(error) = self.nav.jump(&time, &self.timeline) {
                    ctx.say(error);
                }
            }
            Prompt::Words {
                target,
                mut moment,
                text,
            } => {
                moment.text = (!text.trim().is_empty()).then(|| text.trim().to_string());
                self.prompt = Some(Prompt::Reason {
                    change: Pending::Amend {
                        target,
                        replacement: EventKind::Moment(moment),
                    },
                    text: String::new(),
                });
            }
            Prompt::LateNote { at, text } if !text.trim().is_empty() => {
                self.prompt = Some(Prompt::Reason {
                    change: Pending::Late {
                        at,
                        what: EventKind::Moment(Moment {
                            what: MomentKind::Note,
                            members: Vec::new(),
                            text: Some(text.trim().to_string()),
                        }),
                    },
                    text: String::new(),
                });
            }
            Prompt::Debrief(text) if !text.trim().is_empty() => {
                return change(RecordChange::Debrief {
                    text: text.trim().to_string(),
                });
            }
            Prompt::SignName(name) if !name.trim().is_empty() => {
                return change(RecordChange::Sign {
                    name: name.trim().to_string(),
                    comment: None,
                });
            }
            Prompt::Reason {
                change: pending,
                text,
            } if !text.trim().is_empty() => {
                let reason = text.trim().to_string();
                return change(match pending {
                    Pending::Amend {
                        target,
                        replacement,
                    } => RecordChange::Amend {
                        target,
                        replacement,
                        reason,
                    },
                    Pending::Retract { target } => RecordChange::Retract { target, reason },
                    Pending::Late { at, what } => RecordChange::Late { at, what, reason },
                });
            }
            // Empty where words are required: ask again, saying so.
            empty @ (Prompt::LateNote { .. }
            | Prompt::Debrief(_)
            | Prompt::SignName(_)
            | Prompt::Reason { .. }) => {
                let (label, _) = empty.label_and_text();
                ctx.say(format!("Nothing written: {label} (Esc cancels)."));
                self.prompt = Some(empty);
            }
            Prompt::Speaker { .. } => {}
        }
        Vec::new()
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
