//! The inputs a malformed-input campaign found (tests/data/found-inputs/, each
//! folder as it was handed over, with its COMMAND.txt), run as COMMAND.txt says
//! on the real binary, on a copy; and the next ones of the same families, made by
//! hand. Every run must end on its own well inside its time limit (a hang is a
//! failure, not a pass: the process is killed and the test fails), never panic
//! (exit code 101, "panicked"), say what is wrong with file:line where the input
//! is bad, and leave every file as it was where it refuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Options, Tui, framed};
use groupscribe::model::{EventKind, NameStyle, Timestamp};
use groupscribe::store::{Store, load_group, load_session};
use groupscribe::tui::{Action, App, Keymap, ManualClock, Shell};
use proptest::prelude::Strategy as _;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FOUND: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/found-inputs");
const SAMPLE_GROUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support/group.ron"
);
const SLUG: &str = "thursday-peer-support";
/// A run still going after this is killed, and the test fails.
const LIMIT: Duration = Duration::from_secs(10);

/// How one run of the binary ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Ended by itself, without a panic.
    fn assert_clean(&self, what: &str) {
        assert_ne!(self.code, Some(101), "{what} panicked:\n{}", self.stderr);
        assert!(
            !self.stderr.contains("panicked"),
            "{what} panicked:\n{}",
            self.stderr
        );
        assert!(self.code.is_some(), "{what} was ended by a signal");
    }

    /// Refused, saying `message` (with its file:line:col) on stderr.
    fn assert_refused(&self, what: &str, message: &str) {
        self.assert_clean(what);
        assert_eq!(
            self.code,
            Some(1),
            "{what} should be refused:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.contains(message),
            "{what}: expected {message:?} in:\n{}",
            self.stderr
        );
    }
}

/// Runs `groupscribe ARGS` in `cwd`; kills it (and fails) if it is still going
/// after `LIMIT`.
fn run(cwd: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_groupscribe"))
        .args(args)
        .current_dir(cwd)
        .env_remove("GROUPSCRIBE_DIR")
        .env("GROUPSCRIBE_CONFIG", cwd.join("no-config.ron"))
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start groupscribe");
    let started = Instant::now();
    // Read both pipes on their own threads, so a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut text).ok();
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut text).ok();
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("groupscribe {args:?} was still running after {LIMIT:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// Every file under `root` with its bytes: compared before and after a run.
/// (A `<session>.lock` is left out: the app's own empty lock file, made when it
/// opens a session to write, before it knows whether it may; and the derived
/// listing index, `.groupscribe-listing`, which the home screen rebuilds.)
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_none_or(|ext| ext != "lock")
                // The derived listing index (store::listing) is not the record.
                && path.file_name().is_none_or(|name| {
                    name != groupscribe::store::listing::INDEX_FILE
                })
            {
                found.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    found
}

fn assert_unchanged(root: &Path, before: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    let after = files(root);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{what}: files were added or removed"
    );
    for (path, bytes) in before {
        assert!(after[path] == *bytes, "{what}: {} changed", path.display());
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn found(folder: &str, file: &str) -> PathBuf {
    Path::new(FOUND).join(folder).join(file)
}

/// A scratch folder holding the given found files at the given places.
fn scratch(files: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (folder, file, to) in files {
        copy(&found(folder, file), &dir.path().join(to));
    }
    dir
}

// ---- The inputs found, as COMMAND.txt ran them ----

#[test]
fn note_risk_near_max_date() {
    let dir = scratch(&[
        ("note-risk-near-max-date", "risk_max.ron", "risk_max.ron"),
        ("note-risk-near-max-date", "group.ron", "group.ron"),
    ]);
    let before = files(dir.path());
    for format in [
        &["note", "risk_max.ron"][..],
        &["note", "risk_max.ron", "--format", "html"],
    ] {
        let run = run(dir.path(), format);
        run.assert_refused(
            "note of a risk near chrono's maximum",
            "risk_max.ron:2:10: the event is timed +262142-12-31T23:58:00+00:00, outside \
             2000-01-01 to 2100-01-01",
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    assert_unchanged(dir.path(), &before, "note risk_max.ron");
}

#[test]
fn note_conflict_near_max_date() {
    let dir = scratch(&[
        (
            "note-conflict-near-max-date",
            "conf_max.ron",
            "conf_max.ron",
        ),
        ("note-conflict-near-max-date", "group.ron", "group.ron"),
    ]);
    let before = files(dir.path());
    for format in [
        &["note", "conf_max.ron"][..],
        &["note", "conf_max.ron", "--format", "html"],
    ] {
        run(dir.path(), format).assert_refused(
            "note of a conflict near chrono's maximum",
            "conf_max.ron:2:10: the event is timed +262142",
        );
    }
    assert_unchanged(dir.path(), &before, "note conf_max.ron");
}

#[test]
fn html_note_span_of_centuries() {
    let dir = scratch(&[(
        "html-note-span-of-centuries",
        "s.ron",
        "store/thursday-peer-support/s.ron",
    )]);
    copy(
        Path::new(SAMPLE_GROUP),
        &dir.path().join("store/thursday-peer-support/group.ron"),
    );
    let before = files(dir.path());
    let session = dir.path().join("store/thursday-peer-support/s.ron");
    let run = run(
        dir.path(),
        &["note", session.to_str().unwrap(), "--format", "html"],
    );
    run.assert_refused(
        "an HTML note over centuries",
        "s.ron:1:68: the session starts at -262143-01-01T00:00:00+00:00, outside 2000-01-01 \
         to 2100-01-01",
    );
    assert!(run.stdout.is_empty(), "{} bytes of note", run.stdout.len());
    assert_unchanged(dir.path(), &before, "note --format html");
}

#[test]
fn template_nested_loops() {
    let dir = scratch(&[
        (
            "template-nested-loops",
            "s.ron",
            "store/thursday-peer-support/s.ron",
        ),
        ("template-nested-loops", "t.html", "t.html"),
    ]);
    copy(
        Path::new(SAMPLE_GROUP),
        &dir.path().join("store/thursday-peer-support/group.ron"),
    );
    let before = files(dir.path());
    let session = dir.path().join("store/thursday-peer-support/s.ron");
    let template = dir.path().join("t.html");
    let run = run(
        dir.path(),
        &[
            "note",
            session.to_str().unwrap(),
            "--template",
            template.to_str().unwrap(),
        ],
    );
    run.assert_refused(
        "a template of nested loops",
        "t.html:1: the template ran too long (fuel of 1000000 steps used up)",
    );
    assert_unchanged(dir.path(), &before, "note --template");
}

/// A store with the sample group, as the RTTM commands want it.
fn store_with_group() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(
        Path::new(SAMPLE_GROUP),
        &dir.path().join("STORE").join(SLUG).join("group.ron"),
    );
    dir
}

fn import(dir: &Path, rttm: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "--dir",
        "STORE",
        "import",
        "rttm",
        rttm.to_str().unwrap(),
        "--group",
        SLUG,
        "--start",
        "2026-11-23T18:00:00+01:00",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

#[test]
fn rttm_label_over_65535() {
    let dir = store_with_group();
    let before = files(dir.path());
    let rttm = found("rttm-label-over-65535", "longlabel.rttm");
    import(dir.path(), &rttm, &[]).assert_refused(
        "an RTTM label of 70,000 characters",
        "longlabel.rttm:1:33: the speaker label is 70000 characters long; at most 256 are read",
    );
    assert_unchanged(dir.path(), &before, "import rttm longlabel.rttm");
}

#[test]
fn rttm_zero_exponent_hang() {
    // Both files are valid: zero-length segments at 0 s. They must import at once.
    for (file, segments) in [("hang.rttm", 5), ("one-line.rttm", 1)] {
        let dir = store_with_group();
        let run = import(dir.path(), &found("rttm-zero-exponent-hang", file), &[]);
        run.assert_clean(file);
        assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
        assert!(
            run.stdout
                .contains(&format!("(recording rec, {segments} segments)")),
            "{}",
            run.stdout
        );
        let session = dir
            .path()
            .join("STORE")
            .join(SLUG)
            .join("2026-11-23-s01.ron");
        let group = load_group(&dir.path().join("STORE").join(SLUG).join("group.ron")).unwrap();
        load_session(&session, Some(&group)).unwrap();
    }
    // A thousand lines of them (once: hours of CPU), and the same numbers in a UEM.
    let dir = store_with_group();
    let line = "SPEAKER rec 1 0e2147483647 0e2147483647 <NA> <NA> spk0 <NA> <NA>\n";
    let rttm = dir.path().join("many.rttm");
    std::fs::write(&rttm, line.repeat(1000)).unwrap();
    let uem = dir.path().join("rec.uem");
    std::fs::write(&uem, "rec 1 0e2147483647 1e-2147483648\n").unwrap();
    let run = import(dir.path(), &rttm, &["--uem", uem.to_str().unwrap()]);
    run.assert_clean("1,000 zero-exponent lines with a UEM");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

// ---- The live app, on the sessions found ----

/// The real `Shell` on a copy of a store, at a clock the test sets.
struct Live {
    shell: Shell<TestBackend, ManualClock>,
    store: tempfile::TempDir,
}

impl Live {
    fn on(sessions: &[(&str, &str)], now: Timestamp) -> Live {
        let store = tempfile::tempdir().unwrap();
        copy(
            Path::new(SAMPLE_GROUP),
            &store.path().join(SLUG).join("group.ron"),
        );
        for (folder, file) in sessions {
            copy(&found(folder, file), &store.path().join(SLUG).join(file));
        }
        let app = App::new(Keymap::default(), NameStyle::Alias, now);
        let terminal =
            Terminal::new(groupscribe::tui::Held::new(TestBackend::new(160, 30))).unwrap();
        let mut shell = Shell::new(
            app,
            terminal,
            Store::open(store.path()).unwrap(),
            ManualClock::new(now),
        );
        shell.start();
        Live { shell, store }
    }

    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\r' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            self.shell
                .handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        }
    }

    fn screen(&mut self) -> String {
        self.shell.draw().unwrap();
        let buffer = self.shell.terminal.backend().buffer().clone();
        let mut text = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                text.push_str(buffer[(x, y)].symbol());
            }
            text.push('\n');
        }
        text
    }

    fn folder(&self) -> PathBuf {
        self.store.path().join(SLUG)
    }
}

/// Whitespace removed, so a check does not care how a message wraps.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn time(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn event_id_wraps_is_refused_not_written() {
    // At the session's own time, a minute after its last event: resuming logs
    // the gap (two events), and no id is left for them. Refused, the file as it was.
    let mut live = Live::on(
        &[("event-id-wraps", "2026-11-23-s01.ron")],
        time("2026-11-23T07:51:00Z"),
    );
    let before = files(live.store.path());
    live.keys("j\r3");
    assert!(live.shell.app.live().is_none(), "{}", live.screen());
    let screen = live.screen();
    assert!(
        squash(&screen).contains(&squash(
            "this session has used every event id (its last event is #4294967295"
        )),
        "{screen}"
    );
    live.keys("e"); // end it: `Ended` needs an id too
    assert!(squash(&live.screen()).contains("usedeveryeventid"));
    let Live { shell, store } = live;
    drop(shell);
    assert_unchanged(store.path(), &before, "resuming and ending at the last id");
}

#[test]
fn event_ids_running_out_while_logging_say_not_saved() {
    // Three ids left: the gap takes two, a turn the last; the next turn, and the
    // end, are refused on screen (NOT SAVED) and never wrap to 0.
    let mut live = Live::on(&[], time("2026-11-23T07:51:00Z"));
    let folder = live.folder();
    let text = std::fs::read_to_string(found("event-id-wraps", "2026-11-23-s01.ron")).unwrap();
    let session = folder.join("2026-11-23-s01.ron");
    std::fs::write(&session, text.replace("id:4294967295", "id:4294967292")).unwrap();
    live.shell.handle(Action::FilesChanged); // the home screen reads the folder again
    live.keys("j\r");
    assert!(live.shell.app.live().is_some(), "{}", live.screen());
    live.keys("3");
    assert!(live.screen().contains("saved ✓ 5"), "{}", live.screen());
    let before = files(live.store.path());
    live.keys("1");
    let screen = live.screen();
    assert!(
        squash(&screen).contains(&squash(
            "NOT SAVED: this session has used every event id (the last is #4294967295)"
        )),
        "{screen}"
    );
    live.keys("qy");
    let Live { shell, store } = live;
    drop(shell);
    assert_unchanged(store.path(), &before, "logging past the last id");
    let group = load_group(&store.path().join(SLUG).join("group.ron")).unwrap();
    let loaded = load_session(&session, Some(&group)).unwrap();
    let ids: Vec<u32> = loaded
        .session
        .events
        .iter()
        .map(|event| event.id.0)
        .collect();
    assert_eq!(ids, [1, 4294967292, 4294967293, 4294967294, 4294967295]);
}

#[test]
fn event_id_wraps_as_command_txt_ran_it() {
    // The found file in the real binary, today: the session is more than a week
    // old, so resuming is refused, and so is ending it (no id is left for `Ended`).
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("STORE").join(SLUG);
    for file in ["2026-11-23-s01.ron", "group.ron"] {
        copy(&found("event-id-wraps", file), &folder.join(file));
    }
    let before = files(dir.path());
    let mut tui = Tui::spawn(
        ["--dir", dir.path().join("STORE").to_str().unwrap()],
        Options {
            cols: 160,
            rows: 30,
            ..Options::default()
        },
    );
    tui.wait_for("Thursday Peer Support", LIMIT);
    tui.send("j\r");
    tui.wait_for("resume now (gap logged as a break)", LIMIT);
    tui.send("r");
    let screen = tui.wait_until("the refusal to resume", LIMIT, |screen| {
        squash(screen).contains("cannotberesumednow")
    });
    assert!(
        squash(&screen).contains("daysafteritssessionbegan"),
        "{}",
        framed(&screen)
    );
    tui.send("e");
    let screen = tui.wait_until("the refusal to end", LIMIT, |screen| {
        squash(screen).contains("usedeveryeventid")
    });
    assert!(!screen.contains("panicked"), "{}", framed(&screen));
    tui.send("q");
    let status = tui.wait_exit(LIMIT);
    assert!(status.success(), "{status:?}");
    assert_unchanged(
        dir.path(),
        &before,
        "resume and end of a file at the last id",
    );
    let run = run(
        dir.path(),
        &["check", folder.join("2026-11-23-s01.ron").to_str().unwrap()],
    );
    run.assert_clean("check");
    assert_eq!(run.code, Some(0), "the file stays valid: {}", run.stderr);
}

#[test]
fn live_end_panics_after_ended() {
    // The file no longer loads: the home screen lists it as a problem with its
    // place, and there is nothing to resume or end; `note` refuses it the same way.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("STORE").join(SLUG);
    for file in ["2026-11-24-s02.ron", "group.ron"] {
        copy(
            &found("live-end-panics-after-ended", file),
            &folder.join(file),
        );
    }
    let before = files(dir.path());
    let mut tui = Tui::spawn(
        ["--dir", dir.path().join("STORE").to_str().unwrap()],
        Options {
            cols: 200,
            rows: 30,
            ..Options::default()
        },
    );
    let screen = tui.wait_until("the problem listed", LIMIT, |screen| {
        squash(screen).contains("s02.ron:2:10")
    });
    assert!(
        squash(&screen).contains(&squash("outside 2000-01-01 to 2100-01-01")),
        "{}",
        framed(&screen)
    );
    tui.send("q");
    let status = tui.wait_exit(LIMIT);
    assert!(status.success(), "{status:?}: {}", framed(&tui.screen()));
    assert_unchanged(
        dir.path(),
        &before,
        "the home screen on a file out of range",
    );
    let session = folder.join("2026-11-24-s02.ron");
    run(dir.path(), &["note", session.to_str().unwrap()]).assert_refused(
        "note",
        "2026-11-24-s02.ron:2:10: the event is timed +262142",
    );
    assert_unchanged(dir.path(), &before, "note of a file out of range");
}

#[test]
fn a_clock_jumping_to_the_end_of_time_mid_session_writes_nothing_wrong() {
    // The live version of the same panic: the session is sound, the clock is
    // not. Events the loader would refuse are refused instead of written, the
    // end and its note come without a panic, and the file still loads.
    let start = time("2026-11-24T07:48:08Z");
    let mut live = Live::on(&[], start);
    live.keys("\r"); // a new session
    assert!(live.shell.app.live().is_some(), "{}", live.screen());
    live.keys("1");
    live.shell.clock().set(time("+262142-12-31T23:58:00Z"));
    live.keys("r2\tnear the end of time\r");
    let screen = live.screen();
    assert!(
        squash(&screen).contains(&squash("NOT SAVED: the event is timed +262142")),
        "{screen}"
    );
    live.keys("qy");
    let screen = live.screen();
    assert!(!screen.contains("panicked"), "{screen}");
    let Live { shell, store } = live;
    drop(shell);
    let folder = store.path().join(SLUG);
    let group = load_group(&folder.join("group.ron")).unwrap();
    let session = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.extension().is_some_and(|ext| ext == "ron") && !path.ends_with("group.ron")
        })
        .unwrap();
    let loaded = load_session(&session, Some(&group)).unwrap();
    assert!(
        loaded
            .session
            .events
            .iter()
            .all(|event| event.at < time("2100-01-01T00:00:00Z")),
        "{:?}",
        loaded.session.events
    );
    assert!(
        !loaded
            .session
            .events
            .iter()
            .any(|event| event.kind.is_risk()),
        "the risk logged under the broken clock was not written"
    );
}

#[test]
fn a_clock_outside_the_range_starts_no_session() {
    for now in [
        "1970-01-01T00:00:05Z",
        "2100-01-01T00:00:00Z",
        "1999-12-31T23:59:59Z",
    ] {
        let mut live = Live::on(&[], time(now));
        let before = files(live.store.path());
        live.keys("\r");
        assert!(live.shell.app.live().is_none(), "{now}: a session started");
        let screen = live.screen();
        assert!(
            squash(&screen).contains(&squash("no session was started: the computer's clock says")),
            "{now}:\n{screen}"
        );
        assert_unchanged(live.store.path(), &before, now);
    }
}

#[test]
fn a_session_resumed_within_its_week_goes_on_and_after_it_is_refused() {
    let start = time("2026-11-23T18:00:00+01:00");
    let mut live = Live::on(&[], start);
    live.keys("\r1");
    live.shell.clock().advance(60);
    live.keys("ql"); // leave without ending
    assert!(live.shell.app.live().is_none(), "{}", live.screen());
    // The next day: resumed, the gap logged as a break.
    live.shell.clock().set(time("2026-11-24T18:00:00+01:00"));
    live.keys("\rr");
    assert!(live.shell.app.live().is_some(), "{}", live.screen());
    live.keys("2ql");
    let session = std::fs::read_dir(live.folder())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.extension().is_some_and(|ext| ext == "ron") && !path.ends_with("group.ron")
        })
        .unwrap();
    let before = files(live.store.path());
    // Eight days on: refused, nothing written; ending it at its last event works.
    live.shell.clock().set(time("2026-12-01T18:00:01+01:00"));
    live.keys("\rr");
    assert!(live.shell.app.live().is_none());
    let screen = live.screen();
    assert!(
        squash(&screen).contains(&squash("cannot be resumed now")),
        "{screen}"
    );
    assert_unchanged(live.store.path(), &before, "a resume after 8 days");
    live.keys("e");
    let group = load_group(&live.folder().join("group.ron")).unwrap();
    let loaded = load_session(&session, Some(&group)).unwrap();
    assert_eq!(
        loaded.session.events.last().map(|e| &e.kind),
        Some(&EventKind::Ended)
    );
}

// ---- The next ones of the same families, made by hand and by proptest ----

fn sample_group() -> groupscribe::model::Group {
    load_group(Path::new(SAMPLE_GROUP)).unwrap()
}

/// A session of the sample group with its header start and event times given.
fn session_text(started: &str, times: &[&str]) -> String {
    let mut text = format!(
        "(version:1,group:\"{SLUG}\",number:1,started:\"{started}\",facilitator:\"Sam Okafor\")\n"
    );
    let kinds = [
        "Floor(Member(\"ana\"))",
        "Moment((what:Risk(Concern),members:[\"eli\"],text:None))",
        "Moment((what:Conflict(kind:Task,status:Emerged),members:[\"eli\",\"ana\"],text:None))",
        "Break(Start)",
        "Floor(Silence)",
        "Ended",
    ];
    for (index, at) in times.iter().enumerate() {
        text.push_str(&format!(
            "(id:{},at:\"{at}\",by:Facilitator,kind:{})\n",
            index + 1,
            kinds[index % kinds.len()]
        ));
    }
    text
}

/// The note, Markdown and HTML, of a session the loader accepted.
fn notes(session: &groupscribe::model::Session) -> (String, String) {
    use groupscribe::note::{self, NoteFacts, NoteOptions};
    let group = sample_group();
    let facts = NoteFacts::gather(
        &group,
        session,
        NoteOptions::default(),
        time("2026-12-01T12:00:00Z"),
    );
    (note::markdown(&facts), note::html(&facts))
}

#[test]
fn times_at_every_edge_are_refused_with_their_place_or_noted_within_bounds() {
    let path = Path::new("s.ron");
    let group = sample_group();
    let refused = [
        // A clock at 1970, and the ends of chrono's range.
        (
            "1970-01-01T00:00:00Z",
            vec!["2026-11-23T18:00:00Z"],
            "s.ron:1:59: the session starts at 1970",
        ),
        ("-262143-01-01T00:00:00Z", vec![], "s.ron:1:59:"),
        ("+262142-12-31T23:59:59Z", vec![], "s.ron:1:59:"),
        ("2100-01-01T00:00:00Z", vec![], "s.ron:1:59:"),
        // Events far outside their session.
        (
            "2026-11-23T18:00:00Z",
            vec!["2026-11-23T18:01:00Z", "2026-12-23T18:00:00Z"],
            "s.ron:3:10: the event is timed 2026-12-23T18:00:00+00:00, 30 days after",
        ),
        (
            "2026-11-23T18:00:00Z",
            vec!["1970-01-01T00:00:00Z"],
            "s.ron:2:10: the event is timed 1970-01-01",
        ),
        (
            "2026-11-23T18:00:00Z",
            vec!["2026-11-21T18:00:00Z"],
            "s.ron:2:10: the event is timed 2026-11-21T18:00:00+00:00, 2 days before",
        ),
        (
            "2026-11-23T18:00:00Z",
            vec!["+262142-12-31T23:58:00Z"],
            "s.ron:2:10:",
        ),
        (
            "2026-11-23T18:00:00Z",
            vec!["-262143-01-01T00:00:00Z"],
            "s.ron:2:10:",
        ),
        // Offsets do not move a time out of the check.
        (
            "2026-11-23T18:00:00+14:00",
            vec!["2026-12-01T18:00:00-12:00"],
            "s.ron:2:10:",
        ),
    ];
    for (started, times, message) in refused {
        let text = session_text(started, &times);
        let error = groupscribe::store::parse_session(path, text.as_bytes(), Some(&group))
            .expect_err(&text)
            .to_string();
        assert!(error.starts_with(message), "{text}\n{error}");
        assert!(error.contains("the file was left untouched"), "{error}");
    }
    // At the edges of what is accepted: the note is written, and stays small.
    let accepted = [
        (
            "2000-01-02T00:00:00Z",
            vec!["2000-01-01T00:00:00Z", "2000-01-09T00:00:00Z"],
        ),
        (
            "2099-12-31T23:59:59Z",
            vec!["2099-12-31T23:59:59Z", "2099-12-31T23:59:59.999Z"],
        ),
        ("2026-11-23T18:00:00Z", vec!["2026-11-30T18:00:00Z"]),
        (
            "2026-11-23T18:00:00Z",
            vec![
                "2026-11-22T18:00:00Z",
                "2026-11-30T18:00:00Z",
                "2026-11-23T18:00:00Z",
            ],
        ),
    ];
    for (started, times) in accepted {
        let text = session_text(started, &times);
        let loaded = groupscribe::store::parse_session(path, text.as_bytes(), Some(&group))
            .unwrap_or_else(|error| panic!("{text}\n{error}"));
        let (markdown, html) = notes(&loaded.session);
        assert!(markdown.len() < 100_000, "{} bytes", markdown.len());
        assert!(html.len() < 400_000, "{} bytes of HTML", html.len());
    }
}

#[test]
fn a_note_of_a_session_never_loaded_is_still_bounded() {
    // The loader refuses these, but the note's code must not trust it: a
    // session built in memory near chrono's limits, or over centuries.
    use groupscribe::model::{Author, Event, EventId, Session};
    let text = session_text("2026-11-23T18:00:00Z", &[]);
    let header = groupscribe::store::parse_session(Path::new("s.ron"), text.as_bytes(), None)
        .unwrap()
        .session
        .header;
    let kinds = groupscribe::store::parse_session(
        Path::new("s.ron"),
        session_text("2026-11-23T18:00:00Z", &["2026-11-23T18:00:00Z"; 6]).as_bytes(),
        None,
    )
    .unwrap()
    .session
    .events;
    for (started, at) in [
        ("2026-11-23T18:00:00Z", "+262142-12-31T23:58:00Z"),
        ("+262142-12-31T23:58:00Z", "+262142-12-31T23:59:59Z"),
        ("-262143-01-01T00:00:00Z", "2026-11-23T18:00:00Z"),
        ("1970-01-01T00:00:00Z", "2026-11-23T18:00:00Z"),
    ] {
        let mut header = header.clone();
        header.started = time(started);
        let events = kinds
            .iter()
            .enumerate()
            .map(|(index, event)| Event {
                id: EventId(index as u32 + 1),
                at: time(at),
                by: Author::Facilitator,
                kind: event.kind.clone(),
            })
            .collect();
        let begun = Instant::now();
        let (markdown, html) = notes(&Session { header, events });
        assert!(begun.elapsed() < LIMIT, "{started}..{at}: a hang");
        assert!(
            markdown.len() < 100_000,
            "{started}..{at}: {} bytes",
            markdown.len()
        );
        assert!(
            html.len() < 400_000,
            "{started}..{at}: {} bytes of HTML",
            html.len()
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any times at all (across chrono's whole range, and near the accepted
    /// range's edges): the loader refuses with a place or accepts, and what it
    /// accepts gives a note of bounded size.
    #[test]
    fn any_times_are_refused_or_noted_within_bounds(
        start in proptest::prop_oneof![
            -8_210_266_876_800i64..8_210_298_412_799,
            946_684_800i64 - 86_400..946_684_800 + 86_400,
            4_102_444_800i64 - 86_400..4_102_444_800 + 86_400,
            1_764_000_000i64..1_765_000_000,
        ],
        offsets in proptest::collection::vec(
            proptest::prop_oneof![-10_000_000i64..10_000_000, -100_000i64..800_000],
            0..6,
        ),
    ) {
        let at = |seconds: i64| {
            chrono::DateTime::from_timestamp(seconds, 0)
                .map(|time| time.fixed_offset().to_rfc3339())
        };
        let Some(started) = at(start) else { return Ok(()); };
        let times: Vec<String> = offsets
            .iter()
            .filter_map(|offset| start.checked_add(*offset).and_then(at))
            .collect();
        let times: Vec<&str> = times.iter().map(String::as_str).collect();
        let text = session_text(&started, &times);
        match groupscribe::store::parse_session(Path::new("s.ron"), text.as_bytes(), Some(&sample_group())) {
            Ok(loaded) => {
                let (markdown, html) = notes(&loaded.session);
                proptest::prop_assert!(markdown.len() < 100_000);
                proptest::prop_assert!(html.len() < 400_000, "{} bytes of HTML", html.len());
            }
            Err(error) => {
                let error = error.to_string();
                proptest::prop_assert!(
                    error.starts_with("s.ron:1:59: ") || error.contains(":10: the event is timed"),
                    "{}", error
                );
            }
        }
    }

    /// Seconds as any decimal text: never a panic, never a loop that grows with
    /// the exponent, and leading zeros change nothing.
    #[test]
    fn any_seconds_text_is_read_at_once(
        sign in "[+-]?",
        zeros in 0usize..40,
        mantissa in "[0-9]{0,25}(\\.[0-9]{0,25})?",
        exponent in proptest::option::of(proptest::prop_oneof![
            -40i64..40,
            proptest::num::i64::ANY,
            proptest::num::i32::ANY.prop_map(i64::from),
        ]),
    ) {
        use groupscribe::interop::rttm::seconds_to_millis;
        let exponent = exponent.map_or(String::new(), |e| format!("e{e}"));
        let text = format!("{sign}{mantissa}{exponent}");
        let padded = format!("{sign}{}{mantissa}{exponent}", "0".repeat(zeros));
        let begun = Instant::now();
        let read = seconds_to_millis(&text);
        let read_padded = seconds_to_millis(&padded);
        proptest::prop_assert!(begun.elapsed() < Duration::from_millis(500), "{}", text);
        if !mantissa.is_empty() && mantissa != "." {
            proptest::prop_assert_eq!(read, read_padded, "{} / {}", text, padded);
        }
        if mantissa.chars().all(|c| c == '0' || c == '.') && read.is_ok() {
            proptest::prop_assert_eq!(read, Ok(0), "{}", text);
        }
    }
}

#[test]
fn hostile_templates_stop_with_a_clear_error() {
    use groupscribe::note::{self, NoteFacts, NoteOptions};
    let group = sample_group();
    let text = session_text("2026-11-23T18:00:00Z", &["2026-11-23T18:01:00Z"; 3]);
    let session = groupscribe::store::parse_session(Path::new("s.ron"), text.as_bytes(), None)
        .unwrap()
        .session;
    let facts = NoteFacts::gather(
        &group,
        &session,
        NoteOptions::default(),
        time("2026-12-01T12:00:00Z"),
    );
    for template in [
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        // Text that doubles each round, and text made at once.
        "{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        "{{ 'x' * 1000000000 }}",
        "{% for i in range(100000) %}{{ header }}{% endfor %}",
        "{% for i in range(100000) %}{% for m in members %}{{ m }}{% endfor %}{% endfor %}",
    ] {
        let begun = Instant::now();
        let error = note::render_template(&facts, "t.md", template).expect_err(template);
        assert!(begun.elapsed() < LIMIT, "{template}: a hang");
        assert!(
            error
                .to_string()
                .starts_with("t.md:1: the template ran too long (fuel"),
            "{template}: {error}"
        );
    }
    // Recursion without end stops at MiniJinja's own depth limit.
    let error = note::render_template(
        &facts,
        "t.md",
        "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    )
    .expect_err("endless recursion");
    assert!(error.to_string().starts_with("t.md:1:"), "{error}");
    // A real template over every fact uses a small part of the fuel.
    note::render_template(&facts, "summary.md.j2", note::EXAMPLE_TEMPLATE).unwrap();
}

#[test]
fn an_rttm_longer_than_a_session_or_a_start_outside_the_range_writes_nothing() {
    let dir = store_with_group();
    let before = files(dir.path());
    // A segment 31 years in: once a session spanning 31 years (and a note of
    // hundreds of megabytes); now refused before anything is written.
    let rttm = dir.path().join("far.rttm");
    std::fs::write(
        &rttm,
        "SPEAKER rec 1 0.5 2.0 <NA> <NA> spk0 <NA> <NA>\n\
         SPEAKER rec 1 1e9 2.0 <NA> <NA> spk1 <NA> <NA>\n",
    )
    .unwrap();
    let after = files(dir.path());
    import(dir.path(), &rttm, &[])
        .assert_refused("a 31-year recording", "is too long for one session");
    assert_unchanged(dir.path(), &after, "import of a 31-year recording");
    std::fs::remove_file(&rttm).unwrap();
    let rttm = dir.path().join("one.rttm");
    std::fs::write(&rttm, "SPEAKER rec 1 0.5 2.0 <NA> <NA> spk0 <NA> <NA>\n").unwrap();
    let run = run(
        dir.path(),
        &[
            "--dir",
            "STORE",
            "import",
            "rttm",
            rttm.to_str().unwrap(),
            "--group",
            SLUG,
            "--start",
            "1970-01-01T00:00:00Z",
        ],
    );
    run.assert_refused(
        "--start 1970",
        "--start 1970-01-01T00:00:00+00:00: the session starts at 1970",
    );
    std::fs::remove_file(&rttm).unwrap();
    assert_unchanged(dir.path(), &before, "import with --start 1970");
    // Labels just under and over the bound, in a file of several speakers.
    for (length, refused) in [(256, false), (257, true), (100_000, true)] {
        let dir = store_with_group();
        let rttm = dir.path().join("labels.rttm");
        std::fs::write(
            &rttm,
            format!(
                "SPEAKER rec 1 0.5 2.0 <NA> <NA> spk0 <NA> <NA>\n\
                 SPEAKER rec 1 2.5 2.0 <NA> <NA> {} <NA> <NA>\n",
                "Ł".repeat(length)
            ),
        )
        .unwrap();
        let run = import(dir.path(), &rttm, &[]);
        if refused {
            run.assert_refused(
                "a long label",
                &format!("labels.rttm:2:33: the speaker label is {length} characters long"),
            );
        } else {
            run.assert_clean("a label at the bound");
            assert_eq!(run.code, Some(0), "{}", run.stderr);
        }
    }
}

#[test]
fn a_member_name_over_65535_characters_prints_in_the_import_summary() {
    // The summary pads names in columns: `{:<width$}` panics past 65,535.
    let dir = store_with_group();
    let group_file = dir.path().join("STORE").join(SLUG).join("group.ron");
    let long = "A".repeat(70_000);
    let text = std::fs::read_to_string(&group_file).unwrap().replacen(
        "name: \"Ana Ruiz\"",
        &format!("name: \"{long}\""),
        1,
    );
    std::fs::write(&group_file, text).unwrap();
    let rttm = dir.path().join("one.rttm");
    std::fs::write(&rttm, "SPEAKER rec 1 0.5 2.0 <NA> <NA> spk0 <NA> <NA>\n").unwrap();
    let run = run(
        dir.path(),
        &[
            "--dir",
            "STORE",
            "--names",
            "full",
            "import",
            "rttm",
            rttm.to_str().unwrap(),
            "--group",
            SLUG,
            "--start",
            "2026-11-23T18:00:00+01:00",
            "--speaker",
            "spk0=ana",
        ],
    );
    run.assert_clean("import with a 70,000-character name");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("ana ({long})")),
        "the name is printed whole"
    );
}

#[test]
fn session_numbers_never_wrap_either() {
    // A hand-edited session numbered 4294967295: the next would be 0. Neither a
    // new live session nor an import is made; the message names the file.
    let mut live = Live::on(&[], time("2026-11-23T18:00:00Z"));
    let text = session_text(
        "2026-11-23T17:00:00Z",
        &["2026-11-23T17:01:00Z", "2026-11-23T17:02:00Z"],
    )
    .replace("number:1,", "number:4294967295,");
    let folder = live.folder();
    std::fs::write(folder.join("2026-11-23-s4294967295.ron"), &text).unwrap();
    live.shell.handle(Action::FilesChanged);
    let before = files(live.store.path());
    live.keys("\r");
    assert!(live.shell.app.live().is_none(), "{}", live.screen());
    assert!(
        squash(&live.screen()).contains(&squash(
            "is numbered 4294967295, the largest number there is"
        )),
        "{}",
        live.screen()
    );
    assert_unchanged(
        live.store.path(),
        &before,
        "a new session after number 4294967295",
    );
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("STORE");
    copy(Path::new(SAMPLE_GROUP), &store.join(SLUG).join("group.ron"));
    std::fs::write(store.join(SLUG).join("2026-11-23-s4294967295.ron"), &text).unwrap();
    let rttm = dir.path().join("one.rttm");
    std::fs::write(&rttm, "SPEAKER rec 1 0.5 2.0 <NA> <NA> spk0 <NA> <NA>\n").unwrap();
    let before = files(dir.path());
    import(dir.path(), &rttm, &[]).assert_refused(
        "import after number 4294967295",
        "the largest number there is",
    );
    assert_unchanged(dir.path(), &before, "import after number 4294967295");
}
