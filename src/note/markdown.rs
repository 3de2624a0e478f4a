//! Renders [`NoteFacts`] as a CommonMark progress note (with a GitHub pipe
//! table). All user text passes through [`escape_md`] here and nowhere else.

use super::describe::Description;
use super::display::{calendar_date, clock_time, hour_minute, percent, presence, talk_time};
use super::escape::escape_md;
use super::facts::{AttendanceFact, NoteFacts, RiskFact, SpeakerFact, SpeakerRole};
use crate::metrics::{Presence, format_clock};
use crate::model::taxonomy::Choice;

/// Blocks are separated by one blank line; the note ends with a newline.
pub fn render(facts: &NoteFacts) -> String {
    let mut blocks = vec![title(facts), header_list(facts)];
    if facts.events_standing == 0 {
        blocks.push(no_events(facts).into());
    }
    // Risk comes straight after the header so that nobody reads past it.
    if !facts.risks.is_empty() {
        blocks.push(risk_section(&facts.risks));
    }
    blocks.push(attendance_section(facts));
    blocks.push(participation_section(facts));
    blocks.push(moments_section(facts));
    let mut note = blocks.join("\n\n");
    note.push('\n');
    note
}

fn title(facts: &NoteFacts) -> String {
    let name = escape_md(&facts.group_name);
    let name = if name.is_empty() {
        "Group".into()
    } else {
        name
    };
    format!("# {name} — session {}", facts.session_number)
}

fn header_list(facts: &NoteFacts) -> String {
    let mut items = vec![
        format!("Type: {}", facts.group_type.label()),
        format!("Date: {}", calendar_date(facts.started)),
        format!("Time: {}–{}", hour_minute(facts.started), end_time(facts)),
        format!("Duration without breaks: {}", format_clock(facts.clock)),
    ];
    if facts.breaks > 0 {
        items.push(format!("Breaks: {}", format_clock(facts.breaks)));
    }
    items.push(format!("Facilitator: {}", escape_md(&facts.facilitator)));
    if let Some(co_facilitator) = &facts.co_facilitator {
        items.push(format!("Co-facilitator: {}", escape_md(co_facilitator)));
    }
    items.push(if facts.ended {
        format!("Status: ended at {}", end_time(facts))
    } else {
        format!("Status: not ended: figures up to {}", end_time(facts))
    });
    bullets(&items)
}

/// The end's clock time, with its date when the session ran past midnight.
fn end_time(facts: &NoteFacts) -> String {
    if facts.figures_until.date_naive() == facts.started.date_naive() {
        hour_minute(facts.figures_until)
    } else {
        format!(
            "{} {}",
            calendar_date(facts.figures_until),
            hour_minute(facts.figures_until)
        )
    }
}

fn no_events(facts: &NoteFacts) -> &'static str {
    if facts.events_logged == 0 {
        "No events were logged."
    } else {
        "No events stand: every event logged was retracted."
    }
}

fn risk_section(risks: &[RiskFact]) -> String {
    let items: Vec<String> = risks
        .iter()
        .map(|risk| {
            let member = risk
                .member
                .as_deref()
                .map_or_else(|| "member not recorded".into(), escape_md);
            let mut item = format!(
                "{} — {} — {member}",
                clock_time(risk.at),
                risk.level.label()
            );
            if let Some(text) = &risk.text {
                item.push_str(&format!(" — \"{}\"", escape_md(text)));
            }
            push_amended(&mut item, risk.amended.as_deref());
            item
        })
        .collect();
    format!("## Risk and safety\n\n{}", bullets(&items))
}

fn attendance_section(facts: &NoteFacts) -> String {
    if facts.attendance.is_empty() {
        return "## Attendance\n\nNo members are on the roster.".into();
    }
    let names_where = |wanted: fn(Presence) -> bool, with_time: bool| -> String {
        let names: Vec<String> = facts
            .attendance
            .iter()
            .filter(|line| wanted(line.presence))
            .map(|line| attendance_name(line, with_time))
            .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    };
    let items = [
        format!(
            "Present: {}",
            names_where(|p| p == Presence::Present, false)
        ),
        format!(
            "Late: {}",
            names_where(|p| matches!(p, Presence::Late(_)), true)
        ),
        format!(
            "Left early: {}",
            names_where(|p| matches!(p, Presence::LeftEarly(_)), true)
        ),
        format!("Absent: {}", names_where(|p| p == Presence::Absent, false)),
        format!(
            "Excused: {}",
            names_where(|p| p == Presence::Excused, false)
        ),
    ];
    format!(
        "## Attendance\n\n{} of {} members attended.\n\n{}",
        facts.attended(),
        facts.attendance.len(),
        bullets(&items)
    )
}

/// `Cy D. (arrived 18:10)` for late arrivals and early leavers, else the name.
fn attendance_name(line: &AttendanceFact, with_time: bool) -> String {
    let name = escape_md(&line.name);
    match line.presence {
        Presence::Late(at) if with_time => format!("{name} (arrived {})", hour_minute(at)),
        Presence::LeftEarly(at) if with_time => format!("{name} (left {})", hour_minute(at)),
        _ => name,
    }
}

fn participation_section(facts: &NoteFacts) -> String {
    if facts.speakers.iter().all(|row| row.turns == 0) {
        return "## Participation\n\nNobody held the floor.".into();
    }
    let mut table = vec![
        "| Who | Attendance | Turns | Talk time | Share |".to_string(),
        "| --- | --- | ---: | ---: | ---: |".to_string(),
    ];
    table.extend(facts.speakers.iter().map(table_row));
    let explanation = format!(
        "Member shares are of all member talk ({}); facilitator and crosstalk shares are of all talk ({}).",
        talk_time(facts.member_talk),
        talk_time(facts.all_talk)
    );
    let figures = [
        format!(
            "Silence: {} in total, longest {}",
            talk_time(facts.silence),
            talk_time(facts.longest_silence)
        ),
        transition_line(facts),
    ];
    format!(
        "## Participation\n\n{}\n\n{explanation}\n\n{}",
        table.join("\n"),
        bullets(&figures)
    )
}

fn table_row(row: &SpeakerFact) -> String {
    let (attendance, share_suffix) = match row.role {
        SpeakerRole::Member(presence_then) => (presence(presence_then), ""),
        SpeakerRole::NotOnRoster => ("not on the roster".into(), ""),
        SpeakerRole::Facilitator => ("facilitator".into(), " of all talk"),
        SpeakerRole::CoFacilitator => ("co-facilitator".into(), " of all talk"),
        SpeakerRole::Crosstalk => ("—".into(), " of all talk"),
    };
    let share = row.share.map_or_else(
        || "—".into(),
        |share| format!("{}{share_suffix}", percent(share)),
    );
    format!(
        "| {} | {attendance} | {} | {} | {share} |",
        escape_md(&row.name),
        row.turns,
        talk_time(row.talk)
    )
}

fn transition_line(facts: &NoteFacts) -> String {
    let count = facts.transitions;
    if count.total == 0 {
        "Member-to-member transitions: none (fewer than two people took turns)".into()
    } else {
        let share = f64::from(count.member_to_member) / f64::from(count.total);
        format!(
            "Member-to-member transitions: {} of {} ({})",
            count.member_to_member,
            count.total,
            percent(share)
        )
    }
}

fn moments_section(facts: &NoteFacts) -> String {
    if facts.moments.is_empty() {
        return "## Moments\n\nNo moments were tagged.".into();
    }
    let items: Vec<String> = facts
        .moments
        .iter()
        .map(|moment| {
            let mut item = format!(
                "{} — {}",
                clock_time(moment.at),
                describe(&moment.description)
            );
            push_amended(&mut item, moment.amended.as_deref());
            item
        })
        .collect();
    format!("## Moments\n\n{}", bullets(&items))
}

/// `mutual aid · mutual support — Ana R., Dana M. — "text"`
fn describe(description: &Description) -> String {
    let mut text = escape_md(&description.label);
    if !description.members.is_empty() {
        let members: Vec<String> = description.members.iter().map(|m| escape_md(m)).collect();
        text.push_str(&format!(" — {}", members.join(", ")));
    }
    if let Some(words) = &description.text {
        text.push_str(&format!(" — \"{}\"", escape_md(words)));
    }
    text
}

fn push_amended(item: &mut String, reason: Option<&str>) {
    match reason.map(escape_md) {
        Some(reason) if reason.is_empty() => item.push_str(" (amended)"),
        Some(reason) => item.push_str(&format!(" (amended: {reason})")),
        None => {}
    }
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("- {item}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use crate::model::{Author, EventKind, MomentKind, NameStyle, taxonomy::RiskLevel};
    use crate::note::fixture::{self, at, moment, session_with};
    use crate::note::progress_note;

    fn ended_note() -> String {
        progress_note(
            &fixture::group(),
            &fixture::ended_session(),
            NameStyle::Alias,
            at(9999),
        )
    }

    fn position(note: &str, wanted: &str) -> usize {
        note.find(wanted)
            .unwrap_or_else(|| panic!("{wanted:?} missing from\n{note}"))
    }

    #[test]
    fn the_ended_fixture_reads_exactly_so() {
        let expected = "\
# Thursday Parents — session 4

- Type: support
- Date: 2026-11-23
- Time: 18:00–18:40
- Duration without breaks: 00:30:00
- Breaks: 00:10:00
- Facilitator: Maria López
- Co-facilitator: Sam Lee
- Status: ended at 18:40

## Risk and safety

- 18:26:00 — elevated — Ben T. — \"Said he has not slept; will call him after group\"

## Attendance

3 of 3 members attended.

- Present: Ana R., Ben T.
- Late: Cy D. (arrived 18:10)
- Left early: none
- Absent: none
- Excused: none

## Participation

| Who | Attendance | Turns | Talk time | Share |
| --- | --- | ---: | ---: | ---: |
| Ana R. | present | 2 | 05:00 | 33.3% |
| Ben T. | present | 2 | 06:00 | 40.0% |
| Cy D. | late (arrived 18:10) | 1 | 04:00 | 26.7% |
| Maria López | facilitator | 3 | 09:00 | 36.7% of all talk |
| Sam Lee | co-facilitator | 0 | 00:00 | 0.0% of all talk |
| crosstalk | — | 1 | 00:30 | 2.0% of all talk |

Member shares are of all member talk (15:00); facilitator and crosstalk shares are of all talk (24:30).

- Silence: 05:30 in total, longest 05:00
- Member-to-member transitions: 4 of 6 (66.7%)

## Moments

- 18:00:00 — segment · check-in
- 18:00:00 — Cy D. absent
- 18:07:00 — mutual aid · mutual support — Ana R., Ben T. — \"Ben offered Ana a lift\"
- 18:10:00 — Cy D. arrived
- 18:15:00 — break begins
- 18:25:00 — break ends
- 18:32:30 — norm reviewed · phones away (amended: wrong norm)
";
        assert_eq!(ended_note(), expected);
    }

    #[test]
    fn risk_comes_first_after_the_header() {
        let note = ended_note();
        let risk = position(&note, "## Risk and safety");
        assert!(risk > position(&note, "- Status: ended at 18:40"));
        assert!(risk < position(&note, "## Attendance"));
        assert!(risk < position(&note, "## Participation"));
    }

    #[test]
    fn without_risk_there_is_no_risk_section() {
        let session = session_with(vec![(
            60,
            Author::Facilitator,
            EventKind::Segment("check-in".into()),
        )]);
        let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(120));
        assert!(!note.contains("Risk"), "{note}");
    }

    #[test]
    fn retracted_and_replaced_events_do_not_appear() {
        let note = ended_note();
        assert!(!note.contains("logged for the wrong member"), "{note}");
        assert!(!note.contains("one person speaks at a time"), "{note}");
        assert!(!note.contains("#16"), "{note}");
    }

    #[test]
    fn an_open_session_says_it_has_not_ended() {
        let note = progress_note(
            &fixture::group(),
            &fixture::open_session(),
            NameStyle::Full,
            at(2280),
        );
        assert!(
            note.contains("- Status: not ended: figures up to 18:38\n"),
            "{note}"
        );
        assert!(note.contains("- Time: 18:00–18:38\n"), "{note}");
        assert!(
            note.contains("- Duration without breaks: 00:28:00\n"),
            "{note}"
        );
        assert!(
            note.contains("| Maria López | facilitator | 3 | 07:00 | 31.1% of all talk |"),
            "{note}"
        );
        assert!(
            note.contains("| Cy Dunn | late (arrived 18:10) | 1 | 04:00 | 26.7% |"),
            "{note}"
        );
        assert!(!note.contains("ended at"), "{note}");
    }

    #[test]
    fn a_session_without_events_says_so() {
        let note = progress_note(
            &fixture::group(),
            &session_with(vec![]),
            NameStyle::Initials,
            at(60),
        );
        assert!(note.contains("\n\nNo events were logged.\n\n"), "{note}");
        assert!(note.contains("- Present: A.R., B.T., C.D.\n"), "{note}");
        assert!(note.contains("Nobody held the floor."), "{note}");
        assert!(note.contains("No moments were tagged."), "{note}");
        assert!(!note.contains("- Breaks:"), "{note}");
    }

    #[test]
    fn a_session_whose_every_event_was_retracted_says_so() {
        let session = session_with(vec![
            (
                60,
                Author::Facilitator,
                moment(MomentKind::Bookmark, &[], None),
            ),
            (
                61,
                Author::Facilitator,
                EventKind::Retraction {
                    target: crate::model::EventId(1),
                },
            ),
        ]);
        let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(120));
        assert!(
            note.contains("No events stand: every event logged was retracted."),
            "{note}"
        );
        assert!(!note.contains("No events were logged."), "{note}");
    }

    #[test]
    fn attendance_lists_every_kind_with_times() {
        use crate::model::AttendanceChange::{Absent, Excused, LeftEarly};
        let change = |member: &str, change| EventKind::Attendance {
            member: fixture::id(member),
            change,
        };
        let session = session_with(vec![
            (0, Author::Facilitator, change("ana", Absent)),
            (0, Author::Facilitator, change("ben", Excused)),
            (1830, Author::Facilitator, change("cy", LeftEarly)),
        ]);
        let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(3600));
        let expected = "\
1 of 3 members attended.

- Present: none
- Late: none
- Left early: Cy D. (left 18:30)
- Absent: Ana R.
- Excused: Ben T.
";
        assert!(note.contains(expected), "{note}");
    }

    #[test]
    fn user_text_is_escaped_everywhere() {
        let mut group = fixture::group();
        group.name = "# Parents | *Circle*".into();
        group.members[0].alias = Some("An_a <R>".into());
        let mut session = session_with(vec![
            (
                0,
                Author::Facilitator,
                EventKind::Floor(crate::model::Floor::Member(fixture::id("ana"))),
            ),
            (
                10,
                Author::Facilitator,
                moment(
                    MomentKind::Risk(RiskLevel::Concern),
                    &["ana"],
                    Some("line one\n- line two [link](x)"),
                ),
            ),
            (
                20,
                Author::Facilitator,
                moment(
                    MomentKind::Norm {
                        action: crate::model::taxonomy::NormAction::Established,
                        norm: "`phones` away".into(),
                    },
                    &[],
                    None,
                ),
            ),
        ]);
        session.header.facilitator = "Jo | Co".into();
        let note = progress_note(&group, &session, NameStyle::Alias, at(30));
        assert!(
            note.starts_with("# \\# Parents \\| \\*Circle\\* — session 4\n"),
            "{note}"
        );
        assert!(
            note.contains("| An\\_a \\<R\\> | present | 1 | 00:30 | 100.0% |"),
            "{note}"
        );
        assert!(note.contains("| Jo \\| Co | facilitator | 0 |"), "{note}");
        assert!(
            note.contains("— concern — An\\_a \\<R\\> — \"line one - line two \\[link\\](x)\""),
            "{note}"
        );
        assert!(
            note.contains("norm established · \\`phones\\` away"),
            "{note}"
        );
    }
}
