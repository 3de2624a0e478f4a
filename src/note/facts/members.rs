//! One entry per member, for that member's own record.
//!
//! Other members are never named in it (`DOMAIN.md`): a moment shared with
//! others says "with another member", and free text passes through a
//! [`Scrubber`] that replaces every spelling of every other member. An absent
//! or excused member's entry holds only the attendance line.

use super::Millis;
use super::attendance::{self, AttendanceNote, MemberAttendance};
use super::context::Context;
use super::moments::ConflictThread;
use super::observations::{self, ObservationFact};
use super::participation::{QuietIds, share};
use super::plan::{PlanThreads, others_phrase};
use super::risk::{RiskThread, WorkerResponse};
use super::risk_record::RiskRecorded;
use super::scrub::Scrubber;
use crate::model::taxonomy::{Choice, RiskLevel};
use crate::model::{EventId, EventKind, MemberId, MomentKind, Timestamp};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberEntry {
    /// The roster id, to find the entry; not serialized, as ids are often names.
    #[serde(skip)]
    pub id: MemberId,
    /// The name used in the rest of the note (alias, full or initials).
    pub name: String,
    /// The name the entry is filed under: the full name from the roster, or
    /// the name shown when redacting.
    pub full_name: String,
    /// The member's record (chart) number from the roster; `None` when the
    /// roster has none or names are redacted.
    pub record_id: Option<String>,
    /// What the entry is headed and filed under: `Ana Ruiz — record no. R-1001`.
    pub filed_as: String,
    pub attendance: MemberAttendance,
    /// The words logged with the member's attendance changes (why they left,
    /// were absent), other members scrubbed as in the rest of the entry.
    pub attendance_notes: Vec<AttendanceNote>,
    /// `None` for a member who did not attend.
    pub participation: Option<EntryParticipation>,
    /// Moments the member was part of, in time order (risks and plans apart).
    pub moments: Vec<EntryMoment>,
    /// The latest rating of each goal rated this session.
    pub goals: Vec<GoalFact>,
    pub risks: Vec<EntryRisk>,
    /// The worker's observations of the member, in time order.
    pub observations: Vec<ObservationFact>,
    pub plan: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryParticipation {
    pub turns: u32,
    pub talk: Millis,
    pub share_of_member_talk: Option<f64>,
    pub longest_turn: Millis,
    /// "did not speak" or "spoke little" for a quiet member.
    pub quiet: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryMoment {
    pub at: Timestamp,
    /// "mutual aid · mutual support", "relationship conflict · resolved".
    pub what: String,
    /// The family of the moment, for templates: `intervention`, `mutual_aid`,
    /// `norm`, `conflict`, `theme`, `note` or `bookmark`.
    pub kind: &'static str,
    /// "another member", "two other members", when others took part.
    pub with: Option<String>,
    /// The facilitator's words, only when this member is the moment's only
    /// member: a shared moment's words would carry another member's matter
    /// into this member's record.
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalFact {
    /// 1-based, as listed in group.ron.
    pub number: usize,
    /// The goal's words from group.ron; `None` if it is no longer listed.
    pub goal: Option<String>,
    /// -2..=2 on the goal attainment scale.
    pub rating: i8,
    pub label: &'static str,
    pub at: Timestamp,
    /// The evidence typed with the rating.
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryRisk {
    pub at: Timestamp,
    pub level: RiskLevel,
    pub level_label: &'static str,
    pub text: Option<String>,
    /// What the worker recorded (see [`RiskFact`](super::RiskFact)).
    pub recorded: RiskRecorded,
    /// A suggestion from the record, never the action taken.
    pub response: WorkerResponse,
}

/// The goal attainment scale in words (the numbers are `GOAL_RATINGS`).
pub fn rating_label(rating: i8) -> &'static str {
    match rating {
        -2 => "much less than expected",
        -1 => "less than expected",
        0 => "as expected",
        1 => "more than expected",
        2 => "much more than expected",
        _ => "outside the scale",
    }
}

pub fn gather(
    ctx: &Context<'_>,
    conflicts: &[ConflictThread<'_>],
    risks: &[RiskThread<'_>],
    quiet: &QuietIds,
    plan: &PlanThreads,
) -> Vec<MemberEntry> {
    ctx.group
        .members
        .iter()
        .map(|member| {
            let id = &member.id;
            let attendance = attendance::of(ctx, id);
            let scrubber = ctx.scrubber_for(id);
            let name = ctx.names.member(id);
            let redacted = ctx.names.is_redacted();
            let mut entry = MemberEntry {
                id: id.clone(),
                full_name: if redacted {
                    name.clone()
                } else {
                    member.name.trim().to_string()
                },
                record_id: member
                    .record_id
                    .as_deref()
                    .map(str::trim)
                    .filter(|record| !redacted && !record.is_empty())
                    .map(str::to_string),
                filed_as: String::new(),
                name,
                attendance,
                attendance_notes: attendance::notes(&ctx.standing, id, |text| {
                    ctx.text(Some(text)).map(|text| scrubber.scrub(&text))
                }),
                participation: None,
                moments: Vec::new(),
                goals: Vec::new(),
                risks: Vec::new(),
                observations: Vec::new(),
                plan: Vec::new(),
            };
            entry.filed_as = filed_as(&entry, redacted);
            if !attendance.attended() {
                return entry;
            }
            let words = |raw: Option<&str>| ctx.text(raw).map(|text| scrubber.scrub(&text));
            entry.participation = Some(participation(ctx, id, quiet));
            // An intervention that answered a risk is told with the risk.
            let answered: Vec<EventId> = risks
                .iter()
                .filter(|risk| risk.member.as_ref() == Some(id))
                .flat_map(|risk| risk.interventions.iter().map(|logged| logged.id))
                .collect();
            entry.moments = moments(ctx, id, conflicts, &answered, &scrubber);
            entry.goals = goals(ctx, id, &scrubber);
            entry.risks = risks
                .iter()
                .filter(|risk| risk.member.as_ref() == Some(id))
                .map(|risk| EntryRisk {
                    at: risk.logged.at,
                    level: risk.level,
                    level_label: risk.level.label(),
                    text: words(risk.logged.moment.text.as_deref()),
                    recorded: RiskRecorded::of(risk.detail, words),
                    response: risk.response(words),
                })
                .collect();
            entry.observations = observations::of(ctx, id, words);
            entry.plan = plan.member_items(ctx, id, &scrubber);
            entry
        })
        .collect()
}

fn participation(ctx: &Context<'_>, id: &MemberId, quiet: &QuietIds) -> EntryParticipation {
    let total = &ctx.participation.total;
    let stats = total.member_stats(id);
    let talk = stats.map_or(0, |stats| stats.talk);
    EntryParticipation {
        turns: stats.map_or(0, |stats| stats.turns),
        talk,
        share_of_member_talk: share(talk, total.member_talk()),
        longest_turn: stats.map_or(0, |stats| stats.longest),
        quiet: if quiet.silent.contains(id) {
            Some("did not speak")
        } else if quiet.little.contains(id) {
            Some("spoke little")
        } else {
            None
        },
    }
}

/// What an entry is filed under: `Ana Ruiz — record no. R-1001`.
pub fn filed_as(entry: &MemberEntry, redacted: bool) -> String {
    let record = match (&entry.record_id, redacted) {
        (_, true) => "record number withheld (names redacted)".to_string(),
        (Some(record), false) => format!("record no. {record}"),
        (None, false) => "no record number in the roster".to_string(),
    };
    format!("{} — {record}", entry.full_name)
}

/// The member is the moment's subject: its only member.
fn only_subject(members: &[MemberId], id: &MemberId) -> bool {
    members.iter().all(|member| member == id)
}

fn with_others(members: &[MemberId], id: &MemberId) -> Option<String> {
    let others = members.iter().filter(|other| *other != id).count();
    (others > 0).then(|| others_phrase(others))
}

fn moments(
    ctx: &Context<'_>,
    id: &MemberId,
    conflicts: &[ConflictThread<'_>],
    answered: &[EventId],
    scrubber: &Scrubber,
) -> Vec<EntryMoment> {
    let words = |raw: Option<&str>| ctx.text(raw).map(|text| scrubber.scrub(&text));
    let mut lines: Vec<EntryMoment> = ctx
        .moments
        .iter()
        .filter(|logged| logged.moment.members.contains(id) && !answered.contains(&logged.id))
        .filter_map(|logged| {
            let kind = match &logged.moment.what {
                MomentKind::Intervention(_) => "intervention",
                MomentKind::Norm { .. } => "norm",
                MomentKind::MutualAid(_) => "mutual_aid",
                MomentKind::Theme => "theme",
                MomentKind::Bookmark => "bookmark",
                _ => "note",
            };
            let what = match &logged.moment.what {
                // Conflicts are told once per conflict below; risks and plans
                // have their own lines.
                MomentKind::Conflict { .. }
                | MomentKind::Risk(..)
                | MomentKind::Plan
                | MomentKind::Observation(_)
                | MomentKind::Task(_) => {
                    return None;
                }
                MomentKind::Intervention(skill) => {
                    format!("worker intervention · {}", skill.label())
                }
                other @ (MomentKind::Norm { .. }
                | MomentKind::MutualAid(_)
                | MomentKind::Note
                | MomentKind::Bookmark
                | MomentKind::Theme) => other.label(),
            };
            Some(EntryMoment {
                at: logged.at,
                what: scrubber.scrub(&ctx.words(&what)),
                kind,
                with: with_others(&logged.moment.members, id),
                text: only_subject(&logged.moment.members, id)
                    .then(|| words(logged.moment.text.as_deref()))
                    .flatten(),
            })
        })
        .collect();
    for conflict in conflicts.iter().filter(|c| c.members.contains(id)) {
        let Some(first) = conflict.first_logged() else {
            continue;
        };
        lines.push(EntryMoment {
            at: first,
            what: format!(
                "{} conflict · {}",
                conflict.kind.short(),
                conflict.status().label()
            ),
            kind: "conflict",
            with: with_others(&conflict.members, id),
            // A conflict between members is told without its words: they
            // are about the others as much as about this member.
            text: only_subject(&conflict.members, id)
                .then(|| {
                    conflict
                        .logs
                        .iter()
                        .rev()
                        .find_map(|logged| words(logged.moment.text.as_deref()))
                })
                .flatten(),
        });
    }
    lines.sort_by_key(|line| line.at);
    lines
}

fn goals(ctx: &Context<'_>, id: &MemberId, scrubber: &Scrubber) -> Vec<GoalFact> {
    let member_goals = ctx
        .group
        .member(id)
        .map(|m| m.goals.as_slice())
        .unwrap_or(&[]);
    type Rating<'e> = (Timestamp, i8, Option<&'e String>);
    let mut latest: BTreeMap<u8, Rating<'_>> = BTreeMap::new();
    let mut ratings: Vec<(u8, Rating<'_>)> = ctx
        .standing
        .iter()
        .filter_map(|(event, kind)| match kind {
            EventKind::GoalRating {
                member,
                goal,
                rating,
                text,
            } if member == id => Some((*goal, (event.at, *rating, text.as_ref()))),
            _ => None,
        })
        .collect();
    ratings.sort_by_key(|(_, (at, _, _))| *at);
    for (goal, rating) in ratings {
        latest.insert(goal, rating);
    }
    latest
        .into_iter()
        .map(|(goal, (at, rating, text))| GoalFact {
            number: usize::from(goal) + 1,
            goal: member_goals
                .get(usize::from(goal))
                .map(|text| scrubber.scrub(&ctx.words(text.trim()))),
            rating,
            label: rating_label(rating),
            at,
            text: ctx
                .text(text.map(String::as_str))
                .map(|text| scrubber.scrub(&text)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::rating_label;
    use crate::model::taxonomy::GOAL_RATINGS;

    #[test]
    fn the_rating_words_follow_the_scale() {
        for (rating, short) in GOAL_RATINGS {
            let words = short.split_once(' ').map_or("", |(_, words)| words);
            assert!(
                rating_label(rating).starts_with(words),
                "{rating}: {words} vs {}",
                rating_label(rating)
            );
        }
        assert_eq!(rating_label(5), "outside the scale");
    }
}
