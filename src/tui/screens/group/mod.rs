//! The group and roster editor (`g` on the home screen): the plan's fields,
//! the group's goals and agenda, and the roster — add a member, mark one as
//! left (never deleted), a member's page with their details, goals and goal
//! attainment scales. Edits are held here until saved (`s`): the shell saves
//! through `store::GroupDocument`, atomically, keeping what groupscribe does
//! not model in the file.

pub mod view;

use super::{CommandHint, Ctx, Home, Screen};
use crate::model::{Group, Member, MemberId, plan};
use crate::store::GroupDocument;
use crate::tui::action::Effect;
use crate::tui::keymap::{Command, Context, Keymap};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The group fields the list shows, in order.
pub const PLAN_FIELDS: [&str; 13] = [
    "name",
    "purpose",
    "facilitator",
    "co_facilitator",
    "membership",
    "planned_sessions",
    "session_minutes",
    "schedule",
    "place",
    "access",
    "agency",
    "composition",
    "note_style",
];

/// The member fields a member's page shows, in order.
pub const MEMBER_FIELDS: [&str; 11] = [
    "name",
    "alias",
    "record_id",
    "joined",
    "referral",
    "consent",
    "consent_to",
    "preparation",
    "preparation_notes",
    "accommodations",
    "category",
];

/// A row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Field(&'static str),
    Goal(usize),
    AddGoal,
    Agenda(usize),
    AddAgenda,
    Member(usize),
    AddMember,
}

/// A row of a member's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRow {
    Field(&'static str),
    Goal(usize),
    /// What a rating of the goal means: (goal, rating -2..=2).
    Level(usize, i8),
    AddGoal,
}

/// What the text being typed will become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Field(&'static str),
    Goal(Option<usize>),
    Agenda(Option<usize>),
    MemberField(usize, &'static str),
    MemberGoal(usize, Option<usize>),
    Level(usize, usize, i8),
    NewMemberId,
    NewMemberName(String),
    LeftOn(usize),
}

/// A line being typed at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub label: String,
    pub text: String,
    pub target: Target,
}

pub struct GroupEditor {
    /// The file as last read or saved.
    pub document: GroupDocument,
    /// The group being edited (saved with `s`).
    pub group: Group,
    /// `Some(i)`: member `i`'s page is open.
    pub member: Option<usize>,
    pub selected: usize,
    /// The list's row to come back to from a member's page.
    list_selected: usize,
    pub input: Option<Input>,
    /// `q` was pressed once with unsaved changes.
    pub confirm_leave: bool,
    /// A save is on its way.
    pub saving: bool,
    /// Today, as the last key saw it: a member added joins today.
    today: chrono::NaiveDate,
}

/// Level labels, as the goal attainment scale names them.
pub fn level_label(rating: i8) -> &'static str {
    match rating {
        -2 => "much less than expected",
        -1 => "less than expected",
        0 => "expected",
        1 => "more than expected",
        2 => "much more than expected",
        _ => "",
    }
}

impl GroupEditor {
    pub fn open(document: GroupDocument) -> GroupEditor {
        GroupEditor {
            group: document.group().clone(),
            document,
            member: None,
            selected: 0,
            list_selected: 0,
            input: None,
            confirm_leave: false,
            saving: false,
            today: chrono::NaiveDate::default(),
        }
    }

    /// Whether there are edits not yet saved.
    pub fn dirty(&self) -> bool {
        self.group != *self.document.group()
    }

    pub fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> = PLAN_FIELDS.iter().map(|&f| Row::Field(f)).collect();
        rows.extend((0..self.group.goals.len()).map(Row::Goal));
        rows.push(Row::AddGoal);
        rows.extend((0..self.group.agenda.len()).map(Row::Agenda));
        rows.push(Row::AddAgenda);
        rows.extend((0..self.group.members.len()).map(Row::Member));
        rows.push(Row::AddMember);
        rows
    }

    pub fn member_rows(&self, index: usize) -> Vec<MemberRow> {
        let mut rows: Vec<MemberRow> = MEMBER_FIELDS.iter().map(|&f| MemberRow::Field(f)).collect();
        if let Some(member) = self.group.members.get(index) {
            for goal in 0..member.goals.len() {
                rows.push(MemberRow::Goal(goal));
                rows.extend((-2..=2).map(|rating| MemberRow::Level(goal, rating)));
            }
        }
        rows.push(MemberRow::AddGoal);
        rows
    }

    fn row_count(&self) -> usize {
        match self.member {
            Some(index) => self.member_rows(index).len(),
            None => self.rows().len(),
        }
    }

    pub fn context(&self) -> Context {
        if self.input.is_some() {
            // Typing: the keys are the text's own (Enter keeps, Esc cancels).
            Context::Picker
        } else {
            Context::GroupEditor
        }
    }

    pub fn commands(&self, keymap: &Keymap) -> Vec<CommandHint> {
        if self.input.is_some() {
            return vec![
                CommandHint {
                    key: "Enter".into(),
                    short: "keep",
                    long: "keep what is typed",
                    group: "",
                },
                CommandHint {
                    key: "Esc".into(),
                    short: "cancel",
                    long: "cancel: nothing changes",
                    group: "",
                },
            ];
        }
        let (help, others): (Vec<Command>, Vec<Command>) =
            Command::of(Context::GroupEditor).partition(|&command| command == Command::Help);
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
        self.today = ctx.now.date_naive();
        if self.input.is_some() {
            self.type_input(key, ctx);
            return Vec::new();
        }
        let command = ctx.keymap.command(Context::GroupEditor, &key);
        if command != Some(Command::CloseEditor) {
            self.confirm_leave = false;
        }
        let today = self.today;
        match command {
            Some(Command::Up) => self.step(-1),
            Some(Command::Down) => self.step(1),
            Some(Command::EditRow) => self.edit_row(),
            Some(Command::AddMember) => {
                self.input = Some(Input {
                    label: "new member's id (a short word, e.g. ana)".into(),
                    text: String::new(),
                    target: Target::NewMemberId,
                });
            }
            Some(Command::MemberLeft) => self.begin_leave(today, ctx),
            Some(Command::RemoveRow) => self.remove_row(ctx),
            Some(Command::SaveGroup) => return self.save(ctx),
            Some(Command::CloseEditor) => return self.close(ctx),
            Some(Command::Help) => ctx.help = true,
            _ => {}
        }
        Vec::new()
    }

    fn save(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        if !self.dirty() {
            ctx.say("Nothing to save: group.ron is as shown.");
            return Vec::new();
        }
        self.saving = true;
        vec![Effect::SaveGroup {
            document: Box::new(self.document.clone()),
            edited: Box::new(self.group.clone()),
        }]
    }

    /// The shell saved (or could not): the file as it now is, or why not.
    pub fn saved(
        &mut self,
        result: Result<(Box<GroupDocument>, crate::store::Saved), String>,
    ) -> String {
        self.saving = false;
        match result {
            Ok((document, saved)) => {
                self.document = *document;
                // "thursday-peer-support/group.ron": the folder says which group.
                let path = self.document.path();
                let name = path
                    .parent()
                    .and_then(std::path::Path::file_name)
                    .map(|folder| std::path::Path::new(folder).join(crate::store::GROUP_FILE))
                    .unwrap_or_else(|| path.to_path_buf());
                if saved.in_place {
                    format!(
                        "Saved {} (comments and fields groupscribe does not know are kept).",
                        name.display()
                    )
                } else {
                    format!(
                        "Saved {} (written whole: its comments could not be kept).",
                        name.display()
                    )
                }
            }
            Err(error) => format!("Not saved: {error}"),
        }
    }

    fn close(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        if self.member.take().is_some() {
            self.selected = self.list_selected;
            return Vec::new();
        }
        if self.dirty() && !self.confirm_leave {
            self.confirm_leave = true;
            ctx.say(format!(
                "Unsaved changes: {} saves them; {} again leaves without saving.",
                ctx.keymap.key(Command::SaveGroup),
                ctx.keymap.key(Command::CloseEditor)
            ));
            return Vec::new();
        }
        ctx.next = Some(Screen::Home(Home::default()));
        vec![Effect::LoadHome]
    }

    fn step(&mut self, delta: isize) {
        let count = self.row_count() as isize;
        if count == 0 {
            return;
        }
        self.selected = (self.selected as isize + delta).rem_euclid(count) as usize;
    }

    fn ask(&mut self, label: impl Into<String>, text: String, target: Target) {
        self.input = Some(Input {
            label: label.into(),
            text,
            target,
        });
    }

    fn edit_row(&mut self) {
        if let Some(index) = self.member {
            let Some(row) = self.member_rows(index).get(self.selected).copied() else {
                return;
            };
            let Some(member) = self.group.members.get(index) else {
                return;
            };
            match row {
                MemberRow::Field(field) => {
                    let hint = plan::MEMBER_FIELDS
                        .iter()
                        .find(|(name, _)| *name == field)
                        .map_or("", |(_, hint)| *hint);
                    let now = plan::member_field(member, field).unwrap_or_default();
                    self.ask(
                        format!("{} ({hint})", field.replace('_', " ")),
                        now,
                        Target::MemberField(index, field),
                    );
                }
                MemberRow::Goal(goal) => {
                    let now = member.goals.get(goal).cloned().unwrap_or_default();
                    self.ask(
                        format!("goal {}", goal + 1),
                        now,
                        Target::MemberGoal(index, Some(goal)),
                    );
                }
                MemberRow::Level(goal, rating) => {
                    let now = member
                        .scale(goal)
                        .and_then(|scale| scale.level(rating))
                        .unwrap_or_default()
                        .to_string();
                    self.ask(
                        format!("goal {} at {rating:+} ({})", goal + 1, level_label(rating)),
                        now,
                        Target::Level(index, goal, rating),
                    );
                }
                MemberRow::AddGoal => {
                    self.ask("a new goal", String::new(), Target::MemberGoal(index, None));
                }
            }
            return;
        }
        let Some(row) = self.rows().get(self.selected).copied() else {
            return;
        };
        match row {
            Row::Field(field) => {
                let hint = plan::GROUP_FIELDS
                    .iter()
                    .find(|(name, _)| *name == field)
                    .map_or("", |(_, hint)| *hint);
                let now = plan::group_field(&self.group, field).unwrap_or_default();
                self.ask(
                    format!("{} ({hint})", field.replace('_', " ")),
                    now,
                    Target::Field(field),
                );
            }
            Row::Goal(goal) => {
                let now = self.group.goals.get(goal).cloned().unwrap_or_default();
                self.ask(
                    format!("group goal {}", goal + 1),
                    now,
                    Target::Goal(Some(goal)),
                );
            }
            Row::AddGoal => self.ask("a new group goal", String::new(), Target::Goal(None)),
            Row::Agenda(at) => {
                let Some(planned) = self.group.agenda.get(at) else {
                    return;
                };
                let now = format!(
                    "{}: {} | {}",
                    planned.session,
                    planned.activity.as_deref().unwrap_or_default(),
                    planned.segments.join(", ")
                );
                self.ask(
                    "session plan (N: activity | segment, segment)",
                    now,
                    Target::Agenda(Some(at)),
                );
            }
            Row::AddAgenda => {
                let next = self
                    .group
                    .agenda
                    .iter()
                    .map(|p| p.session)
                    .max()
                    .unwrap_or(0)
                    + 1;
                self.ask(
                    "session plan (N: activity | segment, segment)",
                    format!("{next}: "),
                    Target::Agenda(None),
                );
            }
            Row::Member(index) => {
                self.list_selected = self.selected;
                self.member = Some(index);
                self.selected = 0;
            }
            Row::AddMember => self.ask(
                "new member's id (a short word, e.g. ana)",
                String::new(),
                Target::NewMemberId,
            ),
        }
    }

    fn selected_member(&self) -> Option<usize> {
        match self.member {
            Some(index) => Some(index),
            None => match self.rows().get(self.selected) {
                Some(Row::Member(index)) => Some(*index),
                _ => None,
            },
        }
    }

    fn begin_leave(&mut self, today: chrono::NaiveDate, ctx: &mut Ctx) {
        let Some(index) = self.selected_member() else {
            ctx.say(format!(
                "{} marks a member as left: choose one in the roster first.",
                ctx.keymap.key(Command::MemberLeft)
            ));
            return;
        };
        let Some(member) = self.group.members.get(index) else {
            return;
        };
        if let Some(left) = member.left {
            ctx.say(format!(
                "{} left on {left}; members are never deleted (their sessions name them).",
                member.id
            ));
            return;
        }
        self.ask(
            format!("{} left on (YYYY-MM-DD)", member.id),
            today.to_string(),
            Target::LeftOn(index),
        );
    }

    fn remove_row(&mut self, ctx: &mut Ctx) {
        let row = if self.member.is_some() {
            None
        } else {
            self.rows().get(self.selected).copied()
        };
        match row {
            Some(Row::Goal(goal)) if goal < self.group.goals.len() => {
                self.group.goals.remove(goal);
            }
            Some(Row::Agenda(at)) if at < self.group.agenda.len() => {
                self.group.agenda.remove(at);
            }
            Some(Row::Member(_)) => ctx.say(format!(
                "Members are never deleted (their sessions name them): {} marks one as left.",
                ctx.keymap.key(Command::MemberLeft)
            )),
            _ => ctx.say(format!(
                "{} removes a group goal or a session's plan; a member's goals stay (past ratings name them), edit their words instead.",
                ctx.keymap.key(Command::RemoveRow)
            )),
        }
        self.selected = self.selected.min(self.row_count().saturating_sub(1));
    }

    fn type_input(&mut self, key: KeyEvent, ctx: &mut Ctx) {
        let Some(input) = &mut self.input else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.input = None,
            KeyCode::Backspace => {
                input.text.pop();
            }
            KeyCode::Char(c) if input.text.chars().count() < 500 && !c.is_control() => {
                input.text.push(c);
            }
            KeyCode::Enter => {
                if let Some(input) = self.input.take() {
                    match self.commit(&input) {
                        Ok(()) => {}
                        Err(error) => {
                            ctx.say(error);
                            self.input = Some(input);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Applies what was typed; an error keeps the line open with why.
    fn commit(&mut self, input: &Input) -> Result<(), String> {
        let text = input.text.trim();
        match &input.target {
            Target::Field(field) => plan::set_group_field(&mut self.group, field, text)?,
            Target::Goal(at) => match at {
                Some(_) if text.is_empty() => {
                    return Err("A goal cannot be empty: remove it from the list instead.".into());
                }
                Some(at) => {
                    if let Some(goal) = self.group.goals.get_mut(*at) {
                        *goal = text.to_string();
                    }
                }
                None if text.is_empty() => {}
                None => self.group.goals.push(text.to_string()),
            },
            Target::Agenda(at) => {
                let planned = plan::parse_agenda(text)?;
                let clash = self
                    .group
                    .agenda
                    .iter()
                    .enumerate()
                    .any(|(n, p)| p.session == planned.session && Some(n) != *at);
                if clash {
                    return Err(format!(
                        "Session {} already has a plan: edit that one.",
                        planned.session
                    ));
                }
                match at.and_then(|at| self.group.agenda.get_mut(at)) {
                    Some(there) => *there = planned,
                    None => {
                        self.group.agenda.push(planned);
                        self.group.agenda.sort_by_key(|p| p.session);
                    }
                }
            }
            Target::MemberField(index, field) => {
                let member = self.group.members.get_mut(*index).ok_or("no such member")?;
                plan::set_member_field(member, field, text)?;
            }
            Target::MemberGoal(index, at) => {
                let member = self.group.members.get_mut(*index).ok_or("no such member")?;
                match at {
                    Some(_) if text.is_empty() => {
                        return Err("A goal cannot be empty: past ratings name it by its place; reword it instead.".into());
                    }
                    Some(at) => plan::rename_goal(member, *at, text.to_string()),
                    None if text.is_empty() => {}
                    None => member.goals.push(text.to_string()),
                }
            }
            Target::Level(index, goal, rating) => {
                let member = self.group.members.get_mut(*index).ok_or("no such member")?;
                let scale = plan::scale_mut(member, *goal).ok_or("no such goal")?;
                scale.set_level(*rating, text.to_string());
                if member.scales.iter().any(crate::model::GoalScale::is_blank) {
                    member.scales.retain(|scale| !scale.is_blank());
                }
            }
            Target::NewMemberId => {
                if text.is_empty()
                    || !text
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                {
                    return Err("An id is a short word of letters and digits, e.g. ana.".into());
                }
                if self.group.member(&MemberId::new(text)).is_some() {
                    return Err(format!(
                        "\"{text}\" is already on the roster (ids are never reused): choose another."
                    ));
                }
                self.ask(
                    format!("{text}'s full name"),
                    String::new(),
                    Target::NewMemberName(text.to_string()),
                );
            }
            Target::NewMemberName(id) => {
                if text.is_empty() {
                    return Err("A member needs a name.".into());
                }
                self.group.members.push(Member {
                    id: MemberId::new(id.as_str()),
                    name: text.to_string(),
                    joined: Some(self.today),
                    ..Member::default()
                });
                self.list_selected = self.rows().len().saturating_sub(2);
                self.member = Some(self.group.members.len() - 1);
                self.selected = 0;
            }
            Target::LeftOn(index) => {
                let day = plan::parse_date(text)?;
                let member = self.group.members.get_mut(*index).ok_or("no such member")?;
                if member.joined.is_some_and(|joined| day <= joined) {
                    return Err(format!(
                        "{} joined on {}: they leave after that.",
                        member.id,
                        member.joined.map(|d| d.to_string()).unwrap_or_default()
                    ));
                }
                member.left = Some(day);
            }
        }
        Ok(())
    }
}
