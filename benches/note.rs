//! The note of a 3-hour session of 5,000 events: participation metrics, facts,
//! Markdown and HTML, and the whole `groupscribe note` process.
//!
//! `cargo bench --bench note` prints the figures (median of repeated runs) beside
//! their targets. Benchmarks, not tests: nothing here asserts a time.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;
#[path = "support/timing.rs"]
mod timing;

use groupscribe::metrics::Participation;
use groupscribe::note::{self, NoteFacts, NoteOptions};
use groupscribe::store::load_group;
use realistic::{realistic_session, write_session};
use std::hint::black_box;
use std::path::Path;
use timing::median_ms;

const SLUG: &str = "thursday-peer-support";
const EVENTS: usize = 5_000;

fn main() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sessions")
        .join(SLUG);
    let group = load_group(&sample.join("group.ron")).unwrap();
    let started = chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+00:00").unwrap();
    let mut session = realistic_session(&group, SLUG, started, EVENTS);
    let end = session.events.last().unwrap().at;
    let now = end + chrono::TimeDelta::minutes(1);
    session.events.push(groupscribe::model::Event {
        id: session.next_id().unwrap(),
        at: end,
        by: groupscribe::model::Author::Facilitator,
        kind: groupscribe::model::EventKind::Ended,
    });
    let hours = (end - started).num_minutes() as f64 / 60.0;
    println!(
        "a session of {} events over {hours:.1} h",
        session.events.len()
    );

    let report = |label: &str, target: &str, (median, min, max): (f64, f64, f64)| {
        println!("{label}: median {median:.2} ms (min {min:.2}, max {max:.2}) target {target}");
    };
    report(
        "participation metrics",
        "< 2 ms",
        median_ms(21, || {
            black_box(Participation::compute(&group, &session, now));
        }),
    );
    report(
        "note facts",
        "—",
        median_ms(21, || {
            black_box(NoteFacts::gather(
                &group,
                &session,
                NoteOptions::default(),
                now,
            ));
        }),
    );
    report(
        "facts + Markdown",
        "< 50 ms",
        median_ms(21, || {
            let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), now);
            black_box(note::markdown(&facts));
        }),
    );
    report(
        "facts + HTML",
        "< 1 s",
        median_ms(11, || {
            let facts = NoteFacts::gather(&group, &session, NoteOptions::default(), now);
            black_box(note::html(&facts));
        }),
    );

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(sample.join("group.ron"), folder.join("group.ron")).unwrap();
    let path = folder.join("2026-11-23-s01.ron");
    write_session(&path, &session);
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_groupscribe"))
            .arg("note")
            .arg(&path)
            .args(args)
            .env("GROUPSCRIBE_CONFIG", dir.path().join("no-config.ron"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    for style in ["narrative", "birp", "dap", "girp", "soap"] {
        report(
            &format!("`groupscribe note --style {style}`, whole process"),
            "< 50 ms",
            median_ms(9, || run(&["--style", style])),
        );
    }
    report(
        "`groupscribe note --style birp --format html`, whole process",
        "< 1 s",
        median_ms(9, || run(&["--style", "birp", "--format", "html"])),
    );
    if std::path::Path::new("/usr/bin/chromium").is_file()
        || std::env::var_os("GROUPSCRIBE_BROWSER").is_some()
    {
        let pdf = dir.path().join("note.pdf");
        let pdf = pdf.to_str().unwrap().to_string();
        report(
            "`groupscribe note --format pdf`, whole process (browser included)",
            "—",
            median_ms(3, || {
                run(&["--format", "pdf", "--out", &pdf, "--force"]);
            }),
        );
    } else {
        println!("`--format pdf`: no browser installed, not measured");
    }
}
