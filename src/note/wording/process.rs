//! Group process: themes, norms, conflicts, mutual aid, interventions, notes.

use super::{Item, Markup, amended, logged_by, names, quoted, who};
use crate::model::taxonomy::{ConflictStatus, ConflictType};
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
    /// Told in sentences, one paragraph each, not as a list.
    pub prose: bool,
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
        prose: !matches!(family, MomentFamily::Theme | MomentFamily::Intervention),
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
            norms_in_time::<M>(&facts.norms),
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
            prose: true,
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

/// `"phones away" at 18:23 (Ana R.; "words")` — one norm moment in a sentence.
fn norm_phrase<M: Markup>(norm: &crate::note::facts::NormFact, with_action: bool) -> String {
    let name = norm
        .norm
        .as_deref()
        .map_or_else(|| M::placeholder("a norm not named"), M::quote_name);
    let action = if with_action {
        format!(" was {}", M::label(norm.action_label))
    } else {
        String::new()
    };
    format!(
        "{name}{action} at {}{}{}{}",
        clock_time(norm.at),
        aside::<M>(&norm.members, norm.text.as_ref()),
        amended::<M>(norm.amended.as_ref()),
        logged_by::<M>(norm.logged_by)
    )
}

/// ` (Ana R., Ben K.; "words")` after a phrase, or nothing.
fn aside<M: Markup>(members: &[String], text: Option<&String>) -> String {
    let mut parts = Vec::new();
    if !members.is_empty() {
        parts.push(and_list(
            &members.iter().map(|name| M::text(name)).collect::<Vec<_>>(),
        ));
    }
    if let Some(text) = text {
        parts.push(M::quote_words(text));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The norms in one paragraph: a sentence for each heading, the headings
/// in the order their first moment was logged.
fn norms_in_time<M: Markup>(groups: &[NormGroup]) -> Vec<Item> {
    if groups.is_empty() {
        return Vec::new();
    }
    let mut ordered: Vec<&NormGroup> = groups.iter().collect();
    ordered.sort_by_key(|group| group.items.iter().map(|norm| norm.at).min());
    let sentences: Vec<String> = ordered.iter().map(|group| norms::<M>(group).line).collect();
    vec![Item::plain(sentences.join(" "))]
}

/// What happened to the norms under one heading, in one sentence.
fn norms<M: Markup>(group: &NormGroup) -> Item {
    use crate::note::facts::NormHeading;
    let phrases = |with_action| {
        group
            .items
            .iter()
            .map(|norm| norm_phrase::<M>(norm, with_action))
            .collect::<Vec<_>>()
    };
    let norms = if group.items.len() == 1 {
        "the norm"
    } else {
        "the norms"
    };
    let sentence = match group.heading {
        NormHeading::Established => format!(
            "The group established {norms} {}.",
            and_list(&phrases(false))
        ),
        NormHeading::Reviewed => {
            format!("The group reviewed {norms} {}.", and_list(&phrases(false)))
        }
        NormHeading::Reinforced => format!(
            "The worker reinforced {norms} {}.",
            and_list(&phrases(false))
        ),
        NormHeading::Revised => format!("The group revised {norms} {}.", and_list(&phrases(false))),
        NormHeading::ChallengedOrBroken if group.items.len() == 1 => {
            format!("The norm {}.", phrases(true).join(""))
        }
        NormHeading::ChallengedOrBroken => format!(
            "Norms were challenged or broken: {}.",
            phrases(true).join("; ")
        ),
    };
    Item::plain(sentence)
}

/// At most this many steps of a conflict's course are told; the ones between
/// are counted.
const COURSE_LIMIT: usize = 6;

/// One conflict in sentences: who, its course, what the worker did, and
/// whether it goes into the plan.
fn conflict<M: Markup>(conflict: &ConflictFact) -> Item {
    let steps: Vec<String> = conflict
        .history
        .iter()
        .map(|step| {
            let verb = match step.status {
                ConflictStatus::Emerged => "emerged",
                ConflictStatus::Addressed => "was addressed",
                ConflictStatus::Resolved => "was resolved",
                ConflictStatus::Unresolved => "was logged as unresolved",
            };
            format!(
                "{verb} at {}{}{}{}",
                clock_time(step.at),
                step.text
                    .as_ref()
                    .map_or_else(String::new, |text| format!(" ({})", M::quote_words(text))),
                amended::<M>(step.amended.as_ref()),
                logged_by::<M>(step.logged_by)
            )
        })
        .collect();
    let course = if steps.len() > COURSE_LIMIT {
        let hidden = steps.len() - (COURSE_LIMIT - 2);
        let mut told: Vec<String> = steps[..COURSE_LIMIT - 2].to_vec();
        told.push(format!("was logged {hidden} more times"));
        told.extend(steps[steps.len() - 2..].iter().cloned());
        and_list(&told)
    } else {
        and_list(&steps)
    };
    let between = match conflict.members.as_slice() {
        [] => " in the group".to_string(),
        [one] => format!(" involving {}", M::text(one)),
        members => format!(
            " between {}",
            and_list(&members.iter().map(|name| M::text(name)).collect::<Vec<_>>())
        ),
    };
    let mut sentence = format!(
        "{}{between} {course}.",
        M::strong(conflict_title(conflict.kind))
    );
    let quoted_in_course = |words: &String| {
        conflict
            .history
            .iter()
            .any(|step| step.text.as_ref() == Some(words))
    };
    let response = &conflict.response;
    if response.interventions.is_empty() {
        match &response.as_noted {
            Some(words) if !quoted_in_course(words) => sentence.push_str(&format!(
                " No intervention was logged for it; the facilitator wrote {}.",
                M::quote_words(words)
            )),
            _ => sentence.push_str(" No intervention was logged for it."),
        }
    } else {
        let mut done: Vec<String> = response
            .interventions
            .iter()
            .map(|intervention| {
                format!(
                    "{} ({}{})",
                    M::label(intervention.label),
                    clock_time(intervention.at),
                    intervention
                        .text
                        .as_ref()
                        .map_or_else(String::new, |text| format!(", {}", M::quote_words(text)))
                )
            })
            .collect();
        match response.more {
            0 => {}
            1 => done.push("1 more intervention".into()),
            more => done.push(format!("{more} more interventions")),
        }
        sentence.push_str(&format!(" The worker responded with {}.", and_list(&done)));
    }
    if conflict.carried_into_plan {
        sentence.push_str(&format!(
            " {} it is carried into the plan.",
            M::highlight("It was not resolved by the end:")
        ));
    }
    Item::plain(sentence)
}

fn conflict_title(kind: ConflictType) -> &'static str {
    match kind {
        ConflictType::Task => "A task conflict",
        ConflictType::Relationship => "A relationship conflict",
        ConflictType::Process => "A process conflict",
        ConflictType::Authority => "An authority conflict (with the worker)",
        ConflictType::Scapegoating => "Scapegoating",
    }
}

/// One kind of mutual aid in a sentence: who, when, and their words.
fn mutual_aid<M: Markup>(group: &MutualAidGroup) -> Item {
    let times: Vec<String> = group
        .items
        .iter()
        .map(|aid| {
            let who = if aid.members.is_empty() {
                "the group".to_string()
            } else {
                and_list(
                    &aid.members
                        .iter()
                        .map(|name| M::text(name))
                        .collect::<Vec<_>>(),
                )
            };
            format!(
                "{who} at {}{}{}{}",
                clock_time(aid.at),
                aid.text
                    .as_ref()
                    .map_or_else(String::new, |text| format!(" ({})", M::quote_words(text))),
                amended::<M>(aid.amended.as_ref()),
                logged_by::<M>(aid.logged_by)
            )
        })
        .collect();
    let label = M::strong(&M::label(&capitalised(group.label)));
    Item::plain(match times.len() {
        1 => format!("{label}: {}.", times.join("")),
        count => format!("{label}, {count} times: {}.", times.join("; ")),
    })
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

/// A free note or a bookmark in a sentence.
fn other<M: Markup>(moment: &OtherMoment) -> Item {
    let about = if moment.members.is_empty() {
        String::new()
    } else {
        format!(
            " about {}",
            and_list(
                &moment
                    .members
                    .iter()
                    .map(|name| M::text(name))
                    .collect::<Vec<_>>()
            )
        )
    };
    let words = moment
        .text
        .as_ref()
        .map_or_else(String::new, |text| format!(": {}", M::quote_words(text)));
    let sentence = if moment.kind == "bookmark" {
        format!(
            "At {} a bookmark was set{about}{words}",
            clock_time(moment.at)
        )
    } else {
        format!(
            "At {} the worker noted{about}{words}",
            clock_time(moment.at)
        )
    };
    Item::plain(format!(
        "{sentence}{}{}{}",
        if sentence.ends_with(['.', '!', '?'])
            || sentence.ends_with(".\"")
            || sentence.ends_with("!\"")
            || sentence.ends_with("?\"")
        {
            ""
        } else {
            "."
        },
        amended::<M>(moment.amended.as_ref()),
        logged_by::<M>(moment.logged_by)
    ))
}
