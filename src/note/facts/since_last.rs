//! "Since last session": what carried over from the group's earlier sessions
//! (`metrics::carry`) into this one — last session's plan, the conflicts left
//! open, the risks to follow up, who was absent, the norms in force with
//! their history — with names chosen and free text redacted as the rest of
//! the group section.

use super::context::Context;
use crate::metrics::carry::{CarryOver, Due};
use crate::model::AttendanceChange;
use crate::model::taxonomy::Choice;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinceLastFacts {
    /// The session it carries from, and its day (`YYYY-MM-DD`).
    pub session: u32,
    pub date: String,
    pub plan: Vec<CarriedPlanFact>,
    pub conflicts: Vec<CarriedConflictFact>,
    pub follow_ups: Vec<FollowUpFact>,
    pub absent: Vec<AbsentFact>,
    pub norms: Vec<CarriedNormFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedPlanFact {
    pub text: String,
    /// Empty: the whole group.
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedConflictFact {
    pub kind: &'static str,
    pub members: Vec<String>,
    /// "emerged s1, unresolved s2".
    pub history: String,
    pub status: &'static str,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpFact {
    pub member: String,
    pub level: &'static str,
    pub session: u32,
    pub actions: Vec<&'static str>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// "overdue", "due today", "due", or "no follow-up recorded".
    pub state: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AbsentFact {
    pub member: String,
    /// "absent" or "excused".
    pub how: &'static str,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedNormFact {
    pub norm: String,
    /// "established s1", "challenged s2"; empty for a norm of the group file
    /// nothing happened to.
    pub history: Vec<String>,
}

pub fn gather(ctx: &Context<'_>, carry: &CarryOver) -> Option<SinceLastFacts> {
    let last = carry.last.as_ref()?;
    let text = |raw: &Option<String>| ctx.text(raw.as_deref());
    Some(SinceLastFacts {
        session: last.number,
        date: last.date.format("%Y-%m-%d").to_string(),
        plan: carry
            .plan
            .iter()
            .map(|item| CarriedPlanFact {
                text: ctx.words(&item.text),
                members: ctx.member_names(&item.members),
            })
            .collect(),
        conflicts: carry
            .conflicts
            .iter()
            .map(|conflict| CarriedConflictFact {
                kind: conflict.kind.short(),
                members: ctx.member_names(&conflict.members),
                history: conflict
                    .steps
                    .iter()
                    .map(|(session, status)| format!("{} s{session}", status.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
                status: conflict.status().label(),
                text: text(&conflict.text),
            })
            .collect(),
        follow_ups: carry
            .follow_ups
            .iter()
            .map(|risk| FollowUpFact {
                member: ctx
                    .member_names(std::slice::from_ref(&risk.member))
                    .join(""),
                level: risk.level.label(),
                session: risk.session,
                actions: risk.actions.iter().map(|action| action.label()).collect(),
                owner: risk.owner.as_ref().map(|owner| ctx.words(owner)),
                due: risk.due.map(|due| due.format("%Y-%m-%d").to_string()),
                state: match (risk.unassigned(), risk.due_state) {
                    (true, _) => "no follow-up recorded",
                    (false, Due::Overdue) => "overdue",
                    (false, Due::Today) => "due today",
                    (false, Due::Later | Due::NotSet) => "due",
                },
            })
            .collect(),
        absent: carry
            .absent
            .iter()
            .map(|absent| AbsentFact {
                member: ctx
                    .member_names(std::slice::from_ref(&absent.member))
                    .join(""),
                how: match absent.change {
                    AttendanceChange::Excused => "excused",
                    _ => "absent",
                },
                reason: text(&absent.reason),
            })
            .collect(),
        norms: carry
            .norms
            .iter()
            .map(|norm| CarriedNormFact {
                norm: ctx.words(&norm.norm),
                history: norm
                    .history
                    .iter()
                    .map(|step| format!("{} s{}", step.action.label(), step.session))
                    .collect(),
            })
            .collect(),
    })
}
