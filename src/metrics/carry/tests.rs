//! Three consecutive sessions, worked out by hand: what each hands the next.

use super::*;
use crate::model::fixture::{self, id, moment};
use crate::model::taxonomy::ContractTask;
use crate::model::{Event, EventId, RiskDetail, SessionHeader};

fn group() -> Group {
    Group {
        norms: vec!["one voice at a time".into()],
        planned_sessions: Some(4),
        ..fixture::group(vec![
            fixture::member("ana", "Ana"),
            fixture::member("ben", "Ben"),
            fixture::member("eli", "Eli"),
        ])
    }
}

fn header(number: u32, day: u32) -> SessionHeader {
    let started =
        chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T18:00:00+01:00")).unwrap();
    SessionHeader {
        number,
        started,
        snapshot: Some(group()),
        ..fixture::header()
    }
}

fn session(number: u32, day: u32, kinds: Vec<EventKind>, ended: bool) -> Session {
    let mut session = fixture::session_of(
        header(number, day),
        kinds.into_iter().map(|kind| (10, kind)).collect(),
    );
    if ended {
        let next = session.events.len() as u32 + 1;
        session.events.push(Event {
            id: EventId(next),
            ..fixture::event(next, EventKind::Ended)
        });
    }
    session
}

fn norm(action: NormAction, norm: &str) -> EventKind {
    moment(
        MomentKind::Norm {
            action,
            norm: norm.into(),
        },
        &[],
        None,
    )
}

fn conflict(status: ConflictStatus, continues: Option<u32>) -> EventKind {
    moment(
        MomentKind::Conflict {
            kind: ConflictType::Process,
            status,
            continues: continues.map(EventId),
        },
        &["ana", "ben"],
        Some("advice or only listen"),
    )
}

fn risk_with_follow_up(due: Option<NaiveDate>) -> EventKind {
    moment(
        MomentKind::Risk(
            RiskLevel::Elevated,
            Box::new(RiskDetail {
                actions: vec![RiskAction::SafetyPlan],
                follow_up_owner: Some("Sam".into()),
                follow_up_due: due,
                ..RiskDetail::default()
            }),
        ),
        &["eli"],
        Some("not sleeping"),
    )
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn rating(member: &str, rating: i8) -> EventKind {
    EventKind::GoalRating {
        member: id(member),
        goal: 0,
        rating,
        text: None,
    }
}

fn absent(member: &str, change: AttendanceChange) -> EventKind {
    EventKind::Attendance {
        member: id(member),
        change,
        text: Some("phoned".into()),
    }
}

/// Session 1 (Nov 5): sets a norm, opens a conflict, plans, rates.
/// Session 2 (Nov 12): reviews and challenges norms, the conflict is left
/// unresolved, Eli is at elevated risk with a follow-up due Nov 14, Ben is
/// excused, a plan, ratings (one retracted).
/// Session 3 (Nov 19): only rates Ana; the conflict is resolved.
fn three_sessions() -> Vec<Session> {
    let s1 = session(
        1,
        5,
        vec![
            norm(NormAction::Established, "phones away"),
            conflict(ConflictStatus::Emerged, None),
            moment(MomentKind::Plan, &[], Some("start with check-in")),
            rating("ana", -1),
            rating("eli", -2),
            moment(
                MomentKind::Task(PhaseTask::Contract(ContractTask::Purpose)),
                &[],
                None,
            ),
        ],
        true,
    );
    let mut s2 = session(
        2,
        12,
        vec![
            norm(NormAction::Reviewed, "One voice  at a time"),
            norm(NormAction::Challenged, "phones away"),
            conflict(ConflictStatus::Addressed, None),
            conflict(ConflictStatus::Unresolved, Some(3)),
            risk_with_follow_up(Some(day(14))),
            absent("ben", AttendanceChange::Excused),
            moment(
                MomentKind::Plan,
                &["eli"],
                Some("call Eli before the group"),
            ),
            moment(MomentKind::Plan, &[], Some("   ")),
            rating("ana", 0),
            rating("eli", 1),
        ],
        true,
    );
    // Eli's +1 was a slip: retracted, so -2 from session 1 still stands.
    let next = s2.events.len() as u32 + 1;
    s2.events.insert(
        s2.events.len() - 1,
        fixture::event(
            next,
            EventKind::Retraction {
                target: EventId(10),
            },
        ),
    );
    let s3 = session(
        3,
        19,
        vec![
            rating("ana", 1),
            conflict(ConflictStatus::Resolved, None),
            norm(NormAction::Revised, "phones away"),
        ],
        true,
    );
    vec![s1, s2, s3]
}

#[test]
fn session_two_carries_session_ones_norm_plan_conflict_and_ratings() {
    let sessions = three_sessions();
    let carry = CarryOver::gather(&sessions, &group(), 2, day(12));
    assert_eq!(
        carry.last,
        Some(LastSession {
            number: 1,
            date: day(5)
        })
    );
    type Row<'a> = (&'a str, bool, Vec<(u32, NormAction)>);
    let norms: Vec<Row> = (carry.norms.iter())
        .map(|n| {
            let steps = n.history.iter().map(|s| (s.session, s.action)).collect();
            (n.norm.as_str(), n.agreed, steps)
        })
        .collect();
    assert_eq!(
        norms,
        [
            ("one voice at a time", true, vec![]),
            ("phones away", false, vec![(1, NormAction::Established)]),
        ]
    );
    assert_eq!(
        carry.plan,
        [CarriedPlan {
            text: "start with check-in".into(),
            members: vec![]
        }]
    );
    assert_eq!(carry.conflicts.len(), 1);
    assert_eq!(carry.conflicts[0].steps, [(1, ConflictStatus::Emerged)]);
    assert!(carry.follow_ups.is_empty() && carry.absent.is_empty());
    assert_eq!(
        carry.previous_rating(&id("ana"), 0).map(|r| r.rating),
        Some(-1)
    );
    assert_eq!(
        carry.previous_rating(&id("eli"), 0).map(|r| r.rating),
        Some(-2)
    );
    assert_eq!(carry.previous_rating(&id("ben"), 0), None);
}

#[test]
fn session_three_carries_session_twos_history_follow_up_absence_and_open_conflict() {
    let sessions = three_sessions();
    let carry = CarryOver::gather(&sessions, &group(), 3, day(19));
    assert_eq!(carry.last.as_ref().map(|l| l.number), Some(2));
    let history = |norm: &str| -> Vec<(u32, NormAction)> {
        let found = carry.norms.iter().find(|n| n.norm == norm).unwrap();
        found
            .history
            .iter()
            .map(|s| (s.session, s.action))
            .collect()
    };
    // Told apart from case and spacing: the group file's wording stands.
    assert_eq!(history("one voice at a time"), [(2, NormAction::Reviewed)]);
    assert_eq!(
        history("phones away"),
        [(1, NormAction::Established), (2, NormAction::Challenged)]
    );
    assert_eq!(carry.norms[1].established_in(), Some(1));
    // Only session 2's plan; the blank one is no plan.
    assert_eq!(
        carry.plan,
        [CarriedPlan {
            text: "call Eli before the group".into(),
            members: vec![id("eli")]
        }]
    );
    // One conflict across two sessions: emerged s1, addressed and unresolved s2.
    assert_eq!(carry.conflicts.len(), 1);
    let open = &carry.conflicts[0];
    assert_eq!(
        open.steps,
        [
            (1, ConflictStatus::Emerged),
            (2, ConflictStatus::Addressed),
            (2, ConflictStatus::Unresolved)
        ]
    );
    assert_eq!(
        (open.since(), open.status()),
        (1, ConflictStatus::Unresolved)
    );
    assert_eq!(open.text.as_deref(), Some("advice or only listen"));
    assert_eq!(carry.follow_ups.len(), 1);
    let follow_up = &carry.follow_ups[0];
    assert_eq!(follow_up.member, id("eli"));
    assert_eq!(follow_up.owner.as_deref(), Some("Sam"));
    assert_eq!(follow_up.due, Some(day(14)));
    assert_eq!(follow_up.due_state, Due::Overdue);
    assert_eq!(
        carry.absent,
        [AbsentMember {
            member: id("ben"),
            change: AttendanceChange::Excused,
            reason: Some("phoned".into())
        }]
    );
    assert_eq!(
        carry.previous_rating(&id("ana"), 0).map(|r| r.rating),
        Some(0)
    );
    // The retracted +1 does not count.
    let eli = carry.previous_rating(&id("eli"), 0).unwrap();
    assert_eq!((eli.rating, eli.session), (-2, 1));
}

#[test]
fn session_four_sees_the_conflict_resolved_and_the_old_follow_up_dropped() {
    let sessions = three_sessions();
    let carry = CarryOver::gather(&sessions, &group(), 4, day(26));
    assert!(carry.conflicts.is_empty(), "{:?}", carry.conflicts);
    // Due Nov 14, before session 3 (Nov 19): no longer carried.
    assert!(carry.follow_ups.is_empty());
    assert!(carry.absent.is_empty() && carry.plan.is_empty());
    let phones = carry
        .norms
        .iter()
        .find(|n| n.norm == "phones away")
        .unwrap();
    assert_eq!(
        phones.history.last().map(|s| s.action),
        Some(NormAction::Revised)
    );
    assert_eq!(
        carry.previous_rating(&id("ana"), 0).map(|r| r.session),
        Some(3)
    );
}

#[test]
fn a_follow_up_due_after_the_last_session_still_carries() {
    let mut sessions = three_sessions();
    let later = risk_with_follow_up(Some(day(28)));
    let s2 = &mut sessions[1];
    let next = s2.events.len() as u32 + 10;
    s2.events.insert(0, fixture::event(next, later));
    let carry = CarryOver::gather(&sessions, &group(), 4, day(26));
    assert_eq!(carry.follow_ups.len(), 1);
    assert_eq!(carry.follow_ups[0].due_state, Due::Later);
    assert_eq!(carry.follow_ups[0].session, 2);
}

#[test]
fn unended_observer_and_later_sessions_carry_nothing() {
    let sessions = three_sessions();
    // Session 3 is not counted when session 3 itself is started again.
    let carry = CarryOver::gather(&sessions, &group(), 2, day(12));
    assert_eq!(carry.last.as_ref().map(|l| l.number), Some(1));
    let open = session(1, 5, vec![moment(MomentKind::Plan, &[], Some("x"))], false);
    let carry = CarryOver::gather(&[open], &group(), 2, day(12));
    assert!(carry.is_empty() && carry.plan.is_empty());
    let mut observed = sessions[0].clone();
    observed.header.observer = Some(crate::model::ObserverLog {
        author: crate::model::Author::CoFacilitator,
        observes: "x.ron".into(),
    });
    assert!(CarryOver::gather(&[observed], &group(), 2, day(12)).is_empty());
}

#[test]
fn the_contract_is_offered_first_and_to_members_who_join_an_open_group() {
    let sessions = three_sessions();
    let first = CarryOver::gather(&[], &group(), 1, day(5));
    assert_eq!(
        first.offers(&group(), 1, &[]),
        [Offer {
            list: Checklist::Contract,
            members: vec![]
        }]
    );
    let second = CarryOver::gather(&sessions[..1], &group(), 2, day(12));
    assert!(second.offers(&group(), 2, &[]).is_empty());
    let mut open = group();
    open.membership = Some(Membership::Open);
    open.members.push(fixture::member("cy", "Cy"));
    let joined = CarryOver::gather(&sessions[..1], &open, 2, day(12));
    assert_eq!(joined.joined, [id("cy")]);
    assert_eq!(
        joined.offers(&open, 2, &[]),
        [Offer {
            list: Checklist::Contract,
            members: vec![id("cy")]
        }]
    );
    open.membership = Some(Membership::Closed);
    assert!(joined.offers(&open, 2, &[]).is_empty());
}

#[test]
fn the_ending_is_offered_in_the_last_two_planned_sessions_or_once_declared() {
    let sessions = three_sessions();
    let offered = |carry: &CarryOver, group: &Group, number, now: &[Event]| {
        let offers = carry.offers(group, number, now);
        // What the live panel asks, knowing what was ticked, is the same.
        let declared = done_tasks(now).contains(&PhaseTask::EndingPhase);
        assert_eq!(carry.offers_with(group, number, declared), offers);
        offers.iter().any(|offer| offer.list == Checklist::Ending)
    };
    // Planned: 4 sessions; 3 and 4 are the last two.
    let carry = CarryOver::gather(&sessions[..1], &group(), 2, day(12));
    assert!(!offered(&carry, &group(), 2, &[]));
    let carry = CarryOver::gather(&sessions, &group(), 3, day(19));
    assert!(offered(&carry, &group(), 3, &[]));
    let unplanned = Group {
        planned_sessions: None,
        ..group()
    };
    let carry = CarryOver::gather(&sessions[..1], &unplanned, 2, day(12));
    assert!(!offered(&carry, &unplanned, 2, &[]));
    let declared = vec![fixture::event(
        1,
        moment(MomentKind::Task(PhaseTask::EndingPhase), &[], None),
    )];
    assert!(offered(&carry, &unplanned, 2, &declared));
    // Declared in session 2: offered in session 3 too.
    let mut with = sessions.clone();
    with[1]
        .events
        .insert(0, fixture::event(99, declared[0].kind.clone()));
    let carry = CarryOver::gather(&with, &unplanned, 3, day(19));
    assert_eq!(carry.ending_declared, Some(2));
    assert!(offered(&carry, &unplanned, 3, &[]));
}

#[test]
fn done_tasks_drop_a_retracted_tick() {
    let tick = |n, task| {
        fixture::event(
            n,
            moment(MomentKind::Task(PhaseTask::Contract(task)), &[], None),
        )
    };
    let events = vec![
        tick(1, ContractTask::Purpose),
        tick(2, ContractTask::Roles),
        tick(3, ContractTask::Purpose),
        fixture::event(4, EventKind::Retraction { target: EventId(2) }),
    ];
    assert_eq!(
        done_tasks(&events),
        [PhaseTask::Contract(ContractTask::Purpose)]
    );
}
