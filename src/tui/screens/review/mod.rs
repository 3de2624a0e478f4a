//! The review screen: a session's timeline afterwards (or while it is still
//! being logged, following it read-only). Lanes above, the event list and the
//! details of the event under the cursor below. The layout and the cursor's
//! logic are `tui::review`'s; this is the screen around them.

pub mod view;

use super::closing_keys::{ClosingKey, closing_key};
use super::{CommandHint, Ctx, Home};
use crate::model::{
    Author, ClosingStep, EventId, EventKind, Floor, Group, MemberId, Moment, MomentFamily,
    MomentKind, NameStyle, Session, Timestamp,
};
use crate::tui::action::{Effect, OpenedSession, RecordChange};
use crate::tui::form::Form;
use crate::tui::keymap::{Command, Context, Keymap};
use crate::tui::picker::{Picker, PickerOutcome};
use crate::tui::review::amend;
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
    /// `e` on a moment: which kind it now is (Enter keeps its family; a
    /// family's key changes it), then its picker.
    MomentKind {
        target: EventId,
        moment: Moment,
    },
    /// `e` on a turn: who spoke (`s`), or when the turn began (`t`).
    TurnPart {
        target: EventId,
    },
    /// Who really had the floor: one key (a member's digit, `f`, `F`, `x`, space).
    Speaker {
        target: EventId,
    },
    /// When the turn began (hh:mm:ss), strictly between its neighbours.
    TurnTime {
        target: EventId,
        from: Timestamp,
        before: Timestamp,
        after: Option<Timestamp>,
        text: String,
    },
    /// `L`: when the missed moment or turn happened (starts at the cursor's time).
    LateAt {
        cursor: Timestamp,
        text: String,
    },
    /// Then what was missed: `t` a turn, a family's key a moment.
    LateWhat {
        at: Timestamp,
    },
    /// A missed turn: who began speaking then.
    LateTurn {
        at: Timestamp,
    },
    Debrief(String),
    /// Signing: the name to sign with, then a comment (optional).
    SignName(String),
    SignComment {
        name: String,
        text: String,
    },
    /// The supervisor returns the note: their name, then what to revise.
    ReturnName(String),
    ReturnComment {
        name: String,
        text: String,
    },
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
    Retime {
        target: EventId,
        from: Timestamp,
        to: Timestamp,
    },
    Retract {
        target: EventId,
    },
    Late {
        at: Timestamp,
        what: EventKind,
    },
}

/// A picker open in the review: the one the live panel logs with, holding
/// what is amended (or a late moment), before its reason is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub title: String,
    pub picker: Picker,
    pub purpose: Purpose,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// Amends this event, which reads `original` now.
    Amend {
        target: EventId,
        original: EventKind,
    },
    /// A moment missed live, dated `at`.
    Late { at: Timestamp },
}

/// The closing step left for later, walked from the review: the present
/// members not yet observed, one page each (the live panel's form). Each
/// page goes to the record as late entries dated at the end of the session.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewClosing {
    pub members: Vec<MemberId>,
    pub index: usize,
    pub form: Form,
    /// The session's end, where the entries are dated.
    pub at: Timestamp,
    /// Pages saved so far.
    pub walked: usize,
}

/// The reason written with every closing-step entry made from the review.
pub const CLOSING_REASON: &str = "closing step, resumed in review";

impl Prompt {
    /// What the line asks, and the text typed so far.
    pub fn label_and_text(&self) -> (String, String) {
        let time = |at: &Timestamp| at.format("%H:%M:%S").to_string();
        match self {
            Prompt::Search(text) => ("search".into(), text.clone()),
            Prompt::Jump(text) => ("go to (hh:mm)".into(), text.clone()),
            Prompt::MomentKind { target, moment } => (
                format!(
                    "{target}: Enter keeps {} · or another kind: {}",
                    moment.what.family().name(),
                    amend::family_keys_line()
                ),
                String::new(),
            ),
            Prompt::TurnPart { target } => (
                format!("{target}: s who spoke · t when the turn began · Esc cancel"),
                String::new(),
            ),
            Prompt::Speaker { target } => (
                format!(
                    "{target}: who spoke? 1–9 0 member · f/F facilitator · x crosstalk · ␣ silence"
                ),
                String::new(),
            ),
            Prompt::TurnTime {
                target,
                before,
                after,
                text,
                ..
            } => (
                format!(
                    "{target} began at (after {}, before {})",
                    time(before),
                    after.as_ref().map_or_else(|| "the end".into(), time)
                ),
                text.clone(),
            ),
            Prompt::LateAt { text, .. } => (
                "late entry: when it happened (hh:mm:ss)".into(),
                text.clone(),
            ),
            Prompt::LateWhat { at } => (
                format!(
                    "late at {}: t a missed turn · or a moment: {}",
                    time(at),
                    amend::family_keys_line()
                ),
                String::new(),
            ),
            Prompt::LateTurn { at } => (
                format!(
                    "late turn at {}: who began? 1–9 0 member · f/F facilitator · x crosstalk · ␣ silence",
                    time(at)
                ),
                String::new(),
            ),
            Prompt::Debrief(text) => ("debrief".into(), text.clone()),
            Prompt::SignName(text) => ("sign, your name".into(), text.clone()),
            Prompt::SignComment { name, text } => {
                (format!("{name} signs · a comment (optional)"), text.clone())
            }
            Prompt::ReturnName(text) => ("return for revision, your name".into(), text.clone()),
            Prompt::ReturnComment { name, text } => (
                format!("{name} returns the note: what to revise (required)"),
                text.clone(),
            ),
            Prompt::Reason { change, text } => {
                let what = match change {
                    Pending::Amend { target, .. } => format!("why amend {target}"),
                    Pending::Retime { target, .. } => format!("why move {target}"),
                    Pending::Retract { target } => format!("why retract {target}"),
                    Pending::Late { .. } => "why late".into(),
                };
                (format!("{what} (required)"), text.clone())
            }
        }
    }

    /// A step answered with one key rather than typed.
    pub fn is_one_key(&self) -> bool {
        matches!(
            self,
            Prompt::MomentKind { .. }
                | Prompt::TurnPart { .. }
                | Prompt::Speaker { .. }
                | Prompt::LateWhat { .. }
                | Prompt::LateTurn { .. }
        )
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            Prompt::Search(text)
            | Prompt::Jump(text)
            | Prompt::TurnTime { text, .. }
            | Prompt::LateAt { text, .. }
            | Prompt::Debrief(text)
            | Prompt::SignName(text)
            | Prompt::SignComment { text, .. }
            | Prompt::ReturnName(text)
            | Prompt::ReturnComment { text, .. }
            | Prompt::Reason { text, .. } => Some(text),
            Prompt::MomentKind { .. }
            | Prompt::TurnPart { .. }
            | Prompt::Speaker { .. }
            | Prompt::LateWhat { .. }
            | Prompt::LateTurn { .. } => None,
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
    /// A picker open on what is amended, or on a late moment.
    pub dialog: Option<Dialog>,
    /// The closing step, walked from the review.
    pub closing: Option<ReviewClosing>,
    /// The filter bar is open (`f`).
    pub filtering: bool,
    /// The trail of the event under the cursor across the lower half (`H`).
    pub history: bool,
    /// Who writes the changes made here (to their own file of the record),
    /// in that role: `groupscribe review SESSION --as …`.
    pub author: Author,
}

impl Review {
    /// The axis runs to the end, or, while the session is being logged, to
    /// its last event (the watcher brings the next): never to "now", which
    /// for a session left open days ago would be days of nothing.
    pub fn open(opened: OpenedSession) -> Review {
        Review::open_as(opened, Author::CoFacilitator)
    }

    /// Opened by a reviewer in the role `author`.
    pub fn open_as(opened: OpenedSession, author: Author) -> Review {
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
            dialog: None,
            closing: None,
            filtering: false,
            history: false,
            author,
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

    /// The review's (its closing step reads the closing step's keys itself).
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

    /// The closing step was left for later and not walked since: how many
    /// members it had left.
    pub fn closing_left(&self) -> Option<u32> {
        self.session.closing_left_for_later()
    }

    pub fn update(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        if self.closing.is_some() {
            return self.closing_key(key, ctx);
        }
        if self.dialog.is_some() {
            return self.dialog_key(key, ctx);
        }
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
                | Command::SignOff
                | Command::ReturnNote
                | Command::ResumeClosing),
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

    /// The name a signature or a return proposes: the worker's, as the
    /// session's header names them.
    fn proposed_name(&self) -> String {
        let header = &self.session.header;
        match self.author {
            Author::Facilitator => header.facilitator.clone(),
            Author::CoFacilitator => header.co_facilitator.clone().unwrap_or_default(),
            Author::Supervisor => String::new(),
        }
    }

    /// `e`, `x`, `L`, `d`, `S`, `R`, `C`: the first step of a change to the
    /// record. Refused while the session is being logged (it is the
    /// facilitator's until they end it); a supervisor signs or returns the
    /// note, and changes nothing else.
    fn begin_change(&mut self, command: Command, ctx: &mut Ctx) {
        if self.following() {
            ctx.say("Still being logged: read-only until the facilitator ends it.");
            return;
        }
        let supervisor = self.author == Author::Supervisor;
        match command {
            Command::SignOff | Command::ReturnNote => {}
            _ if supervisor => {
                ctx.say(format!(
                    "A supervisor signs ({}) or returns the note for revision ({}); the \
                     workers amend the record.",
                    ctx.keymap.key(Command::SignOff),
                    ctx.keymap.key(Command::ReturnNote)
                ));
                return;
            }
            _ => {}
        }
        let under = self
            .nav
            .cursor
            .and_then(|entry| self.timeline.entries.get(entry));
        let target = under.and_then(|entry| self.session.events.get(entry.index));
        let prompt = match (command, under, target) {
            (Command::Debrief, _, _) => Prompt::Debrief(String::new()),
            (Command::SignOff, _, _) => Prompt::SignName(self.proposed_name()),
            (Command::ReturnNote, _, _) if !supervisor => {
                ctx.say(
                    "Only a supervisor returns the note: groupscribe review SESSION --as supervisor.",
                );
                return;
            }
            (Command::ReturnNote, _, _) => Prompt::ReturnName(self.proposed_name()),
            (Command::ResumeClosing, _, _) => {
                self.start_closing(ctx);
                return;
            }
            (Command::LateEntry, under, _) => {
                let cursor = self.timeline.time_at(under.map_or(0, |entry| entry.at));
                Prompt::LateAt {
                    cursor,
                    text: cursor.format("%H:%M:%S").to_string(),
                }
            }
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
                    EventKind::Floor(_) => Prompt::TurnPart { target: event.id },
                    EventKind::Moment(moment) => Prompt::MomentKind {
                        target: event.id,
                        moment: moment.clone(),
                    },
                    kind @ EventKind::Attendance { .. } => {
                        if let Some(picker) = amend::attendance_picker(&self.group, kind) {
                            self.dialog = Some(Dialog {
                                title: format!("Amend {}", event.id),
                                picker,
                                purpose: Purpose::Amend {
                                    target: event.id,
                                    original: kind.clone(),
                                },
                            });
                        }
                        return;
                    }
                    _ => {
                        ctx.say(
                            "Turns, moments and attendance changes are amended; this one can \
                             be retracted (x).",
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

    /// Opens the picker of `family` for a moment: amending `target` (which
    /// reads `moment`), or a late one at `at`.
    fn open_moment_picker(&mut self, family: MomentFamily, moment: &Moment, purpose: Purpose) {
        let picker = amend::moment_picker(&self.group, family, moment);
        let title = match &purpose {
            Purpose::Amend { target, .. } => format!("Amend {target}"),
            Purpose::Late { at } => format!("Late entry at {}", at.format("%H:%M:%S")),
        };
        self.dialog = Some(Dialog {
            title,
            picker,
            purpose,
        });
    }

    /// A one-key step: the kind of a moment, the part of a turn, a speaker.
    fn one_key(&mut self, prompt: Prompt, key: KeyEvent, ctx: &mut Ctx) {
        let esc = key.code == KeyCode::Esc;
        let char_key = match key.code {
            KeyCode::Char(c) => Some(c),
            _ => None,
        };
        match prompt {
            _ if esc => {}
            Prompt::MomentKind { target, moment } => {
                let family = match key.code {
                    KeyCode::Enter => Some(moment.what.family()),
                    _ => char_key.and_then(amend::family_of_key),
                };
                match family {
                    Some(family) => self.open_moment_picker(
                        family,
                        &moment,
                        Purpose::Amend {
                            target,
                            original: EventKind::Moment(moment.clone()),
                        },
                    ),
                    None => self.prompt = Some(Prompt::MomentKind { target, moment }),
                }
            }
            Prompt::TurnPart { target } => match char_key {
                Some('s') => self.prompt = Some(Prompt::Speaker { target }),
                Some('t') => match amend::turn_window(&self.session, target) {
                    Ok((from, before, after)) => {
                        self.prompt = Some(Prompt::TurnTime {
                            target,
                            from,
                            before,
                            after,
                            text: from.format("%H:%M:%S").to_string(),
                        });
                    }
                    Err(error) => ctx.say(error),
                },
                _ => self.prompt = Some(Prompt::TurnPart { target }),
            },
            Prompt::Speaker { target } => {
                self.prompt = Some(match self.floor_of_key(key.code) {
                    Some(floor) => Prompt::Reason {
                        change: Pending::Amend {
                            target,
                            replacement: EventKind::Floor(floor),
                        },
                        text: String::new(),
                    },
                    None => Prompt::Speaker { target },
                });
            }
            Prompt::LateWhat { at } => match char_key {
                Some('t') => self.prompt = Some(Prompt::LateTurn { at }),
                Some(c) if amend::family_of_key(c).is_some() => {
                    if let Some(family) = amend::family_of_key(c) {
                        let empty = Moment {
                            what: MomentKind::Note,
                            members: Vec::new(),
                            text: None,
                        };
                        self.open_moment_picker(family, &empty, Purpose::Late { at });
                    }
                }
                _ => self.prompt = Some(Prompt::LateWhat { at }),
            },
            Prompt::LateTurn { at } => {
                self.prompt = Some(match self.floor_of_key(key.code) {
                    Some(floor) => Prompt::Reason {
                        change: Pending::Late {
                            at,
                            what: EventKind::Floor(floor),
                        },
                        text: String::new(),
                    },
                    None => Prompt::LateTurn { at },
                });
            }
            other => self.prompt = Some(other),
        }
    }

    /// A line being typed: text, Backspace, Enter, Esc (fixed keys).
    fn type_prompt(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let Some(prompt) = &mut self.prompt else {
            return Vec::new();
        };
        if prompt.is_one_key() {
            if let Some(prompt) = self.prompt.take() {
                self.one_key(prompt, key, ctx);
            }
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

    fn change(&self, change: RecordChange) -> Vec<Effect> {
        vec![Effect::ChangeRecord {
            path: self.path.clone(),
            author: self.author,
            change,
        }]
    }

    /// Enter on a line: search, jump, the next step, or the change itself.
    fn enter(&mut self, prompt: Prompt, ctx: &mut Ctx) -> Vec<Effect> {
        let reason = |change| {
            Some(Prompt::Reason {
                change,
                text: String::new(),
            })
        };
        match prompt {
            Prompt::Search(query) => self.find(&query, Direction::Forward, ctx),
            Prompt::Jump(time) => {
                if let Err(error) = self.nav.jump(&time, &self.timeline) {
                    ctx.say(error);
                }
            }
            Prompt::TurnTime {
                target,
                from,
                before,
                after,
                text,
            } => {
                let to = amend::time_on_day(self.session.header.started, &text)
                    .and_then(|to| amend::check_in_window(target, to, before, after).map(|()| to));
                self.prompt = match to {
                    Ok(to) if to == from => {
                        ctx.say(format!("{target} already begins then."));
                        None
                    }
                    Ok(to) => reason(Pending::Retime { target, from, to }),
                    Err(error) => {
                        ctx.say(error);
                        Some(Prompt::TurnTime {
                            target,
                            from,
                            before,
                            after,
                            text,
                        })
                    }
                };
            }
            Prompt::LateAt { cursor, text } => {
                let started = self.session.header.started;
                let end = self.timeline.time_at(self.timeline.length);
                // The cursor's time as proposed: to the millisecond, next to its event.
                let typed = if text.trim() == cursor.format("%H:%M:%S").to_string() {
                    Ok(cursor)
                } else {
                    amend::time_on_day(started, &text)
                };
                match typed {
                    Ok(at) if at >= started && at <= end => {
                        self.prompt = Some(Prompt::LateWhat { at });
                    }
                    Ok(_) => {
                        ctx.say(format!(
                            "A late entry is dated within the session, {} to {}.",
                            started.format("%H:%M:%S"),
                            end.format("%H:%M:%S")
                        ));
                        self.prompt = Some(Prompt::LateAt { cursor, text });
                    }
                    Err(error) => {
                        ctx.say(error);
                        self.prompt = Some(Prompt::LateAt { cursor, text });
                    }
                }
            }
            Prompt::Debrief(text) if !text.trim().is_empty() => {
                return self.change(RecordChange::Debrief {
                    text: text.trim().to_string(),
                });
            }
            Prompt::SignName(name) if !name.trim().is_empty() => {
                self.prompt = Some(Prompt::SignComment {
                    name: name.trim().to_string(),
                    text: String::new(),
                });
            }
            Prompt::SignComment { name, text } => {
                let text = text.trim();
                return self.change(RecordChange::Sign {
                    name,
                    comment: (!text.is_empty()).then(|| text.to_string()),
                });
            }
            Prompt::ReturnName(name) if !name.trim().is_empty() => {
                self.prompt = Some(Prompt::ReturnComment {
                    name: name.trim().to_string(),
                    text: String::new(),
                });
            }
            Prompt::ReturnComment { name, text } if !text.trim().is_empty() => {
                return self.change(RecordChange::Return {
                    name,
                    comment: text.trim().to_string(),
                });
            }
            Prompt::Reason {
                change: pending,
                text,
            } if !text.trim().is_empty() => {
                let reason = text.trim().to_string();
                return self.change(match pending {
                    Pending::Amend {
                        target,
                        replacement,
                    } => RecordChange::Amend {
                        target,
                        replacement,
                        reason,
                    },
                    Pending::Retime { target, from, to } => RecordChange::Retime {
                        target,
                        from,
                        to,
                        reason,
                    },
                    Pending::Retract { target } => RecordChange::Retract { target, reason },
                    Pending::Late { at, what } => RecordChange::Late { at, what, reason },
                });
            }
            // Empty where words are required: ask again, saying so.
            empty @ (Prompt::Debrief(_)
            | Prompt::SignName(_)
            | Prompt::ReturnName(_)
            | Prompt::ReturnComment { .. }
            | Prompt::Reason { .. }) => {
                let (label, _) = empty.label_and_text();
                ctx.say(format!("Nothing written: {label} (Esc cancels)."));
                self.prompt = Some(empty);
            }
            Prompt::MomentKind { .. }
            | Prompt::TurnPart { .. }
            | Prompt::Speaker { .. }
            | Prompt::LateWhat { .. }
            | Prompt::LateTurn { .. } => {}
        }
        Vec::new()
    }

    /// A key in the open picker: the picker's own keys; its answer asks for
    /// the reason next.
    fn dialog_key(&mut self, key: KeyEvent, _ctx: &mut Ctx) -> Vec<Effect> {
        let Some(dialog) = &mut self.dialog else {
            return Vec::new();
        };
        let roster: Vec<MemberId> = self.group.members.iter().map(|m| m.id.clone()).collect();
        let outcome = dialog
            .picker
            .handle(&key, &|position| roster.get(position).cloned(), &|_| 0);
        match outcome {
            PickerOutcome::Open => {}
            PickerOutcome::Cancelled => self.dialog = None,
            PickerOutcome::Done(answer) => {
                let Some(dialog) = self.dialog.take() else {
                    return Vec::new();
                };
                let change = match dialog.purpose {
                    Purpose::Amend { target, original } => {
                        let replacement = match &original {
                            EventKind::Moment(moment) => amend::amended_moment(moment, answer),
                            _ => answer,
                        };
                        if replacement == original {
                            let mut picker = dialog.picker;
                            picker.problem = Some("nothing changed: change it, or Esc".into());
                            self.dialog = Some(Dialog {
                                title: dialog.title,
                                picker,
                                purpose: Purpose::Amend { target, original },
                            });
                            return Vec::new();
                        }
                        Pending::Amend {
                            target,
                            replacement,
                        }
                    }
                    Purpose::Late { at } => Pending::Late { at, what: answer },
                };
                self.prompt = Some(Prompt::Reason {
                    change,
                    text: String::new(),
                });
            }
        }
        Vec::new()
    }

    /// The members who came (not absent or excused) and have no observation
    /// in the record as it reads: the closing step's pages.
    fn not_yet_observed(&self) -> Vec<MemberId> {
        let effective = crate::model::effective_events(&self.session.events);
        let observed: std::collections::HashSet<&MemberId> = effective
            .iter()
            .filter_map(|(_, kind)| match kind {
                EventKind::Moment(Moment {
                    what: MomentKind::Observation(_),
                    members,
                    ..
                }) => members.first(),
                _ => None,
            })
            .collect();
        self.group
            .members
            .iter()
            .map(|member| &member.id)
            .filter(|id| {
                !self
                    .timeline
                    .absent
                    .iter()
                    .any(|(absent, ..)| absent == *id)
            })
            .filter(|id| {
                self.group
                    .member(id)
                    .is_some_and(|m| m.is_member_on(self.session.header.started.date_naive()))
            })
            .filter(|id| !observed.contains(id))
            .cloned()
            .collect()
    }

    fn closing_page(&self, members: &[MemberId], index: usize, names: NameStyle) -> Option<Form> {
        let id = members.get(index)?;
        let goal = self
            .group
            .member(id)
            .and_then(|member| member.goals.first().cloned());
        let title = format!(
            "Closing step (late) · {} of {} · {}",
            index + 1,
            members.len(),
            self.member_name(id, names)
        );
        Some(Form::closing(title, id.clone(), goal, None))
    }

    /// `C`: the closing step, for the members who came and are not yet
    /// observed; offered while it was left for later.
    fn start_closing(&mut self, ctx: &mut Ctx) {
        let members = self.not_yet_observed();
        let at = self.session.last_event_at();
        let Some(form) = self.closing_page(&members, 0, ctx.names) else {
            ctx.say(match self.closing_left() {
                Some(_) => {
                    "Every member who came is observed: nothing is left of the closing step."
                }
                None => "Every member who came is observed.",
            });
            return;
        };
        self.closing = Some(ReviewClosing {
            members,
            index: 0,
            form,
            at,
            walked: 0,
        });
    }

    /// Writes how the closing step went (a late entry), closing it.
    fn finish_closing(&mut self, step: ClosingStep, walked: usize) -> Vec<Effect> {
        let Some(closing) = self.closing.take() else {
            return Vec::new();
        };
        if walked == 0 && matches!(step, ClosingStep::Later { .. }) {
            // Nothing was written: the step stays as it was.
            return Vec::new();
        }
        self.change(RecordChange::Late {
            at: closing.at,
            what: EventKind::Closing(step),
            reason: CLOSING_REASON.into(),
        })
    }

    fn closing_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let roster: Vec<MemberId> = self.group.members.iter().map(|m| m.id.clone()).collect();
        let Some(closing) = &mut self.closing else {
            return Vec::new();
        };
        let left = u32::try_from(closing.members.len() - closing.index).unwrap_or(u32::MAX);
        let walked = closing.walked;
        match closing_key(&mut closing.form, left, &roster, &key, ctx) {
            ClosingKey::Stay => Vec::new(),
            ClosingKey::Finish(step) => self.finish_closing(step, walked),
            ClosingKey::Saved(events) => {
                let at = closing.at;
                let next = closing.index + 1;
                let members = closing.members.clone();
                let walked = walked + usize::from(!events.is_empty());
                let mut effects: Vec<Effect> = events
                    .into_iter()
                    .flat_map(|what| {
                        self.change(RecordChange::Late {
                            at,
                            what,
                            reason: CLOSING_REASON.into(),
                        })
                    })
                    .collect();
                match self.closing_page(&members, next, ctx.names) {
                    Some(form) => {
                        self.closing = Some(ReviewClosing {
                            members,
                            index: next,
                            form,
                            at,
                            walked,
                        });
                    }
                    None => effects.extend(self.finish_closing(ClosingStep::Finished, walked)),
                }
                effects
            }
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
