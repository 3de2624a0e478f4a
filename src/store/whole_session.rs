//! A whole session written at once (an import): the file appears complete or not
//! at all, by `fsio::create_new_atomically` (the same write a session start uses):
//! temp file in the same folder (owner-only), write, fsync, hard link to the final
//! name (which fails if that name exists: nothing is ever replaced), remove the
//! temp, fsync the folder. Every error before the link removes the temp again.

use super::fsio::{self, Step, WithoutLinks};
use super::{StoreError, ron_text};
use crate::model::{Event, SessionHeader};
use std::io;
use std::path::{Path, PathBuf};

/// Writes `header` and `events` (one RON line each) as a new file at `path`.
/// Refuses if `path` exists; an error leaves neither `path` nor a temp file.
pub fn write_session_atomically(
    path: &Path,
    header: &SessionHeader,
    events: &[Event],
) -> Result<(), StoreError> {
    write_with(path, header, events, &mut |_| Ok(()))
}

fn write_with(
    path: &Path,
    header: &SessionHeader,
    events: &[Event],
    fault: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<(), StoreError> {
    let mut text = ron_text::to_line(path, header)?;
    for event in events {
        text.push_str(&ron_text::to_line(path, event)?);
    }
    // Never write a session the loader would refuse.
    super::sanity::check_times(path, &text, header, events)?;
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fsio::ensure_private_dir(&folder)?;
    if path.exists() {
        return Err(exists(path));
    }
    let text = super::keyring::seal_for(path, &text)?;
    fsio::create_new_atomically(path, text.as_bytes(), WithoutLinks::Refuse, fault).map_err(
        |error| match error {
            // The link found the name taken (made since the check above).
            StoreError::Io {
                path: ref linked,
                ref source,
                ..
            } if linked == path && source.kind() == io::ErrorKind::AlreadyExists => exists(path),
            error => error,
        },
    )?;
    Ok(())
}

fn exists(path: &Path) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        what: "a file of that name already exists".into(),
        hint: "Nothing was written and the existing file was left untouched.".into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::{Author, EventId, EventKind, Floor};
    use crate::store::load_session;
    use std::os::unix::fs::PermissionsExt;

    fn header() -> SessionHeader {
        SessionHeader {
            group: "g".into(),
            ..crate::model::fixture::header()
        }
    }

    fn events() -> Vec<Event> {
        let at = header().started;
        (1..=200)
            .map(|id| Event {
                id: EventId(id),
                at: at + chrono::TimeDelta::seconds(i64::from(id)),
                by: Author::Facilitator,
                kind: if id == 200 {
                    EventKind::Ended
                } else if id % 2 == 0 {
                    EventKind::Floor(Floor::Facilitator)
                } else {
                    EventKind::Floor(Floor::Silence)
                },
            })
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_session_is_written_whole_private_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2026-11-23-s01.ron");
        write_session_atomically(&path, &header(), &events()).unwrap();
        assert_eq!(listing(dir.path()), ["2026-11-23-s01.ron"], "no temp left");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let loaded = load_session(&path, None).unwrap();
        assert!(loaded.torn.is_none());
        assert_eq!(loaded.session.header, header());
        assert_eq!(loaded.session.events, events());
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 201);
    }

    #[test]
    fn the_provenance_round_trips_and_a_live_header_has_none() {
        use crate::model::{MemberId, SessionSource, SpeakerSource};
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("2026-11-23-s01.ron");
        write_session_atomically(&live, &header(), &[]).unwrap();
        let text = std::fs::read_to_string(&live).unwrap();
        assert!(!text.contains("source"), "{text}");
        assert_eq!(load_session(&live, None).unwrap().session.header, header());

        let mut imported = header();
        imported.number = 2;
        imported.source = Some(SessionSource {
            file: "meeting \"one\".rttm".into(),
            recording: "IS1009a".into(),
            span_start_ms: 1_500,
            span_end_ms: 838_833,
            uem: Some("IS1009a.uem".into()),
            speakers: vec![
                SpeakerSource {
                    label: "FIO084".into(),
                    holder: Floor::Member(MemberId::new("ana")),
                },
                SpeakerSource {
                    label: "MIO082".into(),
                    holder: Floor::Facilitator,
                },
            ],
        });
        let path = dir.path().join("2026-11-23-s02.ron");
        write_session_atomically(&path, &imported, &events()).unwrap();
        assert_eq!(load_session(&path, None).unwrap().session.header, imported);
    }

    #[test]
    fn a_failure_at_any_step_leaves_no_session_and_no_temp() {
        for step in [Step::HalfWritten, Step::Written, Step::Synced] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("2026-11-23-s01.ron");
            let mut fail = |at: Step| {
                if at == step {
                    Err(io::Error::other("injected"))
                } else {
                    Ok(())
                }
            };
            let error = write_with(&path, &header(), &events(), &mut fail).unwrap_err();
            assert!(error.to_string().contains("injected"), "{error}");
            assert!(
                listing(dir.path()).is_empty(),
                "{step:?}: {:?}",
                listing(dir.path())
            );
        }
    }

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2026-11-23-s01.ron");
        std::fs::write(&path, "keep me\n").unwrap();
        let error = write_session_atomically(&path, &header(), &events()).unwrap_err();
        assert!(error.to_string().contains("already exists"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me\n");
        assert_eq!(listing(dir.path()), ["2026-11-23-s01.ron"]);

        // Created between the check and the link: the link refuses it too.
        let other = dir.path().join("2026-11-23-s02.ron");
        let mut race = |at: Step| {
            if at == Step::Synced {
                std::fs::write(&other, "theirs\n")?;
            }
            Ok(())
        };
        let error = write_with(&other, &header(), &events(), &mut race).unwrap_err();
        assert!(error.to_string().contains("already exists"), "{error}");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "theirs\n");
        assert_eq!(
            listing(dir.path()),
            ["2026-11-23-s01.ron", "2026-11-23-s02.ron"]
        );
    }
}
