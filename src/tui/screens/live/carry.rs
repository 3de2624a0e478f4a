//! What the live panel takes from last time and the beginning and ending
//! tasks: the "from last time" pane (shown when a session starts, hidden by
//! any key, recalled by `from_last_time`), the carried norms and previous
//! goal ratings in the pickers, and the contract and ending checklists
//! (`checklist`, `C`, opens the one offered; a digit ticks an item: two keys).

use super::{Live, log};
use crate::metrics::carry::{CarryOver, Offer};
use crate::model::{
    Checklist, EventKind, Group, MemberId, Moment, MomentFamily, MomentKind, NameStyle, PhaseTask,
};
use crate::tui::action::Effect;
use crate::tui::keymap::Command;
use crate::tui::picker::PickerKind;
use crate::tui::screens::Ctx;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The checklist open on the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistPane {
    pub list: Checklist,
    /// Ticks are about these members (who joined), or the whole group.
    pub members: Vec<MemberId>,
}

/// The digit that ticks item `index` of a checklist: `1`–`9`, then `0`.
pub fn item_key(index: usize) -> char {
    match index {
        0..=8 => char::from(b'1' + index as u8),
        _ => '0',
    }
}

fn item_of(c: char) -> Option<usize> {
    match c {
        '1'..='9' => Some(c as usize - '1' as usize),
        '0' => Some(9),
        _ => None,
    }
}

/// "−1", "0", "+2": a rating as the goal attainment scale writes it.
pub fn signed(rating: i8) -> String {
    match rating {
        r if r > 0 => format!("+{r}"),
        r if r < 0 => format!("−{}", r.unsigned_abs()),
        _ => "0".into(),
    }
}

impl Live {
    /// The carry-over read after the session opened; the pane shows when
    /// there is something to tell and nothing has been logged yet.
    pub fn set_carry(&mut self, carry: CarryOver) {
        self.from_last_time = !carry.is_empty() && self.session.events.is_empty();
        self.carry = Some(carry);
    }

    /// What carries over, empty until read.
    pub fn carried(&self) -> &CarryOver {
        static NOTHING: std::sync::OnceLock<CarryOver> = std::sync::OnceLock::new();
        self.carry
            .as_ref()
            .unwrap_or_else(|| NOTHING.get_or_init(CarryOver::default))
    }

    /// The checklists offered now (none before the carry-over is read).
    pub fn offers(&self) -> Vec<Offer> {
        self.offers_given(&self.ticked())
    }

    /// The checklists offered now, each with its progress (items ticked, items
    /// it has): what the status line shows at every frame, reading the
    /// session's ticks once.
    pub fn offers_with_progress(&self) -> Vec<(Offer, (usize, usize))> {
        let ticked = self.ticked();
        (self.offers_given(&ticked).into_iter())
            .map(|offer| {
                let progress = progress_of(offer.list, &ticked);
                (offer, progress)
            })
            .collect()
    }

    fn offers_given(&self, ticked: &[PhaseTask]) -> Vec<Offer> {
        match &self.carry {
            Some(carry) => carry.offers_with(
                &self.group,
                self.session.header.number,
                ticked.contains(&PhaseTask::EndingPhase),
            ),
            None => Vec::new(),
        }
    }

    /// The items ticked (and declarations made) in this session, as it stands.
    pub fn ticked(&self) -> Vec<PhaseTask> {
        let mut done = Vec::new();
        for (_, kind) in self.standing_tasks() {
            if let EventKind::Moment(Moment {
                what: MomentKind::Task(task),
                ..
            }) = kind
                && !done.contains(task)
            {
                done.push(*task);
            }
        }
        done
    }

    /// The norms the norm picker offers: the group's agreed norms, those
    /// carried from earlier sessions, and those named so far in this one.
    pub fn norms_in_force(&self) -> Vec<String> {
        let mut norms: Vec<String> = self.group.norms.clone();
        let mut add = |norm: &str| {
            let norm = norm.trim();
            if !norm.is_empty() && !norms.iter().any(|n| n.eq_ignore_ascii_case(norm)) {
                norms.push(norm.to_string());
            }
        };
        for carried in &self.carried().norms {
            add(&carried.norm);
        }
        for (_, kind) in self.standing_not_turns() {
            if let EventKind::Moment(Moment {
                what: MomentKind::Norm { norm, .. },
                ..
            }) = kind
            {
                add(norm);
            }
        }
        norms
    }

    /// The group as a picker of `kind` is to see it: the norm picker lists
    /// the norms in force; the goal-rating picker names each goal's previous
    /// rating ("… · last time −1 (s3)").
    pub fn picker_group(&self, kind: PickerKind) -> std::borrow::Cow<'_, Group> {
        use std::borrow::Cow;
        match kind {
            PickerKind::Moment(MomentFamily::Norm) => {
                let mut group = self.group.clone();
                group.norms = self.norms_in_force();
                Cow::Owned(group)
            }
            PickerKind::Goal if !self.carried().ratings.is_empty() => {
                let mut group = self.group.clone();
                for member in &mut group.members {
                    for (index, goal) in member.goals.iter_mut().enumerate() {
                        let index = u8::try_from(index).unwrap_or(u8::MAX);
                        if let Some(previous) = self.carried().previous_rating(&member.id, index) {
                            goal.push_str(&format!(
                                " · last time {} (s{})",
                                signed(previous.rating),
                                previous.session
                            ));
                        }
                    }
                }
                Cow::Owned(group)
            }
            _ => Cow::Borrowed(&self.group),
        }
    }

    /// `checklist`: the offered checklist not yet done (else the first
    /// offered; the contract when none is).
    pub(super) fn open_checklist(&mut self) {
        let offers = self.offers_with_progress();
        let open = offers
            .iter()
            .find(|(_, (done, all))| done < all)
            .or(offers.first())
            .map(|(offer, _)| offer.clone())
            .unwrap_or(Offer {
                list: Checklist::Contract,
                members: Vec::new(),
            });
        self.checklist = Some(ChecklistPane {
            list: open.list,
            members: open.members,
        });
    }

    /// `declare_ending`: logs the declaration (once) and opens the ending checklist.
    pub(super) fn declare_ending(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let mut effects = Vec::new();
        let declared = self.carried().ending_declared.is_some()
            || self.ticked().contains(&PhaseTask::EndingPhase);
        if declared {
            ctx.say("The ending phase was declared already: its checklist is open.");
        } else {
            effects.push(log(self, ctx.now, task(PhaseTask::EndingPhase, Vec::new())));
            ctx.say("Ending phase declared: the ending checklist is offered from now on.");
        }
        self.checklist = Some(ChecklistPane {
            list: Checklist::Ending,
            members: Vec::new(),
        });
        effects
    }

    /// A key while a checklist is open: a digit ticks its item (and closes
    /// it), the checklist key shows the other list, Esc closes.
    pub(super) fn checklist_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let Some(pane) = self.checklist.clone() else {
            return Vec::new();
        };
        if key.code == KeyCode::Esc {
            self.checklist = None;
            return Vec::new();
        }
        if ctx.keymap.command(crate::tui::keymap::Context::Live, &key) == Some(Command::Checklist) {
            let list = match pane.list {
                Checklist::Contract => Checklist::Ending,
                Checklist::Ending => Checklist::Contract,
            };
            let members = self
                .offers()
                .into_iter()
                .find(|offer| offer.list == list)
                .map(|offer| offer.members)
                .unwrap_or_default();
            self.checklist = Some(ChecklistPane { list, members });
            return Vec::new();
        }
        let items = pane.list.items();
        let item = match key.code {
            KeyCode::Char(c) => item_of(c).and_then(|index| items.get(index).copied()),
            _ => None,
        };
        let Some(item) = item else {
            ctx.say(format!(
                "{} checklist: 1–{} ticks an item, {} the other list, Esc closes.",
                pane.list.title(),
                item_key(items.len() - 1),
                ctx.keymap.key(Command::Checklist)
            ));
            return Vec::new();
        };
        self.checklist = None;
        let ticked = self.ticked();
        if ticked.contains(&item) {
            ctx.say(format!("Already ticked: {}.", item.label()));
            return Vec::new();
        }
        let (done, all) = progress_of(pane.list, &ticked);
        ctx.say(format!(
            "Ticked: {} ({} {} of {all}).",
            item.label(),
            pane.list.title().to_lowercase(),
            done + 1
        ));
        vec![log(self, ctx.now, task(item, pane.members))]
    }

    /// A member's name, or "the whole group" for nobody.
    pub fn names_or_group(&self, members: &[MemberId], names: NameStyle) -> String {
        if members.is_empty() {
            "the whole group".into()
        } else {
            members
                .iter()
                .map(|id| self.name(id, names))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// The conflicts carried from earlier sessions that this session has not
/// logged yet (by type and members), as `c` offers them after its own:
/// "update: process · Ana R., Ben K. · unresolved s2". Their update names no
/// moment of this session (`continues: None`).
pub(super) fn carried_conflicts(
    live: &Live,
    here: &[crate::model::ConflictIdentity],
    names: NameStyle,
) -> Vec<crate::tui::picker::OpenConflict> {
    let sorted = |members: &[MemberId]| {
        let mut members = members.to_vec();
        members.sort();
        members.dedup();
        members
    };
    live.carried()
        .conflicts
        .iter()
        .filter(|carried| {
            !here.iter().any(|conflict| {
                conflict.kind == carried.kind
                    && sorted(&conflict.members) == sorted(&carried.members)
            })
        })
        .map(|carried| {
            let (session, status) = carried
                .steps
                .last()
                .copied()
                .unwrap_or((0, carried.status()));
            crate::tui::picker::OpenConflict {
                label: format!(
                    "update: {} · {} · {} s{session}",
                    crate::model::taxonomy::Choice::short(carried.kind),
                    live.names_or_group(&carried.members, names),
                    crate::model::taxonomy::Choice::label(status)
                ),
                opened: None,
                kind: carried.kind,
                members: carried.members.clone(),
                status,
            }
        })
        .collect()
}

fn task(task: PhaseTask, members: Vec<MemberId>) -> EventKind {
    EventKind::Moment(Moment {
        what: MomentKind::Task(task),
        members,
        text: None,
    })
}

/// Items of `list` among `ticked`, and how many it has.
pub(super) fn progress_of(list: Checklist, ticked: &[PhaseTask]) -> (usize, usize) {
    let items = list.items();
    let done = items.iter().filter(|item| ticked.contains(item)).count();
    (done, items.len())
}
