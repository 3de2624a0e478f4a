//! The real `Shell` on a `TestBackend`, and reading what it shows: shared by the
//! integration tests that drive the app without a pty (`tests/stop.rs`,
//! `tests/file_under_us.rs`, `tests/powercut.rs`) and by the pty harness in
//! `tests/common` (which reads `saved ✓ N` off the real terminal).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use groupscribe::model::{NameStyle, Timestamp};
use groupscribe::store::Store;
use groupscribe::tui::{App, Keymap, ManualClock, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// A started shell on the store at `root`, `cols` x `rows`, the clock stopped at `now`.
pub fn started_shell(
    root: &Path,
    cols: u16,
    rows: u16,
    now: Timestamp,
) -> Shell<TestBackend, ManualClock> {
    let app = App::new(Keymap::default(), NameStyle::Alias, now);
    let terminal =
        Terminal::new(groupscribe::tui::Held::new(TestBackend::new(cols, rows))).unwrap();
    let mut shell = Shell::new(
        app,
        terminal,
        Store::open(root).unwrap(),
        ManualClock::new(now),
    );
    shell.start();
    shell
}

/// The buffer as text, one line per row (a wide character counts once).
pub fn buffer_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// The N of the status line's `saved ✓ N`, if the screen shows one.
pub fn saved_count(screen: &str) -> Option<u32> {
    let at = screen.find("saved ✓ ")?;
    let digits: String = screen[at + "saved ✓ ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}
