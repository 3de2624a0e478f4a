//! The group process: norms, conflicts, mutual aid, interventions, and the
//! facilitator's free notes and bookmarks.
//!
//! A conflict is one conflict however many times it is logged: its opening
//! moment and every moment that continues it are one thread
//! (`model::conflict_identities`; in files from before conflicts had an
//! identity, the moments of the same type between the same members), and the
//! latest status logged wins. The worker's response to it is what was done
//! about it: the interventions logged within [`FOLLOW_UP_WINDOW_MINUTES`] after
//! one of its moments that involve one of its members or the whole group (at
//! most [`RESPONSE_LIMIT`] named, the rest counted); failing those, the
//! facilitator's words.

use super::FOLLOW_UP_WINDOW_MINUTES;
use super::context::{Context, Logged};
use super::risk::{RESPONSE_LIMIT, WorkerResponse};
use crate::model::taxonomy::{
    Choice, ConflictStatus, ConflictType, MutualAidKind, NormAction, Skill,
};
use crate::model::{
    EventId, MemberId, MomentFamily, MomentKind, NoteSection, Timestamp, conflict_identities,
};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NormHeading {
    Established,
    Reviewed,
    Reinforced,
    ChallengedOrBroken,
    Revised,
}

impl NormHeading {
    pub const ALL: [NormHeading; 5] = [
        NormHeading::Established,
        NormHeading::Reviewed,
        NormHeading::Reinforced,
        NormHeading::ChallengedOrBroken,
        NormHeading::Revised,
    ];

    pub fn of(action: NormAction) -> NormHeading {
        match action {
            NormAction::Established => NormHeading::Established,
            NormAction::Reviewed => NormHeading::Reviewed,
            NormAction::Reinforced => NormHeading::Reinforced,
            NormAction::Challenged | NormAction::Broken => NormHeading::ChallengedOrBroken,
            NormAction::Revised => NormHeading::Revised,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NormHeading::Established => "Established",
            NormHeading::Reviewed => "Reviewed",
            NormHeading::Reinforced => "Reinforced (modelled by the worker)",
            NormHeading::ChallengedOrBroken => "Challenged or broken",
            NormHeading::Revised => "Revised",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormGroup {
    pub heading: NormHeading,
    pub label: &'static str,
    pub items: Vec<NormFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormFact {
    pub at: Timestamp,
    pub action: NormAction,
    pub action_label: &'static str,
    /// `None` when the facilitator did not say which norm.
    pub norm: Option<String>,
    pub members: Vec<String>,
    pub text: Option<String>,
    pub amended: Option<String>,
    /// Who logged it when not the facilitator ("the co-facilitator").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictFact {
    pub kind: ConflictType,
    pub kind_label: &'static str,
    pub members: Vec<String>,
    pub first_logged: Timestamp,
    pub last_logged: Timestamp,
    /// The latest status logged.
    pub status: ConflictStatus,
    pub status_label: &'static str,
    /// Every moment of this conflict, in time order.
    pub history: Vec<ConflictStep>,
    pub response: WorkerResponse,
    /// Not resolved by the end: it goes into the plan.
    pub carried_into_plan: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictStep {
    pub at: Timestamp,
    pub status: ConflictStatus,
    pub status_label: &'static str,
    pub text: Option<String>,
    pub amended: Option<String>,
    /// Who logged it when not the facilitator ("the co-facilitator").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MutualAidGroup {
    pub kind: MutualAidKind,
    pub label: &'static str,
    /// 1..=10, as Shulman's processes are numbered in `DOMAIN.md`.
    pub number: usize,
    pub items: Vec<MutualAidFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MutualAidFact {
    pub at: Timestamp,
    pub members: Vec<String>,
    pub text: Option<String>,
    pub amended: Option<String>,
    /// Who logged it when not the facilitator ("the co-facilitator").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterventionFact {
    pub at: Timestamp,
    pub skill: Skill,
    pub label: &'static str,
    /// With whom; empty for the whole group.
    pub members: Vec<String>,
    pub text: Option<String>,
    pub amended: Option<String>,
    /// Who logged it when not the facilitator ("the co-facilitator").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<&'static str>,
}

/// An intervention named as part of a response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterventionRef {
    pub at: Timestamp,
    pub skill: Skill,
    pub label: &'static str,
    pub text: Option<String>,
}

impl InterventionRef {
    pub fn of(
        logged: &Logged<'_>,
        words: impl Fn(Option<&str>) -> Option<String>,
    ) -> Option<InterventionRef> {
        match logged.moment.what {
            MomentKind::Intervention(skill) => Some(InterventionRef {
                at: logged.at,
                skill,
                label: skill.label(),
                text: words(logged.moment.text.as_deref()),
            }),
            _ => None,
        }
    }
}

/// A theme the group worked on, as the facilitator named it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeFact {
    pub at: Timestamp,
    /// The phrase (the moment's text), redacted like any typed words.
    pub theme: Option<String>,
    pub members: Vec<String>,
    pub amended: Option<String>,
    /// Who logged it when not the facilitator ("the co-facilitator").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherMoment {
    pub at: Timestamp,
    /// "note" or "bookmark".
    pub kind: &'static str,
    pub members: Vec<String>,
    pub text: Option<String>,
    pub amended: Option<String>,
    /// Who logged it when not the facilitator ("the co-facilitator").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged_by: Option<&'static str>,
}

/// Interventions logged from `from` to `until` (both included) whose members
/// pass `involves`.
pub fn interventions_between<'a>(
    ctx: &Context<'a>,
    from: Timestamp,
    until: Timestamp,
    involves: impl Fn(&[MemberId]) -> bool,
) -> Vec<Logged<'a>> {
    let first = ctx.moments.partition_point(|logged| logged.at < from);
    ctx.moments[first..]
        .iter()
        .take_while(|logged| logged.at <= until)
        .filter(|logged| matches!(logged.moment.what, MomentKind::Intervention(_)))
        .filter(|logged| involves(&logged.moment.members))
        .copied()
        .collect()
}

pub fn norms(ctx: &Context<'_>) -> Vec<NormGroup> {
    let all: Vec<(NormHeading, NormFact)> = ctx
        .moments
        .iter()
        .filter_map(|logged| match &logged.moment.what {
            MomentKind::Norm { action, norm } => Some((
                NormHeading::of(*action),
                NormFact {
                    at: logged.at,
                    action: *action,
                    action_label: action.label(),
                    norm: ctx.text(Some(norm)),
                    members: ctx.member_names(&logged.moment.members),
                    text: ctx.text(logged.moment.text.as_deref()),
                    amended: ctx.amended(logged.id),
                    logged_by: logged.logged_by(),
                },
            )),
            _ => None,
        })
        .collect();
    NormHeading::ALL
        .into_iter()
        .map(|heading| NormGroup {
            heading,
            label: heading.label(),
            items: all
                .iter()
                .filter(|(of, _)| *of == heading)
                .map(|(_, fact)| fact.clone())
                .collect(),
        })
        .filter(|group| !group.items.is_empty())
        .collect()
}

/// One conflict: its moments and the interventions logged while it ran.
pub struct ConflictThread<'a> {
    pub kind: ConflictType,
    /// As first logged.
    pub members: Vec<MemberId>,
    pub logs: Vec<Logged<'a>>,
    /// The interventions tied to it, at most [`RESPONSE_LIMIT`], in time order.
    pub interventions: Vec<Logged<'a>>,
    /// Interventions tied to it beyond those.
    pub more_interventions: usize,
}

impl ConflictThread<'_> {
    pub fn status(&self) -> ConflictStatus {
        self.logs
            .iter()
            .rev()
            .find_map(|logged| match logged.moment.what {
                MomentKind::Conflict { status, .. } => Some(status),
                _ => None,
            })
            .unwrap_or(ConflictStatus::Emerged)
    }

    pub fn first_logged(&self) -> Option<Timestamp> {
        self.logs.first().map(|logged| logged.at)
    }

    pub fn carried_into_plan(&self) -> bool {
        self.status() != ConflictStatus::Resolved
    }

    pub fn response(&self, words: impl Fn(Option<&str>) -> Option<String>) -> WorkerResponse {
        let interventions: Vec<InterventionRef> = self
            .interventions
            .iter()
            .filter_map(|logged| InterventionRef::of(logged, &words))
            .collect();
        WorkerResponse {
            as_noted: if interventions.is_empty() {
                self.logs
                    .iter()
                    .rev()
                    .find_map(|logged| words(logged.moment.text.as_deref()))
            } else {
                None
            },
            interventions,
            more: self.more_interventions,
        }
    }

    pub fn fact(&self, ctx: &Context<'_>) -> ConflictFact {
        let status = self.status();
        let first = self.logs.first().map(|logged| logged.at);
        let last = self.logs.last().map(|logged| logged.at);
        let started = ctx.session.header.started;
        ConflictFact {
            kind: self.kind,
            kind_label: self.kind.label(),
            members: ctx.member_names(&self.members),
            first_logged: first.unwrap_or(started),
            last_logged: last.unwrap_or(started),
            status,
            status_label: status.label(),
            history: self
                .logs
                .iter()
                .filter_map(|logged| match logged.moment.what {
                    MomentKind::Conflict { status, .. } => Some(ConflictStep {
                        at: logged.at,
                        status,
                        status_label: status.label(),
                        text: ctx.text(logged.moment.text.as_deref()),
                        amended: ctx.amended(logged.id),
                        logged_by: logged.logged_by(),
                    }),
                    _ => None,
                })
                .collect(),
            response: self.response(|raw| ctx.text(raw)),
            carried_into_plan: self.carried_into_plan(),
        }
    }
}

pub fn conflict_threads<'a>(ctx: &Context<'a>) -> Vec<ConflictThread<'a>> {
    let identities = conflict_identities(
        ctx.moments
            .iter()
            .map(|logged| (logged.id, logged.at, logged.moment)),
    );
    // Where each moment sits, so that a thread finds its moments at once
    // instead of scanning the session once per conflict.
    let position: HashMap<EventId, usize> = ctx
        .moments
        .iter()
        .enumerate()
        .map(|(index, logged)| (logged.id, index))
        .collect();
    identities
        .into_iter()
        .map(|identity| {
            let mut at: Vec<usize> = identity
                .moments
                .iter()
                .filter_map(|(id, ..)| position.get(id).copied())
                .collect();
            at.sort_unstable();
            at.dedup();
            let logs: Vec<Logged<'a>> = at.iter().map(|&index| ctx.moments[index]).collect();
            let mut key = identity.members.clone();
            key.sort();
            key.dedup();
            let (interventions, more_interventions) = tied_interventions(ctx, &logs, &key);
            ConflictThread {
                kind: identity.kind,
                members: identity.members,
                logs,
                interventions,
                more_interventions,
            }
        })
        .collect()
}

/// What was done about a conflict: the interventions logged within
/// [`FOLLOW_UP_WINDOW_MINUTES`] after one of its moments that involve one of
/// its members or the whole group, each once, the first [`RESPONSE_LIMIT`]
/// of them, and how many more. A conflict that recurs all session long is
/// answered by what followed each time it was logged, not by every
/// intervention while it lasted: the work is the windows', not the span's.
fn tied_interventions<'a>(
    ctx: &Context<'a>,
    logs: &[Logged<'a>],
    key: &[MemberId],
) -> (Vec<Logged<'a>>, usize) {
    let mut tied: Vec<Logged<'a>> = Vec::new();
    let mut more = 0;
    // Windows are visited in time order; `scanned` is where the last one
    // stopped, so that overlapping windows are read once.
    let mut scanned = 0;
    for log in logs {
        let until = crate::model::sanity::later_by(
            log.at,
            chrono::TimeDelta::minutes(FOLLOW_UP_WINDOW_MINUTES),
        );
        let first = ctx
            .moments
            .partition_point(|logged| logged.at < log.at)
            .max(scanned);
        let mut index = first;
        while let Some(logged) = ctx.moments.get(index) {
            if logged.at > until {
                break;
            }
            index += 1;
            let members = &logged.moment.members;
            if matches!(logged.moment.what, MomentKind::Intervention(_))
                && (members.is_empty() || members.iter().any(|member| key.contains(member)))
            {
                if tied.len() < RESPONSE_LIMIT {
                    tied.push(*logged);
                } else {
                    more += 1;
                }
            }
        }
        scanned = scanned.max(index);
    }
    (tied, more)
}

pub fn mutual_aid(ctx: &Context<'_>) -> Vec<MutualAidGroup> {
    MutualAidKind::ALL
        .iter()
        .enumerate()
        .map(|(index, &kind)| MutualAidGroup {
            kind,
            label: kind.label(),
            number: index + 1,
            items: ctx
                .moments
                .iter()
                .filter(|logged| logged.moment.what == MomentKind::MutualAid(kind))
                .map(|logged| MutualAidFact {
                    at: logged.at,
                    members: ctx.member_names(&logged.moment.members),
                    text: ctx.text(logged.moment.text.as_deref()),
                    amended: ctx.amended(logged.id),
                    logged_by: logged.logged_by(),
                })
                .collect(),
        })
        .filter(|group| !group.items.is_empty())
        .collect()
}

pub fn interventions(ctx: &Context<'_>) -> Vec<InterventionFact> {
    ctx.moments
        .iter()
        .filter_map(|logged| match logged.moment.what {
            MomentKind::Intervention(skill) => Some(InterventionFact {
                at: logged.at,
                skill,
                label: skill.label(),
                members: ctx.member_names(&logged.moment.members),
                text: ctx.text(logged.moment.text.as_deref()),
                amended: ctx.amended(logged.id),
                logged_by: logged.logged_by(),
            }),
            _ => None,
        })
        .collect()
}

pub fn other_moments(ctx: &Context<'_>) -> Vec<OtherMoment> {
    ctx.moments
        .iter()
        .filter_map(|logged| {
            let family = logged.moment.what.family();
            let kind = match family.note_section() {
                NoteSection::NotesAndBookmarks => family.name(),
                // Told in their own sections.
                NoteSection::Risks
                | NoteSection::Norms
                | NoteSection::Conflicts
                | NoteSection::MutualAid
                | NoteSection::Interventions
                | NoteSection::Themes
                | NoteSection::MemberEntries
                | NoteSection::Checklists
                | NoteSection::Plan => return None,
            };
            Some(OtherMoment {
                at: logged.at,
                kind,
                members: ctx.member_names(&logged.moment.members),
                text: ctx.text(logged.moment.text.as_deref()),
                amended: ctx.amended(logged.id),
                logged_by: logged.logged_by(),
            })
        })
        .collect()
}

/// The theme moments, in the order they were logged.
pub fn themes(ctx: &Context<'_>) -> Vec<ThemeFact> {
    ctx.moments
        .iter()
        .filter(|logged| logged.moment.what.family() == MomentFamily::Theme)
        .map(|logged| ThemeFact {
            at: logged.at,
            theme: ctx.text(logged.moment.text.as_deref()),
            members: ctx.member_names(&logged.moment.members),
            amended: ctx.amended(logged.id),
            logged_by: logged.logged_by(),
        })
        .collect()
}
