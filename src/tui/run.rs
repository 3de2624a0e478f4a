//! The real loop: one owner of the terminal, threads that only send, and a main
//! loop that sleeps until input, a file change, or the next clock second.

use super::action::Action;
use super::app::App;
use super::clock::SystemClock;
use super::shell::Shell;
use crate::store::Store;
use crate::theme::ThemeSource;
use crate::watch::{Watch, watch_folder};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The longest the loop handles queued input before it draws.
const BURST: Duration = Duration::from_millis(20);

/// Restores the terminal however the loop is left (the panic hook covers panics).
struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// Mouse reporting must stop on a panic too: chain onto ratatui's hook, which
/// restores the rest of the terminal.
fn capture_mouse() -> std::io::Result<()> {
    let restore_rest = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        restore_rest(info);
    }));
    execute!(std::io::stdout(), EnableMouseCapture)
}

/// Watches the theme's folder (editors save by rename) and asks for a reload on
/// any change; `None` for built-in themes, which cannot change.
pub fn watch_theme(source: &ThemeSource, send: impl Fn(Action) + Send + 'static) -> Option<Watch> {
    let file = source.file()?;
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    watch_folder(
        &folder,
        Duration::from_millis(150),
        notify::RecursiveMode::NonRecursive,
        move || send(Action::ThemeFileChanged),
    )
    .ok()
}

/// Runs the app on `store`; with `follow`, straight into following that session.
pub fn run(
    app: App,
    store: Store,
    theme: Option<ThemeSource>,
    follow: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let (sender, receiver) = mpsc::channel::<Action>();
    let themes = sender.clone();
    let _theme_watch = theme.as_ref().and_then(|source| {
        watch_theme(source, move |action| {
            let _ = themes.send(action);
        })
    });
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
    capture_mouse()?;
    let mut shell = Shell::new(app, terminal, store, SystemClock);
    if let Some(source) = theme {
        shell = shell.with_theme_source(source);
    }
    shell.start();
    if let Some(path) = follow {
        shell.follow(&path);
    }
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
        // Handle a burst of keys before drawing once, but draw at least every
        // BURST so a flood of input never starves the screen.
        let burst_ends = Instant::now() + BURST;
        while Instant::now() < burst_ends {
            let Ok(action) = receiver.try_recv() else {
                break;
            };
            dirty |= changes_screen(&shell, &action);
            shell.handle(action);
        }
        if dirty {
            shell.draw()?;
        }
    }
    Ok(())
}

/// Our own appends wake the file watcher; while logging they change nothing on
/// screen. While following, a change is the facilitator's new event.
fn changes_screen<B: ratatui::backend::Backend, C: super::clock::Clock>(
    shell: &Shell<B, C>,
    action: &Action,
) -> bool {
    let logging = shell.app.live().is_some_and(|live| !live.following);
    !(matches!(action, Action::FilesChanged) && logging)
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
