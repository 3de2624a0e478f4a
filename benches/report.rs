//! Figures of the report across sessions (issues 11 and 13): `groupscribe
//! report` over 10, 30 and 100 sessions of 5,000 events each, as a whole
//! process — cold (no summary kept yet: every record parsed, on every core),
//! warm (every summary fresh) and with one session changed — and the report
//! screen's first frame over the bundled sample group. A benchmark, not a
//! test: figures are printed beside their targets, never asserted.
//!
//!     cargo bench --bench report

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/support/realistic.rs"]
mod realistic;
#[path = "support/timing.rs"]
mod timing;

use groupscribe::model::{Event, EventId, EventKind, NameStyle, Timestamp};
use groupscribe::store::{Store, load_group};
use groupscribe::tui::{Action, App, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::process::Command;
use timing::median_ms;

const SLUG: &str = "thursday-peer-support";
const EVENTS: usize = 5_000;

fn started() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2020-01-02T18:00:00+01:00").unwrap()
}

/// A store with `sessions` ended sessions of `EVENTS` events each.
fn store(sessions: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/thursday-peer-support/group.ron"
    );
    std::fs::copy(sample, folder.join("group.ron")).unwrap();
    let group = load_group(&folder.join("group.ron")).unwrap();
    for n in 1..=sessions {
        let at = started() + chrono::TimeDelta::weeks(n as i64 - 1);
        let mut session = realistic::realistic_session(&group, SLUG, at, EVENTS);
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

fn report_process(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .args(["--dir", root.to_str().unwrap(), "report", SLUG])
        .env_remove("GROUPSCRIBE_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn summaries(root: &Path) -> PathBuf {
    root.join(SLUG).join(groupscribe::report::SUMMARY_DIR)
}

fn measure(sessions: usize) -> f64 {
    let dir = store(sessions);
    let root = dir.path().to_path_buf();
    let (cold, cold_min, _) = median_ms(3, || {
        let _ = std::fs::remove_dir_all(summaries(&root));
        report_process(&root);
    });
    report_process(&root);
    let (warm, warm_min, warm_max) = median_ms(9, || report_process(&root));
    // One session changed since its summary: its record is parsed again.
    let mut first: Vec<PathBuf> = std::fs::read_dir(summaries(&root))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    first.sort();
    let (one, _, _) = median_ms(5, || {
        std::fs::remove_file(&first[0]).unwrap();
        report_process(&root);
    });
    carry_over(&root, sessions);
    println!(
        "report, {sessions:>3} sessions x {EVENTS} events, whole process: warm {warm:.1} ms \
         (min {warm_min:.1}, max {warm_max:.1}); one session rebuilt {one:.1} ms; cold (every \
         summary built) {cold:.1} ms (min {cold_min:.1}) — target ≤ 1,000 ms (issue 13), ≤ 2,000 ms (issue 11)"
    );
    warm
}

/// What carries over into the next session (as the live panel gathers it
/// when a session starts, and the note): every earlier record read, with no
/// digest kept (cold), and from the digests (warm).
fn carry_over(root: &Path, sessions: usize) {
    use groupscribe::metrics::carry::CarryOver;
    use groupscribe::store::earlier::{DIGEST_DIR, earlier_records};
    let folder = root.join(SLUG);
    let group = load_group(&folder.join("group.ron")).unwrap();
    let next = sessions as u32 + 1;
    let today = started().date_naive() + chrono::TimeDelta::weeks(sessions as i64);
    let gather = || {
        let (earlier, problems) = earlier_records(&folder, &group, next);
        assert!(problems.is_empty() && earlier.len() == sessions);
        std::hint::black_box(CarryOver::gather(&earlier, &group, next, today));
    };
    let (cold, cold_min, cold_max) = median_ms(3, || {
        let _ = std::fs::remove_dir_all(folder.join(DIGEST_DIR));
        gather();
    });
    gather();
    let (warm, warm_min, warm_max) = median_ms(9, gather);
    println!(
        "carry-over into session {next} from {sessions:>3} sessions x {EVENTS} events, in process: \
         from the digests {warm:.1} ms (min {warm_min:.1}, max {warm_max:.1}); every record read \
         (no digest kept) {cold:.1} ms (min {cold_min:.1}, max {cold_max:.1})"
    );
}

/// The report screen's first frame over the sample group: `R` pressed on the
/// home screen to the frame drawn, summaries kept (warm) and not (cold).
fn first_frame() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("sessions");
    let folder = store.join(SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    let bundled = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/thursday-peer-support"
    ));
    for entry in std::fs::read_dir(bundled).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "group.ron" || name.ends_with(".sample.ron") {
            std::fs::copy(entry.path(), folder.join(&name)).unwrap();
        }
    }
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00-05:00").unwrap();
    let frame = |cold: bool| {
        let app = App::new(Keymap::default(), NameStyle::Alias, now);
        let terminal =
            Terminal::new(groupscribe::tui::Held::new(TestBackend::new(80, 24))).unwrap();
        let mut shell = Shell::new(
            app,
            terminal,
            Store::open(&store).unwrap(),
            ManualClock::new(now),
        );
        shell.start();
        shell.draw().unwrap();
        if cold {
            let _ = std::fs::remove_dir_all(folder.join(groupscribe::report::SUMMARY_DIR));
        }
        let t = std::time::Instant::now();
        shell.handle(Action::Key(KeyEvent::new(
            KeyCode::Char('R'),
            KeyModifiers::NONE,
        )));
        shell.draw().unwrap();
        t.elapsed().as_secs_f64() * 1e3
    };
    let mut cold: Vec<f64> = (0..9).map(|_| frame(true)).collect();
    let mut warm: Vec<f64> = (0..21).map(|_| frame(false)).collect();
    cold.sort_by(f64::total_cmp);
    warm.sort_by(f64::total_cmp);
    println!(
        "report screen, first frame over the sample group (80x24): warm {:.2} ms, cold {:.2} ms \
         (target ≤ 50 ms)",
        warm[warm.len() / 2],
        cold[cold.len() / 2]
    );
}

fn main() {
    first_frame();
    let mut figures = Vec::new();
    for sessions in [10, 30, 100] {
        figures.push((sessions, measure(sessions)));
    }
    let per: Vec<String> = figures
        .iter()
        .map(|(n, ms)| format!("{n}: {:.2} ms/session", ms / *n as f64))
        .collect();
    println!(
        "warm cost per session (linear if about equal): {}",
        per.join(", ")
    );
}
