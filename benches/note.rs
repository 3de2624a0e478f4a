//! The note of a realistic session (3 hours at 5,000 events; longer sessions
//! for the growth table): participation metrics, facts, Markdown and HTML in
//! process, and the whole `groupscribe note` process for each style and
//! format, at 5,000, 50,000 and 500,000 events, with the note's size.
//!
//! `cargo bench --bench note` prints the figures (median of repeated runs,
//! with min and max) beside their targets. Benchmarks, not tests: nothing
//! here asserts a time.
//!
//! - `NOTE_BENCH_BASELINE=/path/to/groupscribe` also times another build of
//!   the binary on the same files, in the same run (before/after figures).
//! - `NOTE_BENCH_KEEP=DIR` writes the session files into DIR and keeps them.
//! - `NOTE_BENCH_SIZES=5000,50000` picks the sizes (default 5,000, 50,000, 500,000).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;
#[path = "support/timing.rs"]
mod timing;

use groupscribe::metrics::Participation;
use groupscribe::model::{Group, Session, Timestamp};
use groupscribe::note::{self, NoteFacts, NoteOptions};
use groupscribe::store::load_group;
use realistic::{realistic_session, write_session};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use timing::median_ms;

const SLUG: &str = "thursday-peer-support";
const STYLES: [&str; 5] = ["narrative", "birp", "dap", "girp", "soap"];

type Figure = (f64, f64, f64);
/// One whole-process run's label, time and output size.
type Row = (String, Figure, usize);

fn report(label: &str, target: &str, (median, min, max): Figure) {
    println!("{label}: median {median:.2} ms (min {min:.2}, max {max:.2}) target {target}");
}

/// An ended session of `events` events (the end included).
fn session(group: &Group, events: usize) -> (Session, Timestamp) {
    let started = chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+00:00").unwrap();
    // Squeezed into 6 days past about 300,000 events (a record spans at most 7).
    let mut session = realistic_session(group, SLUG, started, events - 1);
    let end = session.events.last().unwrap().at;
    session.events.push(groupscribe::model::Event {
        id: session.next_id().unwrap(),
        at: end,
        by: groupscribe::model::Author::Facilitator,
        kind: groupscribe::model::EventKind::Ended,
    });
    (session, end + chrono::TimeDelta::minutes(1))
}

/// Runs `binary note PATH ARGS…` and returns its output's length in bytes.
/// Its standard output goes to a file, as `note … > note.md` would: through a
/// pipe, a 10 MB note waits on the pipe's 64 KB being read by this process
/// (about a tenth of its time at 500,000 events), which is this bench's
/// cost, not the note's.
fn run(binary: &Path, config: &Path, path: &Path, args: &[&str]) -> usize {
    let out = config.with_file_name("note-bench-output");
    let file = std::fs::File::create(&out).unwrap();
    let output = Command::new(binary)
        .arg("note")
        .arg(path)
        .args(args)
        .env("GROUPSCRIBE_CONFIG", config)
        .stdout(file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::metadata(&out).unwrap().len() as usize
}

fn main() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sessions")
        .join(SLUG);
    let group = load_group(&sample.join("group.ron")).unwrap();
    let sizes: Vec<usize> = std::env::var("NOTE_BENCH_SIZES")
        .ok()
        .map(|sizes| {
            sizes
                .split(',')
                .map(|size| size.trim().parse().unwrap())
                .collect()
        })
        .unwrap_or_else(|| vec![5_000, 50_000, 500_000]);
    let baseline = std::env::var_os("NOTE_BENCH_BASELINE").map(PathBuf::from);
    let temporary = tempfile::tempdir().unwrap();
    let root = std::env::var_os("NOTE_BENCH_KEEP")
        .map(PathBuf::from)
        .unwrap_or_else(|| temporary.path().to_path_buf());
    let folder = root.join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(sample.join("group.ron"), folder.join("group.ron")).unwrap();
    let config = root.join("no-config.ron");
    let current = PathBuf::from(env!("CARGO_BIN_EXE_groupscribe"));
    let mut binaries = vec![("now", current)];
    if let Some(baseline) = baseline {
        binaries.push(("baseline", baseline));
    }

    // size → (binary, format) → (figure, bytes)
    let mut growth: Vec<(usize, Vec<Row>)> = Vec::new();
    for &events in &sizes {
        let (session, now) = session(&group, events);
        let path = folder.join(format!("2026-11-23-s{:02}.ron", growth.len() + 1));
        write_session(&path, &session);
        let megabytes = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        println!("\n## {events} events ({megabytes:.1} MB on disk)");
        let runs = match events {
            0..=10_000 => 21,
            10_001..=100_000 => 7,
            _ => 3,
        };
        report(
            "participation metrics",
            "—",
            median_ms(runs, || {
                black_box(Participation::compute(&group, &session, now));
            }),
        );
        report(
            "note facts",
            "—",
            median_ms(runs, || {
                black_box(NoteFacts::gather(
                    &group,
                    &session,
                    NoteOptions::default(),
                    now,
                ));
            }),
        );
        let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), now);
        report(
            "Markdown from facts (narrative)",
            "—",
            median_ms(runs, || {
                black_box(note::markdown(&facts));
            }),
        );
        report(
            "Markdown from facts (birp template)",
            "—",
            median_ms(runs, || {
                black_box(
                    note::styled_markdown(&facts, groupscribe::model::NoteStyle::Birp).unwrap(),
                );
            }),
        );
        report(
            "HTML from facts (narrative)",
            "—",
            median_ms(runs, || {
                black_box(note::html(&facts));
            }),
        );
        let mut row = Vec::new();
        for (name, binary) in &binaries {
            let process_runs = match events {
                0..=10_000 => 15,
                10_001..=100_000 => 5,
                _ => 3,
            };
            let styles: &[&str] = if events <= 10_000 {
                &STYLES
            } else {
                &["narrative", "birp"]
            };
            for style in styles {
                for format in ["md", "html"] {
                    let mut bytes = 0;
                    let figure = median_ms(process_runs, || {
                        bytes = run(
                            binary,
                            &config,
                            &path,
                            &["--style", style, "--format", format],
                        );
                    });
                    let target = match (events, format) {
                        (0..=10_000, "md") => "≤ 25 ms (issue 13), ≤ 50 ms (issue 10)",
                        (0..=10_000, _) => "≤ 25 ms",
                        _ => "×10 events ≤ ×11",
                    };
                    report(
                        &format!(
                            "[{name}] `note --style {style} --format {format}`, whole process, {bytes} bytes"
                        ),
                        target,
                        figure,
                    );
                    row.push((format!("{name} {style} {format}"), figure, bytes));
                }
            }
        }
        if events <= 10_000
            && (Path::new("/usr/bin/chromium").is_file()
                || std::env::var_os("GROUPSCRIBE_BROWSER").is_some())
        {
            let pdf = root.join("note.pdf");
            let pdf = pdf.to_str().unwrap().to_string();
            report(
                "`note --format pdf`, whole process (browser included)",
                "—",
                median_ms(5, || {
                    run(
                        &binaries[0].1,
                        &config,
                        &path,
                        &["--format", "pdf", "--out", &pdf, "--force"],
                    );
                }),
            );
        }
        growth.push((events, row));
    }

    println!("\n## How the whole `note` process grows (median ms; bytes of output)");
    if let Some((_, first)) = growth.first() {
        for (label, ..) in first {
            let mut line = format!("{label}:");
            let mut previous: Option<(usize, f64)> = None;
            for (events, row) in &growth {
                let Some((_, (median, ..), bytes)) = row.iter().find(|(l, ..)| l == label) else {
                    continue;
                };
                line.push_str(&format!(" {events} → {median:.1} ms, {bytes} B"));
                if let Some((before_events, before)) = previous {
                    let ratio = median / before;
                    let events_ratio = *events as f64 / before_events as f64;
                    line.push_str(&format!(" (×{ratio:.1} for ×{events_ratio:.0} events)"));
                }
                line.push(';');
                previous = Some((*events, *median));
            }
            println!("{line}");
        }
    }
}
