//! How cost grows with a session's length: criterion benches of load, append
//! one event, a burst of 100, participation metrics, undo, the note (Markdown,
//! HTML, each style), a review frame and export, at 1,000 / 5,000 / 50,000
//! events (and 500,000 with `GROUPSCRIBE_BENCH_HUGE=1`), then a table of the
//! medians (min–max) and of how each grows from one size to the next.
//!
//!     cargo bench --bench growth              # every case, then the table
//!     cargo bench --bench growth -- load      # criterion's filter: one case
//!     cargo bench --bench growth -- --table   # only print the table of the last run
//!
//! A benchmark, not a test: nothing here asserts a time. `README.md`'s
//! "Performance (measured)" table is printed by `benches/perf-table`.
//!
//! The report case reads the group's ended session of that many events with no
//! summary kept (each summary is derived once per record; see `benches/report.rs`
//! for the report over many sessions with summaries kept).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use groupscribe::interop::export;
use groupscribe::metrics::Participation;
use groupscribe::model::{
    Author, Event, EventKind, Group, NameStyle, NoteStyle, Session, Timestamp,
};
use groupscribe::note::{self, NoteFacts, NoteOptions};
use groupscribe::store::{Store, load_group, load_session};
use groupscribe::tui::{Action, App, Clock, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SLUG: &str = "thursday-peer-support";
const ENDED: &str = "2026-11-19-s01.ron";
const OPEN: &str = "2026-11-26-s02.ron";

/// Every case, in the table's order: (criterion group, what it measures).
const CASES: &[(&str, &str)] = &[
    ("load", "read and check a session file"),
    (
        "append",
        "live: one key, its event fsync'd, the frame drawn",
    ),
    ("burst100", "live: 100 keys at once, then one frame"),
    ("metrics", "participation metrics over the session"),
    ("undo", "live: `u` after a turn, and the frame"),
    ("note_md", "note facts + Markdown"),
    ("note_html", "note facts + HTML"),
    ("note_styles", "facts + BIRP, DAP, GIRP, SOAP Markdown"),
    (
        "review_frame",
        "review: one cursor step and its frame (160x48)",
    ),
    ("export_csv", "export: CSV of events and figures"),
    ("export_json", "export: JSON of events and figures"),
    (
        "report",
        "the group's figures from the record (no summary kept), Markdown",
    ),
];

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 5_000, 50_000];
    if std::env::var_os("GROUPSCRIBE_BENCH_HUGE").is_some_and(|v| v != "0") {
        sizes.push(500_000);
    }
    sizes
}

fn output_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    target.join("criterion")
}

/// A store with the sample group, an ended session and an unended one of `events` events.
struct Fixture {
    dir: tempfile::TempDir,
    group: Group,
    ended: Session,
    clock: ManualClock,
}

impl Fixture {
    fn new(events: usize) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join(SLUG);
        std::fs::create_dir(&folder).expect("group folder");
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sessions")
            .join(SLUG)
            .join("group.ron");
        std::fs::copy(&sample, folder.join("group.ron")).expect("copy group.ron");
        let group = load_group(&folder.join("group.ron")).expect("sample group");
        let at = |day: &str| chrono::DateTime::parse_from_rfc3339(day).expect("start time");
        let mut ended =
            realistic::realistic_session(&group, SLUG, at("2026-11-19T18:00:00+01:00"), events);
        let last = ended.last_event_at();
        ended.events.push(Event {
            id: ended.next_id().expect("id"),
            at: last,
            by: Author::Facilitator,
            kind: EventKind::Ended,
        });
        realistic::write_session(&folder.join(ENDED), &ended);
        let mut open =
            realistic::realistic_session(&group, SLUG, at("2026-11-26T18:00:00+01:00"), events);
        open.header.number = 2;
        let last = open.last_event_at();
        realistic::write_session(&folder.join(OPEN), &open);
        let clock = ManualClock::new(last + chrono::TimeDelta::seconds(1));
        Fixture {
            dir,
            group,
            ended,
            clock,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(SLUG).join(name)
    }

    fn now(&self) -> Timestamp {
        self.ended.last_event_at() + chrono::TimeDelta::minutes(1)
    }

    fn shell(&self, width: u16, height: u16) -> Shell<TestBackend, ManualClock> {
        let app = App::new(Keymap::default(), NameStyle::Alias, self.clock.now());
        let terminal = Terminal::new(groupscribe::tui::Held::new(TestBackend::new(width, height)))
            .expect("terminal");
        let store = Store::open(self.dir.path()).expect("store");
        let mut shell = Shell::new(app, terminal, store, self.clock.clone());
        shell.start();
        shell.draw().expect("draw");
        shell
    }

    /// The home screen, then the unended session resumed (it is chosen first).
    fn live(&self) -> Shell<TestBackend, ManualClock> {
        let mut shell = self.shell(80, 24);
        shell.handle(key(KeyCode::Enter));
        shell.draw().expect("draw");
        assert!(
            shell.app.live().is_some(),
            "Enter resumes the unended session"
        );
        shell
    }
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Members 1..=7 in turn, so that every key starts a new turn.
fn digit(i: u64) -> Action {
    key(KeyCode::Char(char::from(b'1' + (i % 7) as u8)))
}

fn facts(fixture: &Fixture) -> NoteFacts {
    NoteFacts::gather(
        &fixture.group,
        &fixture.ended,
        NoteOptions::default(),
        fixture.now(),
    )
}

fn run_case(c: &mut Criterion, case: &str, sizes: &[usize], fixtures: &[(usize, Fixture)]) {
    let mut group = c.benchmark_group(case);
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    for (events, fixture) in fixtures {
        if !sizes.contains(events) {
            continue;
        }
        let id = BenchmarkId::from_parameter(events);
        match case {
            "load" => {
                let path = fixture.path(ENDED);
                group.bench_function(id, |b| {
                    b.iter(|| black_box(load_session(&path, Some(&fixture.group)).expect("load")))
                });
            }
            "append" => {
                let mut shell = fixture.live();
                let mut i = 0;
                group.bench_function(id, |b| {
                    b.iter(|| {
                        i += 1;
                        fixture.clock.advance(1);
                        shell.handle(digit(i));
                        shell.draw().expect("draw");
                    })
                });
            }
            "burst100" => {
                let mut shell = fixture.live();
                let mut i = 0;
                group.bench_function(id, |b| {
                    b.iter(|| {
                        fixture.clock.advance(1);
                        for _ in 0..100 {
                            i += 1;
                            shell.handle(digit(i));
                        }
                        shell.draw().expect("draw");
                    })
                });
            }
            "metrics" => {
                let now = fixture.now();
                group.bench_function(id, |b| {
                    b.iter(|| {
                        black_box(Participation::compute(&fixture.group, &fixture.ended, now))
                    })
                });
            }
            "undo" => {
                let mut shell = fixture.live();
                let mut i = 0;
                group.bench_function(id, |b| {
                    b.iter_custom(|iters| {
                        let mut spent = Duration::ZERO;
                        for _ in 0..iters {
                            i += 1;
                            fixture.clock.advance(1);
                            shell.handle(digit(i));
                            let started = Instant::now();
                            shell.handle(key(KeyCode::Char('u')));
                            shell.draw().expect("draw");
                            spent += started.elapsed();
                        }
                        spent
                    })
                });
            }
            "note_md" => {
                group.bench_function(id, |b| {
                    b.iter(|| black_box(note::markdown(&facts(fixture))))
                });
            }
            "note_html" => {
                group.bench_function(id, |b| b.iter(|| black_box(note::html(&facts(fixture)))));
            }
            "note_styles" => {
                group.bench_function(id, |b| {
                    b.iter(|| {
                        let facts = facts(fixture);
                        for style in [
                            NoteStyle::Birp,
                            NoteStyle::Dap,
                            NoteStyle::Girp,
                            NoteStyle::Soap,
                        ] {
                            black_box(note::styled_markdown(&facts, style).expect("template"));
                        }
                    })
                });
            }
            "review_frame" => {
                let mut shell = fixture.shell(160, 48);
                shell.review(&fixture.path(ENDED));
                shell.draw().expect("draw");
                shell.handle(key(KeyCode::Char('+')));
                let mut i = 0u64;
                group.bench_function(id, |b| {
                    b.iter(|| {
                        i += 1;
                        // Right, then left, so the cursor stays in the session.
                        let code = if i.is_multiple_of(2) {
                            KeyCode::Left
                        } else {
                            KeyCode::Right
                        };
                        shell.handle(key(code));
                        shell.draw().expect("draw");
                    })
                });
            }
            "export_csv" => {
                group.bench_function(id, |b| {
                    b.iter(|| {
                        black_box(
                            export::to_csv(&fixture.group, &fixture.ended, NameStyle::Alias)
                                .expect("csv"),
                        )
                    })
                });
            }
            "export_json" => {
                group.bench_function(id, |b| {
                    b.iter(|| {
                        black_box(
                            export::to_json(&fixture.group, &fixture.ended, NameStyle::Alias)
                                .expect("json"),
                        )
                    })
                });
            }
            "report" => {
                let folder = fixture.dir.path().join(SLUG);
                let summaries = folder.join(groupscribe::report::SUMMARY_DIR);
                let today = fixture.now().date_naive();
                group.bench_function(id, |b| {
                    b.iter_batched(
                        // Cold: the summary kept beside the session is gone, so the
                        // record is read and its figures made (what grows with events).
                        || {
                            let _ = std::fs::remove_dir_all(&summaries);
                        },
                        |()| {
                            let report =
                                groupscribe::report::for_group(&folder, NameStyle::Alias, today)
                                    .expect("report");
                            black_box(groupscribe::report::markdown::render(
                                &groupscribe::report::document::document(&report),
                            ))
                        },
                        criterion::BatchSize::PerIteration,
                    )
                });
            }
            other => panic!("no bench for case {other}"),
        }
    }
    group.finish();
}

// ---- The table --------------------------------------------------------------------------

/// Median, fastest and slowest time of one iteration, in ms, from criterion's samples.
fn read_samples(case: &str, events: usize) -> Option<(f64, f64, f64)> {
    let path = output_dir()
        .join(case)
        .join(events.to_string())
        .join("new")
        .join("sample.json");
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let iters = value.get("iters")?.as_array()?;
    let times = value.get("times")?.as_array()?;
    let mut per: Vec<f64> = (iters.iter().zip(times))
        .filter_map(|(n, t)| Some(t.as_f64()? / n.as_f64()? / 1e6))
        .collect();
    if per.is_empty() {
        return None;
    }
    per.sort_by(f64::total_cmp);
    Some((per[per.len() / 2], per[0], per[per.len() - 1]))
}

fn format_ms(ms: f64) -> String {
    match ms {
        ms if ms >= 100.0 => format!("{ms:.0}"),
        ms if ms >= 1.0 => format!("{ms:.1}"),
        ms if ms >= 0.01 => format!("{ms:.3}"),
        ms => format!("{ms:.4}"),
    }
}

/// The growth table, in Markdown: each size's median (min–max) in ms, and the
/// factor from each size to the next, against the factor of events ("no" when
/// a step costs more than 1.25× the factor of events).
fn print_table(sizes: &[usize]) {
    println!();
    println!(
        "How cost grows with events (median ms, min–max, criterion samples; load average {}):",
        load_average()
    );
    println!();
    let mut head = String::from("| case |");
    let mut rule = String::from("| --- |");
    for size in sizes {
        head.push_str(&format!(" {size} |"));
        rule.push_str(" --- |");
    }
    head.push_str(" growth per step (events ×) | linear or better? |");
    rule.push_str(" --- | --- |");
    println!("{head}\n{rule}");
    for (case, what) in CASES {
        let figures: Vec<Option<(f64, f64, f64)>> =
            sizes.iter().map(|&size| read_samples(case, size)).collect();
        if figures.iter().all(Option::is_none) {
            continue;
        }
        let mut row = format!("| {case}: {what} |");
        for figure in &figures {
            match figure {
                Some((median, min, max)) => row.push_str(&format!(
                    " {} ({}–{}) |",
                    format_ms(*median),
                    format_ms(*min),
                    format_ms(*max)
                )),
                None => row.push_str(" — |"),
            }
        }
        let mut steps = Vec::new();
        let mut worse = false;
        for (i, pair) in figures.windows(2).enumerate() {
            if let [Some((a, ..)), Some((b, ..))] = pair {
                let events = sizes[i + 1] as f64 / sizes[i] as f64;
                let cost = b / a;
                // A quarter beyond the factor of events counts as worse than
                // linear: less is within the noise of a shared machine.
                worse |= cost > events * 1.25;
                steps.push(format!("×{cost:.1} (×{events:.0})"));
            }
        }
        row.push_str(&format!(
            " {} | {} |",
            steps.join(", "),
            if worse { "**no**" } else { "yes" }
        ));
        println!("{row}");
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes = sizes();
    if args.iter().any(|a| a == "--table") {
        print_table(&sizes);
        return;
    }
    let filters: Vec<&str> = (args.iter())
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let wanted: Vec<&str> = (CASES.iter())
        .map(|(case, _)| *case)
        .filter(|case| filters.is_empty() || filters.iter().any(|f| case.contains(f)))
        .collect();
    let mut criterion = Criterion::default()
        .output_directory(&output_dir())
        .configure_from_args();
    let fixtures: Vec<(usize, Fixture)> = sizes
        .iter()
        .map(|&events| {
            let made = Instant::now();
            let fixture = Fixture::new(events);
            eprintln!(
                "fixture of {events} events made in {:.1} s",
                made.elapsed().as_secs_f64()
            );
            (events, fixture)
        })
        .collect();
    for case in &wanted {
        run_case(&mut criterion, case, &sizes, &fixtures);
    }
    criterion.final_summary();
    print_table(&sizes);
}
