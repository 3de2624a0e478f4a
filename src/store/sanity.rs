//! The time rule of [`crate::model::sanity`] applied to a session file as read
//! (or about to be written), with the line and column of the first time it
//! refuses.

use super::StoreError;
use crate::model::sanity::{self, TimeProblem};
use crate::model::{Event, EventId, SessionHeader, Timestamp};
use std::path::Path;

const HINT: &str = "groupscribe never writes such a time: the line was changed outside \
                    groupscribe, or the computer's clock was wrong when it was logged. Correct \
                    the time in a text editor (from a backup or your notes); the file was left \
                    untouched.";

/// Checks every time of a session whose lines are `text` (header first, one
/// event per non-blank line, as `parse_session` reads them).
pub fn check_times(
    path: &Path,
    text: &str,
    header: &SessionHeader,
    events: &[Event],
) -> Result<(), StoreError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    let header_line = lines.next();
    if let Err(problem) = sanity::check_start(header.started) {
        let (index, line) = header_line.unwrap_or((0, ""));
        return Err(located(path, index, line, "started", &problem));
    }
    for (event, (index, line)) in events.iter().zip(lines) {
        if let Err(problem) = sanity::check_event(header.started, event) {
            return Err(located(path, index, line, "at", &problem));
        }
    }
    Ok(())
}

/// Refuses to start a session under a clock outside the range; `folder` is
/// where it would have been written.
pub fn check_clock(folder: &Path, now: Timestamp) -> Result<(), StoreError> {
    sanity::check_clock(now).map_err(|problem| StoreError::Invalid {
        path: folder.to_path_buf(),
        what: format!("no session was started: {}", problem.message()),
        hint: "Set the computer's date and time, then start the session: a record with a \
               wrong date cannot be trusted. Nothing was written."
            .into(),
    })
}

/// Refuses to go on logging the session at `path` now, when the events logged
/// now would be refused when it is read (see [`sanity::check_resume`]).
pub fn check_resume(path: &Path, header: &SessionHeader, now: Timestamp) -> Result<(), StoreError> {
    sanity::check_resume(header.started, now).map_err(|problem| {
        let hint = match problem {
            TimeProblem::AfterStart { .. } => format!(
                "A session's events fall within {} days of its start, so this one cannot be \
                 resumed any more: end it with e on the home screen (it ends at its last \
                 event) and start a new session. Nothing was written.",
                sanity::AFTER_START_DAYS
            ),
            _ => "Set the computer's date and time, then resume the session. Nothing was \
                  written."
                .into(),
        };
        StoreError::Invalid {
            path: path.to_path_buf(),
            what: format!(
                "session {} cannot be resumed now: {}",
                header.number,
                problem.message()
            ),
            hint,
        }
    })
}

/// The error for the session file at `path` having used every event id: no
/// event can be added to it (the next id would not fit), though it reads fine.
pub fn ids_used_up(path: &Path) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        what: format!(
            "this session has used every event id (its last event is {}, the largest \
             there is): no event can be added to it",
            EventId(u32::MAX)
        ),
        hint: "The file is intact and still reads (note, events, check). Start a new session \
               to go on logging."
            .into(),
    }
}

fn located(
    path: &Path,
    index: usize,
    line: &str,
    field: &str,
    problem: &TimeProblem,
) -> StoreError {
    StoreError::Parse {
        path: path.to_path_buf(),
        line: index + 1,
        col: value_column(line, field).unwrap_or(1),
        message: problem.message(),
        hint: HINT.into(),
    }
}

/// The column (from 1, in characters) where the value of the top-level field
/// `field` of a one-line RON struct begins: `(id:1,at:"…")` gives 10 for `at`.
/// Words inside strings and nested values are skipped.
fn value_column(line: &str, field: &str) -> Option<usize> {
    let chars: Vec<char> = line.chars().collect();
    let name: Vec<char> = field.chars().collect();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if in_string {
            match c {
                '\\' => index += 1,
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ if depth == 1
                    && chars[index..].starts_with(&name)
                    && index
                        .checked_sub(1)
                        .and_then(|before| chars.get(before))
                        .is_some_and(|before| matches!(before, '(' | ',' | ' ' | '\t')) =>
                {
                    let mut after = index + name.len();
                    while chars.get(after).is_some_and(|c| c.is_whitespace()) {
                        after += 1;
                    }
                    if chars.get(after) == Some(&':') {
                        after += 1;
                        while chars.get(after).is_some_and(|c| c.is_whitespace()) {
                            after += 1;
                        }
                        return Some(after + 1);
                    }
                }
                _ => {}
            }
        }
        index += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_is_where_the_fields_value_begins() {
        let line = r#"(id:1,at:"2026-11-23T07:49:00Z",by:Facilitator,kind:Floor(Member("ana")))"#;
        assert_eq!(value_column(line, "at"), Some(10));
        let line = r#"(id:1, kind:Moment((what:Note,members:[],text:Some("look at: \"at:\" (at:"))), at : "2026")"#;
        let col = value_column(line, "at").unwrap();
        assert_eq!(line.chars().nth(col - 1), Some('"'));
        assert_eq!(&line[col - 1..], "\"2026\")");
        let header = r#"(version:1,group:"g",number:1,started:"2026-11-23T07:48:08Z")"#;
        assert_eq!(value_column(header, "started"), Some(39));
        assert_eq!(value_column(header, "at"), None);
        assert_eq!(value_column("", "at"), None);
    }
}
