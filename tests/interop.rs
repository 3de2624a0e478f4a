//! RTTM import and CSV / JSON / RTTM export, end to end through the real binary, on
//! two real AMI meetings (tests/data/rttm). The floor figures are checked against
//! the floor rule computed here from scratch: this file reads RTTM and UEM and
//! applies the rule itself, without any of `groupscribe::interop`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use groupscribe::metrics::Participation;
use groupscribe::model::{Floor, Group, Session};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/store.rs"]
mod store;

use store::session_files;

const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rttm");
const SLUG: &str = "ami-meetings";
const START: &str = "2026-11-23T18:00:00+01:00";
/// Roster order: labels not given with --speaker take these, in order of appearance.
const ROSTER: [&str; 5] = ["ana", "ben", "cy", "dee", "eve"];

const GROUP_RON: &str = r#"(
  version: 1,
  name: "AMI Meetings",
  type: Task,
  purpose: "Design-team meetings, for testing RTTM import",
  facilitator: "Sam Okafor",
  members: [
    (id: "ana", name: "Ana Ruiz"),
    (id: "ben", name: "Ben Kowalski"),
    (id: "cy", name: "Cy Li"),
    (id: "dee", name: "Dee Moss"),
    (id: "eve", name: "Eve Park"),
  ],
)
"#;

/// A temporary store with one group of five members.
struct TempStore {
    dir: tempfile::TempDir,
}

impl TempStore {
    fn new() -> TempStore {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(SLUG)).unwrap();
        std::fs::write(dir.path().join(SLUG).join("group.ron"), GROUP_RON).unwrap();
        TempStore { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `groupscribe --dir <store> ARGS`, away from any user config.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("--dir")
            .arg(self.root())
            .args(args)
            .env_remove("GROUPSCRIBE_DIR")
            .env("GROUPSCRIBE_CONFIG", self.root().join("no-config.ron"))
            .output()
            .unwrap()
    }

    fn run_ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "groupscribe {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn group(&self) -> Group {
        groupscribe::store::load_group(&self.root().join(SLUG).join("group.ron")).unwrap()
    }

    /// Session files of the group, oldest first.
    fn sessions(&self) -> Vec<PathBuf> {
        session_files(&self.root().join(SLUG))
    }

    fn load(&self, path: &Path) -> Session {
        let loaded = groupscribe::store::load_session(path, Some(&self.group())).unwrap();
        assert!(loaded.torn.is_none());
        loaded.session
    }

    /// `import rttm RTTM --group ami-meetings` plus `extra`.
    fn import_rttm(&self, rttm: &Path, extra: &[&str]) -> Output {
        let mut args = vec!["import", "rttm", rttm.to_str().unwrap(), "--group", SLUG];
        args.extend(extra);
        self.run(&args)
    }

    /// As `import_rttm`, which must succeed; its summary.
    fn import_rttm_ok(&self, rttm: &Path, extra: &[&str]) -> String {
        let output = self.import_rttm(rttm, extra);
        assert!(
            output.status.success(),
            "import of {} failed:\n{}",
            rttm.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn import(&self, rttm: &Path, uem: &Path, speakers: &[&str]) -> (PathBuf, String) {
        let before = self.sessions().len();
        let mut args = vec!["--uem", uem.to_str().unwrap(), "--start", START];
        for pair in speakers {
            args.extend(["--speaker", pair]);
        }
        let summary = self.import_rttm_ok(rttm, &args);
        let sessions = self.sessions();
        assert_eq!(sessions.len(), before + 1, "one new session file");
        (sessions[before].clone(), summary)
    }
}

fn data(name: &str) -> PathBuf {
    Path::new(DATA).join(name)
}

/// A SPEAKER line as this test reads it: line order is kept in the Vec.
struct Speech {
    onset: i64,
    end: i64,
    speaker: String,
}

fn millis(seconds: &str) -> i64 {
    (seconds.parse::<f64>().unwrap() * 1000.0).round() as i64
}

fn read_speech(path: &Path) -> Vec<Speech> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("SPEAKER "))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let onset = millis(fields[3]);
            Speech {
                onset,
                end: onset + millis(fields[4]),
                speaker: fields[7].to_string(),
            }
        })
        .collect()
}

fn read_span(path: &Path) -> (i64, i64) {
    let text = std::fs::read_to_string(path).unwrap();
    let fields: Vec<&str> = text.split_whitespace().collect();
    (millis(fields[2]), millis(fields[3]))
}

fn labels_in_order(speech: &[Speech]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for s in speech {
        if !labels.contains(&s.speaker) {
            labels.push(s.speaker.clone());
        }
    }
    labels
}

/// Per speaker (turns, floor ms), and the silence in ms.
#[derive(Debug, PartialEq)]
struct FloorFigures {
    speakers: BTreeMap<String, (u32, i64)>,
    silence: i64,
}

/// The floor rule, from scratch: cut the span at every segment boundary; in each
/// piece the floor is held by the segment speaking at the piece's first millisecond
/// that began latest (on a tie, the later line); nobody speaking is silence. A turn
/// begins wherever the holder differs from the piece before.
fn expected_floor(speech: &[Speech], (start, end): (i64, i64)) -> FloorFigures {
    let mut cuts = vec![start, end];
    for s in speech {
        cuts.extend(
            [s.onset, s.end]
                .into_iter()
                .filter(|&t| start < t && t < end),
        );
    }
    cuts.sort();
    cuts.dedup();
    let mut floor = FloorFigures {
        speakers: BTreeMap::new(),
        silence: 0,
    };
    let mut before: Option<&str> = None;
    for piece in cuts.windows(2) {
        let (at, length) = (piece[0], piece[1] - piece[0]);
        let holder = speech
            .iter()
            .enumerate()
            .filter(|(_, s)| s.onset <= at && at < s.end)
            .max_by_key(|(line, s)| (s.onset, *line))
            .map(|(_, s)| s.speaker.as_str());
        match holder {
            None => floor.silence += length,
            Some(speaker) => {
                let entry = floor.speakers.entry(speaker.to_string()).or_default();
                entry.1 += length;
                if before != Some(speaker) {
                    entry.0 += 1;
                }
            }
        }
        before = holder;
    }
    floor
}

/// Per member (turns, talk ms) and silence, as the app counts them over `span_ms`
/// from the session's start.
fn figures(group: &Group, session: &Session, span_ms: i64) -> (Participation, FloorFigures) {
    let until = session.header.started + chrono::TimeDelta::milliseconds(span_ms);
    let p = Participation::compute(group, session, until);
    let speakers = p
        .total
        .holders
        .iter()
        .map(|(floor, stats)| match floor {
            Floor::Member(id) => (id.to_string(), (stats.turns, stats.talk)),
            other => panic!("only members hold the floor in an import, not {other:?}"),
        })
        .collect();
    let silence = p.total.silence;
    (p, FloorFigures { speakers, silence })
}

/// Renames the expected figures' labels to the member ids they were mapped to.
fn by_member(expected: FloorFigures, mapping: &BTreeMap<String, String>) -> FloorFigures {
    FloorFigures {
        speakers: expected
            .speakers
            .into_iter()
            .map(|(label, figures)| (mapping[&label].clone(), figures))
            .collect(),
        silence: expected.silence,
    }
}

/// Imports one meeting and checks every figure against the rule; returns the session.
fn import_and_check(
    store: &TempStore,
    meeting: &str,
    explicit: &[(&str, &str)],
) -> (PathBuf, FloorFigures) {
    let rttm = data(&format!("{meeting}.only_words.rttm"));
    let uem = data(&format!("{meeting}.uem"));
    let speech = read_speech(&rttm);
    let span = read_span(&uem);
    let labels = labels_in_order(&speech);
    assert_eq!(labels.len(), 4, "{meeting} has four speakers");

    // Explicit pairs first; the other labels take the unused members in roster order.
    let mut mapping: BTreeMap<String, String> = explicit
        .iter()
        .map(|(label, id)| (label.to_string(), id.to_string()))
        .collect();
    let mut free = ROSTER
        .iter()
        .filter(|id| !explicit.iter().any(|(_, used)| used == *id));
    for label in &labels {
        if !mapping.contains_key(label) {
            mapping.insert(label.clone(), free.next().unwrap().to_string());
        }
    }

    let pairs: Vec<String> = explicit.iter().map(|(l, id)| format!("{l}={id}")).collect();
    let pairs: Vec<&str> = pairs.iter().map(String::as_str).collect();
    let (path, summary) = store.import(&rttm, &uem, &pairs);
    for (label, id) in &mapping {
        assert!(summary.contains(label) && summary.contains(id), "{summary}");
    }

    let session = store.load(&path);
    assert_eq!(session.header.group, SLUG);
    assert_eq!(session.header.started.to_rfc3339(), START);
    assert_eq!(session.header.facilitator, "Sam Okafor");
    assert!(session.is_ended());
    let (p, actual) = figures(&store.group(), &session, span.1 - span.0);
    let expected = by_member(expected_floor(&speech, span), &mapping);
    assert_eq!(
        actual, expected,
        "{meeting}: the app's figures against the rule"
    );
    assert_eq!(
        p.total.clock,
        span.1 - span.0,
        "the session runs over the UEM span"
    );
    assert_eq!(p.total.breaks, 0);
    println!("{meeting}:\n{summary}");
    (path, actual)
}

#[test]
fn es2004a_imports_with_the_floor_rule_exactly() {
    let store = TempStore::new();
    let (path, figures) = import_and_check(&store, "ES2004a", &[("FEE013", "dee")]);
    assert!(path.ends_with("2026-11-23-s01.ron"), "{}", path.display());
    assert_eq!(figures.speakers.len(), 4);
}

#[test]
fn is1009a_imports_with_the_floor_rule_exactly() {
    let store = TempStore::new();
    let (first, _) = import_and_check(&store, "IS1009a", &[("FIO089", "eve")]);
    assert!(first.ends_with("2026-11-23-s01.ron"));
}

/// `import rttm MEETING --group ami-meetings --uem MEETING.uem` plus `extra`.
fn import_meeting(store: &TempStore, meeting: &str, extra: &[&str]) -> Output {
    let rttm = data(&format!("{meeting}.only_words.rttm"));
    let uem = data(&format!("{meeting}.uem"));
    let mut args = vec!["--uem", uem.to_str().unwrap()];
    args.extend(extra);
    store.import_rttm(&rttm, &args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn file_names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_session_keeps_where_it_came_from_and_the_note_says_so() {
    let store = TempStore::new();
    let (path, _) = import_and_check(&store, "ES2004a", &[("FEE013", "dee")]);
    let session = store.load(&path);
    let source = session
        .header
        .source
        .clone()
        .expect("an imported session has a source");
    let labels: Vec<(&str, Floor)> = source
        .speakers
        .iter()
        .map(|speaker| (speaker.label.as_str(), speaker.holder.clone()))
        .collect();
    let member = |id: &str| Floor::Member(groupscribe::model::MemberId::new(id));
    assert_eq!(
        (
            source.file.as_str(),
            source.recording.as_str(),
            source.span_start_ms,
            source.span_end_ms,
            source.uem.as_deref()
        ),
        (
            "ES2004a.only_words.rttm",
            "ES2004a",
            0,
            1_049_355,
            Some("ES2004a.uem")
        )
    );
    assert_eq!(
        labels,
        [
            ("MEO015", member("ana")),
            ("FEE013", member("dee")),
            ("FEE016", member("ben")),
            ("MEE014", member("cy")),
        ]
    );
    // The provenance is on the header line, the first line of the file.
    let text = std::fs::read_to_string(&path).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("source:") && first.contains("\"ES2004a\""),
        "{first}"
    );

    let note = store.run_ok(&["note", path.to_str().unwrap()]);
    assert!(
        note.contains(
            "Source: speaking turns derived from recording \"ES2004a\" \
             (ES2004a.only\\_words.rttm, from 0 s to 17 min 29 s into it), not logged live"
        ),
        "{note}"
    );
    let html = store.run_ok(&["note", path.to_str().unwrap(), "--format", "html"]);
    assert!(
        html.contains("Source") && html.contains("speaking turns derived from recording"),
        "{html}"
    );
}

#[test]
fn labels_match_member_ids_in_any_case() {
    let store = TempStore::new();
    let shouting = store.root().join("shouting.rttm");
    std::fs::write(
        &shouting,
        "SPEAKER rec 1 0 2 <NA> <NA> CY <NA> <NA>\n\
         SPEAKER rec 1 3 2 <NA> <NA> spk0 <NA> <NA>\n\
         SPEAKER rec 1 6 2 <NA> <NA> Ben <NA> <NA>\n",
    )
    .unwrap();
    let output = store.import_rttm_ok(&shouting, &["--start", START]);
    // In order of appearance CY would have been handed ana, and Ben cy.
    for line in [
        "CY   -> cy (Cy Li)",
        "spk0 -> ana (Ana Ruiz)",
        "Ben  -> ben (Ben Kowalski)",
    ] {
        assert!(output.contains(line), "{line} in\n{output}");
    }
}

#[test]
fn start_is_required_and_the_session_cannot_end_in_the_future() {
    let store = TempStore::new();
    let missing = import_meeting(&store, "IS1009a", &[]);
    assert!(!missing.status.success());
    let message = stderr(&missing);
    assert!(
        message.contains("required") && message.contains("--start <RFC3339>"),
        "{message}"
    );

    // IS1009a is scored over 13:58: started 5 minutes ago it would end in 9 minutes.
    let recent = (chrono::Local::now() - chrono::TimeDelta::minutes(5))
        .fixed_offset()
        .to_rfc3339();
    for start in [recent.as_str(), "2099-01-01T10:00:00+00:00"] {
        let future = import_meeting(&store, "IS1009a", &["--start", start]);
        assert!(!future.status.success());
        let message = stderr(&future);
        assert!(
            message.contains("the session would end at") && message.contains("still to come"),
            "{message}"
        );
    }
    assert!(store.sessions().is_empty(), "nothing written");
}

#[test]
fn the_same_recording_twice_is_refused_unless_again() {
    let store = TempStore::new();
    import_meeting(&store, "IS1009a", &["--start", START]);
    let first = store.sessions();
    assert_eq!(first.len(), 1);
    let before = std::fs::read(&first[0]).unwrap();

    let twice = import_meeting(&store, "IS1009a", &["--start", "2026-11-24T18:00:00+01:00"]);
    assert!(!twice.status.success());
    let message = stderr(&twice);
    assert!(
        message.contains(
            "recording \"IS1009a\" (scored 0.000–838.833 s) is already in AMI Meetings: session 1"
        ) && message.contains("add --again"),
        "{message}"
    );
    assert_eq!(store.sessions(), first);
    assert_eq!(std::fs::read(&first[0]).unwrap(), before);

    // Another span of the same recording is another recording's worth.
    let part = store.root().join("part.uem");
    std::fs::write(&part, "IS1009a 1 0 400\n").unwrap();
    let rttm = data("IS1009a.only_words.rttm");
    store.import_rttm_ok(
        &rttm,
        &[
            "--uem",
            part.to_str().unwrap(),
            "--start",
            "2026-11-24T18:00:00+01:00",
        ],
    );

    let again = import_meeting(
        &store,
        "IS1009a",
        &["--start", "2026-11-25T18:00:00+01:00", "--again"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        file_names(&store.sessions()),
        [
            "2026-11-23-s01.ron",
            "2026-11-24-s02.ron",
            "2026-11-25-s03.ron"
        ]
    );
}

#[test]
fn sessions_are_numbered_by_date_and_an_older_recording_cannot_follow_a_newer_one() {
    let store = TempStore::new();
    let later = import_meeting(&store, "ES2004a", &["--start", "2026-11-23T18:00:00+01:00"]);
    assert!(later.status.success(), "{}", stderr(&later));
    let older = import_meeting(&store, "IS1009a", &["--start", "2026-11-16T18:00:00+01:00"]);
    assert!(!older.status.success());
    let message = stderr(&older);
    assert!(
        message.contains("is older than 1 session(s) of AMI Meetings, the first being session 1")
            && message.contains("numbered by date")
            && message.contains("never renumbered")
            && message.contains("Import recordings oldest first"),
        "{message}"
    );
    assert_eq!(file_names(&store.sessions()), ["2026-11-23-s01.ron"]);

    // A week later it is the next session, named by its own date.
    let next = import_meeting(&store, "IS1009a", &["--start", "2026-11-30T18:00:00+01:00"]);
    assert!(next.status.success(), "{}", stderr(&next));
    let sessions = store.sessions();
    assert_eq!(
        file_names(&sessions),
        ["2026-11-23-s01.ron", "2026-11-30-s02.ron"]
    );
    assert_eq!(store.load(&sessions[1]).header.number, 2);
}

#[test]
fn an_import_cut_short_by_a_failing_write_leaves_nothing() {
    let store = TempStore::new();
    let rttm = data("IS1009a.only_words.rttm");
    let uem = data("IS1009a.uem");
    // A file-size limit of 4 KiB: the session (about 30 KiB) cannot be written whole.
    // SIGXFSZ is ignored so the write fails with EFBIG, as on a full disk.
    let output = Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4; exec \"$@\"")
        .arg("bash")
        .arg(BIN)
        .arg("--dir")
        .arg(store.root())
        .args(["import", "rttm"])
        .arg(&rttm)
        .args(["--group", SLUG, "--uem"])
        .arg(&uem)
        .args(["--start", START])
        .env_remove("GROUPSCRIBE_DIR")
        .env("GROUPSCRIBE_CONFIG", store.root().join("no-config.ron"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("could not write"), "{message}");
    let mut left: Vec<String> = std::fs::read_dir(store.root().join(SLUG))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["group.ron"], "no session file, no temporary file");
}

#[test]
fn an_rttm_export_imports_back_to_the_same_floor() {
    let store = TempStore::new();
    let (path, original) = import_and_check(&store, "ES2004a", &[]);
    let exported = store.root().join("exported.rttm");
    let span = store.root().join("exported.uem");
    let session = path.to_str().unwrap();
    store.run_ok(&[
        "export",
        session,
        "--format",
        "rttm",
        "--out",
        exported.to_str().unwrap(),
    ]);
    store.run_ok(&[
        "export",
        session,
        "--format",
        "uem",
        "--out",
        span.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&exported).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("SPEAKER 2026-11-23-s01 1 ") && first.ends_with(" <NA> <NA>"),
        "{first}"
    );
    let turns: u32 = original.speakers.values().map(|(turns, _)| turns).sum();
    assert_eq!(text.lines().count() as u32, turns, "one line per turn");

    // The exported labels are member ids: they map back to the same members.
    let (again, summary) = store.import(&exported, &span, &[]);
    let mapped: Vec<(&str, &str)> = summary
        .lines()
        .filter_map(|line| line.split_once(" -> "))
        .map(|(label, who)| (label.trim(), who.split(' ').next().unwrap()))
        .collect();
    assert_eq!(mapped.len(), 4, "{summary}");
    assert!(mapped.iter().all(|(label, id)| label == id), "{summary}");
    let session = store.load(&again);
    let length = millis(
        std::fs::read_to_string(&span)
            .unwrap()
            .split_whitespace()
            .nth(3)
            .unwrap(),
    );
    let (_, round_trip) = figures(&store.group(), &session, length);
    assert_eq!(round_trip, original);
}

#[test]
fn csv_and_json_exports_parse_back_with_a_row_per_event_and_per_member() {
    let store = TempStore::new();
    let (path, _) = import_and_check(&store, "IS1009a", &[]);
    let session = store.load(&path);
    let members = store.group().members.len();

    let csv_text = store.run_ok(&["export", path.to_str().unwrap(), "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "record");
    for column in ["event_id", "time", "status", "member_id", "talk_ms"] {
        assert!(
            headers.iter().any(|h| h == column),
            "{column} in {headers:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let kind = |record: &str| rows.iter().filter(|row| &row[0] == record).count();
    assert_eq!(kind("event"), session.events.len());
    assert_eq!(kind("member"), members);
    assert_eq!(rows.len(), session.events.len() + members);
    let talk_column = headers.iter().position(|h| h == "talk_ms").unwrap();
    let p = Participation::compute(&store.group(), &session, session.events.last().unwrap().at);
    let member_talk: i64 = rows
        .iter()
        .filter(|row| &row[0] == "member")
        .map(|row| row[talk_column].parse::<i64>().unwrap())
        .sum();
    assert_eq!(member_talk, p.total.member_talk());

    let json_text = store.run_ok(&["export", path.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(
        json["events"].as_array().unwrap().len(),
        session.events.len()
    );
    assert_eq!(json["members"].as_array().unwrap().len(), members);
    assert_eq!(json["header"]["group"], SLUG);
    assert_eq!(json["totals"]["silence_ms"], p.total.silence);
}

/// An imported session keeps the roster it was imported with: after group.ron
/// loses Ben (deleted outright), gains Fay, and is renamed and replanned, every
/// export, the note and the timeline of the old session read byte for byte as
/// before, and `check` still passes.
#[test]
fn exports_and_notes_of_an_old_session_never_drift_when_group_ron_changes() {
    let store = TempStore::new();
    let (path, _) = import_and_check(&store, "ES2004a", &[]);
    let session = path.to_str().unwrap();
    let outputs = |store: &TempStore| -> Vec<String> {
        let mut all: Vec<String> = ["csv", "json", "rttm", "uem"]
            .iter()
            .map(|format| store.run_ok(&["export", session, "--format", format]))
            .collect();
        all.push(store.run_ok(&["note", session]));
        all.push(store.run_ok(&["note", session, "--format", "html"]));
        all.push(store.run_ok(&["events", session]));
        all
    };
    let before = outputs(&store);
    assert!(before[0].contains("Ben Kowalski"), "{}", before[0]);
    let json: serde_json::Value = serde_json::from_str(&before[1]).unwrap();
    assert_eq!(json["roster"], "recorded when the session began");
    assert!(
        json["header"].get("snapshot").is_none(),
        "full names stay out of the header: {}",
        json["header"]
    );

    let changed = GROUP_RON
        .replace("    (id: \"ben\", name: \"Ben Kowalski\"),\n", "")
        .replace(
            "    (id: \"eve\", name: \"Eve Park\"),",
            "    (id: \"eve\", name: \"Eve Park-Lane\"),\n    (id: \"fay\", name: \"Fay Thompson\"),",
        )
        .replace("name: \"AMI Meetings\"", "name: \"AMI Meetings (renamed)\", planned_sessions: 3")
        .replace("Design-team meetings", "Something else");
    assert_ne!(changed, GROUP_RON);
    std::fs::write(store.root().join(SLUG).join("group.ron"), &changed).unwrap();
    let after = outputs(&store);
    for (before, after) in before.iter().zip(&after) {
        assert_eq!(before, after);
    }
    assert!(!after[0].contains("Fay"), "Fay joined later");
    let check = store.run_ok(&["check", session]);
    assert!(
        check.contains("a valid session (AMI Meetings s01"),
        "{check}"
    );
}

#[test]
fn a_bad_rttm_line_is_named_and_nothing_is_written() {
    let store = TempStore::new();
    let bad = store.root().join("bad.rttm");
    std::fs::write(
        &bad,
        "SPEAKER rec 1 0.5 1.0 <NA> <NA> spk0 <NA> <NA>\n\
         ;; a comment\n\
         SPEAKER rec 1 two 1.0 <NA> <NA> spk1 <NA> <NA>\n",
    )
    .unwrap();
    let output = store.import_rttm(&bad, &["--start", START]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("bad.rttm:3:15: the onset \"two\" is not a number of seconds"),
        "{message}"
    );
    assert!(store.sessions().is_empty(), "no session file on error");

    let unknown = store.import_rttm(
        &data("ES2004a.only_words.rttm"),
        &["--speaker", "FEE013=zed", "--start", START],
    );
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(!unknown.status.success());
    assert!(message.contains("\"zed\" is not a member id"), "{message}");
    assert!(store.sessions().is_empty());
}

#[test]
fn exports_never_replace_a_record() {
    let store = TempStore::new();
    let (path, _) = import_and_check(&store, "IS1009a", &[]);
    let before = std::fs::read(&path).unwrap();
    let output = store.run(&[
        "export",
        path.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("never written to a .ron file"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
