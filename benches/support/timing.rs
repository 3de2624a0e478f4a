//! Timing for the benchmarks: the median (and the fastest and slowest) of
//! repeated runs, in milliseconds. Shared with `#[path]`.

use std::time::Instant;

/// Runs `run` `runs` times; (median, min, max) in milliseconds.
pub fn median_ms(runs: usize, mut run: impl FnMut()) -> (f64, f64, f64) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[runs / 2], times[0], times[runs - 1])
}
