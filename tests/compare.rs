//! `compare` and `merge` through the real binary, on two hand-made logs of one
//! session whose figures are worked out by hand below; and DER against
//! pyannote.metrics' own figures on the two AMI meetings (tests/data/der).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use groupscribe::interop::rttm::{parse_rttm, parse_uem};
use groupscribe::metrics::agreement::{Interval, Track, diarization_error};
use groupscribe::model::{
    Author, BreakEdge, Event, EventId, EventKind, Floor, MemberId, Moment, MomentKind,
    SCHEMA_VERSION, SessionHeader, Timestamp,
    taxonomy::{ConflictStatus, ConflictType, MutualAidKind, NormAction, RiskLevel},
};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");
const DER_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/der");

const GROUP_RON: &str = r#"(
  version: 1,
  name: "Parents' Circle",
  type: Support,
  purpose: "Mutual support for parents",
  facilitator: "Sam Okafor",
  co_facilitator: "Lee Park",
  members: [
    (id: "ana", name: "Ana Ruiz"),
    (id: "ben", name: "Ben Kowalski"),
    (id: "cy", name: "Cy Li"),
  ],
)
"#;

fn at(seconds: i64) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap()
        + chrono::TimeDelta::seconds(seconds)
}

fn speaks(who: &str) -> EventKind {
    EventKind::Floor(match who {
        "facilitator" => Floor::Facilitator,
        "silence" => Floor::Silence,
        id => Floor::Member(MemberId::new(id)),
    })
}

fn moment(what: MomentKind, members: &[&str]) -> EventKind {
    EventKind::Moment(Moment {
        what,
        members: members.iter().map(|m| MemberId::new(*m)).collect(),
        text: None,
    })
}

fn conflict() -> MomentKind {
    MomentKind::Conflict {
        kind: ConflictType::Process,
        status: ConflictStatus::Emerged,
        continues: None,
    }
}

fn norm() -> MomentKind {
    MomentKind::Norm {
        action: NormAction::Established,
        norm: "phones away".into(),
    }
}

/// A folder with group.ron and the two logs of one session.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("parents-circle");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("group.ron"), GROUP_RON).unwrap();
        let fixture = Fixture { dir };
        fixture.write("a.ron", "parents-circle", Author::Facilitator, &a_events());
        fixture.write(
            "b.ron",
            "parents-circle",
            Author::CoFacilitator,
            &b_events(),
        );
        fixture
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join("parents-circle").join(name)
    }

    fn write(&self, name: &str, group: &str, by: Author, events: &[(i64, EventKind)]) -> PathBuf {
        let path = self.path(name);
        let snapshot = groupscribe::store::load_group(&self.path("group.ron")).unwrap();
        let header = SessionHeader {
            version: SCHEMA_VERSION,
            group: group.into(),
            number: 2,
            started: at(0),
            facilitator: "Sam Okafor".into(),
            co_facilitator: Some("Lee Park".into()),
            source: None,
            snapshot: Some(snapshot),
            observer: None,
        };
        let events: Vec<Event> = events
            .iter()
            .zip(1..)
            .map(|((seconds, kind), id)| Event {
                id: EventId(id),
                at: at(*seconds),
                by,
                kind: kind.clone(),
            })
            .collect();
        groupscribe::store::write_session_atomically(&path, &header, &events).unwrap();
        path
    }
}

/// A, the facilitator's log: ana 0–20, ben 20–30, a break 30–40, the
/// facilitator 40–50, silence 50–60; a norm at 5, a conflict (ana, ben) at 25,
/// a risk (ana) at 45.
fn a_events() -> Vec<(i64, EventKind)> {
    vec![
        (0, speaks("ana")),
        (5, moment(norm(), &[])),
        (20, speaks("ben")),
        (25, moment(conflict(), &["ana", "ben"])),
        (30, EventKind::Break(BreakEdge::Start)),
        (40, EventKind::Break(BreakEdge::End)),
        (40, speaks("facilitator")),
        (45, moment(MomentKind::Risk(RiskLevel::Elevated), &["ana"])),
        (50, speaks("silence")),
        (60, EventKind::Ended),
    ]
}

/// B, the co-facilitator's: ana 0–25, ben 25–35, cy 35–43, the facilitator
/// 43–55, silence 55–60, no break; a norm at 10, a conflict (ben, ana) at 27,
/// mutual aid (cy) at 52.
fn b_events() -> Vec<(i64, EventKind)> {
    vec![
        (0, speaks("ana")),
        (10, moment(norm(), &[])),
        (25, speaks("ben")),
        (27, moment(conflict(), &["ben", "ana"])),
        (35, speaks("cy")),
        (43, speaks("facilitator")),
        (
            52,
            moment(MomentKind::MutualAid(MutualAidKind::MutualSupport), &["cy"]),
        ),
        (55, speaks("silence")),
        (60, EventKind::Ended),
    ]
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("GROUPSCRIBE_DIR")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(&run(args))).unwrap()
}

fn close(value: &serde_json::Value, expected: f64) {
    let got = value.as_f64().unwrap_or(f64::NAN);
    assert!((got - expected).abs() < 1e-9, "{got} != {expected}");
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// By hand. Floor, the 50 whole seconds outside A's break (30–40):
/// ana/ana 0–19 (20), ben/ana 20–24 (5), ben/ben 25–29 (5),
/// facilitator/cy 40–42 (3), facilitator/facilitator 43–49 (7),
/// silence/facilitator 50–54 (5), silence/silence 55–59 (5).
/// Agreement 37/50 = 74%. Rows (A) ana 20, ben 10, cy 0, facilitator 10,
/// silence 10; columns (B) 25, 5, 3, 12, 5: p_e = (500+50+0+120+50)/2500 =
/// 0.288; kappa = (0.74 − 0.288)/(1 − 0.288) = 0.452/0.712.
/// DER, collar 0, scored 0–30 and 40–60: A's speech 20+10+10 = 40 s; B's ana
/// maps to ana, ben to ben, facilitator to facilitator (7 s against cy's 3);
/// confusion 20–25 (ana for ben) and 40–43 (cy) = 8 s, false alarm 50–55 = 5 s,
/// missed 0: DER 13/40.
/// Moments within 30 s: norm 5/10 and conflict 25/27 (members in another
/// order) match; risk only in A, mutual aid only in B: agreement 2·2/6.
#[test]
fn two_sessions_compared_by_hand() {
    let f = Fixture::new();
    let (a, b) = (f.path("a.ron"), f.path("b.ron"));
    let v = json(&[
        "compare",
        s(&a),
        s(&b),
        "--collar",
        "0s",
        "--format",
        "json",
    ]);
    let floor = &v["floor"];
    assert_eq!(floor["seconds"], 50);
    assert_eq!(floor["excluded"], 10);
    assert_eq!(
        floor["categories"],
        serde_json::json!(["ana", "ben", "cy", "facilitator", "silence"])
    );
    assert_eq!(
        floor["confusion"],
        serde_json::json!([
            [20, 0, 0, 0, 0],
            [5, 5, 0, 0, 0],
            [0, 0, 0, 0, 0],
            [0, 0, 3, 7, 0],
            [0, 0, 0, 5, 5]
        ])
    );
    close(&floor["agreement"], 0.74);
    close(&floor["kappa"]["kappa"], 0.452 / 0.712);
    let der = &v["der"];
    close(&der["total"], 40.0);
    close(&der["confusion"], 8.0);
    close(&der["false_alarm"], 5.0);
    close(&der["missed"], 0.0);
    close(&der["rate"], 13.0 / 40.0);
    let moments = &v["moments"];
    assert_eq!(
        (&moments["matched"], &moments["only_a"], &moments["only_b"]),
        (
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(1)
        )
    );
    close(&moments["agreement"], 4.0 / 6.0);

    let table = stdout(&run(&["compare", s(&a), s(&b), "--collar", "0s"]));
    for line in [
        "percent agreement  74.0%",
        "Cohen's kappa      0.635",
        "diarization error rate  32.5%",
        "agreement  66.7%",
        "risk",
    ] {
        assert!(table.contains(line), "{line:?} missing from\n{table}");
    }
}

#[test]
fn a_log_against_itself_agrees_perfectly() {
    let f = Fixture::new();
    let a = f.path("a.ron");
    let v = json(&["compare", s(&a), s(&a), "--format", "json"]);
    close(&v["floor"]["agreement"], 1.0);
    close(&v["floor"]["kappa"]["kappa"], 1.0);
    close(&v["der"]["rate"], 0.0);
    close(&v["moments"]["agreement"], 1.0);
}

/// No agreement: A says ana 0–30 then ben 30–60, B ben then ana. Per second
/// p_o = 0, p_e = 0.5, kappa −1; DER, which scores who spoke when but not
/// their names, maps B's ben to A's ana and B's ana to A's ben: DER 0.
#[test]
fn logs_that_never_agree() {
    let f = Fixture::new();
    let x = f.write(
        "x.ron",
        "parents-circle",
        Author::Facilitator,
        &[
            (0, speaks("ana")),
            (30, speaks("ben")),
            (60, EventKind::Ended),
        ],
    );
    let y = f.write(
        "y.ron",
        "parents-circle",
        Author::Facilitator,
        &[
            (0, speaks("ben")),
            (30, speaks("ana")),
            (60, EventKind::Ended),
        ],
    );
    let v = json(&[
        "compare",
        s(&x),
        s(&y),
        "--collar",
        "0s",
        "--format",
        "json",
    ]);
    close(&v["floor"]["agreement"], 0.0);
    close(&v["floor"]["kappa"]["kappa"], -1.0);
    // Diarization ignores names: B's ben is A's ana all through, so DER is 0.
    close(&v["der"]["rate"], 0.0);
    assert_eq!(
        v["der"]["mapping"],
        serde_json::json!([["ben", "ana"], ["ana", "ben"]])
    );
    let silent = f.write(
        "silent.ron",
        "parents-circle",
        Author::Facilitator,
        &[(0, speaks("silence")), (60, EventKind::Ended)],
    );
    let v = json(&["compare", s(&silent), s(&silent), "--format", "json"]);
    assert_eq!(v["floor"]["kappa"]["status"], "not_applicable");
    let table = stdout(&run(&["compare", s(&silent), s(&silent)]));
    assert!(
        table.contains("Cohen's kappa      n/a (both logs say silence throughout"),
        "{table}"
    );
    assert!(table.contains("n/a (A has no speech"), "{table}");
}

/// B as an RTTM with its own labels, times from A's start: B's turns as
/// above, spk1..spk4. DER is the same 13/40 (the mapping renames them); the
/// floor reads spk1 as ana, spk2 as ben, spk4 as the facilitator, spk3 as itself.
/// B ends at 55 s: 45 whole seconds outside the break, 20 + 5 + 7 = 32 agreed
/// (the last 5 s of silence are past B's end). Rows ana 20, ben 10,
/// facilitator 10, silence 5; columns ana 25, ben 5, facilitator 12, spk3 3:
/// p_o = 1440/2025, p_e = (500+50+120)/2025 = 670/2025; kappa = 770/1355.
#[test]
fn an_rttm_as_b() {
    let f = Fixture::new();
    let rttm = f.dir.path().join("recording.rttm");
    std::fs::write(
        &rttm,
        "SPEAKER rec 1 0.000 25.000 <NA> <NA> spk1 <NA> <NA>\n\
         SPEAKER rec 1 25.000 10.000 <NA> <NA> spk2 <NA> <NA>\n\
         SPEAKER rec 1 35.000 8.000 <NA> <NA> spk3 <NA> <NA>\n\
         SPEAKER rec 1 43.000 12.000 <NA> <NA> spk4 <NA> <NA>\n",
    )
    .unwrap();
    let a = f.path("a.ron");
    let v = json(&[
        "compare",
        s(&a),
        s(&rttm),
        "--collar",
        "0",
        "--format",
        "json",
    ]);
    close(&v["der"]["rate"], 13.0 / 40.0);
    assert_eq!(v["floor"]["seconds"], 45);
    close(&v["floor"]["agreement"], 32.0 / 45.0);
    close(&v["floor"]["kappa"]["kappa"], 770.0 / 1355.0);
    assert!(v["moments"].is_null());
    let table = stdout(&run(&["compare", s(&a), s(&rttm)]));
    assert!(table.contains("spk1 → ana"), "{table}");
    assert!(table.contains("Moments: n/a"), "{table}");
}

#[test]
fn sessions_of_two_groups_are_refused() {
    let f = Fixture::new();
    let other = f.write(
        "other.ron",
        "another-group",
        Author::Facilitator,
        &b_events(),
    );
    let out = run(&["compare", s(&f.path("a.ron")), s(&other)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("same session"), "{err}");
}

#[test]
fn merge_keeps_authors_and_each_matched_moment_once() {
    let f = Fixture::new();
    let c = f.path("c.ron");
    let out = stdout(&run(&[
        "merge",
        s(&f.path("a.ron")),
        s(&f.path("b.ron")),
        "--out",
        s(&c),
    ]));
    assert!(out.contains("1 moments from B not in A"), "{out}");
    let loaded = groupscribe::store::load_session(&c, None).unwrap().session;
    let events = &loaded.events;
    let ids: Vec<u32> = events.iter().map(|e| e.id.0).collect();
    assert_eq!(ids, (1..=events.len() as u32).collect::<Vec<_>>());
    assert!(
        events.windows(2).all(|w| w[0].at <= w[1].at),
        "in time order"
    );
    let moments: Vec<(&Event, &Moment)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Moment(m) => Some((e, m)),
            _ => None,
        })
        .collect();
    // The provenance note, A's norm, conflict and risk, B's mutual aid.
    assert_eq!(moments.len(), 5, "{moments:#?}");
    assert!(
        moments[0]
            .1
            .text
            .as_deref()
            .unwrap_or("")
            .contains("a.ron and b.ron")
    );
    let aid = moments
        .iter()
        .find(|(_, m)| matches!(m.what, MomentKind::MutualAid(_)))
        .unwrap();
    assert_eq!(aid.0.by, Author::CoFacilitator);
    assert!(
        moments
            .iter()
            .filter(|(_, m)| !matches!(m.what, MomentKind::MutualAid(_)))
            .all(|(e, _)| e.by == Author::Facilitator)
    );
    // The floor is A's: its break is there, B's cy is not.
    assert!(
        events
            .iter()
            .any(|e| e.kind == EventKind::Break(BreakEdge::Start))
    );
    assert!(!events.iter().any(|e| e.kind == speaks("cy")));
    assert_eq!(events.last().unwrap().kind, EventKind::Ended);

    let check = stdout(&run(&["check", s(&c)]));
    assert!(check.contains("a valid session"), "{check}");
    assert!(f.path("c.note.md").exists(), "the note is written beside C");

    // Never over anything.
    let again = run(&[
        "merge",
        s(&f.path("a.ron")),
        s(&f.path("b.ron")),
        "--out",
        s(&f.path("a.ron")),
    ]);
    assert!(!again.status.success());
    let rttm = f.dir.path().join("recording.rttm");
    std::fs::write(
        &rttm,
        "SPEAKER rec 1 0.000 25.000 <NA> <NA> spk1 <NA> <NA>\n",
    )
    .unwrap();
    let refused = run(&[
        "merge",
        s(&f.path("a.ron")),
        s(&rttm),
        "--out",
        s(&f.path("e.ron")),
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("merge takes two session files"));
    assert!(!f.path("e.ron").exists());
    let b_floor = f.path("d.ron");
    stdout(&run(&[
        "merge",
        s(&f.path("a.ron")),
        s(&f.path("b.ron")),
        "--out",
        s(&b_floor),
        "--floor",
        "b",
    ]));
    let d = groupscribe::store::load_session(&b_floor, None)
        .unwrap()
        .session;
    assert!(
        d.events.iter().any(|e| e.kind == speaks("cy")),
        "--floor b takes B's turns"
    );
}

/// DER and its parts against pyannote.metrics' own figures
/// (tests/data/der/make_reference.py wrote them), to 1e-6.
#[test]
fn der_matches_pyannote_metrics_on_two_ami_meetings() {
    let data = Path::new(DER_DATA);
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("pyannote.json")).unwrap())
            .unwrap();
    let cases = reference["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 7);
    let tracks = |path: &Path| -> (String, Vec<Track>) {
        let rttm = parse_rttm(path, &std::fs::read_to_string(path).unwrap()).unwrap();
        let tracks = rttm
            .segments
            .iter()
            .map(|s| Track {
                label: s.speaker.clone(),
                start: s.onset,
                end: s.end,
            })
            .collect();
        (rttm.file_id, tracks)
    };
    for case in cases {
        let field = |name: &str| case[name].as_str().unwrap();
        let (file_id, ref_tracks) = tracks(&data.join(field("reference")));
        let (_, hyp_tracks) = tracks(&data.join(field("hypothesis")));
        let uem_path = data.join("../rttm").join(field("uem"));
        let span = parse_uem(
            &uem_path,
            &std::fs::read_to_string(&uem_path).unwrap(),
            &file_id,
        )
        .unwrap();
        let collar = (case["collar"].as_f64().unwrap() * 1000.0).round() as i64;
        let der = diarization_error(
            &ref_tracks,
            &hyp_tracks,
            &[Interval::new(span.start, span.end)],
            collar,
        );
        let name = format!("{} collar {collar} ms", field("hypothesis"));
        for (ours, key) in [
            (der.rate.unwrap(), "der"),
            (der.total, "total"),
            (der.correct, "correct"),
            (der.missed, "missed"),
            (der.false_alarm, "false_alarm"),
            (der.confusion, "confusion"),
        ] {
            let theirs = case[key].as_f64().unwrap();
            assert!(
                (ours - theirs).abs() < 1e-6,
                "{name}: {key} {ours} vs pyannote {theirs}"
            );
        }
    }
}

/// A conflict that continues another still points at it after ids are renumbered,
/// and B's continuation of a conflict matched to A's points at A's.
#[test]
fn merge_renumbers_what_a_conflict_continues() {
    let f = Fixture::new();
    let resolved = |opened: u32| {
        moment(
            MomentKind::Conflict {
                kind: ConflictType::Process,
                status: ConflictStatus::Resolved,
                continues: Some(EventId(opened)),
            },
            &["ana", "ben"],
        )
    };
    // A: the conflict is event #2 and is resolved at 40 s (#4).
    let x = f.write(
        "x.ron",
        "parents-circle",
        Author::Facilitator,
        &[
            (0, speaks("ana")),
            (10, moment(conflict(), &["ana", "ben"])),
            (20, speaks("ben")),
            (40, resolved(2)),
            (60, EventKind::Ended),
        ],
    );
    // B: its own record of the same conflict (#3), and it addressed at 55 s (#4).
    let y = f.write(
        "y.ron",
        "parents-circle",
        Author::CoFacilitator,
        &[
            (0, speaks("ana")),
            (5, speaks("ben")),
            (12, moment(conflict(), &["ben", "ana"])),
            (
                55,
                moment(
                    MomentKind::Conflict {
                        kind: ConflictType::Process,
                        status: ConflictStatus::Addressed,
                        continues: Some(EventId(3)),
                    },
                    &["ana", "ben"],
                ),
            ),
            (60, EventKind::Ended),
        ],
    );
    let c = f.path("xy.ron");
    // Within 10 s, B's conflict at 12 s is A's at 10 s; its "addressed" at 55 s
    // is 15 s from A's "resolved": its own moment.
    stdout(&run(&[
        "merge",
        s(&x),
        s(&y),
        "--out",
        s(&c),
        "--window",
        "10s",
    ]));
    let events = groupscribe::store::load_session(&c, None)
        .unwrap()
        .session
        .events;
    let conflicts: Vec<(u32, Option<u32>)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Moment(Moment {
                what: MomentKind::Conflict { continues, .. },
                ..
            }) => Some((e.id.0, continues.map(|c| c.0))),
            _ => None,
        })
        .collect();
    // #1 provenance, #2 ana, #3 the conflict, #4 ben, #5 resolved, #6 B's "addressed".
    assert_eq!(
        conflicts,
        [(3, None), (5, Some(3)), (6, Some(3))],
        "{events:#?}"
    );
    stdout(&run(&["check", s(&c)]));
}
