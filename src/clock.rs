//! The one source of "now", injectable so tests control every timer exactly.

use crate::model::Timestamp;
use chrono::TimeDelta;
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

pub trait Clock {
    fn now(&self) -> Timestamp;

    /// Time that has really passed, from any fixed origin (a monotonic clock,
    /// which no one sets): what a step of the wall clock is measured against.
    /// `None` when the clock cannot tell.
    fn monotonic(&self) -> Option<TimeDelta> {
        None
    }
}

/// Wall-clock time with the local UTC offset.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        chrono::Local::now().fixed_offset()
    }

    /// CLOCK_BOOTTIME on Linux: monotonic, and it counts the time a laptop
    /// slept (an `Instant` does not, and a lid closed for an hour would look
    /// like the wall clock jumping ahead).
    #[cfg(target_os = "linux")]
    fn monotonic(&self) -> Option<TimeDelta> {
        let now = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
        TimeDelta::new(now.tv_sec, u32::try_from(now.tv_nsec).ok()?)
    }

    #[cfg(not(target_os = "linux"))]
    fn monotonic(&self) -> Option<TimeDelta> {
        static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let origin = *ORIGIN.get_or_init(std::time::Instant::now);
        TimeDelta::from_std(origin.elapsed()).ok()
    }
}

/// A clock that moves only when told to; clones share the same time. `advance`
/// and `set` are time passing; `step` moves the wall clock alone, as NTP or a
/// dead battery does.
#[derive(Debug, Clone)]
pub struct ManualClock(Rc<Cell<(Timestamp, TimeDelta)>>);

impl ManualClock {
    pub fn new(start: Timestamp) -> ManualClock {
        ManualClock(Rc::new(Cell::new((start, TimeDelta::zero()))))
    }

    pub fn advance(&self, seconds: i64) {
        let (wall, passed) = self.0.get();
        let by = TimeDelta::seconds(seconds);
        self.0.set((wall + by, passed + by));
    }

    pub fn set(&self, at: Timestamp) {
        let (wall, passed) = self.0.get();
        self.0.set((at, passed + (at - wall)));
    }

    /// The wall clock jumps by `seconds` (negative: set back); no time passes.
    pub fn step(&self, seconds: i64) {
        let (wall, passed) = self.0.get();
        self.0.set((wall + TimeDelta::seconds(seconds), passed));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.get().0
    }

    fn monotonic(&self) -> Option<TimeDelta> {
        Some(self.0.get().1)
    }
}

/// Watches the wall clock against the monotonic one: a difference past
/// [`ClockWatch::THRESHOLD`] between two looks is a step (NTP slews small errors;
/// a step is a jump).
#[derive(Debug, Clone, Default)]
pub struct ClockWatch {
    last: Option<(Timestamp, TimeDelta)>,
}

impl ClockWatch {
    pub const THRESHOLD: TimeDelta = TimeDelta::seconds(5);

    /// Looks at `clock` now: `Some(step)` when the wall clock moved that much more
    /// than the time that passed since the last look (negative: set back).
    pub fn look(&mut self, clock: &impl Clock) -> Option<TimeDelta> {
        let now = (clock.now(), clock.monotonic()?);
        let step = self
            .last
            .map(|(wall, passed)| (now.0 - wall) - (now.1 - passed));
        self.last = Some(now);
        step.filter(|step| step.abs() > Self::THRESHOLD)
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
