//! The Hungarian algorithm (Kuhn–Munkres with potentials, O(n²m)): a one-to-one
//! assignment of rows to columns with the largest total weight, as
//! `scipy.optimize.linear_sum_assignment(-weights)` finds for pyannote.

/// Pairs `(row, column)`, one per row or per column (whichever are fewer), whose
/// weights sum to the largest total possible. `weights` is rectangular.
pub fn max_weight_assignment(weights: &[Vec<i64>]) -> Vec<(usize, usize)> {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    if rows <= cols {
        min_cost(rows, cols, &|r, c| -weights[r][c])
    } else {
        min_cost(cols, rows, &|c, r| -weights[r][c])
            .into_iter()
            .map(|(c, r)| (r, c))
            .collect()
    }
}

/// Minimum-cost assignment of every one of `n` rows to distinct ones of `m >= n` columns.
fn min_cost(n: usize, m: usize, cost: &dyn Fn(usize, usize) -> i64) -> Vec<(usize, usize)> {
    const INF: i64 = i64::MAX / 4;
    // 1-based, as in the classic formulation: column 0 is a virtual start.
    let mut u = vec![0i64; n + 1];
    let mut v = vec![0i64; m + 1];
    let mut p = vec![0usize; m + 1]; // p[j]: the row assigned to column j
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![INF; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = INF;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = (1..=m)
        .filter(|&j| p[j] != 0)
        .map(|j| (p[j] - 1, j - 1))
        .collect();
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(weights: &[Vec<i64>], pairs: &[(usize, usize)]) -> i64 {
        pairs.iter().map(|&(r, c)| weights[r][c]).sum()
    }

    /// Every one-to-one assignment, by brute force, for small matrices.
    fn best_by_brute_force(weights: &[Vec<i64>]) -> i64 {
        fn go(weights: &[Vec<i64>], row: usize, used: &mut Vec<bool>) -> i64 {
            if row == weights.len() {
                return 0;
            }
            let skip = go(weights, row + 1, used);
            let mut best = skip;
            for c in 0..used.len() {
                if !used[c] {
                    used[c] = true;
                    best = best.max(weights[row][c] + go(weights, row + 1, used));
                    used[c] = false;
                }
            }
            best
        }
        let cols = weights.first().map_or(0, Vec::len);
        go(weights, 0, &mut vec![false; cols])
    }

    #[test]
    fn finds_the_assignment_a_greedy_choice_misses() {
        // Greedy takes 10 (r0,c0) and is left with 1; the best is 9 + 8.
        let weights = vec![vec![10, 9], vec![8, 1]];
        let pairs = max_weight_assignment(&weights);
        assert_eq!(pairs, [(0, 1), (1, 0)]);
        assert_eq!(total(&weights, &pairs), 17);
    }

    #[test]
    fn rectangular_both_ways_match_brute_force() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % 50) as i64
        };
        for (rows, cols) in [(1, 1), (2, 3), (3, 2), (4, 4), (5, 3), (3, 6), (6, 6)] {
            for _ in 0..20 {
                let weights: Vec<Vec<i64>> = (0..rows)
                    .map(|_| (0..cols).map(|_| next()).collect())
                    .collect();
                let pairs = max_weight_assignment(&weights);
                assert_eq!(pairs.len(), rows.min(cols));
                let mut rs: Vec<usize> = pairs.iter().map(|p| p.0).collect();
                let mut cs: Vec<usize> = pairs.iter().map(|p| p.1).collect();
                rs.dedup();
                cs.sort_unstable();
                cs.dedup();
                assert_eq!(
                    (rs.len(), cs.len()),
                    (pairs.len(), pairs.len()),
                    "one-to-one"
                );
                assert_eq!(
                    total(&weights, &pairs),
                    best_by_brute_force(&weights),
                    "{weights:?}"
                );
            }
        }
    }
}
