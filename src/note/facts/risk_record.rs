//! What the worker recorded about a risk besides level, member and words:
//! their assessment, the action taken, the follow-up. Nothing here is
//! inferred: a field the worker left empty stays empty, and the note says
//! "not recorded". (The interventions logged just after the risk are a
//! separate suggestion, [`super::WorkerResponse`].)

use crate::model::taxonomy::Choice;
use crate::model::{RiskDetail, Timestamp};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RiskRecorded {
    pub assessment: Option<String>,
    /// The actions chosen, as labels: "safety plan made", "supervisor informed".
    pub actions: Vec<&'static str>,
    /// When the supervisor or on-call was informed.
    pub informed_at: Option<Timestamp>,
    /// The worker's words on the action taken.
    pub action_text: Option<String>,
    pub follow_up_owner: Option<String>,
    pub follow_up_due: Option<chrono::NaiveDate>,
}

impl RiskRecorded {
    /// The detail as recorded, free text passed through `words` (redaction,
    /// and in a member's entry the other members scrubbed).
    pub fn of(detail: &RiskDetail, words: impl Fn(Option<&str>) -> Option<String>) -> Self {
        RiskRecorded {
            assessment: words(detail.assessment.as_deref()),
            actions: detail.actions.iter().map(|action| action.label()).collect(),
            informed_at: detail.informed_at,
            action_text: words(detail.action_text.as_deref()),
            follow_up_owner: words(detail.follow_up_owner.as_deref()),
            follow_up_due: detail.follow_up_due,
        }
    }

    /// Whether anything was recorded about the action taken.
    pub fn action_recorded(&self) -> bool {
        !self.actions.is_empty() || self.informed_at.is_some() || self.action_text.is_some()
    }
}
