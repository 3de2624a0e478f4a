//! The floor compared second by second. Each whole second of the common span
//! is labelled, in each log, by who held the floor at its middle (a holder,
//! crosstalk or silence); a second whose middle falls in a break (or outside
//! what was logged) in either log is left out. Over the seconds left: percent
//! agreement, Cohen's kappa and the confusion table (rows the first log,
//! columns the second).
//!
//! Kappa = (p_o − p_e) / (1 − p_e), with p_o the share of seconds both logs
//! label alike and p_e = Σ_k (row_k / n)(col_k / n) the agreement expected by
//! chance from each log's own shares. When both logs use one and the same
//! category throughout, p_e = 1 and kappa is undefined (0/0): it is reported
//! as not applicable, with the reason, never as 0 or 1.

use super::Interval;
use crate::metrics::Millis;
use serde::Serialize;
use std::collections::BTreeMap;

/// Who held the floor over `start..end`; `None` while on a break (not compared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorSpan {
    pub start: Millis,
    pub end: Millis,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Kappa {
    Value { kappa: f64 },
    NotApplicable { reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FloorAgreement {
    /// Row and column labels of `confusion`.
    pub categories: Vec<String>,
    /// `confusion[a][b]`: seconds the first log labels `categories[a]` and the second `categories[b]`.
    pub confusion: Vec<Vec<u64>>,
    /// Seconds compared.
    pub seconds: u64,
    /// Whole seconds of the span left out: a break (or nothing logged) in either log.
    pub excluded: u64,
    /// Share of the seconds compared on which both agree (0..=1); `None` with no second.
    pub agreement: Option<f64>,
    pub kappa: Kappa,
}

const SECOND: Millis = 1000;

/// Compares `a` and `b` (each sorted by time, not overlapping) over the whole
/// seconds of `span`. Categories are listed alphabetically, except those in
/// `last`, which come after the others in that order (crosstalk, silence).
pub fn floor_agreement(
    a: &[FloorSpan],
    b: &[FloorSpan],
    span: Interval,
    last: &[&str],
) -> FloorAgreement {
    let mut pairs: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut excluded = 0u64;
    let (mut ia, mut ib) = (0usize, 0usize);
    let mut second = span.start;
    while second + SECOND <= span.end {
        let middle = second + SECOND / 2;
        match (label_at(a, &mut ia, middle), label_at(b, &mut ib, middle)) {
            (Some(x), Some(y)) => *pairs.entry((x, y)).or_insert(0) += 1,
            _ => excluded += 1,
        }
        second += SECOND;
    }
    let mut categories: Vec<&str> = pairs.keys().flat_map(|(x, y)| [*x, *y]).collect();
    categories.sort_unstable_by_key(|c| (last.iter().position(|l| l == c), *c));
    categories.dedup();
    let index = |c: &str| categories.iter().position(|k| *k == c).unwrap_or(0);
    let mut confusion = vec![vec![0u64; categories.len()]; categories.len()];
    for ((x, y), n) in &pairs {
        confusion[index(x)][index(y)] += n;
    }
    let seconds: u64 = pairs.values().sum();
    let agreed: u64 = (0..categories.len()).map(|k| confusion[k][k]).sum();
    FloorAgreement {
        kappa: kappa(&confusion, &categories),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        confusion,
        seconds,
        excluded,
        agreement: (seconds > 0).then(|| agreed as f64 / seconds as f64),
    }
}

/// The label at `at`, moving `cursor` forward (calls come in time order).
fn label_at<'a>(spans: &'a [FloorSpan], cursor: &mut usize, at: Millis) -> Option<&'a str> {
    while *cursor < spans.len() && spans[*cursor].end <= at {
        *cursor += 1;
    }
    let span = spans.get(*cursor)?;
    if span.start <= at {
        span.label.as_deref()
    } else {
        None
    }
}

/// Cohen's kappa of a square confusion table.
pub fn kappa(confusion: &[Vec<u64>], categories: &[&str]) -> Kappa {
    let k = confusion.len();
    let n: u64 = confusion.iter().flatten().sum();
    if n == 0 {
        return Kappa::NotApplicable {
            reason: "no second to compare".into(),
        };
    }
    let rows: Vec<u64> = confusion.iter().map(|row| row.iter().sum()).collect();
    let cols: Vec<u64> = (0..k)
        .map(|j| confusion.iter().map(|row| row[j]).sum())
        .collect();
    let agreed: u64 = (0..k).map(|i| confusion[i][i]).sum();
    // Exact, in integers: p_e = 1 exactly when Σ row·col = n².
    let chance: u128 = (0..k).map(|i| rows[i] as u128 * cols[i] as u128).sum();
    let n2 = n as u128 * n as u128;
    if chance == n2 {
        let only = categories.get(rows.iter().position(|r| *r > 0).unwrap_or(0));
        return Kappa::NotApplicable {
            reason: format!(
                "both logs say {} throughout: chance agreement is already 100%, so kappa is 0/0",
                only.copied().unwrap_or("one thing")
            ),
        };
    }
    let po = agreed as f64 / n as f64;
    let pe = chance as f64 / n2 as f64;
    Kappa::Value {
        kappa: (po - pe) / (1.0 - pe),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn span(start: Millis, end: Millis, label: Option<&str>) -> FloorSpan {
        FloorSpan {
            start,
            end,
            label: label.map(str::to_string),
        }
    }

    fn value(kappa: &Kappa) -> f64 {
        match kappa {
            Kappa::Value { kappa } => *kappa,
            Kappa::NotApplicable { reason } => panic!("n/a: {reason}"),
        }
    }

    /// By hand, 10 s: A = ana 0–4, ben 4–8, silence 8–10;
    /// B = ana 0–3, ben 3–8, silence 8–9, ana 9–10.
    /// Seconds (by their middles): 0,1,2 ana/ana; 3 ana/ben; 4..7 ben/ben;
    /// 8 silence/silence; 9 silence/ana.
    /// Table (rows A: ana, ben, silence): [3 1 0; 0 4 0; 1 0 1], n = 10.
    /// p_o = 8/10. Rows 4,4,2; columns 4,5,1: p_e = (16+20+2)/100 = 0.38.
    /// kappa = (0.8 − 0.38)/(0.62) = 0.42/0.62 = 0.677419…
    #[test]
    fn a_hand_worked_table() {
        let a = [
            span(0, 4000, Some("ana")),
            span(4000, 8000, Some("ben")),
            span(8000, 10_000, Some("silence")),
        ];
        let b = [
            span(0, 3000, Some("ana")),
            span(3000, 8000, Some("ben")),
            span(8000, 9000, Some("silence")),
            span(9000, 10_000, Some("ana")),
        ];
        let f = floor_agreement(&a, &b, Interval::new(0, 10_000), &["crosstalk", "silence"]);
        assert_eq!(f.categories, ["ana", "ben", "silence"]);
        assert_eq!(f.confusion, [vec![3, 1, 0], vec![0, 4, 0], vec![1, 0, 1]]);
        assert_eq!((f.seconds, f.excluded), (10, 0));
        assert!((f.agreement.unwrap() - 0.8).abs() < 1e-12);
        assert!((value(&f.kappa) - 0.42 / 0.62).abs() < 1e-12);
    }

    /// Perfect agreement: kappa 1. No agreement at all: A says ana where B
    /// says ben and the other way round, 5 s each: p_o = 0, p_e = 0.5, kappa −1.
    #[test]
    fn perfect_and_no_agreement() {
        let a = [span(0, 5000, Some("ana")), span(5000, 10_000, Some("ben"))];
        let same = floor_agreement(&a, &a, Interval::new(0, 10_000), &[]);
        assert_eq!(same.agreement, Some(1.0));
        assert_eq!(value(&same.kappa), 1.0);
        let b = [span(0, 5000, Some("ben")), span(5000, 10_000, Some("ana"))];
        let none = floor_agreement(&a, &b, Interval::new(0, 10_000), &[]);
        assert_eq!(none.agreement, Some(0.0));
        assert!((value(&none.kappa) + 1.0).abs() < 1e-12);
    }

    #[test]
    fn one_category_throughout_has_no_kappa_and_breaks_are_left_out() {
        let a = [
            span(0, 3000, Some("silence")),
            span(3000, 5000, None),
            span(5000, 6000, Some("silence")),
        ];
        let b = [span(0, 6000, Some("silence"))];
        let f = floor_agreement(&a, &b, Interval::new(0, 6500), &[]);
        assert_eq!(
            (f.seconds, f.excluded),
            (4, 2),
            "the half second at the end is not a second"
        );
        assert_eq!(f.agreement, Some(1.0));
        match f.kappa {
            Kappa::NotApplicable { reason } => assert!(reason.contains("silence"), "{reason}"),
            Kappa::Value { kappa } => panic!("kappa {kappa} of one category"),
        }
        let empty = floor_agreement(&a, &b, Interval::new(3000, 5000), &[]);
        assert_eq!((empty.seconds, empty.agreement), (0, None));
        assert!(matches!(empty.kappa, Kappa::NotApplicable { .. }));
    }
}
