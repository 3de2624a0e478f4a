//! Figures of the supervisor's queue: `groupscribe queue` over a store of
//! 300 ended sessions (target ≤ 200 ms), as a whole process and in process,
//! at 500 and at 5,000 events a session, with the listing index fresh (and,
//! once, without it). A benchmark, not a test: figures
//! are printed beside their targets, never asserted.
//!
//!     cargo bench --bench queue

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;

use groupscribe::model::{Event, EventId, EventKind, NameStyle, Timestamp};
use groupscribe::store::{Store, load_group};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const SLUG: &str = "thursday-peer-support";
const SESSIONS: usize = 300;

fn started() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2020-01-02T18:00:00+01:00").unwrap()
}

/// A store with `SESSIONS` ended sessions of `count` events each.
fn store(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/thursday-peer-support/group.ron"
    );
    std::fs::copy(sample, folder.join("group.ron")).unwrap();
    let group = load_group(&folder.join("group.ron")).unwrap();
    for n in 1..=SESSIONS {
        let at = started() + chrono::TimeDelta::weeks(n as i64 - 1);
        let mut session = realistic::realistic_session(&group, SLUG, at, count);
        session.header.number = n as u32;
        let last = session.last_event_at();
        session.events.push(Event {
            id: EventId(session.events.len() as u32 + 1),
            at: last,
            by: groupscribe::model::Author::Facilitator,
            kind: EventKind::Ended,
        });
        let day = at.format("%Y-%m-%d");
        realistic::write_session(&folder.join(format!("{day}-s{n:03}.ron")), &session);
    }
    dir
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// (median, min, max) in ms of `runs` runs.
fn spread(runs: usize, mut run: impl FnMut()) -> (f64, f64, f64) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .collect();
    samples.sort();
    (ms(samples[runs / 2]), ms(samples[0]), ms(samples[runs - 1]))
}

fn measure(count: usize) {
    let dir = store(count);
    let root: PathBuf = dir.path().to_path_buf();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut items = 0;
    let mut in_process = || {
        let (found, problems) =
            groupscribe::store::queue::queue(std::slice::from_ref(&root), NameStyle::Alias, today)
                .unwrap();
        items = found.len();
        if !problems.is_empty() {
            eprintln!("{} problems, first: {}", problems.len(), problems[0]);
        }
    };
    // No listing index yet (a store the app never listed): every record is read.
    let cold = spread(1, &mut in_process);
    // The home screen's listing builds it (the facilitator's groupscribe does this).
    let t = Instant::now();
    Store::open(&root).unwrap().groups().unwrap();
    let build = ms(t.elapsed());
    let runs = 9;
    let warm = spread(runs, &mut in_process);
    let process = spread(runs, || {
        let out = Command::new(env!("CARGO_BIN_EXE_groupscribe"))
            .args(["queue", "--store", root.to_str().unwrap()])
            .env_remove("GROUPSCRIBE_DIR")
            .output()
            .unwrap();
        assert!(out.status.success());
    });
    let listing = spread(runs, || {
        Store::open(&root).unwrap().groups().unwrap();
    });
    let show = |(median, min, max): (f64, f64, f64)| {
        format!("median {median:.1} ms (min {min:.1}, max {max:.1})")
    };
    println!(
        "queue, {SESSIONS} sessions x {count} events ({items} items), listing index fresh: whole \
         process {}, in process {} (target ≤ 200 ms, {runs} runs)",
        show(process),
        show(warm)
    );
    println!(
        "  without an index: in process {:.0} ms; building it (the first home listing) {build:.0} \
         ms; home listing with it fresh: {}",
        cold.0,
        show(listing)
    );
    // The row of README's "Performance (measured)" table (printed by perf/table).
    println!(
        "| `groupscribe queue` over {SESSIONS} ended sessions of {count} events ({items} items), \
         whole process | ≤ 200 ms | {} ({:.0} ms in process); without a listing index \
         {:.1} s | `cargo bench --bench queue` |",
        show(process),
        warm.0,
        cold.0 / 1e3
    );
}

fn main() {
    measure(500);
    if std::env::args().all(|a| a != "--quick") {
        measure(5_000);
    }
}
