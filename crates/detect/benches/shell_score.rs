//! Cost of the shell-script scoring method: a 10 KiB and a 256 KiB script (the most it reads),
//! made of the repository's benign runtime scripts and attack scripts, against SHA-256 of the
//! same bytes as the baseline (the sensor hashes every captured script).
//!
//! `cargo bench -p shrike-detect --bench shell_score`

#![allow(
    clippy::unwrap_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "benchmark code over the repository's own test data"
)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sha2::{Digest, Sha256};
use shrike_detect::shell_score::{score, SCORED_BYTES};
use std::hint::black_box;
use std::path::Path;

fn corpus() -> String {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut text = String::new();
    for dir in [
        "shell-benign-runtime",
        "shell-attacks/miner",
        "shell-attacks/persistence",
    ] {
        let mut files: Vec<_> = std::fs::read_dir(testdata.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sh"))
            .collect();
        files.sort();
        for f in files {
            text.push_str(&std::fs::read_to_string(f).unwrap());
        }
    }
    text
}

fn of_size(corpus: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + corpus.len());
    while s.len() < size {
        s.push_str(corpus);
    }
    let mut cut = size;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    s
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let mut g = c.benchmark_group("shell-score");
    for size in [10 * 1024, SCORED_BYTES] {
        let script = of_size(&corpus, size);
        g.throughput(Throughput::Bytes(script.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("sha256 (baseline)", size),
            &script,
            |b, s| b.iter(|| Sha256::digest(black_box(s.as_bytes()))),
        );
        g.bench_with_input(BenchmarkId::new("score", size), &script, |b, s| {
            b.iter(|| score(black_box(s)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
