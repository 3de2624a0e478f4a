//! The beginning and ending tasks of the worker (AASWG, Sections III and V):
//! the contract checklist and the ending checklist, each item ticked on the
//! live panel as a [`MomentKind::Task`](super::MomentKind::Task) moment, and
//! the facilitator's declaration that the ending phase has begun.

use super::taxonomy::{Choice, ContractTask, EndingTask};
use serde::{Deserialize, Serialize};

/// Open or closed: an open group offers the contract to members who join.
pub use super::group::Membership;

/// One item of a checklist done, or the ending phase declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PhaseTask {
    /// An item of the beginning contract (with the whole group in the first
    /// session; with the members named when they joined an open group).
    Contract(ContractTask),
    /// An item of the ending checklist.
    Ending(EndingTask),
    /// The facilitator declares the ending phase: the ending checklist is
    /// offered from here on, in this session and the next ones.
    EndingPhase,
}

/// Which checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Checklist {
    Contract,
    Ending,
}

impl Checklist {
    pub fn title(self) -> &'static str {
        match self {
            Checklist::Contract => "Contract",
            Checklist::Ending => "Ending",
        }
    }

    /// The items, in the order the panel numbers them (`1`–`0`).
    pub fn items(self) -> Vec<PhaseTask> {
        match self {
            Checklist::Contract => ContractTask::ALL
                .iter()
                .map(|&task| PhaseTask::Contract(task))
                .collect(),
            Checklist::Ending => EndingTask::ALL
                .iter()
                .map(|&task| PhaseTask::Ending(task))
                .collect(),
        }
    }
}

impl PhaseTask {
    /// The checklist the item belongs to; `None` for the declaration.
    pub fn checklist(self) -> Option<Checklist> {
        match self {
            PhaseTask::Contract(_) => Some(Checklist::Contract),
            PhaseTask::Ending(_) => Some(Checklist::Ending),
            PhaseTask::EndingPhase => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PhaseTask::Contract(task) => task.label(),
            PhaseTask::Ending(task) => task.label(),
            PhaseTask::EndingPhase => "ending phase declared",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            PhaseTask::Contract(task) => task.short(),
            PhaseTask::Ending(task) => task.short(),
            PhaseTask::EndingPhase => "ending phase",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn each_checklist_fits_the_digits_and_its_items_name_it() {
        for list in [Checklist::Contract, Checklist::Ending] {
            let items = list.items();
            assert!(!items.is_empty() && items.len() <= 10, "{list:?}");
            assert!(items.iter().all(|item| item.checklist() == Some(list)));
        }
        assert_eq!(Checklist::Contract.items().len(), 5);
        assert_eq!(PhaseTask::EndingPhase.checklist(), None);
    }

    #[test]
    fn a_task_goes_to_disk_and_back_as_one_short_value() {
        let task = PhaseTask::Contract(ContractTask::Confidentiality);
        let line = ron::to_string(&task).unwrap();
        assert_eq!(line, "Contract(Confidentiality)");
        assert_eq!(ron::from_str::<PhaseTask>(&line).unwrap(), task);
    }
}
