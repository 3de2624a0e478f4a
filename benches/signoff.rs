//! `sign` and `check` of a signed 5,000-event session, each as a whole
//! process (the release binary, started and waited for), target ≤ 50 ms.
//! The session is ended, reviewed (a co-facilitator's amendment, a late
//! entry and a debrief in the companion file) and signed by the
//! facilitator; each `sign` run signs a fresh copy as the supervisor.
//!
//!     cargo bench --bench signoff
//!
//! A benchmark, not a test: figures are printed beside their targets
//! (median, fastest, slowest), never asserted.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;
#[path = "support/timing.rs"]
mod timing;

use groupscribe::model::{Author, Event, EventKind};
use groupscribe::store::load_group;
use std::path::{Path, PathBuf};
use std::process::Command;
use timing::median_ms;

const SLUG: &str = "thursday-peer-support";
/// The binary measured: this build's, or `GROUPSCRIBE_BENCH_BIN` (to
/// measure an older build for a before/after figure).
fn bin() -> PathBuf {
    std::env::var_os("GROUPSCRIBE_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_groupscribe")),
        PathBuf::from,
    )
}

fn run(store: &Path, args: &[&str]) {
    let out = Command::new(bin())
        .arg("--dir")
        .arg(store)
        .args(args)
        .env("GROUPSCRIBE_CONFIG", store.join("no-config.ron"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A store holding one ended, reviewed, facilitator-signed session.
fn store(root: &Path, count: usize) -> PathBuf {
    let folder = root.join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/thursday-peer-support/group.ron"
    );
    std::fs::copy(sample, folder.join("group.ron")).unwrap();
    let group = load_group(&folder.join("group.ron")).unwrap();
    let started = chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").unwrap();
    let mut session = realistic::realistic_session(&group, SLUG, started, count);
    let last = session.last_event_at();
    session.events.push(Event {
        id: session.next_id().unwrap(),
        at: last,
        by: Author::Facilitator,
        kind: EventKind::Ended,
    });
    let path = folder.join("2026-11-23-s01.ron");
    realistic::write_session(&path, &session);
    let file = path.to_str().unwrap();
    let late_at = (started + chrono::TimeDelta::minutes(20))
        .format("%H:%M:%S")
        .to_string();
    run(
        root,
        &[
            "amend",
            file,
            "--event",
            "40",
            "--speaker",
            "facilitator",
            "--reason",
            "misheard",
        ],
    );
    run(
        root,
        &[
            "late",
            file,
            "--at",
            &late_at,
            "--moment",
            "Note",
            "--text",
            "missed",
            "--reason",
            "seen late",
        ],
    );
    run(root, &["debrief", file, "--text", "went well"]);
    run(
        root,
        &["sign", file, "--as", "facilitator", "--name", "Sam Lee"],
    );
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let signed = dir.path().join("signed");
    let path = store(&signed, 5_000);
    let file = path.to_str().unwrap();

    let (median, min, max) = median_ms(21, || run(&signed, &["check", file]));
    println!(
        "check of a signed 5,000-event session, whole process: median {median:.1} ms (min {min:.1}, max {max:.1}; target ≤ 50 ms)"
    );

    // Each sign run on its own fresh copy (copied outside the timing).
    let copies: Vec<PathBuf> = (0..21)
        .map(|index| {
            let copy = dir.path().join(format!("copy{index}"));
            copy_dir(&signed, &copy);
            copy
        })
        .collect();
    let mut times = Vec::new();
    for copy in &copies {
        let session = copy.join(SLUG).join("2026-11-23-s01.ron");
        let session = session.to_str().unwrap().to_string();
        let (one, _, _) = median_ms(1, || {
            run(
                copy,
                &["sign", &session, "--as", "supervisor", "--name", "Jo Park"],
            )
        });
        times.push(one);
    }
    times.sort_by(f64::total_cmp);
    if std::env::var_os("GROUPSCRIBE_BENCH_KEEP").is_some() {
        // For profiling by hand: the store is kept and named.
        println!("kept: {}", dir.keep().display());
    }
    println!(
        "sign of a signed 5,000-event session, whole process: median {:.1} ms (min {:.1}, max {:.1}; target ≤ 50 ms)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
