//! Scoring speed, `cargo bench -p shrike-pyml --bench score`: the embedded model over a 10 KB
//! and a 1 MB Python source (the team's benign corpus scripts concatenated), against tokenizing
//! alone as the baseline.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "benchmark code reading the committed corpus"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn source(bytes: usize) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/benign-short");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = String::new();
    while out.len() < bytes {
        for f in &files {
            out.push_str(&std::fs::read_to_string(f).unwrap());
            out.push('\n');
            if out.len() >= bytes {
                break;
            }
        }
    }
    let cut = (0..=bytes)
        .rev()
        .find(|&i| out.is_char_boundary(i))
        .unwrap();
    out.truncate(cut);
    out
}

fn score(c: &mut Criterion) {
    let model = shrike_pyml::embedded_model().unwrap();
    for (name, size) in [("10KB", 10 * 1024), ("1MB", 1024 * 1024)] {
        let src = source(size);
        let mut g = c.benchmark_group(format!("score-{name}"));
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_function("tokenize-baseline", |b| {
            b.iter(|| {
                let mut arena = shrike_pyml::lexer::Arena::new();
                shrike_pyml::lexer::tokenize(black_box(&src), &mut arena)
                    .0
                    .len()
            })
        });
        g.bench_function("score", |b| b.iter(|| model.score(black_box(&src))));
        g.bench_function("explain", |b| b.iter(|| model.explain(black_box(&src))));
        g.finish();
    }
}

criterion_group!(benches, score);
criterion_main!(benches);
