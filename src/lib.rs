#![forbid(unsafe_code)]

//! groupscribe: log group-work sessions live and write the progress note.
//!
//! Layers, arrows pointing down: `cli` -> `tui` -> `note`, `interop`, `theme`,
//! `config` -> `store`, `metrics` -> the leaves `diag` (file errors, RON) and
//! `clock` -> `model`. Only `tui`, `theme` and `cli` know about terminals.
//! `tests/architecture.rs` checks the graph; README "Design" shows it.

pub mod cli;
pub mod clock;
pub mod config;
pub mod diag;
pub mod interop;
pub mod metrics;
pub mod model;
pub mod note;
pub mod report;
pub mod sample;
pub mod store;
pub mod theme;
pub mod tui;
pub mod watch;
