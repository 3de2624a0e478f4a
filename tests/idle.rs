//! Silent when idle (issue 13): how often the real binary wakes up while nobody
//! types, from the context switches of every thread (`/proc/PID/task/*/status`)
//! over a window (30 s by default). A wake-up is a voluntary switch: the
//! thread slept and something woke it. Nonvoluntary switches (a running
//! thread preempted, which a loaded machine adds to any frame being drawn)
//! are printed beside them, not counted as wake-ups. A measurement, not a
//! timed test: ignored by default, run in a release build with
//!
//! ```text
//! cargo test --release --test idle -- --ignored --nocapture
//! ```
//!
//! (`GROUPSCRIBE_IDLE_SECS=<n>` for another window). It prints the wake-ups per
//! second of each case and thread, and fails past the targets: 0 a second beyond
//! input and file changes with no clock on screen, 1 a second with a clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Options, TempStore, Tui};
use std::collections::BTreeMap;
use std::time::Duration;

const T: Duration = Duration::from_secs(10);

/// Switches per thread (by name and id) of process `pid`, now: (voluntary, nonvoluntary).
fn switches(pid: u32) -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return out;
    };
    for task in tasks.flatten() {
        let Ok(status) = std::fs::read_to_string(task.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .map(str::trim)
                .unwrap_or("")
                .to_string()
        };
        let count = |name: &str| field(name).parse::<u64>().unwrap_or(0);
        let name = format!(
            "{} ({})",
            field("Name:"),
            task.file_name().to_string_lossy()
        );
        out.insert(
            name,
            (
                count("voluntary_ctxt_switches:"),
                count("nonvoluntary_ctxt_switches:"),
            ),
        );
    }
    out
}

/// Wake-ups per second of the whole process over the window, after printing each thread's.
fn measure(case: &str, tui: &Tui) -> f64 {
    let seconds: u64 = std::env::var("GROUPSCRIBE_IDLE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    // Let the start settle (the first frames, the watcher's own first events).
    std::thread::sleep(Duration::from_secs(2));
    let before = switches(tui.pid());
    std::thread::sleep(Duration::from_secs(seconds));
    let after = switches(tui.pid());
    let (mut total, mut preempted) = (0, 0);
    let per_second = |n: u64| n as f64 / seconds as f64;
    println!("{case}: over {seconds} s (wake-ups; preemptions)");
    for (thread, (woken, forced)) in &after {
        let (woken_before, forced_before) = before.get(thread).copied().unwrap_or((0, 0));
        let (woken, forced) = (woken - woken_before, forced - forced_before);
        total += woken;
        preempted += forced;
        println!(
            "  {thread:<24} {:.2}/s; {:.2}/s",
            per_second(woken),
            per_second(forced)
        );
    }
    let rate = per_second(total);
    println!(
        "  whole process            {rate:.2}/s; {:.2}/s",
        per_second(preempted)
    );
    rate
}

#[test]
#[ignore = "a 3 × 30 s measurement; run in release with --ignored --nocapture"]
fn wake_ups_per_second_when_idle() {
    let store = TempStore::new();
    let dir = store.root().to_path_buf();

    let tui = Tui::start(&dir);
    tui.wait_for("Thursday Peer Support", T);
    let home = measure("home screen (no clock)", &tui);
    drop(tui);

    let theme = tempfile::tempdir().unwrap();
    let theme_file = theme.path().join("mine.ron");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default.ron"),
        &theme_file,
    )
    .unwrap();
    let tui = Tui::spawn(
        [
            std::ffi::OsStr::new("--dir"),
            dir.as_os_str(),
            std::ffi::OsStr::new("--theme"),
            theme_file.as_os_str(),
        ],
        Options::default(),
    );
    tui.wait_for("Thursday Peer Support", T);
    let themed = measure("home screen with --theme FILE (no clock)", &tui);
    drop(tui);

    let mut tui = Tui::start(&dir);
    tui.wait_for("Thursday Peer Support", T);
    tui.send("\r");
    tui.wait_for("saved ✓ 0", T);
    tui.send("1");
    tui.wait_for("saved ✓ 1", T);
    let live = measure("live panel, a turn running (clock on screen)", &tui);

    println!("home {home:.2}/s, with --theme {themed:.2}/s, live with a clock {live:.2}/s");
    assert!(home < 0.2, "home screen wakes {home:.2} times a second");
    assert!(
        themed < 0.2,
        "home screen with a theme file wakes {themed:.2} times a second"
    );
    assert!(live < 1.3, "the live panel wakes {live:.2} times a second");
}
