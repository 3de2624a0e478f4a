//! The report across a group's sessions on screen (`R` at home): the same
//! document as `groupscribe report` writes ([`crate::report::document`]),
//! laid out in lines for the terminal and scrolled.

pub mod view;

use super::{CommandHint, Ctx, Home};
use crate::report::Document;
use crate::tui::action::Effect;
use crate::tui::keymap::{Command, Context, Keymap};
use ratatui::crossterm::event::KeyEvent;
use std::cell::Cell;

pub struct ReportScreen {
    /// The group's folder name in the store.
    pub slug: String,
    pub document: Document,
    /// The first line shown.
    pub scroll: usize,
    /// What the last frame drew: how many lines the report took at its width,
    /// and how many rows showed them (for paging and the end).
    pub drawn: Cell<(usize, usize)>,
}

impl ReportScreen {
    pub fn open(slug: String, document: Document) -> ReportScreen {
        ReportScreen {
            slug,
            document,
            scroll: 0,
            drawn: Cell::new((0, 0)),
        }
    }

    pub fn context(&self) -> Context {
        Context::Report
    }

    pub fn commands(&self, keymap: &Keymap) -> Vec<CommandHint> {
        let (help, others): (Vec<Command>, Vec<Command>) =
            Command::of(Context::Report).partition(|&command| command == Command::Help);
        others
            .into_iter()
            .chain(help)
            .map(|command| CommandHint {
                key: keymap.label(command),
                short: command.short(),
                long: command.describe(),
                group: "",
            })
            .collect()
    }

    /// The last line the view may start at: the end of the report at the bottom.
    fn last_start(&self) -> usize {
        let (lines, rows) = self.drawn.get();
        lines.saturating_sub(rows.max(1))
    }

    pub fn update(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let page = self.drawn.get().1.saturating_sub(1).max(1);
        match ctx.keymap.command(Context::Report, &key) {
            Some(Command::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Command::Down) => self.scroll = (self.scroll + 1).min(self.last_start()),
            Some(Command::PageBack) => self.scroll = self.scroll.saturating_sub(page),
            Some(Command::PageOn) => self.scroll = (self.scroll + page).min(self.last_start()),
            Some(Command::First) => self.scroll = 0,
            Some(Command::Last) => self.scroll = self.last_start(),
            Some(Command::Help) => ctx.help = true,
            Some(Command::CloseReport) => {
                ctx.next = Some(super::Screen::Home(Home::default()));
                return vec![Effect::LoadHome];
            }
            _ => {}
        }
        Vec::new()
    }
}
