//! How times, spans and shares read in notes and timelines.
//!
//! Times are shown in the offset they were recorded in: a facilitator reading a
//! note sees the clock that hung on the wall of the group room.

use crate::metrics::{Millis, format_clock};
use crate::model::Timestamp;

/// `18:32:05`
pub fn clock_time(at: Timestamp) -> String {
    at.format("%H:%M:%S").to_string()
}

/// `18:32`
pub fn hour_minute(at: Timestamp) -> String {
    at.format("%H:%M").to_string()
}

/// `2026-11-23`
pub fn calendar_date(at: Timestamp) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// `05:07` below an hour, `01:05:07` from an hour on; seconds are truncated,
/// like the session clock.
pub fn talk_time(millis: Millis) -> String {
    let seconds = millis.max(0) / 1000;
    if seconds < 3600 {
        format!("{:02}:{:02}", seconds / 60, seconds % 60)
    } else {
        format_clock(millis)
    }
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
    fn talk_time_switches_to_hours_only_when_needed() {
        assert_eq!(talk_time(0), "00:00");
        assert_eq!(talk_time(307_999), "05:07");
        assert_eq!(talk_time(3_599_999), "59:59");
        assert_eq!(talk_time(3_907_000), "01:05:07");
        assert_eq!(talk_time(-1), "00:00");
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
