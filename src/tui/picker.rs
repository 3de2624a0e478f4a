//! The one-line picker behind `n c m i r t b a s P w g G`: one digit chooses the kind, a
//! letter the second choice (norm, conflict status), Tab moves to members and text.

use crate::model::family::{Letters, Proposed};
use crate::model::taxonomy::{
    Choice, ConflictStatus, ConflictType, GOAL_RATINGS, MutualAidKind, NormAction, Presentation,
    RiskLevel, Skill, Stage, StandardSegment,
};
use crate::model::{
    AttendanceChange, EventId, EventKind, Group, MemberId, Moment, MomentFamily, MomentKind,
    Observation,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// Keys that number the choices of a picker: digits first, then letters.
pub const CHOICE_KEYS: &[char] = &[
    '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'a', 'b', 'c', 'd', 'e', 'g', 'h', 'j', 'k',
    'l',
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// A moment, shaped by its kind's table (`MomentFamily::picker`).
    Moment(MomentFamily),
    Attendance,
    Segment,
    Stage,
    Goal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Kind,
    Members,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    pub choices: Vec<String>,
    pub chosen: Option<usize>,
    /// Second choice picked with letters: which norm, or the conflict's status.
    pub second: Vec<String>,
    pub second_chosen: Option<usize>,
    pub members: Vec<MemberId>,
    pub text: String,
    pub focus: Focus,
    /// `.` was pressed in the members field: the next digit means members 11–20.
    pub more_members: bool,
    /// Why Enter did not save, shown until the next key.
    pub problem: Option<String>,
    /// Each member's goals, for the goal-rating picker.
    goals: Vec<(MemberId, Vec<String>)>,
    /// Each member's goal attainment scales, to say what a rating means.
    scales: Vec<(MemberId, Vec<crate::model::GoalScale>)>,
    /// The conflicts not yet resolved, offered first by `c` (see `with_open_conflicts`).
    pub open_conflicts: Vec<OpenConflict>,
    /// The conflict picker is asking which open conflict, or `n` for a new one.
    pub choosing_conflict: bool,
    /// The open conflict this status change continues: its opening moment
    /// (`None` for one carried from an earlier session) and type.
    pub continues: Option<(Option<EventId>, ConflictType)>,
}

/// A conflict not yet resolved, as `c` offers it for a status change.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenConflict {
    /// The moment that opened it; `None` for a conflict carried from an
    /// earlier session (its update names no moment: `metrics::carry`
    /// follows it by type and members).
    pub opened: Option<EventId>,
    pub kind: ConflictType,
    pub members: Vec<MemberId>,
    pub status: ConflictStatus,
    /// "update: process · Ana R. · emerged 12:42".
    pub label: String,
}

/// The key for a new conflict while open ones are offered on digits.
pub const NEW_CONFLICT_KEY: char = 'n';

/// A picker's keys, fixed (not in the keymap): key, a word, and what it does,
/// as the help overlay lists them.
pub const FIXED_KEYS: [(&str, &str, &str); 5] = [
    ("digit", "kind", "the kind"),
    ("letter", "choice", "the norm / status / goal"),
    ("Tab", "members", "members (keys toggle), text"),
    ("Enter", "save", "save"),
    ("Esc", "cancel", "cancel"),
];

/// The status proposed for an update: the next step of a conflict.
fn next_status(status: ConflictStatus) -> ConflictStatus {
    match status {
        ConflictStatus::Emerged | ConflictStatus::Unresolved => ConflictStatus::Addressed,
        ConflictStatus::Addressed | ConflictStatus::Resolved => ConflictStatus::Resolved,
    }
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq)]
pub enum PickerOutcome {
    Open,
    Cancelled,
    Done(EventKind),
}

/// Letters for the second choice; `a`… skipping none.
pub const SECOND_KEYS: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'g', 'h', 'j', 'k', 'l', 'o', 'v', 'w', 'y', 'z',
];

fn owned(labels: Vec<&'static str>) -> Vec<String> {
    labels.into_iter().map(str::to_string).collect()
}

fn labels<C: Choice>() -> Vec<String> {
    C::ALL.iter().map(|c| c.short().to_string()).collect()
}

impl Picker {
    /// `speakers` are the members who spoke last, previous first (facilitators excluded).
    pub fn new(
        kind: PickerKind,
        group: &Group,
        speakers: &[MemberId],
        next_segment: usize,
    ) -> Picker {
        let mut picker = Picker {
            kind,
            choices: Vec::new(),
            chosen: None,
            second: Vec::new(),
            second_chosen: None,
            members: speakers.to_vec(),
            text: String::new(),
            focus: Focus::Kind,
            more_members: false,
            problem: None,
            goals: Vec::new(),
            scales: Vec::new(),
            open_conflicts: Vec::new(),
            choosing_conflict: false,
            continues: None,
        };
        match kind {
            PickerKind::Moment(family) => {
                let shape = family.picker();
                if let Some((digits, propose_first)) = shape.digits {
                    picker.choices = owned(digits.labels());
                    picker.chosen = propose_first.then_some(0);
                }
                match shape.letters {
                    Some(Letters::GroupNorms) => picker.second = group.norms.clone(),
                    Some(letters @ Letters::ConflictStatus) => {
                        picker.second = owned(letters.labels().unwrap_or_default());
                        picker.second_chosen = Some(0);
                    }
                    None => {}
                }
                match shape.members {
                    Proposed::Speakers => {}
                    Proposed::LastSpeaker => {
                        picker.members = speakers.last().cloned().into_iter().collect();
                    }
                    Proposed::OneMember => picker.members.truncate(1),
                    Proposed::Nobody => picker.members.clear(),
                }
                if shape.text_required.is_some() {
                    picker.focus = Focus::Text;
                }
            }
            PickerKind::Attendance => {
                picker.choices = AttendanceChange::ALL
                    .iter()
                    .map(|c| c.label().to_string())
                    .collect();
                picker.members.clear();
                picker.focus = Focus::Members;
            }
            PickerKind::Segment => {
                picker.choices = labels::<StandardSegment>();
                picker.chosen = Some(next_segment.min(picker.choices.len() - 1));
                picker.members.clear();
            }
            PickerKind::Stage => {
                picker.choices = labels::<Stage>();
                picker.members.clear();
            }
            PickerKind::Goal => {
                picker.choices = GOAL_RATINGS
                    .iter()
                    .map(|(_, label)| label.to_string())
                    .collect();
                picker.chosen = Some(2);
                picker.goals = group
                    .members
                    .iter()
                    .map(|m| (m.id.clone(), m.goals.clone()))
                    .collect();
                picker.scales = group
                    .members
                    .iter()
                    .filter(|m| !m.scales.is_empty())
                    .map(|m| (m.id.clone(), m.scales.clone()))
                    .collect();
                picker.members.clear();
                picker.focus = Focus::Members;
            }
        }
        picker
    }

    /// For `c`: offers the conflicts not yet resolved first, on digits, with
    /// `n` for a new conflict. Without open conflicts the picker is unchanged.
    pub fn with_open_conflicts(mut self, open: Vec<OpenConflict>) -> Picker {
        if self.kind != PickerKind::Moment(MomentFamily::Conflict) || open.is_empty() {
            return self;
        }
        self.choices = open
            .iter()
            .take(CHOICE_KEYS.len())
            .map(|conflict| conflict.label.clone())
            .collect();
        self.second = Vec::new();
        self.second_chosen = None;
        self.open_conflicts = open;
        self.choosing_conflict = true;
        self
    }

    fn choose_conflict(&mut self, index: usize) {
        let Some(conflict) = self.open_conflicts.get(index) else {
            return;
        };
        self.continues = Some((conflict.opened, conflict.kind));
        self.members = conflict.members.clone();
        self.choices = Vec::new();
        self.chosen = None;
        self.second = labels::<ConflictStatus>();
        self.second_chosen = ConflictStatus::ALL
            .iter()
            .position(|status| *status == next_status(conflict.status));
        self.choosing_conflict = false;
    }

    fn new_conflict(&mut self) {
        self.choices = labels::<ConflictType>();
        self.chosen = None;
        self.second = labels::<ConflictStatus>();
        self.second_chosen = Some(0);
        self.choosing_conflict = false;
    }

    /// The segment picker with the session's planned segments first (in
    /// their planned order), then the standard ones not planned; the one
    /// after `current` is proposed.
    pub fn with_agenda(mut self, planned: &[String], current: Option<&str>) -> Picker {
        if self.kind != PickerKind::Segment || planned.is_empty() {
            return self;
        }
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let mut choices: Vec<String> = Vec::new();
        for segment in planned {
            if !segment.trim().is_empty() && !choices.iter().any(|c| same(c, segment)) {
                choices.push(segment.trim().to_string());
            }
        }
        for standard in labels::<StandardSegment>() {
            if !choices.iter().any(|c| same(c, &standard)) {
                choices.push(standard);
            }
        }
        choices.truncate(CHOICE_KEYS.len());
        let next = current
            .and_then(|current| choices.iter().position(|c| same(c, current)))
            .map_or(0, |at| at + 1);
        self.chosen = Some(next.min(choices.len().saturating_sub(1)));
        self.choices = choices;
        self
    }

    /// What the rating chosen means for the goal chosen, from the member's
    /// goal attainment scale: `+1 means: two walks a week`.
    pub fn scale_hint(&self) -> Option<String> {
        if self.kind != PickerKind::Goal {
            return None;
        }
        let member = self.members.first()?;
        let goal = self.second.get(self.second_chosen?)?;
        let (rating, _) = GOAL_RATINGS.get(self.chosen?)?;
        let scales = &self.scales.iter().find(|(id, _)| id == member)?.1;
        let text = scales.iter().find(|s| &s.goal == goal)?.level(*rating)?;
        Some(format!("{rating:+} means: {text}"))
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            PickerKind::Moment(MomentFamily::Conflict) if self.choosing_conflict => {
                "Conflict: which one?"
            }
            PickerKind::Moment(MomentFamily::Conflict) if self.continues.is_some() => {
                "Conflict update"
            }
            PickerKind::Moment(family) => family.picker().title,
            PickerKind::Attendance => "Attendance",
            PickerKind::Segment => "Agenda segment",
            PickerKind::Stage => "Stage of group development",
            PickerKind::Goal => "Goal rating",
        }
    }

    /// Whether this picker has a members field at all.
    pub fn takes_members(&self) -> bool {
        !matches!(self.kind, PickerKind::Segment | PickerKind::Stage)
    }

    fn single_member(&self) -> bool {
        match self.kind {
            PickerKind::Moment(family) => family.picker().members == Proposed::OneMember,
            PickerKind::Attendance | PickerKind::Goal => true,
            PickerKind::Segment | PickerKind::Stage => false,
        }
    }

    /// Handles one key. `member_at` turns a roster position (0-based) into an id;
    /// `default_attendance` proposes arrived/left for a member from their presence.
    pub fn handle(
        &mut self,
        key: &KeyEvent,
        member_at: &dyn Fn(usize) -> Option<MemberId>,
        default_attendance: &dyn Fn(&MemberId) -> usize,
    ) -> PickerOutcome {
        self.problem = None;
        if self.choosing_conflict {
            return match key.code {
                KeyCode::Esc => PickerOutcome::Cancelled,
                KeyCode::Char(NEW_CONFLICT_KEY) => {
                    self.new_conflict();
                    PickerOutcome::Open
                }
                KeyCode::Char(c) => match CHOICE_KEYS
                    .iter()
                    .position(|&k| k == c)
                    .filter(|&i| i < self.choices.len())
                {
                    Some(index) => {
                        self.choose_conflict(index);
                        PickerOutcome::Open
                    }
                    None => self.refuse("choose the conflict with its key, or n for a new one"),
                },
                _ => self.refuse("choose the conflict with its key, or n for a new one"),
            };
        }
        match key.code {
            KeyCode::Esc => return PickerOutcome::Cancelled,
            KeyCode::Enter => return self.finish(),
            KeyCode::Tab => {
                self.focus = self.next_focus();
                return PickerOutcome::Open;
            }
            KeyCode::BackTab => {
                self.focus = self.next_focus();
                self.focus = self.next_focus();
                return PickerOutcome::Open;
            }
            _ => {}
        }
        match self.focus {
            Focus::Text => match key.code {
                KeyCode::Char(c) => self.text.push(c),
                KeyCode::Backspace => {
                    self.text.pop();
                }
                _ => {}
            },
            Focus::Kind => {
                if let KeyCode::Char(c) = key.code {
                    if let Some(index) = CHOICE_KEYS
                        .iter()
                        .position(|&k| k == c)
                        .filter(|&i| i < self.choices.len())
                    {
                        self.chosen = Some(index);
                    } else if let Some(index) = SECOND_KEYS
                        .iter()
                        .position(|&k| k == c)
                        .filter(|&i| i < self.second.len())
                    {
                        self.second_chosen = Some(index);
                    }
                }
            }
            Focus::Members => {
                let position = match key.code {
                    KeyCode::Char('.') => {
                        self.more_members = true;
                        return PickerOutcome::Open;
                    }
                    // Typing words here means the facilitator wants the text field.
                    KeyCode::Char(c) if !c.is_ascii_digit() => {
                        self.focus = Focus::Text;
                        self.text.push(c);
                        return PickerOutcome::Open;
                    }
                    KeyCode::Char(c) => member_position(c, self.more_members),
                    _ => None,
                };
                self.more_members = false;
                if let Some(id) = position.and_then(member_at) {
                    self.toggle(id.clone());
                    if self.kind == PickerKind::Attendance {
                        self.chosen = Some(default_attendance(&id));
                        self.focus = Focus::Kind;
                    }
                    if self.kind == PickerKind::Goal {
                        self.second = self
                            .goals
                            .iter()
                            .find(|(member, _)| *member == id)
                            .map(|(_, goals)| goals.clone())
                            .unwrap_or_default();
                        self.second_chosen = (!self.second.is_empty()).then_some(0);
                        self.focus = Focus::Kind;
                    }
                }
            }
        }
        PickerOutcome::Open
    }

    fn toggle(&mut self, id: MemberId) {
        if self.single_member() {
            self.members = vec![id];
        } else if let Some(index) = self.members.iter().position(|m| *m == id) {
            self.members.remove(index);
        } else {
            self.members.push(id);
        }
    }

    fn next_focus(&self) -> Focus {
        match self.focus {
            Focus::Kind if self.takes_members() => Focus::Members,
            Focus::Kind | Focus::Members => Focus::Text,
            Focus::Text if self.choices.is_empty() && self.takes_members() => Focus::Members,
            Focus::Text if self.choices.is_empty() => Focus::Text,
            Focus::Text => Focus::Kind,
        }
    }

    fn text(&self) -> Option<String> {
        let trimmed = self.text.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }

    fn refuse(&mut self, why: &str) -> PickerOutcome {
        self.problem = Some(why.to_string());
        PickerOutcome::Open
    }

    fn finish(&mut self) -> PickerOutcome {
        let members = self.members.clone();
        let moment = |what: MomentKind, text: Option<String>| {
            EventKind::Moment(Moment {
                what,
                members: members.clone(),
                text,
            })
        };
        let needs_kind = !self.choices.is_empty() && self.chosen.is_none();
        if needs_kind {
            return self.refuse("choose a kind with its key first");
        }
        let chosen = self.chosen.unwrap_or(0);
        let kind = match self.kind {
            PickerKind::Moment(family) => {
                let text = self.text();
                if let (Some(hint), None) = (family.picker().text_required, &text) {
                    return self.refuse(hint);
                }
                let (what, text) = match family {
                    MomentFamily::Norm => {
                        let action = NormAction::ALL[chosen];
                        match (self.second_chosen.and_then(|i| self.second.get(i)), text) {
                            (Some(norm), text) => (
                                MomentKind::Norm {
                                    action,
                                    norm: norm.clone(),
                                },
                                text,
                            ),
                            // Words typed without a listed norm name the norm.
                            (None, Some(norm)) => (MomentKind::Norm { action, norm }, None),
                            (None, None) => (
                                MomentKind::Norm {
                                    action,
                                    norm: String::new(),
                                },
                                None,
                            ),
                        }
                    }
                    MomentFamily::Conflict => {
                        let status = ConflictStatus::ALL[self.second_chosen.unwrap_or(0)];
                        let (kind, continues) = match self.continues {
                            Some((opened, kind)) => (kind, opened),
                            None => (ConflictType::ALL[chosen], None),
                        };
                        let what = MomentKind::Conflict {
                            kind,
                            status,
                            continues,
                        };
                        (what, text)
                    }
                    MomentFamily::MutualAid => {
                        (MomentKind::MutualAid(MutualAidKind::ALL[chosen]), text)
                    }
                    MomentFamily::Intervention => {
                        (MomentKind::Intervention(Skill::ALL[chosen]), text)
                    }
                    MomentFamily::Risk => {
                        if members.len() != 1 {
                            return self.refuse("risk is about one member: Tab, then their key");
                        }
                        (MomentKind::risk(RiskLevel::ALL[chosen]), text)
                    }
                    MomentFamily::Note => (MomentKind::Note, text),
                    MomentFamily::Bookmark => (MomentKind::Bookmark, text),
                    MomentFamily::Plan => (MomentKind::Plan, text),
                    MomentFamily::Theme => (MomentKind::Theme, text),
                    // No command opens a picker for it: the checklist pane ticks them.
                    MomentFamily::Task => {
                        return self.refuse("checklist items are ticked on the checklist pane");
                    }
                    MomentFamily::Observation => {
                        if members.len() != 1 {
                            return self
                                .refuse("an observation is about one member: Tab, then their key");
                        }
                        let seen = Observation {
                            presentation: Some(Presentation::ALL[chosen]),
                            ..Observation::default()
                        };
                        (MomentKind::Observation(seen), text)
                    }
                };
                moment(what, text)
            }
            PickerKind::Attendance => match members.first() {
                Some(member) => EventKind::Attendance {
                    member: member.clone(),
                    change: AttendanceChange::ALL[chosen],
                    text: self.text(),
                },
                None => return self.refuse("press the member's key"),
            },
            // The choices are the planned segments and the standard ones
            // (whose labels they are), in the order shown.
            PickerKind::Segment => EventKind::Segment(self.text().unwrap_or_else(|| {
                self.choices
                    .get(chosen)
                    .cloned()
                    .unwrap_or_else(|| StandardSegment::ALL[0].label().to_string())
            })),
            PickerKind::Stage => EventKind::Stage(
                self.text()
                    .unwrap_or_else(|| Stage::ALL[chosen].label().to_string()),
            ),
            PickerKind::Goal => match (members.first(), self.second_chosen) {
                (Some(member), Some(goal)) => EventKind::GoalRating {
                    member: member.clone(),
                    goal: goal as u8,
                    rating: GOAL_RATINGS[chosen].0,
                    text: self.text(),
                },
                (Some(_), None) => return self.refuse("this member has no goals in group.ron"),
                (None, _) => return self.refuse("press the member's key"),
            },
        };
        PickerOutcome::Done(kind)
    }
}

/// `1`–`9`, `0` are members 1–10 (positions 0–9); after `.`, members 11–20.
pub fn member_position(c: char, more: bool) -> Option<usize> {
    let digit = c.to_digit(10)? as usize;
    let index = if digit == 0 { 9 } else { digit - 1 };
    Some(if more { index + 10 } else { index })
}

/// The hotkey shown for a roster position: `1`…`0`, then `.1`…`.0`.
pub fn member_hotkey(position: usize) -> String {
    let digit = (position % 10 + 1) % 10;
    if position < 10 {
        digit.to_string()
    } else {
        format!(".{digit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    #[test]
    fn every_taxonomy_fits_the_picker_keys() {
        let lengths = [
            Skill::ALL.len(),
            MutualAidKind::ALL.len(),
            ConflictType::ALL.len(),
            ConflictStatus::ALL.len(),
            NormAction::ALL.len(),
            RiskLevel::ALL.len(),
            Stage::ALL.len(),
            StandardSegment::ALL.len(),
        ];
        assert!(
            lengths.iter().all(|&n| n <= CHOICE_KEYS.len()),
            "{lengths:?}"
        );
    }

    #[test]
    fn picker_keys_are_distinct() {
        let mut keys = CHOICE_KEYS.to_vec();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), CHOICE_KEYS.len());
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn group(norms: &[String]) -> Group {
        let member = |id: &str, goals: &[&str]| crate::model::Member {
            id: MemberId::new(id),
            name: id.into(),
            alias: None,
            goals: goals.iter().map(|g| g.to_string()).collect(),
            category: None,
            record_id: None,
            left: None,
            ..Default::default()
        };
        Group {
            version: 1,
            name: "G".into(),
            kind: crate::model::GroupType::Support,
            purpose: String::new(),
            facilitator: "F".into(),
            co_facilitator: None,
            members: vec![
                member("ana", &[]),
                member("ben", &["walk", "sleep"]),
                member("cy", &[]),
            ],
            norms: norms.to_vec(),
            planned_sessions: None,
            note_style: None,
            ..Default::default()
        }
    }

    fn ids(names: &[&str]) -> Vec<MemberId> {
        names.iter().map(|n| MemberId::new(*n)).collect()
    }

    fn run(picker: &mut Picker, keys: &[KeyCode]) -> PickerOutcome {
        let roster = ids(&["ana", "ben", "cy"]);
        let member_at = |i: usize| roster.get(i).cloned();
        let mut outcome = PickerOutcome::Open;
        for code in keys {
            outcome = picker.handle(&key(*code), &member_at, &|_| 1);
        }
        outcome
    }

    #[test]
    fn mutual_aid_digit_enter_uses_the_last_two_speakers() {
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::MutualAid),
            &group(&[]),
            &ids(&["ana", "cy"]),
            0,
        );
        let outcome = run(&mut picker, &[KeyCode::Char('6'), KeyCode::Enter]);
        assert_eq!(
            outcome,
            PickerOutcome::Done(EventKind::Moment(Moment {
                what: MomentKind::MutualAid(MutualAidKind::MutualSupport),
                members: ids(&["ana", "cy"]),
                text: None,
            }))
        );
    }

    #[test]
    fn enter_without_a_kind_explains_itself() {
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::Intervention),
            &group(&[]),
            &[],
            0,
        );
        assert_eq!(run(&mut picker, &[KeyCode::Enter]), PickerOutcome::Open);
        assert!(picker.problem.is_some());
    }

    #[test]
    fn tab_toggles_members_and_types_text() {
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::Conflict),
            &group(&[]),
            &ids(&["ana"]),
            0,
        );
        let outcome = run(
            &mut picker,
            &[
                KeyCode::Char('1'),
                KeyCode::Char('d'),
                KeyCode::Tab,
                KeyCode::Char('1'),
                KeyCode::Char('2'),
                KeyCode::Tab,
                KeyCode::Char('h'),
                KeyCode::Char('i'),
                KeyCode::Enter,
            ],
        );
        assert_eq!(
            outcome,
            PickerOutcome::Done(EventKind::Moment(Moment {
                what: MomentKind::Conflict {
                    kind: ConflictType::Task,
                    status: ConflictStatus::Unresolved,
                    continues: None,
                },
                members: ids(&["ben"]),
                text: Some("hi".into()),
            }))
        );
    }

    #[test]
    fn norms_are_chosen_by_letter() {
        let norms = vec![
            "confidentiality".to_string(),
            "one voice at a time".to_string(),
        ];
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::Norm),
            &group(&norms),
            &[],
            0,
        );
        let outcome = run(
            &mut picker,
            &[KeyCode::Char('4'), KeyCode::Char('b'), KeyCode::Enter],
        );
        let PickerOutcome::Done(EventKind::Moment(moment)) = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(
            moment.what,
            MomentKind::Norm {
                action: NormAction::Challenged,
                norm: "one voice at a time".into()
            }
        );
    }

    #[test]
    fn attendance_takes_one_member_then_proposes_a_change() {
        let mut picker = Picker::new(PickerKind::Attendance, &group(&[]), &[], 0);
        let outcome = run(&mut picker, &[KeyCode::Char('3'), KeyCode::Enter]);
        assert_eq!(
            outcome,
            PickerOutcome::Done(EventKind::Attendance {
                member: MemberId::new("cy"),
                change: AttendanceChange::LeftEarly,
                text: None,
            })
        );
    }

    #[test]
    fn risk_needs_exactly_one_member() {
        let mut picker = Picker::new(PickerKind::Moment(MomentFamily::Risk), &group(&[]), &[], 0);
        assert_eq!(run(&mut picker, &[KeyCode::Enter]), PickerOutcome::Open);
        assert!(
            picker
                .problem
                .as_deref()
                .unwrap_or("")
                .contains("one member")
        );
    }

    #[test]
    fn goal_rating_takes_a_member_then_a_rating_and_a_goal() {
        let mut picker = Picker::new(PickerKind::Goal, &group(&[]), &[], 0);
        let outcome = run(
            &mut picker,
            &[
                KeyCode::Char('2'),
                KeyCode::Char('5'),
                KeyCode::Char('b'),
                KeyCode::Enter,
            ],
        );
        assert_eq!(
            outcome,
            PickerOutcome::Done(EventKind::GoalRating {
                member: MemberId::new("ben"),
                goal: 1,
                rating: 2,
                text: None,
            })
        );
        let mut picker = Picker::new(PickerKind::Goal, &group(&[]), &[], 0);
        assert_eq!(
            run(&mut picker, &[KeyCode::Char('1'), KeyCode::Enter]),
            PickerOutcome::Open
        );
        assert!(picker.problem.as_deref().unwrap_or("").contains("no goals"));
    }

    #[test]
    fn the_goal_picker_says_what_the_rating_means_for_that_goal() {
        let mut group = group(&[]);
        group.members[1].scales = vec![crate::model::GoalScale {
            goal: "sleep".into(),
            more: "six hours most nights".into(),
            ..Default::default()
        }];
        let mut picker = Picker::new(PickerKind::Goal, &group, &[], 0);
        // Ben, +1, his second goal.
        run(
            &mut picker,
            &[KeyCode::Char('2'), KeyCode::Char('4'), KeyCode::Char('b')],
        );
        assert_eq!(
            picker.scale_hint().as_deref(),
            Some("+1 means: six hours most nights")
        );
        // The first goal has no scale; +2 is not described.
        run(&mut picker, &[KeyCode::Char('a')]);
        assert_eq!(picker.scale_hint(), None);
        run(&mut picker, &[KeyCode::Char('b'), KeyCode::Char('5')]);
        assert_eq!(picker.scale_hint(), None);
    }

    #[test]
    fn the_segment_picker_offers_the_planned_agenda_first() {
        let planned: Vec<String> = ["check-in", "contract", "introductions round", "Check-out"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let picker = Picker::new(PickerKind::Segment, &group(&[]), &[], 0)
            .with_agenda(&planned, Some("contract"));
        assert_eq!(
            picker.choices,
            [
                "check-in",
                "contract",
                "introductions round",
                "Check-out",
                "main activity"
            ]
        );
        assert_eq!(picker.chosen, Some(2), "the segment after the current one");
        let mut picker = picker;
        assert_eq!(
            run(&mut picker, &[KeyCode::Enter]),
            PickerOutcome::Done(EventKind::Segment("introductions round".into()))
        );
        let mut picker =
            Picker::new(PickerKind::Segment, &group(&[]), &[], 0).with_agenda(&planned, None);
        assert_eq!(
            run(&mut picker, &[KeyCode::Char('5'), KeyCode::Enter]),
            PickerOutcome::Done(EventKind::Segment("main activity".into()))
        );
        // No agenda: the standard segments, as before.
        let picker = Picker::new(PickerKind::Segment, &group(&[]), &[], 1).with_agenda(&[], None);
        assert_eq!(picker.choices, ["check-in", "main activity", "check-out"]);
        assert_eq!(picker.chosen, Some(1));
    }

    #[test]
    fn stage_and_plan() {
        let mut picker = Picker::new(PickerKind::Stage, &group(&[]), &[], 0);
        assert_eq!(
            run(&mut picker, &[KeyCode::Char('2'), KeyCode::Enter]),
            PickerOutcome::Done(EventKind::Stage("storming".into()))
        );
        let mut picker = Picker::new(PickerKind::Moment(MomentFamily::Plan), &group(&[]), &[], 0);
        let PickerOutcome::Done(EventKind::Moment(plan)) = run(
            &mut picker,
            &[KeyCode::Char('g'), KeyCode::Char('o'), KeyCode::Enter],
        ) else {
            panic!("plan not saved")
        };
        assert_eq!(
            (plan.what, plan.text),
            (MomentKind::Plan, Some("go".into()))
        );
    }

    #[test]
    fn a_theme_is_its_words_and_names_nobody_unless_asked() {
        let speakers = ids(&["ana", "cy"]);
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::Theme),
            &group(&[]),
            &speakers,
            0,
        );
        assert_eq!((picker.focus, picker.members.len()), (Focus::Text, 0));
        assert_eq!(picker.title(), "Theme the group worked on");
        assert_eq!(run(&mut picker, &[KeyCode::Enter]), PickerOutcome::Open);
        assert!(picker.problem.is_some());
        // Words (digits included) go to the text; Tab then a member's key adds them.
        let mut keys: Vec<KeyCode> = "12 steps".chars().map(KeyCode::Char).collect();
        keys.extend([KeyCode::Tab, KeyCode::Char('2'), KeyCode::Enter]);
        assert_eq!(
            run(&mut picker, &keys),
            PickerOutcome::Done(EventKind::Moment(Moment {
                what: MomentKind::Theme,
                members: ids(&["ben"]),
                text: Some("12 steps".into()),
            }))
        );
    }

    #[test]
    fn hotkeys_reach_twenty_members() {
        assert_eq!(member_hotkey(0), "1");
        assert_eq!(member_hotkey(9), "0");
        assert_eq!(member_hotkey(10), ".1");
        assert_eq!(member_hotkey(19), ".0");
        assert_eq!(member_position('0', false), Some(9));
        assert_eq!(member_position('1', true), Some(10));
    }

    fn open_conflict() -> OpenConflict {
        OpenConflict {
            opened: Some(EventId(4)),
            kind: ConflictType::Process,
            members: ids(&["ana"]),
            status: ConflictStatus::Emerged,
            label: "update: process · ana · emerged 18:02".into(),
        }
    }

    #[test]
    fn an_update_continues_the_chosen_conflict_with_its_members() {
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::Conflict),
            &group(&[]),
            &ids(&["ben", "cy"]),
            0,
        )
        .with_open_conflicts(vec![open_conflict()]);
        assert!(picker.choosing_conflict);
        assert_eq!(run(&mut picker, &[KeyCode::Enter]), PickerOutcome::Open);
        assert!(
            picker.problem.is_some(),
            "Enter before a choice explains itself"
        );
        let outcome = run(
            &mut picker,
            &[KeyCode::Char('1'), KeyCode::Char('c'), KeyCode::Enter],
        );
        assert_eq!(
            outcome,
            PickerOutcome::Done(EventKind::Moment(Moment {
                what: MomentKind::Conflict {
                    kind: ConflictType::Process,
                    status: ConflictStatus::Resolved,
                    continues: Some(EventId(4)),
                },
                members: ids(&["ana"]),
                text: None,
            }))
        );
        // Without a letter, the next step is proposed: emerged -> addressed.
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::Conflict),
            &group(&[]),
            &[],
            0,
        )
        .with_open_conflicts(vec![open_conflict()]);
        let PickerOutcome::Done(EventKind::Moment(moment)) =
            run(&mut picker, &[KeyCode::Char('1'), KeyCode::Enter])
        else {
            panic!("not saved")
        };
        assert!(matches!(
            moment.what,
            MomentKind::Conflict {
                status: ConflictStatus::Addressed,
                ..
            }
        ));
    }

    #[test]
    fn n_opens_a_new_conflict_beside_the_open_ones() {
        let mut picker = Picker::new(
            PickerKind::Moment(MomentFamily::Conflict),
            &group(&[]),
            &ids(&["ben"]),
            0,
        )
        .with_open_conflicts(vec![open_conflict()]);
        let outcome = run(
            &mut picker,
            &[KeyCode::Char('n'), KeyCode::Char('2'), KeyCode::Enter],
        );
        assert_eq!(
            outcome,
            PickerOutcome::Done(EventKind::Moment(Moment {
                what: MomentKind::Conflict {
                    kind: ConflictType::Relationship,
                    status: ConflictStatus::Emerged,
                    continues: None,
                },
                members: ids(&["ben"]),
                text: None,
            }))
        );
    }

    #[test]
    fn attendance_and_goal_ratings_keep_their_words() {
        let mut picker = Picker::new(PickerKind::Attendance, &group(&[]), &[], 0);
        let mut keys = vec![KeyCode::Char('2'), KeyCode::Tab];
        keys.extend("bus late".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        let PickerOutcome::Done(EventKind::Attendance { text, .. }) = run(&mut picker, &keys)
        else {
            panic!("not saved")
        };
        assert_eq!(text.as_deref(), Some("bus late"));
        let mut picker = Picker::new(PickerKind::Goal, &group(&[]), &[], 0);
        let mut keys = vec![KeyCode::Char('2'), KeyCode::Char('4'), KeyCode::Tab];
        keys.extend("walked twice".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        let PickerOutcome::Done(EventKind::GoalRating { text, rating, .. }) =
            run(&mut picker, &keys)
        else {
            panic!("not saved")
        };
        assert_eq!((text.as_deref(), rating), (Some("walked twice"), 1));
    }
}
