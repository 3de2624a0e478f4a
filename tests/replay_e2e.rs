//! End to end: `groupscribe replay` in a pseudo-terminal, through the real loop
//! (its clock ticks while the replay plays, and sleeps while it is paused).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(
    unused_imports,
    reason = "the shared pty harness re-exports more than this test uses"
)]
mod common;

use common::Tui;
use std::ffi::OsStr;

const T: std::time::Duration = std::time::Duration::from_secs(10);
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sessions/thursday-peer-support"
);

#[test]
fn replay_plays_on_the_real_loop_pauses_and_leaves_for_home() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("thursday-peer-support");
    std::fs::create_dir_all(&folder).unwrap();
    for file in ["group.ron", "2026-11-12-s02.sample.ron"] {
        std::fs::copy(format!("{SAMPLE}/{file}"), folder.join(file)).unwrap();
    }
    let session = folder.join("2026-11-12-s02.sample.ron");
    let before = std::fs::read(&session).unwrap();
    let mut tui = Tui::spawn(
        [
            OsStr::new("replay"),
            session.as_os_str(),
            OsStr::new("--speed"),
            OsStr::new("16"),
            OsStr::new("--from"),
            OsStr::new("18:20"),
        ],
        Default::default(),
    );
    tui.wait_for("❚❚ REPLAY 18:20:00 ×16", T);
    tui.wait_for("Ana R.", T);
    tui.send(" ");
    // Playing: the loop wakes every second and the replay clock moves 16 s each time.
    tui.wait_for("▶ REPLAY 18:20:", T);
    let moved = tui.wait_until("the replay clock past 18:20:30", T, |screen| {
        screen.contains("▶ REPLAY 18:2") && !screen.contains("REPLAY 18:20:")
    });
    assert!(moved.contains("×16"), "{moved}");
    tui.send(" ");
    let paused = tui.wait_for("❚❚ REPLAY", T);
    let clock = paused
        .lines()
        .find(|line| line.contains("REPLAY"))
        .unwrap()
        .to_string();
    // Paused, seek back a minute: the clock is a minute earlier.
    tui.send("\x1b[5~");
    tui.wait_until("a minute back", T, |screen| {
        screen
            .lines()
            .any(|line| line.contains("❚❚ REPLAY") && line != clock)
    });
    tui.send("q");
    tui.wait_for("groups and sessions", T);
    tui.send("q");
    assert!(tui.wait_exit(T).success());
    assert_eq!(
        std::fs::read(&session).unwrap(),
        before,
        "a replay never writes"
    );
}
