//! The long fuzz run of every loader (see README "Hardening"):
//!
//! ```text
//! cargo run --release --example fuzz -- --inputs 1000000            # every loader
//! cargo run --release --example fuzz -- --inputs 1000000 --only rttm --seed 7
//! ```
//!
//! Each input goes through the CLI's own entry point (`check`, `import rttm`
//! up to the write, `note --template`) and must not panic, not use over 2 s
//! of CPU (nor 30 s of wall time: CPU time so that a loaded machine does not
//! make false hangs), and write no file. Findings are written to `target/fuzz-findings/` (the input
//! and what happened): copy each one into `tests/data/fuzz/<loader>/` once fixed,
//! where `cargo test --test fuzz` runs it every time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use fuzz_support::{Limit, Loader, Runner};
use std::path::PathBuf;

fn main() {
    let mut inputs: u64 = 1_000_000;
    let mut seed: u64 = 1;
    let mut only: Vec<Loader> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--inputs" => inputs = value().replace('_', "").parse().expect("--inputs N"),
            "--seed" => seed = value().parse().expect("--seed N"),
            "--only" => {
                for name in value().split(',') {
                    only.push(Loader::from_name(name).unwrap_or_else(|| {
                        panic!("--only: no loader {name}; one of session, group, theme, keymap, config, rttm, uem, template")
                    }));
                }
            }
            other => panic!("unknown argument {other}: --inputs N, --seed N, --only a,b"),
        }
    }
    if only.is_empty() {
        only = Loader::ALL.to_vec();
    }
    let findings = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
    let runner = Runner::new(
        Some(findings.clone()),
        Limit::Cpu {
            cpu: fuzz_support::HANG,
            wall: fuzz_support::HANG_WALL,
        },
    );
    let mut total = 0;
    println!("loader     inputs  accepted  findings  slowest    time  (not run)");
    for loader in only {
        let tally = runner.campaign(loader, inputs, seed);
        total += tally.findings.len();
        println!(
            "{:<9} {:>8} {:>9} {:>9}  {:>6.1} ms  {:>6.1} s  ({})",
            loader.name(),
            tally.inputs,
            tally.accepted,
            tally.findings.len(),
            tally.slowest.as_secs_f64() * 1000.0,
            tally.elapsed.as_secs_f64(),
            tally.not_run
        );
        let mut kinds: Vec<String> = tally
            .findings
            .iter()
            .map(|f| {
                f.what
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(160)
                    .collect()
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        for kind in kinds.iter().take(20) {
            println!("    finding: {kind}");
        }
    }
    if total > 0 {
        println!("{total} findings, inputs in {}", findings.display());
        std::process::exit(1);
    }
}
