//! The participation section's rows and figures.

use super::presence::attendance;
use super::{Markup, NONE, role_words, segment_name, span_or_none};
use crate::model::Timestamp;
use crate::note::display::{clock_time, percent, talk_time};
use crate::note::facts::{ParticipationFacts, SpeakerRole, TransitionCount};

pub const MATRIX_NOTE: &str = "Each row is a person who spoke and each column the person who spoke next, \
     whatever silence lay between; crosstalk is left out.";
pub const NO_MATRIX: &str = "No one spoke after anyone else.";
pub const CATEGORIES_NOTE: &str =
    "Only members who attended and described themselves with a category count here.";

pub const SPEAKER_COLUMNS: [(&str, bool); 9] = [
    ("Who", false),
    ("Attendance or role", false),
    ("Turns", true),
    ("Talk", true),
    ("Share of member talk", true),
    ("Share of all talk", true),
    ("Longest turn", true),
    ("First turn", true),
    ("Last turn", true),
];
pub const SEGMENT_COLUMNS: [(&str, bool); 8] = [
    ("Segment", false),
    ("Length", true),
    ("Turns", true),
    ("Member talk", true),
    ("Facilitators' share", true),
    ("Silence", true),
    ("Member to member", true),
    ("Gini", true),
];
pub const CATEGORY_COLUMNS: [(&str, bool); 4] = [
    ("Category", false),
    ("Members present", true),
    ("Share of those members", true),
    ("Share of their talk", true),
];

fn share(share: Option<f64>) -> String {
    share.map_or_else(|| NONE.into(), percent)
}

fn time(at: Option<Timestamp>) -> String {
    at.map_or_else(|| NONE.into(), clock_time)
}

/// One row per person who took turns, in [`SPEAKER_COLUMNS`].
pub fn speaker_rows<M: Markup>(facts: &ParticipationFacts) -> Vec<Vec<String>> {
    facts
        .speakers
        .iter()
        .map(|row| {
            let role = match (row.role, &row.attendance) {
                (SpeakerRole::Member, Some(presence)) => attendance(presence),
                (SpeakerRole::Member, None) => "member".into(),
                (role, _) => role_words(role).unwrap_or_default().into(),
            };
            vec![
                M::text(&row.name),
                M::label(&role),
                row.turns.to_string(),
                talk_time(row.talk),
                share(row.share_of_member_talk),
                share(row.share_of_all_talk),
                span_or_none(row.turns > 0, row.longest_turn),
                time(row.first_turn),
                time(row.last_turn),
            ]
        })
        .collect()
}

fn transitions(count: &TransitionCount) -> String {
    match count.share {
        Some(share) => format!(
            "{} of {} ({})",
            count.member_to_member,
            count.total,
            percent(share)
        ),
        None => "none (fewer than two people took turns)".into(),
    }
}

/// Talk, silence, transitions, evenness and quiet members, one item each.
pub fn figures<M: Markup>(facts: &ParticipationFacts) -> Vec<String> {
    let mut items = vec![
        format!(
            "All talk: {} — members {}, facilitators {} ({} of all talk), several at once {}",
            talk_time(facts.all_talk),
            talk_time(facts.member_talk),
            talk_time(facts.facilitator_talk),
            share(facts.facilitator_share),
            talk_time(facts.crosstalk)
        ),
        format!(
            "Silence: {} in total, longest {}",
            talk_time(facts.silence),
            talk_time(facts.longest_silence)
        ),
        format!(
            "Member-to-member transitions: {}",
            transitions(&facts.transitions)
        ),
    ];
    items.push(match (facts.equity.gini, facts.equity.reading) {
        (Some(gini), Some(reading)) => format!(
            "Evenness of member talk: Gini {gini:.2} over the {} members who attended — {}",
            facts.equity.members_counted,
            M::label(reading)
        ),
        _ => format!(
            "Evenness of member talk: does not apply ({})",
            if facts.equity.members_counted < 2 {
                "fewer than two members attended"
            } else {
                "no member spoke"
            }
        ),
    });
    let quiet: Vec<String> = facts
        .quiet
        .iter()
        .map(|quiet| {
            if quiet.silent {
                format!("{} (did not speak)", M::text(&quiet.name))
            } else {
                format!(
                    "{} (spoke little: {})",
                    M::text(&quiet.name),
                    talk_time(quiet.talk)
                )
            }
        })
        .collect();
    items.push(format!(
        "Quiet members: {}",
        if quiet.is_empty() {
            "none".into()
        } else {
            quiet.join(", ")
        }
    ));
    items
}

/// Who spoke after whom: a row per person, a column per person and the
/// row's total; nobody follows themselves.
pub fn matrix_rows<M: Markup>(facts: &ParticipationFacts) -> Vec<Vec<String>> {
    let matrix = &facts.matrix;
    matrix
        .people
        .iter()
        .zip(&matrix.counts)
        .enumerate()
        .map(|(from, (name, counts))| {
            let mut row = vec![M::text(name)];
            row.extend(counts.iter().enumerate().map(|(to, count)| {
                if from == to {
                    NONE.into()
                } else {
                    count.to_string()
                }
            }));
            row.push(counts.iter().sum::<u32>().to_string());
            row
        })
        .collect()
}

/// One row per agenda segment, in [`SEGMENT_COLUMNS`].
pub fn segment_rows<M: Markup>(facts: &ParticipationFacts) -> Vec<Vec<String>> {
    facts
        .segments
        .iter()
        .map(|segment| {
            vec![
                segment_name::<M>(&segment.name, segment.before_first_segment),
                talk_time(segment.length),
                segment.turns.to_string(),
                talk_time(segment.member_talk),
                share(segment.facilitator_share),
                talk_time(segment.silence),
                segment
                    .transitions
                    .share
                    .map_or_else(|| NONE.into(), |_| transitions(&segment.transitions)),
                segment
                    .gini
                    .map_or_else(|| NONE.into(), |gini| format!("{gini:.2}")),
            ]
        })
        .collect()
}

/// One row per self-described category, in [`CATEGORY_COLUMNS`].
pub fn category_rows<M: Markup>(facts: &ParticipationFacts) -> Vec<Vec<String>> {
    facts
        .categories
        .iter()
        .map(|category| {
            vec![
                M::text(&category.category),
                category.members.to_string(),
                percent(category.share_of_people),
                percent(category.share_of_talk),
            ]
        })
        .collect()
}
