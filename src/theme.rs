//! Colours and styles for every role the screen uses, so views never name a colour.

use crate::model::MomentKind;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub title: Style,
    pub clock: Style,
    pub recording: Style,
    pub on_break: Style,
    pub speaking: Style,
    pub roster: Style,
    pub dim: Style,
    pub bar: Style,
    pub border: Style,
    pub selected: Style,
    pub saved: Style,
    pub save_failed: Style,
    pub message: Style,
    pub key: Style,
    pub picker_chosen: Style,
    pub dialog: Style,
    pub norm: Style,
    pub conflict: Style,
    pub mutual_aid: Style,
    pub intervention: Style,
    pub risk: Style,
    pub note: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let fg = |color| Style::default().fg(color);
        Theme {
            title: Style::default().add_modifier(Modifier::BOLD),
            clock: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            recording: fg(Color::Red).add_modifier(Modifier::BOLD),
            on_break: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            speaking: Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            roster: Style::default(),
            dim: fg(Color::DarkGray),
            bar: fg(Color::Cyan),
            border: fg(Color::Gray),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            saved: fg(Color::Green),
            save_failed: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            message: fg(Color::Yellow),
            key: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            picker_chosen: Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            dialog: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            norm: fg(Color::Blue),
            conflict: fg(Color::Magenta),
            mutual_aid: fg(Color::Green),
            intervention: fg(Color::Cyan),
            risk: fg(Color::Red).add_modifier(Modifier::BOLD),
            note: fg(Color::Gray),
        }
    }
}

impl Theme {
    pub fn moment(&self, kind: &MomentKind) -> Style {
        match kind {
            MomentKind::Norm { .. } => self.norm,
            MomentKind::Conflict { .. } => self.conflict,
            MomentKind::MutualAid(_) => self.mutual_aid,
            MomentKind::Intervention(_) => self.intervention,
            MomentKind::Risk(_) => self.risk,
            MomentKind::Note | MomentKind::Bookmark | MomentKind::Plan => self.note,
        }
    }
}
