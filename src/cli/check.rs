use crate::diag::{FileError, ron_text};
use crate::model::{RosterOrigin, SessionHeader};
use crate::store;
use crate::tui::Keymap;
use std::path::Path;

/// Validates a file by what it is: `group.ron`, a keymap, or a session file.
pub fn check(path: &Path) -> Result<String, FileError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name == store::GROUP_FILE {
        let document = store::GroupDocument::open(path)?;
        let mut problems = document.problems();
        if problems.len() > 1 {
            let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(FileError::Invalid {
                path: path.to_path_buf(),
                what: format!(
                    "{} problems in the plan:",
                    crate::model::plan::problems(document.group()).len()
                ),
                hint: listed.join("\n  "),
            });
        }
        if let Some(problem) = problems.pop() {
            return Err(problem);
        }
        let group = document.group();
        let current = group.current_members().count();
        let former = group.members.len() - current;
        let gaps = crate::model::plan::readiness(group).len();
        return Ok(format!(
            "{}: a valid group \"{}\" with {current} members{}.{}",
            path.display(),
            group.name,
            if former > 0 {
                format!(" ({former} more who left, kept for the sessions that name them)")
            } else {
                String::new()
            },
            if gaps > 0 {
                format!(
                    "\n  The plan lacks {gaps} thing{} before session 1: see `groupscribe group check-ready`.",
                    if gaps == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        ));
    }
    if name == "config.ron" {
        crate::config::Config::load(path)?.keys_as::<crate::tui::keymap::Command>()?;
        return Ok(format!("{}: a valid config.", path.display()));
    }
    let in_themes = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|dir| dir == "themes");
    if in_themes || name.contains("theme") {
        let theme = crate::theme::Theme::load(path)?;
        return Ok(format!(
            "{}: a valid theme \"{}\" covering all {} roles.",
            path.display(),
            theme.name,
            crate::theme::ROLES.len()
        ));
    }
    if name.contains("keymap") {
        Keymap::load(path)?;
        return Ok(format!("{}: a valid keymap.", path.display()));
    }
    if store::record::is_companion(path) {
        // A companion is checked with its session: the record is read whole.
        let name = name
            .trim_end_matches(".cofac.ron")
            .trim_end_matches(".supervisor.ron");
        return check(&path.with_file_name(format!("{name}.ron")));
    }
    // Bytes, not text: a crash can leave a last line cut mid-character.
    let bytes = crate::store::keyring::read_record(path)?;
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    if ron_text::parse::<SessionHeader>(path, &first, 0).is_ok()
        || path.extension().is_some_and(|e| e == "ron")
    {
        let (recorded, record) = super::load_whole_record(path)?;
        record_problems(&record)?;
        let loaded = &record.loaded;
        let session = &loaded.session;
        store::check_group_folder(path, &session.header)?;
        let mut report = format!(
            "{}: a valid session ({} s{:02}, {} events{}).",
            path.display(),
            recorded.group.name,
            session.header.number,
            session.events.len(),
            if session.is_ended() {
                ", ended"
            } else {
                ", not ended"
            }
        );
        report.push_str(&match recorded.roster {
            RosterOrigin::Snapshot => format!(
                "\n  Its header keeps the group as it was when it began ({} members); \
                 group.ron is not needed to read it.",
                recorded.group.members.len()
            ),
            RosterOrigin::GroupFile { .. } => "\n  Warning: it predates roster snapshots, so it \
                 is read with today's group.ron; keep members who leave in group.ron, marked \
                 `left: \"YYYY-MM-DD\"`."
                .into(),
        });
        for file in record.files.iter().skip(1) {
            report.push_str(&format!(
                "\n  With {} (the {}'s file).",
                file.path.display(),
                file.author.label()
            ));
        }
        let signatures = session
            .events
            .iter()
            .filter(|event| {
                matches!(
                    event.kind,
                    crate::model::EventKind::Record(crate::model::RecordEntry::SignOff(_))
                )
            })
            .count();
        if signatures > 0 {
            report.push_str(&format!(
                "\n  {signatures} signature(s) verified: every signed line reads as it did."
            ));
        }
        if let Some(warning) = super::missing_members_warning(loaded) {
            report.push_str(&format!("\n  Warning: {warning}"));
        }
        if let Some(torn) = &loaded.torn {
            report.push_str(&format!(
                "\n  The last line, {}, is an unfinished write from a crash; it is ignored and \
                 will be set aside, byte for byte, in {} on resume.",
                torn.place(),
                store::torn_path(path).display()
            ));
        }
        return Ok(report);
    }
    Err(FileError::Invalid {
        path: path.to_path_buf(),
        what: "not a file groupscribe knows".into(),
        hint: "Check a group.ron, a session .ron, a keymap, a theme (themes/*.ron) or config.ron."
            .into(),
    })
}

/// A signed line changed since, or a non-record-keeping event after `Ended`:
/// the record no longer holds, and `check` fails naming the line.
fn record_problems(record: &store::LoadedRecord) -> Result<(), FileError> {
    if let Some(broken) = store::record::verify_signatures(record).into_iter().next() {
        let path = broken
            .changed
            .as_ref()
            .map_or_else(|| record.files[0].path.clone(), |(path, _)| path.clone());
        return Err(FileError::Invalid {
            path,
            what: broken.message,
            hint: "A signed record was edited outside groupscribe: restore the line from a \
                   backup; corrections are made with `groupscribe amend`, never by hand."
                .into(),
        });
    }
    if let Some((id, what)) = store::record::target_problem(record) {
        let (path, line) = record.place(id).map_or_else(
            || (record.files[0].path.clone(), 0),
            |(p, l)| (p.to_path_buf(), l),
        );
        return Err(FileError::Parse {
            path,
            line,
            col: 1,
            message: what,
            hint: "The line was added or changed outside groupscribe: restore it from a backup; \
                   amendments are made with `groupscribe amend`, which names the event itself."
                .into(),
        });
    }
    let session = &record.loaded.session;
    let Some(ended) = session
        .events
        .iter()
        .find(|e| e.kind == crate::model::EventKind::Ended)
    else {
        return Ok(());
    };
    let after = session.events.iter().find(|event| {
        let written = crate::note::facts::record::written_at(event);
        event.id != ended.id
            && !event.kind.is_record_keeping()
            && (written > ended.at
                || (store::record::file_of(event.id) == crate::model::Author::Facilitator
                    && event.id > ended.id))
    });
    if let Some(event) = after {
        let (path, line) = record.place(event.id).map_or_else(
            || (record.files[0].path.clone(), 0),
            |(p, l)| (p.to_path_buf(), l),
        );
        return Err(FileError::Parse {
            path,
            line,
            col: 1,
            message: format!(
                "event {} ({}) comes after the session ended; after `Ended` only record-keeping \
                 events (amendments, retractions, late entries, comments, sign-offs) are allowed",
                event.id,
                event.kind.label(&|floor| format!("{floor:?}"))
            ),
            hint: "The line was added outside groupscribe: add it as a late entry \
                   (`groupscribe late`) instead."
                .into(),
        });
    }
    Ok(())
}
