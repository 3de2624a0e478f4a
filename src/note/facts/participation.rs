//! Who held the floor: per person, who followed whom, how evenly, per agenda
//! segment, and by self-described category.
//!
//! Definitions (the README's "How the figures are defined" says the same):
//! - **Talk time** is the sum of a holder's turns (see `metrics::participation`).
//! - **Share of member talk**: a member's talk over all members' talk; the
//!   members' shares add up to 100%.
//! - **Share of all talk**: a holder's talk over all talk — members,
//!   facilitators and crosstalk; these shares add up to 100% too. The
//!   facilitators' share is both facilitators' talk over all talk.
//! - **Longest turn**, **first** and **last turn**: the longest single turn,
//!   and when the first and the last turn began.
//! - **Transitions**: from one person speaking to the next, whatever silence
//!   lies between; crosstalk is skipped. **Member to member**: both are members.
//! - **Gini**: how unevenly the members who attended shared the member talk,
//!   members who did not speak counting as 0 (`metrics::equity::gini`).
//! - **Quiet**: attending members who did not speak, or who had less than a
//!   third of an equal share once members had talked for a minute.
//! - **Category share**: of the attending members who described themselves
//!   with a category, each category's part of their talk beside its part of them.

use super::Millis;
use super::context::Context;
use super::narrative;
use crate::metrics::equity::{self, gini, gini_reading};
use crate::metrics::{HolderStats, Tally};
use crate::model::{Floor, MemberId, Timestamp};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerRole {
    Member,
    /// A member id in the events that the roster no longer lists.
    NotOnRoster,
    Facilitator,
    CoFacilitator,
    /// Several people at once.
    Crosstalk,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerRow {
    /// Who held the floor, by id; not serialized, as ids are often names.
    #[serde(skip)]
    pub floor: Floor,
    pub name: String,
    pub role: SpeakerRole,
    /// Members only.
    pub attendance: Option<super::MemberAttendance>,
    pub turns: u32,
    pub talk: Millis,
    pub longest_turn: Millis,
    pub first_turn: Option<Timestamp>,
    pub last_turn: Option<Timestamp>,
    /// 0..=1, members only; `None` when no member spoke.
    pub share_of_member_talk: Option<f64>,
    /// 0..=1; `None` when nobody held the floor.
    pub share_of_all_talk: Option<f64>,
}

/// Transitions from one person speaking to the next.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TransitionCount {
    pub member_to_member: u32,
    pub total: u32,
    /// `member_to_member / total`; `None` before the second speaker.
    pub share: Option<f64>,
}

/// Who spoke after whom: `counts[from][to]`, over `people` in table order
/// (everyone who took part in a transition).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnMatrix {
    pub people: Vec<String>,
    pub counts: Vec<Vec<u32>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquityFacts {
    /// Members who attended: the people the Gini is taken over.
    pub members_counted: usize,
    /// `None` for fewer than two attending members, or no member talk.
    pub gini: Option<f64>,
    pub reading: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuietMember {
    pub name: String,
    pub talk: Millis,
    /// Did not speak at all (else: spoke little).
    pub silent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFact {
    pub category: String,
    /// Attending members in this category.
    pub members: usize,
    pub share_of_people: f64,
    pub share_of_talk: f64,
}

/// The key figures of one agenda segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentFigures {
    /// Empty for the stretch before the first segment.
    pub name: String,
    pub before_first_segment: bool,
    /// Time without breaks.
    pub length: Millis,
    /// Turns begun in the segment by members and facilitators.
    pub turns: u32,
    pub member_talk: Millis,
    /// Facilitators' talk over all talk in the segment.
    pub facilitator_share: Option<f64>,
    pub silence: Millis,
    pub transitions: TransitionCount,
    pub gini: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipationFacts {
    /// Members (roster order: those who attended or spoke, then any not on
    /// the roster), then the facilitators, then crosstalk if there was any.
    pub speakers: Vec<SpeakerRow>,
    pub member_talk: Millis,
    /// Both facilitators.
    pub facilitator_talk: Millis,
    pub crosstalk: Millis,
    /// Members, facilitators and crosstalk.
    pub all_talk: Millis,
    /// Facilitators' talk over all talk.
    pub facilitator_share: Option<f64>,
    pub silence: Millis,
    pub longest_silence: Millis,
    pub transitions: TransitionCount,
    pub matrix: TurnMatrix,
    pub equity: EquityFacts,
    pub quiet: Vec<QuietMember>,
    /// Empty when no agenda segment was logged.
    pub segments: Vec<SegmentFigures>,
    /// Empty when no attending member has a category.
    pub categories: Vec<CategoryFact>,
    /// A short paragraph in plain words built from the figures above.
    pub narrative: String,
    /// One or two sentences for the note's body (no Gini, no matrix).
    pub summary: String,
}

pub fn gather(ctx: &Context<'_>) -> ParticipationFacts {
    let total = &ctx.participation.total;
    let member_talk = total.member_talk();
    let all_talk = total.all_talk();
    let facilitator_talk =
        talk_of(total, &Floor::Facilitator) + talk_of(total, &Floor::CoFacilitator);
    let speakers = speakers(ctx, member_talk);
    let gini = equity::member_gini(ctx.group, &ctx.participation);
    let mut facts = ParticipationFacts {
        matrix: matrix(ctx, &speakers),
        member_talk,
        facilitator_talk,
        crosstalk: talk_of(total, &Floor::Crosstalk),
        all_talk,
        facilitator_share: total.facilitators_share(),
        silence: total.silence,
        longest_silence: total.longest_silence,
        transitions: transitions(total),
        equity: EquityFacts {
            members_counted: equity::attending(ctx.group, &ctx.participation).len(),
            gini,
            reading: gini.map(gini_reading),
        },
        quiet: equity::quiet_members(ctx.group, &ctx.participation)
            .into_iter()
            .map(|member| {
                let talk = total.member_stats(&member.id).map_or(0, |s| s.talk);
                QuietMember {
                    name: ctx.names.member(&member.id),
                    talk,
                    silent: talk == 0,
                }
            })
            .collect(),
        segments: segments(ctx),
        categories: equity::category_shares(ctx.group, &ctx.participation)
            .unwrap_or_default()
            .into_iter()
            .map(|category| CategoryFact {
                category: ctx.words(&category.category),
                members: category.members,
                share_of_people: category.share_of_people,
                share_of_talk: category.share_of_talk,
            })
            .collect(),
        speakers,
        narrative: String::new(),
        summary: String::new(),
    };
    facts.narrative = narrative::participation(ctx, &facts);
    facts.summary = narrative::summary(ctx, &facts);
    facts
}

/// Attending members who did not speak (`silent`) or spoke little, by id.
pub struct QuietIds {
    pub silent: Vec<MemberId>,
    pub little: Vec<MemberId>,
}

pub fn quiet_ids(ctx: &Context<'_>) -> QuietIds {
    let (silent, little) = equity::quiet_members(ctx.group, &ctx.participation)
        .into_iter()
        .map(|member| member.id.clone())
        .partition(|id| {
            ctx.participation
                .total
                .member_stats(id)
                .is_none_or(|stats| stats.talk == 0)
        });
    QuietIds { silent, little }
}

fn talk_of(tally: &Tally, floor: &Floor) -> Millis {
    tally.stats(floor).map_or(0, |stats| stats.talk)
}

pub use crate::metrics::share;

fn speakers(ctx: &Context<'_>, member_talk: Millis) -> Vec<SpeakerRow> {
    let total = &ctx.participation.total;
    let no_turns = HolderStats::default();
    let row = |name: String, role: SpeakerRole, floor: &Floor| {
        let stats = total.stats(floor).unwrap_or(&no_turns);
        let is_member = floor.member().is_some();
        SpeakerRow {
            floor: floor.clone(),
            name,
            role,
            attendance: floor
                .member()
                .filter(|id| ctx.group.member(id).is_some())
                .map(|id| super::attendance::of(ctx, id)),
            turns: stats.turns,
            talk: stats.talk,
            longest_turn: stats.longest,
            first_turn: stats.first,
            last_turn: stats.last,
            share_of_member_talk: if is_member {
                share(stats.talk, member_talk)
            } else {
                None
            },
            share_of_all_talk: total.share_of_all_talk(floor),
        }
    };

    let mut rows: Vec<SpeakerRow> = ctx
        .group
        .members
        .iter()
        .filter(|member| ctx.attended(&member.id) || total.member_stats(&member.id).is_some())
        .map(|member| {
            row(
                ctx.names.member(&member.id),
                SpeakerRole::Member,
                &Floor::Member(member.id.clone()),
            )
        })
        .collect();
    for floor in total.holders.keys() {
        if let Some(id) = floor.member()
            && ctx.group.member(id).is_none()
        {
            rows.push(row(ctx.names.member(id), SpeakerRole::NotOnRoster, floor));
        }
    }
    rows.push(row(
        ctx.names.facilitator(),
        SpeakerRole::Facilitator,
        &Floor::Facilitator,
    ));
    if total.stats(&Floor::CoFacilitator).is_some() || ctx.names.co_facilitator().is_some() {
        rows.push(row(
            ctx.names.floor(&Floor::CoFacilitator),
            SpeakerRole::CoFacilitator,
            &Floor::CoFacilitator,
        ));
    }
    if total.stats(&Floor::Crosstalk).is_some() {
        rows.push(row(
            "crosstalk".into(),
            SpeakerRole::Crosstalk,
            &Floor::Crosstalk,
        ));
    }
    rows
}

fn transitions(tally: &Tally) -> TransitionCount {
    let mut count = TransitionCount {
        member_to_member: 0,
        total: 0,
        share: None,
    };
    for ((from, to), times) in &tally.transitions {
        count.total += times;
        if from.member().is_some() && to.member().is_some() {
            count.member_to_member += times;
        }
    }
    count.share =
        (count.total > 0).then(|| f64::from(count.member_to_member) / f64::from(count.total));
    count
}

fn matrix(ctx: &Context<'_>, speakers: &[SpeakerRow]) -> TurnMatrix {
    let transitions = &ctx.participation.total.transitions;
    let people: Vec<(String, Floor)> = speakers
        .iter()
        .filter(|row| row.floor.is_person())
        .map(|row| (row.name.clone(), row.floor.clone()))
        .filter(|(_, floor)| {
            transitions
                .keys()
                .any(|(from, to)| from == floor || to == floor)
        })
        .collect();
    let counts = people
        .iter()
        .map(|(_, from)| {
            people
                .iter()
                .map(|(_, to)| {
                    transitions
                        .get(&(from.clone(), to.clone()))
                        .copied()
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect();
    TurnMatrix {
        people: people.into_iter().map(|(name, _)| name).collect(),
        counts,
    }
}

fn segments(ctx: &Context<'_>) -> Vec<SegmentFigures> {
    let segments = &ctx.participation.segments;
    if segments.iter().all(|segment| segment.name.is_empty()) {
        return Vec::new();
    }
    let attending: Vec<MemberId> = equity::attending(ctx.group, &ctx.participation)
        .into_iter()
        .map(|member| member.id.clone())
        .collect();
    segments
        .iter()
        .map(|segment| {
            let tally = &segment.tally;
            let talk: Vec<Millis> = attending
                .iter()
                .map(|id| tally.member_stats(id).map_or(0, |stats| stats.talk))
                .collect();
            SegmentFigures {
                name: ctx.words(segment.name.trim()),
                before_first_segment: segment.name.is_empty(),
                length: tally.clock,
                turns: tally
                    .holders
                    .iter()
                    .filter(|(floor, _)| floor.is_person())
                    .map(|(_, stats)| stats.turns)
                    .sum(),
                member_talk: tally.member_talk(),
                facilitator_share: tally.facilitators_share(),
                silence: tally.silence,
                transitions: transitions(tally),
                gini: gini(&talk),
            }
        })
        .collect()
}
