//! YARA scan cost per executable, `cargo bench -p shrike-yara --bench scan`: what the sensor
//! adds when it meets a new executable with rules loaded. The baseline is what it does anyway,
//! hashing the same bytes with SHA-256.
//!
//! Data: this machine's `/usr/bin/bash` (about 1.2 MiB) and a 64 KiB script made of benign
//! shell lines. Rules: 200 generated rules of the usual shapes (text strings, hex strings with
//! jumps, a regular expression, `filesize` and header checks), none of which matches.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "benchmark code: a broken fixture should stop the run"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sha2::Digest;
use shrike_yara::{Limits, Rules};

fn rules() -> Rules {
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&format!(
            "rule r{i} {{\n  strings:\n    $a = \"shrike-bench-marker-{i:04}\" ascii wide\n    \
             $b = {{ 4d 5a ?? ?? [2-8] 50 45 {:02x} }}\n    $c = /evil-[a-z]{{3}}{i}\\.example/\n  \
             condition:\n    (uint32(0) == 0x464c457f and $a) or ($b and filesize < 100KB) or #c > 2\n}}\n",
            i % 256
        ));
    }
    Rules::from_sources(&[("bench.yar", &text)]).unwrap()
}

fn scan(c: &mut Criterion) {
    let rules = rules();
    let limits = Limits::default();
    let bash = std::fs::read("/usr/bin/bash").unwrap();
    let script: Vec<u8> = "if [ -f /etc/app.conf ]; then . /etc/app.conf; fi\ncurl -fsS http://127.0.0.1:8080/healthz || exit 1\n"
        .repeat(64 * 1024 / 96)
        .into_bytes();
    for (name, data) in [("bash", &bash), ("script-64k", &script)] {
        let mut group = c.benchmark_group(format!("scan/{name}"));
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_function("sha256-baseline", |b| {
            b.iter(|| sha2::Sha256::digest(std::hint::black_box(data.as_slice())))
        });
        group.bench_function("yara-200-rules", |b| {
            b.iter(|| {
                let found = rules.scan(std::hint::black_box(data), &limits).unwrap();
                assert!(found.is_empty());
            })
        });
        group.finish();
    }
}

criterion_group!(benches, scan);
criterion_main!(benches);
