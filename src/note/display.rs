//! How times, spans and shares read in notes and timelines.
//!
//! Times are shown in the offset they were recorded in: a facilitator reading a
//! note sees the clock that hung on the wall of the group room.

use crate::metrics::Millis;
use crate::model::Timestamp;

/// `18:32`: the clock time a note shows (the header names the time zone).
pub fn clock_time(at: Timestamp) -> String {
    hour_minute(at)
}

/// `18:32:05`: the raw event list, where seconds tell events apart.
pub fn clock_seconds(at: Timestamp) -> String {
    at.format("%H:%M:%S").to_string()
}

/// `UTC−05:00`: the offset the session's times are shown in.
pub fn time_zone(at: Timestamp) -> String {
    let offset = at.format("%:z").to_string();
    format!("UTC{}", offset.replacen('-', "−", 1))
}

/// `18:32`
pub fn hour_minute(at: Timestamp) -> String {
    at.format("%H:%M").to_string()
}

/// `2026-11-23`
pub fn calendar_date(at: Timestamp) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// A span read one way only: `45 s`, `4 min 32 s`, `4 min`, `1 h 15 min`,
/// `2 h`; seconds are truncated, like the session clock, and dropped from
/// an hour on. Never `01:15`, which reads as minutes or as hours.
pub fn duration(millis: Millis) -> String {
    let seconds = millis.max(0) / 1000;
    let (hours, minutes, seconds) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (hours, minutes, seconds) {
        (0, 0, seconds) => format!("{seconds} s"),
        (0, minutes, 0) => format!("{minutes} min"),
        (0, minutes, seconds) => format!("{minutes} min {seconds} s"),
        (hours, 0, _) => format!("{hours} h"),
        (hours, minutes, _) => format!("{hours} h {minutes} min"),
    }
}

/// Talk time, a span like any other.
pub fn talk_time(millis: Millis) -> String {
    duration(millis)
}

/// A share of 0..=1 as a percentage with one decimal: `0.4286` -> `42.9%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `seven` -> `Seven`: a sentence or a label starting a line.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A goal rating with its sign: `+1`, `0`, `-2`.
pub fn signed(rating: i8) -> String {
    if rating > 0 {
        format!("+{rating}")
    } else {
        rating.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_one_way() {
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration(45_900), "45 s");
        assert_eq!(duration(307_999), "5 min 7 s");
        assert_eq!(duration(240_000), "4 min");
        assert_eq!(duration(3_599_999), "59 min 59 s");
        assert_eq!(duration(3_907_000), "1 h 5 min");
        assert_eq!(duration(4_500_000), "1 h 15 min");
        assert_eq!(duration(7_200_000), "2 h");
        assert_eq!(duration(-1), "0 s");
        assert_eq!(talk_time(272_000), "4 min 32 s");
    }

    #[test]
    fn clock_times_are_hours_and_minutes_with_the_zone_apart() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-05T18:07:09-05:00").unwrap();
        assert_eq!(clock_time(at), "18:07");
        assert_eq!(clock_seconds(at), "18:07:09");
        assert_eq!(time_zone(at), "UTC−05:00");
    }

    #[test]
    fn ratings_carry_their_sign() {
        assert_eq!(signed(2), "+2");
        assert_eq!(signed(0), "0");
        assert_eq!(signed(-1), "-1");
    }

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(3.0 / 7.0), "42.9%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.0), "0.0%");
    }
}
