//! Performance figures of the real binary in a pseudo-terminal: CPU while idle, peak
//! memory with a 5,000-event session, and start to first frame. A benchmark, not a
//! test: figures are printed beside their targets, never asserted on a debug build.
//!
//!     cargo bench --bench app
//!
//! Linux only (reads /proc).

#![allow(clippy::expect_used, clippy::unwrap_used)]

fn main() {
    if !cfg!(target_os = "linux") {
        println!("the app benchmark reads /proc: Linux only");
        return;
    }
    // `cargo bench` passes --bench; a filter word runs one figure.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let runs = |name: &str| wanted.is_empty() || wanted.iter().any(|w| name.contains(w.as_str()));
    if runs("start") {
        start_to_first_frame();
    }
    if runs("resume") {
        launch_to_live_panel(5);
    }
    if runs("memory") {
        peak_memory_with_a_5000_event_session();
    }
    if runs("idle") {
        cpu_while_idle_on_the_live_panel();
    }
}

#[path = "../tests/support/realistic.rs"]
mod realistic;

use groupscribe::model::{Group, Timestamp};
use groupscribe::store::load_group;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

const SLUG: &str = "thursday-peer-support";
const EVENTS: usize = 5_000;

/// Start-up and memory are measured one at a time, so neither slows the other down;
/// the idle test only sleeps and runs beside them.
static SOLO: Mutex<()> = Mutex::new(());

fn solo() -> MutexGuard<'static, ()> {
    SOLO.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn cpu_while_idle_on_the_live_panel() {
    // A new session (the figure with a target) and, beside it, a resumed 5,000-event
    // one: the clock ticks every second on both, so every second is a full redraw.
    let fresh_store = store(None);
    let big_store = store(Some(EVENTS));
    let mut fresh = Pty::spawn(fresh_store.path());
    let mut big = Pty::spawn(big_store.path());
    fresh.wait_for("groups and sessions", Duration::from_secs(20));
    big.wait_for("interrupted", Duration::from_secs(20));
    fresh.send(b"\r");
    resume_stale(&mut big);
    fresh.wait_for("saved ✓ 0", Duration::from_secs(20));
    assert!(fresh.contents().contains("REC"), "{}", fresh.contents());

    // Let start-up work (file watcher, first frames) settle before measuring.
    std::thread::sleep(Duration::from_secs(1));
    let idle = Duration::from_secs(10);
    let before = (fresh.cpu(), big.cpu());
    let started = Instant::now();
    std::thread::sleep(idle);
    let after = (fresh.cpu(), big.cpu());
    let wall = started.elapsed().as_secs_f64();
    let clock_moved = fresh.contents();

    let report = |label: &str, before: Cpu, after: Cpu| {
        let ticks = after.ticks - before.ticks;
        let percent = 100.0 * ticks as f64 / before.ticks_per_second / wall;
        let precise = 100.0 * (after.nanos - before.nanos) as f64 / 1e9 / wall;
        println!(
            "idle CPU, {label}: {percent:.2}% (utime+stime {ticks} ticks over {wall:.1} s; \
             schedstat {precise:.3}%) target < 1%; load average {}",
            load_average()
        );
    };
    report("new live session", before.0, after.0);
    report(
        &format!("resumed {EVENTS}-event session"),
        before.1,
        after.1,
    );
    assert!(
        clock_moved.contains("REC"),
        "still on the live panel:\n{clock_moved}"
    );
    fresh.kill();
    big.kill();
}

fn peak_memory_with_a_5000_event_session() {
    let _solo = solo();
    let dir = store(Some(EVENTS));
    let mut pty = Pty::spawn(dir.path());
    pty.wait_for("interrupted", Duration::from_secs(20));
    let home = pty.memory();
    resume_stale(&mut pty);
    let live = pty.memory();
    println!(
        "memory, {EVENTS}-event session: peak (VmHWM) {:.1} MB target < 30 MB; \
         resident now {:.1} MB; on the home screen before resuming: peak {:.1} MB, resident {:.1} MB",
        live.hwm_kb as f64 / 1024.0,
        live.rss_kb as f64 / 1024.0,
        home.hwm_kb as f64 / 1024.0,
        home.rss_kb as f64 / 1024.0,
    );
    pty.kill();
}

fn start_to_first_frame() {
    let _solo = solo();
    let runs = 5;
    let small = store(None);
    let big = store(Some(EVENTS));
    let mut figures = Vec::new();
    for (label, dir) in [
        ("sample group, no sessions", &small),
        ("with a 5,000-event session", &big),
    ] {
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let spawned = Instant::now();
                let pty = Pty::spawn(dir.path());
                let shown = pty.wait_for("groupscribe", Duration::from_secs(20));
                pty.quit();
                shown - spawned
            })
            .collect();
        times.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
        let median = times[runs / 2];
        println!(
            "start to first frame, {label}: median {:.1} ms (min {:.1}, max {:.1}, {runs} runs) \
             target < 50 ms; load average {}",
            ms(median),
            ms(times[0]),
            ms(times[runs - 1]),
            load_average()
        );
        figures.push(median);
    }
    history_does_not_slow_the_start(runs);
}

/// Start to first frame with 300 ended sessions of 5,000 events in the store
/// (target ≤ 50 ms): the first start builds the listing index (reported
/// apart), later ones read it.
fn history_does_not_slow_the_start(runs: usize) {
    let sessions = std::env::var("GROUPSCRIBE_BENCH_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let made = Instant::now();
    let dir = history_store(sessions, EVENTS);
    println!(
        "(a store of {sessions} ended sessions of {EVENTS} events made in {:.1} s)",
        made.elapsed().as_secs_f64()
    );
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let first = |dir: &Path| {
        let spawned = Instant::now();
        let pty = Pty::spawn(dir);
        // The list itself (the group row counts its sessions), not only the title.
        let shown = pty.wait_for(&format!("{sessions} sessions"), Duration::from_secs(120));
        pty.quit();
        shown - spawned
    };
    let cold = first(dir.path());
    let mut times: Vec<Duration> = (0..runs).map(|_| first(dir.path())).collect();
    times.sort_unstable();
    println!(
        "start to first frame, {sessions} ended sessions of {EVENTS} events: median {:.1} ms \
         (min {:.1}, max {:.1}, {runs} runs) target ≤ 50 ms; the very first start, building \
         the listing index: {:.0} ms; load average {}",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
        ms(cold),
        load_average()
    );
    println!(
        "| start to first frame, {sessions} ended sessions of {EVENTS} events in the store | \
         ≤ 50 ms | median {:.1} ms (min {:.1}, max {:.1}); {:.1} s the very first time (the \
         listing index is built) | `cargo bench --bench app -- start` |",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
        ms(cold) / 1e3
    );
}

/// Launch to the live panel resuming a 5,000-event session (target ≤ 50 ms),
/// on a fresh copy of the store each run (each resume logs the gap).
fn launch_to_live_panel(runs: usize) {
    let _solo = solo();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let big = store(Some(EVENTS));
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let copy = tempfile::tempdir().expect("temp dir");
            copy_store(big.path(), copy.path());
            let spawned = Instant::now();
            let mut pty = Pty::spawn(copy.path());
            pty.wait_for("interrupted", Duration::from_secs(20));
            resume_stale(&mut pty);
            let shown = pty.wait_for("Logging stopped", Duration::from_secs(20));
            pty.kill();
            shown - spawned
        })
        .collect();
    times.sort_unstable();
    println!(
        "launch to live panel, resuming a {EVENTS}-event session: median {:.1} ms (min {:.1}, \
         max {:.1}, {runs} runs; includes the two keys of the stale prompt) target ≤ 50 ms",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
    );
    println!(
        "| launch to live panel, resuming a {EVENTS}-event session (two keys of the stale \
         prompt included) | ≤ 50 ms | median {:.1} ms (min {:.1}, max {:.1}) | `cargo bench --bench app -- resume` |",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
    );
}

fn copy_store(from: &Path, to: &Path) {
    for group in std::fs::read_dir(from).expect("store").flatten() {
        let folder = to.join(group.file_name());
        std::fs::create_dir_all(&folder).expect("group folder");
        for file in std::fs::read_dir(group.path()).expect("group").flatten() {
            std::fs::copy(file.path(), folder.join(file.file_name())).expect("copy");
        }
    }
}

/// `sessions` ended sessions of `events` events, a week apart.
fn history_store(sessions: u32, events: usize) -> tempfile::TempDir {
    let dir = store(None);
    let folder = dir.path().join(SLUG);
    let group = load_group(&folder.join("group.ron")).expect("sample group");
    let first = chrono::DateTime::parse_from_rfc3339("2020-01-02T18:00:00+01:00").expect("time");
    for n in 1..=sessions {
        let started = first + chrono::TimeDelta::weeks(i64::from(n) - 1);
        let mut session = realistic::realistic_session(&group, SLUG, started, events);
        session.header.number = n;
        let last = session.last_event_at();
        session.events.push(groupscribe::model::Event {
            id: session.next_id().expect("id"),
            at: last,
            by: groupscribe::model::Author::Facilitator,
            kind: groupscribe::model::EventKind::Ended,
        });
        let day = started.format("%Y-%m-%d");
        realistic::write_session(&folder.join(format!("{day}-s{n:02}.ron")), &session);
    }
    dir
}

// ---- The binary in a pseudo-terminal -------------------------------------------------

struct Screen {
    parser: vt100::Parser,
    /// When the last output arrived (so waits are timed by the output, not by polling).
    last_output: Instant,
    closed: bool,
}

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<(Mutex<Screen>, Condvar)>,
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// Runs groupscribe on `store` in an 80x24 pseudo-terminal.
    fn spawn(store: &Path) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_groupscribe"));
        command.arg("--dir");
        command.arg(store);
        command.cwd(store);
        command.env("TERM", "xterm-256color");
        command.env_remove("GROUPSCRIBE_DIR");
        let child = pair
            .slave
            .spawn_command(command)
            .expect("spawn groupscribe");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new((
            Mutex::new(Screen {
                parser: vt100::Parser::new(24, 80, 0),
                last_output: Instant::now(),
                closed: false,
            }),
            Condvar::new(),
        ));
        let shared = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 16 * 1024];
            loop {
                let read = reader.read(&mut buffer);
                let arrived = Instant::now();
                let (lock, changed) = &*shared;
                let mut screen = lock.lock().unwrap_or_else(|p| p.into_inner());
                match read {
                    Ok(n) if n > 0 => {
                        screen.parser.process(&buffer[..n]);
                        screen.last_output = arrived;
                        changed.notify_all();
                    }
                    _ => {
                        screen.closed = true;
                        changed.notify_all();
                        return;
                    }
                }
            }
        });
        Pty {
            child,
            writer,
            screen,
            _master: pair.master,
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    fn contents(&self) -> String {
        let (lock, _) = &*self.screen;
        let screen = lock.lock().unwrap_or_else(|p| p.into_inner());
        screen.parser.screen().contents()
    }

    /// Waits until the screen shows `text`; returns when the output that showed it arrived.
    fn wait_for(&self, text: &str, timeout: Duration) -> Instant {
        let deadline = Instant::now() + timeout;
        let (lock, changed) = &*self.screen;
        let mut screen = lock.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let contents = screen.parser.screen().contents();
            if contents.contains(text) {
                return screen.last_output;
            }
            let now = Instant::now();
            assert!(
                !screen.closed && now < deadline,
                "waited {timeout:?} for {text:?}; the screen shows:\n{contents}"
            );
            screen = changed
                .wait_timeout(screen, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    fn cpu(&self) -> Cpu {
        let pid = self.pid();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        // Fields after the command name (which may hold spaces) in parentheses.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .expect("stat format")
            .1
            .split_whitespace()
            .collect();
        let utime: u64 = fields[11].parse().expect("utime");
        let stime: u64 = fields[12].parse().expect("stime");
        // Nanoseconds on CPU, summed over every thread.
        let mut nanos = 0u64;
        for task in std::fs::read_dir(format!("/proc/{pid}/task")).expect("tasks") {
            let path = task.expect("task").path().join("schedstat");
            if let Ok(text) = std::fs::read_to_string(path) {
                nanos += text
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
        Cpu {
            ticks: utime + stime,
            ticks_per_second: ticks_per_second(),
            nanos,
        }
    }

    fn memory(&self) -> Memory {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("status");
        let kb = |key: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse::<u64>().ok())
                .expect(key)
        };
        Memory {
            hwm_kb: kb("VmHWM:"),
            rss_kb: kb("VmRSS:"),
        }
    }

    /// `q` on the home screen; killed if it has not left within two seconds.
    fn quit(mut self) {
        self.send(b"q");
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        self.kill();
    }

    fn kill(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        self.kill();
    }
}

#[derive(Debug, Clone, Copy)]
struct Cpu {
    ticks: u64,
    ticks_per_second: f64,
    nanos: u64,
}

struct Memory {
    hwm_kb: u64,
    rss_kb: u64,
}

/// Other work on the machine skews every figure; print it beside them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.trim().to_string())
        .unwrap_or_default()
}

fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100.0)
}

// ---- A temporary store ----------------------------------------------------------------

/// The sample group, and with `Some(n)` one unended session of `n` realistic events
/// that ended a minute ago.
/// The big session's last event is hours old: choose it under the group row,
/// answer the stale prompt with "resume now", and wait for the live panel.
fn resume_stale(pty: &mut Pty) {
    pty.send(b"j\r");
    pty.wait_for("last event was", Duration::from_secs(20));
    pty.send(b"r");
    pty.wait_for("Logging stopped", Duration::from_secs(20));
}

fn store(events: Option<usize>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join(SLUG);
    std::fs::create_dir(&folder).expect("group folder");
    let sample: PathBuf = [env!("CARGO_MANIFEST_DIR"), "sessions", SLUG, "group.ron"]
        .iter()
        .collect();
    std::fs::copy(&sample, folder.join("group.ron")).expect("copy group.ron");
    if let Some(count) = events {
        let group = load_group(&folder.join("group.ron")).expect("sample group");
        let now = chrono::Local::now().fixed_offset();
        // Events come every 2 s on average; start early enough to end before now.
        let started = now - chrono::TimeDelta::seconds(count as i64 * 4 + 60);
        let path = folder.join(format!("{}-s02.ron", started.format("%Y-%m-%d")));
        write_session(&path, &group, started, count);
    }
    dir
}

fn write_session(path: &Path, group: &Group, started: Timestamp, count: usize) {
    realistic::write_session(
        path,
        &realistic::realistic_session(group, SLUG, started, count),
    );
}
