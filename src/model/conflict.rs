//! Which conflict moments belong to one conflict: one rule for the live
//! picker (the open conflicts `c` offers) and the note (one fact per conflict).
//!
//! A conflict is its opening moment and every moment that `continues` it.
//! Sessions written before conflicts had an identity (no moment carries
//! `continues`) are matched as they always were: the moments of the same type
//! between the same members are one conflict.

use super::taxonomy::{ConflictStatus, ConflictType};
use super::{EventId, MemberId, Moment, MomentKind, Timestamp};

/// One conflict: the ids of its moments, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictIdentity {
    /// The moment that opened it; a status change `continues` this id.
    pub opened: EventId,
    pub kind: ConflictType,
    /// As first logged.
    pub members: Vec<MemberId>,
    /// Every moment of the conflict (the opening one first), with when it was
    /// logged and the status it set.
    pub moments: Vec<(EventId, Timestamp, ConflictStatus)>,
}

impl ConflictIdentity {
    /// The latest status logged.
    pub fn status(&self) -> ConflictStatus {
        self.moments
            .last()
            .map_or(ConflictStatus::Emerged, |(_, _, status)| *status)
    }

    /// When the latest status was logged.
    pub fn status_at(&self) -> Option<Timestamp> {
        self.moments.last().map(|(_, at, _)| *at)
    }

    /// Not resolved (yet): `c` offers it for an update.
    pub fn is_open(&self) -> bool {
        self.status() != ConflictStatus::Resolved
    }

    fn holds(&self, id: EventId) -> bool {
        self.moments.iter().any(|(moment, _, _)| *moment == id)
    }

    fn same_type_and_members(&self, kind: ConflictType, members: &[MemberId]) -> bool {
        self.kind == kind && sorted(&self.members) == sorted(members)
    }
}

fn sorted(members: &[MemberId]) -> Vec<MemberId> {
    let mut key = members.to_vec();
    key.sort();
    key.dedup();
    key
}

/// Groups the conflict moments among `moments` (in time order) into conflicts,
/// in the order they were opened. A moment that `continues` a moment not in
/// the list (retracted, say) joins a conflict of its type and members, or
/// opens one.
pub fn conflict_identities<'a>(
    moments: impl IntoIterator<Item = (EventId, Timestamp, &'a Moment)>,
) -> Vec<ConflictIdentity> {
    type Logged<'m> = (
        EventId,
        Timestamp,
        &'m Moment,
        ConflictType,
        ConflictStatus,
        Option<EventId>,
    );
    let conflicts: Vec<Logged<'a>> = moments
        .into_iter()
        .filter_map(|(id, at, moment)| match moment.what {
            MomentKind::Conflict {
                kind,
                status,
                continues,
            } => Some((id, at, moment, kind, status, continues)),
            _ => None,
        })
        .collect();
    let with_identity = conflicts.iter().any(|(.., continues)| continues.is_some());
    let mut identities: Vec<ConflictIdentity> = Vec::new();
    for (id, at, moment, kind, status, continues) in conflicts {
        let found = match continues {
            Some(opened) => identities
                .iter()
                .position(|conflict| conflict.holds(opened))
                .or_else(|| {
                    identities
                        .iter()
                        .position(|c| c.same_type_and_members(kind, &moment.members))
                }),
            // Logged as a new conflict.
            None if with_identity => None,
            // A file from before conflicts had an identity.
            None => identities
                .iter()
                .position(|c| c.same_type_and_members(kind, &moment.members)),
        };
        match found {
            Some(index) => identities[index].moments.push((id, at, status)),
            None => identities.push(ConflictIdentity {
                opened: id,
                kind,
                members: moment.members.clone(),
                moments: vec![(id, at, status)],
            }),
        }
    }
    identities
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> Timestamp {
        chrono::FixedOffset::east_opt(0)
            .and_then(|utc| utc.with_ymd_and_hms(2026, 11, 23, 18, minute, 0).single())
            .unwrap_or_default()
    }

    fn conflict(
        kind: ConflictType,
        status: ConflictStatus,
        members: &[&str],
        continues: Option<u32>,
    ) -> Moment {
        Moment {
            what: MomentKind::Conflict {
                kind,
                status,
                continues: continues.map(EventId),
            },
            members: members.iter().map(|m| MemberId::new(*m)).collect(),
            text: None,
        }
    }

    fn identities(moments: &[Moment]) -> Vec<ConflictIdentity> {
        conflict_identities(
            moments
                .iter()
                .enumerate()
                .map(|(i, m)| (EventId(i as u32 + 1), at(i as u32), m)),
        )
    }

    #[test]
    fn a_status_change_continues_its_conflict_whoever_is_named() {
        let moments = [
            conflict(
                ConflictType::Process,
                ConflictStatus::Emerged,
                &["ana"],
                None,
            ),
            // Resolved while Ben and Cy were speaking: the members differ.
            conflict(
                ConflictType::Process,
                ConflictStatus::Resolved,
                &["ben", "cy"],
                Some(1),
            ),
        ];
        let found = identities(&moments);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].status(), ConflictStatus::Resolved);
        assert_eq!(found[0].members, vec![MemberId::new("ana")]);
        assert!(!found[0].is_open());
    }

    #[test]
    fn a_new_conflict_is_new_even_with_the_same_type_and_members() {
        let moments = [
            conflict(ConflictType::Task, ConflictStatus::Emerged, &["ana"], None),
            conflict(
                ConflictType::Task,
                ConflictStatus::Addressed,
                &["ana"],
                Some(1),
            ),
            conflict(ConflictType::Task, ConflictStatus::Emerged, &["ana"], None),
        ];
        assert_eq!(identities(&moments).len(), 2);
    }

    #[test]
    fn old_files_match_by_type_and_members() {
        let moments = [
            conflict(
                ConflictType::Task,
                ConflictStatus::Emerged,
                &["ana", "ben"],
                None,
            ),
            conflict(
                ConflictType::Task,
                ConflictStatus::Resolved,
                &["ben", "ana"],
                None,
            ),
            conflict(
                ConflictType::Process,
                ConflictStatus::Emerged,
                &["ana"],
                None,
            ),
        ];
        let found = identities(&moments);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].status(), ConflictStatus::Resolved);
        assert!(found[1].is_open());
    }
}
