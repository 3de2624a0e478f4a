//! The observation form behind `o` and the closing step: a few rows, each
//! one list chosen on digits (or a member's key, a goal rating), then a line
//! of text. A digit chooses on the row in focus and moves to the next row;
//! Tab and ↓ move on, ↑ back; Backspace clears the row's choice (or a
//! character of the text); Enter saves; Esc leaves. Its keys are fixed, like
//! a picker's (see `FIXED_KEYS`).

use crate::model::family::Digits;
use crate::model::taxonomy::{
    Choice, GOAL_RATINGS, GoalProgress, InterventionResponse, ParticipationQuality, Presentation,
};
use crate::model::taxonomy::{RiskAction, RiskLevel};
use crate::model::{EventKind, MemberId, Moment, MomentKind, Observation, RiskDetail, Timestamp};
use crate::tui::picker::{CHOICE_KEYS, member_position};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// A form's keys, fixed (not in the keymap), as the help lists them.
pub const FIXED_KEYS: [(&str, &str, &str); 5] = [
    ("digit", "choose", "choose on the row, go to the next"),
    ("Tab ↓ ↑", "row", "next / previous row"),
    ("Bksp", "clear", "clear the row's choice"),
    ("Enter", "save", "save"),
    ("Esc", "leave", "leave without saving"),
];

/// One row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// Which member: their hotkey.
    Member,
    /// One of the observation's lists.
    List(Digits),
    /// A rating of the member's first goal, -2..=2 on `1`–`5`.
    Goal,
    /// Anything to add, in words.
    Text,
    /// A risk's detail in words (see [`RiskWords`]).
    Words(RiskWords),
    /// What was done about a risk: digits toggle each action.
    Actions,
}

/// The risk's fields typed in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskWords {
    Assessment,
    /// When the supervisor or on-call was informed: `hh:mm`.
    InformedAt,
    ActionText,
    Owner,
    /// `YYYY-MM-DD`, or `+N` days from today.
    Due,
}

/// The rows Tab reaches after a risk's level, member and words.
pub const RISK_ROWS: [Row; 6] = [
    Row::Words(RiskWords::Assessment),
    Row::Actions,
    Row::Words(RiskWords::InformedAt),
    Row::Words(RiskWords::ActionText),
    Row::Words(RiskWords::Owner),
    Row::Words(RiskWords::Due),
];

/// A risk whose level, member and words the picker chose, waiting for its detail.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRisk {
    pub level: RiskLevel,
    pub text: Option<String>,
    /// Today, for `hh:mm` and `+N` days.
    pub now: Timestamp,
}

impl Row {
    pub fn label(self) -> &'static str {
        match self {
            Row::Member => "member",
            Row::List(Digits::Presentation) => "presentation",
            Row::List(Digits::ParticipationQuality) => "participation",
            Row::List(Digits::InterventionResponse) => "response to worker",
            Row::List(Digits::GoalProgress) => "goal progress",
            Row::List(_) => "choice",
            Row::Goal => "goal rating",
            Row::Text => "anything to add",
            Row::Words(RiskWords::Assessment) => "assessment",
            Row::Actions => "action taken",
            Row::Words(RiskWords::InformedAt) => "informed at",
            Row::Words(RiskWords::ActionText) => "action, words",
            Row::Words(RiskWords::Owner) => "follow-up by",
            Row::Words(RiskWords::Due) => "follow-up due",
        }
    }

    /// A row that takes typed words.
    pub fn types(self) -> bool {
        matches!(self, Row::Text | Row::Words(_))
    }
}

/// The four lists of an observation, in order.
pub const OBSERVATION_ROWS: [Row; 4] = [
    Row::List(Digits::Presentation),
    Row::List(Digits::ParticipationQuality),
    Row::List(Digits::InterventionResponse),
    Row::List(Digits::GoalProgress),
];

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    Open,
    /// Esc: nothing saved.
    Left,
    /// Enter: the events to log (none if nothing was chosen or typed).
    Done(Vec<EventKind>),
    /// A key the form does not use (a letter off the text row), for the
    /// screen's own commands.
    Unused(KeyEvent),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub member: Option<MemberId>,
    pub rows: Vec<Row>,
    pub focus: usize,
    /// The choice on each row (by index into its list), `None` if none.
    pub chosen: Vec<Option<usize>>,
    pub text: String,
    /// The goal rated by the goal row: the member's first goal.
    pub goal: Option<String>,
    /// Why Enter did not save, shown until the next key.
    pub problem: Option<String>,
    /// The words typed on each `Words` row, by row.
    pub words: Vec<String>,
    /// The actions toggled on the `Actions` row.
    pub actions: Vec<RiskAction>,
    /// The risk this form completes, if it is a risk's detail.
    pub risk: Option<PendingRisk>,
}

impl Form {
    /// `o`: a member's key first, then the four lists, then words.
    pub fn observation(member: Option<MemberId>) -> Form {
        let mut rows = vec![Row::Member];
        rows.extend(OBSERVATION_ROWS);
        rows.push(Row::Text);
        let focus = usize::from(member.is_some());
        Form {
            title: "Observation of a member".into(),
            chosen: vec![None; rows.len()],
            member,
            rows,
            focus,
            text: String::new(),
            goal: None,
            problem: None,
            words: Vec::new(),
            actions: Vec::new(),
            risk: None,
        }
    }

    /// The closing step's page for one member: the four lists, a rating of
    /// their first goal if they have one, anything to add; pre-filled with
    /// the latest observation logged about them.
    pub fn closing(
        title: String,
        member: MemberId,
        goal: Option<String>,
        logged: Option<&Observation>,
    ) -> Form {
        let mut rows = OBSERVATION_ROWS.to_vec();
        if goal.is_some() {
            rows.push(Row::Goal);
        }
        rows.push(Row::Text);
        let mut form = Form {
            title,
            chosen: vec![None; rows.len()],
            member: Some(member),
            rows,
            focus: 0,
            text: String::new(),
            goal,
            problem: None,
            words: Vec::new(),
            actions: Vec::new(),
            risk: None,
        };
        if let Some(seen) = logged {
            form.chosen[0] = seen.presentation.and_then(position);
            form.chosen[1] = seen.participation.and_then(position);
            form.chosen[2] = seen.response.and_then(position);
            form.chosen[3] = seen.progress.and_then(position);
        }
        form
    }

    /// The labels a row offers, in key order.
    pub fn choices(&self, row: Row, members: &[String]) -> Vec<String> {
        match row {
            Row::Member => members.to_vec(),
            Row::List(digits) => digits.labels().into_iter().map(str::to_string).collect(),
            Row::Goal => GOAL_RATINGS
                .iter()
                .map(|&(rating, _)| goal_words(rating).to_string())
                .collect(),
            Row::Actions => RiskAction::ALL
                .iter()
                .map(|action| action.short().to_string())
                .collect(),
            Row::Text | Row::Words(_) => Vec::new(),
        }
    }

    pub fn focused(&self) -> Row {
        self.rows.get(self.focus).copied().unwrap_or(Row::Text)
    }

    /// The observation chosen so far.
    pub fn observation_chosen(&self) -> Observation {
        let mut seen = Observation::default();
        for (row, chosen) in self.rows.iter().zip(&self.chosen) {
            let Some(index) = *chosen else { continue };
            match row {
                Row::List(Digits::Presentation) => {
                    seen.presentation = Presentation::ALL.get(index).copied();
                }
                Row::List(Digits::ParticipationQuality) => {
                    seen.participation = ParticipationQuality::ALL.get(index).copied();
                }
                Row::List(Digits::InterventionResponse) => {
                    seen.response = InterventionResponse::ALL.get(index).copied();
                }
                Row::List(Digits::GoalProgress) => {
                    seen.progress = GoalProgress::ALL.get(index).copied();
                }
                Row::List(_)
                | Row::Member
                | Row::Goal
                | Row::Text
                | Row::Words(_)
                | Row::Actions => {}
            }
        }
        seen
    }

    /// `member_at` gives the roster member on a hotkey position.
    pub fn handle(
        &mut self,
        key: &KeyEvent,
        member_at: &dyn Fn(usize) -> Option<MemberId>,
    ) -> FormOutcome {
        self.problem = None;
        let row = self.focused();
        match key.code {
            KeyCode::Esc => return FormOutcome::Left,
            KeyCode::Enter => return self.finish(),
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % self.rows.len(),
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + self.rows.len() - 1) % self.rows.len();
            }
            KeyCode::Backspace if row == Row::Text => {
                self.text.pop();
            }
            KeyCode::Backspace if row.types() => {
                if let Some(words) = self.words.get_mut(self.focus) {
                    words.pop();
                }
            }
            KeyCode::Backspace if row == Row::Actions => {
                self.actions.pop();
            }
            KeyCode::Backspace => {
                if row == Row::Member {
                    self.member = None;
                }
                if let Some(chosen) = self.chosen.get_mut(self.focus) {
                    *chosen = None;
                }
            }
            KeyCode::Char(c) if row == Row::Text => self.text.push(c),
            KeyCode::Char(c) if row.types() => {
                if let Some(words) = self.words.get_mut(self.focus) {
                    words.push(c);
                }
            }
            KeyCode::Char(c) if row == Row::Actions => {
                match CHOICE_KEYS.iter().position(|&k| k == c) {
                    Some(index) if index < RiskAction::ALL.len() => {
                        let action = RiskAction::ALL[index];
                        match self.actions.iter().position(|a| *a == action) {
                            Some(at) => {
                                self.actions.remove(at);
                            }
                            None => self.actions.push(action),
                        }
                    }
                    _ => return FormOutcome::Unused(*key),
                }
            }
            KeyCode::Char(c) if row == Row::Member => match member_position(c, false) {
                Some(position) => match member_at(position) {
                    Some(id) => {
                        self.member = Some(id);
                        self.focus += 1;
                    }
                    None => self.problem = Some(format!("no member on key {c}")),
                },
                None => return FormOutcome::Unused(*key),
            },
            KeyCode::Char(c) => {
                let offered = self.choices(row, &[]).len();
                match CHOICE_KEYS.iter().position(|&k| k == c) {
                    Some(index) if index < offered => {
                        if let Some(chosen) = self.chosen.get_mut(self.focus) {
                            *chosen = Some(index);
                        }
                        self.focus = (self.focus + 1).min(self.rows.len() - 1);
                    }
                    Some(_) if c.is_ascii_digit() => {
                        self.problem = Some(format!("{c} is not on this row's list"));
                    }
                    _ => return FormOutcome::Unused(*key),
                }
            }
            _ => {}
        }
        FormOutcome::Open
    }

    /// The risk form: its level, member and words from the picker, then
    /// assessment, actions, informed at, words on the action, follow-up owner
    /// and due date, all optional.
    pub fn risk(level: RiskLevel, member: MemberId, text: Option<String>, now: Timestamp) -> Form {
        let rows = RISK_ROWS.to_vec();
        Form {
            title: format!(
                "Risk · {} · what was assessed and done (all optional)",
                level.label()
            ),
            chosen: vec![None; rows.len()],
            words: vec![String::new(); rows.len()],
            member: Some(member),
            rows,
            focus: 0,
            text: String::new(),
            goal: None,
            problem: None,
            actions: Vec::new(),
            risk: Some(PendingRisk { level, text, now }),
        }
    }

    /// The words typed on the row of `field`, trimmed; `None` if blank.
    fn typed(&self, field: RiskWords) -> Option<String> {
        let row = self.rows.iter().position(|row| *row == Row::Words(field))?;
        Some(self.words.get(row)?.trim().to_string()).filter(|words| !words.is_empty())
    }

    fn risk_detail(&self, now: Timestamp) -> Result<RiskDetail, String> {
        let informed_at = match self.typed(RiskWords::InformedAt) {
            None => None,
            Some(words) => {
                let not_hh_mm = || format!("informed at: \"{words}\" is not hh:mm");
                // chrono takes `18:4`; a clock time has two digits of minutes.
                if words
                    .split_once(':')
                    .is_none_or(|(_, minutes)| minutes.len() != 2)
                {
                    return Err(not_hh_mm());
                }
                let time =
                    chrono::NaiveTime::parse_from_str(&words, "%H:%M").map_err(|_| not_hh_mm())?;
                let at = now
                    .date_naive()
                    .and_time(time)
                    .and_local_timezone(*now.offset());
                Some(
                    at.single()
                        .ok_or_else(|| format!("informed at: {words} does not exist today"))?,
                )
            }
        };
        let follow_up_due = match self.typed(RiskWords::Due) {
            None => None,
            Some(words) => Some(match words.strip_prefix('+') {
                Some(days) => days
                    .parse::<u32>()
                    .ok()
                    .and_then(|days| {
                        now.date_naive()
                            .checked_add_days(chrono::Days::new(days.into()))
                    })
                    .ok_or_else(|| format!("follow-up due: \"{words}\" is not +N days"))?,
                None => chrono::NaiveDate::parse_from_str(&words, "%Y-%m-%d").map_err(|_| {
                    format!("follow-up due: \"{words}\" is not YYYY-MM-DD or +N days")
                })?,
            }),
        };
        Ok(RiskDetail {
            assessment: self.typed(RiskWords::Assessment),
            actions: self.actions.clone(),
            informed_at,
            action_text: self.typed(RiskWords::ActionText),
            follow_up_owner: self.typed(RiskWords::Owner),
            follow_up_due,
        })
    }

    fn finish(&mut self) -> FormOutcome {
        let Some(member) = self.member.clone() else {
            self.problem = Some("press the member's key first".into());
            return FormOutcome::Open;
        };
        if let Some(risk) = &self.risk {
            return match self.risk_detail(risk.now) {
                Ok(detail) => FormOutcome::Done(vec![EventKind::Moment(Moment {
                    what: MomentKind::Risk(risk.level, Box::new(detail)),
                    members: vec![member],
                    text: risk.text.clone(),
                })]),
                Err(problem) => {
                    self.problem = Some(problem);
                    FormOutcome::Open
                }
            };
        }
        let seen = self.observation_chosen();
        let text = Some(self.text.trim().to_string()).filter(|text| !text.is_empty());
        let mut events = Vec::new();
        if !seen.is_empty() || text.is_some() {
            events.push(EventKind::Moment(Moment {
                what: MomentKind::Observation(seen),
                members: vec![member.clone()],
                text,
            }));
        }
        let goal = self
            .rows
            .iter()
            .position(|row| *row == Row::Goal)
            .and_then(|row| self.chosen[row]);
        if let Some(index) = goal
            && let Some((rating, _)) = GOAL_RATINGS.get(index)
        {
            events.push(EventKind::GoalRating {
                member,
                goal: 0,
                rating: *rating,
                text: None,
            });
        }
        FormOutcome::Done(events)
    }
}

/// The goal attainment scale, short enough for one line of the form.
fn goal_words(rating: i8) -> &'static str {
    match rating {
        -2 => "-2 much less",
        -1 => "-1 less",
        0 => "0 as expected",
        1 => "+1 more",
        2 => "+2 much more",
        _ => "?",
    }
}

fn position<C: Choice>(choice: C) -> Option<usize> {
    C::ALL.iter().position(|c| *c == choice)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn run(form: &mut Form, keys: &[KeyCode]) -> FormOutcome {
        let roster = [MemberId::new("ana"), MemberId::new("ben")];
        let mut outcome = FormOutcome::Open;
        for code in keys {
            outcome = form.handle(&key(*code), &|p| roster.get(p).cloned());
        }
        outcome
    }

    #[test]
    fn o_a_member_key_a_digit_per_list_and_words() {
        let mut form = Form::observation(None);
        let mut keys = vec![
            KeyCode::Char('2'), // Ben
            KeyCode::Char('5'), // tearful
            KeyCode::Char('3'), // minimal
            KeyCode::Tab,       // no response chosen
            KeyCode::Char('1'), // progressing
        ];
        keys.extend("cried".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        let FormOutcome::Done(events) = run(&mut form, &keys) else {
            panic!("{form:?}")
        };
        assert_eq!(
            events,
            [EventKind::Moment(Moment {
                what: MomentKind::Observation(Observation {
                    presentation: Some(Presentation::Tearful),
                    participation: Some(ParticipationQuality::Minimal),
                    response: None,
                    progress: Some(GoalProgress::Progressing),
                }),
                members: vec![MemberId::new("ben")],
                text: Some("cried".into()),
            })]
        );
    }

    #[test]
    fn enter_without_a_member_explains_and_nothing_chosen_logs_nothing() {
        let mut form = Form::observation(None);
        assert_eq!(run(&mut form, &[KeyCode::Enter]), FormOutcome::Open);
        assert_eq!(
            form.problem.as_deref(),
            Some("press the member's key first")
        );
        let mut form = Form::observation(Some(MemberId::new("ana")));
        assert_eq!(run(&mut form, &[KeyCode::Enter]), FormOutcome::Done(vec![]));
    }

    #[test]
    fn the_risk_form_records_what_was_typed_and_toggled_and_refuses_a_bad_time() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-19T18:30:00-05:00").unwrap();
        let mut form = Form::risk(
            RiskLevel::Elevated,
            MemberId::new("ben"),
            Some("not sleeping".into()),
            now,
        );
        let mut keys: Vec<KeyCode> = "no plan".chars().map(KeyCode::Char).collect();
        keys.push(KeyCode::Tab);
        keys.extend([KeyCode::Char('1'), KeyCode::Char('2'), KeyCode::Char('5')]);
        keys.push(KeyCode::Char('5')); // toggled off again
        keys.push(KeyCode::Tab);
        keys.extend("18:4".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        assert_eq!(run(&mut form, &keys), FormOutcome::Open);
        assert_eq!(
            form.problem.as_deref(),
            Some("informed at: \"18:4\" is not hh:mm")
        );
        let mut keys = vec![KeyCode::Char('0'), KeyCode::Tab, KeyCode::Tab];
        keys.extend("J. Park".chars().map(KeyCode::Char));
        keys.push(KeyCode::Tab);
        keys.extend("+2".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        let FormOutcome::Done(events) = run(&mut form, &keys) else {
            panic!("{form:?}")
        };
        let detail = RiskDetail {
            assessment: Some("no plan".into()),
            actions: vec![RiskAction::SafetyPlan, RiskAction::SupervisorInformed],
            informed_at: Some(
                chrono::DateTime::parse_from_rfc3339("2026-11-19T18:40:00-05:00").unwrap(),
            ),
            action_text: None,
            follow_up_owner: Some("J. Park".into()),
            follow_up_due: chrono::NaiveDate::from_ymd_opt(2026, 11, 21),
        };
        assert_eq!(
            events,
            [EventKind::Moment(Moment {
                what: MomentKind::Risk(RiskLevel::Elevated, Box::new(detail)),
                members: vec![MemberId::new("ben")],
                text: Some("not sleeping".into()),
            })]
        );
        // Nothing typed: the risk as the picker had it, nothing inferred.
        let mut form = Form::risk(RiskLevel::Concern, MemberId::new("ana"), None, now);
        let FormOutcome::Done(events) = run(&mut form, &[KeyCode::Enter]) else {
            panic!("{form:?}")
        };
        assert_eq!(
            events,
            [EventKind::Moment(Moment {
                what: MomentKind::risk(RiskLevel::Concern),
                members: vec![MemberId::new("ana")],
                text: None,
            })]
        );
    }

    #[test]
    fn the_closing_page_is_prefilled_and_rates_the_goal() {
        let logged = Observation {
            presentation: Some(Presentation::Withdrawn),
            ..Observation::default()
        };
        let mut form = Form::closing(
            "Closing".into(),
            MemberId::new("ana"),
            Some("ask for help".into()),
            Some(&logged),
        );
        assert_eq!(form.chosen[0], Some(3));
        // Down to the goal row, +1.
        let keys = [
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char('4'),
            KeyCode::Enter,
        ];
        let FormOutcome::Done(events) = run(&mut form, &keys) else {
            panic!("{form:?}")
        };
        assert_eq!(events.len(), 2);
        assert!(matches!(
            &events[0],
            EventKind::Moment(Moment { what: MomentKind::Observation(seen), .. })
                if seen.presentation == Some(Presentation::Withdrawn)
        ));
        assert_eq!(
            events[1],
            EventKind::GoalRating {
                member: MemberId::new("ana"),
                goal: 0,
                rating: 1,
                text: None
            }
        );
        // A letter off the text row is the screen's.
        let mut form = Form::closing("Closing".into(), MemberId::new("ana"), None, None);
        assert!(matches!(
            run(&mut form, &[KeyCode::Char('s')]),
            FormOutcome::Unused(_)
        ));
    }
}
