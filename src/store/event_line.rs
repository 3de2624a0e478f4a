//! One event line of a session file read into an `Event`.
//!
//! Most lines of a record are turns — `(id:7,at:"…",by:Facilitator,kind:Floor(Member("ana")))`
//! — written by groupscribe in exactly one shape. Those are read here by hand,
//! five to ten times faster than RON reads them (RON's parser is general: any
//! whitespace, comments, field order, raw strings, escapes). Anything that is
//! not exactly that shape — another kind of event, a line edited by hand, a
//! space, an escape, a field out of order — is left to RON, so what is read,
//! and every error with its line and column, is RON's.
//!
//! The fast path only ever accepts a line RON reads as the same event: tested
//! on every shape it accepts, and on mutations of them (`tests` below).

use super::StoreError;
use crate::diag::ron_text;
use crate::model::{Author, Event, EventId, EventKind, Floor, MemberId, Timestamp};
use std::path::Path;

/// Reads line `index` (0-based) of `path`.
pub fn parse(path: &Path, line: &str, index: usize) -> Result<Event, StoreError> {
    match turn(line) {
        Some(event) => Ok(event),
        None => ron_text::parse(path, line, index),
    }
}

/// A turn written in groupscribe's own shape, or `None` for anything else.
pub fn turn(line: &str) -> Option<Event> {
    let rest = line.strip_prefix("(id:")?;
    let (id, rest) = number(rest)?;
    let rest = rest.strip_prefix(",at:\"")?;
    let (at, rest) = rest.split_once('"')?;
    let at = timestamp(at)?;
    let rest = rest.strip_prefix(",by:")?;
    let (by, rest) = author(rest)?;
    let rest = rest.strip_prefix(",kind:Floor(")?;
    let (holder, rest) = holder(rest)?;
    (rest == "))").then_some(Event {
        id: EventId(id),
        at,
        by,
        kind: EventKind::Floor(holder),
    })
}

/// A `u32` as RON writes it: digits, no sign, no leading zero.
fn number(text: &str) -> Option<(u32, &str)> {
    let end = text
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    let digits = &text[..end];
    if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
        return None;
    }
    Some((digits.parse().ok()?, &text[end..]))
}

/// The time as chrono reads it for serde (`FromStr`). A time exactly as
/// groupscribe writes it (`2026-11-23T18:00:07.315Z`, or `+01:00` for the
/// zone) is read digit by digit and made by chrono's own constructors; any
/// other time (a leap second, another year's width, a space, a lowercase
/// `z`) is left to chrono's parser, and anything not made of a time's
/// characters at all to RON.
fn timestamp(text: &str) -> Option<Timestamp> {
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'.' | b'T' | b'Z' | b'+'));
    if !plain {
        return None;
    }
    written_time(text.as_bytes()).or_else(|| text.parse().ok())
}

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction of 1 to 9 digits, then `Z` or
/// `±HH:MM`; `None` for anything else, or a value chrono's constructors refuse.
fn written_time(text: &[u8]) -> Option<Timestamp> {
    use chrono::{FixedOffset, NaiveDate, TimeZone as _};
    let digits = |from: usize, len: usize| -> Option<u32> {
        let part = text.get(from..from + len)?;
        part.iter().try_fold(0u32, |value, &b| {
            b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
        })
    };
    let at = |index: usize, byte: u8| text.get(index) == Some(&byte);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let year = digits(0, 4)?;
    let (month, day) = (digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    // Leap seconds and four-digit years below 1000 are chrono's parser's.
    if second > 59 || year < 1000 {
        return None;
    }
    let mut rest = 19;
    let mut nanos = 0;
    if at(rest, b'.') {
        let width = text[rest + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if width == 0 || width > 9 {
            return None;
        }
        nanos = digits(rest + 1, width)? * 10u32.pow(9 - width as u32);
        rest += 1 + width;
    }
    let offset = match &text[rest..] {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (digits(rest + 1, 2)?, digits(rest + 4, 2)?);
            if hours > 23 || minutes > 59 || (*sign == b'-' && hours == 0 && minutes == 0) {
                return None;
            }
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    FixedOffset::east_opt(offset)?
        .from_local_datetime(&local)
        .single()
}

fn author(text: &str) -> Option<(Author, &str)> {
    // Longest first: "CoFacilitator" does not start with "Facilitator", but
    // keep the order safe for any names added later.
    [
        ("CoFacilitator", Author::CoFacilitator),
        ("Facilitator", Author::Facilitator),
        ("Supervisor", Author::Supervisor),
    ]
    .into_iter()
    .find_map(|(word, author)| text.strip_prefix(word).map(|rest| (author, rest)))
}

fn holder(text: &str) -> Option<(Floor, &str)> {
    if let Some(rest) = text.strip_prefix("Member(\"") {
        let (id, rest) = rest.split_once('"')?;
        // Printable ASCII with nothing RON would read as an escape; any other
        // id (accents, spaces, escapes) is read by RON.
        let plain = !id.is_empty() && id.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
        let rest = rest.strip_prefix(')')?;
        return plain.then(|| (Floor::Member(MemberId::new(id)), rest));
    }
    [
        ("CoFacilitator", Floor::CoFacilitator),
        ("Facilitator", Floor::Facilitator),
        ("Crosstalk", Floor::Crosstalk),
        ("Silence", Floor::Silence),
    ]
    .into_iter()
    .find_map(|(word, floor)| text.strip_prefix(word).map(|rest| (floor, rest)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_ron(line: &str) -> Result<Event, StoreError> {
        ron_text::parse(Path::new("s.ron"), line, 3)
    }

    fn written(event: &Event) -> String {
        let line = ron_text::to_line(Path::new("s.ron"), event).unwrap();
        line.trim_end_matches('\n').to_string()
    }

    fn floor() -> impl Strategy<Value = Floor> {
        prop_oneof![
            // Ids as rosters make them, and ones only RON can read.
            "[a-z][a-z0-9_-]{0,11}".prop_map(|id| Floor::Member(MemberId::new(id))),
            "[ -~]{0,6}".prop_map(|id| Floor::Member(MemberId::new(id))),
            ".{0,4}".prop_map(|id| Floor::Member(MemberId::new(id))),
            Just(Floor::Facilitator),
            Just(Floor::CoFacilitator),
            Just(Floor::Crosstalk),
            Just(Floor::Silence),
        ]
    }

    fn turn_event() -> impl Strategy<Value = Event> {
        (
            any::<u32>(),
            // 1900..2100, to the millisecond or the second, in zones east and west.
            -2_208_988_800_000i64..4_102_444_800_000,
            any::<bool>(),
            -14i32 * 3600..=14 * 3600,
            0usize..3,
            floor(),
        )
            .prop_map(|(id, millis, whole, offset, by, floor)| {
                let millis = if whole { millis / 1000 * 1000 } else { millis };
                let zone = chrono::FixedOffset::east_opt(offset / 60 * 60).unwrap();
                let at = chrono::DateTime::from_timestamp_millis(millis)
                    .unwrap()
                    .with_timezone(&zone);
                Event {
                    id: EventId(id),
                    at,
                    by: [
                        Author::Facilitator,
                        Author::CoFacilitator,
                        Author::Supervisor,
                    ][by],
                    kind: EventKind::Floor(floor),
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Every turn groupscribe writes reads back as RON reads it; the
        /// plain ones (most of a record) by the fast path.
        #[test]
        fn a_written_turn_reads_as_ron_reads_it(event in turn_event()) {
            let line = written(&event);
            let expected = by_ron(&line).unwrap();
            prop_assert_eq!(&expected, &event);
            prop_assert_eq!(parse(Path::new("s.ron"), &line, 3).unwrap(), event.clone());
            if let Some(fast) = turn(&line) {
                prop_assert_eq!(fast, event);
            } else {
                // Written without an escape (RON escapes `"`, `\\` and `'`).
                let plain = match &event.kind {
                    EventKind::Floor(Floor::Member(id)) => {
                        !id.as_str().is_empty()
                            && !line.contains('\\')
                            && id.as_str().bytes().all(|b| b.is_ascii_graphic())
                    }
                    _ => true,
                };
                prop_assert!(!plain, "a plain turn missed the fast path: {}", line);
            }
        }

        /// A line changed anywhere (a byte replaced, added or cut): the fast
        /// path either leaves it to RON or reads exactly what RON reads.
        #[test]
        fn a_changed_line_is_read_as_ron_reads_it_or_left_to_ron(
            event in turn_event(),
            edits in proptest::collection::vec((any::<usize>(), 0u8..3, 0usize..CHARS.len()), 1..4),
        ) {
            let mut line = written(&event).into_bytes();
            for (at, how, with) in edits {
                let at = at % (line.len() + 1);
                let with = CHARS[with];
                match how {
                    0 if at < line.len() => line[at] = with,
                    1 => line.insert(at, with),
                    _ if at < line.len() => { line.remove(at); }
                    _ => line.push(with),
                }
            }
            let Ok(line) = String::from_utf8(line) else { return Ok(()) };
            if let Some(fast) = turn(&line) {
                match by_ron(&line) {
                    Ok(expected) => prop_assert_eq!(fast, expected, "{}", line),
                    Err(error) => prop_assert!(false, "the fast path read {line} which RON refuses: {error}"),
                }
            }
        }
    }

    /// Time-shaped text: each field a little beyond its range (month 0 to
    /// 13, second 0 to 61, …), a fraction of any width, a zone in each form,
    /// and now and then a character changed.
    fn time_text() -> impl Strategy<Value = String> {
        (
            (0u32..10_000, 0u32..14, 0u32..33),
            (0u32..25, 0u32..61, 0u32..62),
            prop_oneof![Just(String::new()), "\\.[0-9]{0,11}"],
            prop_oneof![
                Just("Z".to_string()),
                (any::<bool>(), 0u32..25, 0u32..61).prop_map(|(minus, h, m)| format!(
                    "{}{h:02}:{m:02}",
                    if minus { '-' } else { '+' }
                )),
                "[+-][0-9]{4}",
                "[Z+:.-]{0,2}",
            ],
            proptest::collection::vec((0usize..25, "[-:.TZ+0-9]"), 0..2),
        )
            .prop_map(|((y, mo, d), (h, mi, sec), fraction, zone, edits)| {
                let mut text =
                    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}{fraction}{zone}")
                        .into_bytes();
                for (at, with) in edits {
                    if at < text.len() {
                        text[at] = with.as_bytes()[0];
                    }
                }
                String::from_utf8(text).unwrap()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// A time read digit by digit is the time chrono's parser reads.
        #[test]
        fn a_time_read_by_hand_is_the_time_chrono_reads(text in time_text()) {
            if let Some(fast) = written_time(text.as_bytes()) {
                let parsed: Result<Timestamp, _> = text.parse();
                prop_assert_eq!(Ok(fast), parsed.map_err(|e| e.to_string()), "{}", text);
            }
        }

        /// Every time groupscribe writes is read by hand, not left to chrono.
        #[test]
        fn every_time_groupscribe_writes_is_read_by_hand(event in turn_event()) {
            let line = written(&event);
            let at = line.split('"').nth(1).unwrap();
            prop_assert_eq!(written_time(at.as_bytes()), Some(event.at), "{}", at);
        }
    }

    /// What edits are made of: the line's own punctuation and letters, digits,
    /// a space and an escape.
    const CHARS: &[u8] = b"0123456789(),:\"\\ .-+TZeaMFCSr_/\t";

    #[test]
    fn other_events_and_hand_edited_turns_are_left_to_ron() {
        for line in [
            r#"(id:5,at:"2026-11-23T18:00:11.663Z",by:Facilitator,kind:Moment((what:Note,members:[],text:None)))"#,
            r#"(id:3, at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Member("gus")))"#,
            r#"(at:"2026-11-23T18:00:07.315Z",id:3,by:Facilitator,kind:Floor(Member("gus")))"#,
            r#"(id:03,at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Member("gus")))"#,
            r#"(id:3,at:"2026-11-23 18:00:07.315Z",by:Facilitator,kind:Floor(Member("gus")))"#,
            r#"(id:3,at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Member("g\u{75}s")))"#,
            r#"(id:3,at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Member(r"gus")))"#,
            r#"(id:3,at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Member("gus")))//"#,
            r#"(id:4294967296,at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Silence))"#,
            r#"(id:3,at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Member("")))"#,
        ] {
            assert_eq!(turn(line), None, "{line}");
        }
        // What RON makes of them is what `parse` returns, errors included.
        let hand = r#"(id:3, at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Member("g\u{75}s")))"#;
        let event = parse(Path::new("s.ron"), hand, 3).unwrap();
        assert_eq!(
            event.kind,
            EventKind::Floor(Floor::Member(MemberId::new("gus")))
        );
        let broken =
            r#"(id:3,at:"2026-11-23T18:00:07.315Z",by:Facilitator,kind:Floor(Membr("gus")))"#;
        assert_eq!(
            parse(Path::new("s.ron"), broken, 3)
                .unwrap_err()
                .to_string(),
            by_ron(broken).unwrap_err().to_string()
        );
    }

    #[test]
    fn a_plain_turn_takes_the_fast_path() {
        let line = r#"(id:4294967295,at:"2026-11-23T18:00:07.315+01:00",by:CoFacilitator,kind:Floor(Member("gus")))"#;
        let event = turn(line).unwrap();
        assert_eq!(event, by_ron(line).unwrap());
        assert_eq!(event.id, EventId(u32::MAX));
        assert_eq!(event.by, Author::CoFacilitator);
        for (holder, floor) in [
            ("Facilitator", Floor::Facilitator),
            ("CoFacilitator", Floor::CoFacilitator),
            ("Crosstalk", Floor::Crosstalk),
            ("Silence", Floor::Silence),
        ] {
            let line =
                format!(r#"(id:1,at:"2026-11-23T18:00:00Z",by:Supervisor,kind:Floor({holder}))"#);
            assert_eq!(
                turn(&line).map(|event| event.kind),
                Some(EventKind::Floor(floor))
            );
        }
    }
}
