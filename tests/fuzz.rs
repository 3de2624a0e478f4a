//! Every loader fuzzed, bounded (the long run: `cargo run --release --example
//! fuzz -- --inputs 1000000`, README "Hardening"). The corpus in
//! tests/data/fuzz/<loader>/ (every case found, and hostile ones made by hand)
//! runs first, then a few hundred fresh structure-aware mutations per loader.
//! Each input must not panic, must end within 2 s, and must write no file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fuzz_support;

use fuzz_support::{Bench, Limit, Loader, Runner, Tally, corpus, mutate};

/// Inputs per loader in `cargo test` (debug build); `GROUPSCRIBE_FUZZ_INPUTS` asks for more.
fn bounded() -> u64 {
    std::env::var("GROUPSCRIBE_FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(150)
}

fn report(loader: Loader, tally: &Tally) {
    let problems: Vec<String> = tally
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}: {} ({} bytes: {:?})",
                f.loader.name(),
                f.what,
                f.input.len(),
                String::from_utf8_lossy(&f.input[..f.input.len().min(200)])
            )
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{} of {} {} inputs went wrong:\n{}",
        problems.len(),
        tally.inputs,
        loader.name(),
        problems.join("\n")
    );
}

fn corpus_and_mutations(loader: Loader) {
    let runner = Runner::new(None, Limit::Wall(fuzz_support::HANG_IN_DEBUG));
    let bench = Bench::new(loader);
    let mut tally = Tally::default();
    let cases = corpus(loader);
    assert!(
        !cases.is_empty(),
        "tests/data/fuzz/{} is empty",
        loader.name()
    );
    for (_, bytes) in cases {
        runner.run(&bench, bytes, &mut tally);
    }
    for seed in loader.seeds() {
        runner.run(&bench, seed, &mut tally);
    }
    assert!(
        tally.accepted > 0,
        "no seed of {} was accepted: the harness would only see refusals",
        loader.name()
    );
    let seeds = loader.seeds();
    let mut rng = fuzz_support::Rng::new(0x5eed ^ loader as u64);
    for _ in 0..bounded() {
        let seed = rng.pick(&seeds).clone();
        let input = mutate(&seed, &seeds, loader, &mut rng);
        runner.run(&bench, input, &mut tally);
    }
    report(loader, &tally);
}

#[test]
fn sessions_survive_fuzzing() {
    corpus_and_mutations(Loader::Session);
}

#[test]
fn groups_survive_fuzzing() {
    corpus_and_mutations(Loader::Group);
}

#[test]
fn themes_survive_fuzzing() {
    corpus_and_mutations(Loader::Theme);
}

#[test]
fn keymaps_survive_fuzzing() {
    corpus_and_mutations(Loader::Keymap);
}

#[test]
fn configs_survive_fuzzing() {
    corpus_and_mutations(Loader::Config);
}

#[test]
fn rttm_files_survive_fuzzing() {
    corpus_and_mutations(Loader::Rttm);
}

#[test]
fn uem_files_survive_fuzzing() {
    corpus_and_mutations(Loader::Uem);
}

#[test]
fn templates_survive_fuzzing() {
    corpus_and_mutations(Loader::Template);
}

/// The harness itself: a panic, a written file and a refusal are told apart.
#[test]
fn the_harness_sees_a_panic_and_a_written_file() {
    let runner = Runner::new(None, Limit::Wall(fuzz_support::HANG_IN_DEBUG));
    let bench = Bench::new(Loader::Template);
    let mut tally = Tally::default();
    // A template that is refused is the loader working, not a finding.
    runner.run(&bench, b"{% for %}".to_vec(), &mut tally);
    assert_eq!((tally.inputs, tally.findings.len()), (1, 0));
    // Mutations differ from their seed, and are repeatable from the rng's seed.
    let seeds = Loader::Session.seeds();
    let a = mutate(
        &seeds[0],
        &seeds,
        Loader::Session,
        &mut fuzz_support::Rng::new(9),
    );
    let b = mutate(
        &seeds[0],
        &seeds,
        Loader::Session,
        &mut fuzz_support::Rng::new(9),
    );
    assert_eq!(a, b);
    let differ = (0..50)
        .filter(|n| {
            mutate(
                &seeds[0],
                &seeds,
                Loader::Session,
                &mut fuzz_support::Rng::new(*n),
            ) != seeds[0]
        })
        .count();
    assert!(
        differ > 40,
        "only {differ} of 50 mutations changed the seed"
    );
    // A file left in the store is seen.
    std::fs::write(bench.store.join("left-behind.txt"), "x").unwrap();
    runner.run(&bench, b"{{ 1 }}".to_vec(), &mut tally);
    assert!(
        tally
            .findings
            .last()
            .is_some_and(|f| f.what.contains("files written")),
        "{:?}",
        tally.findings
    );
}
