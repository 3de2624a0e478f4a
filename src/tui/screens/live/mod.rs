//! The live panel: logging a session (or following one read-only), its
//! prompts (end, arrived again) and pickers.

pub mod carry;
pub mod carry_view;
pub mod form_view;
pub mod picker_view;
pub mod view;

use super::closing_keys::{ClosingKey, closing_key};
use super::{CommandHint, Ctx, Home, Screen};
use crate::metrics::running::Running;
use crate::metrics::{Participation, Presence};
use crate::model::taxonomy::RiskLevel;
use crate::model::taxonomy::{Choice, StandardSegment};
use crate::model::{
    AttendanceChange, Author, BreakEdge, ClosingStep, ConflictIdentity, Event, EventId, EventKind,
    Floor, Group, MemberId, Moment, MomentFamily, MomentKind, NameStyle, Observation, Session,
    Timestamp, conflict_identities,
};
use crate::tui::action::{Effect, OpenedSession};
use crate::tui::form::{Form, FormOutcome};
use crate::tui::keymap::{Command, Context, Keymap};
use crate::tui::picker::{Focus, OpenConflict, Picker, PickerKind, PickerOutcome, member_position};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use std::cell::Cell;
use std::path::PathBuf;

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
    /// `o`: the observation form.
    pub form: Option<Form>,
    /// The closing step after the end was confirmed.
    pub closing: Option<Closing>,
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
    /// A co-facilitator follows a session another groupscribe logs: turns are
    /// the facilitator's; their own moments go to their companion file.
    pub following: bool,
    /// Who logs here: the co-facilitator when following (ids from 1,000,001,
    /// see `store::record`), else the session's own author.
    pub author: Author,
    /// The events that stand and the participation folded over them, kept up
    /// to date as events are saved (undo and amendments too, from checkpoints).
    running: Running,
    pub save: SaveState,
    /// What the facilitator is told of a clock step found before a key, kept
    /// for the status line past that key.
    clock_notice: Option<String>,
    /// What the last frame drew where, for the mouse.
    hits: Cell<LiveHits>,
    /// What carries over from the group's earlier sessions (`metrics::carry`);
    /// `None` until read (never, when following or replaying).
    pub carry: Option<crate::metrics::carry::CarryOver>,
    /// The "from last time" pane is shown (any key hides it).
    pub from_last_time: bool,
    /// The contract or ending checklist is open.
    pub checklist: Option<carry::ChecklistPane>,
}

impl Live {
    /// The figures up to `now`, from the fold kept up to date as events are saved.
    pub fn participation(&self, now: Timestamp) -> Participation {
        self.running.folded().at(now)
    }

    /// Adds a saved event to the session and to the running figures; an undo or
    /// an amendment folds again only from the checkpoint before what it changes.
    pub fn record(&mut self, event: Event) {
        self.session.events.push(event);
        self.running.push(&self.session.events);
    }

    /// The followed session, read again from disk.
    pub fn replace_session(&mut self, session: Session) {
        self.running = Running::new(&self.group, &session);
        self.session = session;
    }

    /// Lets go of the events from `from` on, which turned out not to be on disk.
    pub fn forget_from(&mut self, from: EventId) {
        let (kept, removed): (Vec<Event>, Vec<Event>) = std::mem::take(&mut self.session.events)
            .into_iter()
            .partition(|event| event.id < from);
        self.session.events = kept;
        self.running
            .forget_after(&self.group, &self.session, &removed);
    }

    /// The events as they now stand (see `model::effective_events`), newest last,
    /// without rebuilding the list on every frame.
    pub fn standing_events(&self) -> impl DoubleEndedIterator<Item = (&Event, &EventKind)> {
        self.standing_at(self.running.standing())
    }

    /// The risk moments that stand, oldest first.
    pub fn standing_risks(&self) -> impl DoubleEndedIterator<Item = (&Event, &EventKind)> {
        self.standing_at(self.running.risks())
    }

    /// The standing events other than floor turns (moments, segments, breaks,
    /// attendance...), oldest first: what the moments list, the checklists and
    /// the pickers read, without walking every turn of a long session.
    pub fn standing_not_turns(&self) -> impl DoubleEndedIterator<Item = (&Event, &EventKind)> {
        self.standing_at(self.running.not_turns())
    }

    /// The checklist ticks (and declarations) that stand, oldest first.
    pub fn standing_tasks(&self) -> impl DoubleEndedIterator<Item = (&Event, &EventKind)> {
        self.standing_at(self.running.tasks())
    }

    /// The standing events at `positions`, as they now read.
    fn standing_at<'a>(
        &'a self,
        positions: &'a [usize],
    ) -> impl DoubleEndedIterator<Item = (&'a Event, &'a EventKind)> {
        (positions.iter()).filter_map(|&index| self.running.resolve(&self.session.events, index))
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

/// Where the last frame drew the parts a click or the wheel can hit; the view
/// writes it, `update` reads it (it never lays the view out again).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LiveHits {
    /// The roster's rows inside its border (members, then the facilitators).
    pub roster_rows: Rect,
    /// The moments list inside its border.
    pub moment_rows: Rect,
}

impl Live {
    pub fn open(opened: OpenedSession) -> Live {
        let OpenedSession {
            slug,
            group,
            path,
            session,
            notice: _,
            following,
        } = opened;
        let (author, next_id) = if following {
            let base = crate::store::record::id_base(Author::CoFacilitator);
            let last = (session.events.iter())
                .map(|event| event.id.0)
                .filter(|&id| crate::store::record::file_of(EventId(id)) == Author::CoFacilitator)
                .max()
                .unwrap_or(base);
            (Author::CoFacilitator, last.saturating_add(1))
        } else {
            // Past the largest id the write path refuses every event (NOT SAVED).
            let next = session.next_id().map_or(u32::MAX, |id| id.0);
            (session.header.author(), next)
        };
        let running = Running::new(&group, &session);
        Live {
            slug,
            group,
            path,
            session,
            next_id,
            picker: None,
            form: None,
            closing: None,
            more_members: false,
            confirm_end: false,
            confirm_return: None,
            ending: false,
            moments_scroll: 0,
            running,
            save: SaveState::Saved,
            clock_notice: None,
            following,
            author,
            hits: Cell::default(),
            carry: None,
            from_last_time: false,
            checklist: None,
        }
    }

    /// The keymap context in force now.
    pub fn context(&self) -> Context {
        if self.following && self.picker.is_none() {
            Context::Follow
        } else if self.closing.is_some() {
            Context::Closing
        } else if self.confirm_end {
            Context::ConfirmEnd
        } else if self.confirm_return.is_some() {
            Context::ConfirmReturn
        } else if self.picker.is_some() || self.form.is_some() || self.checklist.is_some() {
            Context::Picker
        } else {
            Context::Live
        }
    }

    /// What the keys do now: the panel's commands, a prompt's answers, or the
    /// picker's fixed keys.
    pub fn commands(&self, keymap: &Keymap) -> Vec<CommandHint> {
        let hint = |key: String, short, long| CommandHint {
            key,
            short,
            long,
            group: "",
        };
        let context = self.context();
        let mut hints = Vec::new();
        if self.checklist.is_some() {
            // The checklist's keys are fixed, but for the one that switches lists.
            hints.push(hint("1–9 0".into(), "tick", "tick the item"));
            hints.push(hint(
                keymap.label(Command::Checklist),
                "other list",
                "the other checklist",
            ));
            hints.push(hint("Esc".into(), "close", "close the checklist"));
            return hints;
        }
        if context == Context::Live {
            let more = keymap.key(Command::MoreMembers);
            hints.push(hint("1–9 0".into(), "speak", "member 1–10 speaks"));
            hints.push(hint(
                format!("{more}1–{more}0"),
                "members 11–20",
                "members 11–20",
            ));
        }
        hints.extend(
            Command::of(context)
                .filter(|&command| command != Command::MoreMembers)
                .map(|command| hint(keymap.label(command), command.short(), command.describe())),
        );
        // The form's keys are fixed too.
        if self.form.is_some() || context == Context::Closing {
            for (key, short, long) in crate::tui::form::FIXED_KEYS {
                // In the closing step Esc is `later`, listed above.
                if context == Context::Closing && key == "Esc" {
                    continue;
                }
                hints.push(hint(key.to_string(), short, long));
            }
            return hints;
        }
        // The pickers' keys are fixed; the panel's help lists them too.
        if matches!(context, Context::Picker | Context::Live) {
            for (key, short, long) in crate::tui::picker::FIXED_KEYS {
                hints.push(CommandHint {
                    group: if context == Context::Live {
                        "In a picker:"
                    } else {
                        ""
                    },
                    ..hint(key.to_string(), short, long)
                });
            }
        }
        hints
    }

    /// The rectangles the last frame drew, for the mouse.
    pub fn hits(&self) -> LiveHits {
        self.hits.get()
    }

    /// Written by the view as it draws.
    pub fn set_hits(&self, hits: LiveHits) {
        self.hits.set(hits);
    }

    pub fn update(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let now = ctx.now;
        let names = ctx.names;
        let keymap = ctx.keymap;
        if self.ending {
            return Vec::new();
        }
        if self.following && self.picker.is_none() {
            return self.follower_key(key, ctx);
        }
        // A clock step found just before this key is still news after it.
        *ctx.message = self.clock_notice.take();
        if self.confirm_end {
            self.confirm_end = false;
            return match keymap.command(Context::ConfirmEnd, &key) {
                Some(Command::Confirm) if matches!(self.save, SaveState::Failing { .. }) => {
                    // The facilitator chose to leave although the disk refuses writes.
                    vec![Effect::Quit]
                }
                Some(Command::Confirm) => {
                    if self.start_closing(now, names) {
                        return Vec::new();
                    }
                    self.ending = true;
                    vec![log(self, now, EventKind::Ended), Effect::CloseSession]
                }
                Some(Command::Leave) if !matches!(self.save, SaveState::Failing { .. }) => {
                    // Back home without ending: the session stays open to resume.
                    // Logging stops now, so the current turn ends here and the
                    // time away is a break (unless a break is already running).
                    let mut effects = Vec::new();
                    if !self.participation(now).on_break {
                        effects.push(log(self, now, EventKind::Break(BreakEdge::Stopped)));
                    }
                    effects.push(Effect::LeaveSession);
                    effects
                }
                _ => Vec::new(),
            };
        }
        if let Some(member) = self.confirm_return.take() {
            // Only `arrived` logs: the arrival, then the turn, both at this moment.
            return match keymap.command(Context::ConfirmReturn, &key) {
                Some(Command::Arrived) => vec![
                    log(
                        self,
                        now,
                        EventKind::Attendance {
                            member: member.clone(),
                            change: AttendanceChange::Arrived,
                            text: None,
                        },
                    ),
                    log(self, now, EventKind::Floor(Floor::Member(member))),
                ],
                _ => Vec::new(),
            };
        }
        if self.closing.is_some() {
            return self.closing_key(key, ctx);
        }
        if self.checklist.is_some() {
            return self.checklist_key(key, ctx);
        }
        // Any key hides the pane from last time; Esc does nothing else, and
        // the key that recalls it hides it again.
        if self.from_last_time && self.picker.is_none() && self.form.is_none() {
            self.from_last_time = false;
            if key.code == KeyCode::Esc
                || keymap.command(Context::Live, &key) == Some(Command::FromLastTime)
            {
                return Vec::new();
            }
        }
        if let Some(form) = &mut self.form {
            let roster: Vec<MemberId> = self.group.members.iter().map(|m| m.id.clone()).collect();
            return match form.handle(&key, &|position| roster.get(position).cloned()) {
                FormOutcome::Open | FormOutcome::Unused(_) => Vec::new(),
                FormOutcome::Left => {
                    self.form = None;
                    Vec::new()
                }
                FormOutcome::Done(events) => {
                    self.form = None;
                    if events.is_empty() {
                        ctx.say("Nothing chosen: no observation logged.");
                    }
                    events
                        .into_iter()
                        .map(|kind| log(self, now, kind))
                        .collect()
                }
            };
        }
        // Tab past a risk's words: its assessment, action and follow-up.
        if let Some(picker) = &self.picker
            && key.code == KeyCode::Tab
            && picker.kind == PickerKind::Moment(MomentFamily::Risk)
            && picker.focus == Focus::Text
            && let [member] = picker.members.as_slice()
        {
            let level = RiskLevel::ALL[picker.chosen.unwrap_or(0).min(RiskLevel::ALL.len() - 1)];
            let text = Some(picker.text.trim().to_string()).filter(|text| !text.is_empty());
            let mut form = Form::risk(level, member.clone(), text, now);
            form.title = format!(
                "Risk · {} · {} · what was assessed and done, all optional",
                level.label(),
                self.name(member, names)
            );
            self.form = Some(form);
            self.picker = None;
            return Vec::new();
        }
        if self.picker.is_some() {
            let roster: Vec<MemberId> = self.group.members.iter().map(|m| m.id.clone()).collect();
            let participation = self.participation(now);
            let logged: Vec<MemberId> = self
                .standing_not_turns()
                .filter_map(|(_, kind)| match kind {
                    EventKind::Attendance { member, .. } => Some(member.clone()),
                    _ => None,
                })
                .collect();
            let Some(picker) = &mut self.picker else {
                return Vec::new();
            };
            let outcome = picker.handle(&key, &|position| roster.get(position).cloned(), &|id| {
                proposed_attendance(&participation, &logged, id)
            });
            return match outcome {
                PickerOutcome::Open => Vec::new(),
                PickerOutcome::Cancelled => {
                    self.picker = None;
                    Vec::new()
                }
                PickerOutcome::Done(kind) => {
                    self.picker = None;
                    vec![log(self, now, kind)]
                }
            };
        }
        if let KeyCode::Char(c) = key.code
            && c.is_ascii_digit()
            && !key.modifiers.contains(KeyModifiers::CONTROL)
        {
            let more = std::mem::take(&mut self.more_members);
            let position = member_position(c, more);
            return match position.and_then(|p| self.group.members.get(p)) {
                Some(member) => {
                    let floor = Floor::Member(member.id.clone());
                    give_floor(self, now, floor)
                }
                None => {
                    let hotkey = position
                        .map(crate::tui::picker::member_hotkey)
                        .unwrap_or_default();
                    ctx.say(format!(
                        "No member on key {hotkey}: the roster has {}.",
                        self.group.members.len()
                    ));
                    Vec::new()
                }
            };
        }
        self.more_members = false;
        let Some(command) = keymap.command(Context::Live, &key) else {
            if key.code == KeyCode::Esc {
                return Vec::new();
            }
            ctx.say(format!(
                "That key does nothing here; {} shows the keys.",
                keymap.key(Command::Help)
            ));
            return Vec::new();
        };
        let floor = |floor: Floor| EventKind::Floor(floor);
        let kind = match command {
            Command::Facilitator => floor(Floor::Facilitator),
            Command::CoFacilitator => floor(Floor::CoFacilitator),
            Command::Crosstalk => floor(Floor::Crosstalk),
            Command::Silence => floor(Floor::Silence),
            Command::Break => {
                let on_break = self.participation(now).on_break;
                EventKind::Break(if on_break {
                    BreakEdge::End
                } else {
                    BreakEdge::Start
                })
            }
            Command::Undo => match last_undoable(self) {
                Some((event, kind)) => {
                    let label = kind.label(&|f| self.floor_name(f, names));
                    *ctx.message = Some(format!(
                        "Undone: {label} (kept in the record as retracted)."
                    ));
                    EventKind::Retraction { target: event.id }
                }
                None => {
                    ctx.say("Nothing to undo.");
                    return Vec::new();
                }
            },
            Command::End => {
                self.confirm_end = true;
                return Vec::new();
            }
            Command::Help => {
                ctx.help = true;
                return Vec::new();
            }
            Command::MoreMembers => {
                self.more_members = true;
                return Vec::new();
            }
            Command::FromLastTime => {
                if self.carry.as_ref().is_none_or(|carry| carry.is_empty()) {
                    ctx.say("Nothing carries over: no earlier session of this group has ended.");
                } else {
                    self.from_last_time = true;
                }
                return Vec::new();
            }
            Command::Checklist => {
                self.open_checklist();
                return Vec::new();
            }
            Command::DeclareEnding => return self.declare_ending(ctx),
            Command::Observe => {
                // The member speaking is proposed; their key or another's replaces them.
                let speaking = self.participation(now).floor.member().cloned();
                self.form = Some(Form::observation(speaking));
                return Vec::new();
            }
            picker_command => {
                if let Some(kind) = picker_kind(picker_command) {
                    self.picker = Some(open_picker(self, kind, now, names));
                }
                return Vec::new();
            }
        };
        vec![log(self, now, kind)]
    }

    /// Following: the co-facilitator's moments (the same pickers and keys as
    /// the live panel's), help and leaving; turns and every other logging key
    /// stay the facilitator's, and say so.
    fn follower_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        *ctx.message = None;
        match ctx.keymap.command(Context::Follow, &key) {
            Some(Command::Help) => ctx.help = true,
            Some(Command::StopFollowing) => {
                ctx.next = Some(Screen::Home(Home::default()));
                return vec![Effect::LoadHome];
            }
            Some(command) => match picker_kind(command) {
                // After `Ended` only record-keeping events may be added.
                Some(_) if self.session.is_ended() => ctx.say(
                    "The session has ended: add a moment that was missed as a late entry \
                     (groupscribe late).",
                ),
                Some(kind) => self.picker = Some(open_picker(self, kind, ctx.now, ctx.names)),
                None => ctx.say(follow_refusal(ctx.keymap)),
            },
            None if key.code == KeyCode::Esc => {}
            None => ctx.say(follow_refusal(ctx.keymap)),
        }
        Vec::new()
    }

    /// A click on a roster row starts that person's turn; the wheel scrolls the
    /// moments. Hit from the rectangles the last frame drew.
    pub fn mouse(&mut self, mouse: MouseEvent, ctx: &mut Ctx) -> Vec<Effect> {
        if self.picker.is_some() || self.confirm_end || self.confirm_return.is_some() || self.ending
        {
            return Vec::new();
        }
        let at = Position {
            x: mouse.column,
            y: mouse.row,
        };
        let hits = self.hits();
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) if !self.following => {
                // A click hides the pane from last time, as a key does.
                self.from_last_time = false;
                let rows = hits.roster_rows;
                if !rows.contains(at) {
                    return Vec::new();
                }
                let row = usize::from(at.y - rows.y);
                let members = self.group.members.len();
                let floor = match row {
                    row if row < members => Floor::Member(self.group.members[row].id.clone()),
                    row if row == members => Floor::Facilitator,
                    row if row == members + 1 && self.group.co_facilitator.is_some() => {
                        Floor::CoFacilitator
                    }
                    _ => return Vec::new(),
                };
                return give_floor(self, ctx.now, floor);
            }
            MouseEventKind::ScrollDown if hits.moment_rows.contains(at) => {
                self.moments_scroll += 1;
            }
            MouseEventKind::ScrollUp if hits.moment_rows.contains(at) => {
                self.moments_scroll = self.moments_scroll.saturating_sub(1);
            }
            _ => {}
        }
        Vec::new()
    }
}

/// What a key the follow screen does not read says, from the keymap in force.
pub fn follow_refusal(keymap: &Keymap) -> String {
    let moments: Vec<String> = (crate::tui::keymap::MOMENT_COMMANDS.iter())
        .filter(|command| command.contexts().contains(&Context::Follow))
        .map(|&command| keymap.key(command).to_string())
        .collect();
    format!(
        "Turns and attendance are the facilitator's to log. Your moments: {} (saved to your \
         own file). {} leaves.",
        moments.join(" "),
        keymap.key(Command::StopFollowing)
    )
}

/// Why a co-facilitator's moment could not be saved to their companion file.
pub fn companion_refusal(error: &crate::store::StoreError) -> String {
    match error {
        crate::store::StoreError::Locked { path } => format!(
            "another groupscribe is logging the co-facilitator's moments of this session \
             ({} is locked). Log them there, or leave it first.",
            path.display()
        ),
        error => error.to_string(),
    }
}

/// The closing step: the present members, one page each.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    pub members: Vec<MemberId>,
    pub index: usize,
    pub form: Form,
}

impl Live {
    /// The members who attended (present, late or left early).
    fn attended(&self, now: Timestamp) -> Vec<MemberId> {
        let participation = self.participation(now);
        self.group
            .members
            .iter()
            .filter(|member| {
                !matches!(
                    participation.presence.get(&member.id),
                    Some(Presence::Absent | Presence::Excused)
                )
            })
            .map(|member| member.id.clone())
            .collect()
    }

    /// The latest observation logged about `id`, to pre-fill their page.
    fn latest_observation(&self, id: &MemberId) -> Option<Observation> {
        self.standing_not_turns()
            .rev()
            .find_map(|(_, kind)| match kind {
                EventKind::Moment(Moment {
                    what: MomentKind::Observation(seen),
                    members,
                    ..
                }) if members.first() == Some(id) => Some(seen.clone()),
                _ => None,
            })
    }

    fn closing_page(&self, members: &[MemberId], index: usize, names: NameStyle) -> Option<Form> {
        let id = members.get(index)?;
        let goal = self
            .picker_group(PickerKind::Goal)
            .member(id)
            .and_then(|member| member.goals.first().cloned());
        let title = format!(
            "Closing step · {} of {} · {}",
            index + 1,
            members.len(),
            self.name(id, names)
        );
        Some(Form::closing(
            title,
            id.clone(),
            goal,
            self.latest_observation(id).as_ref(),
        ))
    }

    /// Opens the closing step on the first member who attended; `false` if nobody did.
    fn start_closing(&mut self, now: Timestamp, names: NameStyle) -> bool {
        let members = self.attended(now);
        let Some(form) = self.closing_page(&members, 0, names) else {
            return false;
        };
        self.closing = Some(Closing {
            members,
            index: 0,
            form,
        });
        true
    }

    /// Ends the session after the closing step, saying how it went.
    fn finish_closing(&mut self, now: Timestamp, step: ClosingStep) -> Vec<Effect> {
        self.closing = None;
        self.ending = true;
        vec![
            log(self, now, EventKind::Closing(step)),
            log(self, now, EventKind::Ended),
            Effect::CloseSession,
        ]
    }

    fn closing_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let now = ctx.now;
        let roster: Vec<MemberId> = self.group.members.iter().map(|m| m.id.clone()).collect();
        let Some(closing) = &mut self.closing else {
            return Vec::new();
        };
        let left = u32::try_from(closing.members.len() - closing.index).unwrap_or(u32::MAX);
        match closing_key(&mut closing.form, left, &roster, &key, ctx) {
            ClosingKey::Stay => Vec::new(),
            ClosingKey::Finish(step) => self.finish_closing(now, step),
            ClosingKey::Saved(events) => {
                let next = closing.index + 1;
                let members = closing.members.clone();
                let mut effects: Vec<Effect> = events
                    .into_iter()
                    .map(|kind| log(self, now, kind))
                    .collect();
                match self.closing_page(&members, next, ctx.names) {
                    Some(form) => {
                        self.closing = Some(Closing {
                            members,
                            index: next,
                            form,
                        });
                    }
                    None => effects.extend(self.finish_closing(now, ClosingStep::Finished)),
                }
                effects
            }
        }
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
        | Command::Observe
        | Command::MoreMembers
        | Command::FromLastTime
        | Command::Checklist
        | Command::DeclareEnding => None,
        // Not read on the live panel (see `Command::contexts`).
        Command::Start
        | Command::Up
        | Command::Down
        | Command::EndOpen
        | Command::Follow
        | Command::SkipAll
        | Command::EndLater
        | Command::EditGroup
        | Command::EditRow
        | Command::AddMember
        | Command::MemberLeft
        | Command::RemoveRow
        | Command::SaveGroup
        | Command::CloseEditor
        | Command::Report
        | Command::CloseReport
        | Command::Quit
        | Command::EndThere
        | Command::Resume
        | Command::Back
        | Command::StopFollowing
        | Command::Confirm
        | Command::Leave
        | Command::Arrived
        | Command::Cancel
        | Command::PlayPause
        | Command::SeekBack
        | Command::SeekOn
        | Command::SeekBackMinute
        | Command::SeekOnMinute
        | Command::Faster
        | Command::Slower
        | Command::ReplayStart
        | Command::ReplayEnd
        | Command::CloseReplay
        | Command::Replay
        | Command::Review
        | Command::Earlier
        | Command::Later
        | Command::NextMoment
        | Command::PreviousMoment
        | Command::PageBack
        | Command::PageOn
        | Command::First
        | Command::Last
        | Command::ZoomIn
        | Command::ZoomOut
        | Command::CycleZoom
        | Command::Filter
        | Command::Search
        | Command::SearchNext
        | Command::SearchPrevious
        | Command::JumpTo
        | Command::Amend
        | Command::Retract
        | Command::LateEntry
        | Command::History
        | Command::Debrief
        | Command::SignOff
        | Command::ReturnNote
        | Command::ResumeClosing
        | Command::CloseReview => None,
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
    let picker = Picker::new(kind, &live.picker_group(kind), &speakers, next_segment);
    // The session's planned agenda comes first in the segment picker.
    let planned = live
        .group
        .planned(live.session.header.number)
        .map(|planned| planned.segments.as_slice())
        .unwrap_or_default();
    let current = participation
        .segment
        .as_ref()
        .map(|(name, _)| name.as_str());
    let picker = picker.with_agenda(planned, current);
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
        .standing_not_turns()
        .filter_map(|(event, kind)| match kind {
            EventKind::Moment(moment) => Some((event.id, event.at, moment)),
            _ => None,
        })
        .collect();
    moments.sort_by_key(|(id, at, _)| (*at, *id));
    let identities = conflict_identities(moments);
    let carried = carry::carried_conflicts(live, &identities, names);
    identities
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
                opened: Some(conflict.opened),
                kind: conflict.kind,
                members: conflict.members,
                status,
            }
        })
        .chain(carried)
        .collect()
}

/// Gives a person the floor; a member who is not in the room (left early,
/// absent, excused) first gets the "arrived again?" prompt, nothing logged.
fn give_floor(live: &mut Live, now: Timestamp, floor: Floor) -> Vec<Effect> {
    if let Floor::Member(id) = &floor {
        // Who is in the room does not depend on the hour: read from the fold
        // as it stands, without closing its open spans at `now` (a copy).
        let presence = live.running.folded().presence.get(id).copied();
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

impl Live {
    /// The wall clock stepped while logging: recorded (so that durations leave
    /// the step out), and what to tell the facilitator. Nothing when following
    /// or after the end.
    pub fn clock_stepped(&mut self, now: Timestamp, by_ms: i64) -> Option<(Effect, String)> {
        if self.following || self.ending || self.session.is_ended() {
            return None;
        }
        let minutes = by_ms.unsigned_abs().div_ceil(60_000);
        let how_far = match minutes / 60 {
            0 => format!("{minutes} min"),
            hours => format!("{hours} h {:02} min", minutes % 60),
        };
        let before = now - chrono::TimeDelta::milliseconds(by_ms);
        let message = format!(
            "The computer's clock {} {how_far} (it read {}, now {}). Logged as a clock \
             step: times go on from the new clock, and no duration counts the jump.",
            if by_ms < 0 {
                "was set back"
            } else {
                "jumped ahead"
            },
            before.format("%H:%M"),
            now.format("%H:%M"),
        );
        self.clock_notice = Some(message.clone());
        Some((log(self, now, EventKind::ClockStep { by_ms }), message))
    }
}

/// Makes the next event and asks for it to be saved; it is shown once `Saved` comes back.
fn log(live: &mut Live, now: Timestamp, kind: EventKind) -> Effect {
    let event = Event {
        id: EventId(live.next_id),
        at: now,
        by: live.author,
        kind,
    };
    live.next_id = live.next_id.saturating_add(1);
    Effect::Append(event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SCHEMA_VERSION, SessionHeader};
    use std::path::Path;

    fn now() -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap_or_default()
    }

    /// The sample group's live panel, nothing logged yet.
    fn live(following: bool) -> Live {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/thursday-peer-support/group.ron"
        );
        let group = crate::store::load_group(Path::new(path)).unwrap();
        let header = SessionHeader {
            version: SCHEMA_VERSION,
            group: "thursday-peer-support".into(),
            number: 4,
            started: now(),
            facilitator: group.facilitator.clone(),
            co_facilitator: group.co_facilitator.clone(),
            source: None,
            snapshot: None,
            observer: None,
        };
        Live::open(OpenedSession {
            slug: "thursday-peer-support".into(),
            group,
            path: PathBuf::from("s04.ron"),
            session: Session {
                header,
                events: Vec::new(),
            },
            notice: None,
            following,
        })
    }

    fn rebound(pairs: &[(Command, &str)]) -> Keymap {
        let overrides = pairs
            .iter()
            .map(|(command, key)| (*command, key.to_string()))
            .collect();
        Keymap::default()
            .with_overrides(&overrides, Path::new("k.ron"), None)
            .unwrap()
    }

    struct Run {
        effects: Vec<Effect>,
        message: Option<String>,
        help: bool,
        went_home: bool,
    }

    /// One key through `update`; appended events are saved at once, as the shell would.
    fn key(live: &mut Live, keymap: &Keymap, event: KeyEvent) -> Run {
        let mut message = None;
        let mut ctx = Ctx {
            keymap,
            names: NameStyle::Alias,
            now: now(),
            message: &mut message,
            help: false,
            next: None,
        };
        let effects = live.update(event, &mut ctx);
        let (help, went_home) = (ctx.help, ctx.next.is_some());
        for effect in &effects {
            if let Effect::Append(event) = effect {
                live.record(event.clone());
            }
        }
        Run {
            effects,
            message,
            help,
            went_home,
        }
    }

    fn char(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn kinds(effects: &[Effect]) -> Vec<EventKind> {
        effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Append(event) => Some(event.kind.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_digit_gives_the_floor_and_the_break_key_is_the_one_in_force() {
        let keymap = rebound(&[(Command::Break, "z")]);
        let mut live = live(false);
        let first = live.group.members[0].id.clone();
        let run = key(&mut live, &keymap, char('1'));
        assert_eq!(
            kinds(&run.effects),
            [EventKind::Floor(Floor::Member(first))]
        );
        let run = key(&mut live, &keymap, char('z'));
        assert_eq!(kinds(&run.effects), [EventKind::Break(BreakEdge::Start)]);
        let run = key(&mut live, &keymap, char('p'));
        assert!(run.effects.is_empty());
        assert_eq!(
            run.message.as_deref(),
            Some("That key does nothing here; ? shows the keys.")
        );
        let run = key(&mut live, &keymap, char('z'));
        assert_eq!(kinds(&run.effects), [EventKind::Break(BreakEdge::End)]);
    }

    #[test]
    fn end_asks_first_with_its_own_commands_then_leaves_or_ends() {
        let keymap = Keymap::default();
        let mut live = live(false);
        key(&mut live, &keymap, char('1'));
        key(&mut live, &keymap, char('q'));
        assert_eq!(live.context(), Context::ConfirmEnd);
        let listed: Vec<String> = live.commands(&keymap).into_iter().map(|c| c.key).collect();
        assert_eq!(listed, ["y/Enter", "l"]);
        let run = key(&mut live, &keymap, char('l'));
        assert_eq!(kinds(&run.effects), [EventKind::Break(BreakEdge::Stopped)]);
        assert_eq!(run.effects.last(), Some(&Effect::LeaveSession));

        let mut live = self::live(false);
        key(&mut live, &keymap, char('q'));
        let run = key(&mut live, &keymap, char('x'));
        assert!(run.effects.is_empty(), "another key goes back");
        assert_eq!(live.context(), Context::Live);
        key(&mut live, &keymap, char('q'));
        let run = key(
            &mut live,
            &keymap,
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        );
        // The closing step comes first; `s` skips it and ends.
        assert!(run.effects.is_empty());
        assert_eq!(live.context(), Context::Closing);
        let listed: Vec<String> = live.commands(&keymap).into_iter().map(|c| c.key).collect();
        assert_eq!(listed[..2], ["s", "Esc"]);
        let run = key(&mut live, &keymap, char('s'));
        assert_eq!(
            kinds(&run.effects),
            [EventKind::Closing(ClosingStep::Skipped), EventKind::Ended]
        );
        assert_eq!(run.effects.last(), Some(&Effect::CloseSession));
        assert!(live.ending);
        assert!(key(&mut live, &keymap, char('1')).effects.is_empty());
    }

    #[test]
    fn the_closing_step_walks_each_member_who_attended_then_ends() {
        let keymap = Keymap::default();
        let mut live = live(false);
        let present = live.attended(now());
        assert!(!present.is_empty());
        key(&mut live, &keymap, char('q'));
        key(&mut live, &keymap, char('y'));
        let mut logged = Vec::new();
        for (index, member) in present.iter().enumerate() {
            let closing = live.closing.as_ref().unwrap();
            assert_eq!(closing.index, index);
            assert_eq!(closing.form.member.as_ref(), Some(member));
            // The first member: tearful; the others: nothing chosen.
            if index == 0 {
                key(&mut live, &keymap, char('5'));
            }
            let run = key(
                &mut live,
                &keymap,
                KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            );
            logged.extend(kinds(&run.effects));
        }
        assert_eq!(logged.len(), 3, "{logged:?}");
        assert!(matches!(
            &logged[0],
            EventKind::Moment(Moment { what: MomentKind::Observation(seen), members, .. })
                if seen.presentation == Some(crate::model::taxonomy::Presentation::Tearful)
                    && members == &[present[0].clone()]
        ));
        assert_eq!(
            logged[1..],
            [EventKind::Closing(ClosingStep::Finished), EventKind::Ended]
        );
        assert!(live.closing.is_none() && live.ending);
    }

    #[test]
    fn esc_leaves_the_closing_step_for_later_saying_how_many_are_left() {
        let keymap = Keymap::default();
        let mut live = live(false);
        let present = live.attended(now()).len();
        key(&mut live, &keymap, char('q'));
        key(&mut live, &keymap, char('y'));
        key(
            &mut live,
            &keymap,
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        );
        let run = key(
            &mut live,
            &keymap,
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        );
        let left = u32::try_from(present - 1).unwrap();
        assert_eq!(
            kinds(&run.effects),
            [
                EventKind::Closing(ClosingStep::Later { left }),
                EventKind::Ended
            ]
        );
    }

    #[test]
    fn following_offers_moments_help_and_leaving() {
        let keymap = Keymap::default();
        let mut live = live(true);
        let keys: Vec<String> = live.commands(&keymap).into_iter().map(|c| c.key).collect();
        assert_eq!(keys, ["n", "c", "m", "i", "r", "t", "b", "w", "?", "q"]);
        for turn in ['1', 'f', 'x', 'a', 'p', 'u'] {
            let run = key(&mut live, &keymap, char(turn));
            assert!(run.effects.is_empty() && live.picker.is_none(), "{turn}");
            assert_eq!(
                run.message.as_deref(),
                Some(
                    "Turns and attendance are the facilitator's to log. Your moments: n c m i r \
                     t w b (saved to your own file). q leaves."
                )
            );
        }
        // A moment key opens the live panel's picker; the moment is the co-facilitator's.
        key(&mut live, &keymap, char('m'));
        assert!(live.picker.is_some());
        assert_eq!(live.context(), Context::Picker);
        key(&mut live, &keymap, char('6'));
        let run = key(
            &mut live,
            &keymap,
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        );
        match run.effects.as_slice() {
            [Effect::Append(event)] => {
                assert_eq!(event.by, Author::CoFacilitator);
                assert_eq!(event.id, EventId(1_000_001));
            }
            other => panic!("{other:?}"),
        }
        assert!(key(&mut live, &keymap, char('?')).help);
        let run = key(&mut live, &keymap, char('q'));
        assert_eq!(run.effects, [Effect::LoadHome]);
        assert!(run.went_home);
    }

    #[test]
    fn following_an_ended_session_refuses_new_moments() {
        let keymap = Keymap::default();
        let mut live = live(true);
        live.replace_session(Session {
            header: live.session.header.clone(),
            events: vec![Event {
                id: EventId(1),
                at: now(),
                by: Author::Facilitator,
                kind: EventKind::Ended,
            }],
        });
        let run = key(&mut live, &keymap, char('m'));
        assert!(run.effects.is_empty() && live.picker.is_none());
        assert!(
            run.message
                .as_deref()
                .is_some_and(|m| m.starts_with("The session has ended")),
            "{:?}",
            run.message
        );
    }

    #[test]
    fn a_picker_lists_its_fixed_keys_and_the_panel_lists_them_under_a_heading() {
        let keymap = Keymap::default();
        let mut live = live(false);
        let panel = live.commands(&keymap);
        assert_eq!(panel[0].key, "1–9 0");
        assert!(
            panel
                .iter()
                .any(|c| c.key == "Tab" && c.group == "In a picker:")
        );
        key(&mut live, &keymap, char('m'));
        assert_eq!(live.context(), Context::Picker);
        let picker: Vec<String> = live.commands(&keymap).into_iter().map(|c| c.key).collect();
        assert_eq!(picker, ["digit", "letter", "Tab", "Enter", "Esc"]);
        key(
            &mut live,
            &keymap,
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        );
        assert_eq!(live.context(), Context::Live);
    }

    #[test]
    fn the_mouse_hits_what_the_last_frame_drew() {
        let keymap = Keymap::default();
        let mut live = live(false);
        let click = |column, row| MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        };
        let mut message = None;
        let mut ctx = Ctx {
            keymap: &keymap,
            names: NameStyle::Alias,
            now: now(),
            message: &mut message,
            help: false,
            next: None,
        };
        assert!(
            live.mouse(click(5, 5), &mut ctx).is_empty(),
            "nothing drawn yet: nothing to hit"
        );
        live.set_hits(LiveHits {
            roster_rows: Rect::new(1, 3, 40, 12),
            moment_rows: Rect::new(45, 3, 30, 12),
        });
        let second = live.group.members[1].id.clone();
        let effects = live.mouse(click(5, 4), &mut ctx);
        assert_eq!(kinds(&effects), [EventKind::Floor(Floor::Member(second))]);
        let members = live.group.members.len() as u16;
        let effects = live.mouse(click(5, 3 + members), &mut ctx);
        assert_eq!(kinds(&effects), [EventKind::Floor(Floor::Facilitator)]);
        let wheel = MouseEvent {
            kind: MouseEventKind::ScrollDown,
            ..click(50, 5)
        };
        live.mouse(wheel, &mut ctx);
        assert_eq!(live.moments_scroll, 1);
        live.mouse(MouseEvent { column: 5, ..wheel }, &mut ctx);
        assert_eq!(
            live.moments_scroll, 1,
            "the wheel over the roster scrolls nothing"
        );
    }
}
