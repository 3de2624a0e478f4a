//! The built-in choices of `DOMAIN.md`: each list is an enum with a label for notes
//! and a short label for one-line pickers, in the order the pickers number them.

use serde::{Deserialize, Serialize};

/// One taxonomy: an ordered list of choices with a full and a short label.
pub trait Choice: Copy + Eq + 'static {
    const ALL: &'static [Self];
    fn label(self) -> &'static str;
    fn short(self) -> &'static str;
}

macro_rules! taxonomy {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($label:literal, $short:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            fn short(self) -> &'static str {
                match self { $($name::$variant => $short),+ }
            }
        }
    };
}

taxonomy!(
    /// What happened to one of the group's norms.
    NormAction {
        Established => ("established", "established"),
        Reviewed => ("reviewed", "reviewed"),
        Reinforced => ("reinforced", "reinforced"),
        Challenged => ("challenged", "challenged"),
        Broken => ("broken", "broken"),
        Revised => ("revised", "revised"),
    }
);

taxonomy!(
    ConflictType {
        Task => ("task", "task"),
        Relationship => ("relationship", "relationship"),
        Process => ("process", "process"),
        Authority => ("authority (with the worker)", "authority"),
        Scapegoating => ("scapegoating", "scapegoating"),
    }
);

taxonomy!(
    ConflictStatus {
        Emerged => ("emerged", "emerged"),
        Addressed => ("addressed", "addressed"),
        Resolved => ("resolved", "resolved"),
        Unresolved => ("unresolved", "unresolved"),
    }
);

taxonomy!(
    /// Shulman's mutual-aid processes, numbered as in `DOMAIN.md`.
    MutualAidKind {
        SharingData => ("sharing data", "sharing data"),
        Dialectic => ("dialectic process", "dialectic"),
        TabooTopic => ("discussing a taboo topic", "taboo"),
        SameBoat => ("all in the same boat", "same boat"),
        UniversalPerspective => ("developing a universal perspective", "universal"),
        MutualSupport => ("mutual support", "support"),
        MutualDemand => ("mutual demand", "demand"),
        Rehearsal => ("rehearsal", "rehearsal"),
        ProblemSolving => ("individual problem solving", "problem solving"),
        StrengthInNumbers => ("strength in numbers", "strength in numbers"),
    }
);

taxonomy!(
    /// Worker interventions (AASWG middle phase; Toseland & Rivas).
    Skill {
        Linking => ("linking members", "linking"),
        EncouragingMemberTalk => ("encouraging member-to-member talk", "member talk"),
        Clarifying => ("clarifying or interpreting", "clarifying"),
        Summarising => ("summarising", "summarising"),
        Reframing => ("reframing", "reframing"),
        Supporting => ("supporting", "supporting"),
        Confronting => ("confronting", "confronting"),
        Modelling => ("modelling", "modelling"),
        RolePlay => ("role-play or rehearsal", "role-play"),
        MediatingConflict => ("mediating conflict", "mediating"),
        ReviewingNorms => ("reviewing norms", "norms"),
        GivingInformation => ("giving information or resources", "information"),
        SelfDisclosure => ("self-disclosure", "self-disclosure"),
        Directing => ("directing", "directing"),
        AssessingGoals => ("assessing progress on goals", "goals"),
        Recontracting => ("re-contracting", "re-contracting"),
        PlanningNextSteps => ("planning next steps", "planning"),
    }
);

taxonomy!(
    /// Risk is always about one member.
    RiskLevel {
        Concern => ("concern", "concern"),
        Elevated => ("elevated", "elevated"),
        Immediate => ("immediate", "immediate"),
    }
);

taxonomy!(
    /// Tuckman's stages of group development (the facilitator logs what they observe).
    Stage {
        Forming => ("forming", "forming"),
        Storming => ("storming", "storming"),
        Norming => ("norming", "norming"),
        Performing => ("performing", "performing"),
        Adjourning => ("adjourning", "adjourning"),
    }
);

taxonomy!(
    /// How a member presented: their affect as the worker observed it.
    Presentation {
        Engaged => ("engaged", "engaged"),
        Calm => ("calm", "calm"),
        Anxious => ("anxious", "anxious"),
        Withdrawn => ("withdrawn", "withdrawn"),
        Tearful => ("tearful", "tearful"),
        Agitated => ("agitated", "agitated"),
        Flat => ("flat affect", "flat"),
        Guarded => ("guarded", "guarded"),
    }
);

taxonomy!(
    /// The quality of a member's participation.
    ParticipationQuality {
        Active => ("participated actively", "active"),
        WhenInvited => ("contributed when invited", "when invited"),
        Minimal => ("participated minimally", "minimal"),
        SupportedOthers => ("supported other members", "supportive"),
        Dominated => ("dominated the discussion", "dominating"),
        Disruptive => ("was disruptive", "disruptive"),
    }
);

taxonomy!(
    /// How a member responded to the worker's interventions.
    InterventionResponse {
        Receptive => ("receptive", "receptive"),
        EngagedWith => ("engaged with the intervention", "engaged"),
        Ambivalent => ("ambivalent", "ambivalent"),
        Resistant => ("resistant", "resistant"),
        NoResponse => ("no observable response", "no response"),
    }
);

taxonomy!(
    /// Progress toward the member's goal, as the worker observed it today.
    GoalProgress {
        Progressing => ("progressing", "progressing"),
        SomeProgress => ("some progress", "some"),
        NoChange => ("no change", "no change"),
        Setback => ("setback", "setback"),
        NotAddressed => ("not addressed this session", "not addressed"),
    }
);

taxonomy!(
    /// What the worker did about a risk (any number of them).
    RiskAction {
        SafetyPlan => ("safety plan made", "safety plan"),
        SupervisorInformed => ("supervisor informed", "supervisor"),
        OnCallInformed => ("on-call informed", "on-call"),
        EmergencyServices => ("emergency services called", "emergency"),
        Referral => ("referral made", "referral"),
    }
);

/// The goal attainment scale, from -2 to +2, in picker order.
pub const GOAL_RATINGS: [(i8, &str); 5] = [
    (-2, "-2 much less than expected"),
    (-1, "-1 less"),
    (0, "0 as expected"),
    (1, "+1 more"),
    (2, "+2 much more"),
];

taxonomy!(
    /// The usual agenda segments; a facilitator may also name their own.
    StandardSegment {
        CheckIn => ("check-in", "check-in"),
        MainActivity => ("main activity", "main activity"),
        CheckOut => ("check-out", "check-out"),
    }
);

taxonomy!(
    /// The beginning contract (AASWG, beginning phase, task 1): what the
    /// worker goes over with the group in its first session, and with a
    /// member who joins an open group.
    ContractTask {
        Purpose => ("the group's purpose and process", "purpose"),
        Confidentiality => ("confidentiality and its limits", "confidentiality"),
        Roles => ("the worker's and members' roles", "roles"),
        Norms => ("norms of participation", "norms"),
        Goals => ("individual goals linked to the group's purpose", "goals"),
    }
);

taxonomy!(
    /// The worker's tasks in the ending phase (AASWG, Section V.A; its items
    /// 10 and 12 are one here, and 5–7 — reactions and feelings, the
    /// members' and the worker's — another).
    EndingTask {
        Prepared => ("members prepared for the ending in advance", "prepared"),
        Progress => ("review of progress: gains and changes", "progress"),
        Impact => ("the group's impact on family, agency, community", "impact"),
        Movement => ("the group's movement over time", "movement"),
        Feelings => ("feelings about ending, members' and worker's", "feelings"),
        Evaluation => ("evaluation of individual and group goals", "evaluation"),
        Referrals => ("referrals and links to other services", "referrals"),
        Skills => ("plans for after the group: skills applied outside", "after"),
        Feedback => ("feedback on the worker invited", "feedback"),
        Records => ("records prepared for agency, members, referrals", "records"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ten_mutual_aid_processes() {
        assert_eq!(MutualAidKind::ALL.len(), 10);
        assert_eq!(MutualAidKind::ALL[5].label(), "mutual support");
    }
}
