//! The participation section: narrative, the talk-time chart, the table per
//! person, the key figures, the session in time, who spoke after whom, and
//! the figures per segment and per category.

use super::document::segment_name;
use super::{NONE, Table, bullets, escape_html, role_words, svg_bars, svg_swimlane};
use crate::note::display::{attendance, clock_time, percent, talk_time};
use crate::note::facts::{
    NoteFacts, ParticipationFacts, SegmentFigures, SpeakerRole, SpeakerRow, TransitionCount,
};

pub fn section(facts: &NoteFacts) -> String {
    let participation = &facts.participation;
    let mut html = String::from("<section id=\"participation\">\n<h2>Participation</h2>\n");
    html.push_str(&format!(
        "<p>{}</p>\n",
        escape_html(&participation.narrative)
    ));
    html.push_str(&svg_bars::figure(participation));
    html.push_str(&speaker_table(&participation.speakers));
    html.push_str(&bullets(&figures(participation)));
    html.push_str(&svg_swimlane::figure(facts));
    html.push_str(&matrix(participation));
    if !participation.segments.is_empty() {
        html.push_str(&segments(&participation.segments));
    }
    if !participation.categories.is_empty() {
        html.push_str(&categories(participation));
    }
    html.push_str("</section>\n");
    html
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
                (role, _) => role_words(role).unwrap_or_default().into(),
            };
            let spoke = row.turns > 0;
            vec![
                escape_html(&row.name),
                escape_html(&role),
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
    Table {
        class: "speakers",
        caption: Some("Turns and talk time per person"),
        columns: &[
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
    }
    .render(&cells)
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
            "Evenness of member talk: Gini {gini:.2} over the {} members who attended — {}",
            facts.equity.members_counted,
            escape_html(reading)
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
                format!("{} (did not speak)", escape_html(&quiet.name))
            } else {
                format!(
                    "{} (spoke little: {})",
                    escape_html(&quiet.name),
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
    let mut html = String::from("<h3 id=\"matrix\">Who spoke after whom</h3>\n");
    if matrix.people.is_empty() {
        html.push_str("<p>No one spoke after anyone else.</p>\n");
        return html;
    }
    html.push_str(
        "<p>Each row is a person who spoke and each column the person who spoke next, \
         whatever silence lay between; crosstalk is left out.</p>\n",
    );
    let mut columns: Vec<(String, bool)> = vec![("Speaker ↓ then →".into(), false)];
    columns.extend(matrix.people.iter().map(|name| (name.clone(), true)));
    columns.push(("Total".into(), true));
    let columns: Vec<(&str, bool)> = columns
        .iter()
        .map(|(name, numeric)| (name.as_str(), *numeric))
        .collect();
    let rows: Vec<Vec<String>> = matrix
        .people
        .iter()
        .zip(&matrix.counts)
        .enumerate()
        .map(|(from, (name, counts))| {
            let mut row = vec![escape_html(name)];
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
    // `Table` escapes the header names, which here are people's names.
    html.push_str(
        &Table {
            class: "matrix",
            caption: None,
            columns: &columns,
        }
        .render(&rows),
    );
    html
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
        "<h3 id=\"segments\">By agenda segment</h3>\n{}",
        Table {
            class: "",
            caption: None,
            columns: &[
                ("Segment", false),
                ("Length", true),
                ("Turns", true),
                ("Member talk", true),
                ("Facilitators' share", true),
                ("Silence", true),
                ("Member to member", true),
                ("Gini", true),
            ],
        }
        .render(&rows)
    )
}

fn categories(facts: &ParticipationFacts) -> String {
    let rows: Vec<Vec<String>> = facts
        .categories
        .iter()
        .map(|category| {
            vec![
                escape_html(&category.category),
                category.members.to_string(),
                percent(category.share_of_people),
                percent(category.share_of_talk),
            ]
        })
        .collect();
    format!(
        "<h3 id=\"categories\">By self-described category</h3>\n\
         <p>Only members who attended and described themselves with a category count here.</p>\n{}",
        Table {
            class: "",
            caption: None,
            columns: &[
                ("Category", false),
                ("Members present", true),
                ("Share of those members", true),
                ("Share of their talk", true),
            ],
        }
        .render(&rows)
    )
}
