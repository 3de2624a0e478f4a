//! Plain-words labels of events, shared by the screen, the timeline and the note.
//! Names of people are added by the caller, who knows how names are to be shown.

use super::taxonomy::Choice;
use super::{BreakEdge, ClosingStep, EventKind, Floor, MomentKind, Observation};

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
            MomentKind::Risk(level, _) => format!("risk · {}", level.label()),
            MomentKind::Note => "note".into(),
            MomentKind::Plan => "plan for next session".into(),
            MomentKind::Bookmark => "bookmark".into(),
            MomentKind::Theme => "theme".into(),
            MomentKind::Observation(seen) if seen.is_empty() => "observation".into(),
            MomentKind::Observation(seen) => format!("observation · {}", seen.summary()),
            MomentKind::Task(task) => match task.checklist() {
                Some(list) => format!("{} · {}", list.title().to_lowercase(), task.short()),
                None => task.label().into(),
            },
        }
    }

    /// Shorter than `label`, for the live screen's moments list, where the
    /// symbol already says the family: "support", "RISK · elevated".
    pub fn short_label(&self) -> String {
        match self {
            MomentKind::MutualAid(aid) => aid.label().to_string(),
            MomentKind::Intervention(skill) => skill.label().to_string(),
            MomentKind::Norm { action, .. } => format!("norm {}", action.label()),
            MomentKind::Risk(level, _) => format!("RISK · {}", level.label()),
            MomentKind::Conflict { .. }
            | MomentKind::Note
            | MomentKind::Bookmark
            | MomentKind::Plan
            | MomentKind::Theme
            | MomentKind::Observation(_)
            | MomentKind::Task(_) => self.label(),
        }
    }
}

impl Observation {
    /// The parts chosen, in list order: "tearful, participated minimally".
    pub fn summary(&self) -> String {
        self.labels()
            .iter()
            .map(|(_, label)| *label)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Each part chosen, with what it is: `("presentation", "tearful")`.
    pub fn labels(&self) -> Vec<(&'static str, &'static str)> {
        [
            ("presentation", self.presentation.map(Choice::label)),
            ("participation", self.participation.map(Choice::label)),
            (
                "response to interventions",
                self.response.map(Choice::label),
            ),
            ("progress toward goal", self.progress.map(Choice::label)),
        ]
        .into_iter()
        .filter_map(|(part, label)| label.map(|label| (part, label)))
        .collect()
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
            EventKind::ClockStep { by_ms } => format!(
                "the computer's clock {} {} s",
                if *by_ms < 0 {
                    "was set back"
                } else {
                    "jumped ahead"
                },
                by_ms.unsigned_abs() / 1000
            ),
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
            EventKind::Closing(ClosingStep::Finished) => "closing step done".into(),
            EventKind::Closing(ClosingStep::Skipped) => "closing step skipped".into(),
            EventKind::Closing(ClosingStep::Later { left }) => {
                format!("closing step left for later ({left} members not walked)")
            }
            EventKind::Record(entry) => entry.label(name),
        }
    }
}

impl crate::model::RecordEntry {
    /// A label in the words of the record (`late entry: …`, `signed by …`).
    pub fn label(&self, name: &dyn Fn(&Floor) -> String) -> String {
        use crate::model::RecordEntry;
        match self {
            RecordEntry::Late { what, reason, .. } => {
                format!("late entry: {} ({reason})", what.label(name))
            }
            RecordEntry::Retracted { target, reason } => format!("retracts {target}: {reason}"),
            RecordEntry::Retimed {
                target, to, reason, ..
            } => {
                format!("moves {target} to {}: {reason}", to.format("%H:%M:%S"))
            }
            RecordEntry::Comment { text } => format!("comment: {text}"),
            RecordEntry::SignOff(sign) => format!("signed by {}", sign.name),
            RecordEntry::Returned { name, comment } => {
                format!("returned for revision by {name}: {comment}")
            }
        }
    }

    /// A stable machine-friendly name, for exports.
    pub fn export_name(&self) -> &'static str {
        use crate::model::RecordEntry;
        match self {
            RecordEntry::Late { .. } => "late_entry",
            RecordEntry::Retracted { .. } => "retraction",
            RecordEntry::Retimed { .. } => "retime",
            RecordEntry::Comment { .. } => "comment",
            RecordEntry::SignOff(_) => "sign_off",
            RecordEntry::Returned { .. } => "returned",
        }
    }
}
