//! The crash and fault campaign: the real binary in a pty logs a session, round
//! after round, and each round ends at a random moment by SIGKILL, SIGTERM,
//! SIGHUP (the terminal closed under it) or a power cut (SIGKILL, then the
//! file loses a random part of what was written after the last event any frame
//! showed: what the disk had not synced yet). After each: the file loads, every
//! event a frame showed is there, the events of earlier rounds are there as they
//! were (nothing lost, rewritten or doubled), no more events were added than keys
//! sent, the next round resumes it, and where the program could restore the
//! terminal (SIGTERM) it did.
//!
//! Bounded in `cargo test`; `GROUPSCRIBE_CAMPAIGN_ROUNDS=500` is the long mode
//! (README "Hardening"), `GROUPSCRIBE_CAMPAIGN_SEED` repeats one.
//!
//! The faults (a folder made read-only, a full disk on a small filesystem) are
//! the tests below the campaign; a file replaced or deleted under the app is in
//! tests/e2e.rs and tests/file_under_us.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    LEAVE_ALTERNATE_SCREEN, Options, SHOW_CURSOR, TempStore, Tui, framed, rfind, saved_count,
};
use groupscribe::model::Event;
use groupscribe::sample::Rng;
use std::path::Path;
use std::time::{Duration, Instant};

const T: Duration = Duration::from_secs(20);

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|n| n.parse().ok())
}

/// One key (or a moment's short sequence) of a facilitator logging.
fn random_keys(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=59 => char::from(b'1' + rng.below(7) as u8).to_string(),
        60..=71 => "f".into(),
        72..=79 => " ".into(),
        80..=94 => format!("m{}\r", char::from(b'0' + rng.below(10) as u8)),
        _ => "u".into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum End {
    Kill,
    Term,
    Hangup,
    PowerCut,
}

#[derive(Default, Debug)]
struct Tally {
    rounds: usize,
    kills: usize,
    terms: usize,
    hangups: usize,
    power_cuts: usize,
    /// Events that had to be on file after a round (drawn, or kept from before), summed.
    events_checked: usize,
    events_lost: usize,
    bytes_cut: usize,
    /// Power cuts that left part of a line in flight at the end of the file.
    torn_tails: usize,
    restored: usize,
}

/// The byte just past line `n` (0: the header) of `bytes`.
fn end_of_line(bytes: &[u8], n: usize) -> usize {
    let mut seen = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            if seen == n {
                return i + 1;
            }
            seen += 1;
        }
    }
    bytes.len()
}

fn assert_terminal_restored(tui: &Tui, what: &str) {
    let raw = tui.raw_output();
    let enter = rfind(&raw, b"\x1b[?1049h");
    let leave = rfind(&raw, LEAVE_ALTERNATE_SCREEN);
    assert!(leave > enter, "{what}: the alternate screen was not left");
    assert!(
        rfind(&raw, SHOW_CURSOR) > rfind(&raw, b"\x1b[?25l"),
        "{what}: the cursor was left hidden"
    );
    if let Some(stty) = tui.stty() {
        let flags: Vec<&str> = stty.split_whitespace().collect();
        assert!(
            flags.contains(&"icanon") && flags.contains(&"echo"),
            "{what}: left in raw mode:\n{stty}"
        );
    }
}

/// Rounds on one session before the next begins in a fresh store, so that a
/// long run does not slow down with a file of tens of thousands of events.
const ROUNDS_PER_SESSION: usize = 25;

fn campaign(rounds: usize, seed: u64) -> Tally {
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    let mut done = 0;
    while done < rounds {
        let these = (rounds - done).min(ROUNDS_PER_SESSION);
        one_session(these, seed, &mut rng, &mut tally);
        done += these;
        if rounds > ROUNDS_PER_SESSION {
            println!("campaign: {done} of {rounds} rounds, {tally:?}");
        }
    }
    tally
}

/// `rounds` rounds on one session in a store of its own.
fn one_session(rounds: usize, seed: u64, rng: &mut Rng, tally: &mut Tally) {
    let store = TempStore::new();
    let mut before: Vec<Event> = Vec::new();
    for round in 1..=rounds {
        let what = format!("round {} (seed {seed})", tally.rounds + 1);
        let mut tui = Tui::start(store.root());
        if round == 1 {
            tui.wait_for("Thursday Peer Support", T);
        } else {
            tui.wait_for("interrupted", T);
            tui.send("j");
        }
        tui.send("\r");
        let live = tui.wait_until(&format!("{what}: the live panel"), T, |screen| {
            saved_count(screen).is_some()
        });
        let reopened = saved_count(&live).unwrap() as usize;
        assert!(
            reopened >= before.len() && reopened <= before.len() + 2,
            "{what}: reopened at saved ✓ {reopened}, the file held {}\n{}",
            before.len(),
            framed(&live)
        );

        let end = match rng.below(4) {
            0 => End::Kill,
            1 => End::Term,
            2 => End::Hangup,
            _ => End::PowerCut,
        };
        let until = Duration::from_millis(rng.below(400));
        // Half the rounds type a burst faster than events are fsync'd (as
        // tests/crash.rs does), so the end also lands on a backlog; the rest
        // type at a brisk human pace.
        let fast = rng.below(2) == 0;
        let budget = if fast { 20 + rng.below(150) } else { u64::MAX };
        let mut sent = 0u64;
        let begun = Instant::now();
        while begun.elapsed() < until {
            if sent < budget {
                tui.send(&random_keys(rng));
                sent += 1;
            }
            let pause = if fast && sent < budget {
                0
            } else {
                2 + rng.below(8)
            };
            std::thread::sleep(Duration::from_millis(pause));
        }
        let session = store.only_session();
        match end {
            End::Kill | End::PowerCut => tui.kill_9(),
            End::Term => tui.signal("TERM"),
            End::Hangup => tui.hang_up(),
        }
        let status = tui.wait_exit(T);
        let drawn = tui.max_saved().unwrap_or(0) as usize;
        match end {
            End::Kill => tally.kills += 1,
            End::PowerCut => {
                tally.power_cuts += 1;
                // What no frame showed may not have been synced: lose some of it.
                let bytes = std::fs::read(&session).unwrap();
                let shown_end = end_of_line(&bytes, drawn);
                let keep = shown_end + rng.below((bytes.len() - shown_end) as u64 + 1) as usize;
                tally.bytes_cut += bytes.len() - keep;
                let mut left = bytes[..keep].to_vec();
                // Half the time a write was in flight: part of a line (maybe
                // cut mid-character) reached the disk, never shown.
                if rng.below(2) == 0 && left.ends_with(b"\n") {
                    let line = format!(
                        "(id:{},at:\"2026-12-01T18:00:00Z\",by:Facilitator,kind:Moment((what:Note,\
                         members:[],text:Some(\"café — 😀\"))))\n",
                        u32::MAX
                    );
                    let cut = 1 + rng.below(line.len() as u64 - 2) as usize;
                    left.extend_from_slice(&line.as_bytes()[..cut]);
                    tally.torn_tails += 1;
                }
                std::fs::write(&session, &left).unwrap();
            }
            End::Term => {
                tally.terms += 1;
                assert_eq!(status.exit_code(), 128 + 15, "{what}: {status:?}");
                assert_terminal_restored(&tui, &what);
                tally.restored += 1;
            }
            End::Hangup => {
                tally.hangups += 1;
                assert_eq!(status.exit_code(), 128 + 1, "{what}: {status:?}");
            }
        }
        drop(tui);

        let loaded = groupscribe::store::load_session(&session, Some(&store.group()))
            .unwrap_or_else(|error| panic!("{what} ({end:?}): the file does not load: {error}"));
        let events = &loaded.session.events;
        // Every event a frame showed, and every event of earlier rounds as it was.
        let must = drawn.max(before.len());
        tally.events_checked += must;
        let kept = events
            .iter()
            .zip(&before)
            .take_while(|(now, then)| now == then)
            .count();
        let lost = must.saturating_sub(events.len()) + (before.len() - kept);
        tally.events_lost += lost;
        assert_eq!(
            lost,
            0,
            "{what} ({end:?}): saved ✓ {drawn} was drawn, {} events were on file before, \
             the file holds {} ({kept} of the earlier ones unchanged)",
            before.len(),
            events.len()
        );
        // Nothing doubled: ids increase, and no more events than keys (and a break).
        assert!(events.windows(2).all(|w| w[0].id < w[1].id), "{what}");
        assert!(
            events.len() <= before.len() + 2 + sent as usize,
            "{what}: {} events after {} and {sent} keys",
            events.len(),
            before.len()
        );
        assert!(!loaded.session.is_ended(), "{what}");
        before = events.clone();
        tally.rounds += 1;
    }
    // The last round's file resumes too.
    let session = store.only_session();
    let (writer, loaded) = groupscribe::store::SessionWriter::resume(&session, &store.group())
        .unwrap_or_else(|error| panic!("the session cannot be resumed: {error}"));
    assert_eq!(loaded.session.events, before);
    drop(writer);
}

#[test]
fn every_shown_event_survives_kills_terms_hangups_and_power_cuts() {
    let seed = env_number("GROUPSCRIBE_CAMPAIGN_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let rounds = env_number("GROUPSCRIBE_CAMPAIGN_ROUNDS").unwrap_or(12) as usize;
    let started = Instant::now();
    let tally = campaign(rounds, seed);
    println!(
        "campaign: {} rounds, SIGKILL {}, SIGTERM {} (terminal restored {}), SIGHUP {}, \
         power cuts {} ({} unsynced bytes dropped, {} left a line in flight), events checked {}, \
         events lost {}, \
         {:.0} s, seed {seed}",
        tally.rounds,
        tally.kills,
        tally.terms,
        tally.restored,
        tally.hangups,
        tally.power_cuts,
        tally.bytes_cut,
        tally.torn_tails,
        tally.events_checked,
        tally.events_lost,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(tally.events_lost, 0);
    assert_eq!(tally.rounds, rounds);
}

// ---------------------------------------------------------------------------
// Faults.

fn only_session(folder: &Path) -> std::path::PathBuf {
    let mut found: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron") && !p.ends_with("group.ron"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.pop().unwrap()
}

/// Runs `command` as root, quietly; whether it worked.
fn try_run(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"))
    })
}

/// A small real filesystem (tmpfs) mounted at `at`, unmounted when dropped.
struct SmallDisk {
    at: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(at: &Path, kib: u64) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let size = format!("size={kib}k,mode=0700");
        try_run(
            "mount",
            &["-t", "tmpfs", "-o", &size, "tmpfs", at.to_str()?],
        )
        .then(|| SmallDisk {
            at: at.to_path_buf(),
        })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = try_run("umount", &["-l", self.at.to_str().unwrap_or_default()]);
    }
}

/// The disk fills up mid-session: a real small filesystem where one can be
/// mounted (as root), else a file-size limit. NOT SAVED is shown, nothing shown
/// is lost, the file holds whole lines, and once there is room again the
/// session resumes and logs.
#[test]
fn a_disk_that_fills_up_mid_session_is_warned_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mount_point = dir.path().join("disk");
    let disk = SmallDisk::mount(&mount_point, 96);
    let (root, options) = match &disk {
        Some(disk) => (disk.at.join("store"), Options::default()),
        None => (
            dir.path().join("store"),
            Options {
                file_size_limit_kib: Some(4),
                ..Options::default()
            },
        ),
    };
    let folder = root.join(common::SLUG);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/thursday-peer-support/group.ron"
        ),
        folder.join("group.ron"),
    )
    .unwrap();
    let mut tui = Tui::spawn([std::ffi::OsStr::new("--dir"), root.as_os_str()], options);
    tui.wait_for("Thursday Peer Support", T);
    tui.send("\r");
    tui.wait_for("saved ✓ 0", T);
    if let Some(disk) = &disk {
        // Fill the rest of the small disk with something else.
        let filler = disk.at.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let chunk = vec![b'x'; 1024];
        while std::io::Write::write_all(&mut file, &chunk).is_ok() {}
        let _ = file.sync_all();
        // Leave room for a few lines only.
        let len = std::fs::metadata(&filler).unwrap().len();
        file.set_len(len.saturating_sub(1536)).unwrap();
    }
    let mut sent = 0;
    let refused = loop {
        tui.send(if sent % 2 == 0 { "1" } else { "2" });
        sent += 1;
        std::thread::sleep(Duration::from_millis(30));
        let screen = tui.screen();
        if screen.contains("NOT SAVED") {
            break screen;
        }
        assert!(sent < 200, "the disk never filled:\n{}", framed(&screen));
    };
    assert!(
        refused.contains("disk is full")
            || refused.contains("No space")
            || refused.contains("too large"),
        "the warning does not say why:\n{}",
        framed(&refused)
    );
    let shown = tui.max_saved().unwrap() as usize;
    let session = only_session(&folder);
    let group = groupscribe::store::load_group(&folder.join("group.ron")).unwrap();
    let loaded = groupscribe::store::load_session(&session, Some(&group)).unwrap();
    assert!(
        loaded.session.events.len() >= shown,
        "a shown event was lost"
    );
    assert!(
        std::fs::read(&session).unwrap().ends_with(b"\n"),
        "a partial line was left"
    );
    tui.kill_9();
    let _ = tui.wait_exit(T);
    drop(tui);
    // Room again: it resumes and logs.
    if let Some(disk) = &disk {
        std::fs::remove_file(disk.at.join("filler")).unwrap();
    }
    let mut tui = Tui::spawn(
        [std::ffi::OsStr::new("--dir"), root.as_os_str()],
        Options::default(),
    );
    let home = tui.wait_for("interrupted", T);
    // The interrupted session may be selected already (it is what needs doing).
    let selected = home
        .lines()
        .any(|line| line.contains('▸') && line.contains("interrupted"));
    tui.send(if selected { "\r" } else { "j\r" });
    let screen = tui.wait_until("resumed", T, |s| saved_count(s).is_some());
    let reopened = saved_count(&screen).unwrap();
    tui.send("3");
    tui.wait_for(&format!("saved ✓ {}", reopened + 1), T);
    tui.kill_9();
    let _ = tui.wait_exit(T);
    let after = groupscribe::store::load_session(&session, Some(&group)).unwrap();
    assert_eq!(
        &after.session.events[..loaded.session.events.len()],
        &loaded.session.events[..]
    );
    println!(
        "full disk: {} ({} events shown before NOT SAVED)",
        if disk.is_some() {
            "a 96 KiB tmpfs"
        } else {
            "a 4 KiB file-size limit"
        },
        shown
    );
}

/// The store's group folder is made read-only mid-session (as another user,
/// when running as root: root ignores permissions). The open session keeps
/// saving; ending it cannot write the note, and says so; nothing is lost.
#[test]
fn a_folder_made_read_only_mid_session_is_warned_and_loses_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let store = TempStore::new();
    let root = store.root().to_path_buf();
    let mut options = Options::default();
    if is_root() {
        // Run the binary as nobody, whose store it is: root ignores permissions.
        assert!(try_run(
            "chown",
            &["-R", "65534:65534", root.to_str().unwrap()]
        ));
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o711)).unwrap();
        options
            .env
            .push(("HOME".into(), root.to_string_lossy().into_owned()));
        options.as_user = Some(65534);
    }
    let mut tui = Tui::spawn([std::ffi::OsStr::new("--dir"), root.as_os_str()], options);
    tui.wait_for("Thursday Peer Support", T);
    tui.send("\r");
    tui.wait_for("saved ✓ 0", T);
    tui.send("1");
    tui.wait_for("saved ✓ 1", T);
    let folder = store.group_folder();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o500)).unwrap();
    tui.send("2");
    tui.wait_for("saved ✓ 2", T);
    tui.send("3");
    tui.wait_for("saved ✓ 3", T);
    // End the session: the note cannot be written into a read-only folder.
    tui.send("qys");
    let screen = tui.wait_until("the note's failure shown", T, |s| {
        s.contains("ermission denied") || s.contains("read-only")
    });
    assert!(!screen.contains("Note written to"), "{}", framed(&screen));
    tui.kill_9();
    let _ = tui.wait_exit(T);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    let session = store.only_session();
    let loaded = store.load(&session);
    let floors = loaded
        .session
        .events
        .iter()
        .filter(|e| matches!(e.kind, groupscribe::model::EventKind::Floor(_)))
        .count();
    assert!(floors >= 3, "{:?}", loaded.session.events);
}
