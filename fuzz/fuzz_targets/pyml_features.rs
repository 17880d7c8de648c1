//! Fuzzes the malicious-Python model's input path: any bytes (as the sensor hands them over,
//! lossily UTF-8) must tokenize, featurise and score without panicking, with every named
//! feature in 0..=1, n-gram buckets in range, a score in 0..=1 and at most five reasons from
//! `explain`, (one input in 16) `score` agreeing with it, every token's line the count of
//! newlines before it, and a name's first and last segments its text's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_pyml::features::{extract, HASH_BITS, N_NAMED};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

fn model() -> &'static shrike_pyml::Model {
    static M: OnceLock<shrike_pyml::Model> = OnceLock::new();
    M.get_or_init(|| shrike_pyml::embedded_model().expect("the embedded model loads"))
}

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let mut arena = shrike_pyml::lexer::Arena::new();
    let (tokens, _) = shrike_pyml::lexer::tokenize(&src, &mut arena);
    let mut newlines = 0u32;
    let mut upto = 0;
    for t in &tokens {
        assert!(t.offset >= upto, "tokens in source order");
        newlines += src.as_bytes()[upto..t.offset]
            .iter()
            .filter(|&&c| c == b'\n')
            .count() as u32;
        upto = t.offset;
        assert_eq!(t.line, newlines, "line of the token at {}", t.offset);
        if t.kind == shrike_pyml::lexer::Kind::Name {
            assert_eq!(Some(t.head()), t.text.split('.').next());
            assert_eq!(Some(t.tail()), t.text.rsplit('.').next());
        }
    }
    let f = extract(&src);
    assert_eq!(f.named.len(), N_NAMED);
    assert!(
        f.named.iter().all(|x| (0.0..=1.0).contains(x)),
        "{:?}",
        f.named
    );
    assert!(f.hashed.iter().all(|b| *b < 1 << HASH_BITS));
    assert!(
        f.hashed.windows(2).all(|w| w[0] < w[1]),
        "buckets sorted and unique"
    );
    let v = model().explain(&src);
    assert!((0.0..=1.0).contains(&v.score));
    assert!(v.reasons.len() <= 5);
    // `score` is `extract` (checked above) and the same probability `explain` computes; scoring
    // every input a third time cost a third of the executions, so one input in 16 checks that
    // the two agree.
    if COUNT.fetch_add(1, Ordering::Relaxed) % 16 == 0 {
        assert_eq!(model().score(&src), v.score);
    }
});

static COUNT: AtomicUsize = AtomicUsize::new(0);
