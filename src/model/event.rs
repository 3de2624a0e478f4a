use super::taxonomy::{
    ConflictStatus, ConflictType, GoalProgress, InterventionResponse, MutualAidKind, NormAction,
    ParticipationQuality, Presentation, RiskAction, RiskLevel, Skill,
};
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
    /// Signs the note or returns it for revision (in the supervisor's own file).
    Supervisor,
}

impl Author {
    /// How the author is named in the record and the note.
    pub fn label(self) -> &'static str {
        match self {
            Author::Facilitator => "facilitator",
            Author::CoFacilitator => "co-facilitator",
            Author::Supervisor => "supervisor",
        }
    }
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
        /// The moment that opened this conflict, when this one continues it (a
        /// status change). `None` opens a conflict; files written before
        /// conflicts had an identity have `None` throughout and are matched by
        /// type and members.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        continues: Option<EventId>,
    },
    MutualAid(MutualAidKind),
    Intervention(Skill),
    /// Always about exactly one member (the first of `members`); what the
    /// worker assessed and did, when they recorded it (lines written before
    /// it was recorded load with none of it).
    Risk(
        RiskLevel,
        #[serde(default, skip_serializing_if = "no_detail")] Box<RiskDetail>,
    ),
    Note,
    Bookmark,
    /// A plan for the next session (about the members listed, or the whole group).
    Plan,
    /// A theme the group worked on, in the moment's text: a short phrase
    /// ("fear of relapse"); members optional. See `model::family` for how
    /// each kind is shown, picked, exported and told in the note.
    Theme,
    /// The worker's observation of one member (the first of `members`):
    /// any of presentation, participation, response and goal progress, with
    /// the moment's text as their words.
    Observation(Observation),
    /// A beginning or ending task done (an item of the contract or ending
    /// checklist), or the ending phase declared; about the members listed
    /// (a member who joined), or the whole group. See `model::phase`.
    Task(super::phase::PhaseTask),
}

/// What the worker saw of one member; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation: Option<Presentation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participation: Option<ParticipationQuality>,
    /// The member's response to the worker's interventions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<InterventionResponse>,
    /// Progress toward the member's goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<GoalProgress>,
}

impl Observation {
    /// Nothing chosen from any list.
    pub fn is_empty(&self) -> bool {
        self == &Observation::default()
    }
}

/// What a supervisor needs of a risk besides level, member and words. Every
/// field may be left empty: the note then says "not recorded" and never
/// infers it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskDetail {
    /// The worker's assessment, in their words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    /// What was done, in the order chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<RiskAction>,
    /// When the supervisor or on-call was informed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed_at: Option<Timestamp>,
    /// Anything else about the action taken, in the worker's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_text: Option<String>,
    /// Who follows the risk up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_owner: Option<String>,
    /// By when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_due: Option<chrono::NaiveDate>,
}

impl RiskDetail {
    /// Nothing recorded beyond level, member and words.
    pub fn is_empty(&self) -> bool {
        self == &RiskDetail::default()
    }
}

/// Serde's test for leaving a risk's detail off the line.
#[allow(clippy::borrowed_box)]
fn no_detail(detail: &Box<RiskDetail>) -> bool {
    detail.is_empty()
}

impl MomentKind {
    /// A risk with nothing recorded beyond its level.
    pub fn risk(level: RiskLevel) -> MomentKind {
        MomentKind::Risk(level, Box::default())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventKind {
    Floor(Floor),
    Attendance {
        member: MemberId,
        change: AttendanceChange,
        /// Words typed with it: the reason for leaving, for the absence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
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
        /// Words typed with it: the evidence for the rating.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
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
    /// The computer's wall clock stepped while logging (NTP, waking in another
    /// time zone, a dead battery), found against the monotonic clock: it moved
    /// `by_ms` milliseconds beyond the time that passed (negative: set back).
    /// Events after it carry the stepped clock's times; durations across it
    /// leave the step out (see `metrics::Participation`).
    ClockStep {
        by_ms: i64,
    },
    /// The facilitator ended the session; after it only record-keeping events.
    Ended,
    /// Record keeping beyond amendments and retractions: late entries,
    /// comments, sign-offs, returns for revision (see [`RecordEntry`]).
    Record(RecordEntry),
    /// How the closing step after `q` went (written just before `Ended`):
    /// walked to the end, skipped, or left for later, when the review can
    /// offer it again.
    Closing(ClosingStep),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClosingStep {
    /// Every present member was walked.
    Finished,
    /// `s`: skipped as a whole.
    Skipped,
    /// Esc: left for later, with this many members not yet walked.
    Later { left: u32 },
}

/// An event about the record: written after the fact by a reviewer, it never
/// alters another line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecordEntry {
    /// Something that happened but was missed (a moment, a turn). The event
    /// carrying it is dated when it happened, so that every view places it
    /// there; `written` is when it was written, and it is marked late.
    Late {
        what: Box<EventKind>,
        written: Timestamp,
        reason: String,
    },
    /// A reviewer's retraction, with its reason (the live panel's undo is a
    /// plain [`EventKind::Retraction`]): the target no longer counts.
    Retracted { target: EventId, reason: String },
    /// A turn began at another time than logged (`to`, within its
    /// neighbours; `from` is the time it read before). `store::load_record`
    /// places the turn at `to`; the line logged is untouched.
    Retimed {
        target: EventId,
        from: Timestamp,
        to: Timestamp,
        reason: String,
    },
    /// A reviewer's comment on the session (the co-facilitator's debrief).
    Comment { text: String },
    /// A signature over every line of the record written before it.
    SignOff(SignOff),
    /// The supervisor sends the note back for revision.
    Returned { name: String, comment: String },
}

/// A signature: who, in which role (the event's author), with a SHA-256
/// digest of every line of the record written before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// SHA-256 (hex) of the covered lines of every file, in `covers` order.
    pub digest: String,
    /// The lines covered, file by file.
    pub covers: Vec<Covered>,
}

/// The first `lines` lines of one file of the record (named by its author),
/// with the first 8 hex digits of each line's SHA-256 so that `check` can
/// name the line that changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Covered {
    pub file: Author,
    pub lines: u32,
    pub line_hashes: String,
}

impl EventKind {
    /// Events that are about the record itself rather than about the group.
    pub fn is_record_keeping(&self) -> bool {
        matches!(
            self,
            EventKind::Amendment { .. } | EventKind::Retraction { .. } | EventKind::Record(_)
        )
    }

    /// The event this one retracts (an undo, or a reviewer's retraction).
    pub fn retracts(&self) -> Option<EventId> {
        match self {
            EventKind::Retraction { target }
            | EventKind::Record(RecordEntry::Retracted { target, .. }) => Some(*target),
            _ => None,
        }
    }

    /// What the event adds to the session as it happened: itself, or a late
    /// entry's content; `None` for the other record-keeping events.
    pub fn as_happened(&self) -> Option<&EventKind> {
        match self {
            EventKind::Record(RecordEntry::Late { what, .. }) => Some(what),
            kind if kind.is_record_keeping() => None,
            kind => Some(kind),
        }
    }

    /// A floor turn: who has the floor from now on.
    pub fn is_turn(&self) -> bool {
        matches!(self, EventKind::Floor(_))
    }

    /// A checklist tick or declaration (a task moment).
    pub fn is_task(&self) -> bool {
        matches!(self, EventKind::Moment(moment) if matches!(moment.what, MomentKind::Task(_)))
    }

    /// A risk moment: pinned on screen and shown first in the note.
    pub fn is_risk(&self) -> bool {
        matches!(self, EventKind::Moment(moment) if matches!(moment.what, MomentKind::Risk(..)))
    }

    /// The words typed with the event (a moment's text, the reason for an
    /// attendance change, the evidence for a goal rating); `None` when blank.
    pub fn text(&self) -> Option<&str> {
        let text = match self {
            EventKind::Moment(moment) => moment.text.as_deref(),
            EventKind::Attendance { text, .. } | EventKind::GoalRating { text, .. } => {
                text.as_deref()
            }
            // Their words are their label (a segment's or stage's name, an
            // amendment's reason), or they have none.
            EventKind::Floor(_)
            | EventKind::Segment(_)
            | EventKind::Break(_)
            | EventKind::ClockStep { .. }
            | EventKind::Stage(_)
            | EventKind::Closing(_)
            | EventKind::Amendment { .. }
            | EventKind::Retraction { .. }
            | EventKind::Record(_)
            | EventKind::Ended => None,
        };
        text.filter(|text| !text.trim().is_empty())
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
            EventKind::Record(RecordEntry::Late { what, .. }) => what.member_ids(),
            EventKind::Record(_) => Vec::new(),
            EventKind::Floor(_)
            | EventKind::Segment(_)
            | EventKind::Break(_)
            | EventKind::ClockStep { .. }
            | EventKind::Stage(_)
            | EventKind::Closing(_)
            | EventKind::Retraction { .. }
            | EventKind::Ended => Vec::new(),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lines_written_before_the_text_and_continues_fields_still_load() {
        let old: EventKind =
            ron::from_str(r#"Attendance(member: "ben", change: LeftEarly)"#).unwrap();
        assert_eq!(old.text(), None);
        let old: EventKind =
            ron::from_str(r#"GoalRating(member: "ana", goal: 0, rating: 1)"#).unwrap();
        assert_eq!(old.text(), None);
        let old: MomentKind = ron::from_str("Conflict(kind: Process, status: Emerged)").unwrap();
        assert!(matches!(
            old,
            MomentKind::Conflict {
                continues: None,
                ..
            }
        ));
    }

    #[test]
    fn a_risk_written_before_its_detail_loads_and_one_without_detail_is_written_as_before() {
        let old: MomentKind = ron::from_str("Risk(Elevated)").unwrap();
        assert_eq!(old, MomentKind::risk(RiskLevel::Elevated));
        let MomentKind::Risk(_, detail) = &old else {
            panic!("{old:?}")
        };
        assert!(detail.is_empty());
        assert_eq!(ron::to_string(&old).unwrap(), "Risk(Elevated)");
    }

    #[test]
    fn a_risk_with_its_detail_goes_to_disk_and_back() {
        use chrono::TimeZone;
        let offset = chrono::FixedOffset::east_opt(3600).unwrap();
        let detail = RiskDetail {
            assessment: Some("passive ideation, no plan".into()),
            actions: vec![RiskAction::SafetyPlan, RiskAction::SupervisorInformed],
            informed_at: Some(offset.with_ymd_and_hms(2026, 11, 23, 18, 40, 0).unwrap()),
            action_text: Some("called her sister with her".into()),
            follow_up_owner: Some("J. Park".into()),
            follow_up_due: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
        };
        let kind = MomentKind::Risk(RiskLevel::Elevated, Box::new(detail.clone()));
        let line = ron::to_string(&kind).unwrap();
        assert_eq!(ron::from_str::<MomentKind>(&line).unwrap(), kind, "{line}");
        // Only what was recorded is written.
        let partial = MomentKind::Risk(
            RiskLevel::Concern,
            Box::new(RiskDetail {
                follow_up_owner: Some("J. Park".into()),
                ..RiskDetail::default()
            }),
        );
        let line = ron::to_string(&partial).unwrap();
        assert_eq!(line, r#"Risk(Concern,(follow_up_owner:Some("J. Park")))"#);
        assert_eq!(ron::from_str::<MomentKind>(&line).unwrap(), partial);
    }

    #[test]
    fn an_observation_writes_only_the_parts_chosen() {
        let seen = MomentKind::Observation(Observation {
            presentation: Some(Presentation::Withdrawn),
            progress: Some(GoalProgress::NoChange),
            ..Observation::default()
        });
        let line = ron::to_string(&seen).unwrap();
        assert_eq!(
            line,
            "Observation((presentation:Some(Withdrawn),progress:Some(NoChange)))"
        );
        assert_eq!(ron::from_str::<MomentKind>(&line).unwrap(), seen);
        assert_eq!(seen.label(), "observation · withdrawn, no change");
    }

    #[test]
    fn a_theme_moment_is_written_as_one_plain_ron_line() {
        let line = r#"Moment((what: Theme, members: [], text: Some("the fear"), ))"#;
        let kind: EventKind = ron::from_str(line).unwrap();
        let EventKind::Moment(moment) = &kind else {
            panic!("{kind:?}")
        };
        assert_eq!(moment.what, MomentKind::Theme);
        assert_eq!(kind.text(), Some("the fear"));
        assert_eq!(
            ron::to_string(&kind).unwrap(),
            r#"Moment((what:Theme,members:[],text:Some("the fear")))"#
        );
    }

    #[test]
    fn the_new_fields_go_to_disk_and_back() {
        for kind in [
            EventKind::Attendance {
                member: MemberId::new("ben"),
                change: AttendanceChange::LeftEarly,
                text: Some("picked up his son".into()),
            },
            EventKind::GoalRating {
                member: MemberId::new("ana"),
                goal: 0,
                rating: -1,
                text: Some("did not ask".into()),
            },
            EventKind::Moment(Moment {
                what: MomentKind::Conflict {
                    kind: ConflictType::Process,
                    status: ConflictStatus::Resolved,
                    continues: Some(EventId(7)),
                },
                members: vec![],
                text: None,
            }),
            EventKind::Moment(Moment {
                what: MomentKind::Theme,
                members: vec![MemberId::new("ana")],
                text: Some("fear of relapse".into()),
            }),
        ] {
            let line = ron::to_string(&kind).unwrap();
            assert_eq!(ron::from_str::<EventKind>(&line).unwrap(), kind, "{line}");
        }
    }
}
