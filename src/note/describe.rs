//! Names of people and plain descriptions of events, shared by the note and the
//! timeline. Descriptions hold raw user text; each renderer escapes it its own way.

use crate::model::{EventKind, Floor, Group, Member, MemberId, NameStyle, Session, initials_of};
use std::collections::HashMap;

/// How people are named in a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoteOptions {
    /// The style asked for (`--names`); ignored for members when `redact` is set.
    pub names: NameStyle,
    /// No full name anywhere: a member is shown by their alias when the roster
    /// gives one that does not contain their full name, otherwise by initials;
    /// facilitators by initials. Full names in the facilitator's free text are
    /// replaced the same way. Aliases are preferred over initials because the
    /// group chose them to be shown, and two members' initials often collide.
    pub redact: bool,
}

/// Turns member ids and floor holders into the names to show.
pub struct Names {
    redact: bool,
    facilitator: String,
    co_facilitator: Option<String>,
    /// Every roster member's name as shown, made unique.
    members: HashMap<MemberId, String>,
}

impl Names {
    /// Facilitators come from the session header: they may differ from the
    /// group's usual ones when someone covers a session.
    pub fn new(group: &Group, session: &Session, style: NameStyle) -> Self {
        Names::with_options(
            group,
            session,
            NoteOptions {
                names: style,
                redact: false,
            },
        )
    }

    pub fn with_options(group: &Group, session: &Session, options: NoteOptions) -> Self {
        let person = |name: &str| {
            if options.redact {
                initials_of(name)
            } else {
                name.to_string()
            }
        };
        let shown: Vec<String> = group
            .members
            .iter()
            .map(|member| member_name(member, options))
            .collect();
        Names {
            redact: options.redact,
            facilitator: person(session.header.facilitator.trim()),
            co_facilitator: session
                .header
                .co_facilitator
                .as_deref()
                .map(|name| person(name.trim())),
            members: group
                .members
                .iter()
                .map(|member| member.id.clone())
                .zip(disambiguate(shown))
                .collect(),
        }
    }

    pub fn is_redacted(&self) -> bool {
        self.redact
    }

    /// The member's name in the chosen style; an id missing from the roster
    /// (a member since removed) is shown as the id itself rather than dropped,
    /// or as "a former member" when names are redacted (ids are often names).
    pub fn member(&self, id: &MemberId) -> String {
        match self.members.get(id) {
            Some(name) => name.clone(),
            None if self.redact => "a former member".into(),
            None => id.as_str().to_string(),
        }
    }

    pub fn facilitator(&self) -> String {
        non_empty_or(&self.facilitator, "facilitator")
    }

    pub fn co_facilitator(&self) -> Option<String> {
        self.co_facilitator
            .as_deref()
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

fn member_name(member: &Member, options: NoteOptions) -> String {
    if !options.redact {
        return member.display(options.names);
    }
    let full = member.name.trim().to_lowercase();
    match member.alias.as_deref().map(str::trim) {
        Some(alias) if !alias.is_empty() && !alias.to_lowercase().contains(&full) => {
            alias.to_string()
        }
        _ => member.initials(),
    }
}

/// Two members shown alike ("A.R." and "A.R.") would make the note ambiguous:
/// each of them gets a number in roster order, "A.R. (1)", "A.R. (2)".
fn disambiguate(shown: Vec<String>) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for name in &shown {
        *count.entry(name.to_lowercase()).or_default() += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    shown
        .into_iter()
        .map(|name| {
            let key = name.to_lowercase();
            if count.get(&key).copied().unwrap_or(0) < 2 {
                return name;
            }
            let number = seen.entry(key).or_default();
            *number += 1;
            format!("{name} ({number})")
        })
        .collect()
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
    pub fn of(kind: &EventKind, names: &Names) -> Description {
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
            EventKind::Record(crate::model::RecordEntry::Late { what, reason, .. }) => {
                let happened = Description::of(what, names);
                Description {
                    label: format!("late entry ({reason}): {}", happened.label),
                    ..happened
                }
            }
            // The reason for leaving, the evidence for a rating.
            EventKind::Attendance { .. } | EventKind::GoalRating { .. } => Description {
                text: kind.text().map(str::to_string),
                ..Description::label_only(kind.label(&|floor| names.floor(floor)))
            },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::fixture;

    #[test]
    fn redaction_prefers_a_safe_alias_and_falls_back_to_initials() {
        let mut group = fixture::group();
        group.members[1].alias = Some("Ben Tal".into());
        group.members[2].alias = None;
        let session = fixture::ended_session();
        let options = NoteOptions {
            names: NameStyle::Full,
            redact: true,
        };
        let names = Names::with_options(&group, &session, options);
        assert_eq!(names.member(&fixture::id("ana")), "Ana R.");
        assert_eq!(
            names.member(&fixture::id("ben")),
            "B.T.",
            "an alias that is the full name is no alias"
        );
        assert_eq!(names.member(&fixture::id("cy")), "C.D.");
        assert_eq!(names.facilitator(), "M.L.");
        assert_eq!(names.member(&fixture::id("zed")), "a former member");
    }

    #[test]
    fn members_shown_alike_are_numbered() {
        let mut group = fixture::group();
        group.members[1].name = "Al Rami".into();
        let session = fixture::ended_session();
        let names = Names::new(&group, &session, NameStyle::Initials);
        assert_eq!(names.member(&fixture::id("ana")), "A.R. (1)");
        assert_eq!(names.member(&fixture::id("ben")), "A.R. (2)");
        assert_eq!(names.member(&fixture::id("cy")), "C.D.");
    }
}
