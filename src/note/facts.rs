//! Everything a progress note says, gathered once from the session, with names
//! already chosen but nothing yet formatted or escaped. Renderers only read it.

use super::describe::{Description, Names};
use super::display::Millis;
use crate::metrics::{HolderStats, Participation, Presence};
use crate::model::{
    Event, EventId, EventKind, Floor, Group, GroupType, Member, MomentKind, NameStyle, Session,
    Timestamp, effective_events, taxonomy::RiskLevel,
};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct NoteFacts {
    pub group_name: String,
    pub group_type: GroupType,
    pub session_number: u32,
    pub started: Timestamp,
    /// Where the figures stop: the end of the session, or when the note was
    /// written if the session has not ended.
    pub figures_until: Timestamp,
    pub ended: bool,
    /// Session length without breaks.
    pub clock: Millis,
    pub breaks: Millis,
    pub facilitator: String,
    pub co_facilitator: Option<String>,
    /// Every event in the record, retractions and amendments included.
    pub events_logged: usize,
    /// Events that still count once retractions are applied.
    pub events_standing: usize,
    pub risks: Vec<RiskFact>,
    /// One line per roster member, in roster order.
    pub attendance: Vec<AttendanceFact>,
    /// Members (roster order, then any not on the roster), then facilitators,
    /// then crosstalk.
    pub speakers: Vec<SpeakerFact>,
    pub member_talk: Millis,
    /// Members, facilitators and crosstalk together.
    pub all_talk: Millis,
    pub silence: Millis,
    pub longest_silence: Millis,
    pub transitions: TransitionCount,
    /// Standing events other than turns, risks and the end, in time order.
    pub moments: Vec<MomentFact>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RiskFact {
    pub at: Timestamp,
    pub level: RiskLevel,
    /// Risk is about one member: the first the facilitator chose.
    pub member: Option<String>,
    pub text: Option<String>,
    /// The reason given, if the moment was amended.
    pub amended: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceFact {
    pub name: String,
    pub presence: Presence,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpeakerRole {
    Member(Presence),
    /// A member id in the events that the roster no longer lists.
    NotOnRoster,
    Facilitator,
    CoFacilitator,
    Crosstalk,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerFact {
    pub name: String,
    pub role: SpeakerRole,
    pub turns: u32,
    pub talk: Millis,
    pub longest: Millis,
    /// 0..=1; of member talk for members, of all talk for everyone else.
    /// `None` when that total is zero.
    pub share: Option<f64>,
}

/// Transitions from one person speaking to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionCount {
    pub member_to_member: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MomentFact {
    pub id: EventId,
    pub at: Timestamp,
    pub description: Description,
    /// The reason given, if the event was amended.
    pub amended: Option<String>,
}

impl NoteFacts {
    /// Gathers the note's facts. Figures run to the session's end if it has
    /// ended, else to `written_at`.
    pub fn gather(
        group: &Group,
        session: &Session,
        style: NameStyle,
        written_at: Timestamp,
    ) -> NoteFacts {
        let standing = effective_events(&session.events);
        let until = standing
            .iter()
            .find(|(_, kind)| matches!(kind, EventKind::Ended))
            .map_or(written_at, |(event, _)| event.at);
        let participation = Participation::compute(group, session, until);
        let names = Names::new(group, session, style);
        let amendments = amendment_reasons(&session.events);
        let member_talk = participation.total.member_talk();
        let all_talk: Millis = participation
            .total
            .holders
            .values()
            .map(|stats| stats.talk)
            .sum();

        NoteFacts {
            group_name: group.name.clone(),
            group_type: group.kind,
            session_number: session.header.number,
            started: session.header.started,
            figures_until: participation.until,
            ended: participation.ended,
            clock: participation.total.clock,
            breaks: participation.total.breaks,
            facilitator: names.facilitator(),
            co_facilitator: names.co_facilitator(),
            events_logged: session.events.len(),
            events_standing: standing.len(),
            risks: risks(&standing, &names, &amendments),
            attendance: attendance(group, &participation, &names),
            speakers: speakers(group, &participation, &names, member_talk, all_talk),
            member_talk,
            all_talk,
            silence: participation.total.silence,
            longest_silence: participation.total.longest_silence,
            transitions: transitions(&participation),
            moments: moments(&standing, &names, &amendments),
        }
    }

    /// Members who came at all, late or leaving early included.
    pub fn attended(&self) -> usize {
        self.attendance
            .iter()
            .filter(|line| {
                matches!(
                    line.presence,
                    Presence::Present | Presence::Late(_) | Presence::LeftEarly(_)
                )
            })
            .count()
    }
}

/// The reason of the latest amendment of each event, as `effective_events`
/// lets the latest replacement win.
fn amendment_reasons(events: &[Event]) -> HashMap<EventId, String> {
    events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Amendment { target, reason, .. } => Some((*target, reason.clone())),
            _ => None,
        })
        .collect()
}

fn risks(
    standing: &[(&Event, &EventKind)],
    names: &Names<'_>,
    amendments: &HashMap<EventId, String>,
) -> Vec<RiskFact> {
    let mut risks: Vec<RiskFact> = standing
        .iter()
        .filter_map(|(event, kind)| match kind {
            EventKind::Moment(moment) => match moment.what {
                MomentKind::Risk(level) => Some(RiskFact {
                    at: event.at,
                    level,
                    member: moment.members.first().map(|id| names.member(id)),
                    text: Description::of(kind, names).text,
                    amended: amendments.get(&event.id).cloned(),
                }),
                _ => None,
            },
            _ => None,
        })
        .collect();
    risks.sort_by_key(|risk| risk.at);
    risks
}

fn attendance(
    group: &Group,
    participation: &Participation,
    names: &Names<'_>,
) -> Vec<AttendanceFact> {
    group
        .members
        .iter()
        .map(|member| AttendanceFact {
            name: names.member(&member.id),
            presence: presence_of(participation, member),
        })
        .collect()
}

fn presence_of(participation: &Participation, member: &Member) -> Presence {
    participation
        .presence
        .get(&member.id)
        .copied()
        .unwrap_or(Presence::Present)
}

fn speakers(
    group: &Group,
    participation: &Participation,
    names: &Names<'_>,
    member_talk: Millis,
    all_talk: Millis,
) -> Vec<SpeakerFact> {
    let no_turns = HolderStats::default();
    let row = |name: String, role: SpeakerRole, stats: &HolderStats, total: Millis| SpeakerFact {
        name,
        role,
        turns: stats.turns,
        talk: stats.talk,
        longest: stats.longest,
        share: share(stats.talk, total),
    };

    let mut rows: Vec<SpeakerFact> = group
        .members
        .iter()
        .map(|member| {
            let stats = participation
                .total
                .member_stats(&member.id)
                .unwrap_or(&no_turns);
            let role = SpeakerRole::Member(presence_of(participation, member));
            row(names.member(&member.id), role, stats, member_talk)
        })
        .collect();
    for (floor, stats) in &participation.total.holders {
        if let Some(id) = floor.member()
            && group.member(id).is_none()
        {
            rows.push(row(
                names.member(id),
                SpeakerRole::NotOnRoster,
                stats,
                member_talk,
            ));
        }
    }

    let facilitator = participation
        .total
        .stats(&Floor::Facilitator)
        .unwrap_or(&no_turns);
    rows.push(row(
        names.facilitator(),
        SpeakerRole::Facilitator,
        facilitator,
        all_talk,
    ));
    let co_stats = participation.total.stats(&Floor::CoFacilitator);
    if co_stats.is_some() || names.co_facilitator().is_some() {
        rows.push(row(
            names.floor(&Floor::CoFacilitator),
            SpeakerRole::CoFacilitator,
            co_stats.unwrap_or(&no_turns),
            all_talk,
        ));
    }
    if let Some(crosstalk) = participation.total.stats(&Floor::Crosstalk) {
        rows.push(row(
            "crosstalk".into(),
            SpeakerRole::Crosstalk,
            crosstalk,
            all_talk,
        ));
    }
    rows
}

fn share(part: Millis, total: Millis) -> Option<f64> {
    // Millisecond totals stay far below 2^53, so the conversion is exact.
    (total > 0).then(|| part as f64 / total as f64)
}

fn transitions(participation: &Participation) -> TransitionCount {
    let mut count = TransitionCount {
        member_to_member: 0,
        total: 0,
    };
    for ((from, to), times) in &participation.total.transitions {
        count.total += times;
        if from.member().is_some() && to.member().is_some() {
            count.member_to_member += times;
        }
    }
    count
}

fn moments(
    standing: &[(&Event, &EventKind)],
    names: &Names<'_>,
    amendments: &HashMap<EventId, String>,
) -> Vec<MomentFact> {
    let mut moments: Vec<MomentFact> = standing
        .iter()
        .filter(|(_, kind)| is_moment_worth_listing(kind))
        .map(|(event, kind)| MomentFact {
            id: event.id,
            at: event.at,
            description: Description::of(kind, names),
            amended: amendments.get(&event.id).cloned(),
        })
        .collect();
    // Late entries are logged after the fact but belong where they happened.
    moments.sort_by_key(|moment| (moment.at, moment.id));
    moments
}

/// Turns are summed up in the participation table, risks have their own
/// section at the top (shown once, not repeated), and the end is in the header.
fn is_moment_worth_listing(kind: &EventKind) -> bool {
    match kind {
        EventKind::Floor(_) | EventKind::Ended => false,
        EventKind::Moment(moment) => !matches!(moment.what, MomentKind::Risk(_)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::fixture::{self, at};

    fn gathered(session: &Session, written_at: Timestamp) -> NoteFacts {
        NoteFacts::gather(&fixture::group(), session, NameStyle::Alias, written_at)
    }

    fn row<'a>(facts: &'a NoteFacts, name: &str) -> &'a SpeakerFact {
        let found = facts.speakers.iter().find(|row| row.name == name);
        found.unwrap_or_else(|| panic!("no row for {name} in {:#?}", facts.speakers))
    }

    #[test]
    fn figures_of_the_ended_session() {
        let facts = gathered(&fixture::ended_session(), at(9999));
        assert!(facts.ended);
        assert_eq!(
            facts.figures_until,
            at(2400),
            "the end wins over written_at"
        );
        assert_eq!((facts.clock, facts.breaks), (1_800_000, 600_000));
        assert_eq!((facts.member_talk, facts.all_talk), (900_000, 1_470_000));
        assert_eq!((facts.silence, facts.longest_silence), (330_000, 300_000));
        let ana = row(&facts, "Ana R.");
        assert_eq!((ana.turns, ana.talk, ana.longest), (2, 300_000, 180_000));
        assert_eq!(row(&facts, "Ben T.").talk, 360_000);
        assert_eq!(
            row(&facts, "Cy D.").role,
            SpeakerRole::Member(Presence::Late(at(600)))
        );
        let facilitator = row(&facts, "Maria López");
        assert_eq!((facilitator.turns, facilitator.talk), (3, 540_000));
        assert_eq!(row(&facts, "crosstalk").talk, 30_000);
        assert_eq!(
            row(&facts, "Sam Lee").turns,
            0,
            "a silent co-facilitator still has a row"
        );
        assert_eq!(
            facts.transitions,
            TransitionCount {
                member_to_member: 4,
                total: 6
            }
        );
    }

    #[test]
    fn shares_are_of_member_talk_for_members_and_of_all_talk_otherwise() {
        let facts = gathered(&fixture::ended_session(), at(9999));
        assert_eq!(row(&facts, "Ben T.").share, Some(0.4));
        let facilitator_share = row(&facts, "Maria López").share.unwrap_or_default();
        assert!((facilitator_share - 540.0 / 1470.0).abs() < 1e-12);
    }

    #[test]
    fn an_open_session_counts_up_to_written_at() {
        let facts = gathered(&fixture::open_session(), at(2280));
        assert!(!facts.ended);
        assert_eq!(facts.figures_until, at(2280));
        assert_eq!(row(&facts, "Maria López").talk, 420_000);
    }

    #[test]
    fn risks_are_separate_and_moments_exclude_turns_retractions_and_risks() {
        let facts = gathered(&fixture::ended_session(), at(9999));
        assert_eq!(facts.risks.len(), 1);
        assert_eq!(facts.risks[0].member.as_deref(), Some("Ben T."));
        assert_eq!(facts.risks[0].level, RiskLevel::Elevated);
        let ids: Vec<u32> = facts.moments.iter().map(|moment| moment.id.0).collect();
        assert_eq!(ids, vec![1, 2, 6, 8, 10, 11, 18]);
        assert_eq!(facts.moments[6].amended.as_deref(), Some("wrong norm"));
        assert_eq!(
            facts.moments[6].description.label,
            "norm reviewed · phones away"
        );
    }

    #[test]
    fn members_missing_from_the_roster_still_count() {
        let mut group = fixture::group();
        group.members.retain(|member| member.id.as_str() != "cy");
        let facts = NoteFacts::gather(
            &group,
            &fixture::ended_session(),
            NameStyle::Alias,
            at(9999),
        );
        assert_eq!(facts.attendance.len(), 2);
        let cy = row(&facts, "cy");
        assert_eq!((cy.role, cy.talk), (SpeakerRole::NotOnRoster, 240_000));
    }
}
