//! Scoring speed, `cargo bench -p shrike-pyml --bench score`: the embedded model over a 10 KB
//! and a 1 MB Python source (the team's benign corpus scripts concatenated), against tokenizing
//! alone as the baseline. Two more shapes of 1 MB file follow: library code (the CPython
//! standard library's modules concatenated, when `/usr/lib/python3.11` is there) and an encoded
//! payload (`exec(zlib.decompress(base64.b64decode("…")))` around the corpus compressed), the
//! shape large malicious scripts take.
//!
//! `score-10KB` scores one 10 KB source again and again, and the CPU's branch predictors learn
//! its branches: it ran at 4.5 µs a KB where 1 MB of the same scripts ran at 6.9.
//! `score-10KB-rotating` scores the 1 MB source's 10 KB pieces in turn, a different piece each
//! time, as a sensor meets scripts: that is the figure the 10 KB target is held to.
//! `score-9MB-windows` scores 9 MiB of the scripts as a long script is scored: its first 8 MiB
//! and last 1 MiB joined, in windows of 1 MiB (`shrike_core::event::score_python_windows`), and
//! `resume-points` alone: the reading of the whole text that says where the windows start.
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
    truncate(&mut out, bytes);
    out
}

/// The first `bytes` of the standard library's modules, in name order.
fn library(bytes: usize) -> Option<String> {
    let mut files: Vec<_> = std::fs::read_dir("/usr/lib/python3.11")
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    let mut out = String::new();
    for f in &files {
        out.push_str(&String::from_utf8_lossy(&std::fs::read(f).unwrap()));
        if out.len() >= bytes {
            break;
        }
    }
    truncate(&mut out, bytes);
    Some(out)
}

/// A one-line loader around `bytes` of base64 of the compressed corpus scripts.
fn encoded(bytes: usize) -> String {
    use base64::Engine as _;
    let plain = source(4 * bytes);
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(plain.as_bytes(), 6);
    let mut blob = base64::engine::general_purpose::STANDARD.encode(packed);
    while blob.len() < bytes {
        blob = blob.repeat(2);
    }
    let head = "import base64, zlib\nexec(zlib.decompress(base64.b64decode(\"";
    let tail = "\")))\n";
    blob.truncate((bytes - head.len() - tail.len()) / 4 * 4);
    format!("{head}{blob}{tail}")
}

fn truncate(out: &mut String, bytes: usize) {
    let cut = (0..=bytes.min(out.len()))
        .rev()
        .find(|&i| out.is_char_boundary(i))
        .unwrap();
    out.truncate(cut);
}

fn score(c: &mut Criterion) {
    let model = shrike_pyml::embedded_model().unwrap();
    let mut inputs = vec![
        ("10KB".to_string(), source(10 * 1024)),
        ("1MB".to_string(), source(1024 * 1024)),
    ];
    match library(1024 * 1024) {
        Some(src) => inputs.push(("1MB-library".to_string(), src)),
        None => eprintln!("score: /usr/lib/python3.11 not found; the library shape is left out"),
    }
    inputs.push(("1MB-encoded".to_string(), encoded(1024 * 1024)));
    for (name, src) in inputs {
        let mut g = c.benchmark_group(format!("score-{name}"));
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_function("tokenize-baseline", |b| b.iter(|| tokens(black_box(&src))));
        g.bench_function("score", |b| b.iter(|| model.score(black_box(&src))));
        g.bench_function("explain", |b| b.iter(|| model.explain(black_box(&src))));
        g.finish();
    }
    let whole = source(1024 * 1024);
    let pieces = pieces(&whole, 10 * 1024);
    let mut g = c.benchmark_group("score-10KB-rotating");
    let mean = whole.len() / pieces.len();
    g.throughput(Throughput::Bytes(mean as u64));
    g.bench_function("tokenize-baseline", |b| {
        let mut next = pieces.iter().cycle();
        b.iter(|| tokens(black_box(next.next().unwrap())))
    });
    g.bench_function("score", |b| {
        let mut next = pieces.iter().cycle();
        b.iter(|| model.score(black_box(next.next().unwrap())))
    });
    g.finish();

    // A 9 MiB script as the sensor and `shrike classify` score it: its first 8 MiB and its last
    // 1 MiB joined, all of it in windows of 1 MiB, each on its own.
    let big = source(9 << 20);
    let classifier = shrike_pyml::Classifier::new(model.clone(), None);
    let (head, tail) = (
        &big.as_bytes()[..shrike_core::event::PYTHON_SCORED_MAX],
        &big.as_bytes()[big.len() - shrike_core::event::PYTHON_SCORED_BYTES..],
    );
    let mut g = c.benchmark_group("score-9MB-windows");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("tokenize-baseline", |b| b.iter(|| tokens(black_box(&big))));
    // Where the windows start: the model's reading of the whole text, outside strings.
    let stride =
        shrike_core::event::PYTHON_SCORED_BYTES - shrike_core::event::PYTHON_WINDOW_OVERLAP;
    let asked: Vec<usize> = (1..10).map(|k| k * stride).collect();
    g.bench_function("resume-points", |b| {
        b.iter(|| shrike_pyml::lexer::resume_points(black_box(&big), &asked).len())
    });
    g.bench_function("score", |b| {
        b.iter(|| {
            let size = big.len() as u64;
            shrike_core::event::score_python_windows(black_box(head), Some(tail), size, &classifier)
                .score
        })
    });
    g.finish();
}

/// The baseline: tokenizing `src` alone (its token count, so that nothing is left out).
fn tokens(src: &str) -> usize {
    let mut arena = shrike_pyml::lexer::Arena::new();
    shrike_pyml::lexer::tokenize(src, &mut arena).0.len()
}

/// `src` cut into pieces of about `bytes` each, at line ends.
fn pieces(src: &str, bytes: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = src;
    while !rest.is_empty() {
        let mut cut = bytes.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let end = rest[cut..].find('\n').map_or(rest.len(), |k| cut + k + 1);
        let (piece, after) = rest.split_at(end);
        out.push(piece);
        rest = after;
    }
    out
}

criterion_group!(benches, score);
criterion_main!(benches);
