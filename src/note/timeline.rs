//! The raw record, one line per event, for `groupscribe events FILE`: nothing
//! is hidden, so retracted and amended events show with what happened to them.
//! Plain text for a terminal, not Markdown.

use super::describe::{Description, Names};
use super::display::{calendar_date, clock_seconds};
use super::escape::one_line;
use crate::model::{Author, Event, EventId, EventKind, Group, NameStyle, Session};
use std::collections::BTreeMap;

/// Wide enough for the longest author label, so descriptions line up.
const AUTHOR_WIDTH: usize = "co-facilitator".len();

pub fn render(group: &Group, session: &Session, style: NameStyle) -> String {
    // Named as the session recorded its roster, whatever group.ron says today.
    let group = &session.group_as_recorded(group).group;
    let names = Names::new(group, session, style);
    let fates = Fates::of(&session.events);
    let id_width = session
        .events
        .iter()
        .map(|event| event.id.to_string().len())
        .max()
        .unwrap_or(0);

    let mut lines = vec![heading(group, session)];
    if session.events.is_empty() {
        lines.push("No events were logged.".into());
    }
    lines.extend(
        session
            .events
            .iter()
            .map(|event| event_line(event, &names, &fates, id_width)),
    );
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// `Thursday Parents — session 4 — started 2026-11-23 18:00:00 +01:00`: the
/// event lines carry clock times only, so the date and offset are said once.
fn heading(group: &Group, session: &Session) -> String {
    let started = session.header.started;
    format!(
        "{} — session {} — started {} {} {}",
        one_line(&group.name),
        session.header.number,
        calendar_date(started),
        clock_seconds(started),
        started.format("%:z")
    )
}

fn event_line(event: &Event, names: &Names, fates: &Fates, id_width: usize) -> String {
    let mut line = format!(
        "{:<id_width$}  {}  {:<AUTHOR_WIDTH$}  {}",
        event.id.to_string(),
        clock_seconds(event.at),
        author_label(event.by),
        plain(&Description::of(&event.kind, names)),
    );
    if let Some(retractions) = fates.retracted_by.get(&event.id) {
        line.push_str(&format!("  (retracted by {})", id_list(retractions)));
    }
    if let Some(amendments) = fates.amended_by.get(&event.id) {
        line.push_str(&format!("  (amended by {})", id_list(amendments)));
    }
    line
}

fn author_label(author: Author) -> &'static str {
    author.label()
}

/// `mutual aid · mutual support — Ana R., Dana M. — "text"`, on one line.
fn plain(description: &Description) -> String {
    let mut text = one_line(&description.label);
    if !description.members.is_empty() {
        let members: Vec<String> = description.members.iter().map(|m| one_line(m)).collect();
        text.push_str(&format!(" — {}", members.join(", ")));
    }
    if let Some(words) = &description.text {
        text.push_str(&format!(" — \"{}\"", one_line(words)));
    }
    text
}

fn id_list(ids: &[EventId]) -> String {
    ids.iter()
        .map(EventId::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which later events retracted or amended each event.
struct Fates {
    retracted_by: BTreeMap<EventId, Vec<EventId>>,
    amended_by: BTreeMap<EventId, Vec<EventId>>,
}

impl Fates {
    fn of(events: &[Event]) -> Fates {
        let mut fates = Fates {
            retracted_by: BTreeMap::new(),
            amended_by: BTreeMap::new(),
        };
        for event in events {
            match &event.kind {
                EventKind::Retraction { target } => {
                    fates
                        .retracted_by
                        .entry(*target)
                        .or_default()
                        .push(event.id);
                }
                EventKind::Amendment { target, .. } => {
                    fates.amended_by.entry(*target).or_default().push(event.id);
                }
                EventKind::Record(crate::model::RecordEntry::Retimed { target, .. }) => {
                    fates.amended_by.entry(*target).or_default().push(event.id);
                }
                EventKind::Record(crate::model::RecordEntry::Retracted { target, .. }) => {
                    fates
                        .retracted_by
                        .entry(*target)
                        .or_default()
                        .push(event.id);
                }
                _ => {}
            }
        }
        fates
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Author, EventKind, Floor, NameStyle};
    use crate::note::fixture::{self, session_with};
    use crate::note::timeline;

    fn fixture_lines() -> Vec<String> {
        let text = timeline(
            &fixture::group(),
            &fixture::ended_session(),
            NameStyle::Alias,
        );
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn one_line_per_raw_event_under_a_heading() {
        let lines = fixture_lines();
        assert_eq!(lines.len(), 1 + 22);
        assert_eq!(
            lines[0],
            "Thursday Parents — session 4 — started 2026-11-23 18:00:00 +01:00"
        );
        assert_eq!(
            lines[1],
            "#1   18:00:00  facilitator     segment · check-in"
        );
        assert_eq!(
            lines[3],
            "#3   18:00:30  facilitator     Maria López speaks"
        );
        assert_eq!(
            lines[6],
            "#6   18:07:00  co-facilitator  mutual aid · mutual support — Ana R., Ben T. — \"Ben offered Ana a lift\""
        );
        assert_eq!(lines[20], "#20  18:35:00  facilitator     crosstalk");
        assert_eq!(lines[22], "#22  18:40:00  facilitator     session ended");
    }

    #[test]
    fn retractions_and_amendments_stay_and_are_marked() {
        let lines = fixture_lines();
        assert_eq!(
            lines[15],
            "#15  18:31:00  facilitator     note — Cy D. — \"logged for the wrong member\"  (retracted by #16)"
        );
        assert_eq!(lines[16], "#16  18:31:10  facilitator     retracts #15");
        assert_eq!(
            lines[18],
            "#18  18:32:30  co-facilitator  norm reinforced · one person speaks at a time  (amended by #19)"
        );
        assert_eq!(
            lines[19],
            "#19  18:33:00  co-facilitator  amends #18 (wrong norm) → norm reviewed · phones away"
        );
    }

    #[test]
    fn an_empty_record_says_so() {
        let text = timeline(&fixture::group(), &session_with(vec![]), NameStyle::Alias);
        assert_eq!(
            text,
            "Thursday Parents — session 4 — started 2026-11-23 18:00:00 +01:00\nNo events were logged.\n"
        );
    }

    #[test]
    fn user_text_cannot_break_a_line() {
        let mut group = fixture::group();
        group.members[0].alias = Some("Ana\nR.\u{1b}[2J".into());
        let mut session = session_with(vec![(
            5,
            Author::CoFacilitator,
            EventKind::Floor(Floor::Member(fixture::id("ana"))),
        )]);
        session.header.snapshot = Some(group.clone());
        let text = timeline(&group, &session, NameStyle::Alias);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.ends_with("#1  18:00:05  co-facilitator  Ana R. [2J speaks\n"),
            "{text}"
        );
    }
}
