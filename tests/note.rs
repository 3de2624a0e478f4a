//! The progress note, end to end: a session built by hand whose every figure
//! is worked out by hand below, CommonMark validity, confidentiality of the
//! member entries, redaction, templates, the `note` command, the invariants
//! of the participation figures (proptest), and how long a long session takes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/builders.rs"]
mod builders;

use builders::{
    at, attendance, conflict, goal_rating, header, id, member, moment, norm, parents_circle,
    session_of, speaks,
};

use groupscribe::metrics::Participation;
use groupscribe::model::taxonomy::{
    ConflictStatus, ConflictType, MutualAidKind, NormAction, RiskLevel, Skill,
};
use groupscribe::model::{
    AttendanceChange, Author, BreakEdge, Event, EventId, EventKind, Floor, Group, Moment,
    MomentKind, NameStyle, Session,
};
use groupscribe::note::{self, NoteFacts, NoteOptions};
use pulldown_cmark::{Event as Md, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::Path;

// ---------------------------------------------------------------------------
// The hand-built session
// ---------------------------------------------------------------------------

fn group() -> Group {
    parents_circle()
}

/// The floor, second by second (F = Sam Okafor, Co = Lee Park):
///
/// ```text
///    0–10   silence                     check-in from 0
///   10–70   F          60
///   70–190  Ana       120
///  190–250  Ben        60
///  250–310  F          60   (a turn across the change to "main activity" at 300)
///  310–370  Cara       60   (arrived late at 280)
///  370–430  Ana        60
///  430–460  silence    30
///  460–520  Ben        60
///  520–550  Co         30
///  550–610  Ana        60
///  610–910  break     300
///  910–920  silence    10
///  920–980  Ben        60
///  980–1000 crosstalk  20
/// 1000–1060 F          60   check-out from 1000
/// 1060–1090 Cara       30
/// 1090–1200 F         110   ended at 1200
/// ```
///
/// Dev is excused; Eli is present and never speaks.
fn hand_session() -> Session {
    recorded(session_of(vec![
        (0, EventKind::Segment("check-in".into())),
        (0, attendance("dev", AttendanceChange::Excused, None)),
        (10, EventKind::Floor(Floor::Facilitator)),
        (70, speaks("ana")),
        (190, speaks("ben")),
        (250, EventKind::Floor(Floor::Facilitator)),
        (280, attendance("cara", AttendanceChange::Arrived, None)),
        (300, EventKind::Segment("main activity".into())),
        (310, speaks("cara")),
        (370, speaks("ana")),
        (
            400,
            moment(
                MomentKind::MutualAid(MutualAidKind::SameBoat),
                &["ana", "cara"],
                Some("Cara said she felt the same"),
            ),
        ),
        (430, EventKind::Floor(Floor::Silence)),
        (460, speaks("ben")),
        (
            480,
            conflict(ConflictType::Task, ConflictStatus::Emerged, &["ana", "ben"]),
        ),
        (
            500,
            moment(
                MomentKind::Intervention(Skill::MediatingConflict),
                &["ana", "ben"],
                None,
            ),
        ),
        (520, EventKind::Floor(Floor::CoFacilitator)),
        (550, speaks("ana")),
        (
            600,
            conflict(
                ConflictType::Task,
                ConflictStatus::Resolved,
                &["ben", "ana"],
            ),
        ),
        (610, EventKind::Break(BreakEdge::Start)),
        (910, EventKind::Break(BreakEdge::End)),
        (920, speaks("ben")),
        (
            930,
            moment(
                MomentKind::risk(RiskLevel::Elevated),
                &["ben"],
                Some("Said he has not slept for days"),
            ),
        ),
        (
            950,
            moment(MomentKind::Intervention(Skill::Supporting), &["ben"], None),
        ),
        (980, EventKind::Floor(Floor::Crosstalk)),
        (1000, EventKind::Segment("check-out".into())),
        (1000, EventKind::Floor(Floor::Facilitator)),
        (1020, norm(NormAction::Broken, "phones away", &["cara"])),
        (1060, speaks("cara")),
        (1090, goal_rating("ana", 0, 1, None)),
        (1090, EventKind::Floor(Floor::Facilitator)),
        (
            1095,
            moment(
                MomentKind::Note,
                &["ben"],
                Some("Ben asked Ana Ruiz and C.D. about respite; eli nodded"),
            ),
        ),
        (
            1100,
            moment(
                MomentKind::Plan,
                &["eli"],
                Some("Invite Eli to open the next check-in"),
            ),
        ),
        (1150, EventKind::Stage("norming".into())),
        (1200, EventKind::Ended),
    ]))
}

/// The session as groupscribe writes it: its header keeps the group as it was.
fn recorded(mut session: Session) -> Session {
    session.header.snapshot = Some(group());
    session
}

fn facts_with(options: NoteOptions) -> NoteFacts {
    NoteFacts::gather(&group(), &hand_session(), options, at(5000))
}

fn hand_note() -> String {
    note::progress_note(&group(), &hand_session(), NameStyle::Alias, at(5000))
}

/// The line must be in the note exactly as given.
#[track_caller]
fn has_line(note: &str, line: &str) {
    assert!(
        note.lines().any(|candidate| candidate == line),
        "missing line:\n{line}\nin:\n{note}"
    );
}

// ---------------------------------------------------------------------------
// Every figure, worked out by hand
// ---------------------------------------------------------------------------

#[test]
fn the_header_has_every_fact_of_the_session() {
    let note = hand_note();
    let expected = "\
# Parents' Circle — session 2 of 6

- Group type: psycho-educational
- Date: 2026-11-23
- Time: 18:00–18:20 (times in UTC+01:00)
- Duration without breaks: 15 min
- Breaks: 5 min (18:10–18:15)
- Facilitator: Sam Okafor
- Co-facilitator: Lee Park
- Stage of group development observed: norming (18:19)
- Status: ended at 18:20
- Record: 34 events logged, 0 retracted, 0 amended
- Roster: as recorded when the session began
";
    // 1200 s from start to end, minus the 300 s break, is 900 s = 15 min.
    assert!(note.starts_with(expected), "{note}");
}

#[test]
fn risk_comes_first_with_not_recorded_fields_and_the_intervention_only_as_a_suggestion() {
    let note = hand_note();
    let risk = note.find("## Risk and safety").unwrap();
    assert!(risk < note.find("## Attendance").unwrap());
    assert!(note.contains(
        "## Risk and safety\n\n\
         - **Elevated** at 18:15 — Ben K. — \"Said he has not slept for days\"\n  \
         - Worker's assessment: not recorded\n  \
         - Action taken: not recorded\n  \
         - Follow-up: not recorded\n  \
         - Suggested from the record (not entered by the worker): supporting (18:15)\n"
    ));
}

#[test]
fn attendance_counts_and_lists() {
    let note = hand_note();
    has_line(&note, "Present: 4 of 5 members. Absent: 1 (1 excused).");
    has_line(&note, "- Present throughout: Ana R., Ben K., Eli S.");
    has_line(&note, "- Late: Cara Diaz (arrived 18:04)");
    has_line(&note, "- Left early: none");
    has_line(&note, "- Absent: none");
    has_line(&note, "- Excused: Dev P.");
}

#[test]
fn agenda_segments_and_their_lengths() {
    let note = hand_note();
    has_line(
        &note,
        "Purpose: Parents of teenagers share what works and practise hard conversations.",
    );
    // check-in 0–300; main activity 300–1000 less the 300 s break = 400 s;
    // check-out 1000–1200. The stretch before check-in is empty and left out.
    has_line(&note, "| check-in | 18:00 | 18:05 | 5 min | — |");
    has_line(
        &note,
        "| main activity | 18:05 | 18:16 | 6 min 40 s | 5 min |",
    );
    has_line(&note, "| check-out | 18:16 | 18:20 | 3 min 20 s | — |");
    assert!(!note.contains("before the first segment"), "{note}");
}

#[test]
fn the_participation_table_per_person() {
    let note = hand_note();
    // Talk: Ana 120+60+60 = 240 s, Ben 60+60+60 = 180 s, Cara 60+30 = 90 s,
    // Eli 0: member talk 510 s. F 60+60+60+110 = 290 s, Co 30 s, crosstalk 20 s:
    // all talk 850 s. Silence 10+30+10 = 50 s; 850 + 50 = 900 s, the clock.
    // Shares of member talk: 240/510 = 47.06%, 180/510 = 35.29%, 90/510 = 17.65%.
    // Shares of all talk: 240/850 = 28.24%, 180/850 = 21.18%, 90/850 = 10.59%,
    // 290/850 = 34.12%, 30/850 = 3.53%, 20/850 = 2.35%.
    has_line(
        &note,
        "| Ana R. | present | 3 | 4 min | 47.1% | 28.2% | 2 min | 18:01 | 18:09 |",
    );
    has_line(
        &note,
        "| Ben K. | present | 3 | 3 min | 35.3% | 21.2% | 1 min | 18:03 | 18:15 |",
    );
    has_line(
        &note,
        "| Cara Diaz | late (arrived 18:04) | 2 | 1 min 30 s | 17.6% | 10.6% | 1 min | 18:05 | 18:17 |",
    );
    has_line(
        &note,
        "| Eli S. | present | 0 | 0 s | 0.0% | 0.0% | — | — | — |",
    );
    has_line(
        &note,
        "| Sam Okafor | facilitator | 4 | 4 min 50 s | — | 34.1% | 1 min 50 s | 18:00 | 18:18 |",
    );
    has_line(
        &note,
        "| Lee Park | co-facilitator | 1 | 30 s | — | 3.5% | 30 s | 18:08 | 18:08 |",
    );
    has_line(
        &note,
        "| crosstalk | several at once | 1 | 20 s | — | 2.4% | 20 s | 18:16 | 18:16 |",
    );
    assert!(
        !note.contains("| Dev P. |"),
        "an excused member has no row:\n{note}"
    );
}

#[test]
fn silence_transitions_and_evenness() {
    let note = hand_note();
    // Facilitators 290 + 30 = 320 s of 850 s = 37.65%.
    has_line(
        &note,
        "- All talk: 14 min 10 s — members 8 min 30 s, facilitators 5 min 20 s (37.6% of all talk), several at once 20 s",
    );
    has_line(&note, "- Silence: 50 s in total, longest 30 s");
    // People in order: F, Ana, Ben, F, Cara, Ana, Ben, Co, Ana, (break) Ben,
    // (crosstalk skipped) F, Cara, F: 12 transitions, of which Ana→Ben ×3 and
    // Cara→Ana are member to member: 4 of 12 = 33.3%.
    has_line(&note, "- Member-to-member transitions: 4 of 12 (33.3%)");
    // Gini over 0, 90, 180, 240 (Eli, Cara, Ben, Ana):
    // Σ (2i − n + 1)·xᵢ = −3·0 − 1·90 + 1·180 + 3·240 = 810; 810 / (4 · 510) = 0.397.
    has_line(
        &note,
        "- Evenness of member talk: Gini 0.40 over the 4 members who attended — talk was uneven: a few members held most of it",
    );
    has_line(&note, "- Quiet members: Eli S. (did not speak)");
}

#[test]
fn the_turn_taking_matrix() {
    let note = hand_note();
    has_line(
        &note,
        "| Speaker ↓ then → | Ana R. | Ben K. | Cara Diaz | Sam Okafor | Lee Park | Total |",
    );
    has_line(&note, "| Ana R. | — | 3 | 0 | 0 | 0 | 3 |");
    has_line(&note, "| Ben K. | 0 | — | 0 | 2 | 1 | 3 |");
    has_line(&note, "| Cara Diaz | 1 | 0 | — | 1 | 0 | 2 |");
    has_line(&note, "| Sam Okafor | 1 | 0 | 2 | — | 0 | 3 |");
    has_line(&note, "| Lee Park | 1 | 0 | 0 | 0 | — | 1 |");
    assert!(
        !note.contains("| Eli S. | 0 | 0"),
        "Eli took no part in a transition"
    );
}

#[test]
fn the_figures_per_agenda_segment() {
    let note = hand_note();
    // check-in: clock 300 s; F 60+50 (the turn from 250 runs on into the next
    // segment), Ana 120, Ben 60; silence 10. Turns begun: F 2, Ana, Ben = 4.
    // Facilitators 110/290 = 37.9%. Transitions F→Ana, Ana→Ben, Ben→F: 1 of 3.
    // Gini over 120, 60, 0, 0: (3·120 + 1·60) / (4·180) = 420/720 = 0.58.
    has_line(
        &note,
        "| check-in | 5 min | 4 | 3 min | 37.9% | 10 s | 1 of 3 (33.3%) | 0.58 |",
    );
    // main activity: clock 400 s; F 10, Cara 60, Ana 120, Ben 120, Co 30,
    // crosstalk 20; silence 30+10. Turns begun by people: Cara, Ana, Ben, Co,
    // Ana, Ben = 6. Facilitators 40/360 = 11.1%. Transitions F→Cara, Cara→Ana,
    // Ana→Ben, Ben→Co, Co→Ana, Ana→Ben: 3 of 6. Gini over 120, 120, 60, 0:
    // (3·120 + 1·120 − 1·60) / (4·300) = 420/1200 = 0.35.
    has_line(
        &note,
        "| main activity | 6 min 40 s | 6 | 5 min | 11.1% | 40 s | 3 of 6 (50.0%) | 0.35 |",
    );
    // check-out: clock 200 s; F 60+110, Cara 30. Turns F 2, Cara 1.
    // Facilitators 170/200 = 85%. Ben→F, F→Cara, Cara→F: 0 of 3.
    // Gini over 30, 0, 0, 0: 3·30 / (4·30) = 0.75.
    has_line(
        &note,
        "| check-out | 3 min 20 s | 3 | 30 s | 85.0% | 0 s | 0 of 3 (0.0%) | 0.75 |",
    );
}

#[test]
fn the_categories_against_the_people_present() {
    let note = hand_note();
    // Attending members with a category: Ana, Cara, Eli (parent), Ben (grandparent).
    // parent: 3 of 4 = 75%, talk (240 + 90 + 0) / 510 = 64.7%.
    // grandparent: 1 of 4 = 25%, talk 180 / 510 = 35.3%.
    has_line(&note, "| grandparent | 1 | 25.0% | 35.3% |");
    has_line(&note, "| parent | 3 | 75.0% | 64.7% |");
}

#[test]
fn the_narrative_retells_the_figures() {
    let note = hand_note();
    has_line(
        &note,
        "Four of five members attended. Talk was uneven: a few members held most of it (Gini 0.40). \
         Ana R. held 47.1% of member talk; Eli S. did not speak. 33.3% of transitions between \
         speakers (4 of 12) went directly from member to member. The facilitators held 37.6% of all talk.",
    );
}

#[test]
fn the_group_process() {
    let note = hand_note();
    has_line(
        &note,
        "The norm \"phones away\" was broken at 18:17 (Cara Diaz).",
    );
    has_line(
        &note,
        "**A task conflict** between Ana R. and Ben K. emerged at 18:08 and was resolved at 18:10. \
         The worker responded with mediating conflict (18:08).",
    );
    has_line(
        &note,
        "**All in the same boat**: Ana R. and Cara Diaz at 18:06 (\"Cara said she felt the same\").",
    );
    has_line(&note, "- 18:08 — mediating conflict — with Ana R., Ben K.");
    has_line(&note, "- 18:15 — supporting — with Ben K.");
    assert!(!note.contains("Not resolved"), "the conflict was resolved");
}

#[test]
fn the_plan_holds_the_facilitators_entries_and_what_the_record_suggests() {
    let note = hand_note();
    let expected = "\
## Plan for next session

Logged by the facilitator:

- Invite Eli to open the next check-in (about Eli S.)

Suggested from the record:

- Make room early for Eli S., who did not speak.
- Review the norm \"phones away\" with the group (broken at 18:17).
- Follow up the risk concerning Ben K. (elevated, logged at 18:15).
";
    assert!(note.contains(expected), "{note}");
}

#[test]
fn each_member_entry_tells_their_own_part() {
    let note = hand_note();
    let ana = "\
### Ana Ruiz — no record number in the roster

- Attendance: present
- Participation: 3 turns, 4 min of talk (47.1% of member talk); longest turn 2 min
- Moments:
  - 18:06 — mutual aid · all in the same boat, with another member
  - 18:08 — task conflict · resolved, with another member
  - 18:08 — worker intervention · mediating conflict, with another member
- Goals:
  - Goal 1 \"Ask for help once a week\": +1, more than expected (18:18)
- Risk: none logged
- Plan: nothing specific to this member
";
    assert!(note.contains(ana), "{note}");
    let ben_risk = "- Risk:\n  - **Elevated** at 18:15 — \"Said he has not slept for days\". Worker's assessment: not recorded. Action taken: not recorded. Follow-up: not recorded. Suggested from the record (not entered by the worker): supporting (18:15)";
    assert!(note.contains(ben_risk), "{note}");
    has_line(
        &note,
        "  - 18:18 — note — \"Ben asked another member and another member about respite; another member nodded\"",
    );
    has_line(
        &note,
        "- Participation: 0 turns, 0 s of talk (0.0% of member talk); did not speak",
    );
    assert!(note.contains(
        "### Dev Patel — no record number in the roster\n\n- Attendance: excused\n\n### Eli Sato"
    ));
    // A shared moment's words are about the other member too: not in either entry.
    assert!(
        !note.contains("another member said she felt the same"),
        "{note}"
    );
}

#[test]
fn the_sign_off_block() {
    let note = hand_note();
    let expected = "\
## Sign-off

Draft: not signed yet.

Drafted by groupscribe from the session record as of the session's end on 2026-11-23 at 18:20. Nothing in the record is erased: corrections after signing are added as dated addenda.

| Role | Name | Date and time | Signature |
| --- | --- | --- | --- |
| Facilitator (written by) | Sam Okafor |   |   |
| Co-facilitator (reviewed) | Lee Park |   |   |
| Supervisor (co-signed) |   |   |   |

## Appendix: participation detail
";
    assert!(note.contains(expected), "{note}");
}

#[test]
fn the_facts_carry_the_exact_figures() {
    let facts = facts_with(NoteOptions::default());
    let p = &facts.participation;
    assert_eq!(
        (p.member_talk, p.facilitator_talk, p.crosstalk, p.all_talk),
        (510_000, 320_000, 20_000, 850_000)
    );
    assert_eq!((p.silence, p.longest_silence), (50_000, 30_000));
    assert_eq!(facts.header.clock + facts.header.breaks_total, 1_200_000);
    let gini = p.equity.gini.unwrap();
    assert!((gini - 810.0 / 2040.0).abs() < 1e-12, "{gini}");
    assert_eq!(
        p.matrix.counts,
        vec![
            vec![0, 3, 0, 0, 0],
            vec![0, 0, 0, 2, 1],
            vec![1, 0, 0, 1, 0],
            vec![1, 0, 2, 0, 0],
            vec![1, 0, 0, 0, 0],
        ]
    );
    let clocks: Vec<i64> = p.segments.iter().map(|s| s.length).collect();
    assert_eq!(clocks, [300_000, 400_000, 200_000]);
}

// ---------------------------------------------------------------------------
// CommonMark
// ---------------------------------------------------------------------------

/// What a CommonMark parser sees in a note.
#[derive(Debug, Default)]
struct Structure {
    headings: Vec<(HeadingLevel, String)>,
    /// Columns of each table, and the cell count of each of its rows.
    tables: Vec<(usize, Vec<usize>)>,
    html: Vec<String>,
}

fn structure(markdown: &str) -> Structure {
    let mut found = Structure::default();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut cells = 0;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Md::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Md::End(TagEnd::Heading(_)) => found.headings.extend(heading.take()),
            Md::Text(text) | Md::Code(text) => {
                if let Some((_, words)) = &mut heading {
                    words.push_str(&text);
                }
            }
            Md::Start(Tag::Table(alignments)) => found.tables.push((alignments.len(), vec![])),
            Md::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Md::Start(Tag::TableCell) => cells += 1,
            Md::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some((_, rows)) = found.tables.last_mut() {
                    rows.push(cells);
                }
            }
            Md::Html(html) | Md::InlineHtml(html) => found.html.push(html.to_string()),
            _ => {}
        }
    }
    found
}

#[track_caller]
fn assert_tables_are_whole(structure: &Structure) {
    for (columns, rows) in &structure.tables {
        assert!(
            rows.iter().all(|cells| cells == columns),
            "a table row has the wrong number of cells: {columns} columns, rows {rows:?}"
        );
    }
}

#[test]
fn the_note_is_commonmark_with_its_headings_and_tables() {
    let found = structure(&hand_note());
    assert!(found.html.is_empty(), "{:?}", found.html);
    assert_tables_are_whole(&found);
    let shape: Vec<(usize, usize)> = found
        .tables
        .iter()
        .map(|(columns, rows)| (*columns, rows.len()))
        .collect();
    // sign-off, then in the appendix: agenda, people, matrix, segments,
    // categories (rows with the head).
    assert_eq!(shape, [(4, 4), (5, 4), (9, 8), (7, 6), (8, 4), (4, 3)]);
    let headings: Vec<(HeadingLevel, &str)> = found
        .headings
        .iter()
        .map(|(level, text)| (*level, text.as_str()))
        .collect();
    use HeadingLevel::{H1, H2, H3, H4};
    assert_eq!(
        headings,
        [
            (H1, "Parents' Circle — session 2 of 6"),
            (H2, "Risk and safety"),
            (H2, "Session content"),
            (H2, "Attendance"),
            (H2, "Participation"),
            (H2, "Group process"),
            (H3, "Norms"),
            (H3, "Conflicts"),
            (H3, "Mutual aid"),
            (H3, "Worker interventions"),
            (H3, "Notes and bookmarks"),
            (H2, "Plan for next session"),
            (H2, "Individual entries"),
            (H3, "Ana Ruiz — no record number in the roster"),
            (H3, "Ben Kowalski — no record number in the roster"),
            (H3, "Cara Diaz — no record number in the roster"),
            (H3, "Dev Patel — no record number in the roster"),
            (H3, "Eli Sato — no record number in the roster"),
            (H2, "Sign-off"),
            (H2, "Appendix: participation detail"),
            (H3, "Agenda"),
            (H3, "Participation figures"),
            (H4, "Who spoke after whom"),
            (H4, "By agenda segment"),
            (H4, "By self-described category"),
        ]
    );
}

// ---------------------------------------------------------------------------
// Fidelity: conflicts keep their identity, typed words are kept
// ---------------------------------------------------------------------------

/// A process conflict about Ana, resolved while Ben and Cara hold the floor:
/// the picker names the speakers, `continues` names the conflict.
fn conflict_resolved_while_others_speak() -> Session {
    session_of(vec![
        (0, speaks("ana")),
        (
            30,
            conflict(ConflictType::Process, ConflictStatus::Emerged, &["ana"]),
        ),
        (60, speaks("ben")),
        (90, speaks("cara")),
        (
            120,
            moment(
                MomentKind::Conflict {
                    kind: ConflictType::Process,
                    status: ConflictStatus::Resolved,
                    continues: Some(EventId(2)),
                },
                &["ben", "cara"],
                Some("agreed on turn-taking"),
            ),
        ),
        (200, EventKind::Ended),
    ])
}

#[test]
fn a_conflict_resolved_while_others_speak_reads_resolved() {
    let note = note::progress_note(
        &group(),
        &conflict_resolved_while_others_speak(),
        NameStyle::Alias,
        at(5000),
    );
    has_line(
        &note,
        "**A process conflict** involving Ana R. emerged at 18:00 and was resolved at 18:02 \
         (\"agreed on turn-taking\"). No intervention was logged for it.",
    );
    assert!(!note.contains("Not resolved"), "{note}");
    assert!(!note.contains("not yet addressed"), "{note}");
    assert_eq!(note.matches("**A process conflict**").count(), 1, "{note}");
}

#[test]
fn an_old_file_without_conflict_identity_still_matches_by_type_and_members() {
    // The hand session logs its task conflict twice, members in another order,
    // without `continues`: one conflict, resolved (see `the_group_process`).
    let facts = facts_with(NoteOptions::default());
    assert_eq!(facts.conflicts.len(), 1);
    assert_eq!(facts.conflicts[0].status, ConflictStatus::Resolved);
}

/// A reason for leaving, a reason for an absence and the evidence for a rating.
fn typed_words() -> Session {
    session_of(vec![
        (0, speaks("ana")),
        (
            0,
            attendance(
                "dev",
                AttendanceChange::Absent,
                Some("in hospital with his son"),
            ),
        ),
        (60, speaks("ben")),
        (
            120,
            goal_rating("ana", 0, 1, Some("asked her sister for Saturday")),
        ),
        (
            600,
            attendance(
                "ben",
                AttendanceChange::LeftEarly,
                Some("picked up his granddaughter"),
            ),
        ),
        (900, EventKind::Ended),
    ])
}

#[test]
fn attendance_and_goal_words_reach_the_note() {
    let note = note::progress_note(&group(), &typed_words(), NameStyle::Alias, at(5000));
    assert!(
        note.contains(
            "Left early: Ben K. (left 18:10) — left early 18:10: \"picked up his granddaughter\""
        ),
        "{note}"
    );
    assert!(
        note.contains("Absent: Dev P. — absent 18:00: \"in hospital with his son\""),
        "{note}"
    );
    assert!(
        note.contains("(18:02) — \"asked her sister for Saturday\""),
        "{note}"
    );
    let facts = NoteFacts::gather(&group(), &typed_words(), NoteOptions::default(), at(5000));
    let ben = facts
        .members
        .iter()
        .find(|entry| entry.name == "Ben K.")
        .unwrap();
    assert_eq!(ben.attendance_notes[0].text, "picked up his granddaughter");
}

#[test]
fn a_member_entry_scrubs_other_members_from_attendance_words() {
    let mut session = typed_words();
    session.events.push(Event {
        id: EventId(99),
        at: at(700),
        by: Author::Facilitator,
        kind: attendance(
            "eli",
            AttendanceChange::LeftEarly,
            Some("left with Ana Ruiz"),
        ),
    });
    let facts = NoteFacts::gather(&group(), &session, NoteOptions::default(), at(5000));
    let eli = facts
        .members
        .iter()
        .find(|entry| entry.name == "Eli S.")
        .unwrap();
    assert_eq!(eli.attendance_notes[0].text, "left with another member");
}

#[test]
fn the_facilitators_share_is_one_figure_over_all_talk() {
    // 1200 s: talk by everyone 1020 s (crosstalk 20 s included); Sam 290 s, Lee 30 s.
    let facts = facts_with(NoteOptions::default());
    let participation = Participation::compute(&group(), &hand_session(), at(1200));
    assert_eq!(
        facts.participation.facilitator_share,
        participation.total.facilitators_share()
    );
    let sam = participation
        .total
        .share_of_all_talk(&Floor::Facilitator)
        .unwrap();
    let lee = participation
        .total
        .share_of_all_talk(&Floor::CoFacilitator)
        .unwrap();
    assert_eq!(facts.participation.facilitator_share, Some(sam + lee));
    assert_eq!(participation.total.all_talk(), facts.participation.all_talk);
    assert!(participation.total.stats(&Floor::Crosstalk).is_some());
}

/// A group whose every typed word tries to break the Markdown.
fn hostile() -> (Group, Session) {
    let mut group = group();
    group.name = "# <b>Circle</b> | `x`".into();
    group.purpose = "1. <script>alert(1)</script>\n- item".into();
    group.members[0].alias = Some("*Ana* | R_".into());
    group.members[1].alias = Some("<img src=x>".into());
    group.members[2].name = "[Cara](http://x) Diaz".into();
    group.members[0].goals = vec!["> quote\n# heading".into()];
    group.members[4].category = Some("| pipe".into());
    let mut session = hand_session();
    session.header.facilitator = "Sam\nOkafor ---".into();
    session.header.snapshot = Some(group.clone());
    for event in &mut session.events {
        match &mut event.kind {
            EventKind::Moment(moment) => moment.text = Some("<!-- hidden -->\n| a | b |".into()),
            EventKind::Segment(name) => *name = format!("=={name}<br>"),
            EventKind::Stage(stage) => *stage = "<stage>".into(),
            _ => {}
        }
    }
    (group, session)
}

#[test]
fn user_text_cannot_add_html_headings_or_table_cells() {
    let (group, session) = hostile();
    let note = note::progress_note(&group, &session, NameStyle::Alias, at(5000));
    let found = structure(&note);
    assert!(found.html.is_empty(), "{:?}\n{note}", found.html);
    assert_tables_are_whole(&found);
    assert_eq!(found.tables.len(), 6, "{note}");
    assert_eq!(found.headings.len(), 25, "{:?}", found.headings);
    assert_eq!(
        found.headings[0].1,
        "# <b>Circle</b> | `x` — session 2 of 6"
    );
    let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), at(5000));
    for entry in &facts.members {
        let found = structure(&note::member_markdown(&facts, entry));
        assert!(found.html.is_empty());
        // The page's title, the entry, its signature lines.
        assert_eq!(found.headings.len(), 3);
    }
}

// ---------------------------------------------------------------------------
// Confidentiality
// ---------------------------------------------------------------------------

/// Does `word` occur in `text` as a whole word, ignoring case?
fn has_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(&word).any(|(index, _)| {
        let before = text[..index].chars().next_back();
        let after = text[index + word.len()..].chars().next();
        let starts = word.chars().next().is_some_and(char::is_alphanumeric);
        let ends = word.chars().next_back().is_some_and(char::is_alphanumeric);
        let runs_into_a_word = (starts && is_word(before)) || (ends && is_word(after));
        !runs_into_a_word
    })
}

#[test]
fn a_member_entry_never_names_another_member() {
    let group = group();
    let session = hand_session();
    for (names, redact) in [
        (NameStyle::Alias, false),
        (NameStyle::Full, false),
        (NameStyle::Initials, false),
        (NameStyle::Full, true),
    ] {
        let options = NoteOptions { names, redact };
        let facts = NoteFacts::gather(&group, &session, options, at(5000));
        for entry in &facts.members {
            let text = note::member_markdown(&facts, entry);
            for other in group.members.iter().filter(|m| m.id != entry.id) {
                let shown = facts.member(&other.id).unwrap().name.clone();
                let mut spellings = vec![
                    other.name.clone(),
                    other.id.to_string(),
                    other.initials(),
                    shown,
                ];
                spellings.extend(other.alias.clone());
                spellings.extend(other.name.split_whitespace().map(String::from));
                for spelling in spellings {
                    assert!(
                        !has_word(&text, &spelling),
                        "{}'s entry ({names:?}, redact {redact}) names {spelling:?}:\n{text}",
                        entry.name
                    );
                }
            }
        }
    }
}

#[test]
fn a_redacted_note_holds_no_full_name() {
    let options = NoteOptions {
        names: NameStyle::Full,
        redact: true,
    };
    let facts = facts_with(options);
    let text = note::markdown(&facts);
    for full in [
        "Ana Ruiz",
        "Ben Kowalski",
        "Cara Diaz",
        "Dev Patel",
        "Eli Sato",
        "Sam Okafor",
        "Lee Park",
    ] {
        assert!(!text.contains(full), "{full} in the redacted note:\n{text}");
    }
    has_line(&text, "- Facilitator: S.O.");
    has_line(&text, "- Late: C.D. (arrived 18:04)");
    has_line(&text, "- Names: redacted to initials or aliases");
    // The aliases do not give the full name away, so they stay.
    has_line(&text, "- Present throughout: Ana R., Ben K., Eli S.");
    let json = serde_json::to_string(&facts).unwrap();
    assert!(
        !json.contains("Ruiz") && !json.contains("\"ana\""),
        "{json}"
    );
}

// ---------------------------------------------------------------------------
// Sessions at the edges
// ---------------------------------------------------------------------------

#[test]
fn a_session_with_zero_events_says_so() {
    let session = session_of(vec![]);
    let text = note::progress_note(&group(), &session, NameStyle::Alias, at(90));
    has_line(&text, "No events were logged.");
    has_line(&text, "- Status: not ended: figures up to 18:01");
    has_line(&text, "- Duration without breaks: 1 min 30 s");
    has_line(&text, "- Breaks: none");
    has_line(&text, "No agenda segments were logged.");
    has_line(&text, "All five members attended. Nobody held the floor.");
    has_line(
        &text,
        "- Evenness of member talk: does not apply (no member spoke)",
    );
    has_line(&text, "No one spoke after anyone else.");
    has_line(&text, "The facilitator logged no plan.");
    let found = structure(&text);
    assert!(found.html.is_empty());
    assert_tables_are_whole(&found);
}

#[test]
fn a_one_member_group_says_evenness_does_not_apply() {
    let mut group = group();
    group.members.truncate(1);
    let session = session_of(vec![
        (0, speaks("ana")),
        (60, EventKind::Floor(Floor::Facilitator)),
        (90, EventKind::Ended),
    ]);
    let text = note::progress_note(&group, &session, NameStyle::Alias, at(5000));
    has_line(
        &text,
        "The group's one member attended. Ana R. held all the member talk. \
         The facilitators held 33.3% of all talk.",
    );
    has_line(
        &text,
        "- Evenness of member talk: does not apply (fewer than two members attended)",
    );
    has_line(
        &text,
        "| Ana R. | present | 1 | 1 min | 100.0% | 66.7% | 1 min | 18:00 | 18:00 |",
    );
    has_line(&text, "- Member-to-member transitions: 0 of 1 (0.0%)");
    assert_tables_are_whole(&structure(&text));
}

#[test]
fn an_unended_session_says_how_far_the_figures_go() {
    // The note is written at 18:13, in the middle of the break.
    let mut session = hand_session();
    session.events.retain(|event| event.at <= at(800));
    let text = note::progress_note(&group(), &session, NameStyle::Alias, at(800));
    has_line(&text, "- Status: not ended: figures up to 18:13");
    has_line(
        &text,
        "**This session has not ended.** The figures run up to 18:13, when this note was written.",
    );
    // 800 s so far, 190 of them on the break that is still running.
    has_line(&text, "- Duration without breaks: 10 min 10 s");
    has_line(&text, "- Breaks: 3 min 10 s (from 18:10, still on break)");
    let facts = NoteFacts::gather(&group(), &session, NoteOptions::default(), at(800));
    let entry = facts.member(&id("ana")).unwrap();
    assert!(note::member_markdown(&facts, entry).contains("**This session has not ended.**"));
}

// ---------------------------------------------------------------------------
// A record reads the same forever
// ---------------------------------------------------------------------------

/// Today's group.ron, long after session 2: Ben removed, Zoe added, Ana
/// renamed with a new goal, more sessions planned, a new purpose, name,
/// facilitator and norm.
fn group_a_year_later() -> Group {
    let mut group = group();
    group.members.retain(|member| member.id.as_str() != "ben");
    group
        .members
        .push(member("zoe", "Zoe Quinn", Some("Zoe Q."), Some("parent")));
    group.members[0].name = "Ana Ruiz-Smith".into();
    group.members[0].alias = Some("Ana R-S.".into());
    group.members[0].goals = vec!["A new goal".into()];
    group.planned_sessions = Some(12);
    group.purpose = "Something else entirely.".into();
    group.name = "Renamed Circle".into();
    group.facilitator = "New Worker".into();
    group.norms.push("a new norm".into());
    group
}

fn a_year_after(seconds: i64) -> groupscribe::model::Timestamp {
    at(seconds) + chrono::TimeDelta::days(400)
}

#[test]
fn an_old_sessions_note_is_byte_identical_after_group_ron_changes() {
    let session = hand_session();
    let then = note::progress_note(&group(), &session, NameStyle::Alias, at(1300));
    let later = note::progress_note(
        &group_a_year_later(),
        &session,
        NameStyle::Alias,
        a_year_after(0),
    );
    assert_eq!(then, later);
    assert!(
        then.starts_with("# Parents' Circle — session 2 of 6\n"),
        "{then}"
    );
    assert!(then.contains("Ben K.") && !then.contains("Zoe"), "{then}");
    has_line(
        &then,
        "Purpose: Parents of teenagers share what works and practise hard conversations.",
    );

    let facts = |group: &Group, written_at| {
        NoteFacts::gather(group, &session, NoteOptions::default(), written_at)
    };
    let (then, later) = (
        facts(&group(), at(1300)),
        facts(&group_a_year_later(), a_year_after(0)),
    );
    assert_eq!(note::html(&then), note::html(&later));
    let ana = |facts: &NoteFacts| facts.member(&id("ana")).cloned().unwrap();
    assert_eq!(
        note::member_markdown(&then, &ana(&then)),
        note::member_markdown(&later, &ana(&later))
    );
    assert!(later.member(&id("zoe")).is_none(), "Zoe joined later");
    assert!(later.member(&id("ben")).is_some(), "Ben was there");
}

#[test]
fn a_session_without_a_snapshot_still_reads_and_says_its_roster_is_todays() {
    let mut session = hand_session();
    session.header.snapshot = None;
    let mut today = group();
    today.members.retain(|member| member.id.as_str() != "ben");
    let text = note::progress_note(&today, &session, NameStyle::Alias, at(5000));
    has_line(
        &text,
        "- Roster: today's group file (this session predates roster snapshots: members, \
         purpose and plan may have changed since it was logged)",
    );
    // Ben, since deleted from group.ron, is named by his id rather than lost.
    assert!(text.contains("| ben | not on the roster |"), "{text}");
    let html = note::html(&NoteFacts::gather(
        &today,
        &session,
        NoteOptions::default(),
        at(5000),
    ));
    assert!(
        html.contains("<dt>Roster</dt><dd class=\"wide\">today's group file"),
        "{html}"
    );
}

#[test]
fn the_note_is_dated_by_the_sessions_end_or_says_when_it_was_written() {
    // Ended: the end, however much later the note is written.
    let mut session = hand_session();
    let text = note::progress_note(&group(), &session, NameStyle::Alias, a_year_after(0));
    assert!(
        text.contains(
            "Drafted by groupscribe from the session record as of the session's end on \
             2026-11-23 at 18:20. Nothing"
        ),
        "{text}"
    );
    // An amendment logged the next morning is counted and dated.
    let next_morning = at(15 * 3600);
    session.events.push(Event {
        id: EventId(35),
        at: next_morning,
        by: Author::CoFacilitator,
        kind: EventKind::Amendment {
            target: EventId(1),
            replacement: Box::new(EventKind::Segment("arrivals".into())),
            reason: "misnamed".into(),
        },
    });
    let text = note::progress_note(&group(), &session, NameStyle::Alias, a_year_after(0));
    assert!(
        text.contains(
            "as of the session's end on 2026-11-23 at 18:20, plus 1 entry logged since \
             (on 2026-11-24 at 09:00)."
        ),
        "{text}"
    );
    // Not ended: the time it was written, said as such.
    let mut open = hand_session();
    open.events.retain(|event| event.kind != EventKind::Ended);
    let text = note::progress_note(&group(), &open, NameStyle::Alias, at(1250));
    assert!(
        text.contains(
            "Written by groupscribe from the session record on 2026-11-23 at 18:20, while the \
             session had not ended."
        ),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

#[test]
fn the_example_template_renders_the_facts() {
    let facts = facts_with(NoteOptions::default());
    let text = note::render_template(&facts, "summary.md.j2", note::EXAMPLE_TEMPLATE).unwrap();
    assert!(
        text.starts_with("# Parents' Circle — session 2, 2026-11-23\n"),
        "{text}"
    );
    has_line(&text, "- Time: 18:00–18:20");
    has_line(&text, "- Present: 4 of 5 members");
    has_line(&text, "- elevated at 18:15: Ben K.");
    has_line(&text, "| Ana R. | 3 | 4 min | 28.2% |");
    has_line(&text, "- Make room early for Eli S., who did not speak.");
    assert_tables_are_whole(&structure(&text));
}

#[test]
fn templates_escape_markdown_unless_told_otherwise_and_html_for_html() {
    let (group, session) = hostile();
    let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), at(5000));
    let markdown = note::render_template(
        &facts,
        "mine.md",
        "{{ header.group_name }}\n{{ members[1].name }}\n{{ '**bold**' | safe }}",
    )
    .unwrap();
    assert_eq!(
        markdown,
        "\\# \\<b\\>Circle\\</b\\> \\| \\`x\\`\n\\<img src=x\\>\n**bold**"
    );
    let html = note::render_template(&facts, "mine.html", "{{ members[1].name }}").unwrap();
    assert_eq!(html, "&lt;img src=x&gt;");
}

#[test]
fn a_broken_template_says_which_file_line_and_why() {
    let facts = facts_with(NoteOptions::default());
    let syntax = note::render_template(&facts, "notes/broken.j2", "# Title\n\n{% for row in %}\n")
        .unwrap_err();
    assert_eq!(
        (syntax.file.as_str(), syntax.line),
        ("notes/broken.j2", Some(3))
    );
    assert!(syntax.reason.contains("syntax error"), "{syntax}");
    assert!(
        syntax
            .to_string()
            .starts_with("notes/broken.j2:3: syntax error"),
        "{syntax}"
    );
    let misspelt =
        note::render_template(&facts, "t.md", "ok\n{{ header.grup_name }}\n").unwrap_err();
    assert_eq!(misspelt.line, Some(2), "{misspelt}");
    assert!(misspelt.reason.contains("undefined"), "{misspelt}");
    let filter = note::render_template(&facts, "t.md", "{{ 'soon' | time }}").unwrap_err();
    assert!(filter.reason.contains("is not a time"), "{filter}");
}

#[test]
fn a_member_template_sees_only_that_member() {
    let facts = facts_with(NoteOptions::default());
    let entry = facts.member(&id("cara")).unwrap();
    let text = note::render_member_template(
        &facts,
        entry,
        "entry.md",
        "{{ header.group_name }}: {{ member.name }}, {{ member.attendance | attendance }}, \
         {{ member.participation.talk | talk }}",
    )
    .unwrap();
    assert_eq!(
        text,
        "Parents' Circle: Cara Diaz, late (arrived 18:04), 1 min 30 s"
    );
    let error =
        note::render_member_template(&facts, entry, "entry.md", "{{ members }}").unwrap_err();
    assert!(error.reason.contains("undefined"), "{error}");
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");

/// A store with the hand-built group and session, written as the app writes them.
fn store_on_disk() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("parents-circle");
    std::fs::create_dir(&folder).unwrap();
    let group_text = ron::ser::to_string(&group()).unwrap();
    std::fs::write(folder.join("group.ron"), group_text).unwrap();
    let path = folder.join("2026-11-23-s02.ron");
    let session = hand_session();
    let mut writer = groupscribe::store::SessionWriter::create(&path, &session.header).unwrap();
    for event in &session.events {
        writer.append(event).unwrap();
    }
    (dir, path)
}

fn groupscribe(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(BIN)
        .args(args)
        .env("GROUPSCRIBE_DIR", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("HOME", dir)
        .output()
        .unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_command_prints_writes_filters_and_refuses() {
    let (dir, session) = store_on_disk();
    let session_arg = session.to_str().unwrap();

    let printed = groupscribe(&["note", session_arg], dir.path());
    assert!(printed.status.success(), "{}", stderr(&printed));
    let text = stdout(&printed);
    assert!(
        text.starts_with("# Parents' Circle — session 2 of 6\n"),
        "{text}"
    );
    has_line(
        &text,
        "| Ana R. | present | 3 | 4 min | 47.1% | 28.2% | 2 min | 18:01 | 18:09 |",
    );

    let out = dir.path().join("note.md");
    let written = groupscribe(
        &[
            "note",
            session_arg,
            "--out",
            out.to_str().unwrap(),
            "--redact",
        ],
        dir.path(),
    );
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(stdout(&written).is_empty());
    let on_disk = std::fs::read_to_string(&out).unwrap();
    assert!(!on_disk.contains("Sam Okafor") && on_disk.contains("S.O."));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let one = groupscribe(&["note", session_arg, "--member", "ben"], dir.path());
    let text = stdout(&one);
    assert!(
        text.starts_with("# Parents' Circle — session 2 of 6 — 2026-11-23\n"),
        "{text}"
    );
    assert!(
        text.contains("## Ben Kowalski — no record number in the roster")
            && !text.contains("Ana")
            && !text.contains("## Participation")
            && text.contains("## Sign-off of this entry")
    );

    let unknown = groupscribe(&["note", session_arg, "--member", "zed"], dir.path());
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("no member with id \"zed\""),
        "{}",
        stderr(&unknown)
    );

    let html = groupscribe(&["note", session_arg, "--format", "html"], dir.path());
    assert!(html.status.success(), "{}", stderr(&html));
    assert!(stdout(&html).starts_with("<!DOCTYPE html>"));

    let template = dir.path().join("broken.j2");
    std::fs::write(&template, "# {{ header.group_name }}\n{% if %}\n").unwrap();
    let broken = groupscribe(
        &[
            "note",
            session_arg,
            "--template",
            template.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(!broken.status.success());
    let message = stderr(&broken);
    assert!(
        message.contains(&format!("{}:2: syntax error", template.display())),
        "{message}"
    );

    let record_before = std::fs::read(&session).unwrap();
    let clobber = groupscribe(&["note", session_arg, "--out", session_arg], dir.path());
    assert!(!clobber.status.success());
    assert!(
        stderr(&clobber).contains("would overwrite the record"),
        "{}",
        stderr(&clobber)
    );
    assert_eq!(std::fs::read(&session).unwrap(), record_before);
}

// ---------------------------------------------------------------------------
// Invariants of the figures
// ---------------------------------------------------------------------------

mod invariants {
    use super::*;
    use proptest::prelude::*;

    /// What may happen next: who takes the floor, a break edge, a segment, a
    /// moment, the end, or undoing an earlier event.
    fn step() -> impl Strategy<Value = (i64, u8, u8)> {
        // Gap in milliseconds (often zero: events logged in the same instant),
        // what happens, and a parameter for it.
        (prop_oneof![Just(0i64), 0i64..120_000], 0u8..20, any::<u8>())
    }

    fn build(steps: &[(i64, u8, u8)], end: bool) -> Session {
        let members = ["ana", "ben", "cara", "dev", "eli"];
        let mut clock = 0i64;
        let mut events = Vec::new();
        for (index, (gap, what, parameter)) in steps.iter().enumerate() {
            clock += gap;
            let pick = usize::from(*parameter);
            let kind = match what {
                0..=7 => speaks(members[pick % members.len()]),
                8 => EventKind::Floor(Floor::Facilitator),
                9 => EventKind::Floor(Floor::CoFacilitator),
                10 => EventKind::Floor(Floor::Crosstalk),
                11 | 12 => EventKind::Floor(Floor::Silence),
                13 => EventKind::Break(BreakEdge::Start),
                14 => EventKind::Break(BreakEdge::End),
                15 => EventKind::Segment(format!("segment {pick}")),
                16 => EventKind::Attendance {
                    member: id(members[pick % members.len()]),
                    change: AttendanceChange::ALL[pick % 4],
                    text: None,
                },
                17 => moment(MomentKind::Note, &[], Some("a note")),
                _ if index > 0 => EventKind::Retraction {
                    target: EventId(1 + (pick % index) as u32),
                },
                _ => EventKind::Floor(Floor::Silence),
            };
            events.push(Event {
                id: EventId(index as u32 + 1),
                at: at(0) + chrono::TimeDelta::milliseconds(clock),
                by: Author::Facilitator,
                kind,
            });
        }
        if end {
            events.push(Event {
                id: EventId(steps.len() as u32 + 1),
                at: at(0) + chrono::TimeDelta::milliseconds(clock + 1_500),
                by: Author::Facilitator,
                kind: EventKind::Ended,
            });
        }
        Session {
            header: header(),
            events,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn talk_silence_and_breaks_make_up_the_session(
            steps in prop::collection::vec(step(), 0..80),
            end in any::<bool>(),
            after in 0i64..600_000,
        ) {
            let session = build(&steps, end);
            let last = session.events.last().map_or(at(0), |event| event.at);
            let now = last + chrono::TimeDelta::milliseconds(after);
            let p = Participation::compute(&group(), &session, now);
            let total = &p.total;
            let length = (p.until - p.start).num_milliseconds();
            let talk: i64 = total.holders.values().map(|stats| stats.talk).sum();
            prop_assert_eq!(talk + total.silence, total.clock);
            prop_assert_eq!(total.clock + total.breaks, length);
            let segment_clock: i64 = p.segments.iter().map(|s| s.tally.clock).sum();
            let segment_breaks: i64 = p.segments.iter().map(|s| s.tally.breaks).sum();
            prop_assert_eq!(segment_clock, total.clock);
            prop_assert_eq!(segment_breaks, total.breaks);
            for segment in &p.segments {
                let talk: i64 = segment.tally.holders.values().map(|s| s.talk).sum();
                prop_assert_eq!(talk + segment.tally.silence, segment.tally.clock);
            }

            let member_talk = total.member_talk();
            if member_talk > 0 {
                let shares: f64 = total
                    .holders
                    .iter()
                    .filter(|(floor, _)| floor.member().is_some())
                    .map(|(_, stats)| stats.talk as f64 / member_talk as f64)
                    .sum();
                prop_assert!((shares - 1.0).abs() < 1e-9, "member shares sum to {}", shares);
            }

            // The note reads the same figures, and its shares add up too.
            let facts = NoteFacts::gather(&group(), &session, NoteOptions::default(), now);
            prop_assert_eq!(facts.header.clock, total.clock);
            let breaks: i64 = facts.header.breaks.iter().map(|span| span.length).sum();
            prop_assert_eq!(breaks, facts.header.breaks_total);
            let rows = &facts.participation.speakers;
            let member_shares: f64 = rows.iter().filter_map(|row| row.share_of_member_talk).sum();
            let all_shares: f64 = rows.iter().filter_map(|row| row.share_of_all_talk).sum();
            if facts.participation.member_talk > 0 {
                prop_assert!((member_shares - 1.0).abs() < 1e-9);
            }
            if facts.participation.all_talk > 0 {
                prop_assert!((all_shares - 1.0).abs() < 1e-9);
            }
            let row_talk: i64 = rows.iter().map(|row| row.talk).sum();
            prop_assert_eq!(row_talk + facts.participation.silence, facts.header.clock);
            let matrix_total: u32 = facts.participation.matrix.counts.iter().flatten().sum();
            prop_assert_eq!(matrix_total, facts.participation.transitions.total);
        }
    }
}

// ---------------------------------------------------------------------------
// A long session
// ---------------------------------------------------------------------------

/// Three hours, 5,000 events: turns among twelve members and the facilitators,
/// a moment every tenth event, three segments and a break.
fn long_session() -> (Group, Session) {
    let mut group = group();
    group.members = (0..12)
        .map(|n| member(&format!("m{n}"), &format!("Member Number{n}"), None, None))
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let gap = 3 * 3600 * 1000 / 5000;
    let mut events = Vec::with_capacity(5000);
    for index in 0..5000u32 {
        let at = at(0) + chrono::TimeDelta::milliseconds(i64::from(index) * gap);
        let roll = next();
        let member = format!("m{}", roll % 12);
        let kind = match index {
            0 => EventKind::Segment("check-in".into()),
            600 => EventKind::Segment("main activity".into()),
            2500 => EventKind::Break(BreakEdge::Start),
            2600 => EventKind::Break(BreakEdge::End),
            4500 => EventKind::Segment("check-out".into()),
            4999 => EventKind::Ended,
            _ if index % 10 == 0 => {
                let other = format!("m{}", (roll / 12) % 12);
                let what = match roll % 4 {
                    0 => MomentKind::MutualAid(MutualAidKind::MutualSupport),
                    1 => MomentKind::Intervention(Skill::Linking),
                    2 => MomentKind::Conflict {
                        kind: ConflictType::Task,
                        status: ConflictStatus::ALL[(roll % 3) as usize],
                        continues: None,
                    },
                    _ => MomentKind::risk(RiskLevel::Concern),
                };
                EventKind::Moment(Moment {
                    what,
                    members: vec![id(&member), id(&other)],
                    text: Some("Member Number3 said something about Member Number7".into()),
                })
            }
            _ if roll % 7 == 0 => EventKind::Floor(Floor::Facilitator),
            _ => EventKind::Floor(Floor::Member(id(&member))),
        };
        events.push(Event {
            id: EventId(index + 1),
            at,
            by: Author::Facilitator,
            kind,
        });
    }
    (
        group,
        Session {
            header: header(),
            events,
        },
    )
}

use groupscribe::model::taxonomy::Choice as _;

/// The long session's note is whole: every section, every member. Its speed is a
/// benchmark (`cargo bench --bench note`), not a test.
#[test]
fn a_three_hour_session_of_5000_events_gets_a_whole_note() {
    let (group, session) = long_session();
    let now = at(4 * 3600);
    let participation = Participation::compute(&group, &session, now);
    assert!(participation.ended);
    let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), now);
    assert_eq!(facts.members.len(), group.members.len());
    let text = note::markdown(&facts);
    for heading in [
        "## Attendance",
        "## Participation",
        "## Group process",
        "## Individual entries",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
}

/// The `note` command on the long session, through the real binary.
#[test]
fn the_note_command_prints_the_long_session_note() {
    let (group, session) = long_session();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("g");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("group.ron"),
        groupscribe::diag::ron_text::to_pretty(&folder.join("group.ron"), &group).unwrap(),
    )
    .unwrap();
    let path = folder.join("2026-11-23-s01.ron");
    let mut writer = groupscribe::store::SessionWriter::create(&path, &session.header).unwrap();
    for event in &session.events {
        writer.write(event).unwrap();
    }
    writer.sync().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .arg("note")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.len() > 10_000);
}

/// `groupscribe note … | head` stops reading early: the note ends quietly,
/// without a panic's trace.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let (dir, path) = store_on_disk();
    let mut child = std::process::Command::new(BIN)
        .arg("note")
        .arg(&path)
        .env("GROUPSCRIBE_DIR", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Nobody reads: the note's first write finds the pipe closed.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success(), "{stderr}");
}
