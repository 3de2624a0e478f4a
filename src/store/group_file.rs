use super::{StoreError, fsio, ron_text};
use crate::model::{Group, SCHEMA_VERSION};
use std::collections::HashSet;
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

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
