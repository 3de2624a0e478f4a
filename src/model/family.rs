//! One table per moment kind. A kind's plain name, symbol, export name, style
//! role, picker shape, note section and whether the timeline marks it live
//! here, each as one exhaustive `match` on [`MomentFamily`]: a new kind is a
//! compile error in this file and wherever else it must be handled (the
//! picker's result, the theme's role), never silently left off a screen or a
//! note by a catch-all arm.

use super::MomentKind;
use super::taxonomy::{
    Choice, ConflictStatus, ConflictType, GoalProgress, InterventionResponse, MutualAidKind,
    NormAction, ParticipationQuality, Presentation, RiskAction, RiskLevel, Skill,
};
use serde::Serialize;

/// Declares the families and `MomentFamily::ALL` together, so the list
/// cannot leave one out.
macro_rules! families {
    ($($(#[$doc:meta])* $family:ident),+ $(,)?) => {
        /// A moment's kind without its payload: what the tables below are keyed on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum MomentFamily {
            $($(#[$doc])* $family,)+
        }

        impl MomentFamily {
            /// Every family, in declaration order.
            pub const ALL: &'static [MomentFamily] = &[$(MomentFamily::$family),+];
        }
    };
}

families!(
    Norm,
    Conflict,
    MutualAid,
    Intervention,
    Risk,
    Note,
    Bookmark,
    Plan,
    /// A theme the group worked on: a short phrase.
    Theme,
    /// The worker's observation of one member.
    Observation,
    /// A beginning or ending task done (contract and ending checklists).
    Task,
);

/// The theme role a kind is drawn in; `theme.rs` maps each to a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StyleRole {
    Norm,
    Conflict,
    MutualAid,
    Intervention,
    Risk,
    /// The facilitator's own jottings: notes, bookmarks, plans.
    Note,
    Theme,
}

/// Which taxonomy the picker numbers on `1`–`0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    NormAction,
    ConflictType,
    MutualAidKind,
    Skill,
    RiskLevel,
    /// An observation's four lists, one after the other.
    Presentation,
    ParticipationQuality,
    InterventionResponse,
    GoalProgress,
    /// What was done about a risk (several may be chosen).
    RiskAction,
}

impl Digits {
    /// The short labels, in the order the digits number them.
    pub fn labels(self) -> Vec<&'static str> {
        fn short<C: Choice>() -> Vec<&'static str> {
            C::ALL.iter().map(|c| c.short()).collect()
        }
        match self {
            Digits::NormAction => short::<NormAction>(),
            Digits::ConflictType => short::<ConflictType>(),
            Digits::MutualAidKind => short::<MutualAidKind>(),
            Digits::Skill => short::<Skill>(),
            Digits::RiskLevel => short::<RiskLevel>(),
            Digits::Presentation => short::<Presentation>(),
            Digits::ParticipationQuality => short::<ParticipationQuality>(),
            Digits::InterventionResponse => short::<InterventionResponse>(),
            Digits::GoalProgress => short::<GoalProgress>(),
            Digits::RiskAction => short::<RiskAction>(),
        }
    }
}

/// What the picker offers on letters as a second choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letters {
    /// The group's own norms (from `group.ron`).
    GroupNorms,
    /// The conflict's status, the first proposed.
    ConflictStatus,
}

impl Letters {
    /// The taxonomy's short labels; `None` for the group's norms, which the group lists.
    pub fn labels(self) -> Option<Vec<&'static str>> {
        match self {
            Letters::GroupNorms => None,
            Letters::ConflictStatus => {
                Some(ConflictStatus::ALL.iter().map(|c| c.short()).collect())
            }
        }
    }
}

/// Which members the picker proposes when it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proposed {
    /// The member who spoke before and the one speaking.
    Speakers,
    /// Only the member speaking (or the last who spoke).
    LastSpeaker,
    /// Exactly one member, who must be chosen: the one speaking, else the last.
    OneMember,
    /// Nobody: members may be added with Tab.
    Nobody,
}

/// The picker of a kind, in model terms; the key layout itself is `tui::picker`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PickerShape {
    pub title: &'static str,
    /// The taxonomy on digits, and whether its first entry is proposed.
    pub digits: Option<(Digits, bool)>,
    pub letters: Option<Letters>,
    pub members: Proposed,
    /// The words are the moment (the picker opens on the text field, and
    /// Enter refuses with this hint while it is empty), or they are optional.
    pub text_required: Option<&'static str>,
}

/// Where the note tells a kind's moments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteSection {
    /// First, before everything else.
    Risks,
    Norms,
    Conflicts,
    MutualAid,
    Interventions,
    Themes,
    /// Only in the member's own entry: an observation is about one member.
    MemberEntries,
    NotesAndBookmarks,
    Plan,
    /// The contract and ending checklists, each in its own section.
    Checklists,
}

impl NoteSection {
    pub fn heading(self) -> &'static str {
        match self {
            NoteSection::Risks => "Risk and safety",
            NoteSection::Norms => "Norms",
            NoteSection::Conflicts => "Conflicts",
            NoteSection::MutualAid => "Mutual aid",
            NoteSection::Interventions => "Worker interventions",
            NoteSection::Themes => "Themes",
            NoteSection::MemberEntries => "Individual entries",
            NoteSection::NotesAndBookmarks => "Notes and bookmarks",
            NoteSection::Plan => "Plan for next session",
            NoteSection::Checklists => "Contract and ending",
        }
    }
}

impl MomentFamily {
    /// The plain name of the kind, for headings, filters and counts.
    pub fn name(self) -> &'static str {
        match self {
            MomentFamily::Norm => "norm",
            MomentFamily::Conflict => "conflict",
            MomentFamily::MutualAid => "mutual aid",
            MomentFamily::Intervention => "intervention",
            MomentFamily::Risk => "risk",
            MomentFamily::Note => "note",
            MomentFamily::Bookmark => "bookmark",
            MomentFamily::Plan => "plan",
            MomentFamily::Theme => "theme",
            MomentFamily::Observation => "observation",
            MomentFamily::Task => "checklist",
        }
    }

    /// A one-character mark that tells the kinds apart without colour; the
    /// same on the screen and in the note's timeline chart. Narrow symbols
    /// only: a double-width glyph would break the columns.
    pub fn symbol(self) -> &'static str {
        match self {
            MomentFamily::Norm => "⚑",
            MomentFamily::Conflict => "↯",
            MomentFamily::MutualAid => "♥",
            MomentFamily::Intervention => "◆",
            MomentFamily::Risk => "▲",
            MomentFamily::Note => "✎",
            MomentFamily::Bookmark => "★",
            MomentFamily::Plan => "→",
            MomentFamily::Theme => "§",
            MomentFamily::Observation => "◉",
            MomentFamily::Task => "☐",
        }
    }

    /// A stable, machine-friendly name, for CSV and JSON exports.
    pub fn export_name(self) -> &'static str {
        match self {
            MomentFamily::Norm => "norm",
            MomentFamily::Conflict => "conflict",
            MomentFamily::MutualAid => "mutual_aid",
            MomentFamily::Intervention => "intervention",
            MomentFamily::Risk => "risk",
            MomentFamily::Note => "note",
            MomentFamily::Bookmark => "bookmark",
            MomentFamily::Plan => "plan",
            MomentFamily::Theme => "theme",
            MomentFamily::Observation => "observation",
            MomentFamily::Task => "task",
        }
    }

    pub fn style_role(self) -> StyleRole {
        match self {
            MomentFamily::Norm => StyleRole::Norm,
            MomentFamily::Conflict => StyleRole::Conflict,
            MomentFamily::MutualAid => StyleRole::MutualAid,
            MomentFamily::Intervention => StyleRole::Intervention,
            MomentFamily::Risk => StyleRole::Risk,
            MomentFamily::Note | MomentFamily::Bookmark | MomentFamily::Plan => StyleRole::Note,
            MomentFamily::Theme => StyleRole::Theme,
            // The worker's own reading of a member, like their notes.
            MomentFamily::Observation => StyleRole::Note,
            // The contract and the ending set the group's norms of work.
            MomentFamily::Task => StyleRole::Norm,
        }
    }

    pub fn picker(self) -> PickerShape {
        let shape = |title| PickerShape {
            title,
            digits: None,
            letters: None,
            members: Proposed::Nobody,
            text_required: None,
        };
        match self {
            MomentFamily::Norm => PickerShape {
                digits: Some((Digits::NormAction, false)),
                letters: Some(Letters::GroupNorms),
                members: Proposed::LastSpeaker,
                ..shape("Norm")
            },
            MomentFamily::Conflict => PickerShape {
                digits: Some((Digits::ConflictType, false)),
                letters: Some(Letters::ConflictStatus),
                members: Proposed::Speakers,
                ..shape("Conflict")
            },
            MomentFamily::MutualAid => PickerShape {
                digits: Some((Digits::MutualAidKind, false)),
                members: Proposed::Speakers,
                ..shape("Mutual aid")
            },
            MomentFamily::Intervention => PickerShape {
                digits: Some((Digits::Skill, false)),
                members: Proposed::Speakers,
                ..shape("Intervention")
            },
            MomentFamily::Risk => PickerShape {
                digits: Some((Digits::RiskLevel, true)),
                members: Proposed::OneMember,
                ..shape("Risk")
            },
            MomentFamily::Note => PickerShape {
                text_required: Some("type the note, or Esc"),
                ..shape("Note")
            },
            MomentFamily::Bookmark => shape("Bookmark"),
            MomentFamily::Plan => PickerShape {
                text_required: Some("type the plan, or Esc"),
                ..shape("Plan for next session")
            },
            MomentFamily::Theme => PickerShape {
                text_required: Some("type the theme in a few words, or Esc"),
                ..shape("Theme the group worked on")
            },
            // The first of four lists; the picker walks the others after it.
            MomentFamily::Observation => PickerShape {
                digits: Some((Digits::Presentation, false)),
                members: Proposed::OneMember,
                ..shape("Observation of a member")
            },
            // Ticked on the checklist pane (`k`), not picked.
            MomentFamily::Task => shape("Checklist item"),
        }
    }

    /// The section of the note that tells these moments.
    pub fn note_section(self) -> NoteSection {
        match self {
            MomentFamily::Norm => NoteSection::Norms,
            MomentFamily::Conflict => NoteSection::Conflicts,
            MomentFamily::MutualAid => NoteSection::MutualAid,
            MomentFamily::Intervention => NoteSection::Interventions,
            MomentFamily::Risk => NoteSection::Risks,
            MomentFamily::Note | MomentFamily::Bookmark => NoteSection::NotesAndBookmarks,
            MomentFamily::Plan => NoteSection::Plan,
            MomentFamily::Theme => NoteSection::Themes,
            MomentFamily::Observation => NoteSection::MemberEntries,
            MomentFamily::Task => NoteSection::Checklists,
        }
    }

    /// Whether the note's timeline chart marks these moments. Notes,
    /// bookmarks and plans are left off: they are the facilitator's own
    /// jottings, not group process.
    pub fn on_timeline(self) -> bool {
        match self {
            MomentFamily::Norm
            | MomentFamily::Conflict
            | MomentFamily::MutualAid
            | MomentFamily::Intervention
            | MomentFamily::Risk
            | MomentFamily::Theme => true,
            // About one member's presentation, not group process.
            MomentFamily::Note
            | MomentFamily::Bookmark
            | MomentFamily::Plan
            | MomentFamily::Observation => false,
            // Told in the note's Contract and Ending sections.
            MomentFamily::Task => false,
        }
    }
}

impl MomentKind {
    pub fn family(&self) -> MomentFamily {
        match self {
            MomentKind::Norm { .. } => MomentFamily::Norm,
            MomentKind::Conflict { .. } => MomentFamily::Conflict,
            MomentKind::MutualAid(_) => MomentFamily::MutualAid,
            MomentKind::Intervention(_) => MomentFamily::Intervention,
            MomentKind::Risk(..) => MomentFamily::Risk,
            MomentKind::Note => MomentFamily::Note,
            MomentKind::Bookmark => MomentFamily::Bookmark,
            MomentKind::Plan => MomentFamily::Plan,
            MomentKind::Theme => MomentFamily::Theme,
            MomentKind::Observation(_) => MomentFamily::Observation,
            MomentKind::Task(_) => MomentFamily::Task,
        }
    }

    /// The kind's mark (see [`MomentFamily::symbol`]).
    pub fn symbol(&self) -> &'static str {
        self.family().symbol()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use unicode_width::UnicodeWidthStr;

    fn distinct(values: impl Iterator<Item = &'static str>) -> bool {
        let values: Vec<_> = values.collect();
        values.iter().collect::<HashSet<_>>().len() == values.len()
    }

    #[test]
    fn every_family_has_its_own_name_symbol_and_export_name() {
        let all = MomentFamily::ALL.iter().copied();
        assert!(distinct(all.clone().map(MomentFamily::name)));
        assert!(distinct(all.clone().map(MomentFamily::symbol)));
        assert!(distinct(all.clone().map(MomentFamily::export_name)));
        for family in all {
            assert_eq!(family.symbol().chars().count(), 1, "{family:?}");
            assert_eq!(family.symbol().width(), 1, "{family:?} is not narrow");
            let export = family.export_name();
            assert!(
                export.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{export}"
            );
            // The JSON facts name the family as the export does.
            assert_eq!(
                serde_json::to_string(&family).unwrap(),
                format!("\"{export}\"")
            );
        }
    }

    /// One moment of each family; a new family is a compile error here.
    fn sample(family: MomentFamily) -> MomentKind {
        match family {
            MomentFamily::Norm => MomentKind::Norm {
                action: NormAction::Reviewed,
                norm: String::new(),
            },
            MomentFamily::Conflict => MomentKind::Conflict {
                kind: ConflictType::Task,
                status: ConflictStatus::Emerged,
                continues: None,
            },
            MomentFamily::MutualAid => MomentKind::MutualAid(MutualAidKind::SameBoat),
            MomentFamily::Intervention => MomentKind::Intervention(Skill::ALL[0]),
            MomentFamily::Risk => MomentKind::risk(RiskLevel::Concern),
            MomentFamily::Note => MomentKind::Note,
            MomentFamily::Bookmark => MomentKind::Bookmark,
            MomentFamily::Plan => MomentKind::Plan,
            MomentFamily::Theme => MomentKind::Theme,
            MomentFamily::Observation => MomentKind::Observation(crate::model::Observation {
                presentation: Some(Presentation::Tearful),
                ..Default::default()
            }),
            MomentFamily::Task => MomentKind::Task(crate::model::PhaseTask::EndingPhase),
        }
    }

    #[test]
    fn each_family_is_its_kinds_family_and_goes_to_disk_and_back() {
        for &family in MomentFamily::ALL {
            let kind = sample(family);
            assert_eq!(kind.family(), family);
            assert_eq!(kind.symbol(), family.symbol());
            let line = ron::to_string(&kind).unwrap();
            assert_eq!(ron::from_str::<MomentKind>(&line).unwrap(), kind, "{line}");
        }
    }

    #[test]
    fn pickers_whose_words_are_the_moment_say_so() {
        for &family in MomentFamily::ALL {
            let shape = family.picker();
            if shape.text_required.is_some() {
                assert!(shape.digits.is_none(), "{family:?}");
            }
        }
        let theme = MomentFamily::Theme.picker();
        assert_eq!(theme.members, Proposed::Nobody);
        assert!(theme.text_required.is_some());
    }
}
