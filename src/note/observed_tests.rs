//! A risk with and without the action recorded, and observations in the
//! member's own entry: what the note prints, in Markdown and HTML.

use crate::model::NoteStyle;
use crate::model::taxonomy::{
    GoalProgress, ParticipationQuality, Presentation, RiskAction, RiskLevel, Skill,
};
use crate::model::{Author, EventKind, Floor, MomentKind, NameStyle, Observation, RiskDetail};
use crate::note::fixture::{self, at, moment, session_with};
use crate::note::{NoteFacts, NoteOptions, html, markdown, member_markdown, styled_markdown};

fn facts(events: Vec<(i64, Author, EventKind)>) -> NoteFacts {
    let mut events = events;
    events.insert(
        0,
        (
            0,
            Author::Facilitator,
            EventKind::Floor(Floor::Member(fixture::id("ben"))),
        ),
    );
    events.push((900, Author::Facilitator, EventKind::Ended));
    NoteFacts::gather(
        &fixture::group(),
        &session_with(events),
        NoteOptions {
            names: NameStyle::Alias,
            redact: false,
        },
        at(1000),
    )
}

fn full_detail() -> RiskDetail {
    RiskDetail {
        assessment: Some("passive thoughts, no plan or means".into()),
        actions: vec![RiskAction::SafetyPlan, RiskAction::SupervisorInformed],
        informed_at: Some(at(600)),
        action_text: Some("agreed who he calls tonight".into()),
        follow_up_owner: Some("Maria López".into()),
        follow_up_due: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
    }
}

fn risk(detail: RiskDetail) -> (i64, Author, EventKind) {
    (
        60,
        Author::Facilitator,
        moment(
            MomentKind::Risk(RiskLevel::Elevated, Box::new(detail)),
            &["ben"],
            Some("not sleeping"),
        ),
    )
}

/// An intervention about Ben 30 s after the risk: what the record suggests.
fn supporting() -> (i64, Author, EventKind) {
    (
        90,
        Author::Facilitator,
        moment(MomentKind::Intervention(Skill::Supporting), &["ben"], None),
    )
}

#[test]
fn a_risk_without_action_recorded_says_not_recorded_and_only_suggests_the_intervention() {
    let facts = facts(vec![risk(RiskDetail::default()), supporting()]);
    let note = markdown(&facts);
    let expected = "\
- **Elevated** at 18:01 — Ben T. — \"not sleeping\"
  - Worker's assessment: not recorded
  - Action taken: not recorded
  - Follow-up: not recorded
  - Suggested from the record (not entered by the worker): supporting (18:01)
";
    assert!(note.contains(expected), "{note}");
    // The intervention is never told as what the worker did.
    assert!(!note.contains("What the worker did"), "{note}");
    let ben = facts.member(&fixture::id("ben")).unwrap();
    let entry = member_markdown(&facts, ben);
    assert!(
        entry.contains(
            "Action taken: not recorded. Follow-up: not recorded. \
             Suggested from the record (not entered by the worker): supporting (18:01)"
        ),
        "{entry}"
    );
}

#[test]
fn a_risk_with_action_recorded_prints_it_as_recorded() {
    let facts = facts(vec![risk(full_detail()), supporting()]);
    let recorded = &facts.risks[0].recorded;
    assert_eq!(
        recorded.actions,
        ["safety plan made", "supervisor informed"]
    );
    let note = markdown(&facts);
    let expected = "\
  - Worker's assessment: \"passive thoughts, no plan or means\"
  - Action taken: safety plan made, supervisor informed (informed at 18:10) — \"agreed who he calls tonight\"
  - Follow-up: Maria López, due 2026-11-25
  - Suggested from the record (not entered by the worker): supporting (18:01)
";
    assert!(note.contains(expected), "{note}");
    assert!(!note.contains("not recorded"), "{note}");
    let birp = styled_markdown(&facts, NoteStyle::Birp).unwrap();
    assert!(
        birp.contains("Follow-up: Maria López, due 2026-11-25"),
        "{birp}"
    );
    assert!(!birp.contains("Action taken: not recorded"), "{birp}");
    let page = html(&facts);
    assert!(
        page.contains("Follow-up: Maria López, due 2026-11-25"),
        "{page}"
    );
    assert!(!page.contains("not recorded"), "{page}");
}

#[test]
fn a_risk_with_some_fields_says_which_were_not_recorded() {
    let detail = RiskDetail {
        actions: vec![RiskAction::Referral],
        follow_up_due: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        ..RiskDetail::default()
    };
    let facts = facts(vec![risk(detail)]);
    let note = markdown(&facts);
    assert!(
        note.contains(
            "  - Worker's assessment: not recorded\n  \
             - Action taken: referral made\n  \
             - Follow-up: owner not recorded, due 2026-11-30\n"
        ),
        "{note}"
    );
    // No intervention was logged: there is nothing to suggest.
    assert!(!note.contains("(not entered by the worker)"), "{note}");
    let page = html(&facts);
    assert!(
        page.contains("Worker&#39;s assessment: <em>not recorded</em>")
            || page.contains("Worker's assessment: <em>not recorded</em>"),
        "{page}"
    );
}

#[test]
fn observations_are_told_in_the_members_own_entry_only() {
    let seen = Observation {
        presentation: Some(Presentation::Tearful),
        participation: Some(ParticipationQuality::Minimal),
        progress: Some(GoalProgress::SomeProgress),
        ..Observation::default()
    };
    let facts = facts(vec![
        (
            300,
            Author::Facilitator,
            moment(
                MomentKind::Observation(seen),
                &["ben"],
                Some("spoke of his father"),
            ),
        ),
        // Words only.
        (
            400,
            Author::Facilitator,
            moment(
                MomentKind::Observation(Observation::default()),
                &["ben"],
                Some("left the room once"),
            ),
        ),
    ]);
    let ben = facts.member(&fixture::id("ben")).unwrap();
    assert_eq!(ben.observations.len(), 2);
    let entry = member_markdown(&facts, ben);
    assert!(
        entry.contains(
            "- Observations:\n  \
             - 18:05 — presentation: tearful; participation: participated minimally; \
             progress toward goal: some progress — \"spoke of his father\"\n  \
             - 18:06 — \"left the room once\"\n"
        ),
        "{entry}"
    );
    let ana = facts.member(&fixture::id("ana")).unwrap();
    assert!(ana.observations.is_empty());
    let note = markdown(&facts);
    assert_eq!(note.matches("spoke of his father").count(), 1, "{note}");
    // Each style tells it in the member's entry.
    for style in [
        NoteStyle::Birp,
        NoteStyle::Dap,
        NoteStyle::Girp,
        NoteStyle::Soap,
    ] {
        let styled = styled_markdown(&facts, style).unwrap();
        assert!(
            styled.contains(
                "  - Observed: 18:05 — presentation: tearful; participation: participated minimally"
            ),
            "{style:?}:\n{styled}"
        );
        assert_eq!(styled.matches("spoke of his father").count(), 1, "{styled}");
    }
    // Not told again among the notes: an observation is about one member.
    assert!(
        note.contains("### Notes and bookmarks\n\nNone logged."),
        "{note}"
    );
}

/// A long session's note in a built-in style is not cut off by the fuel that
/// stops a user's runaway template: its loops are over the facts.
#[test]
fn a_built_in_style_writes_a_note_longer_than_a_user_templates_fuel_allows() {
    let mut facts = facts(vec![supporting()]);
    let one = facts.interventions[0].clone();
    // About ten template steps an item: well past the fuel of a user's template.
    facts.interventions = vec![one; 2 * crate::note::template::FUEL as usize / 10];
    let user = crate::note::render_template(
        &facts,
        "list.md.j2",
        "{% for item in interventions %}- {{ item.label }}\n{% endfor %}",
    );
    assert!(
        user.is_err(),
        "a user's template of this length runs out of fuel"
    );
    for style in [NoteStyle::Birp, NoteStyle::Soap] {
        let note = styled_markdown(&facts, style).unwrap();
        assert!(note.contains("## Sign-off"), "{style:?} ran to its end");
    }
}
