//! File changes -> a callback, coalesced. Folders are watched rather than files,
//! because editors save by writing a new file and renaming it over the old one.
//!
//! Quiet when idle: the watcher blocks in the kernel (inotify) until something
//! changes, and our own thread blocks on its channel; nothing polls or sleeps in a
//! loop (`notify-debouncer-full` woke every quarter of its timeout, 13 to 40 times
//! a second). A burst of changes is coalesced on the receiving side: one call once
//! the folder has been quiet for `debounce` (or, under a steady stream, every
//! `4 × debounce`).

use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Keeps the watch alive; dropping it stops watching (and its thread ends).
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
}

/// Calls `on_change` once per burst of changes under `folder` (see the module docs).
pub fn watch_folder(
    folder: &Path,
    debounce: Duration,
    mode: RecursiveMode,
    on_change: impl Fn() + Send + 'static,
) -> notify::Result<Watch> {
    let (send, receive) = mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        if result.is_ok_and(|event| !event.kind.is_access()) {
            let _ = send.send(());
        }
    })?;
    watcher.watch(folder, mode)?;
    std::thread::Builder::new()
        .name("watch".into())
        .spawn(move || coalesce(&receive, debounce, on_change))
        .map_err(notify::Error::io)?;
    Ok(Watch { _watcher: watcher })
}

/// Sleeps until a change arrives, then until `quiet` passes without another (at
/// most `4 × quiet`), then calls `on_change` once. Ends when the watcher is dropped.
fn coalesce(receive: &Receiver<()>, quiet: Duration, on_change: impl Fn()) {
    while receive.recv().is_ok() {
        let latest = Instant::now() + quiet * 4;
        loop {
            let now = Instant::now();
            let wait = quiet.min(latest.saturating_duration_since(now));
            if wait.is_zero() {
                break;
            }
            match receive.recv_timeout(wait) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        on_change();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_in_the_folder_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let _watch = watch_folder(
            dir.path(),
            Duration::from_millis(50),
            RecursiveMode::Recursive,
            move || {
                let _ = tx.send(());
            },
        )
        .unwrap();
        std::fs::write(dir.path().join("theme.ron"), "()").unwrap();
        assert!(rx.recv_timeout(Duration::from_secs(5)).is_ok());
    }

    /// Many changes close together are one call, not one each.
    #[test]
    fn a_burst_of_changes_is_one_call() {
        let (send, receive) = mpsc::channel();
        let (calls, counted) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            coalesce(&receive, Duration::from_millis(200), move || {
                let _ = calls.send(());
            })
        });
        for _ in 0..20 {
            send.send(()).unwrap();
        }
        assert!(counted.recv_timeout(Duration::from_secs(5)).is_ok());
        drop(send);
        thread.join().unwrap();
        assert_eq!(counted.try_iter().count(), 0, "one call for the burst");
    }
}
