//! Everything a progress note says, gathered once from the session, with names
//! already chosen (and redacted, if asked) but nothing yet formatted or escaped.
//! Renderers — the Markdown one, a user's template, HTML — only read it.
//!
//! Every part derives `Serialize`: a template sees exactly these fields, with
//! times as RFC 3339 strings in the offset they were logged in, spans in
//! milliseconds and shares as fractions of 1.

mod attendance;
mod checklists;
mod context;
mod header;
mod members;
mod moments;
mod narrative;
mod observations;
mod participation;
mod plan;
pub mod record;
mod risk;
mod risk_record;
pub mod scrub;
mod since_last;
mod timeline;

pub use attendance::{
    AttendanceFacts, AttendanceLine, AttendanceNote, AttendanceStatus, MemberAttendance,
};
pub use checklists::{ChecklistFact, ChecklistFacts, ChecklistItemFact};
pub use header::{
    AgendaFacts, BreakFact, HeaderFacts, PlannedFacts, RecordFacts, SegmentSpan, SignOff,
    SourceFact, StageFact,
};
pub use members::{EntryMoment, EntryParticipation, EntryRisk, GoalFact, MemberEntry};
pub use moments::{
    ConflictFact, ConflictStep, InterventionFact, InterventionRef, MutualAidFact, MutualAidGroup,
    NormFact, NormGroup, NormHeading, OtherMoment, ThemeFact,
};
pub use observations::{ObservationFact, ObservedPart};
pub use participation::{
    CategoryFact, EquityFacts, ParticipationFacts, QuietMember, SegmentFigures, SpeakerRole,
    SpeakerRow, TransitionCount, TurnMatrix,
};
pub use plan::{PlanItem, PlanSource};
pub use risk::{RiskFact, WorkerResponse};
pub use risk_record::RiskRecorded;
pub use since_last::{
    AbsentFact, CarriedConflictFact, CarriedNormFact, CarriedPlanFact, FollowUpFact, SinceLastFacts,
};
pub use timeline::{MomentMark, TimelineFacts, TurnLane, TurnSpan};

use super::describe::NoteOptions;
use crate::model::{Group, MemberId, RosterOrigin, Session, Timestamp};
use context::Context;
use serde::Serialize;

/// Milliseconds, as the participation figures count them.
pub use crate::metrics::Millis;

/// How long after a risk or a single-entry conflict the interventions logged
/// about the same members count as the worker's response: a worker responds
/// within moments, and logging lags a little behind.
pub const FOLLOW_UP_WINDOW_MINUTES: i64 = 5;

/// The whole note, in the order a supervisor reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteFacts {
    pub header: HeaderFacts,
    /// Risk moments in time order; shown first when there are any.
    pub risks: Vec<RiskFact>,
    pub attendance: AttendanceFacts,
    pub agenda: AgendaFacts,
    pub participation: ParticipationFacts,
    /// Every turn and the moments that matter, placed in time, for drawing.
    pub timeline: TimelineFacts,
    /// Norm moments grouped by what happened to the norm, in a fixed order;
    /// groups without moments are left out.
    pub norms: Vec<NormGroup>,
    /// One per conflict (its opening moment and the moments continuing it;
    /// in older files, same type and members), in the order they emerged.
    pub conflicts: Vec<ConflictFact>,
    /// Grouped by kind, in the order of the ten processes.
    pub mutual_aid: Vec<MutualAidGroup>,
    pub interventions: Vec<InterventionFact>,
    /// The themes the group worked on (theme moments), in order.
    pub themes: Vec<ThemeFact>,
    /// Free notes and bookmarks.
    pub other_moments: Vec<OtherMoment>,
    /// The facilitator's plan entries, then suggestions drawn from the record.
    pub plan: Vec<PlanItem>,
    /// One entry per roster member, for that member's own record.
    pub members: Vec<MemberEntry>,
    /// Changes after the fact, the co-facilitator's review, signatures.
    pub record: record::RecordKeeping,
    pub sign_off: SignOff,
    /// What carried over from the earlier sessions ("Since last session");
    /// `None` in the first session or when gathered without them.
    pub since_last: Option<SinceLastFacts>,
    /// The contract and ending checklists of this session.
    pub checklists: ChecklistFacts,
}

impl NoteFacts {
    /// Gathers the note's facts. Figures run to the session's end if it has
    /// ended, else to `written_at`. `group` is today's group file: the
    /// session's own roster snapshot wins over it (see
    /// [`Session::group_as_recorded`]).
    pub fn gather(
        group: &Group,
        session: &Session,
        options: NoteOptions,
        written_at: Timestamp,
    ) -> NoteFacts {
        NoteFacts::gather_carried(group, session, options, written_at, None)
    }

    /// As [`NoteFacts::gather`], with what carried over from the group's
    /// earlier sessions (`metrics::carry`): the note then has its "Since
    /// last session" section, and says which checklists were offered.
    pub fn gather_carried(
        group: &Group,
        session: &Session,
        options: NoteOptions,
        written_at: Timestamp,
        carry: Option<&crate::metrics::carry::CarryOver>,
    ) -> NoteFacts {
        // The group as the session recorded it, whatever `group` says today.
        let recorded = session.group_as_recorded(group);
        let roster_recorded = recorded.roster == RosterOrigin::Snapshot;
        let ctx = Context::new(&recorded.group, session, options, written_at);
        let conflicts = moments::conflict_threads(&ctx);
        let risks = risk::risk_threads(&ctx);
        let quiet = participation::quiet_ids(&ctx);
        let plan = plan::PlanThreads::gather(&ctx, &conflicts, &risks, &quiet);
        let participation = participation::gather(&ctx);
        let timeline = timeline::gather(&ctx, &participation.speakers);
        NoteFacts {
            header: header::gather(&ctx, roster_recorded),
            risks: risks.iter().map(|risk| risk.fact(&ctx)).collect(),
            attendance: attendance::gather(&ctx),
            agenda: header::agenda(&ctx),
            participation,
            timeline,
            norms: moments::norms(&ctx),
            conflicts: conflicts
                .iter()
                .map(|conflict| conflict.fact(&ctx))
                .collect(),
            mutual_aid: moments::mutual_aid(&ctx),
            interventions: moments::interventions(&ctx),
            themes: moments::themes(&ctx),
            other_moments: moments::other_moments(&ctx),
            plan: plan.group_items(&ctx),
            members: members::gather(&ctx, &conflicts, &risks, &quiet, &plan),
            sign_off: header::sign_off(&ctx),
            record: record::gather(&ctx),
            since_last: carry.and_then(|carry| since_last::gather(&ctx, carry)),
            checklists: checklists::gather(&ctx, carry),
        }
    }

    /// The entry of one member, found by roster id.
    pub fn member(&self, id: &MemberId) -> Option<&MemberEntry> {
        self.members.iter().find(|entry| &entry.id == id)
    }
}

#[cfg(test)]
mod tests;
