//! Group process: themes, norms, conflicts, mutual aid, interventions, notes.

use super::{Item, Markup, amended, logged_by, names, quoted, response, who};
use crate::model::taxonomy::ConflictType;
use crate::model::{MomentFamily, NoteSection};
use crate::note::display::{capitalised, clock_time};
use crate::note::facts::{
    ConflictFact, InterventionFact, MutualAidGroup, NormGroup, NoteFacts, OtherMoment, ThemeFact,
};

pub const NONE_LOGGED: &str = "None logged.";

/// One kind of moment under its own heading.
pub struct Topic {
    /// The heading's anchor in the HTML note.
    pub id: &'static str,
    /// The symbol these moments have in the timeline chart.
    pub mark: Option<MomentFamily>,
    pub title: &'static str,
    pub items: Vec<Item>,
}

/// The topics in the order the note gives them; themes are told with the
/// session's content instead ([`topics_with_themes`] lists them too); every
/// topic says "None logged." when empty.
pub fn topics<M: Markup>(facts: &NoteFacts) -> Vec<Topic> {
    let mut topics = topics_with_themes::<M>(facts);
    topics.retain(|topic| topic.id != "themes");
    topics
}

/// The topics with themes first, when some were logged.
pub fn topics_with_themes<M: Markup>(facts: &NoteFacts) -> Vec<Topic> {
    let topic = |id, family: MomentFamily, items| Topic {
        id,
        mark: family.on_timeline().then_some(family),
        title: family.note_section().heading(),
        items,
    };
    let mut topics = Vec::new();
    if !facts.themes.is_empty() {
        topics.push(topic(
            "themes",
            MomentFamily::Theme,
            facts.themes.iter().map(theme::<M>).collect(),
        ));
    }
    topics.extend([
        topic(
            "norms",
            MomentFamily::Norm,
            facts.norms.iter().map(norms::<M>).collect(),
        ),
        topic(
            "conflicts",
            MomentFamily::Conflict,
            facts.conflicts.iter().map(conflict::<M>).collect(),
        ),
        topic(
            "mutual-aid",
            MomentFamily::MutualAid,
            facts.mutual_aid.iter().map(mutual_aid::<M>).collect(),
        ),
        topic(
            "interventions",
            MomentFamily::Intervention,
            facts.interventions.iter().map(intervention::<M>).collect(),
        ),
        Topic {
            id: "notes",
            mark: None,
            title: NoteSection::NotesAndBookmarks.heading(),
            items: facts.other_moments.iter().map(other::<M>).collect(),
        },
    ]);
    topics
}

fn theme<M: Markup>(theme: &ThemeFact) -> Item {
    let phrase = theme
        .theme
        .as_deref()
        .map_or_else(|| M::placeholder("(theme not named)"), M::quote_name);
    Item::plain(format!(
        "{} — {phrase}{}{}{}",
        clock_time(theme.at),
        who::<M>(&theme.members),
        amended::<M>(theme.amended.as_ref()),
        logged_by::<M>(theme.logged_by)
    ))
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
                "{} — {name} ({}){}{}{}{}",
                clock_time(norm.at),
                M::label(norm.action_label),
                who::<M>(&norm.members),
                quoted::<M>(norm.text.as_ref()),
                amended::<M>(norm.amended.as_ref()),
                logged_by::<M>(norm.logged_by)
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
                "{} {}{}{}{}",
                M::label(step.status_label),
                clock_time(step.at),
                quoted::<M>(step.text.as_ref()),
                amended::<M>(step.amended.as_ref()),
                logged_by::<M>(step.logged_by)
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
                "{}{}{}{}{}",
                clock_time(aid.at),
                who::<M>(&aid.members),
                quoted::<M>(aid.text.as_ref()),
                amended::<M>(aid.amended.as_ref()),
                logged_by::<M>(aid.logged_by)
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
        "{} — {}{with}{}{}{}",
        clock_time(intervention.at),
        M::label(intervention.label),
        quoted::<M>(intervention.text.as_ref()),
        amended::<M>(intervention.amended.as_ref()),
        logged_by::<M>(intervention.logged_by)
    ))
}

fn other<M: Markup>(moment: &OtherMoment) -> Item {
    Item::plain(format!(
        "{} — {}{}{}{}{}",
        clock_time(moment.at),
        M::label(moment.kind),
        who::<M>(&moment.members),
        quoted::<M>(moment.text.as_ref()),
        amended::<M>(moment.amended.as_ref()),
        logged_by::<M>(moment.logged_by)
    ))
}
