//! Fuzzes the malicious-Python model's input path: any bytes (as the sensor hands them over,
//! lossily UTF-8) must tokenize, featurise and score without panicking, with every named
//! feature in 0..=1, n-gram buckets in range, a score in 0..=1 and at most five reasons from
//! `explain`, (one input in 16) `score` agreeing with it, every token's line the count of
//! newlines before it (also as CPython 3.13 reads f-strings, where that differs), a name's
//! first and last segments its text's, and the places a long script's windows may start at
//! ([`shrike_pyml::lexer::resume_points`]) read on as the whole text's reading does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_pyml::features::{extract, HASH_BITS, N_NAMED};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

fn model() -> &'static shrike_pyml::Model {
    static M: OnceLock<shrike_pyml::Model> = OnceLock::new();
    M.get_or_init(|| shrike_pyml::embedded_model().expect("the embedded model loads"))
}

/// Tokens in source order, each with its line the count of newlines before it, and a name's
/// first and last segments its text's.
fn check_tokens(src: &str, tokens: &[shrike_pyml::lexer::Token<'_>]) {
    let mut newlines = 0u32;
    let mut upto = 0;
    for t in tokens {
        let offset = t.offset as usize;
        assert!(offset >= upto, "tokens in source order");
        newlines += src.as_bytes()[upto..offset]
            .iter()
            .filter(|&&c| c == b'\n')
            .count() as u32;
        upto = offset;
        assert_eq!(t.line, newlines, "line of the token at {offset}");
        if t.kind == shrike_pyml::lexer::Kind::Name {
            assert_eq!(Some(t.head()), t.text.split('.').next());
            assert_eq!(Some(t.tail()), t.text.rsplit('.').next());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let mut arena = shrike_pyml::lexer::Arena::new();
    let (tokens, shape) = shrike_pyml::lexer::tokenize(&src, &mut arena);
    check_tokens(&src, &tokens);
    // Where CPython 3.13 reads the f-strings otherwise, its reading holds to the same.
    if shape.readings_differ {
        let mut arena = shrike_pyml::lexer::Arena::new();
        let (other, _) = shrike_pyml::lexer::tokenize_as(
            &src,
            &mut arena,
            &mut (),
            shrike_pyml::lexer::Grammar::Python313,
        );
        check_tokens(&src, &other);
    }
    // Where windows may start, asked at a few places: no token of the whole reading starts
    // between a place asked and the place found, and reading from the place found gives the
    // whole reading's strings, numbers and operators past it (`.` aside: the whole reading may
    // have joined it onto a name before).
    let asked: Vec<usize> = (1..4).map(|k| src.len() * k / 4).collect();
    // The tokens of the whole reading that start outside strings: an f-string's fields are
    // read as code, inside it.
    let mut until = 0;
    let outside: Vec<_> = tokens
        .iter()
        .filter(|t| {
            let offset = t.offset as usize;
            if offset < until {
                return false;
            }
            if t.kind == shrike_pyml::lexer::Kind::Str {
                until = shrike_pyml::lexer::string_end(&src, offset);
                assert!(until > offset, "a string at {offset} ends after it");
            }
            true
        })
        .collect();
    let kept = |t: &&shrike_pyml::lexer::Token<'_>| {
        t.kind != shrike_pyml::lexer::Kind::Name && t.text != "."
    };
    for (&at, p) in asked
        .iter()
        .zip(shrike_pyml::lexer::resume_points(&src, &asked))
    {
        if let Some(line) = p.line {
            assert!(
                line >= at && (line == 0 || src.as_bytes()[line - 1] == b'\n'),
                "{at}: {p:?}"
            );
        }
        let Some(from) = p.token else { continue };
        assert!(p.line.is_none_or(|line| from <= line), "{at}: {p:?}");
        assert!(
            !outside.iter().any(|t| (at..from).contains(&(t.offset as usize))),
            "{at}: a token starts before {p:?}"
        );
        for place in [Some(from), p.line].into_iter().flatten() {
            let mut part_arena = shrike_pyml::lexer::Arena::new();
            let (part, _) = shrike_pyml::lexer::tokenize(&src[place..], &mut part_arena);
            let got = part
                .iter()
                .filter(kept)
                .map(|t| (t.offset as usize + place, t.kind, t.text));
            let want = tokens
                .iter()
                .filter(|t| t.offset as usize >= place)
                .filter(kept)
                .map(|t| (t.offset as usize, t.kind, t.text));
            assert!(got.eq(want), "read from {place} (asked {at})");
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
    if COUNT.fetch_add(1, Ordering::Relaxed).is_multiple_of(16) {
        assert_eq!(model().score(&src), v.score);
    }
});

static COUNT: AtomicUsize = AtomicUsize::new(0);
