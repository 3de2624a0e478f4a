//! The note in each of its shapes (BIRP, DAP, GIRP, SOAP, narrative), read
//! whole as a supervisor reads it, and the member entries checked for what
//! must never be in them: another member's name in any spelling, or words
//! logged about another member.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/builders.rs"]
mod builders;

use builders::{at, id, member, moment, session_of, speaks};
use groupscribe::model::taxonomy::{ConflictStatus, ConflictType, MutualAidKind, RiskLevel, Skill};
use groupscribe::model::{
    AttendanceChange, EventKind, Floor, Group, GroupType, MomentKind, NameStyle, NoteStyle,
    PlannedSession, SCHEMA_VERSION, Session,
};
use groupscribe::note::{self, NoteFacts, NoteOptions};

const STYLES: [NoteStyle; 5] = [
    NoteStyle::Birp,
    NoteStyle::Dap,
    NoteStyle::Girp,
    NoteStyle::Soap,
    NoteStyle::Narrative,
];

fn group() -> Group {
    let mut ana = member("ana", "Ana Ruiz", Some("Ana R."), None);
    ana.goals = vec!["Ask for help once a week".into()];
    ana.record_id = Some("MRN-1001".into());
    let mut ben = member("ben", "Ben Kowalski", Some("Ben K."), None);
    ben.goals = vec!["Stay for the whole session".into()];
    ben.record_id = Some("MRN-1002".into());
    let mut cara = member("cara", "Cara Diaz", None, None);
    cara.record_id = Some("MRN-1003".into());
    Group {
        version: SCHEMA_VERSION,
        name: "Parents' Circle".into(),
        kind: GroupType::Support,
        purpose: "Parents of teenagers share what works and practise hard conversations.".into(),
        facilitator: "Sam Okafor".into(),
        co_facilitator: None,
        members: vec![ana, ben, cara],
        norms: vec!["phones away".into()],
        planned_sessions: Some(6),
        note_style: None,
        agenda: vec![PlannedSession {
            session: 2,
            activity: Some("rehearsing a hard conversation with a teenager".into()),
            segments: vec![
                "check-in".into(),
                "talking with teenagers".into(),
                "role-play".into(),
                "check-out".into(),
            ],
        }],
        ..Default::default()
    }
}

/// Each member's own matter is written with a family word of its own, so
/// that a leak shows: Ana's is her mother, Ben's his son, Cara's her sister.
/// Texts name the others in every spelling the roster gives them.
fn session() -> Session {
    session_of(vec![
        (0, EventKind::Segment("check-in".into())),
        (10, EventKind::Floor(Floor::Facilitator)),
        (60, speaks("ana")),
        (
            90,
            moment(
                MomentKind::Note,
                &["ana"],
                Some("Ana said her mother no longer knows her"),
            ),
        ),
        (180, speaks("ben")),
        (240, EventKind::Segment("talking with teenagers".into())),
        (
            250,
            moment(MomentKind::Theme, &[], Some("being heard at home")),
        ),
        (300, speaks("cara")),
        (
            290,
            EventKind::Attendance {
                member: id("cara"),
                change: AttendanceChange::Arrived,
                text: Some("the bus from her sister's was late".into()),
            },
        ),
        (
            360,
            moment(
                MomentKind::MutualAid(MutualAidKind::SameBoat),
                &["ana", "ben"],
                Some("Ana felt Ben dismissed her worry about her mother; Ben K. spoke of his son"),
            ),
        ),
        (
            400,
            moment(
                MomentKind::Conflict {
                    kind: ConflictType::Relationship,
                    status: ConflictStatus::Emerged,
                    continues: None,
                },
                &["ben", "cara"],
                Some("Cara Diaz said he never listens about her sister"),
            ),
        ),
        (
            420,
            moment(
                MomentKind::Intervention(Skill::MediatingConflict),
                &["ben", "cara"],
                Some("asked Kowalski and Diaz to speak to each other about her sister"),
            ),
        ),
        (480, speaks("ben")),
        (
            500,
            moment(
                MomentKind::Intervention(Skill::Supporting),
                &["ben"],
                Some("acknowledged how hard his son's court date is"),
            ),
        ),
        (540, speaks("cara")),
        (
            560,
            moment(
                MomentKind::risk(RiskLevel::Concern),
                &["cara", "ana"],
                Some("Cara said she cannot keep her sister safe; ana looked worried"),
            ),
        ),
        (
            565,
            moment(
                MomentKind::Intervention(Skill::Supporting),
                &["cara"],
                Some("stayed with her after the group"),
            ),
        ),
        (600, EventKind::Segment("check-out".into())),
        (610, EventKind::Floor(Floor::Facilitator)),
        (
            640,
            EventKind::GoalRating {
                member: id("ana"),
                goal: 0,
                rating: 1,
                text: Some("asked her brother about her mother".into()),
            },
        ),
        (
            650,
            EventKind::GoalRating {
                member: id("ben"),
                goal: 0,
                rating: -1,
                text: Some("left the room once, to call about his son".into()),
            },
        ),
        (
            660,
            moment(
                MomentKind::Plan,
                &["ben"],
                Some(
                    "Ben to bring the court letter about his son; Ana to talk to her mother's doctor; Ben and Ana to swap numbers",
                ),
            ),
        ),
        (
            670,
            moment(
                MomentKind::Plan,
                &["cara", "ana"],
                Some("check in with Cara R. about her sister's safety"),
            ),
        ),
        (
            680,
            moment(MomentKind::Plan, &[], Some("start with a round of names")),
        ),
        (720, EventKind::Ended),
    ])
}

fn facts(redact: bool) -> NoteFacts {
    NoteFacts::gather(
        &group(),
        &session(),
        NoteOptions {
            names: NameStyle::Alias,
            redact,
        },
        at(720),
    )
}

fn markdown(style: NoteStyle) -> String {
    note::styled_markdown(&facts(false), style).unwrap()
}

// ---------------------------------------------------------------------------
// The whole note, per style
// ---------------------------------------------------------------------------

#[test]
fn birp_note() {
    insta::assert_snapshot!("birp_md", markdown(NoteStyle::Birp));
}

#[test]
fn dap_note() {
    insta::assert_snapshot!("dap_md", markdown(NoteStyle::Dap));
}

#[test]
fn girp_note() {
    insta::assert_snapshot!("girp_md", markdown(NoteStyle::Girp));
}

#[test]
fn soap_note() {
    insta::assert_snapshot!("soap_md", markdown(NoteStyle::Soap));
}

#[test]
fn narrative_note() {
    insta::assert_snapshot!("narrative_md", markdown(NoteStyle::Narrative));
}

/// Each style's HTML: a clinical format's Markdown laid out with the note's
/// stylesheet, and the narrative note's own HTML; only the body is pinned
/// (the stylesheet and charts are tested in html.rs).
#[test]
fn every_style_in_html() {
    for (name, style) in [
        ("birp_html", NoteStyle::Birp),
        ("dap_html", NoteStyle::Dap),
        ("girp_html", NoteStyle::Girp),
        ("soap_html", NoteStyle::Soap),
        ("narrative_html", NoteStyle::Narrative),
    ] {
        let html = note::styled_html(&facts(false), style).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        let body = html
            .split_once("<main>")
            .and_then(|(_, rest)| rest.split_once("</main>"))
            .map(|(body, _)| body)
            .unwrap_or_else(|| panic!("{name}: no <main> in {html}"));
        insta::assert_snapshot!(name, body);
    }
}

#[test]
fn html_typed_into_the_record_stays_text_in_a_styled_html_note() {
    let mut session = session();
    session.events.push(groupscribe::model::Event {
        id: session.next_id().unwrap(),
        at: at(700),
        by: groupscribe::model::Author::Facilitator,
        kind: moment(
            MomentKind::Note,
            &[],
            Some("<script>alert(1)</script> <b>bold</b>"),
        ),
    });
    let facts = NoteFacts::gather(&group(), &session, NoteOptions::default(), at(720));
    for style in [
        NoteStyle::Birp,
        NoteStyle::Dap,
        NoteStyle::Girp,
        NoteStyle::Soap,
    ] {
        let html = note::styled_html(&facts, style).unwrap();
        assert!(!html.contains("<script>"), "{style:?}");
        assert!(!html.contains("<b>bold"), "{style:?}");
        assert!(html.contains("&lt;script&gt;"), "{style:?}");
    }
}

// ---------------------------------------------------------------------------
// No content leaks between records
// ---------------------------------------------------------------------------

/// Every spelling of every member, and the family word of their own matter.
fn spellings(member: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match member {
        "ana" => (&["Ana", "Ruiz", "A.R.", "MRN-1001"], &["mother", "brother"]),
        "ben" => (&["Ben", "Kowalski", "B.K.", "MRN-1002"], &["son", "court"]),
        "cara" => (&["Cara", "Diaz", "C.D.", "MRN-1003"], &["sister"]),
        other => panic!("no member {other}"),
    }
}

/// The entry of `member` in a whole note: from its heading to the next
/// heading of the same or a higher level.
fn entry_in(note: &str, full_name: &str) -> String {
    let start = note
        .find(&format!("### {full_name}"))
        .unwrap_or_else(|| panic!("no entry for {full_name} in\n{note}"));
    let rest = &note[start + 4..];
    let end = [rest.find("\n### "), rest.find("\n## ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

fn assert_holds_only_its_own(entry: &str, member: &str, context: &str) {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
            .map(|word| word.trim_matches('.').to_lowercase())
            .collect()
    };
    let present = words(entry);
    for other in ["ana", "ben", "cara"].into_iter().filter(|o| *o != member) {
        let (names, family) = spellings(other);
        for name in names {
            let named = if name.contains(['.', '-']) {
                entry.contains(name)
            } else {
                present.contains(&name.to_lowercase())
            };
            assert!(
                !named,
                "{context}: {member}'s entry names {other} as {name}:\n{entry}"
            );
        }
        for word in family {
            assert!(
                !present.iter().any(|w| w == word),
                "{context}: {member}'s entry holds {other}'s matter ({word}):\n{entry}"
            );
        }
    }
    let (own, _) = spellings(member);
    assert!(
        entry.contains(own[0]) || entry.contains("record number withheld"),
        "{context}: {member}'s entry is not headed by their name:\n{entry}"
    );
}

#[test]
fn no_entry_holds_another_members_name_or_matter_in_any_style() {
    let full = [
        ("ana", "Ana Ruiz"),
        ("ben", "Ben Kowalski"),
        ("cara", "Cara Diaz"),
    ];
    for style in STYLES {
        let note = markdown(style);
        for (member, name) in full {
            let entry = entry_in(&note, name);
            assert_holds_only_its_own(&entry, member, &format!("{style:?}"));
        }
    }
    let facts = facts(false);
    for (member, _) in full {
        let entry = facts.member(&id(member)).unwrap();
        for (format, text) in [
            ("md", note::member_markdown(&facts, entry)),
            ("html", note::member_html(&facts, entry)),
        ] {
            // The page's own header names the group, not members.
            assert_holds_only_its_own(&text, member, &format!("--member {member} {format}"));
        }
    }
}

#[test]
fn a_members_own_matter_stays_in_their_entry() {
    let note = markdown(NoteStyle::Birp);
    let ana = entry_in(&note, "Ana Ruiz");
    assert!(ana.contains("her mother no longer knows her"), "{ana}");
    assert!(ana.contains("talk to her mother's doctor"), "{ana}");
    let ben = entry_in(&note, "Ben Kowalski");
    assert!(ben.contains("his son's court date"), "{ben}");
    assert!(
        ben.contains("Ben to bring the court letter about his son"),
        "{ben}"
    );
    assert!(
        ben.contains("all in the same boat, with another member"),
        "a shared moment says what happened: {ben}"
    );
    let cara = entry_in(&note, "Cara Diaz");
    assert!(cara.contains("cannot keep her sister safe"), "{cara}");
    assert!(
        cara.contains("check in with"),
        "the plan's subject gets its words: {cara}"
    );
}

#[test]
fn entries_are_headed_for_filing_and_redaction_hides_name_and_number() {
    let note = markdown(NoteStyle::Soap);
    assert!(
        note.contains("### Ana Ruiz — record no. MRN-1001"),
        "{note}"
    );
    assert!(
        note.contains("### Cara Diaz — record no. MRN-1003"),
        "{note}"
    );
    for style in STYLES {
        let redacted = note::styled_markdown(&facts(true), style).unwrap();
        for hidden in ["Ana Ruiz", "Kowalski", "Cara Diaz", "MRN-"] {
            assert!(
                !redacted.contains(hidden),
                "{style:?}: {hidden}\n{redacted}"
            );
        }
        assert!(
            redacted.contains("### Ana R. — record number withheld (names redacted)"),
            "{style:?}\n{redacted}"
        );
    }
    // Nor does an agency's template see the number.
    let facts = facts(true);
    assert!(facts.members.iter().all(|entry| entry.record_id.is_none()));
    let entry = facts.member(&id("ana")).unwrap();
    let own = note::render_member_template(
        &facts,
        entry,
        "t.md",
        "{{ member.record_id }}|{{ member.full_name }}",
    )
    .unwrap();
    assert_eq!(own, "|Ana R.");
}

#[test]
fn a_members_own_page_has_its_own_signature_lines() {
    let facts = facts(false);
    let entry = facts.member(&id("ben")).unwrap();
    let md = note::member_markdown(&facts, entry);
    assert!(md.contains("## Sign-off of this entry"), "{md}");
    assert!(
        md.contains("| Facilitator (written by) | Sam Okafor |"),
        "{md}"
    );
    assert!(md.contains("| Supervisor (co-signed) |"), "{md}");
    let html = note::member_html(&facts, entry);
    assert!(html.contains("Sign-off of this entry"), "{html}");
}

#[test]
fn the_body_summarises_participation_and_the_appendix_holds_the_figures() {
    for style in STYLES {
        let note = markdown(style);
        let appendix = note
            .find("## Appendix: participation detail")
            .unwrap_or_else(|| panic!("{style:?}: no appendix\n{note}"));
        let sign_off = note.find("## Sign-off").unwrap();
        assert!(sign_off < appendix, "{style:?}");
        let (body, detail) = note.split_at(appendix);
        for figure in ["Gini", "Who spoke after whom", "| Who |"] {
            assert!(!body.contains(figure), "{style:?}: {figure} in the body");
            assert!(
                detail.contains(figure),
                "{style:?}: {figure} not in the appendix"
            );
        }
        assert!(
            body.contains("the figures are in the appendix"),
            "{style:?}"
        );
        assert!(
            body.contains("Agenda: check-in (18:00–18:04, 4 min)"),
            "{style:?}: the session's content opens the group section\n{body}"
        );
        assert!(body.contains("\"being heard at home\""), "{style:?}");
        assert!(body.contains("(times in UTC+01:00)"), "{style:?}");
    }
}

/// Every clock time of the fixture is between 18:00 and 18:12 and reads
/// `18:mm`; anything else with a colon in it would be a duration written
/// like a clock (`04:32`, `00:12:00`).
#[test]
fn no_duration_reads_as_a_clock() {
    for style in STYLES {
        let note = markdown(style);
        let html = note::styled_html(&facts(false), style).unwrap();
        for text in [&note, &html] {
            let text = text.replace("UTC+01:00", "");
            let bad: Vec<&str> = text
                .split(|c: char| !(c.is_ascii_digit() || c == ':'))
                .map(|token| token.trim_matches(':'))
                .filter(|token| token.contains(':'))
                .filter(|token| {
                    !(token.len() == 5 && token.starts_with("18:") && token[3..] <= *"12")
                })
                .collect();
            assert!(bad.is_empty(), "{style:?}: {bad:?}");
        }
    }
}

#[test]
fn a_built_in_style_and_an_agencys_template_see_the_same_duration_filters() {
    let facts = facts(false);
    let text = note::render_template(
        &facts,
        "t.md",
        "{{ header.clock | duration }} {{ header.started | hm }} {{ header.started | zone }}",
    )
    .unwrap();
    assert_eq!(text, "12 min 18:00 UTC+01:00");
}

// ---------------------------------------------------------------------------
// The `note` command: --style, the group's and the config's note_style, PDF
// ---------------------------------------------------------------------------

/// A store holding the group (with `note_style`) and the session, and a
/// config file with `config`.
fn store(note_style: Option<NoteStyle>, config: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("parents-circle");
    std::fs::create_dir(&folder).unwrap();
    let mut group = group();
    group.note_style = note_style;
    std::fs::write(
        folder.join("group.ron"),
        ron::ser::to_string(&group).unwrap(),
    )
    .unwrap();
    let path = folder.join("2026-11-23-s02.ron");
    let session = session();
    let mut writer = groupscribe::store::SessionWriter::create(&path, &session.header).unwrap();
    for event in &session.events {
        writer.append(event).unwrap();
    }
    std::fs::write(dir.path().join("config.ron"), config).unwrap();
    (dir, path)
}

fn run(dir: &std::path::Path, args: &[&str], browser: Option<&str>) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"));
    command
        .args(args)
        .env("GROUPSCRIBE_DIR", dir)
        .env("GROUPSCRIBE_CONFIG", dir.join("config.ron"))
        .env("HOME", dir);
    if let Some(browser) = browser {
        command.env("GROUPSCRIBE_BROWSER", browser);
    }
    command.output().unwrap()
}

fn format_line(output: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    text.lines().nth(2).unwrap_or_default().to_string()
}

#[test]
fn the_style_comes_from_the_flag_then_the_group_then_the_config() {
    let (dir, session) = store(Some(NoteStyle::Dap), "(version: 1, note_style: Soap)");
    let session = session.to_str().unwrap();
    assert_eq!(
        format_line(&run(dir.path(), &["note", session], None)),
        "Group note in DAP format: Data, Assessment, Plan."
    );
    assert_eq!(
        format_line(&run(
            dir.path(),
            &["note", session, "--style", "girp"],
            None
        )),
        "Group note in GIRP format: Goals, Intervention, Response, Plan."
    );
    let (dir, session) = store(None, "(version: 1, note_style: Soap)");
    let session = session.to_str().unwrap();
    assert_eq!(
        format_line(&run(dir.path(), &["note", session], None)),
        "Group note in SOAP format: Subjective, Objective, Assessment, Plan."
    );
    let narrative = run(dir.path(), &["note", session, "--style", "narrative"], None);
    assert!(format_line(&narrative).starts_with("- Group type: support"));
    let html = run(dir.path(), &["note", session, "--format", "html"], None);
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<h3>Subjective</h3>"));
}

#[test]
fn pdf_needs_out_and_names_what_to_install_without_a_browser() {
    let (dir, session) = store(None, "(version: 1)");
    let session = session.to_str().unwrap();
    let no_out = run(dir.path(), &["note", session, "--format", "pdf"], None);
    assert!(!no_out.status.success());
    assert!(String::from_utf8_lossy(&no_out.stderr).contains("--format pdf needs --out"));

    let out = dir.path().join("note.pdf");
    let missing = run(
        dir.path(),
        &[
            "note",
            session,
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
        Some("/nonexistent/chromium"),
    );
    assert!(!missing.status.success());
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(message.contains("Install Chromium"), "{message}");
    assert!(!out.exists(), "nothing is written without a browser");
}

/// Chromium is installed on the machines this runs on (`/usr/bin/chromium`).
#[test]
fn pdf_is_printed_by_the_installed_browser() {
    let browser = "/usr/bin/chromium";
    assert!(
        std::path::Path::new(browser).is_file(),
        "this test needs Chromium at {browser} (apt install chromium)"
    );
    let (dir, session) = store(None, "(version: 1)");
    let session = session.to_str().unwrap();
    let out = dir.path().join("note.pdf");
    for _ in 0..2 {
        // The second time replaces the PDF it printed, without --force.
        let printed = run(
            dir.path(),
            &[
                "note",
                session,
                "--style",
                "birp",
                "--format",
                "pdf",
                "--out",
                out.to_str().unwrap(),
            ],
            Some(browser),
        );
        assert!(
            printed.status.success(),
            "{}",
            String::from_utf8_lossy(&printed.stderr)
        );
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a note holds confidential records");
    }
}

#[test]
fn the_note_written_when_a_session_ends_takes_the_groups_style() {
    let mut group = group();
    group.note_style = Some(NoteStyle::Girp);
    let text = note::progress_note(&group, &session(), NameStyle::Alias, at(720));
    assert!(
        text.contains("Group note in GIRP format: Goals, Intervention, Response, Plan."),
        "{text}"
    );
    group.note_style = None;
    let text = note::progress_note(&group, &session(), NameStyle::Alias, at(720));
    assert_eq!(text, markdown(NoteStyle::Narrative));
}
