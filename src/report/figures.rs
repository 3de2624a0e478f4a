//! What the report needs of one session, computed once from its record by the
//! metrics (never a second way) and kept as a compact summary on disk (see
//! [`super::summary`]): attendance, talk and turns per member, goal ratings,
//! risks, transitions, mutual aid, conflicts, norms and stages.

use crate::metrics::{Millis, Participation, Presence, equity};
use crate::model::taxonomy::{
    ConflictStatus, ConflictType, MutualAidKind, NormAction, RiskAction, RiskLevel,
};
use crate::model::{
    EventKind, Group, MemberId, MomentKind, RecordedGroup, RosterOrigin, Session, Timestamp,
    conflict_identities, effective_events,
};
use serde::{Deserialize, Serialize};

/// Attendance as the session recorded it (the metrics' [`Presence`], kept on disk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attended {
    Present,
    Late,
    LeftEarly,
    Absent,
    Excused,
}

impl Attended {
    pub fn of(presence: Presence) -> Attended {
        match presence {
            Presence::Present => Attended::Present,
            Presence::Late(_) => Attended::Late,
            Presence::LeftEarly(_) => Attended::LeftEarly,
            Presence::Absent => Attended::Absent,
            Presence::Excused => Attended::Excused,
        }
    }

    /// In the room at some point of the session.
    pub fn attended(self) -> bool {
        !matches!(self, Attended::Absent | Attended::Excused)
    }
}

/// One risk moment as the record now stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskFigure {
    pub at: Timestamp,
    pub level: RiskLevel,
    #[serde(default)]
    pub actions: Vec<RiskAction>,
    #[serde(default)]
    pub action_text: Option<String>,
    #[serde(default)]
    pub informed_at: Option<Timestamp>,
    #[serde(default)]
    pub follow_up_owner: Option<String>,
    #[serde(default)]
    pub follow_up_due: Option<chrono::NaiveDate>,
}

/// One member of the session's recorded roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberFigures {
    pub id: MemberId,
    pub attended: Attended,
    /// Talk time and turns from the session's participation tally.
    pub talk: Millis,
    pub turns: u32,
    /// The last rating of each goal in the session: (goal index, -2..=2).
    #[serde(default)]
    pub ratings: Vec<(u8, i8)>,
    #[serde(default)]
    pub risks: Vec<RiskFigure>,
}

/// One conflict of the session (its moments grouped by `conflict_identities`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictFigure {
    pub kind: ConflictType,
    pub members: Vec<MemberId>,
    /// The status last logged in the session.
    pub status: ConflictStatus,
}

/// What the report needs of one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionFigures {
    pub number: u32,
    /// The session file's name.
    pub file: String,
    pub started: Timestamp,
    pub ended: bool,
    /// The group as the session recorded it (its header's snapshot, or for an
    /// older session today's group.ron as of its day).
    pub group: Group,
    /// The roster came from the session's own snapshot.
    pub snapshot: bool,
    /// The session clock without breaks.
    pub clock: Millis,
    /// All talk: members, facilitators and crosstalk (the share denominator).
    pub all_talk: Millis,
    pub facilitators_share: Option<f64>,
    /// Gini over the talk of the members who attended.
    pub gini: Option<f64>,
    /// Transitions between persons, and those from member to member.
    pub transitions: u32,
    pub member_to_member: u32,
    /// `Tally::member_to_member_share`.
    pub member_to_member_share: Option<f64>,
    pub members: Vec<MemberFigures>,
    /// Mutual-aid moments by kind, in the taxonomy's order, those logged only.
    pub mutual_aid: Vec<(MutualAidKind, u32)>,
    pub conflicts: Vec<ConflictFigure>,
    /// Norm moments in time order.
    pub norms: Vec<(NormAction, String)>,
    /// Stages observed, in time order (a repeat in a row once).
    pub stages: Vec<String>,
}

impl SessionFigures {
    /// The figures of a session read with the group it recorded.
    pub fn of(session: &Session, recorded: &RecordedGroup, file: &str) -> SessionFigures {
        let group = &recorded.group;
        let until = session.last_event_at();
        let participation = Participation::compute(group, session, until);
        let total = &participation.total;
        let effective = effective_events(&session.events);

        let mut members: Vec<MemberFigures> = group
            .members
            .iter()
            .map(|member| {
                let stats = total.member_stats(&member.id);
                MemberFigures {
                    id: member.id.clone(),
                    attended: Attended::of(
                        participation
                            .presence
                            .get(&member.id)
                            .copied()
                            .unwrap_or(Presence::Present),
                    ),
                    talk: stats.map_or(0, |s| s.talk),
                    turns: stats.map_or(0, |s| s.turns),
                    ratings: Vec::new(),
                    risks: Vec::new(),
                }
            })
            .collect();
        let mut mutual_aid: Vec<(MutualAidKind, u32)> = Vec::new();
        let mut norms = Vec::new();
        let mut stages: Vec<String> = Vec::new();
        let mut moments = Vec::new();
        for (event, kind) in &effective {
            match kind {
                EventKind::GoalRating {
                    member,
                    goal,
                    rating,
                    ..
                } => {
                    if let Some(figures) = members.iter_mut().find(|m| &m.id == member) {
                        figures.ratings.retain(|(g, _)| g != goal);
                        figures.ratings.push((*goal, *rating));
                    }
                }
                EventKind::Stage(stage) => {
                    let stage = stage.trim();
                    if !stage.is_empty() && stages.last().is_none_or(|last| last != stage) {
                        stages.push(stage.to_string());
                    }
                }
                EventKind::Moment(moment) => match &moment.what {
                    MomentKind::MutualAid(aid) => {
                        match mutual_aid.iter_mut().find(|(k, _)| k == aid) {
                            Some((_, count)) => *count += 1,
                            None => mutual_aid.push((*aid, 1)),
                        }
                    }
                    MomentKind::Norm { action, norm } => {
                        norms.push((*action, norm.trim().to_string()));
                    }
                    MomentKind::Risk(level, detail) => {
                        let about = moment.members.first();
                        if let Some(figures) = members.iter_mut().find(|m| Some(&m.id) == about) {
                            figures.risks.push(RiskFigure {
                                at: event.at,
                                level: *level,
                                actions: detail.actions.clone(),
                                action_text: detail.action_text.clone(),
                                informed_at: detail.informed_at,
                                follow_up_owner: detail.follow_up_owner.clone(),
                                follow_up_due: detail.follow_up_due,
                            });
                        }
                    }
                    MomentKind::Conflict { .. } => moments.push((event.id, event.at, moment)),
                    MomentKind::Intervention(_)
                    | MomentKind::Note
                    | MomentKind::Bookmark
                    | MomentKind::Plan
                    | MomentKind::Theme
                    | MomentKind::Observation(_)
                    | MomentKind::Task(_) => {}
                },
                EventKind::Floor(_)
                | EventKind::Attendance { .. }
                | EventKind::Segment(_)
                | EventKind::Break(_)
                | EventKind::Amendment { .. }
                | EventKind::Retraction { .. }
                | EventKind::Ended
                | EventKind::Record(_)
                | EventKind::Closing(_)
                | EventKind::ClockStep { .. } => {}
            }
        }
        for figures in &mut members {
            figures.ratings.sort_by_key(|(goal, _)| *goal);
        }
        mutual_aid.sort_by_key(|(kind, _)| {
            use crate::model::taxonomy::Choice as _;
            MutualAidKind::ALL.iter().position(|k| k == kind)
        });
        let conflicts = conflict_identities(moments.iter().map(|(id, at, m)| (*id, *at, *m)))
            .into_iter()
            .map(|conflict| ConflictFigure {
                status: conflict.status(),
                kind: conflict.kind,
                members: conflict.members,
            })
            .collect();
        let transitions: u32 = total.transitions.values().sum();
        let member_to_member: u32 = total
            .transitions
            .iter()
            .filter(|((from, to), _)| from.member().is_some() && to.member().is_some())
            .map(|(_, count)| count)
            .sum();
        SessionFigures {
            number: session.header.number,
            file: file.to_string(),
            started: session.header.started,
            ended: session.is_ended(),
            snapshot: recorded.roster == RosterOrigin::Snapshot,
            clock: total.clock,
            all_talk: total.all_talk(),
            facilitators_share: total.facilitators_share(),
            gini: equity::member_gini(group, &participation),
            transitions,
            member_to_member,
            member_to_member_share: total.member_to_member_share(),
            members,
            mutual_aid,
            conflicts,
            norms,
            stages,
            group: group.clone(),
        }
    }

    pub fn member(&self, id: &MemberId) -> Option<&MemberFigures> {
        self.members.iter().find(|m| &m.id == id)
    }

    /// Whether the member was on this session's roster: on the recorded
    /// roster, and joined by the session's day and not yet left.
    pub fn is_member(&self, id: &MemberId) -> bool {
        let day = self.started.date_naive();
        self.group
            .member(id)
            .is_some_and(|member| member.is_member_on(day))
            && self.member(id).is_some()
    }

    /// A member's share of all talk (`metrics::share`, as the note's).
    pub fn share_of(&self, id: &MemberId) -> Option<f64> {
        let talk = self.member(id)?.talk;
        crate::metrics::share(talk, self.all_talk)
    }

    pub fn mutual_aid_total(&self) -> u32 {
        self.mutual_aid.iter().map(|(_, count)| count).sum()
    }
}
