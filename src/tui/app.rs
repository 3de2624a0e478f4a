//! The one state of the app and the `update` that changes it. No terminal, no files:
//! writing is asked for through effects, and an event is shown only once saved.

use super::action::{Action, Effect, OpenedSession};
use super::keymap::{Command, Keymap};
use super::picker::{OpenConflict, Picker, PickerKind, PickerOutcome, member_position};
use super::views::LiveLayout;
use crate::metrics::{Participation, Presence};
use crate::model::taxonomy::{Choice, StandardSegment};
use crate::model::{
    AttendanceChange, Author, BreakEdge, ConflictIdentity, Event, EventId, EventKind, Floor, Group,
    MemberId, Moment, MomentFamily, NameStyle, Session, Timestamp, conflict_identities,
    effective_positions,
};
use crate::store::GroupEntry;
use crate::theme::Theme;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use std::path::PathBuf;

pub struct App {
    pub now: Timestamp,
    pub keymap: Keymap,
    pub names: NameStyle,
    pub theme: Theme,
    /// Why the theme file could not be reloaded; the last good theme stays on.
    pub theme_error: Option<String>,
    /// `NO_COLOR` is set: every theme is shown without colours.
    pub no_colour: bool,
    /// The terminal's size at the last draw, to map mouse clicks to what was drawn.
    pub area: Rect,
    pub screen: Screen,
    pub help: bool,
    /// A one-line message for the status line, replaced by the next one.
    pub message: Option<String>,
    pub quit: bool,
}

pub enum Screen {
    Home(Home),
    Live(Box<Live>),
}

#[derive(Default)]
pub struct Home {
    pub rows: Vec<HomeRow>,
    pub selected: usize,
    pub error: Option<String>,
    /// Enter on a session whose last event is old: end it there, or resume now?
    pub stale: Option<StalePrompt>,
    /// The row to select once the rows are (re)loaded, if it is still there.
    prefer: Option<RowKey>,
}

/// The question asked before resuming a session left for a long time.
#[derive(Debug, Clone, PartialEq)]
pub struct StalePrompt {
    pub path: PathBuf,
    pub number: u32,
    pub last_event: Timestamp,
}

/// A session whose last event is older than this (or on another day) is not
/// simply resumed: the facilitator is asked first.
pub const STALE_AFTER_MINUTES: i64 = 30;

/// Whether resuming a session whose last event was at `last` asks first.
pub fn is_stale(last: Timestamp, now: Timestamp) -> bool {
    let another_day = last.with_timezone(now.offset()).date_naive() != now.date_naive();
    another_day || now - last > chrono::TimeDelta::minutes(STALE_AFTER_MINUTES)
}

/// What a row stands for, to keep it selected when the rows are read again.
#[derive(Debug, Clone, PartialEq)]
enum RowKey {
    Group(String),
    Session(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub enum HomeRow {
    Group {
        slug: String,
        name: String,
        detail: String,
    },
    /// A session not ended: being logged right now by a live groupscribe
    /// (`locked`), or interrupted (a crash, or left without ending).
    Unended {
        path: PathBuf,
        number: u32,
        started: Timestamp,
        last_event: Timestamp,
        locked: bool,
    },
    Problem {
        text: String,
    },
}

impl HomeRow {
    fn selectable(&self) -> bool {
        !matches!(self, HomeRow::Problem { .. })
    }

    fn key(&self) -> Option<RowKey> {
        match self {
            HomeRow::Group { slug, .. } => Some(RowKey::Group(slug.clone())),
            HomeRow::Unended { path, .. } => Some(RowKey::Session(path.clone())),
            HomeRow::Problem { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    Failing { error: String, waiting: usize },
}

pub struct Live {
    pub slug: String,
    pub group: Group,
    pub path: PathBuf,
    pub session: Session,
    pub next_id: u32,
    pub picker: Option<Picker>,
    /// `.` was pressed: the next digit means members 11–20.
    pub more_members: bool,
    pub confirm_end: bool,
    /// A member who is not in the room (left early, absent, excused) was given
    /// the floor: asking whether they arrived before logging anything.
    pub confirm_return: Option<MemberId>,
    /// The end was logged; waiting for the shell to write the note.
    pub ending: bool,
    /// Moments scrolled past with the mouse wheel (risks stay pinned).
    pub moments_scroll: usize,
    /// Read-only: a co-facilitator follows a session another groupscribe logs.
    pub following: bool,
    /// Participation folded over every saved event, read at any moment with `at`.
    folded: Participation,
    standing: Standing,
    pub save: SaveState,
}

impl Live {
    /// The figures up to `now`, from the fold kept up to date as events are saved.
    pub fn participation(&self, now: Timestamp) -> Participation {
        self.folded.at(now)
    }

    /// Adds a saved event to the session and to the running figures. Undo and
    /// amendments change the past, so they fold the session again.
    fn record(&mut self, event: Event) {
        if event.kind.is_record_keeping() {
            self.session.events.push(event);
            self.folded = Participation::fold(&self.group, &self.session);
            self.standing = Standing::of(&self.session.events);
        } else {
            self.folded.apply(event.at, &event.kind, None);
            self.standing.push(self.session.events.len(), &event.kind);
            self.session.events.push(event);
        }
    }

    /// The followed session, read again from disk.
    fn replace_session(&mut self, session: Session) {
        self.folded = Participation::fold(&self.group, &session);
        self.standing = Standing::of(&session.events);
        self.session = session;
    }

    /// Lets go of the events from `from` on, which turned out not to be on disk.
    fn forget_from(&mut self, from: EventId) {
        self.session.events.retain(|event| event.id < from);
        self.folded = Participation::fold(&self.group, &self.session);
        self.standing = Standing::of(&self.session.events);
    }

    /// The events as they now stand (see `model::effective_events`), newest last,
    /// without rebuilding the list on every frame.
    pub fn standing_events(&self) -> impl DoubleEndedIterator<Item = (&Event, &EventKind)> {
        self.standing
            .indices
            .iter()
            .filter_map(|&index| self.standing.resolve(&self.session.events, index))
    }

    /// The risk moments that stand, oldest first.
    pub fn standing_risks(&self) -> impl DoubleEndedIterator<Item = (&Event, &EventKind)> {
        self.standing
            .risks
            .iter()
            .filter_map(|&index| self.standing.resolve(&self.session.events, index))
    }

    pub fn name(&self, id: &MemberId, style: NameStyle) -> String {
        self.group
            .member(id)
            .map_or_else(|| id.to_string(), |member| member.display(style))
    }

    pub fn floor_name(&self, floor: &Floor, style: NameStyle) -> String {
        match floor {
            Floor::Member(id) => self.name(id, style),
            Floor::Facilitator => "Facilitator".into(),
            Floor::CoFacilitator => "Co-facilitator".into(),
            Floor::Crosstalk => "crosstalk".into(),
            Floor::Silence => "silence".into(),
        }
    }
}

/// Which events of the session stand (not retracted, not record-keeping), by index,
/// and what the amended ones now read.
#[derive(Debug, Default)]
struct Standing {
    indices: Vec<usize>,
    amended: std::collections::HashMap<usize, EventKind>,
    /// The risk moments among them, pinned on screen.
    risks: Vec<usize>,
}

impl Standing {
    fn of(events: &[Event]) -> Standing {
        let mut standing = Standing::default();
        for (index, kind) in effective_positions(events) {
            standing.push(index, kind);
            if *kind != events[index].kind {
                standing.amended.insert(index, kind.clone());
            }
        }
        standing
    }

    fn push(&mut self, index: usize, kind: &EventKind) {
        self.indices.push(index);
        if kind.is_risk() {
            self.risks.push(index);
        }
    }

    fn resolve<'e>(
        &'e self,
        events: &'e [Event],
        index: usize,
    ) -> Option<(&'e Event, &'e EventKind)> {
        let event = events.get(index)?;
        Some((event, self.amended.get(&index).unwrap_or(&event.kind)))
    }
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
            area: Rect::default(),
            screen: Screen::Home(Home::default()),
            help: false,
            message: None,
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
            Screen::Home(_) => None,
        }
    }

    /// Whether a clock on screen is running, so the loop must wake every second.
    pub fn needs_ticks(&self) -> bool {
        self.live().is_some_and(|live| !live.ending)
    }

    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        match action {
            Action::Key(key) => {
                if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
                    self.message = Some(if self.live().is_some_and(|live| !live.following) {
                        let end = self.keymap.key(Command::End);
                        format!(
                            "Ctrl-C does not quit while logging: {end} then l leaves without \
                             ending (the session stays resumable); {end} then y ends it"
                        )
                    } else {
                        "Ctrl-C does not quit: press q to end the session or leave.".into()
                    });
                    return Vec::new();
                }
                if self.help {
                    self.help = false;
                    return Vec::new();
                }
                match &mut self.screen {
                    Screen::Home(_) => self.home_key(key),
                    Screen::Live(_) => self.live_key(key),
                }
            }
            Action::Mouse(mouse) => self.mouse(mouse),
            Action::Resize | Action::Tick | Action::Signal(_) => Vec::new(),
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
                Screen::Live(_) => Vec::new(),
            },
            Action::Followed(session) => {
                if let Screen::Live(live) = &mut self.screen {
                    live.replace_session(*session);
                }
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
            Action::SessionOpened(opened) => {
                self.open_live(*opened);
                Vec::new()
            }
            Action::OpenFailed(error) => {
                self.message = Some(error);
                Vec::new()
            }
            Action::Saved(event) => {
                if let Screen::Live(live) = &mut self.screen {
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
                if let Screen::Live(live) = &mut self.screen {
                    live.forget_from(from);
                    live.save = SaveState::Failing { error, waiting };
                }
                Vec::new()
            }
            Action::SaveFailed { error, waiting } => {
                if let Screen::Live(live) = &mut self.screen {
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
                self.screen = Screen::Home(Home {
                    prefer: Some(RowKey::Session(path)),
                    ..Home::default()
                });
                self.message = Some(message);
                vec![Effect::LoadHome]
            }
        }
    }

    fn open_live(&mut self, opened: OpenedSession) {
        let OpenedSession {
            slug,
            group,
            path,
            session,
            notice,
            following,
        } = opened;
        self.message = notice;
        // Past the largest id the write path refuses every event (NOT SAVED).
        let next_id = session.next_id().map_or(u32::MAX, |id| id.0);
        let folded = Participation::fold(&group, &session);
        let standing = Standing::of(&session.events);
        self.screen = Screen::Live(Box::new(Live {
            slug,
            group,
            path,
            session,
            next_id,
            picker: None,
            more_members: false,
            confirm_end: false,
            confirm_return: None,
            ending: false,
            moments_scroll: 0,
            folded,
            standing,
            save: SaveState::Saved,
            following,
        }));
    }

    /// Following is read-only: only help and leaving; every logging key says so.
    fn follower_key(&mut self, command: Option<Command>) -> Vec<Effect> {
        match command {
            Some(Command::Help) => self.help = true,
            Some(Command::End) => {
                self.screen = Screen::Home(Home::default());
                return vec![Effect::LoadHome];
            }
            _ => {
                self.message = Some(
                    "Following read-only: the facilitator's groupscribe logs. q leaves.".into(),
                )
            }
        }
        Vec::new()
    }

    /// A click on a roster row starts that person's turn; the wheel scrolls lists.
    fn mouse(&mut self, mouse: MouseEvent) -> Vec<Effect> {
        let now = self.now;
        let area = self.area;
        let at = Position {
            x: mouse.column,
            y: mouse.row,
        };
        match &mut self.screen {
            Screen::Home(home) => match mouse.kind {
                MouseEventKind::ScrollDown => home.step(1),
                MouseEventKind::ScrollUp => home.step(-1),
                _ => {}
            },
            Screen::Live(live) => {
                if live.picker.is_some()
                    || live.confirm_end
                    || live.confirm_return.is_some()
                    || live.ending
                    || self.help
                {
                    return Vec::new();
                }
                match mouse.kind {
                    MouseEventKind::Down(MouseButton::Left) if !live.following => {
                        let rows = LiveLayout::roster_rows(area);
                        if !rows.contains(at) {
                            return Vec::new();
                        }
                        let row = usize::from(at.y - rows.y);
                        let members = live.group.members.len();
                        let floor = match row {
                            row if row < members => {
                                Floor::Member(live.group.members[row].id.clone())
                            }
                            row if row == members => Floor::Facilitator,
                            row if row == members + 1 && live.group.co_facilitator.is_some() => {
                                Floor::CoFacilitator
                            }
                            _ => return Vec::new(),
                        };
                        return give_floor(live, now, floor);
                    }
                    MouseEventKind::ScrollDown if LiveLayout::moment_rows(area).contains(at) => {
                        live.moments_scroll += 1;
                    }
                    MouseEventKind::ScrollUp if LiveLayout::moment_rows(area).contains(at) => {
                        live.moments_scroll = live.moments_scroll.saturating_sub(1);
                    }
                    _ => {}
                }
            }
        }
        Vec::new()
    }

    fn home_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let now = self.now;
        let Screen::Home(home) = &mut self.screen else {
            return Vec::new();
        };
        if let Some(prompt) = &home.stale {
            return match key.code {
                KeyCode::Enter | KeyCode::Char('e') => {
                    let path = prompt.path.clone();
                    home.stale = None;
                    vec![Effect::EndUnended { path }]
                }
                KeyCode::Char('r') => {
                    let path = prompt.path.clone();
                    home.stale = None;
                    vec![Effect::ResumeSession { path }]
                }
                KeyCode::Esc | KeyCode::Char('q') => {
                    home.stale = None;
                    Vec::new()
                }
                _ => {
                    self.message = Some(
                        "Enter or e ends the session at its last event · r resumes now · Esc goes back."
                            .into(),
                    );
                    Vec::new()
                }
            };
        }
        let selected = home.rows.get(home.selected).cloned();
        let being_logged = |number: u32| {
            format!(
                "Session {number} is being logged by another groupscribe right now: f follows it."
            )
        };
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => home.step(-1),
            KeyCode::Down | KeyCode::Char('j') => home.step(1),
            KeyCode::Enter => match selected {
                Some(HomeRow::Group { slug, .. }) => {
                    return vec![Effect::StartSession { slug }];
                }
                Some(HomeRow::Unended {
                    locked: true,
                    number,
                    ..
                }) => self.message = Some(being_logged(number)),
                Some(HomeRow::Unended {
                    path,
                    number,
                    last_event,
                    ..
                }) => {
                    if is_stale(last_event, now) {
                        home.stale = Some(StalePrompt {
                            path,
                            number,
                            last_event,
                        });
                    } else {
                        return vec![Effect::ResumeSession { path }];
                    }
                }
                Some(HomeRow::Problem { .. }) | None => {}
            },
            KeyCode::Char('e') => match selected {
                Some(HomeRow::Unended {
                    locked: true,
                    number,
                    ..
                }) => self.message = Some(being_logged(number)),
                Some(HomeRow::Unended { path, .. }) => {
                    return vec![Effect::EndUnended { path }];
                }
                Some(HomeRow::Group { .. } | HomeRow::Problem { .. }) | None => {
                    self.message =
                        Some("e ends a session left open: choose one with ↑↓ first.".into());
                }
            },
            KeyCode::Char('f') => match selected {
                Some(HomeRow::Unended { path, .. }) => return vec![Effect::Follow { path }],
                Some(HomeRow::Group { .. } | HomeRow::Problem { .. }) | None => {
                    self.message =
                        Some("f follows a session being logged: choose one with ↑↓ first.".into());
                }
            },
            KeyCode::Char('?') => self.help = true,
            KeyCode::Char('q') | KeyCode::Esc => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            _ => {}
        }
        Vec::new()
    }

    fn live_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let now = self.now;
        let names = self.names;
        let command = self.keymap.command(&key);
        let Screen::Live(live) = &mut self.screen else {
            return Vec::new();
        };
        if live.ending {
            return Vec::new();
        }
        if live.following {
            return self.follower_key(command);
        }
        self.message = None;
        if live.confirm_end {
            live.confirm_end = false;
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter
                    if matches!(live.save, SaveState::Failing { .. }) =>
                {
                    // The facilitator chose to leave although the disk refuses writes.
                    self.quit = true;
                    vec![Effect::Quit]
                }
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                    live.ending = true;
                    vec![log(live, now, EventKind::Ended), Effect::CloseSession]
                }
                KeyCode::Char(LEAVE_KEY) if !matches!(live.save, SaveState::Failing { .. }) => {
                    // Back home without ending: the session stays open to resume.
                    // Logging stops now, so the current turn ends here and the
                    // time away is a break (unless a break is already running).
                    let mut effects = Vec::new();
                    if !live.participation(now).on_break {
                        effects.push(log(live, now, EventKind::Break(BreakEdge::Stopped)));
                    }
                    effects.push(Effect::LeaveSession);
                    effects
                }
                _ => Vec::new(),
            };
        }
        if let Some(member) = live.confirm_return.take() {
            // Only y logs: the arrival, then the turn, both at this moment.
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => vec![
                    log(
                        live,
                        now,
                        EventKind::Attendance {
                            member: member.clone(),
                            change: AttendanceChange::Arrived,
                            text: None,
                        },
                    ),
                    log(live, now, EventKind::Floor(Floor::Member(member))),
                ],
                _ => Vec::new(),
            };
        }
        if live.picker.is_some() {
            let roster: Vec<MemberId> = live.group.members.iter().map(|m| m.id.clone()).collect();
            let participation = live.participation(now);
            let logged: Vec<MemberId> = live
                .standing_events()
                .filter_map(|(_, kind)| match kind {
                    EventKind::Attendance { member, .. } => Some(member.clone()),
                    _ => None,
                })
                .collect();
            let Some(picker) = &mut live.picker else {
                return Vec::new();
            };
            let outcome = picker.handle(&key, &|position| roster.get(position).cloned(), &|id| {
                proposed_attendance(&participation, &logged, id)
            });
            return match outcome {
                PickerOutcome::Open => Vec::new(),
                PickerOutcome::Cancelled => {
                    live.picker = None;
                    Vec::new()
                }
                PickerOutcome::Done(kind) => {
                    live.picker = None;
                    vec![log(live, now, kind)]
                }
            };
        }
        if let KeyCode::Char(c) = key.code
            && c.is_ascii_digit()
            && !key.modifiers.contains(KeyModifiers::CONTROL)
        {
            let more = std::mem::take(&mut live.more_members);
            let position = member_position(c, more);
            return match position.and_then(|p| live.group.members.get(p)) {
                Some(member) => {
                    let floor = Floor::Member(member.id.clone());
                    give_floor(live, now, floor)
                }
                None => {
                    let hotkey = position
                        .map(super::picker::member_hotkey)
                        .unwrap_or_default();
                    self.message = Some(format!(
                        "No member on key {hotkey}: the roster has {}.",
                        live.group.members.len()
                    ));
                    Vec::new()
                }
            };
        }
        live.more_members = false;
        let Some(command) = command else {
            if key.code == KeyCode::Esc {
                return Vec::new();
            }
            self.message = Some("That key does nothing here; ? shows the keys.".into());
            return Vec::new();
        };
        let floor = |floor: Floor| EventKind::Floor(floor);
        let kind = match command {
            Command::Facilitator => floor(Floor::Facilitator),
            Command::CoFacilitator => floor(Floor::CoFacilitator),
            Command::Crosstalk => floor(Floor::Crosstalk),
            Command::Silence => floor(Floor::Silence),
            Command::Break => {
                let on_break = live.participation(now).on_break;
                EventKind::Break(if on_break {
                    BreakEdge::End
                } else {
                    BreakEdge::Start
                })
            }
            Command::Undo => match last_undoable(live) {
                Some((event, kind)) => {
                    let label = kind.label(&|f| live.floor_name(f, names));
                    self.message = Some(format!(
                        "Undone: {label} (kept in the record as retracted)."
                    ));
                    EventKind::Retraction { target: event.id }
                }
                None => {
                    self.message = Some("Nothing to undo.".into());
                    return Vec::new();
                }
            },
            Command::End => {
                live.confirm_end = true;
                return Vec::new();
            }
            Command::Help => {
                self.help = true;
                return Vec::new();
            }
            Command::MoreMembers => {
                live.more_members = true;
                return Vec::new();
            }
            picker_command => {
                if let Some(kind) = picker_kind(picker_command) {
                    live.picker = Some(open_picker(live, kind, now, names));
                }
                return Vec::new();
            }
        };
        vec![log(live, now, kind)]
    }
}

/// The picker a command opens; `None` for the commands that log at once or
/// act on the screen.
fn picker_kind(command: Command) -> Option<PickerKind> {
    let moment = |family| Some(PickerKind::Moment(family));
    match command {
        Command::Norm => moment(MomentFamily::Norm),
        Command::Conflict => moment(MomentFamily::Conflict),
        Command::MutualAid => moment(MomentFamily::MutualAid),
        Command::Intervention => moment(MomentFamily::Intervention),
        Command::Risk => moment(MomentFamily::Risk),
        Command::Note => moment(MomentFamily::Note),
        Command::Bookmark => moment(MomentFamily::Bookmark),
        Command::Plan => moment(MomentFamily::Plan),
        Command::Theme => moment(MomentFamily::Theme),
        Command::Attendance => Some(PickerKind::Attendance),
        Command::Segment => Some(PickerKind::Segment),
        Command::Stage => Some(PickerKind::Stage),
        Command::GoalRating => Some(PickerKind::Goal),
        Command::Facilitator
        | Command::CoFacilitator
        | Command::Crosstalk
        | Command::Silence
        | Command::Break
        | Command::Undo
        | Command::End
        | Command::Help
        | Command::MoreMembers => None,
    }
}

fn open_picker(live: &Live, kind: PickerKind, now: Timestamp, names: NameStyle) -> Picker {
    let participation = live.participation(now);
    let mut speakers: Vec<MemberId> = Vec::new();
    if kind != PickerKind::Moment(MomentFamily::Risk)
        && let Some(id) = participation
            .previous_speaker
            .as_ref()
            .and_then(Floor::member)
    {
        speakers.push(id.clone());
    }
    if let Some(id) = participation.floor.member() {
        speakers.push(id.clone());
    } else if kind == PickerKind::Moment(MomentFamily::Risk)
        && let Some(id) = participation
            .previous_speaker
            .as_ref()
            .and_then(Floor::member)
    {
        speakers.push(id.clone());
    }
    speakers.dedup();
    let next_segment = participation
        .segment
        .as_ref()
        .and_then(|(name, _)| StandardSegment::ALL.iter().position(|s| s.label() == name))
        .map_or(0, |index| index + 1);
    let picker = Picker::new(kind, &live.group, &speakers, next_segment);
    if kind == PickerKind::Moment(MomentFamily::Conflict) {
        picker.with_open_conflicts(open_conflicts(live, names))
    } else {
        picker
    }
}

/// The conflicts not yet resolved, as `c` offers them: "update: process ·
/// Ana R. · emerged 12:42" (the latest status and when it was logged).
fn open_conflicts(live: &Live, names: NameStyle) -> Vec<OpenConflict> {
    let mut moments: Vec<(EventId, Timestamp, &Moment)> = live
        .standing_events()
        .filter_map(|(event, kind)| match kind {
            EventKind::Moment(moment) => Some((event.id, event.at, moment)),
            _ => None,
        })
        .collect();
    moments.sort_by_key(|(id, at, _)| (*at, *id));
    conflict_identities(moments)
        .into_iter()
        .filter(ConflictIdentity::is_open)
        .map(|conflict| {
            let who = if conflict.members.is_empty() {
                "whole group".to_string()
            } else {
                conflict
                    .members
                    .iter()
                    .map(|id| live.name(id, names))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let status = conflict.status();
            let when = conflict
                .status_at()
                .map_or_else(String::new, |at| format!(" {}", at.format("%H:%M")));
            OpenConflict {
                label: format!(
                    "update: {} · {who} · {}{when}",
                    conflict.kind.short(),
                    status.label()
                ),
                opened: conflict.opened,
                kind: conflict.kind,
                members: conflict.members,
                status,
            }
        })
        .collect()
}

/// Gives a person the floor; a member who is not in the room (left early,
/// absent, excused) first gets the "arrived again?" prompt, nothing logged.
fn give_floor(live: &mut Live, now: Timestamp, floor: Floor) -> Vec<Effect> {
    if let Floor::Member(id) = &floor {
        let presence = live.participation(now).presence.get(id).copied();
        if presence.is_some_and(|presence| !presence.is_here()) {
            live.confirm_return = Some(id.clone());
            return Vec::new();
        }
    }
    vec![log(live, now, EventKind::Floor(floor))]
}

/// What the attendance picker proposes for a member, as a position in
/// `AttendanceChange::ALL`: "arrived" for one not in the room — absent,
/// excused, left early, or not yet arrived (nothing logged about them and no
/// turn yet: a late member before they come) — "left early" for one present.
fn proposed_attendance(participation: &Participation, logged: &[MemberId], id: &MemberId) -> usize {
    let presence = participation
        .presence
        .get(id)
        .copied()
        .unwrap_or(Presence::Present);
    let not_yet_arrived = presence == Presence::Present
        && !logged.contains(id)
        && participation.total.member_stats(id).is_none();
    let proposal = if presence.is_here() && !not_yet_arrived {
        AttendanceChange::LeftEarly
    } else {
        AttendanceChange::Arrived
    };
    AttendanceChange::ALL
        .iter()
        .position(|change| *change == proposal)
        .unwrap_or(0)
}

/// The newest standing event that undo may take back. The break written for a
/// gap where logging stopped is not one: it records that nothing was logged.
fn last_undoable(live: &Live) -> Option<(&Event, &EventKind)> {
    let mut newest_first = live.standing_events().rev().peekable();
    while let Some((event, kind)) = newest_first.next() {
        match kind {
            EventKind::Break(BreakEdge::Stopped) => continue,
            EventKind::Break(BreakEdge::End)
                if matches!(
                    newest_first.peek(),
                    Some((_, EventKind::Break(BreakEdge::Stopped)))
                ) =>
            {
                newest_first.next();
                continue;
            }
            _ => return Some((event, kind)),
        }
    }
    None
}

/// On the end confirmation: back to the home screen without ending.
pub const LEAVE_KEY: char = 'l';
/// `LEAVE_KEY` as the confirmation's hint shows it.
pub const LEAVE_KEY_LABEL: &str = "l";

/// Makes the next event and asks for it to be saved; it is shown once `Saved` comes back.
fn log(live: &mut Live, now: Timestamp, kind: EventKind) -> Effect {
    let event = Event {
        id: EventId(live.next_id),
        at: now,
        by: Author::Facilitator,
        kind,
    };
    live.next_id = live.next_id.saturating_add(1);
    Effect::Append(event)
}

impl Home {
    fn fill(&mut self, entries: &[GroupEntry]) {
        let previous = self
            .prefer
            .take()
            .or_else(|| self.rows.get(self.selected).and_then(HomeRow::key));
        self.rows.clear();
        self.error = None;
        for entry in entries {
            match &entry.group {
                Ok(group) => {
                    let sessions = entry.sessions.len();
                    let mut detail = format!(
                        "{} · {} members · {sessions} session{}",
                        group.kind.label(),
                        group.members.len(),
                        if sessions == 1 { "" } else { "s" }
                    );
                    if let Some(last) = entry.sessions.last() {
                        detail.push_str(&format!(
                            " · last {}",
                            last.header.started.format("%Y-%m-%d")
                        ));
                    }
                    self.rows.push(HomeRow::Group {
                        slug: entry.slug.clone(),
                        name: group.name.clone(),
                        detail,
                    });
                    for session in entry.unended() {
                        self.rows.push(HomeRow::Unended {
                            path: session.path.clone(),
                            number: session.header.number,
                            started: session.header.started,
                            last_event: session.last_event,
                            locked: session.locked,
                        });
                    }
                }
                Err(error) => self.rows.push(HomeRow::Problem {
                    text: error.to_string(),
                }),
            }
            for problem in &entry.problems {
                self.rows.push(HomeRow::Problem {
                    text: problem.to_string(),
                });
            }
        }
        // The row chosen before stays chosen; otherwise the first group, so that
        // Enter starts its next session (sessions left open are listed under it).
        let first_selectable = self.rows.iter().position(HomeRow::selectable);
        self.selected = previous
            .and_then(|key| self.rows.iter().position(|r| r.key() == Some(key.clone())))
            .or(first_selectable)
            .unwrap_or(0);
        if let Some(prompt) = &self.stale
            && !self.rows.iter().any(|row| {
                matches!(row, HomeRow::Unended { path, locked: false, .. } if *path == prompt.path)
            })
        {
            self.stale = None;
        }
    }

    fn step(&mut self, delta: isize) {
        let count = self.rows.len() as isize;
        let mut index = self.selected as isize;
        for _ in 0..count {
            index = (index + delta).rem_euclid(count.max(1));
            if self
                .rows
                .get(index as usize)
                .is_some_and(HomeRow::selectable)
            {
                self.selected = index as usize;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(text).unwrap_or_default()
    }

    #[test]
    fn a_session_is_stale_after_half_an_hour_or_on_another_day() {
        let last = t("2026-11-23T12:42:00+01:00");
        assert!(
            !is_stale(last, t("2026-11-23T13:12:00+01:00")),
            "30 minutes is not yet"
        );
        assert!(is_stale(last, t("2026-11-23T13:12:01+01:00")));
        let late = t("2026-11-23T23:55:00+01:00");
        assert!(!is_stale(late, t("2026-11-23T23:59:00+01:00")));
        assert!(
            is_stale(late, t("2026-11-24T00:05:00+01:00")),
            "another day"
        );
    }
}
