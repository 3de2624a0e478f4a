use serde::{Deserialize, Serialize};
use std::fmt;

/// Short stable identifier of a member inside one group's roster (e.g. `"ana"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberId(pub String);

impl MemberId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupType {
    Treatment,
    #[default]
    Support,
    PsychoEducational,
    Task,
    CommunityAction,
    SocioRecreational,
}

impl GroupType {
    pub const ALL: [GroupType; 6] = [
        GroupType::Treatment,
        GroupType::Support,
        GroupType::PsychoEducational,
        GroupType::Task,
        GroupType::CommunityAction,
        GroupType::SocioRecreational,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GroupType::Treatment => "treatment",
            GroupType::Support => "support",
            GroupType::PsychoEducational => "psycho-educational",
            GroupType::Task => "task",
            GroupType::CommunityAction => "community action",
            GroupType::SocioRecreational => "socio-recreational",
        }
    }

    /// Accepts the label or a short form (`psychoeducational`, `community-action`).
    pub fn parse(text: &str) -> Option<GroupType> {
        let wanted: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        GroupType::ALL.into_iter().find(|kind| {
            let label: String = kind
                .label()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            label == wanted
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    #[serde(default)]
    pub alias: Option<String>,
    /// The member's individual goals, rated at check-out on a -2..=2 scale.
    #[serde(default)]
    pub goals: Vec<String>,
    /// An optional self-described category, used only for aggregate equity figures.
    #[serde(default)]
    pub category: Option<String>,
    /// The day the member left the group. Members are never deleted from
    /// `group.ron`: a member who leaves is marked here, so every session that
    /// names them still reads. Sessions started on or after this day do not
    /// list them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<chrono::NaiveDate>,
    /// The member's record (chart) number in the agency's system: their own
    /// entry of a note is headed by it, so that it can be filed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    /// The day the member joined (an open group takes members as it goes):
    /// sessions before it do not list them, and they are not "absent" there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<chrono::NaiveDate>,
    /// Who referred the member, in the worker's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    /// The member's consent: when, and to what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// The pre-group preparation (intake) interview: when, and notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preparation: Option<Preparation>,
    /// What the member needs to take part (access, language, timing...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accommodations: Option<String>,
    /// Goal attainment scales: what -2 .. +2 mean for one of `goals`, named
    /// by the goal's text (`goals` stays a list of texts, so every file and
    /// session snapshot written before scales existed reads as it did, and
    /// a goal rating still names its goal by position in `goals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<GoalScale>,
}

/// What each level of the goal attainment scale means for one goal, in the
/// worker's words: `much_less` is -2, `less` -1, `expected` 0, `more` +1,
/// `much_more` +2. A level left empty is simply not described.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoalScale {
    /// The goal's text, exactly as in the member's `goals`.
    pub goal: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub much_less: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub less: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub expected: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub more: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub much_more: String,
}

impl GoalScale {
    /// The description of `rating` (-2..=2), if the worker wrote one.
    pub fn level(&self, rating: i8) -> Option<&str> {
        let text = match rating {
            -2 => &self.much_less,
            -1 => &self.less,
            0 => &self.expected,
            1 => &self.more,
            2 => &self.much_more,
            _ => return None,
        };
        (!text.trim().is_empty()).then_some(text.as_str())
    }

    /// The five levels, -2 first, as (rating, description).
    pub fn levels(&self) -> [(i8, &str); 5] {
        [
            (-2, self.much_less.as_str()),
            (-1, self.less.as_str()),
            (0, self.expected.as_str()),
            (1, self.more.as_str()),
            (2, self.much_more.as_str()),
        ]
    }

    /// Sets the description of `rating` (-2..=2); other ratings change nothing.
    pub fn set_level(&mut self, rating: i8, text: String) {
        match rating {
            -2 => self.much_less = text,
            -1 => self.less = text,
            0 => self.expected = text,
            1 => self.more = text,
            2 => self.much_more = text,
            _ => {}
        }
    }

    /// No level is described.
    pub fn is_blank(&self) -> bool {
        self.levels().iter().all(|(_, text)| text.trim().is_empty())
    }
}

/// A member's consent to take part, as recorded by the worker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub date: chrono::NaiveDate,
    /// What was consented to ("group participation; recording of notes").
    #[serde(default)]
    pub to: String,
}

/// The pre-group preparation interview.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Preparation {
    pub date: chrono::NaiveDate,
    #[serde(default)]
    pub notes: String,
}

/// Whether a group takes new members once it has started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Membership {
    Open,
    Closed,
}

/// What the worker plans for one session: its activity and its agenda
/// (the segment picker offers the agenda's segments first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlannedSession {
    /// The session's number (1 for the first).
    pub session: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
}

/// How member names are shown on screen and in notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum NameStyle {
    /// The alias where the roster has one, else the full name.
    #[default]
    Alias,
    /// The full name from the roster.
    Full,
    /// "Ana Ruiz" as "A.R.".
    Initials,
}

impl Member {
    pub fn initials(&self) -> String {
        initials_of(&self.name)
    }

    /// The attainment scale of goal number `goal` (its position in `goals`).
    pub fn scale(&self, goal: usize) -> Option<&GoalScale> {
        let text = self.goals.get(goal)?;
        self.scales.iter().find(|scale| &scale.goal == text)
    }

    /// On the roster of a session started on `day`: joined by then and not
    /// yet left.
    pub fn is_member_on(&self, day: chrono::NaiveDate) -> bool {
        self.joined.is_none_or(|joined| joined <= day) && self.left.is_none_or(|left| day < left)
    }

    pub fn display(&self, style: NameStyle) -> String {
        match style {
            NameStyle::Full => self.name.clone(),
            NameStyle::Alias => self.alias.clone().unwrap_or_else(|| self.name.clone()),
            NameStyle::Initials => self.initials(),
        }
    }
}

/// "Ana María Ruiz" -> "A.M.R."; a single word keeps its first character.
pub fn initials_of(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .map(|c| format!("{c}."))
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub version: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: GroupType,
    #[serde(default)]
    pub purpose: String,
    pub facilitator: String,
    #[serde(default)]
    pub co_facilitator: Option<String>,
    #[serde(default)]
    pub members: Vec<Member>,
    /// Norms the group agreed; they carry over from session to session.
    #[serde(default)]
    pub norms: Vec<String>,
    /// Planned number of sessions, if the group is closed.
    #[serde(default)]
    pub planned_sessions: Option<u32>,
    /// The note's shape for this group (`Birp`, `Dap`, `Girp`, `Soap`,
    /// `Narrative`); `--style` and the config's `note_style` come before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_style: Option<NoteStyle>,
    /// Open (takes new members as it goes) or closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership: Option<Membership>,
    /// Planned length of a session, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<u32>,
    /// When it meets, in the worker's words ("Thursdays 18:00, fortnightly").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Where it meets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Access notes for the place (step-free, hearing loop, parking...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// The sponsoring agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Who the group is for: the composition criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composition: Option<String>,
    /// The group's own goals (the members' are on each member).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    /// The planned agenda, session by session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<PlannedSession>,
}

/// The shape of a progress note: the standard clinical formats, or the
/// built-in narrative note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum NoteStyle {
    /// Behaviour, Intervention, Response, Plan.
    Birp,
    /// Data, Assessment, Plan.
    Dap,
    /// Goals, Intervention, Response, Plan.
    Girp,
    /// Subjective, Objective, Assessment, Plan.
    Soap,
    /// The built-in narrative note (the default).
    #[default]
    Narrative,
}

impl NoteStyle {
    pub fn label(self) -> &'static str {
        match self {
            NoteStyle::Birp => "BIRP",
            NoteStyle::Dap => "DAP",
            NoteStyle::Girp => "GIRP",
            NoteStyle::Soap => "SOAP",
            NoteStyle::Narrative => "narrative",
        }
    }
}

impl Group {
    pub fn member(&self, id: &MemberId) -> Option<&Member> {
        self.members.iter().find(|member| &member.id == id)
    }

    /// The plan for session `number`, if the worker wrote one.
    pub fn planned(&self, number: u32) -> Option<&PlannedSession> {
        self.agenda.iter().find(|planned| planned.session == number)
    }

    pub fn position(&self, id: &MemberId) -> Option<usize> {
        self.members.iter().position(|member| &member.id == id)
    }

    /// The group as it stands on `day`: members who had left by then are
    /// not on its roster. This is what a session started that day records
    /// in its header.
    pub fn as_of(&self, day: chrono::NaiveDate) -> Group {
        Group {
            members: self
                .members
                .iter()
                .filter(|member| member.is_member_on(day))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// Members who have not left the group.
    pub fn current_members(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|member| member.left.is_none())
    }

    /// A folder-safe slug of the group's name: "Parents' Circle" -> "parents-circle".
    pub fn slug(&self) -> String {
        slugify(&self.name)
    }
}

pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.is_empty()
            && !slug.ends_with('-')
        {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "group".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_letter_of_each_word() {
        assert_eq!(initials_of("Ana María Ruiz"), "A.M.R.");
        assert_eq!(initials_of("Ünal"), "Ü.");
        assert_eq!(initials_of("王 小明"), "王.小.");
    }

    #[test]
    fn a_member_who_left_is_off_the_roster_from_that_day_on() {
        let day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let member = |id: &str, left: Option<&str>| Member {
            id: MemberId::new(id),
            name: id.into(),
            alias: None,
            goals: vec![],
            category: None,
            record_id: None,
            left: left.map(day),
            ..Member::default()
        };
        let group = Group {
            version: 1,
            name: "G".into(),
            kind: GroupType::Support,
            purpose: String::new(),
            facilitator: "F".into(),
            co_facilitator: None,
            members: vec![member("ana", None), member("ben", Some("2026-12-01"))],
            norms: vec![],
            planned_sessions: None,
            note_style: None,
            ..Group::default()
        };
        let ids = |group: Group| -> Vec<String> {
            group.members.iter().map(|m| m.id.to_string()).collect()
        };
        assert_eq!(ids(group.as_of(day("2026-11-30"))), ["ana", "ben"]);
        assert_eq!(ids(group.as_of(day("2026-12-01"))), ["ana"]);
        assert_eq!(group.current_members().count(), 1);
        assert_eq!(group.members.len(), 2, "never deleted from the file");
    }

    #[test]
    fn a_member_who_joined_later_is_not_on_earlier_rosters() {
        let day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let member = Member {
            id: MemberId::new("cy"),
            joined: Some(day("2026-11-19")),
            ..Member::default()
        };
        assert!(!member.is_member_on(day("2026-11-12")));
        assert!(member.is_member_on(day("2026-11-19")));
    }

    #[test]
    fn a_plan_reads_from_ron_and_every_part_is_optional() {
        let text = r#"#![enable(implicit_some)]
            (version: 1, name: "G", type: Support, facilitator: "F",
            membership: Open, session_minutes: 90, schedule: "Thursdays 18:00",
            goals: ["reduce isolation"],
            agenda: [(session: 1, activity: "introductions", segments: ["check-in", "contract"])],
            members: [(id: "ana", name: "Ana", joined: "2026-11-05",
                consent: (date: "2026-10-30", to: "group participation"),
                preparation: (date: "2026-10-29", notes: "intake"))])"#;
        let group: Group = ron::from_str(text).unwrap();
        assert_eq!(group.membership, Some(Membership::Open));
        assert_eq!(
            group.planned(1).and_then(|p| p.activity.as_deref()),
            Some("introductions")
        );
        assert_eq!(
            group.members[0].consent.as_ref().map(|c| c.to.as_str()),
            Some("group participation")
        );
        let bare: Group =
            ron::from_str(r#"(version: 1, name: "G", type: Support, facilitator: "F")"#).unwrap();
        assert!(bare.agenda.is_empty() && bare.membership.is_none());
    }

    #[test]
    fn goal_scales_read_beside_plain_goals_and_old_files_still_read() {
        let old: Member =
            ron::from_str(r#"(id: "ana", name: "Ana", goals: ["Ask for help once a week"])"#)
                .unwrap();
        assert_eq!(old.goals, ["Ask for help once a week"]);
        assert!(old.scales.is_empty() && old.scale(0).is_none());

        let text = r#"(id: "ana", name: "Ana", goals: ["Ask for help", "Sleep"],
            scales: [(goal: "Sleep", much_less: "under 4 h", expected: "6 h",
                      much_more: "8 h or more")])"#;
        let member: Member = ron::from_str(text).unwrap();
        assert!(member.scale(0).is_none());
        let scale = member.scale(1).unwrap();
        assert_eq!(scale.level(-2), Some("under 4 h"));
        assert_eq!(scale.level(-1), None, "an empty level is not described");
        assert_eq!(scale.level(2), Some("8 h or more"));

        // Round trip through the writer, pretty and on one line (a session
        // header's snapshot), with and without implicit_some.
        for written in [
            ron::to_string(&member).unwrap(),
            ron::ser::to_string_pretty(&member, ron::ser::PrettyConfig::new()).unwrap(),
        ] {
            let back: Member = ron::from_str(&written).unwrap();
            assert_eq!(back, member, "{written}");
            let options = ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
            let back: Member = options.from_str(&written).unwrap();
            assert_eq!(back, member, "{written}");
        }
        let mut scale = GoalScale::default();
        for rating in -2..=2 {
            scale.set_level(rating, format!("level {rating}"));
        }
        assert_eq!(scale.level(-1), Some("level -1"));
        assert_eq!(scale.levels()[4], (2, "level 2"));
        assert!(!scale.is_blank() && GoalScale::default().is_blank());
    }

    #[test]
    fn slugs_are_folder_safe() {
        assert_eq!(slugify("Parents' Circle"), "parents-circle");
        assert_eq!(
            slugify("  Thursday   Peer-Support "),
            "thursday-peer-support"
        );
        assert_eq!(slugify("../.."), "group");
    }

    #[test]
    fn group_types_parse_from_loose_text() {
        assert_eq!(
            GroupType::parse("Psycho-educational"),
            Some(GroupType::PsychoEducational)
        );
        assert_eq!(
            GroupType::parse("community_action"),
            Some(GroupType::CommunityAction)
        );
        assert_eq!(GroupType::parse("book club"), None);
    }
}
