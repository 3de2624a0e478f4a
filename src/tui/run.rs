//! The real loop: one owner of the terminal, threads that only send, and a main
//! loop that sleeps until input, a file change, or the next clock second.

use super::action::Action;
use super::app::App;
use super::clock::SystemClock;
use super::shell::Shell;
use crate::store::Store;
use crate::watch::watch_folder;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Restores the terminal however the loop is left (the panic hook covers panics).
struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

pub fn run(app: App, store: Store) -> anyhow::Result<()> {
    let (sender, receiver) = mpsc::channel::<Action>();
    let files = sender.clone();
    // The home screen follows the store; our own writes are ignored while live.
    let _watch = watch_folder(
        store.root(),
        Duration::from_millis(300),
        notify::RecursiveMode::Recursive,
        move || {
            let _ = files.send(Action::FilesChanged);
        },
    )
    .ok();

    let terminal = ratatui::try_init()?;
    let _restore = RestoreOnDrop;
    let mut shell = Shell::new(app, terminal, store, SystemClock);
    shell.start();
    shell.draw()?;

    std::thread::spawn(move || {
        loop {
            let action = match event::read() {
                Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => Action::Key(key),
                Ok(TermEvent::Mouse(mouse)) => Action::Mouse(mouse),
                Ok(TermEvent::Resize(..)) => Action::Resize,
                Ok(_) => continue,
                Err(_) => break,
            };
            if sender.send(action).is_err() {
                break;
            }
        }
    });

    while !shell.app.quit {
        let first = match shell.next_wake() {
            Some(timeout) => match receiver.recv_timeout(timeout) {
                Ok(action) => action,
                Err(RecvTimeoutError::Timeout) => Action::Tick,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            None => match receiver.recv() {
                Ok(action) => action,
                Err(_) => break,
            },
        };
        panic_on_request_in_tests(&first);
        let mut dirty = changes_screen(&shell, &first);
        shell.handle(first);
        // Handle a burst of keys before drawing once.
        while let Ok(action) = receiver.try_recv() {
            dirty |= changes_screen(&shell, &action);
            shell.handle(action);
        }
        if dirty {
            shell.draw()?;
        }
    }
    Ok(())
}

/// Our own appends wake the file watcher; while live they change nothing on screen.
fn changes_screen<B: ratatui::backend::Backend, C: super::clock::Clock>(
    shell: &Shell<B, C>,
    action: &Action,
) -> bool {
    !(matches!(action, Action::FilesChanged) && shell.app.live().is_some())
}

/// Debug builds only: `!` panics when GROUPSCRIBE_TEST_PANIC is set, so an end-to-end
/// test can prove the terminal is restored after a panic.
fn panic_on_request_in_tests(action: &Action) {
    if cfg!(debug_assertions)
        && std::env::var_os("GROUPSCRIBE_TEST_PANIC").is_some()
        && matches!(action, Action::Key(key) if key.code == ratatui::crossterm::event::KeyCode::Char('!'))
    {
        panic!("panic requested by GROUPSCRIBE_TEST_PANIC");
    }
}
