//! Plain-words labels of events, shared by the screen, the timeline and the note.
//! Names of people are added by the caller, who knows how names are to be shown.

use super::taxonomy::Choice;
use super::{BreakEdge, EventKind, Floor, MomentKind};

impl MomentKind {
    /// "mutual aid · mutual support", "norm challenged · phones away", "risk · elevated".
    pub fn label(&self) -> String {
        match self {
            MomentKind::Norm { action, norm } if norm.is_empty() => {
                format!("norm {}", action.label())
            }
            MomentKind::Norm { action, norm } => format!("norm {} · {norm}", action.label()),
            MomentKind::Conflict { kind, status, .. } => {
                format!("conflict · {} · {}", kind.short(), status.label())
            }
            MomentKind::MutualAid(kind) => format!("mutual aid · {}", kind.label()),
            MomentKind::Intervention(skill) => format!("intervention · {}", skill.label()),
            MomentKind::Risk(level) => format!("risk · {}", level.label()),
            MomentKind::Note => "note".into(),
            MomentKind::Plan => "plan for next session".into(),
            MomentKind::Bookmark => "bookmark".into(),
        }
    }

    /// A one-character mark that tells the kinds apart without colour.
    pub fn symbol(&self) -> &'static str {
        match self {
            MomentKind::Norm { .. } => "⚑",
            // Narrow symbols only: a double-width glyph would break the columns.
            MomentKind::Conflict { .. } => "↯",
            MomentKind::MutualAid(_) => "♥",
            MomentKind::Intervention(_) => "◆",
            MomentKind::Risk(_) => "▲",
            MomentKind::Note => "✎",
            MomentKind::Plan => "→",
            MomentKind::Bookmark => "★",
        }
    }

    /// The plain name of the kind, for headings and filters.
    pub fn family(&self) -> &'static str {
        match self {
            MomentKind::Norm { .. } => "norm",
            MomentKind::Conflict { .. } => "conflict",
            MomentKind::MutualAid(_) => "mutual aid",
            MomentKind::Intervention(_) => "intervention",
            MomentKind::Risk(_) => "risk",
            MomentKind::Note => "note",
            MomentKind::Plan => "plan",
            MomentKind::Bookmark => "bookmark",
        }
    }
}

impl EventKind {
    /// A label for events that are not moments (those are described by `MomentKind::label`);
    /// `name` turns a floor holder or member id into the name to show.
    pub fn label(&self, name: &dyn Fn(&Floor) -> String) -> String {
        match self {
            EventKind::Floor(Floor::Silence) => "silence".into(),
            EventKind::Floor(floor) => format!("{} speaks", name(floor)),
            EventKind::Attendance { member, change, .. } => {
                format!(
                    "{} {}",
                    name(&Floor::Member(member.clone())),
                    change.label()
                )
            }
            EventKind::Moment(moment) => moment.what.label(),
            EventKind::Segment(segment) => format!("segment · {segment}"),
            EventKind::Break(BreakEdge::Start) => "break begins".into(),
            EventKind::Break(BreakEdge::End) => "break ends".into(),
            EventKind::Break(BreakEdge::Stopped) => "logging stopped".into(),
            EventKind::Stage(stage) => format!("stage · {stage}"),
            EventKind::GoalRating {
                member,
                goal,
                rating,
                ..
            } => {
                format!(
                    "goal {} of {} rated {rating:+}",
                    goal + 1,
                    name(&Floor::Member(member.clone()))
                )
            }
            EventKind::Amendment { target, reason, .. } => format!("amends {target}: {reason}"),
            EventKind::Retraction { target } => format!("retracts {target}"),
            EventKind::Ended => "session ended".into(),
        }
    }
}
