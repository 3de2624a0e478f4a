//! A backend that holds each frame until it is released: ratatui computes what
//! changed (its diff of the whole screen) while the fdatasync of the events the
//! frame shows is still running, and the frame reaches the terminal only when
//! `Shell::draw` releases it, once that sync has returned. A frame whose sync
//! failed is discarded, never shown.
//!
//! What ratatui does to the cursor after a frame's cells is held with them and
//! released in the same order, so the terminal receives exactly the bytes, in
//! exactly the order, it would have without the hold.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::ops::{Deref, DerefMut};

pub struct Held<B: Backend> {
    backend: B,
    /// What the frame drawn last did, not yet released, in ratatui's order.
    held: Vec<Step>,
}

/// One thing a frame does to the terminal.
enum Step {
    Cells(Vec<(u16, u16, Cell)>),
    HideCursor,
    ShowCursor,
    CursorAt(Position),
}

impl<B: Backend> Held<B> {
    pub fn new(backend: B) -> Held<B> {
        Held {
            backend,
            held: Vec::new(),
        }
    }

    /// Puts the held frame on the terminal.
    pub fn release(&mut self) -> Result<(), B::Error> {
        for step in std::mem::take(&mut self.held) {
            match step {
                Step::Cells(cells) => {
                    let cells = cells.iter().map(|(x, y, cell)| (*x, *y, cell));
                    self.backend.draw(cells)?;
                }
                Step::HideCursor => self.backend.hide_cursor()?,
                Step::ShowCursor => self.backend.show_cursor()?,
                Step::CursorAt(position) => self.backend.set_cursor_position(position)?,
            }
        }
        self.backend.flush()
    }

    /// Drops the held frame: it never reaches the terminal.
    pub fn discard(&mut self) {
        self.held.clear();
    }

    /// Whether a frame is held, drawn and not yet released or discarded.
    #[cfg(test)]
    fn is_holding(&self) -> bool {
        !self.held.is_empty()
    }
}

/// The backend itself (a test's screen buffer, the terminal's writer).
impl<B: Backend> Deref for Held<B> {
    type Target = B;

    fn deref(&self) -> &B {
        &self.backend
    }
}

impl<B: Backend> DerefMut for Held<B> {
    fn deref_mut(&mut self) -> &mut B {
        &mut self.backend
    }
}

impl<B: Backend> Backend for Held<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, Cell)> =
            content.map(|(x, y, cell)| (x, y, cell.clone())).collect();
        if !cells.is_empty() {
            self.held.push(Step::Cells(cells));
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.held.push(Step::HideCursor);
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.held.push(Step::ShowCursor);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.backend.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.held.push(Step::CursorAt(position.into()));
        Ok(())
    }

    /// Clearing the screen drops what is held: ratatui draws everything again next.
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.held.clear();
        self.backend.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        if clear_type == ClearType::All {
            self.held.clear();
        }
        self.backend.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.backend.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.backend.window_size()
    }

    /// Nothing reaches the terminal here: only `release` puts a frame there.
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Paragraph;

    fn screen(terminal: &Terminal<Held<TestBackend>>) -> String {
        let buffer = terminal.backend().buffer();
        (buffer.content.iter().map(Cell::symbol)).collect()
    }

    /// A terminal on which "saved 1" was drawn, and is held.
    fn drawn() -> Terminal<Held<TestBackend>> {
        let mut terminal = Terminal::new(Held::new(TestBackend::new(8, 1))).unwrap();
        terminal
            .draw(|frame| frame.render_widget(Paragraph::new("saved 1"), frame.area()))
            .unwrap();
        terminal
    }

    #[test]
    fn a_frame_reaches_the_screen_only_when_released() {
        let mut terminal = drawn();
        assert!(terminal.backend().is_holding());
        assert_eq!(screen(&terminal).trim(), "");
        terminal.backend_mut().release().unwrap();
        assert_eq!(screen(&terminal).trim(), "saved 1");
        assert!(!terminal.backend().is_holding());
    }

    #[test]
    fn a_discarded_frame_never_reaches_the_screen() {
        let mut terminal = drawn();
        terminal.backend_mut().discard();
        terminal.backend_mut().release().unwrap();
        assert_eq!(screen(&terminal).trim(), "");
    }
}
