//! The real loop: one owner of the terminal, threads that only send, and a main
//! loop that sleeps until input, a file change, or the next clock second.

use super::action::Action;
use super::app::App;
use super::held::Held;
use super::shell::{Shell, StopReport};
use crate::clock::SystemClock;
use crate::store::Store;
use crate::theme::ThemeSource;
use crate::watch::{Watch, watch_folder};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;
use std::fmt;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The longest the loop handles queued input before it draws.
const BURST: Duration = Duration::from_millis(20);

/// Signals that stop the app: it saves, restores the terminal and exits.
const STOPPING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

type LiveShell = Shell<CrosstermBackend<std::io::Stdout>, SystemClock>;

/// Whether the terminal is in the app's mode (raw, alternate screen, mouse
/// reporting). One flag for the whole process, so that the terminal is restored
/// exactly once per entry, whichever path gets there first: the guard, the panic
/// hook, a suspend, or a signal.
static IN_APP_MODE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen and mouse reporting.
fn enter_app_mode() -> std::io::Result<()> {
    enable_raw_mode()?;
    IN_APP_MODE.store(true, Ordering::SeqCst);
    execute!(std::io::stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Back to the terminal as it was: mouse reporting off, main screen, cursor shown,
/// cooked mode. Errors are ignored and nothing is printed: after a hang-up the
/// terminal is gone, and restoring must neither fail loudly nor block.
fn leave_app_mode() {
    if IN_APP_MODE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            Show
        );
    }
}

/// Restores the terminal however the loop is left: return, error, or unwinding.
struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        leave_app_mode();
    }
}

/// Restores the terminal before a panic message is printed (once per process).
fn restore_on_panic() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave_app_mode();
            previous(info);
        }));
    });
}

/// Why the app stopped without being quit: a signal, or a terminal it could no
/// longer draw on. `main` prints it as the last line and exits with
/// [`Stopped::exit_code`].
#[derive(Debug)]
pub struct Stopped {
    /// The signal, or `None` when the terminal failed.
    pub signal: Option<i32>,
    /// Why drawing failed, without a signal.
    pub cause: Option<String>,
    /// The session being logged, if one was.
    pub session: Option<StopReport>,
}

impl Stopped {
    /// 128 + the signal's number, as shells report a death by signal; 1 when the
    /// terminal failed.
    pub fn exit_code(&self) -> u8 {
        self.signal
            .and_then(|signal| u8::try_from(128 + signal).ok())
            .unwrap_or(1)
    }
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.signal, &self.cause) {
            (Some(signal), _) => write!(
                f,
                "stopped by {}",
                signal_hook::low_level::signal_name(signal).unwrap_or("a signal")
            )?,
            (None, Some(cause)) => write!(f, "stopped: the terminal failed ({cause})")?,
            (None, None) => write!(f, "stopped")?,
        }
        let Some(session) = &self.session else {
            return write!(f, "; no session was being logged");
        };
        let events = match session.saved {
            1 => "1 event".to_string(),
            n => format!("{n} events"),
        };
        match (&session.note, session.ended) {
            (Some(note), _) => write!(f, "; {events} saved. {note}")?,
            (None, true) => write!(
                f,
                "; session {} is ended and saved ({events}); its note was not written: \
                 groupscribe note {}",
                session.number,
                session.path.display()
            )?,
            (None, false) => write!(
                f,
                "; the session is saved ({events}) and can be resumed: {}",
                session.path.display()
            )?,
        }
        if session.unsaved > 0 {
            write!(
                f,
                "; {} events were NOT SAVED ({})",
                session.unsaved,
                session
                    .unsaved_cause
                    .as_deref()
                    .unwrap_or("the write failed")
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Stopped {}

/// How the loop ended.
enum Ending {
    Quit,
    Signal(i32),
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

/// A session to open at once, instead of the home screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Opening {
    /// `groupscribe follow SESSION`.
    Follow(std::path::PathBuf),
    /// `groupscribe review SESSION`.
    Review(std::path::PathBuf),
    /// `groupscribe replay SESSION [--speed N] [--from hh:mm]`.
    Replay {
        path: std::path::PathBuf,
        from: Option<crate::model::Timestamp>,
        speed: crate::clock::Speed,
    },
}

/// Runs the app on `store`; with an `opening`, straight into that session.
pub fn run(
    app: App,
    store: Store,
    theme: Option<ThemeSource>,
    opening: Option<Opening>,
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

    // Registered before the terminal changes mode, so that none is missed; the
    // thread only sends, the loop acts.
    let mut signals = Signals::new(STOPPING.iter().copied().chain([SIGTSTP, SIGCONT]))?;
    let signal_handle = signals.handle();
    let signal_sender = sender.clone();
    // A stopping signal is also raised here, where the loop looks before every
    // action: behind a backlog of thousands of keys in the channel it would
    // otherwise wait its turn.
    let stop = Arc::new(AtomicI32::new(0));
    let stop_raised = stop.clone();
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if STOPPING.contains(&signal) {
                let _ = stop_raised.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
            }
            if signal_sender.send(Action::Signal(signal)).is_err() {
                break;
            }
        }
    });

    restore_on_panic();
    let restore = RestoreOnDrop;
    enter_app_mode()?;
    let terminal = Terminal::new(Held::new(CrosstermBackend::new(std::io::stdout())))?;
    let mut shell = Shell::new(app, terminal, store, SystemClock);
    if let Some(source) = theme {
        shell = shell.with_theme_source(source);
    }
    shell.start();
    match opening {
        Some(Opening::Follow(path)) => shell.follow(&path),
        Some(Opening::Replay { path, from, speed }) => shell.replay(&path, from, speed),
        Some(Opening::Review(path)) => shell.review(&path),
        None => {}
    }

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

    let ending = shell
        .draw()
        .and_then(|()| run_loop(&mut shell, &receiver, &stop))
        .or_else(|error| hung_up(&receiver).ok_or(error));
    // Quit or not, whatever is pending is written and synced and the lock let go
    // before the terminal is restored and the last line printed.
    let session = shell.stop();
    signal_handle.close();
    // `restore` gives the terminal back (once); the terminal's own drop would only
    // show the cursor again and, on a hung-up terminal, report failing to with a
    // panic (eprintln on a closed stderr).
    std::mem::forget(shell.terminal);
    drop(restore);
    match ending {
        Ok(Ending::Quit) => Ok(()),
        Ok(Ending::Signal(signal)) => Err(Stopped {
            signal: Some(signal),
            cause: None,
            session,
        }
        .into()),
        Err(error) => Err(Stopped {
            signal: None,
            cause: Some(error.to_string()),
            session,
        }
        .into()),
    }
}

/// Sleeps until something arrives, handles a burst of it, draws once if the
/// screen changed. Returns on quit or on a signal that stops the app (`stop`,
/// raised by the signal thread, is looked at before every action).
fn run_loop(
    shell: &mut LiveShell,
    receiver: &Receiver<Action>,
    stop: &AtomicI32,
) -> std::io::Result<Ending> {
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
        let mut dirty = false;
        let mut next = Some(first);
        // Handle a burst of keys before drawing once, but draw at least every
        // BURST so a flood of input never starves the screen.
        let burst_ends = Instant::now() + BURST;
        while let Some(action) = next.take() {
            let raised = stop.load(Ordering::SeqCst);
            if raised != 0 {
                return Ok(Ending::Signal(raised));
            }
            if let Action::Signal(signal) = action {
                if STOPPING.contains(&signal) {
                    return Ok(Ending::Signal(signal));
                }
                on_suspend_or_resume(shell, signal)?;
            } else {
                dirty |= changes_screen(shell, &action);
                // A group commit: keys behind the sync in flight wait for the draw.
                shell.handle_in_burst(action);
            }
            if Instant::now() < burst_ends {
                next = receiver.try_recv().ok();
            }
        }
        if dirty {
            shell.draw()?;
        }
    }
    Ok(Ending::Quit)
}

/// A closed terminal window fails the next draw and sends SIGHUP at once; when
/// the draw lost the race, the signal is still the reason to report.
fn hung_up(receiver: &Receiver<Action>) -> Option<Ending> {
    let deadline = Instant::now() + Duration::from_millis(250);
    loop {
        let timeout = deadline.checked_duration_since(Instant::now())?;
        match receiver.recv_timeout(timeout) {
            Ok(Action::Signal(signal)) if STOPPING.contains(&signal) => {
                return Some(Ending::Signal(signal));
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// SIGTSTP: give the terminal back as it was, then stop for real (as the default
/// action would). SIGCONT (also after our own stop): take the terminal again and
/// draw everything anew, since the screen is not what we left.
fn on_suspend_or_resume(shell: &mut LiveShell, signal: i32) -> std::io::Result<()> {
    if signal == SIGTSTP {
        leave_app_mode();
        let _ = writeln!(
            std::io::stderr(),
            "groupscribe: suspended; every event shown is saved. `fg` brings it back \
             (the session clock keeps running)."
        );
        // Returns once the process is continued.
        let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
    }
    if !IN_APP_MODE.load(Ordering::SeqCst) {
        enter_app_mode()?;
    }
    // A full clear and redraw, at the size the terminal has now (it may have
    // changed meanwhile); `Terminal::clear` would ask the terminal for the cursor.
    let size = shell.terminal.size()?;
    shell
        .terminal
        .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    shell.draw()
}

/// Our own appends wake the file watcher; while logging they change nothing on
/// screen. While following, a change is the facilitator's new event.
fn changes_screen<B: ratatui::backend::Backend, C: crate::clock::Clock>(
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
