//! Undo in constant time (issue 13): the live panel's running figures after `u`
//! (a retraction of the newest turn), at 5,000 and 500,000 events. Before: the
//! session folded again from scratch (`Participation::fold` + the events that
//! stand, what `Live::record` did for every undo and amendment); after:
//! `metrics::running::Running::push`, which folds again from the last checkpoint.
//!
//! `cargo bench --bench undo` prints medians (min, max) in ms. Under `cargo test
//! --benches` it runs small, as a smoke test.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;

#[path = "support/timing.rs"]
mod timing;

use groupscribe::metrics::Participation;
use groupscribe::metrics::running::Running;
use groupscribe::model::{Author, Event, EventId, EventKind, Floor, MemberId, effective_positions};
use groupscribe::store::load_group;
use std::hint::black_box;
use std::path::Path;

const SLUG: &str = "thursday-peer-support";

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (sizes, runs): (&[usize], usize) = if full {
        (&[5_000, 50_000, 500_000], 31)
    } else {
        (&[1_000], 3)
    };
    let group = load_group(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sessions")
            .join(SLUG)
            .join("group.ron"),
    )
    .expect("sample group");
    println!();
    println!("undo (u) on the live panel, median (min, max) of {runs} runs, ms");
    for &events in sizes {
        let started =
            chrono::DateTime::parse_from_rfc3339("2026-11-26T18:00:00+01:00").expect("start");
        let mut session = realistic::realistic_session(&group, SLUG, started, events);
        let mut running = Running::new(&group, &session);
        let mut next = session.events.iter().map(|e| e.id.0).max().unwrap_or(0) + 1;
        let mut clock = session.events.last().map_or(started, |e| e.at);
        let mut event = |kind: EventKind, clock: &mut chrono::DateTime<chrono::FixedOffset>| {
            *clock += chrono::TimeDelta::seconds(3);
            let e = Event {
                id: EventId(next),
                at: *clock,
                by: Author::Facilitator,
                kind,
            };
            next += 1;
            e
        };
        let before = timing::median_ms(runs.min(9), || {
            black_box(Participation::fold(&group, &session));
            black_box(effective_positions(&session.events).len());
        });
        let mut members = ["ana", "ben", "dana"].iter().cycle();
        let after = timing::median_ms(runs, || {
            // Untimed in spirit (a turn is logged, then undone); the turn's own
            // push is a single apply.
            let turn = event(
                EventKind::Floor(Floor::Member(MemberId::new(*members.next().unwrap()))),
                &mut clock,
            );
            let target = turn.id;
            session.events.push(turn);
            running.push(&session.events);
            session
                .events
                .push(event(EventKind::Retraction { target }, &mut clock));
            running.push(&session.events);
            black_box(running.folded());
        });
        // The figures are right: those of a fold from scratch.
        assert_eq!(running.folded(), &Participation::fold(&group, &session));
        println!(
            "  {events:>7} events: before (fold from scratch) {:.3} ({:.3}, {:.3}); \
             after (from the last checkpoint, a turn logged then undone) {:.3} ({:.3}, {:.3}); target <= 3 ms",
            before.0, before.1, before.2, after.0, after.1, after.2
        );
    }
}
