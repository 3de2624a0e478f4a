//! File changes -> a callback, debounced. Folders are watched rather than files,
//! because editors save by writing a new file and renaming it over the old one.

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::Path;
use std::time::Duration;

/// Keeps the watch alive; dropping it stops watching.
pub struct Watch {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

/// Calls `on_change` at most every `debounce` when anything under `folder` changes.
pub fn watch_folder(
    folder: &Path,
    debounce: Duration,
    mode: RecursiveMode,
    on_change: impl Fn() + Send + 'static,
) -> notify::Result<Watch> {
    let mut debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
        if result.is_ok_and(|events| events.iter().any(|e| !e.kind.is_access())) {
            on_change();
        }
    })?;
    debouncer.watch(folder, mode)?;
    Ok(Watch {
        _debouncer: debouncer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

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
}
