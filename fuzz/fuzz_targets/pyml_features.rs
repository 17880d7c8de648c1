//! Fuzzes the malicious-Python model's input path: any bytes (as the sensor hands them over,
//! lossily UTF-8) must tokenize, featurise and score without panicking, with every named
//! feature in 0..=1, n-gram buckets in range, a score in 0..=1, and an explanation whose score
//! is the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_pyml::features::{extract, HASH_BITS, N_NAMED};
use std::sync::OnceLock;

fn model() -> &'static shrike_pyml::Model {
    static M: OnceLock<shrike_pyml::Model> = OnceLock::new();
    M.get_or_init(|| shrike_pyml::embedded_model().expect("the embedded model loads"))
}

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let f = extract(&src);
    assert_eq!(f.named.len(), N_NAMED);
    assert!(f.named.iter().all(|x| (0.0..=1.0).contains(x)), "{:?}", f.named);
    assert!(f.hashed.iter().all(|b| *b < 1 << HASH_BITS));
    assert!(f.hashed.windows(2).all(|w| w[0] < w[1]), "buckets sorted and unique");
    let score = model().score(&src);
    assert!((0.0..=1.0).contains(&score));
    let v = model().explain(&src);
    assert_eq!(v.score, score);
});
