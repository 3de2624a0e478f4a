//! Diarization error rate, as pyannote.metrics 3.2 computes it
//! (`DiarizationErrorRate(collar=…, skip_overlap=False)`):
//!
//! 1. the scored region is the UEM less a collar around every boundary of
//!    every reference segment: `collar` is the whole width, half of it on each
//!    side of the boundary (pyannote's `extrude`);
//! 2. both annotations are cropped to it;
//! 3. hypothesis labels are mapped one-to-one to reference labels so as to
//!    maximise the time they overlap (the Hungarian algorithm); a hypothesis
//!    label left unmapped never matches;
//! 4. over every stretch where the set of active segments is constant, with
//!    `r` reference and `h` hypothesis segments active and `c` of them
//!    matching: total += r, correct += c, confusion += min(r, h) − c,
//!    missed += max(0, r − h), false alarm += max(0, h − r), each times the
//!    stretch's length. Overlapping speech counts once per speaker.
//!
//! DER = (missed + false alarm + confusion) / total. Times are whole
//! milliseconds; inside, microseconds, so that half a collar is exact.

use super::{Interval, max_weight_assignment, subtract, union};
use crate::metrics::Millis;
use serde::Serialize;
use std::collections::HashMap;

/// One segment of speech by one speaker (an RTTM SPEAKER line, or one turn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub label: String,
    pub start: Millis,
    pub end: Millis,
}

/// DER and its parts, in seconds (`total` is the reference speech scored,
/// counted once per speaker).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Der {
    /// `None` when the reference has no speech in the scored region (pyannote
    /// would say 0 or 1 there; a rate of nothing is not a figure).
    pub rate: Option<f64>,
    pub total: f64,
    pub correct: f64,
    pub missed: f64,
    pub false_alarm: f64,
    pub confusion: f64,
    /// Length of the scored region: the UEM less the collars.
    pub scored: f64,
    pub collar: f64,
    /// Hypothesis label -> reference label, by the optimal mapping.
    pub mapping: Vec<(String, String)>,
}

const US_PER_MS: i64 = 1000;

/// Scores `hypothesis` against `reference` over `uem` (see the module's text).
pub fn diarization_error(
    reference: &[Track],
    hypothesis: &[Track],
    uem: &[Interval],
    collar: Millis,
) -> Der {
    let micros = |i: Interval| Interval::new(i.start * US_PER_MS, i.end * US_PER_MS);
    let uem: Vec<Interval> = union(uem.iter().copied().map(micros).collect());
    let half = collar.max(0) * US_PER_MS / 2;
    let scored = if half > 0 {
        let collars: Vec<Interval> = reference
            .iter()
            .flat_map(|t| {
                let (s, e) = (t.start * US_PER_MS, t.end * US_PER_MS);
                [
                    Interval::new(s - half, s + half),
                    Interval::new(e - half, e + half),
                ]
            })
            .collect();
        subtract(&uem, &collars)
    } else {
        uem
    };
    let (ref_labels, ref_pieces) = crop(reference, &scored);
    let (hyp_labels, hyp_pieces) = crop(hypothesis, &scored);

    // Co-occurrence of each hypothesis label with each reference label.
    let mut cooccurrence = vec![vec![0i64; ref_labels.len()]; hyp_labels.len()];
    sweep(
        &ref_pieces,
        &hyp_pieces,
        ref_labels.len(),
        hyp_labels.len(),
        &mut |d, r, h| {
            for (j, &hn) in h.iter().enumerate().filter(|(_, n)| **n > 0) {
                for (i, &rn) in r.iter().enumerate().filter(|(_, n)| **n > 0) {
                    cooccurrence[j][i] += d * hn * rn;
                }
            }
        },
    );
    let mut mapped: Vec<Option<usize>> = vec![None; hyp_labels.len()];
    for (j, i) in max_weight_assignment(&cooccurrence) {
        if cooccurrence[j][i] > 0 {
            mapped[j] = Some(i);
        }
    }

    let (mut total, mut correct, mut missed, mut false_alarm, mut confusion) = (0, 0, 0, 0, 0);
    let mut as_ref = vec![0i64; ref_labels.len()];
    sweep(
        &ref_pieces,
        &hyp_pieces,
        ref_labels.len(),
        hyp_labels.len(),
        &mut |d, r, h| {
            let nr: i64 = r.iter().sum();
            let nh: i64 = h.iter().sum();
            as_ref.iter_mut().for_each(|n| *n = 0);
            for (j, &hn) in h.iter().enumerate() {
                if let Some(i) = mapped[j] {
                    as_ref[i] += hn;
                }
            }
            let c: i64 = r.iter().zip(&as_ref).map(|(a, b)| *a.min(b)).sum();
            total += d * nr;
            correct += d * c;
            confusion += d * (nr.min(nh) - c);
            missed += d * (nr - nh).max(0);
            false_alarm += d * (nh - nr).max(0);
        },
    );
    let seconds = |us: i64| us as f64 / 1e6;
    let mapping = mapped
        .iter()
        .enumerate()
        .filter_map(|(j, i)| i.map(|i| (hyp_labels[j].clone(), ref_labels[i].clone())))
        .collect();
    Der {
        rate: (total > 0).then(|| (missed + false_alarm + confusion) as f64 / total as f64),
        total: seconds(total),
        correct: seconds(correct),
        missed: seconds(missed),
        false_alarm: seconds(false_alarm),
        confusion: seconds(confusion),
        scored: seconds(scored.iter().map(Interval::len).sum()),
        collar: collar as f64 / 1000.0,
        mapping,
    }
}

/// The tracks cut to `scored` (microseconds), as (label index, piece); the
/// labels in order of first appearance among the pieces left.
fn crop(tracks: &[Track], scored: &[Interval]) -> (Vec<String>, Vec<(usize, Interval)>) {
    let mut labels: Vec<String> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut pieces = Vec::new();
    for track in tracks {
        let (s, e) = (track.start * US_PER_MS, track.end * US_PER_MS);
        let first = scored.partition_point(|piece| piece.end <= s);
        for piece in scored[first..].iter().take_while(|piece| piece.start < e) {
            let cut = Interval::new(s.max(piece.start), e.min(piece.end));
            if cut.is_empty() {
                continue;
            }
            let label = *index.entry(track.label.as_str()).or_insert_with(|| {
                labels.push(track.label.clone());
                labels.len() - 1
            });
            pieces.push((label, cut));
        }
    }
    (labels, pieces)
}

/// What `sweep` calls for each stretch: its length and the active counts.
type Stretch<'a> = dyn FnMut(i64, &[i64], &[i64]) + 'a;

/// Calls `each(length, active reference counts, active hypothesis counts)` for
/// every stretch between consecutive boundaries where something is active.
fn sweep(
    reference: &[(usize, Interval)],
    hypothesis: &[(usize, Interval)],
    ref_labels: usize,
    hyp_labels: usize,
    each: &mut Stretch<'_>,
) {
    // (time, +1 or -1, side: 0 reference / 1 hypothesis, label)
    let mut edges: Vec<(i64, i64, u8, usize)> =
        Vec::with_capacity(2 * (reference.len() + hypothesis.len()));
    for (side, pieces) in [(0u8, reference), (1u8, hypothesis)] {
        for &(label, piece) in pieces {
            edges.push((piece.start, 1, side, label));
            edges.push((piece.end, -1, side, label));
        }
    }
    edges.sort_unstable();
    let mut r = vec![0i64; ref_labels];
    let mut h = vec![0i64; hyp_labels];
    let mut active = 0i64;
    let mut at = edges.first().map_or(0, |e| e.0);
    for (time, delta, side, label) in edges {
        if time > at && active > 0 {
            each(time - at, &r, &h);
        }
        at = time;
        active += delta;
        match side {
            0 => r[label] += delta,
            _ => h[label] += delta,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(label: &str, start: Millis, end: Millis) -> Track {
        Track {
            label: label.into(),
            start,
            end,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Worked by hand, 0–10 s scored, no collar:
    /// reference: A 0–4, B 4–8, A 6–7 (A overlaps B);
    /// hypothesis: x 0–3, y 3–8, z 9–10.
    /// Co-occurrence: x·A 3, y·A 1+1 = 2, y·B 4 -> x→A, y→B.
    /// 0–3: r{A} h{x→A}: correct 3. 3–4: r{A} h{y→B}: confusion 1.
    /// 4–6: r{B} h{y}: correct 2. 6–7: r{A,B} h{y}: total 2, correct 1, missed 1.
    /// 7–8: r{B} h{y}: correct 1. 9–10: h{z}: false alarm 1.
    /// total 9, correct 7, confusion 1, missed 1, false alarm 1: DER 3/9.
    #[test]
    fn a_hand_worked_example() {
        let reference = [t("A", 0, 4000), t("B", 4000, 8000), t("A", 6000, 7000)];
        let hypothesis = [t("x", 0, 3000), t("y", 3000, 8000), t("z", 9000, 10_000)];
        let der = diarization_error(&reference, &hypothesis, &[Interval::new(0, 10_000)], 0);
        assert!(close(der.total, 9.0), "{der:?}");
        assert!(close(der.correct, 7.0));
        assert!(close(der.confusion, 1.0));
        assert!(close(der.missed, 1.0));
        assert!(close(der.false_alarm, 1.0));
        assert!(close(der.rate.unwrap(), 3.0 / 9.0));
        assert_eq!(
            der.mapping,
            [
                ("x".to_string(), "A".to_string()),
                ("y".to_string(), "B".to_string())
            ]
        );
    }

    /// The same with a 0.5 s collar: 0.25 s removed each side of every
    /// reference boundary (0, 4, 8, 6, 7): scored 0.25–3.75, 4.25–5.75,
    /// 6.25–6.75, 7.25–7.75, 8.25–10 = 3.5+1.5+0.5+0.5+1.75 = 7.75 s.
    /// 0.25–3: correct 2.75; 3–3.75 confusion 0.75; 4.25–5.75 correct 1.5;
    /// 6.25–6.75 total 1, correct 0.5, missed 0.5; 7.25–7.75 correct 0.5;
    /// 9–10 false alarm 1. total 2.75+0.75+1.5+1+0.5 = 6.5, correct
    /// 2.75+1.5+0.5+0.5 = 5.25.
    #[test]
    fn the_collar_is_half_on_each_side_of_every_reference_boundary() {
        let reference = [t("A", 0, 4000), t("B", 4000, 8000), t("A", 6000, 7000)];
        let hypothesis = [t("x", 0, 3000), t("y", 3000, 8000), t("z", 9000, 10_000)];
        let der = diarization_error(&reference, &hypothesis, &[Interval::new(0, 10_000)], 500);
        assert!(close(der.scored, 7.75), "{der:?}");
        assert!(close(der.total, 6.5), "{der:?}");
        assert!(close(der.correct, 5.25));
        assert!(close(der.confusion, 0.75));
        assert!(close(der.missed, 0.5));
        assert!(close(der.false_alarm, 1.0));
    }

    #[test]
    fn identical_logs_score_zero_and_disjoint_ones_all_error() {
        let reference = [t("A", 0, 2000), t("B", 2000, 5000)];
        let renamed = [t("p", 0, 2000), t("q", 2000, 5000)];
        let uem = [Interval::new(0, 5000)];
        let same = diarization_error(&reference, &renamed, &uem, 250);
        assert_eq!(same.rate, Some(0.0));
        let silent = diarization_error(&reference, &[], &uem, 0);
        assert_eq!(silent.rate, Some(1.0));
        assert!(close(silent.missed, 5.0));
        let nothing = diarization_error(&[], &renamed, &uem, 0);
        assert_eq!(nothing.rate, None);
        assert!(close(nothing.false_alarm, 5.0));
    }
}
