//! The terminal shell: app state and `update`, views, keymap, and the loop that
//! owns the terminal.

pub mod action;
pub mod app;
pub mod form;
pub mod held;
pub mod keymap;
pub mod picker;
pub mod review;
mod run;
pub mod screens;
pub mod shell;
pub mod text;
mod views;

/// The clock lives below the terminal (the CLI takes it too); re-exported for the tests.
pub use crate::clock::{Clock, ManualClock, SystemClock};
pub use action::{Action, Effect};
pub use app::App;
pub use held::Held;
pub use keymap::Keymap;
pub use run::{Opening, Stopped, run, watch_theme};
pub use shell::{Shell, StopReport};
pub use views::{MIN_HEIGHT, MIN_WIDTH};
