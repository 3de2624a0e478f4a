//! Moments matched between two logs: a moment of A and one of B match when
//! they are of the same kind, name the same members (in any order) and lie
//! at most `window` apart. Among all such pairs the closest in time are taken
//! first (ties: earlier in A, then earlier in B), each moment matching at most
//! once. Agreement = 2 × matched / (moments in A + moments in B): 1 when every
//! moment has its match, 0 when none does.

use crate::metrics::Millis;
use serde::Serialize;

/// One moment as the matching sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentPoint<K> {
    /// Milliseconds from the common origin.
    pub at: Millis,
    pub kind: K,
    /// Member ids, in any order.
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindTally<K> {
    pub kind: K,
    pub matched: usize,
    pub only_a: usize,
    pub only_b: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MomentMatch<K> {
    /// Matched pairs, as positions in A and in B, in A's order.
    pub pairs: Vec<(usize, usize)>,
    /// Positions of the moments without a match.
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
    /// Per kind, in order of first appearance (A, then B).
    pub per_kind: Vec<KindTally<K>>,
    /// `None` when neither log has a moment.
    pub agreement: Option<f64>,
}

pub fn match_moments<K: PartialEq + Clone>(
    a: &[MomentPoint<K>],
    b: &[MomentPoint<K>],
    window: Millis,
) -> MomentMatch<K> {
    let sorted_members = |p: &MomentPoint<K>| {
        let mut m = p.members.clone();
        m.sort_unstable();
        m
    };
    let a_members: Vec<Vec<String>> = a.iter().map(sorted_members).collect();
    let b_members: Vec<Vec<String>> = b.iter().map(sorted_members).collect();
    let mut b_by_time: Vec<usize> = (0..b.len()).collect();
    b_by_time.sort_by_key(|&j| (b[j].at, j));

    let mut candidates: Vec<(Millis, usize, usize)> = Vec::new();
    for (i, p) in a.iter().enumerate() {
        let first = b_by_time.partition_point(|&j| b[j].at < p.at - window);
        for &j in b_by_time[first..]
            .iter()
            .take_while(|&&j| b[j].at <= p.at + window)
        {
            if b[j].kind == p.kind && b_members[j] == a_members[i] {
                candidates.push(((b[j].at - p.at).abs(), i, j));
            }
        }
    }
    candidates.sort_unstable();
    let mut a_taken = vec![false; a.len()];
    let mut b_taken = vec![false; b.len()];
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !a_taken[i] && !b_taken[j] {
            a_taken[i] = true;
            b_taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    let only_a: Vec<usize> = (0..a.len()).filter(|&i| !a_taken[i]).collect();
    let only_b: Vec<usize> = (0..b.len()).filter(|&j| !b_taken[j]).collect();

    let mut per_kind: Vec<KindTally<K>> = Vec::new();
    let mut tally = |kind: &K| -> usize {
        match per_kind.iter().position(|t| t.kind == *kind) {
            Some(k) => k,
            None => {
                per_kind.push(KindTally {
                    kind: kind.clone(),
                    matched: 0,
                    only_a: 0,
                    only_b: 0,
                });
                per_kind.len() - 1
            }
        }
    };
    let mut counts: Vec<(usize, u8)> = Vec::new();
    for p in a {
        counts.push((tally(&p.kind), 0));
    }
    for p in b {
        counts.push((tally(&p.kind), 1));
    }
    for &(i, _) in &pairs {
        per_kind[counts[i].0].matched += 1;
    }
    for &i in &only_a {
        per_kind[counts[i].0].only_a += 1;
    }
    for &j in &only_b {
        per_kind[counts[a.len() + j].0].only_b += 1;
    }
    let all = a.len() + b.len();
    MomentMatch {
        agreement: (all > 0).then(|| 2.0 * pairs.len() as f64 / all as f64),
        pairs,
        only_a,
        only_b,
        per_kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(at_s: Millis, kind: &'static str, members: &[&str]) -> MomentPoint<&'static str> {
        MomentPoint {
            at: at_s * 1000,
            kind,
            members: members.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// By hand, window 30 s:
    /// A: 0 norm [], 100 conflict [ana, ben], 200 mutual aid [cy], 400 risk [ana]
    /// B: 20 norm [], 110 conflict [ben, ana], 150 conflict [ana, ben],
    ///    200 mutual aid [dee], 431 risk [ana]
    /// norm 0/20 match (20 s); conflict 100 matches 110 (10 s, members in
    /// another order), 150 is 50 s off: only in B; mutual aid: other member;
    /// risk: 31 s > 30 s. Matched 2; only A: mutual aid, risk (2);
    /// only B: conflict 150, mutual aid, risk (3). Agreement 2·2/(4+5) = 4/9.
    #[test]
    fn a_hand_worked_match() {
        let a = [
            m(0, "norm", &[]),
            m(100, "conflict", &["ana", "ben"]),
            m(200, "mutual aid", &["cy"]),
            m(400, "risk", &["ana"]),
        ];
        let b = [
            m(20, "norm", &[]),
            m(110, "conflict", &["ben", "ana"]),
            m(150, "conflict", &["ana", "ben"]),
            m(200, "mutual aid", &["dee"]),
            m(431, "risk", &["ana"]),
        ];
        let r = match_moments(&a, &b, 30_000);
        assert_eq!(r.pairs, [(0, 0), (1, 1)]);
        assert_eq!(r.only_a, [2, 3]);
        assert_eq!(r.only_b, [2, 3, 4]);
        assert_eq!(r.agreement, Some(4.0 / 9.0));
        let conflict = r.per_kind.iter().find(|t| t.kind == "conflict");
        assert_eq!(
            conflict.map(|t| (t.matched, t.only_a, t.only_b)),
            Some((1, 0, 1))
        );
        assert_eq!(r.per_kind.len(), 4);
    }

    #[test]
    fn the_closest_pair_wins_and_each_moment_matches_once() {
        // A at 0 and 25; B at 20. 25–20 = 5 beats 0–20 = 20.
        let a = [m(0, "note", &[]), m(25, "note", &[])];
        let b = [m(20, "note", &[])];
        let r = match_moments(&a, &b, 30_000);
        assert_eq!(r.pairs, [(1, 0)]);
        assert_eq!(r.only_a, [0]);
    }

    #[test]
    fn perfect_none_and_empty() {
        let a = [m(0, "note", &[]), m(60, "risk", &["ana"])];
        assert_eq!(match_moments(&a, &a, 0).agreement, Some(1.0));
        let b = [m(0, "bookmark", &[]), m(60, "risk", &["ben"])];
        assert_eq!(match_moments(&a, &b, 30_000).agreement, Some(0.0));
        assert_eq!(match_moments::<&str>(&[], &[], 30_000).agreement, None);
    }
}
