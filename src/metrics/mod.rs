//! Participation figures derived from events by pure functions: no files, no terminal.

mod participation;

pub use participation::{HolderStats, Participation, Presence, format_clock};
