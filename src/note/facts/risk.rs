//! Risk moments and what the worker did about them.
//!
//! What the worker did is read from the record: the interventions logged
//! about the same member from the risk until [`FOLLOW_UP_WINDOW_MINUTES`]
//! after it. When none was logged, the facilitator's own words on the risk
//! are what the record says was done.

use super::FOLLOW_UP_WINDOW_MINUTES;
use super::context::{Context, Logged};
use super::moments::{InterventionRef, interventions_between};
use crate::model::taxonomy::{Choice, RiskLevel};
use crate::model::{MemberId, MomentKind, Timestamp};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskFact {
    pub at: Timestamp,
    pub level: RiskLevel,
    pub level_label: &'static str,
    /// Risk is about one member: the first the facilitator chose.
    pub member: Option<String>,
    pub text: Option<String>,
    pub response: WorkerResponse,
    /// The reason given, if the moment was amended.
    pub amended: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkerResponse {
    pub interventions: Vec<InterventionRef>,
    /// When no intervention was logged: the facilitator's words on the
    /// moment, which say what was done (`None` if there were none either).
    pub as_noted: Option<String>,
}

/// A risk moment with the ids needed to place it in a member's entry.
pub struct RiskThread<'a> {
    pub logged: Logged<'a>,
    pub level: RiskLevel,
    pub member: Option<MemberId>,
    pub interventions: Vec<Logged<'a>>,
}

pub fn risk_threads<'a>(ctx: &Context<'a>) -> Vec<RiskThread<'a>> {
    ctx.moments
        .iter()
        .filter_map(|logged| match logged.moment.what {
            MomentKind::Risk(level) => {
                let member = logged.moment.members.first().cloned();
                let until = crate::model::sanity::later_by(
                    logged.at,
                    chrono::TimeDelta::minutes(FOLLOW_UP_WINDOW_MINUTES),
                );
                let interventions = match &member {
                    Some(member) => interventions_between(ctx, logged.at, until, |members| {
                        members.contains(member)
                    }),
                    None => Vec::new(),
                };
                Some(RiskThread {
                    logged: *logged,
                    level,
                    member,
                    interventions,
                })
            }
            _ => None,
        })
        .collect()
}

impl RiskThread<'_> {
    pub fn fact(&self, ctx: &Context<'_>) -> RiskFact {
        let text = ctx.text(self.logged.moment.text.as_deref());
        RiskFact {
            at: self.logged.at,
            level: self.level,
            level_label: self.level.label(),
            member: self.member.as_ref().map(|id| ctx.names.member(id)),
            response: self.response(|raw| ctx.text(raw)),
            text,
            amended: ctx.amended(self.logged.id),
        }
    }

    /// What the worker did, with free text passed through `words`.
    pub fn response(&self, words: impl Fn(Option<&str>) -> Option<String>) -> WorkerResponse {
        let interventions: Vec<InterventionRef> = self
            .interventions
            .iter()
            .filter_map(|logged| InterventionRef::of(logged, &words))
            .collect();
        WorkerResponse {
            as_noted: if interventions.is_empty() {
                words(self.logged.moment.text.as_deref())
            } else {
                None
            },
            interventions,
        }
    }
}
