//! Which times a record may hold, as a pure rule.
//!
//! A session file written by groupscribe has a start its facilitator's clock
//! gave and events logged during the session, so its times sit close together
//! and close to today. A file whose times do not — a start in 1970 or in the
//! year 262142, an event weeks after its session began — was edited by hand or
//! logged under a clock that was wrong, and every figure drawn from it (the
//! session length, the timeline, the note) would be nonsense or without bound.
//! Such a file is refused when it is read, saying where and what to do; the app
//! refuses to write one (a clock outside the range never starts a session).
//!
//! - A session starts in [`EARLIEST`]..[`LATEST`]: 2000-01-01 to 2100-01-01 UTC.
//! - An event is at most [`BEFORE_START`] (1 day) before its session's start
//!   (a clock stepped back, a laptop that changed time zone) ...
//! - ... and a session event (a turn, a moment, a break, the end) at most
//!   [`AFTER_START`] (7 days) after it: a session resumed the next day, or the
//!   next week, logs the gap as a break; a week is generous for one session.
//! - Record-keeping events (amendments, retractions: see
//!   [`EventKind::is_record_keeping`]) are written when the record is reviewed,
//!   which may be months later: they only need to fall before [`LATEST`].

use super::{Event, Timestamp};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The earliest start a session may have: 2000-01-01T00:00:00Z.
pub const EARLIEST: &str = "2000-01-01T00:00:00Z";
/// Every time in a record is before this: 2100-01-01T00:00:00Z.
pub const LATEST: &str = "2100-01-01T00:00:00Z";
/// How long before its session's start an event may be, in hours.
pub const BEFORE_START_HOURS: i64 = 24;
/// How long after its session's start a session event may be, in days.
pub const AFTER_START_DAYS: i64 = 7;

/// [`BEFORE_START_HOURS`] as a span.
pub const BEFORE_START: TimeDelta = TimeDelta::hours(BEFORE_START_HOURS);
/// [`AFTER_START_DAYS`] as a span.
pub const AFTER_START: TimeDelta = TimeDelta::days(AFTER_START_DAYS);

fn utc(year: i32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map_or(DateTime::<Utc>::MIN_UTC, |time| time.and_utc())
}

fn earliest() -> DateTime<Utc> {
    utc(2000)
}

fn latest() -> DateTime<Utc> {
    utc(2100)
}

/// What is wrong with a time, in words for the person at the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeProblem {
    /// The computer's clock, asked for the time a session starts or goes on.
    Clock { now: Timestamp },
    /// The session's start (or the clock that would give it one) is outside the range.
    Start { started: Timestamp },
    /// An event is outside the range altogether.
    OutOfRange { at: Timestamp },
    /// An event is more than [`BEFORE_START`] before its session began.
    BeforeStart { at: Timestamp, started: Timestamp },
    /// A session event is more than [`AFTER_START`] after its session began.
    AfterStart { at: Timestamp, started: Timestamp },
}

impl TimeProblem {
    /// What is wrong, in one sentence.
    pub fn message(&self) -> String {
        match self {
            TimeProblem::Clock { now } => format!(
                "the computer's clock says it is {}, outside {} to {}",
                now.to_rfc3339(),
                &EARLIEST[..10],
                &LATEST[..10]
            ),
            TimeProblem::Start { started } => format!(
                "the session starts at {}, outside {} to {}: groupscribe keeps no record \
                 of such a time",
                started.to_rfc3339(),
                &EARLIEST[..10],
                &LATEST[..10]
            ),
            TimeProblem::OutOfRange { at } => format!(
                "the event is timed {}, outside {} to {}",
                at.to_rfc3339(),
                &EARLIEST[..10],
                &LATEST[..10]
            ),
            TimeProblem::BeforeStart { at, started } => format!(
                "the event is timed {}, {} before its session began ({}); an event may be \
                 at most {BEFORE_START_HOURS} hours before it",
                at.to_rfc3339(),
                span_words(*started - *at),
                started.to_rfc3339()
            ),
            TimeProblem::AfterStart { at, started } => format!(
                "the event is timed {}, {} after its session began ({}); a session's events \
                 are at most {AFTER_START_DAYS} days after its start",
                at.to_rfc3339(),
                span_words(*at - *started),
                started.to_rfc3339()
            ),
        }
    }
}

/// "3 days", "260116 years": how far off a time is, roughly.
fn span_words(span: TimeDelta) -> String {
    let days = span.num_days();
    let hours = span.num_hours();
    if days >= 730 {
        format!("about {} years", days / 365)
    } else if days >= 2 {
        format!("{days} days")
    } else {
        format!("{hours} hours")
    }
}

/// A session may start at `started`.
pub fn check_start(started: Timestamp) -> Result<(), TimeProblem> {
    if in_range(started) {
        Ok(())
    } else {
        Err(TimeProblem::Start { started })
    }
}

/// The computer's clock says `now`: may a session start (or go on) now?
pub fn check_clock(now: Timestamp) -> Result<(), TimeProblem> {
    check_start(now).map_err(|_| TimeProblem::Clock { now })
}

/// May a session that began at `started` be logged on at `now` (resumed)?
/// The events logged now must pass [`check_event`].
pub fn check_resume(started: Timestamp, now: Timestamp) -> Result<(), TimeProblem> {
    check_clock(now)?;
    let after = now - started;
    if after < -BEFORE_START {
        Err(TimeProblem::BeforeStart { at: now, started })
    } else if after > AFTER_START {
        Err(TimeProblem::AfterStart { at: now, started })
    } else {
        Ok(())
    }
}

/// `event` may be in a session that began at `started`.
pub fn check_event(started: Timestamp, event: &Event) -> Result<(), TimeProblem> {
    let at = event.at;
    if !in_range(at) {
        return Err(TimeProblem::OutOfRange { at });
    }
    // Both are in range, so their difference is a few centuries at most.
    let after = at - started;
    if after < -BEFORE_START {
        return Err(TimeProblem::BeforeStart { at, started });
    }
    if after > AFTER_START && !event.kind.is_record_keeping() {
        return Err(TimeProblem::AfterStart { at, started });
    }
    Ok(())
}

fn in_range(at: Timestamp) -> bool {
    let at = at.with_timezone(&Utc);
    earliest() <= at && at < latest()
}

/// `at + span`, or the last representable time when that would overflow: for
/// the end of a window looked through ("interventions within 5 minutes"), where
/// a window running to the end of time is the honest answer.
pub fn later_by(at: Timestamp, span: TimeDelta) -> Timestamp {
    at.checked_add_signed(span)
        .unwrap_or_else(|| DateTime::<Utc>::MAX_UTC.fixed_offset())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{Author, EventId, EventKind};

    fn time(text: &str) -> Timestamp {
        text.parse::<Timestamp>().unwrap()
    }

    fn event(at: &str, kind: EventKind) -> Event {
        Event {
            id: EventId(1),
            at: time(at),
            by: Author::Facilitator,
            kind,
        }
    }

    #[test]
    fn the_range_is_the_one_documented() {
        assert_eq!(earliest(), time(EARLIEST));
        assert_eq!(latest(), time(LATEST));
    }

    #[test]
    fn a_start_must_fall_in_the_range() {
        assert!(check_start(time("2026-11-23T18:00:00+01:00")).is_ok());
        assert!(check_start(time("2000-01-01T00:00:00Z")).is_ok());
        assert!(check_start(time("1999-12-31T23:59:59Z")).is_err());
        // 00:30 local is still 1999 in UTC.
        assert!(check_start(time("2000-01-01T00:30:00+01:00")).is_err());
        assert!(check_start(time("2099-12-31T23:59:59Z")).is_ok());
        assert!(check_start(time("2100-01-01T00:00:00Z")).is_err());
        assert!(matches!(
            check_clock(time("1970-01-01T00:00:00Z")),
            Err(TimeProblem::Clock { .. })
        ));
        assert!(check_clock(time("2026-12-01T14:00:00Z")).is_ok());
        assert!(check_start(time("-262143-01-01T00:00:00Z")).is_err());
        assert!(check_start(DateTime::<Utc>::MAX_UTC.fixed_offset()).is_err());
    }

    #[test]
    fn an_event_must_be_near_its_start() {
        let started = time("2026-11-23T18:00:00+01:00");
        let ok = |at: &str| check_event(started, &event(at, EventKind::Ended));
        assert!(ok("2026-11-23T18:00:00+01:00").is_ok());
        assert!(ok("2026-11-22T18:00:00+01:00").is_ok(), "a day before");
        assert!(matches!(
            ok("2026-11-22T17:59:59+01:00"),
            Err(TimeProblem::BeforeStart { .. })
        ));
        assert!(ok("2026-11-30T18:00:00+01:00").is_ok(), "a week after");
        assert!(matches!(
            ok("2026-11-30T18:00:01+01:00"),
            Err(TimeProblem::AfterStart { .. })
        ));
        assert!(matches!(
            ok("+262142-12-31T23:58:00Z"),
            Err(TimeProblem::OutOfRange { .. })
        ));
        let amended = event(
            "2027-03-01T09:00:00Z",
            EventKind::Retraction { target: EventId(1) },
        );
        assert!(
            check_event(started, &amended).is_ok(),
            "a review months later"
        );
    }

    #[test]
    fn a_session_resumes_within_its_week() {
        let started = time("2026-11-23T18:00:00+01:00");
        assert!(check_resume(started, time("2026-11-24T09:00:00+01:00")).is_ok());
        assert!(matches!(
            check_resume(started, time("2026-12-01T09:00:00+01:00")),
            Err(TimeProblem::AfterStart { .. })
        ));
        assert!(matches!(
            check_resume(started, time("2026-11-20T09:00:00+01:00")),
            Err(TimeProblem::BeforeStart { .. })
        ));
        assert!(matches!(
            check_resume(started, time("2150-01-01T00:00:00Z")),
            Err(TimeProblem::Clock { .. })
        ));
    }

    #[test]
    fn messages_say_how_far_off_a_time_is() {
        let started = time("2026-11-23T07:48:08Z");
        let far = check_event(started, &event("2036-11-23T07:48:08Z", EventKind::Ended));
        let message = far.unwrap_err().message();
        assert!(message.contains("about 10 years after"), "{message}");
        assert!(message.contains("at most 7 days"), "{message}");
        let start = check_start(time("1970-01-01T00:00:00Z")).unwrap_err();
        assert!(
            start
                .message()
                .contains("1970-01-01T00:00:00+00:00, outside 2000-01-01 to 2100-01-01"),
            "{}",
            start.message()
        );
    }

    #[test]
    fn a_window_past_the_end_of_time_ends_there() {
        let near_max = time("+262142-12-31T23:58:00Z");
        assert_eq!(
            later_by(near_max, TimeDelta::minutes(5)),
            DateTime::<Utc>::MAX_UTC.fixed_offset()
        );
        let today = time("2026-11-23T18:00:00+01:00");
        assert_eq!(
            later_by(today, TimeDelta::minutes(5)),
            time("2026-11-23T18:05:00+01:00")
        );
    }
}
