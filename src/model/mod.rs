//! Plain data: groups, sessions, events and the group-work taxonomies.
//! Nothing here knows about files or terminals.

mod conflict;
mod describe;
mod event;
pub mod family;
#[cfg(test)]
pub(crate) mod fixture;
mod group;
pub mod phase;
pub mod plan;
pub mod sanity;
mod session;
pub mod taxonomy;

pub use conflict::{ConflictIdentity, conflict_identities};
pub use event::{
    AttendanceChange, Author, BreakEdge, ClosingStep, Covered, Event, EventId, EventKind, Floor,
    MemberSet, Moment, MomentKind, Observation, RecordEntry, RiskDetail, SignOff,
};
pub use family::{MomentFamily, NoteSection, PickerShape, StyleRole};
pub use group::{
    Consent, GoalScale, Group, GroupType, Member, MemberId, Membership, NameStyle, NoteStyle,
    PlannedSession, Preparation, initials_of, slugify,
};
pub use phase::{Checklist, PhaseTask};
pub use session::{
    ObserverLog, RecordedGroup, RosterOrigin, Session, SessionHeader, SessionSource, SpeakerSource,
    effective_events, effective_positions,
};

/// Schema version written into every file. Bump only for changes older code cannot read.
pub const SCHEMA_VERSION: u32 = 1;

/// Wall-clock time with the UTC offset the facilitator was in when it happened.
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;
