//! What every section gatherer reads: the standing events, the participation
//! figures computed once, names, amendment reasons and attendance.

use super::attendance::{self, MemberAttendance};
use super::scrub::Scrubber;
use crate::metrics::Participation;
use crate::model::Author;
use crate::model::{
    Event, EventId, EventKind, Group, MemberId, Moment, Session, Timestamp, effective_events,
};
use crate::note::describe::{Names, NoteOptions};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A standing moment, as it now reads.
#[derive(Debug, Clone, Copy)]
pub struct Logged<'a> {
    pub id: EventId,
    pub at: Timestamp,
    /// Who logged it: the facilitator, or the co-facilitator in their own file.
    pub by: Author,
    pub moment: &'a Moment,
}

impl Logged<'_> {
    /// Said after a moment another worker logged: "the co-facilitator"; `None`
    /// for the facilitator's own, which is every moment unless said otherwise.
    pub fn logged_by(&self) -> Option<&'static str> {
        match self.by {
            Author::Facilitator => None,
            Author::CoFacilitator => Some("the co-facilitator"),
            Author::Supervisor => Some("the supervisor"),
        }
    }
}

pub struct Context<'a> {
    pub group: &'a Group,
    pub session: &'a Session,
    pub written_at: Timestamp,
    pub standing: Vec<(&'a Event, &'a EventKind)>,
    pub participation: Participation,
    pub names: Names,
    /// The reason of the latest amendment of each amended event.
    pub amendments: HashMap<EventId, String>,
    /// Every roster member's attendance, logged or by default present.
    pub attendance: BTreeMap<MemberId, MemberAttendance>,
    /// Standing moments in the order they happened (a late entry is logged
    /// after the fact but belongs where it happened).
    pub moments: Vec<Logged<'a>>,
    /// Member ids in the events that the roster no longer lists.
    pub former_members: BTreeSet<MemberId>,
    /// Empty unless redacting: full names in free text become the names shown.
    redaction: Scrubber,
}

impl<'a> Context<'a> {
    pub fn new(
        group: &'a Group,
        session: &'a Session,
        options: NoteOptions,
        written_at: Timestamp,
    ) -> Context<'a> {
        let standing = effective_events(&session.events);
        let until = standing
            .iter()
            .find(|(_, kind)| matches!(kind, EventKind::Ended))
            .map_or(written_at, |(event, _)| event.at);
        let participation = Participation::compute(group, session, until);
        let names = Names::with_options(group, session, options);
        let mut moments: Vec<Logged<'a>> = standing
            .iter()
            .filter_map(|(event, kind)| match kind {
                EventKind::Moment(moment) => Some(Logged {
                    id: event.id,
                    at: event.at,
                    by: event.by,
                    moment,
                }),
                _ => None,
            })
            .collect();
        moments.sort_by_key(|logged| (logged.at, logged.id));
        let former_members = standing
            .iter()
            .flat_map(|(_, kind)| kind.member_ids())
            .filter(|id| group.member(id).is_none())
            .cloned()
            .collect();
        let redaction = redaction(group, session, &names, options.redact);
        Context {
            group,
            session,
            written_at,
            attendance: attendance::fold(group, &standing),
            amendments: amendment_reasons(&session.events),
            standing,
            participation,
            names,
            moments,
            former_members,
            redaction,
        }
    }

    /// Free text as it may appear in the group section: trimmed, `None` when
    /// blank, full names replaced when redacting.
    pub fn text(&self, raw: Option<&str>) -> Option<String> {
        raw.map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| self.redaction.scrub(text))
    }

    /// Any text typed or configured by people (norms, stages, goals), redacted.
    pub fn words(&self, raw: &str) -> String {
        self.redaction.scrub(raw)
    }

    pub fn member_names(&self, ids: &[MemberId]) -> Vec<String> {
        ids.iter().map(|id| self.names.member(id)).collect()
    }

    pub fn amended(&self, id: EventId) -> Option<String> {
        self.amendments.get(&id).cloned()
    }

    pub fn attended(&self, id: &MemberId) -> bool {
        self.attendance
            .get(id)
            .is_none_or(MemberAttendance::attended)
    }

    /// The text names the member in one of their spellings (full name, a
    /// word of it, alias, initials, id).
    pub fn mentions(&self, member: &MemberId, text: &str) -> bool {
        let Some(own) = self.group.member(member) else {
            return false;
        };
        let shown = self.names.member(member);
        let initials = own.initials();
        let mut spellings = vec![
            own.name.as_str(),
            own.id.as_str(),
            shown.as_str(),
            initials.as_str(),
        ];
        if let Some(alias) = &own.alias {
            spellings.push(alias.as_str());
        }
        let mut finder = Scrubber::new();
        finder.replace_person(&spellings, "\u{0}");
        finder.scrub(text) != text
    }

    /// A scrubber for one member's own entry: every other member, on the
    /// roster or not, becomes "another member"; when redacting, the member's
    /// own full name becomes the name shown.
    pub fn scrubber_for(&self, member: &MemberId) -> Scrubber {
        let mut scrubber = Scrubber::new();
        for other in self.group.members.iter().filter(|m| &m.id != member) {
            let shown = self.names.member(&other.id);
            let initials = other.initials();
            let mut spellings = vec![
                other.name.as_str(),
                other.id.as_str(),
                shown.as_str(),
                initials.as_str(),
            ];
            if let Some(alias) = &other.alias {
                spellings.push(alias.as_str());
            }
            scrubber.replace_person(&spellings, "another member");
        }
        for former in self.former_members.iter().filter(|id| *id != member) {
            scrubber.replace_person(&[former.as_str()], "another member");
        }
        if self.names.is_redacted()
            && let Some(own) = self.group.member(member)
        {
            scrubber.replace(&own.name, &self.names.member(member));
        }
        scrubber
    }
}

/// The reason of the latest amendment of each event, as `effective_events`
/// lets the latest replacement win, with who amended it and when (a
/// retracted amendment no longer counts).
fn amendment_reasons(events: &[Event]) -> HashMap<EventId, String> {
    let retracted: std::collections::HashSet<EventId> = events
        .iter()
        .filter_map(|event| event.kind.retracts())
        .collect();
    events
        .iter()
        .filter(|event| !retracted.contains(&event.id))
        .filter_map(|event| match &event.kind {
            EventKind::Amendment { target, reason, .. } => Some((
                *target,
                super::record::amended_by(reason, event.by, event.at),
            )),
            _ => None,
        })
        .collect()
}

/// Full names of members and facilitators, replaced by the names shown.
fn redaction(group: &Group, session: &Session, names: &Names, redact: bool) -> Scrubber {
    let mut scrubber = Scrubber::new();
    if !redact {
        return scrubber;
    }
    // The full name and each word of it: a surname on its own is as
    // telling as the whole name.
    for member in &group.members {
        scrubber.replace_person(&[member.name.as_str()], &names.member(&member.id));
    }
    scrubber.replace(&session.header.facilitator, &names.facilitator());
    if let (Some(full), Some(shown)) = (&session.header.co_facilitator, names.co_facilitator()) {
        scrubber.replace(full, &shown);
    }
    scrubber.replace(
        &group.facilitator,
        &crate::model::initials_of(&group.facilitator),
    );
    if let Some(co) = &group.co_facilitator {
        scrubber.replace(co, &crate::model::initials_of(co));
    }
    scrubber
}
