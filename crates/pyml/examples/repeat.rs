//! Scores one file N times with the embedded model, and nothing else:
//! `cargo run --release -p shrike-pyml --example repeat -- FILE N`.
//!
//! For comparing two builds, whose speed this VM lets drift by a sixth within minutes: run the
//! two binaries alternately, several rounds each, and compare their times in the same rounds
//! (`docs/benchmarks.md`, seventeenth session). For instruction counts, which do not drift:
//! `valgrind --tool=callgrind` of N = 3 less N = 1, halved, is one score.
#![allow(
    clippy::unwrap_used,
    clippy::disallowed_methods,
    reason = "a measuring aid over a local file"
)]

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: repeat FILE N");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap();
    let src = std::fs::read_to_string(path).unwrap();
    let model = shrike_pyml::embedded_model().unwrap();
    for _ in 0..n {
        std::hint::black_box(model.score(std::hint::black_box(&src)));
    }
}
