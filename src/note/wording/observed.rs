//! How a risk's recorded detail and a member's observations read: small
//! hooks the risk section and the member entries call. A field the worker
//! left empty reads "not recorded"; the interventions logged just after a
//! risk are offered only as a suggestion, marked as one.

use super::{Markup, amended, quoted, response};
use crate::note::display::{clock_time, hour_minute};
use crate::note::facts::{ObservationFact, RiskRecorded, WorkerResponse};

/// Stands in for a field the worker left empty; never inferred.
pub const NOT_RECORDED: &str = "not recorded";

/// Marks what the record suggests was done, which the worker did not enter.
pub const SUGGESTED: &str = "Suggested from the record (not entered by the worker): ";

/// The lines under a risk: assessment, action taken, follow-up, and the
/// suggestion from the record when there is one.
pub fn risk_details<M: Markup>(recorded: &RiskRecorded, suggested: &WorkerResponse) -> Vec<String> {
    let not_recorded = || M::placeholder(NOT_RECORDED);
    let mut lines = vec![
        format!(
            "Worker's assessment: {}",
            recorded
                .assessment
                .as_deref()
                .map_or_else(not_recorded, M::quote_words)
        ),
        format!("Action taken: {}", action_taken::<M>(recorded)),
        format!("Follow-up: {}", follow_up::<M>(recorded)),
    ];
    if !suggested.interventions.is_empty() {
        let only_interventions = WorkerResponse {
            interventions: suggested.interventions.clone(),
            as_noted: None,
            more: suggested.more,
        };
        lines.push(format!(
            "{}{}",
            M::remark(SUGGESTED),
            response::<M>(&only_interventions)
        ));
    }
    lines
}

/// `safety plan made, supervisor informed (informed at 18:40) — "words"`
fn action_taken<M: Markup>(recorded: &RiskRecorded) -> String {
    if !recorded.action_recorded() {
        return M::placeholder(NOT_RECORDED);
    }
    let mut said = recorded
        .actions
        .iter()
        .map(|action| M::label(action))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(at) = recorded.informed_at {
        let informed = format!("informed at {}", hour_minute(at));
        said = if said.is_empty() {
            informed
        } else {
            format!("{said} ({informed})")
        };
    }
    if said.is_empty() {
        // Only words: they are the action.
        return recorded
            .action_text
            .as_deref()
            .map_or_else(String::new, M::quote_words);
    }
    format!("{said}{}", quoted::<M>(recorded.action_text.as_ref()))
}

/// `J. Park, due 2026-11-25`, each part "not recorded" when left empty.
fn follow_up<M: Markup>(recorded: &RiskRecorded) -> String {
    match (&recorded.follow_up_owner, recorded.follow_up_due) {
        (None, None) => M::placeholder(NOT_RECORDED),
        (owner, due) => format!(
            "{}, due {}",
            owner
                .as_deref()
                .map_or_else(|| M::placeholder(&format!("owner {NOT_RECORDED}")), M::text),
            due.map_or_else(
                || M::placeholder(NOT_RECORDED),
                |due| due.format("%Y-%m-%d").to_string()
            )
        ),
    }
}

/// `18:50:00 — presentation: tearful; participation: participated minimally — "words"`
pub fn observations<M: Markup>(observations: &[ObservationFact]) -> Vec<String> {
    observations
        .iter()
        .map(|seen| {
            let parts = seen
                .parts
                .iter()
                .map(|part| format!("{}: {}", part.part, M::label(part.label)))
                .collect::<Vec<_>>()
                .join("; ");
            let parts = if parts.is_empty() {
                String::new()
            } else {
                format!(" — {parts}")
            };
            format!(
                "{}{parts}{}{}",
                clock_time(seen.at),
                quoted::<M>(seen.text.as_ref()),
                amended::<M>(seen.amended.as_ref())
            )
        })
        .collect()
}
