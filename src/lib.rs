#![forbid(unsafe_code)]

//! groupscribe: log group-work sessions live and write the progress note.
//!
//! Layers, arrows pointing down: `tui` -> `note`, `metrics`, `store` -> `model`.
//! Nothing below `tui` knows about terminals.

pub mod cli;
pub mod clock;
pub mod config;
pub mod diag;
pub mod interop;
pub mod metrics;
pub mod model;
pub mod note;
pub mod sample;
pub mod store;
pub mod theme;
pub mod tui;
pub mod watch;
