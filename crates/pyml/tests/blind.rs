//! The blind sets: scripts and `python3 -c` one-liners written after the model of `58ce78a` was
//! trained (and two batches of eight ransomware scripts and eight benign hard negatives for
//! them after the model of `ddb13fd`), by writers who saw neither the corpus nor the features
//! nor the model, and never used for training (`dataset::load` reads only the corpus
//! directories it names). They test how the model does on runtime code it has not seen the
//! like of, malicious and benign; the figures are in `docs/pyml-model.md` ("Blind sets"). The
//! bounds below are the committed model's figures, so a model that does worse on them fails
//! here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    clippy::print_stderr,
    missing_docs,
    reason = "test code: a broken fixture should fail loudly"
)]

use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

/// Every sample of a blind set: the `.py` files of `dir` and the lines of `oneliners` (blank
/// lines and `#` comments skipped), each with a name for the report.
fn samples(dir: &str, oneliners: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(Path::new(CORPUS).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    for p in files {
        let name = format!("{dir}/{}", p.file_name().unwrap().to_string_lossy());
        out.push((name, std::fs::read_to_string(&p).unwrap()));
    }
    let text = std::fs::read_to_string(Path::new(CORPUS).join(oneliners)).unwrap();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            out.push((format!("{oneliners}:{}", n + 1), line.to_owned()));
        }
    }
    out
}

/// The samples the model flags (`want` true) or passes, with their scores.
fn judged(set: &[(String, String)], want: bool) -> Vec<(String, f32)> {
    let model = shrike_pyml::embedded_model().unwrap();
    set.iter()
        .map(|(name, text)| (name.clone(), model.score(text)))
        .filter(|(_, s)| (*s >= model.threshold) == want)
        .collect()
}

#[test]
fn blind_malicious_runtime_code_is_flagged() {
    let set = samples("blind-malicious", "blind-malicious-oneliners.txt");
    let missed = judged(&set, false);
    for (name, score) in &missed {
        eprintln!("missed: {name} {score:.3}");
    }
    let flagged = set.len() - missed.len();
    eprintln!("blind malicious: {flagged} of {} flagged", set.len());
    assert!(set.len() >= 61, "the blind set is there: {}", set.len());
    assert!(
        flagged >= MALICIOUS_FLAGGED_FLOOR,
        "{flagged} of {} flagged, fewer than the committed model's {MALICIOUS_FLAGGED_FLOOR}",
        set.len()
    );
}

#[test]
fn blind_benign_runtime_code_passes() {
    let set = samples("blind-benign", "blind-benign-oneliners.txt");
    let flagged = judged(&set, true);
    for (name, score) in &flagged {
        eprintln!("flagged: {name} {score:.3}");
    }
    eprintln!("blind benign: {} of {} flagged", flagged.len(), set.len());
    assert!(set.len() >= 81, "the blind set is there: {}", set.len());
    // The committed model flags none of them (the model of `58ce78a` flagged an AWS region
    // lookup through the instance metadata service).
    assert!(
        flagged.is_empty(),
        "{} of {} benign samples flagged; the committed model flags none",
        flagged.len(),
        set.len()
    );
}

/// Flagged of the blind malicious set (61) by the committed model: all but the bare
/// `pty.spawn` one-liner and three ransomware scripts of the second batch (a PostgreSQL and a
/// MongoDB ransomware, an obfuscated wiper of Kubernetes volumes). (The model of `58ce78a`,
/// measured blind, flagged 43 of the first 45: it also missed the ransomware script, which the
/// corpus then gained a family for; the model of `ddb13fd`, measured blind, then flagged all
/// eight ransomware scripts of the first later batch and five of the second; see the model
/// card.)
const MALICIOUS_FLAGGED_FLOOR: usize = 57;
