//! Agreement between two logs of one session (two observers, or a live log and
//! a diarization of the recording): the floor second by second (percent
//! agreement, Cohen's kappa, the confusion table), the turns scored as speaker
//! diarization (DER with pyannote.metrics' definitions), and the moments
//! matched by kind and members within a time window.
//!
//! Pure functions over plain data: the command line (`cli/compare.rs`) turns
//! sessions and RTTM files into spans, tracks and moment points.

mod der;
mod floor;
mod hungarian;
mod moments;

pub use der::{Der, Track, diarization_error};
pub use floor::{FloorAgreement, FloorSpan, Kappa, floor_agreement};
pub use hungarian::max_weight_assignment;
pub use moments::{KindTally, MomentMatch, MomentPoint, match_moments};

use super::Millis;

/// A half-open stretch of time `start..end`, in milliseconds from a common origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub start: Millis,
    pub end: Millis,
}

impl Interval {
    pub fn new(start: Millis, end: Millis) -> Interval {
        Interval { start, end }
    }

    pub fn len(&self) -> Millis {
        (self.end - self.start).max(0)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// Sorted, merged, non-empty intervals: the union of `intervals`.
pub fn union(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.retain(|i| !i.is_empty());
    intervals.sort_unstable();
    let mut merged: Vec<Interval> = Vec::with_capacity(intervals.len());
    for next in intervals {
        match merged.last_mut() {
            Some(last) if next.start <= last.end => last.end = last.end.max(next.end),
            _ => merged.push(next),
        }
    }
    merged
}

/// `keep` less `remove` (both as unions), sorted and merged.
pub fn subtract(keep: &[Interval], remove: &[Interval]) -> Vec<Interval> {
    let keep = union(keep.to_vec());
    let remove = union(remove.to_vec());
    let mut out = Vec::new();
    let mut r = 0;
    for piece in keep {
        let mut start = piece.start;
        while r < remove.len() && remove[r].end <= start {
            r += 1;
        }
        let mut k = r;
        while k < remove.len() && remove[k].start < piece.end {
            if remove[k].start > start {
                out.push(Interval::new(start, remove[k].start));
            }
            start = start.max(remove[k].end);
            k += 1;
        }
        if start < piece.end {
            out.push(Interval::new(start, piece.end));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn iv(start: Millis, end: Millis) -> Interval {
        Interval::new(start, end)
    }

    #[test]
    fn union_merges_touching_and_overlapping() {
        assert_eq!(
            union(vec![iv(5, 7), iv(0, 2), iv(2, 3), iv(6, 9), iv(4, 4)]),
            [iv(0, 3), iv(5, 9)]
        );
    }

    #[test]
    fn subtract_cuts_holes() {
        assert_eq!(
            subtract(
                &[iv(0, 10), iv(20, 30)],
                &[iv(-5, 1), iv(4, 6), iv(9, 21), iv(29, 40)]
            ),
            [iv(1, 4), iv(6, 9), iv(21, 29)]
        );
        assert_eq!(subtract(&[iv(0, 10)], &[]), [iv(0, 10)]);
    }
}
