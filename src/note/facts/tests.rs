use super::*;
use crate::model::taxonomy::{ConflictStatus, ConflictType, NormAction, RiskLevel, Skill};
use crate::model::{Author, EventKind, MomentKind, NameStyle};
use crate::note::fixture::{self, at, moment, session_with};

fn options(names: NameStyle) -> NoteOptions {
    NoteOptions {
        names,
        redact: false,
    }
}

fn gathered(session: &Session, written_at: Timestamp) -> NoteFacts {
    NoteFacts::gather(
        &fixture::group(),
        session,
        options(NameStyle::Alias),
        written_at,
    )
}

fn row<'a>(facts: &'a NoteFacts, name: &str) -> &'a SpeakerRow {
    let found = facts
        .participation
        .speakers
        .iter()
        .find(|row| row.name == name);
    found.unwrap_or_else(|| panic!("no row for {name} in {:#?}", facts.participation.speakers))
}

#[test]
fn figures_of_the_ended_session() {
    let facts = gathered(&fixture::ended_session(), at(9999));
    let header = &facts.header;
    assert!(header.ended);
    assert_eq!(
        header.figures_until,
        at(2400),
        "the end wins over written_at"
    );
    assert_eq!((header.clock, header.breaks_total), (1_800_000, 600_000));
    assert_eq!(header.breaks.len(), 1);
    assert_eq!(
        (header.breaks[0].start, header.breaks[0].end),
        (at(900), Some(at(1500)))
    );
    let p = &facts.participation;
    assert_eq!((p.member_talk, p.all_talk), (900_000, 1_470_000));
    assert_eq!((p.facilitator_talk, p.crosstalk), (540_000, 30_000));
    assert_eq!((p.silence, p.longest_silence), (330_000, 300_000));
    let ana = row(&facts, "Ana R.");
    assert_eq!(
        (ana.turns, ana.talk, ana.longest_turn),
        (2, 300_000, 180_000)
    );
    assert_eq!(
        (ana.first_turn, ana.last_turn),
        (Some(at(120)), Some(at(480)))
    );
    assert_eq!(row(&facts, "Ben T.").talk, 360_000);
    assert_eq!(
        row(&facts, "Cy D.").attendance.and_then(|a| a.arrived_late),
        Some(at(600))
    );
    let facilitator = row(&facts, "Maria López");
    assert_eq!((facilitator.turns, facilitator.talk), (3, 540_000));
    assert_eq!(row(&facts, "crosstalk").talk, 30_000);
    assert_eq!(
        row(&facts, "Sam Lee").turns,
        0,
        "a silent co-facilitator still has a row"
    );
    assert_eq!(
        (p.transitions.member_to_member, p.transitions.total),
        (4, 6)
    );
}

#[test]
fn shares_are_of_member_talk_and_of_all_talk() {
    let facts = gathered(&fixture::ended_session(), at(9999));
    assert_eq!(row(&facts, "Ben T.").share_of_member_talk, Some(0.4));
    assert_eq!(row(&facts, "Maria López").share_of_member_talk, None);
    let facilitator = row(&facts, "Maria López").share_of_all_talk;
    assert!((facilitator.unwrap_or_default() - 540.0 / 1470.0).abs() < 1e-12);
    let member_sum: f64 = facts
        .participation
        .speakers
        .iter()
        .filter_map(|row| row.share_of_member_talk)
        .sum();
    let all_sum: f64 = facts
        .participation
        .speakers
        .iter()
        .filter_map(|row| row.share_of_all_talk)
        .sum();
    assert!((member_sum - 1.0).abs() < 1e-12 && (all_sum - 1.0).abs() < 1e-12);
}

#[test]
fn the_matrix_counts_who_followed_whom() {
    let facts = gathered(&fixture::ended_session(), at(9999));
    let matrix = &facts.participation.matrix;
    assert_eq!(matrix.people, ["Ana R.", "Ben T.", "Cy D.", "Maria López"]);
    // F→Ana, Ana→Ben, Ben→Ana, Ana→Cy, Cy→Ben, Ben→F.
    assert_eq!(
        matrix.counts,
        vec![
            vec![0, 1, 1, 0],
            vec![1, 0, 0, 1],
            vec![0, 1, 0, 0],
            vec![1, 0, 0, 0],
        ]
    );
}

#[test]
fn an_open_session_counts_up_to_written_at() {
    let facts = gathered(&fixture::open_session(), at(2280));
    assert!(!facts.header.ended);
    assert_eq!(facts.header.figures_until, at(2280));
    assert_eq!(row(&facts, "Maria López").talk, 420_000);
}

#[test]
fn risks_come_with_what_the_worker_did() {
    let mut events = vec![
        (
            0,
            Author::Facilitator,
            EventKind::Floor(crate::model::Floor::Member(fixture::id("ben"))),
        ),
        (
            60,
            Author::Facilitator,
            moment(
                MomentKind::risk(RiskLevel::Elevated),
                &["ben"],
                Some("not sleeping"),
            ),
        ),
        (
            90,
            Author::Facilitator,
            moment(MomentKind::Intervention(Skill::Supporting), &["ben"], None),
        ),
        // About someone else: not a response to Ben's risk.
        (
            100,
            Author::Facilitator,
            moment(MomentKind::Intervention(Skill::Linking), &["ana"], None),
        ),
        // Too late to count as the response.
        (
            361,
            Author::Facilitator,
            moment(MomentKind::Intervention(Skill::Confronting), &["ben"], None),
        ),
        (
            400,
            Author::Facilitator,
            moment(
                MomentKind::risk(RiskLevel::Concern),
                &["cy"],
                Some("will call her tomorrow"),
            ),
        ),
    ];
    events.push((500, Author::Facilitator, EventKind::Ended));
    let facts = gathered(&session_with(events), at(600));
    assert_eq!(facts.risks.len(), 2);
    let ben = &facts.risks[0];
    assert_eq!(ben.member.as_deref(), Some("Ben T."));
    let skills: Vec<Skill> = ben.response.interventions.iter().map(|i| i.skill).collect();
    assert_eq!(skills, [Skill::Supporting]);
    assert_eq!(ben.response.as_noted, None);
    let cy = &facts.risks[1];
    assert!(cy.response.interventions.is_empty());
    assert_eq!(
        cy.response.as_noted.as_deref(),
        Some("will call her tomorrow")
    );
    let follow_up: Vec<&str> = facts
        .plan
        .iter()
        .filter(|item| item.source == PlanSource::Risk)
        .map(|item| item.text.as_str())
        .collect();
    assert_eq!(
        follow_up,
        [
            "Follow up the risk concerning Ben T. (elevated, logged at 18:01).",
            "Follow up the risk concerning Cy D. (concern, logged at 18:06).",
        ]
    );
}

fn conflict(status: ConflictStatus, members: &[&str], text: Option<&str>) -> EventKind {
    moment(
        MomentKind::Conflict {
            kind: ConflictType::Relationship,
            status,
            continues: None,
        },
        members,
        text,
    )
}

#[test]
fn a_conflict_is_one_thread_and_its_latest_status_wins() {
    let f = Author::Facilitator;
    let session = session_with(vec![
        (
            0,
            f,
            conflict(
                ConflictStatus::Emerged,
                &["ana", "ben"],
                Some("raised voices"),
            ),
        ),
        (
            30,
            f,
            moment(
                MomentKind::Intervention(Skill::MediatingConflict),
                &["ben"],
                None,
            ),
        ),
        // The same members in another order: the same conflict.
        (
            60,
            f,
            conflict(ConflictStatus::Resolved, &["ben", "ana"], None),
        ),
        (
            90,
            f,
            conflict(ConflictStatus::Emerged, &["ana", "cy"], Some("talked over")),
        ),
        (
            100,
            f,
            moment(
                MomentKind::Conflict {
                    kind: ConflictType::Task,
                    status: ConflictStatus::Unresolved,
                    continues: None,
                },
                &["ana", "ben"],
                None,
            ),
        ),
    ]);
    let facts = gathered(&session, at(600));
    assert_eq!(facts.conflicts.len(), 3);
    let first = &facts.conflicts[0];
    assert_eq!(first.status, ConflictStatus::Resolved);
    assert_eq!(first.history.len(), 2);
    assert_eq!(first.response.interventions.len(), 1);
    assert!(!first.carried_into_plan);
    let second = &facts.conflicts[1];
    assert_eq!(second.status, ConflictStatus::Emerged);
    assert!(second.carried_into_plan);
    assert_eq!(
        second.response.as_noted.as_deref(),
        Some("talked over"),
        "no intervention: the words say what was done"
    );
    let carried: Vec<&str> = facts
        .plan
        .iter()
        .filter(|item| item.source == PlanSource::UnresolvedConflict)
        .map(|item| item.text.as_str())
        .collect();
    assert_eq!(
        carried,
        [
            "Return to the relationship conflict involving Ana R. and Cy D. (first logged 18:01; not yet addressed).",
            "Return to the task conflict involving Ana R. and Ben T. (first logged 18:01; unresolved).",
        ]
    );
}

#[test]
fn norms_group_by_action_and_a_broken_norm_is_planned() {
    let f = Author::Facilitator;
    let norm = |action, norm: &str, members: &[&str]| {
        moment(
            MomentKind::Norm {
                action,
                norm: norm.into(),
            },
            members,
            None,
        )
    };
    let session = session_with(vec![
        (0, f, norm(NormAction::Broken, "phones away", &["ben"])),
        (10, f, norm(NormAction::Established, "one voice", &[])),
        (20, f, norm(NormAction::Challenged, "phones away", &["ana"])),
        (30, f, norm(NormAction::Reinforced, "", &[])),
    ]);
    let facts = gathered(&session, at(600));
    let headings: Vec<NormHeading> = facts.norms.iter().map(|group| group.heading).collect();
    assert_eq!(
        headings,
        [
            NormHeading::Established,
            NormHeading::Reinforced,
            NormHeading::ChallengedOrBroken
        ]
    );
    assert_eq!(facts.norms[2].items.len(), 2);
    assert_eq!(facts.norms[1].items[0].norm, None);
    let review: Vec<&PlanItem> = facts
        .plan
        .iter()
        .filter(|item| item.source == PlanSource::Norm)
        .collect();
    assert_eq!(review.len(), 1, "one item per norm");
    assert_eq!(
        review[0].text,
        "Review the norm \"phones away\" with the group (challenged at 18:00)."
    );
    assert_eq!(review[0].members, ["Ana R."]);
}

#[test]
fn goal_ratings_take_the_goal_from_the_roster_and_the_latest_rating() {
    let mut group = fixture::group();
    group.members[0].goals = vec!["Ask for help once".into(), "Sleep more".into()];
    let f = Author::Facilitator;
    let rating = |goal, rating| EventKind::GoalRating {
        member: fixture::id("ana"),
        goal,
        rating,
        text: None,
    };
    let mut session = session_with(vec![
        (10, f, rating(1, -1)),
        (20, f, rating(0, 2)),
        (30, f, rating(1, 0)),
        (40, f, rating(4, 1)),
    ]);
    session.header.snapshot = Some(group.clone());
    let facts = NoteFacts::gather(&group, &session, options(NameStyle::Alias), at(60));
    let goals = &facts.members[0].goals;
    let read: Vec<(usize, Option<&str>, i8, &str)> = goals
        .iter()
        .map(|g| (g.number, g.goal.as_deref(), g.rating, g.label))
        .collect();
    assert_eq!(
        read,
        [
            (1, Some("Ask for help once"), 2, "much more than expected"),
            (2, Some("Sleep more"), 0, "as expected"),
            (5, None, 1, "more than expected"),
        ]
    );
}

#[test]
fn quiet_members_are_named_and_planned_for() {
    let f = Author::Facilitator;
    let speaks = |id: &str| EventKind::Floor(crate::model::Floor::Member(fixture::id(id)));
    let session = session_with(vec![(0, f, speaks("ana")), (100, f, speaks("ben"))]);
    let facts = gathered(&session, at(200));
    let quiet: Vec<(&str, bool)> = facts
        .participation
        .quiet
        .iter()
        .map(|q| (q.name.as_str(), q.silent))
        .collect();
    assert_eq!(quiet, [("Cy D.", true)]);
    assert_eq!(
        facts.members[2].plan,
        ["Make room early in the next session: did not speak in this one."]
    );
    assert!(
        facts
            .participation
            .narrative
            .contains("Cy D. did not speak")
    );
}

#[test]
fn absent_members_get_only_their_attendance() {
    let facts = gathered(&fixture::ended_session(), at(9999));
    let mut session = fixture::ended_session();
    session.events.insert(
        2,
        crate::model::Event {
            id: crate::model::EventId(100),
            at: at(0),
            by: Author::Facilitator,
            kind: EventKind::Attendance {
                member: fixture::id("ana"),
                change: crate::model::AttendanceChange::Excused,
                text: None,
            },
        },
    );
    assert!(facts.members[0].participation.is_some());
    let excused = NoteFacts::gather(
        &fixture::group(),
        &session,
        options(NameStyle::Alias),
        at(9999),
    );
    let ana = &excused.members[0];
    assert_eq!(ana.attendance.status, AttendanceStatus::Excused);
    assert!(ana.participation.is_none() && ana.moments.is_empty() && ana.plan.is_empty());
}

#[test]
fn members_missing_from_the_roster_still_count() {
    // A session from before roster snapshots, read with a group.ron that no
    // longer lists Cy.
    let mut group = fixture::group();
    group.members.retain(|member| member.id.as_str() != "cy");
    let mut session = fixture::ended_session();
    session.header.snapshot = None;
    let facts = NoteFacts::gather(&group, &session, options(NameStyle::Alias), at(9999));
    assert!(!facts.header.roster_recorded);
    assert_eq!(facts.attendance.lines.len(), 2);
    let cy = row(&facts, "cy");
    assert_eq!((cy.role, cy.talk), (SpeakerRole::NotOnRoster, 240_000));
}

#[test]
fn a_redacted_gathering_holds_no_full_name_even_in_free_text() {
    let mut session = fixture::ended_session();
    session.events.push(crate::model::Event {
        id: crate::model::EventId(23),
        at: at(2300),
        by: Author::Facilitator,
        kind: moment(MomentKind::Note, &[], Some("Ben Tal thanked Maria López")),
    });
    let facts = NoteFacts::gather(
        &fixture::group(),
        &session,
        NoteOptions {
            names: NameStyle::Full,
            redact: true,
        },
        at(9999),
    );
    let json = serde_json::to_string(&facts).unwrap_or_default();
    for full in ["Ana Ruiz", "Ben Tal", "Cy Dunn", "Maria López", "Sam Lee"] {
        assert!(!json.contains(full), "{full} in {json}");
    }
    assert!(json.contains("Ben T. thanked M.L."), "{json}");
    assert!(!json.contains("\"ana\""), "ids are not serialized: {json}");
}
