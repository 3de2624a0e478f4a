//! The one source of "now", injectable so tests control every timer exactly.

use crate::model::Timestamp;
use std::cell::Cell;
use std::rc::Rc;

pub trait Clock {
    fn now(&self) -> Timestamp;
}

/// Wall-clock time with the local UTC offset.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        chrono::Local::now().fixed_offset()
    }
}

/// A clock that moves only when told to; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Rc<Cell<Timestamp>>);

impl ManualClock {
    pub fn new(start: Timestamp) -> ManualClock {
        ManualClock(Rc::new(Cell::new(start)))
    }

    pub fn advance(&self, seconds: i64) {
        self.0
            .set(self.0.get() + chrono::TimeDelta::seconds(seconds));
    }

    pub fn set(&self, at: Timestamp) {
        self.0.set(at);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.get()
    }
}
