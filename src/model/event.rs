use super::taxonomy::{ConflictStatus, ConflictType, MutualAidKind, NormAction, RiskLevel, Skill};
use super::{MemberId, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Position of an event in its session; ids start at 1 and never repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub u32);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Who logged an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Author {
    Facilitator,
    CoFacilitator,
}

/// Who holds the floor. Exactly one at a time; crosstalk and silence count as holders.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Floor {
    Member(MemberId),
    Facilitator,
    CoFacilitator,
    /// Several people at once.
    Crosstalk,
    Silence,
}

impl Floor {
    pub fn member(&self) -> Option<&MemberId> {
        match self {
            Floor::Member(id) => Some(id),
            _ => None,
        }
    }

    /// A person (member or worker) is speaking, as opposed to silence or crosstalk.
    pub fn is_person(&self) -> bool {
        matches!(
            self,
            Floor::Member(_) | Floor::Facilitator | Floor::CoFacilitator
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttendanceChange {
    /// Arrived after the start: recorded as late.
    Arrived,
    LeftEarly,
    Absent,
    Excused,
}

impl AttendanceChange {
    pub fn label(self) -> &'static str {
        match self {
            AttendanceChange::Arrived => "arrived",
            AttendanceChange::LeftEarly => "left early",
            AttendanceChange::Absent => "absent",
            AttendanceChange::Excused => "excused",
        }
    }
    pub const ALL: [AttendanceChange; 4] = [
        AttendanceChange::Arrived,
        AttendanceChange::LeftEarly,
        AttendanceChange::Absent,
        AttendanceChange::Excused,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BreakEdge {
    Start,
    End,
    /// Logging stopped here (a crash, or the facilitator left without ending):
    /// written on resume at the last saved event's time, followed by an `End` at
    /// the resume, so the gap counts as a break, never as talk.
    Stopped,
}

impl BreakEdge {
    /// A break begins here (a planned one, or the gap after logging stopped).
    pub fn starts(self) -> bool {
        match self {
            BreakEdge::Start | BreakEdge::Stopped => true,
            BreakEdge::End => false,
        }
    }
}

/// Members involved in a moment, in the order the facilitator chose them.
pub type MemberSet = Vec<MemberId>;

/// A tagged moment: what kind, who was involved, and optional words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    pub what: MomentKind,
    #[serde(default)]
    pub members: MemberSet,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MomentKind {
    Norm {
        action: NormAction,
        norm: String,
    },
    Conflict {
        kind: ConflictType,
        status: ConflictStatus,
    },
    MutualAid(MutualAidKind),
    Intervention(Skill),
    /// Always about exactly one member (the first of `members`).
    Risk(RiskLevel),
    Note,
    Bookmark,
    /// A plan for the next session (about the members listed, or the whole group).
    Plan,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventKind {
    Floor(Floor),
    Attendance {
        member: MemberId,
        change: AttendanceChange,
    },
    Moment(Moment),
    /// The next agenda segment begins (check-in, main activity, check-out, or named).
    Segment(String),
    Break(BreakEdge),
    /// Stage of group development the facilitator observes (e.g. "storming").
    Stage(String),
    /// A rating on the goal attainment scale, -2..=2, of one of the member's goals.
    GoalRating {
        member: MemberId,
        goal: u8,
        rating: i8,
    },
    /// A correction that never alters the original: the target now reads as `replacement`.
    Amendment {
        target: EventId,
        replacement: Box<EventKind>,
        reason: String,
    },
    /// Undo: the target no longer counts, but stays in the record.
    Retraction {
        target: EventId,
    },
    /// The facilitator ended the session; nothing is logged after this.
    Ended,
}

impl EventKind {
    /// Events that are about the record itself rather than about the group.
    pub fn is_record_keeping(&self) -> bool {
        matches!(
            self,
            EventKind::Amendment { .. } | EventKind::Retraction { .. }
        )
    }

    /// A risk moment: pinned on screen and shown first in the note.
    pub fn is_risk(&self) -> bool {
        matches!(self, EventKind::Moment(moment) if matches!(moment.what, MomentKind::Risk(_)))
    }

    /// Every member id the event refers to, for validation against the roster.
    pub fn member_ids(&self) -> Vec<&MemberId> {
        match self {
            EventKind::Floor(Floor::Member(id)) => vec![id],
            EventKind::Attendance { member, .. } | EventKind::GoalRating { member, .. } => {
                vec![member]
            }
            EventKind::Moment(moment) => moment.members.iter().collect(),
            EventKind::Amendment { replacement, .. } => replacement.member_ids(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub at: Timestamp,
    pub by: Author,
    pub kind: EventKind,
}
