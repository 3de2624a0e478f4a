//! The report across sessions (`groupscribe report`, `R` at home).
//!
//! A fixture group of six sessions, worked out by hand: Dee joins on the day
//! of session 3, Cy leaves on the day of session 5. Every figure of the
//! report is asserted against the hand computation written beside it. Then
//! the derived summaries (where, how private, when rebuilt, never taken for a
//! session), `--out`, the HTML, and the report screen at 80x24 and 160x48.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/builders.rs"]
mod builders;
mod common;

use builders::{attendance, conflict, goal_rating, id, member, moment, norm, speaks};
use groupscribe::model::taxonomy::{
    ConflictStatus, ConflictType, MutualAidKind as Aid, NormAction, RiskAction, RiskLevel,
};
use groupscribe::model::{
    AttendanceChange, Author, Event, EventId, EventKind, Floor, Group, GroupType, MomentKind,
    NameStyle, RiskDetail, SCHEMA_VERSION, SessionHeader, Timestamp,
};
use groupscribe::report::{self, Attended, Seat};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const SLUG: &str = "fixture-circle";

fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// 18:00 UTC on `date`, plus `seconds`.
fn at(date: &str, seconds: i64) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(&format!("{date}T18:00:00+00:00")).unwrap()
        + chrono::TimeDelta::seconds(seconds)
}

const DAYS: [&str; 6] = [
    "2026-10-01",
    "2026-10-08",
    "2026-10-15",
    "2026-10-22",
    "2026-10-29",
    "2026-11-05",
];

/// Today's group.ron: Dee joined on 2026-10-15 (session 3), Cy left on
/// 2026-10-29 (session 5 is the first without her).
fn today_group() -> Group {
    let mut ana = member("ana", "Ana Ruiz", Some("Ana"), None);
    ana.goals = vec!["Ask for help once a week".into()];
    let mut ben = member("ben", "Ben Kowalski", Some("Ben"), None);
    ben.goals = vec!["Take a walk".into()];
    let mut cy = member("cy", "Cy Moreau", Some("Cy"), None);
    cy.goals = vec!["Sleep well".into()];
    cy.left = Some(day("2026-10-29"));
    let mut dee = member("dee", "Dee Obi", Some("Dee"), None);
    dee.goals = vec!["Speak in each session".into()];
    dee.joined = Some(day("2026-10-15"));
    Group {
        version: SCHEMA_VERSION,
        name: "Fixture Circle".into(),
        kind: GroupType::Support,
        purpose: "A fixture worked out by hand.".into(),
        facilitator: "Sam Okafor".into(),
        members: vec![ana, ben, cy, dee],
        norms: vec!["confidentiality".into(), "phones face down".into()],
        ..Default::default()
    }
}

/// The roster each session recorded in its header, as it was that day:
/// before Dee was added (s1), with Dee (s3, s4: Cy not yet marked as
/// leaving), and today's as of the day (s5, s6). Session 2 predates
/// snapshots: it is read with today's group.ron as of its day.
fn snapshot(number: u32) -> Option<Group> {
    let today = today_group();
    let mut then = today.clone();
    for member in &mut then.members {
        member.left = None;
    }
    then.norms = vec!["confidentiality".into()];
    match number {
        1 => {
            let mut s1 = then.clone();
            s1.members.retain(|m| m.id.as_str() != "dee");
            Some(s1)
        }
        2 => None,
        3 | 4 => Some(then),
        _ => Some(today.as_of(day(DAYS[number as usize - 1]))),
    }
}

fn aid(kind: Aid, members: &[&str]) -> EventKind {
    moment(MomentKind::MutualAid(kind), members, None)
}

fn stage(name: &str) -> EventKind {
    EventKind::Stage(name.into())
}

fn facilitator() -> EventKind {
    EventKind::Floor(Floor::Facilitator)
}

fn continues(
    kind: ConflictType,
    status: ConflictStatus,
    opened: u32,
    members: &[&str],
) -> EventKind {
    moment(
        MomentKind::Conflict {
            kind,
            status,
            continues: Some(EventId(opened)),
        },
        members,
        None,
    )
}

/// The six sessions' events, seconds after 18:00. Event ids count from 1 in
/// the order listed (a conflict's `continues` names one).
fn events(number: u32) -> Vec<(i64, EventKind)> {
    use AttendanceChange::*;
    match number {
        1 => vec![
            (0, facilitator()),
            (10, norm(NormAction::Established, "confidentiality", &[])),
            (30, stage("forming")),
            (60, speaks("ana")),
            (180, speaks("ben")),
            (200, aid(Aid::SharingData, &["ana", "ben"])),
            (240, speaks("ana")),
            (300, speaks("cy")),
            (360, facilitator()),
            (400, goal_rating("ana", 0, -1, None)),
            (400, goal_rating("ben", 0, 0, None)),
            (420, EventKind::Ended),
        ],
        2 => vec![
            (0, attendance("ben", Absent, None)),
            (0, facilitator()),
            (30, stage("storming")),
            (40, norm(NormAction::Challenged, "confidentiality", &["cy"])),
            (60, speaks("ana")),
            (120, speaks("cy")),
            (130, aid(Aid::SameBoat, &["ana", "cy"])),
            // id 8: opens the conflict, never resolved in the session.
            (
                150,
                conflict(ConflictType::Task, ConflictStatus::Emerged, &["ana", "cy"]),
            ),
            (
                200,
                moment(
                    MomentKind::Risk(
                        RiskLevel::Concern,
                        Box::new(RiskDetail {
                            actions: vec![RiskAction::SafetyPlan],
                            follow_up_owner: Some("J. Park".into()),
                            follow_up_due: Some(day("2026-10-15")),
                            ..RiskDetail::default()
                        }),
                    ),
                    &["cy"],
                    None,
                ),
            ),
            (240, speaks("ana")),
            (250, aid(Aid::MutualSupport, &["cy", "ana"])),
            (300, facilitator()),
            (340, goal_rating("ana", 0, 0, None)),
            (360, EventKind::Ended),
        ],
        3 => vec![
            (0, facilitator()),
            (20, norm(NormAction::Established, "phones away", &[])),
            (30, attendance("dee", Arrived, None)),
            (40, stage("norming")),
            (60, speaks("dee")),
            (120, speaks("ben")),
            // id 7 opens, id 10 resolves it.
            (
                130,
                conflict(
                    ConflictType::Relationship,
                    ConflictStatus::Emerged,
                    &["ben", "dee"],
                ),
            ),
            (180, speaks("dee")),
            (190, aid(Aid::SameBoat, &["dee", "ben"])),
            (
                200,
                continues(
                    ConflictType::Relationship,
                    ConflictStatus::Resolved,
                    7,
                    &["ben", "dee"],
                ),
            ),
            (240, speaks("ana")),
            (250, aid(Aid::SharingData, &["ana"])),
            (300, speaks("cy")),
            (310, aid(Aid::MutualSupport, &["cy", "dee"])),
            (340, goal_rating("ana", 0, 1, None)),
            (340, goal_rating("ben", 0, 1, None)),
            (340, goal_rating("dee", 0, -1, None)),
            (360, EventKind::Ended),
        ],
        4 => vec![
            (0, attendance("cy", Excused, None)),
            (0, speaks("ana")),
            (20, norm(NormAction::Reviewed, "phones away", &[])),
            (30, stage("norming")),
            (120, speaks("ben")),
            (150, aid(Aid::Rehearsal, &["ben"])),
            (180, speaks("dee")),
            (
                200,
                moment(MomentKind::risk(RiskLevel::Elevated), &["ben"], None),
            ),
            (240, speaks("ana")),
            (250, aid(Aid::MutualDemand, &["dee", "ana"])),
            (300, facilitator()),
            (310, stage("performing")),
            (340, goal_rating("dee", 0, 0, None)),
            (360, EventKind::Ended),
        ],
        5 => vec![
            (0, facilitator()),
            (30, stage("performing")),
            (60, speaks("ben")),
            // id 4 opens, id 8 addresses it: still open at the end.
            (
                100,
                conflict(
                    ConflictType::Process,
                    ConflictStatus::Emerged,
                    &["ana", "dee"],
                ),
            ),
            (120, speaks("dee")),
            (150, aid(Aid::SameBoat, &["dee", "ana"])),
            (180, speaks("ana")),
            (
                200,
                continues(
                    ConflictType::Process,
                    ConflictStatus::Addressed,
                    4,
                    &["ana", "dee"],
                ),
            ),
            (210, aid(Aid::MutualSupport, &["ana", "dee"])),
            (240, attendance("ben", LeftEarly, None)),
            (240, speaks("dee")),
            (270, aid(Aid::ProblemSolving, &["dee", "ana"])),
            (300, speaks("ana")),
            (320, aid(Aid::StrengthInNumbers, &["ana", "dee"])),
            (340, goal_rating("ana", 0, 2, None)),
            (340, goal_rating("ben", 0, 1, None)),
            (340, goal_rating("dee", 0, 1, None)),
            (360, EventKind::Ended),
        ],
        6 => vec![
            (0, speaks("ana")),
            (20, stage("adjourning")),
            (30, aid(Aid::SharingData, &["ana"])),
            (60, speaks("dee")),
            (90, aid(Aid::SameBoat, &["dee", "ana"])),
            (120, speaks("ben")),
            (150, aid(Aid::MutualSupport, &["ben", "dee"])),
            (180, speaks("ana")),
            (200, aid(Aid::Dialectic, &["ana", "ben"])),
            (240, speaks("dee")),
            (250, aid(Aid::MutualDemand, &["dee", "ben"])),
            (260, norm(NormAction::Revised, "phones face down", &[])),
            (300, facilitator()),
            (340, goal_rating("ana", 0, 2, None)),
            (340, goal_rating("ben", 0, 2, None)),
            (340, goal_rating("dee", 0, 1, None)),
            (360, EventKind::Ended),
        ],
        _ => unreachable!(),
    }
}

fn session_path(folder: &Path, number: u32) -> PathBuf {
    folder.join(format!("{}-s{number:02}.ron", DAYS[number as usize - 1]))
}

/// A store with the fixture group: group.ron and six session files.
fn fixture_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("sessions");
    let folder = store.join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("group.ron"),
        ron::ser::to_string_pretty(&today_group(), Default::default()).unwrap(),
    )
    .unwrap();
    for number in 1..=6 {
        let date = DAYS[number as usize - 1];
        let header = SessionHeader {
            version: SCHEMA_VERSION,
            group: SLUG.into(),
            number,
            started: at(date, 0),
            facilitator: "Sam Okafor".into(),
            co_facilitator: None,
            source: None,
            snapshot: snapshot(number),
            observer: None,
        };
        let mut text = ron::to_string(&header).unwrap() + "\n";
        for (index, (seconds, kind)) in events(number).into_iter().enumerate() {
            let event = Event {
                id: EventId(index as u32 + 1),
                at: at(date, seconds),
                by: Author::Facilitator,
                kind,
            };
            text += &(ron::to_string(&event).unwrap() + "\n");
        }
        std::fs::write(session_path(&folder, number), text).unwrap();
    }
    (dir, folder)
}

fn today() -> chrono::NaiveDate {
    day("2026-12-01")
}

fn fixture_report(folder: &Path) -> report::Report {
    report::for_group(folder, NameStyle::Alias, today()).unwrap()
}

fn member_of<'r>(report: &'r report::Report, id: &str) -> &'r report::MemberReport {
    report.members.iter().find(|m| m.id.as_str() == id).unwrap()
}

/// Shares as whole percents, as the report prints them.
fn percents(shares: &[Option<f64>]) -> Vec<Option<String>> {
    shares
        .iter()
        .map(|s| s.map(report::document::percent))
        .collect()
}

fn pct(values: &[Option<&str>]) -> Vec<Option<String>> {
    values.iter().map(|v| v.map(str::to_string)).collect()
}

#[test]
fn attendance_respects_joining_and_leaving() {
    let (_dir, folder) = fixture_store();
    let report = fixture_report(&folder);
    use Attended::*;
    use Seat::{NotMember as Not, Was};
    // ana: there every time.
    // ben: absent in s2 (logged), left early in s5 (logged).
    // cy: on the roster s1–s4 (left on s5's day), excused in s4; not "absent" in s5, s6.
    // dee: joined on s3's day, arrived late there; not "absent" in s1, s2.
    let seats: Vec<(&str, Vec<Seat>)> = report
        .members
        .iter()
        .map(|m| (m.id.as_str(), m.seats.clone()))
        .collect();
    assert_eq!(
        seats,
        [
            ("ana", vec![Was(Present); 6]),
            (
                "ben",
                vec![
                    Was(Present),
                    Was(Absent),
                    Was(Present),
                    Was(Present),
                    Was(LeftEarly),
                    Was(Present)
                ]
            ),
            (
                "cy",
                vec![
                    Was(Present),
                    Was(Present),
                    Was(Present),
                    Was(Excused),
                    Not,
                    Not
                ]
            ),
            (
                "dee",
                vec![
                    Not,
                    Not,
                    Was(Late),
                    Was(Present),
                    Was(Present),
                    Was(Present)
                ]
            ),
        ]
    );
    // Attended of the sessions on the roster: ana 6 of 6, ben 5 of 6
    // (left early counts as attended), cy 3 of 4, dee 4 of 4.
    let counts: Vec<(usize, usize)> = report.members.iter().map(|m| (m.attended, m.of)).collect();
    assert_eq!(counts, [(6, 6), (5, 6), (3, 4), (4, 4)]);
    // Per session, attended / on the roster: s1 3/3, s2 2/3 (ben absent),
    // s3 4/4, s4 3/4 (cy excused), s5 3/3 (cy gone), s6 3/3.
    let here: Vec<(usize, usize)> = report
        .sessions
        .iter()
        .map(|s| (s.attended, s.members_on_roster))
        .collect();
    assert_eq!(here, [(3, 3), (2, 3), (4, 4), (3, 4), (3, 3), (3, 3)]);
    let numbers: Vec<u32> = report.sessions.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn talk_share_and_turns_per_member_across_sessions() {
    let (_dir, folder) = fixture_store();
    let report = fixture_report(&folder);
    // All talk per session (members + facilitator), in seconds:
    // s1: F 0–60 + 360–420 = 120, ana 60–180 + 240–300 = 180, ben 180–240 = 60,
    //     cy 300–360 = 60; all 420. ana 180/420 = 42.9% -> 43%, ben, cy 60/420 = 14.3% -> 14%.
    // s2: F 0–60 + 300–360 = 120, ana 60–120 + 240–300 = 120, cy 120–240 = 120; all 360:
    //     ana 33%, cy 33%; ben absent.
    // s3: F 0–60, dee 60–120 + 180–240 = 120, ben 120–180, ana 240–300, cy 300–360 (60
    //     each); all 360: dee 33%, the others 60/360 = 16.7% -> 17%.
    // s4: ana 0–120 + 240–300 = 180, ben 120–180, dee 180–240, F 300–360; all 360:
    //     ana 50%, ben 17%, dee 17%; cy excused.
    // s5: F 0–60, ben 60–120, dee 120–180 + 240–300 = 120, ana 180–240 + 300–360 = 120;
    //     all 360: ben 17%, dee 33%, ana 33%.
    // s6: ana 0–60 + 180–240 = 120, dee 60–120 + 240–300 = 120, ben 120–180, F 300–360;
    //     all 360: ana 33%, dee 33%, ben 17%.
    let ana = member_of(&report, "ana");
    assert_eq!(
        percents(&ana.shares),
        pct(&[
            Some("43%"),
            Some("33%"),
            Some("17%"),
            Some("50%"),
            Some("33%"),
            Some("33%")
        ])
    );
    assert_eq!(
        ana.shares[0],
        Some(180.0 / 420.0),
        "exact, from metrics::share"
    );
    let ben = member_of(&report, "ben");
    assert_eq!(
        percents(&ben.shares),
        pct(&[
            Some("14%"),
            None,
            Some("17%"),
            Some("17%"),
            Some("17%"),
            Some("17%")
        ])
    );
    let cy = member_of(&report, "cy");
    assert_eq!(
        percents(&cy.shares),
        pct(&[Some("14%"), Some("33%"), Some("17%"), None, None, None])
    );
    let dee = member_of(&report, "dee");
    assert_eq!(
        percents(&dee.shares),
        pct(&[
            None,
            None,
            Some("33%"),
            Some("17%"),
            Some("33%"),
            Some("33%")
        ])
    );
    // Turns: s1 ana 2 (60, 240), ben 1, cy 1; s2 ana 2, cy 1; s3 dee 2, ben, ana,
    // cy 1; s4 ana 2, ben 1, dee 1; s5 ben 1, dee 2, ana 2; s6 ana 2, dee 2, ben 1.
    assert_eq!(
        ana.turns,
        [Some(2), Some(2), Some(1), Some(2), Some(2), Some(2)]
    );
    assert_eq!(
        ben.turns,
        [Some(1), None, Some(1), Some(1), Some(1), Some(1)]
    );
    assert_eq!(cy.turns, [Some(1), Some(1), Some(1), None, None, None]);
    assert_eq!(dee.turns, [None, None, Some(2), Some(1), Some(2), Some(2)]);
}

#[test]
fn goal_ratings_over_time_and_their_change() {
    let (_dir, folder) = fixture_store();
    let report = fixture_report(&folder);
    // ana: -1, 0, +1, not rated, +2, +2: change +2 - (-1) = +3.
    // ben: 0, (absent), +1, not rated, +1, +2: change +2 - 0 = +2.
    // cy: never rated: no change.
    // dee: (not yet a member) -1, 0, +1, +1: change +1 - (-1) = +2.
    type Trend<'r> = (&'r str, String, Vec<Option<i8>>, Option<i8>);
    let goals: Vec<Trend> = report
        .members
        .iter()
        .flat_map(|m| {
            m.goals
                .iter()
                .map(move |g| (m.id.as_str(), g.goal.clone(), g.ratings.clone(), g.change))
        })
        .collect();
    assert_eq!(
        goals,
        [
            (
                "ana",
                "Ask for help once a week".to_string(),
                vec![Some(-1), Some(0), Some(1), None, Some(2), Some(2)],
                Some(3)
            ),
            (
                "ben",
                "Take a walk".to_string(),
                vec![Some(0), None, Some(1), None, Some(1), Some(2)],
                Some(2)
            ),
            ("cy", "Sleep well".to_string(), vec![None; 6], None),
            (
                "dee",
                "Speak in each session".to_string(),
                vec![None, None, Some(-1), Some(0), Some(1), Some(1)],
                Some(2)
            ),
        ]
    );
}

#[test]
fn risks_and_their_follow_ups() {
    let (_dir, folder) = fixture_store();
    let report = fixture_report(&folder);
    // cy, s2: concern, safety plan, follow-up J. Park due 2026-10-15: before
    // today (2026-12-01), so overdue. ben, s4: elevated, nothing recorded.
    let cy = member_of(&report, "cy");
    assert_eq!(cy.risks.len(), 1);
    assert_eq!(cy.risks[0].session, 2);
    assert!(cy.risks[0].overdue);
    assert_eq!(cy.risks[0].risk.level, RiskLevel::Concern);
    let ben = member_of(&report, "ben");
    assert_eq!(ben.risks.len(), 1);
    assert_eq!(ben.risks[0].session, 4);
    assert!(!ben.risks[0].overdue);
    assert!(member_of(&report, "ana").risks.is_empty());
    assert!(member_of(&report, "dee").risks.is_empty());
    let text = report::markdown::render(&report::document::document(&report));
    assert!(
        text.contains("- Ben — session 4, elevated: no action recorded; no follow-up recorded\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "- Cy — session 2, concern: safety plan made; follow-up: J. Park, due 2026-10-15 (overdue)\n"
        ),
        "{text}"
    );
}

#[test]
fn per_session_transitions_mutual_aid_conflicts_norms_and_stages() {
    let (_dir, folder) = fixture_store();
    let report = fixture_report(&folder);
    // Transitions between persons (member to member of them):
    // s1 F→ana, ana→ben, ben→ana, ana→cy, cy→F: 5 (3) = 60%.
    // s2 F→ana, ana→cy, cy→ana, ana→F: 4 (2) = 50%.
    // s3 F→dee, dee→ben, ben→dee, dee→ana, ana→cy: 5 (4) = 80%.
    // s4 ana→ben, ben→dee, dee→ana, ana→F: 4 (3) = 75%.
    // s5 F→ben, ben→dee, dee→ana, ana→dee, dee→ana: 5 (4) = 80%.
    // s6 ana→dee, dee→ben, ben→ana, ana→dee, dee→F: 5 (4) = 80%.
    let m2m: Vec<(u32, u32, Option<f64>)> = report
        .sessions
        .iter()
        .map(|s| (s.member_to_member, s.transitions, s.member_to_member_share))
        .collect();
    assert_eq!(
        m2m,
        [
            (3, 5, Some(0.6)),
            (2, 4, Some(0.5)),
            (4, 5, Some(0.8)),
            (3, 4, Some(0.75)),
            (4, 5, Some(0.8)),
            (4, 5, Some(0.8)),
        ]
    );
    // Mutual aid: s1 sharing data; s2 same boat, support; s3 same boat, sharing
    // data, support; s4 rehearsal, demand; s5 same boat, support, problem
    // solving, strength in numbers; s6 sharing data, same boat, support,
    // dialectic, demand. Totals 1, 2, 3, 2, 4, 5: the group moves toward mutual aid.
    let totals: Vec<u32> = report.sessions.iter().map(|s| s.mutual_aid_total).collect();
    assert_eq!(totals, [1, 2, 3, 2, 4, 5]);
    assert_eq!(
        report.sessions[5].mutual_aid,
        [
            (Aid::SharingData, 1),
            (Aid::Dialectic, 1),
            (Aid::SameBoat, 1),
            (Aid::MutualSupport, 1),
            (Aid::MutualDemand, 1),
        ],
        "in the taxonomy's order"
    );
    // Conflicts: s2 one task conflict, emerged, left open; s3 one relationship
    // conflict opened and resolved; s5 one process conflict, addressed, open.
    let conflicts: Vec<(usize, usize, usize)> = report
        .sessions
        .iter()
        .map(|s| (s.conflicts, s.resolved, s.open.len()))
        .collect();
    assert_eq!(
        conflicts,
        [
            (0, 0, 0),
            (1, 0, 1),
            (1, 1, 0),
            (0, 0, 0),
            (1, 0, 1),
            (0, 0, 0)
        ]
    );
    assert_eq!(report.sessions[1].open[0].status, ConflictStatus::Emerged);
    assert_eq!(report.sessions[4].open[0].status, ConflictStatus::Addressed);
    assert_eq!(report.sessions[4].open[0].members, [id("ana"), id("dee")]);
    // Norms in order; stages (s4 saw two).
    let norms: Vec<(u32, NormAction, String)> = report
        .sessions
        .iter()
        .flat_map(|s| s.norms.iter().map(move |(a, n)| (s.number, *a, n.clone())))
        .collect();
    assert_eq!(
        norms,
        [
            (1, NormAction::Established, "confidentiality".to_string()),
            (2, NormAction::Challenged, "confidentiality".to_string()),
            (3, NormAction::Established, "phones away".to_string()),
            (4, NormAction::Reviewed, "phones away".to_string()),
            (6, NormAction::Revised, "phones face down".to_string()),
        ]
    );
    let stages: Vec<Vec<String>> = report.sessions.iter().map(|s| s.stages.clone()).collect();
    assert_eq!(
        stages,
        [
            vec!["forming".to_string()],
            vec!["storming".into()],
            vec!["norming".into()],
            vec!["norming".into(), "performing".into()],
            vec!["performing".into()],
            vec!["adjourning".into()],
        ]
    );
    // Facilitators' share: s1 120/420 = 29%, s2 120/360 = 33%, then 60/360 = 17%.
    let facilitators: Vec<String> = report
        .sessions
        .iter()
        .map(|s| report::document::percent(s.facilitators_share.unwrap()))
        .collect();
    assert_eq!(facilitators, ["29%", "33%", "17%", "17%", "17%", "17%"]);
    assert_eq!(report.norms_now, ["confidentiality", "phones face down"]);
}

/// The Markdown, read as a supervisor would: every table of the fixture,
/// whole, with the figures worked out above.
#[test]
fn the_markdown_report_has_every_figure() {
    let (_dir, folder) = fixture_store();
    let report = fixture_report(&folder);
    let text = report::markdown::render(&report::document::document(&report));
    let expected = [
        "# Fixture Circle — report across sessions\n",
        "Support group · 6 sessions, 2026-10-01 to 2026-11-05 · as of 2026-12-01\n",
        "| Member | s1 | s2 | s3 | s4 | s5 | s6 | Attended |\n",
        "| Ana | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | 6 of 6 |\n",
        "| Ben | ✓ | A | ✓ | ✓ | E | ✓ | 5 of 6 |\n",
        "| Cy | ✓ | ✓ | ✓ | X | – | – | 3 of 4 |\n",
        "| Dee | – | – | L | ✓ | ✓ | ✓ | 4 of 4 |\n",
        "| Here | 3/3 | 2/3 | 4/4 | 3/4 | 3/3 | 3/3 |  |\n",
        // Shares scaled to the largest (50%): 43% -> round(0.857*7) = 6 (▇), 33% ->
        // round(4.67) = 5 (▆), 17% -> round(2.33) = 2 (▃), 14% -> round(2.0) = 2 (▃), 50% -> 7 (█).
        "| Ana | 43% | 33% | 17% | 50% | 33% | 33% | ▇▆▃█▆▆ 43% → 33% |\n",
        "| Ben | 14% | absent | 17% | 17% | 17% | 17% | ▃·▃▃▃▃ 14% → 17% |\n",
        "| Cy | 14% | 33% | 17% | absent | – | – | ▃▆▃··· 14% → 17% |\n",
        "| Dee | – | – | 33% | 17% | 33% | 33% | ··▆▃▆▆ 33% → 33% |\n",
        // Turns scaled to 2: 2 -> █, 1 -> round(3.5) = 4 (▅).
        "| Ana | 2 | 2 | 1 | 2 | 2 | 2 | ██▅███ 2 → 2 |\n",
        "| Ben | 1 | absent | 1 | 1 | 1 | 1 | ▅·▅▅▅▅ 1 → 1 |\n",
        "| Ana | Ask for help once a week | -1 | 0 | +1 | · | +2 | +2 | +3 |\n",
        "| Ben | Take a walk | 0 | · | +1 | · | +1 | +2 | +2 |\n",
        "| Cy | Sleep well | · | · | · | · | – | – | – |\n",
        "| Dee | Speak in each session | – | – | -1 | 0 | +1 | +1 | +2 |\n",
        "| 1 | 2026-10-01 | 3/3 | 60% (3 of 5) | 1 | none |\n",
        "| 2 | 2026-10-08 | 2/3 | 50% (2 of 4) | 2 | 1 logged, 0 resolved |\n",
        "| 3 | 2026-10-15 | 4/4 | 80% (4 of 5) | 3 | 1 logged, 1 resolved |\n",
        "| 4 | 2026-10-22 | 3/4 | 75% (3 of 4) | 2 | none |\n",
        "| 5 | 2026-10-29 | 3/3 | 80% (4 of 5) | 4 | 1 logged, 0 resolved |\n",
        "| 6 | 2026-11-05 | 3/3 | 80% (4 of 5) | 5 | none |\n",
        // On a scale of 1: 60% -> 4 (▅), 50% -> 4 (3.5 rounds up), 80% -> 6 (▇), 75% -> 5 (▆).
        "| Member to member | ▅▅▇▆▇▇ 60% → 80% |\n",
        // Scaled to 5: 1 -> 1 (▂), 2 -> 3 (▄), 3 -> 4 (▅), 4 -> 6 (▇), 5 -> 7 (█).
        "| Mutual-aid moments | ▂▄▅▄▇█ 1 → 5 |\n",
        "| Facilitators' share of talk | ▃▃▂▂▂▂ 29% → 17% |\n",
        // By kind: sharing data s1, s3, s6; same boat s2, s3, s5, s6; support s2, s3, s5, s6.
        "| sharing data | 1 | 0 | 1 | 0 | 0 | 1 | 3 |\n",
        "| dialectic process | 0 | 0 | 0 | 0 | 0 | 1 | 1 |\n",
        "| all in the same boat | 0 | 1 | 1 | 0 | 1 | 1 | 4 |\n",
        "| mutual support | 0 | 1 | 1 | 0 | 1 | 1 | 4 |\n",
        "| mutual demand | 0 | 0 | 0 | 1 | 0 | 1 | 2 |\n",
        "| rehearsal | 0 | 0 | 0 | 1 | 0 | 0 | 1 |\n",
        "| individual problem solving | 0 | 0 | 0 | 0 | 1 | 0 | 1 |\n",
        "| strength in numbers | 0 | 0 | 0 | 0 | 1 | 0 | 1 |\n",
        "| All kinds | 1 | 2 | 3 | 2 | 4 | 5 | 17 |\n",
        "- Session 2: 1 logged, 0 resolved; left open: task (Ana, Cy), emerged\n",
        "- Session 3: 1 logged, 1 resolved; none left open\n",
        "- Session 5: 1 logged, 0 resolved; left open: process (Ana, Dee), addressed\n",
        "- Session 1: established — confidentiality\n",
        "- Session 2: challenged — confidentiality\n",
        "- Session 6: revised — phones face down\n",
        "- The group's norms as last recorded: confidentiality; phones face down\n",
        "- Session 4: norming, then performing\n",
        "<!-- written by groupscribe report -->\n",
    ];
    for line in expected {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(text.ends_with("<!-- written by groupscribe report -->\n"));
}

// ---------------------------------------------------------------------------
// The derived summaries
// ---------------------------------------------------------------------------

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn bytes_of_records(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

#[test]
fn summaries_are_private_kept_apart_and_never_taken_for_a_session() {
    let (dir, folder) = fixture_store();
    let records = bytes_of_records(&folder);
    let group = today_group();
    let first = report::group_figures(&folder, &group);
    assert_eq!(first.rebuilt, 6, "none kept yet: every session computed");
    let summaries = folder.join(report::SUMMARY_DIR);
    assert_eq!(mode(&summaries), 0o700);
    let mut kept: Vec<String> = std::fs::read_dir(&summaries)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        (1..=6)
            .map(|n| format!("{}-s{n:02}.summary", DAYS[n - 1]))
            .collect::<Vec<_>>()
    );
    for name in &kept {
        assert_eq!(mode(&summaries.join(name)), 0o600, "{name}");
    }
    assert_eq!(
        report::summary_path(&session_path(&folder, 3)),
        summaries.join("2026-10-15-s03.summary")
    );
    // The records are only read.
    assert_eq!(bytes_of_records(&folder), records);
    // Kept summaries are read back, figures identical to those computed.
    let second = report::group_figures(&folder, &group);
    assert_eq!(second.rebuilt, 0);
    assert_eq!(second.figures, first.figures);
    // Nothing that lists sessions takes the folder or its files for one.
    let store = groupscribe::store::Store::open(dir.path().join("sessions")).unwrap();
    let groups = store.groups().unwrap();
    assert_eq!(groups[0].sessions.len(), 6);
    assert!(groups[0].problems.is_empty(), "{:?}", groups[0].problems);
    assert_eq!(
        groupscribe::store::Store::next_session_number(&groups[0]).unwrap(),
        7
    );
    let (_, problems) =
        groupscribe::store::queue::queue(&[dir.path().join("sessions")], NameStyle::Alias, today())
            .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    // And git does not keep them.
    let ignore =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.gitignore")).unwrap();
    assert!(
        ignore
            .lines()
            .any(|line| line.trim() == ".report-summaries/")
    );
}

#[test]
fn an_amendment_in_a_companion_file_rebuilds_that_sessions_summary_only() {
    let (_dir, folder) = fixture_store();
    let group = today_group();
    let before = report::group_figures(&folder, &group);
    let ana_s1 = before.figures[0].share_of(&id("ana"));
    assert_eq!(ana_s1, Some(180.0 / 420.0));
    // The co-facilitator amends s1's event 4 (Ana at 60 s) to Ben: Ben holds
    // 60–240 (180 s), Ana only 240–300 (60 s): 60/420 = 1/7.
    let session = session_path(&folder, 1);
    let companion = session.with_extension("cofac.ron");
    let header = format!(
        "(version:1,session:\"{}\",author:CoFacilitator)\n",
        session.file_name().unwrap().to_string_lossy()
    );
    let amendment = Event {
        id: EventId(1_000_001),
        at: at(DAYS[0], 900),
        by: Author::CoFacilitator,
        kind: EventKind::Amendment {
            target: EventId(4),
            replacement: Box::new(speaks("ben")),
            reason: "it was Ben".into(),
        },
    };
    std::fs::write(
        &companion,
        header + &ron::to_string(&amendment).unwrap() + "\n",
    )
    .unwrap();
    let after = report::group_figures(&folder, &group);
    assert_eq!(after.rebuilt, 1, "only session 1 changed");
    assert_eq!(after.figures[0].share_of(&id("ana")), Some(60.0 / 420.0));
    assert_eq!(after.figures[1..], before.figures[1..]);
    // A summary torn or garbled reads as missing: rebuilt, no error.
    std::fs::write(
        report::summary_path(&session_path(&folder, 2)),
        "(version: 1, figu",
    )
    .unwrap();
    let again = report::group_figures(&folder, &group);
    assert_eq!(again.rebuilt, 1);
    assert!(again.problems.is_empty());
    assert_eq!(again.figures, after.figures);
}

#[test]
fn a_session_without_a_snapshot_is_rebuilt_when_group_ron_changes() {
    let (_dir, folder) = fixture_store();
    let mut group = today_group();
    report::group_figures(&folder, &group);
    // Session 2 is read with today's group.ron: renaming a member there
    // changes it (and only it; the others keep their snapshot).
    group.members[0].alias = Some("Ana R.".into());
    std::fs::write(
        folder.join("group.ron"),
        ron::ser::to_string_pretty(&group, Default::default()).unwrap(),
    )
    .unwrap();
    let after = report::group_figures(&folder, &group);
    assert_eq!(after.rebuilt, 1);
    assert_eq!(
        after.figures[1].group.members[0].alias.as_deref(),
        Some("Ana R.")
    );
    assert!(!after.figures[1].snapshot && after.figures[0].snapshot);
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

fn groupscribe(args: &[&str], store: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .arg("--dir")
        .arg(store)
        .args(args)
        .env_remove("GROUPSCRIBE_DIR")
        .env("HOME", store)
        .env("XDG_CONFIG_HOME", store.join("config"))
        .output()
        .unwrap()
}

#[test]
fn report_out_never_writes_over_a_record_or_a_file_it_did_not_write() {
    let (dir, folder) = fixture_store();
    let store = dir.path().join("sessions");
    // Over a record: refused, the record untouched.
    let record = session_path(&folder, 1);
    let before = std::fs::read(&record).unwrap();
    let out = groupscribe(&["report", SLUG, "--out", record.to_str().unwrap()], &store);
    assert!(!out.status.success());
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(error.contains("never written to a .ron file"), "{error}");
    assert_eq!(std::fs::read(&record).unwrap(), before);
    let out = groupscribe(
        &["report", SLUG, "--force", "--out", record.to_str().unwrap()],
        &store,
    );
    assert!(!out.status.success(), "not even with --force");
    assert_eq!(std::fs::read(&record).unwrap(), before);
    // Over a file someone wrote: refused, kept.
    let mine = dir.path().join("mine.md");
    std::fs::write(&mine, "my own notes\n").unwrap();
    let out = groupscribe(&["report", SLUG, "--out", mine.to_str().unwrap()], &store);
    assert!(!out.status.success());
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(
        error.contains("was not written by `groupscribe report`"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own notes\n");
    // Over a note groupscribe wrote: refused too (it is not a report).
    let note = dir.path().join("note.md");
    std::fs::write(&note, "# Note\n<!-- written by groupscribe note -->\n").unwrap();
    let out = groupscribe(&["report", SLUG, "--out", note.to_str().unwrap()], &store);
    assert!(!out.status.success());
    // A new file: written, owner-only; then written over, as it is ours.
    let report_md = dir.path().join("report.md");
    for _ in 0..2 {
        let out = groupscribe(
            &["report", SLUG, "--out", report_md.to_str().unwrap()],
            &store,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(mode(&report_md), 0o600);
    let text = std::fs::read_to_string(&report_md).unwrap();
    assert!(
        text.contains("| Dee | – | – | L | ✓ | ✓ | ✓ | 4 of 4 |"),
        "{text}"
    );
    // Printed, the same text; by the folder's path too.
    let printed = groupscribe(&["report", folder.to_str().unwrap()], &store);
    assert_eq!(String::from_utf8_lossy(&printed.stdout), text);
    // HTML: the same figures.
    let html_path = dir.path().join("report.html");
    let out = groupscribe(
        &[
            "report",
            SLUG,
            "--format",
            "html",
            "--out",
            html_path.to_str().unwrap(),
        ],
        &store,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("<th scope=\"row\">Dee</th><td>–</td><td>–</td><td>L</td>"),
        "{html}"
    );
    // An unknown group names the ones there are.
    let out = groupscribe(&["report", "nobody"], &store);
    assert!(!out.status.success());
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(
        error.contains("no group \"nobody\"") && error.contains(SLUG),
        "{error}"
    );
}

// ---------------------------------------------------------------------------
// HTML in a real browser
// ---------------------------------------------------------------------------

const MEASURE: &str = r#"<script>
(function () {
  var out = {};
  var trends = document.querySelectorAll('svg.trend');
  out.trends = trends.length;
  out.sized = Array.prototype.filter.call(trends, function (svg) {
    var box = svg.getBoundingClientRect();
    return box.width >= 40 && box.height >= 20;
  }).length;
  out.lines = document.querySelectorAll('svg.trend polyline').length;
  out.scripts = document.scripts.length;
  out.images = document.images.length;
  out.tables = document.querySelectorAll('table').length;
  out.hostile_text = document.body.textContent.indexOf('<img src=x onerror=alert(1)>') >= 0;
  out.handlers = Array.prototype.filter.call(document.querySelectorAll('*'), function (el) {
    return Array.prototype.some.call(el.attributes, function (a) { return a.name.indexOf('on') === 0; });
  }).length;
  out.wider_than_window = document.documentElement.scrollWidth > window.innerWidth;
  var pre = document.createElement('pre');
  pre.id = 'measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"#;

fn chromium() -> PathBuf {
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return debian;
    }
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("chromium"))
                .find(|candidate| candidate.is_file())
        })
        .expect(
            "the HTML report's browser test needs chromium: run `sudo apt-get install chromium` \
             (or put a `chromium` on PATH), then `cargo test` again",
        )
}

fn dump_dom(browser: &Path, scratch: &Path, name: &str, page: &Path) -> String {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=2000",
            "--window-size=1200,3000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", scratch.join(name).display()))
        .arg(format!("file://{}", page.display()))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("chromium starts");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_real_browser_lays_out_the_trend_lines_and_runs_no_typed_markup() {
    let (_dir, folder) = fixture_store();
    // A member typed with markup in her alias, in today's group.ron (read
    // for the names of the report).
    let mut group = today_group();
    group.members[3].alias = Some("<img src=x onerror=alert(1)>".into());
    std::fs::write(
        folder.join("group.ron"),
        ron::ser::to_string_pretty(&group, Default::default()).unwrap(),
    )
    .unwrap();
    let report = report::for_group(&folder, NameStyle::Alias, today()).unwrap();
    let html = report::html::render(&report::document::document(&report));
    assert!(!html.contains("<img"), "escaped");
    let scratch = tempfile::tempdir().unwrap();
    let policy_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let policy_end = policy_start + html[policy_start..].find(">\n").unwrap() + 2;
    let measuring = format!("{}{}", &html[..policy_start], &html[policy_end..])
        .replace("</body>", &format!("{MEASURE}</body>"));
    let page = scratch.path().join("measure.html");
    std::fs::write(&page, measuring).unwrap();
    let guarded = scratch.path().join("guarded.html");
    std::fs::write(
        &guarded,
        html.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .unwrap();
    let browser = chromium();
    let dom = dump_dom(&browser, scratch.path(), "measure", &page);
    let start = dom.find("<pre id=\"measure\">").expect("the script ran") + 18;
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let figures: serde_json::Value = serde_json::from_str(&json).unwrap();
    println!("measured in Chromium: {figures}");
    // Trends: 4 members × (share, turns) + 3 across sessions = 11 lines.
    assert_eq!(figures["trends"], 11);
    assert_eq!(
        figures["sized"], 11,
        "every trend laid out at a readable size"
    );
    assert!(figures["lines"].as_u64().unwrap() >= 11);
    assert_eq!(figures["scripts"], 1, "only the measuring script");
    assert_eq!(figures["images"], 0);
    assert_eq!(figures["handlers"], 0);
    assert_eq!(
        figures["hostile_text"], true,
        "the typed words show as words"
    );
    // Attendance, share, turns, goals, sessions, trends, mutual aid.
    assert_eq!(figures["tables"], 7);
    assert_eq!(figures["wider_than_window"], false);
    // With the page's own policy, no script runs at all.
    let dom = dump_dom(&browser, scratch.path(), "guarded", &guarded);
    assert!(
        !dom.contains("<pre id=\"measure\">"),
        "the policy stops scripts"
    );
}

// ---------------------------------------------------------------------------
// The report screen
// ---------------------------------------------------------------------------

use groupscribe::tui::{Action, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A store holding a copy of the bundled sample group (three ended sessions).
fn sample_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("sessions");
    let folder = store.join("thursday-peer-support");
    std::fs::create_dir_all(&folder).unwrap();
    let bundled = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/thursday-peer-support"
    ));
    for entry in std::fs::read_dir(bundled).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "group.ron" || name.ends_with(".sample.ron") {
            std::fs::copy(entry.path(), folder.join(&name)).unwrap();
        }
    }
    (dir, store)
}

fn now() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00-05:00").unwrap()
}

/// The buffer as text, one line per row (a wide character counts once).
fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        out.push('\n');
    }
    out
}

fn started_shell(store: &Path, cols: u16, rows: u16) -> Shell<TestBackend, ManualClock> {
    let app =
        groupscribe::tui::App::new(groupscribe::tui::Keymap::default(), NameStyle::Alias, now());
    let terminal =
        ratatui::Terminal::new(groupscribe::tui::Held::new(TestBackend::new(cols, rows))).unwrap();
    let mut shell = Shell::new(
        app,
        terminal,
        groupscribe::store::Store::open(store).unwrap(),
        ManualClock::new(now()),
    );
    shell.start();
    shell
}

fn press(shell: &mut Shell<TestBackend, ManualClock>, code: KeyCode) {
    shell.handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    shell.draw().unwrap();
}

fn text(shell: &Shell<TestBackend, ManualClock>) -> String {
    buffer_text(shell.terminal.backend().buffer())
}

fn opened_report(cols: u16, rows: u16) -> (tempfile::TempDir, Shell<TestBackend, ManualClock>) {
    let (dir, store) = sample_store();
    let mut shell = started_shell(&store, cols, rows);
    shell.draw().unwrap();
    assert!(
        text(&shell).contains("R report"),
        "the home footer offers R:\n{}",
        text(&shell)
    );
    press(&mut shell, KeyCode::Char('R'));
    (dir, shell)
}

#[test]
fn the_report_screen_at_80x24_reads_and_scrolls() {
    let (_dir, mut shell) = opened_report(80, 24);
    let first = text(&shell);
    assert!(
        first.contains("Thursday Peer Support — report across sessions"),
        "{first}"
    );
    insta::assert_snapshot!("report_80x24_top", first);
    press(&mut shell, KeyCode::PageDown);
    insta::assert_snapshot!("report_80x24_page_2", text(&shell));
    press(&mut shell, KeyCode::End);
    let end = text(&shell);
    assert!(
        end.contains("Session 3: norming"),
        "the end shows the last lines:\n{end}"
    );
    // Down at the end stays at the end.
    press(&mut shell, KeyCode::Down);
    assert_eq!(text(&shell), end);
    press(&mut shell, KeyCode::Home);
    assert_eq!(text(&shell), first);
    press(&mut shell, KeyCode::Char('?'));
    let help = text(&shell);
    assert!(help.contains("back to the home screen"), "{help}");
    press(&mut shell, KeyCode::Char('?'));
    press(&mut shell, KeyCode::Esc);
    assert!(text(&shell).contains("groups and sessions"), "back home");
}

#[test]
fn the_report_screen_at_160x48() {
    let (_dir, shell) = opened_report(160, 48);
    insta::assert_snapshot!("report_160x48_top", text(&shell));
}

#[test]
fn a_rebound_key_changes_the_report_hints() {
    let (_dir, store) = sample_store();
    let mut overrides = std::collections::BTreeMap::new();
    overrides.insert(
        groupscribe::tui::keymap::Command::CloseReport,
        "x".to_string(),
    );
    let keymap = groupscribe::tui::Keymap::default()
        .with_overrides(&overrides, Path::new("k.ron"), None)
        .unwrap();
    let app = groupscribe::tui::App::new(keymap, NameStyle::Alias, now());
    let terminal =
        ratatui::Terminal::new(groupscribe::tui::Held::new(TestBackend::new(80, 24))).unwrap();
    let mut shell = Shell::new(
        app,
        terminal,
        groupscribe::store::Store::open(&store).unwrap(),
        ManualClock::new(now()),
    );
    shell.start();
    press(&mut shell, KeyCode::Char('R'));
    let screen = text(&shell);
    assert!(screen.contains(" x back"), "{screen}");
    press(&mut shell, KeyCode::Esc);
    assert!(
        text(&shell).contains("report across sessions"),
        "Esc is no longer bound"
    );
    press(&mut shell, KeyCode::Char('x'));
    assert!(text(&shell).contains("groups and sessions"));
}

/// The screen shows the figures of the file: every row of every table of
/// the Markdown report is a line on screen (160 columns wide, scrolled
/// through), its cells in the same order.
#[test]
fn the_screen_shows_the_same_figures_as_the_file() {
    let (_dir, store) = sample_store();
    let folder = store.join("thursday-peer-support");
    let report = report::for_group(&folder, NameStyle::Alias, now().date_naive()).unwrap();
    let document = report::document::document(&report);
    let markdown = report::markdown::render(&document);
    let (_dir2, mut shell) = opened_report(160, 48);
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..20 {
        seen.extend(text(&shell).lines().map(str::to_string));
        press(&mut shell, KeyCode::PageDown);
    }
    let mut rows = 0;
    for line in markdown
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
    {
        let cells: Vec<String> = line
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().replace('\\', ""))
            .filter(|c| !c.is_empty())
            .collect();
        let found = seen.iter().any(|screen_line| {
            let mut rest = screen_line.as_str();
            cells.iter().all(|cell| match rest.find(cell.as_str()) {
                Some(at) => {
                    rest = &rest[at + cell.len()..];
                    true
                }
                None => false,
            })
        });
        assert!(found, "the screen lacks the row {line:?}");
        rows += 1;
    }
    assert!(rows > 40, "{rows} rows compared");
}

/// The binary in a pty: `R` on the home screen opens the report of the
/// sample group; PgDn scrolls; `q` comes back home; the summaries were kept.
#[test]
fn r_at_home_opens_the_report_in_a_real_terminal() {
    let (_dir, store) = sample_store();
    let mut tui = common::Tui::start(&store);
    tui.wait_for("R report", common::secs(10));
    tui.send("R");
    let screen = tui.wait_for("report across sessions", common::secs(10));
    assert!(
        screen.contains("Ana R.   ✓    ✓    ✓    3 of 3"),
        "{}",
        common::framed(&screen)
    );
    tui.send("\x1b[6~");
    tui.wait_for("lines 22–43", common::secs(10));
    tui.send("q");
    tui.wait_for("groups and sessions", common::secs(10));
    let kept = store
        .join("thursday-peer-support")
        .join(report::SUMMARY_DIR);
    assert_eq!(std::fs::read_dir(&kept).unwrap().count(), 3);
    tui.send("q");
    tui.wait_exit(common::secs(10));
}

/// A session file that cannot be read is named among the problems, with
/// its line, and the others are reported; a group with no session yet says so.
#[test]
fn a_broken_session_is_named_and_the_rest_reported() {
    let (_dir, folder) = fixture_store();
    std::fs::write(
        folder.join("2026-11-12-s07.ron"),
        "(version:1,group:\"fixture-circle\",number:7,started:\"2026-11-12T18:00:00+00:00\",facilitator:\"Sam\")\nnot an event\n(",
    )
    .unwrap();
    let report = fixture_report(&folder);
    assert_eq!(report.sessions.len(), 6);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0].contains("2026-11-12-s07.ron:2:"),
        "file and line: {}",
        report.problems[0]
    );
    let text = report::markdown::render(&report::document::document(&report));
    assert!(text.contains("## Sessions not read\n"), "{text}");

    let empty = tempfile::tempdir().unwrap();
    std::fs::write(
        empty.path().join("group.ron"),
        ron::ser::to_string_pretty(&today_group(), Default::default()).unwrap(),
    )
    .unwrap();
    let report = report::for_group(empty.path(), NameStyle::Alias, today()).unwrap();
    let text = report::markdown::render(&report::document::document(&report));
    assert!(
        text.contains("No session has been logged yet: the report fills in from the first one."),
        "{text}"
    );
}
