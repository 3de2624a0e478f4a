//! The one source of "now", injectable so tests control every timer exactly.

use crate::model::Timestamp;
use chrono::TimeDelta;
use std::cell::Cell;
use std::fmt;
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

/// A replay speed: `num / den` seconds of the session for each second of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speed {
    num: i64,
    den: i64,
}

/// The speeds `+` and `-` step through, slowest first.
pub const SPEEDS: [Speed; 7] = [
    Speed { num: 1, den: 4 },
    Speed { num: 1, den: 2 },
    Speed { num: 1, den: 1 },
    Speed { num: 2, den: 1 },
    Speed { num: 4, den: 1 },
    Speed { num: 8, den: 1 },
    Speed { num: 16, den: 1 },
];

impl Speed {
    pub const NORMAL: Speed = Speed { num: 1, den: 1 };

    /// `4`, `0.5`, `×2`, `2x`: one of [`SPEEDS`], or why not.
    pub fn parse(text: &str) -> Result<Speed, String> {
        let trimmed = text
            .trim()
            .trim_start_matches('×')
            .trim_end_matches(['x', '×']);
        let value: f64 = trimmed.parse().map_err(|_| {
            format!(
                "\"{text}\" is not a speed: write one of {}",
                Speed::choices()
            )
        })?;
        SPEEDS
            .iter()
            .copied()
            .find(|speed| (speed.factor() - value).abs() < 1e-9)
            .ok_or_else(|| format!("no replay speed {text}: choose one of {}", Speed::choices()))
    }

    fn choices() -> String {
        SPEEDS
            .iter()
            .map(|speed| speed.to_string().trim_start_matches('×').to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn factor(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// How far the session moves while the clock moves `wall`.
    pub fn scale(self, wall: TimeDelta) -> TimeDelta {
        TimeDelta::milliseconds(wall.num_milliseconds() * self.num / self.den)
    }

    pub fn index(self) -> usize {
        SPEEDS.iter().position(|&s| s == self).unwrap_or(2)
    }
}

impl fmt::Display for Speed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "×{}", self.num)
        } else {
            write!(f, "×{}", self.factor())
        }
    }
}
