//! `groupscribe group edit`, `group check-ready` and `member add|edit|leave`:
//! the plan edited from the command line. Every save goes through
//! [`store::GroupDocument::save`]: atomic, owner-only, in place (unknown
//! fields and comments kept), refused if group.ron changed under it.

use crate::diag::FileError;
use crate::model::{Group, Member, MemberId, plan};
use crate::store::{self, GroupDocument};
use std::path::{Path, PathBuf};

/// `group edit GROUP`: set plan fields, add or drop group goals, plan a session.
#[derive(Debug, clap::Args)]
pub struct GroupEdit {
    /// The group: its folder name in the store (e.g. thursday-peer-support),
    /// its folder, or its group.ron.
    pub group: String,
    /// FIELD=VALUE, repeatable; an empty VALUE clears the field. Fields: name,
    /// purpose, facilitator, co_facilitator, membership (open|closed),
    /// planned_sessions, session_minutes (15..480), schedule, place, access,
    /// agency, composition, note_style.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Add a group goal (repeatable).
    #[arg(long = "goal", value_name = "TEXT")]
    pub goals: Vec<String>,
    /// Remove the group goal with this text (repeatable).
    #[arg(long = "drop-goal", value_name = "TEXT")]
    pub drop_goals: Vec<String>,
    /// Plan a session: "N: activity | segment, segment" (replaces session N's plan).
    #[arg(long = "agenda", value_name = "PLAN")]
    pub agenda: Vec<String>,
}

/// `member add GROUP --id ID --name NAME [...]`.
#[derive(Debug, clap::Args)]
pub struct MemberAdd {
    pub group: String,
    /// A short id of their own, e.g. "ana" (used in every session file).
    #[arg(long)]
    pub id: String,
    #[arg(long)]
    pub name: String,
    /// An individual goal (repeatable).
    #[arg(long = "goal", value_name = "TEXT")]
    pub goals: Vec<String>,
    /// FIELD=VALUE, repeatable (as for `member edit`).
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
}

/// `member edit GROUP ID [...]`.
#[derive(Debug, clap::Args)]
pub struct MemberEdit {
    pub group: String,
    pub id: String,
    /// FIELD=VALUE, repeatable; an empty VALUE clears. Fields: name, alias,
    /// record_id, category, joined, referral, consent (a date), consent_to,
    /// preparation (a date), preparation_notes, accommodations.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Add an individual goal (repeatable).
    #[arg(long = "goal", value_name = "TEXT")]
    pub goals: Vec<String>,
    /// Describe a level of a goal's attainment scale: "GOAL:LEVEL=TEXT", GOAL
    /// the goal's number (1 for the first), LEVEL -2, -1, 0, +1 or +2.
    #[arg(
        long = "scale",
        value_name = "GOAL:LEVEL=TEXT",
        allow_hyphen_values = true
    )]
    pub scales: Vec<String>,
}

/// `member leave GROUP ID [--on DATE]`: the member is marked, never deleted.
#[derive(Debug, clap::Args)]
pub struct MemberLeave {
    pub group: String,
    pub id: String,
    /// The day they left (YYYY-MM-DD) [default: today]. Sessions from that day
    /// on do not list them; earlier ones still do.
    #[arg(long)]
    pub on: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum MemberCommand {
    /// Add a member to a group's roster.
    Add(MemberAdd),
    /// Change a member's details, goals and goal attainment scales.
    Edit(MemberEdit),
    /// Mark a member as having left (never deleted: their sessions name them).
    Leave(MemberLeave),
}

/// The group.ron that `group` names: a path to it, its folder, or a folder
/// name in the store.
pub fn group_path(store: &Path, group: &str) -> PathBuf {
    let given = Path::new(group);
    if given.is_file() {
        return given.to_path_buf();
    }
    if given.is_dir() {
        return given.join(store::GROUP_FILE);
    }
    store.join(group).join(store::GROUP_FILE)
}

fn invalid(path: &Path, what: String, hint: &str) -> FileError {
    FileError::Invalid {
        path: path.to_path_buf(),
        what,
        hint: hint.to_string(),
    }
}

fn split_set(path: &Path, pair: &str) -> Result<(String, String), FileError> {
    pair.split_once('=')
        .map(|(key, value)| (key.trim().to_string(), value.to_string()))
        .ok_or_else(|| {
            invalid(
                path,
                format!("--set \"{pair}\" has no '='"),
                "Write --set field=value (e.g. --set place=\"Room 4\"); nothing was changed.",
            )
        })
}

fn saved_message(path: &Path, saved: store::Saved) -> String {
    if saved.unchanged {
        format!("{}: nothing to change.", path.display())
    } else if saved.in_place {
        format!(
            "Saved {} (comments and fields groupscribe does not know are kept).",
            path.display()
        )
    } else {
        format!(
            "Saved {} (rewritten whole: comments and unknown fields could not be kept).",
            path.display()
        )
    }
}

pub fn edit(store: &Path, args: &GroupEdit) -> Result<String, FileError> {
    let path = group_path(store, &args.group);
    let mut document = GroupDocument::open(&path)?;
    let mut group = document.group().clone();
    for pair in &args.set {
        let (key, value) = split_set(&path, pair)?;
        plan::set_group_field(&mut group, &key, &value).map_err(|what| {
            invalid(
                &path,
                format!("--set {key}: {what}"),
                "Nothing was changed.",
            )
        })?;
    }
    for goal in &args.goals {
        if !group.goals.contains(goal) {
            group.goals.push(goal.trim().to_string());
        }
    }
    for goal in &args.drop_goals {
        let before = group.goals.len();
        group.goals.retain(|g| g != goal);
        if group.goals.len() == before {
            return Err(invalid(
                &path,
                format!("the group has no goal \"{goal}\""),
                "Write the goal exactly as `groupscribe group check-ready` or group.ron shows it; nothing was changed.",
            ));
        }
    }
    for entry in &args.agenda {
        let planned = plan::parse_agenda(entry)
            .map_err(|what| invalid(&path, format!("--agenda: {what}"), "Nothing was changed."))?;
        match group
            .agenda
            .iter_mut()
            .find(|p| p.session == planned.session)
        {
            Some(there) => *there = planned,
            None => {
                group.agenda.push(planned);
                group.agenda.sort_by_key(|p| p.session);
            }
        }
    }
    let saved = document.save(&group)?;
    Ok(saved_message(&path, saved))
}

fn apply_member_sets(path: &Path, member: &mut Member, sets: &[String]) -> Result<(), FileError> {
    for pair in sets {
        let (key, value) = split_set(path, pair)?;
        plan::set_member_field(member, &key, &value).map_err(|what| {
            invalid(path, format!("--set {key}: {what}"), "Nothing was changed.")
        })?;
    }
    Ok(())
}

pub fn member_add(store: &Path, args: &MemberAdd) -> Result<String, FileError> {
    let path = group_path(store, &args.group);
    let mut document = GroupDocument::open(&path)?;
    let mut group = document.group().clone();
    let id = args.id.trim();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(
            &path,
            format!("\"{}\" cannot be a member id", args.id),
            "Use a short word of letters and digits, e.g. --id ana; nothing was changed.",
        ));
    }
    if group.member(&MemberId::new(id)).is_some() {
        return Err(invalid(
            &path,
            format!("a member with the id \"{id}\" is already on the roster"),
            "Choose another id (members are never deleted, so an id is never reused); nothing was changed.",
        ));
    }
    let mut member = Member {
        id: MemberId::new(id),
        name: args.name.trim().to_string(),
        goals: args.goals.iter().map(|g| g.trim().to_string()).collect(),
        ..Member::default()
    };
    apply_member_sets(&path, &mut member, &args.set)?;
    group.members.push(member);
    let saved = document.save(&group)?;
    Ok(saved_message(&path, saved))
}

fn member_index(path: &Path, group: &Group, id: &str) -> Result<usize, FileError> {
    group.position(&MemberId::new(id)).ok_or_else(|| {
        let ids: Vec<&str> = group.members.iter().map(|m| m.id.as_str()).collect();
        invalid(
            path,
            format!("no member with the id \"{id}\""),
            &format!("The roster's ids: {}. Nothing was changed.", ids.join(", ")),
        )
    })
}

/// "2:+1=asks twice" -> (goal index 1, rating 1, text).
fn parse_scale(value: &str) -> Result<(usize, i8, String), String> {
    let wrong = || format!("\"{value}\": write GOAL:LEVEL=TEXT, e.g. 1:+2=asks every week");
    let (goal, rest) = value.split_once(':').ok_or_else(wrong)?;
    let (level, text) = rest.split_once('=').ok_or_else(wrong)?;
    let goal: usize = goal.trim().parse().map_err(|_| wrong())?;
    let level: i8 = level
        .trim()
        .trim_start_matches('+')
        .parse()
        .map_err(|_| wrong())?;
    if goal == 0 || !(-2..=2).contains(&level) {
        return Err(wrong());
    }
    Ok((goal - 1, level, text.trim().to_string()))
}

pub fn member_edit(store: &Path, args: &MemberEdit) -> Result<String, FileError> {
    let path = group_path(store, &args.group);
    let mut document = GroupDocument::open(&path)?;
    let mut group = document.group().clone();
    let index = member_index(&path, &group, &args.id)?;
    let member = &mut group.members[index];
    apply_member_sets(&path, member, &args.set)?;
    for goal in &args.goals {
        member.goals.push(goal.trim().to_string());
    }
    for scale in &args.scales {
        let (goal, level, text) = parse_scale(scale)
            .map_err(|what| invalid(&path, format!("--scale {what}"), "Nothing was changed."))?;
        let count = member.goals.len();
        plan::scale_mut(member, goal)
            .ok_or_else(|| {
                invalid(
                    &path,
                    format!(
                        "--scale: goal {} does not exist ({} has {count})",
                        goal + 1,
                        args.id
                    ),
                    "Number goals from 1; nothing was changed.",
                )
            })?
            .set_level(level, text);
    }
    let saved = document.save(&group)?;
    Ok(saved_message(&path, saved))
}

pub fn member_leave(
    store: &Path,
    args: &MemberLeave,
    today: chrono::NaiveDate,
) -> Result<String, FileError> {
    let path = group_path(store, &args.group);
    let mut document = GroupDocument::open(&path)?;
    let mut group = document.group().clone();
    let index = member_index(&path, &group, &args.id)?;
    let on = match &args.on {
        Some(text) => plan::parse_date(text)
            .map_err(|what| invalid(&path, format!("--on: {what}"), "Nothing was changed."))?,
        None => today,
    };
    let member = &mut group.members[index];
    if let Some(left) = member.left {
        return Err(invalid(
            &path,
            format!("{} already left on {left}", args.id),
            "Nothing was changed. To correct the date, edit `left` in group.ron.",
        ));
    }
    member.left = Some(on);
    let saved = document.save(&group)?;
    Ok(format!(
        "{} left on {on}: kept in group.ron, off the roster of sessions from that day.\n{}",
        args.id,
        saved_message(&path, saved)
    ))
}

/// `group check-ready`: the gaps, one per line; `Ok(true)` when ready.
pub fn check_ready(store: &Path, group: &str) -> Result<(String, bool), FileError> {
    let path = group_path(store, group);
    let document = GroupDocument::open(&path)?;
    let group = document.group();
    let gaps = plan::readiness(group);
    let mut out = String::new();
    if gaps.is_empty() {
        out.push_str(&format!(
            "{}: ready for session 1 — the plan has purpose, goals, frame, and consent, preparation and goals for every member.\n",
            group.name
        ));
        return Ok((out, true));
    }
    out.push_str(&format!(
        "{}: {} thing{} to plan before session 1:\n",
        group.name,
        gaps.len(),
        if gaps.len() == 1 { "" } else { "s" }
    ));
    for gap in &gaps {
        match &gap.member {
            Some(member) => out.push_str(&format!("  {member}: {}\n", gap.what)),
            None => out.push_str(&format!("  {}\n", gap.what)),
        }
    }
    out.push_str(
        "Fill them in with `groupscribe group edit`, `groupscribe member edit`, or g on the home screen.\n",
    );
    Ok((out, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_levels_parse_with_or_without_a_plus() {
        assert_eq!(parse_scale("1:+2=weekly").unwrap(), (0, 2, "weekly".into()));
        assert_eq!(
            parse_scale("2:-1= rarely ").unwrap(),
            (1, -1, "rarely".into())
        );
        assert_eq!(parse_scale("1:0=once").unwrap(), (0, 0, "once".into()));
        assert!(parse_scale("0:1=x").is_err());
        assert!(parse_scale("1:3=x").is_err());
        assert!(parse_scale("1=x").is_err());
    }
}
