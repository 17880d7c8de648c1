//! Prints every named feature's contribution to a file's score under a model file:
//! `cargo run --release -p shrike-pyml --example explain -- MODEL FILE`.
#![allow(
    clippy::unwrap_used,
    clippy::disallowed_methods,
    reason = "a debugging aid"
)]

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let model =
        shrike_pyml::Model::from_bytes(&args[1], &std::fs::read(&args[1]).unwrap()).unwrap();
    let src = std::fs::read_to_string(&args[2]).unwrap();
    let mut grams = Vec::new();
    let f = shrike_pyml::features::extract_with(&src, Some(&mut grams));
    println!("bias {:+.3}", model.bias);
    for (i, x) in f.named.iter().enumerate() {
        if *x != 0.0 {
            println!(
                "{:<22} x={x:.3} w={:+.3} -> {:+.3}",
                shrike_pyml::features::NAMES[i],
                model.named[i],
                model.named[i] * x
            );
        }
    }
    let hashed: f32 = f.hashed.iter().map(|b| model.hashed[*b as usize]).sum();
    println!(
        "n-grams total {hashed:+.3} over {} buckets; logit {:+.3}; score {:.4}",
        f.hashed.len(),
        model.logit(&f),
        model.score(&src)
    );
    grams.sort_by(|a, b| {
        model.hashed[b.bucket as usize].total_cmp(&model.hashed[a.bucket as usize])
    });
    for g in grams.iter().take(5).chain(grams.iter().rev().take(5)) {
        println!("  {:+.3} {}", model.hashed[g.bucket as usize], g.text);
    }
}
