//! The worker's observations of one member (presentation, participation,
//! response to interventions, goal progress), for that member's entry only:
//! an observation is about one member, so its words are theirs.

use super::context::Context;
use crate::model::{MemberId, MomentKind, Timestamp};
use serde::Serialize;

/// One observation moment as the member's entry tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationFact {
    pub at: Timestamp,
    /// Each part chosen, in list order, with what it is:
    /// `("presentation", "tearful")`; empty when only words were typed.
    pub parts: Vec<ObservedPart>,
    /// The worker's words, other members scrubbed as in the rest of the entry.
    pub text: Option<String>,
    /// The reason given, if the moment was amended.
    pub amended: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedPart {
    /// "presentation", "participation", "response to interventions",
    /// "progress toward goal".
    pub part: &'static str,
    pub label: &'static str,
}

/// The observations about `id` (its first member), in time order, with free
/// text passed through `words`.
pub fn of(
    ctx: &Context<'_>,
    id: &MemberId,
    words: impl Fn(Option<&str>) -> Option<String>,
) -> Vec<ObservationFact> {
    ctx.moments
        .iter()
        .filter(|logged| logged.moment.members.first() == Some(id))
        .filter_map(|logged| match &logged.moment.what {
            MomentKind::Observation(seen) => Some(ObservationFact {
                at: logged.at,
                parts: seen
                    .labels()
                    .into_iter()
                    .map(|(part, label)| ObservedPart { part, label })
                    .collect(),
                text: words(logged.moment.text.as_deref()),
                amended: ctx.amended(logged.id),
            }),
            _ => None,
        })
        .collect()
}
