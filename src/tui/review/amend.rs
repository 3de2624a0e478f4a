//! What the review's changes need besides the screen: a picker pre-filled
//! with a moment or an attendance change as it now reads (the same picker
//! the live panel logs with), what its answer amends the moment to, and the
//! window a turn's start may be moved within. Pure: the screen asks, this
//! answers.

use crate::model::taxonomy::{
    Choice, ConflictStatus, ConflictType, MutualAidKind, NormAction, Presentation, RiskLevel, Skill,
};
use crate::model::{
    EventId, EventKind, Group, Moment, MomentFamily, MomentKind, Session, Timestamp,
    effective_events,
};
use crate::tui::picker::{CHOICE_KEYS, Focus, Picker, PickerKind};

/// The key that picks a family in the review's "which kind?" step: the
/// picker's own choice keys, in the families' order (`1` norm … `0` observation).
pub fn family_key(family: MomentFamily) -> char {
    let index = MomentFamily::ALL
        .iter()
        .position(|&f| f == family)
        .unwrap_or(0);
    CHOICE_KEYS.get(index).copied().unwrap_or('?')
}

/// The family a key of that step names.
pub fn family_of_key(c: char) -> Option<MomentFamily> {
    let index = CHOICE_KEYS.iter().position(|&k| k == c)?;
    MomentFamily::ALL.get(index).copied()
}

/// `1 norm · 2 conflict · …`, for the step's line.
pub fn family_keys_line() -> String {
    MomentFamily::ALL
        .iter()
        .map(|&family| format!("{} {}", family_key(family), family.name()))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn position<C: Choice + PartialEq>(value: &C) -> Option<usize> {
    C::ALL.iter().position(|c| c == value)
}

/// The picker of `family`, holding `moment` as it reads: its members and
/// words, and its choice when it is of that family already. The kind is in
/// focus (its digits), then Tab reaches the members and the words; a family
/// without kinds (note, plan, theme, bookmark) opens on its words.
pub fn moment_picker(group: &Group, family: MomentFamily, moment: &Moment) -> Picker {
    let mut picker = Picker::new(PickerKind::Moment(family), group, &[], 0);
    picker.members = moment.members.clone();
    if family == MomentFamily::Risk || family == MomentFamily::Observation {
        picker.members.truncate(1);
    }
    picker.text = moment.text.clone().unwrap_or_default();
    // A kind to choose comes first (digits); a note, plan or theme is its words.
    picker.focus = if picker.choices.is_empty() {
        Focus::Text
    } else {
        Focus::Kind
    };
    if moment.what.family() != family {
        return picker;
    }
    match &moment.what {
        MomentKind::Norm { action, norm } => {
            picker.chosen = position::<NormAction>(action);
            match picker.second.iter().position(|listed| listed == norm) {
                Some(index) => picker.second_chosen = Some(index),
                None if !norm.is_empty() => {
                    picker.second.push(norm.clone());
                    picker.second_chosen = Some(picker.second.len() - 1);
                }
                None => {}
            }
        }
        MomentKind::Conflict {
            kind,
            status,
            continues,
        } => {
            match continues {
                // A status change of a conflict opened earlier: its type is that one's.
                Some(opened) => {
                    picker.continues = Some((Some(*opened), *kind));
                    picker.choices = Vec::new();
                    picker.chosen = None;
                }
                None => picker.chosen = position::<ConflictType>(kind),
            }
            picker.second_chosen = position::<ConflictStatus>(status);
        }
        MomentKind::MutualAid(kind) => picker.chosen = position::<MutualAidKind>(kind),
        MomentKind::Intervention(skill) => picker.chosen = position::<Skill>(skill),
        MomentKind::Risk(level, _) => picker.chosen = position::<RiskLevel>(level),
        MomentKind::Observation(seen) => {
            picker.chosen = seen
                .presentation
                .as_ref()
                .and_then(position::<Presentation>);
        }
        MomentKind::Note
        | MomentKind::Bookmark
        | MomentKind::Plan
        | MomentKind::Theme
        | MomentKind::Task(_) => {}
    }
    picker
}

/// What the picker's answer amends `original` to: the answer, keeping what
/// the picker does not show (a risk's assessment and actions, an
/// observation's other lists) when the kind stayed in its family.
pub fn amended_moment(original: &Moment, answer: EventKind) -> EventKind {
    let EventKind::Moment(mut moment) = answer else {
        return answer;
    };
    match (&original.what, &mut moment.what) {
        (MomentKind::Risk(_, detail), MomentKind::Risk(_, new)) => *new = detail.clone(),
        (MomentKind::Observation(seen), MomentKind::Observation(new)) => {
            let presentation = new.presentation;
            *new = seen.clone();
            new.presentation = presentation;
        }
        _ => {}
    }
    EventKind::Moment(moment)
}

/// The attendance picker holding an attendance change as it reads.
pub fn attendance_picker(group: &Group, kind: &EventKind) -> Option<Picker> {
    let EventKind::Attendance {
        member,
        change,
        text,
    } = kind
    else {
        return None;
    };
    let mut picker = Picker::new(PickerKind::Attendance, group, &[], 0);
    picker.members = vec![member.clone()];
    picker.chosen = crate::model::AttendanceChange::ALL
        .iter()
        .position(|c| c == change);
    picker.text = text.clone().unwrap_or_default();
    picker.focus = Focus::Kind;
    Some(picker)
}

/// Where a turn may begin: strictly after the boundary before it (a turn, a
/// break, or the session's start) and strictly before the one after it (a
/// turn, a break or the end), as the record now reads. Returns the time it
/// reads now, and the two bounds (`None` after: nothing follows).
pub fn turn_window(
    session: &Session,
    target: EventId,
) -> Result<(Timestamp, Timestamp, Option<Timestamp>), String> {
    let effective = effective_events(&session.events);
    let boundary = |kind: &EventKind| {
        matches!(
            kind,
            EventKind::Floor(_) | EventKind::Break(_) | EventKind::Ended
        )
    };
    let Some(index) = effective.iter().position(|(event, _)| event.id == target) else {
        return Err(format!("{target} no longer counts: it cannot be moved"));
    };
    if !matches!(effective[index].1, EventKind::Floor(_)) {
        return Err(format!(
            "{target} is not a turn: only a turn's start is moved"
        ));
    }
    let from = effective[index].0.at;
    let before = effective[..index]
        .iter()
        .rev()
        .find(|(_, kind)| boundary(kind))
        .map_or(session.header.started, |(event, _)| event.at);
    let after = effective[index + 1..]
        .iter()
        .find(|(_, kind)| boundary(kind))
        .map(|(event, _)| event.at);
    Ok((from, before, after))
}

/// `to` is inside the window; else why not, in words.
pub fn check_in_window(
    target: EventId,
    to: Timestamp,
    before: Timestamp,
    after: Option<Timestamp>,
) -> Result<(), String> {
    if to <= before || after.is_some_and(|after| to >= after) {
        return Err(format!(
            "turn {target} must begin after {} and before {}",
            before.format("%H:%M:%S"),
            after.map_or_else(
                || "the end".to_string(),
                |a| a.format("%H:%M:%S").to_string()
            )
        ));
    }
    Ok(())
}

/// `hh:mm` or `hh:mm:ss` on the day (and in the offset) the session began.
pub fn time_on_day(started: Timestamp, text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    let time = chrono::NaiveTime::parse_from_str(text, "%H:%M:%S")
        .or_else(|_| chrono::NaiveTime::parse_from_str(text, "%H:%M"))
        .map_err(|_| format!("\"{text}\": write the time as hh:mm or hh:mm:ss"))?;
    started
        .date_naive()
        .and_time(time)
        .and_local_timezone(*started.offset())
        .single()
        .ok_or_else(|| format!("\"{text}\" is not a time on the session's day"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::fixture;
    use crate::model::{Floor, MemberId, RiskDetail};

    fn group() -> Group {
        Group {
            norms: vec!["one voice at a time".into()],
            ..fixture::group(
                ["ana", "ben", "eli"]
                    .map(|id| fixture::member(id, id))
                    .to_vec(),
            )
        }
    }

    fn moment(what: MomentKind, members: &[&str], text: Option<&str>) -> Moment {
        Moment {
            what,
            members: members.iter().map(|m| MemberId::new(*m)).collect(),
            text: text.map(str::to_string),
        }
    }

    #[test]
    fn every_family_has_its_own_key_and_the_key_names_it_back() {
        for &family in MomentFamily::ALL {
            assert_eq!(family_of_key(family_key(family)), Some(family));
        }
        assert!(family_keys_line().starts_with("1 norm · 2 conflict"));
    }

    #[test]
    fn a_moment_read_into_its_picker_and_saved_untouched_reads_the_same() {
        let group = group();
        let detail = RiskDetail {
            assessment: Some("no plan".into()),
            ..RiskDetail::default()
        };
        for original in [
            moment(
                MomentKind::Norm {
                    action: NormAction::Reviewed,
                    norm: "one voice at a time".into(),
                },
                &["ana"],
                Some("named"),
            ),
            moment(
                MomentKind::Norm {
                    action: NormAction::Established,
                    norm: "phones away".into(),
                },
                &[],
                None,
            ),
            moment(
                MomentKind::Conflict {
                    kind: ConflictType::Task,
                    status: ConflictStatus::Addressed,
                    continues: None,
                },
                &["ana", "ben"],
                None,
            ),
            moment(
                MomentKind::Conflict {
                    kind: ConflictType::Process,
                    status: ConflictStatus::Resolved,
                    continues: Some(EventId(4)),
                },
                &["ben"],
                None,
            ),
            moment(
                MomentKind::MutualAid(MutualAidKind::ALL[3]),
                &["ana", "eli"],
                Some("same boat"),
            ),
            moment(MomentKind::Intervention(Skill::ALL[2]), &["ben"], None),
            moment(
                MomentKind::Risk(RiskLevel::ALL[1], Box::new(detail.clone())),
                &["eli"],
                Some("said it"),
            ),
            moment(MomentKind::Note, &[], Some("a note")),
            moment(MomentKind::Theme, &["ana"], Some("fear")),
        ] {
            let mut picker = moment_picker(&group, original.what.family(), &original);
            let enter = ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::Enter,
            );
            let answer = match picker.handle(&enter, &|_| None, &|_| 0) {
                crate::tui::picker::PickerOutcome::Done(kind) => kind,
                other => panic!("{original:?}: {other:?} {:?}", picker.problem),
            };
            assert_eq!(
                amended_moment(&original, answer),
                EventKind::Moment(original.clone())
            );
        }
    }

    #[test]
    fn another_family_keeps_the_members_and_words_but_not_the_kind() {
        let original = moment(MomentKind::Note, &["ana", "ben"], Some("they helped"));
        let picker = moment_picker(&group(), MomentFamily::MutualAid, &original);
        assert_eq!(picker.members.len(), 2);
        assert_eq!(picker.text, "they helped");
        assert_eq!(
            picker.chosen, None,
            "the new kind is chosen by the reviewer"
        );
        let risk = moment_picker(&group(), MomentFamily::Risk, &original);
        assert_eq!(
            risk.members,
            vec![MemberId::new("ana")],
            "a risk is about one"
        );
    }

    #[test]
    fn a_turn_moves_only_between_its_neighbours() {
        let session = fixture::session_of(
            fixture::header(),
            vec![
                (10, EventKind::Floor(Floor::Member(MemberId::new("ana")))),
                (20, EventKind::Floor(Floor::Member(MemberId::new("ben")))),
                (30, EventKind::Floor(Floor::Silence)),
            ],
        );
        let (from, before, after) = turn_window(&session, EventId(2)).unwrap();
        assert_eq!(from, fixture::at(20));
        assert_eq!(before, fixture::at(10));
        assert_eq!(after, Some(fixture::at(30)));
        assert!(check_in_window(EventId(2), fixture::at(15), before, after).is_ok());
        for outside in [10, 30, 5, 40] {
            let error = check_in_window(EventId(2), fixture::at(outside), before, after);
            assert!(error.unwrap_err().contains("must begin after"), "{outside}");
        }
        let last = turn_window(&session, EventId(3)).unwrap();
        assert_eq!(last.2, None);
        assert!(turn_window(&session, EventId(9)).is_err());
    }
}
