//! The HTML note: well formed, self-contained, escaped and redacted, checked
//! on the text; then opened in a real headless browser (Debian's Chromium),
//! which must lay out both charts at a readable size, run no markup typed by
//! a user, take a screenshot and print the note to a PDF.
//!
//! Without Chromium the browser test installs Debian's `chromium` package
//! (apt-get, as root or through `sudo -n`) and fails, saying how to install it,
//! if it cannot: it never passes without having run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/builders.rs"]
mod builders;

use builders::{
    at, attendance, conflict, goal_rating, id, member, moment, norm, parents_circle, session_of,
    speaks,
};

use groupscribe::model::taxonomy::{
    ConflictStatus, ConflictType, MutualAidKind, NormAction, RiskLevel, Skill,
};
use groupscribe::model::{
    AttendanceChange, Author, BreakEdge, Event, EventId, EventKind, Floor, Group, MomentKind,
    NameStyle, Session,
};
use groupscribe::note::{self, NoteFacts, NoteOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// A session with every kind of moment
// ---------------------------------------------------------------------------

/// The Parents' Circle, without the members' categories.
fn group() -> Group {
    let mut group = parents_circle();
    for member in &mut group.members {
        member.category = None;
    }
    group
}

/// Forty minutes: three segments, a break, turns by four members, both
/// facilitators and crosstalk, and one moment of each kind the timeline marks.
fn session() -> Session {
    session_of(vec![
        (0, EventKind::Segment("check-in".into())),
        (0, attendance("dev", AttendanceChange::Excused, None)),
        (10, EventKind::Floor(Floor::Facilitator)),
        (70, speaks("ana")),
        (250, speaks("ben")),
        (400, EventKind::Floor(Floor::Facilitator)),
        (420, attendance("cara", AttendanceChange::Arrived, None)),
        (600, EventKind::Segment("main activity".into())),
        (620, speaks("cara")),
        (
            700,
            moment(
                MomentKind::MutualAid(MutualAidKind::SameBoat),
                &["ana", "cara"],
                Some("Cara said she felt the same"),
            ),
        ),
        (760, speaks("ana")),
        (
            900,
            conflict(ConflictType::Task, ConflictStatus::Emerged, &["ana", "ben"]),
        ),
        (910, speaks("ben")),
        (
            960,
            moment(
                MomentKind::Intervention(Skill::MediatingConflict),
                &["ana", "ben"],
                None,
            ),
        ),
        (1000, EventKind::Floor(Floor::CoFacilitator)),
        (1100, EventKind::Break(BreakEdge::Start)),
        (1400, EventKind::Break(BreakEdge::End)),
        (1410, speaks("ben")),
        (
            1500,
            moment(
                MomentKind::risk(RiskLevel::Elevated),
                &["ben"],
                Some("Said he has not slept for days"),
            ),
        ),
        (
            1530,
            moment(MomentKind::Intervention(Skill::Supporting), &["ben"], None),
        ),
        (1620, EventKind::Floor(Floor::Crosstalk)),
        (1660, EventKind::Segment("check-out".into())),
        (1660, EventKind::Floor(Floor::Facilitator)),
        (1700, norm(NormAction::Broken, "phones away", &["cara"])),
        (1800, speaks("cara")),
        (1900, goal_rating("ana", 0, 1, None)),
        (1900, EventKind::Floor(Floor::Facilitator)),
        (
            1950,
            moment(
                MomentKind::Note,
                &["ben"],
                Some("Ben asked Ana Ruiz about respite"),
            ),
        ),
        (
            2000,
            moment(
                MomentKind::Plan,
                &["eli"],
                Some("Invite Eli to open the next check-in"),
            ),
        ),
        (2400, EventKind::Ended),
    ])
}

/// The same session, with every word a user types trying to break out of
/// the text into markup.
fn hostile() -> (Group, Session) {
    let mut group = group();
    group.name = "<b>Circle</b> & \"Friends\"".into();
    group.purpose = "</style><script>alert('purpose')</script>".into();
    group.members[0].alias = Some("<script>alert(1)</script>".into());
    group.members[1].alias = Some("Jo \"Quote' & Co".into());
    group.members[2].name = "&amp; Amp<!--".into();
    group.members[0].goals = vec!["\"><img src=x onerror=alert(2)>".into()];
    let mut session = session();
    session.header.facilitator = "Sam</title><svg onload=alert(3)>".into();
    for event in &mut session.events {
        match &mut event.kind {
            EventKind::Moment(moment) => {
                moment.text = Some("\"><img src=x onerror=alert(4)>]]>".into());
                if let MomentKind::Norm { norm, .. } = &mut moment.what {
                    *norm = "</text></svg><script>alert(5)</script>".into();
                }
            }
            EventKind::Segment(name) => *name = format!("</title>{name}' onmouseover='x"),
            _ => {}
        }
    }
    (group, session)
}

fn facts(group: &Group, session: &Session, redact: bool) -> NoteFacts {
    let options = NoteOptions {
        names: NameStyle::Alias,
        redact,
    };
    NoteFacts::gather(group, session, options, at(9999))
}

fn html_note() -> String {
    note::html(&facts(&group(), &session(), false))
}

fn hostile_note() -> String {
    let (group, session) = hostile();
    note::html(&facts(&group, &session, false))
}

// ---------------------------------------------------------------------------
// Well formed enough: a small checker of the markup groupscribe writes
// ---------------------------------------------------------------------------

/// Elements that have no end tag.
const VOID: [&str; 4] = ["meta", "br", "hr", "img"];

#[derive(Debug, Default)]
struct Markup {
    /// Every id, in document order.
    ids: Vec<String>,
    /// Every element's name with its attributes.
    elements: Vec<(String, BTreeMap<String, String>)>,
}

impl Markup {
    fn all(&self, name: &str) -> Vec<&BTreeMap<String, String>> {
        self.elements
            .iter()
            .filter(|(element, _)| element == name)
            .map(|(_, attributes)| attributes)
            .collect()
    }

    fn by_id(&self, id: &str) -> &BTreeMap<String, String> {
        self.elements
            .iter()
            .map(|(_, attributes)| attributes)
            .find(|attributes| attributes.get("id").is_some_and(|found| found == id))
            .unwrap_or_else(|| panic!("no element with id {id}"))
    }
}

/// Reads the markup as the strict subset groupscribe writes: every element
/// closed in order (void elements aside), attributes double-quoted, no raw
/// `<`, `>` or stray `&` in text or attribute values, ids unique. Text typed
/// by a user that escaped its escaping would break one of these.
fn well_formed(html: &str) -> Result<Markup, String> {
    let mut markup = Markup::default();
    let mut open: Vec<String> = Vec::new();
    let rest = html
        .strip_prefix("<!DOCTYPE html>\n")
        .ok_or("no doctype first")?;
    let mut position = 0;
    let context = |at: usize| {
        let around = &rest.as_bytes()[at.saturating_sub(60)..(at + 60).min(rest.len())];
        format!("…{}…", String::from_utf8_lossy(around))
    };
    while position < rest.len() {
        let Some(offset) = rest[position..].find('<') else {
            check_text(&rest[position..]).map_err(|e| format!("{e} in {}", context(position)))?;
            break;
        };
        check_text(&rest[position..position + offset])
            .map_err(|e| format!("{e} in {}", context(position)))?;
        let tag_start = position + offset;
        let tag_end = tag_start
            + rest[tag_start..]
                .find('>')
                .ok_or_else(|| format!("unclosed tag {}", context(tag_start)))?;
        let tag = &rest[tag_start + 1..tag_end];
        position = tag_end + 1;
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(expected) if expected == name => {}
                other => {
                    return Err(format!("</{name}> closes {other:?} {}", context(tag_start)));
                }
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("odd tag name {name:?} {}", context(tag_start)));
        }
        let attributes =
            parse_attributes(attributes).map_err(|e| format!("{e} {}", context(tag_start)))?;
        if let Some(id) = attributes.get("id") {
            if markup.ids.contains(id) {
                return Err(format!("id {id} twice"));
            }
            markup.ids.push(id.clone());
        }
        markup.elements.push((name.to_string(), attributes));
        if name == "style" {
            // The stylesheet is ours and not markup: skip to its end.
            let end = rest[position..].find("</style>").ok_or("unclosed style")?;
            position += end + "</style>".len();
            continue;
        }
        if !self_closing && !VOID.contains(&name) {
            open.push(name.to_string());
        }
    }
    if open.is_empty() {
        Ok(markup)
    } else {
        Err(format!("never closed: {open:?}"))
    }
}

/// Text between tags: no `>` (an escaped `<` pairs with an escaped `>`), and
/// every `&` starts one of the entities the escaper writes.
fn check_text(text: &str) -> Result<(), String> {
    if text.contains('>') {
        return Err("raw > in text".into());
    }
    check_ampersands(text)
}

fn check_ampersands(text: &str) -> Result<(), String> {
    for (index, _) in text.match_indices('&') {
        let after = &text[index..];
        if !["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
            .iter()
            .any(|entity| after.starts_with(entity))
        {
            return Err(format!("stray & in {:?}", &text[index..]));
        }
    }
    Ok(())
}

fn parse_attributes(mut text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut attributes = BTreeMap::new();
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(attributes);
        }
        let (name, rest) = text
            .split_once("=\"")
            .ok_or_else(|| format!("attribute without a double-quoted value: {text:?}"))?;
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':')
        {
            return Err(format!("odd attribute name {name:?}"));
        }
        let (value, rest) = rest
            .split_once('"')
            .ok_or_else(|| format!("unclosed value of {name}"))?;
        if value.contains('<') {
            return Err(format!("raw < in the value of {name}"));
        }
        check_ampersands(value)?;
        if attributes
            .insert(name.to_string(), value.to_string())
            .is_some()
        {
            return Err(format!("attribute {name} twice"));
        }
        text = rest;
    }
}

/// The text of the first element `<name …>` to its `</name>`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = from + html[from..].find(end).unwrap_or_else(|| panic!("no {end}"));
    &html[from..to]
}

fn number(attributes: &BTreeMap<String, String>, name: &str) -> f64 {
    attributes
        .get(name)
        .unwrap_or_else(|| panic!("no {name} in {attributes:?}"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number in {attributes:?}"))
}

// ---------------------------------------------------------------------------
// The text of the note
// ---------------------------------------------------------------------------

#[test]
fn every_note_is_well_formed_with_unique_ids() {
    let (hostile_group, hostile_session) = hostile();
    let mut notes = vec![
        ("the note", html_note()),
        ("the hostile note", hostile_note()),
        (
            "the redacted note",
            note::html(&facts(&group(), &session(), true)),
        ),
    ];
    for redact in [false, true] {
        let facts = facts(&hostile_group, &hostile_session, redact);
        for entry in &facts.members {
            notes.push(("a member's page", note::member_html(&facts, entry)));
        }
    }
    for (what, html) in &notes {
        if let Err(problem) = well_formed(html) {
            panic!("{what} is not well formed: {problem}");
        }
    }
}

#[test]
fn both_charts_are_there_with_a_size_and_a_label() {
    let html = html_note();
    let markup = well_formed(&html).unwrap();
    assert_eq!(markup.all("svg").len(), 2);
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    for id in ["talk-chart", "timeline-chart"] {
        let svg = markup.by_id(id);
        assert!(
            number(svg, "width") > 0.0 && number(svg, "height") > 0.0,
            "{svg:?}"
        );
        let view_box: Vec<f64> = svg["viewBox"]
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(view_box[2..], [number(svg, "width"), number(svg, "height")]);
        assert_eq!(svg["role"], "img");
        assert!(!svg["aria-label"].is_empty());
    }
    let facts = facts(&group(), &session(), false);
    let bars = markup
        .all("rect")
        .into_iter()
        .filter(|rect| rect.get("class").is_some_and(|c| c.starts_with("bar ")))
        .count();
    assert_eq!(bars, facts.participation.speakers.len());
    let turns = markup
        .all("rect")
        .into_iter()
        .filter(|rect| rect.get("class").is_some_and(|c| c.starts_with("turn ")))
        .count();
    let expected: usize = facts.timeline.lanes.iter().map(|l| l.turns.len()).sum();
    assert_eq!(turns, expected);
    let timeline = section(&html, "<svg id=\"timeline-chart\"", "</svg>");
    for symbol in ["⚑", "↯", "♥", "◆", "▲"] {
        assert!(timeline.contains(&format!(">{symbol}<title>")), "{symbol}");
    }
    for tick in ["18:00", "18:05", "18:10", "18:35", "18:40"] {
        assert!(timeline.contains(&format!(">{tick}</text>")), "tick {tick}");
    }
}

#[test]
fn the_note_reaches_for_nothing_outside_the_file() {
    let html = html_note();
    let markup = well_formed(&html).unwrap();
    for element in ["script", "link", "img", "iframe", "object", "a"] {
        let found = markup.all(element);
        if element == "a" {
            assert!(
                found.iter().all(|a| a["href"].starts_with('#')),
                "links only within the note: {found:?}"
            );
        } else {
            assert!(found.is_empty(), "<{element}> in the note");
        }
    }
    for outside in ["http:", "https:", "//", "@import", "@font-face"] {
        let outside_style = html.replace(section(&html, "<style>", "</style>"), "");
        assert!(!outside_style.contains(outside), "{outside} in the note");
    }
    let style = section(&html, "<style>", "</style>");
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(style.contains("@page") && style.contains("size: A4"));
    assert!(style.contains("break-before: page"));
}

#[test]
fn hostile_words_stay_words() {
    let html = hostile_note();
    let markup = well_formed(&html).unwrap();
    for element in ["script", "img", "b"] {
        assert!(markup.all(element).is_empty(), "a <{element}> got in");
    }
    assert_eq!(markup.all("svg").len(), 2, "an <svg> got in");
    for (name, attributes) in &markup.elements {
        assert!(
            attributes.keys().all(|key| !key.starts_with("on")),
            "an event handler on <{name}>: {attributes:?}"
        );
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Jo &quot;Quote&#39; &amp; Co"));
    assert!(html.contains("&amp;amp; Amp&lt;!--"));
    assert!(html.contains("<title>&lt;b&gt;Circle&lt;/b&gt; &amp; &quot;Friends&quot;"));
    assert!(html.contains("&lt;/title&gt;check-in&#39; onmouseover=&#39;x"));
    let bars = section(&html, "<svg id=\"talk-chart\"", "</svg>");
    assert!(
        bars.contains(">&lt;script&gt;alert(1)&lt;/script&gt;</text>"),
        "{bars}"
    );
    // The name is cut to fit left of its bar; the tooltip has it whole.
    assert!(
        bars.contains(">Sam&lt;/title&gt;&lt;svg onload=alert(…</text>"),
        "{bars}"
    );
    assert!(bars.contains("<title>Sam&lt;/title&gt;&lt;svg onload=alert(3)&gt; (facilitator): "));
}

/// Does `word` occur in `text` as a whole word, ignoring case?
fn has_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    text.match_indices(&word).any(|(index, _)| {
        let before = text[..index].chars().next_back();
        let after = text[index + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn a_redacted_note_holds_no_full_name_not_even_in_a_tooltip() {
    let group = group();
    let html = note::html(&facts(&group, &session(), true));
    let mut full_names: Vec<&str> = group.members.iter().map(|m| m.name.as_str()).collect();
    full_names.extend(["Sam Okafor", "Lee Park"]);
    for name in &full_names {
        assert!(!has_word(&html, name), "{name} in the redacted note");
    }
    // Surnames alone would give a member away too.
    for surname in [
        "Ruiz", "Kowalski", "Diaz", "Patel", "Sato", "Okafor", "Park",
    ] {
        assert!(!has_word(&html, surname), "{surname} in the redacted note");
    }
    let markup = well_formed(&html).unwrap();
    assert!(!markup.all("title").is_empty());
    let titles: Vec<&str> = html
        .split("<title>")
        .skip(1)
        .filter_map(|rest| rest.split("</title>").next())
        .collect();
    assert!(
        titles.iter().any(|title| title.starts_with("S.O. · ")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|title| title.contains("Ben K.")));
}

#[test]
fn one_members_page_names_no_one_else_and_has_no_chart() {
    let group = group();
    let facts = facts(&group, &session(), false);
    let ben = facts.member(&id("ben")).unwrap();
    let page = note::member_html(&facts, ben);
    let markup = well_formed(&page).unwrap();
    // No chart, and no table but the entry's own signature lines.
    assert!(markup.all("svg").is_empty() && markup.all("table").len() == 1);
    assert!(page.contains("Sign-off of this entry"), "{page}");
    assert!(
        page.contains("<h2 id=\"entry-name\">Ben Kowalski — no record number in the roster</h2>"),
        "{page}"
    );
    assert!(
        page.contains("▲ Elevated"),
        "Ben's own risk is in his entry"
    );
    for other in group.members.iter().filter(|m| m.id != id("ben")) {
        for word in other.name.split_whitespace().chain(other.alias.as_deref()) {
            assert!(!has_word(&page, word), "{word} in Ben's page:\n{page}");
        }
    }
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");

fn store_on_disk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("parents-circle");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("group.ron"),
        ron::ser::to_string(&group()).unwrap(),
    )
    .unwrap();
    let path = folder.join("2026-11-23-s02.ron");
    let session = session();
    let mut writer = groupscribe::store::SessionWriter::create(&path, &session.header).unwrap();
    for event in &session.events {
        writer.append(event).unwrap();
    }
    (dir, path)
}

fn groupscribe(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("GROUPSCRIBE_DIR", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("HOME", dir)
        .output()
        .unwrap()
}

#[test]
fn the_command_writes_html_and_keeps_html_templates_escaping() {
    let (dir, session) = store_on_disk();
    let session = session.to_str().unwrap();
    let stderr =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).to_string();

    let out = dir.path().join("note.html");
    let written = groupscribe(
        &[
            "note",
            session,
            "--format",
            "html",
            "--redact",
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(written.status.success(), "{}", stderr(&written));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("Sam Okafor"));
    well_formed(&html).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a note holds confidential records");

    let one = groupscribe(
        &["note", session, "--format", "html", "--member", "ben"],
        dir.path(),
    );
    let page = String::from_utf8_lossy(&one.stdout);
    assert!(
        page.contains(">Ben Kowalski — no record number in the roster</h2>")
            && !page.contains("<svg")
            && !page.contains("Ana")
    );

    let template = dir.path().join("mine.html");
    std::fs::write(
        &template,
        "<p>{{ members[0].name }} · {{ timeline.lanes | length }}</p>\n",
    )
    .unwrap();
    for format in ["md", "html"] {
        let custom = groupscribe(
            &[
                "note",
                session,
                "--format",
                format,
                "--template",
                template.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(custom.status.success(), "{}", stderr(&custom));
        assert_eq!(String::from_utf8_lossy(&custom.stdout), "<p>Ana R. · 6</p>");
    }

    let markdown_template = dir.path().join("mine.md");
    std::fs::write(&markdown_template, "{{ header.group_name }}\n").unwrap();
    let refused = groupscribe(
        &[
            "note",
            session,
            "--format",
            "html",
            "--template",
            markdown_template.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("needs an HTML template"),
        "{}",
        stderr(&refused)
    );

    let broken = dir.path().join("broken.html");
    std::fs::write(
        &broken,
        "<h1>{{ header.group_name }}</h1>\n{{ header.nope }}\n",
    )
    .unwrap();
    let failed = groupscribe(
        &[
            "note",
            session,
            "--format",
            "html",
            "--template",
            broken.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(!failed.status.success());
    let message = stderr(&failed);
    assert!(
        message.contains(&format!("{}:2: undefined value", broken.display())),
        "{message}"
    );
}

// ---------------------------------------------------------------------------
// A long session
// ---------------------------------------------------------------------------

/// Three hours, 5,000 events, as in tests/note.rs: turns among twelve
/// members and the facilitator, a moment every tenth event, three segments
/// and a break.
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
    let mut kinds = Vec::with_capacity(5000);
    for index in 0..5000u32 {
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
                let what = match roll % 5 {
                    0 => MomentKind::MutualAid(MutualAidKind::MutualSupport),
                    1 => MomentKind::Intervention(Skill::Linking),
                    2 => MomentKind::Conflict {
                        kind: ConflictType::Task,
                        status: ConflictStatus::Emerged,
                        continues: None,
                    },
                    3 => MomentKind::Norm {
                        action: NormAction::Reinforced,
                        norm: "phones away".into(),
                    },
                    _ => MomentKind::risk(RiskLevel::Concern),
                };
                moment(what, &[&member, &other], Some("Member Number3 said so"))
            }
            _ if roll % 7 == 0 => EventKind::Floor(Floor::Facilitator),
            _ => speaks(&member),
        };
        kinds.push((i64::from(index) * gap, kind));
    }
    let mut session = session_of(vec![]);
    session.events = kinds
        .into_iter()
        .zip(1..)
        .map(|((millis, kind), number)| Event {
            id: EventId(number),
            at: at(0) + chrono::TimeDelta::milliseconds(millis),
            by: Author::Facilitator,
            kind,
        })
        .collect();
    (group, session)
}

/// The long session's HTML note is well formed and draws every turn: turns
/// closer than a pixel share one bar, whose tooltip counts them, so the chart
/// is as large as its width allows, not as its events. Its speed is a
/// benchmark (`cargo bench --bench note`), not a test.
#[test]
fn a_three_hour_session_of_5000_events_renders_whole() {
    let (group, session) = long_session();
    let facts = facts(&group, &session, false);
    let html = note::html(&facts);
    // Kept for a look: how a long session's timeline reads.
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-note-5000-events.html");
    std::fs::write(&kept, &html).unwrap();
    well_formed(&html).unwrap();
    let turns: usize = facts
        .timeline
        .lanes
        .iter()
        .map(|lane| lane.turns.len())
        .sum();
    assert!(turns > 3000, "{turns}");
    let bars: Vec<&str> = html.split("<rect class=\"turn ").skip(1).collect();
    let drawn: usize = bars
        .iter()
        .map(|bar| {
            let title = &bar[..bar.find("</title>").unwrap()];
            title
                .rsplit_once(" turns, ")
                .and_then(|(before, _)| before.rsplit_once('(').map(|(_, n)| n.parse().unwrap()))
                .unwrap_or(1)
        })
        .sum();
    assert_eq!(drawn, turns, "every turn is in a bar");
    let plot_pixels = 571;
    assert!(
        bars.len() <= facts.timeline.lanes.len() * plot_pixels,
        "{} bars for {} lanes",
        bars.len(),
        facts.timeline.lanes.len()
    );
    assert!(
        bars.len() < turns / 2,
        "{} bars for {turns} turns",
        bars.len()
    );
}

// ---------------------------------------------------------------------------
// In a real browser
// ---------------------------------------------------------------------------

/// Installs Debian's chromium for this test, or fails saying how to.
fn install_chromium() -> PathBuf {
    eprintln!("chromium is missing: installing Debian's chromium package for the browser test");
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"0"));
    let apt = |args: &[&str]| {
        let mut command = if root {
            std::process::Command::new("apt-get")
        } else {
            let mut sudo = std::process::Command::new("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    let installed = apt(&["update", "-qq"]) && apt(&["install", "-y", "-qq", "chromium"]);
    match chromium() {
        Some(browser) if installed => browser,
        _ => panic!(
            "the HTML note's browser test needs chromium, and it could not be installed: \
             run `sudo apt-get install chromium` (or put a `chromium` on PATH), then `cargo test` again"
        ),
    }
}

fn chromium() -> Option<PathBuf> {
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return Some(debian);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("chromium"))
            .find(|candidate| candidate.is_file())
    })
}

/// Runs Chromium headless, offline, with a fresh profile, and returns what
/// it printed. Fails the test if it does not finish within a minute.
fn run_chromium(browser: &Path, scratch: &Path, name: &str, args: &[String]) -> String {
    let profile = scratch.join(format!("profile-{name}"));
    let stdout_path = scratch.join(format!("{name}.out"));
    let stderr_path = scratch.join(format!("{name}.err"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium ({name}) did not finish in a minute: {}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "chromium ({name}) failed: {}",
        std::fs::read_to_string(&stderr_path).unwrap_or_default()
    );
    std::fs::read_to_string(&stdout_path).unwrap()
}

/// Measures the laid-out page from inside and writes the figures into it,
/// for `--dump-dom` to carry out: every SVG's size, the bars and turns
/// drawn, whether the symbols drew with a width (a font had them), and any
/// element that user text may have smuggled in.
const MEASURE: &str = r#"<script>
(function () {
  var out = { svgs: {} };
  document.querySelectorAll('svg').forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    out.svgs[svg.id] = { width: box.width, height: box.height };
  });
  out.bars = document.querySelectorAll('#talk-chart rect.bar').length;
  out.longest_bar = Math.max.apply(null, Array.prototype.map.call(
    document.querySelectorAll('#talk-chart rect.bar'),
    function (bar) { return bar.getBoundingClientRect().width; }));
  out.turns = document.querySelectorAll('#timeline-chart rect.turn').length;
  out.narrowest_mark = Math.min.apply(null, Array.prototype.map.call(
    document.querySelectorAll('#timeline-chart text.mark'),
    function (mark) { return mark.getBBox().width; }));
  out.marks = document.querySelectorAll('#timeline-chart text.mark').length;
  out.scripts = document.scripts.length;
  out.images = document.images.length;
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

/// The note with the measuring script before `</body>`; `keep_policy`
/// keeps the note's Content-Security-Policy, which must stop the script.
fn with_measuring_script(html: &str, keep_policy: bool) -> String {
    let mut html = html.replace("</body>", &format!("{MEASURE}</body>"));
    if !keep_policy {
        let policy = section(&html, "<meta http-equiv=\"Content-Security-Policy\"", ">\n");
        html = html.replacen(&format!("{policy}>\n"), "", 1);
    }
    html
}

fn measured(dom: &str) -> Option<serde_json::Value> {
    let start = dom.find("<pre id=\"measure\">")? + "<pre id=\"measure\">".len();
    let end = start + dom[start..].find("</pre>")?;
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Some(serde_json::from_str(&json).unwrap())
}

#[test]
fn a_real_browser_lays_out_both_charts_and_prints_the_note() {
    let browser = chromium().unwrap_or_else(install_chromium);
    let started = Instant::now();
    let scratch = tempfile::tempdir().unwrap();
    let url = |path: &Path| format!("file://{}", path.display());
    let write = |name: &str, text: &str| {
        let path = scratch.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let note = html_note();
    let plain = write("note.html", &note);
    // The hostile note is measured: it has the same charts, and it shows
    // in a real parser that no typed word became an element or a handler.
    let measuring = write(
        "measure.html",
        &with_measuring_script(&hostile_note(), false),
    );
    let guarded = write("guarded.html", &with_measuring_script(&note, true));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let screenshot = target.join("html-note-screenshot.png");
    let pdf = target.join("html-note.pdf");
    std::fs::copy(&plain, target.join("html-note.html")).unwrap();
    let _ = std::fs::remove_file(&screenshot);
    let _ = std::fs::remove_file(&pdf);

    let dump = |file: &Path| {
        vec![
            "--virtual-time-budget=2000".to_string(),
            "--window-size=1200,3000".to_string(),
            "--dump-dom".to_string(),
            url(file),
        ]
    };
    let runs: Vec<(&str, Vec<String>)> = vec![
        ("measure", dump(&measuring)),
        ("guarded", dump(&guarded)),
        (
            "screenshot",
            vec![
                format!("--screenshot={}", screenshot.display()),
                "--window-size=1200,3000".to_string(),
                "--hide-scrollbars".to_string(),
                url(&plain),
            ],
        ),
        (
            "pdf",
            vec![
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_string(),
                url(&plain),
            ],
        ),
    ];
    // Two at a time: the machines this runs on have two cores.
    let mut outputs: BTreeMap<&str, String> = BTreeMap::new();
    for pair in runs.chunks(2) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = pair
                .iter()
                .map(|(name, args)| {
                    let browser = &browser;
                    let scratch = scratch.path();
                    (
                        *name,
                        scope.spawn(move || run_chromium(browser, scratch, name, args)),
                    )
                })
                .collect();
            for (name, handle) in handles {
                outputs.insert(name, handle.join().unwrap());
            }
        });
    }

    let figures = measured(&outputs["measure"])
        .unwrap_or_else(|| panic!("the measuring script did not run:\n{}", outputs["measure"]));
    println!("measured in Chromium: {figures}");
    let facts = {
        let (group, session) = hostile();
        facts(&group, &session, false)
    };
    for id in ["talk-chart", "timeline-chart"] {
        let size = &figures["svgs"][id];
        let (width, height) = (
            size["width"].as_f64().unwrap(),
            size["height"].as_f64().unwrap(),
        );
        assert!(width > 100.0 && height > 100.0, "{id} is {width}×{height}");
    }
    assert_eq!(
        figures["svgs"].as_object().unwrap().len(),
        2,
        "only our two SVGs"
    );
    assert_eq!(
        figures["bars"].as_u64().unwrap() as usize,
        facts.participation.speakers.len(),
        "one bar per speaker"
    );
    assert!(figures["longest_bar"].as_f64().unwrap() > 200.0);
    let turns: usize = facts.timeline.lanes.iter().map(|l| l.turns.len()).sum();
    assert_eq!(figures["turns"].as_u64().unwrap() as usize, turns);
    assert_eq!(
        figures["marks"].as_u64().unwrap() as usize,
        facts.timeline.moments.len()
    );
    assert!(
        figures["narrowest_mark"].as_f64().unwrap() > 4.0,
        "a symbol drew without a font"
    );
    assert_eq!(figures["scripts"], 1, "only the measuring script");
    assert_eq!(figures["images"], 0);
    assert_eq!(figures["handlers"], 0);
    assert_eq!(figures["wider_than_window"], false);

    assert!(
        measured(&outputs["guarded"]).is_none(),
        "the note's Content-Security-Policy must stop any script"
    );

    let png = std::fs::metadata(&screenshot).expect("a screenshot").len();
    assert!(png > 50_000, "the screenshot is only {png} bytes");
    let pdf_bytes = std::fs::read(&pdf).expect("a PDF");
    assert!(pdf_bytes.starts_with(b"%PDF"));
    // Each member's entry is a page of its own, and so is the sign-off.
    let pages = String::from_utf8_lossy(&pdf_bytes)
        .match_indices("/Type /Page")
        .filter(|(index, _)| pdf_bytes.get(index + 11) != Some(&b's'))
        .count();
    assert!(
        pages > facts.members.len() + 1,
        "{pages} pages for {} members",
        facts.members.len()
    );
    println!(
        "screenshot: {} ({} KiB); PDF: {} ({} pages); Chromium took {:.1} s",
        screenshot.display(),
        png / 1024,
        pdf.display(),
        pages,
        started.elapsed().as_secs_f64()
    );
}
