//! Names of people and plain descriptions of events, shared by the note and the
//! timeline. Descriptions hold raw user text; each renderer escapes it its own way.

use crate::model::{EventKind, Floor, Group, MemberId, NameStyle, Session};

/// Turns member ids and floor holders into the names to show.
pub struct Names<'a> {
    group: &'a Group,
    style: NameStyle,
    facilitator: &'a str,
    co_facilitator: Option<&'a str>,
}

impl<'a> Names<'a> {
    /// Facilitators come from the session header: they may differ from the
    /// group's usual ones when someone covers a session.
    pub fn new(group: &'a Group, session: &'a Session, style: NameStyle) -> Self {
        Names {
            group,
            style,
            facilitator: session.header.facilitator.trim(),
            co_facilitator: session.header.co_facilitator.as_deref().map(str::trim),
        }
    }

    /// The member's name in the chosen style; an id missing from the roster
    /// (a member since removed) is shown as the id itself rather than dropped.
    pub fn member(&self, id: &MemberId) -> String {
        self.group.member(id).map_or_else(
            || id.as_str().to_string(),
            |member| member.display(self.style),
        )
    }

    pub fn facilitator(&self) -> String {
        non_empty_or(self.facilitator, "facilitator")
    }

    pub fn co_facilitator(&self) -> Option<String> {
        self.co_facilitator
            .map(|name| non_empty_or(name, "co-facilitator"))
    }

    pub fn floor(&self, floor: &Floor) -> String {
        match floor {
            Floor::Member(id) => self.member(id),
            Floor::Facilitator => self.facilitator(),
            Floor::CoFacilitator => self
                .co_facilitator()
                .unwrap_or_else(|| "co-facilitator".into()),
            Floor::Crosstalk => "crosstalk".into(),
            Floor::Silence => "silence".into(),
        }
    }
}

fn non_empty_or(name: &str, fallback: &str) -> String {
    if name.is_empty() {
        fallback.into()
    } else {
        name.into()
    }
}

/// What an event says, in three parts: `mutual aid · mutual support`, the
/// members involved, and the facilitator's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Description {
    pub label: String,
    pub members: Vec<String>,
    pub text: Option<String>,
}

impl Description {
    pub fn of(kind: &EventKind, names: &Names<'_>) -> Description {
        match kind {
            EventKind::Moment(moment) => Description {
                label: moment.what.label(),
                members: moment.members.iter().map(|id| names.member(id)).collect(),
                text: moment
                    .text
                    .as_ref()
                    .filter(|text| !text.trim().is_empty())
                    .cloned(),
            },
            // "crosstalk speaks" would read as if crosstalk were a person.
            EventKind::Floor(Floor::Crosstalk) => Description::label_only("crosstalk".into()),
            EventKind::Amendment {
                target,
                replacement,
                reason,
            } => {
                let now_reads = Description::of(replacement, names);
                Description {
                    label: format!("amends {target} ({reason}) → {}", now_reads.label),
                    ..now_reads
                }
            }
            other => Description::label_only(other.label(&|floor| names.floor(floor))),
        }
    }

    fn label_only(label: String) -> Description {
        Description {
            label,
            members: Vec::new(),
            text: None,
        }
    }
}
