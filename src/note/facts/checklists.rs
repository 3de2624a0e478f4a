//! The beginning and ending tasks of this session: the contract checklist
//! and the ending checklist, each item ticked or not, and when the ending
//! phase was declared. A checklist is told when one of its items was ticked
//! or when it was offered (the carry-over says so: the first session, a
//! member who joined an open group, the last two planned sessions, the
//! ending phase declared).

use super::context::Context;
use crate::metrics::carry::CarryOver;
use crate::model::{Checklist, MomentKind, PhaseTask, Timestamp};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChecklistFacts {
    pub contract: Option<ChecklistFact>,
    pub ending: Option<ChecklistFact>,
    /// When the facilitator declared the ending phase in this session.
    pub ending_declared: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistFact {
    pub title: &'static str,
    /// Offered to these members (who joined), or the whole group (empty).
    pub members: Vec<String>,
    pub items: Vec<ChecklistItemFact>,
    pub done: usize,
    pub of: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistItemFact {
    pub label: &'static str,
    /// When it was ticked; `None`: not covered in this session.
    pub at: Option<Timestamp>,
    /// Whom the tick was about (empty: the whole group).
    pub members: Vec<String>,
}

pub fn gather(ctx: &Context<'_>, carry: Option<&CarryOver>) -> ChecklistFacts {
    let ticks: Vec<(PhaseTask, Timestamp, &[crate::model::MemberId])> = ctx
        .moments
        .iter()
        .filter_map(|logged| match logged.moment.what {
            MomentKind::Task(task) => Some((task, logged.at, logged.moment.members.as_slice())),
            _ => None,
        })
        .collect();
    let offers = carry
        .map(|carry| carry.offers(ctx.group, ctx.session.header.number, &ctx.session.events))
        .unwrap_or_default();
    let fact = |list: Checklist| -> Option<ChecklistFact> {
        let offer = offers.iter().find(|offer| offer.list == list);
        let items: Vec<ChecklistItemFact> = list
            .items()
            .into_iter()
            .map(|item| {
                let tick = ticks.iter().find(|(task, _, _)| *task == item);
                ChecklistItemFact {
                    label: item.label(),
                    at: tick.map(|(_, at, _)| *at),
                    members: tick
                        .map_or_else(Vec::new, |(_, _, members)| ctx.member_names(members)),
                }
            })
            .collect();
        let done = items.iter().filter(|item| item.at.is_some()).count();
        (done > 0 || offer.is_some()).then(|| ChecklistFact {
            title: list.title(),
            members: offer.map_or_else(Vec::new, |offer| ctx.member_names(&offer.members)),
            of: items.len(),
            items,
            done,
        })
    };
    ChecklistFacts {
        contract: fact(Checklist::Contract),
        ending: fact(Checklist::Ending),
        ending_declared: ticks
            .iter()
            .find(|(task, _, _)| *task == PhaseTask::EndingPhase)
            .map(|(_, at, _)| *at),
    }
}
