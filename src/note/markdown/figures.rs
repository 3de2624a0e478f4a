//! The participation section: narrative, table per person, turn-taking
//! matrix, evenness, per segment and per category.

use super::sections::segment_name;
use super::{NONE, bullets, escape_md, table};
use crate::note::display::{attendance, clock_time, percent, talk_time};
use crate::note::facts::{
    ParticipationFacts, SegmentFigures, SpeakerRole, SpeakerRow, TransitionCount,
};

pub fn participation(facts: &ParticipationFacts) -> String {
    let mut blocks = vec!["## Participation".to_string(), escape_md(&facts.narrative)];
    blocks.push(speaker_table(&facts.speakers));
    blocks.push(bullets(&figures(facts)));
    blocks.push(matrix(facts));
    if !facts.segments.is_empty() {
        blocks.push(segments(&facts.segments));
    }
    if !facts.categories.is_empty() {
        blocks.push(categories(facts));
    }
    blocks.join("\n\n")
}

fn share(share: Option<f64>) -> String {
    share.map_or_else(|| NONE.into(), percent)
}

fn time(at: Option<crate::model::Timestamp>) -> String {
    at.map_or_else(|| NONE.into(), clock_time)
}

fn speaker_table(rows: &[SpeakerRow]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let role = match (row.role, &row.attendance) {
                (SpeakerRole::Member, Some(presence)) => attendance(presence),
                (SpeakerRole::Member, None) => "member".into(),
                (SpeakerRole::NotOnRoster, _) => "not on the roster".into(),
                (SpeakerRole::Facilitator, _) => "facilitator".into(),
                (SpeakerRole::CoFacilitator, _) => "co-facilitator".into(),
                (SpeakerRole::Crosstalk, _) => "several at once".into(),
            };
            let spoke = row.turns > 0;
            vec![
                escape_md(&row.name),
                role,
                row.turns.to_string(),
                talk_time(row.talk),
                share(row.share_of_member_talk),
                share(row.share_of_all_talk),
                if spoke {
                    talk_time(row.longest_turn)
                } else {
                    NONE.into()
                },
                time(row.first_turn),
                time(row.last_turn),
            ]
        })
        .collect();
    table(
        &[
            ("Who", false),
            ("Attendance or role", false),
            ("Turns", true),
            ("Talk", true),
            ("Share of member talk", true),
            ("Share of all talk", true),
            ("Longest turn", true),
            ("First turn", true),
            ("Last turn", true),
        ],
        &cells,
    )
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

fn figures(facts: &ParticipationFacts) -> Vec<String> {
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
            "Evenness of member talk: Gini {gini:.2} over the {} members who attended — {reading}",
            facts.equity.members_counted
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
                format!("{} (did not speak)", escape_md(&quiet.name))
            } else {
                format!(
                    "{} (spoke little: {})",
                    escape_md(&quiet.name),
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

fn matrix(facts: &ParticipationFacts) -> String {
    let matrix = &facts.matrix;
    if matrix.people.is_empty() {
        return "### Who spoke after whom\n\nNo one spoke after anyone else.".into();
    }
    let mut headers: Vec<(String, bool)> = vec![("Speaker ↓ then →".into(), false)];
    headers.extend(matrix.people.iter().map(|name| (escape_md(name), true)));
    headers.push(("Total".into(), true));
    let rows: Vec<Vec<String>> = matrix
        .people
        .iter()
        .zip(&matrix.counts)
        .enumerate()
        .map(|(from, (name, counts))| {
            let mut row = vec![escape_md(name)];
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
        .collect();
    let headers: Vec<(&str, bool)> = headers
        .iter()
        .map(|(name, right)| (name.as_str(), *right))
        .collect();
    format!(
        "### Who spoke after whom\n\nEach row is a person who spoke and each column the person who spoke next, \
         whatever silence lay between; crosstalk is left out.\n\n{}",
        table(&headers, &rows)
    )
}

fn segments(segments: &[SegmentFigures]) -> String {
    let rows: Vec<Vec<String>> = segments
        .iter()
        .map(|segment| {
            vec![
                segment_name(&segment.name, segment.before_first_segment),
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
        .collect();
    format!(
        "### By agenda segment\n\n{}",
        table(
            &[
                ("Segment", false),
                ("Length", true),
                ("Turns", true),
                ("Member talk", true),
                ("Facilitators' share", true),
                ("Silence", true),
                ("Member to member", true),
                ("Gini", true),
            ],
            &rows
        )
    )
}

fn categories(facts: &ParticipationFacts) -> String {
    let rows: Vec<Vec<String>> = facts
        .categories
        .iter()
        .map(|category| {
            vec![
                escape_md(&category.category),
                category.members.to_string(),
                percent(category.share_of_people),
                percent(category.share_of_talk),
            ]
        })
        .collect();
    format!(
        "### By self-described category\n\nOnly members who attended and described themselves with a category count here.\n\n{}",
        table(
            &[
                ("Category", false),
                ("Members present", true),
                ("Share of those members", true),
                ("Share of their talk", true),
            ],
            &rows
        )
    )
}
