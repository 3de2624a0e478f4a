use crate::model::taxonomy::{NormAction, RiskLevel};
use crate::model::{Author, EventKind, Floor, MomentKind, NameStyle};
use crate::note::fixture::{self, at, moment, session_with};
use crate::note::{NoteFacts, NoteOptions, markdown, member_markdown, progress_note};

fn ended_note() -> String {
    progress_note(
        &fixture::group(),
        &fixture::ended_session(),
        NameStyle::Alias,
        at(9999),
    )
}

fn position(note: &str, wanted: &str) -> usize {
    note.find(wanted)
        .unwrap_or_else(|| panic!("{wanted:?} missing from\n{note}"))
}

#[test]
fn the_header_says_what_when_and_who() {
    let note = ended_note();
    let expected = "\
# Thursday Parents — session 4 of 8

- Group type: support
- Date: 2026-11-23
- Time: 18:00–18:40 (times in UTC+01:00)
- Duration without breaks: 30 min
- Breaks: 10 min (18:15–18:25)
- Facilitator: Maria López
- Co-facilitator: Sam Lee
- Status: ended at 18:40
- Record: 22 events logged, 1 retracted, 1 amended
- Roster: as recorded when the session began

## Risk and safety
";
    assert!(note.starts_with(expected), "{note}");
}

#[test]
fn risk_comes_first_and_says_not_recorded_for_what_the_worker_left_empty() {
    let note = ended_note();
    let risk = position(&note, "## Risk and safety");
    assert!(risk < position(&note, "## Attendance"));
    assert!(note.contains(
        "- **Elevated** at 18:26 — Ben T. — \"Said he has not slept; will call him after group\"\n  \
         - Worker's assessment: not recorded\n  \
         - Action taken: not recorded\n  \
         - Follow-up: not recorded\n"
    ), "{note}");
}

#[test]
fn without_risk_there_is_no_risk_section() {
    let session = session_with(vec![(
        60,
        Author::Facilitator,
        EventKind::Segment("check-in".into()),
    )]);
    let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(120));
    assert!(!note.contains("Risk and safety"), "{note}");
    assert!(note.contains("- Risk: none logged"), "{note}");
}

#[test]
fn retracted_and_replaced_events_do_not_appear() {
    let note = ended_note();
    assert!(!note.contains("logged for the wrong member"), "{note}");
    assert!(!note.contains("one person speaks at a time"), "{note}");
    assert!(
        note.contains(
            "The group reviewed the norm \"phones away\" at 18:32 (amended: wrong norm — by the co-facilitator on 2026-11-23 at 18:33) (logged by the co-facilitator)."
        ),
        "{note}"
    );
}

#[test]
fn an_open_session_says_it_has_not_ended() {
    let note = progress_note(
        &fixture::group(),
        &fixture::open_session(),
        NameStyle::Full,
        at(2280),
    );
    assert!(
        note.contains("- Status: not ended: figures up to 18:38\n"),
        "{note}"
    );
    assert!(
        note.contains(
            "**This session has not ended.** The figures run up to 18:38, when this note was written."
        ),
        "{note}"
    );
    assert!(
        note.contains("- Duration without breaks: 28 min\n"),
        "{note}"
    );
    assert!(
        note.contains("| Maria López | facilitator | 3 | 7 min | — | 31.1% |"),
        "{note}"
    );
}

#[test]
fn a_session_without_events_says_so() {
    let note = progress_note(
        &fixture::group(),
        &session_with(vec![]),
        NameStyle::Initials,
        at(60),
    );
    assert!(note.contains("\n\nNo events were logged.\n\n"), "{note}");
    assert!(
        note.contains("- Present throughout: A.R., B.T., C.D.\n"),
        "{note}"
    );
    assert!(note.contains("Nobody held the floor."), "{note}");
    assert!(note.contains("### Norms\n\nNone logged."), "{note}");
    assert!(note.contains("- Breaks: none\n"), "{note}");
}

#[test]
fn a_session_whose_every_event_was_retracted_says_so() {
    let session = session_with(vec![
        (
            60,
            Author::Facilitator,
            moment(MomentKind::Bookmark, &[], None),
        ),
        (
            61,
            Author::Facilitator,
            EventKind::Retraction {
                target: crate::model::EventId(1),
            },
        ),
    ]);
    let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(120));
    assert!(
        note.contains("No events stand: every event logged was retracted."),
        "{note}"
    );
}

#[test]
fn attendance_lists_every_kind_with_times() {
    use crate::model::AttendanceChange::{Absent, Arrived, Excused, LeftEarly};
    let change = |member: &str, change| EventKind::Attendance {
        member: fixture::id(member),
        change,
        text: None,
    };
    let session = session_with(vec![
        (0, Author::Facilitator, change("ana", Absent)),
        (0, Author::Facilitator, change("ben", Excused)),
        (300, Author::Facilitator, change("cy", Arrived)),
        (1830, Author::Facilitator, change("cy", LeftEarly)),
    ]);
    let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(3600));
    let expected = "\
Present: 1 of 3 members. Absent: 2 (1 excused).

- Present throughout: none
- Late: Cy D. (arrived 18:05, left 18:30)
- Left early: Cy D. (arrived 18:05, left 18:30)
- Absent: Ana R.
- Excused: Ben T.
";
    assert!(note.contains(expected), "{note}");
    assert!(
        note.contains("### Ana Ruiz — no record number in the roster\n\n- Attendance: absent\n\n### Ben Tal — no record number in the roster"),
        "{note}"
    );
}

#[test]
fn user_text_is_escaped_everywhere() {
    let mut group = fixture::group();
    group.name = "# Parents | *Circle*".into();
    group.members[0].alias = Some("An_a <R>".into());
    let mut session = session_with(vec![
        (
            0,
            Author::Facilitator,
            EventKind::Floor(Floor::Member(fixture::id("ana"))),
        ),
        (
            10,
            Author::Facilitator,
            moment(
                MomentKind::risk(RiskLevel::Concern),
                &["ana"],
                Some("line one\n- line two [link](x)"),
            ),
        ),
        (
            20,
            Author::Facilitator,
            moment(
                MomentKind::Norm {
                    action: NormAction::Established,
                    norm: "`phones` away".into(),
                },
                &[],
                None,
            ),
        ),
    ]);
    session.header.facilitator = "Jo | Co".into();
    session.header.snapshot = Some(group.clone());
    let note = progress_note(&group, &session, NameStyle::Alias, at(30));
    assert!(
        note.starts_with("# \\# Parents \\| \\*Circle\\* — session 4 of 8\n"),
        "{note}"
    );
    assert!(
        note.contains("| An\\_a \\<R\\> | present | 1 | 30 s | 100.0% |"),
        "{note}"
    );
    assert!(note.contains("| Jo \\| Co | facilitator | 0 |"), "{note}");
    assert!(
        note.contains("at 18:00 — An\\_a \\<R\\> — \"line one - line two \\[link\\](x)\""),
        "{note}"
    );
    assert!(
        note.contains("The group established the norm \"\\`phones\\` away\" at"),
        "{note}"
    );
    assert!(
        note.contains("### Ana Ruiz — no record number in the roster\n"),
        "{note}"
    );
}

#[test]
fn one_members_note_has_a_minimal_header_and_only_their_entry() {
    let facts = NoteFacts::gather(
        &fixture::group(),
        &fixture::ended_session(),
        NoteOptions::default(),
        at(9999),
    );
    let Some(ben) = facts.member(&fixture::id("ben")) else {
        panic!("no entry for ben");
    };
    let note = member_markdown(&facts, ben);
    assert!(
        note.starts_with(
            "# Thursday Parents — session 4 of 8 — 2026-11-23\n\n\
             An entry for one member's own record: other members are not named in it.\n\n\
             ## Ben Tal — no record number in the roster\n\n- Attendance: present\n"
        ),
        "{note}"
    );
    assert!(!note.contains("Ana"), "{note}");
    assert!(!note.contains("## Participation"), "{note}");
    assert!(
        note.contains("18:07 — mutual aid · mutual support, with another member\n"),
        "a shared moment is told without its words, which are about another member too: {note}"
    );
    assert!(!note.contains("lift"), "{note}");
    assert!(note.contains("## Sign-off of this entry"), "{note}");
    let entry =
        &note[note.find("- Attendance").unwrap_or(0)..note.find("\n\n## Sign-off").unwrap_or(0)];
    assert!(markdown(&facts).contains(entry));
}

#[test]
fn a_gap_where_logging_stopped_reads_as_such_and_is_not_talk() {
    use crate::model::BreakEdge;
    let ana = || EventKind::Floor(Floor::Member(crate::model::MemberId::new("ana")));
    let session = session_with(vec![
        (0, Author::Facilitator, ana()),
        (60, Author::Facilitator, EventKind::Break(BreakEdge::Start)),
        (120, Author::Facilitator, EventKind::Break(BreakEdge::End)),
        (120, Author::Facilitator, ana()),
        (
            152,
            Author::Facilitator,
            EventKind::Break(BreakEdge::Stopped),
        ),
        (185, Author::Facilitator, EventKind::Break(BreakEdge::End)),
        (
            185,
            Author::Facilitator,
            EventKind::Floor(Floor::Facilitator),
        ),
        (200, Author::Facilitator, EventKind::Ended),
    ]);
    let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(9999));
    assert!(
        note.contains("- Breaks: 1 min 33 s (18:01–18:02, logging stopped 18:02, resumed 18:03)\n"),
        "{note}"
    );
    // 60 s + 32 s of Ana, 15 s of the facilitator: the 33 s gap is nobody's talk.
    assert!(
        note.contains("- Duration without breaks: 1 min 47 s\n"),
        "{note}"
    );
}

#[test]
fn themes_open_the_session_content_and_leave_the_group_process() {
    let session = session_with(vec![
        (
            60,
            Author::Facilitator,
            moment(MomentKind::Theme, &[], Some("fear of relapse")),
        ),
        (
            90,
            Author::Facilitator,
            moment(MomentKind::Theme, &["ana"], Some("trust in the group")),
        ),
    ]);
    let note = progress_note(&fixture::group(), &session, NameStyle::Alias, at(120));
    let content = position(&note, "## Session content");
    assert!(content < position(&note, "## Attendance"));
    assert!(
        note.contains(
            "- Themes the group worked on: \"fear of relapse\" (18:01); \"trust in the group\" (18:01)\n"
        ),
        "{note}"
    );
    // A theme is the session's content, not a jotting or a process.
    let process = &note[position(&note, "## Group process")..];
    assert!(!process.contains("fear of relapse"), "{note}");
}

#[test]
fn without_themes_there_is_no_themes_heading() {
    let note = ended_note();
    assert!(!note.contains("### Themes"), "{note}");
}
