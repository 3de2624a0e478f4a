//! The plan of a group, as data: what is wrong with it (`check`), what it
//! still lacks before session 1 (`group check-ready`, the home screen), and
//! the named fields the editors set (`group edit --set`, `member edit --set`,
//! the TUI's group editor).

use super::group::{Consent, Group, Member, Membership, NoteStyle, PlannedSession, Preparation};
use chrono::NaiveDate;

/// Shortest and longest session length `check` accepts, in minutes.
pub const SESSION_MINUTES: std::ops::RangeInclusive<u32> = 15..=480;

/// Where in the group file a problem is: a path of field names and list
/// positions, e.g. `members[2].consent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Field(&'static str),
    Index(usize),
}

/// One thing wrong with a plan: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Vec<Place>,
    pub what: String,
    pub hint: String,
}

fn problem(at: Vec<Place>, what: String, hint: &str) -> Problem {
    Problem {
        at,
        what,
        hint: hint.to_string(),
    }
}

/// Everything `check` finds wrong with the plan's fields, in file order.
pub fn problems(group: &Group) -> Vec<Problem> {
    use Place::{Field, Index};
    let mut found = Vec::new();
    if let Some(minutes) = group.session_minutes
        && !SESSION_MINUTES.contains(&minutes)
    {
        found.push(problem(
            vec![Field("session_minutes")],
            format!(
                "session_minutes is {minutes}; a session lasts {} to {} minutes",
                SESSION_MINUTES.start(),
                SESSION_MINUTES.end()
            ),
            "Write the planned length in minutes, e.g. `session_minutes: 90`.",
        ));
    }
    if group.planned_sessions == Some(0) {
        found.push(problem(
            vec![Field("planned_sessions")],
            "planned_sessions is 0".into(),
            "Write how many sessions are planned (1 or more), or remove the line for an open-ended group.",
        ));
    }
    let mut numbers = std::collections::BTreeSet::new();
    for (index, planned) in group.agenda.iter().enumerate() {
        let at = vec![Field("agenda"), Index(index), Field("session")];
        if planned.session == 0 {
            found.push(problem(
                at.clone(),
                "agenda: session 0; sessions are numbered from 1".into(),
                "Number the agenda's sessions 1, 2, 3...",
            ));
        }
        if !numbers.insert(planned.session) {
            found.push(problem(
                at.clone(),
                format!("agenda: session {} is planned twice", planned.session),
                "Keep one entry per session: merge the two, or renumber one.",
            ));
        }
        if let Some(planned_sessions) = group.planned_sessions
            && planned.session > planned_sessions
        {
            found.push(problem(
                at,
                format!(
                    "agenda: session {} is after the last planned session ({planned_sessions})",
                    planned.session
                ),
                "Raise planned_sessions, or renumber or remove that agenda entry.",
            ));
        }
    }
    for (index, member) in group.members.iter().enumerate() {
        let at = |field: &'static str| vec![Field("members"), Index(index), Field(field)];
        let who = &member.id;
        if let Some(joined) = member.joined {
            if let Some(consent) = &member.consent
                && consent.date > joined
            {
                found.push(problem(
                    at("consent"),
                    format!(
                        "member \"{who}\": consent ({}) is after joining ({joined})",
                        consent.date
                    ),
                    "Consent comes before the first session: correct the consent date or `joined`.",
                ));
            }
            if let Some(preparation) = &member.preparation
                && preparation.date > joined
            {
                found.push(problem(
                    at("preparation"),
                    format!(
                        "member \"{who}\": preparation ({}) is after joining ({joined})",
                        preparation.date
                    ),
                    "The preparation interview comes before the first session: correct its date or `joined`.",
                ));
            }
            if let Some(left) = member.left
                && left <= joined
            {
                found.push(problem(
                    at("left"),
                    format!("member \"{who}\": left ({left}) is not after joining ({joined})"),
                    "A member leaves after they join: correct `left` or `joined`.",
                ));
            }
        }
        let mut scaled = std::collections::BTreeSet::new();
        for (n, scale) in member.scales.iter().enumerate() {
            let at = vec![
                Field("members"),
                Index(index),
                Field("scales"),
                Index(n),
                Field("goal"),
            ];
            if !member.goals.contains(&scale.goal) {
                found.push(problem(
                    at,
                    format!(
                        "member \"{who}\": a goal attainment scale names the goal \"{}\", which is not one of their goals",
                        scale.goal
                    ),
                    "Write the goal exactly as in the member's `goals`, or add it there.",
                ));
            } else if !scaled.insert(&scale.goal) {
                found.push(problem(
                    at,
                    format!(
                        "member \"{who}\": the goal \"{}\" has two attainment scales",
                        scale.goal
                    ),
                    "Keep one scale per goal.",
                ));
            }
        }
    }
    found
}

/// One thing the plan still lacks before session 1, and who it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The member it is about, if any.
    pub member: Option<String>,
    pub what: String,
}

/// What the plan still lacks before the first session, in the order a
/// worker would see to it: the group's purpose and goals, its frame, then
/// each current member's consent, preparation and goals.
pub fn readiness(group: &Group) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let mut lack = |what: &str| {
        gaps.push(Gap {
            member: None,
            what: what.to_string(),
        })
    };
    if group.purpose.trim().is_empty() {
        lack("no purpose: what the group is for");
    }
    if group.goals.is_empty() {
        lack("no group goals");
    }
    if group.membership.is_none() {
        lack("open or closed membership not decided");
    }
    if group.planned_sessions.is_none() && group.membership == Some(Membership::Closed) {
        lack("no planned number of sessions for a closed group");
    }
    if group.session_minutes.is_none() {
        lack("no planned session length");
    }
    if group
        .schedule
        .as_deref()
        .is_none_or(|s| s.trim().is_empty())
    {
        lack("no schedule: when the group meets");
    }
    if group.place.as_deref().is_none_or(|s| s.trim().is_empty()) {
        lack("no place: where the group meets");
    }
    if group.planned(1).is_none() {
        lack("no agenda for session 1");
    }
    if group.current_members().next().is_none() {
        lack("no members yet");
    }
    for member in group.current_members() {
        let mut lack = |what: String| {
            gaps.push(Gap {
                member: Some(member.id.to_string()),
                what,
            })
        };
        if member.consent.is_none() {
            lack("no consent recorded".into());
        }
        if member.preparation.is_none() {
            lack("no preparation interview recorded".into());
        }
        if member.goals.is_empty() {
            lack("no individual goals".into());
        }
        for (n, goal) in member.goals.iter().enumerate() {
            if member.scale(n).is_none_or(|scale| scale.is_blank()) {
                lack(format!(
                    "goal {} \"{goal}\" has no attainment scale (what -2..+2 mean)",
                    n + 1
                ));
            }
        }
    }
    for problem in problems(group) {
        gaps.push(Gap {
            member: None,
            what: problem.what,
        });
    }
    gaps
}

/// The group fields `--set` and the editor know, with what each takes.
pub const GROUP_FIELDS: &[(&str, &str)] = &[
    ("name", "text"),
    ("purpose", "text"),
    ("facilitator", "text"),
    ("co_facilitator", "text (empty: none)"),
    ("membership", "open | closed (empty: undecided)"),
    ("planned_sessions", "a number (empty: open-ended)"),
    ("session_minutes", "minutes, 15..480"),
    ("schedule", "text"),
    ("place", "text"),
    ("access", "text"),
    ("agency", "text"),
    ("composition", "text"),
    ("note_style", "birp | dap | girp | soap | narrative"),
];

/// The member fields `member edit --set` and the editor know.
pub const MEMBER_FIELDS: &[(&str, &str)] = &[
    ("name", "text"),
    ("alias", "text (empty: none)"),
    ("record_id", "text"),
    ("category", "text"),
    ("joined", "YYYY-MM-DD"),
    ("referral", "text"),
    ("consent", "YYYY-MM-DD (empty: none)"),
    ("consent_to", "text: what was consented to"),
    ("preparation", "YYYY-MM-DD (empty: none)"),
    ("preparation_notes", "text"),
    ("accommodations", "text"),
];

fn text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{value}\" is not a date; write it as YYYY-MM-DD"))
}

fn date(value: &str) -> Result<Option<NaiveDate>, String> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(value).map(Some)
    }
}

fn number(value: &str) -> Result<Option<u32>, String> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    value
        .trim()
        .parse()
        .map(Some)
        .map_err(|_| format!("\"{value}\" is not a whole number"))
}

fn unknown(key: &str, fields: &[(&str, &str)]) -> String {
    let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    format!("no field \"{key}\"; the fields are: {}", names.join(", "))
}

/// The current text of a group field, as the editor shows it.
pub fn group_field(group: &Group, key: &str) -> Option<String> {
    let opt = |value: &Option<String>| value.clone().unwrap_or_default();
    Some(match key {
        "name" => group.name.clone(),
        "purpose" => group.purpose.clone(),
        "facilitator" => group.facilitator.clone(),
        "co_facilitator" => opt(&group.co_facilitator),
        "membership" => match group.membership {
            Some(Membership::Open) => "open".into(),
            Some(Membership::Closed) => "closed".into(),
            None => String::new(),
        },
        "planned_sessions" => group
            .planned_sessions
            .map(|n| n.to_string())
            .unwrap_or_default(),
        "session_minutes" => group
            .session_minutes
            .map(|n| n.to_string())
            .unwrap_or_default(),
        "schedule" => opt(&group.schedule),
        "place" => opt(&group.place),
        "access" => opt(&group.access),
        "agency" => opt(&group.agency),
        "composition" => opt(&group.composition),
        "note_style" => group
            .note_style
            .map(|s| s.label().to_lowercase())
            .unwrap_or_default(),
        _ => return None,
    })
}

/// Sets a group field from text; an empty value clears an optional field.
pub fn set_group_field(group: &mut Group, key: &str, value: &str) -> Result<(), String> {
    match key {
        "name" => group.name = text(value).ok_or("the name cannot be empty")?,
        "purpose" => group.purpose = value.trim().to_string(),
        "facilitator" => {
            group.facilitator = text(value).ok_or("the facilitator cannot be empty")?
        }
        "co_facilitator" => group.co_facilitator = text(value),
        "membership" => {
            group.membership = match value.trim().to_lowercase().as_str() {
                "" => None,
                "open" => Some(Membership::Open),
                "closed" => Some(Membership::Closed),
                _ => return Err(format!("\"{value}\": write open or closed")),
            }
        }
        "planned_sessions" => group.planned_sessions = number(value)?,
        "session_minutes" => group.session_minutes = number(value)?,
        "schedule" => group.schedule = text(value),
        "place" => group.place = text(value),
        "access" => group.access = text(value),
        "agency" => group.agency = text(value),
        "composition" => group.composition = text(value),
        "note_style" => {
            group.note_style = match value.trim().to_lowercase().as_str() {
                "" => None,
                "birp" => Some(NoteStyle::Birp),
                "dap" => Some(NoteStyle::Dap),
                "girp" => Some(NoteStyle::Girp),
                "soap" => Some(NoteStyle::Soap),
                "narrative" => Some(NoteStyle::Narrative),
                _ => {
                    return Err(format!(
                        "\"{value}\": write birp, dap, girp, soap or narrative"
                    ));
                }
            }
        }
        _ => return Err(unknown(key, GROUP_FIELDS)),
    }
    Ok(())
}

/// The current text of a member field, as the editor shows it.
pub fn member_field(member: &Member, key: &str) -> Option<String> {
    let opt = |value: &Option<String>| value.clone().unwrap_or_default();
    let day = |value: Option<NaiveDate>| value.map(|d| d.to_string()).unwrap_or_default();
    Some(match key {
        "name" => member.name.clone(),
        "alias" => opt(&member.alias),
        "record_id" => opt(&member.record_id),
        "category" => opt(&member.category),
        "joined" => day(member.joined),
        "referral" => opt(&member.referral),
        "consent" => day(member.consent.as_ref().map(|c| c.date)),
        "consent_to" => member
            .consent
            .as_ref()
            .map(|c| c.to.clone())
            .unwrap_or_default(),
        "preparation" => day(member.preparation.as_ref().map(|p| p.date)),
        "preparation_notes" => member
            .preparation
            .as_ref()
            .map(|p| p.notes.clone())
            .unwrap_or_default(),
        "accommodations" => opt(&member.accommodations),
        _ => return None,
    })
}

/// Sets a member field from text; an empty value clears an optional field.
/// `consent_to` and `preparation_notes` need their date set first.
pub fn set_member_field(member: &mut Member, key: &str, value: &str) -> Result<(), String> {
    match key {
        "name" => member.name = text(value).ok_or("the name cannot be empty")?,
        "alias" => member.alias = text(value),
        "record_id" => member.record_id = text(value),
        "category" => member.category = text(value),
        "joined" => member.joined = date(value)?,
        "referral" => member.referral = text(value),
        "consent" => {
            member.consent = date(value)?.map(|date| Consent {
                date,
                to: member
                    .consent
                    .as_ref()
                    .map(|c| c.to.clone())
                    .unwrap_or_default(),
            })
        }
        "consent_to" => match &mut member.consent {
            Some(consent) => consent.to = value.trim().to_string(),
            None => return Err("set the consent's date first (consent=YYYY-MM-DD)".into()),
        },
        "preparation" => {
            member.preparation = date(value)?.map(|date| Preparation {
                date,
                notes: member
                    .preparation
                    .as_ref()
                    .map(|p| p.notes.clone())
                    .unwrap_or_default(),
            })
        }
        "preparation_notes" => match &mut member.preparation {
            Some(preparation) => preparation.notes = value.trim().to_string(),
            None => {
                return Err("set the preparation's date first (preparation=YYYY-MM-DD)".into());
            }
        },
        "accommodations" => member.accommodations = text(value),
        _ => return Err(unknown(key, MEMBER_FIELDS)),
    }
    Ok(())
}

/// Parses "3: activity | segment, segment" (the activity and the segments
/// both optional) into a planned session.
pub fn parse_agenda(value: &str) -> Result<PlannedSession, String> {
    let (number, rest) = value
        .split_once(':')
        .ok_or_else(|| format!("\"{value}\": write \"N: activity | segment, segment\""))?;
    let session: u32 = number
        .trim()
        .parse()
        .map_err(|_| format!("\"{}\" is not a session number", number.trim()))?;
    let (activity, segments) = rest.split_once('|').unwrap_or((rest, ""));
    Ok(PlannedSession {
        session,
        activity: text(activity),
        segments: segments.split(',').filter_map(text).collect(),
    })
}

/// Renames goal `index` of `member`, keeping its attainment scale with it.
pub fn rename_goal(member: &mut Member, index: usize, new_text: String) {
    let Some(goal) = member.goals.get_mut(index) else {
        return;
    };
    let old = std::mem::replace(goal, new_text.clone());
    for scale in member.scales.iter_mut().filter(|s| s.goal == old) {
        scale.goal = new_text.clone();
    }
}

/// The attainment scale of goal `index`, created blank if there is none.
pub fn scale_mut(member: &mut Member, index: usize) -> Option<&mut super::GoalScale> {
    let goal = member.goals.get(index)?.clone();
    let at = match member.scales.iter().position(|s| s.goal == goal) {
        Some(at) => at,
        None => {
            member.scales.push(super::GoalScale {
                goal,
                ..Default::default()
            });
            member.scales.len() - 1
        }
    };
    member.scales.get_mut(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GoalScale, MemberId};

    fn day(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn ready_group() -> Group {
        let mut member = Member {
            id: MemberId::new("ana"),
            name: "Ana".into(),
            goals: vec!["Ask for help".into()],
            joined: Some(day("2026-11-05")),
            consent: Some(Consent {
                date: day("2026-10-30"),
                to: "group".into(),
            }),
            preparation: Some(Preparation {
                date: day("2026-10-29"),
                notes: String::new(),
            }),
            ..Member::default()
        };
        scale_mut(&mut member, 0).unwrap().expected = "asks once".into();
        Group {
            version: 1,
            name: "G".into(),
            purpose: "peer support".into(),
            facilitator: "F".into(),
            members: vec![member],
            goals: vec!["reduce isolation".into()],
            membership: Some(Membership::Closed),
            planned_sessions: Some(10),
            session_minutes: Some(90),
            schedule: Some("Thursdays".into()),
            place: Some("Room 4".into()),
            agenda: vec![PlannedSession {
                session: 1,
                ..Default::default()
            }],
            ..Group::default()
        }
    }

    #[test]
    fn a_complete_plan_has_no_problems_and_no_gaps() {
        let group = ready_group();
        assert_eq!(problems(&group), []);
        assert_eq!(readiness(&group), []);
    }

    #[test]
    fn dates_out_of_order_and_agenda_mistakes_are_problems_with_a_place() {
        let mut group = ready_group();
        group.session_minutes = Some(5);
        group.agenda.push(PlannedSession {
            session: 1,
            ..Default::default()
        });
        group.agenda.push(PlannedSession {
            session: 11,
            ..Default::default()
        });
        let ana = &mut group.members[0];
        ana.consent.as_mut().unwrap().date = day("2026-11-06");
        ana.preparation.as_mut().unwrap().date = day("2026-11-06");
        ana.left = Some(day("2026-11-05"));
        ana.scales.push(GoalScale {
            goal: "Sleep".into(),
            ..Default::default()
        });
        let found = problems(&group);
        let whats: Vec<&str> = found.iter().map(|p| p.what.as_str()).collect();
        assert_eq!(found.len(), 7, "{whats:#?}");
        assert!(whats[0].contains("session_minutes is 5"));
        assert!(whats[1].contains("session 1 is planned twice"));
        assert!(whats[2].contains("session 11 is after the last planned session (10)"));
        assert!(whats[3].contains("consent (2026-11-06) is after joining"));
        assert!(whats[4].contains("preparation (2026-11-06) is after joining"));
        assert!(whats[5].contains("left (2026-11-05) is not after joining"));
        assert!(whats[6].contains("\"Sleep\", which is not one of their goals"));
        assert_eq!(
            found[3].at,
            [
                Place::Field("members"),
                Place::Index(0),
                Place::Field("consent")
            ]
        );
        // On the day itself is fine: consent and preparation may be the day they join.
        let mut group = ready_group();
        group.members[0].consent.as_mut().unwrap().date = day("2026-11-05");
        assert_eq!(problems(&group), []);
        for minutes in [15, 480] {
            group.session_minutes = Some(minutes);
            assert_eq!(problems(&group), [], "{minutes}");
        }
        group.session_minutes = Some(481);
        assert_eq!(problems(&group).len(), 1);
    }

    #[test]
    fn readiness_lists_each_gap_once_per_member() {
        let mut group = ready_group();
        group.purpose.clear();
        group.place = None;
        group.members.push(Member {
            id: MemberId::new("ben"),
            name: "Ben".into(),
            ..Member::default()
        });
        group.members.push(Member {
            id: MemberId::new("old"),
            name: "Gone".into(),
            left: Some(day("2026-11-01")),
            ..Member::default()
        });
        let gaps: Vec<String> = readiness(&group)
            .into_iter()
            .map(|gap| format!("{}: {}", gap.member.unwrap_or_default(), gap.what))
            .collect();
        assert_eq!(
            gaps,
            [
                ": no purpose: what the group is for",
                ": no place: where the group meets",
                "ben: no consent recorded",
                "ben: no preparation interview recorded",
                "ben: no individual goals",
            ]
        );
        group.members[0].scales.clear();
        assert!(readiness(&group).iter().any(|gap| {
            gap.what
                .contains("goal 1 \"Ask for help\" has no attainment scale")
        }));
    }

    #[test]
    fn fields_set_from_text_and_read_back() {
        let mut group = Group::default();
        for (key, value) in [
            ("membership", "Closed"),
            ("planned_sessions", "10"),
            ("session_minutes", "90"),
            ("place", "Room 4"),
            ("note_style", "girp"),
        ] {
            set_group_field(&mut group, key, value).unwrap();
            assert_eq!(
                group_field(&group, key).unwrap().to_lowercase(),
                value.to_lowercase()
            );
        }
        set_group_field(&mut group, "place", "").unwrap();
        assert_eq!(group.place, None, "empty clears");
        assert!(
            set_group_field(&mut group, "colour", "x")
                .unwrap_err()
                .contains("purpose")
        );
        assert!(set_group_field(&mut group, "planned_sessions", "ten").is_err());

        let mut member = Member::default();
        assert!(set_member_field(&mut member, "consent_to", "x").is_err());
        set_member_field(&mut member, "consent", "2026-10-30").unwrap();
        set_member_field(&mut member, "consent_to", "group participation").unwrap();
        set_member_field(&mut member, "consent", "2026-10-31").unwrap();
        assert_eq!(
            member.consent,
            Some(Consent {
                date: day("2026-10-31"),
                to: "group participation".into()
            }),
            "changing the date keeps what was consented to"
        );
        assert!(set_member_field(&mut member, "joined", "5 Nov").is_err());
        for (key, _) in MEMBER_FIELDS {
            assert!(member_field(&member, key).is_some(), "{key}");
        }
        for (key, _) in GROUP_FIELDS {
            assert!(group_field(&group, key).is_some(), "{key}");
        }
    }

    #[test]
    fn agenda_entries_parse_and_goal_renames_keep_their_scale() {
        let planned = parse_agenda("2: Trust | check-in, sharing round , check-out").unwrap();
        assert_eq!(planned.session, 2);
        assert_eq!(planned.activity.as_deref(), Some("Trust"));
        assert_eq!(planned.segments, ["check-in", "sharing round", "check-out"]);
        assert_eq!(parse_agenda("3:").unwrap().activity, None);
        assert!(parse_agenda("three: x").is_err());

        let mut member = Member {
            goals: vec!["Sleep".into()],
            ..Member::default()
        };
        scale_mut(&mut member, 0).unwrap().more = "7 h".into();
        rename_goal(&mut member, 0, "Sleep 7 hours".into());
        assert_eq!(member.scale(0).unwrap().level(1), Some("7 h"));
        assert_eq!(member.scales.len(), 1);
    }
}
