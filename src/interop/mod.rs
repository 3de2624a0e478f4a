//! Sessions in and out of other tools' formats: RTTM (the output of
//! speaker-diarization tools) in; CSV, JSON, RTTM and UEM out.
//!
//! Pure functions: text in, text or a session out. Reading and writing files is
//! the command line's job (`cli/import.rs`, `cli/export.rs`).

pub mod export;
pub mod rttm;

/// The RTTM speaker label of the facilitator's turns, written on export and mapped
/// back to the facilitator on import, so that a round trip keeps worker turns.
pub const FACILITATOR_LABEL: &str = "facilitator";

/// The RTTM speaker label of the co-facilitator's turns (see [`FACILITATOR_LABEL`]).
pub const CO_FACILITATOR_LABEL: &str = "co-facilitator";

/// `1049355` -> `"1049.355"`: seconds with exactly three decimals, from whole
/// milliseconds without going through floating point (so nothing is rounded twice).
pub fn seconds_text(millis: crate::metrics::Millis) -> String {
    let sign = if millis < 0 { "-" } else { "" };
    let magnitude = millis.unsigned_abs();
    format!("{sign}{}.{:03}", magnitude / 1000, magnitude % 1000)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn seconds_have_three_decimals() {
        assert_eq!(seconds_text(0), "0.000");
        assert_eq!(seconds_text(370), "0.370");
        assert_eq!(seconds_text(1_049_355), "1049.355");
        assert_eq!(seconds_text(-5), "-0.005");
    }
}
