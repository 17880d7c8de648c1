//! Rough per-stage timings of scoring one file: `cargo run --release -p shrike-pyml --example timing -- FILE`.
#![allow(
    clippy::unwrap_used,
    clippy::disallowed_methods,
    clippy::print_stdout,
    reason = "a profiling aid"
)]

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(path).unwrap();
    let model = shrike_pyml::embedded_model().unwrap();
    let n = 20;
    let t = std::time::Instant::now();
    for _ in 0..n {
        let mut arena = shrike_pyml::lexer::Arena::new();
        std::hint::black_box(shrike_pyml::lexer::tokenize(&src, &mut arena));
    }
    let lex = t.elapsed() / n;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(shrike_pyml::features::extract(&src));
    }
    let feat = t.elapsed() / n;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(model.score(&src));
    }
    println!(
        "{} bytes: tokenize {:?}, extract {:?}, score {:?}",
        src.len(),
        lex,
        feat,
        t.elapsed() / n
    );
}
