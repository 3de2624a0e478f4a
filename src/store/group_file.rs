use super::{StoreError, fsio, ron_patch, ron_text};
use crate::model::{Group, SCHEMA_VERSION, plan};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Most members a roster may have: every member needs a hotkey of at most 3 keys.
pub const MAX_MEMBERS: usize = 20;

pub fn load_group(path: &Path) -> Result<Group, StoreError> {
    let text = super::keyring::read_record_text(path)?;
    let group: Group = ron_text::parse_versioned(path, &text, 0)?;
    validate_group(path, &group)?;
    Ok(group)
}

pub fn validate_group(path: &Path, group: &Group) -> Result<(), StoreError> {
    let invalid = |what: String, hint: &str| StoreError::Invalid {
        path: path.to_path_buf(),
        what,
        hint: hint.to_string(),
    };
    // Members who left stay in the file (sessions name them) but take no hotkey.
    let current = group.current_members().count();
    if current > MAX_MEMBERS {
        return Err(invalid(
            format!(
                "the roster has {current} current members; groupscribe handles up to {MAX_MEMBERS}"
            ),
            "Split the group, or mark members who have left with `left: \"YYYY-MM-DD\"` \
             (never delete them: their sessions name them).",
        ));
    }
    let mut seen = HashSet::new();
    for member in &group.members {
        if member.id.as_str().trim().is_empty() {
            return Err(invalid(
                format!("member \"{}\" has an empty id", member.name),
                "Give every member a short id such as \"ana\".",
            ));
        }
        if !seen.insert(&member.id) {
            return Err(invalid(
                format!("member id \"{}\" is used twice", member.id),
                "Every member needs an id of their own.",
            ));
        }
    }
    if group.version == 0 {
        return Err(invalid(
            "version must be 1 or more".into(),
            &format!("Write `version: {SCHEMA_VERSION}`."),
        ));
    }
    Ok(())
}

/// Writes a new group's folder and `group.ron`; never replaces an existing group.
pub fn save_new_group(
    store: &super::Store,
    group: &Group,
) -> Result<std::path::PathBuf, StoreError> {
    let folder = store.group_folder(&group.slug());
    let path = folder.join(super::GROUP_FILE);
    if path.exists() {
        return Err(StoreError::Invalid {
            what: "a group with this name already exists".into(),
            hint: "Choose another name, or edit that group.ron.".into(),
            path,
        });
    }
    validate_group(&path, group)?;
    fsio::ensure_private_dir(&folder)?;
    fsio::sync_dir(store.root())?;
    let text = ron_text::to_pretty(&path, group)?;
    fsio::write_new_private(&path, &super::keyring::seal_for(&path, &text)?)?;
    Ok(path)
}

/// The plan's problems (see [`plan::problems`]) as file errors pointing at
/// the line and column of the field in `text`, the file as written.
/// At most this many of a plan's problems are placed (line:column) and listed:
/// placing each one reads the file, and a file of thousands of broken entries
/// would take seconds for a list nobody reads to its end.
pub const MAX_PLACED_PROBLEMS: usize = 50;

pub fn plan_problems(path: &Path, text: &str, group: &Group) -> Vec<StoreError> {
    let problems = plan::problems(group);
    let more = problems.len().saturating_sub(MAX_PLACED_PROBLEMS);
    let mut placed: Vec<StoreError> = problems
        .into_iter()
        .take(MAX_PLACED_PROBLEMS)
        .map(|problem| {
            let (line, col) = place_of(text, &problem.at);
            StoreError::Parse {
                path: path.to_path_buf(),
                line,
                col,
                message: problem.what,
                hint: problem.hint,
            }
        })
        .collect();
    if more > 0 {
        placed.push(StoreError::Invalid {
            path: path.to_path_buf(),
            what: format!("and {more} more problems in the plan"),
            hint: "Fix the ones above and run check again.".into(),
        });
    }
    placed
}

/// The line and column of the deepest part of `at` that `text` has (a
/// field left to its default is not in the file: its struct is named).
fn place_of(text: &str, at: &[plan::Place]) -> (usize, usize) {
    let steps: Vec<ron_patch::Step<'_>> = at
        .iter()
        .map(|place| match place {
            plan::Place::Field(name) => ron_patch::Step::Field(name),
            plan::Place::Index(index) => ron_patch::Step::Index(*index),
        })
        .collect();
    (0..=steps.len())
        .rev()
        .find_map(|depth| ron_patch::locate(text, &steps[..depth]))
        .map_or((1, 1), |offset| ron_patch::line_col(text, offset))
}

/// A group file opened for editing: the text as read, and the group it
/// reads as. [`GroupDocument::save`] writes an edited group back so that the
/// file keeps what groupscribe does not model (see [`ron_patch`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDocument {
    path: PathBuf,
    text: String,
    group: Group,
}

/// How a save went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// The file was edited in place: unknown fields, comments and layout
    /// kept. `false`: it was written whole (unknown fields and comments
    /// lost), because the edit could not be made in place.
    pub in_place: bool,
    /// Nothing differed: the file was not written.
    pub unchanged: bool,
}

impl GroupDocument {
    pub fn open(path: &Path) -> Result<GroupDocument, StoreError> {
        let text = super::keyring::read_record_text(path)?;
        let group: Group = ron_text::parse_versioned(path, &text, 0)?;
        validate_group(path, &group)?;
        Ok(GroupDocument {
            path: path.to_path_buf(),
            text,
            group,
        })
    }

    pub fn group(&self) -> &Group {
        &self.group
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The plan's problems in the file as read.
    pub fn problems(&self) -> Vec<StoreError> {
        plan_problems(&self.path, &self.text, &self.group)
    }

    /// Writes `edited` atomically (temp file, fsync, rename, fsync the
    /// folder; owner-only). Refuses, writing nothing, if the file changed on
    /// disk since it was opened, if `edited` is not a valid group, or if the
    /// edit brings a plan problem the file did not have.
    pub fn save(&mut self, edited: &Group) -> Result<Saved, StoreError> {
        validate_group(&self.path, edited)?;
        if *edited == self.group {
            return Ok(Saved {
                in_place: true,
                unchanged: true,
            });
        }
        let on_disk = super::keyring::read_record_text(&self.path)?;
        if on_disk != self.text {
            return Err(StoreError::Invalid {
                path: self.path.clone(),
                what: "the file changed on disk since it was opened".into(),
                hint: "Your edit was not saved: open the group again and redo it \
                       (someone or something else wrote group.ron)."
                    .into(),
            });
        }
        let old = ron_text::to_pretty(&self.path, &self.group)?;
        let new = ron_text::to_pretty(&self.path, edited)?;
        let patched = ron_patch::patch(&self.text, &old, &new).filter(|text| {
            ron_text::parse_versioned::<Group>(&self.path, text, 0)
                .is_ok_and(|read| read == *edited)
        });
        let in_place = patched.is_some();
        let text = patched.unwrap_or(new);
        let before: HashSet<String> = plan::problems(&self.group)
            .into_iter()
            .map(|p| p.what)
            .collect();
        if let Some(new_problem) =
            plan_problems(&self.path, &text, edited)
                .into_iter()
                .find(|problem| match problem {
                    StoreError::Parse { message, .. } => !before.contains(message),
                    _ => true,
                })
        {
            return Err(match new_problem {
                StoreError::Parse { message, hint, .. } => StoreError::Invalid {
                    path: self.path.clone(),
                    what: format!("not saved: {message}"),
                    hint,
                },
                other => other,
            });
        }
        super::keyring::write_record_atomic(&self.path, &text)?;
        self.text = text;
        self.group = edited.clone();
        Ok(Saved {
            in_place,
            unchanged: false,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_of_broken_agenda_entries_are_listed_fifty_and_counted() {
        let mut group = crate::model::fixture::group(vec![]);
        group.planned_sessions = Some(10);
        let mut text = String::from("(version: 1, agenda: [\n");
        for _ in 0..3_000 {
            group.agenda.push(crate::model::PlannedSession {
                session: 1_000_000,
                ..Default::default()
            });
            text.push_str("  (session: 1000000),\n");
        }
        text.push_str("])\n");
        let found = super::plan_problems(std::path::Path::new("group.ron"), &text, &group);
        assert_eq!(found.len(), super::MAX_PLACED_PROBLEMS + 1);
        let last = found.last().map(ToString::to_string).unwrap_or_default();
        assert!(last.contains("and 5949 more problems"), "{last}");
    }

    use super::*;
    use crate::model::{Member, MemberId};

    const HAND_WRITTEN: &str = r#"#![enable(implicit_some)]
// Thursday group: keep this comment.
(
  version: 1,
  name: "Thursday",
  type: Support,
  facilitator: "Sam",
  funding_code: "X-17", // a field groupscribe does not model
  members: [
    (id: "ana", name: "Ana", goals: ["Ask for help"], pronouns: "she"),
    /* Ben came from the clinic. */
    (id: "ben", name: "Ben"),
  ],
)
"#;

    #[test]
    fn a_save_keeps_unknown_fields_and_comments_and_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("group.ron");
        std::fs::write(&path, HAND_WRITTEN).unwrap();
        let mut document = GroupDocument::open(&path).unwrap();
        let mut edited = document.group().clone();
        edited.place = Some("Room 4".into());
        edited.members[1].left = chrono::NaiveDate::from_ymd_opt(2026, 12, 3);
        plan::scale_mut(&mut edited.members[0], 0)
            .unwrap()
            .much_more = "asks weekly".into();
        edited.members.push(Member {
            id: MemberId::new("cy"),
            name: "Cy".into(),
            ..Member::default()
        });
        let saved = document.save(&edited).unwrap();
        assert!(saved.in_place && !saved.unchanged);
        let text = std::fs::read_to_string(&path).unwrap();
        for kept in [
            "// Thursday group: keep this comment.",
            "funding_code: \"X-17\", // a field groupscribe does not model",
            "pronouns: \"she\"",
            "/* Ben came from the clinic. */",
        ] {
            assert!(text.contains(kept), "lost {kept:?}:\n{text}");
        }
        assert_eq!(load_group(&path).unwrap(), edited);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
        // Saving the same again writes nothing.
        assert!(document.save(&edited).unwrap().unchanged);
    }

    #[test]
    fn a_save_refuses_a_file_changed_under_it_and_a_new_plan_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("group.ron");
        std::fs::write(&path, HAND_WRITTEN).unwrap();
        let mut document = GroupDocument::open(&path).unwrap();
        let mut edited = document.group().clone();
        edited.session_minutes = Some(5);
        let message = document.save(&edited).unwrap_err().to_string();
        assert!(
            message.contains("not saved: session_minutes is 5"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), HAND_WRITTEN);

        edited.session_minutes = Some(90);
        std::fs::write(&path, HAND_WRITTEN.replace("Sam", "Samira")).unwrap();
        let message = document.save(&edited).unwrap_err().to_string();
        assert!(message.contains("changed on disk"), "{message}");
        assert!(std::fs::read_to_string(&path).unwrap().contains("Samira"));
    }

    #[test]
    fn plan_problems_point_at_the_line_and_column() {
        let text = HAND_WRITTEN.replace(
            "(id: \"ben\", name: \"Ben\")",
            "(id: \"ben\", name: \"Ben\", joined: \"2026-11-05\",\n      consent: (date: \"2026-11-09\"))",
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("group.ron");
        std::fs::write(&path, &text).unwrap();
        let document = GroupDocument::open(&path).unwrap();
        let problems: Vec<String> = document.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .contains("group.ron:13:7: member \"ben\": consent (2026-11-09) is after joining"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_member_who_left_is_marked_with_a_date_and_takes_no_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("group.ron");
        let members: String = (1..=MAX_MEMBERS)
            .map(|n| format!("(id: \"m{n}\", name: \"M {n}\"),"))
            .collect();
        let text = format!(
            "(version: 1, name: \"G\", type: Support, facilitator: \"F\", members: [{members} \
             (id: \"old\", name: \"Old Member\", left: \"2026-12-01\")])"
        );
        std::fs::write(&path, &text).unwrap();
        let group = load_group(&path).unwrap();
        let old = group.member(&crate::model::MemberId::new("old")).unwrap();
        assert_eq!(old.left, chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(group.current_members().count(), MAX_MEMBERS);

        std::fs::write(
            &path,
            text.replace("left: \"2026-12-01\"", "left: \"1 Dec\""),
        )
        .unwrap();
        let message = load_group(&path).unwrap_err().to_string();
        assert!(message.contains("group.ron:1:"), "{message}");
    }
}
