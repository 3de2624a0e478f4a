//! `compare` of two logs of a 3-hour session of 5,000 events each: the
//! facilitator's (the realistic session) and a second observer's (the same
//! session with every turn a little late, one turn in ten given to another
//! member, one moment in five missed and the others logged up to 10 s apart).
//!
//! `cargo bench --bench compare` prints the figures (median of repeated runs)
//! beside the target. A benchmark, not a test: nothing here asserts a time.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;
#[path = "support/timing.rs"]
mod timing;

use groupscribe::cli::{CompareArgs, CompareFormat, compare};
use groupscribe::model::{Author, Event, EventKind, Floor, MemberId};
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
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(SLUG);
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(sample.join("group.ron"), folder.join("group.ron")).unwrap();
    let group = load_group(&folder.join("group.ron")).unwrap();
    let members: Vec<MemberId> = group.members.iter().map(|m| m.id.clone()).collect();
    let started = chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+00:00").unwrap();
    let mut a = realistic_session(&group, SLUG, started, EVENTS);
    let end = a.events.last().unwrap().at;
    a.events.push(Event {
        id: a.next_id().expect("ids left"),
        at: end,
        by: Author::Facilitator,
        kind: EventKind::Ended,
    });
    let mut b = a.clone();
    let mut kept = Vec::new();
    for (index, mut event) in b.events.drain(..).enumerate() {
        event.by = Author::CoFacilitator;
        match &mut event.kind {
            EventKind::Floor(holder) => {
                event.at += chrono::TimeDelta::milliseconds((index as i64 * 37) % 400);
                if index % 10 == 3
                    && let Floor::Member(id) = holder
                {
                    let other = members.iter().position(|m| m == id).unwrap_or(0) + 1;
                    *id = members[other % members.len()].clone();
                }
            }
            EventKind::Moment(_) if index % 5 == 0 => continue,
            EventKind::Moment(_) => {
                event.at += chrono::TimeDelta::milliseconds((index as i64 * 7919) % 10_000);
            }
            _ => {}
        }
        kept.push(event);
    }
    // In file order, ids increasing (times may step back: the loader allows it).
    b.events = kept;
    let (pa, pb) = (folder.join("a.ron"), folder.join("b.ron"));
    write_session(&pa, &a);
    write_session(&pb, &b);
    let hours = (end - started).num_minutes() as f64 / 60.0;
    println!(
        "two logs of {} and {} events over {hours:.1} h",
        a.events.len(),
        b.events.len()
    );

    let args = CompareArgs {
        a: pa.clone(),
        b: pb.clone(),
        window: 30_000,
        collar: 250,
        format: CompareFormat::Table,
    };
    let report = |label: &str, (median, min, max): (f64, f64, f64)| {
        println!("{label}: median {median:.2} ms (min {min:.2}, max {max:.2}) target ≤ 100 ms");
    };
    let comparison = compare(&args).unwrap();
    println!(
        "  floor agreement {:?}, DER {:?}, moments {:?}",
        comparison.floor.agreement,
        comparison.der.rate,
        comparison.moments.as_ref().map(|m| m.agreement)
    );
    report(
        "compare (read both files, every figure)",
        median_ms(30, || {
            black_box(compare(black_box(&args)).unwrap());
        }),
    );
    let bin = env!("CARGO_BIN_EXE_groupscribe");
    report(
        "the whole `groupscribe compare` process",
        median_ms(15, || {
            let out = std::process::Command::new(bin)
                .args(["compare", pa.to_str().unwrap(), pb.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(out.status.success());
            black_box(out);
        }),
    );
    if std::env::var_os("COMPARE_BENCH_PRINT").is_some() {
        let out = std::process::Command::new(bin)
            .args(["compare", pa.to_str().unwrap(), pb.to_str().unwrap()])
            .output()
            .unwrap();
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
}
