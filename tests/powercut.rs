//! The durability proof that can fail: the real `Shell` (same `update`, same draw,
//! same write path) logs scripted sessions onto a simulated disk that keeps
//! written-but-unsynced bytes apart. At random moments the power is cut: the synced
//! bytes stay and a random prefix of the unsynced ones survives. After every cut the
//! file must load, and hold every event any frame showed. Syncs fail now and then, so
//! the rollback runs too. A terminal backend checks, at the very moment each frame
//! reaches the screen, that the disk already holds every event it shows.
//!
//! Seeded and printed; `GROUPSCRIBE_POWERCUT_SEED=<seed>` reruns one,
//! `GROUPSCRIBE_POWERCUTS=<n>` asks for more cuts (default 400).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use groupscribe::model::{Group, NameStyle, Timestamp};
use groupscribe::sample::Rng;
use groupscribe::store::seal::StoreKey;
use groupscribe::store::sealed_medium::SealedMedia;
use groupscribe::store::simulated::SimDisk;
use groupscribe::store::{Store, load_group, parse_session};
use groupscribe::tui::{Action, App, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Size};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[path = "support/screen.rs"]
mod screen;
#[path = "support/store.rs"]
mod store;

use screen::{buffer_text, saved_count};
use store::{SAMPLE_GROUP, SLUG};

/// The store key when the run is on a sealed store (encryption at rest).
type Sealing = Option<Arc<StoreKey>>;

/// What the disk holds, opened when the store is sealed.
fn plain(bytes: &[u8], sealing: &Sealing) -> Result<Vec<u8>, String> {
    match sealing {
        None => Ok(bytes.to_vec()),
        Some(key) => key
            .open_text(bytes)
            .map(|opened| [opened.text.into_bytes(), opened.torn.unwrap_or_default()].concat())
            .map_err(|error| error.to_string()),
    }
}

/// Complete events in `bytes` (a torn last line is not one).
fn events_in(bytes: &[u8], group: &Group, sealing: &Sealing) -> Result<usize, String> {
    if bytes.is_empty() {
        return Ok(0);
    }
    let bytes = plain(bytes, sealing)?;
    parse_session(Path::new("cut.ron"), &bytes, Some(group))
        .map(|loaded| loaded.session.events.len())
        .map_err(|error| error.to_string())
}

/// A terminal that, when a frame is flushed to it (the moment a person would see it),
/// compares the `saved ✓ N` it shows with what the simulated disk holds for sure.
struct Witness {
    inner: TestBackend,
    disk: SimDisk,
    group: Group,
    sealing: Sealing,
    /// The most events any flushed frame showed as saved.
    shown: usize,
    frames: u64,
    /// Frames that showed an event the disk did not yet hold.
    early: Vec<String>,
    /// The window was closed: every frame fails to reach it.
    closed: bool,
}

impl Witness {
    /// A closed window fails everything written to it.
    fn open(&self) -> std::io::Result<()> {
        if self.closed {
            return Err(std::io::Error::other("the window was closed"));
        }
        Ok(())
    }

    fn session(&self) -> Option<PathBuf> {
        self.disk
            .paths()
            .into_iter()
            .find(|path| !path.to_string_lossy().contains(".recovered-"))
    }
}

/// A test terminal's result, as the witness's (the test terminal never fails).
fn ok<T>(result: Result<T, std::convert::Infallible>) -> std::io::Result<T> {
    result.map_err(|never| match never {})
}

impl Backend for Witness {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.open()?;
        ok(self.inner.draw(content))
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        ok(self.inner.hide_cursor())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        ok(self.inner.show_cursor())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        ok(self.inner.get_cursor_position())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        ok(self.inner.set_cursor_position(position))
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.open()?;
        ok(self.inner.clear())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.open()?;
        ok(self.inner.clear_region(clear_type))
    }

    fn size(&self) -> Result<Size, Self::Error> {
        ok(self.inner.size())
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        ok(self.inner.window_size())
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.open()?;
        self.frames += 1;
        if let Some(shown) = saved_count(&buffer_text(self.inner.buffer())).map(|n| n as usize) {
            let durable = self
                .session()
                .and_then(|path| self.disk.durable(&path))
                .map_or(Ok(0), |bytes| events_in(&bytes, &self.group, &self.sealing));
            match durable {
                Ok(durable) if durable >= shown => {}
                other => self.early.push(format!(
                    "frame {} shows saved ✓ {shown}, the disk holds {other:?}",
                    self.frames
                )),
            }
            self.shown = self.shown.max(shown);
        }
        ok(self.inner.flush())
    }
}

type Live = Shell<Witness, ManualClock>;

fn start() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap()
}

fn key(shell: &mut Live, c: char) {
    shell.handle(key_action(c));
}

fn key_action(c: char) -> Action {
    let code = match c {
        '\r' => KeyCode::Enter,
        c => KeyCode::Char(c),
    };
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A key as the real loop hands it over within a burst (a group commit).
fn burst_key(shell: &mut Live, c: char) {
    shell.handle_in_burst(key_action(c));
}

/// One random key press (or short sequence) of a facilitator logging a session.
fn random_keys(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=54 => char::from(b'1' + rng.below(7) as u8).to_string(),
        55..=66 => "f".into(),
        67..=70 => "F".into(),
        71..=74 => "x".into(),
        75..=84 => " ".into(),
        85..=96 => format!("m{}\r", char::from(b'0' + rng.below(10) as u8)),
        _ => "u".into(),
    }
}

#[derive(Default)]
struct Tally {
    cuts: usize,
    /// Sum over the cuts of the events frames had shown by then: each checked.
    events_checked: usize,
    lost: usize,
    unreadable: usize,
    early: usize,
    syncs: u64,
    failed_syncs: u64,
    sessions: usize,
    end_mismatches: usize,
    stopped: usize,
}

/// One session, cut `cuts` times while it runs.
fn run_session(seed: u64, cuts: usize, tally: &mut Tally, sealing: &Sealing) {
    let mut rng = Rng::new(seed);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sessions");
    std::fs::create_dir_all(root.join(SLUG)).unwrap();
    std::fs::copy(SAMPLE_GROUP, root.join(SLUG).join("group.ron")).unwrap();
    let group = load_group(&root.join(SLUG).join("group.ron")).unwrap();
    let disk = SimDisk::new(seed ^ 0x9E37_79B9_7F4A_7C15);
    // About one sync in 25 fails: the rollback runs in every session.
    disk.fail_syncs_per_mille(40);
    let clock = ManualClock::new(start());
    let app = App::new(Keymap::default(), NameStyle::Alias, start());
    let witness = Witness {
        inner: TestBackend::new(80, 24),
        disk: disk.clone(),
        group: group.clone(),
        sealing: sealing.clone(),
        shown: 0,
        frames: 0,
        early: Vec::new(),
        closed: false,
    };
    let mut shell = Shell::new(
        app,
        Terminal::new(groupscribe::tui::Held::new(witness)).unwrap(),
        Store::open(&root).unwrap(),
        clock.clone(),
    )
    .with_media(match sealing {
        None => Arc::new(disk.clone()),
        Some(key) => Arc::new(SealedMedia {
            inner: Arc::new(disk.clone()),
            key: key.clone(),
        }),
    });
    shell.start();
    key(&mut shell, '\r');
    shell.draw().unwrap();
    assert!(
        shell.app.live().is_some(),
        "the session started: {:?}",
        shell.app.message
    );
    let mut cuts_left = cuts;
    let steps = cuts * 6;
    for step in 0..steps {
        // Half the time as the real loop does, a group commit behind the sync in flight.
        let burst = rng.below(2) == 0;
        for c in random_keys(&mut rng).chars() {
            if burst {
                burst_key(&mut shell, c);
            } else {
                key(&mut shell, c);
            }
        }
        if rng.below(4) == 0 {
            clock.advance(rng.below(20) as i64 + 1);
            shell.handle(Action::Tick);
        }
        // Draw most of the time; sometimes two bursts go to one frame.
        if rng.below(5) != 0 {
            shell.draw().unwrap();
        }
        let left = steps - step;
        if cuts_left > 0 && (rng.below(left as u64) < cuts_left as u64) {
            cuts_left -= 1;
            cut(&disk, &shell, &group, tally, sealing);
        }
    }
    // A clean end: every event the app holds is in the file, exactly.
    for _ in 0..50 {
        if shell.write_path().is_some_and(|log| log.waiting() == 0) {
            break;
        }
        clock.advance(1);
        shell.handle(Action::Tick);
        shell.draw().unwrap();
    }
    shell.draw().unwrap();
    let live = shell.app.live().expect("still live");
    let path = live.path.clone();
    let held = live.session.events.clone();
    let durable = plain(&disk.durable(&path).unwrap(), sealing).unwrap();
    if sealing.is_some() {
        let text = String::from_utf8_lossy(&disk.durable(&path).unwrap()).into_owned();
        assert!(
            !text.contains("Thursday Peer Support")
                && !text.contains("Ana Ruiz")
                && !text.contains("version:"),
            "a sealed session holds no plaintext"
        );
    }
    let on_disk = parse_session(&path, &durable, Some(&group))
        .unwrap()
        .session
        .events;
    // Every event made (ids are given one by one) is in the file, none twice: an
    // event whose sync failed was written again, not dropped nor doubled.
    let made: Vec<u32> = (1..live.next_id).collect();
    let ids: Vec<u32> = on_disk.iter().map(|event| event.id.0).collect();
    if ids != made {
        tally.end_mismatches += 1;
        eprintln!(
            "seed {seed}: {} events made, the file holds ids {ids:?}",
            made.len()
        );
    }
    // Nothing moved the file: logging must never have stopped.
    if shell
        .write_path()
        .is_some_and(|log| log.phase() == groupscribe::store::Phase::Stopped)
    {
        tally.stopped += 1;
        eprintln!("seed {seed}: logging stopped: {:?}", live.save);
    }
    if on_disk != held {
        tally.end_mismatches += 1;
        eprintln!(
            "seed {seed}: the app holds {} events, the file {}",
            held.len(),
            on_disk.len()
        );
    }
    let witness = shell.terminal.backend();
    for early in &witness.early {
        eprintln!("seed {seed}: {early}");
    }
    tally.early += witness.early.len();
    let (syncs, failed) = disk.syncs();
    tally.syncs += syncs;
    tally.failed_syncs += failed;
    tally.sessions += 1;
}

/// The power goes now: does what remains hold every event a frame showed?
fn cut(disk: &SimDisk, shell: &Live, group: &Group, tally: &mut Tally, sealing: &Sealing) {
    tally.cuts += 1;
    let shown = shell.terminal.backend().shown;
    tally.events_checked += shown;
    let Some(path) = shell.terminal.backend().session() else {
        return;
    };
    let after = disk.power_cut();
    let bytes = after.get(&path).cloned().unwrap_or_default();
    match events_in(&bytes, group, sealing) {
        Ok(remaining) if remaining >= shown => {}
        Ok(remaining) => {
            tally.lost += shown - remaining;
            eprintln!("cut {}: {shown} shown, {remaining} remain", tally.cuts);
        }
        Err(error) => {
            tally.unreadable += 1;
            eprintln!("cut {}: the file does not load: {error}", tally.cuts);
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

#[test]
fn every_event_any_frame_showed_survives_a_power_cut() {
    campaign(None, 400);
}

/// The same on a sealed store (encryption at rest): each event sealed on its
/// own line, the same guarantee.
#[test]
fn every_event_any_frame_showed_survives_a_power_cut_on_a_sealed_store() {
    campaign(Some(Arc::new(StoreKey::generate())), 150);
}

fn campaign(sealing: Sealing, default_cuts: usize) {
    let seed = env_number("GROUPSCRIBE_POWERCUT_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let cuts = env_number("GROUPSCRIBE_POWERCUTS").unwrap_or(default_cuts as u64) as usize;
    println!("power-cut seed: {seed} (rerun with GROUPSCRIBE_POWERCUT_SEED={seed})");
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    let per_session = 20;
    while tally.cuts < cuts {
        let this = per_session.min(cuts - tally.cuts);
        run_session(rng.next_u64(), this, &mut tally, &sealing);
    }
    println!(
        "{} sessions, {} power cuts, {} shown events checked, {} lost, {} unreadable, \
         {} frames early, {} syncs ({} failed and rolled back), {} sessions whose file \
         differs from the app at the end, {} stopped",
        tally.sessions,
        tally.cuts,
        tally.events_checked,
        tally.lost,
        tally.unreadable,
        tally.early,
        tally.syncs,
        tally.failed_syncs,
        tally.end_mismatches,
        tally.stopped
    );
    assert!(
        tally.failed_syncs > 0,
        "no sync failed: the rollback never ran"
    );
    assert!(
        tally.events_checked > cuts,
        "too few events shown to prove anything"
    );
    assert_eq!(tally.lost, 0, "shown events lost (seed {seed})");
    assert_eq!(tally.unreadable, 0, "files that do not load (seed {seed})");
    assert_eq!(
        tally.early, 0,
        "frames shown before their sync (seed {seed})"
    );
    assert_eq!(
        tally.end_mismatches, 0,
        "files that differ from the app (seed {seed})"
    );
    assert_eq!(tally.stopped, 0, "logging stopped (seed {seed})");
}

/// The shell of `run_session` on a fresh simulated disk, with a session started.
fn started(disk: &SimDisk, dir: &Path) -> (Live, Group, ManualClock) {
    let root = dir.join("sessions");
    std::fs::create_dir_all(root.join(SLUG)).unwrap();
    std::fs::copy(SAMPLE_GROUP, root.join(SLUG).join("group.ron")).unwrap();
    let group = load_group(&root.join(SLUG).join("group.ron")).unwrap();
    let clock = ManualClock::new(start());
    let app = App::new(Keymap::default(), NameStyle::Alias, start());
    let witness = Witness {
        inner: TestBackend::new(80, 24),
        disk: disk.clone(),
        group: group.clone(),
        sealing: None,
        shown: 0,
        frames: 0,
        early: Vec::new(),
        closed: false,
    };
    let mut shell = Shell::new(
        app,
        Terminal::new(groupscribe::tui::Held::new(witness)).unwrap(),
        Store::open(&root).unwrap(),
        clock.clone(),
    )
    .with_media(Arc::new(disk.clone()));
    shell.start();
    key(&mut shell, '\r');
    shell.draw().unwrap();
    assert!(shell.app.live().is_some(), "{:?}", shell.app.message);
    (shell, group, clock)
}

/// A burst while the disk is slow: the keys behind the sync in flight are taken
/// at once and go out together (one write, one sync); no frame shows one before
/// that sync returned; a power cut at any point keeps every event shown. Then the
/// batch's sync fails: the whole batch is taken back, the screen says NOT SAVED,
/// and the retry writes it again, once.
#[test]
fn a_batch_behind_a_slow_sync_is_one_write_never_shown_early_and_rolled_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let disk = SimDisk::new(7);
    let (mut shell, group, clock) = started(&disk, dir.path());
    let mut tally = Tally::default();
    let (syncs, _) = disk.syncs();
    disk.hold_syncs();
    burst_key(&mut shell, '1');
    let appends = disk.appends();
    for c in "23".repeat(15).chars() {
        burst_key(&mut shell, c);
    }
    assert_eq!(
        disk.appends(),
        appends,
        "keys behind a sync are not written one by one"
    );
    assert_eq!(shell.write_path().unwrap().waiting(), 31);
    // The power goes while the disk holds the sync: nothing was shown, nothing lost.
    cut(&disk, &shell, &group, &mut tally, &None);
    disk.release_syncs();
    shell.draw().unwrap();
    assert_eq!(disk.appends(), appends + 1, "one write for the batch");
    assert_eq!(
        disk.syncs().0,
        syncs + 2,
        "the sync in flight and the batch's"
    );
    assert_eq!(
        saved_count(&buffer_text(shell.terminal.backend().inner.buffer())),
        Some(31)
    );
    cut(&disk, &shell, &group, &mut tally, &None);

    // Now the batch's own sync fails.
    disk.hold_syncs();
    burst_key(&mut shell, '1');
    for c in "45".repeat(5).chars() {
        burst_key(&mut shell, c);
    }
    disk.script_syncs(&[false, true]);
    disk.release_syncs();
    shell.draw().unwrap();
    let screen = buffer_text(shell.terminal.backend().inner.buffer());
    assert!(screen.contains("NOT SAVED (10 waiting"), "{screen}");
    // Event 32 was synced and stays; 33..=42 (the batch) are taken back whole.
    let live = shell.app.live().unwrap();
    assert_eq!(live.session.events.len(), 32);
    assert_eq!(shell.write_path().unwrap().waiting(), 10);
    cut(&disk, &shell, &group, &mut tally, &None);
    // The next second's retry writes the batch again, once.
    clock.advance(1);
    shell.handle(Action::Tick);
    shell.draw().unwrap();
    let screen = buffer_text(shell.terminal.backend().inner.buffer());
    assert_eq!(saved_count(&screen), Some(42), "{screen}");
    let path = shell.app.live().unwrap().path.clone();
    let on_disk = parse_session(&path, &disk.durable(&path).unwrap(), Some(&group))
        .unwrap()
        .session
        .events;
    let ids: Vec<u32> = on_disk.iter().map(|event| event.id.0).collect();
    assert_eq!(ids, (1..=42).collect::<Vec<u32>>());
    assert_eq!(shell.terminal.backend().early, Vec::<String>::new());
    assert_eq!((tally.lost, tally.unreadable), (0, 0));
    assert_eq!(tally.cuts, 3);
}

/// The window closes while a key's sync is in flight, and the sync fails: the
/// frame fails to reach the window, but what the sync returned still reaches the
/// write path, so the event is taken back (cut from the file, waiting to be
/// written again) rather than left in flight for ever.
#[test]
fn a_frame_that_fails_to_reach_a_closed_window_still_settles_its_sync() {
    let dir = tempfile::tempdir().unwrap();
    let disk = SimDisk::new(11);
    let (mut shell, group, _clock) = started(&disk, dir.path());
    let synced_before = shell.app.live().unwrap().session.events.len();
    disk.script_syncs(&[true]);
    disk.hold_syncs();
    burst_key(&mut shell, '1');
    assert_eq!(
        shell.write_path().unwrap().phase(),
        groupscribe::store::Phase::InFlight
    );
    shell.terminal.backend_mut().closed = true;
    disk.release_syncs();
    assert!(shell.draw().is_err(), "the closed window fails the draw");
    let log = shell.write_path().unwrap();
    assert_eq!(log.phase(), groupscribe::store::Phase::RolledBack);
    assert_eq!(log.waiting(), 1);
    let path = shell.app.live().unwrap().path.clone();
    let on_disk = parse_session(&path, &disk.durable(&path).unwrap(), Some(&group))
        .unwrap()
        .session
        .events;
    assert_eq!(on_disk.len(), synced_before);
}
