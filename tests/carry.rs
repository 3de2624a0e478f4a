#![allow(clippy::unwrap_used, clippy::expect_used)]

//! What carries from session n to session n+1, and the beginning and ending
//! checklists, through the real `Shell` on a `TestBackend`: a fixture group
//! whose sessions 1 and 2 are written as files, then session 3 started from
//! the home screen — the pane from last time (80x24 and 160x48), the
//! checklists, the pickers, and the note written at the end.

#[path = "support/screen.rs"]
mod screen;

use groupscribe::model::taxonomy::{
    ConflictStatus, ConflictType, ContractTask, NormAction, RiskAction, RiskLevel,
};
use groupscribe::model::{
    AttendanceChange, Author, Event, EventId, EventKind, Group, Moment, MomentKind, PhaseTask,
    RiskDetail, SCHEMA_VERSION, Session, SessionHeader, Timestamp,
};
use groupscribe::tui::{Action, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

const SLUG: &str = "tuesday-circle";

const GROUP: &str = r#"#![enable(implicit_some)]
(
  version: 1,
  name: "Tuesday Circle",
  type: Support,
  purpose: "Peer support for new carers.",
  facilitator: "Sam Okafor",
  planned_sessions: 4,
  membership: Open,
  members: [
    (id: "ana", name: "Ana Ruiz", alias: "Ana R.", goals: ["Ask for one afternoon off"]),
    (id: "ben", name: "Ben Kowalski", alias: "Ben K.", goals: ["Walk twice a week"]),
    (id: "dee", name: "Dee Ong", alias: "Dee O.", goals: []),
    (id: "cy", name: "Cy Mar", alias: "Cy M.", joined: "2026-11-17", goals: []),
  ],
  norms: ["one voice at a time"],
)"#;

fn at(day: u32, minute: i64) -> Timestamp {
    let start =
        chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T18:00:00+01:00")).unwrap();
    start + chrono::TimeDelta::minutes(minute)
}

fn moment(what: MomentKind, members: &[&str], text: Option<&str>) -> EventKind {
    EventKind::Moment(Moment {
        what,
        members: members
            .iter()
            .map(|id| groupscribe::model::MemberId::new(*id))
            .collect(),
        text: text.map(Into::into),
    })
}

fn session(group: &Group, number: u32, day: u32, kinds: Vec<(i64, EventKind)>) -> Session {
    let started = at(day, 0);
    let mut events: Vec<Event> = kinds
        .into_iter()
        .zip(1..)
        .map(|((minute, kind), id)| Event {
            id: EventId(id),
            at: at(day, minute),
            by: Author::Facilitator,
            kind,
        })
        .collect();
    let next = events.len() as u32 + 1;
    events.push(Event {
        id: EventId(next),
        at: at(day, 80),
        by: Author::Facilitator,
        kind: EventKind::Ended,
    });
    Session {
        header: SessionHeader {
            version: SCHEMA_VERSION,
            group: SLUG.into(),
            number,
            started,
            facilitator: group.facilitator.clone(),
            co_facilitator: None,
            source: None,
            snapshot: Some(group.as_of(started.date_naive())),
            observer: None,
        },
        events,
    }
}

fn rating(member: &str, rating: i8) -> EventKind {
    EventKind::GoalRating {
        member: groupscribe::model::MemberId::new(member),
        goal: 0,
        rating,
        text: None,
    }
}

/// Session 1 (Nov 3): the contract in part, a norm set, a conflict opens,
/// a plan, ratings. Session 2 (Nov 10): the norm challenged, the conflict
/// addressed and left unresolved, Ben at elevated risk (follow-up by Sam,
/// due Nov 17), Dee excused, a plan, ratings.
fn fixture_sessions(group: &Group) -> Vec<Session> {
    let s1 = session(
        group,
        1,
        3,
        vec![
            (
                1,
                moment(
                    MomentKind::Task(PhaseTask::Contract(ContractTask::Purpose)),
                    &[],
                    None,
                ),
            ),
            (
                3,
                moment(
                    MomentKind::Norm {
                        action: NormAction::Established,
                        norm: "phones away".into(),
                    },
                    &[],
                    None,
                ),
            ),
            (
                30,
                moment(
                    MomentKind::Conflict {
                        kind: ConflictType::Process,
                        status: ConflictStatus::Emerged,
                        continues: None,
                    },
                    &["ana", "ben"],
                    Some("advice or only listening"),
                ),
            ),
            (
                70,
                moment(MomentKind::Plan, &[], Some("start with a check-in round")),
            ),
            (75, rating("ana", -1)),
            (75, rating("ben", 0)),
        ],
    );
    let s2 = session(
        group,
        2,
        10,
        vec![
            (
                0,
                EventKind::Attendance {
                    member: groupscribe::model::MemberId::new("dee"),
                    change: AttendanceChange::Excused,
                    text: Some("her mother is in hospital".into()),
                },
            ),
            (
                5,
                moment(
                    MomentKind::Norm {
                        action: NormAction::Challenged,
                        norm: "phones away".into(),
                    },
                    &["ben"],
                    None,
                ),
            ),
            (
                20,
                moment(
                    MomentKind::Conflict {
                        kind: ConflictType::Process,
                        status: ConflictStatus::Addressed,
                        continues: None,
                    },
                    &["ana", "ben"],
                    None,
                ),
            ),
            (
                40,
                moment(
                    MomentKind::Conflict {
                        kind: ConflictType::Process,
                        status: ConflictStatus::Unresolved,
                        continues: Some(EventId(3)),
                    },
                    &["ana", "ben"],
                    Some("agreed to come back to it"),
                ),
            ),
            (
                50,
                moment(
                    MomentKind::Risk(
                        RiskLevel::Elevated,
                        Box::new(RiskDetail {
                            actions: vec![RiskAction::SafetyPlan],
                            follow_up_owner: Some("Sam".into()),
                            follow_up_due: chrono::NaiveDate::from_ymd_opt(2026, 11, 17),
                            ..RiskDetail::default()
                        }),
                    ),
                    &["ben"],
                    Some("not sleeping since the move"),
                ),
            ),
            (
                70,
                moment(
                    MomentKind::Plan,
                    &["ben"],
                    Some("call Ben before the group"),
                ),
            ),
            (75, rating("ana", 0)),
            (75, rating("ben", 1)),
        ],
    );
    vec![s1, s2]
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    /// The group and its first `sessions` sessions on disk.
    fn new(sessions: usize) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("sessions");
        let folder = root.join(SLUG);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("group.ron"), GROUP).unwrap();
        let group = groupscribe::store::load_group(&folder.join("group.ron")).unwrap();
        for session in fixture_sessions(&group).into_iter().take(sessions) {
            let path = folder.join(format!(
                "{}-s{:02}.ron",
                session.header.started.format("%Y-%m-%d"),
                session.header.number
            ));
            let text = groupscribe::sample::to_text(&path, &session).unwrap();
            groupscribe::store::write_atomic(&path, &text).unwrap();
        }
        Fixture { _dir: dir, root }
    }

    fn folder(&self) -> PathBuf {
        self.root.join(SLUG)
    }

    /// The file of session `number` (`<date>-sNN.ron`).
    fn session_file(&self, number: u32) -> PathBuf {
        let ending = format!("-s{number:02}.ron");
        std::fs::read_dir(self.folder())
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .find(|path| path.to_string_lossy().ends_with(&ending))
            .unwrap()
    }
}

fn keys(shell: &mut Shell<TestBackend, ManualClock>, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        shell.handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

fn screen(shell: &mut Shell<TestBackend, ManualClock>) -> String {
    shell.draw().unwrap();
    screen::buffer_text(shell.terminal.backend().buffer())
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Session 3 started from the home screen on Nov 17, 18:00.
fn start_session_three(fixture: &Fixture, cols: u16, rows: u16) -> Shell<TestBackend, ManualClock> {
    let mut shell = screen::started_shell(&fixture.root, cols, rows, at(17, 0));
    keys(&mut shell, "\r");
    shell
}

/// The screen's words, borders dropped and wrapped lines joined.
fn flat(screen: &str) -> String {
    screen
        .replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn note_of(folder: &Path, number: u32) -> String {
    let note = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.to_string_lossy()
                .ends_with(&format!("-s{number:02}.note.md"))
        })
        .expect("the note beside the session");
    std::fs::read_to_string(note).unwrap()
}

#[test]
fn session_three_opens_with_what_session_two_left_at_80x24() {
    let fixture = Fixture::new(2);
    let mut shell = start_session_three(&fixture, 80, 24);
    let shown = screen(&mut shell);
    let words = flat(&shown);
    // A norm with its history, the plan, the open conflict, the follow-up due
    // today, who was absent, and the contract for the member who joined.
    for expected in [
        "From session 2 (2026-11-10)",
        "follow up: Ben K. — elevated risk (s2)",
        "by Sam (due today 11-17)",
        "open: process conflict · Ana R., Ben K.",
        "plan: call Ben before the group (Ben K.)",
        "phones away (set s1, challenged s2)",
        "absent last time: Dee O. (excused)",
        "offered: contract for Cy M. 0/5 · ending 0/10 (C)",
    ] {
        assert!(words.contains(expected), "{expected:?} not on:\n{shown}");
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn session_three_opens_with_what_session_two_left_at_160x48() {
    let fixture = Fixture::new(2);
    let mut shell = start_session_three(&fixture, 160, 48);
    insta::assert_snapshot!(screen(&mut shell));
}

#[test]
fn session_two_opens_with_what_session_one_left() {
    let fixture = Fixture::new(1);
    let mut shell = screen::started_shell(&fixture.root, 80, 24, at(10, 0));
    keys(&mut shell, "\r");
    let shown = screen(&mut shell);
    for expected in [
        "From session 1 (2026-11-03)",
        "open: process conflict · Ana R., Ben K. (emerged s1)",
        "plan: start with a check-in round",
        "phones away (set s1)",
        "absent last time: nobody",
    ] {
        assert!(
            flat(&shown).contains(expected),
            "{expected:?} not on:\n{shown}"
        );
    }
    assert!(!shown.contains("follow up:"), "{shown}");
}

#[test]
fn any_key_hides_the_pane_and_acts_and_the_recall_key_shows_it_again() {
    let fixture = Fixture::new(2);
    let mut shell = start_session_three(&fixture, 80, 24);
    assert!(screen(&mut shell).contains("From session 2"));
    // `1` hides it and gives Ana the floor: no key is lost.
    keys(&mut shell, "1");
    let shown = screen(&mut shell);
    assert!(!shown.contains("From session 2"), "{shown}");
    assert!(shown.contains("Speaking: 1 Ana R."), "{shown}");
    keys(&mut shell, "L");
    assert!(screen(&mut shell).contains("From session 2"));
    // Esc hides it and does nothing else.
    keys(&mut shell, "\x1b");
    let shown = screen(&mut shell);
    assert!(!shown.contains("From session 2"), "{shown}");
    assert!(shown.contains("Speaking: 1 Ana R."), "{shown}");
}

#[test]
fn the_norm_picker_lists_the_carried_norms_and_the_goal_picker_the_previous_rating() {
    let fixture = Fixture::new(2);
    let mut shell = start_session_three(&fixture, 80, 24);
    keys(&mut shell, "\x1bn");
    let shown = screen(&mut shell);
    assert!(shown.contains("a one voice at a time"), "{shown}");
    assert!(shown.contains("b phones away"), "{shown}");
    keys(&mut shell, "\x1bG1");
    let shown = screen(&mut shell);
    assert!(
        shown.contains("Ask for one afternoon off · last time 0 (s2)"),
        "{shown}"
    );
    keys(&mut shell, "\x1bG2");
    let shown = screen(&mut shell);
    assert!(
        shown.contains("Walk twice a week · last time +1 (s2)"),
        "{shown}"
    );
    // The closing step names it too, on Ana's page.
    keys(&mut shell, "\x1bqy");
    let shown = screen(&mut shell);
    assert!(shown.contains("Closing step · 1 of 4 · Ana R."), "{shown}");
    assert!(flat(&shown).contains("last time 0 (s2)"), "{shown}");
}

#[test]
fn contract_checklist_for_the_member_who_joined_at_80x24_and_160x48() {
    for (cols, rows, name) in [(80, 24, "contract_80x24"), (160, 48, "contract_160x48")] {
        let fixture = Fixture::new(2);
        let mut shell = start_session_three(&fixture, cols, rows);
        keys(&mut shell, "\x1b");
        let shown = screen(&mut shell);
        assert!(
            shown.contains("contract for Cy M. 0/5 · ending 0/10 (C)"),
            "{shown}"
        );
        // Two keys: the checklist, then the item.
        keys(&mut shell, "C1");
        keys(&mut shell, "C");
        insta::assert_snapshot!(name, screen(&mut shell));
    }
}

#[test]
fn ending_checklist_in_the_last_two_planned_sessions_at_80x24_and_160x48() {
    for (cols, rows, name) in [(80, 24, "ending_80x24"), (160, 48, "ending_160x48")] {
        let fixture = Fixture::new(2);
        let mut shell = start_session_three(&fixture, cols, rows);
        // The contract first (the member who joined), `C` again: the ending.
        keys(&mut shell, "\x1bCC2");
        keys(&mut shell, "CC");
        insta::assert_snapshot!(name, screen(&mut shell));
    }
}

#[test]
fn the_note_of_session_three_says_what_carried_and_what_was_gone_over() {
    let fixture = Fixture::new(2);
    let mut shell = start_session_three(&fixture, 80, 24);
    // Cy's contract: purpose and confidentiality; the ending: progress.
    keys(&mut shell, "\x1bC1C2CC2");
    shell.clock().advance(60 * 60);
    shell.handle(Action::Tick);
    keys(&mut shell, "qys");
    let note = note_of(&fixture.folder(), 3);
    let since = note
        .split("## Since last session")
        .nth(1)
        .expect("a Since last session section")
        .split("\n## ")
        .next()
        .unwrap_or_default();
    assert_eq!(
        since.trim(),
        "Carried over from session 2 (2026-11-10).\n\n\
         - Plan from last time: call Ben before the group (Ben K.).\n\
         - Conflict not resolved (process conflict between Ana R., Ben K.): emerged s1, \
         addressed s2, unresolved s2 — “agreed to come back to it”.\n\
         - Risk to follow up: Ben K., elevated (session 2); safety plan made; follow-up by \
         Sam, due today 2026-11-17.\n\
         - Absent last time: Dee O. (excused: her mother is in hospital).\n\
         - Norms in force: one voice at a time; phones away (established s1, challenged s2)."
    );
    assert!(
        note.contains(
            "## Contract\n\nGone over with Cy M.: 2 of 5 items.\n\n\
             - Covered: the group's purpose and process (18:00, with Cy M.).\n\
             - Covered: confidentiality and its limits (18:00, with Cy M.).\n\
             - Not covered this session: the worker's and members' roles; norms of \
             participation; individual goals linked to the group's purpose."
        ),
        "{note}"
    );
    assert!(
        note.contains(
            "## Ending\n\nGone over with the whole group: 1 of 10 items.\n\n\
             - Covered: review of progress: gains and changes (18:00).\n"
        ),
        "{note}"
    );
}

#[test]
fn the_first_session_offers_the_contract_and_declaring_the_ending_offers_it_after() {
    let fixture = Fixture::new(0);
    let mut shell = screen::started_shell(&fixture.root, 80, 24, at(3, 0));
    keys(&mut shell, "\r");
    let shown = screen(&mut shell);
    assert!(!shown.contains("From session"), "{shown}");
    assert!(shown.contains("contract 0/5 (C)"), "{shown}");
    assert!(!shown.contains("ending 0/10"), "{shown}");
    keys(&mut shell, "L");
    assert!(
        screen(&mut shell).contains("Nothing carries over"),
        "the recall key says why there is no pane"
    );
    // Declaring the ending phase logs it and opens the ending checklist.
    keys(&mut shell, "E");
    let shown = screen(&mut shell);
    assert!(
        shown.contains("Ending checklist · the whole group · 0 of 10"),
        "{shown}"
    );
    keys(&mut shell, "\x1b");
    let shown = screen(&mut shell);
    assert!(shown.contains("contract 0/5 · ending 0/10 (C)"), "{shown}");
    let session = std::fs::read_dir(fixture.folder())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.to_string_lossy().ends_with("-s01.ron"))
        .unwrap();
    let text = std::fs::read_to_string(session).unwrap();
    assert!(text.contains("what:Task(EndingPhase)"), "{text}");
}

#[test]
fn the_sample_groups_session_four_opens_with_its_three_sessions_behind_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sessions");
    let folder = root.join("thursday-peer-support");
    std::fs::create_dir_all(&folder).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/thursday-peer-support");
    for entry in std::fs::read_dir(&samples).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "group.ron" || name.ends_with(".sample.ron") {
            std::fs::copy(entry.path(), folder.join(&name)).unwrap();
        }
    }
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z").unwrap();
    let mut shell = screen::started_shell(&root, 80, 24, now);
    keys(&mut shell, "\r");
    let shown = screen(&mut shell);
    for expected in [
        "From session 3 (2026-11-19)",
        "follow up: Eli S. — concern risk (s3): no follow-up recorded",
        "bring the draft letter to the council",
        "start and end on time (set s1)",
    ] {
        assert!(
            flat(&shown).contains(expected),
            "{expected:?} not on:\n{shown}"
        );
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn a_tick_is_logged_once_and_undo_takes_it_back() {
    let fixture = Fixture::new(2);
    let mut shell = start_session_three(&fixture, 80, 24);
    keys(&mut shell, "\x1bC1");
    assert!(
        screen(&mut shell).contains("Ticked: the group's purpose and process (contract 1 of 5).")
    );
    keys(&mut shell, "\x1b");
    assert!(screen(&mut shell).contains("contract for Cy M. 1/5"));
    keys(&mut shell, "C1");
    let shown = screen(&mut shell);
    assert!(shown.contains("Already ticked"), "{shown}");
    assert!(shown.contains("saved ✓ 1"), "logged once:\n{shown}");
    keys(&mut shell, "u");
    let shown = screen(&mut shell);
    assert!(shown.contains("Undone: contract · purpose"), "{shown}");
    keys(&mut shell, "\x1b");
    assert!(screen(&mut shell).contains("contract for Cy M. 0/5"));
}

#[test]
fn the_html_note_has_the_same_sections_and_escapes_what_was_typed() {
    use groupscribe::metrics::carry::CarryOver;
    use groupscribe::note::{NoteFacts, NoteOptions};
    let fixture = Fixture::new(0);
    let group = groupscribe::store::load_group(&fixture.folder().join("group.ron")).unwrap();
    let mut sessions = fixture_sessions(&group);
    // A plan typed with markup in it.
    if let Some(plan) = sessions[1].events.iter_mut().find(|event| {
        matches!(
            &event.kind,
            EventKind::Moment(Moment {
                what: MomentKind::Plan,
                ..
            })
        )
    }) {
        plan.kind = moment(MomentKind::Plan, &[], Some("<b>call</b> *Ben*"));
    }
    let mut third = session(
        &group,
        3,
        17,
        vec![(
            5,
            moment(
                MomentKind::Task(PhaseTask::Contract(ContractTask::Confidentiality)),
                &["cy"],
                None,
            ),
        )],
    );
    third.header.snapshot = Some(group.as_of(at(17, 0).date_naive()));
    let carry = CarryOver::into_session(&sessions, &group, &third);
    let options = NoteOptions {
        names: groupscribe::model::NameStyle::Alias,
        redact: false,
    };
    let facts = NoteFacts::gather_carried(&group, &third, options, at(17, 90), Some(&carry));
    let markdown = groupscribe::note::markdown(&facts);
    assert!(
        markdown.contains("- Plan from last time: \\<b\\>call\\</b\\> \\*Ben\\*."),
        "{markdown}"
    );
    let html = groupscribe::note::html(&facts);
    assert!(html.contains("<section id=\"since-last\">\n<h2>Since last session</h2>"));
    assert!(html.contains("&lt;b&gt;call&lt;/b&gt; *Ben*"), "{html}");
    assert!(!html.contains("<b>call</b>"));
    assert!(html.contains("<section id=\"contract\">\n<h2>Contract</h2>"));
    assert!(
        html.contains("Gone over with Cy M.: 1 of 5 items."),
        "{html}"
    );
    assert!(html.contains("<section id=\"ending\">\n<h2>Ending</h2>"));
    // Without the carry-over: no Since last session, and only ticked checklists.
    let plain = NoteFacts::gather(&group, &third, options, at(17, 90));
    let markdown = groupscribe::note::markdown(&plain);
    assert!(!markdown.contains("Since last session"));
    assert!(markdown.contains("## Contract") && !markdown.contains("## Ending"));
}

#[test]
fn a_carried_conflict_is_offered_by_c_and_its_update_carries_on_to_the_next_session() {
    use groupscribe::metrics::carry::CarryOver;
    let fixture = Fixture::new(2);
    let mut shell = start_session_three(&fixture, 80, 24);
    keys(&mut shell, "\x1bc");
    let shown = screen(&mut shell);
    assert!(
        shown.contains("update: process · Ana R., Ben K. · unresolved s2"),
        "{shown}"
    );
    // Its key, then Enter: the next step proposed (addressed), its members kept.
    keys(&mut shell, "1\r");
    keys(&mut shell, "qys");
    let folder = fixture.folder();
    let group = groupscribe::store::load_group(&folder.join("group.ron")).unwrap();
    let (earlier, problems) = groupscribe::store::earlier::earlier_records(&folder, &group, 4);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(earlier.len(), 3);
    let carry = CarryOver::gather(&earlier, &group, 4, at(24, 0).date_naive());
    assert_eq!(carry.conflicts.len(), 1);
    assert_eq!(
        carry.conflicts[0].steps,
        [
            (1, ConflictStatus::Emerged),
            (2, ConflictStatus::Addressed),
            (2, ConflictStatus::Unresolved),
            (3, ConflictStatus::Addressed),
        ]
    );
    // Cy joined in session 3: on no earlier roster of session 4 but that one.
    assert!(carry.joined.is_empty(), "{:?}", carry.joined);
}

/// Only earlier sessions are read for what carries over: a later session (or
/// the session itself) is passed over on its header, so a long history after
/// it costs nothing, and a later file damaged in its body is not reported
/// here (its own `check` reports it).
#[test]
fn what_carries_into_a_session_reads_no_later_session() {
    let fixture = Fixture::new(2);
    let folder = fixture.folder();
    let group = groupscribe::store::load_group(&folder.join("group.ron")).unwrap();
    let later = fixture.session_file(2);
    let mut text = std::fs::read_to_string(&later).unwrap();
    text.push_str("(id:999999,at:\"not a time\",by:Facilitator,kind:Ended)\n");
    std::fs::write(&later, text).unwrap();
    let (earlier, problems) = groupscribe::store::earlier::earlier_records(&folder, &group, 2);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        earlier.iter().map(|s| s.header.number).collect::<Vec<_>>(),
        [1]
    );
    // Into session 3, the damaged session 2 is read, and named.
    let (earlier, problems) = groupscribe::store::earlier::earlier_records(&folder, &group, 3);
    assert_eq!(earlier.len(), 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
}

/// The carry-over from the digests kept beside the sessions is the
/// carry-over from the records themselves; a digest is read back while its
/// session is unchanged, and made again from the record once it changes.
#[test]
fn the_carry_over_from_digests_is_the_carry_over_from_the_records() {
    use groupscribe::metrics::carry::CarryOver;
    use groupscribe::store::earlier::{DIGEST_DIR, digest, earlier_records};
    let fixture = Fixture::new(2);
    let folder = fixture.folder();
    let group = groupscribe::store::load_group(&folder.join("group.ron")).unwrap();
    let today = at(17, 0).date_naive();
    let records: Vec<_> = fixture_sessions(&group).into_iter().take(2).collect();
    let from_records = CarryOver::gather(&records, &group, 3, today);
    assert!(!from_records.is_empty() && !from_records.conflicts.is_empty());
    let digests: Vec<_> = records.iter().map(digest).collect();
    assert_eq!(CarryOver::gather(&digests, &group, 3, today), from_records);
    // And on the sample group's sessions, turns and amendments and all.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/thursday-peer-support");
    let sample_group = groupscribe::store::load_group(&sample.join("group.ron")).unwrap();
    let mut full = Vec::new();
    for entry in std::fs::read_dir(&sample).unwrap().flatten() {
        let path = entry.path();
        if path.to_string_lossy().ends_with(".sample.ron") {
            full.push(
                groupscribe::store::load_record(&path, Some(&sample_group))
                    .unwrap()
                    .loaded
                    .session,
            );
        }
    }
    assert!(full.len() >= 3);
    let digests: Vec<_> = full.iter().map(digest).collect();
    for (digest, record) in digests.iter().zip(&full) {
        assert!(
            digest
                .events
                .iter()
                .all(|e| !matches!(e.kind, EventKind::Floor(_)))
        );
        assert!(
            digest.events.len() * 2 < record.events.len(),
            "turns are left out"
        );
    }
    let next = full.iter().map(|s| s.header.number).max().unwrap() + 1;
    let day = at(30, 0).date_naive();
    let carried = CarryOver::gather(&full, &sample_group, next, day);
    assert!(!carried.is_empty() && !carried.norms.is_empty());
    assert_eq!(
        CarryOver::gather(&digests, &sample_group, next, day),
        carried
    );

    // Made once, then read back.
    let (first, problems) = earlier_records(&folder, &group, 3);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(CarryOver::gather(&first, &group, 3, today), from_records);
    let kept = folder.join(DIGEST_DIR);
    let mut names: Vec<_> = std::fs::read_dir(&kept)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    use std::os::unix::fs::PermissionsExt;
    for path in &names {
        assert_eq!(
            std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert_eq!(
        std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
        0o700
    );
    // A digest changed by hand (and its session not) is what is read: proof
    // that the record was not parsed again.
    let text = std::fs::read_to_string(&names[0]).unwrap();
    assert!(text.contains("phones away"));
    std::fs::write(&names[0], text.replace("phones away", "phones off")).unwrap();
    let (read_back, _) = earlier_records(&folder, &group, 3);
    assert_eq!(
        CarryOver::gather(&read_back, &group, 3, today)
            .norms
            .iter()
            .filter(|n| n.norm == "phones off")
            .count(),
        1
    );
    // The session changes (a line appended): its digest is made again from it.
    let session = fixture.session_file(1);
    let mut record = std::fs::read_to_string(&session).unwrap();
    record.push('\n');
    std::fs::write(&session, record).unwrap();
    let (remade, problems) = earlier_records(&folder, &group, 3);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(CarryOver::gather(&remade, &group, 3, today), from_records);
}
