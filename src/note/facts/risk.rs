//! Risk moments and what the worker did about them.
//!
//! What the worker did is read from the record: the interventions logged
//! about the same member from the risk until [`FOLLOW_UP_WINDOW_MINUTES`]
//! after it. When none was logged, the facilitator's own words on the risk
//! are what the record says was done.

use super::FOLLOW_UP_WINDOW_MINUTES;
use super::context::{Context, Logged};
use super::moments::{InterventionRef, interventions_between};
use super::risk_record::RiskRecorded;
use crate::model::taxonomy::{Choice, RiskLevel};
use crate::model::{MemberId, MomentKind, RiskDetail, Timestamp};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskFact {
    pub at: Timestamp,
    pub level: RiskLevel,
    pub level_label: &'static str,
    /// Risk is about one member: the first the facilitator chose.
    pub member: Option<String>,
    pub text: Option<String>,
    /// What the worker recorded: assessment, action taken, follow-up.
    pub recorded: RiskRecorded,
    /// A suggestion drawn from the record, never the action taken: the
    /// interventions logged about the member within
    /// [`FOLLOW_UP_WINDOW_MINUTES`] after the risk.
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
    /// Interventions tied to it beyond those listed: a response names at
    /// most [`RESPONSE_LIMIT`] and counts the rest.
    pub more: usize,
}

/// The most interventions a response lists; the rest are counted.
pub const RESPONSE_LIMIT: usize = 5;

/// A risk moment with the ids needed to place it in a member's entry.
pub struct RiskThread<'a> {
    pub logged: Logged<'a>,
    pub level: RiskLevel,
    pub detail: &'a RiskDetail,
    pub member: Option<MemberId>,
    pub interventions: Vec<Logged<'a>>,
}

pub fn risk_threads<'a>(ctx: &Context<'a>) -> Vec<RiskThread<'a>> {
    ctx.moments
        .iter()
        .filter_map(|logged| match &logged.moment.what {
            MomentKind::Risk(level, detail) => {
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
                    level: *level,
                    detail,
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
            recorded: RiskRecorded::of(self.detail, |raw| ctx.text(raw)),
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
            more: 0,
            interventions,
        }
    }
}
