//! Participation figures derived from events by pure functions: no files, no terminal.

pub mod equity;
mod participation;
pub mod running;

pub use participation::{
    HolderStats, Millis, Participation, Presence, SegmentTally, Tally, format_clock, share,
};
pub mod agreement;
pub mod carry;
