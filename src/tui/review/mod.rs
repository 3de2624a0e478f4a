//! The co-facilitator's review of a session: the pure part (lanes on a time
//! axis, zoom and scrolling, the cursor, the event list, filter, search and
//! jump to a time). The screen draws what these compute.

pub mod amend;
pub mod axis;
pub mod cursor;
pub mod timeline;

pub use axis::{Cell, Viewport, axis_labels, lane_cells, levels, moment_cells, zoom_label};
pub use cursor::{Details, Direction, Filter, KindFilter, Navigator};
pub use timeline::{Entry, Lane, Millis, Passage, Timeline};
