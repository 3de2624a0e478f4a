//! A small pseudo-terminal harness: runs the real `groupscribe` binary in a pty, feeds
//! everything it prints into a `vt100` screen, and lets a test type keys and wait for
//! text, as a person at the keyboard would.
//!
//! Every complete frame ratatui draws ends with the hide-cursor sequence (`ESC [?25l`,
//! written and flushed after the frame's cells), so the reader thread can tell a
//! finished frame from one still arriving; `max_saved` only ever reads finished frames.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[path = "../support/screen.rs"]
mod screen;
#[path = "../support/store.rs"]
mod store;

pub use screen::saved_count;
#[allow(unused_imports)] // not every test file uses both
pub use store::{SLUG, TempStore};

pub const BIN: &str = env!("CARGO_BIN_EXE_groupscribe");

/// Written by ratatui at the end of every frame (hide cursor).
const FRAME_END: &[u8] = b"\x1b[?25l";
pub const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// How to start the binary.
pub struct Options {
    pub cols: u16,
    pub rows: u16,
    pub env: Vec<(String, String)>,
    pub cwd: Option<PathBuf>,
    /// `ulimit -f` in KiB: writes past it fail with EFBIG, as on a full disk. The
    /// harness leaves SIGXFSZ as it is: the app itself must survive it.
    pub file_size_limit_kib: Option<u64>,
    /// Run as this user and group id (with `setpriv`; the test must be root).
    pub as_user: Option<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cols: 80,
            rows: 24,
            env: Vec::new(),
            file_size_limit_kib: None,
            as_user: None,
            cwd: None,
        }
    }
}

#[derive(Default)]
struct Output {
    raw: Vec<u8>,
    /// Bytes of `raw` already fed to the parser.
    parsed: usize,
    /// Reading ended (the program and every holder of the pty's other end are gone).
    eof: bool,
    /// Set by `hang_up`: the reader lets go of its end at the next read.
    hang_up: bool,
    frames: u64,
    /// The largest `saved ✓ N` on any complete frame so far.
    max_saved: Option<u32>,
}

struct Shared {
    parser: vt100::Parser,
    out: Output,
}

impl Shared {
    /// Feeds new bytes to the parser, stopping at every frame end to read the frame.
    fn feed(&mut self, chunk: &[u8]) {
        self.out.raw.extend_from_slice(chunk);
        loop {
            let from = self.out.parsed;
            let search_from = from.saturating_sub(FRAME_END.len() - 1);
            let end = find(&self.out.raw[search_from..], FRAME_END)
                .map(|at| search_from + at + FRAME_END.len())
                .filter(|&end| end > from);
            match end {
                Some(end) => {
                    self.parser.process(&self.out.raw[from..end]);
                    self.out.parsed = end;
                    self.out.frames += 1;
                    if let Some(n) = saved_count(&self.parser.screen().contents()) {
                        self.out.max_saved = Some(self.out.max_saved.map_or(n, |m| m.max(n)));
                    }
                }
                None => {
                    self.parser.process(&self.out.raw[from..]);
                    self.out.parsed = self.out.raw.len();
                    return;
                }
            }
        }
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// The real binary running in a pseudo-terminal.
pub struct Tui {
    shared: Arc<Mutex<Shared>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    /// `None` once hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    reader: Option<JoinHandle<()>>,
    pid: u32,
    status: Option<portable_pty::ExitStatus>,
}

impl Tui {
    /// `groupscribe --dir STORE` at 80x24.
    pub fn start(store: &Path) -> Tui {
        Tui::spawn([OsStr::new("--dir"), store.as_os_str()], Options::default())
    }

    pub fn spawn<I, S>(args: I, options: Options) -> Tui
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: options.rows,
                cols: options.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = match options.file_size_limit_kib {
            Some(kib) => {
                let mut command = CommandBuilder::new("bash");
                command.args([
                    "-c".to_string(),
                    format!("ulimit -f {kib}; exec \"$0\" \"$@\""),
                    BIN.to_string(),
                ]);
                command
            }
            None => match options.as_user {
                Some(id) => {
                    let mut command = CommandBuilder::new("setpriv");
                    command.args([
                        format!("--reuid={id}"),
                        format!("--regid={id}"),
                        "--clear-groups".into(),
                        BIN.to_string(),
                    ]);
                    command
                }
                None => CommandBuilder::new(BIN),
            },
        };
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env_remove("GROUPSCRIBE_DIR");
        command.env_remove("GROUPSCRIBE_TEST_PANIC");
        command.env("RUST_BACKTRACE", "0");
        for (key, value) in &options.env {
            command.env(key, value);
        }
        // Never the crate folder: a default `--dir sessions` must not find real data.
        let cwd = options.cwd.clone().unwrap_or_else(std::env::temp_dir);
        command.cwd(cwd);
        let child = pair
            .slave
            .spawn_command(command)
            .expect("spawn groupscribe");
        // Only the child holds the slave now, so reading ends when it exits.
        drop(pair.slave);
        let pid = child.process_id().expect("a pid");
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(options.rows, options.cols, 0),
            out: Output::default(),
        }));
        let feeding = Arc::clone(&shared);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut shared = feeding.lock().unwrap();
                        if shared.out.hang_up {
                            break;
                        }
                        shared.feed(&buffer[..n]);
                    }
                }
            }
            feeding.lock().unwrap().out.eof = true;
        });
        Tui {
            shared,
            writer: Some(writer),
            child,
            master: Some(pair.master),
            reader: Some(reader),
            pid,
            status: None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap()
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Types raw bytes: Enter is "\r", Esc "\x1b", Tab "\t".
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the pty writer is open");
        writer.write_all(keys.as_bytes()).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.lock().parser.screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.lock().parser.screen().alternate_screen()
    }

    pub fn cursor_hidden(&self) -> bool {
        self.lock().parser.screen().hide_cursor()
    }

    /// Every byte the program wrote to the terminal so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.lock().out.raw.clone()
    }

    /// How many complete frames have been drawn.
    pub fn frames(&self) -> u64 {
        self.lock().out.frames
    }

    /// The largest `saved ✓ N` seen on a complete frame.
    pub fn max_saved(&self) -> Option<u32> {
        self.lock().out.max_saved
    }

    /// Waits until the screen contains `text`; fails with the whole screen if it does not.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?} on screen"), timeout, |screen| {
            screen.contains(text)
        })
    }

    /// Waits until `check` holds for the screen; fails with the whole screen if it does not.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; the screen:\n{}",
                    framed(&screen)
                );
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Resizes the pty (the program gets SIGWINCH) and the parsed screen.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the pty is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.lock().parser.screen_mut().set_size(rows, cols);
    }

    /// The pty's `stty -a` (its termios as the program left it), if `stty` can read it.
    pub fn stty(&self) -> Option<String> {
        let tty = self.master.as_ref()?.tty_name()?;
        let output = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(&tty)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Sends a signal by name (`"TERM"`, `"TSTP"`, …), as `kill -s NAME` does.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args(["-s", name, &self.pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -s {name} {} failed", self.pid);
    }

    /// The process state from /proc (`R`, `S`, `T` for stopped, …), while it exists.
    pub fn process_state(&self) -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).ok()?;
        // The name is in parentheses and may hold spaces: the state follows the last ')'.
        stat.rsplit_once(") ")?.1.chars().next()
    }

    /// Waits until the process is in `state`; fails with the screen if it is not.
    pub fn wait_state(&self, state: char, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.process_state() != Some(state) {
            if Instant::now() >= deadline {
                panic!(
                    "the process is in state {:?}, not {state:?}, after {timeout:?}; the screen:\n{}",
                    self.process_state(),
                    framed(&self.screen())
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Closes the terminal, as closing its window does: every handle on the pty's
    /// other end is let go, so the kernel hangs up the program's side (SIGHUP, and
    /// reads and writes there fail from then on). What it prints afterwards is lost.
    pub fn hang_up(&mut self) {
        self.lock().out.hang_up = true;
        // The reader is blocked in a read: a redraw (the size changes) wakes it.
        let (cols, rows) = {
            let shared = self.lock();
            let (rows, cols) = shared.parser.screen().size();
            (cols, rows)
        };
        self.resize(cols + 1, rows);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.lock().out.eof = true;
        self.writer = None;
        self.master = None;
    }

    /// SIGKILL, as a crash or a power cut would end it: no destructor, no restore.
    pub fn kill_9(&mut self) {
        let status = std::process::Command::new("kill")
            .args(["-9", &self.pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -9 {} failed", self.pid);
    }

    /// Waits for the program to exit; fails with the screen if it does not.
    pub fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        if let Some(status) = &self.status {
            return status.clone();
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.status = Some(status.clone());
                self.drain(Duration::from_secs(5));
                return status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "groupscribe did not exit within {timeout:?}; the screen:\n{}",
                    framed(&self.screen())
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until every byte the program wrote has been read and parsed.
    fn drain(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.lock().out.eof && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        if self.lock().out.eof
            && let Some(reader) = self.reader.take()
        {
            let _ = reader.join();
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = std::process::Command::new("kill")
                .args(["-9", &self.pid.to_string()])
                .status();
            let _ = self.child.wait();
        }
        self.writer = None;
    }
}

/// The screen with a border, so trailing blanks and empty rows are visible in failures.
pub fn framed(screen: &str) -> String {
    let mut out = String::from("┌────\n");
    for line in screen.lines() {
        out.push('│');
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("└────");
    out
}

pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// Unix permission bits of a path.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode()
        & 0o777
}
