//! Group process: norms, conflicts, mutual aid, interventions, notes.

use super::{Item, Markup, amended, names, quoted, response, who};
use crate::model::taxonomy::ConflictType;
use crate::note::display::{capitalised, clock_time};
use crate::note::facts::{
    ConflictFact, InterventionFact, MarkKind, MutualAidGroup, NormGroup, NoteFacts, OtherMoment,
};

pub const NONE_LOGGED: &str = "None logged.";

/// One kind of moment under its own heading.
pub struct Topic {
    /// The heading's anchor in the HTML note.
    pub id: &'static str,
    /// The symbol these moments have in the timeline chart.
    pub mark: Option<MarkKind>,
    pub title: &'static str,
    pub items: Vec<Item>,
}

/// The topics in the order the note gives them.
pub fn topics<M: Markup>(facts: &NoteFacts) -> [Topic; 5] {
    [
        Topic {
            id: "norms",
            mark: Some(MarkKind::Norm),
            title: "Norms",
            items: facts.norms.iter().map(norms::<M>).collect(),
        },
        Topic {
            id: "conflicts",
            mark: Some(MarkKind::Conflict),
            title: "Conflicts",
            items: facts.conflicts.iter().map(conflict::<M>).collect(),
        },
        Topic {
            id: "mutual-aid",
            mark: Some(MarkKind::MutualAid),
            title: "Mutual aid",
            items: facts.mutual_aid.iter().map(mutual_aid::<M>).collect(),
        },
        Topic {
            id: "interventions",
            mark: Some(MarkKind::Intervention),
            title: "Worker interventions",
            items: facts.interventions.iter().map(intervention::<M>).collect(),
        },
        Topic {
            id: "notes",
            mark: None,
            title: "Notes and bookmarks",
            items: facts.other_moments.iter().map(other::<M>).collect(),
        },
    ]
}

fn norms<M: Markup>(group: &NormGroup) -> Item {
    let details = group
        .items
        .iter()
        .map(|norm| {
            let name = norm
                .norm
                .as_deref()
                .map_or_else(|| M::placeholder("(norm not named)"), M::quote_name);
            format!(
                "{} — {name} ({}){}{}{}",
                clock_time(norm.at),
                M::label(norm.action_label),
                who::<M>(&norm.members),
                quoted::<M>(norm.text.as_ref()),
                amended::<M>(norm.amended.as_ref())
            )
        })
        .collect();
    Item {
        line: M::strong(&M::label(group.label)),
        details,
    }
}

fn conflict<M: Markup>(conflict: &ConflictFact) -> Item {
    let history: Vec<String> = conflict
        .history
        .iter()
        .map(|step| {
            format!(
                "{} {}{}{}",
                M::label(step.status_label),
                clock_time(step.at),
                quoted::<M>(step.text.as_ref()),
                amended::<M>(step.amended.as_ref())
            )
        })
        .collect();
    let mut details = vec![
        format!("Course: {}", history.join("; ")),
        format!("Worker response: {}", response::<M>(&conflict.response)),
    ];
    if conflict.carried_into_plan {
        details.push(format!(
            "{} carried into the plan.",
            M::highlight("Not resolved:")
        ));
    }
    Item {
        line: format!(
            "{}{} — {}",
            M::strong(conflict_title(conflict.kind)),
            who::<M>(&conflict.members),
            M::label(conflict.status_label)
        ),
        details,
    }
}

fn conflict_title(kind: ConflictType) -> &'static str {
    match kind {
        ConflictType::Task => "Task conflict",
        ConflictType::Relationship => "Relationship conflict",
        ConflictType::Process => "Process conflict",
        ConflictType::Authority => "Authority conflict (with the worker)",
        ConflictType::Scapegoating => "Scapegoating",
    }
}

fn mutual_aid<M: Markup>(group: &MutualAidGroup) -> Item {
    let details = group
        .items
        .iter()
        .map(|aid| {
            format!(
                "{}{}{}{}",
                clock_time(aid.at),
                who::<M>(&aid.members),
                quoted::<M>(aid.text.as_ref()),
                amended::<M>(aid.amended.as_ref())
            )
        })
        .collect();
    Item {
        line: M::strong(&M::label(&capitalised(group.label))),
        details,
    }
}

fn intervention<M: Markup>(intervention: &InterventionFact) -> Item {
    let with = if intervention.members.is_empty() {
        " — with the group".into()
    } else {
        format!(" — with {}", names::<M>(&intervention.members))
    };
    Item::plain(format!(
        "{} — {}{with}{}{}",
        clock_time(intervention.at),
        M::label(intervention.label),
        quoted::<M>(intervention.text.as_ref()),
        amended::<M>(intervention.amended.as_ref())
    ))
}

fn other<M: Markup>(moment: &OtherMoment) -> Item {
    Item::plain(format!(
        "{} — {}{}{}{}",
        clock_time(moment.at),
        M::label(moment.kind),
        who::<M>(&moment.members),
        quoted::<M>(moment.text.as_ref()),
        amended::<M>(moment.amended.as_ref())
    ))
}
