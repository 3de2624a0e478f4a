//! What carries over from a group's earlier sessions into the next one,
//! derived from their records (never from today's group file alone):
//!
//! - **norms** in force — the group file's agreed norms, and every norm named
//!   by a norm moment of an earlier session — each with its history (which
//!   session set, reviewed, challenged, revised it);
//! - **last session's plan** (its plan moments);
//! - **conflicts not resolved**: the conflicts of each session (one rule,
//!   `model::conflict_identities`) followed across sessions by type and
//!   members; one whose latest status is not *resolved* carries on;
//! - **risk follow-ups**: every risk of the last session (with its follow-up,
//!   or saying none was recorded), and every earlier risk whose follow-up is
//!   due on or after the last session's day;
//! - **members absent last time** (absent or excused, as the attendance last
//!   stood), if they are still on the roster;
//! - each member's **previous goal rating**, per goal (the latest rated);
//! - whether the facilitator **declared the ending phase**, and which members
//!   are **new** since the earlier sessions (their contract is offered).
//!
//! Only ended sessions of the facilitator's record with a lower number than
//! the session being started count; retracted moments drop out, amended ones
//! read as amended (`model::effective_events`).

use crate::model::phase::Membership;
use crate::model::taxonomy::{ConflictStatus, ConflictType, NormAction, RiskAction, RiskLevel};
use crate::model::{
    AttendanceChange, Checklist, EventKind, Group, MemberId, Moment, MomentKind, PhaseTask,
    Session, Timestamp, conflict_identities, effective_events,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// The session the carry-over comes from (the latest earlier one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSession {
    pub number: u32,
    pub date: NaiveDate,
}

/// One step of a norm's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormStep {
    pub session: u32,
    pub action: NormAction,
}

/// A norm in force and what happened to it in earlier sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedNorm {
    /// As the group file words it, else as first logged.
    pub norm: String,
    /// In the group file's agreed norms.
    pub agreed: bool,
    /// Oldest first.
    pub history: Vec<NormStep>,
}

impl CarriedNorm {
    /// The session that established it, if one did.
    pub fn established_in(&self) -> Option<u32> {
        self.history
            .iter()
            .find(|step| step.action == NormAction::Established)
            .map(|step| step.session)
    }
}

/// A plan item of the last session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedPlan {
    pub text: String,
    /// Empty: the whole group.
    pub members: Vec<MemberId>,
}

/// A conflict not resolved by the end of the last session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedConflict {
    pub kind: ConflictType,
    pub members: Vec<MemberId>,
    /// Every status logged, with its session, oldest first.
    pub steps: Vec<(u32, ConflictStatus)>,
    /// The words of the latest moment that had any.
    pub text: Option<String>,
}

impl CarriedConflict {
    pub fn status(&self) -> ConflictStatus {
        self.steps
            .last()
            .map_or(ConflictStatus::Emerged, |(_, status)| *status)
    }

    /// The session it emerged in.
    pub fn since(&self) -> u32 {
        self.steps.first().map_or(0, |(session, _)| *session)
    }
}

/// Where a follow-up's due date stands on the day of the new session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Overdue,
    Today,
    Later,
    /// No due date recorded.
    NotSet,
}

/// A risk to follow up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub member: MemberId,
    pub level: RiskLevel,
    pub session: u32,
    pub at: Timestamp,
    pub actions: Vec<RiskAction>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub due_state: Due,
    /// The words logged with the risk.
    pub text: Option<String>,
}

impl FollowUp {
    /// Neither an owner nor a due date was recorded.
    pub fn unassigned(&self) -> bool {
        self.owner.is_none() && self.due.is_none()
    }
}

/// A member absent or excused last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsentMember {
    pub member: MemberId,
    /// `Absent` or `Excused`.
    pub change: AttendanceChange,
    pub reason: Option<String>,
}

/// A member's latest rating of one goal before this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousRating {
    pub member: MemberId,
    pub goal: u8,
    pub rating: i8,
    pub session: u32,
}

/// Everything carried from the earlier sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CarryOver {
    /// `None`: no earlier session ended (this is the first).
    pub last: Option<LastSession>,
    pub norms: Vec<CarriedNorm>,
    pub plan: Vec<CarriedPlan>,
    pub conflicts: Vec<CarriedConflict>,
    pub follow_ups: Vec<FollowUp>,
    pub absent: Vec<AbsentMember>,
    pub ratings: Vec<PreviousRating>,
    /// The session in which the ending phase was declared.
    pub ending_declared: Option<u32>,
    /// Members on today's roster who were on no earlier session's roster.
    pub joined: Vec<MemberId>,
}

/// A checklist the panel offers, for the whole group (`members` empty) or
/// for the members who joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub list: Checklist,
    pub members: Vec<MemberId>,
}

fn key(norm: &str) -> String {
    norm.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn sorted(members: &[MemberId]) -> Vec<MemberId> {
    let mut members = members.to_vec();
    members.sort();
    members.dedup();
    members
}

fn words(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_string)
}

impl CarryOver {
    /// The carry-over into a session of `group` (its roster as of `today`)
    /// numbered `number`, from `sessions` (any order; those not ended, not
    /// the facilitator's record, or not numbered below `number` are left out).
    pub fn gather(sessions: &[Session], group: &Group, number: u32, today: NaiveDate) -> CarryOver {
        let mut earlier: Vec<&Session> = sessions
            .iter()
            .filter(|session| {
                session.is_ended()
                    && session.header.observer.is_none()
                    && session.header.number < number
            })
            .collect();
        earlier.sort_by_key(|session| (session.header.number, session.header.started));
        let mut carry = CarryOver {
            norms: group
                .norms
                .iter()
                .map(|norm| CarriedNorm {
                    norm: norm.clone(),
                    agreed: true,
                    history: Vec::new(),
                })
                .collect(),
            ..CarryOver::default()
        };
        let roster: BTreeSet<&MemberId> = group.members.iter().map(|member| &member.id).collect();
        let mut seen: BTreeSet<MemberId> = BTreeSet::new();
        let mut ratings: BTreeMap<(MemberId, u8), PreviousRating> = BTreeMap::new();
        let mut all_risks: Vec<FollowUp> = Vec::new();
        for (index, session) in earlier.iter().enumerate() {
            let number = session.header.number;
            let is_last = index + 1 == earlier.len();
            let recorded = session.group_as_recorded(group).group;
            seen.extend(recorded.members.iter().map(|member| member.id.clone()));
            let events = effective_events(&session.events);
            let mut moments: Vec<(crate::model::EventId, Timestamp, &Moment)> = Vec::new();
            let mut attendance: BTreeMap<&MemberId, (AttendanceChange, Option<String>)> =
                BTreeMap::new();
            for (event, kind) in &events {
                match kind {
                    EventKind::Moment(moment) => {
                        moments.push((event.id, event.at, moment));
                        carry.moment(number, is_last, event.at, moment, today, &mut all_risks);
                    }
                    EventKind::GoalRating {
                        member,
                        goal,
                        rating,
                        ..
                    } => {
                        ratings.insert(
                            (member.clone(), *goal),
                            PreviousRating {
                                member: member.clone(),
                                goal: *goal,
                                rating: *rating,
                                session: number,
                            },
                        );
                    }
                    EventKind::Attendance {
                        member,
                        change,
                        text,
                    } if is_last => {
                        attendance.insert(member, (*change, words(text)));
                    }
                    _ => {}
                }
            }
            moments.sort_by_key(|(id, at, _)| (*at, *id));
            carry.follow_conflicts(number, moments);
            if is_last {
                carry.last = Some(LastSession {
                    number,
                    date: session.header.started.date_naive(),
                });
                carry.absent = attendance
                    .into_iter()
                    .filter(|(member, _)| roster.contains(member))
                    .filter(|(_, (change, _))| {
                        matches!(change, AttendanceChange::Absent | AttendanceChange::Excused)
                    })
                    .map(|(member, (change, reason))| AbsentMember {
                        member: member.clone(),
                        change,
                        reason,
                    })
                    .collect();
                // Absent members in roster order.
                carry
                    .absent
                    .sort_by_key(|absent| group.position(&absent.member));
            }
        }
        let last_day = carry.last.as_ref().map(|last| last.date);
        let last_number = carry.last.as_ref().map(|last| last.number);
        carry.follow_ups = all_risks
            .into_iter()
            .filter(|risk| {
                Some(risk.session) == last_number
                    || risk
                        .due
                        .is_some_and(|due| last_day.is_some_and(|day| due >= day))
            })
            .collect();
        carry.ratings = ratings.into_values().collect();
        carry.joined = if earlier.is_empty() {
            Vec::new()
        } else {
            (group.members.iter())
                .filter(|member| !seen.contains(&member.id))
                .map(|member| member.id.clone())
                .collect()
        };
        carry
    }

    /// The carry-over into `session` (read with `group`, as it recorded it)
    /// from `earlier`: its number and day are the session's own.
    pub fn into_session(earlier: &[Session], group: &Group, session: &Session) -> CarryOver {
        CarryOver::gather(
            earlier,
            group,
            session.header.number,
            session.header.started.date_naive(),
        )
    }

    fn moment(
        &mut self,
        session: u32,
        is_last: bool,
        at: Timestamp,
        moment: &Moment,
        today: NaiveDate,
        risks: &mut Vec<FollowUp>,
    ) {
        match &moment.what {
            MomentKind::Norm { action, norm } => {
                let norm = if norm.trim().is_empty() {
                    match words(&moment.text) {
                        Some(text) => text,
                        None => return,
                    }
                } else {
                    norm.trim().to_string()
                };
                let step = NormStep {
                    session,
                    action: *action,
                };
                match self.norms.iter_mut().find(|n| key(&n.norm) == key(&norm)) {
                    Some(carried) => carried.history.push(step),
                    None => self.norms.push(CarriedNorm {
                        norm,
                        agreed: false,
                        history: vec![step],
                    }),
                }
            }
            MomentKind::Plan if is_last => {
                if let Some(text) = words(&moment.text) {
                    self.plan.push(CarriedPlan {
                        text,
                        members: moment.members.clone(),
                    });
                }
            }
            MomentKind::Risk(level, detail) => {
                let Some(member) = moment.members.first() else {
                    return;
                };
                let due_state = match detail.follow_up_due {
                    None => Due::NotSet,
                    Some(due) if due < today => Due::Overdue,
                    Some(due) if due == today => Due::Today,
                    Some(_) => Due::Later,
                };
                risks.push(FollowUp {
                    member: member.clone(),
                    level: *level,
                    session,
                    at,
                    actions: detail.actions.clone(),
                    owner: detail.follow_up_owner.clone(),
                    due: detail.follow_up_due,
                    due_state,
                    text: words(&moment.text),
                });
            }
            MomentKind::Task(PhaseTask::EndingPhase) => {
                self.ending_declared.get_or_insert(session);
            }
            MomentKind::Plan
            | MomentKind::Conflict { .. }
            | MomentKind::MutualAid(_)
            | MomentKind::Intervention(_)
            | MomentKind::Note
            | MomentKind::Bookmark
            | MomentKind::Theme
            | MomentKind::Observation(_)
            | MomentKind::Task(_) => {}
        }
    }

    /// The conflicts of one session, joined to the open ones of type and
    /// members; the resolved ones stop being carried.
    fn follow_conflicts(
        &mut self,
        session: u32,
        moments: Vec<(crate::model::EventId, Timestamp, &Moment)>,
    ) {
        let texts: BTreeMap<crate::model::EventId, Option<String>> = moments
            .iter()
            .map(|(id, _, moment)| (*id, words(&moment.text)))
            .collect();
        for identity in conflict_identities(moments) {
            let steps = identity
                .moments
                .iter()
                .map(|(_, _, status)| (session, *status));
            let text = (identity.moments.iter().rev())
                .find_map(|(id, _, _)| texts.get(id).cloned().flatten());
            let members = sorted(&identity.members);
            match self
                .conflicts
                .iter_mut()
                .find(|open| open.kind == identity.kind && sorted(&open.members) == members)
            {
                Some(open) => {
                    open.steps.extend(steps);
                    if text.is_some() {
                        open.text = text;
                    }
                }
                None => self.conflicts.push(CarriedConflict {
                    kind: identity.kind,
                    members: identity.members.clone(),
                    steps: steps.collect(),
                    text,
                }),
            }
        }
        self.conflicts
            .retain(|conflict| conflict.status() != ConflictStatus::Resolved);
    }

    /// The member's latest rating of goal `goal`.
    pub fn previous_rating(&self, member: &MemberId, goal: u8) -> Option<&PreviousRating> {
        self.ratings
            .iter()
            .find(|rating| &rating.member == member && rating.goal == goal)
    }

    /// Nothing to tell from last time.
    pub fn is_empty(&self) -> bool {
        self.last.is_none()
    }

    /// The checklists offered in session `number` of `group`, given the
    /// events logged so far in it: the contract in the first session (for
    /// everyone) or, in an open group, for the members who joined; the
    /// ending checklist in the last two planned sessions, or once the ending
    /// phase was declared (earlier, or in `events` of this session).
    pub fn offers(&self, group: &Group, number: u32, now: &[crate::model::Event]) -> Vec<Offer> {
        let declared_now = done_tasks(now).contains(&PhaseTask::EndingPhase);
        self.offers_with(group, number, declared_now)
    }

    /// [`CarryOver::offers`] when whether the ending phase was declared in
    /// this session is already known (the live panel keeps what was ticked,
    /// and asks at every frame: the session's events are not read again).
    pub fn offers_with(&self, group: &Group, number: u32, declared_now: bool) -> Vec<Offer> {
        let mut offers = Vec::new();
        if self.last.is_none() {
            offers.push(Offer {
                list: Checklist::Contract,
                members: Vec::new(),
            });
        } else if !self.joined.is_empty() && group.membership != Some(Membership::Closed) {
            offers.push(Offer {
                list: Checklist::Contract,
                members: self.joined.clone(),
            });
        }
        let planned_end = group
            .planned_sessions
            .is_some_and(|planned| number.saturating_add(1) >= planned);
        if planned_end || self.ending_declared.is_some() || declared_now {
            offers.push(Offer {
                list: Checklist::Ending,
                members: Vec::new(),
            });
        }
        offers
    }
}

/// The checklist items done (and declarations made) among `events`, as the
/// record stands, in the order first done.
pub fn done_tasks(events: &[crate::model::Event]) -> Vec<PhaseTask> {
    let mut done = Vec::new();
    for (_, kind) in effective_events(events) {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
